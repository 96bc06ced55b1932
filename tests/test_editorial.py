"""The bundled Editorial style on whole drafts, and each rule's own examples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from editlint.config import ConfigLoader, Overrides, bundled_styles_dir
from editlint.engine import Config, lint_text
from editlint.edges.explain import rule_examples
from editlint.rules import load_style

from .conftest import FIXTURES, ROOT, assert_spans

DRAFTS = FIXTURES / "drafts"
_LINE = re.compile(r"^([+-]) (\S+) (\S+)(?: (.*))?$")


def _editorial_config() -> Config:
    loader = ConfigLoader(Overrides(config=None, styles=("Editorial",)), cwd=str(ROOT))
    return loader.settings_for(None).config


def _draft_source(case: Path) -> Path:
    expect = (case / "expect.txt").read_text(encoding="utf-8")
    m = re.search(r"^# source: (\S+)$", expect, re.M)
    if m:
        return ROOT / m.group(1)
    return next(case.glob("input.*"))


@pytest.mark.parametrize("case", sorted(p for p in DRAFTS.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_draft_expectations(case):
    source = _draft_source(case)
    text = source.read_text(encoding="utf-8")
    alerts = lint_text(text, _editorial_config(), path=source.name)
    assert_spans(text, alerts)
    problems = []
    for raw in (case / "expect.txt").read_text(encoding="utf-8").splitlines():
        m = _LINE.match(raw)
        if not m:
            continue
        sign, rule, line, needle = m.group(1), m.group(2), m.group(3), m.group(4) or ""
        hits = [
            a
            for a in alerts
            if (rule == "*" or a.rule == rule) and (line == "*" or a.line == int(line)) and needle in " ".join(a.match.split())
        ]
        if sign == "+" and not hits:
            problems.append(f"missing: {raw}")
        if sign == "-" and hits:
            problems.append(f"unwanted: {raw} -> " + "; ".join(f"{a.line}:{a.column} {a.rule} {a.match!r}" for a in hits))
    assert not problems, "\n".join(problems)


def test_at_least_three_drafts_of_our_own():
    own = [p for p in DRAFTS.iterdir() if p.is_dir() and list(p.glob("input.*"))]
    assert len(own) >= 3


def _bundled_rules():
    base = Path(bundled_styles_dir())
    for style in sorted(p for p in base.iterdir() if p.is_dir()):
        for rule in load_style(style.name, str(style)):
            yield pytest.param(rule, id=rule.id)


@pytest.mark.parametrize("rule", list(_bundled_rules()))
def test_bundled_rule_examples(rule):
    examples = rule_examples(rule.path)
    kinds = {k for k, _ in examples}
    assert {"fail", "pass"} <= kinds, f"{rule.path} needs '# fail:' and '# pass:' examples"
    assert rule.link or rule.type in ("duplicate", "echo", "variants", "entities", "metric", "existence"), rule.id
    config = Config(rules=(rule,))
    for kind, text in examples:
        alerts = lint_text(text, config, path="example.md")
        if kind == "fail":
            assert alerts, f"{rule.id} should flag: {text}"
        else:
            assert not alerts, f"{rule.id} should pass: {text} but said {[a.message for a in alerts]}"
    assert "%s" in rule.message or rule.type == "metric" or "%" in rule.message
