"""``editlint lsp``: a Language Server Protocol server over stdio (pygls).

An edge around the pure core: on open, change (debounced) and save it
lints the editor's text with the same configuration discovery as the CLI
(``.editlint.yaml``, ``.vale.ini``, per-file sections) and publishes
diagnostics with ranges in the negotiated position encoding (UTF-16 unless
the client offers UTF-8).  Code actions: each safe fix, "fix all" for the
file, and "disable this rule on this line" (inserts the comment).  A
diagnostic carries the rule's message and its link (``codeDescription``).
Configuration is reloaded when a config or style file changes.  Grammar is
left to the CLI for now: diagnostics never wait for LanguageTool.
"""

from __future__ import annotations

import asyncio
import os
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from . import __version__
from .alert import Alert
from .errors import ConfigError

DEBOUNCE_SECONDS = 0.25
_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning, "suggestion": types.DiagnosticSeverity.Information}
_CONFIG_NAMES = (".editlint.yaml", ".editlint.yml", "pyproject.toml", ".vale.ini", "_vale.ini", "vale.ini")


def _path(uri: str) -> str:
    return unquote(urlparse(uri).path) if uri.startswith("file:") else uri


class EditlintServer(LanguageServer):
    """The server: one config loader per configuration state, rebuilt when a
    config or style file changes."""

    def __init__(self):
        super().__init__("editlint", __version__)
        self._loader = None
        self._stamp = None
        self._pending: dict[str, asyncio.Task] = {}
        self.last_alerts: dict[str, list[Alert]] = {}

    def loader(self):
        from .config import ConfigLoader, Overrides

        stamp = self._config_stamp()
        if self._loader is None or stamp != self._stamp:
            self._loader = ConfigLoader(Overrides(grammar=False), cwd=self._root())
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
    def lint(self, uri: str) -> None:
        from .engine import lint_text

        doc = self.workspace.get_text_document(uri)
        path = _path(uri)
        try:
            settings = self.loader().settings_for(path)
            alerts = list(lint_text(doc.source, settings.config, path=path))
        except ConfigError as e:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"editlint: {e}"))
            alerts = []
        self.last_alerts[uri] = alerts
        lines = doc.source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        diagnostics = [self._diagnostic(a, lines) for a in alerts]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=doc.version))

    def schedule(self, uri: str) -> None:
        """Lint after a short pause; a newer change cancels the older lint."""
        old = self._pending.pop(uri, None)
        if old is not None:
            old.cancel()

        async def later():
            await asyncio.sleep(DEBOUNCE_SECONDS)
            self.lint(uri)

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
    ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: EditlintServer, params: types.DidCloseTextDocumentParams):
    ls.last_alerts.pop(params.text_document.uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def _watched(ls: EditlintServer, params: types.DidChangeWatchedFilesParams):
    # A config or style changed: relint what is open with the new rules.
    for uri in list(ls.last_alerts):
        ls.lint(uri)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]),
)
def _code_actions(ls: EditlintServer, params: types.CodeActionParams):
    uri = params.text_document.uri
    doc = ls.workspace.get_text_document(uri)
    lines = doc.source.replace("\r\n", "\n").split("\n")
    alerts = ls.last_alerts.get(uri, [])
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
    if fixable:
        edits, last = [], -1
        for a in sorted(fixable, key=lambda a: a.offset):
            if a.offset >= last:
                edits.append(edit_for(a))
                last = a.end_offset
        actions.append(types.CodeAction(title=f"Fix all {len(edits)} safe editlint problems in this file", kind=types.CodeActionKind.SourceFixAll,
                                        edit=types.WorkspaceEdit(changes={uri: edits})))
    return actions


def main() -> None:
    """Run the server on stdin/stdout until the client ends it."""
    server.start_io()
