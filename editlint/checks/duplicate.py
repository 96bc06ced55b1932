r"""duplicate: a paragraph or sentence that repeats an earlier one.

Paragraphs repeat when, after folding case, punctuation and whitespace, they
are equal or one is a truncated start of the other (a teaser ending in "…"
pasted above the full text).  Sentences repeat when equal after folding.
Short sentences (``min_words``) are left alone: "He declined." may recur.
Paragraphs and sentences are compared within their section (between
headings), since reference documentation repeats boilerplate under each
heading on purpose; headings are compared across the document.
The message receives the repeated text's first words and the original's line.

Example::

    extends: duplicate
    message: "This repeats line %[2]s: delete one copy."
    level: error
    # input: The launch slipped to May. Engineers blamed the parts supplier for the delay. The launch slipped again. Engineers blamed the parts supplier for the delay!
    # expect: 1:105 This repeats line 1: delete one copy.
"""

from __future__ import annotations

import regex

from ..repeats import find_repeats, fold
from .base import Check, Finding, SpanIndex, v_bool, v_number


class Duplicate(Check):
    KEYS = {
        "min_words": v_number,
        "paragraph_min_words": v_number,
        "sentences": v_bool,
        "paragraphs": v_bool,
    }
    DEFAULT_MESSAGE = "'%s' repeats line %s."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        self.min_words = int(options.get("min_words", 8))
        self.paragraph_min_words = int(options.get("paragraph_min_words", 4))
        self.sentences = options.get("sentences", True)
        self.paragraphs = options.get("paragraphs", True)

    def run(self, doc, segments):
        prose = doc.prose
        flagged: list[tuple[int, int]] = []
        if self.paragraphs:
            texts = [(s.start, s.end, prose[s.start : s.end], _section(doc, s.start)) for s in segments]
            for start, end, original in find_repeats(texts, self.paragraph_min_words, self.min_words):
                flagged.append((start, end))
                yield self._finding(doc, start, end, original)
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
            key = (fold(prose[a:b]), _section(doc, a))
            if len(key[0].split()) < self.min_words:
                continue
            if key in seen:
                oa, ob = seen[key]
                if oa < b and a < ob:
                    continue  # a quotation and the sentence around it: the same words, once
                yield self._finding(doc, a, b, oa)
            else:
                seen[key] = (a, b)

    @staticmethod
    def _finding(doc, start, end, original):  # noqa: D102
        line = doc.position(doc.src_offset(original))[0]
        words = doc.prose[start:end].split()
        preview = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
        return Finding(start, end, (preview, line))


def _section(doc, p):
    block = doc.block_at(p)
    return doc.section_of(block) if block is not None else None
