"""Markdown parsed region by region, each region by the fastest parser that
reads it exactly.

The compiled parser (:mod:`editlint.markdown_rs`) turns a text down when it
holds a form the two parsers were found to read differently, and one such
line used to send a whole document to markdown-it-py (the 5 MB benchmark
file has 24).  Here a document is cut into regions that CommonMark parses
independently, and the screens decide region by region.

A cut goes before a line that starts with an ASCII letter at column 0 and
follows a blank line.  Such a line ends every list, quote, table, paragraph
and indented code block before it.  What can run on through it is a fenced
code block left open, or an HTML block of kinds 1 to 5 (``<pre>``, ``<!--``
...) whose end marker has not come.  Those are found after the parse, not
predicted: a region whose last top-level block is a fence or an HTML block
reaching the region's end is merged with the regions after it (twice as
many each time) and parsed again.

Link reference definitions are the one state a document shares.  Each
``]:`` gives a candidate label: the text back to the nearest ``[``.  A region
holding a word of a candidate label (case folded as labels are) is
*suspect*: markdown-it-py parses it with every definition of the document
known, as the whole-document parse sees them.  The definitions are gathered
by parsing the suspect regions in order (a definition is a block, so it
lies in one region, and the region holds its label's words).  Other regions
cannot refer to a definition, so their own parse is the whole document's.

Tokens come a region at a time, so the document walk never holds a whole
document's tokens; only the regions from the first suspect one to the last
``]:`` wait for the definitions.  ``tests/test_markdown_regions.py`` checks
the tokens against markdown-it-py's for the whole document, and
``tests/test_markdown_rs.py`` the documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

#: A blank line, then a line starting with an ASCII letter at column 0: the
#: match ends where a region may start.
_CUT = re.compile(r"(?<=\n)[ \t]*\n(?=[A-Za-z])")

#: Regions are gathered to about this many characters (a parser call each).
#: One the screens turn down is parsed again a piece (cut to cut) at a time,
#: so only the pieces holding the form go to markdown-it-py.
REGION_CHARS = 16_000

#: A label's words, as markdown-it-py folds labels (``lower().upper()``).
_WORDS = re.compile(r"[^\s\[\]]+")

#: What may come before a definition's ``[`` on its line: indentation and
#: the markers of the quotes and list items it is in.
_BLOCK_START = re.compile(r"(?:[ \t]*(?:>|[*+-]|\d{1,9}[.)]))*[ \t]*")

#: How far back from a ``]:`` its label's ``[`` is looked for.
_LABEL_REACH = 100_000


def block_tokens(masked: str, max_nesting: int, python_tokens: Callable[..., list], notes: list[str]) -> Iterator:
    """markdown-it-py's block tokens for ``masked``, one region at a time.

    ``python_tokens(text, notes, env=, line_offset=, last=)`` parses a region
    with markdown-it-py and appends notes (with document line numbers) to
    ``notes``; ``env`` carries the document's link definitions.  Notes reach
    ``notes`` as their region's tokens are yielded.
    """
    return _Regions(masked, max_nesting, python_tokens).tokens(notes)


class _Regions:
    def __init__(self, masked: str, max_nesting: int, python_tokens):
        from . import markdown_rs

        self.masked = masked
        self.max_nesting = max_nesting
        self.python_tokens = python_tokens
        self.fast = markdown_rs.block_tokens
        self.cuts = cuts = [0] + [m.end() for m in _CUT.finditer(masked)] + [len(masked)]
        self.lines = lines = [0] * len(cuts)
        for k in range(1, len(cuts)):
            lines[k] = lines[k - 1] + masked.count("\n", cuts[k - 1], cuts[k])
        self.labels, self.last_label = _candidate_labels(masked)

    def tokens(self, notes: list[str]) -> Iterator:
        n = len(self.cuts) - 1
        # The definitions met so far, first one of a label kept, as
        # markdown-it-py keeps them: one dict, markdown-it-py adding to it.
        self.env = {"references": {}}
        refs = self.env["references"]
        complete = self.labels is None  # every definition known
        waiting: list = []  # regions read before every definition was known
        i = fine_until = 0
        while i < n:
            j = i + 1 if i < fine_until else self._gather(i)
            merged = False
            while True:
                text = self.masked[self.cuts[i] : self.cuts[j]]
                line, last = self.lines[i], j == n
                suspect = self.labels is not None and self.labels.search(text.lower().upper()) is not None
                local: list[str] = []
                later = False  # parse with markdown-it-py once every definition is known
                if suspect and (complete or "]:" in text):
                    toks = self._python(text, local, line, last, self.env)
                else:
                    toks = self.fast(text, self.max_nesting)
                    if toks is None:
                        if j - i > 1 and not merged:
                            fine_until, j = j, i + 1  # find the pieces the screens turn down
                            continue
                        toks = self._python(text, local, line, last, self.env if suspect else None)
                    elif suspect:
                        later = True  # (the crate resolves links within the region only)
                if last:
                    break
                if any(t.level >= self.max_nesting - 2 for t in toks):
                    # Nested past markdown-it's limit: what it drops and where
                    # it resumes depend on the text after the region, so the
                    # rest of the document is parsed as one.
                    j, merged = n, True
                    continue
                if not self._runs_on(toks, text):
                    break
                j = min(n, i + 2 * (j - i))
                merged = True
            _shift(toks, line)
            i = j
            # Only a suspect region may be read again once every definition
            # is known; the regions before the first one are final and go
            # out at once (the 5 MB file's one label, half-way through, held
            # 25 MB of tokens waiting).
            if not complete and (waiting or suspect):
                waiting.append((toks, local, text, line, last, suspect, later, len(refs)))
            else:
                notes.extend(local)
                yield from toks
            if not complete and self.cuts[j] > self.last_label:
                complete = True
                for w in waiting:
                    yield from self._release(w, notes)
                waiting = []
        for w in waiting:  # (the text ended first)
            yield from self._release(w, notes)

    def _python(self, text: str, local: list[str], line: int, last: bool, env):
        """markdown-it-py's tokens for a region; with ``env``, the
        definitions its first parse makes are added to the document's (not
        those a parse past a deep structure makes: the whole document's
        first parse would not know them either)."""
        if env is None:
            return self.python_tokens(text, local, line_offset=line, last=last)
        known: list[int] = []
        toks = self.python_tokens(text, local, env=env, line_offset=line, last=last, first_count=known)
        refs = env["references"]
        if known and len(refs) > known[0]:
            for label in list(refs)[known[0] :]:
                del refs[label]
        return toks

    def _release(self, waited, notes):
        toks, local, text, line, last, suspect, later, known = waited
        if suspect and (later or len(self.env["references"]) > known):
            # Read before a definition it may refer to: again, with all of them.
            local = []
            toks = self._python(text, local, line, last, self.env)
            _shift(toks, line)
        notes.extend(local)
        return toks

    def _gather(self, i: int) -> int:
        cuts, j = self.cuts, i + 1
        while j < len(cuts) - 1 and cuts[j + 1] - cuts[i] <= REGION_CHARS:
            j += 1
        return j

    def _runs_on(self, toks, text: str) -> bool:
        """Whether the region's last top-level block may go on past its end."""
        end = text.count("\n")
        for tok in reversed(toks):
            if tok.level == 0 and tok.map:
                if tok.type == "fence":
                    return tok.map[1] >= end
                if tok.type == "html_block":
                    return tok.map[1] >= end  # (the crate's open blocks go to markdown-it-py)
                return False
        return False


