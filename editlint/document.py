"""Documents: source text, the prose inside it, and the map between the two.

A :class:`Document` holds the (line-ending normalised) source and a *prose*
string built from it: the words a reader reads, with markup, code, URLs, HTML
and front matter left out.  Every prose character remembers where it came from
in the source, so a match found in prose maps back to an exact source span.
Markup that separates words (an inline code span, a bare URL, a line break) is
kept as a single placeholder character so that words on either side never run
together.

Prose is grouped into :class:`Block` objects (heading, paragraph, list item,
table cell...), each tagged with the scopes it belongs to.  Sentences and
quoted speech are derived from blocks on demand.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .language import scan

#: Stands in for inline code, images and URLs: not a word, not whitespace.
PLACEHOLDER = "\ufffc"

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx")

#: A line that attributes the block before it: a dash, then a name.
_ATTRIBUTION_LINE = re.compile(r"\A[—–―]{1,2}\s*[A-Z]|\A--?\s+[A-Z]")
_ATTRIBUTION_TAIL = re.compile(r"\n[ \t]*(?:[—–―]{1,2}|--?)[ \t]*[A-Z][^\n]*")
_GENRE = re.compile(r"^\s*(?:genre|type|category|kind)\s*[:=]\s*([^\n#]+)", re.M | re.I)
_FRONT_MATTER = re.compile(
    r"\A(?:---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)|\+\+\+[ \t]*\n.*?\n\+\+\+[ \t]*(?:\n|\Z))",
    re.S,
)
#: Template tags in Markdown sources (Hugo shortcodes, Jinja/Liquid): markup, not prose.
#: A tag never spans a blank line nor more than 2,000 characters, so a stray
#: ``{{`` hides nothing past its own paragraph.
_TAG_BODY = r"(?:(?!\n[ \t]*\n).){0,2000}?"
_TEMPLATE_TAG = re.compile(rf"\{{\{{[<%]{_TAG_BODY}[>%]\}}\}}|\{{%{_TAG_BODY}%\}}|\{{\{{{_TAG_BODY}\}}\}}", re.S)
#: The first (up to) three characters of each run of word characters (``re``
#: and the ``regex`` module's version 0 agree on ``\b`` and ``\w``).
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]]|\b[\w.+-]+@[\w-]+\.[\w.-]*\w")


def _may_hold_url(s: str) -> bool:
    """Whether prose piece ``s`` is worth scanning with :data:`_URL`.  Every
    match holds "://", "www." or "@"; most pieces hold none and skip the
    scan, whose address branch otherwise tries at every word (a fifth of the
    5 MB benchmark file's parse).  Pieces without a dot were never scanned."""
    return "." in s and ("@" in s or "://" in s or "www." in s)


#: Characters lowered at a time by :func:`lower_keeping_offsets`.
_LOWER_CHUNK = 1 << 16


def lower_keeping_offsets(text: str) -> str:
    """``text.lower()`` when that keeps every offset, else ``text`` folded
    character by character ("İ" lowers to two characters).

    Lowered a line-ending chunk at a time: ``str.lower`` works in a buffer of
    three 4-byte code points per character, 41 MB for a 5 MB file's prose
    and the largest allocation of its run (the Python heap's peak went from
    129 to 95 MB by ``tracemalloc``; the run's RSS peak, reached later by
    small objects, did not move).  A chunk ends just after a newline, where
    final-sigma casing, the one context-dependent mapping, stops looking, so
    the result is the same as one call.
    """
    low = []
    kept = True
    for chunk in _line_chunks(text):
        low.append(chunk.lower())
        kept = kept and len(low[-1]) == len(chunk)
    if not kept:
        low = ["".join(c.lower()[:1] or c for c in chunk) for chunk in _line_chunks(text)]
    return low[0] if len(low) == 1 else "".join(low)


def _line_chunks(text: str):
    pos, n, size = 0, len(text), _LOWER_CHUNK
    while n - pos > size:
        cut = text.find("\n", pos + size) + 1
        if cut <= 0:
            break
        yield text[pos:cut]
        pos = cut
    yield text[pos:] if pos else text


@dataclass(frozen=True, slots=True)
class Block:
    """A run of prose of one kind, as ``prose[start:end]``."""

    kind: str
    start: int
    end: int
    scopes: frozenset[str]
    level: int = 0  # heading level, 0 elsewhere


class _Runs:
    """Where each run of prose comes from: run ``i`` starts at prose offset
    ``_run_starts[i]`` and comes from ``src_start[i]:src_end[i]`` of the
    source; a virtual run (``virtual[i]``) maps every character to that
    whole span.  Columns of machine integers: a run as an object with four
    fields cost the 5 MB benchmark file 24 MB for its 90,000 runs."""

    __slots__ = ("src_start", "src_end", "virtual")

    def __init__(self, src_start: array, src_end: array, virtual):
        self.src_start = src_start
        self.src_end = src_end
        self.virtual = bytes(virtual)

    def __eq__(self, other):
        return isinstance(other, _Runs) and (self.src_start, self.src_end, self.virtual) == (other.src_start, other.src_end, other.virtual)


class _ProseBuilder:
    """Accumulates prose pieces with their source positions.

    Built to hold little while a document is parsed: the runs go straight
    into columns of machine integers, and the pieces are joined every
    :data:`_PIECES` of them.  (Lists of int objects, and of every piece
    until one join at the end, left the 5 MB benchmark file's parse at
    102 MB of RSS; this way it is 91 MB.)"""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._chunks: list[str] = []
        # The runs, column by column (see _Runs).
        self.run_starts = array("q")
        self.src_starts = array("q")
        self.src_ends = array("q")
        self.virtuals = bytearray()
        #: Where the last run's source ends when a text piece starting
        #: there extends it (the last run is not virtual), else -1.
        self._tail = -1
        self.length = 0
        self.links: list[tuple[int, int]] = []
        self._link_starts: list[int] = []
        #: Inline elements as ``(tag, classes, prose start, prose end)``.
        self.elements: list[tuple[str, frozenset[str], int, int]] = []
        self._open: list[tuple[str, frozenset[str], int]] = []

    def text(self, s: str, src: int) -> None:
        if s:
            self._add(s, src, src + len(s), False)

    def virtual(self, s: str, src_start: int, src_end: int) -> None:
        self._add(s, src_start, src_end, True)

    def text_with_urls(self, s: str, src: int) -> None:
        """Add text, replacing bare URLs and e-mail addresses by placeholders."""
        pos = 0
        if _may_hold_url(s):
            for m in _URL.finditer(s):
                self.text(s[pos : m.start()], src + pos)
                self.virtual(PLACEHOLDER, src + m.start(), src + m.end())
                pos = m.end()
        self.text(s[pos:], src + pos)

    def _add(self, s: str, a: int, b: int, virtual: bool) -> None:
        # A text piece continuing the last run's source extends it.  (A
        # non-virtual run's prose and source lengths are equal, since text
        # pieces are added with their own length, so the prose is
        # contiguous there too.)
        if not virtual and a == self._tail:
            self.src_ends[-1] = b
        else:
            self.run_starts.append(self.length)
            self.src_starts.append(a)
            self.src_ends.append(b)
            self.virtuals.append(virtual)
        self._tail = -1 if virtual else b
        parts = self.parts
        parts.append(s)
        self.length += len(s)
        if len(parts) >= _PIECES:
            self._chunks.append("".join(parts))
            parts.clear()

    def prose(self) -> str:
        """The prose so far, as one string."""
        return "".join([*self._chunks, *self.parts])  # one join: no second copy of the whole prose


#: Prose pieces joined into one string at a time (see _ProseBuilder).
_PIECES = 2048


@dataclass
class Document:
    """A parsed document: normalised source, prose, blocks and comment spans."""

    source: str
    format: str
    prose: str
    blocks: list[Block]
    _run_starts: array = field(repr=False)
    _runs: _Runs = field(repr=False)
    #: Source spans of HTML comments that are markup (not inside code).
    comments: list[tuple[int, int, str]] = field(default_factory=list, repr=False)
    #: Source spans of code (fenced, indented, inline): never prose.
    code_spans: list[tuple[int, int]] = field(default_factory=list, repr=False)
    #: Prose spans of link text (for attribution checks).
    links: list[tuple[int, int]] = field(default_factory=list, repr=False)
    #: Source spans of fenced and indented code blocks.
    code_blocks: list[tuple[int, int]] = field(default_factory=list, repr=False)
    #: Inline elements (``a``, ``strong``, ``em`` and inline HTML) as
    #: ``(tag, classes, prose start, prose end)``, for Vale's IgnoredScopes.
    elements: list[tuple[str, frozenset[str], int, int]] = field(default_factory=list, repr=False)
    #: What the user should know about this document's parse (one line each),
    #: e.g. a structure nested too deep to lint inside.
    notes: list[str] = field(default_factory=list, repr=False)

    def __getstate__(self):
        # The compiled core's copies of the prose are rebuilt where needed.
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_native")}

    # -- offsets -----------------------------------------------------------
    @cached_property
    def line_starts(self) -> array:
        base = self.__dict__.get("_structure_of")
        if base is not None:
            return getattr(base, "line_starts")  # a masked view shares its document's structure
        starts = array("q", [0])  # (machine integers: a list of 140,000 took 5 MB)
        find = self.source.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return starts

    def src_offset(self, p: int, *, end: bool = False) -> int:
        """Source offset of prose offset ``p`` (``end``: of the char before ``p``, exclusive)."""
        runs = self._runs
        if end:
            if p <= 0:
                return 0
            i = bisect_right(self._run_starts, p - 1) - 1
            if runs.virtual[i]:
                return runs.src_end[i]
            return runs.src_start[i] + (p - self._run_starts[i])
        i = bisect_right(self._run_starts, p) - 1
        if runs.virtual[i]:
            return runs.src_start[i]
        return runs.src_start[i] + (p - self._run_starts[i])

    def src_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a prose span to a source span."""
        a = self.src_offset(start)
        b = self.src_offset(end, end=True) if end > start else a
        return a, max(a, b)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset; columns count code points."""
        i = bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    # -- derived structure ---------------------------------------------------
    @cached_property
    def prose_lower(self) -> str:
        """``prose.lower()`` where that keeps every offset (else ``prose`` folded char by char)."""
        return lower_keeping_offsets(self.prose)

    def word_index_for(self, lo: int, hi: int) -> dict[str, list[int]]:
        """Word starts in ``prose[lo:hi]`` at least (possibly all of them).

        For a small part of a large document not yet indexed (an edited
        paragraph), only that part is indexed: ``\\b\\w{1,3}`` never spans a
        word boundary, so a scan from ``lo`` finds exactly the starts a full
        scan finds there."""
        owner = self.__dict__.get("_structure_of") or self
        if "word_index" in owner.__dict__ or (hi - lo) * 8 >= len(self.prose):
            return owner.word_index
        return scan.word_index(owner, lo, hi)  # the unmasked prose, as the full index

    @cached_property
    def word_index(self) -> dict[str, list[int]]:
        """Where words start, by their first three letters (lower case).

        Built once per document; word-list rules look up the few places a
        phrase can start instead of trying every position."""
        base = self.__dict__.get("_structure_of")
        if base is not None:
            return getattr(base, "word_index")  # a masked view shares its document's structure
        return scan.word_index(self)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Prose spans of sentences, block by block."""
        base = self.__dict__.get("_structure_of")
        if base is not None:
            return getattr(base, "sentences")  # a masked view shares its document's structure
        if scan._use_native(self):
            # The compiled core runs split_sentences (the definition, below)
            # over every block in one call.
            spans = [(b.start, b.end) for b in self.blocks]
            return scan.prose_handle(self).sentences(spans, _ABBREV_LIST, _STARTERS_LIST)
        out: list[tuple[int, int]] = []
        for b in self.blocks:
            out.extend(split_sentences(self.prose, b.start, b.end))
        return out

    @cached_property
    def genre(self) -> str | None:
        """The genre the front matter declares (``genre:``, or ``type:`` /
        ``category:``), lower-cased: "essay", "interview", "letter"..."""
        fm = _FRONT_MATTER.match(self.source) if self.format == "markdown" else None
        if not fm:
            return None
        m = _GENRE.search(fm.group())
        return m.group(1).strip().strip("\"'").lower() if m else None

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        """Prose spans of quoted speech, sorted: inside quotation marks
        (a quotation left open runs on into the paragraphs that continue
        it), block quotes, and pull quotes set off without quotation marks
        but followed by an attribution line ("— Sen. Jane Doe")."""
        base = self.__dict__.get("_structure_of")
        if base is not None:
            return getattr(base, "quotes")  # a masked view shares its document's structure
        out: list[tuple[int, int]] = []
        blocks = self.blocks
        for i, b in enumerate(blocks):
            if "blockquote" in b.scopes or (i + 1 < len(blocks) and self._is_attribution(blocks[i + 1])):
                out.append((b.start, b.end))
                continue
            cut = self._attribution_tail(b)
            if cut is not None:
                out.append((b.start, cut))
                continue
            out.extend(scan.find_quotes_in(self, b.start, b.end))
        return sorted(out)

    def _is_attribution(self, block: Block) -> bool:
        text = self.prose[block.start : block.end]
        return block.kind != "heading" and _ATTRIBUTION_LINE.match(text) is not None and len(text.split()) <= 15

    def _attribution_tail(self, block: Block) -> int | None:
        """Where a block's closing attribution line begins ("...\n— Sen. X"), if any."""
        if block.kind == "heading":
            return None
        a, b = self.src_span(block.start, block.end)
        m = _ATTRIBUTION_TAIL.search(self.source, a, b)
        if m is None or m.end() != b or len(m.group().split()) > 16:
            return None
        for p in range(block.start, block.end):
            if self.src_offset(p) >= m.start():
                return p if p > block.start else None
        return None

    @cached_property
    def repeats(self) -> list[tuple[int, int]]:
        """Prose spans of blocks that are copies of other blocks."""
        base = self.__dict__.get("_structure_of")
        if base is not None:
            return getattr(base, "repeats")  # a masked view shares its document's structure
        from .language.repeats import find_repeats

        # One block's text at a time: a list of them all held a copy of the
        # prose in small strings (45,000 on the 5 MB benchmark file).
        texts = ((b.start, b.end, self.prose[b.start : b.end], self.kind_of(b)) for b in self.blocks)
        return [(a, b) for a, b, _ in find_repeats(texts)]

    @cached_property
    def _sections(self) -> list[int]:
        """Prose offsets where sections start (every heading but a first title)."""
        return [b.start for b in self.blocks if b.kind == "heading"]

    def section_of(self, block: Block) -> object:
        """A key for the block's section; headings share one section of their own,
        so a pasted title is compared with every other heading."""
        if block.kind == "heading":
            return "headings"
        return bisect_right(self._sections, block.start)

    def kind_of(self, block: Block) -> object:
        """Headings apart from body text, the whole document otherwise: a
        paragraph pasted under another heading is still a copy."""
        return "headings" if block.kind == "heading" else "body"

    def block_at(self, p: int) -> Block | None:
        """The block containing prose offset ``p``."""
        starts = self._block_starts
        i = bisect_right(starts, p) - 1
        if i >= 0 and self.blocks[i].start <= p < max(self.blocks[i].end, self.blocks[i].start + 1):
            return self.blocks[i]
        return None

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Where each sentence starts (for bisection), in order."""
        base = self.__dict__.get("_structure_of")
        if base is not None:
            return base.sentence_starts
        return [a for a, _ in self.sentences]

    @cached_property
    def _block_starts(self) -> list[int]:
        base = self.__dict__.get("_structure_of")
        if base is not None:
            return getattr(base, "_block_starts")  # a masked view shares its document's structure
        return [b.start for b in self.blocks]


# ---------------------------------------------------------------------------
# Parsing


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; a leading BOM is dropped.

    Columns are unchanged by this: a CR only ever sits at the end of a line.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out ``spans`` (keeping newlines) so offsets stay put."""
    if not spans:
        return text
    out = []
    pos = 0
    for a, b in sorted(spans):
        if a < pos:
            a = pos
        if b <= a:
            continue
        out.append(text[pos:a])
        out.append(re.sub(r"[^\n]", " ", text[a:b]))
        pos = b
    out.append(text[pos:])
    return "".join(out)


def detect_format(path: str | None) -> str:
    """``markdown`` or ``text`` from a file name (Markdown when unknown)."""
    if path and path.lower().endswith(".txt"):
        return "text"
    return "markdown"


def parse(
    text: str,
    fmt: str = "markdown",
    *,
    ignore_patterns: tuple[re.Pattern[str], ...] = (),
    block_ignore_patterns: tuple[re.Pattern[str], ...] = (),
) -> Document:
    """Parse ``text`` (already newline-normalised) into a :class:`Document`.

    ``ignore_patterns`` blank out inline spans (Vale's ``TokenIgnores``) and
    ``block_ignore_patterns`` whole blocks (``BlockIgnores``) before parsing.
    """
    spans: list[tuple[int, int]] = []
    inline: list[tuple[int, int]] = []
    for pat in block_ignore_patterns:
        spans.extend(m.span() for m in pat.finditer(text) if m.end() > m.start())
    for pat in ignore_patterns:
        inline.extend(m.span() for m in pat.finditer(text) if m.end() > m.start())
    if fmt == "markdown":
        fm = _FRONT_MATTER.match(text)
        if fm:
            spans.append(fm.span())
        if "{" in text:
            inline.extend(m.span() for m in _TEMPLATE_TAG.finditer(text))
    masked = mask(text, spans + inline)
    if fmt == "markdown":
        masked = _keep_indentation(masked, text, inline)
        doc = _parse_markdown(text, masked)
        if _FILL in masked:
            doc.prose = doc.prose.replace(_FILL, " ")
        return doc
    return _parse_plain(text, masked)


#: Stands for the first character of an inline span masked at a line's
#: start: blanks there would read as indentation (an indented code block
#: when four or more), hiding ``{{< note >}}Text`` from linting.
_FILL = "\ue000"


def _keep_indentation(masked: str, text: str, inline: list[tuple[int, int]]) -> str:
    if not inline:
        return masked
    chars = None
    for a, b in inline:
        line_start = masked.rfind("\n", 0, a) + 1
        end = masked.find("\n", b)  # not `"\n" in masked[b:]`: a copy of the rest per span was quadratic
        if masked[line_start:a].strip(" \t") == "" and masked[b : end if end >= 0 else len(masked)].strip():
            chars = chars or list(masked)
            if chars[a] == " ":
                chars[a] = _FILL
    return "".join(chars) if chars else masked


def _parse_plain(source: str, masked: str) -> Document:
    pb = _ProseBuilder()
    blocks: list[Block] = []
    scopes = frozenset({"paragraph", "text"})
    for para in _paragraph_spans(masked):
        a, b = para
        if blocks:
            pb.virtual("\n\n", a, a)
        start = pb.length
        chunk = masked[a:b]
        pos = 0
        for m in re.finditer(r"[ \t]*\n[ \t]*", chunk):
            pb.text_with_urls(chunk[pos : m.start()], a + pos)
            pb.virtual(" ", a + m.start(), a + m.end())
            pos = m.end()
        pb.text_with_urls(chunk[pos:].rstrip(), a + pos)
        blocks.append(Block("paragraph", start, pb.length, scopes))
    return _finish(source, "text", pb, blocks, [], [])


_PARAGRAPH = re.compile(r"^[ \t]*\S[^\n]*(?:\n[ \t]*\S[^\n]*)*", re.M)


#: A line this long is a whole paragraph: the text is one paragraph per line.
UNWRAPPED_LINE = 150


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: runs of non-blank lines, or single lines when the text
    is written one paragraph per line (no wrapping), without leading indentation."""
    out = []
    for m in _PARAGRAPH.finditer(text):
        a, b = m.span()
        chunk = text[a:b]
        if "\n" in chunk and max(len(line) for line in chunk.split("\n")) > UNWRAPPED_LINE:
            pos = a
            for line in chunk.split("\n"):
                if line.strip():
                    lead = len(line) - len(line.lstrip())
                    out.append((pos + lead, pos + len(line.rstrip())))
                pos += len(line) + 1
            continue
        while text[a] in " \t":
            a += 1
        out.append((a, b))
    return out


def _finish(source, fmt, pb: _ProseBuilder, blocks, comments, code_spans, code_blocks=(), links=()) -> Document:
    elements = list(pb.elements) + [("a", frozenset(), a, b) for a, b in links]
    if not pb.run_starts:
        pb.virtual("", 0, 0)
    return Document(
        source=source,
        format=fmt,
        prose=pb.prose(),
        blocks=blocks,
        _run_starts=pb.run_starts,
        _runs=_Runs(pb.src_starts, pb.src_ends, pb.virtuals),
        comments=comments,
        code_spans=code_spans,
        code_blocks=list(code_blocks),
        links=list(links),
        elements=elements,
    )


#: markdown-it's nesting limit (a list level is two: list and item).  Past
#: it, markdown-it stops parsing the rest of the document without a word.
MAX_NESTING = 40
_LEAF_TOKENS = {"inline", "fence", "code_block", "html_block", "hr"}


def _block_tokens(masked: str):
    """markdown-it's tokens for the whole document, and notes.

    With the compiled core, region by region
    (:mod:`editlint.markdown_regions`), each by the compiled parser where the
    screens allow; otherwise markdown-it-py for the whole text.  The notes
    list is complete once the tokens have been read.
    """
    from . import markdown_rs

    notes: list[str] = []
    if not markdown_rs.available():
        return _python_tokens(masked, notes), notes
    from . import markdown_regions

    return markdown_regions.block_tokens(masked, MAX_NESTING, _python_tokens, notes), notes


def _python_tokens(text: str, notes: list[str], *, env: dict | None = None, line_offset: int = 0, last: bool = True, first_count: list | None = None) -> list:
    """markdown-it-py's tokens for ``text`` (a document, or a region of one
    starting at line ``line_offset``; ``last``: the region ends the document).

    When a structure is nested past :data:`MAX_NESTING`, markdown-it drops
    everything after it; the rest is parsed again on its own (earlier lines
    blanked, so line numbers hold) and a note says what was skipped.  ``env``
    holds link definitions made elsewhere in the document (markdown-it-py
    adds the text's own); ``first_count`` receives how many it holds after the
    first parse, before any parse past a deep structure.
    """
    md = _markdown_parser()
    env = {} if env is None else env  # one for every parse: a definition before the deep part holds after it
    tokens = latest = md.parse(text, env)
    if first_count is not None:
        first_count.append(len(env.get("references", {})))
    lines = text.split("\n")
    start = 0  # where the latest parse began
    for _ in range(1000):
        if not latest or max(t.level for t in latest) < MAX_NESTING - 2:
            break
        deep = next(k for k, t in enumerate(latest) if t.level >= MAX_NESTING - 2)
        # The top-level block holding the deep part, and what was read before it.
        top = next((t.map[0] for t in reversed(latest[:deep]) if t.level == 0 and t.map), start)
        done = max([top, start] + [t.map[1] for t in latest[:deep] if t.type in _LEAF_TOKENS and t.map])
        # (A block nested too deep from its first line: nothing of that line is read.)
        first = max(done + (done == top), start + 1)
        rest = next((n for n in range(first, len(lines)) if lines[n].strip() and len(lines[n]) - len(lines[n].lstrip()) < 4), None)
        ended = rest is None
        if ended:
            # The text ends first (after a region, the document goes on with
            # a line at column 0, where its own parse resumes).
            rest = len(lines) - 1 if lines[-1] == "" else len(lines)
        skipped = sum(1 for n in range(done, rest) if lines[n].strip())
        if skipped:
            notes.append(f"lines {done + 1 + line_offset}-{rest + line_offset}: nested deeper than {MAX_NESTING // 2} levels; not linted")
        if ended:
            break
        blank = "".join(" " * len(line) + "\n" for line in lines[:rest])
        latest = md.parse(blank + text[len(blank):], env)
        start = rest
        tokens = tokens + latest
    return tokens


@lru_cache(maxsize=1)
def _markdown_parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    # Escapes and entities arrive as their own tokens, so their source form can be found.
    md.disable("text_join")
    return md


_COMMENT = re.compile(r"<!--(.*?)-->", re.S)

#: One frozenset per distinct set of block scopes: a document's blocks share
#: a few dozen (each its own cost the 5 MB file 8 MB for 90,000 blocks).
_SCOPE_SETS: dict[frozenset[str], frozenset[str]] = {}


def _scope_set(scopes) -> frozenset[str]:
    key = frozenset(scopes)
    found = _SCOPE_SETS.get(key)
    if found is None:
        if len(_SCOPE_SETS) >= 4096:
            _SCOPE_SETS.clear()  # bounded in a long-lived process
        found = _SCOPE_SETS[key] = key
    return found


def _parse_markdown(source: str, masked: str) -> Document:
    tokens, notes = _block_tokens(masked)
    line_starts = array("q", [0])
    line_starts.extend(m.end() for m in re.finditer("\n", masked))

    def line_start(n: int) -> int:
        return line_starts[n] if n < len(line_starts) else len(masked)

    pb = _ProseBuilder()
    blocks: list[Block] = []
    containers: list[str] = []
    code_spans: list[tuple[int, int]] = []
    code_blocks: list[tuple[int, int]] = []
    html_spans: list[tuple[int, int]] = []
    cursor = 0
    kind, level, tight = "paragraph", 0, False
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            containers.append("list")
        elif t == "blockquote_open":
            containers.append("blockquote")
        elif t == "table_open":
            containers.append("table")
        elif t in ("bullet_list_close", "ordered_list_close", "blockquote_close", "table_close"):
            containers.pop()
        elif t == "heading_open":
            kind, level = "heading", int(tok.tag[1])
        elif t == "paragraph_open":
            kind, level, tight = "paragraph", 0, tok.hidden
        elif t == "th_open":
            kind, level = "table.header", 0
        elif t == "td_open":
            kind, level = "table.cell", 0
        elif t in ("fence", "code_block") and tok.map:
            code_blocks.append((line_start(tok.map[0]), line_start(tok.map[1])))
        elif t == "html_block" and tok.map:
            a, b = line_start(tok.map[0]), line_start(tok.map[1])
            html_spans.append((a, b))
            # Readers see the text of an HTML block (a table, a <p>): lint it.
            _html_block(masked, a, b, pb, blocks, containers)
        elif t == "inline":
            if tok.map:
                cursor = max(cursor, line_start(tok.map[0]))
            if blocks:
                pb.virtual("\n\n", cursor, cursor)
            start = pb.length
            cursor = _inline(tok.children or [], masked, cursor, pb, code_spans, html_spans)
            scopes = {"text", kind}
            if kind == "heading":
                scopes.add(f"heading.h{level}")
            if kind.startswith("table."):
                scopes.add("table")
            scopes.update(containers)
            if kind == "paragraph" and "list" in containers and tight:
                scopes.discard("paragraph")
            if containers and containers[-1] == "list":
                block_kind = "list" if kind == "paragraph" else kind
            else:
                block_kind = kind
            blocks.append(Block(block_kind, start, pb.length, _scope_set(scopes), level))
    comments = []
    for a, b in html_spans:
        for m in _COMMENT.finditer(masked, a, b):
            comments.append((m.start(), m.end(), m.group(1)))
    comments.sort()
    doc = _finish(source, "markdown", pb, blocks, comments, code_spans + code_blocks, code_blocks, pb.links)
    doc.notes.extend(notes)
    return doc


def _inline(children, src: str, cursor: int, pb: _ProseBuilder, code_spans, html_spans) -> int:
    skip_depth = 0  # inside an autolink: its text is a URL
    for child in children:
        t = child.type
        if skip_depth:
            if t == "link_open":
                skip_depth += 1
            elif t == "link_close":
                skip_depth -= 1
                if not skip_depth:
                    end = src.find(">", cursor)
                    cursor = end + 1 if end >= 0 else cursor
            continue
        if t == "text":
            s = child.content
            if not s:
                continue
            pos = src.find(s, cursor)
            if pos < 0:
                continue
            pb.text_with_urls(s, pos)
            cursor = pos + len(s)
        elif t == "text_special":
            pos = src.find(child.markup, cursor)
            if pos < 0:
                continue
            if child.content == child.markup:
                # "\S" is no escape (only punctuation is): the text is the
                # source, character for character, so spans stay exact.
                pb.text(child.content, pos)
            else:
                pb.virtual(child.content, pos, pos + len(child.markup))
            cursor = pos + len(child.markup)
        elif t in ("softbreak", "hardbreak"):
            pos = src.find("\n", cursor)
            if pos < 0:
                continue
            start = pos
            while start > cursor and src[start - 1] in " \t\\":
                start -= 1
            pb.virtual(" ", start, pos + 1)
            cursor = pos + 1
        elif t == "code_inline":
            pos = src.find(child.markup, cursor)
            if pos < 0:
                continue
            close = _closing_backticks(src, pos + len(child.markup), child.markup)
            end = close + len(child.markup)
            # As long as the code, so counts of characters (Vale's occurrence
            # on titles) see its length, yet no rule sees its words.
            pb.virtual(PLACEHOLDER * (end - pos), pos, end)
            code_spans.append((pos, end))
            cursor = end
        elif t == "link_open":
            if child.markup in ("autolink", "linkify"):
                pos = src.find("<", cursor)
                if pos >= 0:
                    pb.virtual(PLACEHOLDER, pos, pos + 1)
                    cursor = pos + 1
                skip_depth = 1
            else:
                pos = src.find("[", cursor)
                if pos >= 0:
                    cursor = pos + 1
                pb._link_starts.append(pb.length)
        elif t == "link_close":
            if pb._link_starts:
                pb.links.append((pb._link_starts.pop(), pb.length))
            close = src.find("]", cursor)
            if close >= 0:
                cursor = _skip_link_tail(src, close)
        elif t in ("strong_open", "em_open"):
            pb._open.append((t[:-5] if t == "strong_open" else "em", frozenset(), pb.length))
        elif t in ("strong_close", "em_close"):
            want = "strong" if t == "strong_close" else "em"
            if pb._open and pb._open[-1][0] == want:
                tag, classes, start = pb._open.pop()
                pb.elements.append((tag, classes, start, pb.length))
        elif t == "image":
            pos = src.find("![", cursor)
            if pos < 0:
                continue
            close = _matching_bracket(src, pos + 1)
            end = _skip_link_tail(src, close)
            alt = src[pos + 2 : close]
            if alt.strip() and not _ALT_MARKUP.search(alt):
                # Plain alt text is prose (Vale lints it; the ``alt`` scope
                # selects it); the brackets and the target are not.
                start = pb.length
                pb.text(alt, pos + 2)
                pb.elements.append(("img", frozenset(), start, pb.length))
            else:
                pb.virtual(PLACEHOLDER, pos, end)
            cursor = end
        elif t == "html_inline":
            pos = src.find(child.content, cursor)
            if pos < 0:
                continue
            cursor = pos + len(child.content)
            html_spans.append((pos, cursor))
            _html_element(child.content, pb)
    return cursor


#: Alt text with markup or escapes stays a placeholder (its source form is not its text).
_ALT_MARKUP = re.compile(r"[\\`*_\[\]<>&\n]")
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^>]*?)(/?)>")
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


#: HTML elements whose content is never prose.
_HTML_SILENT = {"code", "pre", "script", "style", "textarea", "kbd", "samp", "var", "svg", "math", "template"}
#: Elements that start a block of their own, and the scopes they give.
_HTML_BLOCKS = {
    "p": "paragraph", "div": "paragraph", "section": "paragraph", "article": "paragraph", "aside": "paragraph",
    "details": "paragraph", "summary": "paragraph", "figure": "paragraph", "figcaption": "paragraph", "caption": "table.caption",
    "dd": "paragraph", "dt": "paragraph", "li": "list", "td": "table.cell", "th": "table.header", "tr": None,
    "blockquote": None, "table": None, "ul": None, "ol": None, "dl": None, "thead": None, "tbody": None, "br": None,
    **{f"h{n}": "heading" for n in range(1, 7)},
}
_HTML_CONTAINERS = {"table": "table", "ul": "list", "ol": "list", "dl": "list", "blockquote": "blockquote"}


def _html_block(src: str, a: int, b: int, pb: _ProseBuilder, blocks: list, containers: list[str]) -> None:
    """Add the text of the HTML block ``src[a:b]`` to the prose, a block per
    block-level element, with exact source offsets.  Tags, attributes,
    comments and the content of code-like elements stay out; inline elements
    are recorded for IgnoredScopes, block ones give scopes for SkippedScopes."""
    from html.parser import HTMLParser

    chunk = src[a:b]
    if "<" not in chunk:
        return
    line_offsets = [0] + [m.end() for m in re.finditer("\n", chunk)]
    stack: list[tuple[str, frozenset[str]]] = []  # open block elements and their classes
    pieces: list[tuple[str, int, int, bool]] = []  # (text, src start, src end, virtual)
    state = {"kind": "paragraph", "level": 0, "silent": 0, "silent_start": None}
    opened: list[tuple[str, frozenset[str], int]] = []  # inline elements: (tag, classes, piece index)
    elements: list[tuple[str, frozenset[str], int, int]] = []  # (tag, classes, first piece, end piece)

    def here(parser) -> int:
        line, col = parser.getpos()
        return a + line_offsets[line - 1] + col

    def flush():
        nonlocal pieces, elements
        if any(not virtual and text.strip() for text, _, _, virtual in pieces):
            if blocks:
                pb.virtual("\n\n", pieces[0][1], pieces[0][1])
            start = pb.length
            marks = []
            for text, s0, s1, virtual in pieces:
                marks.append(pb.length)
                if virtual:
                    pb.virtual(text, s0, s1)
                else:
                    pb.text(text, s0)
            marks.append(pb.length)
            for tag, classes, i, j in elements:
                if marks[j] > marks[i]:
                    pb.elements.append((tag, classes, marks[i], marks[j]))
            # The block elements it sits in, for IgnoredScopes/IgnoredClasses
            # (<p class="nop">...</p>).
            for tag, classes in stack:
                pb.elements.append((tag, classes, start, pb.length))
            kind = state["kind"]
            scopes = {"text", kind, *containers, *(_HTML_CONTAINERS[t] for t, _ in stack if t in _HTML_CONTAINERS)}
            if kind == "heading":
                scopes.add(f"heading.h{state['level']}")
            if kind.startswith("table."):
                scopes.add("table")
            blocks.append(Block("list" if kind == "list" else kind, start, pb.length, _scope_set(scopes), state["level"]))
        pieces = []
        elements = []
        # An inline element still open (<b><div>...</b>) goes on in the next
        # block, from its start: its old piece index belongs to this one.
        opened[:] = [(t, c, 0) for t, c, _ in opened]

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in _HTML_SILENT:
                if not state["silent"]:
                    state["silent_start"] = here(self)
                state["silent"] += 1
                return
            if state["silent"]:
                return
            classes = frozenset(" ".join(v or "" for k, v in attrs if k == "class").split())
            if tag in _HTML_BLOCKS:
                flush()
                kind = _HTML_BLOCKS[tag]
                if kind:
                    state["kind"], state["level"] = kind, int(tag[1]) if kind == "heading" else 0
                if tag not in _VOID:
                    stack.append((tag, classes))
                return
            if tag not in _VOID:
                opened.append((_INLINE_NAMES.get(tag, tag), classes, len(pieces)))

        def handle_startendtag(self, tag, attrs):
            if tag in _HTML_BLOCKS and not state["silent"]:
                flush()

        def handle_endtag(self, tag):
            if tag in _HTML_SILENT:
                if state["silent"]:
                    state["silent"] -= 1
                    if not state["silent"]:
                        end = here(self) + len(f"</{tag}>")
                        pieces.append((PLACEHOLDER, state["silent_start"], end, True))
                return
            if state["silent"]:
                return
            if tag in _HTML_BLOCKS:
                flush()
                if any(t == tag for t, _ in stack):
                    while stack and stack.pop()[0] != tag:
                        pass
                state["kind"], state["level"] = "paragraph", 0
                return
            name = _INLINE_NAMES.get(tag, tag)
            for i in range(len(opened) - 1, -1, -1):
                if opened[i][0] == name:
                    t, classes, first = opened.pop(i)
                    elements.append((t, classes, first, len(pieces)))
                    break

        def handle_data(self, data):
            if not state["silent"] and data:
                pieces.append((data, here(self), here(self) + len(data), False))

        def _ref(self, text):
            if state["silent"]:
                return
            pos = here(self)
            end = src.find(";", pos, pos + len(text) + 2)
            end = end + 1 if end >= 0 else pos + len(text) + 1
            import html as _html

            pieces.append((_html.unescape(src[pos:end]) or " ", pos, end, True))

        def handle_entityref(self, name):
            self._ref("&" + name)

        def handle_charref(self, name):
            self._ref("&#" + name)

    parser = Parser(convert_charrefs=False)
    try:
        parser.feed(chunk)
        parser.close()
    except Exception:  # noqa: BLE001 - malformed HTML: lint what was read
        pass
    flush()


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_INLINE_NAMES = {"b": "strong", "i": "em"}


def _html_element(tag_text: str, pb: _ProseBuilder) -> None:
    """Track inline HTML elements (``<span class="x">...</span>``) in prose offsets."""
    m = _TAG.fullmatch(tag_text.strip())
    if not m:
        return
    closing, name, attrs, selfclose = m.group(1), m.group(2).lower(), m.group(3), m.group(4)
    if selfclose:
        return
    if not closing:
        c = _CLASS.search(attrs)
        classes = frozenset((next(g for g in c.groups() if g is not None)).split()) if c else frozenset()
        pb._open.append((name, classes, pb.length))
        return
    for i in range(len(pb._open) - 1, -1, -1):
        if pb._open[i][0] == name:
            tag, classes, start = pb._open.pop(i)
            pb.elements.append((tag, classes, start, pb.length))
            return


def _closing_backticks(src: str, start: int, markup: str) -> int:
    n = len(markup)
    i = src.find(markup, start)
    while i >= 0:
        if (i + n >= len(src) or src[i + n] != "`") and (i == 0 or src[i - 1] != "`"):
            return i
        j = i
        while j < len(src) and src[j] == "`":
            j += 1
        i = src.find(markup, j)
    return len(src) - n


def _matching_bracket(src: str, open_pos: int) -> int:
    depth = 0
    i = open_pos
    while i < len(src):
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(src) - 1


#: The characters a link destination's scan stops at; it jumps over the rest.
_LINK_TAIL_STOP = re.compile(r"[\\\"'()]")


def _skip_link_tail(src: str, close: int, stops: re.Pattern = _LINK_TAIL_STOP) -> int:
    """Offset just past a link's destination, given the offset of its ``]``.

    The scan visits the characters ``stops`` finds and jumps over the rest
    (``tests/test_markdown_rs.py`` checks it against visiting every one)."""
    i = close + 1
    if i < len(src) and src[i] == "(":
        depth = 0
        quote = None
        stop = stops.search
        while i < len(src):
            m = stop(src, i)
            if m is None:
                break
            i = m.start()
            c = src[i]
            if c == "\\":
                i += 2
                continue
            if quote:
                if c == quote:
                    quote = None
            elif c in "\"'" and src[i - 1] in " \t\n":
                quote = c
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return len(src)
    if i < len(src) and src[i] == "[":
        j = src.find("]", i)
        return j + 1 if j >= 0 else i
    return i


# ---------------------------------------------------------------------------
# Sentences and quotations

_ABBREV = frozenset(
    """mr mrs ms dr prof sr jr st mt ft inc ltd co corp llc plc vs etc al eg ie cf
    jan feb mar apr jun jul aug sep sept oct nov dec no vol pp gen gov sen rep col
    lt sgt capt fig approx est dept univ assn bros""".split()
)
_NEXT_WORD = re.compile(r"\s*([^\s\"“‘']+|\S)")
#: Words that open sentences far more often than they follow an initialism.
_SENTENCE_STARTERS = frozenset(
    """The A An This That These Those It Its He She They We I You His Her Their Our
    But And So Yet Then There Here In On At By For From After Before When While
    If As Now Later Meanwhile However Still Also Since Although Though""".split()
)
_ABBREV_LIST = sorted(_ABBREV)
_STARTERS_LIST = sorted(_SENTENCE_STARTERS)
_SENT_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)|\n\n")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within ``text[start:end]`` (trimmed of surrounding space)."""
    out = []
    s = start
    for m in _SENT_END.finditer(text, start, end):
        e = m.end()
        if m.group() != "\n\n":
            word = re.search(r"([A-Za-z]+)\.$", text[max(start, m.start() - 12) : m.start() + 1])
            nxt = _NEXT_WORD.match(text, e, end)
            if word and m.group().startswith(".") and len(m.group()) == 1:
                w = word.group(1)
                if w.lower() in _ABBREV or len(w) == 1:
                    # "U.S. Army" goes on; "in the U.S. The next day" and
                    # "Washington, D.C. Then" end: an initialism ends a
                    # sentence when a word that starts sentences follows.
                    initialism = len(w) == 1 and text[max(start, m.start() - 2) : m.start() - 1] == "."
                    if not (initialism and nxt and nxt.group(1) in _SENTENCE_STARTERS):
                        continue
            if nxt and (nxt.group(1)[:1].islower() or nxt.group(1)[:1] in ",;:"):
                continue
        _push_trimmed(text, s, e, out)
        s = e
    _push_trimmed(text, s, end, out)
    return out


def _push_trimmed(text, a, b, out):
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append((a, b))
