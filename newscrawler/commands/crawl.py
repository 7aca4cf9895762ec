"""``scrapy crawl SITE``: Scrapy's own command, whose exit status tells the run's verdict.

    scrapy crawl kompas; echo $?      0 ok, 3 empty, 4 broken, 5 failing, 6 blocked,
                                      1 could not start / crashed / stopped, 2 usage

The verdict line (``kompas: broken: the site's selectors gave ...``) is the last line of the log
(the ``RunVerdict`` extension logs it as the crawl ends). When the log does not reach stderr
(``LOG_FILE``, ``LOG_ENABLED=False``, or a ``LOG_LEVEL`` above the line's), the line is also
written to stderr, so cron's mail and systemd's journal show it either way.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.utils.log import get_scrapy_root_handler

from newscrawler.commands.crawlall import CrawlRun, exit_code, start_crawl
from newscrawler.extensions.verdict import line_level

if TYPE_CHECKING:
    import argparse

__all__ = ["Command"]


class Command(ScrapyCrawlCommand):
    """The ``crawl`` command, with the verdict as its exit status."""

    def long_desc(self) -> str:
        """Return the help text."""
        return (
            "Run a spider of the current project, by name. The exit status tells the run's verdict: "
            "0 ok, 3 empty, 4 broken, 5 failing, 6 blocked; 1 when the crawl could not start, "
            "crashed or was stopped; 2 for a usage error."
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Run the spider, then set the exit status from its verdict."""
        if len(args) < 1:
            raise UsageError
        if len(args) > 1:
            raise UsageError("running 'scrapy crawl' with more than one spider is not supported")
        assert self.crawler_process is not None
        run = CrawlRun(args[0])
        start_crawl(self.crawler_process, self._create_crawler(args[0]), run, opts.spargs)
        self.crawler_process.start()
        self.exitcode = exit_code(run)
        if run.verdict is not None and not _logged_to_stderr(line_level(run.verdict)):
            print(run.verdict.line(run.name), file=sys.stderr, flush=True)


def _logged_to_stderr(level: int) -> bool:
    """Whether a log record of ``level`` reached stderr through Scrapy's root handler."""
    handler = get_scrapy_root_handler()
    return (
        isinstance(handler, logging.StreamHandler)
        and not isinstance(handler, logging.FileHandler)
        and handler.stream is sys.stderr
        and handler.level <= level
    )
