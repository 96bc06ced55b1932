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

from ..caches import regexes
from ..guard import guarded
from .base import (
    MATCH_TIMEOUT,
    Check,
    Finding,
    compile_pattern,
    v_number,
    v_str,
    v_str_list,
)

_SMALL_WORDS = frozenset(
    "a an and as at but by en for if in nor of on or per the to v v. via vs vs. up from into with over".split()
)
_CHICAGO_SMALL = _SMALL_WORDS | {"up", "off", "out"}
_WORD = regexes.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.&-]*")


def _is_upper_word(w: str) -> bool:
    letters = [c for c in w if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class Capitalization(Check):
    LOCAL = True  # see Check.LOCAL
    def is_exception(self, token: str) -> bool:
        """Does an exception occur in ``token`` (Vale tests exceptions by search)?"""
        return self.exception_re is not None and self.exception_re.search(token) is not None

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
        exceptions = sorted(self.exceptions, key=len, reverse=True)
        parts = []
        for e in exceptions:
            try:
                regexes.compile(e)
            except regex.error:
                e = regex.escape(e)
            # Whole words only, as Vale wraps them: the exception "I" must
            # not split "Identifier" into "I" and "dentifier".
            parts.append(rf"\b(?:{e})\b")
        word = r"[\p{N}\p{L}*]+[^\s]*"
        self.tokens = guarded("|".join([*parts, word]) if parts else word, regex.VERSION0)
        self.exception_re = guarded("|".join(parts)) if parts else None
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
        # Like Vale: tokens are runs of non-space (an exception may span
        # spaces: "Axon Server"), and each token is compared with what the
        # style expects in its place.
        tokens = [m.group() for m in self.tokens.finditer(text)]
        if not tokens:
            return True
        first = next((i for i, w in enumerate(tokens) if any(c.isalpha() for c in w)), 0)
        # A heading that starts with inline code has no first word to capitalise.
        starts_with_code = text.lstrip()[:1] == "\ufffc"
        good = 0
        for i, w in enumerate(tokens):
            ok = self._word_ok(i, first, w, tokens) or (i == first and starts_with_code)
            if i == first and not ok and self.match == "$sentence":
                return False  # sentence case starts with a capital, whatever follows
            good += ok
        return good / len(tokens) >= self.threshold

    def _word_ok(self, i, first, w, tokens) -> bool:
        if self.is_exception(w):
            return True
        if _is_upper_word(w) and sum(c.isalpha() for c in w) > 1:
            return True  # acronyms are fine in any style
        after_indicator = i > 0 and tokens[i - 1].endswith(self.indicators)
        letters = [c for c in w if c.isalpha()]
        if not letters:
            return True
        if self.match == "$sentence":
            if i == first and first > 0:
                return True  # after a number ("1 this", "1. An"): either case
            if i == first or after_indicator:
                return letters[0].isupper()
            return w == w.lower()
        # $title
        lower = w.lower()
        if first < i < len(tokens) - 1 and not after_indicator and lower.strip(".,;:!?") in self.small:
            return w == lower
        return letters[0].isupper()
