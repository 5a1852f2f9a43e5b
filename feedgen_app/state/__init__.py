"""What one build leaves for the next: the article store, the rendered cache, the passed checks,
the last build's manifest, the date record, and the build lock. None of it decides anything: a
cache stores records and returns them."""

from __future__ import annotations

import hashlib


def digest(data: bytes | memoryview) -> str:
    """The one content digest of the incremental state: 128-bit BLAKE2b, hex."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def digester() -> hashlib.blake2b:
    """`digest` of data given in parts (`update`), read with `hexdigest()`."""
    return hashlib.blake2b(digest_size=16)
