"""What a newcomer, a Vale user and a CI system hit (issue 12): each defect, as a user meets it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED, assert_spans, lint_with, needs_shared, run_cli

EXE = Path(sys.executable).parent / "editlint"


def _vale_project(tmp_path):
    styles = tmp_path / "styles" / "House"
    styles.mkdir(parents=True)
    (styles / "WordList.yml").write_text("extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nswap:\n  utilize: use\n")
    (styles / "Extra.yaml").write_text("extends: existence\nmessage: '%s'\ntokens: [plan]\n")
    (tmp_path / ".vale.ini").write_text("StylesPath = styles\nMinAlertLevel = suggestion\n\n[*.md]\nBasedOnStyles = House\n")
    (tmp_path / "d.md").write_text("We utilize the plan.\n")
    return tmp_path


def test_explain_and_rules_see_rules_configured_under_globs(tmp_path):
    _vale_project(tmp_path)
    r = run_cli("explain", "House.WordList", cwd=tmp_path)
    assert r.returncode == 0 and "House.WordList" in r.stdout.decode(), r.stderr.decode()
    r = run_cli("rules", cwd=tmp_path)
    out = r.stdout.decode()
    assert "House.WordList" in out and "for *.md" in out


def test_yaml_rule_files_are_skipped_like_vale_with_a_notice(tmp_path):
    _vale_project(tmp_path)
    r = run_cli("--format", "json", "d.md", cwd=tmp_path)
    rules = {a["rule"] for a in json.loads(r.stdout)["alerts"]}
    assert "House.WordList" in rules and "House.Extra" not in rules
    assert "Extra.yaml: not loaded: rule files end in .yml" in r.stderr.decode()


def test_capitalization_exceptions_match_whole_words():
    rule = "extends: capitalization\nmessage: \"'%s'\"\nscope: heading\nmatch: $sentence\nexceptions: [I, API]\n"
    assert [a.match for a in lint_with(rule, "# About the Profile Identifier\n")] == ["About the Profile Identifier"]
    assert lint_with(rule, "# What I learned about the API\n") == []


def test_conditional_reads_the_file_in_order():
    rule = "extends: conditional\nmessage: \"'%s'\"\nfirst: '\\b([A-Z]{3,5})\\b'\nsecond: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\n"
    text = "The OSI met.\n\nThe Open Source Initiative (OSI) met again; the OSI voted.\n"
    alerts = lint_with(rule, text)
    assert [(a.line, a.match) for a in alerts] == [(1, "OSI")]


def test_prose_inside_html_blocks_is_linted_with_exact_spans():
    text = (
        "# Table\n\n<table>\n<tr><td>The plan is arguably sound.</td><td><code>arguably</code> code</td></tr>\n</table>\n\n"
        '<p class="note">It is arguably &amp; fine, <b>arguably</b>.</p>\n\n<script>var arguably = 1;</script>\n'
    )
    rule = "extends: existence\nmessage: '%s'\ntokens: [arguably]\n"
    alerts = lint_with(rule, text)
    assert_spans(text, alerts)
    assert [(a.line, a.column) for a in alerts] == [(4, 21), (7, 23), (7, 47)]
    # scopes: a td is a table cell; IgnoredClasses and IgnoredScopes apply to HTML elements
    cell = lint_with(rule.replace("tokens", "scope: table.cell\ntokens"), text)
    assert [a.line for a in cell] == [4]
    assert [a.line for a in lint_with(rule, text, ignored_classes=("note",))] == [4]
    assert [(a.line, a.column) for a in lint_with(rule, text, ignored_scopes=("strong",))] == [(4, 21), (7, 23)]


def test_span_after_a_literal_backslash_is_exact():
    rule = "extends: existence\nmessage: '%s'\ntokens: [SKU]\n"
    text = "Use the bundle\\SKU value.\n"
    alerts = lint_with(rule, text)
    assert [(a.column, a.match) for a in alerts] == [(16, "SKU")]
    assert_spans(text, alerts)


def test_disable_comment_naming_no_rule_is_reported(tmp_path):
    (tmp_path / "d.md").write_text("<!-- editlint-disable Editorial.Hedgs -->\nIt is arguably fine.\n<!-- editlint-disable-next-line Editorial -->\nI think so.\n")
    for _ in range(2):  # also when the result comes from the cache
        r = run_cli("d.md", cwd=tmp_path, env={"EDITLINT_CACHE_DIR": str(tmp_path / "c")})
        err = r.stderr.decode().strip().splitlines()
        assert err == ["d.md: line 1: the disable comment names 'Editorial.Hedgs', which is no rule or style in force here (see `editlint rules`)"]


def test_readability_needs_enough_words_and_counts_abbreviations_once(tmp_path):
    (tmp_path / "d.md").write_text("# Notes\n\nConclusion.\n\nNotwithstanding multidisciplinary reconfiguration.\n")
    r = run_cli("--format", "json", "d.md", cwd=tmp_path)
    assert not any(a["rule"] == "Editorial.ParagraphGrade" for a in json.loads(r.stdout)["alerts"])
    from editlint.language.readability import words

    sentence = "On 2024-05-01 at 10:30 the U.S. team shipped v1.2.3, e.g. the fix, i.e. the patch, before 12/05/2024 ended."
    assert len(words(sentence)) == 18  # what a reader counts


def test_one_line_shortcodes_keep_their_text(tmp_path):
    (tmp_path / "d.md").write_text("{{< note >}}It is arguably fine.{{< /note >}}\n\n{{% tip %}}It seems like a plan.{{% /tip %}}\n")
    r = run_cli("--no-cache", "--format", "json", "d.md", cwd=tmp_path)
    assert {(a["line"], a["rule"]) for a in json.loads(r.stdout)["alerts"]} >= {(1, "Editorial.Hedges"), (3, "Editorial.Hedges")}


def test_pre_commit_hook_covers_mdx():
    """pre-commit's identify tags .mdx as 'mdx', not 'markdown'."""
    from identify import identify

    import yaml

    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    for name in ("a.md", "a.mdx", "a.txt"):
        assert identify.tags_from_filename(name) & set(hook["types_or"]), name


