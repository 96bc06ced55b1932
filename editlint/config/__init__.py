"""Finding, reading and merging configuration into an engine :class:`Config`.

``.editlint.yaml`` (or ``.editlint.yml``, or ``[tool.editlint]`` in
``pyproject.toml``) is found by walking up from each linted file, unless
``--config`` names one.  Keys::

    styles_path: styles          # folder(s) of styles, relative to this file
    styles: [Editorial]          # styles to use (default: the bundled ones)
    min_level: suggestion        # what is shown
    fail_level: warning          # what makes the exit code 1
    vocab: {accept: [...], reject: [...]}
    ignore: ["drafts/old/**"]    # files never linted
    Editorial.FirstPerson: off   # per-rule: off | on | suggestion | warning | error
    "docs/**/*.md":              # per-glob section, merged over the top level
      Editorial.FirstPerson: error

Only this module and the CLI touch the file system for configuration.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from ..alert import LEVELS
from ..engine import Config
from ..errors import ConfigError
from .globs import match_glob
from ..rules import SKIPPED_IDS, Rule, load_style
from ..yamlio import LinedDict, read_yaml_file

CONFIG_NAMES = (".editlint.yaml", ".editlint.yml")
DEFAULT_STYLES = ("Editorial",)
TOP_KEYS = {"styles_path", "styles", "min_level", "fail_level", "vocab", "ignore", "grammar"}
SECTION_KEYS = {"styles", "min_level", "fail_level", "vocab", "grammar"}
_OFF = {"off", "no", "false", "0", "none", "disable", "disabled"}
_ON = {"on", "yes", "true", "1", "enable", "enabled"}
_RULE_ID = re.compile(r"^[\w-]+\.[\w.-]+$")


def bundled_styles_dir() -> str:
    """The folder holding the bundled styles (``rules/``)."""
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # the package folder
    for candidate in (os.path.join(here, "rules"), os.path.join(os.path.dirname(here), "rules")):
        if os.path.isdir(candidate):
            return candidate
    return os.path.join(here, "rules")


@dataclass
class Overrides:
    """What the command line says, applied over every config file."""

    config: str | None = None
    styles_path: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    min_level: str | None = None
    fail_level: str | None = None
    grammar: bool | None = None


@dataclass
class ConfigFile:
    """One parsed configuration file (or the defaults when ``path`` is None)."""

    path: str | None
    root: str
    data: dict[str, Any]
    sections: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    vale: bool = False  # read from a .vale.ini

    @property
    def label(self) -> str:
        return self.path or "<defaults>"


@dataclass(frozen=True)
class Settings:
    """The merged settings for one file."""

    config: Config
    fail_level: str
    source: str  # which config file
    grammar: object = None  # GrammarSettings, or None when grammar is off


def _line(data, key) -> int | None:
    return data.line_of(key) if isinstance(data, LinedDict) else None


def _check_level(value, path, line, key):
    if value not in LEVELS:
        raise ConfigError(f"'{key}' must be one of {', '.join(LEVELS)}, not {value!r}", path, line)
    return value


def parse_config(data: Any, path: str | None, root: str) -> ConfigFile:
    """Validate a config mapping (from YAML or TOML)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping of keys to values", path, 1)
    top = LinedDict()
    if isinstance(data, LinedDict):
        top.line, top.lines = data.line, dict(data.lines)
    sections: list[tuple[str, dict]] = []
    for key, value in data.items():
        line = _line(data, key)
        if not isinstance(key, str):
            raise ConfigError(f"unexpected key {key!r}", path, line)
        if key == "extends":
            raise ConfigError("'extends' names a rule type inside a rule file; a config lists 'styles' instead", path, line)
        if key in TOP_KEYS:
            top[key] = _validate_key(key, value, path, line)
        elif _RULE_ID.match(key) and not isinstance(value, dict):
            top[key] = _validate_rule_value(key, value, path, line)
        elif isinstance(value, dict) and any(c in key for c in "*?[/{."):
            section: dict[str, Any] = {}
            for k, v in value.items():
                kline = _line(value, k) or line
                if k in SECTION_KEYS:
                    section[k] = _validate_key(k, v, path, kline)
                elif isinstance(k, str) and _RULE_ID.match(k):
                    section[k] = _validate_rule_value(k, v, path, kline)
                else:
                    raise ConfigError(
                        f"unknown key '{k}' in section '{key}' (allowed: {', '.join(sorted(SECTION_KEYS))} or Style.Rule)",
                        path,
                        kline,
                    )
            sections.append((key, section))
        else:
            raise ConfigError(
                f"unknown key '{key}' (allowed: {', '.join(sorted(TOP_KEYS))}, Style.Rule: level, or a \"glob\": section)",
                path,
                line,
            )
    return ConfigFile(path, root, top, sections)


