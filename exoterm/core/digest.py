"""BLAKE2b for cache keys and stable ids, without loading OpenSSL.

`hashlib` imports `_hashlib`, which initialises OpenSSL (~0.6 MB resident) even when only
BLAKE2 is used; BLAKE2 itself is CPython's built-in `_blake2`, which hashlib re-exports.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it
    from hashlib import blake2b

__all__ = ["blake2b", "hexdigest"]


def hexdigest(data: bytes, size: int = 16) -> str:
    """Hex BLAKE2b digest of `data`, `size` bytes long (2 × size characters)."""
    return blake2b(data, digest_size=size).hexdigest()
