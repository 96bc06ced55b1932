r"""unattributed: a claim nobody is quoted as making.

A sentence with a claim marker (``markers``: weasel phrases like "many
people", "experts say"; evaluative assertions like "X is right that";
unhedged predictions) is flagged unless it, or a sentence next to it (in
the same paragraph, or across the break when the claim is a one-sentence
paragraph, as news is written), carries attribution: a quotation, a link, a footnote, or a
match of ``attribution`` (by default "said", "according to", "told",
"reported"... ).  Both lists are regexes in YAML so a newsroom can tune them.
The message receives the marker text.

Example::

    extends: unattributed
    message: "Who says '%s'? Name the source or cut the claim."
    level: warning
    markers:
      - many people
      - experts (?:say|believe)
    # input: Many people distrust the plan. It is too costly. Experts say it will fail, the ministry said.
    # expect: 1:1 Who says 'Many people'? Name the source or cut the claim.
"""

from __future__ import annotations

import regex

from ..caches import regexes
from .base import (
    MATCH_TIMEOUT,
    AnchoredWordList,
    Check,
    Finding,
    RuleValueError,
    Segments,
    compile_pattern,
    derived,
    iter_matches,
    segment_index,
    shared_segments,
    v_bool,
    v_str_list,
)

_SPEECH = r"(?:added|adds|noted|notes|argued|argues|claimed|claims|explained|explains|estimated|estimates|insisted|insists|warned|warns|predicted|predicts|acknowledged|acknowledges)"
DEFAULT_ATTRIBUTION = [
    r"\b(?:said|says|saying|told|tells|according to|stated|stating|wrote|writes|reported|announced|confirmed|testified|tweeted|posted)\b",
    # Verbs that are often not about speech ("which adds 25 minutes") count
    # only with a speaker before them or "that" after them.
    rf"(?:\b(?:he|she|they|it|we|who)|\b(?-i:\p{{Lu}})[\p{{L}}-]+)\s+(?:also\s+)?{_SPEECH}\b|\b{_SPEECH}\s+that\b",
    r"\b(?:in a statement|in an interview|in a (?:blog )?post|in a letter|in a report|a (?:study|survey|report|poll) (?:by|from|in|published)|data from|figures from|cited|citing|quoted)\b",
]
#: A quotation of this many words is someone's words; "scare quotes" are not.
QUOTATION_WORDS = 4
_FOOTNOTE = regexes.compile(r"\[\^?\d+\]|\[\^[\w-]+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]")


class Unattributed(Check):
    KEYS = {"markers": v_str_list, "attribution": v_str_list, "ignorecase": v_bool, "neighbours": v_bool}
    REQUIRED = ("markers",)
    DEFAULT_SCOPE = ("text", "~quote")
    DEFAULT_MESSAGE = "Unattributed claim: '%s'."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        if not options["markers"]:
            raise RuleValueError("markers", "'markers' is empty")
        flags = regex.I if options.get("ignorecase", True) else 0
        self.markers = compile_pattern("markers", "|".join(f"(?:{m})" for m in options["markers"]), flags)
        # Markers that begin "\b<words>" are looked up from the words that start them.
        self.words = AnchoredWordList(options["markers"], flags, bounded=False) if AnchoredWordList.usable(options["markers"]) else None
        attribution = options.get("attribution") or DEFAULT_ATTRIBUTION
        self.attribution = compile_pattern("attribution", "|".join(f"(?:{a})" for a in attribution), regex.I)
        self.neighbours = options.get("neighbours", True)

    def run(self, doc, segments):
        from bisect import bisect_right

        sentences, starts, spans = derived(segments, ("sentences", id(doc)), lambda: _sentences_in(doc, segments))
        if not sentences:
            return
        # One scan for markers, each handed to its sentence.
        markers: list[list] = [[] for _ in sentences]
        found_markers = self.words.matches(doc, spans) if self.words is not None else iter_matches(self.markers, doc, spans)
        for base, m in found_markers:
            ma, mb = base + m.start(), base + m.end()
            i = bisect_right(starts, ma) - 1
            if i >= 0 and mb <= sentences[i][1]:
                markers[i].append((ma, mb, m.group()))
        cache: dict[int, bool] = {}

        def attributed(i: int) -> bool:
            # Only sentences with markers and their neighbours are ever asked.
            if i not in cache:
                a, b = sentences[i]
                cache[i] = self._attributed(doc, a, b, markers[i])
            return cache[i]

        blocks: dict[int, object] = {}

        def block(i: int):
            if i not in blocks:
                blocks[i] = doc.block_at(sentences[i][0])
            return blocks[i]

        def alone(i: int) -> bool:
            b = block(i)
            return not any(0 <= j < len(sentences) and block(j) is b for j in (i - 1, i + 1))

        for i, found in enumerate(markers):
            if not found or attributed(i):
                continue
            if self.neighbours and any(
                0 <= j < len(sentences) and attributed(j) and (block(i) is block(j) or alone(i))
                for j in (i - 1, i + 1)
            ):
                continue
            for ma, mb, text in found:
                if mb > ma:
                    yield Finding(ma, mb, (text,))

    def _attributed(self, doc, a, b, markers) -> bool:
        text = doc.prose[a:b]
        # "experts say" must not attribute itself: blank the markers out first.
        for ma, mb, _ in reversed(markers):
            text = text[: ma - a] + " " * (mb - ma) + text[mb - a :]
        if _FOOTNOTE.search(text):
            return True
        if any(_words_in_source(doc, qa, qb) >= QUOTATION_WORDS for qa, qb in _overlapping(doc.quotes, a, b)):
            return True
        if _overlapping(doc.links, a, b):
            return True
        return self.attribution.search(text, timeout=MATCH_TIMEOUT) is not None


def _words_in_source(doc, a, b) -> int:
    # The source, not the prose: a rule's view may have quotations blanked out.
    sa, sb = doc.src_span(a, b)
    return len(doc.source[sa:sb].split())


def _overlapping(spans, a, b):
    """Sorted spans that overlap [a, b)."""
    from bisect import bisect_left

    i = max(0, bisect_left(spans, (a, a)) - 1)
    out = []
    while i < len(spans) and spans[i][0] < b:
        if spans[i][1] > a:
            out.append(spans[i])
        i += 1
    return out


def _sentences_in(doc, segments):
    """The sentences inside the segments, their starts, and them as segments
    (shared: every rule of this type with the same scope asks the same)."""
    index = segment_index(segments)
    sentences = index.keep(doc.sentences)
    return sentences, [a for a, _ in sentences], Segments(shared_segments(doc, sentences))
