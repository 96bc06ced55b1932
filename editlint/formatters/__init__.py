"""Output formats, keyed by ``--format``.

A formatter receives each file's alerts as they are produced and the list of
input errors at the end; it returns the text to print.  Adding a format is a
module plus one line in ``FORMATTERS``.
"""

from __future__ import annotations

from .base import Formatter, Summary
from .json import JsonFormatter
from .text import TextFormatter

FORMATTERS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "json": JsonFormatter,
}

__all__ = ["FORMATTERS", "Formatter", "Summary"]
