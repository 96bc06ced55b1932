"""``rdjson``: reviewdog's diagnostic format (one JSON document).

reviewdog counts columns in UTF-8 bytes, so columns are converted using the
source text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..alert import Alert
from .base import Formatter, InputProblem, Summary

_SEVERITY = {"error": "ERROR", "warning": "WARNING", "suggestion": "INFO"}


def _byte_column(lines: list[str], line: int, column: int) -> int:
    if 0 < line <= len(lines):
        return len(lines[line - 1][: column - 1].encode("utf-8")) + 1
    return column


@dataclass
class RdjsonFormatter(Formatter):
    diagnostics: list[dict] = field(default_factory=list)

    def file(self, path: str, alerts: list[Alert], source: str = "") -> str:
        lines = source.split("\n") if source else []
        for a in alerts:
            rng = {
                "start": {"line": a.line, "column": _byte_column(lines, a.line, a.column)},
                "end": {"line": a.end_line, "column": _byte_column(lines, a.end_line, a.end_column)},
            }
            d = {
                "message": a.message,
                # what reviewdog prints for -reporter=local (else protobuf text)
                "original_output": f"{a.path}:{a.line}:{a.column}: {a.severity} {a.rule}: {a.message}",
                "location": {"path": a.path, "range": rng},
                "severity": _SEVERITY[a.severity],
                "code": {"value": a.rule, **({"url": a.link} if a.link else {})},
            }
            if a.suggestions:
                d["suggestions"] = [{"range": rng, "text": s} for s in a.suggestions]
            self.diagnostics.append(d)
        return ""

    def finish(self, summary: Summary, problems: list[InputProblem]) -> str:
        doc = {"source": {"name": "editlint", "url": "https://github.com/editlint/editlint"}, "diagnostics": self.diagnostics}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
