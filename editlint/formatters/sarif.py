"""``sarif``: SARIF 2.1.0, for code-scanning dashboards (GitHub, Azure DevOps...)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .. import __version__
from ..alert import Alert
from .base import Formatter, InputProblem, Summary

_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


@dataclass
class SarifFormatter(Formatter):
    results: list[dict] = field(default_factory=list)
    rules: dict[str, dict] = field(default_factory=dict)

    def file(self, path: str, alerts: list[Alert], source: str = "") -> str:
        uri = path.replace("\\", "/")
        for a in alerts:
            if a.rule not in self.rules:
                rule = {"id": a.rule, "shortDescription": {"text": a.rule}, "defaultConfiguration": {"level": _LEVEL[a.severity]}}
                if a.link:
                    rule["helpUri"] = a.link
                self.rules[a.rule] = rule
            region = {
                "startLine": a.line,
                "startColumn": a.column,
                "endLine": a.end_line,
                "endColumn": a.end_column,
                "snippet": {"text": a.match},
            }
            result = {
                "ruleId": a.rule,
                "level": _LEVEL[a.severity],
                "message": {"text": a.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
            }
            if a.suggestions:
                result["fixes"] = [
                    {
                        "description": {"text": f"Replace with '{s}'" if s else "Delete"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": uri},
                                "replacements": [
                                    {
                                        "deletedRegion": {k: region[k] for k in ("startLine", "startColumn", "endLine", "endColumn")},
                                        "insertedContent": {"text": s},
                                    }
                                ],
                            }
                        ],
                    }
                    for s in a.suggestions
                ]
            self.results.append(result)
        return ""

    def finish(self, summary: Summary, problems: list[InputProblem]) -> str:
        notifications = [
            {"level": "error", "message": {"text": p.message}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": p.path}}}]}
            for p in problems
            if p.fatal
        ]
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "editlint",
                            "version": __version__,
                            "informationUri": "https://github.com/editlint/editlint",
                            "rules": list(self.rules.values()),
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": self.results,
                    "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
                }
            ],
        }
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
