"""Vale compatibility: its own feature suite, every shared style, a real .vale.ini."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from editlint.errors import ConfigError
from editlint.rules import load_style

from .conftest import ROOT, SHARED, needs_shared, run_cli
from .vale_conformance import DATA, STYLE_TESTS, report, run_all, run_style_tests

#: What passes today; the floors only rise (see the reports for the rest).
CONFORMANCE_FLOOR = 35
STYLE_TESTS_FLOOR = 41
STYLE_TEST_LINES_FLOOR = 261
needs_vale_data = needs_shared("vale-testdata")


@needs_vale_data
def test_vale_feature_scenarios_floor():
    scenarios = run_all()
    text = report(scenarios)
    passed = sum(1 for s in scenarios if s.status == "passed")
    print(text)
    assert passed >= CONFORMANCE_FLOOR, text
    # every scenario is accounted for, with a reason when not passed
    assert all(s.status == "passed" or s.reason for s in scenarios)


@needs_shared("vale-style-tests")
def test_published_style_tests_floor():
    """Microsoft, Google, write-good, proselint, alex, Joblint, IBM: their own tests."""
    scenarios = run_style_tests()
    text = report(scenarios)
    print(text)
    lines = sum(len(set(s.expected) & set(s.got)) for s in scenarios)
    assert sum(1 for s in scenarios if s.status == "passed") >= STYLE_TESTS_FLOOR, text
    assert lines >= STYLE_TEST_LINES_FLOOR, f"{lines} expected lines matched"


@pytest.mark.parametrize("base", ["vale-testdata/styles", "vale-styles"])
def test_every_shared_style_loads(base):
    if not (SHARED / base).is_dir():
        pytest.skip(needs_shared(*base.split("/")).kwargs["reason"])
    notices: list[str] = []
    loaded = 0
    for d in sorted(p for p in (SHARED / base).rglob("*") if p.is_dir() and any(p.glob("*.yml"))):
        if "vocabularies" in d.parts:
            continue
        try:
            # a style's StylesPath is the folder holding it (spelling rules resolve dictionaries there)
            loaded += len(load_style(d.name, str(d), notices=notices, styles_paths=(str(d.parent),)))
        except ConfigError as e:  # pragma: no cover - the assertion message is the point
            pytest.fail(str(e))
    assert loaded > 100
    # rules editlint does not run are named, with the reason
    assert all("'script' rule" in n for n in notices), notices


@needs_shared("corpora", "chef-web-docs")
def test_chef_docs_vale_ini_works_unchanged(tmp_path):
    src = SHARED / "corpora" / "chef-web-docs"
    repo = tmp_path / "chef"
    shutil.copytree(src / "tools", repo / "tools")
    shutil.copy(src / ".vale.ini", repo / ".vale.ini")
    content = repo / "content"
    shutil.copytree(src / "content" / "workstation", content / "workstation")
    r = run_cli("--format", "json", "-j", "2", "content", cwd=repo)
    assert r.returncode in (0, 1), r.stderr.decode()
    doc = json.loads(r.stdout)
    rules = {a["rule"].split(".")[0] for a in doc["alerts"]}
    assert {"Microsoft", "write-good"} & rules, rules
    assert not any(a["rule"] == "Microsoft.GeneralURL" for a in doc["alerts"])  # = NO in .vale.ini
    assert all(a["rule"].split(".")[0] in {"chef", "Microsoft", "vale", "write-good", "Vale"} for a in doc["alerts"])


def test_vale_ini_sections_levels_vocab_and_ignores(tmp_path):
    styles = tmp_path / "styles"
    (styles / "House").mkdir(parents=True)
    (styles / "House" / "Very.yml").write_text("extends: existence\nmessage: \"'%s'\"\nlevel: warning\ntokens: [very, quite]\n")
    vocab = styles / "config" / "vocabularies" / "Team"
    vocab.mkdir(parents=True)
    (vocab / "accept.txt").write_text("quite\nGitHub\n")
    (vocab / "reject.txt").write_text("utilize\n")
    (tmp_path / ".vale.ini").write_text(
        "StylesPath = styles\nMinAlertLevel = suggestion\nVocab = Team\n\n"
        "[*.md]\nBasedOnStyles = House, Vale\nHouse.Very = error\nTokenIgnores = (\\{\\{[^}]*\\}\\})\n\n"
        "[notes/*.md]\nHouse.Very = NO\n"
    )
    (tmp_path / "notes").mkdir()
    (tmp_path / "a.md").write_text("A very good, quite nice github page {{ very }}. We utilize it it now.\n")
    (tmp_path / "notes" / "b.md").write_text("A very good page.\n")
    r = run_cli("--format", "vale-line", "a.md", "notes/b.md", cwd=tmp_path)
    out = r.stdout.decode().splitlines()
    assert "a.md:1:3:House.Very:'very'" in out
    assert not any("'quite'" in l for l in out)  # accepted vocabulary is an exception
    assert "a.md:1:25:Vale.Terms:Use 'GitHub' instead of 'github'." in out
    assert any(l.startswith("a.md:1:") and "Vale.Avoid" in l and "utilize" in l for l in out)
    assert any("Vale.Repetition:'it' is repeated!" in l for l in out)
    assert not any("{{" in l or ":1:44:" in l for l in out)  # TokenIgnores
    assert not any(l.startswith("notes/b.md") for l in out)  # per-glob NO
    r = run_cli("--format", "json", "a.md", cwd=tmp_path)
    assert any(a["rule"] == "House.Very" and a["severity"] == "error" for a in json.loads(r.stdout)["alerts"])
    # .editlint.yaml wins over .vale.ini in the same folder, and -v says so
    (tmp_path / ".editlint.yaml").write_text("styles: [Editorial]\n")
    r = run_cli("-v", "a.md", cwd=tmp_path)
    assert "wins over" in r.stderr.decode() and "House.Very" not in r.stdout.decode()


def test_vale_comment_forms(tmp_path):
    (tmp_path / "d.md").write_text(
        "It seems like fun.\n\n<!-- vale Editorial.Hedges = NO -->\nIt seems like more fun.\n<!-- vale Editorial.Hedges = YES -->\n\n"
        "<!-- vale off -->\nIt seems like it.\n<!-- vale on -->\n\nIt seems like the end.\n"
    )
    r = run_cli("--format", "json", "d.md", cwd=tmp_path)
    lines = sorted(a["line"] for a in json.loads(r.stdout)["alerts"] if a["rule"] == "Editorial.Hedges")
    assert lines == [1, 11]
