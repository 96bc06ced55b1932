"""Literal prefilters: text a pattern cannot match without.

Many style patterns are slow to scan but name a word every match must
contain: ``(?:[^\\s]* ){0,2}Builder`` matches nothing in a document without
"Builder", yet the scan tries it at every position.  :func:`cover` works out,
from the pattern's parse tree, a set of literal strings one of which is in
every match; a scan of a text that holds none of them is skipped, and an
alternation is reduced to the alternatives whose literals are present.
Both are exact: an alternative that cannot match anywhere never changes a
leftmost-first match.

The parse tree is the standard library's (``re._parser``); a pattern it
cannot read (``regex``-only syntax such as ``\\p{L}``) gets no prefilter.
Case-insensitive literals must be ASCII and are looked for in the lower-cased
text; the three non-ASCII characters the ``regex`` module matches to ASCII
letters without regard to case (İ, ſ, the Kelvin sign) turn the prefilter
off for a text that has them.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # the parser moved in Python 3.11; both spellings are the stdlib's
    from re import _constants as _c, _parser as _p
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

#: Non-ASCII characters that match ASCII letters case-insensitively.
_FOLDS_TO_ASCII = ("\u0130", "\u017f", "\u212a")
_REPEATS = tuple(getattr(_c, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, n))
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)


def _better(a, b):
    """The more selective of two covers: the longer shortest literal, then fewer."""
    if a is None:
        return b
    if b is None:
        return a
    ka, kb = (min(map(len, a)), -len(a)), (min(map(len, b)), -len(b))
    return a if ka >= kb else b


def _cover(seq, ignorecase: bool):
    best = None
    run: list[str] = []

    def take_run():
        nonlocal best
        if run:
            best = _better(best, frozenset({"".join(run)}))
            run.clear()

    for op, av in seq:
        if op is _c.LITERAL:
            ch = chr(av)
            if ignorecase and not ch.isascii():
                take_run()  # a non-ASCII letter may match other letters: not looked for
                continue
            run.append(ch.lower() if ignorecase else ch)
            continue
        take_run()
        found = None
        if op is _c.SUBPATTERN:
            _, add, delete, body = av
            if not add and not delete:
                found = _cover(body, ignorecase)
        elif op in _REPEATS:
            lo, _, body = av
            if lo >= 1:
                found = _cover(body, ignorecase)
        elif op is _c.BRANCH:
            covers = [_cover(b, ignorecase) for b in av[1]]
            if covers and all(c is not None for c in covers):
                found = frozenset().union(*covers)
        elif _ATOMIC is not None and op is _ATOMIC:
            found = _cover(av, ignorecase)
        best = _better(best, found)
    take_run()
    return best


@lru_cache(maxsize=4096)
def cover(pattern: str, flags: int = 0) -> tuple[frozenset[str], bool] | None:
    """``(literals, ignorecase)``: every match of ``pattern`` contains one of
    ``literals`` (lower case when ``ignorecase``); None when no such set is
    known.  ``flags`` are ``re``/``regex`` flags (only IGNORECASE matters)."""
    try:
        parsed = _p.parse(pattern, flags & (re.I | re.X))
    except Exception:  # noqa: BLE001 - syntax only the regex module reads
        return None
    ignorecase = bool((flags | parsed.state.flags) & re.I)
    found = _cover(list(parsed), ignorecase)
    if not found or "" in found:
        return None
    return found, ignorecase


def may_match(pattern_cover, doc) -> bool:
    """Whether a text can hold a match, given :func:`cover`'s answer."""
    if pattern_cover is None:
        return True
    literals, ignorecase = pattern_cover
    if ignorecase:
        prose = doc.prose
        if any(c in prose for c in _FOLDS_TO_ASCII):
            return True
        text = doc.prose_lower
    else:
        text = doc.prose
    return any(lit in text for lit in literals)


class LiteralGate:
    """Which alternatives of a list may match in a document.

    ``present(doc)`` gives the indices of the alternatives that can match
    somewhere in ``doc.prose`` (alternatives without a known cover always
    can), in their original order.
    """

    def __init__(self, alternatives: list[str], flags: int, covers=None):
        """``covers``: :func:`cover` of each alternative, when known already."""
        from .language.scan import LiteralSet

        self.covers = list(covers) if covers is not None else [cover(a, flags) for a in alternatives]
        self.useful = any(c is not None for c in self.covers)
        # Every literal once, by case: which alternatives each one admits.
        by_case: dict[bool, dict[str, list[int]]] = {False: {}, True: {}}
        for i, c in enumerate(self.covers):
            if c is not None:
                for lit in sorted(c[0]):
                    by_case[c[1]].setdefault(lit, []).append(i)
        self._always = [i for i, c in enumerate(self.covers) if c is None]
        self._sets = {ci: (LiteralSet(list(lits)), list(lits.values())) for ci, lits in by_case.items() if lits}

    def present(self, doc) -> tuple[int, ...]:
        if not self.useful:
            return tuple(range(len(self.covers)))
        # A masked view's text is its document's with spans blanked: what the
        # view holds, the document holds (asking the document is enough, and
        # its text is already indexed).
        doc = doc.__dict__.get("_structure_of") or doc
        found = set(self._always)
        for ci, (literals, admits) in self._sets.items():
            if ci and any(c in doc.prose for c in _FOLDS_TO_ASCII):
                found.update(i for group in admits for i in group)
                continue
            for k in literals.present(doc, lower=ci):
                found.update(admits[k])
        return tuple(sorted(found))


class ReducedAlternation:
    """An alternation cut, per document, to the alternatives that can match
    in it (see :class:`LiteralGate`); the cut patterns are kept for reuse.

    ``alternatives`` are what the literals are read from, ``pieces`` what the
    pattern joins (the same, or each wrapped in a named group), ``template``
    the ``str.format`` wrapping of the joined pieces, ``full`` the pattern
    of them all.
    """

    def __init__(self, alternatives: list[str], pieces: list[str], flags: int, template: str, full, covers=None):
        self.gate = LiteralGate(alternatives, flags, covers)
        self.pieces = pieces
        self.flags = flags
        self.template = template
        self.full = full
        self._cut: dict[tuple[int, ...], object] = {}

    def for_doc(self, doc) -> tuple[tuple[int, ...], object]:
        """The indices that can match in ``doc`` and their pattern (None when none can)."""
        from .guard import GuardedPattern

        present = self.gate.present(doc)
        if len(present) == len(self.pieces):
            return present, self.full
        if not present:
            return present, None
        pattern = self._cut.get(present)
        if pattern is None:
            if len(self._cut) >= 256:
                self._cut.clear()
            body = "|".join(self.pieces[i] for i in present)
            pattern = self._cut[present] = GuardedPattern(self.template.format(body), self.flags)
        return present, pattern

    def __getstate__(self):
        return {**self.__dict__, "_cut": {}}
