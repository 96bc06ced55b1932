"""One shared local LanguageTool for every run, hook and editor.

The first run that needs grammar starts a LanguageTool server in the
background: a process that outlives the run, bound to 127.0.0.1 on a free
port, with its pid, port and version in ``<cache>/languagetool-service/``.
Later runs find it there and use it at once.  A lock on that folder makes
concurrent runs (two hooks, a hook and the language server) start exactly
one.  A small watchdog process stops the server after an idle period
(``EDITLINT_LANGUAGETOOL_IDLE`` minutes, or ``grammar.idle_minutes``;
default 30) — every run that uses it resets the clock — and
``editlint languagetool stop`` stops it at once.  A stale state file, a
crashed server or a server of another LanguageTool version is detected and
replaced.  An explicitly configured server (``grammar.server``,
``EDITLINT_LANGUAGETOOL_URL``) never goes through here: it is used as it is,
never started or stopped.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .server import LT_VERSION, LanguageToolError, Server, free_port, healthy, installed_dir

DEFAULT_IDLE_MINUTES = 30.0
_HTTP_SERVER = b"org.languagetool.server.HTTPServer"


def state_dir() -> Path:
    """Where the shared server's state lives (beside editlint's other caches)."""
    from ..caches.words import cache_dir

    return Path(cache_dir()) / "languagetool-service"


def idle_minutes(configured: float | None = None) -> float:
    env = os.environ.get("EDITLINT_LANGUAGETOOL_IDLE")
    if env:
        try:
            return float(env)
        except ValueError:
            pass
    return configured if configured is not None else DEFAULT_IDLE_MINUTES


@contextlib.contextmanager
def _locked(folder: Path):
    import fcntl

    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _read_state(folder: Path) -> dict | None:
    try:
        state = json.loads((folder / "server.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or not isinstance(state.get("pid"), int) or not isinstance(state.get("port"), int):
        return None
    return state


def _is_languagetool(pid: int) -> bool:
    """Is ``pid`` a live LanguageTool server (not a recycled pid of something else)?"""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return _HTTP_SERVER in cmdline and status != "Z"


def _kill(pid: int) -> None:
    """Stop a server process (its process group: Java and nothing else)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _is_languagetool(pid):
            time.sleep(0.1)
        if not _is_languagetool(pid):
            return


def touch(folder: Path | None = None) -> None:
    """Reset the idle clock: a run is using the server."""
    folder = folder or state_dir()
    with contextlib.suppress(OSError):
        (folder / "used").touch()


def running(folder: Path | None = None) -> dict | None:
    """The shared server's state when it is up, healthy and of this version."""
    folder = folder or state_dir()
    state = _read_state(folder)
    if state is None or state.get("version") != LT_VERSION or not _is_languagetool(state["pid"]):
        return None
    return state if healthy(state["url"], timeout=2.0) else None


def ensure(progress=None, idle: float | None = None) -> str:
    """The URL of the shared server, starting it if none is running.

    ``progress(message)`` is called once, at once, when a start is needed
    (the first run waits ~10 s).  Raises :class:`LanguageToolError`.
    """
    folder = state_dir()
    state = running(folder)
    if state is not None:
        touch(folder)
        return state["url"]
    with _locked(folder):
        state = running(folder)  # another run may have started it meanwhile
        if state is not None:
            touch(folder)
            return state["url"]
        old = _read_state(folder)
        if old is not None and _is_languagetool(old["pid"]):
            _kill(old["pid"])  # crashed, unhealthy or another version: replaced
        with contextlib.suppress(OSError):
            (folder / "server.json").unlink()
        if installed_dir() is None:
            raise LanguageToolError("LanguageTool is not installed: run `editlint languagetool install` (needs Maven and Java 17).")
        if progress:
            progress(f"starting LanguageTool {LT_VERSION} in the background (first run, about 10 s; later runs reuse it)...")
        log = open(folder / "server.log", "ab")  # noqa: SIM115 - handed to the daemon
        server = Server(port=free_port())
        try:
            server.start(stderr=log)
        finally:
            log.close()
        try:
            state = {"pid": server.process.pid, "port": server.port, "url": server.url, "version": LT_VERSION, "started": time.time()}
            tmp = folder / "server.json.tmp"
            tmp.write_text(json.dumps(state), encoding="utf-8")
            os.replace(tmp, folder / "server.json")
            touch(folder)
            _start_watchdog(folder, state["pid"], idle_minutes(idle))
        except BaseException:
            # Not recorded (a full disk, Ctrl-C): no later run could find or
            # stop it, so it must not outlive this one.
            server.stop()
            with contextlib.suppress(OSError):
                (folder / "server.json").unlink()
            raise
        server.process = None  # ours no longer: the service owns it now
        return state["url"]


def stop(folder: Path | None = None) -> dict | None:
    """Stop the shared server (and its watchdog); the state it had, or None."""
    folder = folder or state_dir()
    with _locked(folder):
        state = _read_state(folder)
        if state is not None and _is_languagetool(state["pid"]):
            _kill(state["pid"])
        watchdog = state.get("watchdog") if state else None
        if isinstance(watchdog, int):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(watchdog, signal.SIGTERM)
        with contextlib.suppress(OSError):
            (folder / "server.json").unlink()
    return state


def _start_watchdog(folder: Path, pid: int, minutes: float) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "editlint.languagetool.service", "watch", str(folder), str(pid), str(minutes)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )
    state = _read_state(folder) or {}
    state["watchdog"] = proc.pid
    state["idle_minutes"] = minutes
    (folder / "server.json").write_text(json.dumps(state), encoding="utf-8")


def watch(folder: Path, pid: int, minutes: float) -> None:
    """The watchdog: stop server ``pid`` once nothing has used it for ``minutes``."""
    period = max(0.5, min(15.0, minutes * 60 / 4))
    while True:
        time.sleep(period)
        if not _is_languagetool(pid):
            return  # stopped or crashed: nothing to watch
        try:
            idle = time.time() - (folder / "used").stat().st_mtime
        except OSError:
            idle = float("inf")
        if idle >= minutes * 60:
            try:
                with _locked(folder):
                    state = _read_state(folder)
                    if state is None or state.get("pid") == pid:
                        # The state goes first: no run picks up a server being stopped.
                        with contextlib.suppress(OSError):
                            (folder / "server.json").unlink()
                        _kill(pid)
            except OSError:
                _kill(pid)  # the state folder is gone (a removed cache): nobody can find the server
            return


def describe(folder: Path | None = None) -> str:
    """One paragraph for ``editlint languagetool status``."""
    folder = folder or state_dir()
    state = _read_state(folder)
    if state is None:
        installed = installed_dir()
        return f"no shared LanguageTool is running ({'installed: ' + str(installed) if installed else 'not installed: run `editlint languagetool install`'})"
    alive = _is_languagetool(state["pid"])
    up = alive and healthy(state.get("url", ""), timeout=2.0)
    try:
        idle = (time.time() - (folder / "used").stat().st_mtime) / 60
    except OSError:
        idle = float("nan")
    what = "running" if up else ("not answering" if alive else "not running (stale state; the next run replaces it)")
    return (
        f"LanguageTool {state.get('version', '?')} {what} at {state.get('url')} (pid {state['pid']}); "
        f"idle {idle:.1f} of {state.get('idle_minutes', DEFAULT_IDLE_MINUTES):g} minutes; state in {folder}"
    )


if __name__ == "__main__":  # the watchdog process
    if len(sys.argv) == 5 and sys.argv[1] == "watch":
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        watch(Path(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
