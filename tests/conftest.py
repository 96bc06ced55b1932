"""Shared helpers: build configs from YAML text, run the CLI in-process or as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings as _hypothesis_settings

# Property tests: a modest count in CI (every run), a long one on demand:
#   HYPOTHESIS_PROFILE=thorough make test      (15,000 examples per property)
_hypothesis_settings.register_profile("ci", max_examples=60)
_hypothesis_settings.register_profile("thorough", max_examples=15_000)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

from editlint.engine import Config, lint_text
from editlint.rules import build_rule
from editlint.yamlio import load_yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def needs_shared(*parts: str):
    """Skip unless ``../shared/<parts>`` exists, saying what is missing and where
    it was looked for (a fresh clone outside the project layout lacks it)."""
    path = SHARED.joinpath(*parts)
    return pytest.mark.skipif(
        not path.exists(),
        reason=f"needs the shared data {'/'.join(('shared',) + parts)}, expected at {path} (beside the checkout, as the project layout has it)",
    )


def rule_from_yaml(text: str, rule_id: str = "Test.Rule", path: str = "rule.yml"):
    return build_rule(rule_id, load_yaml(text, path), path)


def lint_with(yaml_text: str, text: str, path: str = "t.md", **config):
    return lint_text(text, Config(rules=(rule_from_yaml(yaml_text),), **config), path=path)


def assert_spans(text: str, alerts) -> None:
    """Every alert's line/column span is exactly its ``match`` in ``text``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    for a in alerts:
        if a.line == a.end_line:
            assert lines[a.line - 1][a.column - 1 : a.end_column - 1] == a.match, a
        else:
            first = lines[a.line - 1][a.column - 1 :]
            last = lines[a.end_line - 1][: a.end_column - 1]
            middle = lines[a.line : a.end_line - 1]
            assert "\n".join([first, *middle, last]) == a.match, a


def run_cli(*args, input: bytes | None = None, cwd=None, env=None, grammar: bool = False) -> subprocess.CompletedProcess:
    """Run the installed ``editlint`` as a user would (a real process).

    Grammar is off unless asked for: tests of other behaviour must not depend
    on (or wait for) LanguageTool.
    """
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("EDITLINT_DEBUG", None)
    if not grammar:
        full_env["EDITLINT_NO_GRAMMAR"] = "1"
    exe = Path(sys.executable).parent / "editlint"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "editlint"]
    return subprocess.run(cmd + [str(a) for a in args], input=input, capture_output=True, cwd=cwd, env=full_env, timeout=120)


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory):
    """The test session's caches (and its shared LanguageTool, if a test
    starts one) live in a folder of its own, stopped and gone afterwards:
    nothing is left running, nothing of the user's cache is touched."""
    before = os.environ.get("EDITLINT_CACHE_DIR")
    folder = tmp_path_factory.mktemp("editlint-cache")
    os.environ["EDITLINT_CACHE_DIR"] = str(folder)
    yield folder
    from editlint.languagetool import service

    service.stop(folder / "languagetool-service")
    if before is None:
        os.environ.pop("EDITLINT_CACHE_DIR", None)
    else:
        os.environ["EDITLINT_CACHE_DIR"] = before


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def languagetool():
    """URL of a real LanguageTool server: $EDITLINT_LANGUAGETOOL_URL, or the
    installed one started for this test session (and stopped after)."""
    from editlint.languagetool.server import Server, healthy, installed_dir

    url = os.environ.get("EDITLINT_LANGUAGETOOL_URL")
    if url and healthy(url):
        yield url
        return
    if installed_dir() is None:
        if os.environ.get("EDITLINT_SKIP_LANGUAGETOOL"):
            pytest.skip("LanguageTool not installed and EDITLINT_SKIP_LANGUAGETOOL is set")
        pytest.fail("LanguageTool is not installed: run `editlint languagetool install` (scripts/test does)")
    with Server() as server:
        yield server.url
