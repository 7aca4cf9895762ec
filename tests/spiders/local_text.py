"""A site on 127.0.0.1 (a test's own HTTP server), crawled with ``-a urls=...`` (issue 11's text cases)."""

from __future__ import annotations

from newscrawler.spiders.base import Layout, NewsSpider, Selectors


class LocalTextSpider(NewsSpider):
    """Article pages with an ``<h1>``, a ``<time>`` and an ``<article>``, served by the test."""

    name = "localtext"
    allowed_domains = ("127.0.0.1",)
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
