r"""occurrence: limit how often a pattern occurs in each scope.

As in Vale, ``%s`` in the message is the number of matches, and the alert
sits on the first match that is not blank or code (at the start of the
scope when there is none).

Example::

    extends: occurrence
    message: "More than 3 commas in one sentence: split it."
    level: suggestion
    scope: sentence
    max: 3
    token: ","
    # input: One, two, three, four, five.
    # expect: 1:4 More than 3 commas in one sentence: split it.
"""

from __future__ import annotations

import regex

from ..document import PLACEHOLDER
from .base import Check, Finding, RuleValueError, compile_pattern, scan_timeout, v_bool, v_number, v_str

MASK = "\x00"  # the engine's mark for excluded prose


class Occurrence(Check):

    LOCAL = True  # see Check.LOCAL
    KEYS = {"token": v_str, "max": v_number, "min": v_number, "ignorecase": v_bool}
    REQUIRED = ("token",)
    DEFAULT_MESSAGE = "'%s' occurs too often."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        if "max" not in options and "min" not in options:
            raise RuleValueError("max", "needs 'max' or 'min'")
        flags = regex.I if options.get("ignorecase") else 0
        self.pattern = compile_pattern("token", options["token"], flags)
        self.max = options.get("max")
        self.min = options.get("min")

    def run(self, doc, segments):
        prose = doc.prose
        for seg in segments:
            text = prose[seg.start : seg.end]
            # Counting needs no match objects: only a segment over the limit is looked at again.
            count = self.pattern.count(text)
            if not ((self.max is not None and count > self.max) or (self.min is not None and count < self.min)):
                continue
            locs = [m.span() for m in self.pattern.finditer(text, timeout=scan_timeout(len(text)))]
            # As in Vale: the alert sits on the first match that is neither
            # blank nor code; with no match at all, at the start of the scope.
            if not locs:
                yield Finding(seg.start, seg.start + min(1, seg.end - seg.start), (str(count),))
                continue
            for a, b in locs:
                piece = text[a:b]
                if piece.strip() and PLACEHOLDER not in piece and MASK not in piece:
                    yield Finding(seg.start + a, seg.start + b, (str(count),))
                    break
