"""``editlint init``: a commented starting configuration, written atomically."""

from __future__ import annotations

from ..caches.fsutil import atomic_write

DEFAULT_CONFIG = """\
# editlint configuration. Found by walking up from each linted file.
# Every key is optional; the values below are the defaults.

# Styles are folders of YAML rules (Vale's format). The bundled style is
# "Editorial"; add your own folders to styles_path (relative to this file).
styles: [Editorial]
# styles_path: [styles]

# What is shown, and what makes `editlint` exit 1.
min_level: suggestion     # suggestion | warning | error
fail_level: warning       # suggestion | warning | error

# Words your publication accepts (never flagged) or rejects (always flagged).
# vocab:
#   accept: [Kubernetes, open-source]
#   reject: [utilize]

# Files never linted (globs; "**" crosses folders).
ignore:
  - "node_modules/**"
  - "CHANGELOG.md"

# Per-rule levels: off | on | suggestion | warning | error
# Editorial.FirstPerson: off

# Per-glob sections override the settings above for matching files.
# "blog/**/*.md":
#   Editorial.FirstPerson: off
"""


def write_default_config(path: str) -> None:
    """Write :data:`DEFAULT_CONFIG` to ``path``."""
    atomic_write(path, DEFAULT_CONFIG)
