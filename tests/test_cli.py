"""The command line as a user runs it: real processes, real files."""

from __future__ import annotations

import json
import textwrap

import pytest

from .conftest import ROOT, assert_spans, run_cli

SEED = ROOT / "seeds" / "000_62586c07ffb18d48.txt"

STYLE = {
    "Avoid.yml": "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: warning\ntokens: [very]\n",
    "Hint.yml": "extends: existence\nmessage: \"Maybe not '%s'.\"\nlevel: suggestion\ntokens: [just]\n",
    "Bad.yml": "extends: existence\nmessage: \"Never '%s'.\"\nlevel: error\ntokens: [irregardless]\n",
}


@pytest.fixture
def project(tmp_path):
    style = tmp_path / "styles" / "House"
    style.mkdir(parents=True)
    for name, text in STYLE.items():
        (style / name).write_text(text)
    (tmp_path / ".editlint.yaml").write_text("styles_path: styles\nstyles: [House]\n")
    (tmp_path / "clean.md").write_text("Nothing to see here.\n")
    (tmp_path / "draft.md").write_text("A very long draft.\n\nIt is just fine.\n")
    return tmp_path


def test_seed_text_output_and_exit_code():
    r = run_cli(SEED, "--no-color")
    out = r.stdout.decode()
    assert r.returncode == 1, r.stderr.decode()
    assert out.count(f"{SEED}:") >= 10
    assert "alerts in 1 file" in out
    assert r.stderr == b""


def test_seed_json_contract():
    r = run_cli("--format", "json", SEED)
    doc = json.loads(r.stdout)
    assert set(doc) == {"version", "alerts", "errors", "summary"}
    assert doc["version"] == 1
    assert doc["alerts"], "the seed draft has problems to report"
    keys = {"path", "line", "column", "end_line", "end_column", "rule", "severity", "message", "match", "suggestions", "link"}
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    for a in doc["alerts"]:
        assert set(a) == keys
        assert a["path"] == str(SEED)
        assert a["severity"] in ("suggestion", "warning", "error")
        assert isinstance(a["suggestions"], list)
        if a["line"] == a["end_line"]:
            assert lines[a["line"] - 1][a["column"] - 1 : a["end_column"] - 1] == a["match"], a
    s = doc["summary"]
    assert s["files"] == 1
    assert s["errors"] + s["warnings"] + s["suggestions"] == len(doc["alerts"])


def test_levels_and_exit_codes(project):
    r = run_cli("draft.md", cwd=project)
    assert r.returncode == 1
    out = r.stdout.decode()
    assert "draft.md:1:3: warning House.Avoid: Avoid 'very'." in out
    assert "draft.md:3:7: suggestion House.Hint: Maybe not 'just'." in out
    assert "2 alerts in 1 file: 0 errors, 1 warning, 1 suggestion." in out
    r = run_cli("draft.md", "--fail-level", "error", cwd=project)
    assert r.returncode == 0
    r = run_cli("draft.md", "--min-level", "warning", cwd=project)
    assert "House.Hint" not in r.stdout.decode() and r.returncode == 1
    r = run_cli("clean.md", cwd=project)
    assert r.returncode == 0 and "No alerts in 1 file." in r.stdout.decode()
    r = run_cli("draft.md", "--disable", "House.Avoid", cwd=project)
    assert r.returncode == 0 and "House.Avoid" not in r.stdout.decode()
    r = run_cli("draft.md", "--quiet", cwd=project)
    assert "alerts in" not in r.stdout.decode()


def test_directory_glob_and_stdin(project):
    (project / "sub").mkdir()
    (project / "sub" / "notes.txt").write_text("very plain text\n")
    (project / "sub" / "image.png").write_bytes(b"\x89PNG\x00\x00")
    r = run_cli(".", cwd=project)
    out = r.stdout.decode()
    assert "sub/notes.txt:1:1:" in out and "draft.md:1:3:" in out and "png" not in out
    r = run_cli("**/*.txt", cwd=project)
    assert "sub/notes.txt:1:1:" in r.stdout.decode() and "draft.md" not in r.stdout.decode()
    r = run_cli("-", "--stdin-filename", "piped.md", input=b"so very nice\n", cwd=project)
    assert "piped.md:1:4: warning House.Avoid" in r.stdout.decode()
    r = run_cli("-", input=b"very\n", cwd=project)
    assert r.stdout.decode().startswith("-:1:1: warning House.Avoid")


def test_missing_file_is_reported_and_others_still_linted(project):
    r = run_cli("nope.md", "draft.md", cwd=project)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert err.strip() == "nope.md: no such file or directory"
    assert "draft.md:1:3:" in r.stdout.decode()


def test_config_error_is_one_line_without_traceback(project):
    (project / "styles" / "House" / "Broken.yml").write_text("extends: existence\nmessage: x\ntokens:\n  - '(oops'\n")
    r = run_cli("draft.md", cwd=project)
    assert r.returncode == 2
    err = r.stderr.decode().strip()
    assert err.startswith("editlint: ") and "Broken.yml:3: 'tokens': regex does not compile" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert r.stdout == b""


