"""Adding a term to the project's vocabulary, as a text edit of its file.

The language server's "add to vocabulary" action needs the new text of the
file that holds the accepted terms — ``vocab.accept`` in ``.editlint.yaml``,
or ``accept.txt`` of the first vocabulary a ``.vale.ini`` names — so that the
editor applies it (and can undo it) like any other edit.  YAML is edited as
text, keeping the writer's comments and layout, and the result is parsed
again: an edit that would not load as the same config plus the term is
refused rather than risked.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class VocabularyEdit:
    """Where the term goes and the file's text afterwards (``exists`` false: a new file)."""

    path: str
    old_text: str
    new_text: str
    exists: bool


def target_for(cf) -> tuple[str, str] | None:
    """(path, kind) of the file that accepts terms for config file ``cf``; kind is
    ``yaml`` or ``lines``.  None when there is none to edit (a ``.vale.ini`` with
    no ``Vocab``, or ``pyproject.toml``)."""
    if cf.vale:
        names = cf.data.get("_vocab_names") or []
        styles = cf.data.get("styles_path") or []
        if not names or not styles:
            return None
        base = os.path.join(cf.root, styles[0])
        for folder in (os.path.join(base, "config", "vocabularies", names[0]), os.path.join(base, "Vocab", names[0])):
            if os.path.isdir(folder):
                return os.path.join(folder, "accept.txt"), "lines"
        return os.path.join(base, "config", "vocabularies", names[0], "accept.txt"), "lines"
    if cf.path is None:
        return os.path.join(cf.root, ".editlint.yaml"), "yaml"
    if cf.path.endswith(".toml"):
        return None
    return cf.path, "yaml"


def _quoted(term: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: safe for any term.
    return json.dumps(term, ensure_ascii=False)


def add_to_yaml(text: str, term: str) -> str | None:
    """``text`` (an editlint YAML config) with ``term`` in ``vocab.accept``; None when it
    is there already or the file's layout is one this edit cannot extend safely."""
    import yaml

    try:
        before = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError:
        return None
    if not isinstance(before, dict):
        return None
    vocab = before.get("vocab") or {}
    if not isinstance(vocab, dict) or term in (vocab.get("accept") or []):
        return None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    at = next((i for i, l in enumerate(lines) if re.match(r"vocab:\s*(#.*)?$", l)), None)
    if at is None:
        new = "".join(lines) + f"vocab:\n  accept:\n    - {_quoted(term)}\n"
    else:
        children = [i for i in range(at + 1, len(lines)) if lines[i].strip()]
        block = []
        for i in children:
            if not lines[i][0].isspace():
                break
            block.append(i)
        indent = re.match(r"\s*", lines[block[0]]).group(0) if block else "  "
        acc = next((i for i in block if re.match(rf"{indent}accept:", lines[i])), None)
        if acc is None:
            lines.insert(at + 1, f"{indent}accept:\n{indent}  - {_quoted(term)}\n")
        else:
            rest = lines[acc].split(":", 1)[1].strip()
            if rest.startswith("["):
                close = lines[acc].rfind("]")
                if close < 0:
                    return None
                inner = lines[acc][lines[acc].index("[") + 1 : close].strip()
                lines[acc] = lines[acc][:close].rstrip() + (", " if inner else "") + _quoted(term) + lines[acc][close:]
            elif rest and not rest.startswith("#"):
                return None
            else:
                items = []
                for i in (i for i in block if i > acc):
                    if lines[i].startswith(indent) and not lines[i][len(indent)].isspace() and not lines[i][len(indent):].startswith("- "):
                        break  # the next key of vocab:
                    if lines[i].lstrip().startswith("- "):
                        items.append(i)
                item_indent = re.match(r"\s*", lines[items[0]]).group(0) if items else indent + "  "
                after = (items[-1] if items else acc) + 1
                lines.insert(after, f"{item_indent}- {_quoted(term)}\n")
        new = "".join(lines)
    try:
        after_data = yaml.safe_load(new)
    except yaml.YAMLError:
        return None
    expected = dict(before)
    expected["vocab"] = dict(vocab, accept=[*(vocab.get("accept") or []), term])
    return new if after_data == expected else None


def add_to_lines(text: str, term: str) -> str | None:
    """An ``accept.txt`` with ``term`` on a line of its own (None when it is there already)."""
    if term in (l.strip() for l in text.splitlines()):
        return None
    return text + ("" if not text or text.endswith("\n") else "\n") + term + "\n"


def vocabulary_edit(cf, term: str) -> VocabularyEdit | str:
    """The edit that accepts ``term`` under config ``cf``, or a sentence saying why there is none."""
    target = target_for(cf)
    if target is None:
        return "this configuration has no vocabulary file to add to (a .vale.ini needs a Vocab = Name entry)"
    path, kind = target
    try:
        with open(path, encoding="utf-8") as fh:
            old, exists = fh.read(), True
    except FileNotFoundError:
        old, exists = "", False
    except (OSError, UnicodeDecodeError) as e:
        return f"{path}: cannot read it ({e})"
    new = add_to_yaml(old, term) if kind == "yaml" else add_to_lines(old, term)
    if new is None:
        return f"'{term}' is already accepted in {path}, or the file's layout cannot be extended safely"
    return VocabularyEdit(path, old, new, exists)
