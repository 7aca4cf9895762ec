"""ValidatePipeline: an item without a title or a body, or with a field beyond its bound, is not an article.

Such an item is dropped, loudly, in one line: the log names the field, its size and the setting.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.logformatter import LogFormatter, LogFormatterResult

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.python.failure import Failure

__all__ = ["BoundedLogFormatter", "ValidatePipeline"]

#: The fields an article cannot do without.
REQUIRED = ("title", "body")

#: The text fields bounded by NEWSCRAWLER_MAX_FIELD_CHARS (lists: their items together).
OTHER_TEXT_FIELDS = (
    "url",
    "canonical_url",
    "source",
    "published_at_raw",
    "authors",
    "section",
    "tags",
    "lead",
    "language",
    "image_url",
)


class ValidatePipeline:
    """Drops items that lack a title or a body, or whose fields are beyond their bounds.

    Settings: ``NEWSCRAWLER_VALIDATE_ENABLED``; ``NEWSCRAWLER_MAX_TITLE_CHARS``,
    ``NEWSCRAWLER_MAX_BODY_CHARS`` and ``NEWSCRAWLER_MAX_FIELD_CHARS`` (each other text field; 0: no
    bound). Stats: ``newscrawler/validate/dropped/no_<field>`` and
    ``newscrawler/validate/dropped/too_long/<field>``.
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWLER_VALIDATE_ENABLED"):
            raise NotConfigured("NEWSCRAWLER_VALIDATE_ENABLED is off")
        self.crawler = crawler
        #: field: (most characters, the setting that says so).
        self.bounds: dict[str, tuple[int, str]] = {}
        other = settings.getint("NEWSCRAWLER_MAX_FIELD_CHARS")
        for name in OTHER_TEXT_FIELDS:
            self.bounds[name] = (other, "NEWSCRAWLER_MAX_FIELD_CHARS")
        self.bounds["title"] = (settings.getint("NEWSCRAWLER_MAX_TITLE_CHARS"), "NEWSCRAWLER_MAX_TITLE_CHARS")
        self.bounds["body"] = (settings.getint("NEWSCRAWLER_MAX_BODY_CHARS"), "NEWSCRAWLER_MAX_BODY_CHARS")
        for most, setting in self.bounds.values():
            if most < 0:
                raise ValueError(f"{setting}={most}: give a number of characters, or 0 for no bound")
        self.bounds = {name: bound for name, bound in self.bounds.items() if bound[0] > 0}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        """Build the pipeline from the crawler's settings."""
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Return ``item`` when it is an article; raise DropItem naming what is wrong otherwise."""
        values = ItemAdapter(item)
        missing = [name for name in REQUIRED if not values.get(name)]
        if missing:
            for name in missing:
                self._inc(f"newscrawler/validate/dropped/no_{name}")
            raise DropItem(
                f"no article at {_shown_url(values)}: no {' and no '.join(missing)} found; if this is an "
                "article page, the site's selectors no longer match its layout"
            )
        for name, (most, setting) in self.bounds.items():
            size = _chars(values.get(name))
            if size > most:
                self._inc(f"newscrawler/validate/dropped/too_long/{name}")
                raise DropItem(
                    f"article {_shown_url(values)} dropped: its {name} has {size:,} characters, over "
                    f"{setting}={most}: a broken or hostile page (raise the setting if such {name}s are real)"
                )
        return item

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)


class BoundedLogFormatter(LogFormatter):
    """Scrapy's log lines, but a dropped item is named by its URL, never dumped whole.

    Scrapy logs every field of a dropped item after the reason: a 1 MB title or a whole body in the
    log for each drop. Setting: ``LOG_FORMATTER``.
    """

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        """Log the reason (which names the item's URL) in one line at the exception's level."""
        if (level := getattr(exception, "log_level", None)) is None:
            level = spider.crawler.settings["DEFAULT_DROPITEM_LOG_LEVEL"]
        if isinstance(level, str):
            level = getattr(logging, level.upper(), logging.WARNING)
        return {
            "level": level if isinstance(level, int) else logging.WARNING,
            "msg": "Dropped: %(exception)s",
            "args": {"exception": _bounded(str(exception))},
        }


def _chars(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple):
        return sum(_chars(part) for part in value)
    return len(str(value))


def _shown_url(values: ItemAdapter, most: int = 300) -> str:
    return _bounded(str(values.get("url") or ""), most)


def _bounded(text: str, most: int = 2000) -> str:
    return text if len(text) <= most else f"{text[:most]}... ({len(text):,} characters)"
