"""A site on the test's own server (127.0.0.1 and localhost), for the network-fault and size tests.

Its sitemap's URL comes from NEWSCRAWLER_TEST_SITEMAP (the test's server picks its port); crawl it with
-s SPIDER_MODULES=tests.spiders.localnet, or give article URLs with -a urls=....
"""

from __future__ import annotations

import os

from newscrawler.spiders.base import Layout, NewsSpider, Selectors, Sitemap


class LocalNetSpider(NewsSpider):
    """Article pages are ``<h1>`` and ``<article>``; other hosts than the test's are offsite."""

    name = "localnet"
    allowed_domains = ("127.0.0.1", "localhost", "news.example.invalid")
    sources = (Sitemap(os.environ.get("NEWSCRAWLER_TEST_SITEMAP", "http://127.0.0.1:9/sitemap.xml")),)
    layouts = (Layout("2024", Selectors(title="h1", body="article")),)
