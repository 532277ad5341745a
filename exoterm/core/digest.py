"""BLAKE2b digests for cache keys and stable ids."""

from __future__ import annotations

from hashlib import blake2b

__all__ = ["blake2b", "hexdigest"]


def hexdigest(data: bytes, size: int = 16) -> str:
    """Hex BLAKE2b digest of `data`, `size` bytes long (2 × size characters)."""
    return blake2b(data, digest_size=size).hexdigest()
