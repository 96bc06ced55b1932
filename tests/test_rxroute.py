"""The compiled core's regex engine answers exactly as the ``regex`` module.

A user pattern runs in the ``regex`` crate only when :mod:`editlint.rxroute`
finds its meaning the same there; these tests hold that claim against both
engines: over every code point (the Unicode tables), over generated patterns
and texts (the syntax and the iteration), and on what the match objects say.
"""

from __future__ import annotations

import regex
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editlint import rxroute
from editlint.guard import GuardedPattern
from editlint.language import scan

native = pytest.mark.skipif(scan._native is None, reason="the compiled core (editlint_native) is not installed")


@pytest.fixture(autouse=True)
def _engaged_from_the_first_text(monkeypatch):
    """A process normally engages the compiled core after 20,000 characters
    of prose (scan.NATIVE_MIN_CHARS); here from the first text."""
    monkeypatch.setattr(scan, "NATIVE_MIN_CHARS", 0)


def test_the_engine_is_engaged_here():
    # Without this the comparisons below would compare regex with itself.
    assert scan.engaged() == (scan._native is not None)


def _crate_starts(pattern: str, text: str, ignorecase=False) -> set[int]:
    rx = scan._native.Regex(pattern, ignorecase, False, False)
    spans = rx.find_all(scan._native.Haystack(text), 0, len(text))
    width = 2 * (rx.groups + 1)
    return {spans[k] for k in range(0, len(spans), width)}


def _module_starts(pattern: str, text: str, ignorecase=False) -> set[int]:
    return {m.start() for m in regex.finditer(pattern, text, regex.I if ignorecase else 0)}


@native
def test_the_characters_the_engines_read_differently_are_all_listed():
    # Every code point but the surrogates, once: where the two engines'
    # classes, word boundaries or case folding disagree, the text must go
    # to `regex` (rxroute._DIFFERS).  Fails when either library's Unicode
    # tables move on: recompute the list (this test prints it).
    points = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    text = "".join(map(chr, points))
    differ: set[int] = set()
    probes = [(r"\w", False), (r"\d", False), (r"\s", False), (r".", False), (r"\b\w", False), (r"\w\b", False)]
    probes += [(p, True) for p in (r"[a-z]", r"[^a-z]", r"\w", r"\W", *"abcdefghijklmnopqrstuvwxyz")]
    probes += [(rf"\p{{{c}}}", False) for c in sorted(rxroute._CATEGORIES)]
    for pattern, ic in probes:
        differ |= {ord(text[i]) for i in _crate_starts(pattern, text, ic) ^ _module_starts(pattern, text, ic)}
    unlisted = sorted(c for c in differ if not rxroute.differs(chr(c)))
    assert not unlisted, f"{len(unlisted)} code points read differently but not listed, e.g. {[hex(c) for c in unlisted[:20]]}"
    assert differ, "the probes found no difference at all: the comparison is not running"


@pytest.mark.parametrize(
    "pattern, flags",
    [
        (r"a*+", 0),  # possessive in regex, (a*)+ in the crate
        (r"a++b", 0),
        (r"a{2}+", 0),
        (r"\<word\>", 0),  # word-start/-end assertions in the crate, literals in regex
        (r"[a&&b]", 0),  # an intersection in the crate
        (r"[a--b]", 0),
        (r"[[:alpha:]]", 0),  # a POSIX class in the crate
        (r"x(?i)y", 0),  # global in regex, from here on in the crate
        (r"(?x) a b", 0),
        (r"(?<=a)b", 0),
        (r"a(?!b)", 0),  # a negative lookahead cannot be consumed
        (r"(?:a(?=b))c", 0),  # a lookahead with text after it
        (r"a(?=b)+", 0),
        (r"a(?=b(?=c))", 0),
        (r"(a)\1", 0),
        (r"\p{Greek}", 0),  # scripts and other properties: only general categories are compared
        (r"\p{Lu}", regex.I),  # a category under case folding
        (r"\z", 0),
        (r"café", regex.I),  # non-ASCII under case folding
        (r"[é]", regex.I),
        (r"\u00e9", regex.I),
        (r"Ⓐ", regex.I),  # a symbol with case
        (r"abc", regex.V1),
        (r"abc", regex.X),
        (r"(abc", 0),
    ],
)
def test_screen_keeps_patterns_the_engines_read_differently_with_regex(pattern, flags):
    assert rxroute.screen(pattern, flags) is None


