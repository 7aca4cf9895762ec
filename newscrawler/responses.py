"""A Scrapy response decoded as its bytes are, when its charset labels lie (see extraction/charset.py)."""

from __future__ import annotations

from typing import TypeVar

from scrapy.http import TextResponse

from newscrawler.extraction.charset import Decoding, page_encoding

__all__ = ["redecode"]

R = TypeVar("R", bound=TextResponse)


def redecode(response: R) -> tuple[R, Decoding]:
    """Return ``response`` decoded in the encoding its bytes are in (itself when Scrapy got it right)."""
    content_type = response.headers.get(b"Content-Type")
    decoding = page_encoding(
        response.body,
        content_type.decode("latin-1") if content_type else None,
        response.encoding,
    )
    if not decoding.corrected:
        return response, decoding
    return response.replace(encoding=decoding.encoding), decoding
