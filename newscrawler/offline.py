"""Articles from saved pages as a crawl makes them: the spider's own callbacks, then the crawl's cleaning.

:func:`reextract` is the crawl without the network: ``scrapy extract --warc`` runs it over a run's
archive (``newscrawler/warc.py``), and a test can run it over fixture pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes
from twisted.python.failure import Failure

from newscrawler.items import Article
from newscrawler.middlewares.incremental import ARTICLE_META
from newscrawler.pipelines.normalize import article_cleaner
from newscrawler.warc import ArchivedPage, SavedResponse, WarcArchive

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from newscrawler.spiders.base import NewsSpider

__all__ = ["ArchiveFetch", "Fetch", "as_response", "dated", "reextract"]

#: Returns the saved response for a request's URL, or None when none was saved (the request fails).
Fetch = Callable[[str], SavedResponse | None]


def reextract(
    spider: NewsSpider,
    url: str,
    fetch: Fetch,
    settings: BaseSettings,
    *,
    article_url: str | None = None,
    clean: Callable[[Article], Article] | None = None,
) -> list[Article]:
    """Return the Articles a crawl makes of the article page at ``url``, from saved pages only.

    The page goes to ``spider.parse_article``; each Request the callbacks yield (the next page of a
    multi-page article) is answered with ``fetch(request.url)`` and its callback, or, when nothing was
    saved for it, its errback with a failure, as a crawl's failed download would. Every item is then
    cleaned as the crawl's normalize pipeline does (``clean`` replaces that, e.g. with the pipeline
    itself). An item takes the ``fetched_at`` of the page whose callback yielded it as ``crawled_at``,
    as in a crawl with the archive on. Nothing saved for ``url``: no Article. ``article_url`` is the
    article's own URL when ``url`` is a variant of it (``?page=all``), as in the crawl's request meta.
    """
    if clean is None:
        cleaner = article_cleaner(settings, spider)

        def clean(article: Article) -> Article:
            return cleaner.clean(article)[0]

    first = Request(
        url, callback=spider.parse_article, meta={ARTICLE_META: True, "newscrawler_url": article_url or url}
    )
    pending: list[Request] = [first]
    items: list[Article] = []
    while pending:
        request = pending.pop(0)
        saved = fetch(request.url)
        outputs: Iterable[Any] | None
        if saved is not None:
            assert request.callback is not None
            outputs = request.callback(as_response(saved, request), **request.cb_kwargs)
        elif request.errback is not None:
            failure = Failure(IgnoreRequest(f"{request.url} was not saved"))  # type: ignore[no-untyped-call]
            failure.request = request  # type: ignore[attr-defined]  # as Scrapy hands failures to errbacks
            outputs = request.errback(failure)
        else:
            outputs = None
        for output in outputs or ():
            if isinstance(output, Request):
                pending.append(output)
            elif isinstance(output, Article):
                items.append(dated(output, saved.fetched_at if saved is not None else None))
    return [clean(item) for item in items]


class ArchiveFetch:
    """A ``Fetch`` for one archived article: its pages from the archive, kept in the order asked.

    The first page is the one given; a following page comes from the same file where it can.
    ``missing(url)`` is called for a page the archive does not hold (the request then fails).
    """

    def __init__(
        self, archive: WarcArchive, first: ArchivedPage, missing: Callable[[str], None] | None = None
    ) -> None:
        self.archive, self.first, self.missing = archive, first, missing
        #: The pages handed out so far.
        self.pages: list[SavedResponse] = []

    def __call__(self, url: str) -> SavedResponse | None:
        """Return the archived page of ``url``, or None."""
        if url == self.first.response.url:
            saved: SavedResponse | None = self.first.response
        else:
            saved = self.archive.response(url, self.first.file)
        if saved is not None:
            self.pages.append(saved)
        elif self.missing is not None:
            self.missing(url)
        return saved


def as_response(saved: SavedResponse, request: Request) -> Response:
    """Build the Response a crawl hands its callback: the class chosen by headers, URL and body."""
    values: defaultdict[str, list[str]] = defaultdict(list)
    for name, value in saved.headers:
        values[name].append(value)
    headers = Headers(dict(values))
    cls = responsetypes.from_args(headers=headers, url=saved.url, body=saved.body)
    return cls(url=saved.url, status=saved.status, headers=headers, body=saved.body, request=request)


def dated(item: Any, fetched_at: str | None) -> Any:
    """Give an Article without a ``crawled_at`` the time its page was fetched (ISO 8601 UTC)."""
    if fetched_at and isinstance(item, Article) and not item.crawled_at:
        item.crawled_at = fetched_at
    return item
