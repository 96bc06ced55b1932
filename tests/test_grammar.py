"""Grammar with a real LanguageTool server (started by the test session)."""

from __future__ import annotations

import json

import pytest

from editlint.document import normalise_newlines, parse
from editlint.engine import Config, lint_document
from editlint.languagetool.grammar import Cache, GrammarChecker, GrammarSettings, LanguageToolUnavailable

from .conftest import run_cli

DRAFT = """---
title: could of in front matter
---
# Meeting notes

We could of gone to the [meeting](https://example.com/could-of) yesterday.
Their is a `could of` code span here, and up to date figures.

```
we could of done it in a fence
```

Emoji 😀 first, then it could of ended.
"""


def _check(url, text, tmp_path, **settings):
    checker = GrammarChecker(url, GrammarSettings(**settings), Cache(tmp_path / "cache.sqlite3"))
    doc = parse(normalise_newlines(text))
    alerts = lint_document(doc, Config(extra=(checker,)), path="d.md")
    return checker, alerts


def test_alerts_on_exact_spans_and_none_in_code(languagetool, tmp_path):
    checker, alerts = _check(languagetool, DRAFT, tmp_path)
    lines = DRAFT.split("\n")
    got = {(a.rule, a.line, a.column, a.match) for a in alerts}
    assert ("LanguageTool.MODAL_OF", 6, 4, "could of") in got
    assert ("LanguageTool.THEIR_IS", 7, 1, "Their is") in got or ("LanguageTool.THEIR_IS", 7, 1, "Their") in got
    assert ("LanguageTool.UP_TO_DATE_HYPHEN", 7, 43, "up to date") in got
    # after an emoji (two UTF-16 units), columns still count code points
    assert ("LanguageTool.MODAL_OF", 13, 24, "could of") in got
    for a in alerts:
        assert lines[a.line - 1][a.column - 1 : a.end_column - 1] == a.match
        assert a.line not in (1, 2, 3, 9, 10, 11), a  # front matter, fence
        assert "`" not in a.match and "example.com" not in a.match
        assert a.rule.startswith("LanguageTool.")
    modal = next(a for a in alerts if a.rule == "LanguageTool.MODAL_OF")
    assert "could have" in modal.suggestions and modal.severity == "warning"


def test_second_run_is_served_from_the_cache(languagetool, tmp_path):
    first, a1 = _check(languagetool, DRAFT, tmp_path)
    assert first.requests >= 1 and first.sent_blocks > 0
    second, a2 = _check(languagetool, DRAFT, tmp_path)
    assert second.requests == 0 and second.sent_blocks == 0 and second.cached_blocks == first.sent_blocks
    assert a1 == a2
    # a changed paragraph is sent alone
    third, _ = _check(languagetool, DRAFT.replace("yesterday", "on Monday"), tmp_path)
    assert third.requests == 1 and third.sent_blocks == 1


def test_rule_settings_are_honoured(languagetool, tmp_path):
    _, alerts = _check(languagetool, DRAFT, tmp_path, disabled_rules=("MODAL_OF",), levels=(("CONFUSED_WORDS", "error"),))
    assert not any(a.rule == "LanguageTool.MODAL_OF" for a in alerts)
    their = [a for a in alerts if a.rule == "LanguageTool.THEIR_IS"]
    assert their and their[0].severity == "error"


def test_cli_with_server_and_cache(languagetool, tmp_path):
    f = tmp_path / "d.md"
    f.write_text(DRAFT)
    env = {"EDITLINT_LANGUAGETOOL_URL": languagetool, "EDITLINT_CACHE_DIR": str(tmp_path / "cache")}
    r = run_cli("-v", "--format", "json", f, env=env, grammar=True)
    doc = json.loads(r.stdout)
    assert any(a["rule"] == "LanguageTool.MODAL_OF" for a in doc["alerts"])
    assert "blocks sent, 0 from cache" in r.stderr.decode()
    # the file's own alerts are not reused (--no-cache): the grammar cache answers
    r = run_cli("-v", "--no-cache", f, env=env, grammar=True)
    assert "0 LanguageTool requests" in r.stderr.decode()
    # with the result cache, nothing is linted or asked at all, and nothing changes
    again = run_cli("-v", "--format", "json", f, env=env, grammar=True)
    assert "cache: 1 of 1 files unchanged" in again.stderr.decode()
    assert json.loads(again.stdout)["alerts"] == doc["alerts"]


