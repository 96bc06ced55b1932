"""Compiled regular expressions, kept between runs.

The ``regex`` module parses and optimises a pattern in Python: the 55
patterns a one-page draft needs cost about 26 ms to compile, a sixth of
editlint's whole start-up.  A compiled ``regex`` pattern pickles as its
finished code: ``regex._regex.compile`` and the plain data it takes
(strings, numbers, bytes, dicts, lists), which ``regex`` keeps on the
pattern.  Building a pattern from that data is about forty times faster
than compiling again.

The kept patterns live in ``$EDITLINT_CACHE_DIR/regex-v2.marshal``: a
mapping of ``(pattern, flags)`` to that data, under the ``regex`` and Python
versions that wrote them and a checksum of the whole.  The data is read with
``marshal`` and handed to ``_regex.compile`` only, so the file can never run
code; the checksum catches damage (``regex`` trusts the code it is given),
and data of the wrong shape is compiled again.  ``pickle``, which version 1
kept, is no longer imported at start-up (2.4 ms).  New patterns are written
at exit; a missing, stale, corrupt or read-only file just means compiling
again.
"""

from __future__ import annotations

import atexit
import marshal
import os
import sys

import regex

VERSION = 2
#: Patterns kept: those used by the last run first, then the newest.
MAX_ENTRIES = 3_000

_entries: dict[tuple[str, int], tuple] | None = None
_used: set[tuple[str, int]] = set()
_dirty = False


def _stamp() -> tuple:
    """What a kept pattern's code depends on besides its text and flags."""
    return (VERSION, regex.__version__, int(regex.DEFAULT_VERSION), tuple(sys.version_info[:2]))


def _path() -> str:
    from .words import cache_dir

    return os.path.join(cache_dir(), f"regex-v{VERSION}.marshal")


def _load() -> dict[tuple[str, int], tuple]:
    global _entries
    if _entries is None:
        _entries = _read()
    return _entries


def _read() -> dict[tuple[str, int], tuple]:
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
    if type(kept) is tuple and kept and kept[0] == pattern:
        from regex import _regex

        try:
            compiled = _regex.compile(*kept)
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
    data = getattr(compiled, "_pickled_data", None)  # what regex's own pickling hands _regex.compile
    if type(data) is not tuple:
        return
    try:
        marshal.dumps(data)
    except ValueError:  # not plain data: not kept
        return
    _entries[key] = data
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
