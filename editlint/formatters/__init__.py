"""Output formats, keyed by ``--format``.

A formatter receives each file's alerts as they are produced and the list of
input errors at the end; it returns the text to print.  Adding a format is a
module plus one line in ``FORMATTERS``.
"""

from __future__ import annotations

from .base import Formatter, Summary
from .github import GithubFormatter
from .json import JsonFormatter
from .junit import JunitFormatter
from .rdjson import RdjsonFormatter
from .sarif import SarifFormatter
from .text import TextFormatter
from .vale_line import ValeLineFormatter

FORMATTERS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "json": JsonFormatter,
    "github": GithubFormatter,
    "sarif": SarifFormatter,
    "rdjson": RdjsonFormatter,
    "junit": JunitFormatter,
    "vale-line": ValeLineFormatter,
}

__all__ = ["FORMATTERS", "Formatter", "Summary"]
