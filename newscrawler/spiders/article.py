"""The ``article`` spider: any news site from its address, or article URLs given, with no declaration.

    scrapy crawl article -a url=https://news.example.com/
    scrapy crawl article -a url=https://news.example.com/ -a since=2025-10-01 -a limit=50
    scrapy crawl article -a urls=https://news.example.com/a,https://other.example.org/b

It finds the site's articles itself, in four steps, each only when the ones before listed none:

1. news sitemaps: those robots.txt names, else those at the usual places (``/news-sitemap.xml``, ...);
2. the other sitemaps there (``/sitemap.xml``, ...), newest first; with ``since``, read together with
   the news sitemaps;
3. the RSS/Atom feeds the home page links (``<link rel=alternate type=application/rss+xml>``);
4. the home page's links: those of an article's form (dated or numbered, ``/2025/10/02/slug``,
   ``/read/123456/slug``, ``/slug-1234567``, or a headline's slug of five words) are articles; the
   other pages it links on the site are read once, as articles when their markup says so
   (``og:type=article``, JSON-LD NewsArticle; then fetched again as article pages), else as section
   pages whose article links are taken too.

It stays on the site (its registrable domain); its items carry that domain as ``source``. Extraction
is the generic one (no site's selectors). Store, deduplication, incremental skipping, verdict and
health are those of every site spider (:class:`~newscrawler.spiders.base.NewsSpider`), under the
site's domain as the run's name (``warta-contoh.id``: its lock, runs, output folder and health row;
runs of given URLs are ``article``'s).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar, Self
from urllib.parse import urljoin, urlsplit

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, UsageError
from scrapy.http import Request, Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newscrawler.extraction.structured import json_ld_article
from newscrawler.extraction.urls import (
    is_not_article_url,
    looks_like_article_url,
    registrable_domain,
    same_site,
)
from newscrawler.items import Article
from newscrawler.sites import profile_of
from newscrawler.spiders.base import SOURCE_META, NewsSpider

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

__all__ = ["SITEMAP_PATHS", "ArticleSpider"]

#: Where sites keep their sitemaps when robots.txt names none, news sitemaps first.
SITEMAP_PATHS = (
    "/news-sitemap.xml",
    "/sitemap-news.xml",
    "/sitemap_news.xml",
    "/sitemap_index.xml",
    "/sitemap-index.xml",
    "/sitemap.xml",
)
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
_FEED_LINKS = "//link[@rel='alternate'][contains(@type, 'rss+xml') or contains(@type, 'atom+xml')]/@href"
_OG_TYPE = "meta[property='og:type']::attr(content)"
#: The discovery steps, in order; each runs only when the steps before it listed no article.
_STEPS = ("news sitemaps", "sitemaps", "feeds", "links")


class ArticleSpider(NewsSpider):
    """Any news site: ``-a url=`` its home page (articles found by itself), or ``-a urls=`` articles."""

    name = "article"
    generic = True
    newest_first = True
    arguments = ("url", *NewsSpider.arguments)
    #: Most pages of the site the home page links (besides articles) read in one run.
    max_probe_pages: ClassVar[int] = 50

    def __init__(self, *args: Any, url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.home: str | None = _home(url) if url is not None else None
        if self.home is None and not self.start_urls_given:
            raise UsageError(
                "give the news site's address: -a url=https://news.example.com/ "
                "(or article URLs: -a urls=URL,URL or -a urls_file=FILE)"
            )
        # The offsite middleware keeps the crawl on the site (or on the given articles' sites).
        given = [self.home] if self.home else []
        self.allowed_domains = sorted({registrable_domain(page) for page in [*given, *self.start_urls_given]})
        self._step = 0
        #: The sitemaps of the first two steps: (URL, named in robots.txt), news sitemaps first.
        self._sitemap_places: list[tuple[str, bool]] = []
        self._probed: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """Create the spider; when a discovery step has listed no article, the idle crawl takes the next."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.next_step, signal=signals.spider_idle)
        return spider

    @property
    def run_name(self) -> str:
        """The run's name: the site's registrable domain (its own lock, runs, folder and health row).

        Given article URLs (of any sites) run as ``article``.
        """
        return registrable_domain(self.home) if self.home else self.name

    def configure(self, settings: BaseSettings | None) -> None:
        """As every spider, but with the profile of no site: generic extraction, no site name in titles."""
        super().configure(settings)
        self.profile = profile_of(None, settings)

    # --- discovery -------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        """Request the given article URLs, or the site's robots.txt (its sitemaps)."""
        if self.start_urls_given or self.home is None:
            async for request in super().start():
                yield request
            return
        yield Request(
            urljoin(self.home, "/robots.txt"),
            callback=self.parse_robots,
            errback=self.robots_failed,
            # Our robots middleware reads it for its rules too; here it only names sitemaps.
            meta={"dont_obey_robotstxt": True},
            dont_filter=True,
        )

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """Request the sitemaps robots.txt names on the site, else those at the usual places."""
        text = response.text if isinstance(response, TextResponse) else ""
        named = [urljoin(response.url, found) for found in _SITEMAP_LINE.findall(text)]
        yield from self._first_sitemaps([url for url in named if self._on_site(url)])

    def robots_failed(self, _failure: Failure) -> Iterator[Request]:
        """No robots.txt (404, or unreachable): try the usual places of sitemaps."""
        yield from self._first_sitemaps([])

    def _first_sitemaps(self, named: list[str]) -> Iterator[Request]:
        """Request the news sitemaps; the others wait for the next step, unless ``since`` asks for the past.

        A news sitemap holds the last days' articles, all a scheduled run needs; a backfill reads all.
        """
        assert self.home is not None
        urls = named or [urljoin(self.home, path) for path in SITEMAP_PATHS]
        places = sorted(dict.fromkeys(urls), key=lambda url: "news" not in url.lower())
        self._sitemap_places = [(url, bool(named)) for url in places]
        if self.since is not None or not any("news" in url.lower() for url in places):
            self._step = _STEPS.index("sitemaps")
        yield from self._sitemap_requests(self._step == _STEPS.index("news sitemaps"))

    def _sitemap_requests(self, news: bool) -> Iterator[Request]:
        """Request the news sitemaps (``news``), or all the others; news first by priority."""
        places = [(url, named) for url, named in self._sitemap_places if not news or "news" in url.lower()]
        for rank, (url, named) in enumerate(places):
            if url in self._sitemaps_seen:
                continue
            request = self._source_request(url, self.parse_sitemap, {"source": 0})
            self._sitemaps_seen.add(url)
            self._sitemaps_requested += 1
            yield request.replace(
                priority=len(places) - rank, errback=self.source_failed if named else self.sitemap_absent
            )

    def sitemap_absent(self, failure: Failure) -> None:
        """Count a sitemap missing at a usual place (404 says only that the site keeps none there)."""
        if isinstance(failure.value, HttpError) and failure.value.response.status in (404, 410):
            self._inc("sources/sitemap/absent")
            return
        self.source_failed(failure)

    def next_step(self) -> None:
        """When the crawl is idle and no source listed an article yet, take the next discovery step."""
        if self.home is None or self._listed():
            return
        while self._step + 1 < len(_STEPS):
            self._step += 1
            requests = list(self._step_requests(_STEPS[self._step]))
            if requests:
                self.logger.info(
                    "%s: no article listed yet: looking at its %s", self.home, _STEPS[self._step]
                )
                for request in requests:
                    self.crawler.engine.crawl(request)
                raise DontCloseSpider

    def _step_requests(self, step: str) -> Iterator[Request]:
        assert self.home is not None
        if step == "sitemaps":
            yield from self._sitemap_requests(news=False)
            return
        callback = self.parse_home if step == "feeds" else self.parse_links
        yield Request(
            self.home,
            callback=callback,
            errback=self.source_failed,
            meta={SOURCE_META: "listing"},
            dont_filter=True,
        )

    def _listed(self) -> bool:
        stats = self.crawler.stats
        return bool(stats is not None and stats.get_value("newscrawler/articles/found", 0))

    async def parse_home(self, response: Response) -> AsyncIterator[Request]:
        """Request the feeds the home page links; without any, read its links at once (the last step)."""
        feeds = []
        if isinstance(response, TextResponse):
            feeds = [response.urljoin(href.strip()) for href in response.xpath(_FEED_LINKS).getall()]
        feeds = [url for url in dict.fromkeys(feeds) if self._on_site(url)]
        if not feeds:
            self._step = len(_STEPS) - 1
            async for request in self.parse_links(response):
                yield request
            return
        self._inc("sources/listing/pages")
        for url in feeds:
            yield self._source_request(url, self.parse_feed, {"source": 0})

    async def parse_links(self, response: Response) -> AsyncIterator[Request]:
        """Request the home page's article links, and read once each other page of the site it links."""
        self._inc("sources/listing/pages")
        if not isinstance(response, TextResponse):
            self._source_trouble("listing", response, "is not an HTML page")
            return
        links = self._page_links(response)
        requests, _ = await self._article_requests([url for url in links if looks_like_article_url(url)])
        for request in requests:
            yield request
        if self.limit_reached:
            return
        others = [
            url
            for url in links
            if not (looks_like_article_url(url) or is_not_article_url(url) or url in self._probed)
        ][: max(0, self.max_probe_pages - len(self._probed))]
        # A page read before and stored as an article is not read again (it counts as listed).
        known = await self._known_articles(others)
        self._inc("articles/found", len(known))
        for url in others:
            self._probed.add(url)
            if url not in known:
                yield Request(
                    url, callback=self.parse_probe, errback=self.source_failed, meta={SOURCE_META: "listing"}
                )

    def _page_links(self, response: TextResponse) -> list[str]:
        extractor = LinkExtractor(allow_domains=self.allowed_domains, unique=True)
        return [link.url for link in extractor.extract_links(response) if self._on_site(link.url)]

    async def parse_probe(self, response: Response) -> AsyncIterator[Article | Request]:
        """Read a page the home page links: an article if its markup says so, else a section page."""
        if not isinstance(response, TextResponse):
            return
        if _says_article(response):
            # Fetched again, as an article request (dont_filter: the probe had this URL), so that it
            # is archived, timed and counted as every article page is.
            for request in (await self._article_requests([response.url]))[0]:
                yield request.replace(dont_filter=True)
            return
        self._inc("sources/listing/pages")
        requests, _ = await self._article_requests(
            [url for url in self._page_links(response) if looks_like_article_url(url)]
        )
        for request in requests:
            yield request

    # --- articles ---------------------------------------------------------------------------------

    def is_article_url(self, url: str) -> bool:
        """Whether a sitemap's or feed's entry may be an article: on the site, not its home or a tag page."""
        return self._on_site(url) and not is_not_article_url(url) and super().is_article_url(url)

    def _on_site(self, url: str) -> bool:
        return self.home is None or same_site(url, self.home)

    def _finish(self, article: Article) -> Article:
        return super()._finish(replace(article, source=registrable_domain(article.url)))


def _home(url: str) -> str:
    """Return the site's address as given, or raise a one-line UsageError naming the fix."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"url={url!r} is not a site's address: give its home page, e.g. -a url=https://news.example.com/"
        )
    return text


def _says_article(response: TextResponse) -> bool:
    """Whether a page's markup says it is an article (``og:type`` article, JSON-LD NewsArticle)."""
    og_type = (response.css(_OG_TYPE).get() or "").strip().lower()
    return og_type.startswith("article") or json_ld_article(response.selector) is not None
