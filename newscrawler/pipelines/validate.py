"""ValidatePipeline: an item without a title or a body is not an article; it is dropped, loudly."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["ValidatePipeline"]

#: The fields an article cannot do without.
REQUIRED = ("title", "body")


class ValidatePipeline:
    """Drops items that lack a title or a body (after cleaning), counting why per field.

    Setting: ``NEWSCRAWLER_VALIDATE_ENABLED``. Stats: ``newscrawler/validate/dropped/no_<field>``.
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NEWSCRAWLER_VALIDATE_ENABLED"):
            raise NotConfigured("NEWSCRAWLER_VALIDATE_ENABLED is off")
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        """Build the pipeline from the crawler's settings."""
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        """Return ``item`` when it is an article; raise DropItem naming what is missing otherwise."""
        values = ItemAdapter(item)
        missing = [name for name in REQUIRED if not values.get(name)]
        if not missing:
            return item
        stats = self.crawler.stats
        if stats is not None:
            for name in missing:
                stats.inc_value(f"newscrawler/validate/dropped/no_{name}")
        raise DropItem(
            f"no article at {values.get('url')}: no {' and no '.join(missing)} found; if this is an "
            "article page, the site's selectors no longer match its layout"
        )
