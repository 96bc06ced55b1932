"""Grammar alerts from a LanguageTool server, sent as annotated text.

Each block of prose is sent as LanguageTool "annotated text": the words as
``text``, and everything editlint does not lint (inline code, URLs, line
breaks) as ``markup`` with a neutral ``interpretAs``.  LanguageTool never sees
code or front matter, and its offsets (UTF-16 code units over text and markup
alike) map back through the document's prose map to exact lines and columns.

Results are cached per block (text + language + rule settings) in a SQLite
file, so an unchanged paragraph is never sent twice.  This module is the edge:
it does network and disk; the engine only sees a producer of alerts.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import urllib.error
import urllib.parse
import urllib.request
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..alert import LEVELS, Alert
from ..document import Document
from ..errors import ConfigError

from .settings import DEFAULT_DISABLED, DEFAULT_LEVELS, GRAMMAR_KEYS, GrammarSettings  # noqa: F401 - re-exported

BATCH_CHARS = 20000
PLACEHOLDER_WORD = "Foo"  # consonant-initial, so "a `code`" reads "a Foo"


# ---------------------------------------------------------------------------
# Annotated text


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@dataclass
class Annotated:
    """One block as LanguageTool annotated text, with the way back to prose."""

    annotation: list[dict]
    # (utf16 start, utf16 end, prose start or None for markup, text)
    pieces: list[tuple[int, int, int | None, str]]
    length: int

    @property
    def key_text(self) -> str:
        return json.dumps(self.annotation, ensure_ascii=False)

    @cached_property
    def _starts(self) -> list[int]:
        return [p[0] for p in self.pieces]

    @cached_property
    def _astral(self) -> dict[int, list[int]]:
        """Per text piece with characters outside the BMP: where each one
        ends in UTF-16 units (the only places code points and units differ)."""
        out = {}
        for n, (_, _, prose_start, text) in enumerate(self.pieces):
            if prose_start is not None and not text.isascii():
                ends = [k + j + 2 for j, k in enumerate(k for k, ch in enumerate(text) if ord(ch) > 0xFFFF)]
                if ends:
                    out[n] = ends
        return out

    def to_prose(self, offset16: int) -> int | None:
        """Prose offset of a UTF-16 offset inside a text piece (None inside
        markup); logarithmic, so a paragraph with thousands of matches maps
        in linear time."""
        n = bisect_right(self._starts, offset16) - 1
        # An offset on a piece boundary belongs to the text piece either side.
        for m in (n, n - 1):
            if 0 <= m < len(self.pieces):
                start, end, prose_start, _ = self.pieces[m]
                if start <= offset16 <= end and prose_start is not None:
                    u = offset16 - start
                    ends = self._astral.get(m)
                    return prose_start + u - (bisect_right(ends, u) if ends else 0)
        return None


def annotate(doc: Document, start: int, end: int) -> Annotated:
    """Annotated text for ``doc.prose[start:end]``."""
    from ..document import PLACEHOLDER

    annotation: list[dict] = []
    pieces = []
    pos = 0
    prose = doc.prose
    i = start
    while i < end:
        if prose[i] == PLACEHOLDER:
            a, b = doc.src_span(i, i + 1)
            # Inline code stands as one placeholder per character of it: one
            # piece of markup, one word for LanguageTool.
            k = i + 1
            while k < end and prose[k] == PLACEHOLDER and doc.src_span(k, k + 1) == (a, b):
                k += 1
            markup = doc.source[a:b] or PLACEHOLDER
            annotation.append({"markup": markup, "interpretAs": PLACEHOLDER_WORD})
            n = _utf16_len(markup)
            pieces.append((pos, pos + n, None, markup))
            pos += n
            i = k
            continue
        j = prose.find(PLACEHOLDER, i, end)
        j = end if j < 0 else j
        text = prose[i:j]
        annotation.append({"text": text})
        n = _utf16_len(text)
        pieces.append((pos, pos + n, i, text))
        pos += n
        i = j
    return Annotated(annotation, pieces, pos)


_LANG = None


def doc_language(doc: Document) -> str | None:
    """The language a Markdown document's front matter names (``lang:`` or
    ``language:``, e.g. ``en-GB``), if any."""
    global _LANG
    import re

    from ..document import _FRONT_MATTER

    fm = _FRONT_MATTER.match(doc.source) if doc.format == "markdown" else None
    if not fm:
        return None
    if _LANG is None:
        _LANG = re.compile(r"^\s*(?:lang|language)\s*[:=]\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*|auto)[\"']?\s*$", re.M)
    m = _LANG.search(fm.group())
    return m.group(1) if m else None


def _accepts(term: str, text: str) -> bool:
    """Does a vocabulary entry (a word or a regex, as Vale's accept.txt) cover ``text``?"""
    import regex

    try:
        return regex.fullmatch(term, text, regex.I, timeout=0.5) is not None
    except (regex.error, TimeoutError):
        return term.lower() == text.lower()


def _cached_match_ok(m) -> bool:
    """A match as :func:`_parse_match` stores it (a cache row may be tampered with)."""
    return (
        isinstance(m, dict)
        and type(m.get("offset")) is int and m["offset"] >= 0
        and type(m.get("length")) is int and m["length"] >= 0
        and all(isinstance(m.get(k), str) for k in ("rule", "category", "message"))
        and isinstance(m.get("replacements"), list) and all(isinstance(r, str) for r in m["replacements"])
    )


def _parse_match(m, length: int) -> dict | None:
    """One LanguageTool match in the form editlint keeps, or None when it has
    the wrong shape (a server that is not LanguageTool, a broken proxy)."""
    if not isinstance(m, dict):
        return None
    offset, size, rule, message = m.get("offset"), m.get("length", 0), m.get("rule"), m.get("message")
    if type(offset) is not int or type(size) is not int or offset < 0 or size < 0 or offset + size > length:
        return None
    if not isinstance(rule, dict) or not isinstance(rule.get("id"), str) or not isinstance(message, str):
        return None
    category = rule.get("category")
    replacements = m.get("replacements") or []
    if not isinstance(replacements, list):
        return None
    return {
        "offset": offset,
        "length": size,
        "rule": rule["id"],
        "description": rule.get("description") if isinstance(rule.get("description"), str) else "",
        "category_name": category.get("name") if isinstance(category, dict) and isinstance(category.get("name"), str) else "",
        "category": category.get("id", "MISC") if isinstance(category, dict) and isinstance(category.get("id"), str) else "MISC",
        "message": message,
        "replacements": [r["value"] for r in replacements[:5] if isinstance(r, dict) and isinstance(r.get("value"), str)],
    }


def _to_prose(ann: Annotated, offset16: int) -> int | None:
    """Prose offset of a UTF-16 offset inside a text piece (None inside markup)."""
    return ann.to_prose(offset16)


# ---------------------------------------------------------------------------
# Cache


def default_cache_path() -> Path:
    base = os.environ.get("EDITLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "editlint"
    )
    return Path(base) / "grammar.sqlite3"


class Cache:
    """Block results keyed by a hash of text and settings, in SQLite."""

    def __init__(self, path: Path | None):
        self.db = None
        if path is None:
            return
        try:
            from ..caches.fsutil import open_sqlite

            self.db = open_sqlite(str(path), "CREATE TABLE IF NOT EXISTS matches (key TEXT PRIMARY KEY, value TEXT NOT NULL)", "matches")
        except (OSError, sqlite3.Error):
            self.db = None  # a cache that cannot be written is no reason to fail

    def get(self, key: str) -> list | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT value FROM matches WHERE key = ?", (key,)).fetchone()
            value = json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError):
            return None
        # a tampered row is asked again rather than trusted
        if not isinstance(value, list) or not all(_cached_match_ok(m) for m in value):
            return None
        return value

    def put_many(self, items: list[tuple[str, list]]) -> None:
        if self.db is None or not items:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO matches VALUES (?, ?)", [(k, json.dumps(v)) for k, v in items])
        except sqlite3.Error:
            pass

    def find_rule(self, rule_id: str) -> dict | None:
        """A cached match of ``rule_id`` (its description, category and message), if any."""
        if self.db is None:
            return None
        try:
            rows = self.db.execute("SELECT value FROM matches WHERE value LIKE ? LIMIT 50", (f'%"rule": "{rule_id}"%',)).fetchall()
        except sqlite3.Error:
            return None
        best = None
        for (value,) in rows:
            try:
                for m in json.loads(value):
                    if m.get("rule") == rule_id and (best is None or (m.get("description") and not best.get("description"))):
                        best = m
            except (ValueError, AttributeError):
                continue
        return best

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


