"""Loading YAML rule files into :class:`Rule` objects.

A *style* is a folder of YAML files; each file is one rule named
``Style.FileStem``.  The keys and semantics are Vale's, so Vale styles load
unchanged.  Every problem becomes a :class:`ConfigError` at its line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from .alert import LEVELS
from .checks import REGISTRY
from .checks.base import Check, RuleValueError
from .errors import ConfigError
from .yamlio import LinedDict, read_yaml_file

#: Keys every rule may have, whatever its type.
COMMON_KEYS = {"extends", "message", "description", "level", "scope", "link", "limit", "action", "name", "code", "type", "skip_genres", "fix"}

#: Rule types whose one suggestion ``--fix`` applies unless a rule says
#: ``fix: false`` (substitution swaps, the majority form of a variant, a
#: name's well-attested spelling); the rest fix only with ``fix: true``.
FIX_BY_DEFAULT = frozenset({"substitution", "variants", "entities"})

#: Scopes a rule may name.  Vale scopes for markup editlint does not lint
#: (``title``, captions...) are accepted and simply match nothing.
BLOCK_SCOPES = {"heading", "paragraph", "list", "blockquote", "table", "table.header", "table.cell", "table.caption"}
SCOPES = (
    BLOCK_SCOPES
    | {f"heading.h{i}" for i in range(1, 7)}
    | {"document", "text", "sentence", "quote", "raw", "summary", "repeat", "alt"}
)
INERT_SCOPES = {"_other_format", "title", "table.caption", "figure.caption", "caption", "comment", "code", "attr", "strong", "emphasis", "link", "image"}


MARKUP_FORMATS = {"md", "markdown", "txt", "html", "rst", "adoc", "asciidoc", "org", "tex", "latex", "xml", "dita", "mdx"}


@dataclass(frozen=True)
class Scope:
    """Which prose a rule sees: the union of ``include`` minus ``exclude``."""

    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    @classmethod
    def parse(cls, value, default: tuple[str, ...]) -> Scope:
        if value is None:
            return cls(default)
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise RuleValueError("scope", "'scope' must be a scope name or a list of them")
        include, exclude = [], []
        for raw in items:
            for part in raw.split("&"):  # Vale's "text & ~code" form
                name = part.strip()
                neg = name.startswith("~")
                name = name.lstrip("~").strip()
                # Vale qualifies scopes by markup format ("text.html"): the
                # Markdown and text forms are ours, the others match nothing.
                base, _, fmt = name.rpartition(".")
                if base and fmt in MARKUP_FORMATS:
                    name = base if fmt in ("md", "markdown", "txt") else "_other_format"
                if name not in SCOPES and name not in INERT_SCOPES:
                    known = ", ".join(sorted(SCOPES))
                    raise RuleValueError("scope", f"unknown scope '{name}' (known: {known})")
                (exclude if neg else include).append(name)
        return cls(tuple(include) or default, tuple(exclude))


@dataclass(frozen=True)
class Rule:
    """A loaded rule: its check plus everything the engine stamps on alerts."""

    id: str
    type: str
    check: Check
    level: str
    message: str
    scope: Scope
    link: str = ""
    description: str = ""
    action: Any = None
    path: str = ""
    line: int = 0
    data: dict = field(default_factory=dict, repr=False, compare=False)
    #: Genres (front matter ``genre:``) the rule does not apply to, e.g. a
    #: first-person rule in an essay or an interview (editlint's key).
    skip_genres: tuple[str, ...] = ()
    #: Whether ``--fix`` applies this rule's safe one-suggestion alerts.
    fix: bool = False

    @property
    def style(self) -> str:
        return self.id.split(".", 1)[0]

    def with_level(self, level: str) -> Rule:
        from dataclasses import replace

        return replace(self, level=level)


#: Vale rule types editlint does not run: loading a style skips these rules
#: with one notice each instead of failing.
UNSUPPORTED = {
    "script": "runs Tengo code from the rule file; editlint never runs code from rules, so it is skipped",
}


#: Ids of rules skipped so far; settings that name them are not errors.
SKIPPED_IDS: set[str] = set()


class SkippedRule(Exception):
    """A valid rule of a type editlint does not run; the message says why."""


def build_rule(rule_id: str, data: Any, path: str, *, vocab_accept: tuple[str, ...] = (), styles_paths: tuple[str, ...] = ()) -> Rule:
    """Validate one rule's YAML mapping and construct its check."""
    if not isinstance(data, dict):
        raise ConfigError("a rule file must be a YAML mapping of keys to values", path, getattr(data, "line", 1) or 1)
    lines = data if isinstance(data, LinedDict) else None

    def line_of(key):
        return lines.line_of(key) if lines is not None else None

    kind = data.get("extends")
    if kind is None:
        raise ConfigError("missing required key 'extends' (the rule type)", path, 1)
    if kind in UNSUPPORTED:
        raise SkippedRule(f"{path}:{line_of('extends') or 1}: {rule_id} is a '{kind}' rule, which {UNSUPPORTED[kind]}")
    cls = REGISTRY.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(sorted(REGISTRY))
        raise ConfigError(f"unknown rule type '{kind}' (known: {known})", path, line_of("extends"))
    options: dict[str, Any] = {}
    for key, value in data.items():
        if key in COMMON_KEYS:
            continue
        validator = cls.KEYS.get(key)
        if validator is None:
            allowed = ", ".join(sorted(COMMON_KEYS | set(cls.KEYS)))
            raise ConfigError(f"unknown key '{key}' for a {kind} rule (allowed: {allowed})", path, line_of(key))
        try:
            options[key] = validator(key, value)
        except RuleValueError as e:
            raise ConfigError(e.message, path, line_of(key)) from None
    for key in cls.REQUIRED:
        if key not in options:
            raise ConfigError(f"a {kind} rule needs '{key}'", path, data.line if lines is not None else 1)
    level = data.get("level", "warning")  # Vale's default when a rule names none
    if level not in LEVELS:
        raise ConfigError(f"'level' must be one of {', '.join(LEVELS)}, not {level!r}", path, line_of("level"))
    message = data.get("message", cls.DEFAULT_MESSAGE)
    if not isinstance(message, str):
        raise ConfigError("'message' must be a string", path, line_of("message"))
    link = data.get("link", "") or ""
    if not isinstance(link, str):
        raise ConfigError("'link' must be a string", path, line_of("link"))
    try:
        scope = Scope.parse(data.get("scope"), cls.DEFAULT_SCOPE)
        check = cls(options, vocab_accept=vocab_accept, styles_paths=styles_paths)
        if hasattr(check, "bind_message"):
            check.bind_message(message)
    except RuleValueError as e:
        raise ConfigError(e.message, path, line_of(e.key)) from None
    genres = data.get("skip_genres", [])
    if isinstance(genres, str):
        genres = [genres]
    if not isinstance(genres, list) or not all(isinstance(g, str) for g in genres):
        raise ConfigError("'skip_genres' must be a list of genre names", path, line_of("skip_genres"))
    fix = data.get("fix", kind in FIX_BY_DEFAULT)
    if not isinstance(fix, bool):
        raise ConfigError("'fix' must be true or false", path, line_of("fix"))
    action = data.get("action")
    if action is not None and not isinstance(action, dict):
        raise ConfigError("'action' must be a mapping with 'name' and 'params'", path, line_of("action"))
    return Rule(
        id=rule_id,
        type=kind,
        check=check,
        level=level,
        message=message.strip(),
        scope=scope,
        link=link,
        description=str(data.get("description", "") or ""),
        action=action,
        path=path,
        line=1,
        data=dict(data),
        skip_genres=tuple(g.lower() for g in genres),
        fix=fix,
    )


