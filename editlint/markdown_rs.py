"""Markdown through the compiled core, as markdown-it-py's token stream.

The document model (:func:`editlint.document._parse_markdown`) walks
markdown-it-py's flat token stream.  The compiled core parses with the Rust
``markdown-it`` crate (the same CommonMark rules, five to eight times faster)
and answers with a syntax tree; :func:`block_tokens` turns that tree into the
tokens the walk reads (types, tags, line maps, hidden tight-list paragraphs,
inline children with their content and markup).  A construct the conversion
does not know, a document nested deeper than markdown-it-py's limit, or a
parse that fails returns None and the caller parses with markdown-it-py, so
the result never depends on which parser ran (``tests/test_markdown_rs.py``
compares the two documents on the corpora and on generated Markdown).
``EDITLINT_MARKDOWN=python`` always uses markdown-it-py.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from functools import lru_cache


class Tok:
    """The parts of a markdown-it-py token the document walk reads."""

    __slots__ = ("type", "tag", "map", "hidden", "level", "content", "markup", "info", "children")

    def __init__(self, type_, level=0, map_=None, *, tag="", hidden=False, content="", markup="", info="", children=None):
        self.type = type_
        self.tag = tag
        self.map = map_
        self.hidden = hidden
        self.level = level
        self.content = content
        self.markup = markup
        self.info = info
        self.children = children


class _Unknown(Exception):
    """A node the conversion does not know: parse with markdown-it-py."""


@lru_cache(maxsize=1)
def _parser():
    if os.environ.get("EDITLINT_MARKDOWN", "").strip().lower() == "python":
        return None
    from .language import scan

    return getattr(scan._native, "markdown_tree", None)


def available() -> bool:
    """Whether the compiled parser is in use."""
    return _parser() is not None


#: White space markdown-it-py strips and splits on and the crate does not.
_ODD_SPACE = re.compile(r"[\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_EMPTY_ITEM = re.compile(r"[ \t]*(?:\d{1,9}[.)]|[*+-])[ \t]*")
_ITEM = re.compile(r"[ \t]*(?:\d{1,9}[.)]|[*+-])(?:[ \t]|$)")
_LATE_ORDERED = re.compile(r"[ \t]*(?:\d{2,9}|[02-9])[.)]")
_BLOCK_START = re.compile(r"[ \t]*(?:\d{1,9}[.)]|[*+>#<-]|```|~~~)")
_FENCE_OPEN = re.compile(r"[ \t]*(`{3,}|~{3,})")
_TICKS = re.compile(r"`+")
_DEFINITION = re.compile(r"(?:[ \t]*(?:>|[*+-]|\d{1,9}[.)]))*[ \t]*\[[^\]]*\]:")  # inside quotes and items too
_DELIMITER_CHARS = frozenset(" \t|:-")
_MARKERS = re.compile(r"[ \t>*+\-.)\d]*")  # a line's run of container markers (and what looks like them)
#: Lines longer than this are not screened (a screen is a few passes per
#: line): such a document goes to markdown-it-py.
_LONGEST_SCREENED_LINE = 5_000


def _risky(text: str) -> bool:
    """Whether ``text`` holds a form where the two parsers were found (by
    fuzzing) to disagree; such text is read by markdown-it-py.  One pass
    over the lines, linear in the text:

    white space other than ASCII; an escaped pipe; a backtick after a bracket
    not closed on its line; in a paragraph, code spans of two lengths (unless
    each backtick run is closed by the next), or,
    with brackets, runs that do not pair up or brackets that do not balance
    (code fences left out); an empty list item, or a list not
    starting at 1, after a quote, a table row or an HTML line (or in a
    quote's lazy lines); a table delimiter row with a dash run of one or two,
    under a quote or HTML line (or in a quote's lazy lines), under a line
    without a pipe, or, without pipes, under a line with one; a list item or
    any block start among a table's rows; runs of tildes inside a line; a
    link definition's title on the line after it; a tab among a line's quote
    (and list) markers.
    """
    if _ODD_SPACE.search(text) is not None or "\\|" in text:
        return True
    if "<!" in text and _html_comments_differ(text):
        return True
    screen = getattr(scan_core(), "markdown_risky", None)
    if screen is not None:
        try:
            answer = screen(text)
        except UnicodeEncodeError:
            answer = None  # lone surrogates
        if answer is not None:
            return answer
    return _risky_lines(text)


def scan_core():
    """The compiled core's module, or None."""
    from .language import scan

    return scan._native


def _risky_lines(text: str) -> bool:
    """The line screen of :func:`_risky`; the compiled core runs the same
    (``screens::markdown_risky``), this is its definition."""
    lines = text.split("\n")
    prev = prev2 = ""
    in_quote = in_table = False
    fence = None  # the open code fence's marker
    para: list[str] = []  # the current paragraph's lines (outside fences)
    for line in lines:
        if len(line) > _LONGEST_SCREENED_LINE:
            return True
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            prev2, prev = prev, line
            continue
        m = _FENCE_OPEN.match(line)
        if m and (m.group(1)[0] == "~" or "`" not in line[m.end() :]):  # a backtick fence's info has no backtick
            if "\t" in line[: m.start(1)] or m.start(1) >= 4:
                # Indented code, or a fence in a list item: not known here,
                # so its lines stay screened (a fence would hide them).
                pass
            else:
                fence = m.group(1)
        if "~~~" in line:
            start = line.find("~~~")
            run = len(line) - start - len(line[start:].lstrip("~"))
            if line[:start].strip() or run > 3 or "~" in line[start + run :]:
                return True
        if not stripped:
            if _paragraph_risky(para):
                return True
            para = []
            in_quote = in_table = False
            prev2, prev = prev, line
            continue
        if "\t" in line and ">" in line:
            lead = _MARKERS.match(line).group()
            if "\t" in lead and ">" in lead:
                return True  # a tab among quote (and list) markers: expanded differently
        if fence is None:
            para.append(line)
        if "[" in line and "`" in line:
            r = line.rfind("]")
            a = line.find("[", r + 1)
            if a >= 0 and "`" in line[a:]:
                return True
        head = prev.lstrip()[:1]
        if head in (">", "|", "<") and _EMPTY_ITEM.fullmatch(line):
            return True
        if in_quote and (_LATE_ORDERED.match(line) or _EMPTY_ITEM.fullmatch(line)):
            return True
        if "|" in prev and _ITEM.match(line) and (in_table or not _ITEM.match(prev)):
            return True  # (an item after an item with a pipe in it is a list, not a table)
        if in_table and _BLOCK_START.match(line):
            return True
        if stripped[:1] in ("'", '"', "(") and _DEFINITION.match(prev):
            return True  # a link definition's title on the next line
        chars = set(line)
        if "-" in chars and chars <= _DELIMITER_CHARS:
            lead = line.lstrip(" \t")
            lead = lead[: len(lead) - len(lead.lstrip("|:-"))]
            if "|" in prev and "|" not in line:
                return True
            if "|" in line and "|" not in prev:
                return True
            if ":" in line and "|" not in line and prev.strip():
                return True  # "---:" without pipes under a line: markdown-it-py may see a table
            if head in (">", "<") and "|" in lead and "-" in lead:
                return True
            if prev2.lstrip()[:1] == ">" or in_quote:
                return True  # (a quote's lazy lines: markdown-it-py may read the rows as more of them)
            if prev.strip() and any(0 < len(run) < 3 for run in re.split(r"[^-]+", line)):
                return True  # (after a blank line "-" is an empty item, not a delimiter row)
            if "|" in line:
                in_table = True
        if stripped.startswith(">"):
            in_quote = True
        prev2, prev = prev, line
    return _paragraph_risky(para)


#: Inline HTML comments as each parser reads them (markdown-it-py follows
#: the newer spec: ``<!-->`` is a comment; the crate the older one).
_COMMENT_PY = re.compile(r"<!---?>|<!--(?:[^-]|-[^-]|--[^>])*-->")
_COMMENT_RS = re.compile(r"<!---->|<!--(?:-?[^>-])(?:-?[^-])*-->")


def _html_comments_differ(text: str) -> bool:
    """Whether a ``<!`` starts something the parsers read differently: a
    comment they end in different places, or a declaration (the crate's
    must be upper case and followed by a space)."""
    p = text.find("<!")
    while p >= 0:
        if not text.startswith("<!--", p):
            if text.startswith("<![CDATA[", p) or not text[p + 2 : p + 3].isascii() or not text[p + 2 : p + 3].isalpha():
                pass
            else:
                return True
        else:
            a, b = _COMMENT_PY.match(text, p), _COMMENT_RS.match(text, p)
            if (a and a.end()) != (b and b.end()):
                return True
        p = text.find("<!", p + 2)
    return False


def _paragraph_risky(para: list[str]) -> bool:
    if not para:
        return False
    text = "\n".join(para)
    if "`" not in text:
        return False
    runs = _TICKS.findall(text)
    if len(set(runs)) > 1 and (len(runs) % 2 or any(runs[k] != runs[k + 1] for k in range(0, len(runs), 2))):
        # Code spans of different fences, unless each run is closed by the
        # next (`a` and ``b``): where each ends is otherwise disputed.
        return True
    if "[" not in text:
        return False
    return text.count("[") != text.count("]") or len(runs) % 2 == 1


_BLOCK_CONTAINERS = {"bullet_list", "ordered_list", "blockquote", "list_item"}
_INLINE_NAMES = {"text", "text_special", "softbreak", "hardbreak", "code_inline", "em", "strong", "strikethrough", "link", "autolink", "image", "html_inline"}


def block_tokens(masked: str, max_nesting: int):
    """markdown-it-py's tokens for ``masked``, or None (see the module doc).

    The compiled core converts its tree itself (``markdown_tokens``); the
    conversion below is the definition it is tested against."""
    tree_of = _parser()
    if tree_of is None or _risky(masked):
        return None
    tokens_of = getattr(scan_core(), "markdown_tokens", None)
    if tokens_of is not None:
        try:
            return tokens_of(masked, max_nesting)
        except UnicodeEncodeError:
            return None  # lone surrogates: not UTF-8, which the Rust parser reads
    return converted(masked, max_nesting)


def converted(masked: str, max_nesting: int):
    """The crate's tree for ``masked`` converted here, in Python, or None."""
    tree_of = _parser()
    try:
        tree = tree_of(masked)
    except UnicodeEncodeError:
        return None  # lone surrogates: not UTF-8, which the Rust parser reads
    if tree is None:
        return None  # the Rust parser failed: markdown-it-py decides
    if masked.isascii():
        line_bytes = [0] + [m.end() for m in re.finditer("\n", masked)]
    else:
        line_bytes, total = [0], 0
        for line in masked.split("\n")[:-1]:
            total += len(line.encode("utf-8", "surrogatepass")) + 1
            line_bytes.append(total)
    raw = masked.encode("utf-8", "surrogatepass")
    out: list[Tok] = []
    try:
        _blocks(tree, 0, out, (line_bytes, len(raw)), max_nesting, raw)
    except _Unknown:
        return None
    return out


def _first_leaf(nodes):
    for node in nodes:
        if not node[4]:
            return node
        leaf = _first_leaf(node[4])
        if leaf is not None:
            return leaf
    return nodes[0]


def _map(node, lines):
    line_bytes, total = lines
    a, b = node[1], node[2]
    if not 0 <= a <= b <= total:
        raise _Unknown  # a span outside the text: the parser's, not ours to trust
    first = bisect_right(line_bytes, a) - 1
    last = bisect_right(line_bytes, max(a, b - 1)) - 1
    return [first, last + 1]


def _closed_fence(node, raw: bytes) -> bool:
    # (A fence in a quote ends "> ```" and so counts as unclosed here: it
    # goes to markdown-it-py.  Stripping quote markers would need the
    # fence's own quote depth: "> ~~~" inside an unclosed top-level fence
    # is content, not its end; fuzzing found that.)
    # A closing fence is the opening's character, at least as many of it.
    lines = raw[node[1] : node[2]].rstrip(b"\n").split(b"\n")
    if len(lines) < 2:
        return False
    opening, closing = _FENCE_START.match(lines[0]), _FENCE_END.fullmatch(lines[-1])
    if opening is None or closing is None:
        return False
    a, b = opening.group(1), closing.group(1)
    return a[:1] == b[:1] and len(b) >= len(a)


#: HTML blocks of kinds 1 to 5: each runs to its end marker, not to a blank
#: line (markdown-it-py's ``HTML_SEQUENCES``).
_HTML_KINDS = [
    (re.compile(r"<(?a:(script|pre|style|textarea))(?=(\s|>|$))", re.I), re.compile(r"</(?a:(script|pre|style|textarea))>", re.I)),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
]


def _open_html(content: str) -> bool:
    """Whether an HTML block of kinds 1 to 5 lacks its end marker."""
    head = content.lstrip(" \t")
    for start, end in _HTML_KINDS:
        if start.match(head):
            return end.search(head) is None
    return False


_FENCE_START = re.compile(rb"[ \t]*(`{3,}|~{3,})")
_FENCE_END = re.compile(rb"[ \t]*(`{3,}|~{3,})[ \t]*")


def _blocks(nodes, level, out, lines, max_nesting, raw):
    if level >= max_nesting - 2:
        raise _Unknown  # markdown-it-py's own limit decides what is dropped
    pending: list = []  # inline nodes straight under a list item: a tight paragraph

    def flush():
        if pending:
            # The first leaf's position: the crate's spans of inline
            # containers (emphasis) can be off, its text nodes' are not.
            m = [_map(_first_leaf(pending), lines)[0], _map(pending[-1], lines)[1]]
            out.append(Tok("paragraph_open", level, m, tag="p", hidden=True))
            out.append(Tok("inline", level + 1, m, children=_inline(pending, level + 1)))
            out.append(Tok("paragraph_close", level, tag="p", hidden=True))
            pending.clear()

    for node in nodes:
        name = node[0]
        if name in _INLINE_NAMES:
            pending.append(node)
            continue
        flush()
        if name == "paragraph":
            m = _map(node, lines)
            out.append(Tok("paragraph_open", level, m, tag="p"))
            out.append(Tok("inline", level + 1, m, children=_inline(node[4], level + 1)))
            out.append(Tok("paragraph_close", level, tag="p"))
        elif name in ("heading", "lheading"):
            m = _map(node, lines)
            tag = f"h{node[3]['level']}"
            out.append(Tok("heading_open", level, m, tag=tag))
            out.append(Tok("inline", level + 1, m, children=_inline(node[4], level + 1)))
            out.append(Tok("heading_close", level, tag=tag))
        elif name in _BLOCK_CONTAINERS:
            out.append(Tok(f"{name}_open", level, _map(node, lines)))
            _blocks(node[4], level + 1, out, lines, max_nesting, raw)
            out.append(Tok(f"{name}_close", level))
        elif name == "table":
            out.append(Tok("table_open", level, _map(node, lines)))
            for part in node[4]:
                cell = {"thead": "th", "tbody": "td"}.get(part[0])
                if cell is None:
                    raise _Unknown
                for row in part[4]:
                    for c in row[4]:
                        m = _map(c, lines)
                        out.append(Tok(f"{cell}_open", level + 3, m, tag=cell))
                        out.append(Tok("inline", level + 4, m, children=_inline(c[4], level + 4)))
                        out.append(Tok(f"{cell}_close", level + 3, tag=cell))
            out.append(Tok("table_close", level))
        elif name == "fence" and not _closed_fence(node, raw):
            raise _Unknown  # an unclosed fence's extent is markdown-it-py's to decide
        elif name == "html_block" and _open_html((node[3] or {}).get("content", "")):
            raise _Unknown  # left open: the crate's span stops short of trailing blank lines
        elif name in ("fence", "code_block", "html_block", "hr"):
            out.append(Tok(name, level, _map(node, lines), content=(node[3] or {}).get("content", "")))
        elif name == "definition":
            continue  # link reference definitions make no token
        else:
            raise _Unknown
    flush()


def _inline(nodes, level) -> list[Tok]:
    """A block's inline tokens; markdown-it-py strips the block's content
    (``str.strip``) first, so it neither starts nor ends in white space."""
    out = _inline_nodes(nodes, level)
    last = out[-1] if out else None
    if last is not None and last.type == "text_special" and last.info == "escape" and last.content[-1:].isspace():
        # "\\" before white space the strip removes: markdown-it-py sees a lone
        # backslash, which is text (joined to the text before it).
        out.pop()
        if out and out[-1].type == "text":
            out[-1].content += "\\"
        else:
            out.append(Tok("text", last.level, content="\\"))
    while out and out[-1].type == "text":
        text = out[-1].content.rstrip()
        if text:
            out[-1].content = text
            break
        out.pop()
    while out and out[0].type == "text":
        text = out[0].content.lstrip()
        if text:
            out[0].content = text
            break
        out.pop(0)
    return out


def _inline_nodes(nodes, level) -> list[Tok]:
    if level >= _MAX_INLINE_LEVEL:
        raise _Unknown  # markdown-it-py stops nesting inline markup sooner
    out: list[Tok] = []
    for node in nodes:
        name = node[0]
        meta = node[3] or {}
        if name == "text":
            out.append(Tok("text", level, content=meta["content"]))
        elif name == "text_special":
            out.append(Tok("text_special", level, content=meta["content"], markup=meta["markup"], info=meta["info"]))
        elif name in ("softbreak", "hardbreak"):
            out.append(Tok(name, level))
        elif name == "code_inline":
            marker = meta["marker"] * int(meta["marker_len"])
            out.append(Tok("code_inline", level, markup=marker, content="".join((c[3] or {}).get("content", "") for c in node[4])))
        elif name in ("em", "strong", "strikethrough"):
            kind = "s" if name == "strikethrough" else name
            out.append(Tok(f"{kind}_open", level, markup=meta.get("marker", "")))
            out.extend(_inline_nodes(node[4], level + 1))
            out.append(Tok(f"{kind}_close", level, markup=meta.get("marker", "")))
        elif name == "link":
            out.append(Tok("link_open", level))
            out.extend(_inline_nodes(node[4], level + 1))
            out.append(Tok("link_close", level))
        elif name == "autolink":
            out.append(Tok("link_open", level, markup="autolink", info="auto"))
            out.append(Tok("text", level + 1, content=meta["url"]))
            out.append(Tok("link_close", level, markup="autolink", info="auto"))
        elif name == "image":
            out.append(Tok("image", level, children=_inline_nodes(node[4], level + 1)))
        elif name == "html_inline":
            out.append(Tok("html_inline", level, content=meta["content"]))
        else:
            raise _Unknown
    return out


#: Inline nesting (emphasis in links in emphasis...) past which the parsers
#: may part ways: markdown-it-py stops applying inline rules at 40 levels.
_MAX_INLINE_LEVEL = 30
