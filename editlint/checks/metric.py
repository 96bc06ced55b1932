r"""metric: a formula over readability figures, flagged when a condition holds.

Variables: ``words``, ``sentences``, ``syllables``, ``characters``,
``complex_words``, ``long_words``, ``polysyllabic_words`` (from textstat),
and structure counts ``paragraphs``, ``list``, ``blockquote``, ``pre``,
``heading.h1`` ... ``heading.h6``.  Functions: ``math.sqrt``, ``math.abs``,
``math.min``, ``math.max``, ``math.pow``, ``math.log``.  The formula is
parsed here, never evaluated as code.  The message receives the value.

``min_words`` (editlint's own key) leaves out blocks with fewer words, where
a readability grade means nothing.  With ``scope: document`` (the default) the figure is for the whole document
without its headings (as in Vale) and the alert sits at its start; with ``scope: paragraph`` (or any block
scope) each block is scored and flagged on its own.

Example::

    extends: metric
    message: "%s words per sentence: split the long ones."
    level: suggestion
    scope: paragraph
    formula: words / sentences
    condition: "> 10"
    # input: This one sentence runs on for twelve words and never stops once.
    # expect: 1:1 12.00 words per sentence: split the long ones.
"""

from __future__ import annotations

import math
import operator
import re

from .base import Check, Finding, RuleValueError, SpanIndex, v_number, v_str

_TEXT_VARS = {"words", "sentences", "syllables", "characters", "complex_words", "long_words", "polysyllabic_words"}
_STRUCT_VARS = {"paragraphs", "list", "blockquote", "pre", *(f"heading.h{i}" for i in range(1, 7))}
_FUNCS = {
    "math.sqrt": math.sqrt,
    "math.abs": abs,
    "math.min": min,
    "math.max": max,
    "math.pow": math.pow,
    "math.log": math.log,
    "math.log10": math.log10,
    "math.floor": math.floor,
    "math.ceil": math.ceil,
    "math.round": round,
}
_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|([A-Za-z_][\w.]*)|(\*\*|[-+*/%(),]))")
_OPS = {"+": (1, operator.add), "-": (1, operator.sub), "*": (2, operator.mul), "/": (2, operator.truediv), "%": (2, operator.mod), "**": (3, operator.pow)}
_CONDITION = re.compile(r"^\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")
_CMP = {">": operator.gt, "<": operator.lt, ">=": operator.ge, "<=": operator.le, "==": operator.eq, "!=": operator.ne}


#: Deepest formula tree accepted (nesting and chained operators alike).
MAX_DEPTH = 200


def _depth(tree) -> int:
    """Depth of a formula tree, without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if node[0] == "bin":
            stack += [(node[2], d + 1), (node[3], d + 1)]
        elif node[0] == "neg":
            stack.append((node[1], d + 1))
        elif node[0] == "call":
            stack += [(a, d + 1) for a in node[2]]
    return deepest


class Formula:
    """A parsed arithmetic formula: numbers, variables, + - * / % **, calls."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = self._lex(text)
        self.pos = 0
        self.variables: set[str] = set()
        try:
            self.tree = self._expr(0)
        except RecursionError:
            raise ValueError(f"it is nested more than {MAX_DEPTH} levels deep") from None
        if self.pos != len(self.tokens):
            raise ValueError(f"unexpected {self.tokens[self.pos][1]!r}")
        if _depth(self.tree) > MAX_DEPTH:
            # Evaluation recurses once per level: refuse at load time, not mid-run.
            raise ValueError(f"it is nested more than {MAX_DEPTH} levels deep")

    @staticmethod
    def _lex(text):
        out = []
        pos = 0
        text = text.strip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise ValueError(f"cannot read {text[pos:]!r}")
            if m.group(1):
                out.append(("num", float(m.group(1))))
            elif m.group(2):
                out.append(("name", m.group(2)))
            else:
                out.append(("op", m.group(3)))
            pos = m.end()
            while pos < len(text) and text[pos].isspace():
                pos += 1
        return out

    def _peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def _expr(self, min_prec):
        left = self._unary()
        while True:
            kind, val = self._peek()
            if kind != "op" or val not in _OPS:
                break
            prec, fn = _OPS[val]
            if prec < min_prec:
                break
            self.pos += 1
            right = self._expr(prec if val == "**" else prec + 1)  # ** is right-associative
            left = ("bin", fn, left, right)
        return left

    def _unary(self):
        kind, val = self._peek()
        if kind == "op" and val in "+-":
            self.pos += 1
            inner = self._unary()
            return ("neg", inner) if val == "-" else inner
        return self._atom()

    def _atom(self):
        kind, val = self._peek()
        self.pos += 1
        if kind == "num":
            return ("num", val)
        if kind == "name":
            if self._peek() == ("op", "("):
                if val not in _FUNCS:
                    raise ValueError(f"unknown function {val!r}")
                self.pos += 1
                args = [self._expr(0)]
                while self._peek() == ("op", ","):
                    self.pos += 1
                    args.append(self._expr(0))
                if self._peek() != ("op", ")"):
                    raise ValueError("missing ')'")
                self.pos += 1
                return ("call", _FUNCS[val], args)
            self.variables.add(val)
            return ("var", val)
        if (kind, val) == ("op", "("):
            inner = self._expr(0)
            if self._peek() != ("op", ")"):
                raise ValueError("missing ')'")
            self.pos += 1
            return inner
        raise ValueError("formula ends too early" if kind is None else f"unexpected {val!r}")

    def evaluate(self, env: dict[str, float]) -> float:
        return self._eval(self.tree, env)

    def _eval(self, node, env):
        tag = node[0]
        if tag == "num":
            return node[1]
        if tag == "var":
            return env[node[1]]
        if tag == "neg":
            return -self._eval(node[1], env)
        if tag == "bin":
            return node[1](self._eval(node[2], env), self._eval(node[3], env))
        return node[1](*(self._eval(a, env) for a in node[2]))


