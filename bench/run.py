"""Benchmark: editlint against proselint on the same corpora, in the same run.

    python bench/run.py [--quick]

Builds a 5 MB single Markdown file from the shared docs tree
(../shared/corpora/chef-web-docs/content), times both linters on it and on the
whole tree (1,828 files), measures start-up, peak memory (one big file; 1,000
files of 5 KB) and, when a LanguageTool is installed, the grammar cache.
Prints a table; nothing here is a test.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT.parent / "shared" / "corpora" / "chef-web-docs" / "content"
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
EDITLINT = str(BIN / "editlint")
PROSELINT = shutil.which("proselint", path=str(BIN)) or shutil.which("proselint")
ENV = dict(os.environ, EDITLINT_NO_GRAMMAR="1", NO_COLOR="1", EDITLINT_CACHE_DIR=str(ROOT / "bench" / "out" / "cache"))
# Installed packages run from byte-compiled files (pip compiles proselint's
# at install); an editable editlint compiles its own on first import unless
# the environment forbids writing them, as some CI images do.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
#: Throughput runs: the default style whatever config the corpus has (the docs
#: tree has a .vale.ini), and no result cache (each run lints everything).
DEFAULT = ["--config", str(ROOT / "bench" / "default.yaml"), "--no-cache"]


def timed(cmd, env=ENV, cwd=None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command, via /usr/bin/time."""
    wall, rss, _ = timed_cpu(cmd, env, cwd)
    return wall, rss


