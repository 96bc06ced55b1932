r"""spelling: words missing from Hunspell dictionaries (Vale's ``spelling``).

Words are taken from the prose (code, URLs and other excluded scopes are
already masked), typographic apostrophes folded (the dictionary's
``ICONV``), and skipped when a filter matches anywhere in them.  Unless
``custom: true``, Vale's default filters also apply: words with anything but
ASCII letters, ``_`` and ``'`` (numbers, hyphenated compounds, other
scripts), words ending in capitals (acronyms) and camel case.  A word passes
when it, or its lower-case form, is in a dictionary or an ``ignore`` list,
or it matches a vocabulary ``accept`` entry.

Keys, as in Vale: ``dictionaries`` (names of ``.dic``/``.aff`` pairs found
in ``dicpath``, which is tried as given, under StylesPath and under the
working directory), ``aff`` + ``dic`` (one explicit pair), ``append``
(also load the bundled en_US when naming dictionaries), ``ignore`` (word
list files: as given, under StylesPath, or under StylesPath/config/ignore),
``filters``, ``custom``.  ``builtin: true`` is how ``Vale.Spelling`` is
built: it also loads every dictionary in StylesPath/config/dictionaries and
every list in StylesPath/config/ignore.  The bundled dictionary is en_US
(SCOWL); suggestions are dictionary words one edit away.

Example::

    extends: spelling
    message: "Did you really mean '%s'?"
    level: error
    filters:
      - '[pP]y.*\b'
    # input: This is a typpo in Python code.
    # expect: 1:11 Did you really mean 'typpo'?
"""

from __future__ import annotations

import os

from ..caches import regexes
from .base import (
    Check,
    Finding,
    RuleValueError,
    compile_pattern,
    v_bool,
    v_number,
    v_str,
    v_str_list,
)

#: Vale's default filters (skipped words): camel case, trailing capitals,
#: anything that is not a plain ASCII word.
DEFAULT_FILTERS = (r"[A-Z]{1}[a-z]+[A-Z]+\w+", r"[A-Z]+$", r"[^a-zA-Z_']")

_CHUNK = regexes.compile(r"[^\s\x00]+")
_LEAD = "\"'“”‘’([{<*_~`¡¿"
_TRAIL = ".,;:!?)]}>\"'”’*_~`…"
_POSSESSIVE = ("'s", "'S")


def words_in(text: str, start: int = 0, end: int | None = None):
    """``(offset, word)`` for each word of ``text[start:end]`` (punctuation trimmed)."""
    for m in _CHUNK.finditer(text, start, len(text) if end is None else end):
        a, b = m.start(), m.end()
        while a < b and text[a] in _LEAD:
            a += 1
        while b > a and text[b - 1] in _TRAIL:
            b -= 1
        if a < b:
            yield a, text[a:b]