@pytest.mark.parametrize(
    "pattern, flags, parents",
    [
        (r"\b(?:foo|bar)\b", 0, [0]),
        (r"(?i)\b(a(b)c)(?P<x>d)", 0, [0, 0, 1, 0]),
        (r"[\w.-]+@[^\s,]+", regex.I | regex.M, [0]),
        (r"[]a]x", 0, [0]),
        (r"caf[ée]", 0, [0]),
        (r"a{2,3}?b*?", regex.S, [0]),
        (r"\s[—–]\s|“[^”]+”", regex.I, [0]),  # caseless punctuation under case folding
        (r"\b\p{Lu}[\p{L}\pN-]+'s\b", 0, [0]),  # general categories
        (r"(?:^|\s)I(?=\s)|\bme\b", regex.I, [0]),  # a lookahead in tail position
        (r"(x(?=(y)))|z", 0, [0, 0, 1]),
    ],
)
def test_screen_accepts_what_both_read_alike(pattern, flags, parents):
    screened = rxroute.screen(pattern, flags)
    assert screened is not None and screened[0] == parents


# -- generated patterns against both engines -------------------------------------

_ATOMS = ["a", "b", "A", "é", " ", r"\p{Lu}", r"[\p{L}\p{N}-]", r"\PL", r"\w", r"\W", r"\s", r"\S", r"\d", ".", "[ab]", "[^a ]", "[a-z]", r"\b", r"\B", "^", "$", r"\.", "—", "1"]
_TEXT = st.text(alphabet="aAbB é—\n1._\ufffcx", max_size=40)


@st.composite
def patterns(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 9 if depth < 2 else 5))
        if kind <= 5:
            atom = draw(st.sampled_from(_ATOMS))
        elif kind == 6:
            atom = "(" + draw(patterns(depth + 1)) + ")"
        elif kind == 7:
            atom = "(?:" + draw(patterns(depth + 1)) + ")"
        elif kind == 8:
            atom = f"(?P<n{draw(st.integers(0, 99))}x{depth}>" + draw(patterns(depth + 1)) + ")"
        else:
            atom = "(?:" + draw(patterns(depth + 1)) + "|" + draw(patterns(depth + 1)) + ")"
        if atom not in (r"\b", r"\B", "^", "$") and draw(st.integers(0, 3)) == 0:
            atom += draw(st.sampled_from(["*", "+", "?", "{1,2}", "*?", "+?", "??", "{2}"]))
        parts.append(atom)
    if depth == 0 and draw(st.integers(0, 2)) == 0:
        # A lookahead in tail position (consumed by the crate, then cut
        # back), around the whole or at the end of an alternative.
        look = "(?=" + draw(patterns(1)) + ")"
        shape = draw(st.integers(0, 2))
        if shape == 0:
            return "".join(parts) + look
        if shape == 1:
            return "(" + "".join(parts) + look + ")|" + draw(patterns(1))
        return draw(patterns(1)) + "|(?:" + "".join(parts) + look + ")"
    return "".join(parts)


def _spans(m, groups):
    return [m.span(g) for g in range(groups + 1)]


@native
@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(patterns(), _TEXT, st.sampled_from([0, regex.I, regex.M, regex.I | regex.M, regex.S]), st.integers(0, 45), st.integers(0, 45))
def test_generated_patterns_match_alike_in_both_engines(pattern, text, flags, pos, endpos):
    try:
        reference = regex.compile(pattern, flags)
    except regex.error:
        return
    guarded = GuardedPattern(pattern, flags)
    if guarded.native is None:
        return
    assert guarded.native.target(text, len(text)) is not None or not rxroute.text_fits(text) or text.endswith("\n")
    groups = reference.groups
    want = [(_spans(m, groups), m.lastindex, m.lastgroup) for m in reference.finditer(text)]
    got = [(_spans(m, groups), m.lastindex, m.lastgroup) for m in guarded.finditer(text)]
    assert got == want
    want = [_spans(m, groups) for m in reference.finditer(text, pos, endpos)]
    assert [_spans(m, groups) for m in guarded.finditer(text, pos, endpos)] == want
    for method in ("search", "match"):
        a = getattr(reference, method)(text, pos, endpos)
        b = getattr(guarded, method)(text, pos, endpos)
        assert (a and _spans(a, groups)) == (b and _spans(b, groups)), method
    assert guarded.findall(text, pos, endpos) == reference.findall(text, pos, endpos)
    assert guarded.count(text) == len(reference.findall(text))


@native
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(patterns(), _TEXT, st.sampled_from([0, regex.I, regex.M]), st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=4))
def test_segments_scanned_at_once_match_slices_scanned_one_by_one(pattern, text, flags, cuts):
    try:
        reference = regex.compile(pattern, flags)
    except regex.error:
        return
    guarded = GuardedPattern(pattern, flags)
    segments = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in cuts]
    batch = guarded.in_segments(text, segments)
    if batch is None:
        return
    groups = reference.groups
    want = [[(a + x, a + y) if x >= 0 else (-1, -1) for x, y in _spans(m, groups)] for a, b in segments for m in reference.finditer(text[a:b])]
    assert [_spans(m, groups) for m in batch] == want


