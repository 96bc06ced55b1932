"""Each rule type documents itself with a YAML example that must really work."""

from __future__ import annotations

import pytest

from editlint.checks import REGISTRY
from editlint.errors import ConfigError
from editlint.edges.explain import type_example

from .conftest import lint_with, rule_from_yaml


@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_docstring_example_runs(kind):
    example = type_example(kind)
    assert example, f"{kind} has no 'Example::' block in its module docstring"
    yaml_text, text, expects = example
    assert text and expects, f"{kind}'s example needs '# input:' and '# expect:' lines"
    alerts = lint_with(yaml_text, text)
    got = [f"{a.line}:{a.column} {a.message}" for a in alerts]
    assert got == expects


@pytest.mark.parametrize(
    "yaml_text, message",
    [
        ("extends: existence\ntokens: [a]\nlevel: fatal\n", "3: 'level' must be one of suggestion, warning, error"),
        ("extends: existence\ntokens: [a]\ntypo_key: 1\n", "3: unknown key 'typo_key' for a existence rule"),
        ("extends: nosuch\n", "1: unknown rule type 'nosuch'"),
        ("extends: existence\nmessage: x\ntokens:\n  - '(unclosed'\n", "3: 'tokens': regex does not compile"),
        ("extends: substitution\nmessage: x\n", "a substitution rule needs 'swap'"),
        ("extends: existence\ntokens: [a]\nscope: nowhere\n", "3: unknown scope 'nowhere'"),
        ("extends: metric\nformula: words / (sentences\ncondition: '> 1'\n", "2: 'formula' cannot be parsed"),
        ("extends: metric\nformula: __import__('os')\ncondition: '> 1'\n", "2: 'formula' cannot be parsed"),
        ("extends: metric\nformula: words + bogus\ncondition: '> 1'\n", "2: 'formula' uses unknown variable(s): bogus"),
        ("extends: existence\ntokens: [a\n", "invalid YAML"),
        ("- just\n- a list\n", "a rule file must be a YAML mapping"),
        ("extends: existence\ntokens: !!python/object/apply:os.system ['true']\n", "invalid YAML"),
    ],
)
def test_invalid_rules_name_file_and_line(yaml_text, message):
    with pytest.raises(ConfigError) as exc:
        rule_from_yaml(yaml_text, path="styles/T/Rule.yml")
    text = str(exc.value)
    assert text.startswith("styles/T/Rule.yml"), text
    assert message in text, text


def test_scope_exclusion_of_headings():
    alerts = lint_with("extends: existence\nmessage: '%s'\nscope: [text, ~heading]\ntokens: [word]\n", "# word\n\nword\n")
    assert [(a.line, a.column) for a in alerts] == [(3, 1)]


def test_sentence_scope_segments():
    y = "extends: occurrence\nmessage: long\nscope: sentence\nmax: 5\ntoken: '\\b\\w+\\b'\n"
    alerts = lint_with(y, "One two three four five six. Short one here. Mr. Smith went to the shop today.\n")
    # one alert per sentence over the limit; like Vale's, it sits on the first match
    assert [(a.column, a.match) for a in alerts] == [(1, "One"), (46, "Mr")]


def test_message_templates_follow_go_fmt():
    from editlint.engine import format_message

    assert format_message("Use '%s' not '%s'.", ("a", "b")) == "Use 'a' not 'b'."
    assert format_message("%[2]s then %[1]s", ("a", "b")) == "b then a"
    assert format_message("only %s", ("a", "b")) == "only a"
    assert format_message("100%% sure, %s", ("a",)) == "100% sure, a"
    assert format_message("%s and %s", ("a",)) == "a and %!s(MISSING)"
    assert format_message("%.1f", (2.345,)) == "2.3"


