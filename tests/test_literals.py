"""Literal prefilters (editlint/literals.py) never skip a text a pattern matches."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from editlint.checks.substitution import Substitution
from editlint.document import parse
from editlint.checks.base import Segment
from editlint.literals import LiteralGate, cover, may_match


def test_cover_names_the_literals_a_match_needs():
    assert cover(r"(?:[^\s]* ){0,2}Builder") == (frozenset({"Builder"}), False)
    assert cover(r"\b(?:centi|milli)?meters\b") == (frozenset({"meters"}), False)
    # the parser factors out "chef": the longer literals after it are more selective
    assert cover(r"(?:chef client|chef-client)", regex.I) == (frozenset({" client", "-client"}), True)
    assert cover(r"(?i)Foo\w+") == (frozenset({"foo"}), True)
    assert cover(r"(?<!Chef Habitat) Supervisor") == (frozenset({" Supervisor"}), False)


def test_no_cover_where_none_is_certain():
    assert cover(r"\w+ly") == (frozenset({"ly"}), False)
    assert cover(r"(?:a|\w+)") is None  # one branch needs no literal
    assert cover(r"(?:foo)?bar?") == (frozenset({"ba"}), False)
    assert cover(r"\p{L}+ing") is None  # regex-only syntax: not parsed, no prefilter
    assert cover(r"(?i:Foo)") is None  # scoped flags: left alone
    assert cover("\u00e9t\u00e9", regex.I) == (frozenset({"t"}), True)  # case-insensitive: only the ASCII letter is looked for
    assert cover("\u00e9\u00e9", regex.I) is None


def test_case_insensitive_prefilter_respects_letters_that_fold_to_ascii():
    pat = r"\bsuch\b"
    c = cover(pat, regex.I)
    for text in ("ſuch a thing", "SUCH", "Such"):
        doc = parse(text, "text")
        assert regex.search(pat, text, regex.I)
        assert may_match(c, doc)
    assert not may_match(c, parse("nothing here", "text"))


_ATOMS = ["foo", "Bar", "ab", "[^\\s]*", "\\w+", " ", "(?:x|yz)", "s?", "(?:ab)+", "\\b", "(?:q|)", "(?<!ab)c", "(?=d)d", "é", "[A-Z]", "."]
_PATTERNS = st.lists(st.sampled_from(_ATOMS), min_size=1, max_size=5).map("".join)
_TEXTS = st.text(st.sampled_from(list("foBarabxyzsqcdéſKFOBAR \n")), max_size=40)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PATTERNS, min_size=1, max_size=4), _TEXTS, st.booleans())
def test_prefilter_never_skips_a_text_that_matches(alternatives, text, ignorecase):
    flags = regex.I if ignorecase else 0
    doc = parse(text, "text")
    prose = doc.prose
    gate = LiteralGate(alternatives, flags)
    present = set(gate.present(doc))
    for i, alt in enumerate(alternatives):
        if regex.search(alt, prose, flags | regex.V0) is not None:
            assert i in present, (alt, prose)
    whole = "|".join(f"(?:{a})" for a in alternatives)
    if regex.search(whole, prose, flags | regex.V0) is not None:
        assert may_match(cover(whole, flags), doc)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Builder", "Studio", "artifact", "Depot", "Manage", "builder", "chef client", "x"]), max_size=12).map(" ".join), st.booleans())
def test_a_reduced_swap_finds_what_the_full_one_finds(text, ignorecase):
    options = {"swap": {"(?:[^\\s]* ){0,2}Builder": "Chef Habitat Builder", "(?:[^\\s]* ){0,2}Studio": "Chef Habitat Studio", "Depot": "storage", "chef client": "Chef Infra Client", "art\\w+": "thing"}, "ignorecase": ignorecase}
    rule = Substitution(options)
    doc = parse(text, "text")
    segments = [Segment(b.start, b.end) for b in doc.blocks]
    reduced = list(rule.run(doc, segments))
    rule._swaps.gate.useful = False  # every key, as without the prefilter
    full = list(rule.run(doc, segments))
    assert reduced == full
