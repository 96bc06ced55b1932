"""Benchmark: grammar with the shared LanguageTool, as a writer and a hook meet it.

    python bench/grammar.py

With LanguageTool installed: the first grammar run (the shared server
starts), a second run of the same draft changed in one paragraph (target:
under 1 s above the no-grammar time for a 1,000-word draft), the no-grammar
time, and a real pre-commit commit with the hook's grammar on.  Uses its own
cache folder and stops the server it started.  Nothing here is a test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EDITLINT = str(BIN / "editlint")
SOURCE = ROOT.parent / "shared" / "corpora" / "onestopenglish" / "adv"


def draft(words: int = 1000) -> str:
    paras, n = [], 0
    for p in sorted(SOURCE.glob("*.txt")):
        for line in p.read_text(encoding="utf-8-sig", errors="replace").splitlines():
            if len(line.split()) > 20:
                paras.append(line.strip())
                n += len(line.split())
            if n >= words:
                return "\n\n".join(paras) + "\n"
    return "\n\n".join(paras) + "\n"


def timed(cmd, env, cwd=None) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> int:
    from editlint.languagetool.server import installed_dir

    if installed_dir() is None:
        print("LanguageTool is not installed: run `editlint languagetool install` first")
        return 1
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        env = {k: v for k, v in os.environ.items() if k not in ("EDITLINT_LANGUAGETOOL_URL", "EDITLINT_NO_GRAMMAR")}
        env["EDITLINT_CACHE_DIR"] = str(tmp / "cache")
        text = draft()
        f = tmp / "draft.md"
        f.write_text(text)
        rows = []
        try:
            rows.append(("first grammar run (starts the shared server)", timed([EDITLINT, str(f)], env)))
            paras = text.split("\n\n")
            paras[3] = paras[3] + " It were a long day."
            f.write_text("\n\n".join(paras))
            # The changed draft without grammar first: the new words' figures
            # (syllables, frequency) are paid once, by whichever run comes first.
            nogrammar = timed([EDITLINT, "--no-grammar", "--no-cache", str(f)], env)
            second = timed([EDITLINT, "--no-cache", str(f)], env)
            warm = timed([EDITLINT, "--no-grammar", "--no-cache", str(f)], env)
            rows.append(("second run, one paragraph changed", second))
            rows.append(("same draft, --no-grammar (new words' figures paid)", nogrammar))
            rows.append(("same draft, --no-grammar again", warm))
            rows.append(("  grammar's cost on the second run (target < 1 s)", second - warm))
            pre_commit = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")
            if pre_commit:
                repo = tmp / "repo"
                repo.mkdir()
                genv = dict(env, PRE_COMMIT_HOME=str(tmp / "pc"), GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@example.com", GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@example.com")
                subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
                rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
                (repo / ".pre-commit-config.yaml").write_text(f"repos:\n  - repo: {ROOT}\n    rev: {rev}\n    hooks:\n      - id: editlint\n        args: [--no-color, --fail-level, error]\n")
                (repo / "a.md").write_text(text)
                subprocess.run(["git", "add", "."], cwd=repo, check=True)
                subprocess.run([pre_commit, "install"], cwd=repo, env=genv, capture_output=True)
                subprocess.run([pre_commit, "install-hooks"], cwd=repo, env=genv, capture_output=True)
                subprocess.run(["git", "commit", "-qm", "first"], cwd=repo, env=genv, capture_output=True)  # warms the hook
                (repo / "a.md").write_text(text.replace("\n\n", "\n\nA new sentence was added here.\n\n", 1))
                subprocess.run(["git", "add", "."], cwd=repo, check=True)
                rows.append(("pre-commit commit of a changed draft, grammar on", timed(["git", "commit", "-qm", "second"], genv, cwd=repo)))
        finally:
            from editlint.languagetool import service

            os.environ["EDITLINT_CACHE_DIR"] = env["EDITLINT_CACHE_DIR"]
            service.stop(tmp / "cache" / "languagetool-service")
    print(f"draft: {len(text.split()):,} words")
    for name, secs in rows:
        print(f"{name:<50} {secs:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
