"""Run Vale's own feature scenarios against editlint.

Each scenario of ``../shared/vale-testdata/features/*.feature`` names a
fixture folder and the exact ``vale --output=line --sort --normalize
--relative`` output.  Scenarios whose step this runner understands are run
with ``editlint --format vale-line`` in that folder, comparing only the lines
for Markdown and text files (other markup formats are out of scope); the rest
are skipped with a reason.

    python tests/vale_conformance.py [FEATURE...]   # prints a report
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "vale-testdata"
STYLE_TESTS = ROOT.parent / "shared" / "vale-style-tests"
STYLES = ROOT.parent / "shared" / "vale-styles"
OURS = (".md", ".markdown", ".txt")
FEATURES = ("checks", "styles", "comments", "scopes", "config")


@dataclass
class Scenario:
    feature: str
    name: str
    steps: list[str]
    expected: list[str]
    base: Path = DATA
    status: str = "skipped"
    reason: str = ""
    got: list[str] = field(default_factory=list)


def parse_feature(path: Path, base: Path = DATA) -> list[Scenario]:
    out = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    cur = None
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("Scenario"):
            cur = Scenario(path.stem, line.split(":", 1)[1].strip(), [], [], base)
            out.append(cur)
        elif cur is not None and line.startswith('"""'):
            block = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith('"""'):
                block.append(lines[i].strip())
                i += 1
            if cur.steps and "output should contain" in cur.steps[-1]:
                cur.expected = [b for b in block if b]
            else:
                cur.steps.append("<<block>>")
        elif cur is not None and line.split(" ", 1)[0] in ("When", "Given", "Then", "And"):
            cur.steps.append(line)
        i += 1
    return out


def _target(sc: Scenario):
    """(folder, config, files) for the scenario's step, or a reason to skip."""
    when = [s for s in sc.steps if s.startswith(("When", "Given"))]
    if len(when) != 1 or any("exactly" not in s for s in sc.steps if s.startswith("Then")):
        return None, "step not supported by this runner"
    step = when[0]
    fixtures = sc.base / "fixtures"
    m = re.match(r'When I test "([^"]+)"$', step)
    if m:
        d = fixtures / m.group(1)
        return (d, d / ".vale.ini", None), ""
    m = re.match(r'When I test scope "([^"]+)"$', step)
    if m:
        d = fixtures / "scopes" / m.group(1)
        return (d, d / ".vale.ini", None), ""
    m = re.match(r'When I test (comments|patterns) for "([^"]+)"$', step)
    if m:
        d = fixtures / m.group(1)
        return (d, d / "_vale", [f"test{m.group(2)}"]), ""
    return None, f"step not supported: {step}"


def run_scenario(sc: Scenario) -> Scenario:
    target, reason = _target(sc)
    if target is None:
        sc.reason = reason
        return sc
    folder, config, files = target
    if not config.exists():
        sc.reason = f"no config in {folder.name}"
        return sc
    if files and not any(f.endswith(OURS) for f in files):
        sc.reason = "other markup format"
        return sc
    expected = [e for e in sc.expected if e.split(":", 1)[0].endswith(OURS)]
    if not expected and sc.expected:
        sc.reason = "expected output is for other markup formats only"
        return sc
    exe = Path(sys.executable).parent / "editlint"
    cmd = [str(exe), "--format", "vale-line", "--no-grammar", "-j", "1", "--config", str(config)]
    if sc.base != DATA:
        # The style tests name a StylesPath without the style; it lives in vale-styles/.
        cmd += ["--styles-path", str(STYLES)]
    cmd += files or ["."]
    env = dict(os.environ, EDITLINT_NO_GRAMMAR="1")
    r = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, env=env, timeout=120)
    if r.returncode == 2 and not r.stdout:
        sc.status, sc.reason = "failed", r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "exit 2"
        return sc
    got = sorted(l[2:] if l.startswith("./") else l for l in r.stdout.splitlines() if l.strip())
    sc.got = [g for g in got if g.split(":", 1)[0].endswith(OURS)]
    if sc.got == sorted(expected):
        sc.status = "passed"
    else:
        sc.status, sc.reason = "failed", "output differs"
    return sc


def run_all(features=FEATURES) -> list[Scenario]:
    out = []
    for name in features:
        for sc in parse_feature(DATA / "features" / f"{name}.feature"):
            out.append(run_scenario(sc))
    return out


def run_style_tests() -> list[Scenario]:
    """The published styles' own feature tests (``../shared/vale-style-tests``)."""
    out = []
    for style in sorted(p for p in STYLE_TESTS.iterdir() if (p / "features").is_dir()):
        for feature in sorted((style / "features").glob("*.feature")):
            for sc in parse_feature(feature, base=style):
                sc.feature = f"{style.name}/{feature.stem}"
                out.append(run_scenario(sc))
    return out


def report(scenarios) -> str:
    lines = []
    for sc in scenarios:
        lines.append(f"{sc.status:<8} {sc.feature}: {sc.name}" + (f"  ({sc.reason})" if sc.reason else ""))
    counts = {s: sum(1 for sc in scenarios if sc.status == s) for s in ("passed", "failed", "skipped")}
    lines.append(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    scs = run_style_tests() if args == ["styles-tests"] else run_all(tuple(args) or FEATURES)
    if "-v" in os.environ.get("VERBOSE", ""):
        pass
    print(report(scs))
    for sc in scs:
        if sc.status == "failed" and os.environ.get("SHOW"):
            print("==", sc.feature, sc.name, "\n  expected:", sc.expected, "\n  got:", sc.got)