def test_unreachable_server_is_one_line_and_other_rules_run(tmp_path):
    f = tmp_path / "d.md"
    f.write_text("As I write this, we could of gone.\n")
    r = run_cli(f, env={"EDITLINT_LANGUAGETOOL_URL": "http://127.0.0.1:9"}, grammar=True)
    err = r.stderr.decode().strip().splitlines()
    assert len(err) == 1 and "not reachable" in err[0] and "--no-grammar" in err[0]
    assert "Traceback" not in r.stderr.decode()
    assert "Editorial.FirstPerson" in r.stdout.decode() and r.returncode == 1
    (tmp_path / ".editlint.yaml").write_text("grammar:\n  required: true\n")
    r = run_cli(f, env={"EDITLINT_LANGUAGETOOL_URL": "http://127.0.0.1:9"}, grammar=True, cwd=tmp_path)
    assert r.returncode == 2 and "not reachable" in r.stderr.decode()


def test_grammar_config_errors(tmp_path):
    (tmp_path / ".editlint.yaml").write_text("grammar:\n  levle: picky\n")
    (tmp_path / "d.md").write_text("Fine.\n")
    r = run_cli("d.md", cwd=tmp_path, grammar=True)
    assert r.returncode == 2 and "unknown grammar key(s): levle" in r.stderr.decode()


def test_server_stops_when_the_run_ends(languagetool):
    # The session server answers; a server started by a run is gone after it
    from editlint.languagetool.server import Server, healthy

    with Server() as s:
        url = s.url
        assert healthy(url)
    assert not healthy(url)


def test_unavailable_raises_with_advice(tmp_path):
    checker = GrammarChecker("http://127.0.0.1:9", GrammarSettings(), Cache(None))
    with pytest.raises(LanguageToolUnavailable) as e:
        checker.check(parse("We could of gone.\n"), "d.md")
    assert "not reachable" in str(e.value)


