r"""consistency: one document should not use both of two forms.

Example::

    extends: consistency
    message: "Inconsistent spelling of '%s'."
    level: warning
    ignorecase: true
    either:
      advisor: adviser
    # input: The advisor met the adviser.
    # expect: 1:21 Inconsistent spelling of 'adviser'.
"""

from __future__ import annotations

import regex

from .base import Check, Finding, RuleValueError, compile_pattern, iter_matches, v_bool, v_str_map


class Consistency(Check):
    KEYS = {"either": v_str_map, "ignorecase": v_bool, "nonword": v_bool}
    REQUIRED = ("either",)
    DEFAULT_MESSAGE = "Inconsistent use of '%s'."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        if not options["either"]:
            raise RuleValueError("either", "'either' is empty")
        flags = regex.I if options.get("ignorecase") else 0
        nonword = options.get("nonword", False)
        self.pairs = []
        for a, b in options["either"].items():
            body = f"(?P<a>{a})|(?P<b>{b})"
            if not nonword:
                body = rf"\b(?:{body})\b"
            self.pairs.append(compile_pattern("either", body, flags))

    def run(self, doc, segments):
        for pattern in self.pairs:
            found = {"a": [], "b": []}
            order = []
            for base, m in iter_matches(pattern, doc, segments):
                side = "a" if m.group("a") is not None else "b"
                if not found[side]:
                    order.append(side)
                found[side].append((base + m.start(), base + m.end(), m.group()))
            if len(order) == 2:
                for start, end, text in found[order[1]]:
                    yield Finding(start, end, (text,))
