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

from .base import Check, Finding, compile_pattern, iter_matches, scan_timeout, v_bool, v_number, v_str_list

_ALPHA = regex.compile(r"^[\p{L}'’-]+$")
#: Two equal runs of non-space side by side on one line: with Vale's usual
#: token (``[^\s]+``) and case kept, no repeat is possible without one.
_ADJACENT_PAIR = regex.compile(r"(?<!\S)(\S+)[^\S\n]+\1(?!\S)", regex.V0)


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
        prose = doc.prose
        if self._pairs_only and _ADJACENT_PAIR.search(prose, timeout=scan_timeout(len(prose))) is None:
            return  # every token differs from the next: nothing to walk through
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
