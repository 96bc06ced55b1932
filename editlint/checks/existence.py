r"""existence: flag any of a list of words or patterns.

editlint adds ``max_matches``: when the rule matches more often than that
in one document, the words are the document's voice (a first-person column,
say) and the rule stays silent for it.

Example::

    extends: existence
    message: "Avoid '%s': say what you mean."
    level: warning
    ignorecase: true
    tokens:
      - obviously
      - needless to say
    # input: Obviously, this works.
    # expect: 1:1 Avoid 'Obviously': say what you mean.
"""

from __future__ import annotations

import regex

from .base import (
    RuleValueError,
    Check,
    Finding,
    compile_pattern,
    exception_matcher,
    AnchoredWordList,
    iter_matches,
    v_bool,
    v_number,
    v_str_list,
    word_pattern,
)


class Existence(Check):
    KEYS = {
        "tokens": v_str_list,
        "raw": v_str_list,
        "ignorecase": v_bool,
        "nonword": v_bool,
        "exceptions": v_str_list,
        "append": v_bool,
        "vocab": v_bool,
        "max_matches": v_number,
    }
    DEFAULT_MESSAGE = "'%s' found."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        tokens = options.get("tokens", [])
        raw = options.get("raw", [])
        if not tokens and not raw:
            raise RuleValueError("tokens", "needs 'tokens' or 'raw'")
        # Vale's semantics: the raw parts, concatenated, come before the
        # token alternation ("[a-zA-Z]+\s" + "\b(?:meters|miles)\b").
        body = "".join(raw) + (word_pattern(tokens, nonword=options.get("nonword", False)) if tokens else "")
        flags = regex.I if options.get("ignorecase") else 0
        try:
            self.pattern = compile_pattern("tokens" if tokens else "raw", body, flags | regex.M)
        except RuleValueError:
            if raw:
                compile_pattern("raw", "".join(raw), flags)  # name the key that is wrong
            raise
        self.words = None
        if len(tokens) >= 8 and not raw and not options.get("nonword", False) and AnchoredWordList.usable(tokens):
            self.words = AnchoredWordList(tokens, flags | regex.M)
        exceptions = list(options.get("exceptions", []))
        if options.get("vocab", True):
            exceptions += self.vocab_accept
        self.is_exception = exception_matcher("exceptions", exceptions, options.get("ignorecase", False))

    def run(self, doc, segments):
        limit = self.options.get("max_matches")
        found = []
        matches = iter_matches(self.pattern, doc, segments) if self.words is None else self.words.matches(doc, segments)
        for base, m in matches:
            if m.end() == m.start() or self.is_exception(m.group()):
                continue
            # Vale reports existence matches as matched, spaces included.
            found.append(Finding(base + m.start(), base + m.end(), (m.group(),)))
            if limit is not None and len(found) > limit:
                return  # used throughout: the document's voice, not a slip
        yield from found
