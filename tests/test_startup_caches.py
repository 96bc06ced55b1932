"""What start-up keeps between runs gives what working it out again gives.

Parsed style files and word-list plans are kept in the cache folder
(editlint/caches/parsed.py) and the dialect table is built lazily
(checks/variants.py); each is compared here with the eager computation.
"""

from __future__ import annotations

import glob
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editlint.caches import parsed
from editlint.checks import base
from editlint.yamlio import LinedDict, load_yaml, read_yaml_file

ROOT = Path(__file__).resolve().parent.parent


def _same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, LinedDict):
        return a.line == b.line and a.lines == b.lines and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))
    return a == b


def _fresh(module, tmp_path, monkeypatch):
    """``module``'s kept entries as a new process with an empty cache folder sees them."""
    monkeypatch.setenv("EDITLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(module, "_entries", None)
    monkeypatch.setattr(module, "_used", set())
    monkeypatch.setattr(module, "_dirty", False)


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    _fresh(parsed, tmp_path, monkeypatch)
    return tmp_path


def test_every_bundled_rule_file_comes_back_the_same_with_its_lines():
    files = sorted(glob.glob(str(ROOT / "rules" / "**" / "*.yml"), recursive=True))
    assert len(files) >= 20
    for f in files:
        text = Path(f).read_text(encoding="utf-8-sig")
        data = load_yaml(text, f)
        assert _same(parsed._decode(json.loads(json.dumps(parsed._encode(data)))), data), f


def test_a_kept_parse_is_used_and_an_edited_file_is_parsed_again(fresh_cache, tmp_path):
    rule = tmp_path / "R.yml"
    rule.write_text("extends: existence\nmessage: 'x'\ntokens:\n  - foo\n")
    first = read_yaml_file(str(rule))
    parsed.save()
    assert (fresh_cache / f"parsed-v{parsed.VERSION}.json").exists()
    parsed._entries = None  # a new process: read back from the file
    again = read_yaml_file(str(rule))
    assert _same(again, first) and again is not first and again.line_of("tokens") == 3
    rule.write_text("extends: existence\nmessage: 'x'\n\ntokens:\n  - bar\n")
    edited = read_yaml_file(str(rule))
    assert edited["tokens"] == ["bar"] and edited.line_of("tokens") == 4


def test_values_json_cannot_hold_are_not_kept(fresh_cache, tmp_path):
    rule = tmp_path / "R.yml"
    rule.write_text("when: 2024-01-02\n")
    data = read_yaml_file(str(rule))
    assert str(data["when"]) == "2024-01-02"
    assert parsed._entries == {}


def test_a_corrupt_cache_file_means_parsing_again(fresh_cache, tmp_path):
    (fresh_cache / f"parsed-v{parsed.VERSION}.json").write_text('{"version": 1, "entries": {')
    rule = tmp_path / "R.yml"
    rule.write_text("a: 1\n")
    assert read_yaml_file(str(rule)) == {"a": 1}
    (fresh_cache / f"parsed-v{parsed.VERSION}.json").write_text(json.dumps({"version": 1, "entries": {parsed._key("a: 1\n"): {"m": 1}}}))
    parsed._entries = None
    assert read_yaml_file(str(rule)) == {"a": 1}  # a damaged entry: parsed again


def test_word_list_plans_kept_equal_plans_worked_out(fresh_cache, monkeypatch):
    lists = []
    for f in sorted(glob.glob(str(ROOT / "rules" / "**" / "*.yml"), recursive=True)):
        data = read_yaml_file(f)
        tokens = data.get("tokens") or list((data.get("swap") or {}).keys())
        if len(tokens) > 5:
            lists.append([t for t in tokens if isinstance(t, str)])
    assert len(lists) > 5
    worked = {(i, flags): base._word_list_plan(alternatives, flags, True) for i, alternatives in enumerate(lists) for flags in (0, 2)}

    def not_again(_):
        raise AssertionError("worked out again: the kept plan was not used")

    monkeypatch.setattr(base, "literal_heads", not_again)
    for (i, flags), plan in worked.items():
        assert base._word_list_plan(lists[i], flags, True) == plan
        assert plan[0], "no phrase was found from its first word: the comparison is empty"


def test_dialect_tables_answer_as_the_whole_list_would():
    from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS

    from editlint.checks.variants import _dialect_tables, _regular_pair

    a2b = {a.lower(): b.lower() for a, b in AMERICAN_ENGLISH_SPELLINGS.items() if a.lower() != b.lower() and _regular_pair(b.lower(), a.lower())}
    b2a = {b: a for a, b in a2b.items()}
    dialects = _dialect_tables()
    words = {w.lower() for pair in AMERICAN_ENGLISH_SPELLINGS.items() for w in pair} | {"the", "colour", "color"}
    for w in words:
        assert dialects.british_of(w) == a2b.get(w) and dialects.american_of(w) == b2a.get(w), w
    assert dialects.american_of("colour") == "color"


# -- compiled regular expressions (editlint/caches/regexes.py) ------------------


@pytest.fixture
def fresh_regexes(tmp_path, monkeypatch):
    from editlint.caches import regexes

    _fresh(regexes, tmp_path, monkeypatch)
    return regexes


def _style_patterns():
    """Every pattern the bundled styles' rules hold, with its flags (found
    in the built rules: whether a pattern was compiled yet depends on what
    earlier tests linted)."""
    import regex

    from editlint.config import ConfigLoader
    from editlint.guard import GuardedPattern

    seed = next((ROOT / "seeds").iterdir())
    config = ConfigLoader(cwd=str(seed.parent)).settings_for(str(seed)).config
    found, seen = {}, set()

    def walk(value, depth=0):
        if id(value) in seen or depth > 4:
            return
        seen.add(id(value))
        if isinstance(value, (GuardedPattern, regex.Pattern)):
            found[(value.pattern, int(value.flags))] = None
        elif isinstance(value, dict):
            for v in value.values():
                walk(v, depth + 1)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for v in value:
                walk(v, depth + 1)
        elif type(value).__module__.startswith("editlint"):
            names = [n for k in type(value).__mro__ for n in getattr(k, "__slots__", ())]
            for v in [*getattr(value, "__dict__", {}).values(), *(getattr(value, n, None) for n in names)]:
                walk(v, depth + 1)

    for rule in config.rules:
        walk(rule.check)
        words = getattr(rule.check, "words", None)
        if isinstance(words, base.AnchoredWordList):  # its phrases, compiled one by one as a draft needs them
            for i in range(len(words.alternatives)):
                one = words._one(i)
                found[(one.pattern, int(one.flags))] = None
    return list(found)


def _texts():
    seed = next((ROOT / "seeds").iterdir()).read_text(encoding="utf-8")
    return [seed, seed.upper(), "Café naïve — “quoted” words, 1,234 and Straße.\n\nIt is said that many people believe so."]


def test_patterns_read_back_from_the_cache_match_as_freshly_compiled_ones(fresh_regexes):
    import regex

    patterns = _style_patterns()
    assert len(patterns) >= 40
    for pattern, flags in patterns:
        fresh_regexes.compile(pattern, flags)
    fresh_regexes.save()
    fresh_regexes._entries = None  # a new process: read back from the file
    fresh_regexes._dirty = False
    texts = _texts()
    for pattern, flags in patterns:
        kept = fresh_regexes.compile(pattern, flags)
        assert not fresh_regexes._dirty, f"compiled again: {pattern[:60]!r}"
        compiled = regex.compile(pattern, flags)
        assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == (compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex)
        for text in texts:
            assert [m.span() for m in kept.finditer(text)] == [m.span() for m in compiled.finditer(text)], pattern[:60]


def test_a_kept_pattern_is_not_compiled_again(fresh_regexes, monkeypatch):
    import regex

    fresh_regexes.compile(r"\b(?:very|really)\b", regex.I)
    fresh_regexes.save()
    assert (Path(fresh_regexes._path())).exists()
    fresh_regexes._entries = None

    def not_again(*_a, **_k):
        raise AssertionError("compiled again: the kept code was not used")

    monkeypatch.setattr(regex, "compile", not_again)
    assert fresh_regexes.compile(r"\b(?:very|really)\b", regex.I).findall("Very good, really.") == ["Very", "really"]


@pytest.mark.parametrize(
    "damage",
    ["truncated", "flipped byte", "other regex version", "not marshal"],
)
def test_a_damaged_or_stale_cache_file_means_compiling_again(fresh_regexes, damage):
    import marshal

    fresh_regexes.compile(r"colou?r")
    fresh_regexes.save()
    path = Path(fresh_regexes._path())
    blob = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped byte":
        stamp, digest, payload = marshal.loads(blob)
        k = payload.index(b"colou")
        path.write_bytes(marshal.dumps((stamp, digest, payload[:k] + b"k" + payload[k + 1 :])))
    elif damage == "other regex version":
        stamp, digest, payload = marshal.loads(blob)
        path.write_bytes(marshal.dumps(((stamp[0], "1999.01.01", *stamp[2:]), digest, payload)))
    else:
        path.write_text("{}")
    fresh_regexes._entries = None
    fresh_regexes._dirty = False
    assert fresh_regexes.compile(r"colou?r").findall("color colour") == ["color", "colour"]
    assert fresh_regexes._dirty, "the damaged entry was used instead of compiling again"


@pytest.mark.parametrize("entry", ["a pickle", "wrong data"])
def test_a_cache_entry_that_is_not_pattern_data_is_never_run(fresh_regexes, tmp_path, entry):
    import marshal
    import pickle

    class Plant:
        def __reduce__(self):
            return (Path.touch, (tmp_path / "ran",))

    fresh_regexes.compile(r"x+")
    fresh_regexes.save()
    # Version 1 kept pickles; one left in the file must never be unpickled.
    # Data that is not what _regex.compile takes must not be used either.
    # (Damage inside a pattern's code bytes is the checksum's to catch:
    # regex trusts the code it is given.)
    bad = pickle.dumps(Plant()) if entry == "a pickle" else (r"x+", 0)
    payload = marshal.dumps({(r"x+", 0): bad})
    path = Path(fresh_regexes._path())
    stamp = marshal.loads(path.read_bytes())[0]
    path.write_bytes(marshal.dumps((stamp, fresh_regexes._digest(payload), payload)))
    fresh_regexes._entries = None
    fresh_regexes._dirty = False
    assert fresh_regexes.compile(r"x+").findall("axxb") == ["xx"]
    assert fresh_regexes._dirty, "the bad entry was used instead of compiling again"
    assert not (tmp_path / "ran").exists()


def test_the_command_line_gives_the_same_alerts_with_a_cold_and_a_warm_cache(tmp_path):
    from tests.conftest import run_cli

    seed = next((ROOT / "seeds").iterdir())
    env = {"EDITLINT_CACHE_DIR": str(tmp_path), "NO_COLOR": "1"}
    cold = run_cli(seed, "--no-cache", env=env)
    assert (tmp_path / "regex-v2.marshal").exists()
    warm = run_cli(seed, "--no-cache", env=env)
    assert cold.returncode == warm.returncode == 1
    assert cold.stdout == warm.stdout and cold.stdout.count(b"\n") > 20


def test_kept_dialect_tables_answer_as_built_ones(fresh_cache, monkeypatch):
    from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS

    from editlint.checks import variants

    monkeypatch.setattr(variants, "_DIALECTS", None)
    built = variants._dialect_tables()
    parsed.save()
    parsed._entries = None  # a new process
    monkeypatch.setattr(variants, "_DIALECTS", None)
    monkeypatch.setattr(variants, "_Dialects", _NoList(variants._Dialects))
    kept = variants._dialect_tables()
    assert kept is not built and kept.words == built.words
    words = {w.lower() for pair in AMERICAN_ENGLISH_SPELLINGS.items() for w in pair}
    for w in words:
        assert (kept.british_of(w), kept.american_of(w)) == (built.british_of(w), built.american_of(w)), w


class _NoList:
    """The tables' class, refusing to be built from breame's list."""

    def __init__(self, real):
        self.real = real

    def __call__(self, pairs=(), tables=None):
        assert tables is not None, "built from the list again: the kept tables were not used"
        return self.real(tables=tables)


def test_a_pyproject_answer_is_kept_and_an_edited_file_asked_again(fresh_cache, tmp_path, monkeypatch):
    from editlint import config

    py = tmp_path / "pyproject.toml"
    py.write_text('[project]\nname = "editlint-notes"\n')
    assert config._pyproject_has_section(str(py)) is False
    py.write_text('[project]\nname = "x"\n\n[tool.editlint]\nstyles = ["Editorial"]\n')
    assert config._pyproject_has_section(str(py)) is True
    parsed.save()
    parsed._entries = None
    import tomllib

    monkeypatch.setattr(tomllib, "loads", lambda *_: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert config._pyproject_has_section(str(py)) is True
    py.write_text('[tool]\neditlint = 3\n')
    with pytest.raises(AssertionError, match="parsed again"):
        config._pyproject_has_section(str(py))


def test_syllables_read_in_a_batch_are_those_read_one_by_one(tmp_path, monkeypatch):
    from editlint.caches import words

    monkeypatch.setenv("EDITLINT_CACHE_DIR", str(tmp_path))
    first = words.WordCache("syllables-test")
    figures = {"colour": 2, "readability": 5, "a": 1, "naïve": 2}
    for w, n in figures.items():
        first.put(w, n)
    first.save()
    one_by_one = words.WordCache("syllables-test")
    batch = words.WordCache("syllables-test")
    batch.prefetch(list(figures) + ["unseen"])
    assert batch.known == figures
    assert {w: batch.get(w) for w in [*figures, "unseen"]} == {w: one_by_one.get(w) for w in [*figures, "unseen"]}


def test_a_parallel_run_keeps_the_patterns_its_workers_compiled(tmp_path):
    import marshal

    from tests.conftest import run_cli

    seed = next((ROOT / "seeds").iterdir()).read_text(encoding="utf-8")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for name in "abcd":  # four files: a parallel run
        (drafts / f"{name}.txt").write_text(seed, encoding="utf-8")
    env = {"EDITLINT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    # One run from an empty cache: the parent writes what it compiled at
    # exit, after the workers wrote theirs, and keeps theirs too.
    assert run_cli(drafts, "-j", "2", "--no-cache", env=env).returncode == 1
    stamp, digest, payload = marshal.loads((tmp_path / "cache" / "regex-v2.marshal").read_bytes())
    kept = marshal.loads(payload)
    # One phrase of the Cliches list, compiled on its own when a draft has it.
    assert any("odyssey" in pattern and "|" not in pattern for pattern, _ in kept), sorted(p for p, _ in kept)[:20]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab cdé", max_size=40), st.text(alphabet="ab cdé", max_size=40), st.floats(min_value=0, max_value=100))
def test_the_length_bound_never_skips_a_near_duplicate_rapidfuzz_would_find(a, b, threshold):
    """Duplicates asks rapidfuzz for a pair's ratio (importing it) only when
    the lengths allow the threshold: the bound holds for every pair."""
    from rapidfuzz import fuzz

    skipped = 200 * min(len(a), len(b)) < (threshold - 1e-9) * (len(a) + len(b))
    assert not (skipped and fuzz.ratio(a, b) >= threshold)


def test_a_one_page_draft_starts_without_rapidfuzz():
    import subprocess
    import sys

    seed = next((ROOT / "seeds").iterdir())
    code = (
        "import sys; sys.argv = ['editlint', sys.argv[1], '--no-grammar', '--no-cache', '-q']\n"
        "from editlint.edges import cli\n"
        "try:\n    cli.entry()\nexcept SystemExit:\n    pass\n"
        "print('rapidfuzz' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(seed)], capture_output=True, text=True, env={**__import__("os").environ, "EDITLINT_NO_GRAMMAR": "1"})
    assert out.stdout.strip().splitlines()[-1] == "False", out.stdout[-500:]


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="abcé’'", max_size=12), st.text(alphabet="abcé’'", max_size=12), st.integers(min_value=0, max_value=4))
def test_names_compared_in_python_are_compared_as_rapidfuzz_compares_them(a, b, cutoff):
    from rapidfuzz.distance import OSA

    from editlint.checks.words import _osa

    assert _osa(a, b, cutoff) == OSA.distance(a, b, score_cutoff=cutoff)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcé’", max_size=8), st.lists(st.text(alphabet="abcé’", max_size=8), max_size=8))
def test_names_within_a_distance_are_those_rapidfuzz_finds_either_way(word, others):
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    from editlint.checks import words

    expected = sorted(i for _, _, i in process.extract(word, others, scorer=OSA.distance, score_cutoff=2, limit=None))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(words, "_pairs_in_python", 0)
        assert words.within(word, others, 2) == expected  # compared in Python
        mp.setattr(words, "PYTHON_PAIRS", -1)
        assert words.within(word, others, 2) == expected  # handed to rapidfuzz
