r"""echo: a distinctive word used again too soon.

A word is distinctive when it is rare in English by real word-frequency data
(wordfreq's Zipf scale: ``max_zipf``, default 3.6; for hyphenated compounds
the rarest part counts, so "laser-focused" is distinctive and "long-term" is
not).  Single words count when they look like style words (``suffixes``:
-ous, -ive, -al, -ly... ) so a technical noun used twice is not an echo.  Left alone: stopwords, short words, names (capitalised mid-sentence),
topic words (in the title, or used ``topic_count`` times or more), terms (a
repeat followed by the same word as the use before it: "driverless cars"),
words inside quotations, paragraphs that merely duplicate earlier ones, and
``exceptions``.  Each repeat within ``within`` words of the previous use is
flagged; the message receives the word and the line where it was first used.

Example::

    extends: echo
    message: "'%s' again (first used on line %s): vary the wording."
    level: warning
    # input: The plan was audacious. Critics called the pricing audacious too.
    # expect: 1:52 'audacious' again (first used on line 1): vary the wording.
"""

from __future__ import annotations

from .base import Check, Finding, SpanIndex, v_number, v_str_list
from .words import NEXT_WORD, STOPWORDS, WORD, doc_sentence_starts, native_words, zipf

DEFAULT_SUFFIXES = ("ous", "ful", "ive", "al", "ic", "ly", "able", "ible", "esque", "ary", "ish", "less", "some")


class Echo(Check):
    KEYS = {
        "max_zipf": v_number,
        "compound_max_zipf": v_number,
        "min_length": v_number,
        "within": v_number,
        "topic_count": v_number,
        "exceptions": v_str_list,
        "suffixes": v_str_list,
    }
    DEFAULT_SCOPE = ("text", "~quote")
    DEFAULT_MESSAGE = "'%s' again (first used on line %s)."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        self.max_zipf = float(options.get("max_zipf", 3.6))
        self.compound_max_zipf = float(options.get("compound_max_zipf", 4.5))
        self.min_length = int(options.get("min_length", 5))
        self.within = int(options.get("within", 0)) or None
        self.topic_count = int(options.get("topic_count", 5))
        self.exceptions = {e.lower() for e in options.get("exceptions", [])} | {v.lower() for v in self.vocab_accept}
        # Style words (adjectives, adverbs) echo; a technical noun repeated is
        # just the subject.  An empty list means every rare word counts.
        self.suffixes = tuple(options.get("suffixes", DEFAULT_SUFFIXES))

    def _distinctive(self, key: str) -> bool:
        if key in STOPWORDS or key in self.exceptions or len(key) < self.min_length:
            return False
        if "-" in key:
            # "laser-focused" is a figure of speech; "e-cigarette" is a thing.
            last = key.rsplit("-", 1)[1]
            if self.suffixes and not last.endswith(self.suffixes + ("ed", "ing")):
                return False
            return zipf(key) <= self.compound_max_zipf
        if self.suffixes and not key.endswith(self.suffixes):
            return False
        return zipf(key) <= self.max_zipf

    def run(self, doc, segments):
        prose = doc.prose
        starts = doc_sentence_starts(doc)
        quotes = SpanIndex(doc.quotes)
        title = _title_words(doc)
        skip = set(doc.repeats)
        # Pass 1: every word use in scope, with names and counts.
        uses: list[tuple[str, int, int, int]] = []  # key, start, end, word index
        names: set[str] = set()
        counts: dict[str, int] = {}
        normal: dict[str, str] = {}
        for start, end, index in self._words(prose, [(s.start, s.end) for s in segments if (s.start, s.end) not in skip]):
            word = prose[start:end]
            key = normal.get(word)
            if key is None:
                key = normal[word] = _normal(word)
            if word[0].isupper() and start not in starts:
                names.add(key)
            if quotes.contains(start, start + 1):
                continue
            counts[key] = counts.get(key, 0) + 1
            uses.append((key, start, end, index))
        last: dict[str, tuple[int, int]] = {}  # key -> (first start, last index)
        # Only words used twice can echo; each word's standing is decided once.
        eligible = {
            key: key not in names and key not in title and 2 <= n < self.topic_count and self._distinctive(key)
            for key, n in counts.items()
        }
        follows: dict[str, str | None] = {}  # key -> the word after its last use
        for key, start, end, idx in uses:
            if not eligible[key]:
                continue
            after = _next_word(prose, end)
            if key in last:
                first, prev_idx = last[key]
                # "driverless cars" ... "driverless cars": a term the story is
                # about, not a style word reached for twice.
                term = after is not None and after == follows.get(key)
                if not term and (self.within is None or idx - prev_idx <= self.within):
                    line = doc.position(doc.src_offset(first))[0]
                    yield Finding(start, end, (prose[start:end], line))
                last[key] = (first, idx)
            else:
                last[key] = (start, idx)
            follows[key] = after


    def _words(self, prose: str, segments: list[tuple[int, int]]):
        """``(start, end, n)`` of the words in ``segments`` (``n`` counts
        every word from 1); the compiled core leaves out those no setting
        here could report (a key too short, or without a listed ending)."""
        target = native_words(prose)
        if target is not None:
            hay, rx = target
            compound = self.suffixes + ("ed", "ing")
            flat = rx.echo_candidates(hay, segments, max(self.min_length, 0), list(self.suffixes), list(compound))
            return zip(flat[0::3], flat[1::3], flat[2::3])
        return self._all_words(prose, segments)

    @staticmethod
    def _all_words(prose: str, segments: list[tuple[int, int]]):
        index = 0
        for a, b in segments:
            for m in WORD.finditer(prose, a, b):
                index += 1
                yield m.start(), m.end(), index


def _next_word(prose: str, end: int) -> str | None:
    """The content word right after ``end`` in the same sentence ("cars" after
    "driverless"), singular; None before punctuation or a stopword."""
    m = NEXT_WORD.match(prose, end)
    if not m:
        return None
    w = m.group(1).lower()
    if w in STOPWORDS:
        return None
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w



def _normal(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w


def _title_words(doc) -> set[str]:
    """Words of the title: the first heading, or a short first line without a full stop."""
    for b in doc.blocks:
        text = doc.prose[b.start : b.end]
        if b.kind == "heading" or (doc.format == "text" and len(text.split()) <= 15 and not text.rstrip().endswith((".", "?", "!"))):
            return {_normal(m.group()) for m in WORD.finditer(text)}
        break
    return set()
