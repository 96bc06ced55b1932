"""Vale's built-in style: ``Vale.Repetition``, ``Vale.Terms``, ``Vale.Avoid``.

These rules are defined by Vale itself rather than by YAML files; here they
are built from the same YAML keys, so they behave like any other rule.
``Vale.Spelling`` needs Hunspell dictionaries and is not provided.
"""

from __future__ import annotations

import re

from .rules import Rule, build_rule


def vale_rules(accept: tuple[str, ...], reject: tuple[str, ...]) -> list[Rule]:
    rules = [
        build_rule(
            "Vale.Repetition",
            {"extends": "repetition", "message": "'%s' is repeated!", "level": "error", "alpha": True, "ignorecase": True, "tokens": [r"[^\s]+"]},
            "(built in)",
        )
    ]
    terms = [t for t in accept if re.fullmatch(r"[\w .'’-]+", t) and any(c.isupper() for c in t)]
    if terms:
        swap = {f"(?i){re.escape(t)}": t for t in terms}
        rules.append(
            build_rule(
                "Vale.Terms",
                {"extends": "substitution", "message": "Use '%s' instead of '%s'.", "level": "error", "ignorecase": False, "swap": swap, "vocab": False},
                "(built in)",
            )
        )
    if reject:
        rules.append(
            build_rule(
                "Vale.Avoid",
                {"extends": "existence", "message": "Avoid using '%s'.", "level": "error", "ignorecase": False, "tokens": list(reject), "vocab": False},
                "(built in)",
            )
        )
    return rules
