"""Alerts of files already linted with the same rules, kept between runs.

A pre-commit hook or CI gate lints mostly unchanged files; like ruff's
cache, a file whose text, name and rule set are unchanged gets its alerts
back without being parsed or linted (or sent to LanguageTool).

The key of an entry is a hash of the file's (normalised) text, its reported
path, its format and a fingerprint of everything that decides the alerts:
editlint's own code and data files (sizes and times), the content of every
rule's file and of the vocabulary, dictionaries and word lists the rules
read, every rule's settings, the
config's scope and ignore settings and the grammar settings.  Results that
are incomplete (a rule timed out, grammar wanted but unavailable) are never
stored.  ``--no-cache`` or ``EDITLINT_NO_CACHE=1`` turn it off; the cache
lives in ``$EDITLINT_CACHE_DIR`` (default ``~/.cache/editlint``).
"""

from __future__ import annotations

from .digest import blake2b, sha256
import marshal
import os
import sqlite3
import time
from dataclasses import astuple

from ..alert import Alert

VERSION = 3
#: Entries unused for this long are dropped when the cache is next written.
MAX_AGE_DAYS = 30


def _stat(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


_digests: dict[str, str] = {}


def _content(path: str) -> str:
    """A hash of the file's bytes: an edit that keeps size and mtime (a
    spelling ignore list rewritten within a second) still changes the key.
    Worked out once per file per run."""
    value = _digests.get(path)
    if value is None:
        try:
            with open(path, "rb") as fh:
                value = blake2b(fh.read(), digest_size=16).hexdigest()
        except OSError:
            value = "missing"
        _digests[path] = value
    return f"{path}:{value}"


_code_stamp: str | None = None


def code_stamp() -> str:
    """editlint's version and its code and data files, so an upgrade or an edit invalidates."""
    global _code_stamp
    if _code_stamp is None:
        from .. import __version__

        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the whole package
        parts = [__version__]
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith((".py", ".yml", ".yaml", ".txt", ".dic", ".aff", ".json")):
                    parts.append(_stat(os.path.join(dirpath, name)))
        _code_stamp = sha256("\n".join(parts).encode()).hexdigest()
    return _code_stamp


#: Per run, each Settings object's fingerprint (worked out once, used per file).
_fingerprints: dict[int, tuple[object, str]] = {}


def fingerprint(settings) -> str:
    """A hash of everything in ``settings`` that decides a file's alerts."""
    cached = _fingerprints.get(id(settings))
    if cached is not None and cached[0] is settings:
        return cached[1]
    config = settings.config
    h = sha256(code_stamp().encode())
    for rule in config.rules:
        check = rule.check
        h.update(
            repr(
                (
                    rule.id,
                    rule.level,
                    rule.message,
                    rule.scope,
                    rule.link,
                    _content(rule.path) if rule.path and os.path.isfile(rule.path) else rule.path,
                    sorted((str(k), repr(v)) for k, v in rule.data.items()),
                    check.vocab_accept,
                    check.styles_paths,
                    [_content(p) for p in getattr(check, "files_read", ())],
                )
            ).encode("utf-8", "surrogatepass")
        )
    h.update(
        repr(
            (
                config.min_level,
                [p.pattern for p in config.token_ignores],
                [p.pattern for p in config.block_ignores],
                config.skipped_scopes,
                config.ignored_scopes,
                config.ignored_classes,
                (g.cache_key(), g.levels, g.fix_rules, g.vocab) if (g := settings.grammar) is not None else None,
            )
        ).encode()
    )
    value = h.hexdigest()
    _fingerprints[id(settings)] = (settings, value)  # the settings object stays alive with it
    return value


def entry_key(settings, display: str, fmt: str, source: str) -> str:
    h = sha256(f"{VERSION}\0{fingerprint(settings)}\0{fmt}\0{display}\0".encode("utf-8", "surrogatepass"))
    h.update(source.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def enabled() -> bool:
    return os.environ.get("EDITLINT_NO_CACHE", "") in ("", "0")


#: The types of an Alert's fields, in order (a cached row must match them).
_FIELD_TYPES = (str, int, int, int, int, str, str, str, str, tuple, str, int, int, (str, type(None)))


def _well_formed(fields) -> bool:
    from ..alert import LEVELS

    return (
        isinstance(fields, tuple)
        and len(fields) == len(_FIELD_TYPES)
        and all(isinstance(v, t) and not isinstance(v, bool) for v, t in zip(fields, _FIELD_TYPES))
        and fields[6] in LEVELS
        and all(isinstance(s, str) for s in fields[9])
        and fields[1] >= 1 and fields[2] >= 1 and fields[3] >= fields[1]
    )


class ResultCache:
    """``key -> alerts`` in one SQLite file; failures to read or write only cost speed."""

    def __init__(self, path: str | None = None):
        if path is None:
            from .words import cache_dir

            path = os.path.join(cache_dir(), f"results-v{VERSION}.sqlite")
        self.path = path
        self.db = None
        self.pending: list[tuple[str, bytes, float]] = []
        self.hits = 0
        from .fsutil import open_sqlite

        try:
            self.db = open_sqlite(path, "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, alerts BLOB, used REAL)", "results")
        except (sqlite3.Error, OSError):
            self.db = None

    def get(self, key: str) -> tuple[tuple[Alert, ...], str | None] | None:
        """The alerts and the note (e.g. a disable comment naming no rule)
        stored for ``key``, or None."""
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT alerts FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        try:
            stored = marshal.loads(row[0])
            rows, note = stored if isinstance(stored, tuple) and len(stored) == 2 else (None, None)
            if not isinstance(rows, list) or not all(_well_formed(fields) for fields in rows) or not isinstance(note, (str, type(None))):
                return None  # a tampered or damaged row: lint the file again
            alerts = tuple(Alert(*fields) for fields in rows)
        except (ValueError, TypeError, EOFError):
            return None
        self.hits += 1
        return alerts, note

    def put(self, key: str, alerts, note: str | None = None) -> None:
        if self.db is not None:
            self.pending.append((key, marshal.dumps(([astuple(a) for a in alerts], note)), time.time()))

    def close(self) -> None:
        if self.db is None:
            return
        try:
            with self.db:
                if self.pending:
                    self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", self.pending)
                    self.db.execute("DELETE FROM results WHERE used < ?", (time.time() - MAX_AGE_DAYS * 86400,))
        except sqlite3.Error:
            pass
        finally:
            self.db.close()
            self.db = None
