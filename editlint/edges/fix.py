"""``editlint --fix``: apply every alert that carries one safe replacement.

An edge around the pure core: it reads each file's bytes, lints the text,
applies the alerts whose rule fixes (``fix:``; substitution, variants and
entities by default) and that carry exactly one replacement the check
vouches for — never inside code, front matter or quotations, since those
alerts carry no fix — and repeats until nothing changes (at most
:data:`MAX_PASSES` times).  Overlapping fixes are resolved in source order:
the first wins, the one it overlaps waits for the next pass.  Each file is
written atomically (a temporary file and a rename), keeping its mode, its
encoding, its byte-order mark and its line endings; with ``dry_run`` a
unified diff is printed instead and nothing is written.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field

from ..alert import Alert
from ..document import detect_format, normalise_newlines
from ..engine import lint_text
from .files import InputError, decode, read_input

MAX_PASSES = 5


@dataclass
class FixReport:
    """What ``--fix`` did, for the closing lines."""

    files_changed: int = 0
    fixes: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    #: One-line notes (grammar fixes skipped...), printed once each.
    notes: list[str] = field(default_factory=list)


def apply_fixes(text: str, alerts: list[Alert]) -> tuple[str, int]:
    """``text`` with the fixable alerts applied (non-overlapping, in order)."""
    edits = sorted((a for a in alerts if a.fix is not None and a.end_offset >= a.offset), key=lambda a: (a.offset, -a.end_offset, a.rule))
    out, pos, n = [], 0, 0
    for a in edits:
        if a.offset < pos or text[a.offset : a.end_offset] != a.match:
            continue  # overlaps an earlier fix (next pass), or the text moved
        start, end = a.offset, a.end_offset
        if a.fix == "" and (start == 0 or text[start - 1] == "\n") and text[end : end + 1] in ("\n", ""):
            # A whole line deleted (a pasted copy, page residue): its line
            # break and one blank line after it go too, not a hole.
            end += 1 if text[end : end + 1] == "\n" else 0
            if text[end : end + 1] == "\n":
                end += 1
        out.append(text[pos:start])
        out.append(a.fix)
        pos = end
        n += 1
    out.append(text[pos:])
    return "".join(out), n


def fix_text(text: str, config, path: str, fmt: str | None = None) -> tuple[str, int]:
    """Lint and fix ``text`` until it stops changing; the new text and the number of fixes."""
    total = 0
    for _ in range(MAX_PASSES):
        alerts = lint_text(text, config, path=path, fmt=fmt)
        new, n = apply_fixes(text, list(alerts))
        if not n or new == text:
            break
        text, total = new, total + n
    return text, total


def _newline_style(raw: str) -> str:
    crlf, lf = raw.count("\r\n"), raw.count("\n")
    return "\r\n" if crlf and crlf == lf else "\n"


def fix_file(path: str, settings, fmt: str | None, report: FixReport, dry_run: bool = False, display: str | None = None, grammar=None) -> None:
    """Fix one file in place (or add its diff to ``report`` when ``dry_run``).

    ``grammar`` (a LanguageTool checker) adds the allow-listed grammar fixes."""
    display = display or path
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        raw, note = decode(data, path)
    except (OSError, InputError) as e:
        report.problems.append((display, str(e)))
        return
    bom = data.startswith(b"\xef\xbb\xbf")
    if bom and raw.startswith("\ufeff"):
        raw = raw[1:]
    newline = _newline_style(raw)
    text = normalise_newlines(raw)
    config = settings.config
    if grammar is not None:
        from dataclasses import replace

        config = replace(config, extra=(grammar,))
    try:
        fixed, n = fix_text(text, config, path=display, fmt=fmt or detect_format(path))
    except Exception as e:
        from ..languagetool.grammar import LanguageToolUnavailable

        if not isinstance(e, LanguageToolUnavailable):
            raise
        report.notes.append(f"grammar fixes skipped: {e}")
        fixed, n = fix_text(text, settings.config, path=display, fmt=fmt or detect_format(path))
    if not n:
        return
    report.fixes += n
    report.files_changed += 1
    if dry_run:
        report.diffs.append("".join(difflib.unified_diff(text.splitlines(True), fixed.splitlines(True), f"a/{display}", f"b/{display}")))
        return
    encoding = "utf-8"
    if note and "read as" in note:
        encoding = {"Windows-1252": "cp1252", "Latin-1": "latin-1"}.get(note.rsplit("read as ", 1)[1].split()[0], "utf-8")
    try:
        payload = fixed.replace("\n", newline).encode(encoding)
    except UnicodeEncodeError:
        payload = fixed.replace("\n", newline).encode("utf-8")
    if bom:
        payload = b"\xef\xbb\xbf" + payload
    if not os.access(path, os.W_OK):
        report.problems.append((display, "not writable: nothing changed"))
        report.fixes -= n
        report.files_changed -= 1
        return
    from ..caches.fsutil import atomic_write

    mode = os.stat(path).st_mode
    try:
        atomic_write(path, payload)
        os.chmod(path, mode & 0o7777)
    except OSError as e:
        report.problems.append((display, f"cannot write: {e.strerror or e}; nothing changed"))
        report.fixes -= n
        report.files_changed -= 1


def fix_paths(files: list[str], loader, dry_run: bool = False, ignore_syntax: bool = False) -> FixReport:
    """Fix every file of ``files`` (already expanded) with its own settings."""
    report = FixReport()
    services: dict = {}
    try:
        for path in files:
            if path == "-" or loader.is_ignored(path):
                continue
            fmt = "text" if ignore_syntax else None
            settings = loader.settings_for(path)
            fix_file(path, settings, fmt, report, dry_run=dry_run, grammar=_grammar(settings, services, report))
    finally:
        for service in services.values():
            if service is not None:
                service.close()
    return report


def _grammar(settings, services: dict, report: FixReport):
    """The run's LanguageTool checker for these settings (None: no grammar fixes)."""
    g = settings.grammar
    if g is None or not g.fix_rules:
        return None
    if g not in services:
        from ..languagetool.grammar import LanguageToolUnavailable, open_service

        try:
            services[g] = open_service(g)
        except LanguageToolUnavailable as e:
            services[g] = None
            report.notes.append(f"grammar fixes skipped: {e}")
    service = services[g]
    return service.checker if service is not None else None


__all__ = ["FixReport", "apply_fixes", "fix_file", "fix_paths", "fix_text", "read_input"]