def test_unsupported_vale_types_are_skipped_with_a_reason():
    from editlint.rules import SkippedRule

    for kind, why in (("script", "never runs code"),):
        with pytest.raises(SkippedRule) as exc:
            rule_from_yaml(f"extends: {kind}\nmessage: x\n", path="S/R.yml")
        assert f"Test.Rule is a '{kind}' rule" in str(exc.value) and why in str(exc.value)


def test_matches_never_start_in_the_previous_block():
    # "[^,]+," could run back into the paragraph before; "\s" could take the
    # blank line.  Like Vale's per-block scan, each match starts in its block.
    y = "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n  - '(?:[^,]+,){1,}\\s\\w+\\sand'\n  - '(?:^|\\s)I\\s'\n"
    filler = "Nothing here.\n\n" * 8  # enough blocks for the one-scan path
    alerts = lint_with(y, filler + 'Retain the comma before "and," he said\n\nIt comes in red, blue and green.\n\nI think so.\n')
    assert [(a.line - 16, a.column, a.match) for a in alerts] == [(3, 1, "It comes in red, blue and"), (5, 1, "I ")]


def test_repetition_walking_only_runs_finds_what_walking_every_token_finds():
    """Vale's usual repetition token walks only runs of equal neighbours;
    the result must be the full walk's, on real prose and on edge cases."""
    from pathlib import Path

    from editlint.checks.base import Segment, Segments
    from editlint.checks.repetition import Repetition
    from editlint.document import parse

    rule = Repetition({"tokens": [r"[^\s]+"], "alpha": True})
    texts = ["the the cat", "a a a a", "x\nx", "foo  foo\n\nfoo foo", "it is is, is is", "` ` code", "xfoo foo foo", "Word word"]
    shared = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted((shared / "chef-web-docs" / "content").rglob("*.md"))[:150]]
    for text in texts:
        doc = parse(text)
        for segs in ([Segment(b.start, b.end) for b in doc.blocks], [Segment(b.start + 1, b.end) for b in doc.blocks if b.end > b.start + 1]):
            fast = list(rule.run(doc, Segments(segs)))
            full = list(rule._walk(doc, Segments(segs)))
            assert fast == full, text[:80]


def test_conditional_scans_disjoint_segments_at_once_with_the_same_result():
    from pathlib import Path

    from editlint.checks.base import Segment
    from editlint.checks.conditional import Conditional
    from editlint.document import parse

    rule = Conditional({"first": r"\b([A-Z]{3,5})\b", "second": r"(?:\b[A-Z][a-z]+ )+\(([A-Z]{3,5})\)", "exceptions": ["API"]})
    shared = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
    texts = ["Use the CLI. The Open Source Initiative (OSI) and OSI again; FSF.", "FSF first.\n\nFree Software Foundation (FSF) later.\n\nFSF now."]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted((shared / "chef-web-docs" / "content").rglob("*.md"))[:120]]
    checked = 0
    for text in texts:
        doc = parse(text)
        segs = [Segment(b.start, b.end) for b in doc.blocks]
        if len(segs) < 2:
            continue
        together = list(rule._run_disjoint(doc, sorted(segs, key=lambda s: (s.start, s.end))))
        one_by_one = list(_conditional_one_by_one(rule, doc, segs))
        assert together == one_by_one, text[:60]
        checked += len(together)
    assert checked > 20


def _conditional_one_by_one(rule, doc, segs):
    from editlint.checks.base import iter_matches
    from editlint.checks.conditional import _key
    from editlint.checks.base import Finding

    defined = set()
    for seg in sorted(segs, key=lambda s: (s.start, s.end)):
        for _, m in iter_matches(rule.second, doc, [seg]):
            groups = [g for g in m.groups() if g] if m.re.groups else []
            defined.update(groups or [m.group()])
        for base, m in iter_matches(rule.first, doc, [seg]):
            if _key(m) in defined or _key(m) in rule.exceptions:
                continue
            yield Finding(base + m.start(), base + m.end(), (m.group(),))
