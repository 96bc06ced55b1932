r"""variants: one term written two ways in the same document.

Found automatically: hyphenated, spaced and closed forms of a compound
("open-source" / "open source" / "opensource", "e-mail" / "email").  A
spaced form counts only where it modifies a following word ("open source
models"), since "the box office" beside "a box-office hit" is correct.  Pairs in
``either`` (Vale's consistency form) are checked too.  The form used less
often is flagged, with the majority form as the suggestion; on a tie the
first form used wins.  The message receives the minority and majority forms.
Configured pairs always apply, spaced ones too ("per cent" / "percent").
With ``dialects: true`` the British and American spellings of one word
("organisation" / "organization", "defence" / "defense"; the list is
breame's, a maintained package) are variants too; capitalised names
("Labor Party", "Pearl Harbor") keep their spelling.  A spaced compound
counts only where the tagger reads the next word as a noun it modifies.

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

from functools import lru_cache

import regex

from ..caches import regexes
from .base import Check, Finding, v_bool, v_number, v_str_list, v_str_map
from .words import STOPWORDS, WORD, native_words

#: Second words that make a phrasal verb ("log in", "back up", "check out").
PARTICLES = frozenset("up in out down off on over back away about around through together apart".split())


MODALS = frozenset("may might can could would should must shall".split())


#: Words after a spaced pair that show it is not a modifier ("to open source it").
_NOT_CONTENT = STOPWORDS | PARTICLES


class Variants(Check):
    KEYS = {"either": v_str_map, "exceptions": v_str_list, "min_length": v_number, "dialects": v_bool}
    DEFAULT_SCOPE = ("text",)
    DEFAULT_MESSAGE = "'%s' here, '%s' elsewhere."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        self.exceptions = {e.lower() for e in options.get("exceptions", [])}
        self.min_length = int(options.get("min_length", 5))
        self.pairs = {}
        spaced = []
        for a, b in options.get("either", {}).items():
            key = f"either:{a.lower()}|{b.lower()}"
            self.pairs[a.lower()] = key
            self.pairs[b.lower()] = key
            spaced += [f for f in (a, b) if " " in f]
        # Configured pairs always apply, spaced ones too ("per cent", "data base").
        self.spaced_pairs = (
            regexes.compile(r"\b(?:" + "|".join(regex.escape(f).replace("\\ ", r"\s+") for f in sorted(spaced, key=len, reverse=True)) + r")\b", regex.I)
            if spaced
            else None
        )
        #: British and American spellings of one word in one document
        #: (organisation/organization, defence/defense), from breame's list.
        self.dialects = options.get("dialects", False)

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
        words = _Words(prose, segments)
        if self.spaced_pairs is not None:
            for seg in segments:
                for m in self.spaced_pairs.finditer(prose, seg.start, seg.end):
                    low = " ".join(m.group().lower().split())
                    if low in self.pairs:
                        add(self.pairs[low], low, m.start(), m.end())
        closed_vocab: set[str] = set()
        for m in words.first_pass(self._pair_words, closed_vocab):
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
        # (A key joins the groups here only if it is in one of them already.)
        modifies: dict[str, bool] = {}  # the word after -> _modifies (it reads that word alone)
        for m, n, after in words.triples(closed_vocab | groups.keys()):
            if prose[m.end() : n.start()] != " ":
                continue
            if after is None or prose[n.end() : after.start()] != " " or after.group().lower() in _NOT_CONTENT:
                continue
            a, b = m.group().lower(), n.group().lower()
            if a in self.pairs or f"{a} {b}" in self.pairs:
                continue  # a configured pair, counted above
            if "-" in a or "-" in b or b in PARTICLES:
                continue  # "set up" is a verb, "setup" a noun: not variants
            if a in STOPWORDS or b in STOPWORDS or a in MODALS:
                continue  # "a long"/"along", "may be"/"maybe": different words
            if m.group()[:1].isupper() and n.group()[:1].isupper():
                continue  # "World Wide Web", "Dark Sky Reserve": a name keeps its spelling
            key = a + b
            if key in closed_vocab or key in groups:
                noun = modifies.get(after.group())
                if noun is None:
                    noun = modifies[after.group()] = _modifies(prose, after)
                if noun:
                    add(key, "space", m.start(), n.end())
        # Pass 3: closed forms of keys seen hyphenated or spaced ("FirstPerson",
        # a CamelCase identifier, is a name, not the closed form of "first-person").
        for m in words.among(groups.keys()):
            low = m.group().lower()
            if low not in groups or "-" in low or low.startswith("either:"):
                continue
            if m.group()[1:] != low[1:]:
                continue  # CamelCase ("FirstPerson"): a name
            add(low, "closed", m.start(), m.end())
        if self.dialects:
            self._dialect_forms(words, add)
            yield from self._minority_dialect(groups)
        for key, forms in groups.items():
            if key.startswith("either:") or key.startswith("dialect:"):
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
            # A clear majority is a safe fix; one use against one is a coin toss.
            safe = len(ranked[0][1]) >= 2 and len(ranked[0][1]) > len(ranked[1][1])
            for form, uses in ranked[1:]:
                for start, end, surface in uses:
                    if surface.lower() in self.exceptions:
                        continue
                    suggestion = _match_case(majority_surface, surface)
                    yield Finding(start, end, (surface, suggestion), (suggestion,), safe=safe)

    def _dialect_forms(self, words: "_Words", add) -> None:
        """British and American spellings of the same word, as one group each
        ("organisation"/"organization"), from breame's maintained list."""
        dialects = _dialect_tables()
        listed = dialects.words  # a plain set: most words are in neither table
        for m in words.among(listed, dialects.word_set):
            low = m.group().lower()
            if low not in listed:
                continue
            if low in self.exceptions or m.group()[:1].isupper() and m.start() > 0 and not _sentence_initial(m):
                continue  # "Labor Party", "Pearl Harbor": names keep their spelling
            british, american = dialects.british_of(low), dialects.american_of(low)
            if british is not None and american is None:
                add(f"dialect:{british}|{low}", low, m.start(), m.end())
            elif american is not None and british is None:
                add(f"dialect:{low}|{american}", low, m.start(), m.end())

    def _pair_words(self):
        """The configured pairs' words for the compiled core (built once)."""
        found = self.__dict__.get("_pair_set")
        if found is None:
            found = self._pair_set = _word_set(self.pairs)
        return found

    def _minority_dialect(self, groups):
        """In a document written in one spelling (British or American), words
        spelled the other way: "color" in a story that writes "centre",
        "defence" and "travelled".  The text's own spelling needs two words
        and twice the other's count (one word each way tells nothing).
        -ize/-ise is left out: Oxford spelling is British with -ize."""
        british, american = [], []
        for key, forms in groups.items():
            if not key.startswith("dialect:"):
                continue
            brit, amer = key[len("dialect:"):].split("|")
            if _oxford(brit, amer):
                continue
            if len(forms) == 1:
                form, uses = next(iter(forms.items()))
                (british if form == brit else american).append((form, brit if form == amer else amer, uses))
        for minority, majority in ((american, british), (british, american)):
            n_major = sum(len(u) for _, _, u in majority)
            n_minor = sum(len(u) for _, _, u in minority)
            if n_major >= 2 and n_minor and n_major >= 2 * n_minor:
                kind = "British" if majority is british else "American"
                for form, other, uses in minority:
                    for start, end, surface in uses:
                        suggestion = _match_case(other, surface)
                        msg = f"'{surface}' is the {'American' if kind == 'British' else 'British'} spelling in a text that spells the {kind} way ({n_major} words): '{suggestion}'."
                        yield Finding(start, end, (surface, suggestion), (suggestion,), message=msg)

    @staticmethod
    def _prune_space(candidates):
        # "a part" vs "apart", "any one" vs "anyone": spaced forms of two
        # stopwords are usually different words, not a variant.
        space = candidates.get("space")
        if space and all(all(p.lower() in STOPWORDS for p in s.split()) for _, _, s in space):
            candidates = {k: v for k, v in candidates.items() if k != "space"}
        return candidates


