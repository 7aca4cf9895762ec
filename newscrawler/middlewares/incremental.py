"""Incremental runs: an article the store already has is not downloaded again.

Article requests (``NewsSpider.article_request`` marks them with ``meta["newscrawler_article"]``)
are looked up in the store by canonical URL before they go out; sitemaps, feeds, indexes and
listings are always fetched. ``-a refresh=1`` fetches everything again; a spider's
``revisit_after`` (seconds, or the ``NEWSCRAWLER_REVISIT_AFTER`` setting) fetches articles again once
their last fetch is that old, so corrections and updates are seen.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured

from newscrawler.extraction.urls import canonicalize_url
from newscrawler.pipelines.store import StorePipeline

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request

__all__ = ["ARTICLE_META", "IncrementalMiddleware"]

#: Request meta key marking a request for an article page.
ARTICLE_META = "newscrawler_article"


class IncrementalMiddleware:
    """Skips article requests whose canonical URL the store knows (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not (
            settings.getbool("NEWSCRAWLER_INCREMENTAL_ENABLED")
            and settings.getbool("NEWSCRAWLER_STORE_ENABLED")
        ):
            raise NotConfigured("incremental runs need NEWSCRAWLER_INCREMENTAL_ENABLED and the store")
        self.crawler = crawler
        self.default_revisit = settings.getfloat("NEWSCRAWLER_REVISIT_AFTER")
        self._store: StorePipeline | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        """Build the middleware from the crawler's settings."""
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        """Raise IgnoreRequest for a known article (unless refreshing or due for a revisit)."""
        if not request.meta.get(ARTICLE_META):
            return
        spider = self.crawler.spider
        if getattr(spider, "refresh", False):
            return
        if self._store is None:
            self._store = self.crawler.get_item_pipeline(StorePipeline)
            if self._store is None:
                return
        try:
            key = canonicalize_url(request.meta.get("newscrawler_url") or request.url)
        except ValueError:
            return
        fetched_at = await self._store.known(key)
        if fetched_at is None:
            return
        revisit = float(getattr(spider, "revisit_after", None) or self.default_revisit)
        if revisit > 0:
            age = datetime.now(UTC) - datetime.fromisoformat(fetched_at)
            if age >= timedelta(seconds=revisit):
                self._inc("revisited")
                return
        self._inc("skipped")
        raise IgnoreRequest(f"already in the store: {key}")

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawler/incremental/{key}")
