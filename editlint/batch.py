"""``editlint.batch``: the batch API's public name (see docs/scale.md).

It lives in :mod:`editlint.edges.batch` with the other edges; this name is
the one notebooks and pipelines import.
"""

from .edges.batch import *  # noqa: F401,F403
from .edges.batch import __all__  # noqa: F401
