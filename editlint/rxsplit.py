"""An alternation run in parts: the crate for the alternatives it reads as
``regex`` does, ``regex`` for the rest, with ``regex``'s matches.

Word lists and marker lists compile to one alternation, ``(?:a)|(?:b)|...``,
and one lookbehind or negative lookahead among twenty alternatives sends the
whole of it to the ``regex`` module (:mod:`editlint.rxroute` turns those
down), which then tries every alternative at every position of the text.
Here the top-level alternatives are grouped into runs of neighbours that
go to the same engine (each run one pattern, its alternatives in their
order), and ``finditer`` is worked out from the runs' own searches as a
backtracking engine reads an alternation: the match starting first wins;
of matches starting at one place, the earliest alternative's; the next
search starts where that match ended (runs whose next match starts before
it search again from there).  Each run's match at a place is the one its
alternatives would give inside the whole pattern, so the matches are the
whole pattern's.  Only patterns without capture groups or inline flags are
split, and an empty match gives up (the whole pattern is scanned instead:
where empty matches go next differs between the engines' rules).
"""

from __future__ import annotations

import time

import regex

from . import rxroute
from .caches import regexes

#: The inline flags a split would move from the whole pattern to one part.
_INLINE_FLAG = regexes.compile(r"\(\?[a-zA-Z^-]")


def alternatives(pattern: str) -> list[str] | None:
    """The alternatives of ``pattern``: its top-level ones, or those of a
    group around all of it (``(?:a|b)``, also between ``\\b``s: ``\\b(?:a|b)\\b``
    reads as ``\\b(?:a)\\b|\\b(?:b)\\b``); None when it has one."""
    parts = _top_level(pattern)
    if parts is not None:
        return parts
    for prefix in ("", "\\b"):
        if not pattern.startswith(prefix + "(?:"):
            continue
        close = closing_paren(pattern, len(prefix))
        suffix = pattern[close + 1 :] if close > 0 else None
        if suffix in ("", "\\b"):
            inner = _top_level(pattern[len(prefix) + 3 : close])
            if inner is not None:
                return [f"{prefix}(?:{part}){suffix}" for part in inner]
    return None


def _top_level(pattern: str) -> list[str] | None:
    out, depth, start = [], 0, 0
    for i, c in rxroute.structure(pattern):
        if c is None:
            return None
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    if depth != 0 or not out:
        return None
    out.append(pattern[start:])
    return out


def closing_paren(pattern: str, at: int) -> int:
    """Index of the parenthesis closing the group opening at ``at``, or -1."""
    depth = 0
    for i, c in rxroute.structure(pattern, at):
        if c is None:
            return -1
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


class _GroupFree:
    """What match objects ask of a pattern without groups."""

    groups = 0
    groupindex: dict = {}
    parents = [0]
    in_lookahead = frozenset()
    names = [None]


_NO_GROUPS = _GroupFree()


class Split:
    """Runs of an alternation's parts, each for one engine (see the module doc)."""

    __slots__ = ("pattern", "runs")

    def __init__(self, pattern: str, runs: list):
        self.pattern = pattern
        #: (native, None) or (None, compiled regex), in the alternation's order.
        self.runs = runs

    def matches(self, text: str, pos: int, end: int, budget: float):
        """The whole pattern's matches in ``text[pos:end]``, as match objects;
        None when the crate cannot read ``text`` or a part matched empty."""
        targets = []
        for native, _ in self.runs:
            if native is not None:
                target = native.target(text, end)
                if target is None:
                    return None
                targets.append(target)
            else:
                targets.append(None)
        spent = [0.0]
        heads: list = [None] * len(self.runs)  # each run's next match (start, end); False: none left
        found = []
        while pos <= end:
            best = None
            for r, (native, compiled) in enumerate(self.runs):
                head = heads[r]
                if head is None or (head is not False and head[0] < pos):
                    if native is not None:
                        m = native.find_one(targets[r], text, pos, end, False)
                    else:
                        m = _search(compiled, text, pos, end, budget, spent, self.pattern)
                    head = heads[r] = (m.start(), m.end()) if m is not None else False
                if head is not False and (best is None or head[0] < best[0]):
                    best = head
            if best is None:
                break
            if best[0] == best[1]:
                return None
            found.append(rxroute.NativeMatch(text, list(best), _NO_GROUPS))
            pos = best[1]
        return found


def _search(compiled, text: str, pos: int, end: int, budget: float, spent: list, pattern: str):
    """``compiled.search`` under what is left of the scan's CPU budget."""
    from .guard import _RETRIES, PatternTimeout

    wall = max(budget - spent[0], 0.05)
    for _ in range(_RETRIES + 1):
        start = time.thread_time()
        try:
            m = compiled.search(text, pos, end, timeout=wall)
            spent[0] += time.thread_time() - start
            return m
        except TimeoutError:
            spent[0] += time.thread_time() - start
            if spent[0] >= budget * 0.95:
                break
            wall *= 2
    raise PatternTimeout(pattern, budget)


def compile_split(pattern: str, flags: int = 0) -> Split | None:
    """``pattern`` in runs when it is an alternation without groups or inline
    flags and the crate can run some of it, else None."""
    if _INLINE_FLAG.search(pattern) or "\\Q" in pattern:
        return None
    parts = alternatives(pattern)
    if parts is None:
        return None
    try:
        if regexes.compile(pattern, flags).groups:
            return None
    except regex.error:
        return None
    kinds = [rxroute.compile_native(p, flags) is not None for p in parts]
    if not any(kinds):
        return None
    runs, k = [], 0
    while k < len(parts):
        j = k
        while j < len(parts) and kinds[j] == kinds[k]:
            j += 1
        joined = "|".join(parts[k:j])
        if kinds[k]:
            native = rxroute.compile_native(joined, flags)
            if native is None:
                return None
            runs.append((native, None))
        else:
            runs.append((None, regexes.compile(joined, flags)))
        k = j
    return Split(pattern, runs)
