"""Configuration: discovery, merging, per-glob sections, per-rule levels."""

from __future__ import annotations

import pytest

from editlint.config import ConfigLoader, Overrides
from editlint.errors import ConfigError
from editlint.engine import lint_text


@pytest.fixture
def tree(tmp_path):
    style = tmp_path / "styles" / "House"
    style.mkdir(parents=True)
    (style / "Very.yml").write_text("extends: existence\nmessage: very\nlevel: warning\ntokens: [very]\n")
    (style / "We.yml").write_text("extends: existence\nmessage: we\nlevel: suggestion\ntokens: [we]\n")
    (tmp_path / "docs" / "api").mkdir(parents=True)
    (tmp_path / "blog").mkdir()
    return tmp_path


def _rules(loader, path):
    s = loader.settings_for(str(path))
    return {r.id: r.level for r in s.config.rules}, s


def test_walks_up_and_merges_glob_sections(tree):
    (tree / ".editlint.yaml").write_text(
        "styles_path: styles\nstyles: [House]\nfail_level: error\n"
        "House.We: warning\n"
        '"blog/**":\n  House.We: off\n  fail_level: suggestion\n'
        '"docs/api/*.md":\n  House.Very: error\n'
    )
    loader = ConfigLoader(cwd=str(tree))
    rules, s = _rules(loader, tree / "docs" / "api" / "ref.md")
    assert rules == {"House.Very": "error", "House.We": "warning"}
    assert s.fail_level == "error"
    rules, s = _rules(loader, tree / "blog" / "post.md")
    assert rules == {"House.Very": "warning"} and s.fail_level == "suggestion"
    rules, _ = _rules(loader, tree / "docs" / "guide.md")
    assert rules == {"House.Very": "warning", "House.We": "warning"}


def test_nearest_config_wins(tree):
    (tree / ".editlint.yaml").write_text("styles_path: styles\nstyles: [House]\n")
    (tree / "blog" / ".editlint.yaml").write_text("styles_path: ../styles\nstyles: [House]\nHouse.Very: off\n")
    loader = ConfigLoader(cwd=str(tree))
    assert set(_rules(loader, tree / "blog" / "a.md")[0]) == {"House.We"}
    assert set(_rules(loader, tree / "docs" / "a.md")[0]) == {"House.Very", "House.We"}


def test_pyproject_tool_section(tree):
    (tree / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.editlint]\nstyles_path = ["styles"]\nstyles = ["House"]\n"House.We" = "off"\n')
    loader = ConfigLoader(cwd=str(tree))
    assert set(_rules(loader, tree / "docs" / "a.md")[0]) == {"House.Very"}


def test_explicit_config_and_overrides(tree):
    cfg = tree / "other.yaml"
    cfg.write_text("styles_path: styles\nstyles: [House]\nmin_level: warning\n")
    loader = ConfigLoader(Overrides(config=str(cfg), disable=("House.Very",)), cwd=str(tree))
    rules, s = _rules(loader, tree / "x.md")
    assert rules == {"House.We": "suggestion"}
    alerts = lint_text("we and very", s.config)
    assert alerts == []  # min_level warning hides the suggestion


def test_ignore_globs(tree):
    (tree / ".editlint.yaml").write_text('styles_path: styles\nstyles: [House]\nignore: ["blog/", "*.txt"]\n')
    loader = ConfigLoader(cwd=str(tree))
    assert loader.is_ignored(str(tree / "blog" / "post.md"))
    assert loader.is_ignored(str(tree / "docs" / "notes.txt"))
    assert not loader.is_ignored(str(tree / "docs" / "a.md"))


def test_vocab_accept_is_an_exception(tree):
    (tree / ".editlint.yaml").write_text("styles_path: styles\nstyles: [House]\nvocab:\n  accept: [very]\n")
    s = ConfigLoader(cwd=str(tree)).settings_for(str(tree / "a.md"))
    assert [a.rule for a in lint_text("very we", s.config)] == ["House.We"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("min_level: loud\n", "1: 'min_level' must be one of"),
        ("styles: [House]\nHouse.Very: sometimes\n", "2: 'House.Very' must be off, on"),
        ('"docs/**":\n  styles_path: x\n', "2: unknown key 'styles_path' in section"),
        ("vocab: [a]\n", "1: 'vocab' must be a mapping"),
        ("styles_path: styles\nstyles: [House]\nHouse.Nope: error\n", "3: no rule 'House.Nope'"),
        ("key: [unclosed\n", "invalid YAML"),
    ],
)
def test_config_errors(tree, text, message):
    (tree / ".editlint.yaml").write_text(text)
    with pytest.raises(ConfigError) as exc:
        ConfigLoader(cwd=str(tree)).settings_for(str(tree / "a.md"))
    assert str(exc.value).startswith(str(tree / ".editlint.yaml")), str(exc.value)
    assert message in str(exc.value)
