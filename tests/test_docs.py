"""The documentation's examples run, and the docs match the code."""

from __future__ import annotations

import importlib.util
import re

import pytest

from editlint.checks import REGISTRY

from .conftest import ROOT, lint_with

DOC = ROOT / "docs" / "rule-types.md"


def _examples():
    text = DOC.read_text(encoding="utf-8")
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        name = section.split("`")[1]
        block = re.search(r"```yaml\n(.*?)```", section, re.S)
        yield name, block.group(1) if block else ""


@pytest.mark.parametrize("name, block", list(_examples()), ids=lambda v: v if isinstance(v, str) and "\n" not in v else "")
def test_documented_example_runs(name, block):
    inputs = [l.split("# input:", 1)[1].strip() for l in block.splitlines() if "# input:" in l]
    expects = [l.split("# expect:", 1)[1].strip() for l in block.splitlines() if "# expect:" in l]
    assert inputs and expects, f"{name}: example needs # input: and # expect:"
    yaml_text = "\n".join(l for l in block.splitlines() if not l.lstrip().startswith("# "))
    alerts = lint_with(yaml_text, "\n".join(inputs))
    assert [f"{a.line}:{a.column} {a.message}" for a in alerts] == expects


def test_every_rule_type_is_documented():
    documented = {name for name, _ in _examples()}
    assert set(REGISTRY) <= documented


def test_docs_are_generated_from_docstrings():
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_rule_docs.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert DOC.read_text(encoding="utf-8") == gen.render(), "run: python scripts/gen_rule_docs.py"
