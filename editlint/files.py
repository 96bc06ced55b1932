"""Finding input files and reading them, whatever their encoding."""

from __future__ import annotations

import glob
import os
import re

LINTED_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx", ".txt")
SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", "site-packages"}
_GLOB_CHARS = re.compile(r"[*?[]")


class InputError(Exception):
    """A file that cannot be linted; the message is for the user, one line."""


def expand_paths(paths: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to lint for ``paths`` (files, folders, globs, ``-``) and missing ones.

    Folders are searched recursively for Markdown and text files, skipping
    hidden folders.  Order is stable: as given, folders sorted.
    """
    out: list[str] = []
    missing: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = os.path.normpath(p) if p != "-" else p
        if key not in seen:
            seen.add(key)
            out.append(p)

    for p in paths:
        if p == "-":
            add(p)
        elif os.path.isdir(p):
            for f in _walk(p):
                add(f)
        elif os.path.exists(p) or os.path.islink(p):
            add(p)
        elif _GLOB_CHARS.search(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                missing.append((p, "no files match this pattern"))
            for m in matches:
                if os.path.isdir(m):
                    for f in _walk(m):
                        add(f)
                else:
                    add(m)
        else:
            missing.append((p, "no such file or directory"))
    return out, missing


def _walk(root: str):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
        for name in sorted(filenames):
            if name.lower().endswith(LINTED_SUFFIXES):
                yield os.path.join(dirpath, name) if dirpath != "." else os.path.join(".", name)


def decode(data: bytes, path: str) -> tuple[str, str | None]:
    """Decode file bytes; returns text and a note when not plain UTF-8.

    Tries a BOM, then UTF-8, then an encoding declared in the text, then
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
    declared = re.search(rb"(?:charset|encoding)\s*[=:]\s*[\"']?([A-Za-z0-9_.:-]+)", data[:2048])
    if declared:
        name = declared.group(1).decode("ascii", "replace")
        try:
            return data.decode(name), f"not UTF-8 (byte {first_bad}); read as declared encoding {name}"
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("cp1252"), f"not UTF-8 (byte {first_bad}); read as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), f"not UTF-8 (byte {first_bad}); read as Latin-1"


def read_input(path: str, stdin=None) -> tuple[str, str | None]:
    """Read ``path`` (``-`` for stdin) as text, raising :class:`InputError`."""
    try:
        if path == "-":
            import sys

            data = (stdin or sys.stdin.buffer).read()
        else:
            if os.path.isdir(path):
                raise InputError("is a directory")
            with open(path, "rb") as fh:
                data = fh.read()
    except FileNotFoundError:
        raise InputError("no such file or directory") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}") from None
    return decode(data, path)
