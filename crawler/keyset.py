"""The crawl's per-URL memory: 8 bytes of hash a URL, not the URL.

Why: a crawl remembers every URL it met, in several places (the ledger's
settled URLs, the spider's requested articles and listings, the requisites
fetched).  Kept as ``url_key`` strings, each entry was a percent-encoded
Persian URL: ~0.45 KB a URL in each set, ~2.3 MB per set at 5,000 stories,
growing with the site.  Kept as a 60-bit digest of the key (a Python int of
32 bytes), an entry costs ~60 bytes with its set slot.  (Scrapy's duplicate
filter already keeps 20-byte binary fingerprints, ~90 bytes a URL.)

A collision (two different keys with one digest) would make the second URL
look already met: not requested, and its outcome counted with the first's.
At 60 bits the chance of any collision among n URLs is about n²/2^61: 4e-9
for 100,000 URLs, 4e-7 for a million.  Accepted.
"""

from __future__ import annotations

from hashlib import blake2b
from typing import Iterable, Iterator


def key_hash(key: str) -> int:
    """A 60-bit digest of a URL key (60, not 64: an int below 2**60 is two
    30-bit digits, 32 bytes; 64 bits would take 36, rounded up to 48)."""
    return int.from_bytes(blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big") >> 4


class KeySet:
    """A set of URL keys that stores only their :func:`key_hash`."""

    __slots__ = ("_hashes",)

    def __init__(self, keys: Iterable[str] = ()):
        self._hashes: set[int] = {key_hash(k) for k in keys}

    def add(self, key: str) -> None:
        self._hashes.add(key_hash(key))

    def discard(self, key: str) -> None:
        self._hashes.discard(key_hash(key))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key_hash(key) in self._hashes

    def has_hash(self, digest: int) -> bool:
        """Whether the key whose :func:`key_hash` is ``digest`` is in the set."""
        return digest in self._hashes

    def __len__(self) -> int:
        return len(self._hashes)

    def __iter__(self) -> Iterator[int]:
        """The hashes (the keys themselves are not kept)."""
        return iter(self._hashes)
