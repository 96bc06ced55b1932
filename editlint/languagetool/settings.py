"""The ``grammar:`` settings: validated with the rest of the configuration
(also under ``--no-grammar``), without importing the network client."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..alert import LEVELS
from ..errors import ConfigError


GRAMMAR_KEYS = {
    "enabled",
    "server",
    "language",
    "level",
    "disabled_rules",
    "enabled_rules",
    "disabled_categories",
    "required",
    "levels",
    "idle_minutes",
    "preferred_variants",
    "fix",
}
#: LanguageTool rules whose single replacement ``--fix`` and the editor's
#: "fix all" apply (``grammar.fix`` replaces the list; ``[]`` turns it off):
#: mechanical slips with one right answer, never a question of style.  Only a
#: match with exactly one replacement is applied ("could of" offers two).
DEFAULT_FIX_RULES = (
    "COMMA_PARENTHESIS_WHITESPACE",  # "word ," -> "word,"
    "ENGLISH_WORD_REPEAT_RULE",  # "the the"
    "EN_A_VS_AN",  # "a apple"
)
#: Level per LanguageTool category; anything else is a suggestion.
DEFAULT_LEVELS = {
    "TYPOS": "warning",
    "GRAMMAR": "warning",
    "CONFUSED_WORDS": "warning",
    "COMPOUNDING": "warning",
    "PUNCTUATION": "suggestion",
    "CASING": "suggestion",
    "STYLE": "suggestion",
    "REDUNDANCY": "suggestion",
    "TYPOGRAPHY": "suggestion",
    "MISC": "warning",
    "SEMANTICS": "warning",
}
#: Rules that duplicate editlint's own checks or misfire on Markdown prose.
DEFAULT_DISABLED = ("WHITESPACE_RULE", "EN_QUOTES", "DASH_RULE", "EN_UNPAIRED_QUOTES", "PUNCTUATION_PARAGRAPH_END")


@dataclass(frozen=True)
class GrammarSettings:
    """The ``grammar:`` section of the configuration."""

    enabled: bool | None = None  # None: on when a LanguageTool is available
    server: str | None = None
    language: str = "en-US"
    level: str = "default"
    disabled_rules: tuple[str, ...] = DEFAULT_DISABLED
    enabled_rules: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    required: bool = False
    levels: tuple[tuple[str, str], ...] = ()
    #: Minutes the shared local LanguageTool stays up unused (None: 30, or EDITLINT_LANGUAGETOOL_IDLE).
    idle_minutes: float | None = field(default=None, compare=False)
    #: With ``language: auto``: the variants LanguageTool should prefer (en-GB, de-AT...).
    preferred_variants: tuple[str, ...] = ()
    #: The vocabulary's accepted terms: LanguageTool's spelling rules accept them too.
    vocab: tuple[str, ...] = ()
    #: LanguageTool rule ids whose one replacement is applied by ``--fix``.
    fix_rules: tuple[str, ...] = DEFAULT_FIX_RULES

    @classmethod
    def from_config(cls, data: dict[str, Any] | None, path: str | None, line: int | None = None, vocab=()) -> GrammarSettings:
        """Validate the ``grammar:`` mapping; every problem is one
        :class:`ConfigError` with the key's line."""
        lines = getattr(data, "lines", None) or {}
        data = dict(data or {})

        def where(key):
            return lines.get(key, line)

        unknown = set(data) - GRAMMAR_KEYS
        if unknown:
            raise ConfigError(f"unknown grammar key(s): {', '.join(sorted(map(str, unknown)))} (allowed: {', '.join(sorted(GRAMMAR_KEYS))})", path, line)

        def strings(key):
            v = data.get(key, [])
            if isinstance(v, str):
                v = [v]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise ConfigError(f"grammar.{key} must be a list of names", path, where(key))
            return tuple(v)

        def flag(key, allow_none=False):
            v = data.get(key)
            if v is None and allow_none:
                return None
            if v is None:
                return False
            if not isinstance(v, bool):
                raise ConfigError(f"grammar.{key} must be true or false, not {v!r}", path, where(key))
            return v

        server = data.get("server")
        if server is not None and (not isinstance(server, str) or not server.startswith(("http://", "https://"))):
            raise ConfigError(f"grammar.server must be a URL such as http://127.0.0.1:8081, not {server!r}", path, where("server"))
        language = data.get("language", "en-US")
        if not isinstance(language, str) or not language.strip():
            raise ConfigError(f"grammar.language must be a language code such as en-US, not {language!r}", path, where("language"))
        level = data.get("level", "default")
        if level not in ("default", "picky"):
            raise ConfigError("grammar.level must be 'default' or 'picky'", path, where("level"))
        levels = data.get("levels", {}) or {}
        if not isinstance(levels, dict) or any(not isinstance(k, str) or v not in LEVELS + ("off",) for k, v in levels.items()):
            raise ConfigError("grammar.levels maps a LanguageTool category to suggestion, warning, error or off", path, where("levels"))
        idle = data.get("idle_minutes")
        if idle is not None and (isinstance(idle, bool) or not isinstance(idle, (int, float)) or not 0 < idle < 10**6):
            raise ConfigError(f"grammar.idle_minutes must be a number of minutes, not {idle!r}", path, where("idle_minutes"))
        return cls(
            idle_minutes=idle,
            preferred_variants=strings("preferred_variants"),
            vocab=tuple(vocab),
            enabled=flag("enabled", allow_none=True),
            server=server,
            language=language,
            level=level,
            disabled_rules=tuple(dict.fromkeys(DEFAULT_DISABLED + strings("disabled_rules"))),
            enabled_rules=strings("enabled_rules"),
            disabled_categories=strings("disabled_categories"),
            required=flag("required"),
            levels=tuple(sorted(levels.items())),
            fix_rules=tuple(r.removeprefix("LanguageTool.") for r in strings("fix")) if "fix" in data else DEFAULT_FIX_RULES,
        )

    def level_for(self, category: str) -> str:
        return dict(self.levels).get(category, DEFAULT_LEVELS.get(category, "suggestion"))

    def cache_key(self) -> str:
        return json.dumps([self.language, self.level, self.disabled_rules, self.enabled_rules, self.disabled_categories, self.preferred_variants])


