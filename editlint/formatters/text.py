"""``text``: ``path:line:column: level Rule: message``, grouped by file."""

from __future__ import annotations

from dataclasses import dataclass

from ..alert import Alert
from .base import Formatter, InputProblem, Summary

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
            where = f"{a.path}:{a.line}:{a.column}:"
            level = a.severity
            if self.color:
                where = f"{_BOLD}{where}{_RESET}"
                level = f"{_COLORS[level]}{level}{_RESET}"
                rule = f"{_DIM}{a.rule}{_RESET}"
            else:
                rule = a.rule
            lines.append(f"{where} {level} {rule}: {a.message}")
        return "\n".join(lines) + "\n\n"

    def finish(self, summary: Summary, problems: list[InputProblem]) -> str:
        if self.quiet:
            return ""
        total = summary.errors + summary.warnings + summary.suggestions
        files = _plural(summary.files, "file")
        if not total:
            return f"No alerts in {files}.\n"
        return (
            f"{_plural(total, 'alert')} in {files}: {_plural(summary.errors, 'error')}, "
            f"{_plural(summary.warnings, 'warning')}, {_plural(summary.suggestions, 'suggestion')}.\n"
        )
