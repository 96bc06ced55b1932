"""A small persistent cache of per-word figures (syllables, word frequency).

textstat (with the CMU dictionary) and wordfreq take most of a second to
load, yet a draft uses a few thousand distinct words.  Figures already
computed are kept in ``$EDITLINT_CACHE_DIR`` (default ``~/.cache/editlint``),
so a later run imports neither library unless it meets a new word.  The file
is rewritten atomically at exit; a missing or corrupt file is just empty.
"""

from __future__ import annotations

import atexit
import marshal
import os
from pathlib import Path

VERSION = 1
#: Words kept per cache file; loading is about a microsecond per entry.
MAX_ENTRIES = 30_000


def cache_dir() -> Path:
    base = os.environ.get("EDITLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "editlint"
    )
    return Path(base)


class WordCache:
    """``word -> number`` for one figure, loaded on first use, saved at exit."""

    def __init__(self, name: str):
        self.path = cache_dir() / f"{name}-v{VERSION}.marshal"
        self.data: dict[str, float] | None = None
        self.dirty = False
        self.pid = os.getpid()

    def _load(self) -> dict[str, float]:
        if self.data is None:
            try:
                with open(self.path, "rb") as fh:
                    data = marshal.load(fh)
                self.data = data if isinstance(data, dict) else {}
            except (OSError, EOFError, ValueError, TypeError):
                self.data = {}
            atexit.register(self.save)
        return self.data

    def get(self, word: str):
        return self._load().get(word)

    def put(self, word: str, value) -> None:
        self._load()[word] = value
        self.dirty = True

    def save(self) -> None:
        # Forked workers exit without atexit; only the process that loaded writes.
        if not self.dirty or self.data is None or os.getpid() != self.pid:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            data = self.data
            if len(data) > MAX_ENTRIES:
                # Newest last (dicts keep insertion order): keep the recent words,
                # so a huge run does not slow every later start-up.
                data = dict(list(data.items())[-MAX_ENTRIES:])
            with open(tmp, "wb") as fh:
                marshal.dump(data, fh)
            os.replace(tmp, self.path)
            self.dirty = False
        except OSError:
            pass  # a cache that cannot be written costs speed, nothing else