class Spelling(Check):
    LOCAL = True  # see Check.LOCAL
    #: Dictionary and word-list files this rule read (a result cache must see them change).
    files_read: list[str]

    KEYS = {
        "custom": v_bool,
        "filters": v_str_list,
        "ignore": v_str_list,
        "dicpath": v_str,
        "dictionaries": v_str_list,
        "aff": v_str,
        "dic": v_str,
        "append": v_bool,
        "threshold": v_number,
        "builtin": v_bool,
    }
    DEFAULT_MESSAGE = "Did you really mean '%s'?"

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        filters = list(options.get("filters", []))
        if not options.get("custom"):
            filters += DEFAULT_FILTERS
        self.filters = [compile_pattern("filters", f) for f in filters]
        accept = [a for a in self.vocab_accept if a]
        self.accept = compile_pattern("vocab", "(?i)(?:" + "|".join(accept) + ")") if accept else None
        self.dictionary = self._load(options)
        self.files_read = self.dictionary.sources

    def _load(self, options):
        from ..language.hunspell import Dictionary, default_paths

        bases = [p for p in self.styles_paths if os.path.isdir(p)]
        d = Dictionary()
        loaded = False
        aff, dic = options.get("aff"), options.get("dic")
        if aff and dic:
            pair = [_find(p, bases) for p in (aff, dic)]
            if None in pair:
                raise RuleValueError("dic", f"dictionary files not found: {aff}, {dic}")
            d.add_hunspell(*pair)
            loaded = True
        else:
            names = options.get("dictionaries", [])
            folders = []
            if options.get("dicpath"):
                dp = options["dicpath"]
                folders = [c for c in [dp, *(os.path.join(b, dp) for b in bases), os.path.join(os.getcwd(), dp)] if os.path.isdir(c)]
                if not folders:
                    raise RuleValueError("dicpath", f"'dicpath': no folder {dp!r} (looked as given, under StylesPath and the working directory)")
            if os.environ.get("DICPATH"):
                folders.append(os.environ["DICPATH"])
            for name in names:
                for folder in folders:
                    a, c = (os.path.join(folder, f"{name}.{ext}") for ext in ("aff", "dic"))
                    if os.path.isfile(a) and os.path.isfile(c):
                        d.add_hunspell(a, c)
                        break
                else:
                    raise RuleValueError("dictionaries", f"'dictionaries': no {name}.dic/{name}.aff in {', '.join(folders) or 'any dicpath'}")
                loaded = True
        if not loaded or options.get("append"):
            d.add_hunspell(*default_paths())
        if options.get("builtin"):
            for base in bases:
                extra = os.path.join(base, "config", "dictionaries")
                if os.path.isdir(extra):
                    for entry in sorted(os.listdir(extra)):
                        if entry.endswith(".dic") and os.path.isfile(os.path.join(extra, entry[:-4] + ".aff")):
                            d.add_hunspell(os.path.join(extra, entry[:-4] + ".aff"), os.path.join(extra, entry))
                ignore_dir = os.path.join(base, "config", "ignore")
                if os.path.isdir(ignore_dir):
                    for entry in sorted(os.listdir(ignore_dir)):
                        if os.path.isfile(os.path.join(ignore_dir, entry)):
                            d.add_word_list(os.path.join(ignore_dir, entry))
        for name in options.get("ignore", []):
            found = _find(name, bases, os.path.join("config", "ignore"))
            if found is None:
                raise RuleValueError("ignore", f"'ignore': word list {name!r} not found (as given, under StylesPath, or StylesPath/config/ignore)")
            d.add_word_list(found)
        return d

    def ok(self, word: str) -> bool:
        """Is ``word`` spelled correctly (or exempt)?"""
        if any(f.search(word) for f in self.filters):
            return True
        d = self.dictionary
        if word in d:
            return True
        if word.endswith(_POSSESSIVE) and word[:-2] in d:
            return True
        return self.accept is not None and self.accept.fullmatch(word) is not None

    def run(self, doc, segments):
        text = self.dictionary.convert(doc.prose)
        seen = set()
        for seg in sorted(segments, key=lambda s: s.start):
            for off, word in words_in(text, seg.start, seg.end):
                if off in seen or not any(c.isalpha() for c in word):
                    continue  # placeholders, dashes, symbols: not words
                seen.add(off)
                if not self.ok(word):
                    yield Finding(off, off + len(word), (doc.prose[off : off + len(word)],), self._suggest(word))

    def _suggest(self, word: str) -> tuple[str, ...]:
        # A misspelling tends to recur; its suggestions are worked out once.
        cache = self.__dict__.setdefault("_suggestions", {})
        if word not in cache:
            cache[word] = tuple(self.dictionary.suggest(word))
        return cache[word]


def _find(name: str, bases: list[str], sub: str = "") -> str | None:
    for cand in [name, *(os.path.join(b, name) for b in bases), *(os.path.join(b, sub, name) for b in bases if sub)]:
        if os.path.isfile(cand):
            return os.path.abspath(cand)
    return None
