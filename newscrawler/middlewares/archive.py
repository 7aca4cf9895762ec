"""Raw pages kept: each run writes the article pages it fetched, with their HTTP headers, as a WARC.

With ``NEWSCRAWLER_ARCHIVE`` on, a run writes ``<dir>/<spider>/<UTC start>.warc.gz`` (``dir``:
``NEWSCRAWLER_ARCHIVE_DIR``, else ``NEWSCRAWLER_EXPORT_DIR``, else ``output``; the stamp is the one of
the run's JSON Lines), through ``.<name>.tmp`` renamed when the spider closes. The format is
described in ``newscrawler/warc.py``; ``scrapy extract --warc`` reads it back.

Two parts:

* :class:`ArchiveMiddleware` (downloader middleware) writes every 2xx response to an article page:
  a request with ``meta["newscrawler_article"]`` (an article's first page) or one marked by
  :class:`ArchivePagesMiddleware` (a following page). It sits below HttpCompressionMiddleware (590), so
  the body it writes is the decoded one the spider gets; RedirectMiddleware (600) has already turned
  redirects into new requests. Through the replay download handler responses carry their original URLs,
  and those are archived. It puts the fetch time in ``meta["newscrawler_fetched_at"]``.
* :class:`ArchivePagesMiddleware` (spider middleware) marks the requests for the next page of an
  article (``meta["newscrawler_page_of"]``, set by the spider) with the article, as its first page's
  request named it, and the page number; and it gives an article
  its page's fetch time as ``crawled_at``, the ``WARC-Date`` re-extraction uses, so the archive
  reproduces the run's records.

Counts ``newscrawler/archive/pages``, ``newscrawler/archive/records`` and ``newscrawler/archive/bytes``.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from newscrawler.extraction.dates import format_iso
from newscrawler.middlewares.incremental import ARTICLE_META
from newscrawler.offline import dated
from newscrawler.runfiles import run_name, run_stamp, run_started
from newscrawler.spiders.base import PAGE_OF_META
from newscrawler.warc import ArchivedPage, SavedResponse, WarcFile

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scrapy.crawler import Crawler
    from scrapy.http.headers import Headers
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

__all__ = ["FETCHED_AT_META", "PAGE_META", "ArchiveMiddleware", "ArchivePagesMiddleware", "archive_folder"]

logger = logging.getLogger(__name__)

SETTING = "NEWSCRAWLER_ARCHIVE"
#: Request meta key: when the response to it was fetched (ISO 8601 UTC, to the second).
FETCHED_AT_META = "newscrawler_fetched_at"
#: Request meta key of a following page of an article: [article URL, page number].
PAGE_META = "newscrawler_archive_page"


def archive_folder(settings: BaseSettings) -> Path:
    """Return the folder the archives go to (each spider's in a folder of its name)."""
    return Path(settings.get("NEWSCRAWLER_ARCHIVE_DIR") or settings.get("NEWSCRAWLER_EXPORT_DIR") or "output")


def _archived(settings: BaseSettings) -> None:
    if not settings.getbool(SETTING):
        raise NotConfigured(f"{SETTING} is off")


def _page_of(meta: Mapping[str, Any], url: str) -> tuple[str, int] | None:
    """Return (article URL, page number) of a request for an article page, or None."""
    if meta.get(ARTICLE_META):
        return str(meta.get("newscrawler_url") or url), 1
    marked = meta.get(PAGE_META)
    if marked:
        return str(marked[0]), int(marked[1])
    return None


class ArchiveMiddleware:
    """Write each 2xx article page to the run's WARC (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        _archived(crawler.settings)
        self.crawler = crawler
        self.folder = archive_folder(crawler.settings)
        self.started = run_started(crawler)  # the run's JSON Lines (pipelines/store.py) share it
        assert crawler.stats is not None
        self.stats: StatsCollector = crawler.stats
        self.file: WarcFile | None = None
        # One thread writes: compressing a page never holds up the crawl, records keep their order.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newscrawler-archive")
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build the middleware from the crawler's settings."""
        return cls(crawler)

    def spider_opened(self) -> None:
        """Start the run's WARC under its temporary name, with its warcinfo record."""
        name = run_name(self.crawler.spider)
        folder = self.folder / name
        stamp = run_stamp(self.started)
        final = folder / f"{stamp}.warc.gz"
        number = 1
        # A run of the same second before this one: "_" sorts after ".", as in the JSON Lines' names.
        while final.exists():
            number += 1
            final = folder / f"{stamp}_{number}.warc.gz"
        software = f"newscrawler/{version('newscrawler')} warcio/{version('warcio')}"
        self.file = WarcFile(final, name, software)
        self._count(self.file.size, records=1)

    def spider_closed(self) -> None:
        """Finish the WARC: every record on disk, renamed to its final name."""
        if self.file is None:
            return
        self._executor.shutdown(wait=True)
        self.file.close()
        logger.info(
            "archive: %s pages in %s", self.stats.get_value("newscrawler/archive/pages", 0), self.file.final
        )
        self.file = None

    async def process_response(self, request: Request, response: Response) -> Response:
        """Archive a 2xx response to an article page; pass every response on unchanged."""
        page = _page_of(request.meta, request.url)
        if self.file is None or page is None or not 200 <= response.status < 300:
            return response
        fetched_at = format_iso(datetime.now(UTC).replace(microsecond=0))
        request.meta[FETCHED_AT_META] = fetched_at
        archived = ArchivedPage(
            SavedResponse(
                url=response.url,
                body=response.body,
                headers=_pairs(response.headers),
                status=response.status,
                fetched_at=fetched_at,
            ),
            article=page[0],
            page=page[1],
            redirected_from=tuple(request.meta.get("redirect_urls", ())),
        )
        parts = urlsplit(request.url)
        request_line = f"{request.method} {parts.path or '/'}{'?' + parts.query if parts.query else ''}"
        request_headers = [("Host", parts.netloc), *_pairs(request.headers)]
        protocol = response.protocol or "HTTP/1.1"
        file = self.file
        try:
            written = await asyncio.get_running_loop().run_in_executor(
                self._executor, _write, file, archived, request_line, request_headers, protocol
            )
        except OSError as error:
            logger.error("archive: cannot write %s to %s: %s", response.url, file.final, error)
            return response
        self.stats.inc_value("newscrawler/archive/pages")
        self._count(written, records=2)
        return response

    def _count(self, written: int, *, records: int) -> None:
        self.stats.inc_value("newscrawler/archive/records", records)
        self.stats.inc_value("newscrawler/archive/bytes", written)


def _write(
    file: WarcFile, page: ArchivedPage, request_line: str, headers: list[tuple[str, str]], protocol: str
) -> int:
    """Write one page's records (on the archive's thread); return the bytes written."""
    before = file.size
    file.write_page(page, request_line, headers, protocol)
    return file.size - before


def _pairs(headers: Headers) -> list[tuple[str, str]]:
    """Scrapy headers as (name, value) text pairs, one per value, in their order."""
    return [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    ]


class ArchivePagesMiddleware(BaseSpiderMiddleware):
    """Mark following pages of articles for the archive; date articles by their page's fetch time."""

    def __init__(self, crawler: Crawler) -> None:
        _archived(crawler.settings)
        super().__init__(crawler)

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        """Mark a next-page request made on an article page with its article and page number."""
        if not isinstance(response, Response) or PAGE_OF_META not in request.meta:
            return request
        page = _page_of(response.meta, response.url)
        if page is not None:
            request.meta[PAGE_META] = [page[0], page[1] + 1]
        return request

    def get_processed_item(self, item: Any, response: Response | None) -> Any:
        """Give an article its page's fetch time as ``crawled_at``."""
        if isinstance(response, Response):
            return dated(item, response.meta.get(FETCHED_AT_META))
        return item
