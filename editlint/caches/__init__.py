"""Caches: the result cache (a file's alerts under the same rules), the word
figures cache (syllables, frequencies) and the SQLite/atomic-write helpers
they share.  Losing any of them costs speed, never correctness."""