def test_unknown_style_and_bad_config_key(project):
    (project / ".editlint.yaml").write_text("styles_path: styles\nstyles: [Nope]\n")
    r = run_cli("draft.md", cwd=project)
    assert r.returncode == 2 and ".editlint.yaml:2: style 'Nope' not found" in r.stderr.decode()
    (project / ".editlint.yaml").write_text("styles: [House]\nstyels_path: styles\n")
    r = run_cli("draft.md", cwd=project)
    assert r.returncode == 2 and ".editlint.yaml:2: unknown key 'styels_path'" in r.stderr.decode()


def test_style_and_styles_path_options(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("elsewhere")
    (other / "Mine").mkdir()
    (other / "Mine" / "Word.yml").write_text("extends: existence\nmessage: found\nlevel: error\ntokens: [draft]\n")
    r = run_cli("draft.md", "--styles-path", other, "--style", "Mine", cwd=project)
    out = r.stdout.decode()
    assert "Mine.Word" in out and "House.Avoid" not in out


def test_rules_explain_init_help_version(project):
    r = run_cli("rules", cwd=project)
    out = r.stdout.decode()
    assert r.returncode == 0
    assert "House.Avoid" in out and "existence" in out and "warning" in out and "Avoid.yml" in out
    r = run_cli("explain", "House.Avoid", cwd=project)
    assert r.returncode == 0 and "Avoid '%s'." in r.stdout.decode() and "tokens: [very]" in r.stdout.decode()
    r = run_cli("explain", "House.Nope", cwd=project)
    assert r.returncode == 2 and "no rule named 'House.Nope'" in r.stderr.decode()
    r = run_cli("init", cwd=project)
    assert r.returncode == 2 and "already exists" in r.stderr.decode()
    (project / ".editlint.yaml").unlink()
    r = run_cli("init", cwd=project)
    assert r.returncode == 0 and (project / ".editlint.yaml").read_text().startswith("# editlint configuration")
    r = run_cli("draft.md", cwd=project)  # the written config is valid
    assert r.returncode in (0, 1), r.stderr
    r = run_cli("--help")
    help_text = r.stdout.decode()
    assert r.returncode == 0 and "--fail-level" in help_text and "Examples:" in help_text and "editlint explain" in help_text
    assert run_cli("--version").stdout.decode().startswith("editlint ")
    r = run_cli("--format", "yaml", "x.md")
    assert r.returncode == 2 and "unknown format" in r.stderr.decode()


def test_explain_runs_the_rule_examples():
    r = run_cli("explain", "Editorial.FirstPerson")
    out = r.stdout.decode()
    assert r.returncode == 0
    assert "flags:" in out and "->" in out


def test_result_cache_reuses_unchanged_files_and_sees_changes(tmp_path):
    style = tmp_path / "styles" / "House"
    style.mkdir(parents=True)
    rule = style / "Avoid.yml"
    rule.write_text("extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: warning\ntokens: [utilize]\n")
    (tmp_path / ".editlint.yaml").write_text("styles_path: [styles]\nstyles: [House]\n")
    draft = tmp_path / "a.md"
    draft.write_text("We utilize tools.\n")
    (tmp_path / "b.md").write_text("Nothing here.\n")
    env = {"EDITLINT_CACHE_DIR": str(tmp_path / "cache")}

    def lint():
        r = run_cli("-v", "--format", "json", ".", cwd=tmp_path, env=env)
        return json.loads(r.stdout)["alerts"], r.stderr.decode()

    first, err1 = lint()
    second, err2 = lint()
    assert "cache: 0 of 2 files unchanged" in err1
    assert "cache: 2 of 2 files unchanged" in err2
    assert first == second and [a["match"] for a in first] == ["utilize"]
    # a changed rule file changes the fingerprint: nothing comes from the cache
    rule.write_text("extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: error\ntokens: [utilize, tools]\n")
    third, err3 = lint()
    assert "cache: 0 of 2" in err3
    assert [(a["match"], a["severity"]) for a in third] == [("utilize", "error"), ("tools", "error")]
    # a changed file is linted again; the unchanged one still comes from the cache
    draft.write_text("We utilize nothing.\n")
    fourth, err4 = lint()
    assert "cache: 1 of 2" in err4
    assert [a["match"] for a in fourth] == ["utilize"]
    # --no-cache lints everything
    r = run_cli("-v", "--no-cache", ".", cwd=tmp_path, env=env)
    assert "cache:" not in r.stderr.decode()


def test_result_cache_works_without_languagetool_and_not_for_a_failed_one(tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text("We utilize tools.\n")
    # grammar on by default, but no LanguageTool installed in this cache folder
    env = {"EDITLINT_CACHE_DIR": str(tmp_path / "cache"), "EDITLINT_LANGUAGETOOL_HOME": str(tmp_path / "no-lt")}
    run_cli("-v", draft, env=env, grammar=True)
    r = run_cli("-v", draft, env=env, grammar=True)
    assert "cache: 1 of 1 files unchanged" in r.stderr.decode()
    # a configured server that cannot be reached: the results lack grammar, so they are not kept
    env["EDITLINT_LANGUAGETOOL_URL"] = "http://127.0.0.1:9"
    run_cli("-v", draft, env=env, grammar=True)
    r = run_cli("-v", draft, env=env, grammar=True)
    assert "cache: 0 of 1 files unchanged" in r.stderr.decode()
