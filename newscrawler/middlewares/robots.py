"""robots.txt by RFC 9309: what a site's robots.txt answers decides whether the site is crawled this run.

:class:`RobotsMiddleware` replaces Scrapy's RobotsTxtMiddleware (same place, 100; same switch,
``ROBOTSTXT_OBEY``; same parser, ``ROBOTSTXT_PARSER``). It fetches each host's ``/robots.txt`` once per
run, before the host's first request, and then:

* 2xx: its rules decide (``Disallow``/``Allow`` for our user agent); its ``Crawl-delay`` raises the
  host's download delay to at least that, at most ``NEWSCRAWLER_ROBOTSTXT_CRAWL_DELAY_MAX`` seconds
  (AutoThrottle no longer lowers that host's delay).
* 4xx (404, 401, 403, 410, ...): "unavailable": everything is allowed (RFC 9309 2.3.1.3).
* 5xx, a timeout, a refused or reset connection, a DNS failure: "unreachable": the host is disallowed
  for the whole run (RFC 9309 2.3.1.4), every request to it refused; the run's verdict says why
  (``failing: robots.txt answered 503: the site is not crawled this run``).

The robots.txt request is bounded: ``NEWSCRAWLER_ROBOTSTXT_TIMEOUT`` seconds a try,
``NEWSCRAWLER_ROBOTSTXT_RETRIES`` retries (a 503 with ``Retry-After`` waits as the retry-after
middleware says). Redirects are followed by RedirectMiddleware, as for any request.

Stats: ``newscrawler/robots/unavailable/<why>`` (hosts disallowed for the run: ``http_503``,
``timeout``, ``dns``, ``connection``, ``other``), ``newscrawler/robots/refused`` (requests refused
for it), ``newscrawler/robots/forbidden`` (requests a ``Disallow`` rule refused),
``newscrawler/robots/crawl_delay`` (the longest delay applied). A refused article page also counts as
``newscrawler/articles/failed/robots``, a refused source page as ``newscrawler/sources/<kind>/failed/robots``,
so the verdict weighs them with the other pages that could not be fetched.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import (
    IgnoreRequest,
)
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet import defer

from newscrawler.middlewares.incremental import ARTICLE_META
from newscrawler.spiders.base import SOURCE_META, network_failure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

__all__ = ["RobotsMiddleware"]

logger = logging.getLogger(__name__)

#: Request meta key Scrapy's own middleware reads too: this request skips robots.txt.
DONT_OBEY_META = "dont_obey_robotstxt"


@dataclass(slots=True)
class _Host:
    """What a host's robots.txt said: rules, allow all (``parser`` None) or disallow all (``denied``)."""

    parser: RobotParser | None = None
    #: Why the host is not crawled this run (robots.txt unreachable), e.g. ``robots.txt answered 503``.
    denied: str | None = None
    crawl_delay: float | None = None