#: Vale loads rule files named ``*.yml`` only; so does editlint, so that a
#: Vale style gives the same alerts under both.
RULE_SUFFIXES = (".yml",)


def style_files(style_dir: str, notices: list[str] | None = None) -> list[tuple[str, str]]:
    """``(rule name, path)`` for each rule file in a style folder, sorted.

    A ``*.yaml`` file is not a rule (Vale ignores it too); it is named in
    ``notices`` so the difference is never silent."""
    out = []
    for entry in sorted(os.listdir(style_dir)):
        stem, ext = os.path.splitext(entry)
        full = os.path.join(style_dir, entry)
        if ext in RULE_SUFFIXES and os.path.isfile(full):
            out.append((stem, full))
        elif ext == ".yaml" and notices is not None and os.path.isfile(full):
            notices.append(f"{full}: not loaded: rule files end in .yml (Vale ignores .yaml too); rename it to use it")
    return out


def load_style(name: str, style_dir: str, *, vocab_accept: tuple[str, ...] = (), notices: list[str] | None = None, styles_paths: tuple[str, ...] = ()) -> list[Rule]:
    """Load every rule of the style folder ``style_dir``.

    Rules of types editlint does not run are left out, each with a line in
    ``notices``."""
    rules = []
    for stem, path in style_files(style_dir, notices):
        data = read_yaml_file(path)
        try:
            rules.append(build_rule(f"{name}.{stem}", data, path, vocab_accept=vocab_accept, styles_paths=styles_paths))
        except SkippedRule as e:
            if notices is not None:
                notices.append(str(e))
            SKIPPED_IDS.add(f"{name}.{stem}")
    return rules
