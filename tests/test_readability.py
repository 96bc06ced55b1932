"""Readability through textstat, offline, and its ranking of real news at three levels."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from editlint.document import normalise_newlines, parse
from editlint.edges.files import read_input
from editlint.language.readability import document_grade, figures, syllables

from .conftest import ROOT, SHARED, needs_shared

LEVELS = SHARED / "corpora" / "onestopenglish"


def test_syllables_and_figures():
    assert syllables("cat") == 1 and syllables("superintelligence") >= 6
    f = figures("The cat sat. A remarkable animal.", 2)
    assert (f.words, f.sentences, f.long_words) == (6, 2, 1)  # "remarkable"; "animal" is six letters
    assert f.syllables >= 10 and f.polysyllabic_words >= 2


def test_textstat_never_touches_the_network(tmp_path):
    """Run a readability rule with sockets disabled and an empty home (no NLTK data)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent('''
        import socket
        def _refuse(*a, **k):
            raise OSError("network disabled by the test")
        socket.socket.connect = _refuse
        socket.create_connection = _refuse
        import builtins
        _import = builtins.__import__
        def _guard(name, *a, **k):
            mod = _import(name, *a, **k)
            if name == "nltk" and hasattr(mod, "download"):
                def _no_download(*a, **k):
                    raise AssertionError("nltk.download called")
                mod.download = _no_download
            return mod
        builtins.__import__ = _guard
    '''))
    env = dict(os.environ, PYTHONPATH=str(site), HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"), EDITLINT_NO_GRAMMAR="1")
    env.pop("NLTK_DATA", None)
    code = textwrap.dedent('''
        from editlint.language.readability import syllables, grade
        assert syllables("readability") == 5, syllables("readability")
        print(round(grade("Notwithstanding considerable organisational inefficiencies, institutions persevere.", 1), 1))
    ''')
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert float(r.stdout.strip()) > 15
    exe = os.path.join(os.path.dirname(sys.executable), "editlint")
    r = subprocess.run([exe, "--format", "json", str(ROOT / "seeds")], env=env, capture_output=True, text=True, timeout=120)
    assert "ParagraphGrade" in r.stdout or "LongSentences" in r.stdout, r.stderr


@needs_shared("corpora", "onestopenglish")
def test_grade_ranks_the_three_reading_levels():
    """The same 189 stories at elementary, intermediate and advanced level."""

    def grade_of(level, name):
        text, _ = read_input(str(LEVELS / level / f"{name}-{level}.txt"))
        return document_grade(parse(normalise_newlines(text), "text"))

    names = sorted(p.name[: -len("-adv.txt")] for p in (LEVELS / "adv").glob("*-adv.txt"))
    ranked = sum(1 for n in names if grade_of("ele", n) < grade_of("int", n) < grade_of("adv", n))
    assert len(names) == 189
    assert ranked / len(names) >= 0.90, f"{ranked}/{len(names)}"
