"""``junit``: JUnit XML, for CI systems that show test reports.

One test suite per file.  An alert at or above the fail level (what makes
editlint exit 1) is a failing test case; alerts below it are passing cases
that carry their text in ``system-out``, so a report is red exactly when
the exit code is.  A file with no alerts is one passing case, so the report
shows every file checked.  Text from the draft is stripped of characters
XML cannot carry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from ..alert import LEVEL_RANK, Alert
from .base import Formatter, InputProblem, Summary
from .safe import xml_safe


def _attr(s: str) -> str:
    return quoteattr(xml_safe(s))


def _text(s: str) -> str:
    return escape(xml_safe(s))


@dataclass
class JunitFormatter(Formatter):
    suites: list[str] = field(default_factory=list)
    total: int = 0
    failures: int = 0

    def file(self, path: str, alerts: list[Alert], source: str = "") -> str:
        fail_rank = LEVEL_RANK[self.fail_level]
        cases = []
        failed = 0
        for a in alerts:
            name = f"{a.line}:{a.column} {a.rule}"
            body = f"{a.path}:{a.line}:{a.column}: {a.severity} {a.rule}: {a.message}"
            if a.suggestions:
                body += "\nSuggestion: " + " / ".join(a.suggestions)
            if a.rank >= fail_rank:
                failed += 1
                inner = f"      <failure type={_attr(a.severity)} message={_attr(a.message)}>{_text(body)}</failure>\n"
            else:
                inner = f"      <system-out>{_text(body)}</system-out>\n"
            cases.append(f"    <testcase classname={_attr(path)} name={_attr(name)}>\n{inner}    </testcase>")
        if not alerts:
            cases.append(f"    <testcase classname={_attr(path)} name={_attr('no alerts')}/>")
        self.total += len(cases)
        self.failures += failed
        self.suites.append(
            f'  <testsuite name={_attr(path)} tests="{len(cases)}" failures="{failed}" errors="0">\n' + "\n".join(cases) + "\n  </testsuite>"
        )
        return ""

    def finish(self, summary: Summary, problems: list[InputProblem]) -> str:
        suites = list(self.suites)
        for p in problems:
            if p.fatal:
                suites.append(
                    f'  <testsuite name={_attr(p.path)} tests="1" failures="0" errors="1">\n'
                    f"    <testcase classname={_attr(p.path)} name=\"read\">\n"
                    f"      <error message={_attr(p.message)}/>\n    </testcase>\n  </testsuite>"
                )
        errors = sum(1 for p in problems if p.fatal)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="editlint" tests="{self.total + errors}" failures="{self.failures}" errors="{errors}">\n'
            + "\n".join(suites)
            + "\n</testsuites>\n"
        )
