"""Finding blocks that repeat other blocks (pasted twice, or a truncated teaser).

Shared by the ``duplicate`` rule type, by ``echo`` (a word in a pasted copy is
not a new use) and by the ``repeat`` scope (so wording rules can skip copies
instead of reporting every problem twice).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from functools import lru_cache
from itertools import islice

from ..caches import regexes
from .scan import fold_words

_TRUNCATION = regexes.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")


@lru_cache(maxsize=4096)  # (32,768 paragraphs and their folds held 16 MB of a 5 MB file's run)
def fold(text: str) -> str:
    """Case-, punctuation- and whitespace-insensitive form of ``text``: its
    runs of letters and digits, lower case, one space apart."""
    if text.rstrip().endswith(("…", "...", "]")):  # (\s is white space to str.rstrip too)
        text = _TRUNCATION.sub("", text)
    return fold_words(text.lower())


def find_repeats(texts, min_words: int = 4, prefix_min_words: int = 8) -> list[tuple[int, int, int]]:
    """``(start, end, original_start)`` for each copy among ``(start, end, text[, group])`` blocks.

    An exact repeat (after folding) is the later block.  When one block is a
    truncated start of another, the shorter one is the copy, wherever it stands.
    Blocks are only compared within the same ``group`` (a document section).
    """
    seen: dict[tuple, int] = {}
    # A truncated copy shares its first words with the original: blocks are
    # kept in buckets by their first words, and within a bucket sorted, so
    # each block is compared by bisection and by its own word-boundary
    # prefixes, never with every block before it (40,000 list items that
    # share their first words took minutes).
    kept: dict[tuple, _Bucket] = {}
    out: list[tuple[int, int, int]] = []
    for item in texts:
        start, end, text = item[:3]
        group = item[3] if len(item) > 3 else None
        f = fold(text)
        words = f.split()
        if len(words) < min_words:
            continue
        if (f, group) in seen:
            out.append((start, end, seen[(f, group)]))
            continue
        copy = None
        head = (group, tuple(words[:prefix_min_words]))
        bucket = kept.get(head)
        if bucket is not None and len(words) >= prefix_min_words:
            longer = bucket.extending(f)
            if longer is not None:
                copy = (start, end, longer[0])  # this block is a truncated copy of an earlier one
            else:
                shorter = bucket.prefix_of(f, prefix_min_words)
                if shorter is not None:
                    copy = (shorter[0], shorter[1], start)  # the earlier block was the truncated copy
        if copy:
            out.append(copy)
        seen[(f, group)] = start
        if bucket is None:
            bucket = kept[head] = _Bucket()
        bucket.add(f, start, end)
    return sorted(out)


class _Bucket:
    """Folded blocks that share their first words, searchable by prefix."""

    __slots__ = ("spans", "order")

    def __init__(self):
        self.spans: dict[str, tuple[int, int]] = {}
        self.order: list[str] = []

    def add(self, f: str, start: int, end: int) -> None:
        if f not in self.spans:
            self.spans[f] = (start, end)
            insort(self.order, f)

    def extending(self, f: str) -> tuple[int, int] | None:
        """The earliest kept block that is ``f`` and more."""
        best = None
        # Everything that starts with f sorts right after it; a few dozen
        # looked at is enough to name an original (and keeps this bounded).
        i = bisect_left(self.order, f)
        for g in islice(self.order, i, i + 64):
            if not g.startswith(f):
                break
            if len(g) > len(f):
                span = self.spans[g]
                best = span if best is None or span < best else best
        return best

    def prefix_of(self, f: str, min_words: int) -> tuple[int, int] | None:
        """The earliest kept block that ``f`` starts with (at a word boundary)."""
        best = None
        pos = -1
        n = 0
        while True:
            pos = f.find(" ", pos + 1)
            if pos < 0:
                break
            n += 1
            if n >= min_words:
                span = self.spans.get(f[:pos])
                if span is not None and (best is None or span < best):
                    best = span
        return best
