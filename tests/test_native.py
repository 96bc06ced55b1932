"""The compiled core against its pure-Python twin (editlint/language/scan.py).

Every compiled function must return exactly what the Python code returns:
compared here on real prose (the shared corpora), on generated text, and
character class by character class over all of Unicode.  With cargo on the
machine the core must be built and in use (``make setup`` builds it), so a
broken build cannot pass as "pure Python fallback".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from editlint.checks.base import AnchoredWordList
from editlint.document import parse
from editlint.engine import mask_spans
from editlint.checks.base import SpanIndex
from editlint.language import scan

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"

native = pytest.mark.skipif(scan._native is None, reason="the compiled core (editlint_native) is not installed")


@pytest.fixture(autouse=True)
def _native_for_every_size(monkeypatch):
    """Short texts normally skip the compiled core (its set-up costs more
    than it saves); here every text goes through it."""
    monkeypatch.setattr(scan, "NATIVE_MIN_CHARS", 0)


def test_the_compiled_core_is_in_use_where_it_can_be_built():
    if os.environ.get("EDITLINT_NATIVE") == "0":
        pytest.skip("EDITLINT_NATIVE=0 asks for pure Python")
    if shutil.which("cargo") is None:
        pytest.skip("no Rust toolchain here: editlint runs in pure Python")
    assert scan.backend() == "native", "cargo is installed but editlint_native is not: `make setup` should have built native/"


def test_environment_switch_selects_pure_python():
    code = "from editlint.language import scan; print(scan.backend())"
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, EDITLINT_NATIVE="0"), capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "python"


@native
def test_a_core_built_from_other_sources_is_left_unused():
    # A core whose interface is not the one this code calls (built before a
    # change to native/) would fail half-way through a lint: it is not used,
    # and --version says why.
    code = (
        "import editlint_native; editlint_native.ABI = -1\n"
        "from editlint.language import scan; print(scan.backend()); print(scan.unused_because)\n"
        "from editlint.edges.cli import _version_message; print(_version_message())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "python" and "make setup" in out[1] and "rebuild it with 'make setup'" in out[2]


class _Pure:
    """Runs a scan with the compiled core switched off."""

    def __enter__(self):
        self.saved, scan._native = scan._native, None
        return self

    def __exit__(self, *exc):
        scan._native = self.saved


def _both(fn):
    fast = fn()
    with _Pure():
        slow = fn()
    return fast, slow


def _real_texts(limit=120):
    paths = sorted((SHARED / "onestopenglish" / "adv").glob("*.txt"))[:60]
    paths += sorted((SHARED / "chef-web-docs" / "content").rglob("*.md"))[:limit - len(paths)]
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


#: Text from every script, quotes, apostrophes, dashes, separators, case
#: that changes length ("İ"), final sigma; only characters assigned in
#: Python's own Unicode tables (newer ones may be classed differently).
_MARKS = st.sampled_from(list("ab sS “”‘’'\"«»„-—–([{\n\x1c\x1f\u2028 İΣσς_1½Ⅳé"))
_PIECES = st.lists(st.sampled_from(["—", "–", "-", "(", "'", "‘", "’", '"', "“", "”", "«", "»", "„", " ", "  ", "\n", "ab", "s", "S", "1", "_", "İ", "ΑΣ", "é", "x1"]), max_size=60).map("".join)
_TEXT = st.one_of(_PIECES, st.text(_MARKS, max_size=200), st.text(st.characters(blacklist_categories=("Cn", "Cs")) | _MARKS, max_size=300))


@native
def test_character_classes_match_python_over_all_of_unicode():
    # One document holding every assigned code point between spaces: word
    # starts and quotations exercise \w, isalpha, isalnum, isspace, islower.
    cps = [c for c in map(chr, range(0x110000)) if unicodedata.category(c) not in ("Cn", "Cs")]
    for chunk in range(0, len(cps), 20000):
        part = cps[chunk : chunk + 20000]
        text = " ".join(part) + " '" + "' '".join(part) + "' \"" + "\"".join(part)
        doc = parse(text, "text")
        fast, slow = _both(lambda: scan.word_index(doc))
        assert fast == slow
        fast, slow = _both(lambda: scan.find_quotes_in(doc, 0, len(doc.prose)))
        assert fast == slow
        # Every character twice side by side, then once: white space is the
        # regex module's (Unicode White_Space) in both.
        doubled = parse(" ".join(f"{c} {c}\t{c}" for c in part[:5000]), "text")
        fast, slow = _both(lambda: scan.equal_neighbour_runs(doubled))
        assert fast == slow


@native
def test_word_index_matches_python_on_real_prose():
    for text in _real_texts():
        doc = parse(text)
        fast, slow = _both(lambda: scan.word_index(doc))
        assert fast == slow
        assert list(fast) == list(slow)  # keys in the same order
        n = len(doc.prose)
        for lo, hi in ((n // 3, n // 2), (n // 2 + 1, n)):
            fast, slow = _both(lambda: scan.word_index(doc, lo, hi))
            assert fast == slow


@native
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.integers(0, 300), st.integers(0, 300))
@example("He said —'ab' then left", 0, 0)
@example("the students' books and the 1990s' music; don't", 3, 30)
@example("'ab students' Books and 'cd students' books'", 0, 0)
@example('a 12" pipe and a "quote', 0, 9)
@example("„Zitat“ and «citation» and ”continued“ here", 2, 40)
@example("(‘single’ [‘x’ {'y' 'zs' stop", 0, 0)
@example("'ab\n cd'", 0, 0)
@example("İİ ΑΣ ΟΔΟΣ ǅx x_y 3abc ½x", 0, 0)
@example("a\udc80b 'x\udc80' \udc80", 0, 0)
def test_word_index_and_quotes_match_python_on_generated_text(text, a, b):
    doc = parse(text, "text")
    n = len(doc.prose)
    lo, hi = sorted((a % (n + 1), b % (n + 1)))
    for lo, hi in ((0, n), (lo, hi)):
        fast, slow = _both(lambda: scan.word_index(doc, lo, hi))
        assert fast == slow and list(fast) == list(slow)
        fast, slow = _both(lambda: scan.find_quotes_in(doc, lo, hi))
        assert fast == slow


@native
def test_quotes_match_python_on_real_prose():
    for text in _real_texts():
        doc = parse(text)
        for b in doc.blocks:
            fast, slow = _both(lambda: scan.find_quotes_in(doc, b.start, b.end))
            assert fast == slow


def _word_lists():
    """Every phrase list of the bundled style, as the rules compile them."""
    from editlint.config import ConfigLoader, Overrides

    rules = ConfigLoader(Overrides(styles=("Editorial",), grammar=False)).settings_for(None).config.rules
    lists = [getattr(r.check, "words", None) for r in rules]
    return [w for w in lists if isinstance(w, AnchoredWordList)]


@native
def test_phrase_candidates_match_python_on_real_prose_and_masked_views():
    lists = _word_lists()
    assert len(lists) >= 5
    for text in _real_texts(60):
        doc = parse(text)
        n = len(doc.prose)
        view = mask_spans(doc, SpanIndex([(n // 4, n // 3)])) if n > 12 else doc
        for words in lists:
            for target in (doc, view):
                for fold in (True, False):
                    fast, slow = _both(lambda: words.heads.candidates(target, 0, n, fold))
                    assert fast == slow
                    fast, slow = _both(lambda: words.heads.candidates(target, n // 5, n // 2, fold))
                    assert fast == slow


@native
@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["at the end of the day", "many people", "it is said", "Some say", "a lot", "İstanbul", "σας", "the the"]), max_size=8), _TEXT)
def test_phrase_candidates_match_python_on_generated_text(phrases, filler):
    words = AnchoredWordList(["at the end of the day", "many", "many people", "it is (?:said|thought)", "some (?:say|argue)", "İstanbul", "σας"], 2)  # regex.I
    text = " ".join(p + " " + filler[: len(p)] for p in phrases) or filler
    doc = parse(text, "text")
    for fold in (True, False):
        fast, slow = _both(lambda: words.heads.candidates(doc, 0, len(doc.prose), fold))
        assert fast == slow


def test_output_is_the_same_with_and_without_the_compiled_core(tmp_path):
    """The whole linter, both ways, on the seed draft and real news and docs."""
    if scan._native is None:
        pytest.skip("the compiled core is not installed")
    files = sorted((ROOT / "seeds").iterdir())
    files += sorted((SHARED / "onestopenglish" / "adv").glob("*.txt"))[:40]
    files += sorted((SHARED / "chef-web-docs" / "content").rglob("*.md"))[:80]
    args = [*map(str, files), "--style", "Editorial", "--no-cache", "--format", "json", "-j", "1"]
    runs = {}
    for flag in ("1", "0"):
        env = dict(os.environ, EDITLINT_NATIVE=flag, EDITLINT_NO_GRAMMAR="1", NO_COLOR="1")
        p = subprocess.run([sys.executable, "-c", "from editlint.edges.cli import entry; entry()", *args], env=env, capture_output=True, text=True, cwd=tmp_path)
        assert p.returncode in (0, 1), p.stderr
        runs[flag] = p.stdout
    assert runs["1"].count('"rule"') > 100
    assert runs["1"] == runs["0"]


@native
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_MARKS, min_size=1, max_size=4), max_size=12), _TEXT)
def test_literal_sets_match_python(literals, text):
    found = scan.LiteralSet(literals)
    doc = parse(text, "text")
    for lower in (False, True):
        fast, slow = _both(lambda: found.present(doc, lower))
        assert fast == slow


@native
def test_literal_sets_match_python_on_real_prose():
    literals = ["the", "Chef", "artifact", "Builder", "é", "’s", "\n\n", "İ", "data base"]
    found = scan.LiteralSet(literals)
    hits = 0
    for text in _real_texts(60):
        doc = parse(text)
        for lower in (False, True):
            fast, slow = _both(lambda: found.present(doc, lower))
            assert fast == slow
            hits += len(fast)
    assert hits > 100


@native
@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["the", "The", "a", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "ab", "a,", "\ufffc"]), max_size=40).map("".join))
@example("the the cat the\nthe a a a")
def test_equal_neighbour_runs_match_python(text):
    doc = parse(text, "text")
    fast, slow = _both(lambda: scan.equal_neighbour_runs(doc))
    assert fast == slow


@native
def test_equal_neighbour_runs_match_python_on_real_prose():
    for text in _real_texts():
        doc = parse(text)
        fast, slow = _both(lambda: scan.equal_neighbour_runs(doc))
        assert fast == slow


@lru_cache(maxsize=1)
def _editorial_config():
    from editlint.config import ConfigLoader, Overrides

    return ConfigLoader(Overrides(styles=("Editorial",), grammar=False)).settings_for(None).config


_PROSE_PIECES = st.sampled_from([
    "The council met. ", "Many people say ", "it is said that ", "at the end of the day ", "the the ", "“Quoted,” she said. ",
    "open source ", "open-source ", "Priya Raman ", "Priya Ramen ", "colour ", "color ", "\n\n", "# Heading\n\n", "- item\n",
    "`code` ", "[link](http://x.y) ", "İstanbul ", "ΟΔΟΣ ", "\u00a0", "'single' ", "very ", "clearly ", "Meta ", "Delaware ",
])


@native
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PROSE_PIECES, min_size=1, max_size=60).map("".join))
def test_whole_lint_is_the_same_with_and_without_the_core(text):
    from editlint.engine import lint_text

    config = _editorial_config()
    fast, slow = _both(lambda: list(lint_text(text, config)))
    assert fast == slow


_WORD_PIECES = st.sampled_from([
    "Audacious ", "audacious ", "audacious's ", "AUDACIOUS ", "laser-focused ", "Laser-Focused ", "long-term ", "e-cigarette ",
    "glorious ", "gloriously ", "it's ", "Meta's ", "Meta’s ", "Priya ", "priya ", "Raman ", "Ramen ", "Élodie ", "élan ",
    "İstanbul ", "ΟΔΟΣ ", "naïve ", "rock-and-roll ", "The ", "the ", ". ", "! ", "“", "” ", "\n\n", "a ", "x-y ", "bold-ish ",
])


@native
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORD_PIECES, min_size=1, max_size=80).map("".join), st.sampled_from([0, 3, 5, 9]), st.sampled_from([None, [], ["ous", "ly"]]))
def test_echo_and_entities_see_the_same_words_with_and_without_the_core(text, min_length, suffixes):
    # The core hands the two rule types only the words they could report
    # (echo: keys long enough, with a listed ending; entities: words not
    # starting with an ASCII lower-case letter, the others as a set).
    from editlint.checks.echo import Echo
    from editlint.checks.entities import Entities
    from editlint.document import parse

    options = {"min_length": min_length, "topic_count": 50}
    if suffixes is not None:
        options["suffixes"] = suffixes
    doc = parse(text)
    segments = engine_segments(doc)
    for check in (Echo(options), Entities({"min_length": min_length})):
        fast, slow = _both(lambda: list(check.run(doc, segments)))
        assert fast == slow


@native
def test_echo_and_entities_see_the_same_words_on_real_prose():
    from editlint.checks.echo import Echo
    from editlint.checks.entities import Entities
    from editlint.document import parse

    found = 0
    for text in _real_texts():
        doc = parse(text)
        segments = engine_segments(doc)
        for check in (Echo({}), Echo({"suffixes": [], "min_length": 3}), Entities({})):
            fast, slow = _both(lambda: list(check.run(doc, segments)))
            assert fast == slow
            found += len(fast)
    assert found > 20


def engine_segments(doc):
    from editlint.engine import segments_for

    return segments_for(doc, ("text",))


_VARIANT_PIECES = st.sampled_from([
    "open source ", "open-source ", "opensource ", "Open Source ", "OpenSource ", "e-mail ", "email ", "E-mail ", "colour ", "color ",
    "centre ", "center ", "Labor ", "labour ", "travelled ", "traveled ", "toward ", "towards ", "per cent ", "percent ", "set up ",
    "setup ", "models ", "software ", "is ", "the ", "10-year-old ", "café ", "cafe ", "naïve-ish ", "naïve ", "co-op ", "coop ",
    "İstanbul ", ". ", "\n\n", "  ", "box office ", "box-office ", "boxoffice ", "hit ",
])


@native
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_VARIANT_PIECES, min_size=1, max_size=80).map("".join), st.booleans())
def test_variants_sees_the_same_words_with_and_without_the_core(text, dialects):
    # With the core each pass sees only the words that could change its
    # result (ASCII words looked up in the crate); the findings must not move.
    from editlint.checks.variants import Variants
    from editlint.document import parse

    doc = parse(text)
    segments = engine_segments(doc)
    check = Variants({"either": {"toward": "towards", "per cent": "percent"}, "dialects": dialects, "min_length": 3})
    fast, slow = _both(lambda: list(check.run(doc, segments)))
    assert fast == slow


@native
def test_variants_sees_the_same_words_on_real_prose():
    from editlint.checks.variants import Variants
    from editlint.document import parse

    check = Variants({"dialects": True})
    found = 0
    for text in _real_texts():
        doc = parse(text)
        segments = engine_segments(doc)
        fast, slow = _both(lambda: list(check.run(doc, segments)))
        assert fast == slow
        found += len(fast)
    assert found > 5


_FOLD_CHARS = st.sampled_from(list("ab Ab.…[]-\t\n\u00a0\u2028é\u0301İΣς12_'’“”") + ["...", "[…]", "[...]"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_FOLD_CHARS, max_size=40).map("".join))
def test_folded_blocks_read_as_the_folding_defines(text):
    # fold() (repeated blocks) is defined as: a truncation mark at the end
    # dropped, every run of characters other than letters, digits and white
    # space made a space, white space runs made one space, ends stripped.
    import regex

    from editlint.language.repeats import fold

    expected = regex.sub(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$", "", text).lower()
    expected = regex.sub(r"\s+", " ", regex.sub(r"[^\p{L}\p{N}\s]+", " ", expected)).strip()
    assert fold.__wrapped__(text) == expected


@native
@settings(max_examples=300, deadline=None)
@given(_TEXT)
@example("ab\udcffcd 1")  # a lone surrogate (from a file read with surrogateescape)
def test_folded_words_match_python(text):
    fast, slow = _both(lambda: scan.fold_words(text))
    assert fast == slow


@native
def test_folded_words_match_python_on_real_prose_and_every_code_point():
    texts = _real_texts()
    cps = [c for c in map(chr, range(0x110000)) if unicodedata.category(c) not in ("Cn", "Cs")]
    # Each code point alone between two letters: joins them or splits them.
    texts += ["".join(f"a{c}b " for c in cps[i : i + 20000]) for i in range(0, len(cps), 20000)]
    for text in texts:
        fast, slow = _both(lambda: scan.fold_words(text.lower()))
        assert fast == slow


@native
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_word_counts_match_python(text):
    from editlint.document import parse

    doc = parse(text)
    fast, slow = _both(lambda: scan.word_count(parse(text)))
    assert fast == slow == sum(len(v) for v in scan.word_index(doc).values())


def _encoded(text: str) -> tuple[bytes, int]:
    """The text in the narrowest of Latin-1, UCS-2 (lone surrogates kept) or
    UTF-32, little-endian: what ``Prose(data, width)`` takes, and the form
    CPython keeps a str in (which ``Prose.of`` reads in place)."""
    try:
        return text.encode("latin-1"), 1
    except UnicodeEncodeError:
        pass
    data = text.encode("utf-16-le", "surrogatepass")
    if len(data) == 2 * len(text):  # no character needed a surrogate pair
        return data, 2
    return text.encode("utf-32-le", "surrogatepass"), 4


def _prose_answers(prose, n: int):
    spans = [(0, n), (0, n // 2), (n // 3, n)]
    return (
        len(prose),
        prose.word_count(),
        prose.word_index(0, n),
        prose.quotes(0, n),
        prose.equal_neighbour_runs(),
        prose.readability_word_counts(spans),
    )


@native
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_TEXT, st.text(st.characters(), max_size=200)))
@example("\ud800 lone, and 😀 astral")
@example("Ünïcödé — “quoted” words words")
def test_prose_read_in_place_equals_a_copy(text):
    """``Prose.of`` reads the str's own buffer (no copy): every answer is
    the one a copy of its encoding gives, in every width, lone surrogates
    and astral characters included."""
    in_place = scan._native.Prose.of(text)
    copy = scan._native.Prose(*_encoded(text))
    assert _prose_answers(in_place, len(text)) == _prose_answers(copy, len(text))


@native
def test_prose_keeps_its_str_alive():
    import gc

    text = "".join(["Words “quoted” here — and there. "] * 1000)
    prose = scan._native.Prose.of(text)
    expected = prose.word_index(0, len(text))
    del text
    gc.collect()
    junk = ["x" * 70000 for _ in range(50)]  # reuse freed memory, were the buffer freed
    assert prose.word_index(0, len(prose)) == expected
    del junk


@native
@pytest.mark.parametrize(("mark", "width"), [("e", 1), ("é", 1), ("—", 2), ("\ud800", 2), ("😀", 4)])
def test_each_character_width_reads_as_python(mark, width):
    """The core holds a prose in 1, 2 or 4 bytes a character (Latin-1,
    UCS-2, UTF-32), and its automata per width hold only the patterns that
    can occur there: every width answers as the Python code does."""
    text = f"It is said that many people - {mark}here and \"there\" - say the the same.\n\nSome say {mark} {mark}many people's views.\n"
    assert _encoded(text)[1] == width
    doc = parse(text, "text")
    literals = ["many", "—", "😀", "é", "the the", "'s"]
    found = scan.LiteralSet(literals)
    words = AnchoredWordList(["many people", "it is (?:said|thought)", "some say", "😀here", "éhere", "—"], 2)
    for lower in (False, True):
        fast, slow = _both(lambda: found.present(doc, lower))
        assert fast == slow
        assert ("😀" in text) == (literals.index("😀") in fast)
    for fold in (True, False):
        fast, slow = _both(lambda: words.heads.candidates(doc, 0, len(doc.prose), fold))
        assert fast == slow and fast
    for name, fn in [
        ("word index", lambda: scan.word_index(doc)),
        ("quotes", lambda: scan.find_quotes_in(doc, 0, len(doc.prose))),
        ("equal neighbours", lambda: scan.equal_neighbour_runs(doc)),
        ("word count", lambda: scan.word_count(doc)),
    ]:
        fast, slow = _both(fn)
        assert fast == slow, name


_SENTENCE_PIECES = st.lists(
    st.sampled_from(
        [".", ". ", "!", "?", "…", "?!", '"', "'", "”", "’", ")", "]", "“", "‘", " ", "  ", "\n", "\n\n", "\x1c", "\u2003", "\u00a0",
         ",", ";", ":", "the", "The", "U.S.", "D.C.", "Dr.", "etc.", "e.g.", "A", "a", "x", "It", "Then", "éclair", "Élan", "ß", "İ", "σ", "1", "3.5"]
    ),
    max_size=50,
).map("".join)


def _sentences(text, fmt="text"):
    return lambda: parse(text, fmt).sentences


@native
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_SENTENCE_PIECES, _TEXT))
@example("He lives in the U.S. The next day he left. Dr. Who said so! Then “Quoted.” And (this.) more… end")
@example("Washington, D.C. Then it rained.\n\nA. Smith wrote e.g. this. x")
def test_sentences_match_python_on_generated_text(text):
    fast, slow = _both(_sentences(text))
    assert fast == slow


@native
def test_sentences_match_python_on_real_prose():
    n = 0
    for text in _real_texts(120):
        fast, slow = _both(_sentences(text, "markdown"))
        assert fast == slow
        n += len(fast)
    assert n > 1000


@native
def test_sentences_match_python_over_all_of_unicode():
    # Every assigned code point after a full stop (is it lower case? white
    # space?) and before one (a word of the abbreviation test?).
    cps = [c for c in map(chr, range(0x110000)) if unicodedata.category(c) not in ("Cn", "Cs")]
    for chunk in range(0, len(cps), 20000):
        part = cps[chunk : chunk + 20000]
        text = "".join(f"Dr. {c}x. A.{c}B. {c}. " for c in part)
        fast, slow = _both(_sentences(text))
        assert fast == slow


_READABILITY_PIECES = st.lists(
    st.sampled_from(["e.g.", "U.S", "a.m.", ".", "x", "ab", "v1.2.3", "V2", "v", "10:30", "2024-05-01", "12/05", "1,000", "٣", "3rd", "don't", "o’clock", "well-known",
                     "naïve", "×", "÷", "Ș", "ɏ", "Ɐ", "-", "'", "’", " ", "\n", "—", "é-x", "a-", "x.", ".x", "I.B.M", "abc.d"]),
    max_size=40,
).map("".join)


@native
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_READABILITY_PIECES, _TEXT), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=6))
@example("See e.g. the U.S. at 10:30 on 2024-05-01, v1.2.3 and 3rd don't o’clock well-known naïve×÷ words.", [(0, 200), (4, 9), (10, 30)])
def test_readability_word_counts_match_python(text, spans):
    doc = parse(text, "text")
    spans = [(0, len(doc.prose)), *((min(a, b), max(a, b)) for a, b in spans)]
    fast, slow = _both(lambda: scan.readability_word_counts(doc, spans))
    assert fast == slow


@native
def test_readability_word_counts_match_python_on_real_prose_and_every_code_point():
    for text in _real_texts(60):
        doc = parse(text, "markdown")
        spans = [(b.start, b.end) for b in doc.blocks] + doc.sentences
        fast, slow = _both(lambda: scan.readability_word_counts(doc, spans))
        assert fast == slow and sum(fast) > 0
    cps = [c for c in map(chr, range(0x110000)) if unicodedata.category(c) not in ("Cn", "Cs")]
    for chunk in range(0, len(cps), 20000):
        part = cps[chunk : chunk + 20000]
        doc = parse(" ".join(f"{c}1 v{c} a.{c} x{c}-y {c}x'{c}" for c in part), "text")
        spans = [(k, k + 40) for k in range(0, len(doc.prose), 37)]
        fast, slow = _both(lambda: scan.readability_word_counts(doc, spans))
        assert fast == slow
