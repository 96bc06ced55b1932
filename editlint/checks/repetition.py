r"""repetition: the same token twice in a row ("the the").

Example::

    extends: repetition
    message: "'%s' is repeated."
    level: error
    alpha: true
    tokens:
      - '[^\s]+'
    # input: This is is a typo.
    # expect: 1:6 'is' is repeated.
"""

from __future__ import annotations

import regex

from ..caches import regexes
from ..language.scan import equal_neighbour_runs
from .base import (
    Check,
    Finding,
    Segment,
    compile_pattern,
    iter_matches,
    ordered_spans,
    segment_index,
    segments_disjoint,
    v_bool,
    v_number,
    v_str_list,
)

_ALPHA = regexes.compile(r"^[\p{L}'’-]+$")
#: Two equal runs of non-space side by side on one line: with Vale's usual
#: token (``[^\s]+``) and case kept, no repeat is possible without one.
_NONSPACE = regexes.compile(r"\S\S", regex.V0)


class Repetition(Check):

    LOCAL = True  # see Check.LOCAL
    KEYS = {
        "tokens": v_str_list,
        "ignorecase": v_bool,
        "alpha": v_bool,
        "max": v_number,
        "exceptions": v_str_list,
        "nonword": v_bool,
    }
    REQUIRED = ("tokens",)
    DEFAULT_MESSAGE = "'%s' is repeated."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        flags = regex.I if options.get("ignorecase") else 0
        self.pattern = compile_pattern("tokens", "|".join(f"(?:{t})" for t in options["tokens"]), flags)
        self.ignorecase = options.get("ignorecase", False)
        self.alpha = options.get("alpha", False)
        self.max = int(options.get("max", 0))
        self.exceptions = {e.lower() if self.ignorecase else e for e in options.get("exceptions", [])}
        self._pairs_only = options["tokens"] == [r"[^\s]+"] and not self.ignorecase

    def run(self, doc, segments):
        if self._pairs_only:
            windows = self._runs(doc, segments)
            if windows is not None:
                # Only runs of equal neighbours can repeat; each starts fresh
                # (the token before differs or is not beside it), so walking
                # just them finds what walking every token finds.
                yield from self._walk(doc, windows)
                return
        yield from self._walk(doc, segments)

    @staticmethod
    def _runs(doc, segments):
        """With Vale's usual token: the runs of equal neighbours, each inside
        one segment of disjoint segments; None when that does not hold."""
        if not segments_disjoint(segments):
            return None
        ordered = ordered_spans(segments)
        prose = doc.prose
        n = len(prose)
        for a, b in ordered:
            # A segment edge inside a run of non-space would cut its tokens
            # differently from the prose-wide search.
            if 0 < a < n and _NONSPACE.match(prose, a - 1, a + 1) or 0 < b < n and _NONSPACE.match(prose, b - 1, b + 1):
                return None
        index = segment_index(segments)
        windows = []
        for start, end in equal_neighbour_runs(doc):
            if not index.overlapping(start, end):
                continue  # out of scope: its tokens are never walked
            if index.span_of(start, end) is None:
                return None
            windows.append(Segment(start, end))
        return windows

    def _walk(self, doc, segments):
        prose = doc.prose
        prev_key = None
        prev_end = -1
        first_start, first_word = 0, ""
        count = 0
        current = None
        for base, m in iter_matches(self.pattern, doc, segments):
            word = m.group()
            key = word.lower() if self.ignorecase else word
            start, end = base + m.start(), base + m.end()
            adjacent = prev_end >= 0 and prose[prev_end:start].strip() == "" and "\n" not in prose[prev_end:start]
            if key == prev_key and adjacent and not (self.alpha and not _ALPHA.match(word)) and key not in self.exceptions:
                count += 1
                if count > self.max:
                    current = (first_start, end, first_word)
            else:
                if current:
                    yield Finding(current[0], current[1], (current[2],))
                    current = None
                count = 0
                first_start, first_word = start, word
            prev_key, prev_end = key, end
        if current:
            yield Finding(current[0], current[1], (current[2],))
