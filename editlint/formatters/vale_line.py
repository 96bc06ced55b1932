"""``vale-line``: Vale's ``--output=line`` (``path:line:column:Check:Message``), for comparing with Vale."""

from __future__ import annotations

from dataclasses import dataclass

from ..alert import Alert
from .base import Formatter


@dataclass
class ValeLineFormatter(Formatter):
    def file(self, path: str, alerts: list[Alert], source: str = "") -> str:
        return "".join(f"{a.path}:{a.line}:{a.column}:{a.rule}:{a.message}\n" for a in alerts)
