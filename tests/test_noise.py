"""Noise budget: professionally edited prose gets at most one warning (or
error) per 1,000 words from the default style."""

from __future__ import annotations

import pytest

from editlint.config import ConfigLoader, Overrides
from editlint.document import normalise_newlines, parse
from editlint.engine import lint_document
from editlint.edges.files import read_input

from .conftest import FIXTURES, ROOT, SHARED, needs_shared

BUDGET_PER_1000 = 1.0


def _rate(paths) -> tuple[float, int, list[str]]:
    config = ConfigLoader(Overrides(styles=("Editorial",)), cwd=str(ROOT)).settings_for(None).config
    words = flagged = 0
    examples = []
    for p in paths:
        text, _ = read_input(str(p))
        doc = parse(normalise_newlines(text), "text" if str(p).endswith(".txt") else "markdown")
        words += len(doc.prose.split())
        for a in lint_document(doc, config, path=str(p)):
            if a.severity in ("warning", "error"):
                flagged += 1
                examples.append(f"{p.name}:{a.line}:{a.column} {a.rule} {a.match!r}")
    return 1000 * flagged / words, words, examples


def test_clean_fixture_corpus_is_quiet():
    paths = sorted((FIXTURES / "clean").glob("*.txt"))
    rate, words, examples = _rate(paths)
    assert words >= 5000
    assert rate <= BUDGET_PER_1000, f"{rate:.2f} per 1,000 words:\n" + "\n".join(examples)


@needs_shared("corpora", "onestopenglish", "adv")
def test_whole_guardian_corpus_is_quiet():
    paths = sorted((SHARED / "corpora" / "onestopenglish" / "adv").glob("*.txt"))
    rate, words, _ = _rate(paths)
    assert words > 100_000
    assert rate <= BUDGET_PER_1000, f"{rate:.2f} per 1,000 words"