def _validate_key(key, value, path, line):
    if key in ("min_level", "fail_level"):
        return _check_level(value, path, line, key)
    if key in ("styles", "styles_path", "ignore"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"'{key}' must be a name or a list of names", path, line)
        return list(value)
    if key == "vocab":
        if not isinstance(value, dict) or set(value) - {"accept", "reject"}:
            raise ConfigError("'vocab' must be a mapping with 'accept' and/or 'reject' lists", path, line)
        out = {}
        for k, v in value.items():
            if isinstance(v, str):
                v = [v]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise ConfigError(f"'vocab.{k}' must be a list of words", path, _line(value, k) or line)
            out[k] = list(v)
        return out
    if key == "grammar":
        if isinstance(value, bool):
            return {"enabled": value}
        if not isinstance(value, dict):
            raise ConfigError("'grammar' must be true, false or a mapping", path, line)
        from ..languagetool.settings import GrammarSettings

        GrammarSettings.from_config(value, path, line)  # checked even when grammar is off for the run
        return value
    return value


def _validate_rule_value(key, value, path, line):
    text = str(value).strip().lower() if value is not None else "off"
    if isinstance(value, bool):
        text = "on" if value else "off"
    if text in _OFF:
        return "off"
    if text in _ON:
        return "on"
    if text in LEVELS:
        return text
    raise ConfigError(f"'{key}' must be off, on, suggestion, warning or error, not {value!r}", path, line)


#: Vale's config names without the ``.ini`` suffix.
VALE_PLAIN_NAMES = (".vale", "_vale")


def read_config_file(path: str) -> ConfigFile:
    """Read ``.editlint.yaml``, a ``pyproject.toml`` with ``[tool.editlint]``, or a ``.vale.ini``."""
    root = os.path.dirname(os.path.abspath(path))
    if path.endswith(".ini") or os.path.basename(path) in VALE_PLAIN_NAMES:
        from .vale_ini import parse_vale_ini

        if not os.path.isfile(path):
            raise ConfigError("config file not found", path)
        top, sections, extras = parse_vale_ini(path)
        data = LinedDict(top)
        data["_vocab_names"] = extras["vocab"]
        data["_token_ignores"] = extras["token_ignores"]
        data["_block_ignores"] = extras["block_ignores"]
        for glob, section in sections:
            ign = extras["section_ignores"].get(glob)
            if ign:
                section["_token_ignores"] = data["_token_ignores"] + ign["token"]
                section["_block_ignores"] = data["_block_ignores"] + ign["block"]
        return ConfigFile(path, root, data, sections, vale=True)
    if os.path.basename(path) == "pyproject.toml" or path.endswith(".toml"):
        import tomllib

        try:
            with open(path, "rb") as fh:
                doc = tomllib.load(fh)
        except tomllib.TOMLDecodeError as e:
            m = re.search(r"line (\d+)", str(e))
            raise ConfigError(f"invalid TOML: {e}", path, int(m.group(1)) if m else None) from None
        except OSError as e:
            raise ConfigError(f"cannot read: {e.strerror}", path) from None
        tool = doc.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError("[tool] must be a table", path, _toml_line(path, "tool"))
        section = tool.get("editlint", {})
        if not isinstance(section, dict):
            raise ConfigError("tool.editlint must be a table ([tool.editlint]), not a value", path, _toml_line(path, "editlint"))
        return parse_config(section, path, root)
    if not os.path.isfile(path):
        raise ConfigError("config file not found", path)
    return parse_config(read_yaml_file(path), path, root)


