"""Incremental linting (the language server's path) gives what a fresh lint gives.

After any edit, linting with the per-paragraph memo warm from the previous
text equals linting from scratch, and the paragraph-level pass plus the
document-wide pass equal the whole lint: the memo's notion of what a local
rule may look at (``Check.LOCAL``) is checked on real drafts, not assumed.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editlint.alert import Alert
from editlint.edges.batch import default_config
from editlint.engine import SegmentMemo, lint_text
from editlint.edges.lsp import shift_alerts

from .conftest import ROOT

DRAFTS = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "drafts").glob("**/*.md"))[:5]
INSERTS = [" very", " arguably", ". Some say", "\n\n", " “a quote,” she said", "X", "\n\nMany experts believe this is the best.\n\n", "# Heading\n\n", " the the", ""]


def _sorted(alerts):
    return sorted(alerts, key=Alert.sort_key)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(draft=st.sampled_from(DRAFTS), edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 30), st.sampled_from(INSERTS)), min_size=1, max_size=3))
def test_a_warm_memo_and_the_two_passes_equal_a_fresh_lint(draft, edits):
    config = default_config()
    text = draft.read_text(encoding="utf-8")
    memo = SegmentMemo()
    lint_text(text, config, path=draft.name, memo=memo)
    for where, cut, insert in edits:
        i = int(where * len(text))
        text = text[:i] + insert + text[i + cut :]
        fresh = list(lint_text(text, config, path=draft.name))
        assert list(lint_text(text, config, path=draft.name, memo=memo)) == fresh
        split = list(lint_text(text, config, path=draft.name, only="local")) + list(lint_text(text, config, path=draft.name, only="document"))
        assert _sorted(split) == fresh


def test_document_alerts_move_with_the_text_around_an_edit():
    config = default_config()
    old = "# Report\n\nThe health care plan is new.\n\nArguably it works.\n\nThe health-care budget and the health-care team met.\n"
    wide = list(lint_text(old, config, path="r.md", only="document"))
    assert any(a.rule == "Editorial.Variants" for a in wide), wide
    for new in (old.replace("# Report", "# The annual report\n\nIntro."), old.replace("Arguably it works.", "It works."), old + "\nMore.\n"):
        doc = lint_text(new, config, path="r.md", only="local").document
        moved = shift_alerts(wide, old, new, doc, "r.md")
        fresh = [(a.rule, a.line, a.column, a.end_line, a.end_column, a.match) for a in lint_text(new, config, path="r.md", only="document")]
        assert [(a.rule, a.line, a.column, a.end_line, a.end_column, a.match) for a in moved] == fresh
    # an alert touching the edit is dropped until the document pass, never misplaced
    new = old.replace("The health care plan", "The health  care plan")
    doc = lint_text(new, config, path="r.md", only="local").document
    moved = shift_alerts(wide, old, new, doc, "r.md")
    assert all(new[a.offset : a.end_offset] == a.match for a in moved)
    assert not any(a.match == "health care" for a in moved)


def test_linting_in_another_thread_uses_the_caches_and_the_tagger(tmp_path, monkeypatch):
    """The language server runs the document-wide pass and grammar in threads:
    the SQLite-backed lexicon and word caches must answer there too."""
    import threading

    from editlint.caches.words import WordCache
    from editlint.language.postag import tag_text

    cache = WordCache("thread-test")
    cache.put("zebulon", 3)
    cache.save()
    tag_text("The dog barked.", 0, 15)  # the lexicon's connection now belongs to this thread
    seen = {}

    def other():
        try:
            seen["cached"] = cache.get("zebulon")
            seen["tags"] = [t.tag for t in tag_text("The mailman whistled loudly.", 0, 27)]
            text = "# Note\n\nDana Whitfield, the treasurer, spoke. Whitfield said costs fell. Whitfeld agreed.\n"
            seen["alerts"] = [a.rule for a in lint_text(text, default_config(), path="t.md", only="document")]
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            seen["error"] = repr(e)

    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert "error" not in seen, seen["error"]
    assert seen["cached"] == 3
    assert seen["tags"][:2] == ["DT", "NN"]
    assert "Editorial.Entities" in seen["alerts"]
