"""The engine runs rules that read one masked view together and lets each
view go after its last rule; the output is what rule-by-rule order gives."""

from __future__ import annotations

import gc
import weakref

from hypothesis import example, given, settings
from hypothesis import strategies as st

from editlint import engine
from editlint.engine import Config, lint_text
from tests.conftest import rule_from_yaml

TEXT = """# A heading that is very clear

He said "this is very clear" and it is very clear to many people.

- a list item that is very clear
- another one

Clearly, many people think so. It is very clear.
"""

#: Rules whose excluded scopes interleave: quote, list, none, quote again
#: (listed in another order), heading.
SCOPES = [
    ("Q1", "[text, ~quote]"),
    ("L1", "[text, ~list]"),
    ("N1", "[text]"),
    ("Q2", "[text, ~quote]"),
    ("H1", "[text, ~heading, ~quote]"),
    ("H2", "[text, ~quote, ~heading]"),
]


def _rules():
    return tuple(
        rule_from_yaml(f"extends: existence\nmessage: \"'%s'\"\nscope: {scope}\ntokens: [very clear, many people, clearly]\n", f"T.{name}")
        for name, scope in SCOPES
    )


def test_grouped_rules_give_the_alerts_each_rule_gives_alone():
    rules = _rules()
    together = lint_text(TEXT, Config(rules=rules))
    alone = sorted((a for r in rules for a in lint_text(TEXT, Config(rules=(r,)))), key=lambda a: a.sort_key())
    assert list(together) == alone
    assert {a.rule for a in together} == {f"T.{n}" for n, _ in SCOPES}
    # The excluded scopes really differ: "very clear" in the quotation is
    # linted by the rules that keep quotations only, the list item's by
    # those that keep lists, the heading's by those that keep headings.
    line3 = TEXT.split("\n")[2]
    in_quote = line3.index("very clear") + 1
    assert {a.rule for a in together if (a.line, a.column) == (3, in_quote)} == {"T.N1", "T.L1"}
    assert {a.rule for a in together if a.line == 5} == {"T.Q1", "T.N1", "T.Q2", "T.H1", "T.H2"}
    assert {a.rule for a in together if a.line == 1} == {"T.Q1", "T.L1", "T.N1", "T.Q2"}


def test_one_masked_view_is_alive_at_a_time_and_each_is_made_once(monkeypatch):
    made = []
    real = engine.masked_view

    def recording(doc, exclude):
        view, spans = real(doc, exclude)
        made.append((exclude, weakref.ref(view)))
        return view, spans

    monkeypatch.setattr(engine, "masked_view", recording)
    alive_while_running = []
    rules = _rules()
    for r in rules:
        run = r.check.run

        def counting(doc, segments, run=run):
            gc.collect()
            alive_while_running.append(sum(1 for _, ref in made if ref() is not None and ref() is not doc) + (1 if doc.__dict__.get("_structure_of") else 0))
            return run(doc, segments)

        monkeypatch.setattr(r.check, "run", counting)
    lint_text(TEXT, Config(rules=rules))
    assert [e for e, _ in made] == [("quote",), ("list",), ("heading", "quote")]
    assert max(alive_while_running) == 1  # the view being read, no other


def test_rule_failures_keep_the_configurations_order(monkeypatch):
    rules = _rules()
    for r in rules:
        def fails(doc, segments, rid=r.id):
            raise TimeoutError(f"{rid} timed out")
            yield  # a generator, like every check

        monkeypatch.setattr(r.check, "run", fails)
    result = lint_text(TEXT, Config(rules=rules))
    assert [f.rule for f in result.failures] == [r.id for r in rules]


_CASED = st.text(alphabet=st.sampled_from(list("aΣσςİIıΑΩ\n '’-.\u0307")), max_size=80)