def test_skip_reasons_name_the_missing_data():
    mark = needs_shared("no-such-corpus", "here")
    reason = mark.kwargs["reason"]
    assert "shared/no-such-corpus/here" in reason and str(SHARED / "no-such-corpus" / "here") in reason


def test_make_demo_says_what_it_does_and_what_next():
    env = dict(os.environ, EDITLINT_NO_GRAMMAR="1")
    r = subprocess.run(["make", "-s", "demo", f"VENV={Path(sys.executable).parent.parent}"], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    out = r.stdout
    assert "==> editlint seeds/" in out and "==> Next steps:" in out
    assert "editlint explain Editorial.Hedges" in out and "languagetool install" in out
    assert "==> Grammar was off:" in out
    dry = subprocess.run(["make", "-n", "setup", "VENV=/nonexistent/venv"], cwd=ROOT, capture_output=True, text=True)
    assert "Creating /nonexistent/venv and installing editlint with pip" in dry.stdout


# -- docs that stay in step ------------------------------------------------------


def test_every_bundled_rule_has_a_link_and_examples():
    from editlint.edges.explain import rule_examples

    for path in sorted((ROOT / "rules" / "Editorial").glob("*.yml")):
        text = path.read_text()
        assert re.search(r"^link: https?://", text, re.M), f"{path.name} has no link"
        kinds = {k for k, _ in rule_examples(str(path))}
        assert kinds == {"fail", "pass"}, f"{path.name} needs # fail: and # pass: examples"


def test_help_lists_every_subcommand():
    from editlint.edges.cli import languagetool_group, main

    help_text = run_cli("--help").stdout.decode()
    for name in main.commands:
        if name != "lint":
            assert f"editlint {name}" in help_text, name
    for name in languagetool_group.commands:
        assert f"editlint languagetool {name}" in help_text, name


def test_rule_type_docs_count_the_types():
    from editlint.checks import OWN_TYPES, REGISTRY

    doc = (ROOT / "docs" / "rule-types.md").read_text()
    assert f"The first {len(REGISTRY) - len(OWN_TYPES)} are Vale's" in doc
    assert list(REGISTRY)[-len(OWN_TYPES):] == list(OWN_TYPES)


def test_readme_documents_every_inline_control_comment():
    from editlint import engine

    readme = (ROOT / "README.md").read_text()
    verbs = set(re.findall(r"disable(?:-next-line|-line)?|enable", engine._EDITLINT.pattern))
    for verb in verbs:
        assert f"editlint-{verb} " in readme or f"editlint-{verb} -->" in readme, verb
