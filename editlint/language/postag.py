"""Part-of-speech tags for ``sequence`` rules: a Brill-style tagger.

Penn Treebank tags (``NN``, ``VBZ``, ``JJS``...) as Vale's sequence rules
name them.  Words are tagged from a lexicon (Brill's, from the Brown corpus
and Penn Treebank, as distributed with Pattern; ``data/pos/LICENSE``), unknown
words by Brill's morphological rules (suffixes, prefixes, neighbours), then
every tag is revised by Brill's contextual rules ("NN becomes VB after TO").
The data loads once per process (about 0.2 s) and only when a sequence rule
runs.

Tokens follow the Penn Treebank's split: punctuation apart, and clitics as
their own tokens ("endpoint's" -> "endpoint" + "'s", "don't" -> "do" + "n't").
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "pos")

_TOKEN = re.compile(
    r"""(?x)
      \d+(?:[.,:]\d+)*%?             # numbers, times, 3.5, 1,000
    | [A-Za-z]+\.(?:[A-Za-z]+\.)+    # abbreviations: U.S., e.g.
    | [^\W\d_]+(?=n['’]t\b)          # "do" of "don't"
    | n['’]t\b | ['’](?:s|S|re|ve|ll|d|m)\b
    | (?:[^\W_])+(?:[-'’](?!(?:s|S|re|ve|ll|d|m|t)\b)(?:[^\W_])+)*   # words, "well-known", "o'clock"
    | \.\.\.|--|[^\w\s]
    """
)


@dataclass(frozen=True, slots=True)
class Token:
    """A word with its offset in the text it came from, its tag in context
    and the tag the lexicon gives it (``""`` when the word is unknown)."""

    start: int
    end: int
    text: str
    tag: str
    lexical: str = ""


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` for the Treebank tokens of ``text[start:end]``."""
    out = []
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        out.append((m.start(), m.end(), m.group()))
    return out


#: Function-word tags, and the open classes they must not become.
_CLOSED = {"IN", "DT", "PRP", "PRP$", "CC", "TO", "MD", "WDT", "WP", "WP$", "POS", "EX", "PDT"}
_OPEN = {"NN", "VB", "JJ"}


class Tagger:
    """Lexicon, lexical rules and contextual rules, loaded from ``data/pos``."""

    def __init__(self, folder: str = DATA):
        self.lexicon = _lexicon(folder)
        self.lexical = [line.split() for line in _lines(os.path.join(folder, "morphology.txt"))]
        self.contextual = [line.split() for line in _lines(os.path.join(folder, "context.txt"))]

    # -- tagging -------------------------------------------------------------
    def tag(self, words: list[str]) -> list[str]:
        tags = [self._initial(w, i) for i, w in enumerate(words)]
        for i, w in enumerate(words):
            if not self._known(w, i):
                tags[i] = self._lexical_rules(w, tags[i], words, i)
        # "Let's": the clitic is "us", not a possessive.
        for i in range(1, len(words)):
            if words[i] in ("'s", "’s") and words[i - 1].lower() == "let":
                tags[i] = "PRP"
        # Word by word, every rule in turn (a rule sees the tags already revised to its left).
        for i in range(len(words)):
            # Brill's rules assumed a lexicon of every tag a word can take; this
            # one keeps the likeliest only, so a known function word ("of",
            # "the") is never turned into a noun, verb or adjective.
            closed = tags[i] in _CLOSED and self._known(words[i], i)
            for rule in self.contextual:
                if tags[i] == rule[0] and not (closed and rule[1][:2] in _OPEN):
                    self._apply_contextual(rule, words, tags, i)
        return tags

    def _known(self, word: str, i: int) -> bool:
        return word in self.lexicon or (i == 0 and word.lower() in self.lexicon)

    def _initial(self, word: str, i: int) -> str:
        if word in self.lexicon:
            return self.lexicon[word]
        if word.lower() in self.lexicon and (i == 0 or not word[:1].isupper()):
            return self.lexicon[word.lower()]
        if re.fullmatch(r"[\d.,:%]+", word) and any(c.isdigit() for c in word):
            return "CD"
        if not any(c.isalnum() for c in word):
            return {".": ".", "!": ".", "?": ".", ",": ",", ":": ":", ";": ":", "(": "(", ")": ")", '"': '"', "'": '"'}.get(word, "SYM")
        # An unknown capitalised word is a name, unless it only starts the sentence.
        if word[:1].isupper() and i > 0:
            return "NNPS" if word.endswith("s") and len(word) > 3 else "NNP"
        return "NN"

    def _lexical_rules(self, word: str, tag: str, words: list[str], i: int) -> str:
        prev = words[i - 1] if i > 0 else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        for r in self.lexical:
            if r[1].startswith("f"):  # "FROM x fkind [n] TO": only when the tag is FROM
                if tag != r[0]:
                    continue
                x, kind, args = r[1], r[2][1:], r[3:]
            else:
                x, kind, args = r[0], r[1], r[2:]
            target = args[-2] if args[-1] == "x" else args[-1]
            if _lexical_holds(kind, x, word, prev, nxt, self.lexicon):
                tag = target
        return tag

    @staticmethod
    def _apply_contextual(rule: list[str], words: list[str], tags: list[str], i: int) -> None:
        """Apply one contextual rule at word ``i`` (whose tag is the rule's FROM)."""
        if len(rule) >= 4 and _context_holds(rule[2], rule[3], rule[4] if len(rule) > 4 else None, words, tags, i):
            tags[i] = rule[1]


def _context_holds(kind: str, a: str, b: str | None, words: list[str], tags: list[str], i: int) -> bool:
    n = len(tags)

    def t(j):
        return tags[j] if 0 <= j < n else "STAART"

    def w(j):
        return words[j] if 0 <= j < n else "STAART"

    if kind == "PREVTAG":
        return t(i - 1) == a
    if kind == "NEXTTAG":
        return t(i + 1) == a
    if kind == "SURROUNDTAG":
        return t(i - 1) == a and t(i + 1) == b
    if kind == "WDNEXTTAG":
        return w(i) == a and t(i + 1) == b
    if kind == "PREVWD":
        return w(i - 1) == a
    if kind == "CURWD":
        return w(i) == a
    if kind == "WDPREVTAG":
        return t(i - 1) == a and w(i) == b
    if kind == "RBIGRAM":
        return w(i) == a and w(i + 1) == b
    if kind == "PREVBIGRAM":
        return t(i - 2) == a and t(i - 1) == b
    if kind == "NEXTBIGRAM":
        return t(i + 1) == a and t(i + 2) == b
    if kind == "LBIGRAM":
        return w(i - 1) == a and w(i) == b
    if kind == "NEXTWD":
        return w(i + 1) == a
    if kind == "PREV1OR2WD":
        return a in (w(i - 1), w(i - 2))
    if kind == "NEXT1OR2WD":
        return a in (w(i + 1), w(i + 2))
    if kind == "PREV2TAG":
        return t(i - 2) == a
    if kind == "NEXT2TAG":
        return t(i + 2) == a
    if kind == "PREV1OR2TAG":
        return a in (t(i - 1), t(i - 2))
    if kind == "NEXT1OR2TAG":
        return a in (t(i + 1), t(i + 2))
    if kind == "PREV1OR2OR3TAG":
        return a in (t(i - 1), t(i - 2), t(i - 3))
    if kind == "NEXT1OR2OR3TAG":
        return a in (t(i + 1), t(i + 2), t(i + 3))
    if kind == "WDAND2BFR":
        return w(i - 2) == a and w(i) == b
    if kind == "WDAND2AFT":
        return w(i) == a and w(i + 2) == b
    if kind == "WDAND2TAGBFR":
        return t(i - 2) == a and w(i) == b
    if kind == "WDAND2TAGAFT":
        return w(i) == a and t(i + 2) == b
    return False


def _lexical_holds(kind: str, x: str, word: str, prev: str, nxt: str, lexicon) -> bool:
    if kind == "hassuf":
        return word.endswith(x)
    if kind == "haspref":
        return word.startswith(x)
    if kind == "deletesuf":
        return word.endswith(x) and word[: -len(x)] in lexicon
    if kind == "deletepref":
        return word.startswith(x) and word[len(x) :] in lexicon
    if kind == "addsuf":
        return word + x in lexicon
    if kind == "addpref":
        return x + word in lexicon
    if kind == "char":
        return x in word
    if kind == "goodleft":  # the word stands left of x
        return nxt == x
    if kind == "goodright":  # the word stands right of x
        return prev == x
    return False


def _read_lexicon(folder: str) -> dict[str, str]:
    lexicon: dict[str, str] = {}
    for line in _lines(os.path.join(folder, "lexicon.txt")):
        parts = line.split()
        if len(parts) >= 2:
            lexicon.setdefault(parts[0], parts[1])
    return lexicon


class _SqliteLexicon:
    """The lexicon as an SQLite table read word by word: a short draft asks
    for a few hundred words, and loading all 94,000 (as text or marshal)
    was most of the tagger's start-up."""

    def __init__(self, db, path: str):
        import threading

        self.path = path
        # A connection must cross neither a fork nor a thread (the language
        # server lints in background threads too): one per process and thread.
        self._dbs = {(os.getpid(), threading.get_ident()): db}
        self.memo: dict[str, str | None] = {}

    def _db(self):
        import sqlite3
        import threading

        key = (os.getpid(), threading.get_ident())
        db = self._dbs.get(key)
        if db is None:
            db = self._dbs[key] = sqlite3.connect(self.path, timeout=10)
        return db

    def get(self, word: str, default=None):
        if word not in self.memo:
            row = self._db().execute("SELECT tag FROM lex WHERE word = ?", (word,)).fetchone()
            if len(self.memo) >= 200_000:
                self.memo.clear()  # a long-lived process meets ever more words: memory stays flat
            self.memo[word] = row[0] if row else None
        value = self.memo[word]
        return default if value is None else value

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> str:
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value


def _lexicon(folder: str):
    """The lexicon from an SQLite file in the cache folder, built from the
    data file on first use (named for its size and time); the plain dict
    when no cache can be written."""
    from ..caches.digest import blake2b
    import sqlite3

    from ..caches.fsutil import open_sqlite
    from ..caches.words import cache_dir

    st = os.stat(os.path.join(folder, "lexicon.txt"))
    name = blake2b(f"{st.st_size}:{st.st_mtime_ns}".encode(), digest_size=8).hexdigest()
    path = os.path.join(cache_dir(), f"postag-{name}.sqlite")
    try:
        db = open_sqlite(path, "CREATE TABLE IF NOT EXISTS lex (word TEXT PRIMARY KEY, tag TEXT NOT NULL)", "lex")
        if db.execute("SELECT 1 FROM lex LIMIT 1").fetchone() is None:
            with db:
                db.executemany("INSERT OR IGNORE INTO lex VALUES (?, ?)", _read_lexicon(folder).items())
        return _SqliteLexicon(db, path)
    except (sqlite3.Error, OSError):
        return _read_lexicon(folder)


def _lines(path: str):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith(";;;"):
                yield line


@lru_cache(maxsize=1)
def tagger() -> Tagger:
    """The shared tagger (loaded on first use)."""
    return Tagger()


def tag_text(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with their tags."""
    toks = tokenize(text, start, end)
    t = tagger()
    words = [w for _, _, w in toks]
    tags = t.tag(words)
    return [Token(a, b, w, tag, t.lexicon.get(w) or t.lexicon.get(w.lower(), "")) for (a, b, w), tag in zip(toks, tags)]
