"""Bad input gets a clear answer, nothing is lost, nothing hangs; properties hold on any text."""

from __future__ import annotations

import json
import os
import re
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editlint.config import ConfigLoader, Overrides
from editlint.engine import lint_text

from .conftest import ROOT, assert_spans, run_cli

CONFIG = ConfigLoader(Overrides(styles=("Editorial",)), cwd=str(ROOT)).settings_for(None).config

# -- generated Markdown ---------------------------------------------------------

WORDS = ["the", "council", "arguably", "seems", "like", "laser-focused", "open", "source", "open-source", "I", "said",
         "Many", "people", "very", "café", "naïve", "😀", "e\u0301", "Zuckerberg", "Zuckerburg", "“quoted”", "'single'",
         "`code`", "[link](http://x.y/z)", "*em*", "**strong**", "https://example.com/a", "<b>x</b>", "&amp;", "\\*", "—", "\t"]
word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=1, max_size=14).map(lambda ws: " ".join(ws) + st_punct(ws))


def st_punct(ws):
    return "." if len(ws) % 3 else "?"


block = st.one_of(
    st.lists(sentence, min_size=1, max_size=4).map(" ".join),
    sentence.map(lambda s: "# " + s),
    st.lists(sentence, min_size=1, max_size=3).map(lambda ss: "\n".join("- " + s for s in ss)),
    sentence.map(lambda s: "> " + s),
    sentence.map(lambda s: "```\n" + s + "\n```"),
    sentence.map(lambda s: "    " + s),
    st.lists(word, min_size=2, max_size=3).map(lambda ws: "| " + " | ".join(ws) + " |\n|" + "---|" * len(ws) + "\n| " + " | ".join(ws) + " |"),
    sentence.map(lambda s: "<!-- editlint-disable -->\n" + s + "\n<!-- editlint-enable -->"),
    # HTML blocks (their text is prose), template tags, nesting past the parser's limit
    sentence.map(lambda s: "<table>\n<tr><td>" + s + "</td><td><code>" + s + "</code></td></tr>\n</table>"),
    sentence.map(lambda s: '<p class="x">' + s + " &amp; <b>" + s + "</b></p>"),
    sentence.map(lambda s: "{{< note >}}" + s + "{{< /note >}}"),
    sentence.map(lambda s: "".join("  " * i + "- " + s + "\n" for i in range(24))),
)
markdown = st.lists(block, min_size=1, max_size=6).map("\n\n".join)
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
#: Example counts come from the Hypothesis profile (tests/conftest.py):
#: "ci" by default, HYPOTHESIS_PROFILE=thorough for the long run.
PROPS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _key(alerts, shift=0):
    # Messages may cite a line ("first used on line 4"): it shifts too.
    def message(m):
        return re.sub(r"\bline (\d+)", lambda g: f"line {int(g.group(1)) - shift}", m)

    return [(a.rule, a.line - shift, a.column, a.end_line - shift, a.end_column, a.match, message(a.message)) for a in alerts]


@PROPS
@given(markdown)
def test_markdown_properties(text):
    alerts = lint_text(text, CONFIG, path="p.md")
    assert_spans(text, alerts)
    lines = text.split("\n")
    for a in alerts:
        assert 1 <= a.line <= a.end_line <= len(lines)
    shifted = lint_text("\n\n\n" + text, CONFIG, path="p.md")
    assert _key(shifted, 3) == _key(alerts)
    crlf = lint_text(text.replace("\n", "\r\n"), CONFIG, path="p.md")
    assert _key(crlf) == _key(alerts)


@PROPS
@given(any_text)
def test_any_text_never_raises(text):
    for path in ("a.md", "a.txt"):
        alerts = lint_text(text, CONFIG, path=path)
        assert_spans(text, alerts)


@PROPS
@given(markdown)
def test_plain_text_properties(text):
    alerts = lint_text(text, CONFIG, path="p.txt")
    assert_spans(text, alerts)
    assert _key(lint_text("\n\n" + text, CONFIG, path="p.txt"), 2) == _key(alerts)


