"""Where a site's article URLs come from: declarations a site spider lists in ``sources``.

Each source is plain data; :class:`newscrawler.spiders.base.NewsSpider` fetches and reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["DailyIndex", "Feed", "Listing", "Sitemap", "Source"]


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A sitemap, news sitemap or sitemap index (followed recursively; ``.gz`` read too)."""

    url: str


@dataclass(frozen=True, slots=True)
class Feed:
    """An RSS or Atom feed."""

    url: str


@dataclass(frozen=True, slots=True)
class DailyIndex:
    """A dated index: ``template`` has ``{date:...}`` (a ``datetime.date``) and ``{page}``.

    Days are walked from ``until`` back to ``since`` (default: today only); a day's pages are
    read until one brings no new article URL, or ``max_pages``.

    >>> index = DailyIndex("https://news.example.id/indeks?date={date:%m/%d/%Y}&page={page}")
    >>> index.url(date(2024, 10, 4), 2)
    'https://news.example.id/indeks?date=10/04/2024&page=2'
    """

    template: str
    max_pages: int = 20
    first_page: int = 1

    def url(self, day: date, page: int) -> str:
        """Return the index URL of ``day``'s ``page``."""
        return self.template.format(date=day, page=page)


@dataclass(frozen=True, slots=True)
class Listing:
    """A paginated listing (a section's "terbaru" pages): ``template`` has ``{page}``.

    Reading stops after ``stale_pages`` pages in a row that bring no new article URL, and at
    ``max_pages`` whatever happens.
    """

    template: str
    max_pages: int = 50
    stale_pages: int = 2
    first_page: int = 1

    def url(self, page: int) -> str:
        """Return the listing URL of ``page``."""
        return self.template.format(page=page)


Source = Sitemap | Feed | DailyIndex | Listing
