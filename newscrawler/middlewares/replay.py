"""Crawl through a Wayback-style replay server: the wire asks for PREFIX + URL, the crawl sees the URL.

With ``NEWSCRAWLER_REPLAY_PREFIX = "http://127.0.0.1:8080/replay/"`` a request for
``https://www.example-news.id/a`` is downloaded from
``http://127.0.0.1:8080/replay/https://www.example-news.id/a`` (pywb, ``python -m newscrawler.replay``
or any server with that URL scheme), and everything else in the crawl sees only the original URL.

Two parts, the way Scrapy's proxy support splits the work:

* :class:`ReplayMiddleware` (a downloader middleware) decides: it marks each http(s) request that goes
  out (``robots.txt``, sitemaps, redirects, everything) with the prefix, and puts all of them in one
  download slot named after the replay host, so ``DOWNLOAD_DELAY``, AutoThrottle and
  ``CONCURRENT_REQUESTS_PER_DOMAIN`` apply to the one server really contacted.
* :class:`ReplayDownloadHandler` (the http/https download handler) speaks the replay dialect on the
  wire: it downloads PREFIX + URL for marked requests and hands back a response whose ``url`` is the
  original URL, with a ``Location`` turned back into an original URL. Unmarked requests pass through
  to Scrapy's own handler untouched.

A downloader middleware cannot change the URL a request is downloaded from without sending a new
request back through the scheduler and every middleware (the dupefilter, offsite and robots.txt
checks and the stats would then see replay URLs); the handler changes it below all of them. So the
dupefilter, offsite and robots.txt checks (robots.txt is fetched through the prefix and applied to the
original host), RedirectMiddleware, the stats, the spider and its items see original URLs only.

HttpCacheMiddleware also keys on original URLs: with ``HTTPCACHE_ENABLED``, give replay crawls their
own ``HTTPCACHE_DIR`` so live and replayed pages do not answer for each other.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Self
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapy.core.downloader import Downloader
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from w3lib.url import safe_url_string

from newscrawler.replay import WAYBACK_TIMESTAMP

if TYPE_CHECKING:
    from scrapy.core.downloader.handlers import DownloadHandlerProtocol
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

__all__ = ["REPLAY_META", "ReplayDownloadHandler", "ReplayMiddleware", "check_prefix", "original_url"]

#: Request meta key holding the replay prefix a request is downloaded through.
REPLAY_META = "newscrawler_replay_prefix"
SETTING = "NEWSCRAWLER_REPLAY_PREFIX"
HANDLER_PATH = "newscrawler.middlewares.replay.ReplayDownloadHandler"
#: Redirects a replay server makes to the same page at another capture time, followed on the wire.
MAX_CAPTURE_HOPS = 5


def check_prefix(prefix: str) -> str:
    """Return ``prefix`` if it is an absolute http(s) URL ending in "/", else raise a one-line ValueError.

    >>> check_prefix("http://127.0.0.1:8080/replay/2022id_/")
    'http://127.0.0.1:8080/replay/2022id_/'
    """
    parts = urlsplit(prefix)
    absolute = parts.scheme in ("http", "https") and bool(parts.netloc)
    if absolute and prefix.endswith("/") and not parts.query and not parts.fragment:
        return prefix
    raise ValueError(
        f"{SETTING} is {prefix!r}: give the replay server's absolute http(s) URL ending in '/', "
        f"e.g. -s {SETTING}=http://127.0.0.1:8080/replay/ (the original URL is appended to it)"
    )


def original_url(replay_url: str, prefix: str) -> str | None:
    """Return the original URL a replay URL of ``prefix``'s server stands for, or None.

    A URL with another Wayback timestamp where ``prefix`` has one is the same archive at another
    capture time (replay servers redirect to the exact capture time):

    >>> prefix = "http://127.0.0.1:8080/coll/2022id_/"
    >>> original_url(prefix + "https://a.id/x?page=2", prefix)
    'https://a.id/x?page=2'
    >>> original_url("http://127.0.0.1:8080/coll/20221221004200id_/https:/a.id/x", prefix)
    'https://a.id/x'
    >>> original_url("http://127.0.0.1:8080/login", prefix) is None
    True
    """
    if replay_url.startswith(prefix):
        rest = replay_url[len(prefix) :]
    else:
        collection, _, stamp = prefix[:-1].rpartition("/")
        collection += "/"
        if not WAYBACK_TIMESTAMP.fullmatch(stamp + "/") or not replay_url.startswith(collection):
            return None
        rest = replay_url[len(collection) :]
        other_stamp = WAYBACK_TIMESTAMP.match(rest)
        if other_stamp is None:
            return None
        rest = rest[other_stamp.end() :]
    rest = re.sub(r"^(https?):/+", r"\1://", rest)  # servers may squash the "//" inside a path
    return rest if re.match(r"https?://[^/?#]", rest) else None


def _check_handlers(settings: BaseSettings) -> None:
    handlers = settings.getwithbase("DOWNLOAD_HANDLERS")
    for scheme in ("http", "https"):
        path = handlers.get(scheme)
        handler = load_object(path) if path else None
        if not (isinstance(handler, type) and issubclass(handler, ReplayDownloadHandler)):
            raise ValueError(
                f"{SETTING} needs DOWNLOAD_HANDLERS[{scheme!r}] = {HANDLER_PATH!r} (it is {path!r}); "
                f"without it requests would go to the live site"
            )


class ReplayMiddleware:
    """Send every http(s) request through the replay server at ``NEWSCRAWLER_REPLAY_PREFIX``.

    Off (``NotConfigured``) when the setting is empty. A prefix that is not an absolute http(s) URL
    ending in "/", or http/https download handlers other than :class:`ReplayDownloadHandler`, stop the
    crawl at start. Counts ``newscrawler/replay/request_count``.
    """

    def __init__(self, crawler: Crawler) -> None:
        prefix = str(crawler.settings.get(SETTING) or "").strip()
        if not prefix:
            raise NotConfigured(f"{SETTING} is not set")
        self.prefix = check_prefix(prefix)
        _check_handlers(crawler.settings)
        self.slot = urlsplit(prefix).hostname or prefix
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the middleware from the crawler's settings."""
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        """Mark an http(s) request to be downloaded through the replay prefix."""
        if urlparse_cached(request).scheme not in ("http", "https"):
            return
        request.meta[REPLAY_META] = self.prefix
        request.meta[Downloader.DOWNLOAD_SLOT] = self.slot
        self.stats.inc_value("newscrawler/replay/request_count")


