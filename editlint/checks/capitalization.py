r"""capitalization: headings (or any scope) in title, sentence, lower or upper case.

``match`` is ``$title``, ``$sentence``, ``$lower``, ``$upper`` or a regex the
whole text must match.  ``exceptions`` are words allowed as written,
``indicators`` are trailing characters (like ``:``) after which a capital is
fine, ``threshold`` is the share of words that must comply (default 0.8).

Example::

    extends: capitalization
    message: "'%s' should be in sentence case."
    level: suggestion
    scope: heading
    match: $sentence
    exceptions: [GitHub]
    # input: # Getting Started With Editlint
    # expect: 1:3 'Getting Started With Editlint' should be in sentence case.
"""

from __future__ import annotations

import regex

from .base import Check, Finding, compile_pattern, v_number, v_str, v_str_list, MATCH_TIMEOUT

_SMALL_WORDS = frozenset(
    "a an and as at but by en for if in nor of on or per the to v v. via vs vs. up from into with over".split()
)
_CHICAGO_SMALL = _SMALL_WORDS | {"up", "off", "out"}
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.&-]*")


def _is_upper_word(w: str) -> bool:
    letters = [c for c in w if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class Capitalization(Check):
    KEYS = {
        "match": v_str,
        "style": v_str,
        "exceptions": v_str_list,
        "indicators": v_str_list,
        "threshold": v_number,
        "prefix": v_str,
        "vocab": lambda k, v: v,
    }
    REQUIRED = ("match",)
    DEFAULT_SCOPE = ("heading",)
    DEFAULT_MESSAGE = "'%s' should be in %s case."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        self.match = options["match"]
        self.threshold = float(options.get("threshold", 0.8))
        self.indicators = tuple(options.get("indicators", [":"]))
        self.exceptions = set(options.get("exceptions", [])) | set(self.vocab_accept)
        self.small = _CHICAGO_SMALL if options.get("style", "AP").lower() == "chicago" else _SMALL_WORDS
        self.prefix = compile_pattern("prefix", options["prefix"]) if options.get("prefix") else None
        self.regex = None
        if self.match not in ("$title", "$sentence", "$lower", "$upper"):
            self.regex = compile_pattern("match", self.match)

    def run(self, doc, segments):
        prose = doc.prose
        for seg in segments:
            text = prose[seg.start : seg.end].strip()
            if not text:
                continue
            body = text
            if self.prefix:
                m = self.prefix.match(body)
                if m:
                    body = body[m.end():].lstrip()
            if not self._ok(body):
                lead = len(prose[seg.start : seg.end]) - len(prose[seg.start : seg.end].lstrip())
                yield Finding(seg.start + lead, seg.start + lead + len(text), (text, self.match.lstrip("$")))

    def _ok(self, text: str) -> bool:
        if self.match == "$lower":
            return text == text.lower()
        if self.match == "$upper":
            return text == text.upper()
        if self.regex is not None:
            return self.regex.fullmatch(text, timeout=MATCH_TIMEOUT) is not None
        words = [(m.group(), m.start()) for m in _WORD.finditer(text)]
        if not words:
            return True
        # A heading that starts with inline code has no first word to capitalise.
        starts_with_code = text.lstrip()[:1] == "\ufffc"
        good = 0
        for i, (w, pos) in enumerate(words):
            ok = self._word_ok(i, w, pos, words, text) or (i == 0 and starts_with_code)
            if i == 0 and not ok and self.match == "$sentence":
                return False  # sentence case starts with a capital, whatever follows
            good += ok
        return good / len(words) >= self.threshold

    def _word_ok(self, i, w, pos, words, text) -> bool:
        if w in self.exceptions or any(e in self.exceptions for e in (w.rstrip("."), w.split("-")[0])):
            return True
        if _is_upper_word(w) and len(w) > 1:
            return True  # acronyms are fine in any style
        after_indicator = i > 0 and text[:pos].rstrip().endswith(self.indicators)
        first = w[0]
        if self.match == "$sentence":
            if i == 0 or after_indicator:
                return not first.isalpha() or first.isupper()
            # Mixed-case brands ("iPhone", "GitHub") are names, not title case.
            return not first.isupper() or any(c.isupper() for c in w[1:])
        # $title
        lower = w.lower()
        if 0 < i < len(words) - 1 and not after_indicator and lower in self.small:
            return w == lower
        return not first.isalpha() or first.isupper()
