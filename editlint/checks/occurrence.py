r"""occurrence: limit how often a pattern occurs in each scope.

Example::

    extends: occurrence
    message: "More than 3 commas in one sentence: split it."
    level: suggestion
    scope: sentence
    max: 3
    token: ","
    # input: One, two, three, four, five.
    # expect: 1:1 More than 3 commas in one sentence: split it.
"""

from __future__ import annotations

import regex

from .base import Check, Finding, RuleValueError, compile_pattern, v_bool, v_number, v_str, MATCH_TIMEOUT


class Occurrence(Check):
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
            count = sum(1 for _ in self.pattern.finditer(text, timeout=MATCH_TIMEOUT))
            # Like Vale, the alert covers the whole scope (a heading, a sentence).
            if (self.max is not None and count > self.max) or (self.min is not None and count < self.min):
                yield Finding(seg.start, seg.end, (text,))
