"""Development harness for whole-document consistency: injected errors in real stories.

    python bench/consistency.py [--stories N] [--show] [--save FILE | --data FILE]

Takes clean, professionally edited stories (the Guardian set in
../shared/corpora/onestopenglish/adv, and the GUM genres), injects one error
of each kind into a copy, and scores whether the style finds it, and how
many consistency alerts (Entities, Duplicates, Variants) the untouched
stories get.  Kinds, each built from the story itself, never a fixed word:

* ``letters``: a name misspelt by swapping two letters;
* ``real-word``: a name replaced once by a dictionary word one edit away
  ("Paris" -> "Pairs");
* ``wrong-name``: one later mention of the story's main subject replaced
  by another story's main subject;
* ``first-name``: the first name of a person changed once, later on;
* ``pasted``: a paragraph from the first section pasted under the last
  heading (the story is given headings first);
* ``dialect``: one word of a British story spelled the American way.

Injections are recorded and deterministic (seeded), so figures compare
across changes; bench/README.md keeps them.
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import regex  # noqa: E402

from editlint.config import ConfigLoader, Overrides  # noqa: E402
from editlint.engine import lint_text  # noqa: E402
from editlint.edges.files import read_input  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"
CONSISTENCY = {"Editorial.Entities", "Editorial.Duplicates", "Editorial.Variants"}
EXPECT = {
    "letters": "Editorial.Entities",
    "real-word": "Editorial.Entities",
    "wrong-name": "Editorial.Entities",
    "first-name": "Editorial.Entities",
    "pasted": "Editorial.Duplicates",
    "dialect": "Editorial.Variants",
}
_NAME = regex.compile(r"(?<![\p{L}'’.-])(\p{Lu}\p{Ll}{3,})(?![\p{L}-])")
_FULL = regex.compile(r"(?<![\p{L}'’.-])(\p{Lu}\p{Ll}{2,}) (\p{Lu}\p{Ll}{3,})(?![\p{L}-])")


def stories(limit: int) -> list[tuple[str, str]]:
    out = []
    for folder in (SHARED / "onestopenglish" / "adv",):
        for p in sorted(folder.glob("*.txt"))[:limit]:
            text, _ = read_input(str(p))
            out.append((p.stem, text.replace("\r\n", "\n")))
    return out


def _mentions(text: str) -> Counter:
    c: Counter = Counter()
    for m in _NAME.finditer(text):
        start = m.start()
        line_start = text.rfind("\n", 0, start) + 1
        before = text[max(line_start, start - 2) : start]
        if before.strip() in ("", ".", '"', "“") and start - line_start < 2:
            continue  # sentence-initial: may be an ordinary word
        if before.endswith(". "):
            continue
        c[m.group(1)] += 1
    return c


def _dictionary() -> frozenset[str]:
    from editlint.checks.entities import _dictionary_words

    return _dictionary_words()


def _later(text: str, word: str, rnd: random.Random):
    spans = [m.span(1) for m in regex.finditer(rf"(?<![\p{{L}}-])({regex.escape(word)})(?![\p{{L}}])", text)]
    if len(spans) < 2:
        return None
    return rnd.choice(spans[1:])


def inject(kind: str, text: str, others: list[str], rnd: random.Random):
    """``(new text, (start, end) of the error)`` or None when the story has no place for it."""
    names = _mentions(text)
    if kind == "letters":
        cands = [n for n, c in names.items() if c >= 2 and len(n) >= 6]
        if not cands:
            return None
        n = rnd.choice(sorted(cands))
        i = rnd.randrange(1, len(n) - 2)
        wrong = n[:i] + n[i + 1] + n[i] + n[i + 2 :]
        span = _later(text, n, rnd)
        return (text[: span[0]] + wrong + text[span[1] :], (span[0], span[0] + len(wrong))) if span and wrong != n else None
    if kind == "real-word":
        words = _dictionary()
        for n in sorted((n for n, c in names.items() if c >= 2 and len(n) >= 5), key=lambda n: rnd.random()):
            low = n.lower()
            near = sorted({low[:i] + low[i + 1] + low[i] + low[i + 2 :] for i in range(len(low) - 1)} | {low[:i] + c + low[i + 1 :] for i in range(1, len(low)) for c in "aeiou"})
            real = [w for w in near if w != low and w in words]
            span = _later(text, n, rnd)
            if real and span:
                wrong = rnd.choice(real).capitalize()
                return text[: span[0]] + wrong + text[span[1] :], (span[0], span[0] + len(wrong))
        return None
    if kind == "wrong-name":
        if not names:
            return None
        subject, count = names.most_common(1)[0]
        if count < 4:
            return None
        from editlint.checks.entities import places

        words = _dictionary()
        # Another story's subject of the same kind: a place for a place, a
        # name (a company, a person) for a name; never an ordinary word.
        same_kind = (lambda o: o in places()) if subject in places() else (lambda o: o not in places())
        pool = [o for o in others if o != subject and o not in text and o.lower() not in words and same_kind(o)]
        # A mention in the subject's role: its possessive, or before a verb.
        roles = [m.span(1) for m in regex.finditer(rf"(?<![\p{{L}}-])({regex.escape(subject)})(?:'s|’s| (?:said|says|has|had|was|is|will|would|plans|wants|announced|added))\b", text)]
        roles = [r for r in roles if r[0] > text.find(subject)]
        if not pool or not roles:
            return None
        other = rnd.choice(pool)
        span = rnd.choice(roles)
        return text[: span[0]] + other + text[span[1] :], (span[0], span[0] + len(other))
    if kind == "first-name":
        from editlint.checks.words import zipf

        words = _dictionary()
        for m in _FULL.finditer(text):
            first, last = m.groups()
            # A person: a first name and a surname that are no ordinary words.
            if first.lower() in words or last.lower() in words or zipf(last) > 3.6:
                continue
            if names.get(last, 0) >= 2:
                later = [x for x in regex.finditer(rf"(?<![\p{{L}}])(?<!\p{{Lu}}\p{{L}}* )({regex.escape(last)})(?![\p{{L}}])", text) if x.start() > m.end()]
                if not later:
                    continue
                x = rnd.choice(later)
                new_first = rnd.choice([f for f in ("Maya", "Daniel", "Sofia", "Tomas", "Lena", "Omar") if f != first])
                new = f"{new_first} {last}"
                return text[: x.start()] + new + text[x.end() :], (x.start(), x.start() + len(new_first))
        return None
    if kind == "pasted":
        sep = "\n\n" if "\n\n" in text.strip() else "\n"
        paras = [p for p in text.split(sep) if p.strip()]
        if len(paras) < 6:
            return None
        third = len(paras) // 3
        sections = [paras[:third], paras[third : 2 * third], paras[2 * third :]]
        donor = max(sections[0][1:], key=len, default=None)
        if donor is None or len(donor.split()) < 12:
            return None
        sections[2].insert(rnd.randrange(0, len(sections[2]) + 1), donor)
        out = []
        for i, sec in enumerate(sections):
            out.append(f"## Part {i + 1}")
            out.extend(sec)
        body = "\n\n".join(out) + "\n"
        start = body.rfind(donor)
        return body, (start, start + len(donor))
    if kind == "dialect":
        from editlint.checks.variants import _dialect_tables, _oxford

        dialects = _dialect_tables()
        british = [m for m in regex.finditer(r"\p{L}+", text) if dialects.american_of(m.group().lower()) and not m.group()[0].isupper() and not _oxford(m.group().lower(), dialects.american_of(m.group().lower()))]
        if len({m.group().lower() for m in british}) < 3:
            return None
        m = rnd.choice(british)
        american = dialects.american_of(m.group().lower())
        return text[: m.start()] + american + text[m.end() :], (m.start(), m.start() + len(american))
    raise ValueError(kind)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def build(limit: int) -> list[dict]:
    """The development set: each story untouched, and each injection, as data."""
    corpus = stories(limit)
    subjects = [(_mentions(t).most_common(1) or [("", 0)])[0][0] for _, t in corpus]
    rnd = random.Random(20261201)
    cases = []
    for name, text in corpus:
        cases.append({"story": name, "kind": None, "text": text})
        for kind in EXPECT:
            made = inject(kind, text, [s for s in subjects if s], rnd)
            if made is not None:
                cases.append({"story": name, "kind": kind, "text": made[0], "span": list(made[1])})
    return cases


def score(cases: list[dict], show: bool = False) -> None:
    """Found rate per kind, and consistency alerts on the untouched stories
    (``--data FILE`` scores a saved set, e.g. with an older editlint)."""
    cfg = ConfigLoader(Overrides(styles=("Editorial",)), cwd=str(ROOT / "bench")).settings_for(None).config
    found: Counter = Counter()
    tried: Counter = Counter()
    untouched = untouched_24 = stories_seen = 0
    for case in cases:
        name, kind, new = case["story"], case["kind"], case["text"]
        alerts = lint_text(new, cfg, path=name + ".md")
        if kind is None:
            clean = [a for a in alerts if a.rule in CONSISTENCY]
            untouched += len(clean)
            untouched_24 += len(clean) if stories_seen < 24 else 0
            stories_seen += 1
            for a in clean if show else ():
                print(f"  untouched {name}:{a.line}: {a.rule} {a.match!r}")
            continue
        a, b = case["span"]
        tried[kind] += 1
        line, col = _line_col(new, a)
        end_line, _ = _line_col(new, b)
        hits = [x for x in alerts if x.rule == EXPECT[kind] and x.line <= end_line and x.end_line >= line]
        if kind != "pasted":
            hits = [x for x in hits if x.line == line and x.column <= col + 1 and x.end_column >= col + 1]
        if hits:
            found[kind] += 1
        elif show:
            print(f"  missed {kind} in {name}:{line}: {new[a:b][:60]!r}")
    print(f"{stories_seen} stories; injected errors found:")
    for kind in EXPECT:
        n = tried[kind]
        print(f"  {kind:<11} {found[kind]:>3} of {n:<3} = {100 * found[kind] / n if n else 0:.0f}%")
    print(f"consistency alerts on the untouched stories: {untouched} in {stories_seen} ({untouched_24} in the first 24)")


def main(argv) -> int:
    import json

    limit = int(argv[argv.index("--stories") + 1]) if "--stories" in argv else 60
    if "--data" in argv:
        cases = json.loads(Path(argv[argv.index("--data") + 1]).read_text(encoding="utf-8"))
    else:
        cases = build(limit)
    if "--save" in argv:
        Path(argv[argv.index("--save") + 1]).write_text(json.dumps(cases), encoding="utf-8")
    score(cases, "--show" in argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
