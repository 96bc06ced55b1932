"""Word-level helpers shared by the editorial rule types."""

from __future__ import annotations

from functools import lru_cache

from ..caches import regexes

#: A word: letters, inner apostrophes, hyphenated parts ("laser-focused", "Meta's").
WORD = regexes.compile(r"\p{L}[\p{L}\p{M}]*(?:['’][\p{L}]+)*(?:-\p{L}[\p{L}\p{M}]*(?:['’][\p{L}]+)*)*")
#: The word after a position, past spaces on the same line ("cars" after "driverless ").
NEXT_WORD = regexes.compile(r"[ \t]+(\p{L}[\p{L}'’-]*)")

_NATIVE_WORD: list = []  # [the crate's WORD, or None]


def native_words(text: str):
    """``(haystack, compiled WORD)`` for scanning ``text``'s words with the
    compiled core, or None when it is not installed or reads a character of
    ``text`` differently from ``regex`` (see :mod:`editlint.rxroute`).

    Rule types ask it for the words they could report, so their Python
    loops see those only; whatever they do with them is unchanged.  Short
    prose is left to ``regex`` (see ``scan.NATIVE_MIN_CHARS``).
    """
    from ..language import scan

    if not scan.engaged():
        return None
    from ..rxroute import compile_native

    if not _NATIVE_WORD:
        _NATIVE_WORD.append(compile_native(WORD.pattern, WORD.flags))
    native = _NATIVE_WORD[0]
    return native.target(text, len(text)) if native is not None else None


STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
    now of off on once only or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves said says""".split()
)


@lru_cache(maxsize=1)
def _zipf():
    from wordfreq import zipf_frequency

    return zipf_frequency


_ZIPF_CACHE = None


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """Zipf frequency of ``word`` in English (7 = "the", 3 = rare, 0 = unknown).

    For a hyphenated compound this is the frequency of its rarest part, since
    wordfreq splits compounds into their parts.  Values persist in the word
    cache, so wordfreq is loaded only for words no earlier run has seen.
    """
    global _ZIPF_CACHE
    parts = [p for p in word.lower().replace("’", "'").split("-") if p]
    if not parts:
        return 0.0
    if _ZIPF_CACHE is None:
        from ..caches.words import WordCache

        _ZIPF_CACHE = WordCache("zipf")
    values = []
    for p in parts:
        v = _ZIPF_CACHE.get(p)
        if v is None:
            v = _zipf()(p, "en")
            _ZIPF_CACHE.put(p, v)
        values.append(v)
    return min(values)


def sentence_starts(text: str, sentences: list[tuple[int, int]]) -> set[int]:
    """Offsets where a sentence's first word begins (capitals there prove nothing)."""
    out: set[int] = set()
    for a, b in sentences:
        m = WORD.search(text, a, b)
        if m:
            out.add(m.start())
    return out


def doc_sentence_starts(doc) -> set[int]:
    """:func:`sentence_starts` of a document's prose, worked out once per
    document (or masked view) for every rule that asks."""
    found = doc.__dict__.get("_sentence_word_starts")
    if found is None:
        found = doc.__dict__["_sentence_word_starts"] = frozenset(sentence_starts(doc.prose, doc.sentences))
    return found


def possessive_base(word: str) -> str:
    """``Meta's`` -> ``Meta``; other words unchanged."""
    if word[-1:] not in ("s", "'", "’"):
        return word  # (every suffix below ends in one of these; most words do not)
    for suffix in ("'s", "’s", "s'", "s’"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)] if suffix[0] in "'’" else word[:-1]
    return word


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Edit distance counting a swap of neighbours as one edit ("Okonkow"/"Okonkwo"),
    capped at ``limit``: optimal string alignment, from rapidfuzz."""
    return min(osa(a, b, limit), limit)


#: Pairs of words compared in Python before rapidfuzz is imported for the
#: rest: a one-page draft compares a few dozen names (importing rapidfuzz
#: cost it 10 ms of start-up), a long document thousands.
PYTHON_PAIRS = 500
_pairs_in_python = 0


def _in_python(pairs: int) -> bool:
    """Whether ``pairs`` more comparisons stay within :data:`PYTHON_PAIRS` (they are counted)."""
    global _pairs_in_python
    if _pairs_in_python + pairs > PYTHON_PAIRS:
        return False
    _pairs_in_python += pairs
    return True


def osa(a: str, b: str, cutoff: int) -> int:
    """rapidfuzz's ``OSA.distance(a, b, score_cutoff=cutoff)``: the optimal
    string alignment distance, or ``cutoff + 1`` when it is larger."""
    if _in_python(1):
        return _osa(a, b, cutoff)
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b, score_cutoff=cutoff)


def within(word: str, others: list[str], cutoff: int) -> list[int]:
    """Indices of ``others`` at most ``cutoff`` from ``word`` by :func:`osa`,
    in order (rapidfuzz's ``process.extract`` with that scorer, in one call,
    once there are too many pairs for Python)."""
    if _in_python(len(others)):
        return [i for i, other in enumerate(others) if _osa(word, other, cutoff) <= cutoff]
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    return sorted(i for _, _, i in process.extract(word, others, scorer=OSA.distance, score_cutoff=cutoff, limit=None))


def _osa(a: str, b: str, cutoff: int) -> int:
    if abs(len(a) - len(b)) > cutoff:
        return cutoff + 1
    # Rows of the alignment table (insert, delete, substitute, and a swap
    # of neighbours, each costing one, no substring edited twice).
    before: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        ai = a[i - 1]
        for j in range(1, len(b) + 1):
            bj = b[j - 1]
            d = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ai != bj))
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == bj and ai != bj:
                d = min(d, before[j - 2] + 1)
            row[j] = d
        if min(row) > cutoff:
            return cutoff + 1
        before, prev = prev, row
    return prev[-1] if prev[-1] <= cutoff else cutoff + 1
