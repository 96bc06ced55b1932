"""The one error type for configuration and rule problems."""

from __future__ import annotations


class ConfigError(Exception):
    """A problem in a config or rule file, reported as ``path:line: message``.

    Raised before any linting starts; the CLI prints it once and exits 2.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or "<config>"
        if self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"
