"""How an editlint process uses Python's cycle collector.

A lint allocates millions of small objects (tokens, segments, matches,
alerts) and almost none of them sit in reference cycles, yet CPython's
default thresholds run a young-generation collection every 700
allocations, each walking the survivors.  On the 5 MB benchmark file that
was 3,000 collections and about 1 s of a 6.5 s run; with the thresholds
below it is about 60, and peak memory is unchanged (what cycles there are
still get collected).  Objects made by imports and set-up never die
before the process does, so they are frozen out of every later collection,
and again at exit, where the interpreter's last collections would walk
everything the run made.

These are process policies, so an edge sets them: the command line, for
every command it runs (the language server and ``--jobs`` workers, forked
from it, included); ``lint_text`` never does, and a batch run's dask
workers keep Python's defaults (distributed watches the collector itself).
"""

from __future__ import annotations

import gc

#: Allocations between young collections (CPython's default is 700), then
#: how many young collections per middle one and middle per full one.
THRESHOLDS = (50_000, 20, 10)


def tune() -> None:
    """Freeze what exists now and raise the collection thresholds."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


def at_exit() -> None:
    """Spare the interpreter's final collections the run's objects."""
    gc.freeze()
