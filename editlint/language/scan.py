"""Per-character scans of a document's prose, compiled or in Python.

The compiled core (the ``editlint_native`` extension, built from
``native/`` with Rust) does the work that is a Python loop per character or
per word: where words start, quotations, runs of repeated words, the
candidate positions of word-list phrases and which literals a text holds
(its Markdown parser is used by :mod:`editlint.markdown_rs`).  Each function
here is the definition of its result: the pure-Python code below is what
runs without the extension (and for prose shorter than
:data:`NATIVE_MIN_CHARS`), and the tests compare the two on real prose, on
generated text and over all of Unicode (``tests/test_native.py``).

``EDITLINT_NATIVE=0`` in the environment runs the pure-Python code even
when the extension is installed (to compare, or to rule it out).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from functools import lru_cache

#: The compiled core's interface this code calls (``ABI`` in
#: ``native/src/lib.rs``): raised with every function added or changed there,
#: so a core built from older sources is left unused, not half used.
ABI = 8

#: Why the installed core is not used, when it is not (``--version`` says).
unused_because = ""


def _load():
    global unused_because
    if os.environ.get("EDITLINT_NATIVE", "").strip().lower() in ("0", "no", "false", "off"):
        return None
    try:
        import editlint_native
    except ImportError:
        return None
    if getattr(editlint_native, "ABI", 1) != ABI:
        unused_because = "the installed compiled core was built from other sources: rebuild it with 'make setup'"
        return None
    return editlint_native


_native = _load()


#: Until a process has linted this many characters of prose the Python
#: code runs: the compiled core's set-up (building automata once, copying
#: each text) costs more than it saves on a one-page draft, and pays for
#: itself on a long file or a tree.  Same results either way.
NATIVE_MIN_CHARS = 20_000
_prose_seen = 0


def _use_native(doc) -> bool:
    if _native is None:
        return False
    owner = doc.__dict__.get("_structure_of") or doc  # a masked view goes with its document
    use = owner.__dict__.get("_native_use")
    if use is None:
        global _prose_seen
        _prose_seen += len(owner.prose)
        use = owner.__dict__["_native_use"] = _prose_seen >= NATIVE_MIN_CHARS
    return use


def engaged() -> bool:
    """Whether the compiled core runs for whatever comes next: it is loaded
    and this process has linted :data:`NATIVE_MIN_CHARS` of prose (the
    regex engine asks this; it has no document to ask about)."""
    return _native is not None and _prose_seen >= NATIVE_MIN_CHARS


def note_document(doc) -> None:
    """Count ``doc``'s prose towards :data:`NATIVE_MIN_CHARS` (the engine
    calls this for every document it lints)."""
    if _native is not None:
        _use_native(doc)


def backend() -> str:
    """``"native"`` when the compiled core is loaded (and used for long
    prose), else ``"python"``."""
    return "native" if _native is not None else "python"


def prose_handle(doc, lower: bool = False):
    """The compiled core's copy of ``doc.prose`` (or ``doc.prose_lower``),
    made once per text: every scan of one document shares it."""
    text = doc.prose_lower if lower else doc.prose
    key = "_native_lower" if lower else "_native_prose"
    cached = doc.__dict__.get(key)
    if cached is None or cached[0] is not text:  # a copied document with new prose
        # The str's own characters, not a copy (see native/src/lib.rs, Text).
        cached = doc.__dict__[key] = (text, _native.Prose.of(text))
    return cached[1]


def readability_word_counts(doc, spans: list[tuple[int, int]]) -> list[int]:
    """How many words :func:`editlint.language.readability.words` finds in
    ``doc.prose[a:b]`` for each span (the definition, below), compiled when
    it can be."""
    if _use_native(doc):
        return prose_handle(doc).readability_word_counts(spans)
    from .readability import words

    prose = doc.prose
    return [len(words(prose[a:b])) for a, b in spans]


# -- where words start ---------------------------------------------------------

_WORD_START = re.compile(r"\b\w{1,3}")


def word_count(doc) -> int:
    """How many words start in ``doc.prose`` (a masked view: in its
    document's), as many as :func:`word_index` holds positions."""
    owner = doc.__dict__.get("_structure_of") or doc
    if "word_index" in owner.__dict__:
        return sum(len(v) for v in owner.word_index.values())
    if _use_native(owner):
        return prose_handle(owner).word_count()
    return len(_WORD_START.findall(owner.prose))


def word_index(doc, lo: int = 0, hi: int | None = None) -> dict[str, list[int]]:
    """Where words start in ``doc.prose[lo:hi]``, by their first three
    characters in lower case (``\\b\\w{1,3}`` scanned from ``lo``); keys in
    the order they first occur."""
    prose = doc.prose
    hi = len(prose) if hi is None else hi
    if _use_native(doc):
        return prose_handle(doc).word_index(lo, hi)
    index: dict[str, list[int]] = {}
    for m in _WORD_START.finditer(prose, lo):
        if m.start() >= hi:
            break
        key = m.group().lower()
        bucket = index.get(key)
        if bucket is None:
            index[key] = [m.start()]
        else:
            bucket.append(m.start())
    return index


# -- folded words ---------------------------------------------------------------


def fold_words(text: str) -> str:
    """The runs of letters and digits (``[\\p{L}\\p{N}]+``) in ``text``, one
    space apart (how blocks are compared for repeats).  Compiled whenever
    the core is loaded: there is nothing to set up."""
    if _native is not None:
        try:
            return _native.fold_words(text)
        except UnicodeEncodeError:
            pass  # a lone surrogate: the crate reads UTF-8 only
    return " ".join(_alnum_runs().findall(text))


@lru_cache(maxsize=1)
def _alnum_runs():
    from ..caches import regexes

    return regexes.compile(r"[\p{L}\p{N}]+")


# -- equal neighbours ------------------------------------------------------------


def equal_neighbour_runs(doc) -> list[tuple[int, int]]:
    """Runs of two or more equal tokens of non-white-space (the ``regex``
    module's ``\\S``) side by side on one line (``the the``): ``(start of
    the first, end of the last)``."""
    if _use_native(doc):
        return prose_handle(doc).equal_neighbour_runs()
    return [m.span() for m in _adjacent_run().finditer(doc.prose)]


@lru_cache(maxsize=1)
def _adjacent_run():
    import regex

    from ..caches import regexes

    return regexes.compile(r"(?<!\S)(\S+)(?:[^\S\n]+\1(?!\S))+", regex.V0)


# -- quotations ----------------------------------------------------------------

_QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»", "„": "“"}
_SINGLE_OPEN = ("‘", "'")


def find_quotes_in(doc, start: int, end: int) -> list[tuple[int, int]]:
    """:func:`find_quotes` over ``doc.prose``, compiled when it can be."""
    if _use_native(doc):
        return prose_handle(doc).quotes(start, end)
    return find_quotes(doc.prose, start, end)


def find_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans inside quotation marks in ``text[start:end]``.

    Double quotes (straight or curly) and single quotes (British style:
    ‘...’ or '...') count.  A single mark counts as opening only before a
    letter and after a space or bracket, and as closing only before a
    non-letter, so apostrophes ("don't", "the 1990s'") are not quotes.  A
    double quotation left open runs to the end of the block, as in a
    multi-paragraph quote.
    """
    out = []
    i = start
    # A paragraph that closes a quotation it never opened continues a quote
    # from an earlier paragraph: it is quoted from its start.
    first_close = text.find("”", start, end)
    first_open = text.find("“", start, end)
    if first_close >= 0 and (first_open < 0 or first_close < first_open):
        if first_close > start:
            out.append((start, first_close))
        i = first_close + 1
    while i < end:
        c = text[i]
        if c in _QUOTE_PAIRS:
            close = _QUOTE_PAIRS[c]
            j = text.find(close, i + 1, end)
            if c == '"' and j < 0 and text[i - 1 : i].isalnum():
                i += 1  # a stray inch mark, not an opening quote
                continue
            j = end if j < 0 else j
            if j > i + 1:
                out.append((i + 1, j))
            i = j + 1
        elif c in _SINGLE_OPEN and _opens(text, i, start, end):
            j = _single_close(text, i + 1, end)
            if j is None:
                i += 1
                continue
            out.append((i + 1, j))
            i = j + 1
        else:
            i += 1
    return out


def _opens(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    return (before.isspace() or before in "([{“—–-") and after.isalpha()


def _single_close(text: str, i: int, end: int) -> int | None:
    """Offset of the closing single quote for a quote opened before ``i``."""
    while i < end:
        c = text[i]
        if c in "’'":
            after = text[i + 1] if i + 1 < end else " "
            before = text[i - 1]
            if not after.isalpha() and not before.isspace():
                # "the students' books": a plural possessive, not the end of a quote
                if not (before == "s" and after == " " and i + 2 < end and text[i + 2].islower()):
                    return i
        elif c in "\n":
            return None
        i += 1
    return None


# -- word-list phrases ---------------------------------------------------------


class PhraseHeads:
    """Where a word list's phrases may start: the literal head of each
    phrase, tried only where a word with the head's first three characters
    begins.

    ``entries`` are ``(alternative, head, key)``: ``head`` as it must appear
    in the compared text (lower case when the list ignores case) and ``key``
    the first three characters of its first word, lower case.
    """

    def __init__(self, entries: list[tuple[int, str, str]]):
        self.entries = entries
        self._tables: dict[str, tuple[list[int], dict[str, list[tuple[int, str]]]]] | None = None
        self._compiled = None

    @property
    def tables(self) -> dict[str, tuple[list[int], dict[str, list[tuple[int, str]]]]]:
        """The pure-Python lookup: by key, then by the head's first few
        characters (one slice and one lookup per length instead of a
        comparison per phrase).  Built on first use: with the compiled core
        it is never needed, and building it cost every run's start-up."""
        if self._tables is None:
            by_key: dict[str, list[tuple[int, str]]] = {}
            for i, head, key in self.entries:
                by_key.setdefault(key, []).append((i, head))
            tables = {}
            for key, heads in by_key.items():
                lengths = sorted({min(len(h), 8) for _, h in heads})
                table: dict[str, list[tuple[int, str]]] = {}
                for i, h in heads:
                    table.setdefault(h[: min(len(h), 8)], []).append((i, h))
                tables[key] = (lengths, table)
            self._tables = tables
        return self._tables

    def candidates(self, doc, lo: int, hi: int, fold: bool) -> list[tuple[int, int]]:
        """Sorted ``(position, alternative)`` pairs in ``[lo, hi)`` where a
        head starts at a word start whose key is the head's.  Word starts are
        the document's (a masked view's are its original's); heads are
        compared with ``doc.prose_lower`` when ``fold``, else ``doc.prose``."""
        owner = doc.__dict__.get("_structure_of") or doc
        if _use_native(owner):
            if self._compiled is None:
                self._compiled = _native.PhraseHeads(self.entries)
            masked = doc.__dict__.get("_masked_spans")
            if owner is doc or (fold and "\u03a3" in owner.prose):
                # (Lower-casing Σ depends on its neighbours, masked or not:
                # such a view is compared as it is.)
                return self._compiled.candidates(prose_handle(owner), prose_handle(doc, lower=fold), lo, hi)
            # A masked view is its document with spans blanked: the
            # document's heads, less those that overlap a blanked span.
            return self._compiled.candidates(prose_handle(owner), prose_handle(owner, lower=fold), lo, hi, masked or [])
        words = owner.word_index_for(lo, hi)
        text = doc.prose_lower if fold else doc.prose
        whole = lo <= 0 and hi >= len(doc.prose)
        found = set()
        for key, (lengths, table) in self.tables.items():
            positions = words.get(key)
            if not positions:
                continue
            if not whole:
                positions = positions[bisect_left(positions, lo) : bisect_left(positions, hi)]
            for p in positions:
                for n in lengths:
                    for i, head in table.get(text[p : p + n], ()):
                        if text.startswith(head, p):
                            found.add((p, i))
        return sorted(found)

    def __getstate__(self):
        return {"entries": self.entries}

    def __setstate__(self, state):
        self.__init__(state["entries"])


# -- literal sets --------------------------------------------------------------


class _LiteralPool:
    """Every literal of every :class:`LiteralSet`, looked for in one pass
    per document (a style has a literal set per word list and alternation;
    one automaton over all of them reads the prose once, not once per set)."""

    def __init__(self):
        self.literals: list[str] = []
        self.ids: dict[str, int] = {}
        self._compiled = None

    def add(self, literals: list[str]) -> list[int]:
        out = []
        for lit in literals:
            k = self.ids.get(lit)
            if k is None:
                k = self.ids[lit] = len(self.literals)
                self.literals.append(lit)
                self._compiled = None
            out.append(k)
        return out

    def present(self, doc, lower: bool) -> frozenset[int]:
        """Pool indices of the literals in ``doc``'s prose (lower-cased when ``lower``)."""
        key = (len(self.literals), lower)
        cache = doc.__dict__.setdefault("_native_pool_present", {})  # per process: not pickled
        found = cache.get(key)
        if found is None:
            if self._compiled is None:
                self._compiled = _native.LiteralSet(self.literals)
            found = cache[key] = frozenset(self._compiled.present(prose_handle(doc, lower=lower)))
        return found


_pool = _LiteralPool()


class LiteralSet:
    """Which of some literal strings a text contains (one Aho-Corasick pass
    over each document for all sets in the compiled core; a substring search
    per literal without it)."""

    def __init__(self, literals: list[str]):
        self.literals = list(literals)
        self._ids = _pool.add(self.literals) if _native is not None else None

    def present(self, doc, lower: bool = False) -> list[int]:
        """Indices of the literals found in ``doc.prose`` (``doc.prose_lower``
        when ``lower``), in order."""
        if self.literals and self._ids is not None and _use_native(doc):
            found = _pool.present(doc, lower)
            return [i for i, k in enumerate(self._ids) if k in found]
        text = doc.prose_lower if lower else doc.prose
        return [i for i, lit in enumerate(self.literals) if lit in text]

    def __getstate__(self):
        return {"literals": self.literals}

    def __setstate__(self, state):
        self.__init__(state["literals"])
