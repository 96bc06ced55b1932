"""The hashes editlint keys its caches with, without OpenSSL's load time.

``hashlib`` loads OpenSSL (about 3 ms, on every start-up); CPython's own
builtin modules compute the same BLAKE2b and SHA-256 digests.  ``hashlib``
stays the fallback for an interpreter built without them.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a CPython without its builtin BLAKE2
    from hashlib import blake2b

try:
    from _sha256 import sha256  # CPython 3.11
except ImportError:  # pragma: no cover - 3.12 renamed it
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256

__all__ = ["blake2b", "sha256"]
