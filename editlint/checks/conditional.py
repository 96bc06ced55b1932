r"""conditional: if ``first`` occurs, ``second`` must occur too (e.g. acronyms defined).

Group 1 of both patterns is compared: ``first`` matches whose group 1 is not
a ``second`` group 1 in the same block or an earlier one are flagged (Vale
reads the file in order: a term used before its definition is flagged).

Example::

    extends: conditional
    message: "'%s' has no definition."
    level: warning
    first: '\b([A-Z]{3,5})\b'
    second: '(?:\b[A-Z][a-z]+ )+\(([A-Z]{3,5})\)'
    exceptions: [HTML]
    # input: The Open Source Initiative (OSI) and the FSF.
    # expect: 1:42 'FSF' has no definition.
"""

from __future__ import annotations

from bisect import bisect_right

import regex

from .base import Check, Finding, compile_pattern, iter_matches, segments_disjoint, v_bool, v_str, v_str_list


class Conditional(Check):
    KEYS = {"first": v_str, "second": v_str, "exceptions": v_str_list, "ignorecase": v_bool}
    REQUIRED = ("first", "second")
    DEFAULT_MESSAGE = "'%s' has no match."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        flags = regex.I if options.get("ignorecase") else 0
        self.first = compile_pattern("first", options["first"], flags)
        self.second = compile_pattern("second", options["second"], flags)
        self.exceptions = set(options.get("exceptions", [])) | set(self.vocab_accept)

    def run(self, doc, segments):
        # In file order, as Vale reads it: a term counts as defined from the
        # block that defines it on (that whole block included), so an
        # acronym used before its definition is flagged.
        ordered = sorted(segments, key=lambda s: (s.start, s.end))
        if len(ordered) > 1 and segments_disjoint(segments):
            yield from self._run_disjoint(doc, ordered)
            return
        defined = set()
        for seg in ordered:
            for _, m in iter_matches(self.second, doc, [seg]):
                # Every group that took part defines a term ("WHO: ..." or "... (NBA)").
                groups = [g for g in m.groups() if g] if m.re.groups else []
                defined.update(groups or [m.group()])
            for base, m in iter_matches(self.first, doc, [seg]):
                key = _key(m)
                if key in defined or key in self.exceptions:
                    continue
                yield Finding(base + m.start(), base + m.end(), (m.group(),))


    def _run_disjoint(self, doc, ordered):
        """:meth:`run` for disjoint segments: each pattern scans them all at
        once (the same matches as segment by segment) and the results are
        taken segment by segment, definitions first."""
        starts = [s.start for s in ordered]
        defines: list[list] = [[] for _ in ordered]
        for base, m in iter_matches(self.second, doc, ordered):
            groups = [g for g in m.groups() if g] if m.re.groups else []
            defines[bisect_right(starts, base + m.start()) - 1].extend(groups or [m.group()])
        uses: list[list] = [[] for _ in ordered]
        for base, m in iter_matches(self.first, doc, ordered):
            uses[bisect_right(starts, base + m.start()) - 1].append((base, m))
        defined: set = set()
        for terms, found in zip(defines, uses):
            defined.update(terms)
            for base, m in found:
                key = _key(m)
                if key in defined or key in self.exceptions:
                    continue
                yield Finding(base + m.start(), base + m.end(), (m.group(),))


def _key(m: regex.Match) -> str:
    return m.group(1) if m.re.groups >= 1 and m.group(1) is not None else m.group()
