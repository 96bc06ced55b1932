"""``vale-line``: Vale's ``--output=line`` (``path:line:column:Check:Message``), for comparing with Vale."""

from __future__ import annotations

from dataclasses import dataclass

from ..alert import Alert
from .base import Formatter
from .safe import printable


@dataclass
class ValeLineFormatter(Formatter):
    def file(self, path: str, alerts: list[Alert], source: str = "") -> str:
        return "".join(f"{printable(a.path)}:{a.line}:{a.column}:{a.rule}:{printable(a.message)}\n" for a in alerts)
