r"""duplicate: a paragraph or sentence that repeats an earlier one.

Paragraphs repeat when, after folding case, punctuation and whitespace, they
are equal or one is a truncated start of the other (a teaser ending in "…"
pasted above the full text).  Sentences repeat when equal after folding.
Short sentences (``min_words``) are left alone: "He declined." may recur.
Paragraphs and sentences are compared across the whole document (a
paragraph pasted under another heading is still a copy); headings with
headings.  A document with code samples is reference documentation and is
compared section by section, without near-duplicates; one that repeats
paragraphs under three or more other headings is templated (reference pages repeat a note under each heading on
purpose) and is then compared section by section; ``per_section: true``
always does so.  A paragraph that nearly repeats an earlier one (``near``: a
rapidfuzz similarity of 90 or more, a few words changed) is reported too.
Block quotes and pull quotes repeat the story by design and are left alone.
The message receives the repeated text's first words and the original's line.

Example::

    extends: duplicate
    message: "This repeats line %[2]s: delete one copy."
    level: error
    # input: The launch slipped to May. Engineers blamed the parts supplier for the delay. The launch slipped again. Engineers blamed the parts supplier for the delay!
    # expect: 1:105 This repeats line 1: delete one copy.
"""

from __future__ import annotations

from ..language.repeats import find_repeats, fold
from .base import Check, Finding, SpanIndex, v_bool, v_number


class Duplicate(Check):
    KEYS = {
        "min_words": v_number,
        "paragraph_min_words": v_number,
        "sentences": v_bool,
        "paragraphs": v_bool,
        "per_section": v_bool,
        "near": v_number,
    }
    DEFAULT_MESSAGE = "'%s' repeats line %s."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        self.min_words = int(options.get("min_words", 8))
        self.paragraph_min_words = int(options.get("paragraph_min_words", 4))
        self.sentences = options.get("sentences", True)
        self.paragraphs = options.get("paragraphs", True)
        #: Compare only within a section (documentation that repeats a
        #: paragraph under each heading on purpose); default: the whole document.
        self.per_section = options.get("per_section", False)
        #: Paragraphs this similar (0-100, rapidfuzz ratio of the folded
        #: text) but not equal are near-duplicates; 0 turns that off.
        self.near = float(options.get("near", 90))

    def run(self, doc, segments):
        prose = doc.prose
        flagged: list[tuple[int, int]] = []
        # Reference documentation (it has code samples) repeats a note under
        # each heading by design: there, compare section by section.
        reference = bool(doc.code_blocks) or bool(doc.code_spans and len(doc.code_spans) > 5)
        per_section = self.per_section or reference
        group = _section if per_section else _kind
        pulled = _pull_quotes(doc)
        if self.paragraphs:
            # Paragraph by paragraph, not a list of every paragraph's text (a
            # second copy of the prose, 7 MB of small strings on the 5 MB
            # benchmark file); the near-duplicate index needs them all.
            def texts():
                return ((s.start, s.end, prose[s.start : s.end], group(doc, s.start)) for s in segments)

            exact = _across_sections_once(doc, find_repeats(texts(), self.paragraph_min_words, self.min_words))
            for start, end, original in exact:
                if pulled.contains(start, end) or pulled.contains(original, original + 1):
                    continue  # a pull quote repeats the body by design
                flagged.append((start, end))
                yield self._finding(doc, start, end, original)
            if self.near and not reference:
                for start, end, original in _across_sections_once(doc, _near_duplicates(list(texts()), self.near, max(12, self.min_words))):
                    if pulled.contains(start, end) or pulled.contains(original, original + 1) or SpanIndex(flagged).contains(start, end):
                        continue
                    flagged.append((start, end))
                    yield self._finding(doc, start, end, original, near=True)
        if not self.sentences:
            return
        seen: dict[tuple, tuple[int, int]] = {}
        in_segments = SpanIndex(segments)
        in_flagged = SpanIndex(flagged)
        # A quotation is a sentence too: a quote repeated in narration is a repeat.
        units = sorted(set(doc.sentences) | set(doc.quotes))
        for a, b in units:
            if not in_segments.contains(a, b):
                continue
            if in_flagged.contains(a, b):
                continue  # inside a copy already reported: neither a repeat nor an original
            if pulled.contains(a, b):
                continue  # the pull quote, not the sentence it repeats
            key = (fold(prose[a:b]), group(doc, a))
            if len(key[0].split()) < self.min_words:
                continue
            if key in seen:
                oa, ob = seen[key]
                if oa < b and a < ob:
                    continue  # a quotation and the sentence around it: the same words, once
                yield self._finding(doc, a, b, oa)
            else:
                seen[key] = (a, b)

    def _finding(self, doc, start, end, original, near=False):  # noqa: D102
        line = doc.position(doc.src_offset(original))[0]
        words = doc.prose[start:end].split()
        preview = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
        if near:
            return Finding(start, end, (preview, line), message=f"'{preview}' nearly repeats line {line} (a few words differ): keep one version.")
        # An exact copy may simply go (``--fix`` with ``fix: true``).
        return Finding(start, end, (preview, line), ("",))


