"""File writing that never leaves half a file behind."""

from __future__ import annotations

import os


def atomic_write(path: str, text: str | bytes) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and
    a rename; the temporary file is removed on any failure (a full disk)."""
    import tempfile  # (imported here: it costs every start-up 3 ms)

    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".editlint-", suffix=".tmp", dir=directory)
    try:
        with (os.fdopen(fd, "wb") if isinstance(text, bytes) else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def open_sqlite(path: str, schema: str, table: str):
    """A SQLite connection with ``schema`` applied; a file that is not a
    database (or has a table of another shape) is moved aside and rebuilt, so a
    corrupt cache costs one rebuild, never every later run.  Raises
    ``sqlite3.Error`` or ``OSError`` only when no cache can be had at all."""
    import sqlite3

    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    for attempt in range(2):
        db = sqlite3.connect(path, timeout=10)
        try:
            db.execute(schema)
            db.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()  # noqa: S608 - our own table name
            return db
        except sqlite3.DatabaseError:
            db.close()
            if attempt:
                raise
            try:
                os.replace(path, path + ".corrupt")
            except OSError:
                os.unlink(path)
    raise AssertionError("unreachable")
