"""What one build leaves for the next: the article store, the rendered cache, the passed checks,
the last build's manifest, the date record, and the build lock. None of it decides anything: a
cache stores records and returns them."""

from __future__ import annotations

try:  # what `hashlib.blake2b` is, without `hashlib`'s loading OpenSSL (18 ms of every start)
    from _blake2 import blake2b as blake2b
except ImportError:  # a Python without CPython's modules
    from hashlib import blake2b as blake2b


def digest(data: bytes | memoryview) -> str:
    """The one content digest of the incremental state: 128-bit BLAKE2b, hex."""
    return blake2b(data, digest_size=16).hexdigest()


def digester() -> blake2b:
    """`digest` of data given in parts (`update`), read with `hexdigest()`."""
    return blake2b(digest_size=16)


DIGEST = len(digest(b""))
"""The characters of a `digest`."""
