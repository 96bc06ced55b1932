"""Benchmark: the inputs that used to be quadratic or unbounded stay linear or bounded.

    python bench/scaling.py [--quick]

For each case, CPU seconds at growing sizes and the ratio per unit of input
(a linear case keeps that ratio flat).  Cases: one big Markdown file (1-16 MB
from the shared docs tree; 32 MB is the default --max-file-size), list items
sharing their first eight words (5,000-40,000), one long word in a spelling
rule (50-300 letters), LanguageTool offsets mapped back in one long paragraph
(100-400 KB, no server needed: the mapping is what was quadratic), and a
catastrophic regex (bounded by the CPU budget).  Nothing here is a test.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
ENV = dict(os.environ, EDITLINT_NO_GRAMMAR="1", NO_COLOR="1", EDITLINT_NO_CACHE="1")


def cpu_of(cmd, cwd=None) -> float:
    """CPU seconds (user + system) of a child command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, env=ENV, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def big_file(tmp: Path, sizes) -> list[tuple[str, float, float]]:
    sys.path.insert(0, str(ROOT / "bench"))
    from run import build_single

    base = build_single().read_text(encoding="utf-8")
    rows = []
    for mb in sizes:
        target = tmp / f"big-{mb}.md"
        want = mb * 1_000_000
        reps = want // len(base.encode()) + 1
        target.write_text(("\n\n".join([base] * reps))[:want], encoding="utf-8")
        cpu = cpu_of([str(BIN / "editlint"), "--config", str(ROOT / "bench" / "default.yaml"), "--max-file-size", "64", str(target)])
        rows.append((f"one file, {mb} MB", cpu, cpu / mb))
    return rows


def shared_prefix_list(tmp: Path, counts) -> list[tuple[str, float, float]]:
    rows = []
    for n in counts:
        target = tmp / f"list-{n}.md"
        target.write_text("".join(f"- the quick brown fox jumps over the lazy dog number {i} today\n" for i in range(n)))
        cpu = cpu_of([str(BIN / "editlint"), str(target)])
        rows.append((f"{n:,} list items sharing 8 words", cpu, cpu / n * 1000))
    return rows


def long_word(lengths) -> list[tuple[str, float, float]]:
    from editlint.language.hunspell import Dictionary, default_paths

    d = Dictionary()
    d.add_hunspell(*default_paths())
    rows = []
    for n in lengths:
        word = ("qzx" * n)[:n]
        t = time.process_time()
        d.suggest(word)
        cpu = time.process_time() - t
        rows.append((f"spelling suggestions, {n}-letter word", cpu, cpu / n * 1000))
    return rows


def long_paragraph(sizes) -> list[tuple[str, float, float]]:
    from editlint.document import parse
    from editlint.languagetool.grammar import annotate

    rows = []
    for kb in sizes:
        text = ("Emoji 😀 then `code` and some words. " * (kb * 1024 // 36))
        doc = parse(text)
        b = doc.blocks[0]
        t = time.process_time()
        ann = annotate(doc, b.start, b.end)
        for offset in range(0, ann.length, 5):  # a match every five units: far more than LanguageTool gives
            ann.to_prose(offset)
        cpu = time.process_time() - t
        rows.append((f"LanguageTool offsets mapped, {kb} KB paragraph", cpu, cpu / kb))
    return rows


def catastrophic(tmp: Path) -> list[tuple[str, float, float]]:
    style = tmp / "styles" / "Evil"
    style.mkdir(parents=True, exist_ok=True)
    (style / "R.yml").write_text("extends: existence\nmessage: '%s'\nnonword: true\ntokens: ['a+']\nexceptions: ['(a|aa)+b']\n")
    (tmp / ".editlint.yaml").write_text("styles: [Evil]\nstyles_path: [styles]\n")
    (tmp / "d.md").write_text("a" * 60 + "\n")
    cpu = cpu_of([str(BIN / "editlint"), "d.md"], cwd=tmp)
    return [("catastrophic exception regex (budget 2 s of CPU)", cpu, cpu)]


def main(argv) -> int:
    quick = "--quick" in argv
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        rows = []
        rows += big_file(tmp, (1, 2, 4) if quick else (1, 4, 16))
        rows += shared_prefix_list(tmp, (5_000, 10_000) if quick else (5_000, 20_000, 40_000))
        rows += long_word((12, 20, 300))
        rows += long_paragraph((100, 400))
        rows += catastrophic(tmp / "evil")
    print(f"{'case':<52} {'CPU s':>8} {'per unit':>10}")
    for name, cpu, per in rows:
        print(f"{name:<52} {cpu:>8.2f} {per:>10.3f}")
    print("(per unit: s per MB, ms per 1,000 items, ms per letter, s per KB; flat means linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
