"""The pure core: ``lint_text(text, config) -> list[Alert]``.

No files, processes or network here.  The engine parses the document, gives
each rule the prose of its scope, and turns findings into alerts: it stamps
rule id, level, message and link, maps prose offsets to exact source
positions, drops findings in excluded scopes and honours inline control
comments.  Rules know none of this.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from .alert import LEVEL_RANK, Alert
from .checks.base import Finding, Segment, Segments, SpanIndex, shared_segments
from .document import Document, detect_format, normalise_newlines, parse
from .language import scan
from .rules import BLOCK_SCOPES, Rule


@dataclass(frozen=True)
class Config:
    """Everything ``lint_text`` needs: the active rules and what to show."""

    rules: tuple[Rule, ...] = ()
    min_level: str = "suggestion"
    token_ignores: tuple[re.Pattern, ...] = ()
    block_ignores: tuple[re.Pattern, ...] = ()
    #: Vale's SkippedScopes / IgnoredScopes / IgnoredClasses (HTML tag and
    #: class names): prose there is hidden from every rule.
    skipped_scopes: tuple[str, ...] = ()
    ignored_scopes: tuple[str, ...] = ()
    ignored_classes: tuple[str, ...] = ()
    #: Extra alert producers run after the rules (e.g. grammar); each is
    #: ``callable(doc, path) -> list[Alert]``.
    extra: tuple = field(default=(), compare=False)


@dataclass(frozen=True)
class RuleFailure:
    """A rule that could not finish on a document (e.g. a regex timed out)."""

    rule: str
    path: str
    reason: str


class LintResult(list):
    """A list of alerts that also carries rule failures."""

    failures: list[RuleFailure]
    #: One-line notes about the document (e.g. a part too deeply nested to lint).
    notes: list[str]

    #: The parsed document the alerts are about (batch mode reads its figures).
    document: Document | None

    def __init__(self, alerts=(), failures=(), notes=(), document=None):
        super().__init__(alerts)
        self.failures = list(failures)
        self.notes = list(notes)
        self.document = document


def lint_text(text: str, config: Config, *, path: str = "-", fmt: str | None = None, memo: SegmentMemo | None = None, only: str | None = None) -> LintResult:
    """Lint ``text`` with ``config`` and return its alerts, sorted by position.

    ``fmt`` is ``markdown`` or ``text`` (default: from ``path``'s suffix).
    ``memo`` keeps local rules' findings per segment between lints of one
    document (the result is the same with or without it); ``only`` is
    ``"local"`` or ``"document"`` to run just the rules that look at one
    segment at a time, or just the others (the language server's two passes).
    """
    source = normalise_newlines(text)
    fmt = fmt or detect_format(path)
    try:
        doc = parse(source, fmt, ignore_patterns=config.token_ignores, block_ignore_patterns=config.block_ignores)
    except TimeoutError as e:
        # A runaway TokenIgnores/BlockIgnores pattern: lint without the
        # ignores rather than not at all, and say the result is incomplete.
        doc = parse(source, fmt)
        result = lint_document(doc, config, path=path, memo=memo, only=only)
        result.failures.insert(0, RuleFailure("TokenIgnores", path, f"{e}; ignore patterns skipped for this file"))
        return result
    return lint_document(doc, config, path=path, memo=memo, only=only)


class SegmentMemo:
    """Local rules' findings per segment context, kept between lints of one document.

    An edit changes one paragraph; the others' findings are taken from here.
    Entries not used by the latest lint are dropped by the next, so the memo
    stays the size of the document.
    """

    def __init__(self):
        self._old: dict = {}
        self._new: dict = {}
        self._config = None

    def start(self, config=None) -> None:
        """Begin a lint: what the previous one did not use is forgotten, and
        everything when the configuration is another one (a rule changed)."""
        if config is not self._config:
            self._config, self._new = config, {}
        self._old, self._new = self._new, {}

    def get(self, key):
        hit = self._new.get(key)
        if hit is None:
            hit = self._old.get(key)
            if hit is not None:
                self._new[key] = hit
        return hit

    def put(self, key, findings) -> None:
        self._new[key] = findings

    def __len__(self) -> int:
        return len(self._new)


#: Characters either side of a segment that a local rule may look at.
CONTEXT = 32


def _context(doc: Document, seg: Segment, structure: dict):
    """What a local rule's findings in ``seg`` may depend on, relative to the segment:
    the prose around it and the sentence and block boundaries there."""
    from bisect import bisect_left, bisect_right

    span = structure.get((seg.start, seg.end))
    if span is None:
        starts = doc.sentence_starts
        i = max(0, bisect_right(starts, seg.start) - 1)
        j = bisect_left(starts, seg.end)
        sents = [s for s in doc.sentences[i:j] if s[1] > seg.start]
        lo = max(0, min([seg.start] + [a for a, _ in sents]) - CONTEXT)
        hi = max([seg.end] + [b for _, b in sents]) + CONTEXT
        bstarts = doc._block_starts
        k = max(0, bisect_right(bstarts, lo) - 1)
        m = bisect_left(bstarts, hi)
        blocks = tuple((b.start - seg.start, b.end - seg.start, b.kind, b.level, b.scopes) for b in doc.blocks[k:m] if b.end > lo)
        span = structure[(seg.start, seg.end)] = (lo, hi, (seg.start - lo, seg.end - lo, tuple((a - seg.start, b - seg.start) for a, b in sents), blocks))
    lo, hi, shape = span
    return (doc.prose[lo:hi], shape)


def _memoised(rule: Rule, target: Document, segments: list[Segment], memo: SegmentMemo, contexts: dict):
    """``rule.check.run`` over ``segments``, re-running only segments not in ``memo``.

    Returns None when the rule's findings cannot be split by segment (they
    overlap, or one leaves its segment): the caller runs it whole.
    """
    from bisect import bisect_right
    from dataclasses import replace as _replace

    for prev, seg in zip(segments, segments[1:]):
        if seg.start < prev.end:
            return None
    keys, cached, todo = [], [], []
    structure = contexts.setdefault("structure", {})
    for i, seg in enumerate(segments):
        ck = (id(target), seg.start, seg.end)
        ctx = contexts.get(ck)
        if ctx is None:
            ctx = contexts[ck] = _context(target, seg, structure)
        key = (rule.id, ctx)
        keys.append(key)
        hit = memo.get(key)
        cached.append(hit)
        if hit is None:
            todo.append(i)
    if todo:
        run_segs = [segments[i] for i in todo]
        starts = [s.start for s in run_segs]
        fresh: list[list[Finding]] = [[] for _ in todo]
        for f in rule.check.run(target, run_segs):
            j = bisect_right(starts, f.start) - 1
            if f.source or j < 0 or f.end > run_segs[j].end:
                return None
            base = run_segs[j].start
            fresh[j].append(_replace(f, start=f.start - base, end=f.end - base))
        for i, found in zip(todo, fresh):
            cached[i] = tuple(found)
            memo.put(keys[i], cached[i])
    out = []
    for seg, found in zip(segments, cached):
        out += [_replace(f, start=f.start + seg.start, end=f.end + seg.start) for f in found]
    return out


def is_local(rule: Rule, segments: list[Segment]) -> bool:
    """Does ``rule`` look at one segment at a time here (see ``Check.LOCAL``)?"""
    return rule.check.is_local() and not any(s.whole for s in segments)


def lint_document(doc: Document, config: Config, *, path: str = "-", memo: SegmentMemo | None = None, only: str | None = None) -> LintResult:
    """Run ``config``'s rules over an already parsed document (``memo``, ``only``: see :func:`lint_text`)."""
    control = Control.from_document(doc)
    scan.note_document(doc)
    full_doc = doc
    hidden = hidden_spans(doc, config)
    if hidden:
        doc = mask_spans(doc, SpanIndex(hidden))
    min_rank = LEVEL_RANK[config.min_level]
    alerts: list[Alert] = []
    failures: list[RuleFailure] = []
    raw_doc = None
    views: dict[tuple[str, ...], tuple[Document, SpanIndex | None]] = {}
    seg_cache: dict[tuple, list[Segment]] = {}
    genre = doc.genre if any(r.skip_genres for r in config.rules) else None
    contexts: dict = {}
    if memo is not None:
        memo.start(config)
    runs = [(i, rule) for i, rule in enumerate(config.rules) if not (LEVEL_RANK[rule.level] < min_rank or (genre and genre in rule.skip_genres))]
    runs, last_use = _grouped_by_view(runs)
    for step, (index, rule) in enumerate(runs):
        target = doc
        if "raw" in rule.scope.include:
            raw_doc = raw_doc or parse_raw(doc.source)
            target = raw_doc
        excluded: SpanIndex | None = None
        view_key = _view_key(rule)
        if view_key and target is doc:
            if view_key not in views:
                views[view_key] = masked_view(doc, view_key)
            target, excluded = views[view_key]
        # Rules mostly share a few scopes: work each one out once per view.
        key = (id(target), rule.scope.include, view_key)
        segments = seg_cache.get(key)
        if segments is None:
            segments = segments_for(target, rule.scope.include)
            if excluded:
                segments = excluded.keep(segments, inside=False)
            segments = seg_cache[key] = Segments(segments)
        if only is not None and (only == "local") != is_local(rule, segments):
            continue
        try:
            findings = None
            if memo is not None and is_local(rule, segments):
                findings = _memoised(rule, target, segments, memo, contexts)
            for f in findings if findings is not None else rule.check.run(target, segments):
                if excluded and not f.source and excluded.contains(f.start, max(f.start + 1, f.end)):
                    continue
                alert = make_alert(target, rule, f, path)
                if not control.suppressed(alert):
                    alerts.append(alert)
        except TimeoutError as e:
            failures.append((index, RuleFailure(rule.id, path, f"{e}; rule skipped for this file")))
        if view_key in views and last_use[view_key] == step:
            _drop_view(views.pop(view_key)[0], doc, seg_cache, contexts)
    failures = [f for _, f in sorted(failures, key=lambda item: item[0])]  # in the configuration's order
    for producer in config.extra if only is None else ():
        alerts.extend(a for a in producer(full_doc, path) if a.rank >= min_rank and not control.suppressed(a))
    alerts.sort(key=Alert.sort_key)
    return LintResult(alerts, failures, full_doc.notes + control.unknown_names(config.rules), full_doc)


def _view_key(rule: Rule) -> tuple[str, ...]:
    """The masked view a rule reads: its excluded scopes, in one order (a
    view depends on which scopes are left out, not on how they are listed)."""
    return tuple(sorted(set(rule.scope.exclude)))


def _grouped_by_view(runs: list[tuple[int, Rule]]):
    """``runs`` reordered so that the rules reading one masked view run one
    after another (groups in order of first use, rules in order within
    them), and the step at which each view is used last.

    A masked view is a copy of the whole prose with everything derived from
    it (lower case, the compiled core's copies, segments): holding every
    view until the last rule held five copies of a 5 MB file's prose at
    once.  Run in groups, one view is alive at a time.  Alerts are sorted
    afterwards by position and rule, so the order of the rules does not
    change the output; failures are put back in the configuration's order.
    """
    groups: dict[tuple[str, ...], list[tuple[int, Rule]]] = {}
    for item in runs:
        groups.setdefault(_view_key(item[1]), []).append(item)
    ordered = [item for group in groups.values() for item in group]
    last_use = {}
    for step, (_, rule) in enumerate(ordered):
        last_use[_view_key(rule)] = step
    return ordered, last_use


def _drop_view(view: Document, doc: Document, seg_cache: dict, contexts: dict) -> None:
    """Forget a masked view once no rule will read it again: the caches
    keyed by its identity go with it (a later object may get the same id)."""
    if view is doc:
        return
    gone = id(view)
    for cache in (seg_cache, contexts):
        for key in [k for k in cache if type(k) is tuple and k and k[0] == gone]:
            del cache[key]
    from .rxroute import forget

    forget(view.prose)


def parse_raw(source: str) -> Document:
    """A document whose prose *is* the source (Vale's ``raw`` scope)."""
    from .document import Block, _finish, _ProseBuilder

    pb = _ProseBuilder()
    pb.text(source, 0)
    block = Block("raw", 0, len(source), frozenset({"raw"}))
    return _finish(source, "raw", pb, [block], [], [])


def segments_for(doc: Document, include: tuple[str, ...]) -> list[Segment]:
    """The prose spans a rule with these scopes looks at (a new list)."""
    if "document" in include or "raw" in include:
        return [Segment(0, len(doc.prose), whole=True)]
    # Spans come from structure only, which masked views share with their
    # document: work each scope out once per document.
    owner = doc.__dict__.get("_structure_of") or doc
    cache = owner.__dict__.setdefault("_segments_for", {})
    found = cache.get(include)
    if found is None:
        found = cache[include] = _segments_for(owner, include)
    return list(found)


def _segments_for(doc: Document, include: tuple[str, ...]) -> list[Segment]:
    spans: set[tuple[int, int]] = set()
    block_names = frozenset(s for s in include if s in BLOCK_SCOPES or s.startswith("heading."))
    if "text" in include:
        spans.update((b.start, b.end) for b in doc.blocks)
    else:
        summary = "summary" in include
        for b in doc.blocks:
            if (summary and b.kind != "heading") or not block_names.isdisjoint(b.scopes):
                spans.add((b.start, b.end))
    if "sentence" in include:
        # Headings are titles, not sentences (Vale's sentence scope skips them).
        spans.update(_sentences_outside_headings(doc))
    if "quote" in include:
        spans.update(doc.quotes)
    if "repeat" in include:
        spans.update(doc.repeats)
    if "alt" in include:
        spans.update((a, b) for tag, _, a, b in doc.elements if tag == "img" and b > a)
    return shared_segments(doc, sorted(spans))


def _sentences_outside_headings(doc: Document) -> list[tuple[int, int]]:
    # Views of one document share its blocks and sentences: work this out once.
    owner = doc.__dict__.get("_structure_of") or doc
    found = owner.__dict__.get("_sentences_outside_headings")
    if found is None:
        headings = SpanIndex([(b.start, b.end) for b in owner.blocks if b.kind == "heading"])
        found = owner.__dict__["_sentences_outside_headings"] = headings.keep(owner.sentences, inside=False)
    return found


def excluded_spans(doc: Document, exclude: tuple[str, ...]) -> SpanIndex | None:
    """The prose a rule's ``~scope`` entries rule out (None when nothing is)."""
    if not exclude:
        return None
    index = SpanIndex(segments_for(doc, exclude))
    return index if index.starts else None


#: Fills excluded prose: not a word character, not whitespace, not a quote.
MASK = "\x00"


#: HTML block tags (Vale's SkippedScopes) and the editlint scopes they are.
_BLOCK_TAGS = {
    "blockquote": ("blockquote",),
    "table": ("table",), "thead": ("table.header",), "th": ("table.header",), "td": ("table.cell",), "tr": ("table",), "tbody": ("table",),
    "ul": ("list",), "ol": ("list",), "li": ("list",), "dl": ("list",),
    "p": ("paragraph",),
    **{f"h{n}": (f"heading.h{n}",) for n in range(1, 7)},
}
#: Inline tags by their other names (Markdown's ``**`` renders as ``strong``).
_INLINE_ALIASES = {"b": "strong", "i": "em", "link": "a"}


def hidden_spans(doc: Document, config: Config) -> list[tuple[int, int]]:
    """Prose that Vale-style scope settings hide from every rule."""
    spans: list[tuple[int, int]] = []
    if config.skipped_scopes:
        scopes = tuple(s for tag in config.skipped_scopes for s in _BLOCK_TAGS.get(tag.lower(), ()))
        if scopes:
            spans += [(s.start, s.end) for s in segments_for(doc, scopes)]
    if config.ignored_scopes or config.ignored_classes:
        tags = {_INLINE_ALIASES.get(t.lower(), t.lower()) for t in config.ignored_scopes}
        classes = set(config.ignored_classes)
        spans += [(a, b) for tag, cls, a, b in doc.elements if b > a and (tag in tags or cls & classes)]
    return spans


def masked_view(doc: Document, exclude: tuple[str, ...]) -> tuple[Document, SpanIndex | None]:
    """A copy of ``doc`` whose excluded prose is blanked out, offsets unchanged.

    Rules then never see words in excluded scopes (a hedge inside a quotation,
    a long quote inside a sentence), while findings still map to the source.
    """
    spans = excluded_spans(doc, exclude)
    if spans is None:
        return doc, None
    return mask_spans(doc, spans), spans


def mask_spans(doc: Document, spans: SpanIndex) -> Document:
    """A copy of ``doc`` with the prose in ``spans`` replaced by :data:`MASK`."""
    import copy

    parts = []
    pos = 0
    prose = doc.prose
    for a, b in spans.spans:
        parts.append(prose[pos:a])
        # Not spaces: a rule's "\s*" would backtrack through a long blank run.
        parts.append(MASK * (b - a))
        pos = b
    parts.append(prose[pos:])
    view = copy.copy(doc)
    view.prose = "".join(parts)
    # Structure is the original document's: sentences and quotes do not move,
    # and word starts are a superset once masked (the rules re-check every
    # candidate).  Shared lazily: a view computes none of it unless asked.
    view.__dict__.pop("prose_lower", None)  # derived from the prose, which changed
    view.__dict__["_structure_of"] = doc.__dict__.get("_structure_of") or doc
    # Everything blanked relative to the original document (views of views add up).
    view.__dict__["_masked_spans"] = SpanIndex([*doc.__dict__.get("_masked_spans", ()), *spans.spans]).spans
    return view


def make_alert(doc: Document, rule: Rule, f: Finding, path: str) -> Alert:
    """Turn a finding into an alert positioned in the source."""
    if f.source:
        a, b = f.start, f.end
    else:
        a, b = doc.src_span(f.start, f.end)
    message = f.message if f.message is not None else format_message(rule.message, f.args)
    suggestions = _suggestions(rule, f)
    fix = None
    if rule.fix and f.safe and len(suggestions) == 1 and not _in_quotation(doc, f):
        fix = suggestions[0]  # one unambiguous replacement, never inside someone's words
    return alert_at(doc, a, b, path=path, rule=rule.id, severity=rule.level, message=message, suggestions=suggestions, link=rule.link, fix=fix)


def _in_quotation(doc: Document, f: Finding) -> bool:
    if f.source:
        return False
    i = bisect_left(doc.quotes, (f.start + 1,)) - 1
    return 0 <= i < len(doc.quotes) and doc.quotes[i][0] <= f.start and f.end <= doc.quotes[i][1]


def alert_at(doc: Document, a: int, b: int, *, path: str, rule: str, severity: str, message: str, suggestions=(), link: str = "", fix: str | None = None) -> Alert:
    """An alert for the source span ``[a, b)`` of ``doc``: positions and match from the source."""
    line, col = doc.position(a)
    end_line, end_col = doc.position(b)
    return Alert(
        path=path,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        rule=rule,
        severity=severity,
        message=message,
        match=doc.source[a:b],
        suggestions=tuple(suggestions),
        link=link,
        offset=a,
        end_offset=b,
        fix=fix,
    )


def _suggestions(rule: Rule, f: Finding) -> tuple[str, ...]:
    if f.suggestions:
        return f.suggestions
    action = rule.action
    if isinstance(action, dict) and action.get("name") in ("replace", "suggest"):
        params = action.get("params") or []
        if isinstance(params, list) and action.get("name") == "replace":
            return tuple(str(p) for p in params)
    if isinstance(action, dict) and action.get("name") == "remove":
        return ("",)
    return ()


_VERB = re.compile(r"%(?:\[(\d+)\])?([-+# 0]*\d*(?:\.\d+)?)([svdqfgTt%])")


def format_message(template: str, args: tuple) -> str:
    """Format a message the way Go's fmt does for Vale's templates.

    ``%s`` takes arguments in order, ``%[2]s`` by position, ``%%`` is a
    percent sign, ``%.2f`` formats numbers; unused arguments are dropped.
    """
    if "%" not in template:
        return template
    index = 0

    def sub(m: re.Match) -> str:
        nonlocal index
        verb = m.group(3)
        if verb == "%":
            return "%"
        if m.group(1):
            index = int(m.group(1)) - 1
        if index >= len(args):
            index += 1
            return f"%!{verb}(MISSING)"
        value = args[index]
        if isinstance(value, str):
            # A match may span lines; a message is one line (as in Vale's output).
            value = " ".join(value.split("\n"))
        index += 1
        if verb == "q":
            return '"' + str(value).replace('"', '\\"') + '"'
        if verb in "fg" and m.group(2):
            try:
                return format(float(value), m.group(2) + verb)
            except ValueError:
                return str(value)
        return str(value)

    return _VERB.sub(sub, template)


# ---------------------------------------------------------------------------
# Inline control comments

_EDITLINT = re.compile(r"^\s*editlint-(disable-next-line|disable-line|disable|enable)\b(.*)$", re.S)
_VALE = re.compile(r"^\s*vale\s+(.*?)\s*$", re.S)
_VALE_ASSIGN = re.compile(r"""([\w.-]+)(?:\[["'](.+?)["']\])?\s*=\s*(YES|NO)""", re.I)


@dataclass
class Control:
    """Where rules are switched off by comments in the source.

    Events are replayed in source order: ``("off"|"on", offset, target)``
    where ``target`` is ``None`` (all rules), a style name, a rule id, or
    ``(rule id, word)`` for Vale's match-level form.  ``lines`` holds
    ``(line, target)`` pairs for next-line and same-line disables.
    """

    events: list[tuple[int, str, object]] = field(default_factory=list)
    lines: dict[int, list[object]] = field(default_factory=dict)
    #: ``(line, name)`` for every rule or style an editlint comment names.
    names: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def from_document(cls, doc: Document) -> Control:
        ctl = cls()
        for start, end, body in doc.comments:
            m = _EDITLINT.match(body)
            if m:
                verb, rest = m.groups()
                targets: list[object] = [t.strip() for t in re.split(r"[,\s]+", rest.strip()) if t.strip()] or [None]
                ctl.names += [(doc.position(start)[0], t) for t in targets if isinstance(t, str)]
                if verb in ("disable-next-line", "disable-line"):
                    line = doc.position(end if verb == "disable-next-line" else start)[0]
                    line += 1 if verb == "disable-next-line" else 0
                    ctl.lines.setdefault(line, []).extend(targets)
                else:
                    for t in targets:
                        ctl.events.append((end, "off" if verb == "disable" else "on", t))
                continue
            m = _VALE.match(body)
            if not m:
                continue
            arg = m.group(1)
            if arg in ("off", "on"):
                ctl.events.append((end, arg, None))
                continue
            for name, word, value in _VALE_ASSIGN.findall(arg):
                target = (name, word) if word else name
                ctl.events.append((end, "off" if value.upper() == "NO" else "on", target))
        ctl.events.sort(key=lambda e: e[0])
        return ctl

    def unknown_names(self, rules) -> list[str]:
        """One note per comment that names no rule or style in force (a typo
        would otherwise switch nothing off, silently)."""
        ids = {r.id for r in rules}
        styles = {i.split(".", 1)[0] for i in ids}
        out, seen = [], set()
        for line, name in self.names:
            known = name in ids or name in styles or name.startswith("LanguageTool.") or name == "LanguageTool"
            if not known and name not in seen:
                seen.add(name)
                out.append(f"line {line}: the disable comment names '{name}', which is no rule or style in force here (see `editlint rules`)")
        return out

    def suppressed(self, alert: Alert) -> bool:
        if not self.events and not self.lines:
            return False
        for target in self.lines.get(alert.line, ()):
            if self._hits(target, alert):
                return True
        state = False
        for offset, verb, target in self.events[: bisect_left([e[0] for e in self.events], alert.offset + 1)]:
            if self._hits(target, alert):
                state = verb == "off"
        return state

    @staticmethod
    def _hits(target, alert: Alert) -> bool:
        if target is None:
            return True
        if isinstance(target, tuple):
            return target[0] == alert.rule and target[1] == alert.match
        return target == alert.rule or target == alert.rule.split(".", 1)[0]
