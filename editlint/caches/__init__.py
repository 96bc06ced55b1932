"""Caches: the result cache (a file's alerts under the same rules), the word
figures cache (syllables, frequencies) and the SQLite/atomic-write helpers
they share.  Losing any of them costs speed, never correctness."""

from __future__ import annotations


def bounded(entries: dict, used: set, limit: int) -> dict:
    """What a cache file keeps of ``entries`` (oldest first): those this run
    used, then the newest of the rest, ``limit`` in all."""
    items = list(entries.items())  # (a language server thread may still be adding)
    keep = {k: v for k, v in items if k in used}
    for k, v in reversed(items):
        if len(keep) >= limit:
            break
        keep.setdefault(k, v)
    return keep
