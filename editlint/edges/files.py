"""Finding input files and reading them, whatever their encoding."""

from __future__ import annotations

import codecs
import glob
import os
import re
import stat

LINTED_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx", ".txt")
SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", "site-packages"}
_GLOB_CHARS = re.compile(r"[*?[]")
#: Bytes read from one file at most (``--max-file-size``): a symlink to
#: /dev/zero or a runaway export must not take the run's memory.
MAX_FILE_BYTES = 32 * 1024 * 1024


class InputError(Exception):
    """A file that cannot be linted; the message is for the user, one line."""


def _not_regular(path: str) -> str | None:
    """Why ``path`` is no file to read (a FIFO would block, a device never
    ends), or None for a regular file (symlinks followed)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "broken symbolic link" if os.path.islink(path) else "no such file or directory"
    except PermissionError:
        return "permission denied"
    except OSError as e:
        return f"cannot read: {e.strerror or e}"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
    return f"skipped: {kind}, not a regular file"


def expand_paths(paths: list[str]) -> tuple[list[str], list[tuple[str, str, bool]]]:
    """Files to lint for ``paths`` (files, folders, globs, ``-``) and problems.

    Folders are searched recursively for Markdown and text files, skipping
    hidden folders.  Order is stable: as given, folders sorted.  The second
    list holds ``(path, why, fatal)`` for paths that cannot be linted: missing,
    unreadable folders, FIFOs and devices (which would block or never end).
    """
    out: list[str] = []
    missing: list[tuple[str, str, bool]] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = os.path.normpath(p) if p != "-" else p
        if key in seen:
            return
        seen.add(key)
        why = None if p == "-" else _not_regular(p)
        if why:
            # A FIFO or device is skipped, not an error: nothing was lost.
            missing.append((p, why, not why.startswith("skipped:")))
        else:
            out.append(p)

    def walk(root: str) -> None:
        for f in _walk(root, missing):
            add(f)

    for p in paths:
        if p == "-":
            add(p)
        elif os.path.isdir(p):
            walk(p)
        elif os.path.exists(p) or os.path.islink(p):
            add(p)
        elif _GLOB_CHARS.search(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                missing.append((p, "no files match this pattern", True))
            for m in matches:
                if os.path.isdir(m):
                    walk(m)
                else:
                    add(m)
        else:
            missing.append((p, "no such file or directory", True))
    return out, missing


def _walk(root: str, problems: list[tuple[str, str, bool]]):
    def unreadable(e: OSError) -> None:
        problems.append((e.filename or root, f"cannot read folder: {e.strerror or e}", True))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
        for name in sorted(filenames):
            if name.lower().endswith(LINTED_SUFFIXES):
                yield os.path.join(dirpath, name) if dirpath != "." else os.path.join(".", name)


_FRONT_ENCODING = re.compile(rb"\A---[ \t]*\r?\n(?:(?!---)[^\n]*\n){0,50}?[ \t]*(?:encoding|charset)[ \t]*:[ \t]*[\"']?([A-Za-z0-9_.-]+)")


_META_CHARSET = re.compile(rb"\A\s*<meta\s[^>]*?charset\s*=\s*[\"']?([A-Za-z0-9_.-]+)", re.I)


def _front_matter_encoding(data: bytes) -> str | None:
    """An encoding the document declares for itself: in YAML front matter or
    an HTML ``<meta charset>`` that opens it (never a mention in the prose),
    and only a real text encoding that reads that declaration itself (so
    never UTF-16, never a codec such as ``unicode_escape`` that transforms
    text)."""
    m = _FRONT_ENCODING.match(data[:4096]) or _META_CHARSET.match(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii")
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    try:
        if "---\nencoding".encode(info.name) != b"---\nencoding":
            return None
    except (UnicodeError, LookupError):
        return None
    return name


def decode(data: bytes, path: str) -> tuple[str, str | None]:
    """Decode file bytes; returns text and a note when not plain UTF-8.

    Tries a BOM, then UTF-8, then an encoding its front matter declares, then
    Windows-1252 (which is what most "not UTF-8" drafts are), then Latin-1.
    Binary content (NUL bytes outside UTF-16/32) is refused.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), None
        except UnicodeDecodeError as e:
            raise InputError(f"starts with a UTF-8 BOM but is not UTF-8 (byte {e.start})") from None
    for bom, enc in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), f"read as {enc.upper()} (byte-order mark)"
            except UnicodeDecodeError:
                raise InputError(f"has a {enc.upper()} byte-order mark but does not decode as {enc.upper()}") from None
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not linted")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        first_bad = e.start
    name = _front_matter_encoding(data)
    if name:
        try:
            return data.decode(name), f"not UTF-8 (byte {first_bad}); read as declared encoding {name}"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp1252"), f"not UTF-8 (byte {first_bad}); read as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), f"not UTF-8 (byte {first_bad}); read as Latin-1"


def read_input(path: str, stdin=None, max_bytes: int | None = None) -> tuple[str, str | None]:
    """Read ``path`` (``-`` for stdin) as text, raising :class:`InputError`.

    Reads at most ``max_bytes`` (default :data:`MAX_FILE_BYTES`); a larger
    input is refused rather than read without end.
    """
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        if path == "-":
            import sys

            data = (stdin or sys.stdin.buffer).read(limit + 1)
        else:
            why = _not_regular(path)
            if why:
                raise InputError(why)
            if os.path.isdir(path):
                raise InputError("is a directory")
            with open(path, "rb") as fh:
                data = fh.read(limit + 1)
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}") from None
    if len(data) > limit:
        raise InputError(f"larger than {_size(limit)}; not linted (raise the limit with --max-file-size)")
    return decode(data, path)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:g} MB" if n >= 1024 * 1024 else f"{n} bytes"
