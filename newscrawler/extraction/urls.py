"""URLs: the registrable domain of a page and whether two URLs belong to one site."""

from __future__ import annotations

from functools import lru_cache

import tldextract

__all__ = ["registrable_domain", "same_site", "site_label"]

# The Public Suffix List snapshot that ships with tldextract: no download, no cache file.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def registrable_domain(url: str) -> str:
    """Return the domain a site registered (``regional.kompas.com`` -> ``kompas.com``), or the IP.

    >>> registrable_domain("https://www.bbc.co.uk/news")
    'bbc.co.uk'
    """
    parts = _EXTRACT(url)
    return parts.top_domain_under_public_suffix or parts.domain


def site_label(url: str) -> str:
    """Return the site's name part of its domain (``inet.detik.com`` -> ``detik``).

    >>> site_label("http://inet.detik.com/read/1")
    'detik'
    """
    return _EXTRACT(url).domain


def same_site(url: str, other: str) -> bool:
    """Whether two URLs share a registrable domain.

    >>> same_site("https://m.kompas.com/a", "https://www.kompas.com/b")
    True
    """
    return bool(url and other) and registrable_domain(url) == registrable_domain(other)
