"""``editlint lsp``: a Language Server Protocol server over stdio (pygls).

An edge around the pure core: on open, change (debounced) and save it
lints the editor's text with the same configuration discovery as the CLI
(``.editlint.yaml``, ``.vale.ini``, per-file sections) and publishes
diagnostics with ranges in the negotiated position encoding (UTF-16 unless
the client offers UTF-8).  Code actions: each safe fix, "fix all" for the
file, and "disable this rule on this line" (inserts the comment).  A
diagnostic carries the rule's message and its link (``codeDescription``).
"Add to the vocabulary" (for spelling, capitalisation and name alerts)
edits the project's vocabulary file.  Configuration is reloaded when a
config or style file changes.  Grammar runs when the configuration has it
(as in the CLI), in a background thread on the shared LanguageTool: the
other rules' diagnostics are published first and never wait for it; the
grammar alerts follow when they arrive, if the text has not changed since.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..alert import Alert
from ..errors import ConfigError

DEBOUNCE_SECONDS = 0.25
RECHECK_SECONDS = 2.0
_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning, "suggestion": types.DiagnosticSeverity.Information}
_CONFIG_NAMES = (".editlint.yaml", ".editlint.yml", "pyproject.toml", ".vale.ini", "_vale.ini", "vale.ini")
#: Rule types whose alerts a vocabulary entry answers ("this word is right here").
_VOCAB_TYPES = {"Spelling", "Capitalization", "Entities", "Conditional"}


def _path(uri: str) -> str:
    return unquote(urlparse(uri).path) if uri.startswith("file:") else uri


class EditlintServer(LanguageServer):
    """The server: one config loader per configuration state, rebuilt when a
    config or style file changes."""

    def __init__(self):
        super().__init__("editlint", __version__)
        self._loader = None
        self._checked = 0.0
        self._stamp = None
        self._pending: dict[str, asyncio.Task] = {}
        self.last_alerts: dict[str, list[Alert]] = {}
        self.grammar_alerts: dict[str, list[Alert]] = {}
        #: Per document: local rules' findings by paragraph, and the text and
        #: alerts of the last document-wide pass.
        self.memos: dict = {}
        self.generation: dict[str, int] = {}
        self.document_alerts: dict[str, tuple[str, list[Alert]]] = {}
        self._document_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="editlint-document")
        self._grammar_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="editlint-grammar")
        self._grammar_services: dict = {}
        self._said: set[str] = set()

    def loader(self, *, recheck: bool = False):
        """The config loader, rebuilt when a config or style file changed.

        Walking the workspace for changes is I/O: done at most every
        :data:`RECHECK_SECONDS` (an edit must not pay for it), and at once
        when the client reports changed files or a save (``recheck``)."""
        import time

        from ..config import ConfigLoader, Overrides

        now = time.monotonic()
        if self._loader is None or recheck or now - self._checked >= RECHECK_SECONDS:
            self._checked = now
            stamp = self._config_stamp()
            if self._loader is None or stamp != self._stamp:
                self._loader = ConfigLoader(Overrides(), cwd=self._root())
                self._stamp = stamp
        return self._loader

    def _root(self) -> str:
        root = getattr(self.workspace, "root_path", None)
        return root or os.getcwd()

    def _config_stamp(self):
        """Sizes and times of the config and style files under the root."""
        root = self._root()
        stamp = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in ("node_modules", "__pycache__")]
            for name in filenames:
                if name in _CONFIG_NAMES or name.endswith((".yml", ".yaml", ".txt")) and "styles" in dirpath.replace(root, ""):
                    p = os.path.join(dirpath, name)
                    try:
                        st = os.stat(p)
                    except OSError:
                        continue
                    stamp.append((p, st.st_size, st.st_mtime_ns))
            if len(stamp) > 2000:
                break
        return tuple(sorted(stamp))

    # -- linting -----------------------------------------------------------------
    def lint(self, uri: str, *, quick: bool = False, recheck: bool = False) -> None:
        """Lint ``uri`` and publish.  ``quick`` (after an edit): the rules that
        look at one paragraph at a time run now, on the paragraphs that changed
        (the others' findings are kept per paragraph), the document-wide rules'
        last alerts move with the text around the edit, and the document-wide
        pass follows in a background thread."""
        from ..document import normalise_newlines
        from ..engine import SegmentMemo, lint_text

        doc = self.workspace.get_text_document(uri)
        path = _path(uri)
        settings = None
        # Late results of an older lint (an older text or config) are dropped by this.
        self.generation[uri] = generation = self.generation.get(uri, 0) + 1
        memo = self.memos.setdefault(uri, SegmentMemo())
        text = normalise_newlines(doc.source)
        try:
            settings = self.loader(recheck=recheck).settings_for(path)
            local = lint_text(text, settings.config, path=path, memo=memo, only="local")
            previous = self.document_alerts.get(uri)
            if quick and previous is not None:
                wide = shift_alerts(previous[1], previous[0], text, local.document, path)
            else:
                wide = list(lint_text(text, settings.config, path=path, only="document"))
                self.document_alerts[uri] = (text, wide)
            alerts = sorted(list(local) + wide, key=Alert.sort_key)
        except ConfigError as e:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"editlint: {e}"))
            alerts, local = [], []
        self.last_alerts[uri] = alerts
        self.grammar_alerts.pop(uri, None)  # at old positions: the new ones follow
        self.publish(uri)
        if settings is None:
            return
        if quick:
            self._document_later(uri, generation, text, path, settings, list(local))
        if settings.grammar is not None:
            self._grammar_later(uri, doc.version, doc.source, path, settings)

    def _document_later(self, uri: str, generation: int, text: str, path: str, settings, local: list[Alert]) -> None:
        from ..engine import lint_text

        loop = asyncio.get_event_loop()
        future = loop.run_in_executor(self._document_pool, lambda: list(lint_text(text, settings.config, path=path, only="document")))

        def arrived(f):
            if f.cancelled() or f.exception() is not None:
                if not f.cancelled():
                    self._say_once(f"editlint: document-wide rules failed: {type(f.exception()).__name__}: {f.exception()}")
                return
            if uri in self.last_alerts and self.generation.get(uri) == generation:
                self.document_alerts[uri] = (text, f.result())
                self.last_alerts[uri] = sorted(local + f.result(), key=Alert.sort_key)
                self.publish(uri)

        future.add_done_callback(arrived)

    def alerts_for(self, uri: str) -> list[Alert]:
        """The rules' alerts and, once they have arrived, grammar's, in order."""
        return sorted(self.last_alerts.get(uri, []) + self.grammar_alerts.get(uri, []), key=Alert.sort_key)

    def publish(self, uri: str) -> None:
        doc = self.workspace.get_text_document(uri)
        lines = doc.source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        diagnostics = [self._diagnostic(a, lines) for a in self.alerts_for(uri)]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=doc.version))

    # -- grammar, off the main loop -----------------------------------------------------
    def _grammar_later(self, uri: str, version, source: str, path: str, settings) -> None:
        loop = asyncio.get_event_loop()
        future = loop.run_in_executor(self._grammar_pool, self._grammar_alerts, source, path, settings)

        def arrived(f):
            if f.cancelled():
                return
            if f.exception() is not None:
                e = f.exception()
                self._say_once(f"editlint: grammar failed: {type(e).__name__}: {e}")
                return
            alerts = f.result()
            current = self.workspace.get_text_document(uri)
            if uri in self.last_alerts and current.version == version and current.source == source:
                self.grammar_alerts[uri] = alerts
                self.publish(uri)

        future.add_done_callback(arrived)

    def _grammar_alerts(self, source: str, path: str, settings) -> list[Alert]:
        """Grammar alerts for ``source`` (run in the grammar thread; [] when no server answers)."""
        from ..engine import lint_text
        from ..languagetool.grammar import LanguageToolUnavailable, open_service

        g = settings.grammar
        if g not in self._grammar_services:
            try:
                self._grammar_services[g] = open_service(g)
            except LanguageToolUnavailable as e:
                self._grammar_services[g] = None
                self._say_once(f"editlint: grammar off: {e}")
        service = self._grammar_services[g]
        if service is None or service.checker is None:
            return []
        try:
            return list(lint_text(source, replace(settings.config, rules=(), extra=(service.checker,)), path=path))
        except LanguageToolUnavailable as e:
            self._grammar_services.pop(g, None)  # try again on the next change
            self._say_once(f"editlint: grammar skipped: {e}")
            return []

    def _say_once(self, message: str) -> None:
        if message not in self._said:
            self._said.add(message)
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=message))

    def close_grammar(self) -> None:
        def close():
            # In the grammar thread: its SQLite cache belongs to that thread.
            for service in self._grammar_services.values():
                if service is not None:
                    service.close()
            self._grammar_services.clear()

        self._grammar_pool.submit(close)
        self._grammar_pool.shutdown(wait=True, cancel_futures=False)

    def schedule(self, uri: str) -> None:
        """Lint after a short pause; a newer change cancels the older lint."""
        old = self._pending.pop(uri, None)
        if old is not None:
            old.cancel()

        async def later():
            await asyncio.sleep(DEBOUNCE_SECONDS)
            self.lint(uri, quick=True)

        self._pending[uri] = asyncio.get_event_loop().create_task(later())

    # -- positions ---------------------------------------------------------------
    def _units(self, line: str, column: int) -> int:
        """Code-point column (1-based) -> the client's position units (0-based)."""
        head = line[: column - 1]
        enc = str(self.workspace.position_encoding or "utf-16")
        if "8" in enc:
            return len(head.encode("utf-8"))
        if "32" in enc:
            return len(head)
        return len(head.encode("utf-16-le")) // 2

    def _range(self, a: Alert, lines: list[str]) -> types.Range:
        def pos(line, col):
            text = lines[line - 1] if 0 < line <= len(lines) else ""
            return types.Position(line=line - 1, character=self._units(text, col))

        return types.Range(start=pos(a.line, a.column), end=pos(a.end_line, a.end_column))

    def _diagnostic(self, a: Alert, lines: list[str]) -> types.Diagnostic:
        return types.Diagnostic(
            range=self._range(a, lines),
            message=a.message,
            severity=_SEVERITY[a.severity],
            code=a.rule,
            code_description=types.CodeDescription(href=a.link) if a.link else None,
            source="editlint",
            data={"fix": a.fix} if a.fix is not None else None,
        )


server = EditlintServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: EditlintServer, params: types.DidOpenTextDocumentParams):
    ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: EditlintServer, params: types.DidChangeTextDocumentParams):
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def _did_save(ls: EditlintServer, params: types.DidSaveTextDocumentParams):
    ls.lint(params.text_document.uri, recheck=True)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: EditlintServer, params: types.DidCloseTextDocumentParams):
    ls.last_alerts.pop(params.text_document.uri, None)
    ls.memos.pop(params.text_document.uri, None)
    ls.document_alerts.pop(params.text_document.uri, None)
    ls.grammar_alerts.pop(params.text_document.uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def _watched(ls: EditlintServer, params: types.DidChangeWatchedFilesParams):
    # A config or style changed: relint what is open with the new rules.
    for uri in list(ls.last_alerts):
        ls.lint(uri, recheck=True)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]),
)
def _code_actions(ls: EditlintServer, params: types.CodeActionParams):
    uri = params.text_document.uri
    doc = ls.workspace.get_text_document(uri)
    lines = doc.source.replace("\r\n", "\n").split("\n")
    alerts = ls.alerts_for(uri)
    loader = ls.loader()  # once per request, not per alert
    wanted = params.range
    actions = []
    fixable = [a for a in alerts if a.fix is not None]

    def edit_for(a: Alert) -> types.TextEdit:
        return types.TextEdit(range=ls._range(a, lines), new_text=a.fix)

    for a in alerts:
        r = ls._range(a, lines)
        if r.end.line < wanted.start.line or r.start.line > wanted.end.line:
            continue
        diag = ls._diagnostic(a, lines)
        if a.fix is not None:
            title = f"Replace with '{a.fix}'" if a.fix else "Delete"
            actions.append(types.CodeAction(title=f"{title} ({a.rule})", kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
                                            edit=types.WorkspaceEdit(changes={uri: [edit_for(a)]}), is_preferred=True))
        line_text = lines[a.line - 1] if a.line <= len(lines) else ""
        end = types.Position(line=a.line - 1, character=ls._units(line_text, len(line_text) + 1))
        comment = f" <!-- editlint-disable-line {a.rule} -->"
        actions.append(types.CodeAction(title=f"Disable {a.rule} on this line", kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
                                        edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=types.Range(start=end, end=end), new_text=comment)]})))
        vocab = _vocabulary_action(loader, uri, a, diag)
        if vocab is not None:
            actions.append(vocab)
    if fixable:
        edits, last = [], -1
        for a in sorted(fixable, key=lambda a: a.offset):
            if a.offset >= last:
                edits.append(edit_for(a))
                last = a.end_offset
        actions.append(types.CodeAction(title=f"Fix all {len(edits)} safe editlint problems in this file", kind=types.CodeActionKind.SourceFixAll,
                                        edit=types.WorkspaceEdit(changes={uri: edits})))
    return actions