class RobotsMiddleware(RobotsTxtMiddleware):
    """Obey robots.txt as RFC 9309 says (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)  # NotConfigured without ROBOTSTXT_OBEY; checks the parser
        settings = crawler.settings
        self.timeout = settings.getfloat("NEWSCRAWLER_ROBOTSTXT_TIMEOUT")
        self.retries = settings.getint("NEWSCRAWLER_ROBOTSTXT_RETRIES")
        self.delay_max = settings.getfloat("NEWSCRAWLER_ROBOTSTXT_CRAWL_DELAY_MAX")
        for name, value in (
            ("NEWSCRAWLER_ROBOTSTXT_TIMEOUT", self.timeout),
            ("NEWSCRAWLER_ROBOTSTXT_RETRIES", self.retries),
            ("NEWSCRAWLER_ROBOTSTXT_CRAWL_DELAY_MAX", self.delay_max),
        ):
            if value < 0 or (name == "NEWSCRAWLER_ROBOTSTXT_TIMEOUT" and value == 0):
                raise ValueError(f"{name} is {value}: give a number above 0 (seconds or tries)")
        #: Each host's answer, or the requests waiting for it while its robots.txt is being fetched.
        self._hosts: dict[str, _Host | list[defer.Deferred[_Host]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the middleware from the crawler's settings."""
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        """Refuse a request its host's robots.txt forbids, or whose robots.txt was unreachable."""
        if request.meta.get(DONT_OBEY_META) or request.url.startswith(("data:", "file:")):
            return
        host = await self._host(request)
        if host.denied is not None:
            self._refused(request, "robots/refused", "robots")
            raise IgnoreRequest(f"{host.denied}: the site is not crawled this run")
        if host.crawl_delay is not None:
            self._keep_delay(request, host.crawl_delay)
        if host.parser is not None and not host.parser.allowed(request.url, self._useragent(request)):
            logger.debug("Forbidden by robots.txt: %s", request, extra={"spider": self.crawler.spider})
            self._stats.inc_value("robotstxt/forbidden")  # Scrapy's own count, kept
            self._stats.inc_value("newscrawler/robots/forbidden")
            raise IgnoreRequest("Forbidden by robots.txt")

    # --- robots.txt, once per host -----------------------------------------------------------------

    async def _host(self, request: Request) -> _Host:
        url = urlparse_cached(request)
        netloc = url.netloc
        known = self._hosts.get(netloc)
        if isinstance(known, _Host):
            return known
        if known is not None:
            waiter: defer.Deferred[_Host] = defer.Deferred()
            known.append(waiter)
            return await maybe_deferred_to_future(waiter)
        waiting: list[defer.Deferred[_Host]] = []
        self._hosts[netloc] = waiting
        try:
            host = await self._fetch(f"{url.scheme}://{netloc}/robots.txt", request)
        except Exception:  # a bug of ours or a signal handler's: as Scrapy does, allow all
            logger.exception("robots.txt of %s could not be read", netloc)
            host = _Host()
        self._hosts[netloc] = host
        for waiter in waiting:
            waiter.callback(host)
        return host

    async def _fetch(self, robots_url: str, request: Request) -> _Host:
        robots = Request(
            robots_url,
            priority=self.DOWNLOAD_PRIORITY,
            meta={DONT_OBEY_META: True, "download_timeout": self.timeout, "max_retry_times": self.retries},
            callback=NO_CALLBACK,
        )
        assert self.crawler.engine is not None
        self._stats.inc_value("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(robots)
        except IgnoreRequest:  # dropped on purpose (offsite, ...): as Scrapy does, allow all
            return _Host()
        except Exception as error:  # every failure to reach it: "unreachable"
            return self._unreachable(robots_url, network_failure(error), f"{type(error).__name__}: {error}")
        self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        if response.status >= 500:
            return self._unreachable(robots_url, f"http_{response.status}", f"HTTP {response.status}")
        if response.status >= 400:  # unavailable: no rules at all
            logger.info("%s answered %s: every page of the site is allowed", robots_url, response.status)
            return _Host()
        return await self._parsed(response, request)

    async def _parsed(self, response: Response, request: Request) -> _Host:
        parser: RobotParser = build_from_crawler(self._parserimpl, self.crawler, response.body)
        await self.crawler.signals.send_catch_log_async(
            signal=signals.robots_parsed, robotparser=parser, request=request
        )
        delay = _crawl_delay(parser, self._useragent(request))
        if delay is not None and delay > 0:
            if delay > self.delay_max:
                logger.warning(
                    "%s asks for Crawl-delay: %s s: waiting %s s between its pages, "
                    "the most NEWSCRAWLER_ROBOTSTXT_CRAWL_DELAY_MAX allows",
                    response.url,
                    delay,
                    self.delay_max,
                )
            delay = min(delay, self.delay_max)
            self._stats.max_value("newscrawler/robots/crawl_delay", delay)
        return _Host(parser=parser, crawl_delay=delay or None)

    def _unreachable(self, robots_url: str, why: str, detail: str) -> _Host:
        told = _told(why)
        self._stats.inc_value(f"newscrawler/robots/unavailable/{why}")
        logger.warning(
            "%s %s (%s): the site is not crawled this run (RFC 9309); "
            "it is asked again next run, or set ROBOTSTXT_OBEY=False for a site you may crawl",
            robots_url,
            told.removeprefix("robots.txt "),
            detail,
        )
        return _Host(denied=told)

    # --- helpers -------------------------------------------------------------------------------

    def _useragent(self, request: Request) -> str | bytes:
        agent: str | bytes | None = self._robotstxt_useragent or request.headers.get(b"User-Agent")
        return agent or self._default_useragent

    def _refused(self, request: Request, key: str, why: str) -> None:
        self._stats.inc_value(f"newscrawler/{key}")
        if request.meta.get(ARTICLE_META):
            self._stats.inc_value(f"newscrawler/articles/failed/{why}")
        elif request.meta.get(SOURCE_META):
            self._stats.inc_value(f"newscrawler/sources/{request.meta[SOURCE_META]}/failed/{why}")

    def _keep_delay(self, request: Request, delay: float) -> None:
        """Give the request's download slot a delay of at least ``delay``; AutoThrottle keeps off it."""
        request.meta["autothrottle_dont_adjust_delay"] = True
        engine = self.crawler.engine
        if engine is None:  # pragma: no cover: a crawl always has one
            return
        downloader = engine.downloader
        key = downloader.get_slot_key(request)
        # A slot made later (the first, or after the downloader dropped an idle one) starts with it.
        entry = downloader.per_slot_settings.setdefault(key, {})
        entry["delay"] = max(float(entry.get("delay", 0.0)), delay)
        entry["jitter"] = 0.0  # a Crawl-delay is the least time between two requests, never less
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, delay)
            slot.jitter = 0.0


def _told(why: str) -> str:
    """``http_503`` -> ``robots.txt answered 503``; ``timeout`` -> ``robots.txt timed out``."""
    if why.startswith("http_"):
        return f"robots.txt answered {why.removeprefix('http_')}"
    return {
        "timeout": "robots.txt timed out",
        "dns": "robots.txt's host did not resolve",
        "connection": "robots.txt could not be reached",
    }.get(why, "robots.txt could not be fetched")


def _crawl_delay(parser: RobotParser, useragent: str | bytes) -> float | None:
    """Return the Crawl-delay for our user agent, when the parser reads it (Protego does)."""
    reader = getattr(parser, "crawl_delay", None)
    if reader is None:
        return None
    try:
        delay = reader(useragent)
    except (TypeError, ValueError):
        return None
    return None if delay is None else float(delay)
