r"""existence: flag any of a list of words or patterns.

editlint adds ``max_matches``: when the rule matches more often than that
in one document, the words are the document's voice (a first-person column,
say) and the rule stays silent for it; ``max_density`` does the same above
that many matches per 1,000 words (in documents of 250 words or more).  ``skip_names: true`` leaves out matches
that are part of a capitalised name ("Super Bowl", "Academy Award-winning",
"Revolutionary War"): a capital that does not open a sentence, or a
capitalised word beside the match.  ``pos`` keeps only matches whose first
word the part-of-speech tagger reads with a Penn Treebank tag the regex
finds ("JJ" keeps "the celebrated author", drops "NASA celebrated").

Example::

    extends: existence
    message: "Avoid '%s': say what you mean."
    level: warning
    ignorecase: true
    tokens:
      - obviously
      - needless to say
    # input: Obviously, this works.
    # expect: 1:1 Avoid 'Obviously': say what you mean.
"""

from __future__ import annotations

import regex

from ..caches import regexes
from .base import (
    AnchoredWordList,
    Check,
    Finding,
    RuleValueError,
    compile_pattern,
    exception_matcher,
    iter_matches,
    v_bool,
    v_number,
    v_str,
    v_str_list,
    word_pattern,
)
from .words import doc_sentence_starts


def in_name(prose: str, a: int, b: int, starts) -> bool:
    """Is ``prose[a:b]`` part of a capitalised multi-word name?"""
    first = prose[a : a + 1]
    if prose[a : a + 2] in ("I", "I ", "I'", "I’") or (first == "I" and not prose[a + 1 : a + 2].isalpha()):
        return False  # the pronoun is always a capital
    if first.isupper() and a not in starts:
        return True
    if not first.isupper():
        return False
    # Sentence-initial and capitalised: a name when a capitalised word follows
    # ("Super Bowl ...") -- the next word, not "The" of a new clause.
    nxt = _NEXT.match(prose, b)
    return bool(nxt and nxt.group(1)[0].isupper())


_NEXT = regexes.compile(r"[ \t]+(\p{L}[\p{L}\p{M}'’-]*)")


def _tag_fits(doc, a: int, pattern) -> bool:
    """Does the tagger give the word at prose offset ``a`` a tag ``pattern`` finds?"""
    from bisect import bisect_right

    from ..language.postag import tag_text

    cache = doc.__dict__.setdefault("_sentence_tags", {})
    sents = doc.sentences
    i = bisect_right(doc.sentence_starts, a) - 1  # (worked out once per document, not per word)
    if i < 0:
        return True
    if i not in cache:
        sa, sb = sents[i]
        cache[i] = {t.start: t.tag for t in tag_text(doc.prose, sa, sb)}
    tag = cache[i].get(a)
    return tag is None or pattern.search(tag) is not None


#: Documents shorter than this are judged by ``max_matches`` alone.
DENSITY_MIN_WORDS = 250


def _word_count(doc) -> int:
    from ..language.scan import word_count

    return word_count(doc)


class Existence(Check):

    LOCAL = True  # see Check.LOCAL
    KEYS = {
        "tokens": v_str_list,
        "raw": v_str_list,
        "ignorecase": v_bool,
        "nonword": v_bool,
        "exceptions": v_str_list,
        "append": v_bool,
        "vocab": v_bool,
        "max_matches": v_number,
        "max_density": v_number,
        "skip_names": v_bool,
        "pos": v_str,
    }
    DEFAULT_MESSAGE = "'%s' found."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        tokens = options.get("tokens", [])
        raw = options.get("raw", [])
        if not tokens and not raw:
            raise RuleValueError("tokens", "needs 'tokens' or 'raw'")
        self.pos_pattern = compile_pattern("pos", options["pos"]) if options.get("pos") else None
        # Vale's semantics: the raw parts, concatenated, come before the
        # token alternation ("[a-zA-Z]+\s" + "\b(?:meters|miles)\b").
        body = "".join(raw) + (word_pattern(tokens, nonword=options.get("nonword", False)) if tokens else "")
        flags = regex.I if options.get("ignorecase") else 0
        try:
            self.pattern = compile_pattern("tokens" if tokens else "raw", body, flags | regex.M)
        except RuleValueError:
            if raw:
                compile_pattern("raw", "".join(raw), flags)  # name the key that is wrong
            raise
        self.words = None
        if len(tokens) >= 8 and not raw and not options.get("nonword", False) and AnchoredWordList.usable(tokens):
            self.words = AnchoredWordList(tokens, flags | regex.M)
        exceptions = list(options.get("exceptions", []))
        if options.get("vocab", True):
            exceptions += self.vocab_accept
        self.is_exception = exception_matcher("exceptions", exceptions, options.get("ignorecase", False))

    def is_local(self) -> bool:
        # Limits count matches over the whole document.
        return self.options.get("max_matches") is None and self.options.get("max_density") is None

    def run(self, doc, segments):
        limit = self.options.get("max_matches")
        density = self.options.get("max_density")
        skip_names = self.options.get("skip_names", False)
        pos = self.pos_pattern
        found = []
        matches = iter_matches(self.pattern, doc, segments) if self.words is None else self.words.matches(doc, segments)
        starts = None
        for base, m in matches:
            if m.end() == m.start() or self.is_exception(m.group()):
                continue
            a, b = base + m.start(), base + m.end()
            if skip_names or pos is not None:
                if starts is None:
                    starts = doc_sentence_starts(doc)
                if skip_names and in_name(doc.prose, a, b, starts):
                    continue
                if pos is not None and not _tag_fits(doc, a, pos):
                    continue
            # Vale reports existence matches as matched, spaces included.
            found.append(Finding(a, b, (m.group(),)))
            if limit is not None and len(found) > limit:
                return  # used throughout: the document's voice, not a slip
        if density is not None and found:
            words = _word_count(doc)
            # Density means something over a few paragraphs, not a line.
            if words >= DENSITY_MIN_WORDS and len(found) * 1000 > density * words:
                return  # the document is written this way (a first-person essay)
        yield from found
