"""Output formats, keyed by ``--format``.

A formatter receives each file's alerts as they are produced and the list of
input errors at the end; it returns the text to print.  Adding a format is a
module plus one line in ``FORMATTERS``.  Modules are imported only when their
format is asked for (the JUnit writer's XML escaping pulls in a network
stack that a plain run never needs).
"""

from __future__ import annotations

from importlib import import_module

from .base import Formatter, Summary

#: ``--format`` name -> (module, class).
FORMATTERS: dict[str, tuple[str, str]] = {
    "text": ("text", "TextFormatter"),
    "json": ("json", "JsonFormatter"),
    "github": ("github", "GithubFormatter"),
    "sarif": ("sarif", "SarifFormatter"),
    "rdjson": ("rdjson", "RdjsonFormatter"),
    "junit": ("junit", "JunitFormatter"),
    "vale-line": ("vale_line", "ValeLineFormatter"),
}


def formatter_class(name: str) -> type[Formatter]:
    """The formatter class for ``--format name`` (``KeyError`` if unknown)."""
    module, cls = FORMATTERS[name]
    return getattr(import_module(f".{module}", __name__), cls)


__all__ = ["FORMATTERS", "Formatter", "Summary", "formatter_class"]
