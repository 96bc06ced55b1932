"""A small persistent cache of per-word figures (syllables, word frequency).

textstat (with the CMU dictionary) and wordfreq take most of a second to
load, yet a draft uses a few thousand distinct words.  Figures already
computed are kept in ``$EDITLINT_CACHE_DIR`` (default ``~/.cache/editlint``),
so a later run imports neither library unless it meets a new word.

The figures live in one SQLite file, looked up word by word: a short draft
reads a few hundred rows instead of loading every word ever seen (which
grew with every corpus linted and cost start-up time).  New figures are
written in one transaction at exit (by ``--jobs`` workers after each
file); a missing, locked or corrupt file just means the figures are worked
out again.
"""

from __future__ import annotations

import atexit
import os
import sqlite3

VERSION = 2
#: Bounds for long-lived processes (a batch worker, the language server), whose
#: vocabulary keeps growing: new figures are written out in batches of this
#: many, and the in-memory copy of read figures is dropped past its limit.
SAVE_EVERY = 2_000
MAX_KNOWN = 50_000
#: Words per prefetch query (SQLite allows 999 parameters in older builds).
_PER_QUERY = 900


def cache_dir() -> str:
    """The folder editlint keeps its caches in (``$EDITLINT_CACHE_DIR``, else
    the XDG cache folder).  A string, not a ``Path``: ``pathlib`` costs every
    run's start-up 5 ms of imports."""
    return os.environ.get("EDITLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "editlint"
    )


_ALL: list[WordCache] = []


def flush_all() -> None:
    """Write every cache's new figures now (worker processes, after each file)."""
    for cache in _ALL:
        cache.save()


class WordCache:
    """``word -> number`` for one figure, read on demand, new entries saved at exit."""

    def __init__(self, name: str):
        self.name = name
        self.path = os.path.join(cache_dir(), f"words-v{VERSION}.sqlite")
        self.known: dict[str, float] = {}
        self.new: dict[str, float] = {}
        self._dbs: dict[tuple[int, int], sqlite3.Connection] = {}
        self._broken = False
        _ALL.append(self)
        atexit.register(self.save)

    def _conn(self) -> sqlite3.Connection | None:
        # A connection must cross neither a fork nor a thread (the language
        # server lints in background threads): one per process and thread.
        if self._broken:
            return None
        import threading

        key = (os.getpid(), threading.get_ident())
        db = self._dbs.get(key)
        if db is None:
            try:
                from .fsutil import open_sqlite

                # No column type: integers (syllables) stay integers.
                db = self._dbs[key] = open_sqlite(self.path, "CREATE TABLE IF NOT EXISTS figures (kind TEXT, word TEXT, value, PRIMARY KEY (kind, word))", "figures")
            except (sqlite3.Error, OSError):
                self._broken = True
                return None
        return db

    def get(self, word: str):
        value = self.known.get(word)
        if value is not None or word in self.known:
            return value
        value = self.new.get(word)
        if value is not None:
            return value
        db = self._conn()
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM figures WHERE kind = ? AND word = ?", (self.name, word)).fetchone()
        except sqlite3.Error:
            return None
        value = row[0] if row else None
        if value is not None:
            if len(self.known) >= MAX_KNOWN:
                self.known.clear()  # re-read from SQLite on demand: memory stays flat
            self.known[word] = value
        return value

    def prefetch(self, words) -> None:
        """Read the figures of ``words`` in a few queries rather than one
        each (a one-page draft looked up 350 words one by one)."""
        todo = [w for w in words if w not in self.known and w not in self.new]
        if not todo or len(self.known) + len(todo) > MAX_KNOWN:
            return
        db = self._conn()
        if db is None:
            return
        try:
            for k in range(0, len(todo), _PER_QUERY):
                chunk = todo[k : k + _PER_QUERY]
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT word, value FROM figures WHERE kind = ? AND word IN ({marks})"  # noqa: S608 - placeholders only
                for word, value in db.execute(sql, (self.name, *chunk)):
                    if value is not None:
                        self.known[word] = value
        except sqlite3.Error:
            return

    def put(self, word: str, value) -> None:
        self.new[word] = value
        if len(self.new) >= SAVE_EVERY:
            self.save()

    def save(self) -> None:
        # Any process may write (SQLite locks); worker processes call
        # flush_all() after each file, as they end without atexit.
        if not self.new:
            return
        try:
            db = self._conn()
            if db is not None:
                with db:
                    db.executemany("INSERT OR REPLACE INTO figures VALUES (?, ?, ?)", [(self.name, w, v) for w, v in self.new.items()])
            # Written (or no file to write to): keep them in memory, within bounds.
            if len(self.known) + len(self.new) > MAX_KNOWN:
                self.known.clear()
            self.known.update(self.new)
            self.new = {}
        except (sqlite3.Error, OSError):
            pass  # a cache that cannot be written costs speed, nothing else
