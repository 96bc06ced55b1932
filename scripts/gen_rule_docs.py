"""Write docs/rule-types.md from the rule types' docstrings (the single source)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from editlint.checks import OWN_TYPES, REGISTRY  # noqa: E402

HEADER = """# Rule types

Every rule file names its type with `extends:`. The first {vale} are Vale's
(same keys, same meaning); the last {own} are editlint's own. Common keys for
all types: `message` (with `%s` arguments, Go-fmt style), `level`
(`suggestion`, `warning`, `error`), `scope`, `link`, `description`, `action`.

Each example below is run by the test suite (`tests/test_docs.py`): the
`# input:` line is linted with the rule above it and must give exactly the
`# expect:` lines. This file is generated from the rule types' docstrings by
`python scripts/gen_rule_docs.py`.
"""


def render() -> str:
    out = [HEADER.format(vale=len(REGISTRY) - len(OWN_TYPES), own=len(OWN_TYPES))]
    for name, cls in REGISTRY.items():
        doc = importlib.import_module(cls.__module__).__doc__ or ""
        body, _, example = doc.partition("Example::")
        out.append(f"## `{name}`\n")
        text = body.strip().split(":", 1)[1].strip() if body.strip().startswith(name) else body.strip()
        out.append(text[:1].upper() + text[1:])
        out.append("")
        keys = ", ".join(f"`{k}`" for k in cls.KEYS)
        if keys:
            out.append(f"Keys: {keys}." + (f" Required: {', '.join(f'`{k}`' for k in cls.REQUIRED)}." if cls.REQUIRED else ""))
            out.append("")
        lines = [line[4:] if line.startswith("    ") else line for line in example.strip("\n").splitlines()]
        out.append("```yaml\n" + "\n".join(lines).strip() + "\n```\n")
    return "\n".join(out)


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "docs" / "rule-types.md"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
