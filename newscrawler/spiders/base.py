"""NewsSpider: a site is declared (sources, URL rules, selectors), the base does the crawling.

Spider arguments, all optional: ``since`` and ``until`` (YYYY-MM-DD or ISO 8601, in the site's
zone; both days included) backfill a range through the dated index and the sitemaps' dates, and
an article whose own date falls outside them is not stored (``articles/outside_range``);
``limit`` caps the articles requested; ``urls`` (comma or space separated) or ``urls_file`` (one URL
a line, ``#`` comments) crawl those article URLs instead of the sources; ``refresh=1`` fetches
articles the store already has.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self

import scrapy
from parsel import Selector
from parsel.csstranslator import HTMLTranslator
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UsageError,
)
from scrapy.http import Request, Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer
from twisted.internet.error import (
    ConnectError,
    ConnectionDone,
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed
from w3lib.url import add_or_replace_parameters, url_query_cleaner

from newscrawler.extraction.article import Extraction, extract_article, extract_body
from newscrawler.extraction.challenge import challenge_page
from newscrawler.extraction.dates import parse_date
from newscrawler.extraction.fields import Selectors, select_all
from newscrawler.extraction.pagetype import ARTICLE
from newscrawler.extraction.site import Layout, SiteProfile
from newscrawler.extraction.text import join_paragraphs, split_paragraphs
from newscrawler.extraction.urls import GENERIC_RULES, UrlForms, UrlRules, canonicalize_url
from newscrawler.items import Article
from newscrawler.middlewares.incremental import ARTICLE_META, CHECKED_META, IncrementalMiddleware
from newscrawler.responses import redecode
from newscrawler.sites import profile_of, site_registry
from newscrawler.spiders.sources import DailyIndex, Feed, Listing, Sitemap, Source

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

# What a site file needs to declare itself, importable from here in one line.
__all__ = [
    "PAGE_OF_META",
    "SINGLE_PAGE_META",
    "SOURCE_META",
    "DailyIndex",
    "Feed",
    "Layout",
    "Listing",
    "NewsSpider",
    "Selectors",
    "Sitemap",
    "UrlForms",
    "network_failure",
]

#: Request meta key: the article request asks for the single-page view (``single_page`` parameters).
SINGLE_PAGE_META = "newscrawler_single_page"
#: Request meta key of a following page of a multi-page article: the article's URL.
PAGE_OF_META = "newscrawler_page_of"
#: Request meta key of a source page: its kind (sitemap, feed, index, listing).
SOURCE_META = "newscrawler_source"
#: Request meta key of a sitemap: its level below the declared sitemap (0).
SITEMAP_DEPTH_META = "newscrawler_sitemap_depth"

_URL_SPLIT = re.compile(r"[\s,]+")


class NewsSpider(scrapy.Spider):
    """Base of every site spider; a subclass declares, the base fetches, extracts and paginates."""

    #: Where article URLs come from (sitemaps, feeds, dated indexes, listings).
    sources: ClassVar[Sequence[Source]] = ()
    #: Regular expressions an article URL matches (any); empty: every same-site link is one.
    article_urls: ClassVar[Sequence[str]] = ()
    #: Regular expressions of URLs never to treat as articles (galleries, videos, tag pages).
    deny_urls: ClassVar[Sequence[str]] = ()
    #: Selectors of a listing page's boxes of the newest articles: their links come first, before the
    #: "most read" boxes a page may show above them.
    latest_lists: ClassVar[Sequence[str]] = ()
    #: Selectors of a listing page's boxes whose links are not its list (menus of other channels'
    #: headlines): their links are left out.
    skip_lists: ClassVar[Sequence[str]] = ()
    #: The other URLs the site gives one article under (AMP, mobile, channel hosts, page segments).
    url_forms: ClassVar[UrlForms] = UrlForms()
    #: The site's layouts, newest first: the first whose selectors find a title and a body wins.
    layouts: ClassVar[Sequence[Layout]] = ()
    #: Extra whole-paragraph boilerplate rules of this site.
    boilerplate: ClassVar[Sequence[str]] = ()
    #: Zone of dates the site writes without one (None: NEWSCRAWLER_TIMEZONE).
    timezone: ClassVar[str | None] = None
    #: Zones of the site's hosts based elsewhere (``{"bali.tribunnews.com": "WITA"}``).
    host_zones: ClassVar[Mapping[str, str]] = {}
    #: BCP 47 language of the site's articles, when a page does not say.
    language: ClassVar[str | None] = None
    #: Names the site signs its titles with (`` - Kompas.com``), besides its domain's name.
    site_names: ClassVar[Sequence[str]] = ()
    #: Query parameters that ask the site for the whole article on one page (``{"page": "all"}``).
    #: When that view answers 404/410 (archives rarely hold it), the plain URL and its pages are read.
    single_page: ClassVar[Mapping[str, str]] = {}
    #: Selectors of the link to the next page of the same article (``link[rel=next]`` is always tried).
    next_page: ClassVar[Sequence[str]] = ()
    #: Most pages joined into one article.
    max_article_pages: ClassVar[int] = 30
    #: Seconds after which a stored article is fetched again (None: NEWSCRAWLER_REVISIT_AFTER).
    revisit_after: ClassVar[float | None] = None
    #: Read sitemaps newest first: child sitemaps news first, then by ``lastmod``; their articles by date.
    newest_first: ClassVar[bool] = False
    #: A spider of no site in particular (the ``article`` spider): left out of the site registry, so
    #: ``crawlall``, the fixture tests, ``make crawl`` and ``make demo`` do not take it for a site. Its
    #: sources are any site's sitemaps and feeds, which list section, tag and other pages besides
    #: articles: such a page is passed over (``articles/passed_over/<kind>``), not taken for a block.
    generic: ClassVar[bool] = False
    #: The spider arguments it takes (named in the message about an unknown one).
    arguments: ClassVar[Sequence[str]] = ("since", "until", "limit", "urls", "urls_file", "refresh")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Check a site's declaration when its class is defined: a mistake fails at import, named."""
        super().__init_subclass__(**kwargs)
        if "fields" in vars(cls):
            raise TypeError(f"{cls.__name__}.fields: declare layouts = (Layout('YYYY', Selectors(...)), ...)")
        names = [layout.name for layout in cls.layouts if isinstance(layout, Layout)]
        if len(names) != len(cls.layouts):
            raise TypeError(
                f"{cls.__name__}.layouts: give Layout(name, Selectors(...)) entries, newest first"
            )
        if len(set(names)) != len(names):
            raise TypeError(f"{cls.__name__}.layouts: two layouts are named alike ({', '.join(names)})")

    def __init__(
        self,
        *args: Any,
        since: str | None = None,
        until: str | None = None,
        limit: str | int | None = None,
        urls: str | None = None,
        urls_file: str | None = None,
        refresh: str | bool | None = None,
        **kwargs: Any,
    ) -> None:
        unknown = sorted(name for name in kwargs if not name.startswith("_") and name != "name")
        if unknown:
            *others, last = self.arguments
            raise UsageError(
                f"unknown spider argument(s) {', '.join(unknown)}: "
                f"use {', '.join(others)} or {last} (e.g. -a since=2024-10-01)"
            )
        super().__init__(*args, **kwargs)
        self._since_arg, self._until_arg = since, until
        self.limit: int | None = _positive_int("limit", limit)
        self.start_urls_given: list[str] = _url_list(urls, urls_file)
        self.refresh: bool = _flag("refresh", refresh)
        self._links = self._link_extractor()
        self._latest_links = self._link_extractor(self.latest_lists) if self.latest_lists else None
        self._article_rules = [re.compile(rule) for rule in self.article_urls]
        self._deny_rules = [re.compile(rule) for rule in self.deny_urls]
        self._seen_articles: set[str] = set()
        self._charset_warned: set[tuple[str, str]] = set()
        self._requested = 0
        #: (kind, URL, what went wrong) of each source page that failed or could not be read.
        self.source_problems: list[tuple[str, str, str]] = []
        #: Sitemap URLs requested this run (a sitemap is read once); their count against the cap.
        self._sitemaps_seen: set[str] = {source.url for source in self.sources if isinstance(source, Sitemap)}
        self._sitemaps_requested = len(self._sitemaps_seen)
        #: The traps already warned about this run (each is warned once, then only counted).
        self._traps_warned: set[str] = set()
        self.configure(None)

    def _link_extractor(self, within: Sequence[str] = ()) -> LinkExtractor:
        """Return the extractor of article links, inside the ``within`` boxes (CSS) if given.

        Links inside the ``skip_lists`` boxes are never taken.
        """
        translator = HTMLTranslator()
        outside = " or ".join(
            translator.css_to_xpath(css, prefix="ancestor-or-self::") for css in self.skip_lists
        )
        anchors = f"a[not({outside})]" if outside else "a"
        paths = tuple(f"{translator.css_to_xpath(css)}//{anchors}" for css in within)
        if not paths and outside:
            paths = (f"//{anchors}",)
        return LinkExtractor(
            allow=tuple(self.article_urls),
            deny=tuple(self.deny_urls),
            allow_domains=tuple(getattr(self, "allowed_domains", ()) or ()),
            restrict_xpaths=paths,
            unique=True,
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        """Create the spider for a crawl: its profile takes the crawl's settings (NEWSCRAWLER_TIMEZONE)."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler.settings)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        return spider

    def configure(self, settings: BaseSettings | None) -> None:
        """Build the site profile, the zone and the since/until bounds from the declaration and ``settings``.

        A spider made outside a crawl (``scrapy extract``) calls it with the project's settings.
        """
        try:
            self.profile: SiteProfile = profile_of(self, settings)
        except ValueError as error:
            raise UsageError(str(error)) from None
        self.zone: tzinfo = self.profile.zone
        self.url_rules: UrlRules = (
            site_registry(settings).url_rules if settings is not None else GENERIC_RULES
        )
        self.since: datetime | None = _day_bound("since", self._since_arg, self.zone, end=False)
        self.until: datetime | None = _day_bound("until", self._until_arg, self.zone, end=True)
        if self.since and self.until and self.since > self.until:
            raise UsageError(f"since={self._since_arg} is after until={self._until_arg}: give since <= until")

    # --- starting -------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        """Request the given URLs, or every source (dated indexes day by day, newest first)."""
        # The run's verdict judges a site's own selectors only where it declares some.
        self._inc("site/layouts", len(self.layouts))
        if self.start_urls_given:
            for url in self.start_urls_given:
                request = self.article_request(url)
                if request is not None:
                    yield request
            return
        if not self.sources:
            self.logger.error("%s declares no sources: give -a urls=... or add sources", self.name)
            return
        for number, source in enumerate(self.sources):
            for request in self._source_start(number, source):
                yield request

    def _source_start(self, number: int, source: Source) -> Iterator[Request]:
        kwargs: dict[str, Any] = {"source": number}
        if isinstance(source, Sitemap):
            yield self._source_request(source.url, self.parse_sitemap, kwargs)
        elif isinstance(source, Feed):
            yield self._source_request(source.url, self.parse_feed, kwargs)
        elif isinstance(source, DailyIndex):
            for day in self._days():
                page = source.first_page
                yield self._source_request(
                    source.url(day, page), self.parse_index, {**kwargs, "day": day.isoformat(), "page": page}
                )
        elif isinstance(source, Listing):
            page = source.first_page
            yield self._source_request(
                source.url(page), self.parse_listing, {**kwargs, "page": page, "stale": 0}
            )

    def _source_request(self, url: str, callback: Callable[..., Any], cb_kwargs: dict[str, Any]) -> Request:
        """Return a request for a source page; ``source_failed`` counts its failure by kind of source."""
        return Request(
            url,
            callback=callback,
            errback=self.source_failed,
            cb_kwargs=cb_kwargs,
            meta={SOURCE_META: _SOURCE_KINDS[callback.__name__]},
            # Index and listing pages are read again each run; a sitemap only once per run.
            dont_filter=callback.__name__ in ("parse_index", "parse_listing"),
        )

    def source_failed(self, failure: Failure) -> None:
        """Count a source page that could not be fetched (``sources/<kind>/failed|blocked/<why>``)."""
        request: Request | None = getattr(failure, "request", None)
        if request is None or _skipped(failure):
            return
        kind = request.meta.get(SOURCE_META, "sitemap")
        outcome, why = _failure_kind(failure, _failure_status(failure))
        self._inc(f"sources/{kind}/{outcome}/{why}")
        self.source_problems.append((kind, request.url, f"{outcome}: {_describe(failure)}"))
        self.logger.warning("%s %s could not be read: %s", kind, request.url, _describe(failure))

    def _days(self) -> Iterator[date]:
        today = datetime.now(self.zone).date()
        last = min(self.until.date(), today) if self.until else today
        first = self.since.date() if self.since else last
        day = last
        while day >= first:
            yield day
            day -= timedelta(days=1)

    # --- article URLs ---------------------------------------------------------------------------

    def is_article_url(self, url: str) -> bool:
        """Whether ``url`` is an article of this site by its URL rules."""
        if any(rule.search(url) for rule in self._deny_rules):
            return False
        return not self._article_rules or any(rule.search(url) for rule in self._article_rules)

    @property
    def limit_reached(self) -> bool:
        """Whether ``limit`` articles have been requested already."""
        return self.limit is not None and self._requested >= self.limit

    def article_request(self, url: str, *, checked: bool = False) -> Request | None:
        """Return the request for an article URL; None when seen already or the limit is reached.

        The incremental middleware asks the store about it before it goes out, unless ``checked``
        says its source asked already.
        """
        if not self.claim_article(url):
            return None
        if self.single_page:
            fetch = add_or_replace_parameters(url, dict(self.single_page))
            return self._article_page_request(fetch, url, checked=checked, single_page=True)
        return self._article_page_request(url, url, checked=checked)

    def claim_article(self, url: str) -> bool:
        """Count ``url`` as an article requested this run; False when seen already or the limit is reached."""
        if url in self._seen_articles or self.limit_reached:
            return False
        self._seen_articles.add(url)
        self._requested += 1
        self._inc("articles/requested")
        return True

    def _article_page_request(
        self, fetch: str, url: str, *, checked: bool, single_page: bool = False
    ) -> Request:
        meta = {
            ARTICLE_META: True,
            CHECKED_META: checked,
            "newscrawler_url": url,
            SINGLE_PAGE_META: single_page,
        }
        return Request(fetch, callback=self.parse_article, errback=self.article_failed, meta=meta)

    async def _article_requests(self, urls: Iterable[str]) -> tuple[list[Request], int]:
        """Return requests for the article URLs among ``urls`` new to this run and to the store.

        The count of new ones drives pagination: a page whose articles the store has all ends it.
        """
        unseen = []
        for url in dict.fromkeys(urls):
            self._inc("articles/found")
            if url not in self._seen_articles:
                unseen.append(url)
        known = await self._known_articles(unseen)
        requests = []
        for url in unseen:
            if url in known:
                self._seen_articles.add(url)
                continue
            request = self.article_request(url, checked=True)
            if request is not None:
                requests.append(request)
        return requests, len(requests)

    async def _known_articles(self, urls: list[str]) -> set[str]:
        try:
            incremental = self.crawler.get_downloader_middleware(IncrementalMiddleware)
        except (AttributeError, RuntimeError):  # no crawler or engine: a spider used on its own
            return set()
        return await incremental.known_articles(urls) if incremental is not None else set()

    # --- sources --------------------------------------------------------------------------------

    async def parse_sitemap(self, response: Response, source: int) -> AsyncIterator[Request]:
        """Read a sitemap or sitemap index: child sitemaps are followed, articles requested."""
        self._inc("sources/sitemap/pages")
        xml = self._sitemap_xml(response)
        if xml is None:
            return
        if not xml.xpath("/urlset|/sitemapindex"):
            self._source_trouble("sitemap", response, "is not a sitemap (no <urlset> or <sitemapindex>)")
            return
        for request in self._child_sitemaps(response, xml, source):
            yield request
        for request in (await self._article_requests(self._sitemap_urls(response, xml)))[0]:
            yield request

    def _child_sitemaps(self, response: Response, xml: Selector, source: int) -> Iterator[Request]:
        """Request a sitemap index's children: each once per run, within the depth and count caps.

        A sitemap listing itself or an earlier one (A -> B -> A) is not fetched again; a chain deeper
        than NEWSCRAWLER_SITEMAP_DEPTH, or beyond NEWSCRAWLER_SITEMAP_MAX sitemaps a run, stops there.
        Each trap is warned once a run and counted (``sources/sitemap/repeated``, ``capped/depth|count``).
        """
        settings = getattr(self, "settings", None)
        max_depth = settings.getint("NEWSCRAWLER_SITEMAP_DEPTH", 5) if settings else 5
        max_count = settings.getint("NEWSCRAWLER_SITEMAP_MAX", 500) if settings else 500
        depth = int(response.meta.get(SITEMAP_DEPTH_META, 0)) + 1
        self._sitemaps_seen.update([response.url, *response.meta.get("redirect_urls", ())])
        children = [
            (entry.xpath("normalize-space(loc)").get(""), entry.xpath("normalize-space(lastmod)").get(""))
            for entry in xml.xpath("/sitemapindex/sitemap")
        ]
        if self.newest_first:
            children = self._newest_first(children, news_first=True)
        for loc, lastmod in children:
            if not loc or not self._in_range(lastmod, older_only=True):
                continue
            url = response.urljoin(loc)
            if url in self._sitemaps_seen:
                self._trap(
                    "sources/sitemap/repeated",
                    f"sitemap {response.url} lists {url}, read already this run (a sitemap loop): "
                    "not fetched again",
                )
            elif depth > max_depth:
                self._trap(
                    "sources/sitemap/capped/depth",
                    f"sitemap {response.url} is an index {depth - 1} levels below its declared sitemap: "
                    f"its children are not read (NEWSCRAWLER_SITEMAP_DEPTH={max_depth}; raise it if the "
                    "site really nests deeper)",
                )
            elif self._sitemaps_requested >= max_count:
                self._trap(
                    "sources/sitemap/capped/count",
                    f"{max_count} sitemaps requested this run: {url} and further child sitemaps are left "
                    "out (NEWSCRAWLER_SITEMAP_MAX; raise it, or narrow the run with -a since=...)",
                )
            else:
                self._sitemaps_seen.add(url)
                self._sitemaps_requested += 1
                request = self._source_request(url, self.parse_sitemap, {"source": source})
                request.meta[SITEMAP_DEPTH_META] = depth
                yield request

    def _trap(self, key: str, message: str, *, once: str | None = None) -> None:
        """Count a trap's stop under ``newscrawler/<key>``; warn the first time of ``once`` (default: key)."""
        self._inc(key)
        if (once or key) not in self._traps_warned:
            self._traps_warned.add(once or key)
            self.logger.warning(
                "%s (a spider trap? further stops are only counted: newscrawler/%s)", message, key
            )

    def request_dropped(self, request: Request, spider: scrapy.Spider | None = None) -> None:
        """Count a redirect back to a URL of its own chain (A -> B -> A) that the duplicate filter dropped."""
        if spider is not None and spider is not self:
            return
        chain: list[str] = list(request.meta.get("redirect_urls") or ())
        if request.url not in chain:
            return
        kind = request.meta.get(SOURCE_META)
        if kind:
            key = f"sources/{kind}/failed/redirect_loop"
        elif request.meta.get(ARTICLE_META):
            key = "articles/failed/redirect_loop"
        else:
            return
        self._inc(key)
        loop = " -> ".join([*chain, request.url])
        self.logger.warning("%s %s is a redirect loop (%s): given up", kind or "article", chain[0], loop)

    async def parse_feed(self, response: Response, source: int) -> AsyncIterator[Request]:
        """Read an RSS or Atom feed's article links."""
        self._inc("sources/feed/pages")
        xml = _feed_xml(response)
        if not xml.xpath("//item|//entry"):
            self._source_trouble("feed", response, "has no <item> or <entry>")
        for request in (await self._article_requests(self._feed_urls(response, xml)))[0]:
            yield request

    def listed_articles(self, response: Response, kind: str) -> list[str]:
        """Return the article URLs a source page of ``kind`` lists, in page order.

        ``kind`` is ``sitemap``, ``feed``, ``index`` or ``listing`` (the last two read the page's
        links); entries dated outside since..until are left out. The crawl reads sources with it,
        and so do the discovery fixtures.
        """
        if kind == "sitemap":
            xml = self._sitemap_xml(response)
            return self._sitemap_urls(response, xml) if xml is not None else []
        if kind == "feed":
            return self._feed_urls(response, _feed_xml(response))
        if kind in ("index", "listing"):
            if not isinstance(response, TextResponse):
                return []
            urls = [link.url for link in self._links.extract_links(response)]
            if self._latest_links is not None:
                latest = [link.url for link in self._latest_links.extract_links(response)]
                urls = list(dict.fromkeys([*latest, *urls]))
            return urls
        raise ValueError(f"unknown kind of source {kind!r}: give sitemap, feed, index or listing")

    def _sitemap_urls(self, response: Response, xml: Selector) -> list[str]:
        entries = []
        for entry in xml.xpath("/urlset/url"):
            loc = response.urljoin(entry.xpath("normalize-space(loc)").get(""))
            when = entry.xpath("normalize-space(news/publication_date)").get("") or entry.xpath(
                "normalize-space(lastmod)"
            ).get("")
            if loc and self.is_article_url(loc) and self._in_range(when):
                entries.append((loc, when))
        if self.newest_first:
            entries = self._newest_first(entries)
        return [loc for loc, _ in entries]

    def _newest_first(
        self, entries: list[tuple[str, str]], *, news_first: bool = False
    ) -> list[tuple[str, str]]:
        """Sort (URL, date) entries newest first, undated ones last; URLs saying "news" first if asked."""

        def key(entry: tuple[str, str]) -> tuple[bool, float]:
            parsed = parse_date(entry[1], self.zone, max_skew=timedelta(days=2)) if entry[1] else None
            news = news_first and "news" in entry[0].lower()
            return not news, -parsed.value.timestamp() if parsed else float("inf")

        return sorted(entries, key=key)

    def _feed_urls(self, response: Response, xml: Selector) -> list[str]:
        urls = []
        for entry in xml.xpath("//item|//entry"):
            link = entry.xpath("normalize-space(link)").get("") or entry.xpath(
                "link[not(@rel) or @rel='alternate']/@href"
            ).get("")
            when = entry.xpath("normalize-space(pubDate|published|updated|date)").get("")
            if link and self.is_article_url(response.urljoin(link)) and self._in_range(when):
                urls.append(response.urljoin(link))
        return urls

    def _sitemap_xml(self, response: Response) -> Selector | None:
        """Return the sitemap's XML; None (reported) when a .gz sitemap inflates beyond its size limit."""
        body = response.body
        if body[:2] == b"\x1f\x8b":
            # A spider outside a crawl (scrapy extract --links) has no settings: no size limit then.
            settings = getattr(self, "settings", None)
            limit = (
                settings.getint("NEWSCRAWLER_SITEMAP_MAXSIZE") or settings.getint("DOWNLOAD_MAXSIZE")
                if settings
                else 0
            )
            try:
                body = gunzip(body, max_size=limit)
            except _DecompressionMaxSizeExceeded:
                self._source_trouble(
                    "sitemap", response, f"inflates beyond NEWSCRAWLER_SITEMAP_MAXSIZE ({limit} B): refused"
                )
                return None
        xml = Selector(body=body, type="xml")
        xml.remove_namespaces()
        return xml

    async def parse_index(
        self, response: Response, source: int, day: str, page: int
    ) -> AsyncIterator[Request]:
        """Read one page of a dated index; go on to its next page while pages bring new articles."""
        self._inc("sources/index/pages")
        links = self.listed_articles(response, "index")
        requests, new = await self._article_requests(links)
        for request in requests:
            yield request
        index = self.sources[source]
        assert isinstance(index, DailyIndex)
        if new and page < index.max_pages and not self.limit_reached:
            yield self._source_request(
                index.url(date.fromisoformat(day), page + 1),
                self.parse_index,
                {"source": source, "day": day, "page": page + 1},
            )
        elif new and page >= index.max_pages and not self.limit_reached:
            self._trap(
                "sources/index/capped",
                f"index {response.url} still lists new articles at its page {page} "
                f"(max_pages={index.max_pages}): its next pages are not read "
                "(raise max_pages in the site's DailyIndex if they are real)",
                once=f"index:{source}",
            )
        elif page == index.first_page and not links:
            self._source_trouble("index", response, "lists no article URL")

    async def parse_listing(
        self, response: Response, source: int, page: int, stale: int
    ) -> AsyncIterator[Request]:
        """Read one listing page; stop after ``stale_pages`` pages without a new article, or the cap."""
        self._inc("sources/listing/pages")
        requests, new = await self._article_requests(self.listed_articles(response, "listing"))
        for request in requests:
            yield request
        listing = self.sources[source]
        assert isinstance(listing, Listing)
        stale = 0 if new else stale + 1
        if stale < listing.stale_pages and page < listing.max_pages and not self.limit_reached:
            yield self._source_request(
                listing.url(page + 1),
                self.parse_listing,
                {"source": source, "page": page + 1, "stale": stale},
            )
        elif stale < listing.stale_pages and not self.limit_reached:
            self._trap(
                "sources/listing/capped",
                f"listing {response.url} still lists new articles at its page {page} "
                f"(max_pages={listing.max_pages}): its next pages are not read "
                "(raise max_pages in the site's Listing if they are real)",
                once=f"listing:{source}",
            )

    def _in_range(self, when: str | None, *, older_only: bool = False) -> bool:
        """Whether a source's date for an entry, or an article's own, lies in since..until (unknown pass)."""
        if not (self.since or self.until) or not when:
            return True
        parsed = parse_date(when, self.zone, max_skew=timedelta(days=2))
        if parsed is None:
            return True
        if self.since and parsed.value < self.since:
            return False
        # A sitemap changed after `until` may still hold older articles: only its age excludes it.
        return older_only or not (self.until and parsed.value > self.until)

    def _source_trouble(self, kind: str, response: Response, problem: str) -> None:
        self._inc(f"sources/{kind}/unreadable")
        self.source_problems.append((kind, response.url, f"unreadable: {problem} (HTTP {response.status})"))
        self.logger.warning(
            "%s %s %s: the site may have changed or blocked us (HTTP %s)",
            kind,
            response.url,
            problem,
            response.status,
        )

    # --- articles ---------------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Article | Request]:
        """Extract an article page; follow its next page when the article is split into pages."""
        self._inc("articles/fetched")
        url = self._article_url(response.url)
        not_html = _not_html(response)
        if not_html is not None or not isinstance(response, TextResponse):
            what, description = not_html or ("other", "not an HTML page")
            self._inc("articles/not_html")
            self._inc(f"articles/not_html/{what}")
            self.logger.warning("article %s is %s: no article", url, description)
            return
        response = self._redecoded(response)
        extraction = extract_article(response.selector, url, self.profile)
        if not extraction.is_article:
            challenge = challenge_page(response.text)
            if challenge:
                self._inc("articles/blocked/challenge")
                self.logger.warning(
                    "%s answered with a %s instead of the article: we are blocked", url, challenge
                )
                return
            kind = extraction.page_kind
            if self.generic and kind not in (ARTICLE, "error") and not _truncated(response):
                self._inc(f"articles/passed_over/{kind}")
                self.logger.info("%s is a %s page, not an article: passed over", url, kind)
                return
            self._inc("articles/no_article")
            if _truncated(response):
                self._inc("articles/no_article/truncated")
                self.logger.warning(
                    "article %s is truncated HTML (%d bytes, no </html>) without an article: no article",
                    url,
                    len(response.body),
                )
                return
            if kind != ARTICLE:
                self._inc(f"articles/not_article/{kind}")
                self.logger.info("%s is a %s page, not an article: no item", url, kind)
                return
        # Sources date entries by their last change, and home-page links not at all: the article's own
        # date decides what is stored.
        if not self._in_range(extraction.article.published_at):
            self._inc("articles/outside_range")
            self.logger.info(
                "%s was published %s, outside since..until: not stored", url, extraction.article.published_at
            )
            return
        self._count_layers(extraction)
        yield from self._next_or_item(response, extraction.article, [response.url])

    def article_failed(self, failure: Failure) -> Iterator[Request]:
        """Count an article page that could not be fetched; or read the plain URL instead of a missing view.

        Archives (and some sites) have no ``?page=all`` view of an article: on 404/410 the plain URL
        is fetched instead and the article's own pagination followed.
        """
        request: Request | None = getattr(failure, "request", None)
        if request is None or _skipped(failure):
            return
        status = _failure_status(failure)
        url = request.meta.get("newscrawler_url") or request.url
        if status in (404, 410) and request.meta.get(SINGLE_PAGE_META):
            self._inc("articles/backfill/single_page_missing")
            self._inc("articles/backfill/plain")
            self.logger.info("%s has no single-page view (HTTP %s): reading its pages", request.url, status)
            yield self._article_page_request(url, url, checked=True).replace(dont_filter=True)
            return
        kind, why = _failure_kind(failure, status)
        self._inc(f"articles/{kind}/{why}")
        self.logger.warning(
            "article %s %s: %s", url, "is blocked" if kind == "blocked" else "failed", _describe(failure)
        )

    def parse_article_page(
        self, response: Response, article: Article, visited: list[str]
    ) -> Iterator[Article | Request]:
        """Add a following page's paragraphs to the article, then go on or finish."""
        not_html = _not_html(response)
        if not_html is not None:
            self._inc("articles/page_failed")
            self.logger.warning("next page %s is %s; keeping the pages before it", response.url, not_html[1])
            yield self._finish(article)
            return
        if response.url in visited:
            # Redirected back to a page read already (a site that dropped its pagination): done.
            self._inc("articles/page_repeated")
            yield self._finish(article)
            return
        if isinstance(response, TextResponse):
            response = self._redecoded(response)
            layout = self.profile.layout(article.layout)
            paragraphs, _ = extract_body(response.selector, layout.selectors if layout else None)
            article = replace(
                article,
                body=join_paragraphs([*split_paragraphs(article.body), *paragraphs]),
                pages=article.pages + 1,
            )
        yield from self._next_or_item(response, article, [*visited, response.url])

    def article_page_failed(self, failure: Failure) -> Iterator[Article]:
        """Keep the pages that came when a following page failed."""
        request = getattr(failure, "request", None)
        self._inc("articles/page_failed")
        if request is not None:
            self.logger.warning(
                "next page %s failed (%s); keeping the pages before it", request.url, failure.value
            )
            yield self._finish(request.cb_kwargs["article"])

    def _next_or_item(
        self, response: Response, article: Article, visited: list[str]
    ) -> Iterator[Article | Request]:
        next_url = self._next_page_url(response, article, visited)
        if next_url and len(visited) >= self.max_article_pages:
            self._trap(
                "articles/pages_capped",
                f"article {article.url} goes on beyond max_article_pages={self.max_article_pages} pages: "
                f"keeping the first {len(visited)} (raise the site's max_article_pages if they are real)",
            )
            next_url = None
        if next_url:
            yield Request(
                next_url,
                callback=self.parse_article_page,
                errback=self.article_page_failed,
                cb_kwargs={"article": article, "visited": visited},
                meta={PAGE_OF_META: article.url},
                # Never dropped as a duplicate (the article would be lost with it): `visited` ends
                # a redirect back to a page read already, REDIRECT_MAX_TIMES a redirect loop.
                dont_filter=True,
            )
        else:
            yield self._finish(article)

    def _next_page_url(self, response: Response, article: Article, visited: list[str]) -> str | None:
        """Return the link to the article's next page: a declared selector's, or ``link[rel=next]``.

        Only a page of the same article counts (its URL gives the article's key), so a "next story"
        link never glues two articles together.
        """
        if not isinstance(response, TextResponse):
            return None
        key = self._key(article.url)
        for href in select_all(response.selector, [*self.next_page, _REL_NEXT]):
            url = response.urljoin(href)
            if url not in visited and url != response.url and self._key(url) == key:
                return url
        return None

    def _key(self, url: str) -> str:
        try:
            return canonicalize_url(url, rules=self.url_rules)
        except ValueError:
            return url

    def _redecoded(self, response: TextResponse) -> TextResponse:
        """Return the page decoded as its bytes are when its labels lie (counted, warned once a host)."""
        response, decoding = redecode(response)
        if decoding.corrected:
            self._inc("charset/corrected")
            host = urlparse_cached(response).hostname or ""
            if (host, decoding.encoding) not in self._charset_warned:
                self._charset_warned.add((host, decoding.encoding))
                self.logger.warning(
                    "%s is %s: read as %s (further pages of %s likewise, counted in "
                    "newscrawler/charset/corrected)",
                    response.url,
                    decoding.describe(),
                    decoding.encoding,
                    host,
                )
        return response

    def _finish(self, article: Article) -> Article:
        self._inc("articles/extracted")
        return article

    def _article_url(self, url: str) -> str:
        """Return the article's own URL: the single-page parameters we added are taken off again."""
        if not self.single_page:
            return url
        return url_query_cleaner(url, list(self.single_page), remove=True, keep_fragments=True)

    def _count_layers(self, extraction: Extraction) -> None:
        for name in ("title", "published_at", "body"):
            if name not in extraction.layers:
                self._inc(f"field/{name}/missing")
        for name, layer in extraction.layers.items():
            shown = f"site:{extraction.layout}" if layer == "site" and extraction.layout else layer
            self._inc(f"field/{name}/{shown}")

    def _inc(self, key: str, count: int = 1) -> None:
        stats = self.crawler.stats if hasattr(self, "crawler") else None
        if stats is not None:
            stats.inc_value(f"newscrawler/{key}", count)


_SOURCE_KINDS = {
    "parse_sitemap": "sitemap",
    "parse_feed": "feed",
    "parse_index": "index",
    "parse_listing": "listing",
}
_REL_NEXT = "link[rel='next']::attr(href)"


def _skipped(failure: Failure) -> bool:
    """Whether a request was dropped on purpose (known to the store, robots.txt, offsite), not failed.

    Those are counted where they are decided. An error response (HttpError) is an IgnoreRequest too.
    """
    return isinstance(failure.value, IgnoreRequest) and not (
        isinstance(failure.value, HttpError) or _too_large(failure) or _redirect_loop(failure)
    )


def _too_large(failure: Failure) -> bool:
    """Whether a response was refused for its size (DOWNLOAD_MAXSIZE or a request's download_maxsize).

    Scrapy cancels a download past the limit on the wire; HttpCompressionMiddleware raises
    IgnoreRequest from _DecompressionMaxSizeExceeded when inflating beyond it.
    """
    return isinstance(failure.value, DownloadCancelledError) or isinstance(
        getattr(failure.value, "__cause__", None), _DecompressionMaxSizeExceeded
    )


def _redirect_loop(failure: Failure) -> bool:
    """Whether Scrapy's RedirectMiddleware gave up on a request after REDIRECT_MAX_TIMES redirects."""
    return isinstance(failure.value, IgnoreRequest) and "max redirections" in str(failure.value)


def _failure_status(failure: Failure) -> int | None:
    """Return the HTTP status of a failed request, when the failure is an error response."""
    if isinstance(failure.value, HttpError):
        response = getattr(failure.value, "response", None)
        return int(response.status) if response is not None else None
    return None


def _failure_kind(failure: Failure, status: int | None) -> tuple[str, str]:
    """Classify a failed fetch: (``blocked`` or ``failed``, why), e.g. ``("blocked", "http_403")``."""
    if status is not None:
        return ("blocked" if status in (403, 429) else "failed"), f"http_{status}"
    if _too_large(failure):
        return "failed", "too_large"
    if _redirect_loop(failure):
        return "failed", "redirect_loop"
    return "failed", network_failure(failure.value)


def network_failure(error: BaseException | None) -> str:
    """Classify why a URL could not be fetched: ``timeout``, ``dns``, ``connection`` or ``other``."""
    # Scrapy 2.19's download handlers wrap Twisted's errors into scrapy.exceptions' own.
    if isinstance(error, (DownloadTimeoutError, TimeoutError, defer.TimeoutError, TCPTimedOutError)):
        return "timeout"
    if isinstance(error, (CannotResolveHostError, DNSLookupError)):
        return "dns"
    connection = (
        DownloadConnectionRefusedError,
        DownloadFailedError,
        ResponseDataLossError,
        ConnectError,
        ConnectionRefusedError,
        ConnectionDone,
        ConnectionLost,
        ResponseFailed,
        OSError,
    )
    return "connection" if isinstance(error, connection) else "other"


def _describe(failure: Failure) -> str:
    status = _failure_status(failure)
    if status is not None:
        return f"HTTP {status}"
    if _redirect_loop(failure):
        request = getattr(failure, "request", None)
        times = request.meta.get("redirect_times", "?") if request is not None else "?"
        return f"a redirect loop: still redirecting after {times} redirects (REDIRECT_MAX_TIMES)"
    return f"{type(failure.value).__name__}: {failure.value}".strip().rstrip(":")


def _day_bound(name: str, value: str | None, zone: tzinfo, *, end: bool) -> datetime | None:
    """``since``/``until`` as an aware datetime: a bare day means its start (since) or its end (until)."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text)
            moment = datetime.combine(day, time.max if end else time.min)
            return moment.replace(tzinfo=zone)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"{name}={value!r} is not a date: give YYYY-MM-DD or an ISO 8601 time, e.g. -a {name}=2024-10-01"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def _positive_int(name: str, value: str | int | None) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise UsageError(f"{name}={value!r} is not a positive whole number: give e.g. -a {name}=100")
    return number


def _flag(name: str, value: str | bool | None) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise UsageError(f"{name}={value!r} is not a yes/no value: give -a {name}=1 or -a {name}=0")


def _url_list(urls: str | None, urls_file: str | None) -> list[str]:
    found: list[str] = []
    if urls:
        found.extend(part for part in _URL_SPLIT.split(urls) if part)
    if urls_file:
        path = Path(urls_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise UsageError(
                f"urls_file={urls_file!r} cannot be read ({error.strerror}): give a readable file"
            ) from None
        found.extend(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))
    for url in found:
        if not re.match(r"https?://[^/\s]+", url):
            raise UsageError(f"{url!r} is not an http(s) URL: give absolute article URLs in urls/urls_file")
    return list(dict.fromkeys(found))


#: The start of binary files a site may send labelled text/html: (magic bytes, what, description).
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "pdf", "a PDF"),
    (b"\x89PNG\r\n\x1a\n", "image", "an image (PNG)"),
    (b"\xff\xd8\xff", "image", "an image (JPEG)"),
    (b"GIF87a", "image", "an image (GIF)"),
    (b"GIF89a", "image", "an image (GIF)"),
    (b"PK\x03\x04", "archive", "a ZIP archive"),
    (b"\x1f\x8b", "archive", "gzip data"),
)


def _feed_xml(response: Response) -> Selector:
    """Return a feed's XML, namespaces taken off (RSS and Atom read alike)."""
    xml = Selector(body=response.body, type="xml")
    xml.remove_namespaces()
    return xml


def _not_html(response: Response) -> tuple[str, str] | None:
    """Return (what, description) when an article page is not HTML at all, whatever its Content-Type says.

    ``what`` is the stats key's last part (empty, pdf, image, archive, json, binary, other); the
    description names it for the warning: "a PDF served as text/html", "an empty page", "JSON, not HTML".
    """
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1").split(";")[0].strip()
    served = f" served as {content_type}" if content_type else " (no Content-Type)"
    head = response.body[:1024].removeprefix(b"\xef\xbb\xbf")
    if not response.body.strip():
        return "empty", f"an empty page (HTTP {response.status}, {len(response.body)} bytes, no content)"
    for magic, what, description in _SIGNATURES:
        if head.startswith(magic):
            return what, description + served
    if head.lstrip()[:1] in (b"{", b"[") or "json" in content_type:
        try:
            json.loads(response.body)
        except ValueError:
            pass
        else:
            return "json", f"JSON, not HTML ({content_type or 'no Content-Type'})"
    # A NUL byte marks binary data, unless the page is HTML with stray control characters (they are
    # cleaned out of its text) or UTF-16 text (its BOM says so).
    markup = any(tag in head.lower() for tag in (b"<html", b"<!doctype", b"<head", b"<body"))
    if b"\x00" in head and not markup and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary", f"binary data{served}"
    if not isinstance(response, TextResponse):
        return "other", f"not an HTML page ({content_type or 'no Content-Type'})"
    return None


def _truncated(response: Response) -> bool:
    """Whether an HTML page ends without its ``</html>`` (cut off on the way or at the source)."""
    return b"</html" not in response.body.lower()