def test_serve_command_prints_url_and_stops_on_sigterm(languagetool):
    """`editlint languagetool serve` binds 127.0.0.1, answers, and stops cleanly."""
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from editlint.languagetool.server import free_port, healthy

    port = free_port()
    exe = Path(sys.executable).parent / "editlint"
    proc = subprocess.Popen([str(exe), "languagetool", "serve", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url == f"http://127.0.0.1:{port}"
        assert healthy(url)
        _, alerts = _check(url, "We could of gone.\n", Path(__import__("tempfile").mkdtemp()))
        assert any(a.rule == "LanguageTool.MODAL_OF" for a in alerts)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert proc.returncode == 0
    deadline = time.monotonic() + 10
    while healthy(url) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not healthy(url)


def test_unknown_names_are_only_suggestions(languagetool, tmp_path):
    _, alerts = _check(languagetool, "The founder, Alexandr Wang, spoke. We recieved the letter.\n", tmp_path)
    spelling = {a.match: a.severity for a in alerts if a.rule.startswith("LanguageTool.MORFOLOGIK")}
    assert spelling.get("recieved") == "warning"
    assert spelling.get("Alexandr", "suggestion") == "suggestion"


def test_inline_code_is_one_piece_of_markup():
    # Inline code keeps its length in the prose (one placeholder per
    # character); LanguageTool must still see it as one word, once.
    from editlint.languagetool.grammar import annotate

    doc = parse("Run `make test --all` and `x` now.\n", "markdown")
    block = doc.blocks[0]
    ann = annotate(doc, block.start, block.end)
    assert [a["markup"] for a in ann.annotation if "markup" in a] == ["`make test --all`", "`x`"]
    assert "".join(a.get("text", "") for a in ann.annotation) == "Run  and  now."


class _Misbehaving:
    """A server on 127.0.0.1 that answers /v2/check with a fixed body: what a
    broken proxy or a server that is not LanguageTool sends (not a stand-in
    for LanguageTool: the tests above use the real one)."""

    def __init__(self, body: str):
        import http.server
        import threading

        outer = self
        self.body = body

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"OK")

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(outer.body.encode())

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.parametrize("body", [
    "[]",
    '{"matches": [{"offset": -4, "length": 2, "rule": {"id": "X"}, "message": "m"}]}',
    '{"matches": [{"offset": 0, "length": 2, "rule": null, "message": "m"}]}',
    '{"matches": [{"offset": 0, "length": 2, "rule": {"id": "X"}, "message": null}]}',
    '{"matches": "none"}',
])
def test_wrong_shaped_answers_lose_only_grammar(tmp_path, body):
    server = _Misbehaving(body)
    try:
        f = tmp_path / "d.md"
        f.write_text("As I write this, we could of gone.\n")
        r = run_cli("--format", "json", f, env={"EDITLINT_LANGUAGETOOL_URL": server.url, "EDITLINT_CACHE_DIR": str(tmp_path / "c")}, grammar=True)
    finally:
        server.close()
    assert "Traceback" not in r.stderr.decode() and "internal error" not in r.stderr.decode()
    err = r.stderr.decode().strip().splitlines()
    assert err == ["editlint: grammar: LanguageTool's answer for 1 paragraph(s) had the wrong shape; their grammar was skipped"]
    alerts = json.loads(r.stdout)["alerts"]
    assert any(a["rule"] == "Editorial.FirstPerson" for a in alerts)
    assert r.returncode == 1


def test_answers_of_an_unknown_server_are_never_cached(languagetool, tmp_path):
    """After a run against a server that answers every check with no matches
    (and does not say what it is), the real LanguageTool's alerts all appear."""
    cache = tmp_path / "cache"
    f = tmp_path / "d.md"
    f.write_text(DRAFT)
    fake = _Misbehaving('{"matches": []}')
    try:
        r = run_cli("--format", "json", f, env={"EDITLINT_LANGUAGETOOL_URL": fake.url, "EDITLINT_CACHE_DIR": str(cache)}, grammar=True)
    finally:
        fake.close()
    assert not any(a["rule"].startswith("LanguageTool.") for a in json.loads(r.stdout)["alerts"])
    fresh = run_cli("--format", "json", "--no-cache", f, env={"EDITLINT_LANGUAGETOOL_URL": languagetool, "EDITLINT_CACHE_DIR": str(tmp_path / "other")}, grammar=True)
    real = run_cli("--format", "json", f, env={"EDITLINT_LANGUAGETOOL_URL": languagetool, "EDITLINT_CACHE_DIR": str(cache)}, grammar=True)
    want = json.loads(fresh.stdout)["alerts"]
    assert any(a["rule"].startswith("LanguageTool.") for a in want)
    assert json.loads(real.stdout)["alerts"] == want


def test_position_mapping_on_a_long_paragraph():
    """Thousands of matches in one long paragraph map back exactly (the speed is in bench/)."""
    from editlint.languagetool.grammar import annotate

    text = ("Emoji 😀 then `code` and words. " * 20000)
    doc = parse(text)
    ann = annotate(doc, doc.blocks[0].start, doc.blocks[0].end)
    offsets = range(0, ann.length, 7)
    mapped = [ann.to_prose(o) for o in offsets]
    # a spot check against the definition: code points before the offset
    piece = next(p for p in ann.pieces if p[2] is not None and "😀" in p[3])
    a, _, prose_start, txt = piece
    k = txt.index("😀") + 1  # just after the emoji: two UTF-16 units for one code point
    assert ann.to_prose(a + k + 1) == prose_start + k
    assert len(mapped) == len(offsets)


def _languagetool_children(parent: int) -> list[int]:
    import os

    found = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            cmd = open(f"/proc/{d}/cmdline", "rb").read()
            ppid = int(open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if b"org.languagetool.server.HTTPServer" in cmd and ppid == parent:
            found.append(int(d))
    return found


def test_sigterm_stops_the_server_this_run_started(languagetool, tmp_path):
    """A CI cancel (SIGTERM) while the run's own LanguageTool starts leaves no Java behind."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    f = tmp_path / "d.md"
    f.write_text("We could of gone.\n")
    env = {k: v for k, v in os.environ.items() if k not in ("EDITLINT_LANGUAGETOOL_URL", "EDITLINT_NO_GRAMMAR")}
    env["EDITLINT_CACHE_DIR"] = str(tmp_path / "c")
    exe = Path(sys.executable).parent / "editlint"
    proc = subprocess.Popen([str(exe), str(f)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    java: list[int] = []
    deadline = time.monotonic() + 60
    while not java and time.monotonic() < deadline and proc.poll() is None:
        java = _languagetool_children(proc.pid)
        time.sleep(0.05)
    assert java, "the run did not start a LanguageTool"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and b"Traceback" not in err
    deadline = time.monotonic() + 20
    while any(os.path.exists(f"/proc/{p}") for p in java) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(os.path.exists(f"/proc/{p}") and "Z" not in open(f"/proc/{p}/stat").read().split()[2] for p in java)


def test_serve_refuses_a_port_in_use(languagetool):
    from urllib.parse import urlparse

    port = urlparse(languagetool).port
    r = run_cli("languagetool", "serve", "--port", str(port))
    assert r.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in r.stderr.decode()
