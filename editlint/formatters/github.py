"""``github``: GitHub Actions workflow commands, so alerts appear inline on pull requests."""

from __future__ import annotations

from dataclasses import dataclass

from ..alert import Alert
from .base import Formatter, InputProblem, Summary

_COMMAND = {"error": "error", "warning": "warning", "suggestion": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


@dataclass
class GithubFormatter(Formatter):
    def file(self, path: str, alerts: list[Alert], source: str = "") -> str:
        lines = []
        for a in alerts:
            props = f"file={_prop(a.path)},line={a.line},col={a.column},endLine={a.end_line},endColumn={a.end_column},title={_prop(a.rule)}"
            message = a.message
            if a.suggestions and a.suggestions != ("",):
                message += " Suggestion: " + " / ".join(a.suggestions)
            lines.append(f"::{_COMMAND[a.severity]} {props}::{_data(message)}")
        return "".join(line + "\n" for line in lines)

    def finish(self, summary: Summary, problems: list[InputProblem]) -> str:
        out = [f"::error file={_prop(p.path)}::{_data(p.message)}" for p in problems if p.fatal]
        return "".join(line + "\n" for line in out)
