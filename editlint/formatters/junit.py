"""``junit``: JUnit XML, for CI systems that show test reports.

One test suite per file; one failing test case per alert; a file with no
alerts is one passing case, so the report shows every file checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from ..alert import Alert
from .base import Formatter, InputProblem, Summary


@dataclass
class JunitFormatter(Formatter):
    suites: list[str] = field(default_factory=list)
    total: int = 0
    failures: int = 0

    def file(self, path: str, alerts: list[Alert], source: str = "") -> str:
        cases = []
        for a in alerts:
            name = f"{a.line}:{a.column} {a.rule}"
            body = f"{a.path}:{a.line}:{a.column}: {a.severity} {a.rule}: {a.message}"
            if a.suggestions:
                body += "\nSuggestion: " + " / ".join(a.suggestions)
            cases.append(
                f"    <testcase classname={quoteattr(path)} name={quoteattr(name)}>\n"
                f"      <failure type={quoteattr(a.severity)} message={quoteattr(a.message)}>{escape(body)}</failure>\n"
                "    </testcase>"
            )
        if not alerts:
            cases.append(f"    <testcase classname={quoteattr(path)} name={quoteattr('no alerts')}/>")
        self.total += len(cases)
        self.failures += len(alerts)
        self.suites.append(
            f'  <testsuite name={quoteattr(path)} tests="{len(cases)}" failures="{len(alerts)}" errors="0">\n' + "\n".join(cases) + "\n  </testsuite>"
        )
        return ""

    def finish(self, summary: Summary, problems: list[InputProblem]) -> str:
        suites = list(self.suites)
        for p in problems:
            if p.fatal:
                suites.append(
                    f'  <testsuite name={quoteattr(p.path)} tests="1" failures="0" errors="1">\n'
                    f"    <testcase classname={quoteattr(p.path)} name=\"read\">\n"
                    f"      <error message={quoteattr(p.message)}/>\n    </testcase>\n  </testsuite>"
                )
        errors = sum(1 for p in problems if p.fatal)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="editlint" tests="{self.total + errors}" failures="{self.failures}" errors="{errors}">\n'
            + "\n".join(suites)
            + "\n</testsuites>\n"
        )
