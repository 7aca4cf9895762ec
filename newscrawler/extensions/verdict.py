"""RunVerdict: at the end of a crawl, judge its stats once; the verdict goes to the stats, the log, the store.

Setting ``NEWSCRAWLER_VERDICT_ENABLED`` (off: NotConfigured), thresholds ``NEWSCRAWLER_VERDICT_*``
(checked when the crawl starts; see :mod:`newscrawler.verdict`). At ``spider_closed`` the verdict is
judged and kept in the stats as ``newscrawler/verdict`` and ``newscrawler/verdict/reason``; other
components ask for it with ``crawler.get_extension(RunVerdict).verdict()`` (the store's run record).
At ``engine_stopped``, the crawl's last moment, its line is logged (INFO for ``ok``, WARNING else),
so it is the last line of the crawl's log.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from newscrawler.runfiles import run_name
from newscrawler.verdict import Verdict, judge, thresholds_from

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["RunVerdict", "line_level", "verdict_of"]

logger = logging.getLogger("newscrawler.verdict")


class RunVerdict:
    """Judge the crawl once at its end (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWLER_VERDICT_ENABLED"):
            raise NotConfigured("NEWSCRAWLER_VERDICT_ENABLED is off")
        self.crawler = crawler
        self.thresholds = thresholds_from(settings)  # a bad threshold stops the crawl here, at start
        self._verdict: Verdict | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunVerdict:
        """Build the extension from the crawler's settings."""
        return cls(crawler)

    @property
    def site(self) -> str:
        """Return the name the verdict line starts with: the run's (see ``run_name``)."""
        return run_name(self.crawler.spider)

    def verdict(self) -> Verdict:
        """Return the run's verdict, judged from the stats on the first call and kept.

        Call it once the spider is closing (``spider_closed`` and later): the item pipelines are
        closed by then, so every counter is final.
        """
        if self._verdict is None:
            stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
            self._verdict = judge(stats, self.thresholds)
        return self._verdict

    @property
    def judged(self) -> Verdict | None:
        """Return the verdict when the run was judged (its spider closed), else None."""
        return self._verdict

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Judge the run and keep the verdict in the stats."""
        verdict = self.verdict()
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("newscrawler/verdict", verdict.name)
            self.crawler.stats.set_value("newscrawler/verdict/reason", verdict.reason)

    def engine_stopped(self) -> None:
        """Log the verdict line, the last line of the crawl."""
        if self._verdict is not None:
            logger.log(line_level(self._verdict), self._verdict.line(self.site))


def verdict_of(crawler: Crawler) -> Verdict | None:
    """Return the verdict of a crawl that ran (None: the verdict is off, or the spider never closed)."""
    try:
        extension = crawler.get_extension(RunVerdict)
    except RuntimeError:  # the crawl failed before its extensions existed
        return None
    return extension.judged if extension is not None else None


def line_level(verdict: Verdict) -> int:
    """Return the log level of a verdict's line: INFO for ``ok``, WARNING for every other verdict."""
    return logging.INFO if verdict.name == "ok" else logging.WARNING
