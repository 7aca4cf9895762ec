"""NormalizePipeline: every Article leaves it in its clean, contract form."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured

from newscrawler.extraction.normalize import ArticleCleaner
from newscrawler.extraction.site import SiteProfile
from newscrawler.items import Article, article_record
from newscrawler.sites import profile_of, site_registry

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.spiders import Spider

__all__ = ["BODY_WORDS", "NormalizePipeline", "article_cleaner", "coverage"]

#: Words a body needs to count as a whole article body in the run's coverage figures.
BODY_WORDS = 50


def coverage(article: Article) -> dict[str, bool]:
    """Return which of the fields a run's coverage figures count the clean article has."""
    return {
        "articles": True,
        "title": bool(article.title),
        "published_at": bool(article.published_at),
        "body_50_words": article.word_count >= BODY_WORDS,
        "authors": bool(article.authors),
    }


class NormalizePipeline:
    """Normalizes text, dates, body and fingerprints of each item (see ``ArticleCleaner``).

    Settings: ``NEWSCRAWLER_NORMALIZE_ENABLED``, ``NEWSCRAWLER_TIMEZONE`` (zone of dates written
    without one), ``NEWSCRAWLER_BOILERPLATE`` (extra rules for every site),
    ``NEWSCRAWLER_DATE_MAX_SKEW`` (seconds a date may lie in the future). A spider may set
    ``timezone`` and ``boilerplate`` attributes of its own; one without a ``timezone`` (the generic
    spider) keeps the offset each page gives, and a page's UTC date is not moved onto a local clock.
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NEWSCRAWLER_NORMALIZE_ENABLED"):
            raise NotConfigured("NEWSCRAWLER_NORMALIZE_ENABLED is off")
        self.crawler = crawler
        article_cleaner(crawler.settings, None)  # a bad setting fails here, before the crawl starts
        self._cleaner: ArticleCleaner | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        """Build the pipeline from the crawler's settings."""
        return cls(crawler)

    def open_spider(self) -> None:
        """Prepare the cleaner for the running spider; a bad zone or rule fails here, at start."""
        self._cleaner = article_cleaner(self.crawler.settings, self.crawler.spider)

    def process_item(self, item: Any) -> Article:
        """Return the clean Article for ``item`` and count what cleaning removed."""
        if self._cleaner is None:
            self._cleaner = article_cleaner(self.crawler.settings, self.crawler.spider)
        article = item if isinstance(item, Article) else Article(**article_record(item))
        clean, report = self._cleaner.clean(article)
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("newscrawler/normalize/items")
            for kind, count in (
                ("boilerplate", report.body.dropped_boilerplate),
                ("repeated", report.body.dropped_repeated),
                ("empty", report.body.dropped_empty),
            ):
                if count:
                    stats.inc_value(f"newscrawler/normalize/paragraphs_dropped/{kind}", count)
            for name in report.unparsed_dates:
                stats.inc_value(f"newscrawler/normalize/unparsed_date/{name}")
            for name, present in coverage(clean).items():
                if present:
                    stats.inc_value(f"newscrawler/coverage/{name}")
        return clean


def article_cleaner(settings: BaseSettings, spider: Spider | None) -> ArticleCleaner:
    """Return the cleaner a crawl of ``spider`` uses: its site profile, NEWSCRAWLER_* for every site.

    A site spider brings its profile (zone, boilerplate); any other spider's ``timezone`` and
    ``boilerplate`` attributes are read the same way. Raises ``ValueError`` with a one-line fix for a
    bad zone, rule or skew.
    """
    skew = settings.getfloat("NEWSCRAWLER_DATE_MAX_SKEW")
    if skew < 0:
        raise ValueError(f"NEWSCRAWLER_DATE_MAX_SKEW is {skew}: give a number of seconds >= 0")
    profile = getattr(spider, "profile", None)
    if not isinstance(profile, SiteProfile):
        profile = profile_of(spider, settings)
    return ArticleCleaner.for_site(
        profile,
        boilerplate=settings.getlist("NEWSCRAWLER_BOILERPLATE"),
        max_skew=timedelta(seconds=skew),
        url_rules=site_registry(settings).url_rules,
    )
