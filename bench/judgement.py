"""Development harness for the Editorial style's judgement: labelled sentences and clean prose.

    python bench/judgement.py [--misses] [--noise-only]

Scores the default Editorial style on the development sets in
bench/judgement/ (sentences written for development after Wikipedia's
"Words to watch" guidance; never the hidden evaluation data): precision,
recall and F1 for flagging a sentence (any alert but LongSentences and
ParagraphGrade), also re-weighted so that positives are 23% of sentences
(the share of weasel sentences in real Wikipedia text), and which rule
families fire on positives and negatives.  Then noise on professionally
edited prose: alerts per 1,000 words by level on the Guardian stories
(../shared/corpora/onestopenglish/adv) and the four GUM genres.  Every
change to a word list is measured here; bench/README.md keeps the figures.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from editlint.config import ConfigLoader, Overrides  # noqa: E402
from editlint.engine import lint_text  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from noise import measure  # noqa: E402  (one place counts words and alerts)

DATA = ROOT / "bench" / "judgement"
SHARED = ROOT.parent / "shared" / "corpora"
NOT_FLAGS = {"Editorial.LongSentences", "Editorial.ParagraphGrade"}
CLEAN = {
    "Guardian news": SHARED / "onestopenglish" / "adv",
    "GUM academic": SHARED / "gum-dev" / "academic",
    "GUM biographies": SHARED / "gum-dev" / "bio",
    "GUM travel": SHARED / "gum-dev" / "voyage",
    "GUM court": SHARED / "gum-dev" / "court",
}


def config():
    return ConfigLoader(Overrides(styles=("Editorial",)), cwd=str(DATA)).settings_for(None).config


def labelled(name: str) -> list[tuple[int, str]]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            label, text = line.split("\t", 1)
            out.append((int(label), text))
    return out


def score(name: str, cfg, show_misses: bool) -> None:
    rows = labelled(name)
    tp = fp = fn = tn = 0
    fired_pos: Counter = Counter()
    fired_neg: Counter = Counter()
    misses, false_alarms = [], []
    for label, text in rows:
        rules = {a.rule for a in lint_text(text + "\n", cfg, path="s.md")} - NOT_FLAGS
        flagged = bool(rules)
        (fired_pos if label else fired_neg).update(rules)
        if label and flagged:
            tp += 1
        elif label:
            fn += 1
            misses.append(text)
        elif flagged:
            fp += 1
            false_alarms.append((text, sorted(rules)))
        else:
            tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    pos, neg = tp + fn, fp + tn
    # Re-weighted to a 23% positive share: each negative counts (0.77/0.23) * pos/neg times.
    w = (0.77 / 0.23) * pos / neg if neg else 1.0
    pw = tp / (tp + fp * w) if tp + fp else 0.0
    fw = 2 * pw * r / (pw + r) if pw + r else 0.0
    print(f"{name}: {pos} positive, {neg} negative sentences")
    print(f"  precision {p:.2f}  recall {r:.2f}  F1 {f:.2f}   (at a 23% positive share: precision {pw:.2f}, F1 {fw:.2f})")
    print("  rules on positives:", ", ".join(f"{k.split('.')[-1]} {v}" for k, v in fired_pos.most_common()))
    print("  rules on negatives:", ", ".join(f"{k.split('.')[-1]} {v}" for k, v in fired_neg.most_common()) or "none")
    if show_misses:
        for t in misses:
            print("    missed:", t)
        for t, rules in false_alarms:
            print("    false alarm:", t, rules)


def noise(cfg) -> None:
    print("noise on clean prose (alerts per 1,000 words):")
    print(f"  {'corpus':<16} {'words':>8} {'warning+':>9} {'any':>7}  top rules")
    for label, folder in CLEAN.items():
        if not folder.is_dir():
            print(f"  {label:<16} (missing: {folder})")
            continue
        words, levels, by_rule, _ = measure([str(folder)], cfg)
        rules: Counter = Counter()
        for (_, rule), n in by_rule.items():
            rules[rule.split(".")[-1]] += n
        k = 1000 / max(1, words)
        warn = (levels["warning"] + levels["error"]) * k
        top = ", ".join(f"{r} {n * k:.1f}" for r, n in rules.most_common(5))
        print(f"  {label:<16} {words:>8,} {warn:>9.2f} {sum(levels.values()) * k:>7.2f}  {top}")


def main(argv) -> int:
    cfg = config()
    if "--noise-only" not in argv:
        for name in ("weasel.tsv", "bias.tsv"):
            score(name, cfg, "--misses" in argv)
    noise(cfg)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