def timed_cpu(cmd, env=ENV, cwd=None) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one command."""
    fd, path = tempfile.mkstemp()
    os.close(fd)
    t0 = time.perf_counter()
    subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", path, *cmd], env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    rss, user, system = open(path).read().strip().splitlines()[-1].split()
    os.unlink(path)
    return wall, int(rss), float(user) + float(system)


def vale_binary() -> str | None:
    """Vale for the comparison: $VALE, `vale` on PATH or bench/out/vale (see
    bench/vale_parity.py, which builds it from the Go module proxy)."""
    for candidate in (os.environ.get("VALE"), shutil.which("vale"), str(OUT / "vale")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def build_single(size=5_000_000) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / "corpus-5mb.md"
    if target.exists() and target.stat().st_size >= size:
        return target
    parts, total = [], 0
    for p in sorted(DOCS.rglob("*.md")):
        text = p.read_text(encoding="utf-8", errors="replace")
        parts.append(text)
        total += len(text.encode())
        if total >= size:
            break
    target.write_text("\n\n".join(parts), encoding="utf-8")
    return target


def build_small_files(n=1000, size=5000) -> Path:
    d = OUT / "small-files"
    if d.exists() and len(list(d.iterdir())) == n:
        return d
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    big = build_single().read_text(encoding="utf-8")
    for i in range(n):
        chunk = big[i * size : (i + 1) * size]
        (d / f"f{i:04}.md").write_text(chunk, encoding="utf-8")
    return d


def mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*.md")) / 1e6


def main(argv) -> int:
    quick = "--quick" in argv
    cores = os.cpu_count() or 1
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, {platform.platform()}")
    rows = []

    seed = next((ROOT / "seeds").iterdir())
    # One untimed run fills the word caches (syllables, word frequencies) the
    # way any second run on a machine finds them; the first run ever on a
    # machine also loads textstat and wordfreq (about 1.7 s, 100 MB).
    # The 1,000 small files are cut from the 5 MB file at every 5,000th
    # character, so their first and last words are new words: warmed here
    # too (cold, their run loaded the pronouncing dictionary, 240 MB peak
    # instead of 82 MB).
    OUT.mkdir(parents=True, exist_ok=True)
    warm = [str(DOCS), str(seed)] + ([] if quick else [str(build_small_files())])
    subprocess.run([EDITLINT, *warm, *DEFAULT, "-q"], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    starts = [timed([EDITLINT, str(seed), "--no-grammar", "--no-cache", "-q"])[0] for _ in range(5)]
    versions = [timed([EDITLINT, "--version"])[0] for _ in range(5)]
    cached = [timed([EDITLINT, str(seed), "--no-grammar", "-q"])[0] for _ in range(6)][1:]
    rows.append(("start-up: editlint seed --no-grammar (median of 5)", f"{statistics.median(starts) * 1000:.0f} ms", "target <= 120 ms"))
    rows.append(("  same, seed unchanged since last run (result cache)", f"{statistics.median(cached) * 1000:.0f} ms", ""))
    rows.append(("start-up: editlint --version (median of 5)", f"{statistics.median(versions) * 1000:.0f} ms", "target <= 100 ms"))

    pure = dict(ENV, EDITLINT_NATIVE="0")
    single = build_single()
    size = mb(single)
    e_wall, e_rss, e_cpu = timed_cpu([EDITLINT, str(single), *DEFAULT, "-q", "-j", "1"])
    rows.append((f"5 MB single file ({size:.1f} MB): editlint -j 1", f"{e_cpu:.1f} s CPU = {size / e_cpu:.2f} MB/s", f"peak {e_rss / 1024:.0f} MB"))
    _, x_rss, x_cpu = timed_cpu([EDITLINT, str(single), *DEFAULT, "-q", "-j", "1"], env=pure)
    rows.append(("  same, pure Python (EDITLINT_NATIVE=0)", f"{x_cpu:.1f} s CPU", f"peak {x_rss / 1024:.0f} MB"))
    if PROSELINT:
        _, p_rss, p_cpu = timed_cpu([PROSELINT, "check", str(single)])
        rows.append(("5 MB single file: proselint", f"{p_cpu:.1f} s CPU = {size / p_cpu:.2f} MB/s", f"peak {p_rss / 1024:.0f} MB"))
        rows.append(("  ratio editlint/proselint CPU throughput", f"{p_cpu / e_cpu:.2f}x", "target >= 10x"))

    if not quick:
        docs_mb = mb(DOCS)
        d_cpu = None
        for j in (1, cores):
            w, r, c = timed_cpu([EDITLINT, str(DOCS), *DEFAULT, "-q", "-j", str(j)])
            d_cpu = d_cpu or c
            rows.append((f"docs tree, 1,828 files ({docs_mb:.1f} MB): editlint -j {j}", f"{w:.1f} s wall, {c:.1f} s CPU", f"peak {r / 1024:.0f} MB"))
        if PROSELINT:
            w, r, c = timed_cpu([PROSELINT, "check", str(DOCS)])
            rows.append(("docs tree: proselint", f"{w:.1f} s wall, {c:.1f} s CPU", f"peak {r / 1024:.0f} MB"))
            rows.append(("  ratio editlint -j 1 / proselint CPU", f"{c / d_cpu:.2f}x", "target >= 10x"))
        # Under the tree's own .vale.ini (its styles, its vocabulary), beside Vale.
        tree = DOCS.parent
        _, r, v_cpu_e = timed_cpu([EDITLINT, "content", "--no-cache", "-q", "-j", "1"], cwd=tree)
        rows.append(("docs tree under its .vale.ini: editlint -j 1", f"{v_cpu_e:.1f} s CPU", f"peak {r / 1024:.0f} MB"))
        vale = vale_binary()
        if vale:
            _, r, v_cpu = timed_cpu([vale, "--output=line", "content"], cwd=tree)
            rows.append(("docs tree under its .vale.ini: Vale", f"{v_cpu:.1f} s CPU", f"peak {r / 1024:.0f} MB"))
            rows.append(("  ratio Vale/editlint CPU", f"{v_cpu / v_cpu_e:.2f}x", "target >= 5x"))
        else:
            rows.append(("docs tree under its .vale.ini: Vale", "not found", "set VALE= or see bench/vale_parity.py"))
        small = build_small_files()
        w, r = timed([EDITLINT, str(small), *DEFAULT, "-q", "-j", "1"])
        rows.append(("1,000 files x 5 KB: editlint -j 1", f"{w:.1f} s", f"peak {r / 1024:.0f} MB (target < 200 MB)"))

    sys.path.insert(0, str(ROOT))
    from editlint.languagetool.server import installed_dir

    if installed_dir() is not None:
        sample = OUT / "grammar-sample"
        shutil.rmtree(sample, ignore_errors=True)
        sample.mkdir(parents=True)
        for p in sorted(DOCS.rglob("*.md"))[:40]:
            shutil.copy(p, sample / p.name)
        cache = tempfile.mkdtemp()
        env = dict(os.environ, EDITLINT_CACHE_DIR=cache, NO_COLOR="1")
        env.pop("EDITLINT_NO_GRAMMAR", None)
        from editlint.languagetool.server import Server

        with Server() as server:
            env["EDITLINT_LANGUAGETOOL_URL"] = server.url
            first, _ = timed([EDITLINT, str(sample), "-q"], env=env)
            second, _ = timed([EDITLINT, str(sample), "-q"], env=env)
            # the grammar cache alone: every file linted again, LanguageTool not asked
            third, _ = timed([EDITLINT, str(sample), "-q", "--no-cache"], env=env)
        rows.append(("grammar, 40 docs files: first run (cold caches)", f"{first:.1f} s", ""))
        rows.append(("grammar: second run (warm caches)", f"{second:.2f} s", f"{first / second:.1f}x faster (target >= 20x)"))
        rows.append(("grammar: --no-cache (grammar cache only)", f"{third:.2f} s", f"{first / third:.1f}x faster"))
        shutil.rmtree(cache, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:<22} {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