def _toml_line(path: str, key: str) -> int | None:
    """The line where ``key`` is set in a TOML file (for messages)."""
    try:
        with open(path, encoding="utf-8") as fh:
            for n, text in enumerate(fh, 1):
                if re.match(rf"\s*(?:\[[^\]]*\b{re.escape(key)}\b|{re.escape(key)}\s*=)", text):
                    return n
    except (OSError, UnicodeDecodeError):
        pass
    return None


def _pyproject_has_section(path: str) -> bool:
    """Does this pyproject.toml configure editlint (``[tool.editlint]``, or
    ``editlint`` under ``[tool]`` in any TOML spelling)?"""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        return False
    if "editlint" not in text:
        return False
    # The answer is kept with the file's hash: a project called editlint
    # would otherwise have every run import and run a TOML parser (3 ms).
    from ..caches import parsed

    key = "pyproject.toml configures editlint?\0" + text
    kept = parsed.get(key, plain=True)
    if type(kept) is bool:
        return kept
    import tomllib

    try:
        answer = "editlint" in tomllib.loads(text).get("tool", {})
    except (tomllib.TOMLDecodeError, AttributeError):
        answer = "[tool.editlint" in text  # broken TOML that means to configure editlint: report it
    parsed.put(key, answer, plain=True)
    return answer


def find_config(start_dir: str) -> str | None:
    """The nearest config file at or above ``start_dir``.

    In one folder ``.editlint.yaml`` wins over ``pyproject.toml``, which wins
    over Vale's ``.vale.ini``/``_vale.ini``."""
    from .vale_ini import VALE_NAMES

    d = os.path.abspath(start_dir)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(d, name)
            if os.path.isfile(candidate):
                return candidate
        candidate = os.path.join(d, "pyproject.toml")
        if os.path.isfile(candidate) and _pyproject_has_section(candidate):
            return candidate
        for name in VALE_NAMES:
            candidate = os.path.join(d, name)
            if os.path.isfile(candidate):
                return candidate
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


