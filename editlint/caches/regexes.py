"""Compiled regular expressions, kept between runs.

The ``regex`` module parses and optimises a pattern in Python: the 55
patterns a one-page draft needs cost about 26 ms to compile, a sixth of
editlint's whole start-up.  A compiled ``regex`` pattern pickles as its
finished code (``regex._regex.compile`` and the arguments it takes), and
loading that back is about forty times faster than compiling again.

The kept patterns live in ``$EDITLINT_CACHE_DIR/regex-v1.marshal``: a
mapping of ``(pattern, flags)`` to a pattern's pickle, under the ``regex``
and Python versions that wrote them and a checksum of the whole.  A pickle
is read with an unpickler that constructs nothing but ``regex`` patterns,
so a damaged or foreign file can cost a compile, never run code.  New
patterns are written at exit; a missing, stale, corrupt or read-only file
just means compiling again.
"""

from __future__ import annotations

import atexit
import io
import marshal
import os
import pickle
import sys

import regex

VERSION = 1
#: Patterns kept: those used by the last run first, then the newest.
MAX_ENTRIES = 3_000

_entries: dict[tuple[str, int], bytes] | None = None
_used: set[tuple[str, int]] = set()
_dirty = False


def _stamp() -> tuple:
    """What a kept pattern's code depends on besides its text and flags."""
    return (VERSION, regex.__version__, int(regex.DEFAULT_VERSION), tuple(sys.version_info[:2]))


def _path() -> str:
    from .words import cache_dir

    return str(cache_dir() / f"regex-v{VERSION}.marshal")


class _PatternsOnly(pickle.Unpickler):
    """Unpickles ``regex`` patterns and nothing else."""

    def find_class(self, module, name):
        if module == "regex._regex" and name == "compile":
            from regex import _regex

            return _regex.compile
        raise pickle.UnpicklingError(f"not a pattern: {module}.{name}")


def _load() -> dict[tuple[str, int], bytes]:
    global _entries
    if _entries is None:
        _entries = _read()
    return _entries


def _read() -> dict[tuple[str, int], bytes]:
    """The kept patterns in the cache file ({} when it is missing, stale or damaged)."""
    try:
        with open(_path(), "rb") as fh:
            stamp, digest, payload = marshal.load(fh)
        if stamp == _stamp() and type(payload) is bytes and digest == _digest(payload):
            entries = marshal.loads(payload)
            if type(entries) is dict:
                return entries
    except (OSError, ValueError, EOFError, TypeError):
        pass
    return {}


def _digest(payload: bytes) -> str:
    from .digest import blake2b

    return blake2b(payload, digest_size=16).hexdigest()


def compile(pattern: str, flags: int = 0) -> regex.Pattern:  # noqa: A001 - regex's own name for it
    """``regex.compile(pattern, flags)``, from the kept code when there is some."""
    key = (pattern, int(flags))
    kept = _load().get(key)
    if kept is not None:
        try:
            compiled = _PatternsOnly(io.BytesIO(kept)).load()
        except Exception:  # noqa: BLE001 - any damage to an entry means compiling again
            compiled = None
        if type(compiled) is regex.Pattern and compiled.pattern == pattern:
            _used.add(key)
            return compiled
    compiled = regex.compile(pattern, flags)
    _keep(key, compiled)
    return compiled


def _keep(key: tuple[str, int], compiled: regex.Pattern) -> None:
    global _dirty
    if type(key[0]) is not str:
        return  # bytes patterns: editlint has none worth keeping
    try:
        _entries[key] = pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError):
        return
    _used.add(key)
    if not _dirty:
        _dirty = True
        atexit.register(save)


def save() -> None:
    """Write the kept patterns out if this process compiled new ones."""
    global _dirty
    if not _dirty or _entries is None:
        return
    _dirty = False
    from . import bounded

    # What other processes wrote since this one read the file is kept too:
    # a parallel run's parent and workers each write what they compiled.
    keep = bounded({**_read(), **_entries}, _used, MAX_ENTRIES)
    try:
        from .fsutil import atomic_write

        payload = marshal.dumps(keep)
        os.makedirs(os.path.dirname(_path()), exist_ok=True)
        atomic_write(_path(), marshal.dumps((_stamp(), _digest(payload), payload)))
    except (OSError, ValueError):
        pass  # a read-only cache folder: compile again next time
