"""Rule-type fixtures as data: tests/fixtures/<type>/<case>/{rule.yml,input.*,expected.txt}.

expected.txt holds one alert per entry, ``line:col-end_line:end_col level [match] message``,
written by hand.  ``*`` in the match or message stands for any text (for figures
that depend on a dictionary).  Lines starting with ``#`` are comments; a match
that spans lines continues on the following lines.
"""

from __future__ import annotations

import fnmatch
import re

import pytest

from editlint.checks import REGISTRY
from editlint.engine import Config, lint_text
from editlint.rules import build_rule
from editlint.yamlio import read_yaml_file

from .conftest import FIXTURES, assert_spans

_ENTRY = re.compile(r"^(\d+):(\d+)-(\d+):(\d+) (\w+) \[(.*)\] (.*)$", re.S)


def _cases():
    for case in sorted(FIXTURES.glob("*/*/rule.yml")):
        yield pytest.param(case.parent, id=f"{case.parent.parent.name}/{case.parent.name}")


def parse_expected(text: str) -> list[tuple]:
    entries: list[str] = []
    for line in text.split("\n"):
        if line.startswith("#") or (not line and not entries):
            continue
        if re.match(r"^\d+:\d+-\d+:\d+ ", line):
            entries.append(line)
        elif entries and line:
            entries[-1] += "\n" + line
    out = []
    for e in entries:
        m = _ENTRY.match(e)
        assert m, f"bad expected entry: {e!r}"
        out.append((int(m[1]), int(m[2]), int(m[3]), int(m[4]), m[5], m[6], m[7]))
    return out


def _matches(pattern: str, value: str) -> bool:
    return fnmatch.fnmatchcase(value, pattern) if "*" in pattern else pattern == value


@pytest.mark.parametrize("case", list(_cases()))
def test_fixture(case):
    # the case folder stands in for StylesPath (where spelling finds word lists)
    rule = build_rule("Test.Rule", read_yaml_file(str(case / "rule.yml")), str(case / "rule.yml"), styles_paths=(str(case),))
    inputs = sorted(case.glob("input.*"))
    assert len(inputs) == 1, "one input file per case"
    raw = inputs[0].read_bytes().decode("utf-8")
    alerts = lint_text(raw, Config(rules=(rule,)), path=inputs[0].name)
    expected = parse_expected((case / "expected.txt").read_text(encoding="utf-8"))
    got = [(a.line, a.column, a.end_line, a.end_column, a.severity, a.match, a.message) for a in alerts]
    assert len(got) == len(expected), f"expected {len(expected)} alerts, got:\n" + "\n".join(map(str, got))
    for g, e in zip(got, expected):
        assert g[:5] == e[:5], (g, e)
        assert _matches(e[5], g[5]), (g, e)
        assert _matches(e[6], g[6]), (g, e)
    assert_spans(raw, alerts)


def test_every_rule_type_has_fixtures():
    have = {p.parent.parent.name for p in FIXTURES.glob("*/*/rule.yml")}
    missing = set(REGISTRY) - have
    assert not missing, f"rule types without fixtures: {sorted(missing)}"
