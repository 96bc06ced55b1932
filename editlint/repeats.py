"""Finding blocks that repeat other blocks (pasted twice, or a truncated teaser).

Shared by the ``duplicate`` rule type, by ``echo`` (a word in a pasted copy is
not a new use) and by the ``repeat`` scope (so wording rules can skip copies
instead of reporting every problem twice).
"""

from __future__ import annotations

import regex

_FOLD_DROP = regex.compile(r"[^\p{L}\p{N}\s]+")
_SPACES = regex.compile(r"\s+")
_TRUNCATION = regex.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")


def fold(text: str) -> str:
    """Case-, punctuation- and whitespace-insensitive form of ``text``."""
    text = _TRUNCATION.sub("", text)
    return _SPACES.sub(" ", _FOLD_DROP.sub(" ", text.lower())).strip()


def find_repeats(texts, min_words: int = 4, prefix_min_words: int = 8) -> list[tuple[int, int, int]]:
    """``(start, end, original_start)`` for each copy among ``(start, end, text[, group])`` blocks.

    An exact repeat (after folding) is the later block.  When one block is a
    truncated start of another, the shorter one is the copy, wherever it stands.
    Blocks are only compared within the same ``group`` (a document section).
    """
    seen: dict[tuple, int] = {}
    # A truncated copy shares its first words with the original: index kept
    # blocks by their first words so each block meets only likely partners.
    kept: dict[tuple, list[tuple[str, int, int]]] = {}
    out: list[tuple[int, int, int]] = []
    for item in texts:
        start, end, text = item[:3]
        group = item[3] if len(item) > 3 else None
        f = fold(text)
        words = len(f.split())
        if words < min_words:
            continue
        if (f, group) in seen:
            out.append((start, end, seen[(f, group)]))
            continue
        copy = None
        head = (group, tuple(f.split()[:prefix_min_words]))
        if words >= prefix_min_words:
            for g, s, e in kept.get(head, ()):
                if len(g) > len(f) and g.startswith(f):
                    copy = (start, end, s)  # this block is a truncated copy of an earlier one
                    break
                if len(f) > len(g) and f.startswith(g) and len(g.split()) >= prefix_min_words:
                    copy = (s, e, start)  # the earlier block was the truncated copy
                    break
        if copy:
            out.append(copy)
        seen[(f, group)] = start
        kept.setdefault(head, []).append((f, start, end))
    return sorted(out)
