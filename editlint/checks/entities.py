r"""entities: names that do not match the rest of the draft.

Three checks, one rule:

* a near-miss spelling of a name used more often elsewhere ("Zuckerburg"
  beside "Zuckerberg"): token by token, by edit distance;
* a place named once, as an actor (possessive or subject, next to a word of
  agency such as "desire" or "announced"), in a draft whose main subject is a
  company or person named three or more times: probably the wrong name;
* ``canonical`` names (old name -> current name).

The message receives the name found, the likely intended one, and why.
Quotations are checked too: a misspelt name is wrong wherever it stands.

Example::

    extends: entities
    message: "'%s': did you mean '%s'? (%s)"
    level: warning
    canonical:
      Facebook Inc: Meta Platforms
    # input: Mark Zuckerberg spoke. Zuckerberg smiled. Later Zuckerburg left Facebook Inc quietly.
    # expect: 1:49 'Zuckerburg': did you mean 'Zuckerberg'? (spelled 'Zuckerberg' 2 times elsewhere)
    # expect: 1:65 'Facebook Inc': did you mean 'Meta Platforms'? (an old or non-standard name)
"""

from __future__ import annotations

from functools import lru_cache
import os

import regex

from .base import Check, Finding, v_number, v_str_list, v_str_map
from .words import WORD, edit_distance, possessive_base, sentence_starts, zipf

AGENCY = frozenset(
    """ambition ambitions desire desires plan plans strategy strategies goal goals mission vision push bid effort
    efforts commitment commitments decision decisions intention intentions aim aims hope hopes attempt attempts
    drive focus move moves approach investment investments acquisition acquisitions products product models
    leadership ceo founder founders executives engineers researchers employees staff board shareholders
    announced announces acquired acquires released releases invested invests plans wants hopes aims expects
    intends unveiled unveils launched launches hired hires built builds developed develops continues decided
    decides agreed agrees bought buys sold sells""".split()
)


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    with open(os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "places.txt"), encoding="utf-8") as fh:
        text = fh.read()
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


class Entities(Check):
    KEYS = {
        "canonical": v_str_map,
        "places": v_str_list,
        "exceptions": v_str_list,
        "min_length": v_number,
        "dominant_count": v_number,
    }
    DEFAULT_SCOPE = ("text",)
    DEFAULT_MESSAGE = "'%s': did you mean '%s'? (%s)"

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        self.canonical = options.get("canonical", {})
        self.canonical_re = None
        if self.canonical:
            alts = "|".join(regex.escape(k) for k in sorted(self.canonical, key=len, reverse=True))
            self.canonical_re = regex.compile(rf"\b(?:{alts})\b")
        self.places = places() | set(options.get("places", []))
        self.exceptions = set(options.get("exceptions", [])) | set(self.vocab_accept)
        self.min_length = int(options.get("min_length", 5))
        self.dominant_count = int(options.get("dominant_count", 3))

    def run(self, doc, segments):
        prose = doc.prose
        starts = sentence_starts(prose, doc.sentences)
        mentions: dict[str, list[tuple[int, int, bool]]] = {}  # name -> (start, end, possessive)
        capital_elsewhere: set[str] = set()
        sentence_first: list[tuple[str, int, int, bool]] = []
        lower_words: set[str] = set()
        for seg in segments:
            for m in WORD.finditer(prose, seg.start, seg.end):
                word = m.group()
                if not word[0].isupper():
                    if word[0].islower():
                        lower_words.add(word)
                    continue
                base = possessive_base(word)
                end = m.start() + len(base)
                record = (m.start(), end, base != word)
                if m.start() in starts:
                    sentence_first.append((base, *record))
                else:
                    capital_elsewhere.add(base)
                    mentions.setdefault(base, []).append(record)
        # A sentence-initial capital counts as a name if it is a name elsewhere,
        # or if it is an uncommon word never written in lower case here.
        for base, s, e, poss in sentence_first:
            if base in capital_elsewhere or poss or (zipf(base) < 4.0 and base.lower() not in lower_words):
                mentions.setdefault(base, []).append((s, e, poss))
        yield from self._near_misses(mentions)
        yield from self._wrong_place(doc, mentions)
        if self.canonical_re is not None:
            for seg in segments:
                for m in self.canonical_re.finditer(prose, seg.start, seg.end):
                    new = self.canonical[m.group()]
                    yield Finding(m.start(), m.end(), (m.group(), new, "an old or non-standard name"), (new,))

    def _near_misses(self, mentions):
        names = sorted(mentions, key=lambda n: -len(mentions[n]))
        # Misspellings keep their first letter and roughly their length:
        # compare only within those buckets, not every name with every name.
        buckets: dict[tuple[str, int], list[str]] = {}
        for n in names:
            buckets.setdefault((n[:1].lower(), len(n)), []).append(n)
        for rare in names:
            uses = mentions[rare]
            if len(rare) < self.min_length or rare in self.exceptions or rare.isupper() or zipf(rare) > 3.0:
                continue
            near = [c for d in (-2, -1, 0, 1, 2) for c in buckets.get((rare[:1].lower(), len(rare) + d), ())]
            for common in sorted(near, key=lambda n: -len(mentions[n])):
                if common == rare or len(common) < self.min_length:
                    continue
                # The more frequent spelling wins; on a tie, the one used first.
                if len(mentions[common]) < len(uses) or (
                    len(mentions[common]) == len(uses) and min(mentions[common])[0] > min(uses)[0]
                ):
                    continue
                if _inflection(rare, common):
                    continue
                limit = 1 if len(common) < 8 else 2
                if edit_distance(rare.lower(), common.lower(), limit + 1) <= limit:
                    n = len(mentions[common])
                    reason = f"spelled '{common}' {n} time{'' if n == 1 else 's'} elsewhere"
                    for s, e, _ in uses:
                        yield Finding(s, e, (rare, common, reason), (common,))
                    break

    def _wrong_place(self, doc, mentions):
        prose = doc.prose
        actors = {n: u for n, u in mentions.items() if n not in self.places and not n.isupper()}
        if not actors:
            return
        dominant = max(actors, key=lambda n: len(actors[n]))
        if len(actors[dominant]) < self.dominant_count:
            return
        for name, uses in mentions.items():
            if name not in self.places or len(uses) != 1 or name in self.exceptions:
                continue
            s, e, possessive = uses[0]
            after = prose[e : e + 60]
            following = [w.lower() for w in WORD.findall(after)[:3]]
            if possessive:
                following = following[1:] if following and following[0] in ("s",) else following
            if any(w in AGENCY for w in following[:2]):
                reason = f"a place named once, where '{dominant}' ({len(actors[dominant])} mentions) is the subject"
                yield Finding(s, e, (name, dominant, reason), (dominant,))


def _inflection(a: str, b: str) -> bool:
    """Plurals, possessives and derived forms of a name ("Nepal"/"Nepali",
    "Rwanda"/"Rwandan") are not misspellings of it."""
    a, b = a.lower(), b.lower()
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short)
