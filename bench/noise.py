"""Noise: warning-level alerts per 1,000 words of professionally edited prose.

    python bench/noise.py DIR [DIR...]

Copies nothing and writes nothing; reports per-rule counts so a noisy rule
stands out.  Words are counted in the prose editlint lints (no code, no
front matter).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from editlint.config import ConfigLoader, Overrides  # noqa: E402
from editlint.document import detect_format, normalise_newlines, parse  # noqa: E402
from editlint.engine import lint_document  # noqa: E402
from editlint.edges.files import expand_paths, read_input  # noqa: E402


def measure(paths: list[str], config=None) -> tuple[int, Counter, Counter, int]:
    """Words, alerts by level and by (level, rule), and files, for ``paths``
    linted with ``config`` (default: the Editorial style).  Words are the
    words editlint indexes in the prose it lints."""
    files, _ = expand_paths(paths)
    if config is None:
        loader = ConfigLoader(Overrides(styles=("Editorial",), config=None), cwd=str(Path(__file__).parent))
        config = loader.settings_for(None).config
    words = 0
    by_rule: Counter = Counter()
    by_level: Counter = Counter()
    for f in files:
        text, _ = read_input(f)
        doc = parse(normalise_newlines(text), detect_format(f))
        words += sum(len(v) for v in doc.word_index.values())
        for a in lint_document(doc, config, path=f):
            by_level[a.severity] += 1
            by_rule[(a.severity, a.rule)] += 1
    return words, by_level, by_rule, len(files)


def main(argv: list[str]) -> int:
    words, by_level, by_rule, n = measure(argv)
    per_k = lambda c: 1000 * c / max(words, 1)  # noqa: E731
    print(f"{n} files, {words} words")
    for level in ("error", "warning", "suggestion"):
        print(f"  {level:<10} {by_level[level]:>6}  {per_k(by_level[level]):6.2f} per 1,000 words")
    print("by rule:")
    for (level, rule), c in by_rule.most_common():
        print(f"  {rule:<28} {level:<10} {c:>6}  {per_k(c):6.2f}/1k")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
