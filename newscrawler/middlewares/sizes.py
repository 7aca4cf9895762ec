"""Sitemaps get their own size limit: 50 MB uncompressed by the sitemap protocol, beyond a page's.

Scrapy bounds every response by ``DOWNLOAD_MAXSIZE`` on the wire and while HttpCompressionMiddleware
inflates a ``Content-Encoding`` body; a request's ``download_maxsize`` meta overrides it for that
request. This middleware gives sitemap requests ``NEWSCRAWLER_SITEMAP_MAXSIZE`` there, and the spider
gunzips a ``.gz`` sitemap with the same limit (``NewsSpider._sitemap_xml``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from newscrawler.spiders.base import SOURCE_META

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Request

__all__ = ["SitemapSizeMiddleware"]


class SitemapSizeMiddleware:
    """Sets ``download_maxsize`` of sitemap requests to ``NEWSCRAWLER_SITEMAP_MAXSIZE`` (0: off)."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        max_size = crawler.settings.getint("NEWSCRAWLER_SITEMAP_MAXSIZE")
        if max_size <= 0:
            raise NotConfigured
        return cls(max_size)

    def process_request(self, request: Request) -> None:
        if request.meta.get(SOURCE_META) == "sitemap":
            request.meta.setdefault("download_maxsize", self.max_size)
