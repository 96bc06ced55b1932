"""``sarif``: SARIF 2.1.0, for code-scanning dashboards (GitHub, Azure DevOps...).

Results are written as each file is linted (a run with half a million
alerts never holds them all), then the tool section with a description of
every rule that fired.  Artifact URIs are percent-encoded, so any file name
makes a valid ``uri-reference``.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from .. import __version__
from ..alert import Alert
from .base import Formatter, InputProblem, Summary

_LEVEL = {"error": "error", "warning": "warning", "suggestion": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_ARG = re.compile(r"%\[?\d*\]?[sdv]")


def artifact_uri(path: str) -> str:
    """A file path as a SARIF artifact URI: relative paths stay relative
    references, absolute ones become ``file://`` URIs; both percent-encoded."""
    p = path.replace("\\", "/")
    if os.path.isabs(path):
        return "file://" + quote(p, safe="/")
    return quote(p, safe="/")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else text + "."


def rule_descriptor(rule_id: str, rule, sample: Alert) -> dict:
    """SARIF ``reportingDescriptor`` from what ``editlint explain`` shows."""
    level = _LEVEL[sample.severity]
    if rule is None:  # a producer without a rule file (LanguageTool)
        text = _sentence(sample.message)
        d = {"id": rule_id, "shortDescription": {"text": text}, "fullDescription": {"text": text}, "help": {"text": text + f" Run `editlint explain {rule_id}` for more."}}
    else:
        message = _sentence(_ARG.sub("…", rule.message)) if rule.message else ""
        description = _sentence(rule.description) if rule.description else ""
        short = description.split(". ")[0].rstrip(".") + "." if description else message or f"{rule.type} rule {rule_id}."
        full = " ".join(x for x in (description, f"Message: {message}" if message else "") if x) or short
        help_text = full + (f" Guidance: {rule.link}" if rule.link else "") + f" Run `editlint explain {rule_id}` for examples."
        d = {"id": rule_id, "name": rule_id.replace(".", ""), "shortDescription": {"text": short}, "fullDescription": {"text": full}, "help": {"text": help_text}}
        if rule.link:
            d["helpUri"] = rule.link
    if "helpUri" not in d and sample.link:
        d["helpUri"] = sample.link
    d["defaultConfiguration"] = {"level": level}
    return d


@dataclass
class SarifFormatter(Formatter):
    described: dict[str, dict] = field(default_factory=dict)
    started: bool = False
    count: int = 0

    def _head(self) -> str:
        if self.started:
            return ""
        self.started = True
        return '{"$schema": ' + json.dumps(SCHEMA) + ', "version": "2.1.0", "runs": [{"columnKind": "unicodeCodePoints", "results": [\n'

    def file(self, path: str, alerts: list[Alert], source: str = "") -> str:
        out = [self._head()]
        uri = artifact_uri(path)
        for a in alerts:
            if a.rule not in self.described:
                self.described[a.rule] = rule_descriptor(a.rule, self.rules.get(a.rule), a)
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
            out.append(("" if not self.count else ",\n") + json.dumps(result, ensure_ascii=False))
            self.count += 1
        return "".join(out)

    def finish(self, summary: Summary, problems: list[InputProblem]) -> str:
        notifications = [
            {"level": "error", "message": {"text": p.message}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(p.path)}}}]}
            for p in problems
            if p.fatal
        ]
        tool = {
            "driver": {
                "name": "editlint",
                "version": __version__,
                "informationUri": "https://github.com/editlint/editlint",
                "rules": list(self.described.values()),
            }
        }
        tail = {"tool": tool, "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}]}
        rest = json.dumps(tail, ensure_ascii=False, indent=2)[1:-1]  # the run's other members, after "results"
        return self._head() + "\n]," + rest + "}]}\n"
