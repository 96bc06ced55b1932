"""`editlint --fix`: safe one-replacement fixes, applied atomically, never in code or quotations."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from editlint.alert import Alert
from editlint.edges.fix import apply_fixes

from .conftest import ROOT, run_cli


def _style(tmp_path):
    d = tmp_path / "styles" / "House"
    d.mkdir(parents=True)
    (d / "Swap.yml").write_text("extends: substitution\nmessage: \"Use '%s', not '%s'.\"\nignorecase: true\nswap:\n  utilise: use\n  in order to: to\n")
    (d / "Maybe.yml").write_text("extends: substitution\nmessage: \"Use '%s', not '%s'.\"\nswap:\n  colour: color|hue\n")
    (tmp_path / ".editlint.yaml").write_text("styles: [House, Editorial]\nstyles_path: [styles]\n")


def test_substitutions_variants_names_and_copies_are_fixed(tmp_path):
    _style(tmp_path)
    f = tmp_path / "d.md"
    f.write_text(
        "# Report\n\nWe utilise the tool in order to save time. The colour is fine.\n\n"
        "The health care plan and the health-care budget and the health-care team met.\n\n"
        "Dana Whitfield, the chief executive, spoke. Whitfield said costs fell. Whitfeld added more.\n\n"
        "```\nwe utilise code here\n```\n\n\"We utilise it,\" she said.\n"
    )
    r = run_cli("--fix", "--format", "json", "d.md", cwd=tmp_path)
    text = f.read_text()
    assert "We use the tool to save time." in text
    assert "The health-care plan" in text  # the majority form
    assert "Whitfield added more." in text
    assert "colour" in text  # two possible replacements: left for the writer
    assert "we utilise code here" in text  # never inside code
    assert '"We utilise it," she said.' in text  # never inside a quotation
    assert "fixed 4 problems in 1 file" in r.stderr.decode()
    # idempotent: a second --fix changes nothing
    before = f.read_bytes()
    r = run_cli("--fix", "d.md", cwd=tmp_path)
    assert f.read_bytes() == before and "fixed 0 problems" in r.stderr.decode()


def test_dry_run_prints_a_diff_and_writes_nothing(tmp_path):
    _style(tmp_path)
    f = tmp_path / "d.md"
    f.write_text("We utilise the tool.\n")
    r = run_cli("--fix", "--dry-run", "d.md", cwd=tmp_path)
    out = r.stdout.decode()
    assert "--- a/d.md" in out and "-We utilise the tool." in out and "+We use the tool." in out
    assert f.read_text() == "We utilise the tool.\n" and r.returncode == 1


def test_crlf_bom_and_mode_are_kept(tmp_path):
    _style(tmp_path)
    f = tmp_path / "d.md"
    f.write_bytes(b"\xef\xbb\xbfWe utilise it.\r\nThen we utilise more.\r\n")
    os.chmod(f, 0o640)
    run_cli("--fix", "d.md", cwd=tmp_path)
    assert f.read_bytes() == b"\xef\xbb\xbfWe use it.\r\nThen we use more.\r\n"
    assert stat.S_IMODE(os.stat(f).st_mode) == 0o640


def test_overlapping_fixes_are_resolved_in_order():
    text = "abcdef"
    a = Alert("p", 1, 1, 1, 4, "R.A", "warning", "m", "abc", ("X",), offset=0, end_offset=3, fix="X")
    b = Alert("p", 1, 2, 1, 6, "R.B", "warning", "m", "bcde", ("Y",), offset=1, end_offset=5, fix="Y")
    c = Alert("p", 1, 5, 1, 7, "R.C", "warning", "m", "ef", ("Z",), offset=4, end_offset=6, fix="Z")
    assert apply_fixes(text, [c, b, a]) == ("XdZ", 2)




def test_unwritable_file_is_one_clear_line_and_nothing_is_lost(tmp_path, monkeypatch):
    from editlint.edges import fix as fixmod
    from editlint.config import ConfigLoader, Overrides

    _style(tmp_path)
    f = tmp_path / "d.md"
    f.write_text("We utilise it.\n")
    monkeypatch.setattr(fixmod.os, "access", lambda p, mode: False)  # as a read-only file answers
    report = fixmod.fix_paths([str(f)], ConfigLoader(Overrides(grammar=False), cwd=str(tmp_path)))
    assert report.problems == [(str(f), "not writable: nothing changed")] and report.fixes == 0
    assert f.read_text() == "We utilise it.\n"


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    from editlint.edges import fix as fixmod
    from editlint.caches import fsutil
    from editlint.config import ConfigLoader, Overrides

    _style(tmp_path)
    f = tmp_path / "d.md"
    f.write_text("We utilise it.\n")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fixmod.fix_paths([str(f)], ConfigLoader(Overrides(grammar=False), cwd=str(tmp_path)))
    assert f.read_text() == "We utilise it.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".editlint.yaml", "d.md", "styles"]


def test_seed_draft_fix_leaves_only_judgement(tmp_path):
    seed = next((ROOT / "seeds").glob("*.txt"))
    f = tmp_path / seed.name
    f.write_bytes(seed.read_bytes())
    r = run_cli("--fix", "--format", "json", f.name, cwd=tmp_path)
    import json

    left = json.loads(r.stdout)["alerts"]
    assert not any(a["severity"] == "error" for a in left)  # pasted copies and residue are gone
    assert {a["rule"] for a in left} >= {"Editorial.Cliches", "Editorial.Puffery"}  # the editor's part stays
    assert "fixed 4 problems in 1 file" in r.stderr.decode()
    assert f.read_text(encoding="utf-8").count("Meta’s Ambitious AI Strategy Faces Open-Source Dilemma") == 1


def test_explain_says_whether_a_rule_fixes():
    r = run_cli("explain", "Editorial.Variants")
    assert "Fixes:   yes" in r.stdout.decode()
    r = run_cli("explain", "Editorial.Hedges")
    assert "Fixes:   no" in r.stdout.decode()


def test_allow_listed_languagetool_replacements_are_fixed_and_others_left(tmp_path, languagetool):
    f = tmp_path / "d.md"
    body = 'It is is fine. We ate a apple. Then we left , and slept.\n\n"It is is over," she said. Their going too the shop.\n'
    f.write_text(body)
    (tmp_path / ".editlint.yaml").write_text(f"styles: [Editorial]\ngrammar:\n  server: {languagetool}\n")
    r = run_cli("--fix", "--format", "json", "d.md", cwd=tmp_path, grammar=True)
    text = f.read_text()
    assert "It is fine. We ate an apple. Then we left, and slept." in text, (text, r.stderr.decode())
    assert '"It is is over," she said.' in text  # never inside a quotation
    assert "too the shop" in text  # one replacement, but not on the allow-list: an editor decides
    assert "fixed 3 problems" in r.stderr.decode()
    # grammar.fix: [] turns grammar fixes off
    f.write_text(body)
    (tmp_path / ".editlint.yaml").write_text(f"styles: [Editorial]\ngrammar:\n  server: {languagetool}\n  fix: []\n")
    r = run_cli("--fix", "d.md", cwd=tmp_path, grammar=True)
    assert f.read_text() == body and "fixed 0 problems" in r.stderr.decode()
