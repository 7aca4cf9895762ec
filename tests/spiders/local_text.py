"""A site on 127.0.0.1 (a test's own HTTP server), crawled with ``-a urls=...`` (issue 11's text cases)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from newscrawler.spiders.base import Layout, Listing, NewsSpider, Selectors


class LocalTextSpider(NewsSpider):
    """Article pages with an ``<h1>``, a ``<time>`` and an ``<article>``, served by the test."""

    name = "localtext"
    allowed_domains: tuple[str, ...] = ("127.0.0.1",)
    # A site spider declares its zone: its UTC dates are stored on its own clock (test_dates).
    timezone = "WIB"
    layouts = (
        Layout(
            "2024",
            Selectors(
                title="h1::text",
                published_at="meta[property='article:published_time']::attr(content)",
                modified_at="meta[property='article:modified_time']::attr(content)",
                body="article",
            ),
        ),
    )


class LocalListingSpider(LocalTextSpider):
    """The same site read from a listing page, whose URL the test gives in LOCAL_LISTING_URL."""

    name = "locallisting"
    _site = os.environ.get("LOCAL_LISTING_URL", "http://127.0.0.1:9/")
    # Also with its port: Scrapy's offsite check compares the host, its link extractor host:port.
    allowed_domains = ("127.0.0.1", urlsplit(_site).netloc)
    sources = (Listing(_site + "listing-{page}.html", max_pages=3),)
