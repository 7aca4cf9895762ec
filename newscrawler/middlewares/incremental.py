"""Incremental runs: an article the store already has is not downloaded again.

Article requests (``NewsSpider.article_request`` marks them with ``meta["newscrawler_article"]``)
are looked up in the store by canonical URL before they go out; sitemaps, feeds, indexes and
listings are always fetched. ``-a refresh=1`` fetches everything again; a spider's
``revisit_after`` (seconds, or the ``NEWSCRAWLER_REVISIT_AFTER`` setting) fetches articles again once
their last fetch is that old, so corrections and updates are seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured

from newscrawler.extraction.urls import canonicalize_url
from newscrawler.pipelines.store import StorePipeline

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request

__all__ = ["ARTICLE_META", "CHECKED_META", "IncrementalMiddleware"]

#: Request meta key marking a request for an article page.
ARTICLE_META = "newscrawler_article"
#: Request meta key of an article request whose source already asked the store.
CHECKED_META = "newscrawler_checked"


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
        if not request.meta.get(ARTICLE_META) or request.meta.get(CHECKED_META):
            return
        url = request.meta.get("newscrawler_url") or request.url
        if await self.known_articles([url]):
            raise IgnoreRequest(f"already in the store: {url}")

    async def known_articles(self, urls: Sequence[str]) -> set[str]:
        """Return those of ``urls`` not to download: in the store, not refreshing, not due for a revisit.

        Sources call it for a whole page of links at once (their pagination stops where nothing is
        new to the store); each one skipped counts in ``newscrawler/incremental/skipped``.
        """
        spider = self.crawler.spider
        if not urls or getattr(spider, "refresh", False):
            return set()
        if self._store is None:
            self._store = self.crawler.get_item_pipeline(StorePipeline)
            if self._store is None:
                return set()
        keys: dict[str, str] = {}
        for url in urls:
            try:
                keys[url] = canonicalize_url(url, rules=self._store.url_rules)
            except ValueError:
                continue
        fetched = await self._store.known(list(dict.fromkeys(keys.values())))
        revisit = float(getattr(spider, "revisit_after", None) or self.default_revisit)
        now = datetime.now(UTC)
        skipped: set[str] = set()
        for url, key in keys.items():
            if key not in fetched:
                continue
            if revisit > 0 and now - datetime.fromisoformat(fetched[key]) >= timedelta(seconds=revisit):
                self._inc("revisited")
                continue
            self._inc("skipped")
            skipped.add(url)
        return skipped

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawler/incremental/{key}")