@PROPS
@given(st.binary(max_size=600))
def test_any_bytes_decode_or_are_refused_in_one_line(data):
    """Whatever a file holds, reading it gives text (exact spans after) or one InputError."""
    from editlint.edges.files import InputError, decode

    try:
        text, note = decode(data, "f.md")
    except InputError as e:
        assert "\n" not in str(e)
        return
    assert note is None or "\n" not in note
    assert_spans(text.replace("\r\n", "\n").replace("\r", "\n"), lint_text(text, CONFIG, path="f.md"))


# -- bad input, from the command line ------------------------------------------------


def _no_traceback(r):
    assert "Traceback" not in r.stderr.decode() and "Traceback" not in r.stdout.decode()


@pytest.fixture
def mess(tmp_path):
    (tmp_path / "good.md").write_text("As I write this, it is fine.\n")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 society, as I write this.\n".encode("latin-1"))
    (tmp_path / "declared.md").write_bytes('<meta charset="iso-8859-2">\n\nZa\xbf\xf3\xb3\xe6 as I write this.\n'.encode("latin-1"))
    (tmp_path / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "bom.md").write_bytes("\ufeffAs I write this, a BOM.\r\n".encode("utf-8"))
    (tmp_path / "utf16.md").write_bytes("As I write this, in UTF-16.\n".encode("utf-16"))
    (tmp_path / "folder.md").mkdir()
    return tmp_path


def test_each_bad_file_is_one_line_and_the_rest_are_linted(mess):
    r = run_cli("good.md", "latin1.txt", "declared.md", "binary.md", "empty.md", "bom.md", "utf16.md", "missing.md", "--format", "json", cwd=mess)
    _no_traceback(r)
    assert r.returncode == 2
    err = r.stderr.decode().strip().splitlines()
    assert "latin1.txt: not UTF-8 (byte 3); read as Windows-1252" in err
    assert any(l.startswith("declared.md: not UTF-8") and "iso-8859-2" in l for l in err)
    assert "binary.md: binary file (contains NUL bytes), not linted" in err
    assert "missing.md: no such file or directory" in err
    assert "utf16.md: read as UTF-16-LE (byte-order mark)" in err
    doc = json.loads(r.stdout)
    linted = {a["path"] for a in doc["alerts"]}
    assert {"good.md", "latin1.txt", "declared.md", "bom.md", "utf16.md"} <= linted
    assert {e["path"] for e in doc["errors"]} == {"binary.md", "missing.md"}
    bom = next(a for a in doc["alerts"] if a["path"] == "bom.md" and a["rule"] == "Editorial.FirstPerson")
    assert (bom["line"], bom["column"]) == (1, 1)  # the BOM is not a column
    latin = next(a for a in doc["alerts"] if a["path"] == "latin1.txt")
    assert latin["line"] == 1


def test_directory_named_like_a_file_and_empty_input(mess):
    r = run_cli("folder.md", "empty.md", cwd=mess)
    _no_traceback(r)
    assert r.returncode == 0 and "No alerts in 1 file." in r.stdout.decode()
    r = run_cli("-", input=b"", cwd=mess)
    assert r.returncode == 0


@pytest.mark.parametrize(
    "files, message",
    [
        ({"styles/S/R.yml": "extends: existence\nmessage: x\ntokens: [a\n"}, "R.yml:3: invalid YAML: did not find expected ',' or ']'"),
        ({"styles/S/R.yml": "extends: nonsense\n"}, "R.yml:1: unknown rule type 'nonsense'"),
        ({"styles/S/R.yml": "extends: existence\nmessage: x\ntokns: [a]\n"}, "R.yml:3: unknown key 'tokns'"),
        ({"styles/S/R.yml": "extends: existence\nmessage: x\nraw: ['(?<=a+)b[']\n"}, "R.yml:3: 'raw': regex does not compile"),
        ({"styles/S/R.yml": "extends: existence\ntokens: !!python/object/apply:os.system ['echo pwned']\n"}, "R.yml:2: invalid YAML"),
    ],
)
def test_rule_problems_stop_the_run_before_linting(tmp_path, files, message):
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    (tmp_path / ".editlint.yaml").write_text("styles_path: styles\nstyles: [S]\n")
    (tmp_path / "d.md").write_text("a b c\n")
    r = run_cli("d.md", cwd=tmp_path)
    _no_traceback(r)
    assert r.returncode == 2 and r.stdout == b""
    err = r.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and message in err, err
    assert not (tmp_path / "pwned").exists()