# ---------------------------------------------------------------------------
# The client


class LanguageToolUnavailable(Exception):
    """LanguageTool could not be reached or failed; the message says how to fix it."""


@dataclass
class GrammarChecker:
    """Checks documents against a LanguageTool server at ``url``."""

    url: str
    settings: GrammarSettings
    cache: Cache = field(default_factory=lambda: Cache(None))
    requests: int = 0
    cached_blocks: int = 0
    sent_blocks: int = 0
    #: Blocks whose answer had the wrong shape (their grammar was skipped).
    malformed: int = 0
    timeout: float = 60.0
    #: The shared local service: each check resets its idle clock.
    shared: bool = False
    _identity: str | None = field(default=None, repr=False)
    _language: str | None = field(default=None, repr=False)

    def __call__(self, doc: Document, path: str) -> list[Alert]:
        return self.check(doc, path)

    def check(self, doc: Document, path: str) -> list[Alert]:
        if self.shared:
            from .service import touch

            touch()
        blocks = [annotate(doc, b.start, b.end) for b in doc.blocks if b.end > b.start]
        # A document's own language (front matter "lang:") wins over the setting.
        self._language = doc_language(doc)
        identity = self.identity()
        lang_key = self._language or ""
        keys = [hashlib.sha256((identity + "\x1f" + self.settings.cache_key() + "\x1f" + lang_key + "\x1f" + ann.key_text).encode()).hexdigest() for ann in blocks]
        results: dict[int, list | None] = {}
        todo = []
        for i, key in enumerate(keys):
            hit = self.cache.get(key) if identity else None
            if hit is None:
                todo.append(i)
            else:
                results[i] = hit
                self.cached_blocks += 1
        fresh, complete = self._fetch([blocks[i] for i in todo])
        for i, matches in zip(todo, fresh):
            results[i] = matches
        if identity:
            # Only whole, well-formed answers from a server that says what it is are kept.
            self.cache.put_many([(keys[i], results[i]) for n, i in enumerate(todo) if results[i] is not None and complete[n]])
        self.sent_blocks += len(todo)
        alerts = []
        for i, ann in enumerate(blocks):
            for m in results.get(i) or []:
                alert = self._alert(doc, ann, m, path)
                if alert is not None:
                    alerts.append(alert)
        return alerts

    def identity(self) -> str:
        """Which LanguageTool answers (name, version, build date), asked once:
        cached answers of one server are never served for another.  Empty
        when the server does not say (its answers are then never cached)."""
        if self._identity is None and self.shared:
            from .server import LT_VERSION

            # The shared server is the installed LanguageTool: no need to ask it.
            self._identity = f"LanguageTool/{LT_VERSION}/local"
        if self._identity is None:
            self._identity = ""
            try:
                data = urllib.parse.urlencode({"language": "en-US", "text": "."}).encode()
                with urllib.request.urlopen(self.url.rstrip("/") + "/v2/check", data=data, timeout=self.timeout) as r:  # noqa: S310
                    body = json.load(r)
                sw = body.get("software") if isinstance(body, dict) else None
                if isinstance(sw, dict) and sw.get("name") and sw.get("version"):
                    self._identity = f"{sw.get('name')}/{sw.get('version')}/{sw.get('buildDate', '')}"
            except (urllib.error.URLError, OSError, ValueError):
                pass  # the real request will say what is wrong
        return self._identity

    def _fetch(self, blocks: list[Annotated]) -> tuple[list[list | None], list[bool]]:
        """LanguageTool's matches for each block, offsets relative to the block
        (None for a block whose answer was malformed), and whether each
        answer was complete (LanguageTool flags results cut short)."""
        out: list[list | None] = [[] for _ in blocks]
        complete = [True] * len(blocks)
        batch: list[int] = []
        size = 0
        for i, ann in enumerate(blocks):
            if batch and size + ann.length > BATCH_CHARS:
                self._send(blocks, batch, out, complete)
                batch, size = [], 0
            batch.append(i)
            size += ann.length
        if batch:
            self._send(blocks, batch, out, complete)
        return out, complete

    def _send(self, blocks, batch, out, complete) -> None:
        annotation: list[dict] = []
        starts = []
        pos = 0
        for n, i in enumerate(batch):
            if n:
                annotation.append({"markup": "\n\n", "interpretAs": "\n\n"})
                pos += 2
            starts.append(pos)
            annotation.extend(blocks[i].annotation)
            pos += blocks[i].length
        language = self._language or self.settings.language
        params = {"language": language, "data": json.dumps({"annotation": annotation}, ensure_ascii=False)}
        if language == "auto" and self.settings.preferred_variants:
            params["preferredVariants"] = ",".join(self.settings.preferred_variants)
        if self.settings.level == "picky":
            params["level"] = "picky"
        if self.settings.disabled_rules:
            params["disabledRules"] = ",".join(self.settings.disabled_rules)
        if self.settings.enabled_rules:
            params["enabledRules"] = ",".join(self.settings.enabled_rules)
        if self.settings.disabled_categories:
            params["disabledCategories"] = ",".join(self.settings.disabled_categories)
        data = urllib.parse.urlencode(params).encode("utf-8")
        self.requests += 1
        try:
            with urllib.request.urlopen(self.url.rstrip("/") + "/v2/check", data=data, timeout=self.timeout) as r:  # noqa: S310
                body = json.load(r)
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip().splitlines()[:1]
            raise LanguageToolUnavailable(f"LanguageTool at {self.url} answered {e.code}: {' '.join(detail)}") from None
        except (urllib.error.URLError, OSError, ValueError) as e:
            reason = getattr(e, "reason", e)
            raise LanguageToolUnavailable(f"LanguageTool at {self.url} is not reachable ({reason})") from None
        matches = body.get("matches") if isinstance(body, dict) else None
        parsed = [_parse_match(m, pos) for m in matches] if isinstance(matches, list) else [None]
        if any(m is None for m in parsed):
            # Only this batch's grammar is lost; the rules' alerts stand.
            for i in batch:
                out[i] = None
            self.malformed += len(batch)
            return
        warnings = body.get("warnings")
        if isinstance(warnings, dict) and warnings.get("incompleteResults"):
            for i in batch:
                complete[i] = False
        for m in parsed:
            k = bisect_right(starts, m["offset"]) - 1
            m["offset"] -= starts[k]
            out[batch[k]].append(m)

    def _alert(self, doc: Document, ann: Annotated, m: dict, path: str) -> Alert | None:
        level = self.settings.level_for(m["category"])
        if level == "off":
            return None
        a = _to_prose(ann, m["offset"])
        b = _to_prose(ann, m["offset"] + m["length"])
        if a is None or b is None:
            return None  # the match touches markup (code, a URL): not prose
        from ..engine import alert_at

        sa, sb = doc.src_span(a, b)
        if m["rule"].startswith("MORFOLOGIK") and doc.source[sa:sb][:1].isupper() and level == "warning":
            level = "suggestion"  # an unknown capitalised word is usually a name, not a typo
        matched = doc.source[sa:sb]
        if m["rule"].startswith("MORFOLOGIK") and self.settings.vocab and any(_accepts(v, matched) for v in self.settings.vocab):
            return None  # a term the vocabulary accepts: accepted by both spellers
        # What and where, in every format: the words, LanguageTool's message, the first replacements.
        message = f"'{' '.join(matched.split())}': {m['message'].strip()}"
        if m["replacements"]:
            message += " Suggestion: " + ", ".join(f"'{r}'" for r in m["replacements"][:3]) + "."
        fix = None
        if m["rule"] in self.settings.fix_rules and len(m["replacements"]) == 1:
            from ..checks.base import Finding
            from ..engine import _in_quotation

            if not _in_quotation(doc, Finding(a, b)):
                fix = m["replacements"][0]  # allow-listed, one answer, not in someone's words
        return alert_at(
            doc,
            sa,
            sb,
            path=path,
            rule=f"LanguageTool.{m['rule']}",
            severity=level,
            message=message,
            suggestions=m["replacements"],
            link="https://community.languagetool.org/rule/show/" + m["rule"] + "?lang=" + self.settings.language.split("-")[0],
            fix=fix,
        )