class ConfigLoader:
    """Resolves the :class:`Settings` for each file, caching everything it reads."""

    def __init__(self, overrides: Overrides | None = None, cwd: str | None = None):
        self.overrides = overrides or Overrides()
        self.cwd = os.path.abspath(cwd or os.getcwd())
        self._files: dict[str | None, ConfigFile] = {}
        self._dir_config: dict[str, str | None] = {}
        self._styles: dict[tuple, list[Rule]] = {}
        self._settings: dict[tuple, Settings] = {}
        #: One line per rule that was loaded but will not run (e.g. 'script').
        self.notices: list[str] = []
        if self.overrides.config:
            self._explicit = self._load(self.overrides.config)
        else:
            self._explicit = None

    def _load(self, path: str | None) -> ConfigFile:
        if path not in self._files:
            if path is None:
                self._files[None] = ConfigFile(None, self.cwd, {})
            else:
                self._files[path] = read_config_file(path)
        return self._files[path]

    def config_file_for(self, path: str | None) -> ConfigFile:
        """The config file governing ``path`` (a file path, or None for stdin/cwd)."""
        if self._explicit is not None:
            return self._explicit
        directory = os.path.dirname(os.path.abspath(path)) if path else self.cwd
        if directory not in self._dir_config:
            self._dir_config[directory] = find_config(directory)
        return self._load(self._dir_config[directory])

    def is_ignored(self, path: str) -> bool:
        """Does the governing config's ``ignore`` list cover ``path``?"""
        cf = self.config_file_for(path)
        patterns = cf.data.get("ignore", [])
        if not patterns:
            return False
        rel = _relative(path, cf.root)
        return any(match_glob(p, rel) for p in patterns)

    def settings_for(self, path: str | None) -> Settings:
        """Merged settings and the built rule set for ``path``."""
        cf = self.config_file_for(path)
        merged = dict(cf.data)
        applied = []
        if path and cf.sections:
            rel = _relative(path, cf.root)
            for i, (pattern, section) in enumerate(cf.sections):
                if match_glob(pattern, rel):
                    merged.update(section)
                    applied.append(i)
        key = (cf.label, tuple(applied))
        if key not in self._settings:
            self._settings[key] = self._build(cf, merged)
        return self._settings[key]

    # -- building ---------------------------------------------------------------
    def _build(self, cf: ConfigFile, merged: dict[str, Any]) -> Settings:
        ov = self.overrides
        search = [os.path.join(cf.root, p) for p in merged.get("styles_path", [])]
        search += [os.path.abspath(p) for p in ov.styles_path]
        search.append(bundled_styles_dir())
        styles = list(ov.styles or (merged.get("styles") if "styles" in merged else None) or ([] if cf.vale else DEFAULT_STYLES))
        vocab = merged.get("vocab", {})
        accept_list = list(vocab.get("accept", []))
        reject_list = list(vocab.get("reject", []))
        if merged.get("_vocab_names"):
            from .vale_ini import read_vocab

            more_accept, more_reject = read_vocab(search, merged["_vocab_names"])
            accept_list += more_accept
            reject_list += more_reject
        accept = tuple(accept_list)
        levels = {k: v for k, v in merged.items() if _RULE_ID.match(k) and k not in TOP_KEYS and not k.endswith(".*")}
        style_switch = {k[:-2]: v for k, v in merged.items() if k.endswith(".*")}
        styles = [st for st in styles if style_switch.get(st) != "off"] + [st for st, v in style_switch.items() if v == "on" and st not in styles]
        for rule_id in ov.disable:
            levels[rule_id] = "off"
        rules: list[Rule] = []
        loaded_styles = set()
        for name in styles:
            if name == "Vale":
                from .vale_style import vale_rules

                rules.extend(vale_rules(accept, tuple(reject_list), tuple(search)))
            else:
                for rule in self._style(name, search, cf, accept):
                    rules.append(rule)
            loaded_styles.add(name)
        if reject_list and "Vale" not in loaded_styles and not cf.vale:
            # editlint's own `vocab.reject` always applies; in a Vale config,
            # rejected words are Vale.Avoid's, which runs with the Vale style.
            from .vale_style import vale_rules

            rules.extend(vale_rules(accept, tuple(reject_list), only="Vale.Avoid"))
        # A rule switched on from a style that is not in `styles`.
        for rule_id, value in levels.items():
            style = rule_id.split(".", 1)[0]
            if style == "Vale" and value != "off" and "Vale" not in loaded_styles:
                from .vale_style import vale_rules

                rules.extend(vale_rules(accept, tuple(reject_list), tuple(search), only=rule_id))
                continue
            if value != "off" and style not in loaded_styles:
                if style == "LanguageTool" and not any(os.path.isdir(os.path.join(b, style)) for b in search):
                    continue  # grammar alerts' ids, not a style (unless a style has that name)
                found = [r for r in self._style(style, search, cf, accept) if r.id == rule_id]
                if not found and rule_id in SKIPPED_IDS:
                    continue
                if not found and cf.vale:
                    # Vale ignores a setting for a rule its style does not have; say so, go on.
                    note = f"{cf.path}:{_line(cf.data, rule_id) or 1}: no rule '{rule_id}' in style '{style}'; setting ignored"
                    if note not in self.notices:
                        self.notices.append(note)
                    continue
                if not found:
                    raise ConfigError(f"no rule '{rule_id}' in style '{style}'", cf.path, _line(cf.data, rule_id))
                rules.extend(found)
        out = []
        known = {r.id for r in rules}
        for rule_id in levels:
            style = rule_id.split(".", 1)[0]
            if rule_id not in known and rule_id not in SKIPPED_IDS and style in loaded_styles and rule_id.count(".") == 1 and not cf.vale:
                raise ConfigError(f"no rule '{rule_id}' in style '{style}'", cf.path, _line(cf.data, rule_id))
        for rule in rules:
            value = levels.get(rule.id)
            if value == "off":
                continue
            if value in LEVELS:
                rule = rule.with_level(value)
            out.append(rule)
        min_level = ov.min_level or merged.get("min_level", "suggestion")
        # Vale exits 1 only for error-level alerts; a Vale config keeps that contract.
        fail_level = ov.fail_level or merged.get("fail_level", "error" if cf.vale else "warning")
        config = Config(
            rules=tuple(out),
            min_level=min_level,
            token_ignores=tuple(merged.get("_token_ignores", ())),
            block_ignores=tuple(merged.get("_block_ignores", ())),
            skipped_scopes=tuple(merged.get("_skipped_scopes", ())),
            ignored_scopes=tuple(merged.get("_ignored_scopes", ())),
            ignored_classes=tuple(merged.get("_ignored_classes", ())),
        )
        grammar = None
        if ov.grammar is not False:
            from ..languagetool.settings import GrammarSettings

            grammar = GrammarSettings.from_config(merged.get("grammar"), cf.path, vocab=accept)
            # A folder configured only by .vale.ini gets Vale's alerts only:
            # grammar there is asked for (grammar: true in an editlint config,
            # or EDITLINT_LANGUAGETOOL_URL), never assumed.
            if grammar.enabled is False or (cf.vale and grammar.enabled is None and not os.environ.get("EDITLINT_LANGUAGETOOL_URL")):
                grammar = None
        return Settings(config=config, fail_level=fail_level, source=cf.label, grammar=grammar)

    def _style(self, name: str, search: list[str], cf: ConfigFile, accept: tuple[str, ...]) -> list[Rule]:
        for base in search:
            d = os.path.join(base, name)
            if os.path.isdir(d):
                key = (os.path.abspath(d), accept, tuple(search))
                if key not in self._styles:
                    self._styles[key] = load_style(name, d, vocab_accept=accept, notices=self.notices, styles_paths=tuple(search))
                return self._styles[key]
        where = ", ".join(search)
        raise ConfigError(f"style '{name}' not found (looked in: {where})", cf.path or "<command line>", _line(cf.data, "styles"))

    def note_for(self, path: str | None) -> str:
        """Which config governs ``path``, and any config it shadows (for ``-v``)."""
        cf = self.config_file_for(path)
        note = f"config: {cf.label}"
        if cf.path and not cf.vale:
            from .vale_ini import VALE_NAMES

            for name in VALE_NAMES:
                other = os.path.join(os.path.dirname(cf.path), name)
                if os.path.isfile(other):
                    note += f" (wins over {other})"
        return note

    def all_rules(self, path: str | None = None) -> list[Rule]:
        """Every active rule for ``path`` (for ``editlint rules``); with no
        path, the rules of every section of the config (see :meth:`rules_by_glob`)."""
        if path is None:
            return [rule for rule, _ in self.rules_by_glob()]
        return list(self.settings_for(path).config.rules)

    def rules_by_glob(self) -> list[tuple[Rule, tuple[str, ...]]]:
        """Every rule the current folder's config can turn on, each with the
        section globs it comes from (empty: the top level).  A Vale project
        usually configures everything under ``[*.md]``; listing only the top
        level would show no rules at all."""
        cf = self.config_file_for(None)
        found: dict[str, tuple[Rule, list[str]]] = {}
        for rule in self.settings_for(None).config.rules:
            found.setdefault(rule.id, (rule, []))
        for i, (pattern, section) in enumerate(cf.sections):
            key = (cf.label, (i,))
            if key not in self._settings:
                self._settings[key] = self._build(cf, {**cf.data, **section})
            for rule in self._settings[key].config.rules:
                entry = found.setdefault(rule.id, (rule, []))
                if rule.id not in {r.id for r in self.settings_for(None).config.rules}:
                    entry[1].append(pattern)
        return [(rule, tuple(globs)) for rule, globs in found.values()]


def _relative(path: str, root: str) -> str:
    rel = os.path.relpath(os.path.abspath(path), root)
    return rel.replace(os.sep, "/")
