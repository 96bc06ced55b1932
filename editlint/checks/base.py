r"""What every rule type shares: key validation, pattern building, findings.

A rule *type* is a :class:`Check` subclass in its own module.  It declares the
YAML keys it accepts (``KEYS``), which of them are required, and its default
scope, and implements :meth:`Check.run`.  The engine does everything else:
it resolves scopes, stamps the rule id, level, link and message, maps spans
to lines and columns and applies disable comments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from ..document import Document

#: Seconds one regex may spend on one scan before the rule is abandoned for
#: that document (guards against catastrophic backtracking), plus a budget
#: per character: honest scans grow linearly with the text, catastrophic ones
#: exponentially, so a linear allowance still catches them.
MATCH_TIMEOUT = 2.0
SECONDS_PER_CHAR = 0.5e-6


def scan_timeout(chars: int) -> float:
    """Time allowed for one regex scan over ``chars`` characters."""
    return MATCH_TIMEOUT + chars * SECONDS_PER_CHAR

#: Vale wraps word tokens like this; ``nonword: true`` drops the boundaries.
WORD_TEMPLATE = r"\b(?:{})\b"


class RuleValueError(ValueError):
    """A key's value is wrong; the loader adds path and line."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key
        self.message = message


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by a check, in prose offsets.

    ``args`` fill the rule's message template (``%s``); ``message`` replaces
    the template outright when a check composes its own text.  ``source``
    marks offsets that are already source offsets (document-level findings).
    """

    start: int
    end: int
    args: tuple = ()
    suggestions: tuple[str, ...] = ()
    message: str | None = None
    source: bool = False


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of prose a rule looks at: ``doc.prose[start:end]``.

    ``whole`` marks the single segment of the ``document`` (or ``raw``) scope.
    """

    start: int
    end: int
    whole: bool = False


# -- key validators -----------------------------------------------------------