# ---------------------------------------------------------------------------
# Finding a server for a run


@dataclass
class GrammarService:
    """A checker plus whatever server this run had to start (closed after)."""

    checker: GrammarChecker | None
    note: str = ""
    server: Any = None

    def close(self) -> None:
        if self.checker is not None:
            self.checker.cache.close()
        if self.server is not None:
            self.server.stop()


def open_service(settings: GrammarSettings, *, cache_path: Path | None = None, start_local: bool = True, progress=None) -> GrammarService:
    """Find a LanguageTool: the configured server, ``EDITLINT_LANGUAGETOOL_URL``,
    or the shared local server (started in the background on first use, see
    :mod:`.service`).  Raises
    :class:`LanguageToolUnavailable` when grammar was asked for and none works;
    returns a service without a checker when grammar is optional and none exists."""
    from .server import LanguageToolError, Server, healthy, installed_dir

    url = settings.server or os.environ.get("EDITLINT_LANGUAGETOOL_URL")
    cache = Cache(cache_path if cache_path is not None else default_cache_path())
    if url:
        if not healthy(url, timeout=5.0):
            cache.close()
            raise LanguageToolUnavailable(
                f"LanguageTool at {url} is not reachable: start one with `editlint languagetool serve`, fix grammar.server, or pass --no-grammar"
            )
        return GrammarService(GrammarChecker(url, settings, cache))
    if start_local and installed_dir() is not None:
        from . import service

        try:
            t0 = time.monotonic()
            started: list[str] = []
            url = service.ensure(progress=lambda m: (started.append(m), progress(m) if progress else None), idle=settings.idle_minutes)
        except LanguageToolError as e:
            cache.close()
            raise LanguageToolUnavailable(str(e)) from None
        note = f"LanguageTool started in {time.monotonic() - t0:.1f} s; it keeps running for later runs (`editlint languagetool stop`)" if started else ""
        return GrammarService(GrammarChecker(url, settings, cache, shared=True), note=note)
    if settings.enabled:
        # Asked for explicitly with nothing installed: language-tool-python's own
        # download, for machines that reach LanguageTool's site.
        try:
            import language_tool_python

            tool = language_tool_python.LanguageTool(settings.language)
            return GrammarService(GrammarChecker(tool._url.rstrip("/").removesuffix("/v2"), settings, cache), server=_LtpServer(tool))
        except Exception as e:  # noqa: BLE001 - requests errors, download errors, Java errors alike
            cache.close()
            raise LanguageToolUnavailable(
                f"no LanguageTool available ({type(e).__name__}); run `editlint languagetool install` (needs Maven and Java 17) or set grammar.server"
            ) from None
    cache.close()
    return GrammarService(None)


class _LtpServer:
    def __init__(self, tool):
        self.tool = tool

    def stop(self) -> None:
        try:
            self.tool.close()
        except Exception:  # noqa: BLE001
            pass
