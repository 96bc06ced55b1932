"""``editlint explain``: a rule's message, link, YAML and a worked example.

Examples come from the rule file's own comments, so they stay Vale-compatible::

    # fail: It seems likely that prices will rise.
    # pass: Prices will rise, the bank said.

Rule *types* carry theirs in their docstrings (``# input:`` / ``# expect:``).
"""

from __future__ import annotations

import os
import re

from ..checks import REGISTRY
from ..config import ConfigLoader, bundled_styles_dir
from ..engine import Config, lint_text
from ..rules import Rule, load_style

_EXAMPLE = re.compile(r"^\s*#\s*(fail|pass):\s?(.*)$", re.M)


def rule_examples(path: str) -> list[tuple[str, str]]:
    """``(kind, text)`` pairs from a rule file's ``# fail:``/``# pass:`` comments."""
    try:
        with open(path, encoding="utf-8") as fh:
            return [(m.group(1), m.group(2)) for m in _EXAMPLE.finditer(fh.read())]
    except OSError:
        return []


def type_example(kind: str) -> tuple[str, str, list[str]] | None:
    """``(yaml, input, expected lines)`` from a rule type's docstring example."""
    doc = (REGISTRY[kind].__doc__ or "") if kind in REGISTRY else ""
    module_doc = __import__(REGISTRY[kind].__module__, fromlist=["_"]).__doc__ or ""
    text = module_doc or doc
    if "Example::" not in text:
        return None
    block = text.split("Example::", 1)[1]
    lines = []
    for line in block.splitlines()[1:]:
        if line.strip() and not line.startswith("    "):
            break
        lines.append(line[4:])
    yaml_lines = [l for l in lines if not l.lstrip().startswith("# ")]
    inputs = [l.split("# input:", 1)[1].strip() for l in lines if "# input:" in l]
    expects = [l.split("# expect:", 1)[1].strip() for l in lines if "# expect:" in l]
    return "\n".join(yaml_lines).strip() + "\n", "\n".join(inputs), expects


def find_rule(rule_id: str, loader: ConfigLoader) -> Rule:
    """The active rule ``rule_id``, or one of that name in a bundled style."""
    rules = loader.all_rules(None)
    for r in rules:
        if r.id == rule_id:
            return r
    style = os.path.join(bundled_styles_dir(), rule_id.split(".", 1)[0])
    if os.path.isdir(style):
        for r in load_style(rule_id.split(".", 1)[0], style):
            if r.id == rule_id:
                return r
    known = ", ".join(sorted(r.id for r in rules)[:12])
    raise LookupError(f"no rule named '{rule_id}' (active rules include: {known}; see `editlint rules`)")


def explain_languagetool(rule_id: str, loader: ConfigLoader) -> str:
    """A LanguageTool rule: its description and category as LanguageTool
    gave them (from the answers cached so far), its level here, its page."""
    from ..languagetool.grammar import Cache, default_cache_path
    from ..languagetool.settings import DEFAULT_LEVELS

    lt_id = rule_id.split(".", 1)[1]
    cache = Cache(default_cache_path())
    seen = cache.find_rule(lt_id)
    cache.close()
    settings = loader.settings_for(None).grammar
    out = [f"{rule_id}  (LanguageTool grammar rule)"]
    if seen:
        out.append(f"  {seen.get('description') or 'no description given'}")
        category = seen.get("category", "MISC")
        name = seen.get("category_name") or category
        level = settings.level_for(category) if settings else DEFAULT_LEVELS.get(category, "suggestion")
        out += ["", f"Category: {name} ({category}); reported here as {level}."]
        out.append(f"Example message: {seen.get('message', '')}")
    else:
        out += ["", "Not seen in any LanguageTool answer cached here yet: lint a draft with grammar on, then ask again."]
    if settings and lt_id in settings.disabled_rules:
        out.append("Disabled here (grammar.disabled_rules).")
    out.append(f"Link:    https://community.languagetool.org/rule/show/{lt_id}?lang=en")
    out.append("Turn it off: grammar: {disabled_rules: [" + lt_id + "]} in .editlint.yaml")
    return "\n".join(out)


def explain(rule_id: str, loader: ConfigLoader) -> str:
    if rule_id.startswith("LanguageTool.") and len(rule_id) > len("LanguageTool."):
        return explain_languagetool(rule_id, loader)
    rule = find_rule(rule_id, loader)
    out = [f"{rule.id}  ({rule.type}, {rule.level})", f"  defined in {rule.path}", ""]
    if rule.description:
        out += [rule.description.strip(), ""]
    out.append(f"Message: {rule.message}")
    out.append("Fixes:   " + ("yes: `editlint --fix` applies its safe one-replacement alerts" if rule.fix else "no: it needs an editor's judgement (`fix: true` in the rule file opts in)"))
    if rule.link:
        out.append(f"Link:    {rule.link}")
    out.append("")
    try:
        with open(rule.path, encoding="utf-8") as fh:
            yaml_text = fh.read()
    except OSError:
        yaml_text = ""
    out.append("YAML:")
    out += ["  " + line for line in yaml_text.rstrip().splitlines()]
    out.append("")
    examples = rule_examples(rule.path)
    if not examples:
        te = type_example(rule.type)
        if te:
            out.append(f"(No examples in the rule file; here is the {rule.type} type's own example.)")
            out.append("")
            out.append("  " + te[0].replace("\n", "\n  "))
        return "\n".join(out)
    out.append("Examples:")
    config = Config(rules=(rule,))
    for kind, text in examples:
        alerts = lint_text(text, config, path="example.md")
        out.append(f"  {'flags' if kind == 'fail' else 'passes'}: {text}")
        for a in alerts:
            out.append(f"    -> {a.line}:{a.column} {a.severity}: {a.message}")
    return "\n".join(out)
