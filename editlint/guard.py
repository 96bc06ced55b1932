"""One guarded matcher for every user-supplied regular expression.

Rules, exceptions, vocabularies, replacements, filters and `.vale.ini`
ignore patterns all come from users, and any of them can backtrack
catastrophically.  Every such pattern is a :class:`GuardedPattern`: each
call gets a time budget that grows with the text, and the budget is counted
in *CPU* time of the matching thread, not wall time, so a busy CI runner does
not abandon an honest scan.  (The ``regex`` module's own timeout is wall
time: a call that runs out of it is retried with a longer allowance until
the thread has actually spent the budget.)

A pattern that spends its budget raises :class:`PatternTimeout`; the engine
turns that into a rule failure for the file (exit 2), never a hang.
"""

from __future__ import annotations

import time

import regex

#: CPU seconds one scan may take, plus an allowance per character: honest
#: scans grow linearly with the text, catastrophic ones exponentially.
MATCH_TIMEOUT = 2.0
SECONDS_PER_CHAR = 0.5e-6
#: How many times a wall-clock timeout is retried (each with double the
#: allowance) while the thread has not yet spent its CPU budget.
_RETRIES = 4


class PatternTimeout(TimeoutError):
    """A user pattern spent its CPU budget on one scan."""

    def __init__(self, pattern: str, budget: float):
        super().__init__(f"regex {pattern[:60]!r} ran over {budget:.1f} s of CPU (catastrophic backtracking?)")
        self.pattern = pattern
        self.budget = budget


def scan_timeout(chars: int) -> float:
    """CPU seconds allowed for one scan over ``chars`` characters."""
    return MATCH_TIMEOUT + chars * SECONDS_PER_CHAR


def _span(args, kwargs, text) -> int:
    pos = args[0] if args else kwargs.get("pos", 0)
    end = args[1] if len(args) > 1 else kwargs.get("endpos", None)
    n = len(text)
    return max(0, (n if end is None else min(end, n)) - (pos or 0))


def _engaged() -> bool:
    """Whether the compiled core's regex engine may run (see ``scan.engaged``)."""
    global _scan
    if _scan is None:
        from .language import scan as _scan
    return _scan.engaged()


_scan = None


#: Calls the compiled core's engine answers (``fullmatch`` and ``sub`` stay with ``regex``).
_ROUTED = frozenset(("search", "match", "findall"))