def _word_set(words):
    """The compiled core's copy of a set of lower-case words (the core is loaded)."""
    from ..language import scan

    return scan._native.WordSet(list(words))


class _Span:
    """A word as the passes read a match: its text and where it is."""

    __slots__ = ("string", "_start", "_end")

    def __init__(self, string: str, start: int, end: int):
        self.string, self._start, self._end = string, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self) -> str:
        return self.string[self._start : self._end]


class _Words:
    """The words of a rule's segments, pass by pass.  With the compiled core
    a pass sees only the words that could change its result: ASCII words are
    looked up in the crate (lower case, in a set), the others all come here.
    Sets for the crate are asked for (``key_set()``) only when it runs."""

    def __init__(self, prose: str, segments):
        self.prose = prose
        self.spans = [(s.start, s.end) for s in segments]
        self.native = native_words(prose)
        self._matches = None  # every word's match, per segment (without the core)

    def _spans(self, flat):
        prose = self.prose
        return [_Span(prose, flat[k], flat[k + 1]) for k in range(0, len(flat), 2)]

    def first_pass(self, pair_words, closed_vocab: set[str]):
        """Every word, or (with the core) those past ASCII, with a hyphen or
        in ``pair_words()``; the other words' lower case goes to ``closed_vocab``."""
        if self.native is None:
            return self._every()
        hay, rx = self.native
        flat, vocab = rx.variant_words(hay, self.spans, pair_words())
        closed_vocab.update(vocab)
        return self._spans(flat)

    def triples(self, keys):
        """Each word with the next two (the last: None): with the core, only
        single-spaced ones whose first two words joined may be in ``keys``."""
        if self.native is None:
            return (t for words in self._all() for t in zip(words, words[1:], words[2:] + [None]))
        hay, rx = self.native
        spans = self._spans(rx.variant_spaced(hay, self.spans, _word_set(keys)))
        return zip(spans[0::3], spans[1::3], spans[2::3])

    def among(self, keys, key_set=None):
        """Every word, or (with the core) those past ASCII or in ``keys``
        (``key_set()``: the crate's copy of them, when one is kept)."""
        if self.native is None:
            return self._every()
        hay, rx = self.native
        return self._spans(rx.words_in(hay, self.spans, key_set() if key_set is not None else _word_set(keys)))

    def _every(self):
        return (m for words in self._all() for m in words)

    def _all(self):
        if self._matches is None:
            self._matches = [list(WORD.finditer(self.prose, a, b)) for a, b in self.spans]
        return self._matches


