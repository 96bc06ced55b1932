"""``github``: GitHub Actions workflow commands, so alerts appear inline on pull requests.

GitHub shows at most 10 annotations of each kind (error, warning, notice)
per step and 50 per job, and drops the rest silently.  So the first 10 of
each kind become annotations; every alert past that is written to the job
summary (``$GITHUB_STEP_SUMMARY``, a Markdown table) with one notice saying
so, or printed as plain lines when there is no job summary to write to.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..alert import Alert
from .base import Formatter, InputProblem, Summary
from .safe import printable

_COMMAND = {"error": "error", "warning": "warning", "suggestion": "notice"}
#: Annotations GitHub displays per kind and step.
MAX_PER_KIND = 10


def _data(s: str) -> str:
    return printable(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def _cell(s: str) -> str:
    return printable(s).replace("|", "\\|")


@dataclass
class GithubFormatter(Formatter):
    shown: dict[str, int] = field(default_factory=dict)
    overflow: list[Alert] = field(default_factory=list)

    def file(self, path: str, alerts: list[Alert], source: str = "") -> str:
        lines = []
        for a in alerts:
            kind = _COMMAND[a.severity]
            if self.shown.get(kind, 0) >= MAX_PER_KIND:
                self.overflow.append(a)
                continue
            self.shown[kind] = self.shown.get(kind, 0) + 1
            props = f"file={_prop(a.path)},line={a.line},col={a.column},endLine={a.end_line},endColumn={a.end_column},title={_prop(a.rule)}"
            lines.append(f"::{kind} {props}::{_data(_message(a))}")
        return "".join(line + "\n" for line in lines)

    def finish(self, summary: Summary, problems: list[InputProblem]) -> str:
        out = [f"::error file={_prop(p.path)}::{_data(p.message)}" for p in problems if p.fatal]
        if self.overflow:
            n = len(self.overflow)
            target = os.environ.get("GITHUB_STEP_SUMMARY")
            if target and _write_summary(target, self.overflow):
                out.append(f"::notice title=editlint::{n} more alerts than GitHub shows as annotations ({MAX_PER_KIND} of each kind per step): they are listed in the job summary")
            else:
                out.append(f"::notice title=editlint::{n} more alerts than GitHub shows as annotations ({MAX_PER_KIND} of each kind per step): they follow as plain lines")
                out += [f"{printable(a.path)}:{a.line}:{a.column}: {a.severity} {printable(a.rule)}: {printable(_message(a))}" for a in self.overflow]
        return "".join(line + "\n" for line in out)


def _message(a: Alert) -> str:
    if a.suggestions and a.suggestions != ("",):
        return a.message + " Suggestion: " + " / ".join(a.suggestions)
    return a.message


def _write_summary(target: str, alerts: list[Alert]) -> bool:
    rows = [
        f"### editlint: {len(alerts)} alerts beyond GitHub's annotation limit\n",
        "| where | level | rule | message |",
        "|---|---|---|---|",
    ]
    rows += [f"| `{_cell(a.path)}:{a.line}:{a.column}` | {a.severity} | {_cell(a.rule)} | {_cell(_message(a))} |" for a in alerts]
    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write("\n".join(rows) + "\n")
    except OSError:
        return False
    return True
