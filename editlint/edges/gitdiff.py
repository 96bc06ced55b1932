"""``--diff REF``: which lines changed since a git ref (added or modified)."""

from __future__ import annotations

import os
import re
import subprocess

from ..errors import ConfigError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True)


def _verify(ref: str, top: str) -> str:
    """The commit ``ref`` names, as a hash: a ref is never read as an option
    (``--output=file`` would have git write that file)."""
    result = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], top)
    sha = result.stdout.decode("ascii", "replace").strip()
    if result.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40,64}", sha):
        raise ConfigError(f"git knows no commit named {ref!r}", "--diff")
    return sha


def changed_lines(ref: str, cwd: str | None = None) -> dict[str, set[int] | None]:
    """``{absolute path: {changed line numbers}}`` in the working tree versus ``ref``.

    ``None`` as the value means every line (an untracked file).  File names
    come from git's NUL-separated output, so names with spaces, quotes or
    non-ASCII letters are never lost to git's quoting.
    """
    cwd = cwd or os.getcwd()
    try:
        top_run = _git(["rev-parse", "--show-toplevel"], cwd)
    except FileNotFoundError:
        raise ConfigError("--diff needs git, which is not on PATH", "--diff") from None
    if top_run.returncode != 0:
        raise ConfigError("--diff works inside a git repository only", "--diff")
    top = os.fsdecode(top_run.stdout.rstrip(b"\n"))
    sha = _verify(ref, top)
    common = ["--no-color", "--no-ext-diff", "--diff-filter=AMR", "--no-renames", sha, "--"]
    names = _git(["diff", "-z", "--name-only", *common], top)
    patch = _git(["-c", "core.quotePath=false", "diff", "--unified=0", "--no-prefix", *common], top)
    if names.returncode != 0 or patch.returncode != 0:
        err = (names.stderr or patch.stderr).decode("utf-8", "replace").strip().splitlines()
        raise ConfigError(f"git cannot diff against {ref!r}: {err[-1] if err else 'unknown error'}", "--diff")
    files = [os.fsdecode(n) for n in names.stdout.split(b"\0") if n]
    changed: dict[str, set[int] | None] = {}
    # One "diff --git" section per file, in the order --name-only lists them.
    index = -1
    current: set[int] | None = None
    for raw in patch.stdout.split(b"\n"):
        if raw.startswith(b"diff --git "):
            index += 1
            current = None
            if index < len(files):
                current = changed.setdefault(os.path.realpath(os.path.join(top, files[index])), set())
        elif current is not None and raw.startswith(b"@@"):
            m = _HUNK.match(raw.decode("ascii", "replace"))
            if m:
                start, count = int(m.group(1)), int(m.group(2) or 1)
                current.update(range(start, start + count))
    # Untracked files are new: every line counts.
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    for name in untracked.stdout.split(b"\0"):
        if name:
            changed[os.path.realpath(os.path.join(top, os.fsdecode(name)))] = None
    return changed
