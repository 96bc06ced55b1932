r"""Rule types, by the name a rule file gives in ``extends``.

Adding a type means adding a module and one line here; the engine does not
change.
"""

from __future__ import annotations

from .base import Check
from .capitalization import Capitalization
from .conditional import Conditional
from .consistency import Consistency
from .duplicate import Duplicate
from .echo import Echo
from .entities import Entities
from .existence import Existence
from .metric import Metric
from .occurrence import Occurrence
from .readability import Readability
from .repetition import Repetition
from .sequence import Sequence
from .spelling import Spelling
from .substitution import Substitution
from .unattributed import Unattributed
from .variants import Variants

REGISTRY: dict[str, type[Check]] = {
    "existence": Existence,
    "substitution": Substitution,
    "occurrence": Occurrence,
    "repetition": Repetition,
    "consistency": Consistency,
    "conditional": Conditional,
    "capitalization": Capitalization,
    "metric": Metric,
    "readability": Readability,
    "spelling": Spelling,
    "sequence": Sequence,
    # editlint's own types
    "echo": Echo,
    "duplicate": Duplicate,
    "variants": Variants,
    "entities": Entities,
    "unattributed": Unattributed,
}

#: The types editlint adds to Vale's (the rest of the registry is Vale's).
OWN_TYPES = ("echo", "duplicate", "variants", "entities", "unattributed")

__all__ = ["OWN_TYPES", "REGISTRY", "Check"]
