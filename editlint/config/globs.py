"""Glob patterns with ``**`` and ``{a,b}``, as used in config sections and ignores."""

from __future__ import annotations

import re
from functools import lru_cache


def _expand_braces(pattern: str) -> list[str]:
    m = re.search(r"\{([^{}]*)\}", pattern)
    if not m:
        return [pattern]
    head, tail = pattern[: m.start()], pattern[m.end() :]
    out = []
    for alt in m.group(1).split(","):
        out.extend(_expand_braces(head + alt + tail))
    return out


def _translate(pattern: str) -> str:
    i, out = 0, []
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1 : j].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> re.Pattern:
    """A regex for ``pattern``.  A pattern without ``/`` matches a file name
    at any depth (like ``.gitignore``); one with ``/`` matches the path
    relative to the config's folder; a trailing ``/`` matches a folder's contents."""
    pattern = pattern.strip()
    alts = []
    for p in _expand_braces(pattern):
        if p.endswith("/"):
            p += "**"
        if "/" not in p.rstrip("/"):
            alts.append("(?:.*/)?" + _translate(p))
        else:
            alts.append(_translate(p.lstrip("/")))
    return re.compile("^(?:" + "|".join(alts) + ")(?:/.*)?$")


def match_glob(pattern: str, relpath: str) -> bool:
    """Does ``relpath`` (``/``-separated) match ``pattern``?"""
    return compile_glob(pattern).match(relpath) is not None
