r"""variants: one term written two ways in the same document.

Found automatically: hyphenated, spaced and closed forms of a compound
("open-source" / "open source" / "opensource", "e-mail" / "email").  A
spaced form counts only where it modifies a following word ("open source
models"), since "the box office" beside "a box-office hit" is correct.  Pairs in
``either`` (Vale's consistency form) are checked too.  The form used less
often is flagged, with the majority form as the suggestion; on a tie the
first form used wins.  The message receives the minority and majority forms.

Example::

    extends: variants
    message: "'%s' here, '%s' elsewhere: pick one."
    level: warning
    either:
      toward: towards
    # input: We use e-mail for news. Email is fast, and email is free. Walk toward it, then towards us.
    # expect: 1:8 'e-mail' here, 'email' elsewhere: pick one.
    # expect: 1:80 'towards' here, 'toward' elsewhere: pick one.
"""

from __future__ import annotations

import regex

from .base import Check, Finding, v_number, v_str_list, v_str_map
from .words import STOPWORDS, WORD


#: Second words that make a phrasal verb ("log in", "back up", "check out").
PARTICLES = frozenset("up in out down off on over back away about around through together apart".split())


MODALS = frozenset("may might can could would should must shall".split())


#: Words after a spaced pair that show it is not a modifier ("to open source it").
_NOT_CONTENT = STOPWORDS | PARTICLES


class Variants(Check):
    KEYS = {"either": v_str_map, "exceptions": v_str_list, "min_length": v_number}
    DEFAULT_SCOPE = ("text",)
    DEFAULT_MESSAGE = "'%s' here, '%s' elsewhere."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        self.exceptions = {e.lower() for e in options.get("exceptions", [])}
        self.min_length = int(options.get("min_length", 5))
        self.pairs = {}
        for a, b in options.get("either", {}).items():
            key = f"either:{a.lower()}|{b.lower()}"
            self.pairs[a.lower()] = key
            self.pairs[b.lower()] = key

    def run(self, doc, segments):
        prose = doc.prose
        # key -> form label -> [(start, end, surface)]
        groups: dict[str, dict[str, list[tuple[int, int, str]]]] = {}
        order: dict[str, int] = {}

        def add(key, form, start, end):
            forms = groups.setdefault(key, {})
            forms.setdefault(form, []).append((start, end, prose[start:end]))
            order.setdefault(form + "@" + key, start)

        # Pass 1: hyphenated compounds, either-pairs, and the closed vocabulary.
        seg_words = [list(WORD.finditer(prose, s.start, s.end)) for s in segments]
        closed_vocab: set[str] = set()
        for words in seg_words:
            for m in words:
                low = m.group().lower()
                if low in self.pairs:
                    add(self.pairs[low], low, m.start(), m.end())
                if "-" in low:
                    parts = low.split("-")
                    if m.start() > 0 and prose[m.start() - 1] == "-":
                        continue  # the tail of "10-year-old", not a compound of its own
                    if len(parts) == 2 and all(parts):
                        add("".join(parts), "hyphen", m.start(), m.end())
                else:
                    closed_vocab.add(low)
        # Pass 2: spaced pairs whose joined form exists hyphenated or closed,
        # used as a modifier (followed by a content word): "open source AI",
        # not "to open source it" or "the box office."
        for words in seg_words:
            for m, n, after in zip(words, words[1:], words[2:] + [None]):
                if prose[m.end() : n.start()] != " ":
                    continue
                if after is None or prose[n.end() : after.start()] != " " or after.group().lower() in _NOT_CONTENT:
                    continue
                a, b = m.group().lower(), n.group().lower()
                if "-" in a or "-" in b or b in PARTICLES:
                    continue  # "set up" is a verb, "setup" a noun: not variants
                if a in STOPWORDS or b in STOPWORDS or a in MODALS:
                    continue  # "a long"/"along", "may be"/"maybe": different words
                key = a + b
                if key in closed_vocab or key in groups:
                    add(key, "space", m.start(), n.end())
        # Pass 3: closed forms of keys seen hyphenated or spaced.
        for words in seg_words:
            for m in words:
                low = m.group().lower()
                if "-" not in low and low in groups and not low.startswith("either:"):
                    add(low, "closed", m.start(), m.end())
        for key, forms in groups.items():
            if key.startswith("either:"):
                candidates = forms
            else:
                if len(key) < self.min_length or key in self.exceptions or key in STOPWORDS:
                    continue
                candidates = {f: v for f, v in forms.items() if f in ("hyphen", "space", "closed")}
                # Two words side by side are a variant only if the joined form is attested.
                if "space" in candidates and "hyphen" not in candidates and "closed" not in candidates:
                    continue
                if "closed" in candidates and "hyphen" not in candidates and "space" not in candidates:
                    continue
                candidates = self._prune_space(candidates)
            if len(candidates) < 2:
                continue
            ranked = sorted(candidates.items(), key=lambda kv: (-len(kv[1]), order[kv[0] + "@" + key]))
            majority_surface = _representative(ranked[0][1])
            for form, uses in ranked[1:]:
                for start, end, surface in uses:
                    if surface.lower() in self.exceptions:
                        continue
                    suggestion = _match_case(majority_surface, surface)
                    yield Finding(start, end, (surface, suggestion), (suggestion,))

    @staticmethod
    def _prune_space(candidates):
        # "a part" vs "apart", "any one" vs "anyone": spaced forms of two
        # stopwords are usually different words, not a variant.
        space = candidates.get("space")
        if space and all(all(p.lower() in STOPWORDS for p in s.split()) for _, _, s in space):
            candidates = {k: v for k, v in candidates.items() if k != "space"}
        return candidates


def _representative(uses) -> str:
    """The majority form as it is usually written: headline capitals do not count."""
    counts: dict[str, int] = {}
    for _, _, surface in uses:
        counts[surface] = counts.get(surface, 0) + 1
    lower = [s for s in counts if s[1:] == s[1:].lower()]
    pool = lower or list(counts)
    return max(pool, key=lambda s: (counts[s], s[:1].islower()))


def _match_case(model: str, like: str) -> str:
    """``model`` with the capitalisation of ``like``'s first letter."""
    if like[:1].isupper():
        return model[:1].upper() + model[1:]
    if like[:1].islower() and not model.isupper():
        return model[:1].lower() + model[1:]
    return model
