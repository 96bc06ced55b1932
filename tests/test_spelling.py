"""Hunspell dictionaries and the spelling rule type beyond the fixtures."""

from __future__ import annotations

import json

from editlint.language.hunspell import Dictionary, expand, parse_aff

from .conftest import run_cli

AFF = """SET UTF-8
ICONV 1
ICONV ’ '
# suffix with a condition and a strip
SFX S Y 2
SFX S   y     ies        [^aeiou]y
SFX S   0     s          [aeiou]y
PFX U Y 1
PFX U   0     un         .
NEEDAFFIX X
COMPOUNDRULE 1
COMPOUNDRULE n*t
"""
DIC = """5
city/SU
day/SU
lock/UX
1/n
th/t
"""


def test_affixes_conditions_cross_product_and_needaffix():
    words, _ = expand(parse_aff(AFF), DIC)
    assert {"city", "cities", "day", "days", "uncity", "uncities", "undays", "unlock"} <= words
    assert "citys" not in words and "daies" not in words  # conditions decide the suffix
    assert "lock" not in words  # NEEDAFFIX: only the affixed form is a word


def test_compound_rules_and_case(tmp_path):
    (tmp_path / "t.aff").write_text(AFF)
    (tmp_path / "t.dic").write_text(DIC)
    d = Dictionary()
    d.add_hunspell(str(tmp_path / "t.aff"), str(tmp_path / "t.dic"))
    assert "111th" in d and "1th" in d and "th" in d
    assert "2th" not in d
    assert "Cities" in d and "CITY" not in d.words
    assert d.convert("city’s") == "city's"
    assert d.suggest("citty") == ["city"]


def test_vale_spelling_with_vocab_and_suggestions(tmp_path):
    styles = tmp_path / "styles"
    vocab = styles / "config" / "vocabularies" / "Docs"
    vocab.mkdir(parents=True)
    (vocab / "accept.txt").write_text("[Kk]ubernetes\n")
    ignore = styles / "config" / "ignore"
    ignore.mkdir(parents=True)
    (ignore / "words.txt").write_text("kubectl\n")
    (tmp_path / ".vale.ini").write_text("StylesPath = styles\nVocab = Docs\n\n[*]\nBasedOnStyles = Vale\n")
    (tmp_path / "doc.md").write_text("Kubernetes and kubectl are fine; recieve is not.\n")
    r = run_cli("--format", "json", "doc.md", cwd=tmp_path)
    alerts = json.loads(r.stdout)["alerts"]
    spelling = [a for a in alerts if a["rule"] == "Vale.Spelling"]
    assert [a["match"] for a in spelling] == ["recieve"], alerts
    assert "receive" in spelling[0]["suggestions"]
    assert r.returncode == 1  # Vale.Spelling is an error, as in Vale
