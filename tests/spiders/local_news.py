"""A news site on 127.0.0.1 that the robots.txt and Retry-After tests serve themselves (-a urls=...)."""

from __future__ import annotations

from newscrawler.extraction.fields import Selectors
from newscrawler.extraction.site import Layout
from newscrawler.spiders.base import NewsSpider


class LocalNewsSpider(NewsSpider):
    """Any URL given is an article page: ``<h1>`` its title, ``<article>`` its body."""

    name = "localnews"
    layouts = (Layout("2024", Selectors(title="h1", body="article")),)