@given(_CASED, st.integers(min_value=1, max_value=8))
@settings(max_examples=300, deadline=None)
@example("ΟΔΟΣ\nΣΑ", 2)  # a final sigma just before a chunk's newline
@example("aİ\nΣ\nbΣ", 1)  # one chunk lowers to more characters
def test_prose_lowered_in_chunks_is_lowered_at_once(text, size):
    """A view's lower case is made a few lines at a time (one call's buffer
    was the 5 MB run's largest allocation): the same string as one call, or
    as the character-by-character fold when one call changes the length."""
    from editlint import document

    whole = text.lower()
    expected = whole if len(whole) == len(text) else "".join(c.lower()[:1] or c for c in text)
    saved = document._LOWER_CHUNK
    document._LOWER_CHUNK = size
    try:
        assert document.lower_keeping_offsets(text) == expected
    finally:
        document._LOWER_CHUNK = saved


_SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1])), max_size=12)


@given(_SPANS, _SPANS, st.booleans(), st.booleans())
@settings(max_examples=300, deadline=None)
@example([(0, 5), (5, 9)], [(4, 6)], True, False)  # inside the merged span, not inside either part
def test_keeping_a_list_by_a_span_index_asks_contains_of_each_item(spans, items, inside, as_segments):
    """Rules filter whole lists of sentences and segments through ``keep``;
    it must keep exactly what a call of ``contains`` per item keeps."""
    from editlint.checks.base import Segment, SpanIndex

    index = SpanIndex(spans)
    items = sorted(items)
    if as_segments:
        items = [Segment(a, b) for a, b in items]
    span = (lambda s: (s.start, s.end)) if as_segments else (lambda s: s)
    assert index.keep(items, inside=inside) == [s for s in items if index.contains(*span(s)) == inside]


#: Markers as the bundled styles write them: a leading lookbehind, groups
#: whose product passes 64 heads, plain phrases, one the index cannot start.
_MARKERS = [
    r"(?<!\b(?:the|two) )\b(?:experts|critics) (?:say|said|warn)\b",
    r"\b(?<!not )(?:is|are) (?:a|b|c|d|e|f|g|h|i) (?:a|b|c|d|e|f|g|h|i) (?:say|warn)\b",
    r"(?<=, )\bsome say\b",
    r"\bmany (?:people|critics)\b",
    r"(?:according to) (?:some|critics)\b",
]
_WORDS = st.sampled_from(["the", "two", "experts", "Experts", "critics", "say", "said", "warn", "is", "are", "not", "a", "b", "i", "some", "many", "people", "according", "to", ",", "\n\n"])


@given(st.lists(_WORDS, max_size=40), st.booleans())
@settings(max_examples=300, deadline=None)
@example(["the", "experts", "say", ",", "some", "say"], True)
def test_a_word_list_finds_what_its_alternation_finds(words, ignorecase):
    """Unattributed markers are looked up from the words that start them,
    also past a leading lookbehind and with their heads cut at 64: the
    matches must be the single alternation's, leftmost first."""
    import regex

    from editlint.checks.base import AnchoredWordList, Segment
    from editlint.document import parse

    text = " ".join(words).replace(" ,", ",")
    doc = parse(text, "text")
    flags = regex.I if ignorecase else 0
    found = [m.span() for _, m in AnchoredWordList(_MARKERS, flags, bounded=False).matches(doc, [Segment(0, len(doc.prose), whole=True)])]
    alternation = regex.compile("|".join(f"(?:{m})" for m in _MARKERS), flags | regex.V0)
    assert found == [m.span() for m in alternation.finditer(doc.prose)]


def test_literal_heads_are_read_past_lookbehinds_and_cut_before_passing_64():
    from editlint.checks.base import literal_heads

    assert literal_heads(r"(?<!\b(?:the|two) )\b(?:experts|critics) (?:say|said)\b") == ["experts say", "experts said", "critics say", "critics said"]
    assert literal_heads(r"\b(?<=[(,] )some say\b") == ["some say"]
    nine = "(?:" + "|".join(f"w{c}" for c in "abcdefghi") + ")"
    # 9 x 9 = 81 heads: the 9 before the second group start every match.
    assert literal_heads(rf"\b{nine} {nine} end\b") == [f"w{c} " for c in "abcdefghi"]
    assert literal_heads(r"(?<!x)|y") is None  # a top-level alternation has no one start
