"""Baselines: record today's alerts so a gate fails only on new ones.

A fingerprint is the rule, the path, the matched text and the words around
it, never the line number: inserting lines above an alert, or reflowing its
paragraph, leaves its fingerprint unchanged.  Baselines are multisets: two
identical alerts in one file need two entries.
"""

from __future__ import annotations

from ..caches.digest import sha256
import json
import os
import re
from collections import Counter

from ..alert import Alert
from ..errors import ConfigError
from ..caches.fsutil import atomic_write

CONTEXT_WORDS = 4
_WORDS = re.compile(r"\w+")
_BLANK = re.compile(r"\n[ \t]*\n")


def _norm_path(path: str, root: str) -> str:
    if path == "-":
        return path
    return os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")


def fingerprint(alert: Alert, source: str, root: str) -> str:
    """A stable identity for ``alert`` in ``source`` (independent of line numbers)."""
    # Context stays inside the alert's paragraph: a paragraph inserted above
    # must not change the fingerprint.
    head = _BLANK.split(source[max(0, alert.offset - 200) : alert.offset])[-1]
    tail = _BLANK.split(source[alert.end_offset : alert.end_offset + 200])[0]
    before = _WORDS.findall(head)[-CONTEXT_WORDS:]
    after = _WORDS.findall(tail)[:CONTEXT_WORDS]
    match = " ".join(alert.match.split())
    key = "\x1f".join([_norm_path(alert.path, root), alert.rule, match, " ".join(before), " ".join(after)])
    return sha256(key.encode("utf-8")).hexdigest()[:24]


class Baseline:
    """Fingerprints loaded from (or to be written to) a baseline file."""

    def __init__(self, path: str):
        self.path = path
        self.root = os.path.dirname(os.path.abspath(path))
        self.counts: Counter = Counter()
        self.entries: list[dict] = []

    @classmethod
    def load(cls, path: str) -> Baseline:
        b = cls(path)
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            raise ConfigError("baseline file not found (create it with --write-baseline)", path) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ConfigError(f"not a readable editlint baseline: {e}", path) from None
        if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("alerts"), list):
            raise ConfigError("not an editlint baseline (expected {\"version\": 1, \"alerts\": [...]})", path)
        for entry in data["alerts"]:
            if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str):
                b.counts[entry["fingerprint"]] += 1
        return b

    def add(self, alert: Alert, source: str) -> None:
        fp = fingerprint(alert, source, self.root)
        self.entries.append({"fingerprint": fp, "path": _norm_path(alert.path, self.root), "rule": alert.rule, "match": alert.match, "line": alert.line})

    def write(self) -> None:
        self.entries.sort(key=lambda e: (e["path"], e["line"], e["rule"]))
        atomic_write(self.path, json.dumps({"version": 1, "tool": "editlint", "alerts": self.entries}, ensure_ascii=False, indent=1) + "\n")

    def filter_new(self, alerts: list[Alert], source: str) -> list[Alert]:
        """The alerts not accounted for by the baseline (each entry absorbs one alert)."""
        remaining = self.counts
        out = []
        for a in alerts:
            fp = fingerprint(a, source, self.root)
            if remaining.get(fp, 0) > 0:
                remaining[fp] -= 1
            else:
                out.append(a)
        return out