def _shift(toks, line: int) -> None:
    if line:
        for tok in toks:
            if tok.map:
                tok.map = [tok.map[0] + line, tok.map[1] + line]


def _candidate_labels(masked: str):
    """A pattern finding any candidate label's longest word in folded text,
    and the position of the last ``]:`` giving one; (None, -1) when none."""
    words: set[str] = set()
    last = -1
    p = masked.find("]:")
    while p >= 0:
        lo = max(0, p - _LABEL_REACH)
        a = masked.rfind("[", lo, p)
        while a > lo and masked[a - 1] == "\\":
            a = masked.rfind("[", lo, a)  # an escaped bracket is part of a label
        if a < 0 and lo:
            words.add("")  # (not looked for further back)
            last = p
        elif a >= 0 and _BLOCK_START.fullmatch(masked, masked.rfind("\n", 0, a) + 1, a):
            # The label's first line holds its own characters; later lines
            # may begin with a quote's markers, not part of the label.
            first = masked[a + 1 : p].split("\n", 1)[0].lower().upper()
            found = _WORDS.findall(first)
            words.add(max(found, key=len) if found else "")
            last = p
        p = masked.find("]:", p + 2)
    if not words:
        return None, -1
    if "" in words:
        return re.compile(""), last  # a label without a word on its first line: every region is suspect
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))), last
