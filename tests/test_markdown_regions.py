"""Markdown parsed region by region reads as the whole document does.

``editlint.markdown_regions`` cuts a document before each letter at column 0
after a blank line, parses each region on its own (with the compiled parser
where the screens allow) and merges regions a fence or HTML block runs on
through.  Checked two ways: with markdown-it-py for every region, the token
stream must be markdown-it-py's for the whole document (the cuts, merges and
link definitions are right); with the compiled parser, the parsed document
must be the one markdown-it-py gives (``tests/test_markdown_rs.py`` does the
same at the default region size; here every cut is a region).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from editlint import document, markdown_regions, markdown_rs
from tests.test_markdown_rs import FIELDS, _both

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

pytestmark = pytest.mark.skipif(not markdown_rs.available(), reason="the compiled core (editlint_native) is not installed")



def _shape(tokens):
    # Line maps as the document walk reads them: a container's map is not
    # read (one nested past markdown-it's limit spans to the end of the
    # text it was parsed in, the region's or the document's).
    return [
        (t.type, t.tag, t.map if t.type in document._LEAF_TOKENS else None, t.level, t.content, t.markup, t.info, t.hidden, _shape(t.children or []))
        for t in tokens
    ]


def _regions_python_only(text: str, notes: list[str], calls: list | None = None):
    regions = markdown_regions._Regions(text, document.MAX_NESTING, document._python_tokens)
    regions.fast = lambda region, _nesting: None  # every region to markdown-it-py

    if calls is not None:
        def counted(region, region_notes, **kw):
            calls.append(region)
            return document._python_tokens(region, region_notes, **kw)

        regions.python_tokens = counted
    return list(regions.tokens(notes))


def _same_tokens(text: str):
    whole_notes: list[str] = []
    whole = document._python_tokens(text, whole_notes)
    notes: list[str] = []
    assert _shape(_regions_python_only(text, notes)) == _shape(whole)
    assert notes == whole_notes


def _same_document(text: str):
    fast, slow = _both(text)
    for name in FIELDS:
        assert getattr(fast, name) == getattr(slow, name), name


@pytest.fixture(autouse=True)
def every_cut_a_region(monkeypatch):
    monkeypatch.setattr(markdown_regions, "REGION_CHARS", 1)


# Each runs on through a cut, or refers across one.
CASES = [
    "Intro.\n\n```\ncode\n\nStill code\n```\n\nAfter.\n",  # a fence over a cut, closed
    "Intro.\n\n```\ncode\n\nStill code\n\nAnd more\n",  # a fence never closed
    "Intro.\n\n````\n```\n\nStill code\n````\n\nAfter.\n",  # three backticks do not close four
    "<!--\nhidden\n\nStill hidden\n-->\n\nShown.\n",  # an HTML comment over a cut
    "<pre>\nx\n\nStill pre\n</pre>\n\nAfter.\n",  # an HTML block of kind 1
    "<div>\nx\n\nNot in the div\n",  # kind 6 ends at the blank line
    "See [the guide].\n\nMore text.\n\n[the guide]: https://example.com\n",  # a use before its definition
    "See [The  Guide][g].\n\nText\n\n[G]: /g 'title'\n\nAgain [g].\n",  # labels fold case and white space
    "Use [x].\n\nText\n\n> [x]: /quoted\n",  # a definition in a quote
    "Use [a b].\n\nText\n\n> [a\n> b]: /two-lines\n",  # a label over two quoted lines
    "Use [a\\[b].\n\nText\n\n[a\\[b]: /escaped\n",  # an escaped bracket in a label
    "Use [x].\n\nText\n\n[x]: /first\n\nThen\n\n[x]: /second\n",  # the first definition wins
    "Plain.\n\nMore plain.\n\nUse [x] here.\n\nText\n\n[x]: /late\n\nAfter [x].\n",  # final regions before the first use
    "    [code]: not a definition\n\nUse [code].\n",  # indented code is not a definition
    "- item\n\n  more\n\nText\n\n- next\n",  # lists end at a letter at column 0
    "> quote\n\nText\n\n> another\n",
    "| a | b |\n|---|---|\n| c | d |\n\nText\n",
    "- " * 25 + "deep\n\n      indented\n\nNext region.\n",  # nested past markdown-it's limit
    "- " * 25 + "deep\n\nNext region.\n\n- " + "- " * 24 + "again\n",
    "Title\n=====\n\nText\n\n    code\n\nmore\n",
    # A definition only a parse past a deep structure makes: not known before it.
    "Use [x].\n\nText\n\n" + "- " * 25 + "deep\n\n[x]: /after\n\nMore [x].\n",
    "Use [x].\n\nText\n\n" + "- " * 25 + "deep\n[x]: /lazy\n\nMore [x].\n",
]


@pytest.mark.parametrize("text", CASES)
def test_tokens_are_the_whole_documents(text):
    _same_tokens(text)


@pytest.mark.parametrize("text", CASES)
def test_documents_are_the_whole_documents(text):
    _same_document(text)


def _corpus_files(offset: int, extra):
    """Every eighth docs file of the two corpora (from ``offset``), and ``extra``."""
    files = sorted((SHARED / "corpora" / "chef-web-docs" / "content").rglob("*.md"))[offset::8]
    files += sorted((SHARED / "corpora" / "amplitude-dev-center" / "docs").rglob("*.md"))[offset::8]
    files += sorted(extra)
    assert len(files) > 100
    return [f.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n") for f in files]


def test_tokens_on_the_corpora():
    for text in _corpus_files(1, (ROOT / "docs").glob("*.md")):
        _same_tokens(text)


def test_documents_on_the_corpora():
    for text in _corpus_files(2, (SHARED / "vale-testdata").rglob("*.md")):
        _same_document(text)


_PIECES = [
    "word", "Word", "Text", " ", "\n", "\n\n", "\n\nNext", "\t", "# ", "> ", "- ", "1. ", "    ", "*", "`", "```", "````",
    "~~~", "[", "]", "[r]", "[R ]", "[r]: /u\n", "\n[r]:", "\\[", "<!--", "-->", "<pre>", "</pre>", "<div>", "|", "---",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@example("```\n\nA\n\n```\n\nB\n")
@example("[r]\n\nA\n\n> [r\n> ]: /u\n")
def test_tokens_and_documents_on_generated_markdown(text):
    _same_tokens(text)
    _same_document(text)


def test_only_the_region_holding_a_screened_form_goes_to_markdown_it_py(monkeypatch):
    monkeypatch.setattr(markdown_regions, "REGION_CHARS", 16_000)
    clean = "".join(f"Paragraph {k} with *emphasis* and `code`.\n\n- an item\n- another\n\n" for k in range(400))
    text = clean + "Here is an escaped \\| pipe.\n\n" + clean
    assert markdown_rs._risky(text) and len(text) > 40_000
    calls: list[str] = []
    regions = markdown_regions._Regions(text, document.MAX_NESTING, document._python_tokens)

    def counted(region, region_notes, **kw):
        calls.append(region)
        return document._python_tokens(region, region_notes, **kw)

    regions.python_tokens = counted
    tokens = list(regions.tokens([]))
    assert calls == ["Here is an escaped \\| pipe.\n\n"]
    assert _shape(tokens) != [] and len(tokens) > 1000
    _same_document(text)


def test_regions_are_parsed_as_they_are_read():
    text = "".join(f"Paragraph {k}.\n\n" for k in range(50))
    calls: list[str] = []
    stream = iter(_lazy(text, calls))
    next(stream)
    assert len(calls) == 1  # one region parsed so far, not fifty


def _lazy(text, calls):
    regions = markdown_regions._Regions(text, document.MAX_NESTING, document._python_tokens)
    regions.fast = lambda region, _nesting: None

    def counted(region, region_notes, **kw):
        calls.append(region)
        return document._python_tokens(region, region_notes, **kw)

    regions.python_tokens = counted
    return regions.tokens([])


def test_a_definition_anywhere_makes_the_regions_holding_its_label_wait_for_it():
    text = "Use [later] here.\n\nPlain text.\n\nDefined below.\n\n[later]: /defined-last\n"
    calls: list[str] = []
    _regions_python_only(text, [], calls)
    # The first region holds the label and was read before its definition:
    # parsed again once it is known.  The others are parsed once (the last
    # one knew every definition when it was read).
    assert calls.count("Plain text.\n\n") == 1
    assert calls.count("Use [later] here.\n\n") == 2
    assert calls.count("Defined below.\n\n[later]: /defined-last\n") == 1
    _same_tokens(text)


def test_regions_before_the_first_use_of_a_label_do_not_wait_for_its_definition():
    text = "".join(f"Paragraph {k}.\n\n" for k in range(50)) + "Use [x] here.\n\nText.\n\n[x]: /defined-last\n"
    calls: list[str] = []
    stream = iter(_lazy(text, calls))
    next(stream)
    assert len(calls) == 1  # the first region went out before the definition was read
    rest = list(stream)
    assert calls.count("Use [x] here.\n\n") == 2  # read again once the definition was known
    assert any(t.type == "inline" and "x" in t.content for t in rest)
    _same_tokens(text)
