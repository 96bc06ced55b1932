"""The compiled core's Markdown parser gives the same documents as markdown-it-py.

editlint parses with the Rust markdown-it crate when the compiled core is
installed (editlint/markdown_rs.py converts its tree to markdown-it-py's tokens) and
with markdown-it-py otherwise or with ``EDITLINT_MARKDOWN=python``.  Every
field of the parsed document must be the same either way: compared on the
shared corpora and on generated Markdown.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from editlint import markdown_rs
from editlint.document import parse

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

pytestmark = pytest.mark.skipif(not markdown_rs.available(), reason="the compiled core (editlint_native) is not installed")

FIELDS = ("prose", "blocks", "code_spans", "code_blocks", "links", "elements", "comments", "notes", "_run_starts")


def _both(text: str):
    saved = os.environ.get("EDITLINT_MARKDOWN")
    try:
        markdown_rs._parser.cache_clear()
        os.environ["EDITLINT_MARKDOWN"] = "python"
        slow = parse(text)
        markdown_rs._parser.cache_clear()
        os.environ["EDITLINT_MARKDOWN"] = "rust"
        fast = parse(text)
    finally:
        markdown_rs._parser.cache_clear()
        if saved is None:
            os.environ.pop("EDITLINT_MARKDOWN", None)
        else:
            os.environ["EDITLINT_MARKDOWN"] = saved
    return fast, slow


def _same(text: str):
    fast, slow = _both(text)
    for name in FIELDS:
        assert getattr(fast, name) == getattr(slow, name), name


def test_the_conversion_is_used_and_switchable():
    text = "# Title\n\nSome *prose*.\n"
    assert markdown_rs.block_tokens(text, 40) is not None
    _same(text)


def test_same_documents_on_the_corpora():
    files = sorted((SHARED / "corpora" / "chef-web-docs" / "content").rglob("*.md"))[::4]
    files += sorted((SHARED / "corpora" / "amplitude-dev-center" / "docs").rglob("*.md"))[::4]
    files += sorted((SHARED / "vale-testdata").rglob("*.md"))
    files += sorted((ROOT / "tests" / "fixtures").rglob("*.md")) + sorted((ROOT / "docs").glob("*.md"))
    assert len(files) > 300
    for f in files:
        _same(f.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n"))


_PIECES = [
    "word", "Word", " ", "  ", "\n", "\n\n", "\t", "# ", "## ", "=== ", "--- ", "> ", "- ", "* ", "1. ", "2) ", "    ",
    "*", "**", "_", "__", "~~", "`", "``", "```", "~~~", "[", "]", "(", ")", "![", "<", ">", "</b>", "<b>", "<div>",
    "<!-- c -->", "&amp;", "&copy;", "&#35;", "\\", "\\*", "|", "| a | b |\n|---|---|\n| c | d |\n", "http://x.y/z",
    "<https://a.b>", "[r]: http://r\n", "[r]", "café", "“q”", "'", "{{< x >}}", "\u00a0", "—",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@example("- a\n- b\n\n  c\n")
@example("> quote\n> - item\n>   more\n")
@example("1. one\n\n   ```\n   code\n   ```\n2. two")
@example("Text with trailing spaces   \n\nNext  \nline")
@example("| a | b |\n|---|---|\n| `x|y` | **z** |\n")
@example("<div>\n*not md*\n</div>\n\nafter")
@example("a \udc80 b *x*\n\n# T\n")  # a lone surrogate (an API caller's text): markdown-it-py reads it
# Found by fuzzing, each a difference the conversion or its screens now handle:
@example("\n\n2) _d__\n")  # the crate's span of the emphasis is off by the blank lines
@example("[``][]```>``|```")  # code spans of two lengths among brackets
@example("r\n|---")  # a delimiter row under a line without a pipe
@example("\\|||\n---|")  # an escaped pipe in a table row
@example("> q\nlazy\n2) x")  # a list not starting at 1 in a quote's lazy lines
@example(">b\nr\n*")  # an empty item there
@example("- `\n`` `")  # a code span over an item's lazy line, among spans of two lengths
@example("[r]:r\n'' x")  # a definition's empty title, then text
@example("* [r]:r\n''|")  # the same in a list item
@example("|)\n---")  # a delimiter row without pipes under a row with one
@example("[\n```z``` `")  # backticks in an info string: not a fence, code spans
@example("> q\n" + "a b c\n" * 300)  # screens stay linear
@example("a``z``\n---:")  # colons, no pipes, under a line: a table to markdown-it-py
@example("> > > \ta\n")  # a tab among quote markers
@example("- >> > \t>- \n\nb c````1. > >   \n\n1. b c> > ")  # the same after a list marker
@example("    ```\n*\n|-")  # indented code is no fence: the lines after it are screened
@example("~~~> ```ruby````\n    end- \n>> > ~~~~~~\n\n\n")  # quote markers inside a fence are content
@example("````x>\na```ruby```ruby~~~\n\n```\n\n")  # three backticks do not close a fence of four
@example("<!--\n\n")  # an HTML block left open: the crate's span stops before the blank line
@example("t<!-->")  # an empty comment in markdown-it-py's reading, text in the crate's
@example("d<!----[-->")
@example("<!t>")  # a declaration in lower case
@example(">r\nf\n|||\n---|---")  # a table's rows in a quote's lazy lines
def test_same_documents_on_generated_markdown(text):
    _same(text)


@pytest.mark.parametrize(
    "text",
    [
        "Use `a` and ``b`` here.\n",  # code spans of two lengths, each closed by the next run
        "- run `x --sort=a|b` now\n- and the next item\n",  # an item after an item with a pipe
        "### New\n\n-\n\n- item\n",  # a lone dash after a blank line: an empty item
    ],
)
def test_forms_found_safe_are_not_screened(text):
    # Screens are a cost (the whole document goes to markdown-it-py): these
    # forms were screened once and are now read by the crate, identically.
    assert not markdown_rs._risky(text)
    _same(text)


def _screened_by_the_core(text: str) -> bool:
    """Whether :func:`markdown_rs._risky` hands ``text`` to the core's line screen."""
    return not (markdown_rs._ODD_SPACE.search(text) or "\\|" in text or ("<!" in text and markdown_rs._html_comments_differ(text)))


