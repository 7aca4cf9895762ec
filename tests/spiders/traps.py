"""Sites of spider traps and non-HTML pages on a test server (its base URL: NEWSCRAWLER_TEST_TRAPS)."""

from __future__ import annotations

import os

from newscrawler.spiders.base import DailyIndex, Layout, Listing, NewsSpider, Selectors, Sitemap

#: The test server's base URL (http://127.0.0.1:PORT), set by tests/test_traps.py and test_non_html.py.
BASE = os.environ.get("NEWSCRAWLER_TEST_TRAPS", "http://127.0.0.1:9")


class PagesSpider(NewsSpider):
    """A site crawled with ``-a urls=...``: its article pages are whatever the test server answers."""

    name = "trappages"
    layouts = (Layout("2024", Selectors(title="h1", body="article p")),)


class TrapSpider(NewsSpider):
    """Every source is a trap: sitemaps that loop or never end, endless listings, indexes and articles."""

    name = "traps"
    article_urls = (r"/read/",)
    layouts = (Layout("2024", Selectors(title="h1", body="article p")),)
    next_page = ("a.next::attr(href)",)
    max_article_pages = 4
    sources = (
        Sitemap(f"{BASE}/sitemap/self.xml"),
        Sitemap(f"{BASE}/sitemap/a.xml"),
        Sitemap(f"{BASE}/sitemap/chain/0.xml"),
        Listing(f"{BASE}/listing?page={{page}}", max_pages=6),
        DailyIndex(f"{BASE}/index/{{date:%Y-%m-%d}}/{{page}}", max_pages=5),
    )


class WideSpider(NewsSpider):
    """One sitemap index of 50 children: more than the test's NEWSCRAWLER_SITEMAP_MAX."""

    name = "trapwide"
    article_urls = (r"/read/",)
    layouts = (Layout("2024", Selectors(title="h1", body="article p")),)
    sources = (Sitemap(f"{BASE}/sitemap/wide.xml"),)
