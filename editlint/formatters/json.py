"""``json``: one object, the contract CI gates depend on.

``{"version": 1, "alerts": [...], "errors": [...], "summary": {...}}`` where
each alert has path, line, column, end_line, end_column (1-based, end
exclusive), rule, severity, message, match, suggestions and link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..alert import Alert
from .base import Formatter, InputProblem, Summary


def alert_dict(a: Alert) -> dict:
    return {
        "path": a.path,
        "line": a.line,
        "column": a.column,
        "end_line": a.end_line,
        "end_column": a.end_column,
        "rule": a.rule,
        "severity": a.severity,
        "message": a.message,
        "match": a.match,
        "suggestions": list(a.suggestions),
        "link": a.link,
    }


@dataclass
class JsonFormatter(Formatter):
    alerts: list[dict] = field(default_factory=list)

    def file(self, path: str, alerts: list[Alert], source: str = "") -> str:
        self.alerts.extend(alert_dict(a) for a in alerts)
        return ""

    def finish(self, summary: Summary, problems: list[InputProblem]) -> str:
        doc = {
            "version": 1,
            "alerts": self.alerts,
            "errors": [{"path": p.path, "message": p.message} for p in problems if p.fatal],
            "summary": {
                "files": summary.files,
                "errors": summary.errors,
                "warnings": summary.warnings,
                "suggestions": summary.suggestions,
            },
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
