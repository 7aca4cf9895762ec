"""Feed exporters that write the Article record exactly as :func:`newscrawler.items.to_json_line` does."""

from __future__ import annotations

from typing import IO, Any

from scrapy.exporters import BaseItemExporter

from newscrawler.items import to_json_line

__all__ = ["ArticleJsonLinesExporter"]


class ArticleJsonLinesExporter(BaseItemExporter):
    """JSON Lines with every Article field in contract order, UTF-8, one article a line."""

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file

    def export_item(self, item: Any) -> None:
        """Write one item as one line."""
        self.file.write(to_json_line(item).encode("utf-8") + b"\n")