def test_script_rules_are_rejected_by_name_and_never_run(tmp_path):
    style = tmp_path / "styles" / "S"
    style.mkdir(parents=True)
    (style / "Code.yml").write_text("extends: script\nmessage: x\nscript: |\n  os := import(\"os\")\n")
    (style / "Word.yml").write_text("extends: existence\nmessage: 'found %s'\nlevel: error\ntokens: [word]\n")
    (tmp_path / ".editlint.yaml").write_text("styles_path: styles\nstyles: [S]\n")
    (tmp_path / "d.md").write_text("a word\n")
    r = run_cli("d.md", cwd=tmp_path)
    _no_traceback(r)
    err = r.stderr.decode()
    assert "S.Code is a 'script' rule" in err and "never runs code" in err
    assert "S.Word" in r.stdout.decode() and r.returncode == 1


def test_missing_style_and_bad_config_yaml(tmp_path):
    (tmp_path / "d.md").write_text("x\n")
    (tmp_path / ".editlint.yaml").write_text("styles: [Nowhere]\n")
    r = run_cli("d.md", cwd=tmp_path)
    assert r.returncode == 2 and "style 'Nowhere' not found" in r.stderr.decode()
    (tmp_path / ".editlint.yaml").write_text("styles: [Editorial\n")
    r = run_cli("d.md", cwd=tmp_path)
    assert r.returncode == 2 and ".editlint.yaml:1: invalid YAML" in r.stderr.decode() and "noticed at line 2" in r.stderr.decode()
    _no_traceback(r)


def test_catastrophic_regex_is_stopped_and_named(tmp_path):
    style = tmp_path / "styles" / "Evil"
    style.mkdir(parents=True)
    # The negative lookahead keeps it with the backtracking engine (the
    # compiled core's runs such patterns without one in linear time: next test).
    (style / "Backtrack.yml").write_text("extends: existence\nmessage: '%s'\nlevel: error\nraw:\n  - '(a|aa)+(?!a)!!'\n")
    (style / "Fine.yml").write_text("extends: existence\nmessage: 'found %s'\nlevel: warning\ntokens: [fine]\n")
    (tmp_path / ".editlint.yaml").write_text("styles_path: styles\nstyles: [Evil]\n")
    # "Wow!!" puts the literal every match needs in the text, so the scan is not skipped by the prefilter.
    (tmp_path / "evil.md").write_text("fine " + "a" * 80 + "!\n\nWow!!\n")
    r = run_cli("evil.md", "--format", "json", cwd=tmp_path)
    _no_traceback(r)
    assert r.returncode == 2
    assert "evil.md: Evil.Backtrack: regex" in r.stderr.decode() and "s of CPU" in r.stderr.decode()
    doc = json.loads(r.stdout)
    assert [a["rule"] for a in doc["alerts"]] == ["Evil.Fine"]  # the other rule still ran
    assert doc["errors"] and "Evil.Backtrack" in doc["errors"][0]["message"]


def test_catastrophic_regex_runs_in_linear_time_in_the_compiled_core(tmp_path):
    from editlint.language import scan

    if scan._native is None:
        pytest.skip("the compiled core (editlint_native) is not installed")
    style = tmp_path / "styles" / "Evil"
    style.mkdir(parents=True)
    (style / "Backtrack.yml").write_text("extends: existence\nmessage: '%s'\nlevel: error\nraw:\n  - '(a|aa)+!!'\n")
    (tmp_path / ".editlint.yaml").write_text("styles_path: styles\nstyles: [Evil]\n")
    # Past 20,000 characters of prose, where a process engages the compiled core.
    filler = "Words of a long draft. " * 1000
    (tmp_path / "evil.md").write_text(filler + "\n\n" + "a" * 80 + "!\n\nWow!!\n\n" + "a" * 5000 + "!!\n")
    r = run_cli("evil.md", "--format", "json", cwd=tmp_path)
    _no_traceback(r)
    doc = json.loads(r.stdout)
    assert not doc["errors"]
    assert [(a["line"], a["match"]) for a in doc["alerts"]] == [(7, "a" * 5000 + "!!")]