def _modifies(prose: str, after) -> bool:
    """Is the word after a spaced pair a noun it modifies ("open source
    models"), rather than a verb or an adverb ("open source is growing")?
    The tagger reads that word alone (the tokens of its span, tagged without
    neighbours), so the answer is the same for every occurrence of it."""
    from ..language.postag import tag_text

    toks = tag_text(prose, after.start(), after.end())
    return not toks or toks[0].tag.startswith(("NN", "JJ", "CD", "VBG"))


def _oxford(british: str, american: str) -> bool:
    """Differ only by -ise/-ize (-isation/-ization): Oxford British uses -ize."""
    return british.replace("is", "iz") == american or british.replace("ys", "yz") == american


def _sentence_initial(m) -> bool:
    before = m.string[max(0, m.start() - 3) : m.start()]
    return not before.strip() or before.rstrip()[-1:] in ".!?\n\"“"


class _Dialects:
    """breame's American -> British spellings (1,700 pairs) kept to the
    regular differences, looked up both ways.  Each pair is checked the
    first time a draft has one of its words (the whole list at once cost
    every run 10 ms); the answers are those of dicts built from the list."""

    def __init__(self, pairs=(), tables=None):
        if tables is not None:
            self._a2b, self._b2a = tables  # as built below, kept by an earlier run
        else:
            # Every candidate, in the list's order: of those that pass, the
            # last one wins, as in a dict built from the list.
            self._a2b: dict[str, list[str]] = {}
            for a, b in pairs:
                a, b = a.lower(), b.lower()
                if a != b:
                    self._a2b.setdefault(a, []).append(b)
            self._b2a: dict[str, list[str]] = {}
            for a, bs in self._a2b.items():
                for b in dict.fromkeys(bs):
                    self._b2a.setdefault(b, []).append(a)
        #: Every spelling on either side of a pair, regular or not.
        self.words = frozenset(self._a2b) | frozenset(self._b2a)
        self._word_set = None

    def word_set(self):
        """:attr:`words` for the compiled core, built on first use."""
        if self._word_set is None:
            self._word_set = _word_set(self.words)
        return self._word_set

    def british_of(self, american: str) -> str | None:
        return next((b for b in reversed(self._a2b.get(american, ())) if _regular_pair(b, american)), None)

    def american_of(self, british: str) -> str | None:
        # The reverse: the last American spelling whose British form is this word.
        found = None
        for a in self._b2a.get(british, ()):
            if self.british_of(a) == british:
                found = a
        return found


