r"""substitution: suggest a replacement for a word or pattern.

The message receives the replacement, then the matched text.  A replacement
may offer alternatives separated by ``|`` and use ``$1`` captures.

Example::

    extends: substitution
    message: "Use '%s' instead of '%s'."
    level: warning
    ignorecase: true
    swap:
      utilize: use
      in order to: to
    # input: We utilize caching in order to go fast.
    # expect: 1:4 Use 'use' instead of 'utilize'.
    # expect: 1:20 Use 'to' instead of 'in order to'.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..caches import regexes
from ..guard import GuardedPattern, guarded
from ..literals import ReducedAlternation
from .base import (
    Check,
    Finding,
    RuleValueError,
    compile_pattern,
    exception_matcher,
    iter_matches,
    trimmed,
    v_bool,
    v_str_list,
    v_str_map,
)

_CAPTURE = regexes.compile(r"\$(\d+)")


@lru_cache(maxsize=512)
def _as_pattern(text: str):
    try:
        return guarded(text, regex.VERSION0)
    except regex.error:
        return None


def _pattern_fits(replacement: str, observed: str) -> bool:
    """Vale treats a replacement as a pattern: text it describes is already right
    ('CAUTION: \\*\\*(?:Caution|Warning):\\*\\*' accepts 'CAUTION: **Warning:**')."""
    if not any(c in replacement for c in "\\[(|?*+{"):
        return False
    pat = _as_pattern(replacement)
    return pat is not None and pat.fullmatch(observed) is not None


class Substitution(Check):

    LOCAL = True  # see Check.LOCAL
    KEYS = {
        "swap": v_str_map,
        "ignorecase": v_bool,
        "nonword": v_bool,
        "exceptions": v_str_list,
        "capitalize": v_bool,
        "vocab": v_bool,
        "append": v_bool,
        "pos": v_str_list,
    }
    REQUIRED = ("swap",)
    DEFAULT_MESSAGE = "Use '%s' instead of '%s'."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        swap = options["swap"]
        if not swap:
            raise RuleValueError("swap", "'swap' is empty")
        self.ignorecase = options.get("ignorecase", False)
        flags = regex.I if self.ignorecase else 0
        self.replacements: list[str] = []
        alts = []
        # Vale tries longer keys first ("MPL 2.0" before "MPL").
        ordered = sorted(swap.items(), key=lambda kv: -len(kv[0]))
        self.keys = [k for k, _ in ordered]
        for i, (pat, rep) in enumerate(ordered):
            alts.append(f"(?P<s{i}>{pat})")
            self.replacements.append(rep)
        template = "{}" if options.get("nonword", False) else r"\b(?:{})\b"
        body = template.format("|".join(alts))
        try:
            self.pattern = compile_pattern("swap", body, flags | regex.M)
        except RuleValueError:
            for pat in self.keys:  # name the key that is wrong
                compile_pattern("swap", pat, flags)
            raise
        #: The swap pattern with only the keys that can match in a document
        #: (most name a word it lacks); group names, so replacements, unchanged.
        self._swaps = ReducedAlternation(self.keys, alts, flags | regex.M | regex.VERSION0, template, self.pattern)
        self._key_patterns: dict[int, regex.Pattern] = {}
        exceptions = list(options.get("exceptions", []))
        if options.get("vocab", True):
            exceptions += self.vocab_accept
        self.is_exception = exception_matcher("exceptions", exceptions, self.ignorecase)
        self.capitalize = options.get("capitalize", False)
        self.quoted = True  # set by the engine-independent message check below

    def bind_message(self, message: str) -> None:
        """Whether the rule's message quotes its first ``%s`` itself."""
        i = message.find("%s")
        self.quoted = i > 0 and message[i - 1] in "'\"‘“`"

    def run(self, doc, segments):
        _, pattern = self._swaps.for_doc(doc)
        if pattern is None:
            return
        for base, m in iter_matches(pattern, doc, segments):
            start, end = trimmed(doc.prose, base + m.start(), base + m.end())
            observed = doc.prose[start:end]
            if not observed or self.is_exception(observed):
                continue
            name = m.lastgroup
            if name is None or not name.startswith("s"):
                name = next(k for k, v in m.groupdict().items() if v is not None and k.startswith("s"))
            index = int(name[1:])
            rep = self.replacements[index]
            if "$" in rep:
                rep = self._expand(index, m.group().strip(), rep)
            if _pattern_fits(rep, observed):
                continue
            options = [r.strip() for r in rep.split("|")] if rep else []
            if self.capitalize and observed[:1].isupper():
                options = [o[:1].upper() + o[1:] for o in options]
            elif self.ignorecase and observed[:1].isupper():
                # Like Vale: a case-insensitive swap keeps the capital it replaces,
                # unless the replacement has capitals of its own ("iOS").
                options = [o[:1].upper() + o[1:] if o.islower() else o for o in options]
            if any(o == observed or _pattern_fits(o, observed) for o in options):
                continue
            expected = "' or '".join(options)
            if not self.quoted:
                expected = f"'{expected}'"  # Vale quotes the replacement when the message does not
            yield Finding(start, end, (expected, observed), tuple(o for o in options if o))

    def _expand(self, index: int, observed: str, rep: str) -> str:
        """Fill ``$1``... from the groups of the swap key that matched."""
        pat = self._key_patterns.get(index)
        if pat is None:
            pat = self._key_patterns[index] = GuardedPattern(self.keys[index], regex.I if self.ignorecase else 0)
        inner = pat.fullmatch(observed)
        if not inner:
            return rep

        def group(c):
            n = int(c.group(1))
            return (inner.group(n) or "") if n <= pat.groups else ""

        return _CAPTURE.sub(group, rep)