def test_large_file_keeps_exact_positions(tmp_path):
    para = "The council met. " * 40 + "As I write this, the vote continues.\n\n"
    text = "\ufeff" + "# Minutes\r\n\r\n" + para.replace("\n", "\r\n") * 3000  # ~2.5 MB, BOM, CRLF
    (tmp_path / "big.md").write_bytes(text.encode("utf-8"))
    r = run_cli("big.md", "--format", "json", "--disable", "Editorial.LongSentences", cwd=tmp_path)
    doc = json.loads(r.stdout)
    first_person = [a for a in doc["alerts"] if a["rule"] == "Editorial.FirstPerson"]
    assert first_person == [] or all(a["line"] % 2 == 1 for a in first_person)
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    for a in doc["alerts"][:200] + doc["alerts"][-200:]:
        if a["line"] == a["end_line"]:
            assert lines[a["line"] - 1][a["column"] - 1 : a["end_column"] - 1] == a["match"]


def test_writes_are_atomic_and_only_where_asked(tmp_path):
    (tmp_path / "d.md").write_text("As I write this.\n")
    before = set(os.listdir(tmp_path))
    r = run_cli("--write-baseline", "base.json", "d.md", cwd=tmp_path)
    assert r.returncode == 0
    assert set(os.listdir(tmp_path)) - before == {"base.json"}  # no temp files left behind
    r = run_cli("init", "--path", "cfg.yaml", cwd=tmp_path)
    assert set(os.listdir(tmp_path)) - before == {"base.json", "cfg.yaml"}


def _vale_like_config():
    from dataclasses import replace

    from editlint.rules import build_rule
    from editlint.config.vale_style import vale_rules

    sequence = build_rule(
        "T.Seq",
        {"extends": "sequence", "message": "%[1]s %[2]s", "tokens": [{"tag": "NN"}, {"pattern": "said", "skip": 2}]},
        "(test)",
    )
    return replace(CONFIG, rules=(*vale_rules(("Zuckerberg",), ("arguably",)), sequence))


VALE_CONFIG = _vale_like_config()


@PROPS
@given(markdown)
def test_spelling_and_sequence_keep_exact_spans(text):
    alerts = lint_text(text, VALE_CONFIG, path="p.md")
    assert {a.rule for a in alerts} <= {"Vale.Spelling", "Vale.Repetition", "Vale.Terms", "Vale.Avoid", "T.Seq"}
    assert_spans(text, alerts)
    shifted = lint_text("\n\n\n" + text, VALE_CONFIG, path="p.md")
    assert _key(shifted, 3) == _key(alerts)


@PROPS
@given(any_text)
def test_spelling_and_sequence_never_raise(text):
    for path in ("a.md", "a.txt"):
        assert_spans(text, lint_text(text, VALE_CONFIG, path=path))


def test_inline_html_element_left_open_across_a_block_element():
    # Found by fuzzing the Markdown parsers: <b> opened, <div> starts a
    # block, </b> closes in it; the element's start belonged to the block
    # before (an IndexError, or a wrong span when the index happened to fit).
    from editlint.document import parse

    doc = parse("<p>x <b>bold<div>inner</b> tail</div></p>\n")
    assert "bold" in doc.prose and "inner tail" in doc.prose
    b = [(a, z) for tag, _, a, z in doc.elements if tag == "strong"]
    assert [doc.prose[a:z] for a, z in b] == ["inner"]
    parse("<!-->;<b><div>é</b>")  # no exception
