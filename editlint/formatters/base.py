"""The formatter interface and the run summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..alert import Alert


@dataclass
class Summary:
    """Counts for the closing line and the JSON ``summary`` object."""

    files: int = 0
    errors: int = 0
    warnings: int = 0
    suggestions: int = 0
    #: Alerts a ``--baseline`` already knew (not shown).
    absorbed: int = 0
    #: The level below which alerts are not shown, when it is above
    #: ``suggestion`` for every file (so a clean summary can say so).
    min_level: str | None = None

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.suggestions

    def add(self, alerts: list[Alert]) -> None:
        for a in alerts:
            if a.severity == "error":
                self.errors += 1
            elif a.severity == "warning":
                self.warnings += 1
            else:
                self.suggestions += 1


@dataclass(frozen=True)
class InputProblem:
    """A file that could not be read (or was read with a fallback encoding)."""

    path: str
    message: str
    fatal: bool = True


@dataclass
class Formatter:
    """Base formatter: override :meth:`file` and/or :meth:`finish`."""

    color: bool = False
    quiet: bool = False
    problems: list[InputProblem] = field(default_factory=list)
    #: Alerts at or above this level fail the run (set per file by the runner).
    fail_level: str = "warning"
    #: The rules in force, by id, for formats that describe them (SARIF).
    rules: dict = field(default_factory=dict)

    def file(self, path: str, alerts: list[Alert], source: str = "") -> str:
        """Text to print once ``path`` is linted (streaming formats).

        ``source`` is the file's (newline-normalised) text, for formats that
        need more than line and column (byte offsets, snippets)."""
        return ""

    def finish(self, summary: Summary, problems: list[InputProblem]) -> str:
        """Text to print at the end of the run."""
        return ""
