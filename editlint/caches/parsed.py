"""What style files parsed to (and word lists compiled to), kept between runs.

Every run reads the same rule files; parsing them (and importing PyYAML to
do it) costs a one-page draft about 12 ms of its start-up.  The parsed data
is kept in ``$EDITLINT_CACHE_DIR/parsed-v1.json``, keyed by a hash of the
file's text, so an edited file is simply parsed again and nothing can go
stale.  JSON, not pickle: reading the cache constructs nothing but plain
data and :class:`~editlint.yamlio.LinedDict` (a mapping with its lines).
A file whose data JSON cannot hold (a YAML date) is not kept; a missing or
corrupt cache file means parsing again.
"""

from __future__ import annotations

import atexit
import json
import os

from .digest import blake2b

VERSION = 1
#: Entries kept: those used by the last run first, then the newest.
MAX_ENTRIES = 4_000
MISSING = object()

_entries: dict[str, object] | None = None  # key -> encoded data
_used: set[str] = set()
_dirty = False


def _path() -> str:
    from .words import cache_dir

    return os.path.join(cache_dir(), f"parsed-v{VERSION}.json")


def _load() -> dict[str, object]:
    global _entries
    if _entries is None:
        _entries = {}
        try:
            with open(_path(), encoding="utf-8") as fh:
                doc = json.load(fh)
            if isinstance(doc, dict) and doc.get("version") == VERSION and isinstance(doc.get("entries"), dict):
                _entries = doc["entries"]
        except (OSError, ValueError):
            pass
    return _entries


def _key(text: str) -> str:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def get(text: str, *, plain: bool = False):
    """The data ``text`` parsed to, or :data:`MISSING`.  ``plain``: the data
    was kept as plain JSON (lists, numbers, strings), not YAML's mappings."""
    key = _key(text)
    encoded = _load().get(key, MISSING)
    if encoded is MISSING:
        return MISSING
    try:
        data = encoded if plain else _decode(encoded)
    except (KeyError, TypeError, ValueError, IndexError):
        return MISSING  # a damaged entry: parse again
    _used.add(key)
    return data


def put(text: str, data, *, plain: bool = False) -> None:
    """Keep what ``text`` parsed to (written at exit); ``plain``: see :func:`get`."""
    global _dirty
    try:
        encoded = data if plain else _encode(data)
    except TypeError:
        return
    key = _key(text)
    _load()[key] = encoded
    _used.add(key)
    if not _dirty:
        _dirty = True
        atexit.register(save)


def save() -> None:
    """Write the cache out if this process added to it."""
    global _dirty
    if not _dirty or _entries is None:
        return
    _dirty = False
    from . import bounded

    keep = bounded(_entries, _used, MAX_ENTRIES)
    try:
        from .fsutil import atomic_write

        os.makedirs(os.path.dirname(_path()), exist_ok=True)
        atomic_write(_path(), json.dumps({"version": VERSION, "entries": keep}, ensure_ascii=False, separators=(",", ":")))
    except (OSError, UnicodeError, ValueError):
        pass  # a read-only cache folder, or data JSON cannot write: parse again next time


# -- encoding: plain JSON values, mappings and lists tagged ----------------------


def _encode(value):
    from ..yamlio import LinedDict

    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) is LinedDict:
        return {"m": value.line, "k": [[_encode(k), value.lines.get(k, value.line), _encode(v)] for k, v in value.items()]}
    if type(value) is list:
        return {"l": [_encode(v) for v in value]}
    raise TypeError(f"not kept: {type(value).__name__}")


def _decode(value):
    from ..yamlio import LinedDict

    if type(value) is not dict:
        return value
    if "l" in value:
        return [_decode(v) for v in value["l"]]
    out = LinedDict()
    out.line = value["m"]
    for k, line, v in value["k"]:
        key = _decode(k)
        out[key] = _decode(v)
        out.lines[key] = line
    return out
