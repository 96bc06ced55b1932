"""A real editor as the LSP client: headless Neovim (Debian's package) drives `editlint lsp`.

It opens a draft with an emoji before the match, receives the diagnostics
(Neovim converts the server's UTF-16 ranges to byte columns), requests the
quick fix, applies it to the buffer and sees the diagnostic go.  Skipped,
saying so, where Neovim is not installed (scripts/test installs it when it can).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

NVIM = shutil.which("nvim")
EXE = Path(sys.executable).parent / "editlint"


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (apt-get install neovim; scripts/test does so when run as root)")
def test_neovim_shows_the_diagnostics_and_applies_the_quick_fix(tmp_path):
    (tmp_path / "styles" / "House").mkdir(parents=True)
    (tmp_path / "styles" / "House" / "Swap.yml").write_text("extends: substitution\nmessage: \"Use '%s', not '%s'.\"\nlevel: warning\nswap:\n  utilise: use\n")
    (tmp_path / ".editlint.yaml").write_text("styles: [House, Editorial]\nstyles_path: [styles]\ngrammar: false\n")
    (tmp_path / "d.md").write_text("# Notes\n\n😀 We utilise it, arguably.\n", encoding="utf-8")
    out = tmp_path / "seen.txt"
    env = dict(os.environ, EDITLINT_EXE=str(EXE), EDITLINT_OUT=str(out), XDG_STATE_HOME=str(tmp_path / "state"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    r = subprocess.run([NVIM, "--headless", "--noplugin", "-u", str(ROOT / "tests" / "data" / "nvim-lsp-init.lua"), "d.md"],
                       cwd=tmp_path, env=env, capture_output=True, timeout=120)
    seen = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    assert r.returncode == 0 and seen, (r.stdout, r.stderr)
    # Byte columns in Neovim: "😀 We " is 8 bytes, so "utilise" spans 8-15.
    assert "open 2:8-15 House.Swap" in seen
    assert "open 2:20-28 Editorial.Hedges" in seen
    assert "applied Replace with 'use' (House.Swap)" in seen
    assert "line 😀 We use it, arguably." in seen
    assert [s for s in seen if s.startswith("after")] == ["after 2:16-24 Editorial.Hedges"]
