"""Vale parity on a real docs tree: how many of Vale's alerts editlint reproduces.

    python bench/vale_parity.py [--vale PATH] [--tree DIR] [--baseline GITREF]

Runs Vale (``--output=line``) and ``editlint --format vale-line --no-grammar``
on the same tree under its own ``.vale.ini`` (default: the shared
chef-web-docs corpus) and compares alerts by file, line, column and rule.
Prints the share of Vale's alerts editlint reproduces, the differences by
rule, and samples of each, so every change to Vale compatibility is measured.
With ``--baseline REF`` it also runs editlint as of that git commit (from a
temporary worktree) and reports what the change gained and lost.

Vale is never vendored.  Without ``--vale`` (or ``$VALE``, or ``vale`` on
PATH), it is installed from the Go module proxy, as any Go program is:
``go install github.com/errata-ai/vale/v3/cmd/vale@v3.7.1`` into bench/out/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT.parent / "shared" / "corpora" / "chef-web-docs"
OUT = ROOT / "bench" / "out"
VALE_MODULE = "github.com/errata-ai/vale/v3/cmd/vale@v3.7.1"


def find_vale(given: str | None) -> str:
    for cand in (given, os.environ.get("VALE"), shutil.which("vale"), str(OUT / "go" / "bin" / "vale")):
        if cand and os.path.exists(cand):
            return cand
    print(f"installing Vale: go install {VALE_MODULE} ...", file=sys.stderr)
    env = dict(os.environ, GOBIN=str(OUT / "go" / "bin"))
    subprocess.run(["go", "install", VALE_MODULE], check=True, env=env)
    return str(OUT / "go" / "bin" / "vale")


def alerts(lines: str) -> dict[tuple[str, str, str, str], str]:
    out = {}
    for line in lines.splitlines():
        parts = line.split(":", 4)
        if len(parts) == 5:
            path = parts[0][2:] if parts[0].startswith("./") else parts[0]
            out[(path, parts[1], parts[2], parts[3])] = line
    return out


def run_vale(vale: str, tree: Path) -> tuple[dict, float]:
    t = time.perf_counter()
    r = subprocess.run([vale, "--output=line", "--sort", "--normalize", "--relative", "content"], cwd=tree, capture_output=True, text=True)
    return alerts(r.stdout), time.perf_counter() - t


def run_editlint(tree: Path, pythonpath: str | None = None) -> tuple[dict, float]:
    env = dict(os.environ, EDITLINT_NO_GRAMMAR="1", EDITLINT_NO_CACHE="1")
    cmd = [sys.executable, "-m", "editlint"]
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    t = time.perf_counter()
    r = subprocess.run([*cmd, "--format", "vale-line", "--no-grammar", "-j", "2", "content"], cwd=tree, capture_output=True, text=True, env=env)
    return alerts(r.stdout), time.perf_counter() - t


def main(argv) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vale")
    ap.add_argument("--tree", type=Path, default=TREE)
    ap.add_argument("--baseline", help="a git commit of editlint to compare with")
    args = ap.parse_args(argv)
    vale = find_vale(args.vale)
    version = subprocess.run([vale, "--version"], capture_output=True, text=True).stdout.strip()
    v, v_time = run_vale(vale, args.tree)
    e, e_time = run_editlint(args.tree)
    both = set(v) & set(e)
    print(f"tree: {args.tree}  ({version})")
    print(f"Vale: {len(v):,} alerts in {v_time:.1f} s; editlint: {len(e):,} alerts in {e_time:.1f} s")
    print(f"reproduced: {len(both):,} of Vale's {len(v):,} = {100 * len(both) / max(1, len(v)):.1f}%")
    missing, extra = set(v) - set(e), set(e) - set(v)
    print("Vale only, by rule:    ", ", ".join(f"{r} {n}" for r, n in Counter(k[3] for k in missing).most_common(10)))
    print("editlint only, by rule:", ", ".join(f"{r} {n}" for r, n in Counter(k[3] for k in extra).most_common(10)))
    for title, keys, src in (("Vale only", missing, v), ("editlint only", extra, e)):
        print(f"samples, {title}:")
        for k in sorted(keys)[:: max(1, len(keys) // 8)][:8]:
            print("   ", src[k][:150])
    if args.baseline:
        with tempfile.TemporaryDirectory() as d:
            subprocess.run(["git", "worktree", "add", "--detach", d, args.baseline], cwd=ROOT, check=True, capture_output=True)
            try:
                old, _ = run_editlint(args.tree, pythonpath=d)
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", d], cwd=ROOT, capture_output=True)
        old_both = set(v) & set(old)
        print(f"baseline {args.baseline}: reproduced {len(old_both):,} = {100 * len(old_both) / max(1, len(v)):.1f}%")
        print("gained by rule:", ", ".join(f"{r} {n}" for r, n in Counter(k[3] for k in both - old_both).most_common(10)))
        print("lost by rule:  ", ", ".join(f"{r} {n}" for r, n in Counter(k[3] for k in old_both - both).most_common(10)) or "none")
        print("editlint-only alerts gone:", ", ".join(f"{r} {n}" for r, n in Counter(k[3] for k in (set(old) - set(v)) - extra).most_common(10)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
