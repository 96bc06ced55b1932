"""Benchmark: diagnostics latency of `editlint lsp` after an edit.

    python bench/lsp.py

Starts the real server over stdio, opens a 300-line and a 3,000-line draft
(Guardian prose), then times, for a one-word edit, the wait from the
didChange notification to the publishDiagnostics that answers it (the
paragraph-level rules on what changed, the document-wide rules' alerts moved
with the text), and to the second one (the document-wide pass), less the
server's debounce (targets for the first: under 100 ms and under 500 ms).  Median of 5
edits after one warm-up.  Nothing here is a test.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SOURCE = ROOT.parent / "shared" / "corpora" / "onestopenglish" / "adv"
sys.path.insert(0, str(ROOT))


def _lines(n: int) -> str:
    out = []
    for p in sorted(SOURCE.glob("*.txt")):
        for line in p.read_text(encoding="utf-8-sig", errors="replace").splitlines():
            if line.strip():
                out += [line.strip(), ""]
            if len(out) >= n:
                return "\n".join(out[:n]) + "\n"
    return "\n".join(out) + "\n"


class Client:
    def __init__(self, cwd: str):
        self.proc = subprocess.Popen([str(BIN / "editlint"), "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd)
        self.next_id = 0

    def send(self, method, params, request=False):
        msg = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            msg["id"] = self.next_id
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        headers = {}
        while True:
            line = self.proc.stdout.readline().decode().strip()
            if not line:
                break
            k, v = line.split(":", 1)
            headers[k.lower()] = v.strip()
        return json.loads(self.proc.stdout.read(int(headers["content-length"])))

    def wait(self, method=None, id_=None):
        while True:
            msg = self.read()
            if (method and msg.get("method") == method) or (id_ is not None and msg.get("id") == id_):
                return msg


def main() -> int:
    from editlint.edges.lsp import DEBOUNCE_SECONDS

    with tempfile.TemporaryDirectory() as d:
        # The default style, grammar off: its late diagnostics are not what is timed.
        Path(d, ".editlint.yaml").write_text("grammar: false\n")
        c = Client(d)
        c.send("initialize", {"processId": None, "rootUri": Path(d).as_uri(), "capabilities": {}}, request=True)
        c.wait(id_=1)
        c.send("initialized", {})
        for n in (300, 3000):
            text = _lines(n)
            uri = (Path(d) / f"draft{n}.md").as_uri()
            c.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
            c.wait("textDocument/publishDiagnostics")
            first, complete = [], []
            for v in range(2, 8):
                text = text.replace(" the ", " a ", 1)
                t = time.perf_counter()
                c.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text}]})
                c.wait("textDocument/publishDiagnostics")
                first.append(time.perf_counter() - t - DEBOUNCE_SECONDS)
                c.wait("textDocument/publishDiagnostics")  # the document-wide rules' pass
                complete.append(time.perf_counter() - t - DEBOUNCE_SECONDS)
            print(f"{n:>5}-line draft: diagnostics {1000 * statistics.median(first[1:]):.0f} ms after an edit, "
                  f"document-wide rules {1000 * statistics.median(complete[1:]):.0f} ms (debounce excluded)")
        c.send("shutdown", None, request=True)
        c.send("exit", None)
        c.proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
