"""``--diff REF``: which lines changed since a git ref (added or modified)."""

from __future__ import annotations

import os
import re
import subprocess

from .errors import ConfigError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


def changed_lines(ref: str, cwd: str | None = None) -> dict[str, set[int]]:
    """``{absolute path: {changed line numbers}}`` in the working tree versus ``ref``."""
    cwd = cwd or os.getcwd()
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()
        result = subprocess.run(
            ["git", "diff", "--unified=0", "--no-color", "--no-ext-diff", "--diff-filter=AMR", ref, "--"],
            cwd=top,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        raise ConfigError("--diff needs git, which is not on PATH", "--diff") from None
    except subprocess.CalledProcessError:
        raise ConfigError("--diff works inside a git repository only", "--diff") from None
    if result.returncode != 0:
        raise ConfigError(f"git cannot diff against {ref!r}: {result.stderr.strip().splitlines()[-1] if result.stderr.strip() else 'unknown error'}", "--diff")
    changed: dict[str, set[int]] = {}
    current = None
    for line in result.stdout.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else os.path.join(top, name[2:] if name.startswith("b/") else name)
            if current:
                changed.setdefault(os.path.realpath(current), set())
        elif current and line.startswith("@@"):
            m = _HUNK.match(line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) or 1)
                changed[os.path.realpath(current)].update(range(start, start + count))
    # Untracked files are new: every line counts.
    untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard"], cwd=top, capture_output=True, text=True)
    for name in untracked.stdout.splitlines():
        changed[os.path.realpath(os.path.join(top, name))] = None  # type: ignore[assignment]
    return changed
