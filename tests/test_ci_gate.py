"""CI use: machine formats, baselines, --diff, and the pre-commit hook."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from .conftest import ROOT, run_cli

DRAFT = ROOT / "tests" / "fixtures" / "drafts" / "bridge" / "input.md"
SCHEMA = ROOT / "tests" / "data" / "sarif-2.1.0-rtm.5.json"


TRICKY_NAMES = ["my draft #1 100%.md", "naïve café.md", "a[1]?.md"]


def _tricky_tree(tmp_path):
    d = tmp_path / "tricky"
    d.mkdir()
    for n in TRICKY_NAMES:
        (d / n).write_text("As I write this, the plan is arguably sound.\n")
    return d


def test_sarif_validates_against_the_official_schema(tmp_path):
    """The official SARIF 2.1.0 schema, with its formats checked (uri-reference needs rfc3986-validator)."""
    tricky = _tricky_tree(tmp_path)
    r = run_cli("--format", "sarif", DRAFT, ROOT / "seeds", tricky / TRICKY_NAMES[0], tricky / TRICKY_NAMES[1], "--", str(tricky / TRICKY_NAMES[2]))
    log = json.loads(r.stdout)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert "uri-reference" in validator.format_checker.checkers
    errors = list(validator.iter_errors(log))
    assert not errors, errors[0].message
    results = log["runs"][0]["results"]
    assert results and all(res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for res in results)
    uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in results}
    assert any(u.endswith("my%20draft%20%231%20100%25.md") for u in uris)
    assert any(u.endswith("na%C3%AFve%20caf%C3%A9.md") for u in uris)
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {res["ruleId"] for res in results} <= set(rules)
    # every rule is described the way `editlint explain` describes it
    hedges = rules["Editorial.Hedges"]
    assert hedges["shortDescription"]["text"] != "Editorial.Hedges"
    assert "hedges the claim" in hedges["fullDescription"]["text"]
    assert "editlint explain Editorial.Hedges" in hedges["help"]["text"] and hedges["helpUri"].startswith("https://")
    # suggestions become fixes
    assert any("fixes" in res for res in results)


def test_sarif_with_no_files_is_still_a_valid_log(tmp_path):
    r = run_cli("--format", "sarif", tmp_path / "missing.md")
    assert r.returncode == 2
    log = json.loads(r.stdout)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert log["runs"][0]["results"] == [] and log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_github_annotations_escape_and_map_levels():
    r = run_cli("--format", "github", DRAFT, env={"GITHUB_STEP_SUMMARY": ""})
    lines = r.stdout.decode().splitlines()
    overflow = next((i for i, l in enumerate(lines) if l.startswith("::notice title=editlint::")), len(lines))
    lines = lines[:overflow]
    assert lines and all(l.startswith(("::error ", "::warning ", "::notice ")) for l in lines)
    art = next(l for l in lines if "Editorial.Artifacts" in l)
    assert art.startswith("::error file=") and ",line=7,col=1,endLine=7,endColumn=19," in art
    # ':' and ',' are escaped in properties, '%' and newlines in the message
    assert "title=Editorial.Artifacts::" in art


def test_rdjson_counts_columns_in_utf8_bytes(tmp_path):
    f = tmp_path / "d.md"
    f.write_text("Café — it is arguably fine.\n", encoding="utf-8")
    r = run_cli("--format", "rdjson", f)
    doc = json.loads(r.stdout)
    d = next(d for d in doc["diagnostics"] if d["code"]["value"] == "Editorial.Hedges")
    # "Café — it is " is 13 code points but 16 bytes (é: 2, —: 3)
    assert d["location"]["range"]["start"] == {"line": 1, "column": 17}
    assert d["severity"] == "WARNING"


def test_junit_is_valid_xml_with_one_case_per_alert(tmp_path):
    clean = tmp_path / "clean.md"
    clean.write_text("The council met on Tuesday.\n")
    r = run_cli("--format", "junit", DRAFT, clean)
    root = ET.fromstring(r.stdout)
    suites = root.findall("testsuite")
    assert len(suites) == 2
    bridge = next(s for s in suites if s.get("name").endswith("input.md"))
    cases = bridge.findall("testcase")
    failing = [c for c in cases if c.find("failure") is not None]
    # red exactly for what sets the exit code (warnings and errors by default)
    assert int(bridge.get("failures")) == len(failing) > 0
    assert all(c.find("failure").get("type") in ("warning", "error") for c in failing)
    passing = [c for c in cases if c.find("failure") is None]
    assert passing and all("suggestion" in c.find("system-out").text for c in passing)
    ok = next(s for s in suites if s.get("name").endswith("clean.md"))
    assert ok.get("failures") == "0" and len(ok.findall("testcase")) == 1


def test_junit_failures_follow_fail_level(tmp_path):
    f = tmp_path / "s.md"
    f.write_text("The plan is very good.\n")  # a suggestion only
    r = run_cli("--format", "junit", f)
    assert r.returncode == 0
    root = ET.fromstring(r.stdout)
    assert root.get("failures") == "0" and root.find(".//system-out") is not None
    r = run_cli("--format", "junit", "--fail-level", "suggestion", f)
    assert r.returncode == 1 and ET.fromstring(r.stdout).get("failures") == "1"


def test_rdjson_with_reviewdog_itself(tmp_path):
    """reviewdog v0.21.0 (from the Go module proxy; scripts/test installs it) reads our rdjson."""
    reviewdog = shutil.which("reviewdog") or os.path.expanduser("~/go/bin/reviewdog")
    if not os.path.exists(reviewdog):
        pytest.fail("reviewdog is not installed: scripts/test installs it with `go install github.com/reviewdog/reviewdog/cmd/reviewdog@v0.21.0`")
    f = tmp_path / "d.md"
    f.write_text("Café — it is arguably fine.\n")
    r = run_cli("--format", "rdjson", "d.md", cwd=tmp_path)
    rd = subprocess.run([reviewdog, "-f=rdjson", "-reporter=local", "-filter-mode=nofilter", "-fail-level=any"], input=r.stdout, cwd=tmp_path, capture_output=True, timeout=60)
    out = rd.stdout.decode()
    assert "d.md:1:" in out and "warning Editorial.Hedges: 'arguably' hedges the claim" in out, out + rd.stderr.decode()
    assert "message:" not in out and "location:" not in out  # not protobuf text
    assert rd.returncode == 1


def test_github_overflow_goes_to_the_job_summary(tmp_path):
    f = tmp_path / "many.md"
    f.write_text("".join(f"Paragraph {i} is arguably fine.\n\n" for i in range(25)))
    summary = tmp_path / "summary.md"
    r = run_cli("--format", "github", f, env={"GITHUB_STEP_SUMMARY": str(summary)})
    lines = r.stdout.decode().splitlines()
    assert sum(l.startswith("::warning ") for l in lines) == 10
    notice = [l for l in lines if l.startswith("::notice title=editlint::")]
    assert notice and "15 more alerts" in notice[0] and "job summary" in notice[0]
    table = summary.read_text()
    assert table.count("Editorial.Hedges") == 15 and "| where | level | rule | message |" in table
    # with no job summary, the rest are printed as plain lines
    r = run_cli("--format", "github", f, env={"GITHUB_STEP_SUMMARY": ""})
    assert r.stdout.decode().count("warning Editorial.Hedges:") == 15


def test_summaries_say_what_was_hidden_or_absorbed(tmp_path):
    f = tmp_path / "d.md"
    f.write_text("The plan is arguably sound.\n")
    r = run_cli("--min-level", "error", f)
    assert r.stdout.decode().strip() == "No alerts in 1 file (alerts below error are not shown)."
    base = tmp_path / "b.json"
    run_cli("--write-baseline", base, f)
    r = run_cli("--baseline", base, f)
    assert "No new alerts in 1 file (1 known alert absorbed by the baseline)." in r.stdout.decode()
    r = run_cli(tmp_path / "missing.md")
    assert r.returncode == 2
    assert "No files linted: 1 path could not be read" in r.stdout.decode()
    assert "No alerts in 0 files" not in r.stdout.decode()


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com"))


OLD = "# Report\n\nThe plan is arguably sound.\n\nIt seems like costs will rise.\n"


def test_baseline_survives_inserted_lines_and_fails_only_on_new(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(OLD)
    base = tmp_path / "baseline.json"
    r = run_cli("--write-baseline", base, draft, cwd=tmp_path)
    assert r.returncode == 0 and base.exists()
    assert len(json.loads(base.read_text())["alerts"]) == 2
    # unchanged: nothing new
    r = run_cli("--baseline", base, draft, cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    # lines inserted above and the paragraph reflowed: still nothing new
    draft.write_text("# Report\n\nA new first paragraph.\n\nAnother one.\n\nThe plan is\narguably sound.\n\nIt seems like costs will rise.\n")
    r = run_cli("--baseline", base, draft, cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    # a new problem fails, and only it is reported
    draft.write_text(draft.read_text() + "\nThe budget is arguably too small.\n")
    r = run_cli("--baseline", base, "--format", "json", draft, cwd=tmp_path)
    alerts = json.loads(r.stdout)["alerts"]
    assert r.returncode == 1
    assert [(a["rule"], a["line"]) for a in alerts] == [("Editorial.Hedges", 12)]
    # the same path written differently (./draft.md) still matches
    r = run_cli("--baseline", base, "./draft.md", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout.decode().count("Editorial.Hedges") == 1


def test_bad_baseline_file_is_a_config_error(tmp_path):
    (tmp_path / "b.json").write_text("[1, 2]")
    (tmp_path / "d.md").write_text("Fine.\n")
    r = run_cli("--baseline", tmp_path / "b.json", tmp_path / "d.md")
    assert r.returncode == 2 and "not an editlint baseline" in r.stderr.decode()


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_diff_reports_only_changed_lines(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.md").write_text(OLD)
    (tmp_path / "b.md").write_text("Untouched, and arguably so.\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "first")
    # insert lines above the existing alerts, and add one new alert
    (tmp_path / "a.md").write_text("# Report\n\nNew intro.\n\n" + OLD.split("\n", 2)[2] + "\nThis will finally fix it, perhaps arguably.\n")
    (tmp_path / "c.md").write_text("A brand new draft, arguably.\n")
    r = run_cli("--diff", "HEAD", "--format", "json", ".", cwd=tmp_path)
    alerts = json.loads(r.stdout)["alerts"]
    got = sorted((a["path"], a["line"], a["rule"]) for a in alerts if a["rule"] == "Editorial.Hedges")
    assert got == [("./a.md", 9, "Editorial.Hedges"), ("./c.md", 1, "Editorial.Hedges")]
    assert all(not a["path"].endswith("b.md") for a in alerts)
    assert r.returncode == 1
    r = run_cli("--diff", "no-such-ref", ".", cwd=tmp_path)
    assert r.returncode == 2 and "git knows no commit named 'no-such-ref'" in r.stderr.decode()


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_pre_commit_hook_with_the_real_framework(tmp_path):
    """Drive pre-commit (from PyPI) against this repository in a scratch repo."""
    pre_commit = shutil.which("pre-commit") or str(ROOT / ".venv" / "bin" / "pre-commit")
    if not os.path.exists(pre_commit):
        pytest.skip("pre-commit is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "bad.md").write_text("# Notes\n\nAs I write this, it seems like the plan is arguably sound.\n")
    (repo / "good.md").write_text("# Notes\n\nThe council approved the plan on Tuesday.\n")
    _git(repo, "add", ".")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"))
    run = lambda *files: subprocess.run(  # noqa: E731
        [pre_commit, "try-repo", str(ROOT), "editlint", "--files", *files], cwd=repo, capture_output=True, text=True, env=env, timeout=600
    )
    bad = run("bad.md")
    out = bad.stdout + bad.stderr
    assert bad.returncode == 1, out
    assert "bad.md:3:1: warning Editorial.FirstPerson" in out
    assert "bad.md:3:" in out and "Editorial.Hedges" in out
    good = run("good.md")
    assert good.returncode == 0, good.stdout + good.stderr
