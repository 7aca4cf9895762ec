"""Fingerprints of a body: an exact-duplicate digest and a 64-bit SimHash for near duplicates."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from itertools import combinations

from simhash import Simhash

from newscrawler.extraction.text import words

__all__ = ["BANDS", "content_hash", "simhash", "simhash_bands", "simhash_neighbours", "tokens"]

_SHINGLE = 3


def tokens(text: str) -> list[str]:
    """Case-folded words of a text, hyphenated words kept whole."""
    return [word.casefold() for word in words(text)]


def content_hash(body: str) -> str:
    """Digest the body's words (SHA-256 hex): equal when bodies differ only in case, spacing, punctuation."""
    return hashlib.sha256(" ".join(tokens(body)).encode("utf-8")).hexdigest()


def simhash(body: str) -> str:
    """64-bit SimHash over word 3-shingles, as 16 hex digits; similar bodies differ in few bits.

    >>> simhash("")
    '0000000000000000'
    """
    folded = tokens(body)
    if not folded:
        return f"{0:016x}"
    shingles = [" ".join(folded[i : i + _SHINGLE]) for i in range(max(1, len(folded) - _SHINGLE + 1))]
    return f"{Simhash(shingles, f=64).value:016x}"


#: The SimHash index splits the 64 bits into this many bands of 16 bits.
BANDS = 4
_BAND_BITS = 64 // BANDS


def simhash_bands(fingerprint: str) -> tuple[int, ...]:
    """Split a 64-bit SimHash (hex) into its four 16-bit bands, high bits first.

    >>> simhash_bands("0001000200030004")
    (1, 2, 3, 4)
    """
    value = int(fingerprint, 16)
    mask = (1 << _BAND_BITS) - 1
    return tuple((value >> (_BAND_BITS * (BANDS - 1 - band))) & mask for band in range(BANDS))


@lru_cache(maxsize=8)
def _flips(radius: int) -> tuple[int, ...]:
    masks = [0]
    for count in range(1, radius + 1):
        masks.extend(sum(1 << bit for bit in bits) for bits in combinations(range(_BAND_BITS), count))
    return tuple(masks)


def simhash_neighbours(band: int, radius: int) -> list[int]:
    """Every band value within ``radius`` differing bits of ``band`` (itself first).

    >>> len(simhash_neighbours(0, 2))  # 1 + 16 + 120
    137
    """
    return [band ^ mask for mask in _flips(radius)]