_SCREEN_PIECES = _PIECES + ["> ", ">", "\t", "1) ", "10. ", "02. ", "1234567890. ", "---", "|---|", "-|-", ":--", "|:-:|", "[x]: /u", "- [a]: b",
                            "'t'", "(p)", "~~~~", "``", "٣. ", " \r", "\t> x", ">\t- y", "-- ", "é" * 3]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_SCREEN_PIECES), max_size=50).map("".join))
@example("é" * 5001)  # a line longer than the screen reads, in characters, not bytes
@example("é" * 2600)
def test_the_cores_line_screen_is_the_python_one(text):
    answer = markdown_rs.scan_core().markdown_risky(text)
    if answer is None:
        assert any(not c.isascii() and c.isnumeric() for c in text)  # a digit past ASCII: Python screens
    elif _screened_by_the_core(text):
        assert answer == markdown_rs._risky_lines(text)


def test_the_cores_line_screen_is_the_python_one_on_the_corpora():
    files = sorted((SHARED / "corpora").rglob("*.md"))
    assert len(files) > 1000
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        answer = markdown_rs.scan_core().markdown_risky(text)
        if answer is not None and _screened_by_the_core(text):
            assert answer == markdown_rs._risky_lines(text), f


def test_white_space_left_to_the_line_screen_is_ascii():
    # The core strips only " \t\r": every other character Python strips
    # is one of the odd spaces that send a text to markdown-it-py first.
    left = [c for c in map(chr, range(0x110000)) if c.isspace() and not markdown_rs._ODD_SPACE.match(c)]
    assert left == ["\t", "\n", "\r", " "]


def _token_shape(tokens):
    if tokens is None:
        return None
    return [(t.type, t.tag, t.map, t.level, t.content, t.markup, t.info, t.hidden, _token_shape(t.children)) for t in tokens]


def _same_conversion(text: str):
    # The core converts its tree to tokens itself; markdown_rs.converted is
    # the Python definition of that conversion.
    if markdown_rs._risky(text):
        return
    try:
        fast = markdown_rs.scan_core().markdown_tokens(text, 40)
    except UnicodeEncodeError:
        return
    assert _token_shape(fast) == _token_shape(markdown_rs.converted(text, 40))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_SCREEN_PIECES), max_size=50).map("".join))
@example("- a\n- b\n\n  c\n")  # tight and loose items
@example("| a | b |\n|---|---|\n| `x` | **z** |\n")
@example("Text \\\n")  # an escape before the stripped end
@example("<!--\n\n")  # an HTML block left open
@example("```\ncode\n````\n")  # a closing fence longer than the opening
@example("- " * 25 + "deep\n")  # nested past the limit
def test_the_cores_token_conversion_is_the_python_one(text):
    _same_conversion(text)


def test_the_cores_token_conversion_is_the_python_one_on_the_corpora():
    files = sorted((SHARED / "corpora").rglob("*.md"))
    assert len(files) > 1000
    for f in files:
        _same_conversion(f.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n"))


def test_prose_joined_in_chunks_is_the_prose_joined_at_once(monkeypatch):
    """The prose builder joins its pieces every few thousand: the document
    is the one a single join at the end gives (text, runs and offsets)."""
    from editlint import document

    text = "".join(f"Para *{i}* has [a link](x{i}) and `code {i}`, then text.\n\n" for i in range(1500))
    chunked = parse(text)
    assert len(chunked.prose) > 50_000
    monkeypatch.setattr(document, "_PIECES", 10**9)
    whole = parse(text)
    assert chunked == whole
    assert [chunked.src_offset(p) for p in range(0, len(chunked.prose), 97)] == [whole.src_offset(p) for p in range(0, len(whole.prose), 97)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("aw.:/@_-+ xyzé1") + ["://", "www.", "http", "@x.y", "\n"]), max_size=30).map("".join))
@example("see http://a.b, mail me@x.org.")
@example("www.example.com")
@example("see http://example.com today.")
def test_the_url_pre_check_skips_only_pieces_without_a_url(text):
    """Prose pieces are scanned for bare URLs and addresses only when they
    hold "://", "www." or "@": a piece without any has no match to miss."""
    from editlint.document import _URL, _may_hold_url

    if "." in text and not _may_hold_url(text):
        assert _URL.search(text) is None


def test_bare_urls_and_addresses_become_placeholders():
    doc = parse("Write to me@example.org or see www.example.com/x and http://example.com today.\n")
    assert "example" not in doc.prose
    assert doc.prose.startswith("Write to ") and doc.prose.rstrip().endswith("today.")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="]()[\\\"' \t\nax", max_size=40).map(lambda tail: "x](" + tail), st.integers(min_value=0, max_value=4))
@example('](a "b)" c)', 0)
@example("](a 'b)' c)", 0)
@example("](a\\)b)", 0)
def test_the_link_scan_jumps_as_the_character_scan_steps(src, close):
    """Jumping to the next bracket, quote or backslash ends a link's
    destination where visiting every character does."""
    import re

    from editlint.document import _skip_link_tail

    close = min(close, max(len(src) - 1, 0))
    assert _skip_link_tail(src, close) == _skip_link_tail(src, close, re.compile(r"(?s).")), (src, close)
