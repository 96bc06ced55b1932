"""Vale's built-in style: ``Vale.Spelling``, ``Vale.Repetition``, ``Vale.Terms``, ``Vale.Avoid``.

These rules are defined by Vale itself rather than by YAML files; here they
are built from the same YAML keys, so they behave like any other rule.
"""

from __future__ import annotations

import re

from ..rules import Rule, build_rule

NAMES = ("Vale.Spelling", "Vale.Repetition", "Vale.Terms", "Vale.Avoid")


def vale_rules(accept: tuple[str, ...], reject: tuple[str, ...], styles_paths: tuple[str, ...] = (), only: str | None = None) -> list[Rule]:
    """The built-in rules (or just the one named ``only``)."""
    rules = []

    def wanted(name):
        return only is None or only == name

    if wanted("Vale.Spelling"):
        rules.append(
            build_rule(
                "Vale.Spelling",
                {"extends": "spelling", "message": "Did you really mean '%s'?", "level": "error", "builtin": True},
                "(built in)",
                vocab_accept=accept,
                styles_paths=styles_paths,
            )
        )
    if wanted("Vale.Repetition"):
        rules.append(
            build_rule(
                "Vale.Repetition",
                {"extends": "repetition", "message": "'%s' is repeated!", "level": "error", "alpha": True, "ignorecase": True, "tokens": [r"[^\s]+"]},
                "(built in)",
            )
        )
    terms = [t for t in accept if re.fullmatch(r"[\w .'’-]+", t) and any(c.isupper() for c in t)]
    if terms and wanted("Vale.Terms"):
        swap = {f"(?i){re.escape(t)}": t for t in terms}
        rules.append(
            build_rule(
                "Vale.Terms",
                {"extends": "substitution", "message": "Use '%s' instead of '%s'.", "level": "error", "ignorecase": False, "swap": swap, "vocab": False},
                "(built in)",
            )
        )
    if reject and wanted("Vale.Avoid"):
        rules.append(
            build_rule(
                "Vale.Avoid",
                {"extends": "existence", "message": "Avoid using '%s'.", "level": "error", "ignorecase": False, "tokens": list(reject), "vocab": False},
                "(built in)",
            )
        )
    return rules
