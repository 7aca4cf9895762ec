"""The text of a page from its bytes, when the labels on it (HTTP header, ``<meta charset>``) lie.

Scrapy decodes a page by w3lib's order: a BOM, then the Content-Type header's charset, then the
page's ``<meta charset>``, then a guess. News sites mislabel pages in a few known ways, each of which
gives U+FFFD or mojibake in the stored article: windows-1252 bytes labelled ``utf-8``, UTF-8 bytes
labelled ``iso-8859-1`` or ``windows-1252`` (a server default), a header naming one charset and the
page's ``<meta>`` the right one, an unlabelled windows-1252 page guessed as another Latin code page.

:func:`page_encoding` checks the bytes against the labels and returns the encoding the bytes really
are in (``newscrawler.responses.redecode`` gives a Scrapy response decoded that way). Rules, in order:

1. A BOM is the truth (as in browsers and w3lib).
2. Bytes that are valid UTF-8 and hold non-ASCII text are UTF-8, whatever the single-byte label
   says: text in windows-1252 or latin-1 is almost never valid UTF-8 by chance.
3. The first label (header, then ``<meta>``) under which the bytes decode without an error wins;
   then UTF-8; then the guess.
4. An unlabelled page guessed as a single-byte code page other than windows-1252 is windows-1252
   when its bytes decode so (the sites crawled here write Indonesian and English, never Czech).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import lru_cache

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding

__all__ = ["Decoding", "page_encoding"]

#: The encoding unlabelled single-byte pages are in.
WINDOWS_1252 = "cp1252"


@dataclass(frozen=True)
class Decoding:
    """How a page was decoded: the encoding used, what Scrapy chose, what the page was labelled."""

    encoding: str
    scrapy: str
    labels: tuple[str, ...]

    @property
    def corrected(self) -> bool:
        """Whether the encoding differs from Scrapy's choice."""
        return _name(self.encoding) != _name(self.scrapy)

    def describe(self) -> str:
        """One phrase: what the page said and what its bytes are."""
        said = " and ".join(self.labels) if self.labels else "no charset"
        return f"labelled {said}, decoded as {self.scrapy}, but its bytes are {self.encoding}"


def page_encoding(body: bytes, content_type: str | None, scrapy_encoding: str) -> Decoding:
    """Return the encoding ``body`` is really in (see the module's rules) and how it was labelled."""
    header = _resolved(http_content_type_encoding(content_type or ""))
    meta = _resolved(html_body_declared_encoding(body))
    labels = tuple(dict.fromkeys(label for label in (header, meta) if label))
    bom, _ = read_bom(body)
    if bom:
        return Decoding(resolve_encoding(bom) or bom, scrapy_encoding, labels)
    chosen = _resolved(scrapy_encoding) or scrapy_encoding
    if not body.isascii() and _decodes(body, "utf-8") and not _multibyte_fits(chosen, body):
        return Decoding("utf-8", scrapy_encoding, labels)
    if _decodes(body, chosen):
        if (
            not labels
            and _single_byte(chosen)
            and _name(chosen) != WINDOWS_1252
            and _decodes(body, WINDOWS_1252)
        ):
            return Decoding(WINDOWS_1252, scrapy_encoding, labels)
        return Decoding(chosen, scrapy_encoding, labels)
    for candidate in (*labels, "utf-8", WINDOWS_1252):
        if _decodes(body, candidate):
            return Decoding(candidate, scrapy_encoding, labels)
    return Decoding(chosen, scrapy_encoding, labels)


def _resolved(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return resolve_encoding(label)
    except LookupError:
        return None


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _multibyte_fits(encoding: str, body: bytes) -> bool:
    """Whether a declared multi-byte East Asian encoding also reads the bytes (then it wins over UTF-8)."""
    return not _single_byte(encoding) and not _name(encoding).startswith("utf") and _decodes(body, encoding)


@lru_cache(maxsize=64)
def _name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name.replace("_", "-").lower().replace("windows-", "cp")
    except LookupError:
        return encoding.lower()


@lru_cache(maxsize=64)
def _single_byte(encoding: str) -> bool:
    """Whether every byte is one character in ``encoding`` (windows-125x, iso-8859-x, koi8-r, ...)."""
    if _name(encoding).startswith("utf"):
        return False
    try:
        return len(bytes(range(128, 256)).decode(encoding, errors="replace")) == 128
    except LookupError:
        return False
