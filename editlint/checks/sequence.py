r"""sequence: a run of words described by their text and part of speech (Vale's ``sequence``).

``tokens`` is a list; each entry has ``pattern`` (a regex the whole word
must match), ``tag`` (a regex searched in the word's Penn Treebank tag, so
``NN`` also matches ``NNS``, as in Vale), ``negate`` (the entry matches
words that do *not* fit) and ``skip`` (up to that many words may stand
between this entry's word and its neighbour on the side of the first entry
with a ``pattern``, as Vale reads sequences outward from it).  Words and tags come from
editlint's Brill-style tagger (``editlint/language/postag.py``), sentence by
sentence; a word fits a ``tag`` that its context gives it or that the
lexicon gives it, since these rules look for ungrammatical text ("would be
great write") where context alone misleads a tagger.  The message receives
the matched words, one argument per entry (``%[4]s`` is the fourth).

Example::

    extends: sequence
    message: "'%[2]s' after '%[1]s': did you mean '%[1]s *to* %[2]s'?"
    level: warning
    tokens:
      - tag: JJ
        pattern: (?:great|available|able)
      - tag: VB
    # input: It would be great write a story.
    # expect: 1:13 'write' after 'great': did you mean 'great *to* write'?
"""

from __future__ import annotations

from typing import Any

import regex

from .base import Check, Finding, RuleValueError, compile_pattern, v_bool

_ENTRY_KEYS = {"pattern", "tag", "negate", "skip"}


def v_tokens(key: str, value: Any):
    if not isinstance(value, list) or not value:
        raise RuleValueError(key, f"'{key}' must be a list of entries with 'pattern' and/or 'tag'")
    out = []
    for item in value:
        if not isinstance(item, dict):
            raise RuleValueError(key, f"each entry of '{key}' must be a mapping (pattern, tag, negate, skip)")
        unknown = set(map(str, item)) - _ENTRY_KEYS
        if unknown:
            raise RuleValueError(key, f"unknown key '{sorted(unknown)[0]}' in '{key}' (allowed: negate, pattern, skip, tag)")
        if not item.get("pattern") and not item.get("tag"):
            raise RuleValueError(key, f"each entry of '{key}' needs 'pattern' or 'tag'")
        skip = item.get("skip", 0)
        if isinstance(skip, bool) or not isinstance(skip, int) or skip < 0:
            raise RuleValueError(key, f"'skip' in '{key}' must be a whole number")
        out.append({"pattern": str(item.get("pattern") or ""), "tag": str(item.get("tag") or ""), "negate": bool(item.get("negate", False)), "skip": skip})
    return out


class _Entry:
    __slots__ = ("pattern", "tag", "negate", "skip")

    def __init__(self, spec: dict, ignorecase: bool):
        flags = regex.I if ignorecase else 0
        self.pattern = compile_pattern("tokens", spec["pattern"], flags) if spec["pattern"] else None
        self.tag = compile_pattern("tokens", spec["tag"]) if spec["tag"] else None
        self.negate = spec["negate"]
        self.skip = spec["skip"]

    def fits(self, tok) -> bool:
        ok = True
        if self.pattern is not None:
            ok = self.pattern.fullmatch(tok.text) is not None
        if ok and self.tag is not None:
            ok = self.tag.search(tok.tag) is not None or (tok.lexical != "" and self.tag.search(tok.lexical) is not None)
        return ok != self.negate


class Sequence(Check):

    LOCAL = True  # see Check.LOCAL
    KEYS = {"tokens": v_tokens, "ignorecase": v_bool}
    REQUIRED = ("tokens",)
    DEFAULT_SCOPE = ("sentence",)
    DEFAULT_MESSAGE = "Check the words starting at '%s'."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        self.entries = [_Entry(spec, options.get("ignorecase", False)) for spec in options["tokens"]]
        # Vale reads a sequence outward from its first plain pattern (the
        # anchor): an entry's ``skip`` lets it stand that many words further
        # from the anchor, so the gap sits on the anchor's side of the entry.
        anchor = next((k for k, e in enumerate(self.entries) if e.pattern is not None and not e.negate), 0)
        self.gaps = [self.entries[k].skip if k + 1 <= anchor else self.entries[k + 1].skip for k in range(len(self.entries) - 1)]

    def run(self, doc, segments):
        from ..language.postag import tag_text

        prose = doc.prose
        for seg in segments:
            toks = [t for t in tag_text(prose, seg.start, seg.end) if t.text.strip("\x00\ufffc")]
            i = 0
            while i < len(toks):
                found = self._match(toks, i, 0)
                if found is None:
                    i += 1
                    continue
                yield Finding(toks[found[0]].start, toks[found[-1]].end, tuple(toks[j].text for j in found))
                i = found[-1] + 1

    def _match(self, toks, at: int, k: int) -> list[int] | None:
        """Indices of words fitting entries k.. with entry k at ``at``, or None."""
        entry = self.entries[k]
        if at >= len(toks) or not entry.fits(toks[at]):
            return None
        if k + 1 == len(self.entries):
            return [at]
        for nxt in range(at + 1, min(len(toks), at + 2 + self.gaps[k])):
            rest = self._match(toks, nxt, k + 1)
            if rest is not None:
                return [at, *rest]
        return None
