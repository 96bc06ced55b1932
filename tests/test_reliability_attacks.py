"""Reliability: editlint attacked as a hostile input, a busy CI runner and a careless user would.

Every attack, with the outcome it must have (each test below names its attack):

| attack | outcome |
|---|---|
| catastrophic regex in `exceptions`, `vocab.accept`, swap replacements, capitalization exceptions, spelling filters, sequence `pattern`, TokenIgnores | that rule (or the ignores) is skipped for the file with one line naming the regex; exit 2; seconds, not hours |
| a regex budget counted in CPU time | a busy machine does not skip an honest scan |
| a FIFO named `*.md`, a symlink to /dev/zero | skipped with a reason; the other files' results are kept; no hang |
| a file over `--max-file-size` | one line, exit 2, other files linted |
| `kill -9` of one `-j2` worker | reported; its files linted again; complete output; no hang |
| killed parent | workers do not outlive it |
| `--diff '--output=victim.txt'` | refused as no commit; the victim file is untouched |
| `--diff HEAD` with `with space.md`, `naïve.md` changed | both linted |
| a list nested past markdown-it's limit | what follows is linted, and a note says what was too deep |
| a file modified between cache key and lint (`-j2`) | the bytes keyed are the bytes linted |
| content change keeping size and mtime | the cache sees it |
| LanguageTool answers of the wrong shape | that paragraph's grammar is lost with one line, other alerts kept |
| non-UTF-8 text that mentions `encoding: utf-16` or `charset=unicode_escape` | never decoded with those; line numbers hold |
| an unreadable folder (given, or inside a tree) | one line, exit 2 |
| Ctrl-C during a `-j2` run | exit 130, one line, no traceback |
| SIGTERM while LanguageTool starts | the server this run started is stopped |
| `max: .inf`, `grammar: {server: 5}`, `[tool] editlint = 5`, deep formulas, top-level `extends:`, `required: maybe` | one `path:line:` error, exit 2 |
| escape sequences and control characters in a linted file or its name | never reach the terminal, JUnit XML stays valid, no workflow command injected |
| a tampered or corrupt cache | rebuilt, never a crash |
| `--write-baseline` into a missing folder | one line, exit 2, before any output |
| `languagetool serve --port` on a taken port | exit 2 with the reason |
| a stray `{{` | hides nothing past its own line |
| SARIF of very many alerts | written as a stream |
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from editlint.edges.files import expand_paths

from .conftest import run_cli

EXE = Path(sys.executable).parent / "editlint"


def _no_traceback(r):
    assert b"Traceback" not in r.stderr, r.stderr.decode()


def _style(tmp_path, name: str, body: str) -> Path:
    d = tmp_path / "styles" / "Evil"
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.yml").write_text(body)
    (tmp_path / ".editlint.yaml").write_text("styles: [Evil]\nstyles_path: [styles]\n")
    return d


#: The lookbehind keeps these with the backtracking ``regex`` engine; the
#: compiled core's engine runs ``(a|aa)+b`` itself in linear time
#: (test_reliability.py::test_catastrophic_regex_runs_in_linear_time_in_the_compiled_core).
CATASTROPHIC = "(?<!x)(a|aa)+b"


@pytest.mark.parametrize(
    "name, rule, text",
    [
        ("exceptions", f"extends: existence\nmessage: '%s'\nnonword: true\ntokens: ['a+']\nexceptions: ['{CATASTROPHIC}']\n", "a" * 60),
        ("swap-replacement", f"extends: substitution\nmessage: '%s'\nswap:\n  'a+': '{CATASTROPHIC}'\nnonword: true\n", "a" * 60),
        ("capitalization-exception", f"extends: capitalization\nmessage: '%s'\nmatch: $title\nscope: heading\nexceptions: ['{CATASTROPHIC}']\n", "# " + "a" * 60),
        ("sequence-pattern", f"extends: sequence\nmessage: '%s'\ntokens:\n  - pattern: '{CATASTROPHIC}'\n", "a" * 60),
    ],
)
def test_catastrophic_user_patterns_are_bounded(tmp_path, name, rule, text):
    _style(tmp_path, "R", rule)
    (tmp_path / "d.md").write_text(text + "\n")
    start = time.monotonic()
    r = run_cli("d.md", "--no-cache", cwd=tmp_path)
    _no_traceback(r)
    assert time.monotonic() - start < 60
    assert r.returncode == 2, r.stderr.decode()
    assert "Evil.R: regex" in r.stderr.decode() and "s of CPU" in r.stderr.decode()


def test_catastrophic_vocabulary_and_token_ignores_are_bounded(tmp_path):
    (tmp_path / ".vale.ini").write_text("StylesPath = styles\nMinAlertLevel = suggestion\n[*.md]\nBasedOnStyles = Evil\nTokenIgnores = (?<!x)(a|aa)+b\n")
    d = tmp_path / "styles" / "Evil"
    d.mkdir(parents=True)
    (d / "R.yml").write_text("extends: existence\nmessage: '%s'\ntokens: [zzz]\n")
    (tmp_path / "d.md").write_text("a" * 60 + " zzz\n")
    r = run_cli("d.md", "--no-cache", cwd=tmp_path)
    _no_traceback(r)
    assert r.returncode == 2 and "TokenIgnores: regex" in r.stderr.decode()
    # the document was still linted, without the ignores
    assert "zzz" in r.stdout.decode()


def test_guard_counts_cpu_not_wall_time(monkeypatch):
    """A wall-clock timeout on a busy machine is retried: the scan is abandoned
    only once this thread has spent the budget."""
    import editlint.guard as guard

    calls = []

    class Slow:
        def search(self, text, *a, timeout, **k):
            calls.append(timeout)
            if len(calls) < 3:
                time.sleep(timeout)  # wall time passes, CPU time does not
                raise TimeoutError("regex timed out")
            return "found"

    monkeypatch.setattr(guard, "MATCH_TIMEOUT", 0.05)
    # A negative lookahead: the backtracking engine's (the compiled core runs no budget).
    p = guard.GuardedPattern("x(?!y)", 0, Slow())
    assert p.search("text") == "found"
    assert calls[1] == 2 * calls[0] and len(calls) == 3


def test_fifo_and_device_are_skipped_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    (tmp_path / "good.md").write_text("The plan is arguably sound.\n")
    r = subprocess.run([str(EXE), "--no-grammar", "--no-cache", "--format", "json", "."], cwd=tmp_path, capture_output=True, timeout=60)
    _no_traceback(r)
    err = r.stderr.decode()
    assert "pipe.md: skipped: a named pipe (FIFO), not a regular file" in err
    assert "zero.md: skipped: a device, not a regular file" in err
    out = json.loads(r.stdout)
    assert any(a["path"].endswith("good.md") for a in out["alerts"])
    assert r.returncode == 1  # skipping is not an error; the hedge is


def test_file_over_the_size_cap_is_refused(tmp_path):
    (tmp_path / "big.md").write_text("word " * 300_000)
    (tmp_path / "good.md").write_text("The plan is arguably sound.\n")
    r = run_cli("--max-file-size", "1", "--no-cache", "big.md", "good.md", cwd=tmp_path)
    _no_traceback(r)
    assert r.returncode == 2
    assert "big.md: larger than 1 MB; not linted" in r.stderr.decode()
    assert "good.md:1:" in r.stdout.decode()


def _children(pid: int) -> list[int]:
    try:
        out = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(p) for p in out]


def _corpus(tmp_path, n=120):
    para = "The council met on Tuesday and it seems like the plan is arguably sound. " * 40
    for i in range(n):
        (tmp_path / f"f{i:03}.md").write_text(f"# Report {i}\n\n{para}\n")


def test_killed_worker_is_reported_and_nothing_is_lost(tmp_path):
    _corpus(tmp_path)
    env = dict(os.environ, EDITLINT_NO_GRAMMAR="1")
    expected = subprocess.run([str(EXE), "-j1", "--no-cache", "--format", "json", "."], cwd=tmp_path, capture_output=True, env=env, timeout=300)
    proc = subprocess.Popen([str(EXE), "-j2", "--no-cache", "--format", "json", "."], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    victim = None
    deadline = time.monotonic() + 30
    while victim is None and time.monotonic() < deadline:
        kids = _children(proc.pid)
        if len(kids) >= 2:
            victim = kids[0]
        time.sleep(0.05)
    assert victim is not None, "no worker processes seen"
    time.sleep(0.3)
    os.kill(victim, signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    assert b"a worker process died" in err
    assert json.loads(out)["alerts"] == json.loads(expected.stdout)["alerts"]
    assert proc.returncode == expected.returncode == 1


def test_workers_die_with_a_killed_parent(tmp_path):
    _corpus(tmp_path)
    env = dict(os.environ, EDITLINT_NO_GRAMMAR="1")
    proc = subprocess.Popen([str(EXE), "-j2", "--no-cache", "."], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    kids: list[int] = []
    deadline = time.monotonic() + 30
    while len(kids) < 2 and time.monotonic() < deadline:
        kids = _children(proc.pid)
        time.sleep(0.05)
    assert kids
    proc.kill()
    proc.wait()
    time.sleep(1.0)
    alive = [k for k in kids if Path(f"/proc/{k}").exists() and "Z" not in Path(f"/proc/{k}/stat").read_text().split()[2]]
    assert alive == []


def test_ctrl_c_exits_130_with_one_line(tmp_path):
    _corpus(tmp_path)
    env = dict(os.environ, EDITLINT_NO_GRAMMAR="1")
    proc = subprocess.Popen([str(EXE), "-j2", "--no-cache", "."], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGINT)  # the terminal sends it to the whole group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in err and err.decode().strip().splitlines()[-1] == "editlint: interrupted"


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com"))


def test_diff_ref_is_never_an_option(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / "README.md").write_text("Fine.\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "one")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    r = run_cli("--diff", "--output=victim.txt", "README.md", cwd=tmp_path)
    _no_traceback(r)
    assert r.returncode == 2 and "no commit named '--output=victim.txt'" in r.stderr.decode()
    assert victim.read_text() == "precious\n"


def test_diff_sees_names_git_would_quote(tmp_path):
    _git(tmp_path, "init", "-q")
    names = ["with space.md", "naïve.md", 'quo"te.md']
    for n in names:
        (tmp_path / n).write_text("Fine.\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "one")
    for n in names:
        (tmp_path / n).write_text("Fine.\nThe plan is arguably sound.\n")
    r = run_cli("--diff", "HEAD", "--format", "json", ".", cwd=tmp_path)
    paths = {os.path.basename(a["path"]) for a in json.loads(r.stdout)["alerts"]}
    assert paths == set(names)


def test_too_deep_nesting_does_not_hide_what_follows(tmp_path):
    items = "".join("  " * i + f"- item {i}\n" for i in range(30))
    (tmp_path / "deep.md").write_text(items + "\nAfter the list the plan is arguably sound.\n")
    r = run_cli("--no-cache", "--format", "json", "deep.md", cwd=tmp_path)
    alerts = json.loads(r.stdout)["alerts"]
    assert any(a["rule"] == "Editorial.Hedges" and a["line"] == 32 for a in alerts)
    assert "nested deeper than" in r.stderr.decode()


@pytest.mark.parametrize("before", ["", "Intro.\n\n"])
def test_a_list_too_deep_from_its_first_line_does_not_hide_what_follows(before):
    # Nothing of the deep line is read, so the parse resumes past it (it
    # used to start again at the same line, a thousand times, and then drop
    # the rest of the document without a note).
    from editlint.document import parse

    doc = parse(before + "- " * 25 + "deep\n\nAfter the list.\n")
    assert doc.prose.endswith("After the list.") and doc.prose.count("After the list.") == 1
    assert doc.notes and "nested deeper than" in doc.notes[0]


def test_encoding_is_never_taken_from_the_prose(tmp_path):
    body = "We discussed encoding: utf-16 at length.\nCharset=unicode_escape is a codec.\nCaf\xe9 is arguably good.\n"
    (tmp_path / "a.md").write_bytes(body.encode("cp1252"))
    r = run_cli("--no-cache", "--format", "json", "a.md", cwd=tmp_path)
    _no_traceback(r)
    assert "read as Windows-1252" in r.stderr.decode()
    hedge = next(a for a in json.loads(r.stdout)["alerts"] if a["rule"] == "Editorial.Hedges")
    assert hedge["line"] == 3 and hedge["column"] == 9
    # front matter naming a codec that is no text encoding is ignored too
    (tmp_path / "b.md").write_bytes(b"---\nencoding: unicode_escape\n---\nCaf\xe9 \\n is fine.\n")
    r = run_cli("--no-cache", "b.md", cwd=tmp_path)
    assert "read as Windows-1252" in r.stderr.decode()


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    # root reads any folder, so the refusal is simulated at the one call os.walk makes
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.md").write_text("x\n")
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, problems = expand_paths([str(tmp_path)])
    assert files == [str(tmp_path / "ok" / "a.md")]
    assert problems == [(str(tmp_path / "locked"), "cannot read folder: Permission denied", True)]
    files, problems = expand_paths([str(tmp_path / "locked")])
    assert files == [] and problems[0][2] is True


def test_usage_errors_point_at_the_real_help(tmp_path):
    r = run_cli("--bogus-option")
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "Try 'editlint --help' for help." in err and "editlint lint --help" not in err
    r = run_cli("--fxi", cwd=tmp_path)
    assert "Did you mean '--fix'?" in r.stderr.decode()
    r = run_cli("--frobnicate", cwd=tmp_path)
    assert "Did you mean" not in r.stderr.decode()  # nothing close: no guess
    r = run_cli("--jbos", "2")
    assert "Did you mean '--jobs'?" in r.stderr.decode()


@pytest.mark.parametrize(
    "files, where, message",
    [
        ({"styles/S/R.yml": "extends: occurrence\nmessage: x\ntoken: a\nmax: .inf\n"}, "styles/S/R.yml:4:", "'max' must be a finite number"),
        ({"styles/S/R.yml": "extends: metric\nmessage: x\ncondition: '> 3'\nformula: " + "(" * 3000 + "words" + ")" * 3000 + "\n"}, "styles/S/R.yml:4:", "nested more than 200 levels"),
        ({"styles/S/R.yml": "extends: metric\nmessage: x\ncondition: '> 3'\nformula: " + "+".join(["words"] * 3000) + "\n"}, "styles/S/R.yml:4:", "nested more than 200 levels"),
        ({".editlint.yaml": "grammar:\n  server: 5\n"}, ".editlint.yaml:2:", "grammar.server must be a URL"),
        ({".editlint.yaml": "grammar:\n  required: maybe\n"}, ".editlint.yaml:2:", "grammar.required must be true or false"),
        ({".editlint.yaml": "extends: existence\n"}, ".editlint.yaml:1:", "'extends' names a rule type"),
        ({"pyproject.toml": "[project]\nname = 'x'\n[tool]\neditlint = 5\n"}, "pyproject.toml:4:", "tool.editlint must be a table"),
    ],
)
def test_bad_configuration_is_one_located_error(tmp_path, files, where, message):
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    if "styles/S/R.yml" in files:
        (tmp_path / ".editlint.yaml").write_text("styles: [S]\nstyles_path: [styles]\n")
    (tmp_path / "d.md").write_text("Text.\n")
    r = run_cli("--no-grammar", "d.md", cwd=tmp_path)  # grammar settings are checked under --no-grammar too
    _no_traceback(r)
    err = r.stderr.decode().strip().splitlines()
    assert r.returncode == 2 and len(err) == 1, err
    assert where in err[0] and message in err[0] and "internal error" not in err[0]


def test_cache_sees_content_changes_that_keep_size_and_mtime(tmp_path):
    styles = tmp_path / "styles"
    (styles / "S").mkdir(parents=True)
    (styles / "S" / "Spell.yml").write_text("extends: spelling\nmessage: \"'%s'?\"\nignore: [words.txt]\n")
    (styles / "config" / "ignore").mkdir(parents=True)
    words = styles / "config" / "ignore" / "words.txt"
    words.write_text("zorbl\n")
    (tmp_path / ".editlint.yaml").write_text("styles: [S]\nstyles_path: [styles]\n")
    (tmp_path / "d.md").write_text("The zorbl and the qworp met.\n")
    env = {"EDITLINT_CACHE_DIR": str(tmp_path / "cache")}
    first = run_cli("--format", "json", "d.md", cwd=tmp_path, env=env)
    assert [a["match"] for a in json.loads(first.stdout)["alerts"]] == ["qworp"]
    st = words.stat()
    words.write_text("qworp\n")  # same size
    os.utime(words, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime
    second = run_cli("--format", "json", "d.md", cwd=tmp_path, env=env)
    assert [a["match"] for a in json.loads(second.stdout)["alerts"]] == ["zorbl"]


def test_file_changed_between_key_and_lint_is_linted_as_keyed(tmp_path, monkeypatch):
    """-j2 reads each file once: the bytes a cache key is made of are the bytes linted."""
    from editlint.edges import runner

    calls = []
    real = runner.read_input

    def counting(path, *a, **k):
        calls.append(path)
        return real(path, *a, **k)

    monkeypatch.setattr(runner, "read_input", counting)
    monkeypatch.setenv("EDITLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("EDITLINT_NO_GRAMMAR", "1")
    for i in range(6):
        (tmp_path / f"f{i}.md").write_text(f"Draft {i} is arguably fine.\n")
    from editlint.config import ConfigLoader, Overrides
    from editlint.formatters.json import JsonFormatter

    files = sorted(str(p) for p in tmp_path.glob("*.md"))
    code = runner.run(files, ConfigLoader(Overrides(grammar=False), cwd=str(tmp_path)), JsonFormatter(), runner.RunOptions(jobs=2))
    assert code == 1
    assert sorted(calls) == files  # once each, in the parent; workers lint what was read


def test_terminal_escapes_and_controls_never_reach_the_output(tmp_path):
    evil = tmp_path / "e\x1b[31mvil.md"
    evil.write_text("The plan is \x1b]0;owned\x07arguably sound.\n\nIt is arguably \x0b\x1b[2J fine.\n")
    r = run_cli("--no-cache", evil.name, cwd=tmp_path)
    assert b"\x1b" not in r.stdout and b"\x1b" not in r.stderr and b"\x07" not in r.stdout
    assert "\\x1b[31m" in r.stdout.decode()
    import xml.etree.ElementTree as ET

    r = run_cli("--no-cache", "--format", "junit", evil.name, cwd=tmp_path)
    ET.fromstring(r.stdout)  # valid XML despite the controls
    r = run_cli("--no-cache", "--format", "vale-line", evil.name, cwd=tmp_path)
    assert b"\x1b" not in r.stdout


def test_file_names_cannot_inject_workflow_commands(tmp_path):
    bad = tmp_path / "x\n::error::injected.md"
    bad.write_bytes(b"\x00binary")
    r = run_cli("--no-cache", "--format", "github", bad.name, cwd=tmp_path)
    for stream in (r.stdout.decode(), r.stderr.decode()):
        assert not any(line.startswith("::error::injected") for line in stream.splitlines())
    starts = tmp_path / "::warning::x.md"
    starts.write_bytes(b"\x00binary")
    r = run_cli("--no-cache", starts.name, cwd=tmp_path)
    assert not any(line.startswith("::") for line in r.stderr.decode().splitlines())


def test_tampered_and_corrupt_caches_are_rebuilt(tmp_path):
    import marshal
    import sqlite3

    cache = tmp_path / "cache"
    env = {"EDITLINT_CACHE_DIR": str(cache)}
    (tmp_path / "d.md").write_text("The plan is arguably sound.\n")
    want = run_cli("--format", "json", "d.md", cwd=tmp_path, env=env)
    db_path = next(cache.glob("results-*.sqlite"))
    db = sqlite3.connect(db_path)
    db.execute("UPDATE results SET alerts = ?", (marshal.dumps([("d.md", "one", 1, 1, 1, "R", "fatal", "m", "x", (), "", 0, 0)]),))
    db.commit()
    db.close()
    r = run_cli("--format", "json", "d.md", cwd=tmp_path, env=env)
    _no_traceback(r)
    assert json.loads(r.stdout)["alerts"] == json.loads(want.stdout)["alerts"]
    for f in cache.glob("*.sqlite*"):
        f.write_bytes(b"this is not a database" * 100)
    r = run_cli("--format", "json", "d.md", cwd=tmp_path, env=env)
    _no_traceback(r)
    assert json.loads(r.stdout)["alerts"] == json.loads(want.stdout)["alerts"]
    # rebuilt: the next run is served from it again
    r = run_cli("-v", "d.md", cwd=tmp_path, env=env)
    assert "cache: 1 of 1 files unchanged" in r.stderr.decode()


def test_full_disk_leaves_no_partial_file(tmp_path, monkeypatch):
    from editlint.caches import fsutil

    target = tmp_path / "out.json"

    def full(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        fsutil.atomic_write(str(target), "x" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_write_baseline_into_a_missing_folder(tmp_path):
    (tmp_path / "d.md").write_text("The plan is arguably sound.\n")
    r = run_cli("--write-baseline", "nowhere/b.json", "d.md", cwd=tmp_path)
    _no_traceback(r)
    assert r.returncode == 2 and r.stdout == b""
    assert "cannot write the baseline: folder" in r.stderr.decode() and "does not exist" in r.stderr.decode()


def test_stray_template_brace_hides_nothing_beyond_its_paragraph(tmp_path):
    (tmp_path / "d.md").write_text("A stray {{ brace.\n\nThe plan is arguably sound.\n\nAnd }} later.\n\n{{< note >}}It seems like a plan.{{< /note >}}\n")
    r = run_cli("--no-cache", "--format", "json", "d.md", cwd=tmp_path)
    got = {(a["rule"], a["line"]) for a in json.loads(r.stdout)["alerts"]}
    assert ("Editorial.Hedges", 3) in got
    assert ("Editorial.Hedges", 7) in got  # the text between shortcodes on one line is prose


def test_sarif_is_streamed(tmp_path):
    """Results are written as files are linted, not held for the end."""
    from editlint.alert import Alert
    from editlint.formatters.sarif import SarifFormatter

    f = SarifFormatter()
    a = Alert("d.md", 1, 1, 1, 2, "R.X", "warning", "m", "x")
    first = f.file("d.md", [a] * 3)
    assert first.count('"ruleId"') == 3
    assert f.file("e.md", [a]).count('"ruleId"') == 1
    log = json.loads(first + f.file("f.md", []) + f.finish(__import__("editlint.formatters.base", fromlist=["Summary"]).Summary(), []))
    assert len(log["runs"][0]["results"]) == 3
