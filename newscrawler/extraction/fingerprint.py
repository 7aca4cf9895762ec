"""Fingerprints of a body: an exact-duplicate digest and a 64-bit SimHash for near duplicates."""

from __future__ import annotations

import hashlib

from simhash import Simhash

from newscrawler.extraction.text import words

__all__ = ["content_hash", "simhash", "tokens"]

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
