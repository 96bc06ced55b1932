"""Alerts: what a rule found, where, and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("suggestion", "warning", "error")
LEVEL_RANK = {name: i for i, name in enumerate(LEVELS)}


@dataclass(frozen=True, slots=True)
class Alert:
    """One alert, positioned in the source.

    Lines and columns are 1-based; columns count code points; the end is
    exclusive, so on a one-line alert ``line_text[column-1:end_column-1] == match``.
    ``offset``/``end_offset`` are the same span as source offsets.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    severity: str
    message: str
    match: str
    suggestions: tuple[str, ...] = ()
    link: str = ""
    offset: int = 0
    end_offset: int = 0
    #: The replacement ``--fix`` may apply (None: the alert needs an editor).
    fix: str | None = None

    @property
    def rank(self) -> int:
        """Numeric severity: suggestion 0, warning 1, error 2."""
        return LEVEL_RANK[self.severity]

    def sort_key(self):
        return (self.path, self.line, self.column, self.rule, self.end_line, self.end_column)