def _common_prefix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # bisection on slice equality: C speed on long drafts
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def shift_alerts(alerts: list[Alert], old: str, new: str, doc, path: str) -> list[Alert]:
    """``alerts`` of ``old`` placed in ``new``: those before the edit stay, those
    after it move with the text, those touching it are dropped (the next
    document-wide pass has the truth)."""
    from ..engine import alert_at

    p = _common_prefix(old, new)
    q = _common_suffix(old, new, min(len(old), len(new)) - p)
    edit_end, delta = len(old) - q, len(new) - len(old)
    out = []
    for a in alerts:
        if a.end_offset <= p:
            out.append(a)
        elif a.offset >= edit_end:
            out.append(alert_at(doc, a.offset + delta, a.end_offset + delta, path=path, rule=a.rule, severity=a.severity, message=a.message,
                                suggestions=a.suggestions, link=a.link, fix=a.fix))
    return out


def _term(a: Alert) -> str | None:
    term = a.match.strip()
    if not term or "\n" in term or len(term) > 60 or len(term.split()) > 3 or not any(c.isalpha() for c in term):
        return None
    return term


def _vocabulary_action(loader, uri: str, a: Alert, diag) -> types.CodeAction | None:
    """"Add 'term' to the vocabulary": an edit of the project's vocabulary file."""
    from .vocabedit import vocabulary_edit

    term = _term(a)
    if term is None:
        return None
    if a.rule.startswith("LanguageTool."):
        if not a.rule.startswith("LanguageTool.MORFOLOGIK"):
            return None
    else:
        rule = next((r for r in loader.settings_for(_path(uri)).config.rules if r.id == a.rule), None)
        if rule is None or type(rule.check).__name__ not in _VOCAB_TYPES:
            return None
    edit = vocabulary_edit(loader.config_file_for(_path(uri)), term)
    if isinstance(edit, str):
        return None
    target = Path(os.path.abspath(edit.path)).as_uri()
    if edit.exists:
        old_lines = edit.old_text.split("\n")
        end = types.Position(line=len(old_lines) - 1, character=len(old_lines[-1].encode("utf-16-le")) // 2)
        workspace_edit = types.WorkspaceEdit(changes={target: [types.TextEdit(range=types.Range(start=types.Position(0, 0), end=end), new_text=edit.new_text)]})
    else:
        workspace_edit = types.WorkspaceEdit(document_changes=[
            types.CreateFile(uri=target),
            types.TextDocumentEdit(text_document=types.OptionalVersionedTextDocumentIdentifier(uri=target, version=None),
                                   edits=[types.TextEdit(range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)), new_text=edit.new_text)]),
        ])
    return types.CodeAction(title=f"Add '{term}' to the vocabulary ({os.path.basename(edit.path)})", kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diag], edit=workspace_edit)


@server.feature(types.SHUTDOWN)
def _shutdown(ls: EditlintServer, params):
    ls.close_grammar()


def main() -> None:
    """Run the server on stdin/stdout until the client ends it."""
    server.start_io()