def v_str(key, value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise RuleValueError(key, f"'{key}' must be a string")
    return value


def v_bool(key, value):
    if not isinstance(value, bool):
        raise RuleValueError(key, f"'{key}' must be true or false")
    return value


def v_number(key, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RuleValueError(key, f"'{key}' must be a number")
    return value


def v_str_list(key, value):
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise RuleValueError(key, f"'{key}' must be a list of strings")
    out = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise RuleValueError(key, f"'{key}' must be a list of strings")
        out.append(str(item))
    return out


def v_str_map(key, value):
    if value is None:
        return {}
    if isinstance(value, list):  # Vale accepts a list of one-entry maps too
        merged: dict = {}
        for item in value:
            if not isinstance(item, dict):
                raise RuleValueError(key, f"'{key}' must map strings to strings")
            merged.update(item)
        value = merged
    if not isinstance(value, dict):
        raise RuleValueError(key, f"'{key}' must map strings to strings")
    out = {}
    for k, v in value.items():
        if v is None or isinstance(v, bool):
            v = "" if v is None else str(v).lower()
        out[str(k)] = str(v)
    return out


def v_any(key, value):
    return value


def compile_pattern(key: str, pattern: str, flags: int = 0) -> regex.Pattern:
    """Compile a rule's regex (Vale's RE2 dialect is a subset of ``regex``'s)."""
    try:
        return regex.compile(pattern, flags | regex.VERSION0)
    except regex.error as e:
        raise RuleValueError(key, f"'{key}': regex does not compile: {e} in {pattern!r}") from None
    except (RecursionError, OverflowError):
        raise RuleValueError(key, f"'{key}': regex is too large") from None


def word_pattern(tokens: Iterable[str], *, nonword: bool = False) -> str:
    """Join tokens into one alternation, wrapped in word boundaries unless ``nonword``."""
    body = "|".join(t for t in tokens)
    return f"(?:{body})" if nonword else WORD_TEMPLATE.format(body)


def exception_matcher(key: str, exceptions: list[str], ignorecase: bool) -> Callable[[str], bool]:
    """A predicate: does a matched text equal one of the exceptions?"""
    if not exceptions:
        return lambda s: False
    pat = compile_pattern(key, "(?:" + "|".join(exceptions) + ")", regex.I if ignorecase else 0)
    return lambda s: pat.fullmatch(s.strip()) is not None


# -- word-list prefilter ----------------------------------------------------------

_LITERAL = regex.compile(r"(?<![\\\[])[A-Za-z]{3,}(?![?*{A-Za-z])")


def required_literals(alternative: str) -> list[str]:
    """Literal runs of letters that any match of ``alternative`` must contain.

    Only the top level of the pattern counts (not inside groups or classes),
    and a run followed by a quantifier is left out; an alternative with
    anything unusual yields no literals and is always tried.
    """
    if "|" in alternative.replace("\\|", "") and "(" not in alternative:
        return []
    depth = 0
    top = []
    i = 0
    while i < len(alternative):
        c = alternative[i]
        if c == "\\":
            top.append("  ")
            i += 2
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
            top.append(" ")
            i += 1
            continue
        top.append(c if depth == 0 else " ")
        i += 1
    flat = "".join(top)
    return [m.group() for m in _LITERAL.finditer(flat)]


class WordListFilter:
    """Per document, the alternatives of a word list that can possibly match.

    Checking a few hundred literals with substring search is far cheaper than
    trying a few hundred regex alternatives at every word boundary; the few
    alternatives that survive are then run one by one.
    """

    def __init__(self, alternatives: list[str], compile_one, ignorecase: bool):
        self.literals = [[lit.lower() for lit in required_literals(a)] if ignorecase else required_literals(a) for a in alternatives]
        self.compile_one = compile_one
        self.ignorecase = ignorecase
        self.compiled: dict[int, regex.Pattern] = {}

    def candidates(self, doc: Document) -> list[int] | None:
        """Indices of alternatives that may match, or None when all may."""
        text = doc.prose
        if self.ignorecase:
            lowered = doc.__dict__.get("_prose_lower")
            if lowered is None:
                lowered = doc.__dict__["_prose_lower"] = text.lower()
            text = lowered
        keep = [i for i, lits in enumerate(self.literals) if all(lit in text for lit in lits)]
        return None if len(keep) > len(self.literals) // 4 else keep

    def matches(self, doc: Document, segments: list[Segment], keep: list[int]):
        """Leftmost, non-overlapping matches of the kept alternatives (as one
        alternation would give), in prose order."""
        found = []
        for i in keep:
            if i not in self.compiled:
                self.compiled[i] = self.compile_one(i)
            for base, m in iter_matches(self.compiled[i], doc, segments):
                found.append((base + m.start(), i, base, m))
        found.sort(key=lambda f: (f[0], f[1]))
        last_end = -1
        for start, _, base, m in found:
            if start >= last_end:
                last_end = base + m.end()
                yield base, m


# -- the interface ----------------------------------------------------------------


class Check:
    """Base class of every rule type.

    Subclasses set ``KEYS`` (key -> validator), ``REQUIRED`` and
    ``DEFAULT_SCOPE``; ``__init__`` receives the validated options and should
    compile everything it needs so that :meth:`run` does no set-up work.
    """

    KEYS: ClassVar[dict[str, Callable[[str, Any], Any]]] = {}
    REQUIRED: ClassVar[tuple[str, ...]] = ()
    DEFAULT_SCOPE: ClassVar[tuple[str, ...]] = ("text",)
    #: Findings are per document and skip scope filtering (e.g. metric on document).
    DEFAULT_MESSAGE: ClassVar[str] = "%s"

    def __init__(self, options: dict[str, Any], *, vocab_accept: tuple[str, ...] = (), styles_paths: tuple[str, ...] = ()):
        self.options = options
        self.vocab_accept = vocab_accept
        #: Folders searched for styles; rule types that read files (spelling) resolve names there.
        self.styles_paths = styles_paths

    def run(self, doc: Document, segments: list[Segment]) -> Iterator[Finding]:
        """Yield findings for ``doc`` within ``segments`` (the rule's scope)."""
        raise NotImplementedError


class SpanIndex:
    """Answers "is [a, b) inside one of these spans?" in O(log n)."""

    def __init__(self, spans):
        merged: list[list[int]] = []
        for a, b in sorted((s.start, s.end) if isinstance(s, Segment) else s for s in spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [m[0] for m in merged]
        self.spans = merged

    def contains(self, a: int, b: int) -> bool:
        i = bisect_right(self.starts, a) - 1
        return i >= 0 and b <= self.spans[i][1]

    def overlapping(self, a: int, b: int) -> list[tuple[int, int]]:
        """Merged spans that share some of ``[a, b)``, in order."""
        i = max(bisect_right(self.starts, a) - 1, 0)
        out = []
        while i < len(self.spans) and self.spans[i][0] < b:
            if self.spans[i][1] > a:
                out.append((self.spans[i][0], self.spans[i][1]))
            i += 1
        return out

    def span_of(self, a: int, b: int) -> tuple[int, int] | None:
        """The merged span holding ``[a, b)``, if one does."""
        i = bisect_right(self.starts, a) - 1
        if i >= 0 and b <= self.spans[i][1]:
            return self.spans[i][0], self.spans[i][1]
        return None


def iter_matches(pattern: regex.Pattern, doc: Document, segments: list[Segment]):
    """Matches of ``pattern`` within the segments, as ``(0, match)`` in prose offsets.

    One scan of the whole prose (blocks are separated by blank lines, so
    ``^``/``$`` in multi-line mode still see block edges), keeping matches
    that lie inside a segment; segments that overlap (sentences inside
    blocks) are scanned on their own.  Raises ``TimeoutError`` when a scan
    takes longer than ``MATCH_TIMEOUT``.
    """
    prose = doc.prose
    if not segments:
        return
    ordered = sorted((s.start, s.end) for s in segments)
    disjoint = all(a[1] <= b[0] for a, b in zip(ordered, ordered[1:]))
    if not disjoint or len(segments) < 8:
        for seg in segments:
            text = prose[seg.start : seg.end]
            for m in pattern.finditer(text, timeout=scan_timeout(len(text))):
                yield seg.start, m
        return
    index = SpanIndex(ordered)
    lo, hi = ordered[0][0], ordered[-1][1]
    covered = lo  # prose before this was rescanned span by span
    for m in pattern.finditer(prose, lo, hi, timeout=scan_timeout(hi - lo)):
        a, b = trimmed(prose, m.start(), m.end())
        span = index.span_of(a, max(b, a + 1))
        if span is not None and m.start() >= span[0]:
            if m.start() >= covered:
                yield 0, m
            continue
        # The match ran across a block edge ("[^,]+," from the paragraph
        # before, or "\s" taking the blank line).  A per-block scan (Vale's)
        # would match differently: scan the blocks it touches on their own.
        for s0, s1 in index.overlapping(max(m.start(), covered), m.end()):
            if s1 <= covered:
                continue
            start = max(s0, covered)
            yield from ((0, m2) for m2 in pattern.finditer(prose, start, s1, timeout=scan_timeout(s1 - start)))
            covered = s1


def trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """``[a, b)`` without leading and trailing whitespace (Vale trims matches too)."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