class GuardedPattern:
    """A compiled ``regex`` pattern whose every call is CPU-time bounded.

    Compiles on first use (most of a style's patterns are never needed for
    one short draft).  Offers the ``regex.Pattern`` methods editlint uses;
    a ``timeout=`` argument from a caller is replaced by the guard's own.
    """

    __slots__ = ("pattern", "flags", "_compiled", "_cover", "_seen", "_rx", "_split")

    def __init__(self, pattern: str, flags: int = 0, compiled=None):
        self.pattern = pattern
        self.flags = flags
        self._compiled = compiled
        self._cover = False  # not worked out yet
        self._seen = None  # (prose, may_match) for the text asked about last
        self._rx = False  # the compiled core's engine for it: not worked out yet
        self._split = False  # the same for its alternatives (rxsplit): not worked out yet

    @property
    def native(self):
        """The compiled core's regex engine for this pattern when it means
        the same there (:mod:`editlint.rxroute`), else None."""
        rx = self._rx
        if rx is False:
            from .rxroute import compile_native

            rx = self._rx = compile_native(self.pattern, self.flags)
        return rx

    def _native_for(self, text, end: int):
        """``(engine, target)`` when the compiled core scans ``text`` up to
        ``end`` (see ``rxroute.Native.target``), else ``(None, None)``."""
        if type(text) is not str or not _engaged():
            return None, None
        rx = self.native
        if rx is None:
            return None, None
        return rx, rx.target(text, end)

    def may_match(self, doc) -> bool:
        """False when ``doc``'s prose lacks every literal a match must
        contain (:mod:`editlint.literals`): the scan can be skipped."""
        if self._cover is False:
            from .literals import cover

            self._cover = cover(self.pattern, self.flags)
        if self._cover is None:
            return True
        seen = self._seen
        if seen is not None and seen[0] is doc.prose:
            return seen[1]  # rules ask once per segment set: once per text is enough
        from .literals import may_match

        answer = may_match(self._cover, doc)
        self._seen = (doc.prose, answer)
        return answer

    @property
    def compiled(self) -> regex.Pattern:
        c = self._compiled
        if c is None:
            from .caches import regexes

            c = self._compiled = regexes.compile(self.pattern, self.flags)
        return c

    def __getattr__(self, name):
        # groups, groupindex and the like come straight from the pattern.
        return getattr(self.compiled, name)

    def _call(self, method: str, text, args, kwargs, lead=()):
        """``pattern.method(*lead, text, *args)`` under the CPU budget: a
        wall-clock timeout is retried with twice the allowance until the
        thread itself has spent the budget."""
        kwargs.pop("timeout", None)
        if method in _ROUTED and not kwargs:
            pos = args[0] if args else 0
            end = len(text) if len(args) < 2 or args[1] is None else min(args[1], len(text))
            rx, target = self._native_for(text, end)
            if target is not None:
                if method == "findall":
                    return rx.findall(target, text, pos, end)
                return rx.find_one(target, text, pos, end, method == "match")
        budget = scan_timeout(_span(args, kwargs, text))
        fn = getattr(self.compiled, method)
        wall = budget
        for _ in range(_RETRIES + 1):
            start = time.thread_time()
            try:
                return fn(*lead, text, *args, timeout=wall, **kwargs)
            except TimeoutError:
                if time.thread_time() - start >= budget * 0.95:
                    break
                wall *= 2
        raise PatternTimeout(self.pattern, budget)

    def search(self, text, *args, **kwargs):
        return self._call("search", text, args, kwargs)

    def match(self, text, *args, **kwargs):
        return self._call("match", text, args, kwargs)

    def fullmatch(self, text, *args, **kwargs):
        return self._call("fullmatch", text, args, kwargs)

    def findall(self, text, *args, **kwargs):
        return self._call("findall", text, args, kwargs)

    def sub(self, repl, text, count: int = 0):
        return self._call("sub", text, (), {"count": count}, lead=(repl,))

    def count(self, text: str) -> int:
        """How many matches ``findall`` would return, without building them."""
        _, target = self._native_for(text, len(text))
        if target is not None:
            return target[1].count(target[0], 0, len(text))
        return len(self.findall(text))

    def in_segments(self, text: str, segments: list[tuple[int, int]]):
        """Matches of ``text[a:b]`` for each segment, each scanned as a text
        of its own, in offsets of ``text`` (an iterator); None when the
        compiled core cannot answer (then scan the slices)."""
        rx, target = self._native_for(text, len(text))
        if target is None:
            return None
        n = len(text)
        segments = [(min(max(a, 0), n), min(max(b, 0), n)) for a, b in segments]  # clamped to the text
        if rx.ends and any(b > a and text[b - 1] == "\n" for a, b in segments):
            return None
        return rx.in_segments(target, text, segments)

    def finditer(self, text, pos: int = 0, endpos: int | None = None, **kwargs):
        """Matches in order (an iterator)."""
        kwargs.pop("timeout", None)
        end = len(text) if endpos is None else min(endpos, len(text))
        if not kwargs:
            rx, target = self._native_for(text, end)
            if target is not None:
                return rx.finditer(target, text, pos, end)  # linear time: no budget needed
            if rx is None and type(text) is str and _engaged():
                split = self._split
                if split is False:
                    from .rxsplit import compile_split

                    split = self._split = compile_split(self.pattern, self.flags)
                if split is not None:
                    found = split.matches(text, max(pos, 0), end, scan_timeout(max(0, end - pos)))
                    if found is not None:
                        return iter(found)
        return self._finditer(text, pos, end, kwargs)

    def _finditer(self, text, pos: int, end: int, kwargs):
        """``regex``'s matches under the CPU budget: a wall-clock timeout
        resumes after the last match until the scan has spent the budget."""
        budget = scan_timeout(max(0, end - pos))
        wall = budget
        spent = 0.0
        last = None  # the last match yielded
        skip: tuple[int, int] | None = None
        cur = pos
        for _ in range(_RETRIES + 1):
            start = time.thread_time()
            try:
                for m in self.compiled.finditer(text, cur, end, timeout=wall, **kwargs):
                    if skip is not None:
                        again, skip = m.span() == skip, None
                        if again:
                            continue  # the empty match a resumed scan finds again
                    last = m
                    yield m
                return
            except TimeoutError:
                spent += time.thread_time() - start
                if spent >= budget * 0.95:
                    break
                wall *= 2
                if last is not None:
                    cur, skip = last.end(), last.span()
        raise PatternTimeout(self.pattern, budget)

    def __reduce__(self):
        return (GuardedPattern, (self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"GuardedPattern({self.pattern!r})"


def guarded(pattern: str, flags: int = 0) -> GuardedPattern:
    """Compile ``pattern`` now (so errors surface at load time) and guard it."""
    from .caches import regexes

    return GuardedPattern(pattern, flags, regexes.compile(pattern, flags))
