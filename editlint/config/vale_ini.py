"""Reading Vale's ``.vale.ini`` into editlint's configuration.

Supported: ``StylesPath``, ``MinAlertLevel``, ``Vocab`` (``accept.txt`` and
``reject.txt`` under ``config/vocabularies/<Name>/``, or Vale 2's
``Vocab/<Name>/``), ``Packages`` (styles already under StylesPath; nothing is
downloaded), and in ``[*]`` or glob sections: ``BasedOnStyles``,
``Style.Rule = YES|NO|suggestion|warning|error``, ``TokenIgnores``,
``BlockIgnores``, ``SkippedScopes`` (HTML block tags: ``blockquote``,
``table``, ``li``, ``h1``...; script, style, pre and figure are never prose
anyway), ``IgnoredScopes`` (inline tags: ``strong``/``b``, ``em``/``i``,
``a``, any inline HTML tag; code and tt are always ignored) and
``IgnoredClasses`` (inline HTML elements with that class).
"""

from __future__ import annotations

import os
import re

import regex

from ..guard import guarded

from ..errors import ConfigError

#: Vale's config file names, in the order editlint looks for them in a folder.
VALE_NAMES = (".vale.ini", "_vale.ini", "vale.ini", ".vale", "_vale")
_KNOWN = {
    "stylespath", "minalertlevel", "vocab", "packages", "basedonstyles", "tokenignores", "blockignores",
    "ignoredscopes", "skippedscopes", "ignoredclasses", "wordtemplate", "lang", "spelling", "transform", "nlp",
}


#: Vale's HTML scope settings, as editlint config keys.
_SCOPE_KEYS = {"skippedscopes": "_skipped_scopes", "ignoredscopes": "_ignored_scopes", "ignoredclasses": "_ignored_classes"}


def parse_vale_ini(path: str) -> tuple[dict, list[tuple[str, dict]], dict]:
    """``(top, sections, extras)`` in the shapes :func:`config.parse_config` uses.

    ``extras`` carries what only Vale configs have: vocabularies and ignore
    patterns (top level and per section).
    """
    try:
        with open(path, encoding="utf-8-sig") as fh:
            lines = fh.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"cannot read: {e}", path) from None
    root = os.path.dirname(os.path.abspath(path))
    core: dict[str, tuple[str, int]] = {}
    sections: list[tuple[str, dict[str, tuple[str, int]]]] = []
    current = core
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = {}
            sections.append((line[1:-1].strip(), current))
            continue
        if "=" not in line:
            raise ConfigError(f"expected 'Key = Value', found {line!r}", path, n)
        key, _, value = line.partition("=")
        current[key.strip()] = (value.strip(), n)
    top: dict = {}
    extras: dict = {"vocab": [], "token_ignores": [], "block_ignores": [], "section_ignores": {}}
    for key, (value, n) in core.items():
        k = key.lower()
        if k == "stylespath":
            top["styles_path"] = [os.path.relpath(os.path.join(root, value), root)]
        elif k == "minalertlevel":
            if value not in ("suggestion", "warning", "error"):
                raise ConfigError(f"MinAlertLevel must be suggestion, warning or error, not {value!r}", path, n)
            top["min_level"] = value
        elif k == "vocab":
            extras["vocab"] = _list(value)
        elif k in _SCOPE_KEYS:
            top[_SCOPE_KEYS[k]] = _list(value)
        elif k in _KNOWN:
            continue
        else:
            _rule_setting(top, key, value, path, n)
    out_sections = []
    for glob, body in sections:
        section: dict = {}
        ignores = {"token": [], "block": []}
        for key, (value, n) in body.items():
            k = key.lower()
            if k == "basedonstyles":
                section["styles"] = _list(value)
            elif k in _SCOPE_KEYS:
                section[_SCOPE_KEYS[k]] = _list(value)
            elif k == "tokenignores":
                ignores["token"] += _patterns(value, path, n)
            elif k == "blockignores":
                ignores["block"] += _patterns(value, path, n)
            elif k in _KNOWN:
                continue
            else:
                _rule_setting(section, key, value, path, n)
        if glob == "*":
            top.update({k: v for k, v in section.items()})
            extras["token_ignores"] += ignores["token"]
            extras["block_ignores"] += ignores["block"]
        else:
            out_sections.append((glob, section))
            if ignores["token"] or ignores["block"]:
                extras["section_ignores"][glob] = ignores
    if "styles" not in top:
        top["styles"] = []
    # Vale's default MinAlertLevel is warning (suggestions need asking for).
    top.setdefault("min_level", "warning")
    return top, out_sections, extras


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _patterns(value: str, path: str, line: int) -> list[re.Pattern]:
    out = []
    for p in _split_patterns(value):
        try:
            out.append(guarded(p, regex.S | regex.VERSION0))
        except regex.error as e:
            raise ConfigError(f"ignore pattern does not compile: {e} in {p!r}", path, line) from None
    return out


def _split_patterns(value: str) -> list[str]:
    # Vale separates patterns with commas; a comma inside (...) or [...] belongs to the pattern.
    parts, depth, cur = [], 0, []
    for ch in value:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth <= 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return [p for p in parts if p]


def _rule_setting(target: dict, key: str, value: str, path: str, line: int) -> None:
    v = value.strip()
    low = v.lower()
    if re.match(r"^[\w-]+\.[\w.-]+$", key):
        if low in ("yes", "true", "on"):
            target[key] = "on"
        elif low in ("no", "false", "off"):
            target[key] = "off"
        elif low in ("suggestion", "warning", "error"):
            target[key] = low
        else:
            raise ConfigError(f"'{key}' must be YES, NO, suggestion, warning or error, not {v!r}", path, line)
    elif re.match(r"^[\w-]+$", key) and low in ("yes", "no"):
        # "Style = NO": a whole style switched on or off
        target[f"{key}.*"] = "on" if low == "yes" else "off"
    # Other keys belong to Vale features editlint does not have; ignore them.


def read_vocab(styles_paths: list[str], names: list[str]) -> tuple[list[str], list[str]]:
    """Accepted and rejected terms of the named vocabularies."""
    accept: list[str] = []
    reject: list[str] = []
    for name in names:
        for base in styles_paths:
            for folder in (os.path.join(base, "config", "vocabularies", name), os.path.join(base, "Vocab", name)):
                if not os.path.isdir(folder):
                    continue
                for fname, bucket in (("accept.txt", accept), ("reject.txt", reject)):
                    p = os.path.join(folder, fname)
                    if os.path.isfile(p):
                        with open(p, encoding="utf-8-sig", errors="replace") as fh:
                            bucket.extend(l.strip() for l in fh if l.strip() and not l.lstrip().startswith("#"))
    return accept, reject
