"""The shared local LanguageTool: one server for concurrent runs, reused, stopped, recovered.

Real LanguageTool processes (installed from Maven Central by scripts/test);
each test has its own state folder and stops what it started.
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

from editlint.languagetool import service
from editlint.languagetool.server import installed_dir

EXE = Path(sys.executable).parent / "editlint"
pytestmark = pytest.mark.skipif(installed_dir() is None, reason="LanguageTool is not installed (scripts/test installs it)")


@pytest.fixture
def shared(tmp_path):
    """An environment whose runs use a shared LanguageTool of their own; stopped after."""
    env = {k: v for k, v in os.environ.items() if k not in ("EDITLINT_LANGUAGETOOL_URL", "EDITLINT_NO_GRAMMAR")}
    env["EDITLINT_CACHE_DIR"] = str(tmp_path / "cache")
    draft = tmp_path / "d.md"
    draft.write_text("We could of gone there.\n")
    yield env, draft, tmp_path / "cache" / "languagetool-service"
    service.stop(tmp_path / "cache" / "languagetool-service")


def _run(env, *args, **kw):
    return subprocess.run([str(EXE), "--no-cache", *map(str, args)], env=env, capture_output=True, text=True, timeout=180, **kw)


def _state(folder: Path) -> dict:
    return json.loads((folder / "server.json").read_text())


def _alive(pid: int) -> bool:
    return service._is_languagetool(pid)


def test_concurrent_runs_start_one_server_and_later_runs_reuse_it(shared):
    env, draft, folder = shared
    procs = [subprocess.Popen([str(EXE), "--no-cache", str(draft)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert all("LanguageTool.MODAL_OF" in out for out, _ in outs), outs
    starts = sum(err.count("starting LanguageTool") for _, err in outs)
    assert starts == 1, [err for _, err in outs]
    pid = _state(folder)["pid"]
    assert _alive(pid)
    # a later run: no start, the same server
    again = _run(env, draft)
    assert "LanguageTool.MODAL_OF" in again.stdout and "starting LanguageTool" not in again.stderr
    assert _state(folder)["pid"] == pid
    status = subprocess.run([str(EXE), "languagetool", "status"], env=env, capture_output=True, text=True)
    assert f"(pid {pid})" in status.stdout and "running at http://127.0.0.1:" in status.stdout
    stop = subprocess.run([str(EXE), "languagetool", "stop"], env=env, capture_output=True, text=True)
    assert f"stopped LanguageTool (pid {pid})" in stop.stdout
    assert not _alive(pid) and not (folder / "server.json").exists()


def test_a_killed_server_and_a_stale_state_file_are_replaced(shared):
    env, draft, folder = shared
    _run(env, draft)
    pid = _state(folder)["pid"]
    os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    r = _run(env, draft)
    assert "LanguageTool.MODAL_OF" in r.stdout and "starting LanguageTool" in r.stderr
    new = _state(folder)["pid"]
    assert new != pid and _alive(new)
    service.stop(folder)
    # a state file naming a pid and port that are nobody's
    (folder / "server.json").write_text(json.dumps({"pid": 999_999, "port": 9, "url": "http://127.0.0.1:9", "version": "6.6"}))
    r = _run(env, draft)
    assert "LanguageTool.MODAL_OF" in r.stdout
    assert _state(folder)["pid"] != 999_999 and _alive(_state(folder)["pid"])


def test_idle_timeout_stops_the_server(shared):
    env, draft, folder = shared
    env = dict(env, EDITLINT_LANGUAGETOOL_IDLE="0.05")  # three seconds
    _run(env, draft)
    pid = _state(folder)["pid"]
    deadline = time.monotonic() + 60
    while (_alive(pid) or (folder / "server.json").exists()) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _alive(pid)
    assert not (folder / "server.json").exists()


def test_a_configured_server_is_never_started_or_stopped(shared, languagetool):
    env, draft, folder = shared
    env = dict(env, EDITLINT_LANGUAGETOOL_URL=languagetool)
    r = _run(env, draft)
    assert "LanguageTool.MODAL_OF" in r.stdout and "starting LanguageTool" not in r.stderr
    assert not (folder / "server.json").exists()
    subprocess.run([str(EXE), "languagetool", "stop"], env=env, capture_output=True)
    from editlint.languagetool.server import healthy

    assert healthy(languagetool)


def test_grammar_alerts_say_what_and_explain_finds_the_rule(shared):
    env, draft, folder = shared
    r = _run(env, draft)
    line = next(l for l in r.stdout.splitlines() if "MODAL_OF" in l)
    assert "'could of':" in line and "Suggestion: 'could have'" in line
    r = subprocess.run([str(EXE), "explain", "LanguageTool.MODAL_OF"], env=env, capture_output=True, text=True)
    assert r.returncode == 0 and "Category:" in r.stdout and "community.languagetool.org/rule/show/MODAL_OF" in r.stdout


def test_document_language_and_vocabulary(shared):
    env, draft, folder = shared
    draft.write_text("---\nlang: en-GB\n---\nThe colour of the Zorblax release was grey.\n")
    (draft.parent / ".editlint.yaml").write_text("vocab:\n  accept: [Zorblax]\n")
    r = _run(env, draft, cwd=draft.parent)
    assert "colour" not in r.stdout  # British spelling under lang: en-GB
    assert "Zorblax" not in r.stdout  # accepted by the vocabulary, by both spellers


def test_vale_only_folders_get_no_grammar_unless_asked(shared):
    env, draft, folder = shared
    (draft.parent / ".vale.ini").write_text("MinAlertLevel = suggestion\n[*.md]\nBasedOnStyles = Vale\n")
    r = _run(env, draft, cwd=draft.parent)
    assert "LanguageTool" not in r.stdout and "LanguageTool" not in r.stderr
    assert not (folder / "server.json").exists()


def _servers() -> set[int]:
    """Pids of LanguageTool servers running on this machine."""
    out = set()
    for p in Path("/proc").iterdir():
        if p.name.isdigit() and service._is_languagetool(int(p.name)):
            out.add(int(p.name))
    return out


def test_a_start_interrupted_before_its_state_is_written_leaves_no_server(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITLINT_CACHE_DIR", str(tmp_path / "cache"))
    before = _servers()
    real = os.replace

    def interrupted(src, dst):
        if str(dst).endswith("server.json"):
            raise KeyboardInterrupt  # Ctrl-C just after Java came up
        return real(src, dst)

    monkeypatch.setattr(service.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        service.ensure()
    monkeypatch.undo()
    assert _servers() <= before, "a server nobody can find was left running"
    assert not (tmp_path / "cache" / "languagetool-service" / "server.json").exists()


def test_the_watchdog_stops_a_server_whose_state_folder_was_removed(shared):
    import shutil

    env, draft, folder = shared
    env = dict(env, EDITLINT_LANGUAGETOOL_IDLE="0.05")
    _run(env, draft)
    pid = _state(folder)["pid"]
    shutil.rmtree(folder.parent)  # a test's temporary cache removed, a user's cache cleared
    deadline = time.monotonic() + 60
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not _alive(pid)
