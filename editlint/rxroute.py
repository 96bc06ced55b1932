"""Which user patterns the compiled regex engine runs, and its match objects.

Vale styles hold hundreds of regular expressions, and Python's ``regex``
module backtracks through them at a few MB/s.  The ``regex`` crate (in the
compiled core, ``editlint_native.Regex``) runs the same pattern in linear
time, many times faster, but its language is not quite the same.  A pattern
goes to the crate only when its meaning there is provably Python's, else it
stays with ``regex`` (which is also what runs without the compiled core):

- :func:`screen` accepts the syntax both read alike (general categories
  such as ``\\p{Lu}`` in case-sensitive patterns among it): no lookaround or
  back-references (the crate rejects those anyway), no possessive or
  doubled quantifiers (the crate reads ``a*+`` as ``(a*)+``), no ``\\<``,
  ``\\>``, ``\\z``, nested classes or class operators (``&&``, ``--``,
  ``~~`` are set operations there, literals here), inline flags only at the
  start or scoped, only the ``i``, ``m`` and ``s`` flags, and under ``i`` no
  letters outside ASCII (caseless dashes and quotes are fine);
- the crate rejects what it does not know, and a pattern that can match the
  empty string stays with ``regex`` (the two iterate over empty matches
  differently);
- per text, :func:`text_fits`: the two engines' Unicode tables differ on
  17,850 code points (characters assigned since the older of the two
  Unicode versions, and ``İ``/``ı`` under case folding), listed in
  :data:`_DIFFERS`; a text holding one of them is scanned by ``regex``; so
  is one ending in a newline for a pattern with a non-multi-line ``$``
  (Python's also matches before it).

``tests/test_rxroute.py`` checks the list against both engines over every
code point, and compares the engines on generated patterns and texts.
``EDITLINT_NATIVE=0`` turns the routing off with the rest of the core.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import regex

from .language import scan

_FLAGS = regex.I | regex.M | regex.S | regex.U | regex.V0
#: Code points where the crate's and the ``regex`` module's ``\\w``, ``\\d``,
#: ``\\b``, general categories or case-insensitive ASCII letters differ (see
#: the module docstring).
_DIFFERS_RANGES = (
    "0130 0295 0558-0559 058B-058C 05C7-05C9 088E-088F 0B53-0B55 0C5C-0C5D 0CDC-0CDD 1ACE-1AF0 208F-2090 "
    "209C-209F 20C1-20C4 2B96 2E60-2E63 A7CD-A7D5 A7DC-A7DD A7E2 A7F1-A7F2 AB6C-AB6D FBC3-FBD2 FD90-FD91 "
    "FDC8-FDCE 107BA-107BF 10940-10959 10EC4-10EC7 10EC9-10EEE 10EF0-10EFC 11B0A 11B60-11B67 11DB0-11DDB "
    "11DE0-11DE9 11DF0-11DF1 1246E-1246F 12475-12480 12550-12686 16EA0-16EB8 16EBB-16ED3 16FF1-16FF6 "
    "187F7-18800 18CD5-18CDA 18D08-18D20 18D80-18DF2 18E00-19191 191A0-191D2 1B122-1B128 1B167-1B168 "
    "1CCFA-1CCFC 1CEBA-1CED0 1CED2-1CED4 1CEDD-1CEFD 1D127-1D128 1D1EB-1D1FF 1D250-1D281 1D6A5-1D6A6 "
    "1DB00-1DB1C 1DF1E-1DF25 1DF2A-1DF81 1DF90-1DF96 1DFCD-1E000 1E6C0-1E6DE 1E6E0-1E6F5 1E6FE-1E6FF "
    "1F1AE 1F6D8-1F6D9 1F777-1F77A 1F7DA-1F7DB 1F7F1-1F7FF 1F8D0-1F8D8 1FA54-1FA57 1FA8A-1FA8E 1FAC8 "
    "1FACC-1FACD 1FADD 1FAEA-1FAEB 1FAEF 1FAF9-1FAFA 1FBFA 2B739-2B740 2B81D-2B81E 2CEA1-2CEAD "
    "323AF-33479 3D000-3FC3F"
)


def _ranges(spec: str) -> list[tuple[int, int]]:
    out = []
    for part in spec.split():
        a, _, b = part.partition("-")
        out.append((int(a, 16), int(b or a, 16)))
    return out


_DIFFERS = _ranges(_DIFFERS_RANGES)


def differs(c: str) -> bool:
    """Whether the two engines read the character ``c`` differently (in :data:`_DIFFERS`)."""
    from bisect import bisect_right

    k = bisect_right(_DIFFERS, (ord(c), 0x110000)) - 1
    return k >= 0 and _DIFFERS[k][0] <= ord(c) <= _DIFFERS[k][1]
_QUANT = frozenset("*+?{")
#: Unicode general categories both engines name alike (``\\p{Lu}``, ``\\pL``),
#: allowed in case-sensitive patterns; the code points their tables
#: disagree on are in :data:`_DIFFERS`.
_CATEGORIES = frozenset("L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp".split())
_PROPERTY = re.compile(r"\\[pP](?:\{(\w+)\}|([A-Z]))")


def _property_end(pattern: str, i: int, ignorecase: bool) -> int | None:
    """Index after the ``\\p``/``\\P`` escape at ``i``, or None when the
    engines may read it differently (not a general category, or case folding)."""
    m = _PROPERTY.match(pattern, i)
    if m is None or ignorecase or (m.group(1) or m.group(2)) not in _CATEGORIES:
        return None
    return m.end()
#: Escapes both engines read alike, outside and inside classes.
_ESCAPES = frozenset("bBwWdDsSAntrfvxu") | frozenset("\\.^$|?*+()[]{}/-'\"#&~:,!@%=; `")
_CLASS_ESCAPES = frozenset("wWdDsSntrfvxu") | frozenset("\\.^$|?*+()[]{}/-'\"#&~:,!@%=; `")


class Screened(NamedTuple):
    """What :func:`screen` found in a pattern both engines read alike."""

    #: The enclosing capture group of each capture group (0: none).
    parents: list[int]
    #: Where the pattern has ``\\b`` or ``\\B``.
    boundaries: list[int]
    #: ``(open, close)`` of each positive lookahead, all in tail position.
    lookaheads: list[tuple[int, int]]
    #: Where each capture group opens, and where it closes.
    captures: list[int]
    closes: list[int]
    #: Capture groups inside a lookahead (they close, for Python, when it is tried).
    in_lookahead: frozenset[int] = frozenset()


def screen(pattern: str, flags: int = 0) -> Screened | None:
    """What the crate needs to run ``pattern`` as ``regex`` does, or None
    when the two may read it differently (conservative: None may also mean
    "not sure").  A positive lookahead is accepted where nothing follows it
    in its match (``I(?=\\s)``, ``a(?=b)|c``): the crate consumes it and
    the match is cut back (see :func:`compile_native`)."""
    if flags & ~_FLAGS:
        return None
    boundaries = []
    lookaheads: list[tuple[int, int]] = []
    captures: list[int] = []
    closes: dict[int, int] = {}
    in_lookahead: set[int] = set()
    opened: list[int] = []  # where each open group opened

    def open_capture(at: int) -> None:
        parents.append(_enclosing(stack))
        stack.append(len(parents) - 1)
        captures.append(at)
        opened.append(at)
        if _LOOKAHEAD in stack:
            in_lookahead.add(len(parents) - 1)

    ignorecase = bool(flags & regex.I)
    parents = [0]
    stack: list[int] = []  # open groups: capture index, or 0 for a non-capturing one
    i, n = 0, len(pattern)
    quantified = False  # the last token was a quantifier
    while i < n:
        c = pattern[i]
        if c in _QUANT and c != "{" or (c == "{" and re.match(r"\{\d*(?:,\d*)?\}", pattern[i:])):
            if quantified:
                if c != "?" or quantified == "lazy":
                    return None  # possessive, or a quantifier of a quantifier
                quantified = "lazy"
                i += 1
                continue
            quantified = True
            i = pattern.index("}", i) + 1 if c == "{" else i + 1
            continue
        quantified = False
        if c == "\\":
            end = _escape_end(pattern, i, _ESCAPES, ignorecase)
            if end is None:
                return None
            if pattern[i + 1] in "bB":
                boundaries.append(i)
            i = end
        elif c == "[":
            end = _class_end(pattern, i, ignorecase)
            if end is None:
                return None
            i = end
        elif c == "(":
            if pattern.startswith("(?=", i):
                if _LOOKAHEAD in stack:
                    return None  # a lookahead inside a lookahead
                stack.append(_LOOKAHEAD)
                opened.append(i)
                i += 3
                continue
            if pattern.startswith("(?", i):
                m = re.match(r"\(\?(?:P?<([A-Za-z_]\w*)>|(:)|([ims]*(?:-[ims]+)?)(:|\)))", pattern[i:])
                if m is None:
                    return None  # lookbehind, negative lookahead, back-reference, comment, other flags
                if m.group(1):
                    open_capture(i)
                elif m.group(2) or m.group(4) == ":":
                    stack.append(0)
                    opened.append(i)
                elif i != 0 or "-" in m.group(3):
                    return None  # a global flag after the start applies everywhere in Python
                i += m.end()
                continue
            open_capture(i)
            i += 1
        elif c == ")":
            if not stack:
                return None
            group = stack.pop()
            if group == _LOOKAHEAD:
                lookaheads.append((opened[-1], i))
            elif group > 0:
                closes[group] = i
            opened.pop()
            i += 1
        else:
            if ignorecase and not _caseless(c):
                return None
            i += 1
    if stack or not all(_in_tail(pattern, close + 1) for _, close in lookaheads):
        return None
    return Screened(parents, boundaries, lookaheads, captures, [closes[g] for g in range(1, len(parents))], frozenset(in_lookahead))


_LOOKAHEAD = -1  # on the group stack: an open lookahead


def _in_tail(pattern: str, k: int) -> bool:
    """Whether nothing that matches text follows position ``k``: only group
    ends (not repeated) up to the pattern's end, skipping the other
    alternatives of each group."""
    n = len(pattern)
    while k < n:
        c = pattern[k]
        if c == ")":
            if k + 1 < n and (pattern[k + 1] in "*+?" or pattern[k + 1] == "{"):
                return False
            k += 1
        elif c == "|":
            k = _group_end(pattern, k)
        else:
            return False
    return True


def _group_end(pattern: str, k: int) -> int:
    """The index of the ``)`` closing the group that holds position ``k``
    (the pattern's length at the top level)."""
    depth = 0
    for i, c in structure(pattern, k):
        if c is None:
            break
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return i
            depth -= 1
    return len(pattern)


def structure(pattern: str, i: int = 0):
    """``(index, char)`` of the parentheses and bars from ``i`` on, outside
    escapes and classes; ``(index, None)`` at a class this module does not
    read, and nothing after it."""
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = _class_end(pattern, i, False)
            if j is None:
                yield i, None
                return
            i = j
            continue
        if c in "()|":
            yield i, c
        i += 1


def _escape_end(pattern: str, i: int, allowed: frozenset[str], ignorecase: bool) -> int | None:
    """Index after the escape at ``i`` when both engines read it alike
    (``allowed``: the escapes of this context), else None."""
    n = len(pattern)
    if i + 1 < n and pattern[i + 1] in "pP":
        return _property_end(pattern, i, ignorecase)
    if i + 1 >= n or pattern[i + 1] not in allowed or (ignorecase and pattern[i + 1] in "xu"):
        return None  # (a code point under case folding could be any letter)
    return i + 2


def _caseless(c: str) -> bool:
    """Whether case folding leaves ``c`` alone in both engines: ASCII (whose
    folding they share), or punctuation, a symbol or a space with no case
    (dashes, quotes); letters past ASCII fold differently between them."""
    if c.isascii():
        return True
    import unicodedata

    return c.lower() == c == c.upper() == c.casefold() and unicodedata.category(c)[0] in "PSZ"


def _enclosing(stack: list[int]) -> int:
    return next((g for g in reversed(stack) if g > 0), 0)


def _class_end(pattern: str, i: int, ignorecase: bool) -> int | None:
    """Index after the class opening at ``i`` (Python's reading), or None
    when the crate could read it otherwise."""
    n = len(pattern)
    j = i + 1
    if j < n and pattern[j] == "^":
        j += 1
    first = True
    while j < n:
        c = pattern[j]
        if c == "]" and not first:
            return j + 1
        first = False
        if c == "\\":
            j = _escape_end(pattern, j, _CLASS_ESCAPES, ignorecase)
            if j is None:
                return None
            continue
        if c == "[" or (c in "&-~" and pattern.startswith(c * 2, j)):
            return None
        if ignorecase and not _caseless(c):
            return None
        j += 1
    return None


def ascii_boundaries(pattern: str, at: list[int]) -> str:
    """``pattern`` with the ``\\b``/``\\B`` escapes at ``at`` made ASCII ones."""
    out, last = [], 0
    for i in at:
        out.append(pattern[last:i])
        out.append(f"(?-u:{pattern[i:i + 2]})")
        last = i + 2
    out.append(pattern[last:])
    return "".join(out)


class Native:
    """A pattern the crate runs: the compiled pattern and what match objects need."""

    __slots__ = ("rx", "pattern", "flags", "groups", "groupindex", "names", "parents", "in_lookahead", "ends", "_boundaries", "_ascii", "_compiled", "_args")

    def __init__(self, rx, pattern: str, flags: int, screened: Screened, compiled: str, args, boundaries: list[int]):
        """``compiled``, ``args``, ``boundaries``: what :func:`_translated` made of it."""
        self.rx = rx
        self.pattern = pattern
        self.flags = flags
        self.groups = rx.groups
        self.names = rx.names
        self.groupindex = {name: g for g, name in enumerate(self.names) if name}
        self.parents = screened.parents
        self.in_lookahead = screened.in_lookahead
        self.ends = rx.ends
        self._compiled = compiled  # what the crate compiled (lookaheads consumed)
        self._args = args
        self._boundaries = boundaries
        self._ascii = None if boundaries else rx

    def target(self, text: str, end: int):
        """``(haystack, compiled pattern)`` for scanning ``text`` up to
        ``end`` with the crate, or None when ``regex`` must scan it."""
        if scan._native is None:
            return None  # turned off since the pattern was compiled (tests do)
        if self.ends and end > 0 and text[end - 1] == "\n":
            return None
        hay, fits = haystack(text)
        if not fits:
            return None
        if hay.ascii_words and not text.isascii():
            # Unicode \b makes the crate's automata give way to a slow
            # engine at the first character past ASCII; here an ASCII \b
            # means the same.
            rx = self._ascii
            if rx is None:
                rx = self._ascii = scan._native.Regex(ascii_boundaries(self._compiled, self._boundaries), *_flag_args(self.flags), *self._args)
            return hay, rx
        return hay, self.rx

    def finditer(self, target, text: str, pos: int, end: int):
        hay, rx = target
        pos = max(pos, 0)
        step = 64
        width = 2 * (self.groups + 1)
        while pos < end:  # the pattern cannot match empty
            spans = rx.find_all(hay, pos, end, step)
            for k in range(0, len(spans), width):
                yield NativeMatch(text, spans[k : k + width], self)
            if len(spans) < step * width:
                return
            pos = spans[-width + 1]
            step = min(step * 4, 1 << 16)

    def in_segments(self, target, text: str, segments: list[tuple[int, int]]):
        """Matches of each segment of ``text`` scanned as a text of its own
        (Python's ``pattern.finditer(text[a:b])``), in offsets of ``text``."""
        hay, rx = target
        spans = rx.find_in_segments(hay, segments)
        width = 2 * (self.groups + 1) + 1
        for k in range(0, len(spans), width):
            yield NativeMatch(text, spans[k + 1 : k + width], self)

    def find_one(self, target, text: str, pos: int, end: int, anchored: bool):
        hay, rx = target
        spans = rx.find_one(hay, max(pos, 0), end, anchored)
        return NativeMatch(text, spans, self) if spans else None

    def findall(self, target, text: str, pos: int, end: int) -> list:
        out = []
        for m in self.finditer(target, text, pos, end):
            if self.groups == 0:
                out.append(m.group())
            elif self.groups == 1:
                out.append(m.group(1) or "")
            else:
                out.append(m.groups(""))
        return out


#: The texts scanned last, each with its compiled-core copy and whether it
#: fits: every pattern of a style scans the same prose in turn.
_haystacks: dict[int, tuple[str, object, bool]] = {}


def haystack(text: str) -> tuple[object, bool]:
    """The compiled core's copy of ``text`` (kept for the next pattern) and
    whether the crate reads every character of it as ``regex`` does."""
    entry = _haystacks.get(id(text))
    if entry is not None and entry[0] is text:
        return entry[1], entry[2]
    _native = scan._native
    global _differs_table
    if _differs_table is None:
        _differs_table = _native.CharRanges(_DIFFERS)
    try:
        hay = _native.Haystack.fitting(text.encode("utf-8"), _differs_table)
    except UnicodeEncodeError:
        hay = None  # lone surrogates: the crate reads UTF-8 only
    if len(_haystacks) >= 4:
        try:
            del _haystacks[next(iter(_haystacks))]
        except (KeyError, RuntimeError, StopIteration):
            pass  # another thread (the language server's) got there first
    _haystacks[id(text)] = (text, hay, hay is not None)
    return hay, hay is not None


_differs_table = None


def forget(text: str) -> None:
    """Let go of ``text`` and its compiled-core copy (the engine calls this
    when a masked view's prose will not be scanned again)."""
    entry = _haystacks.get(id(text))
    if entry is not None and entry[0] is text:
        _haystacks.pop(id(text), None)


def text_fits(text: str) -> bool:
    """Whether the crate reads every character of ``text`` as ``regex`` does
    (the Python statement of what ``Haystack.fitting`` checks)."""
    if any(differs(c) for c in text if not c.isascii()):
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _flag_args(flags: int) -> tuple[bool, bool, bool]:
    return bool(flags & regex.I), bool(flags & regex.M), bool(flags & regex.S)


def compile_native(pattern: str, flags: int = 0) -> Native | None:
    """The crate's compilation of ``pattern`` when it means the same there, else None.

    A lookahead in tail position (``I(?=\\s)``) is consumed instead: it
    becomes ``I()(?:\\s)``, and the empty group marks where the match the
    caller sees ends, as the lookahead would have it; the next search starts
    there too.  The pattern without its lookaheads must not match empty."""
    core = scan._native
    if core is None:
        return None
    screened = screen(pattern, flags)
    if screened is None:
        return None
    compiled, args, boundaries = _translated(pattern, screened)
    try:
        rx = core.Regex(compiled, *_flag_args(flags), *args)
    except ValueError:
        return None
    if rx.nullable or rx.groups != len(screened.parents) - 1:
        return None
    return Native(rx, pattern, flags, screened, compiled, args, boundaries)


_MARKER = "()(?:"  # what a consumed lookahead's "(?=" becomes


def _translated(pattern: str, screened: Screened):
    """The pattern the crate compiles, its extra arguments (the caller's
    groups, the markers, the pattern without lookaheads) and where its
    ``\\b`` escapes are."""
    if not screened.lookaheads:
        return pattern, (), screened.boundaries
    opens = [a for a, _ in screened.lookaheads]
    events = sorted([(p, False) for p in screened.captures] + [(p, True) for p in opens])
    keep, markers = [0], []
    for k, (_, marker) in enumerate(events, 1):
        (markers if marker else keep).append(k)
    # A group around a lookahead ends, for Python, where the lookahead begins.
    inside = [[m for m, (a, b) in zip(markers, screened.lookaheads) if start < a and b < end] for start, end in zip(screened.captures, screened.closes)]
    out, stripped, last = [], [], 0
    for a, b in screened.lookaheads:
        out.append(pattern[last:a] + _MARKER)
        stripped.append(pattern[last:a])
        out.append(pattern[a + 3 : b + 1])
        last = b + 1
    out.append(pattern[last:])
    stripped.append(pattern[last:])
    grow = len(_MARKER) - 3
    boundaries = [b + grow * sum(1 for a in opens if a < b) for b in screened.boundaries]
    return "".join(out), (keep, markers, "".join(stripped), inside), boundaries


class NativeMatch:
    """The parts of a ``regex`` match object rules use, over the crate's spans."""

    __slots__ = ("string", "_spans", "re")

    def __init__(self, string: str, spans: list[int], native: Native):
        self.string = string
        self._spans = spans
        self.re = native

    def _g(self, g) -> int:
        if type(g) is int:
            if 0 <= g <= self.re.groups:
                return g
        elif g in self.re.groupindex:
            return self.re.groupindex[g]
        raise IndexError("no such group")

    def start(self, g=0) -> int:
        return self._spans[2 * self._g(g)]

    def end(self, g=0) -> int:
        return self._spans[2 * self._g(g) + 1]

    def span(self, g=0) -> tuple[int, int]:
        k = 2 * self._g(g)
        return self._spans[k], self._spans[k + 1]

    def _text(self, g, default=None):
        k = 2 * self._g(g)
        a = self._spans[k]
        return default if a < 0 else self.string[a : self._spans[k + 1]]

    def group(self, *groups):
        if not groups:
            return self.string[self._spans[0] : self._spans[1]]
        if len(groups) == 1:
            return self._text(groups[0])
        return tuple(self._text(g) for g in groups)

    __getitem__ = _text

    def groups(self, default=None) -> tuple:
        return tuple(self._text(g, default) for g in range(1, self.re.groups + 1))

    def groupdict(self, default=None) -> dict:
        return {name: self._text(g, default) for name, g in self.re.groupindex.items()}

    @property
    def lastindex(self) -> int | None:
        """The capture group that closed last, as in Python: of those ending
        furthest on, an enclosing group after the groups inside it, else the later one."""
        s, parents, early = self._spans, self.re.parents, self.re.in_lookahead
        best = best_end = None
        for g in range(1, self.re.groups + 1):
            if s[2 * g] < 0:
                continue
            # A group inside a (tail) lookahead closes when the lookahead is
            # tried, at the end of the match.
            end = s[1] if g in early else s[2 * g + 1]
            if best is None or end > best_end or (end == best_end and not _inside(g, best, parents)):
                best, best_end = g, end
        return best

    @property
    def lastgroup(self) -> str | None:
        """As the ``regex`` module answers (not quite ``re``): the name of the
        last-numbered named group that took part, up to :attr:`lastindex`."""
        last = self.lastindex
        if last is None:
            return None
        names, s = self.re.names, self._spans
        return next((names[g] for g in range(last, 0, -1) if names[g] and s[2 * g] >= 0), None)

    def __repr__(self) -> str:
        return f"<NativeMatch span={self.span()} match={self.group()!r}>"


def _inside(g: int, outer: int, parents: list[int]) -> bool:
    while g:
        g = parents[g]
        if g == outer:
            return True
    return False