class Metric(Check):

    LOCAL = True  # see Check.LOCAL
    KEYS = {"formula": v_str, "condition": v_str, "min_words": v_number}
    REQUIRED = ("formula", "condition")
    DEFAULT_SCOPE = ("document",)
    DEFAULT_MESSAGE = "Metric is %s."

    def __init__(self, options, **kw):
        super().__init__(options, **kw)
        try:
            self.formula = Formula(options["formula"])
        except ValueError as e:
            raise RuleValueError("formula", f"'formula' cannot be parsed: {e}") from None
        unknown = self.formula.variables - _TEXT_VARS - _STRUCT_VARS
        if unknown:
            raise RuleValueError("formula", f"'formula' uses unknown variable(s): {', '.join(sorted(unknown))}")
        m = _CONDITION.match(options["condition"])
        if not m:
            raise RuleValueError("condition", "'condition' must be a comparison such as '> 8'")
        self.compare = _CMP[m.group(1)]
        self.threshold = float(m.group(2))
        #: Blocks shorter than this are not scored: a grade or an average
        #: over "Conclusion." says nothing (editlint's key; Vale has none).
        self.min_words = int(options.get("min_words", 0))
        self.needs_text = bool(self.formula.variables & _TEXT_VARS) or self.min_words > 0
        #: Only word and sentence counts (a sentence's length): no per-word figures.
        self.counts_only = self.formula.variables <= {"words", "sentences"}

    def is_local(self) -> bool:
        # Structure counts ("pre") look at the whole document.
        return not (self.formula.variables & _STRUCT_VARS)

    def run(self, doc, segments):
        counts = None
        if self.counts_only:
            # Every segment's words counted in one pass (the compiled core's, when it runs).
            from ..language.scan import readability_word_counts

            counts = readability_word_counts(doc, [(0, 0) if s.whole else (s.start, s.end) for s in segments])
        for k, seg in enumerate(segments):
            env = _counts(doc, seg, counts[k]) if counts is not None and not seg.whole else self._environment(doc, seg)
            if env.get("words", 0) < self.min_words:
                continue
            try:
                value = self.formula.evaluate(env)
            except (ZeroDivisionError, ValueError, OverflowError):
                continue
            if self.compare(value, self.threshold):
                arg = f"{value:.2f}"
                if seg.whole:
                    yield Finding(0, 0, (arg,), source=True)
                else:
                    yield Finding(seg.start, seg.end, (arg,))

    def _environment(self, doc, seg) -> dict[str, float]:
        if self.counts_only and not seg.whole:
            return _counts(doc, seg)
        env: dict[str, float] = {}
        blocks = _between(doc.blocks, [b.start for b in doc.blocks], seg) if self.formula.variables & _STRUCT_VARS else []
        if self.formula.variables & _STRUCT_VARS:
            env["paragraphs"] = sum(1 for b in blocks if "paragraph" in b.scopes)
            env["list"] = sum(1 for b in blocks if b.kind == "list")
            env["blockquote"] = sum(1 for b in blocks if "blockquote" in b.scopes)
            env["pre"] = float(len(doc.code_blocks)) if seg.start == 0 else 0.0
            for i in range(1, 7):
                env[f"heading.h{i}"] = sum(1 for b in blocks if b.kind == "heading" and b.level == i)
        if self.needs_text:
            from ..language.readability import figures

            text = doc.prose[seg.start : seg.end]
            starts = doc.sentence_starts
            sentences = [(a, b) for a, b in _between(doc.sentences, starts, seg) if b <= seg.end]
            if seg.whole:
                # As in Vale, headings are titles: neither words nor sentences of the text.
                headings = [(b.start, b.end) for b in doc.blocks if b.kind == "heading"]
                if headings:
                    index = SpanIndex(headings)
                    text = "\n\n".join(doc.prose[b.start : b.end] for b in doc.blocks if b.kind != "heading")
                    sentences = index.keep(sentences, inside=False)
            n_sent = len(sentences)
            env.update(figures(text, n_sent, self.formula.variables | ({"words"} if self.min_words else set())).as_dict())
        return env


def _counts(doc, seg, n: int | None = None) -> dict[str, float]:
    """Words (``n`` when counted already) and sentences of a segment, as
    :func:`figures` counts them."""
    from bisect import bisect_left

    if n is None:
        from ..language.readability import words

        n = len(words(doc.prose[seg.start : seg.end]))
    starts = doc.sentence_starts
    i, j = bisect_left(starts, seg.start), bisect_left(starts, seg.end)
    n_sent = sum(1 for s in doc.sentences[i:j] if s[1] <= seg.end)
    return {"words": float(n), "sentences": float(max(1, n_sent) if n else n_sent)}


def _between(items, starts, seg):
    """Items (with ``start``/``[0]``) whose start lies in the segment, by bisection."""
    from bisect import bisect_left

    i = bisect_left(starts, seg.start)
    j = bisect_left(starts, seg.end)
    return [it for it in items[i:j] if (it.end if hasattr(it, "end") else it[1]) <= seg.end]