@native
def test_segments_read_as_texts_of_their_own():
    # "^" and "\\b" at a segment's edges, and a match running to its end.
    text = "alpha beta. Gamma delta.\nEpsilon zeta eta."
    segments = [(0, 11), (12, 24), (25, 43), (6, 16)]
    for pattern in (r"^\w+", r"\b[a-z]+\b", r"(?P<w>\w)(\w*)\.?$", r"ta\b"):
        reference, guarded = regex.compile(pattern), GuardedPattern(pattern)
        groups = reference.groups
        want = [[(a + x, a + y) if x >= 0 else (-1, -1) for x, y in _spans(m, groups)] for a, b in segments for m in reference.finditer(text[a:b])]
        got = [_spans(m, groups) for m in guarded.in_segments(text, segments)]
        assert got == want and want, pattern


@native
@pytest.mark.parametrize(
    "pattern, text",
    [
        (r"(a(?=(b)))", "xab ab a"),  # a group around the lookahead ends where it begins
        (r"(a)(?=(b))", "ab"),  # a group inside it closes last
        (r"(?:(a)|x)(?=(b)c)", "abc xbc"),
        (r"(?P<s0>they're(?=\.))|(?P<s1>we(?=,))", "they're. we, they're we."),
        (r"(?:^|\s)I(?=\s)|\bme\b", "I think I know me. I"),
        (r"ab(?=ab)", "ababab"),  # the next match starts inside what the lookahead read
    ],
)
def test_consumed_lookaheads_answer_as_lookaheads(pattern, text):
    reference, guarded = regex.compile(pattern), GuardedPattern(pattern)
    assert guarded.native is not None and guarded.native._args, "the lookahead was not consumed"
    got = [(_spans(m, reference.groups), m.lastindex, m.lastgroup) for m in guarded.finditer(text)]
    want = [(_spans(m, reference.groups), m.lastindex, m.lastgroup) for m in reference.finditer(text)]
    assert got == want and want
    assert guarded.count(text) == len(want)


@native
def test_long_texts_and_texts_past_ascii_keep_python_offsets():
    # Many matches (the engine hands them over in growing batches) and a
    # text with characters of two, three and four UTF-8 bytes.
    text = ("Ünïcode — “quotes” 𝔘 word, ￼ and so on. " * 400) + "end"
    for pattern in (r"\b\w+\b", r"(?P<w>\w)(\w*)", r"[^\s,]+,", r"o\b"):
        reference = regex.compile(pattern)
        guarded = GuardedPattern(pattern)
        assert guarded.native is not None
        groups = reference.groups
        assert [_spans(m, groups) for m in guarded.finditer(text)] == [_spans(m, groups) for m in reference.finditer(text)]
        assert [_spans(m, groups) for m in guarded.finditer(text, 1000, 9000)] == [_spans(m, groups) for m in reference.finditer(text, 1000, 9000)]


@native
def test_texts_the_engines_read_differently_stay_with_regex():
    # U+0130 (İ) folds to "i" in regex but not in the crate.
    guarded = GuardedPattern(r"\bi\w+", regex.I)
    assert guarded.native is not None
    text = "İstanbul and istanbul"
    assert guarded.native.target(text, len(text)) is None
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in regex.finditer(r"\bi\w+", text, regex.I)]
    # "$" also matches before a final newline in Python.
    dollar = GuardedPattern(r"end$")
    assert dollar.native is not None and dollar.native.target("the end\n", 8) is None
    assert [m.span() for m in dollar.finditer("the end\n")] == [(4, 7)]


@native
def test_match_objects_answer_like_regex_ones():
    pattern = r"(?P<word>\w+)(?:-(\d+))?"
    guarded, reference = GuardedPattern(pattern), regex.compile(pattern)
    for text in ("item-42 rest", "item rest"):
        a, b = guarded.search(text), reference.search(text)
        assert type(a) is rxroute.NativeMatch
        assert (a.group(), a.group(1), a.group("word"), a.group(0, 2)) == (b.group(), b.group(1), b.group("word"), b.group(0, 2))
        assert (a.groups(), a.groups("-"), a.groupdict(), a["word"], a.span(2)) == (b.groups(), b.groups("-"), b.groupdict(), b["word"], b.span(2))
        assert (a.lastindex, a.lastgroup, a.string) == (b.lastindex, b.lastgroup, b.string)
        assert a.re.groups == 2
    with pytest.raises(IndexError):
        guarded.search("x").group(3)
