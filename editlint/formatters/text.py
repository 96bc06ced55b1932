"""``text``: ``path:line:column: level Rule: message``, grouped by file."""

from __future__ import annotations

from dataclasses import dataclass

from ..alert import Alert
from .base import Formatter, InputProblem, Summary
from .safe import printable

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "suggestion": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass
class TextFormatter(Formatter):
    def file(self, path: str, alerts: list[Alert], source: str = "") -> str:
        if not alerts:
            return ""
        lines = []
        for a in alerts:
            where = f"{printable(a.path)}:{a.line}:{a.column}:"
            level = a.severity
            if self.color:
                where = f"{_BOLD}{where}{_RESET}"
                level = f"{_COLORS[level]}{level}{_RESET}"
                rule = f"{_DIM}{printable(a.rule)}{_RESET}"
            else:
                rule = printable(a.rule)
            lines.append(f"{where} {level} {rule}: {printable(a.message)}")
        return "\n".join(lines) + "\n\n"

    def finish(self, summary: Summary, problems: list[InputProblem]) -> str:
        return "" if self.quiet else summary_line(summary, problems) + "\n"


def summary_line(summary: Summary, problems: list[InputProblem]) -> str:
    """The closing line: what was found, and what was not shown or not read."""
    unread = sum(1 for p in problems if p.fatal)
    if not summary.files and unread:
        return f"No files linted: {_plural(unread, 'path')} could not be read (see above)."
    files = _plural(summary.files, "file")
    if summary.total:
        line = (
            f"{_plural(summary.total, 'alert')} in {files}: {_plural(summary.errors, 'error')}, "
            f"{_plural(summary.warnings, 'warning')}, {_plural(summary.suggestions, 'suggestion')}"
        )
    else:
        line = f"No {'new ' if summary.absorbed else ''}alerts in {files}"
    notes = []
    if summary.absorbed:
        notes.append(f"{_plural(summary.absorbed, 'known alert')} absorbed by the baseline")
    if summary.min_level and summary.min_level != "suggestion":
        notes.append(f"alerts below {summary.min_level} are not shown")
    if unread:
        notes.append(f"{_plural(unread, 'path')} could not be read")
    return line + (f" ({'; '.join(notes)})" if notes else "") + "."
