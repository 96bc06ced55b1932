"""The language server, driven by a real LSP client over stdio (pytest-lsp)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

EXE = Path(sys.executable).parent / "editlint"
WORKSPACE = None


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("ws")
    styles = root / "styles" / "House"
    styles.mkdir(parents=True)
    (styles / "Swap.yml").write_text("extends: substitution\nmessage: \"Use '%s', not '%s'.\"\nlevel: warning\nswap:\n  utilise: use\n")
    (styles / "Spell.yml").write_text("extends: spelling\nmessage: \"Did you really mean '%s'?\"\nlevel: warning\n")
    # Grammar off here: its late diagnostics would race the assertions (it has its own test).
    (root / ".editlint.yaml").write_text("styles: [House, Editorial]\nstyles_path: [styles]\ngrammar: false\n")
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[str(EXE), "lsp"]))
async def client(lsp_client: LanguageClient, workspace):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=workspace.as_uri(), workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="ws")])
    )
    yield
    await lsp_client.shutdown_session()


async def _open(client, workspace, name, text, version=1):
    uri = (workspace / name).as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


@pytest.mark.asyncio
async def test_diagnostics_ranges_code_actions_and_config_reload(client: LanguageClient, workspace):
    text = "# Notes\n\n😀 We utilise it, arguably.\n"
    uri = await _open(client, workspace, "d.md", text)
    diags = {d.code: d for d in client.diagnostics[uri]}
    swap = diags["House.Swap"]
    # UTF-16: the emoji is two code units, so "utilise" starts at 6 (code points: 5)
    assert (swap.range.start.line, swap.range.start.character, swap.range.end.character) == (2, 6, 13)
    assert diags["Editorial.Hedges"].code_description.href.startswith("https://")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=swap.range, context=types.CodeActionContext(diagnostics=[swap]))
    )
    titles = [a.title for a in actions]
    assert "Replace with 'use' (House.Swap)" in titles
    assert "Disable House.Swap on this line" in titles
    assert any(t.startswith("Fix all") for t in titles)
    fix = next(a for a in actions if a.title.startswith("Replace with 'use'"))
    edit = fix.edit.changes[uri][0]
    lines = text.split("\n")
    line = lines[edit.range.start.line]
    units = line.encode("utf-16-le")
    new_line = (units[: edit.range.start.character * 2] + edit.new_text.encode("utf-16-le") + units[edit.range.end.character * 2 :]).decode("utf-16-le")
    lines[edit.range.start.line] = new_line
    fixed = "\n".join(lines)
    assert "😀 We use it, arguably." in fixed
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2), content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)])
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "House.Swap" not in {d.code for d in client.diagnostics[uri]}
    # the document-wide rules' pass follows the quick one
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "House.Swap" not in {d.code for d in client.diagnostics[uri]}
    # the config changes: the server reloads it and the diagnostics change
    (workspace / ".editlint.yaml").write_text("styles: [House, Editorial]\nstyles_path: [styles]\ngrammar: false\nEditorial.Hedges: off\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=(workspace / ".editlint.yaml").as_uri(), type=types.FileChangeType.Changed)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "Editorial.Hedges" not in {d.code for d in client.diagnostics[uri]}


def _apply(text: str, edit: types.TextEdit) -> str:
    """Apply one whole-range edit the way an editor does (UTF-16 positions)."""
    lines = text.split("\n")
    start, end = edit.range.start, edit.range.end
    head = "\n".join(lines[: start.line] + [lines[start.line].encode("utf-16-le")[: start.character * 2].decode("utf-16-le")]) if lines else ""
    tail = lines[end.line].encode("utf-16-le")[end.character * 2 :].decode("utf-16-le")
    return head + edit.new_text + "\n".join([tail] + lines[end.line + 1 :])


@pytest.mark.asyncio
async def test_add_to_vocabulary_edits_the_config_and_the_alert_goes(client: LanguageClient, workspace):
    config = workspace / ".editlint.yaml"
    before = config.read_text()
    uri = await _open(client, workspace, "v.md", "# Trip\n\nWe met Zorblaxian traders.\n")
    spell = next(d for d in client.diagnostics[uri] if d.code == "House.Spell")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=spell.range, context=types.CodeActionContext(diagnostics=[spell]))
    )
    add = next(a for a in actions if a.title == "Add 'Zorblaxian' to the vocabulary (.editlint.yaml)")
    assert not any(a.title.startswith("Add ") for a in actions if a.diagnostics and a.diagnostics[0].code == "Editorial.Hedges")
    (edit,) = add.edit.changes[config.as_uri()]
    config.write_text(_apply(before, edit))  # the editor applies and saves it
    import yaml

    assert yaml.safe_load(config.read_text())["vocab"] == {"accept": ["Zorblaxian"]}
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "House.Spell" not in {d.code for d in client.diagnostics[uri]}
    config.write_text(before)


@pytest.mark.asyncio
async def test_grammar_follows_without_holding_back_the_other_rules(client: LanguageClient, workspace, languagetool):
    folder = workspace / "g"
    folder.mkdir(exist_ok=True)
    (folder / ".editlint.yaml").write_text(f"styles: [Editorial]\ngrammar:\n  server: {languagetool}\n")
    uri = (folder / "g.md").as_uri()
    text = "# Note\n\nIt is is arguably fine.\n"
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    first = {d.code for d in client.diagnostics[uri]}
    assert "Editorial.Hedges" in first and not any(c.startswith("LanguageTool.") for c in first)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    second = {d.code: d for d in client.diagnostics[uri]}
    assert "Editorial.Hedges" in second, client.log_messages
    assert "LanguageTool.ENGLISH_WORD_REPEAT_RULE" in second, (list(second), [m.message for m in client.log_messages])
    repeat = second["LanguageTool.ENGLISH_WORD_REPEAT_RULE"]
    assert (repeat.range.start.line, repeat.range.start.character, repeat.range.end.character) == (2, 3, 8)
    # its allow-listed replacement is a quick fix
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=repeat.range, context=types.CodeActionContext(diagnostics=[repeat]))
    )
    assert "Replace with 'is' (LanguageTool.ENGLISH_WORD_REPEAT_RULE)" in [a.title for a in actions]


@pytest.mark.asyncio
async def test_the_document_wide_pass_follows_an_edit(client: LanguageClient, workspace):
    text = "# Plan\n\nThe health-care budget grew.\n\nThe health-care team met Dana Whitfield, the treasurer.\n\nWhitfield said so.\n"
    uri = await _open(client, workspace, "w.md", text)
    assert "Editorial.Variants" not in {d.code for d in client.diagnostics[uri]}
    edited = text + "\nThe health care plan and Whitfeld's reply came later.\n"
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2), content_changes=[types.TextDocumentContentChangeWholeDocument(text=edited)])
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)  # the quick pass
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)  # the document-wide pass
    codes = {d.code for d in client.diagnostics[uri]}
    assert {"Editorial.Variants", "Editorial.Entities"} <= codes, codes
