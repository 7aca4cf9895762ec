"""Feed exporters that write the Article record exactly as :func:`newscrawler.items.to_json_line` does.

Items reach feeds only after the store committed them (``StorePipeline``), and each line is flushed
as it is written, so a ``-O`` file holds what the store holds, whatever moment the run is killed.
"""

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
        """Write one item as one line, handed to the system at once.

        The store pipeline passes an item on only once the store committed it; flushing each line
        means a process killed after that (SIGKILL) still leaves the line in the file.
        """
        self.file.write(to_json_line(item).encode("utf-8") + b"\n")
        flush = getattr(self.file, "flush", None)
        if flush is not None:
            flush()
