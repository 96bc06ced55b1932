"""An alternation run in parts gives the whole pattern's matches.

``editlint.rxsplit`` runs the alternatives the crate reads as ``regex`` does
in the crate and the rest (lookbehinds, negative lookaheads) with ``regex``,
then works out the alternation's matches from theirs.  Compared with
``regex``'s own ``finditer`` of the whole pattern on generated alternations
and texts, and through :class:`editlint.guard.GuardedPattern`.
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from editlint import rxroute, rxsplit
from editlint.guard import GuardedPattern
from editlint.language import scan

pytestmark = pytest.mark.skipif(scan._native is None, reason="the compiled core (editlint_native) is not installed")


@pytest.fixture(autouse=True)
def _engaged_from_the_first_text(monkeypatch):
    monkeypatch.setattr(scan, "NATIVE_MIN_CHARS", 0)


def _spans(pattern, flags, text):
    split = rxsplit.compile_split(pattern, flags)
    assert split is not None
    found = split.matches(text, 0, len(text), 10.0)
    return None if found is None else [m.span() for m in found]


# Crate-readable parts, and parts only regex reads (a lookbehind, a negative
# lookahead); words that overlap, share starts, and sit inside each other.
_NATIVE = [r"\bmany people\b", r"\bmany\b", r"people say", r"\bsay\b", r"a", r"ab", r"\w+ly\b", r"sa[iy]d?", r"\bthe \w+", "é"]
_OTHER = [r"(?<!the )\bpeople\b", r"(?<!x)ab", r"\bmany(?! people)", r"(?<=\s)say", r"(?<!\w)the(?!y)", r"ly(?!\w)"]
_WORDS = ["many", "people", "say", "said", "the", "they", "ab", "a", "b", "x", "ly", "quickly", " ", " ", "\n", ".", "é", "Many"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(_NATIVE + _OTHER), min_size=2, max_size=7),
    st.sampled_from(["{}", "(?:{})", r"\b(?:{})\b"]),
    st.sampled_from([0, regex.I]),
    st.lists(st.sampled_from(_WORDS), max_size=40).map("".join),
)
@example([r"(?<!x)ab", "a"], "{}", 0, "ab xab")  # two parts matching at one place: the earlier part wins
@example(["a", r"(?<!x)ab"], "{}", 0, "ab xab")
def test_the_parts_give_the_whole_patterns_matches(parts, wrap, flags, text):
    pattern = wrap.format("|".join(parts))
    split = rxsplit.compile_split(pattern, flags)
    if split is None:
        # Only when the crate reads none of the parts ("é" under case folding is not).
        assert all(rxroute.compile_native(p, flags) is None for p in parts)
        return
    found = split.matches(text, 0, len(text), 10.0)
    assert found is not None
    assert [m.span() for m in found] == [m.span() for m in regex.finditer(pattern, text, flags)]
    assert [m.group() for m in found] == [m.group() for m in regex.finditer(pattern, text, flags)]


def test_only_alternations_without_groups_or_inline_flags_are_split():
    assert rxsplit.compile_split(r"(?<!x)a|b", 0) is not None
    assert rxsplit.compile_split(r"(?<!x)(a)|b", 0) is None  # a capture group
    assert rxsplit.compile_split(r"(?i)(?<!x)a|b", 0) is None  # an inline flag, global in regex
    assert rxsplit.compile_split(r"(?<!x)a|(?<!y)b", 0) is None  # nothing for the crate
    assert rxsplit.compile_split(r"\b(?:(?<!x)a|b)c", 0) is None  # text after the group: not split
    assert rxsplit.alternatives(r"[|(]a|b") == ["[|(]a", "b"]


def test_an_empty_match_leaves_the_scan_to_the_whole_pattern():
    assert _spans(r"(?<!x)a*|b", 0, "bcb") is None


def test_pos_and_endpos_read_as_in_regex():
    pattern = r"(?<!the )\bpeople\b|\bsay\b"
    text = "the people say people"
    split = rxsplit.compile_split(pattern, 0)
    for pos, end in [(4, len(text)), (0, 14), (11, 17), (15, 21)]:
        got = [m.span() for m in split.matches(text, pos, end, 10.0)]
        assert got == [m.span() for m in regex.compile(pattern).finditer(text, pos, end)]


def test_guarded_patterns_use_the_split():
    pattern = r"(?:(?<!the )\bpeople\b|\bmany\b|\bsay\b)"
    guarded = GuardedPattern(pattern, regex.I)
    text = "Many people say the people say MANY things. " * 50
    got = [m.span() for m in guarded.finditer(text)]
    assert guarded._split is not None and guarded._split is not False
    assert got == [m.span() for m in regex.finditer(pattern, text, regex.I)]