#: Cross-section repeats a document may have before it counts as templated
#: (the same note under every heading of a reference page, on purpose).
TEMPLATE_REPEATS = 3


def _across_sections_once(doc, repeats):
    """Repeats, less the cross-section ones of a templated document: one
    paragraph pasted under another heading is a slip; the same boilerplate
    under heading after heading is the page's design."""
    def section(p):
        block = doc.block_at(p)
        return doc.section_of(block) if block is not None else None

    across = [r for r in repeats if section(r[0]) != section(r[2])]
    if len(across) < TEMPLATE_REPEATS:
        return repeats
    return [r for r in repeats if section(r[0]) == section(r[2])]


def _kind(doc, p):
    block = doc.block_at(p)
    return doc.kind_of(block) if block is not None else None


def _pull_quotes(doc) -> SpanIndex:
    """Block quotes and pull quotes (a block set off by an attribution line):
    layouts repeat a sentence of the story there on purpose."""
    whole = {(b.start, b.end) for b in doc.blocks}
    spans = [(b.start, b.end) for b in doc.blocks if "blockquote" in b.scopes]
    spans += [q for q in doc.quotes if q in whole]
    return SpanIndex(sorted(set(spans)))


def _near_duplicates(texts, threshold: float, min_words: int):
    """``(start, end, original start)`` for paragraphs that nearly repeat an
    earlier one: candidates share word 4-grams (an index, not all pairs),
    then rapidfuzz's ratio of the folded texts decides."""
    fuzz = None  # imported when a pair needs it (below)
    index: dict[int, list[int]] = {}
    folded = []
    out = []
    for i, item in enumerate(texts):
        start, end, text, group = item
        f = fold(text)
        words = f.split()
        folded.append((f, group))
        if len(words) < min_words:
            continue
        grams = {hash(tuple(words[k : k + 4])) for k in range(len(words) - 3)}
        votes: dict[int, int] = {}
        for g in grams:
            for j in index.get(g, ()):
                votes[j] = votes.get(j, 0) + 1
        for j, v in sorted(votes.items(), key=lambda kv: -kv[1])[:5]:
            g2, group2 = folded[j]
            if group2 != group or g2 == f or v < len(grams) * 0.3:
                continue
            # The ratio is at most 200 * shorter / (both lengths): the
            # longer text's extra characters are edits whatever else
            # matches.  Below the threshold, rapidfuzz need not be asked
            # (nor imported: 10 ms of a one-page draft's start-up).
            if 200 * min(len(f), len(g2)) < (threshold - 1e-9) * (len(f) + len(g2)):
                continue
            if fuzz is None:
                from rapidfuzz import fuzz
            if fuzz.ratio(f, g2) >= threshold:
                out.append((start, end, texts[j][0]))
                break
        for g in grams:
            bucket = index.setdefault(g, [])
            if len(bucket) < 50:  # boilerplate shared by many paragraphs: no signal, bounded work
                bucket.append(i)
    return out


def _section(doc, p):
    block = doc.block_at(p)
    return doc.section_of(block) if block is not None else None