_DIALECTS: _Dialects | None = None


def _dialect_tables() -> _Dialects:
    """breame's American -> British spellings (1,700 pairs), and the reverse."""
    global _DIALECTS
    if _DIALECTS is None:
        # The built tables are kept between runs (keyed by breame's data
        # file): importing the list and building them cost a draft 4 ms.
        from ..caches import parsed

        key = _breame_key()
        kept = parsed.get(key, plain=True) if key else parsed.MISSING
        if type(kept) is list and len(kept) == 2 and all(type(t) is dict and all(type(v) is list for v in t.values()) for t in kept):
            _DIALECTS = _Dialects(tables=kept)
        else:
            from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS

            _DIALECTS = _Dialects(AMERICAN_ENGLISH_SPELLINGS.items())
            if key:
                parsed.put(key, [_DIALECTS._a2b, _DIALECTS._b2a], plain=True)
    return _DIALECTS


def _breame_key() -> str | None:
    """What the kept dialect tables were built from: breame's data file, by
    path, modification time and size (None when it cannot be found)."""
    import os
    from importlib.util import find_spec

    try:
        origin = find_spec("breame.data.spelling_constants").origin
        st = os.stat(origin)
    except (ImportError, AttributeError, TypeError, OSError):
        return None
    return f"breame dialect tables v1\0{origin}\0{st.st_mtime_ns}\0{st.st_size}"


#: The regular differences between British and American spelling.  Pairs
#: outside them in breame's list are often two words that both dialects
#: use ("practice"/"practise", "program"/"programme", "draft"/"draught",
#: "connection"/"connexion", "aesthetic"/"esthetic").
_REGULAR = [
    (regexes.compile(r"our"), "or"),  # colour/color, behaviour/behavior
    (regexes.compile(r"(?<=[bcdfghkmnpstv])re(?=s?$|d$)"), "er"),  # centre/center, theatre/theater
    (regexes.compile(r"ence(?=s?$)"), "ense"),  # defence/defense, offence/offense
    (regexes.compile(r"(?<=[aeiou])ll(?=ed$|ing$|er$|ers$)"), "l"),  # travelled/traveled, modelling
    (regexes.compile(r"is(?=e$|es$|ed$|ing$|ation|ations$|er$|ers$)"), "iz"),  # organise/organize (Oxford aside)
    (regexes.compile(r"ys(?=e$|es$|ed$|ing$)"), "yz"),  # analyse/analyze
]
_IRREGULAR = {("grey", "gray"), ("plough", "plow"), ("aluminium", "aluminum"), ("sceptic", "skeptic"), ("sceptical", "skeptical"),
              ("mould", "mold"), ("moustache", "mustache"), ("pyjamas", "pajamas"), ("jewellery", "jewelry"), ("manoeuvre", "maneuver"),
              ("cosy", "cozy"), ("doughnut", "donut"), ("kerb", "curb"), ("tyre", "tire"), ("faeces", "feces"), ("faecal", "fecal"),
              ("paediatric", "pediatric"), ("anaemia", "anemia"), ("oestrogen", "estrogen"), ("haemorrhage", "hemorrhage")}


@lru_cache(maxsize=None)
def _regular_pair(british: str, american: str) -> bool:
    """Is this one of the regular British/American differences?"""
    if (british, american) in _IRREGULAR or any((british.startswith(b) and american.startswith(a)) for b, a in _IRREGULAR):
        return True
    for pattern, repl in _REGULAR:
        if pattern.sub(repl, british) == american:
            return True
    return False


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
