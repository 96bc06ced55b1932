r"""entities: names that do not match the rest of the draft.

Five checks, one rule:

* a near-miss spelling of a name used more often elsewhere ("Zuckerburg"
  beside "Zuckerberg"): token by token, by edit distance.  A misspelling that
  is itself a word counts where it stands capitalised as a name: inside a
  name used again ("Sooth Yorkshire"), beside the same first name ("Priya
  Ramen"), for a place named again and again ("Pairs"), or bare beside a
  well-known name used once ("Indie and Russia" where "India" is named);
* a first name that changes once ("Maya Raman" for "Priya Raman");
* a place named once, as an actor (possessive or subject, next to a word of
  agency such as "desire" or "announced"), in a draft whose main subject is a
  company or person named three or more times: probably the wrong name; so
  is another place in the possessive where the subject is a place named five
  times or more ("Bolivia's health survey" in a story about Liberia);
* a little-known name quoted once ("Limal said", "according to Limal"),
  bare, never given in full nor introduced: news style introduces every
  source at first mention, so it is a slip for the person quoted elsewhere
  or a source the reader cannot place;
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

import os
from functools import cached_property, lru_cache
from itertools import chain

import regex

from ..caches import regexes
from .base import Check, Finding, v_number, v_str_list, v_str_map
from .words import (
    NEXT_WORD,
    STOPWORDS,
    WORD,
    doc_sentence_starts,
    edit_distance,
    native_words,
    possessive_base,
    within,
    zipf,
)

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


def _words(prose: str, segments) -> tuple:
    """``(start, end)`` of the words in ``segments`` and a set of words
    starting in lower case: with the compiled core, those starting with an
    ASCII lower-case letter are only in the set."""
    spans = [(s.start, s.end) for s in segments]
    target = native_words(prose)
    if target is not None:
        hay, rx = target
        flat, lower = rx.name_candidates(hay, spans)
        return zip(flat[0::2], flat[1::2]), set(lower)
    return ((m.start(), m.end()) for a, b in spans for m in WORD.finditer(prose, a, b)), set()


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
            self.canonical_re = regexes.compile(rf"\b(?:{alts})\b")
        self.places = places() | set(options.get("places", []))
        self.exceptions = set(options.get("exceptions", [])) | set(self.vocab_accept)
        self.min_length = int(options.get("min_length", 5))
        self.dominant_count = int(options.get("dominant_count", 3))

    def run(self, doc, segments):
        prose = doc.prose
        starts = doc_sentence_starts(doc)
        mentions: dict[str, list[tuple[int, int, bool]]] = {}  # name -> (start, end, possessive)
        capital_elsewhere: set[str] = set()
        sentence_first: list[tuple[str, int, int, bool]] = []
        words, lower_words = _words(prose, segments)
        for start, stop in words:
            word = prose[start:stop]
            if not word[0].isupper():
                if word[0].islower():
                    lower_words.add(word)
                continue
            base = possessive_base(word)
            record = (start, start + len(base), base != word)
            if start in starts:
                sentence_first.append((base, *record))
            else:
                capital_elsewhere.add(base)
                mentions.setdefault(base, []).append(record)
        # A sentence-initial capital counts as a name if it is a name elsewhere,
        # or if it is an uncommon word never written in lower case here.
        for base, s, e, poss in sentence_first:
            if base in capital_elsewhere or poss or (zipf(base) < 4.0 and base.lower() not in lower_words):
                mentions.setdefault(base, []).append((s, e, poss))
        for uses in mentions.values():
            uses.sort()
        names = _Names(doc, mentions, capital_elsewhere, lower_words, self.vocab_accept)
        flagged: set[int] = set()
        for f in self._near_misses(names):
            flagged.add(f.start)
            yield f
        # One alert a name: the later checks stay quiet where an earlier one spoke.
        for f in chain(self._first_names(names), self._wrong_role(names), self._unintroduced_speakers(names)):
            if f.start not in flagged:
                flagged.add(f.start)
                yield f
        if self.canonical_re is not None:
            for seg in segments:
                for m in self.canonical_re.finditer(prose, seg.start, seg.end):
                    new = self.canonical[m.group()]
                    yield Finding(m.start(), m.end(), (m.group(), new, "an old or non-standard name"), (new,))

    def _near_misses(self, names: "_Names"):
        mentions = names.mentions
        order = sorted(mentions, key=lambda n: -len(mentions[n]))
        # Misspellings keep their first letter and roughly their length:
        # compare only within those buckets, not every name with every name.
        buckets: dict[tuple[str, int], list[str]] = {}
        for n in order:
            buckets.setdefault((n[:1].lower(), len(n)), []).append(n)
        done: set[frozenset] = set()
        lowered = {n: n.lower() for n in order}
        for rare in order:
            if len(rare) < self.min_length or rare in self.exceptions or rare.isupper():
                continue
            near = [c for d in (-2, -1, 0, 1, 2) for c in buckets.get((rare[:1].lower(), len(rare) + d), ()) if c != rare]
            if not near:
                continue
            near = [near[i] for i in within(lowered[rare], [lowered[c] for c in near], 2)]
            for common in sorted(near, key=lambda n: (-len(mentions[n]), mentions[n][0][0])):
                pair = frozenset((rare, common))
                if rare.replace("’", "'") == common.replace("’", "'"):
                    continue  # a curly and a straight apostrophe: typography, not the name
                if common == rare or pair in done or len(common) < self.min_length or common in self.exceptions:
                    continue
                if _inflection(rare, common):
                    continue
                limit = 1 if len(common) < 8 else 2
                if edit_distance(rare.lower(), common.lower(), limit + 1) > limit:
                    continue
                done.add(pair)
                if not (names.may_be_misspelt(rare, common, self.places) or names.may_be_misspelt(common, rare, self.places)):
                    continue
                if _dialect_pair(rare, common) and not names.share_a_run_word(rare, common):
                    continue  # two names' own spellings ("Operations Centre", "Center for ..."), not one name two ways
                if names.same_run(rare, common):
                    continue  # "José Maria Marin": two parts of one name
                if names.listed_alone(rare) and names.listed_alone(common):
                    continue  # rows of a list or table of names ("Serbian", "Sorbian"): items, not slips
                if names.separate_people(rare, common):
                    continue  # two people introduced on their own ("Wong Kwok-hing", "Wong Kwok-kin")
                yield from self._decide(names, rare, common)
                break

    def _decide(self, names: "_Names", a: str, b: str):
        """Which of two spellings is wrong, from the evidence; both, with no
        suggestion, when the evidence is even."""
        ea, eb = names.evidence(a), names.evidence(b)
        za, zb = zipf(a), zipf(b)
        if ea[:2] == eb[:2] and abs(za - zb) >= _SPELLING_GAP:
            # Used as often, but one spelling is far better known ("Britain",
            # "Britian"; "Hiroshi", "Hirohsi"): that outweighs where each
            # stands, since a later mention may carry the introduction.
            ea, eb = ea[:2] + (za > zb,) + ea[2:], eb[:2] + (zb > za,) + eb[2:]
        if ea == eb:
            if not (names.may_be_misspelt(a, b, self.places) and names.may_be_misspelt(b, a, self.places)):
                return
            for x, y in ((a, b), (b, a)):
                for s, e, _ in names.mentions[x]:
                    msg = f"'{x}' here but '{y}' elsewhere, each {names.count_text(x)}: check which spelling is right."
                    yield Finding(s, e, (x, y, "the evidence is even"), (), message=msg)
            return
        wrong, right = (a, b) if eb > ea else (b, a)
        if not names.may_be_misspelt(wrong, right, self.places):
            return
        reason = names.reason(right, wrong)
        # Safe to fix when the evidence is more than a coin toss: the right
        # form is used twice or more, or introduced.
        safe = len(names.mentions[right]) >= 2 or any(names.introduced(s, e) for s, e, _ in names.mentions[right])
        for s, e, _ in names.mentions[wrong]:
            yield Finding(s, e, (wrong, right, reason), (right,), safe=bool(safe))

    def _first_names(self, names: "_Names"):
        """A first name that changes once between mentions of one person
        ("Priya Raman", later "Maya Raman")."""
        by_surname: dict[str, list[tuple[str, int, int]]] = {}
        for first, last, s, e in names.full_names():
            by_surname.setdefault(last, []).append((first, s, e))
        for last, uses in by_surname.items():
            firsts: dict[str, list] = {}
            for u in uses:
                firsts.setdefault(u[0], []).append(u)
            if len(firsts) < 2:
                continue
            ranked = sorted(firsts.items(), key=lambda kv: (-len(kv[1]), kv[1][0][1]))
            main, main_uses = ranked[0]
            surname_uses = len(names.mentions.get(last, ()))
            # A surname, not a word names are made of ("Oxford University",
            # "Labour MEP", "BB King", "Professor French", "Cherokee Turnpike").
            if zipf(last) > 3.6 or last.isupper() or last in self.places or last.lower() in names.lower_words or _common_word(last) or surname_uses + len(main_uses) < 3:
                continue
            for odd, odd_uses in ranked[1:]:
                # Once, not introduced as someone else, and outnumbered: a
                # relative or a colleague is introduced ("Maya Raman, her sister").
                if len(odd_uses) != 1:
                    continue
                if odd in self.places or odd.lower() in names.lower_words or _common_word(odd) or odd.isupper():
                    continue  # "California Beausoleil", "Whereas Glass": not a changed first name
                if names.sentence_words(odd_uses[0][1]) & _KIN:
                    continue  # "her father Husayn Hadid": a relative, not a slip
                if names.introduced(odd_uses[0][1], odd_uses[0][2]):
                    continue  # introduced as someone of their own
                if odd in self.exceptions or f"{odd} {last}" in self.exceptions:
                    continue
                first_use = main_uses[0]
                line = names.line(first_use[1])
                reason = f"'{main} {last}' is introduced on line {line}" + (f" and named {surname_uses} times" if surname_uses > 1 else "")
                _, s, e = odd_uses[0]
                yield Finding(s, s + len(odd), (f"{odd} {last}", f"{main} {last}", reason), (main,), safe=False)

    def _wrong_role(self, names: "_Names"):
        """A name used once, never introduced, in the role the main subject
        fills (its possessive, or the subject of a verb) and among the words
        that surround the subject elsewhere, in a document dominated by that
        subject: probably the wrong name ("Apex's bet on warehouse
        automation" in a story about Acme)."""
        mentions = names.mentions
        actors = {
            n: u for n, u in mentions.items()
            if not n.isupper() and len(n) > 2 and n not in names.in_runs_with_others and n.lower() not in names.lower_words and zipf(n) < 5.0
        }
        if not actors:
            return
        ranked = sorted(actors, key=lambda n: -len(actors[n]))
        dominant = ranked[0]
        second = len(actors[ranked[1]]) if len(ranked) > 1 else 0
        if len(actors[dominant]) < self.dominant_count or 2 * len(actors[dominant]) < 3 * second:
            return  # no single subject dominates
        is_place = dominant in self.places
        topic = names.context_words(dominant)
        for name, uses in mentions.items():
            if len(uses) != 1 or name == dominant or name in self.exceptions or len(name) < 3 or name.isupper():
                continue
            place_for_actor = name in self.places and not is_place
            s, e, possessive = uses[0]
            opens = s in names.sentence_start_set and not possessive
            if name.lower() in names.lower_words or (opens and (_common_word(name) or zipf(name) >= 3.5)) or zipf(name) >= 5.0:
                continue  # "How", "Campaigners": an ordinary word that opens a sentence
            if "-" in name and not name.rsplit("-", 1)[1][:1].isupper():
                continue  # "Stockholm-based", "Client-side": an adjective, not a name
            if not (possessive or names.subject_of_verb(e, plural_noun_likely=_common_word(name))):
                continue  # ("Update users", "Enterprise customers": a label before a plural, no verb)
            if names.introduced(s, e) or names.in_run(s):
                continue
            if not possessive and names.after_preposition(s):
                continue  # "a deal with Apex", "in Nevada": not the actor
            if _inflection(name, dominant):
                continue  # "Viennese" in a story about Vienna
            words_here = names.sentence_words(s)
            shared = words_here & topic
            close = len(shared) >= 3 or (len(shared) >= 2 and 2 * len(shared) >= len(words_here))
            following = [w.lower() for w in WORD.findall(names.prose[e : e + 60])[:3]]
            if possessive and following[:1] == ["s"]:
                following = following[1:]
            agency = any(w in AGENCY for w in following[:2])
            # A place standing in for a company or a person needs a word of
            # agency after it ("Ohio's desire"); a name of the subject's own
            # kind in the subject's role is enough.
            if place_for_actor and not agency:
                continue
            # A place in the possessive where another place is the subject
            # ("Bolivia's health survey" in a story about Liberia) stands in
            # its role whatever the words around it.
            place_for_place = is_place and name in self.places and possessive and len(actors[dominant]) >= 5
            if not place_for_actor and ((name in self.places) != is_place or not (close or agency or place_for_place)):
                continue
            if _inflection(name, dominant) or name.endswith(("an", "ans", "ese", "ish", "er", "ers")) and name[:-2] in names.mentions:
                continue
            if name not in self.places and any(_inflection(name, p) for p in self.places if p[:3] == name[:3]):
                continue  # "Pakistani", "Afghans": a people, not an actor named in the subject's place
            n = len(actors[dominant])
            nxt = WORD.search(names.prose, e + (2 if possessive else 0), e + 60)
            role = names.prose[s : nxt.end()] if nxt else name
            why = f"among the words used with it ({', '.join(sorted(shared)[:3])})" if close else f"in the subject's role ('{role}')"
            reason = f"named once, where '{dominant}' ({n} mentions) is the subject, {why}"
            yield Finding(s, e, (name, dominant, reason), (dominant,), safe=False)


    def _unintroduced_speakers(self, names: "_Names"):
        """A little-known name quoted once ("Limal said", "said Limal",
        "according to Limal"), bare, never given in full nor introduced, and
        named nowhere else: news style introduces every source at first
        mention, so this is either a slip for the person quoted elsewhere or
        a source the reader cannot place.  Well-known names ("Obama said")
        need no introduction and are left alone."""
        if len(names.doc.sentences) < _STORY_SENTENCES:
            return  # a line or two (a caption, a sentence checked alone) introduces no one
        speakers = None
        for name, uses in names.mentions.items():
            if len(uses) != 1 or len(name) < 3 or name.isupper() or name in self.exceptions or name in self.places:
                continue
            s, e, possessive = uses[0]
            if possessive or zipf(name) >= _WELL_KNOWN or name.lower() in names.lower_words or _common_word(name):
                continue
            if name.endswith(_DEMONYM_TAILS) and zipf(name) >= 3.0:
                continue  # "Norwegian", "Nepali": a nationality, not a person
            if names.in_run(s) or names.after_capital(s) or names.introduced(s, e) or names.after_article(s) or _GLOSS.match(names.prose, e):
                continue  # "Mark Sousa said", "Sousa, a ranger, said", "the Swiss said", "Ofcom (the regulator)"
            if not names.quoted_as_source(s, e):
                continue
            if speakers is None:
                speakers = names.speakers()
            others = [p for p in speakers if p != name and not _inflection(p, name)]
            if others:
                best = others[0]
                n = len(names.mentions[best])
                yield Finding(
                    s, e, (name, best, f"'{name}' is quoted here, named nowhere else and never introduced; '{best}' is quoted {n} times"), (best,), safe=False,
                    message=f"'{name}' is quoted but named nowhere else and never introduced: did you mean '{best}' (named {n} times)? If not, give their full name and role.",
                )
            else:
                yield Finding(
                    s, e, (name, "", f"'{name}' is quoted here, named nowhere else and never introduced"), (), safe=False,
                    message=f"'{name}' is quoted but named nowhere else and never introduced: give their full name and role where they first appear.",
                )


class _Names:
    """What a document says about its names: runs of capitalised words,
    introductions, counts and where they stand."""

    def __init__(self, doc, mentions, capital_elsewhere, lower_words, vocab):
        self.doc = doc
        self.prose = doc.prose
        self.mentions = mentions
        self.capital_elsewhere = capital_elsewhere
        self.lower_words = lower_words
        self.vocab = set(vocab)
        # The title or lead: the first block of a document long enough to have one.
        self.lead_end = doc.blocks[0].end if len(doc.blocks) >= 4 else -1
        self._runs = None
        self._sent_starts = [a for a, _ in doc.sentences]
        self.sentence_start_set = doc_sentence_starts(doc)

    # -- runs of capitalised words ("Priya Raman", "Acme Robotics") -------------
    def runs(self) -> list[tuple[tuple[str, ...], int, int]]:
        if self._runs is None:
            out = []
            starts = doc_sentence_starts(self.doc)
            for m in _RUN.finditer(self.prose):
                raw = m.group().split()
                words = [possessive_base(w) for w in raw]
                start = m.start()
                # "Later Zuckerburg": an ordinary word that opens the sentence is not part of the name.
                opener = words[0] in _NOT_FIRST or (_common_word(words[0]) and words[0] not in self.capital_elsewhere)
                if start in starts and len(words) >= 2 and opener:
                    start += len(raw[0]) + (len(m.group()) - len(m.group().lstrip()))
                    start = self.prose.index(raw[1], start)
                    words, raw = words[1:], raw[1:]
                if len(words) >= 2:
                    out.append((tuple(words), start, m.start() + len(m.group()) - (len(raw[-1]) - len(words[-1]))))
            self._runs = out
        return self._runs

    @cached_property
    def _run_starts(self) -> list[int]:
        return [ra for _, ra, _ in self.runs()]

    @cached_property
    def _runs_with(self) -> dict[str, list[tuple[str, ...]]]:
        """The runs each word stands in (asked per name pair: one index, not a scan each time)."""
        out: dict[str, list[tuple[str, ...]]] = {}
        for words, _, _ in self.runs():
            for w in set(words):
                out.setdefault(w, []).append(words)
        return out

    @cached_property
    def in_runs_with_others(self) -> set[str]:
        return {w for words, _, _ in self.runs() for w in words[1:]}

    def in_run(self, start: int) -> bool:
        from bisect import bisect_right

        i = bisect_right(self._run_starts, start) - 1  # runs do not overlap: at most one holds it
        return i >= 0 and start < self.runs()[i][2]

    def full_names(self):
        """``(first, last, start, end)`` for two-word person-like runs, titles
        before them set aside ("Dr Hugo Spiers" is Hugo Spiers)."""
        for words, a, b in self.runs():
            raw = self.prose[a:b].split()
            cut = next((i for i, w in enumerate(raw[:-1]) if possessive_base(w) != w), None)
            if cut is not None and len(raw) == len(words):
                # "Katie Paterson's Future Library": the possessive ends the name.
                words = words[: cut + 1]
                b = self.prose.find(raw[cut], a) + len(words[-1])
            k = 0
            while len(words) - k > 2 and words[k].rstrip(".") in _NOT_FIRST:
                k += 1
            if len(words) - k != 2:
                continue
            first, last = words[k:]
            if first in _NOT_FIRST or zipf(first) > 5.5:
                continue
            if k:
                a = self.prose.find(first, a, b)
            yield first, last, a, b

    def introduced(self, a: int, b: int) -> bool:
        """Followed by an appositive (", a robotics startup", ", who ...") or
        preceded by a lower-case descriptor ("chief executive Y", "rival X")."""
        from bisect import bisect_right

        run_end = b
        i = bisect_right(self._run_starts, a) - 1  # runs do not overlap: at most one holds a
        if i >= 0:
            _, ra, rb = self.runs()[i]
            if ra <= a < rb:
                a, run_end = ra, rb
        if _APPOSITIVE.match(self.prose, run_end):
            return True
        lo = max(0, a - 40)
        if _APPOSITION_BEFORE.search(self.prose, lo, a):
            return True  # "his mother, Ava Baumgartner"
        m = _DESCRIPTOR.search(self.prose, lo, a)
        if not m or m.group(1).lower() in STOPWORDS or m.group(1) in _VERBS:
            return False
        # A noun right before the name describes it ("chief executive Dana
        # Whitfield", "rival Apex"); a verb does not ("reflects Finland's").
        from ..language.postag import tag_text

        window = tag_text(self.prose, max(lo, m.start() - 30), b)
        tag = next((t.tag for t in window if t.start == m.start(1)), "")
        return tag.startswith(("NN", "JJ"))

    def quoted_as_source(self, a: int, b: int) -> bool:
        """Does the name at ``a:b`` stand as a source of speech: "X said",
        "X, 54, told", "said X", "according to X"?"""
        m = NEXT_WORD.match(self.prose, b)
        if m and m.group(1).lower() in _SPEECH:
            return True
        before = self.prev_word(a, 24)
        if before and before.lower() in _SPEECH_INVERTED and _CLAUSE_END.match(self.prose, b):
            return True  # "... ," said Limal.  (Not "told Spiegel.": the listener.)
        return bool(_ACCORDING.search(self.prose[max(0, a - 24) : a]))

    def prev_word(self, a: int, window: int = 20) -> str | None:
        """The word just before ``a`` (ASCII letters, within ``window`` characters)."""
        m = _PREV_WORD.search(self.prose[max(0, a - window) : a])
        return m.group(1) if m else None

    def after_capital(self, a: int) -> bool:
        """Right after a capitalised word: part of a longer name, whatever
        the runs made of an ordinary word that opens a sentence ("Johnny Marr")."""
        word = self.prev_word(a)
        return bool(word and word[0].isupper() and self.prose[a - 1 : a] == " ")

    def after_article(self, a: int) -> bool:
        return (self.prev_word(a) or "").lower() in ("the", "a", "an")

    def speakers(self) -> list[str]:
        """Names quoted as sources two or more times, most-quoted first: who an
        unintroduced speaker most likely is."""
        counts = {}
        for name, uses in self.mentions.items():
            if len(uses) < 2 or name.isupper() or _common_word(name):
                continue
            quoted = sum(1 for s, e, _ in uses if self.quoted_as_source(s, e))
            if quoted:
                counts[name] = (quoted, len(uses))
        return sorted(counts, key=lambda n: (-counts[n][0], -counts[n][1], self.mentions[n][0][0]))

    def after_preposition(self, a: int) -> bool:
        return (self.prev_word(a) or "").lower() in _PREPOSITIONS

    def subject_of_verb(self, end: int, plural_noun_likely: bool = False) -> bool:
        """Is the word after ``end`` a finite verb?  With ``plural_noun_likely``
        (after an ordinary word used as a label) an "-s" word is read as the
        plural noun it modifies, not a verb."""
        m = NEXT_WORD.match(self.prose, end)
        if not m:
            return False
        word = m.group(1)
        low = word.lower()
        if low in _AUXILIARIES:
            return True
        # A finite verb after a name: "-ed" ("Apex announced"), or a
        # third-person "-s" ("Apex plans") -- a cheap reading that keeps the
        # tagger (150 ms to load) off the path of every short draft.
        if not word[:1].islower():
            return False
        return low.endswith("ed") or (not plural_noun_likely and low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s")))

    def _sentence(self, pos: int) -> tuple[int, int]:
        from bisect import bisect_right

        i = bisect_right(self._sent_starts, pos) - 1
        return self.doc.sentences[i] if i >= 0 else (0, len(self.prose))

    def sentence_mentions(self, pos: int, name: str) -> bool:
        a, b = self._sentence(pos)
        return any(a <= s < b for s, _, _ in self.mentions.get(name, ()))

    def sentence_words(self, pos: int) -> set[str]:
        a, b = self._sentence(pos)
        return {w.lower() for w in WORD.findall(self.prose, a, b) if w[0].islower() and w.lower() not in STOPWORDS and len(w) > 3}

    def context_words(self, name: str) -> set[str]:
        out: set[str] = set()
        for s, _, _ in self.mentions.get(name, ()):
            out |= self.sentence_words(s)
        return out

    # -- evidence ----------------------------------------------------------------
    def may_be_misspelt(self, wrong: str, right: str, places=frozenset()) -> bool:
        """Could ``wrong`` be a slip for ``right``?  Not when ``right`` is a
        common word that names are built of ("Party", "Prince", "Union") seen
        once, unless two letters are swapped ("Mniistry"); not when both are
        names well known in their own right ("African", "American") and in no
        name together; a real word ("Pairs", "Ramen") only when capitalised
        mid-sentence, never in lower case here, and beside the same first
        name or standing for a place named more than once."""
        if wrong in self.vocab:
            return False
        if not (_common_word(wrong) and _common_word(right)) and self.different_first_names(wrong, right):
            return False  # "Adam Clayton" is not "Eric Clapton" (but "Chitwan Notional Park" is "National")
        real_word = zipf(wrong) > 3.0 or _common_word(wrong)
        if not real_word:
            # "Prnice", "Guaridan": no word at all, a slip for the name; but
            # an ordinary word seen once as a name is thin evidence unless
            # the two share a name ("British Musuem"): "Adesso Parto" is no
            # slip for the one "Party".
            thin = _common_word(right) and len(self.mentions.get(right, ())) < 2 and not self.share_a_run_word(wrong, right)
            return not thin or zipf(wrong) == 0 or _transposed(wrong, right)
        if not _common_word(wrong) and not self.share_a_run_word(wrong, right):
            return False  # two names each well known ("African", "American"; "Dr Clayton", "Clapton")
        # Two real words: only as part of the same name ("Untied Nations",
        # "Priya Ramen"), or a real word standing for a place named again
        # and again ("Pairs"); never two ordinary words ("Province", "Prince").
        if wrong not in self.capital_elsewhere or wrong.lower() in self.lower_words:
            return False
        if self.share_a_run_word(wrong, right):
            return True
        if _common_word(right) and right not in places:
            return False
        if len(self.mentions.get(right, ())) >= 2:
            return True
        # Named once: a well-known name ("India", "Germany") beside an
        # ordinary word standing bare where it would be ("Indie and Russia").
        return zipf(right) >= 4.0 and not _common_word(right) and _common_word(wrong) and wrong not in self._runs_with

    def share_a_run_word(self, a: str, b: str) -> bool:
        """Do ``a`` and ``b`` each stand beside the same word ("Priya Ramen", "Priya Raman")?"""
        beside = lambda x: {w for words in self._runs_with.get(x, ()) for w in words if w != x}  # noqa: E731
        return bool(beside(a) & beside(b))

    def listed_alone(self, name: str) -> bool:
        """Does ``name`` stand only as the whole of table cells or list items
        (a pipe table that Markdown read as a paragraph, as in an indented
        MkDocs admonition, counts too)?"""
        prose = self.prose
        for s, e, _ in self.mentions[name]:
            block = self.doc.block_at(s)
            if block is None:
                return False
            a = prose.rfind("|", block.start, s) + 1 or block.start
            b = prose.find("|", e, block.end)
            piped = a > block.start and b >= 0
            if not (piped or "table" in block.scopes or "list" in block.scopes or block.kind == "list"):
                return False
            if prose[a:s].strip(_ITEM_MARKS) or prose[e : b if b >= 0 else block.end].strip(_ITEM_MARKS):
                return False
        return True

    def same_run(self, a: str, b: str) -> bool:
        return any(b in words for words in self._runs_with.get(a, ()))

    def different_first_names(self, a: str, b: str) -> bool:
        """Both are surnames in full names, with different first names."""
        def firsts(x):
            # Titles ("Professor", "Mayor") and ordinary words are no first names.
            out = {words[words.index(x) - 1] for words in self._runs_with.get(x, ()) if words.index(x) > 0}
            return {w for w in out if w not in _NOT_FIRST and not _common_word(w)}

        fa, fb = firsts(a), firsts(b)
        return bool(fa and fb and not (fa & fb))

    def separate_people(self, a: str, b: str) -> bool:
        """Both spellings introduced on their own: two people, not one misspelt.
        Not when one is an ordinary word ("four senior Sooth Yorkshire officers")."""
        if _common_word(a) or _common_word(b):
            return False
        return all(any(self.introduced(s, e) for s, e, _ in self.mentions[x]) for x in (a, b)) and self._both_in_full_runs(a, b)

    def _both_in_full_runs(self, a, b) -> bool:
        return all(x in self._runs_with for x in (a, b))

    def evidence(self, name: str) -> tuple:
        uses = self.mentions[name]
        first = uses[0][0]
        return (
            len(uses),
            name in self.vocab,
            any(self.introduced(s, e) for s, e, _ in uses),
            first < self.lead_end,
            zipf(name) > 1.5,  # a spelling wordfreq knows (names included)
            not _common_word(name),  # a name ("India"), not an ordinary word ("Indie")
        )

    def count_text(self, name: str) -> str:
        n = len(self.mentions[name])
        return "once" if n == 1 else f"{n} times"

    def reason(self, right: str, wrong: str | None = None) -> str:
        """Why ``right`` is the likelier spelling, in words."""
        uses = self.mentions[right]
        n = len(uses)
        times = f"{n} time{'' if n == 1 else 's'}"
        intro = next(((s, e) for s, e, _ in uses if self.introduced(s, e)), None)
        if intro:
            text = f"'{right}' is introduced on line {self.line(intro[0])} and used {times}"
        elif wrong is not None and n == len(self.mentions[wrong]):
            text = f"each is used {self.count_text(right)}"
        else:
            text = f"spelled '{right}' {times} elsewhere"
        extra = []
        if right in self.vocab:
            extra.append("it is in the vocabulary")
        if uses[0][0] < self.lead_end and not (wrong is not None and self.mentions[wrong][0][0] < self.lead_end):
            extra.append("it is the form in the title or lead")
        if wrong is not None and _common_word(wrong) and not _common_word(right) and not _dialect_pair(wrong, right):
            extra.append(f"'{wrong}' is an ordinary word, '{right}' a name")
        if wrong is not None and n == len(self.mentions[wrong]) and (zipf(right) > 1.5 >= zipf(wrong) or zipf(right) - zipf(wrong) >= _SPELLING_GAP) and not (intro and zipf(right) <= 1.5):
            extra.append(f"'{right}' is the spelling dictionaries know")
        return text + ("; " + "; ".join(extra) if extra else "")

    def line(self, prose_pos: int) -> int:
        return self.doc.position(self.doc.src_offset(prose_pos))[0]


_RUN = regexes.compile(r"(?<![\p{L}\p{M}'’-])\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]*)+")
_APPOSITIVE = regexes.compile(r"(?:'s|’s)?\s*,\s*(?:a|an|the|who|whose|aged|its|his|her|their|our|\d)\b", regex.I)
#: Kinship words: a second first name beside them is a relative ("her father", "his wife").
_KIN = frozenset(
    """father mother parents parent brother brothers sister sisters wife husband son sons daughter daughters
    family uncle aunt cousin nephew niece grandfather grandmother grandson granddaughter widow widower
    married born née stepfather stepmother twin twins sibling siblings spouse partner fiancé fiancée""".split()
)
_APPOSITION_BEFORE = regexes.compile(r"\b(?:his|her|their|its|our|the|a|an)(?: [a-z-]+){1,3},[ \t]+$")
_DESCRIPTOR = regexes.compile(r"\b([a-z][a-z-]{2,})[ \t]+$")
_PREV_WORD = regexes.compile(r"\b([A-Za-z]+)\s+$")
#: Verbs that make the name before them (or, inverted, after them) a source of speech.
_SPEECH = frozenset(
    """said says told tells added adds explained explains argued argues insisted insists admitted admits warned warns
    noted notes stressed stresses acknowledged acknowledges conceded concedes""".split()
)
# Left out, as they often report no speech: "thought" ("how Archimedes thought
# about infinity"), "continued" ("Moreau continued to appear in films"),
# "wrote" ("Dvořák wrote two symphonies"), "recalled" (cars), "agreed to",
# "claims" (a title).
_SPEECH_INVERTED = frozenset("said says added adds explained explains continued recalled wrote writes insisted admitted warned noted".split())
_CLAUSE_END = regexes.compile(r"[ \t]*(?:[.,;:!?)]|$)")
_ACCORDING = regexes.compile(r"\baccording to[ \t]+$", regex.I)
#: Sentences a text needs before a source it never introduces is a slip:
#: a story, not a caption or a sentence checked on its own.
_STORY_SENTENCES = 6
#: A little-known name: wordfreq rates it below this (well-known names such
#: as "Obama", 5.1, and "Banksy", 3.3, stand unintroduced in news).
_WELL_KNOWN = 4.0
#: Endings of demonyms and nationality adjectives ("Swiss", "Norwegian"), which
#: stand bare as a group ("the Norwegian said"), not as an unintroduced person.
_DEMONYM_TAILS = ("an", "ese", "ish", "ss", "i")
_GLOSS = regexes.compile(r"[ \t]*\(")
#: How much better known (wordfreq's Zipf scale: 2.5 is about 300 times as
#: common) one of two spellings used equally often must be to count as the
#: right one: "Britain" 4.7 / "Britian" 2.0, but not "Kermit" 3.1 / "Kermie" 1.6.
_SPELLING_GAP = 2.5
#: What may stand around a name that is the whole of a table cell or list item.
_ITEM_MARKS = " \t\n\"'“”‘’`.,;:()*_-"
_PREPOSITIONS = frozenset("at from with to of in on by for into than like against versus vs over under about between among near".split())
_AUXILIARIES = frozenset("is was has had will would can could should said says".split())
_VERBS = frozenset("said says told asked added noted and or but when while as if that".split())
_NOT_FIRST = frozenset(
    """The A An This That These Those In On At By For From With And But Or If When While As Mr Mrs Ms Dr Prof Sir
    Lord Lady Saint St President Prime Minister Senator Sen Rep Gov Governor Judge Justice King Queen Prince Princess
    Professor Dame Chief General Captain Colonel Major Bishop Archbishop Father Pope Rabbi Imam Sheikh Chancellor Mayor
    Councillor Detective Inspector Sergeant Officer Coach Manager Chairman Chairwoman Director Secretary Commissioner
    Ambassador Cardinal Reverend Rev Sgt Capt Col Lt Gen Cllr Det Supt""".split()
)


#: Endings that make a related word of a name: demonyms, plurals,
#: adjectives ("Canada"/"Canadian", "Morocco"/"Moroccan", "Sweden"/"Swedes",
#: "Democrats"/"Democratic", "Ministry"/"Minister").
_DERIVED_TAILS = frozenset(
    "| n an ian ians ans ese i is ic ics s es ns n's er ers ry ries ia ía a o y e ish ist ists ism ite ites ean eans ine ines us".split(" ")
) | {""}


@lru_cache(maxsize=1)
def _dictionary_words() -> frozenset[str]:
    from ..language.hunspell import Dictionary, default_paths

    d = Dictionary()
    d.add_hunspell(*default_paths())
    return frozenset(d.words)


_COMMON = None


def _common_word(name: str) -> bool:
    """Is the name, lower-cased, an ordinary word of the bundled dictionary
    ("Party", "Prince", "Union"), as opposed to a name ("Zuckerberg", "Paris")?
    Answers persist in the word cache, so the dictionary is loaded only for
    words no earlier run has asked about."""
    global _COMMON
    if _COMMON is None:
        from ..caches.words import WordCache

        _COMMON = WordCache("common-word")
    low = name.lower()
    known = _COMMON.get(low)
    if known is None:
        known = 1 if low in _dictionary_words() else 0
        _COMMON.put(low, known)
    return bool(known)


def _transposed(a: str, b: str) -> bool:
    """Two neighbouring letters swapped ("Mniistry", "Ministry"): the commonest
    slip of the fingers, unlike a letter changed ("Parto", "Party")."""
    a, b = a.lower(), b.lower()
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _dialect_pair(a: str, b: str) -> bool:
    """British and American spellings of one word ("Centre", "Center")."""
    from .variants import _dialect_tables

    a, b = a.lower(), b.lower()
    tables = _dialect_tables()
    return tables.american_of(a) == b or tables.american_of(b) == a


def _inflection(a: str, b: str) -> bool:
    """Plurals, possessives and derived forms of a name ("Nepal"/"Nepali",
    "Rwanda"/"Rwandan", "Canada"/"Canadian") are not misspellings of it."""
    a, b = a.lower(), b.lower()
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short):
        return True
    k = 0
    while k < len(short) and short[k] == long_[k]:
        k += 1
    ta, tb = short[k:], long_[k:]
    # One letter for another ("India"/"Indie", "Congo"/"Conga") is a slip;
    # a real ending ("-an", "-ian", a plural "-s") makes a related word.
    return k >= 4 and ta in _DERIVED_TAILS and tb in _DERIVED_TAILS and (max(len(ta), len(tb)) >= 2 or "s" in (ta, tb))