class ReplayDownloadHandler:
    """Download handler for http(s): a request marked by :class:`ReplayMiddleware` goes to PREFIX + URL.

    The response comes back with the original URL, the flag ``replay`` (shown in the crawl log) and a
    ``Location`` that is an original URL: a redirect the replay server serves as ``PREFIX<target>`` (or a
    relative replay path) is followed by RedirectMiddleware as a redirect to ``<target>``. A redirect to
    the same page at another capture time is followed here, on the wire. A ``Location`` outside the
    replay server, or back to the page itself, is dropped. Unmarked requests go to Scrapy's own handler
    (``DOWNLOAD_HANDLERS_BASE``) unchanged. Counts under ``newscrawler/replay/``.
    """

    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._handlers: dict[str, DownloadHandlerProtocol] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the handler for the crawler."""
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        """Download ``request``, through the replay prefix when it is marked with one."""
        prefix = request.meta.get(REPLAY_META)
        if not prefix:
            return await self._handler(urlparse_cached(request).scheme).download_request(request)
        url = urldefrag(request.url)[0]
        handler = self._handler(urlsplit(prefix).scheme)
        wire = request.replace(url=prefix + url)
        response = await handler.download_request(wire)
        for _ in range(MAX_CAPTURE_HOPS):
            location = _location(response, wire.url)
            if location is None or original_url(location, prefix) != url:
                break
            self._inc("capture_redirects")
            wire = wire.replace(url=location)
            response = await handler.download_request(wire)
        return self._as_original(response, url, wire.url, prefix)

    async def close(self) -> None:
        """Close the handlers this one delegates to."""
        for handler in self._handlers.values():
            await handler.close()

    def _handler(self, scheme: str) -> DownloadHandlerProtocol:
        if scheme not in self._handlers:
            handler_class: type[DownloadHandlerProtocol] = load_object(
                self.crawler.settings.getdict("DOWNLOAD_HANDLERS_BASE")[scheme]
            )
            self._handlers[scheme] = build_from_crawler(handler_class, self.crawler)
        return self._handlers[scheme]

    def _as_original(self, response: Response, url: str, wire_url: str, prefix: str) -> Response:
        self._inc(f"response_status_count/{response.status}")
        headers = response.headers.copy()
        location = _location(response, wire_url)
        if location is not None:
            target = original_url(location, prefix)
            if target is None or target == url:
                del headers[b"Location"]
                self._inc("location_dropped")
            else:
                headers[b"Location"] = safe_url_string(target)
                self._inc("location_mapped")
        return response.replace(url=url, headers=headers, flags=[*response.flags, "replay"])

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newscrawler/replay/{key}")


def _location(response: Response, base_url: str) -> str | None:
    """Return the absolute ``Location`` of a 3xx response, or None."""
    raw = response.headers.get(b"Location")
    if not 300 <= response.status < 400 or not raw:
        return None
    return urljoin(base_url, safe_url_string(raw))
