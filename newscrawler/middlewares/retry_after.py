"""429 and 503 with ``Retry-After``: the site that said so waits as told; other sites do not.

:class:`RetryAfterMiddleware` (downloader middleware at 560, just above RetryMiddleware's 550, so it
sees a response before the retry is decided) reads ``Retry-After`` (seconds, or an HTTP date) on a 429
or 503 response and holds that response's download slot (one per host): no request goes out to that
host for that long, the retry included; other hosts go on. RetryMiddleware then retries as usual, at
most ``RETRY_TIMES`` times, after which the page fails and the spider counts it
(``articles/blocked/http_429``, ``articles/failed/http_503``) for the run's verdict.

A wait beyond ``NEWSCRAWLER_RETRY_AFTER_MAX`` seconds is not waited: the request is given up at once
(no retry), with a warning naming the setting. ``NEWSCRAWLER_RETRY_AFTER_ENABLED`` switches it off.

Stats: ``newscrawler/retry_after/held`` (responses that held their host), ``newscrawler/retry_after/seconds``
(seconds held in all), ``newscrawler/retry_after/beyond_max`` (requests given up).
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import call_later

if TYPE_CHECKING:
    from scrapy.core.downloader import Downloader, Slot
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

__all__ = ["RETRY_AFTER_STATUSES", "RetryAfterMiddleware", "retry_after_seconds"]

logger = logging.getLogger(__name__)

#: The statuses whose Retry-After is a request to slow down (RFC 9110 10.2.3, RFC 6585 4).
RETRY_AFTER_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Return the seconds a ``Retry-After`` value asks to wait (0 for a date past), or None if unreadable.

    >>> retry_after_seconds(b"5")
    5.0
    >>> now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    >>> retry_after_seconds("Thu, 01 Jan 2026 12:00:30 GMT", now)
    30.0
    >>> retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now), retry_after_seconds("soon")
    (0.0, None)
    """
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": UTC, as HTTP dates are
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Hold a host's download slot for its Retry-After (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWLER_RETRY_AFTER_ENABLED"):
            raise NotConfigured("NEWSCRAWLER_RETRY_AFTER_ENABLED is off")
        self.most = settings.getfloat("NEWSCRAWLER_RETRY_AFTER_MAX")
        if self.most < 0:
            raise ValueError(f"NEWSCRAWLER_RETRY_AFTER_MAX is {self.most}: give seconds (e.g. 120)")
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats = crawler.stats
        #: Until when (monotonic time) each held slot is held.
        self._held: dict[str, float] = {}
        # The downloader sends this signal before it lets the slot's next request out: holding the
        # slot here, not in process_response, keeps that request in too.
        crawler.signals.connect(self.response_downloaded, signal=signals.response_downloaded)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the middleware from the crawler's settings."""
        return cls(crawler)

    def response_downloaded(self, response: Response, request: Request, spider: Any = None) -> None:
        """Hold the response's host for its Retry-After (up to NEWSCRAWLER_RETRY_AFTER_MAX)."""
        wait = self._wait(response)
        if wait is not None and 0 < wait <= self.most:
            self._hold(request, response, wait)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        """Give the request up (no retry) when its Retry-After asks for longer than the cap."""
        wait = self._wait(response)
        if wait is not None and wait > self.most:
            request.meta["dont_retry"] = True
            self.stats.inc_value("newscrawler/retry_after/beyond_max")
            logger.warning(
                "%s answered %s with Retry-After: %d s, beyond NEWSCRAWLER_RETRY_AFTER_MAX (%d s): "
                "giving it up this run (raise the setting to wait that long)",
                request.url,
                response.status,
                math.ceil(wait),
                self.most,
            )
        return response

    @staticmethod
    def _wait(response: Response) -> float | None:
        if response.status not in RETRY_AFTER_STATUSES:
            return None
        return retry_after_seconds(response.headers.get(b"Retry-After"))

    def _hold(self, request: Request, response: Response, wait: float) -> None:
        engine = self.crawler.engine
        if engine is None:  # pragma: no cover: a crawl always has one
            return
        downloader = engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None:  # pragma: no cover: the slot served this response
            return
        until = monotonic() + wait
        if self._held.get(key, 0.0) < until:
            self._held[key] = until
            _hold_slot(downloader, slot, wait)
        self.stats.inc_value("newscrawler/retry_after/held")
        self.stats.inc_value("newscrawler/retry_after/seconds", math.ceil(wait))
        logger.info(
            "%s answered %s, Retry-After: %s s: no request goes to %s before then",
            request.url,
            response.status,
            round(wait, 1),
            key,
        )


def _hold_slot(downloader: Downloader, slot: Slot, wait: float) -> None:
    """Let no request out of ``slot`` for ``wait`` seconds."""
    # The downloader's delay counts from lastseen; it also keeps the slot from being collected as idle.
    slot.lastseen = max(slot.lastseen, monotonic() + wait)
    if slot.latercall is not None:
        slot.latercall.cancel()
    # While latercall is set the downloader sends nothing from the slot; at its end it looks again.
    slot.latercall = call_later(wait, downloader._latercall, slot)
