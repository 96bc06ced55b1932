"""Output parity: editlint's alerts on fixed corpora, for comparing two builds.

    python bench/parity.py record DIR     write every corpus's output to DIR
    python bench/parity.py compare DIR    lint again and diff against DIR

The corpora are the ones #18 names: the seed draft, the Guardian stories
(onestopenglish/adv), the docs tree under its own .vale.ini and the 5 MB
single file (bench/run.py builds it), and that file again with its
switch-off comments taken out (joined pages leave one page's "vale off"
in force over the rest); and the Guardian stories under the
docs tree's Vale styles (news prose, curly quotes and dashes, through every
Vale pattern: what the compiled regex engine sees least in the docs).  ``EDITLINT_NATIVE=0`` in the
environment compares the pure-Python core against a recording made with the
compiled one (or the other way round).  Exit 1 when anything differs.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent / "editlint"
ENV = dict(os.environ, EDITLINT_NO_GRAMMAR="1", NO_COLOR="1")
#: Comments that switch rules off or on (Vale's and editlint's).
_SWITCHES = re.compile(r"<!--\s*(?:vale\s+(?:off|on)|editlint-(?:disable|enable)[^>]*?)\s*-->")


def corpora():
    """(name, argv, cwd) for each corpus."""
    seed = sorted((ROOT / "seeds").iterdir())
    big = ROOT / "bench" / "out" / "corpus-5mb.md"
    default = ["--config", str(ROOT / "bench" / "default.yaml")]
    docs = SHARED / "corpora" / "chef-web-docs"
    yield "seed", [*map(str, seed), *default], ROOT
    yield "guardian", [str(SHARED / "corpora" / "onestopenglish" / "adv"), *default], ROOT
    yield "docs-vale", ["content"], docs  # its own .vale.ini, found from the cwd
    yield "docs-default", ["content", *default], docs
    ini = ROOT / "bench" / "out" / "guardian-vale.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    ini.write_text(f"StylesPath = {docs / 'tools' / 'vale'}\nMinAlertLevel = suggestion\nVocab = Chef\n[*]\nBasedOnStyles = chef, Microsoft, vale, write-good\n")
    yield "guardian-vale", [str(SHARED / "corpora" / "onestopenglish" / "adv"), "--config", str(ini)], ROOT
    if big.exists():
        yield "5mb", [str(big), *default], ROOT
        # The joined docs leave a "vale off" of one page in force for the
        # pages after it: most of the 5 MB file is linted, then suppressed.
        # The same text without the switches shows every alert.
        every = big.with_name("corpus-5mb-unsuppressed.md")
        if not every.exists() or every.stat().st_mtime < big.stat().st_mtime:
            every.write_text(_SWITCHES.sub("", big.read_text(encoding="utf-8")), encoding="utf-8")
        yield "5mb-unsuppressed", [str(every), *default], ROOT


def run(argv, cwd) -> str:
    p = subprocess.run([str(BIN), *argv, "--no-cache", "-j", "2", "--format", "json"], cwd=cwd, env=ENV, capture_output=True, text=True)
    return p.stdout + f"\n# exit {p.returncode}\n" + "".join(l + "\n" for l in p.stderr.splitlines() if "Linting" not in l)


def main(argv) -> int:
    if len(argv) != 2 or argv[0] not in ("record", "compare"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    mode, out = argv[0], Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    differs = 0
    for name, args, cwd in corpora():
        text = run(args, cwd)
        ref = out / f"{name}.json"
        if mode == "record":
            ref.write_text(text, encoding="utf-8")
            print(f"{name}: recorded {text.count(chr(10))} lines")
            continue
        if not ref.exists():
            print(f"{name}: not recorded in {out} (record again)")
            differs += 1
            continue
        old = ref.read_text(encoding="utf-8")
        if old == text:
            print(f"{name}: identical")
            continue
        differs += 1
        diff = list(difflib.unified_diff(old.splitlines(), text.splitlines(), "recorded", "now", lineterm="", n=0))
        print(f"{name}: DIFFERS ({len(diff)} diff lines)")
        print("\n".join(diff[:40]))
    return 1 if differs else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
