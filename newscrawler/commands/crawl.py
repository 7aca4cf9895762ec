"""``scrapy crawl SITE``: Scrapy's own command, whose exit status tells the run's verdict.

    scrapy crawl kompas; echo $?      0 ok, 3 empty, 4 broken, 5 failing, 6 blocked,
                                      1 could not start / crashed / stopped, 2 usage

The verdict line (``kompas: broken: the site's selectors gave ...``) is the last line of the log
(the ``RunVerdict`` extension logs it as the crawl ends). When the log does not reach stderr
(``LOG_FILE``, ``LOG_ENABLED=False``, or a ``LOG_LEVEL`` above the line's), the line is also
written to stderr, so cron's mail and systemd's journal show it either way.

A crawl that cannot start (a bad ``-a``, a held lock, a store that cannot be opened, an unwritable
``NEWSCRAWLER_EXPORT_DIR``) says why in one line and exits 1 (2 for an unknown spider): until the
spider is open, log records print without their traceback unless ``LOG_LEVEL`` is DEBUG (the
traceback is that level's detail).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.utils.log import get_scrapy_root_handler

from newscrawler.commands.crawlall import CrawlRun, exit_code, start_crawl
from newscrawler.extensions.verdict import line_level
from newscrawler.runfiles import run_name

if TYPE_CHECKING:
    import argparse

    from scrapy.settings import BaseSettings

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
        assert self.settings is not None
        problem = _export_dir_problem(self.settings)
        if problem is not None:
            print(f"crawl: {problem}", file=sys.stderr, flush=True)
            self.exitcode = 1
            return
        loader = self.crawler_process.spider_loader
        if args[0] not in loader.list():
            print(
                f"crawl: no spider named {args[0]!r}: choose from {', '.join(sorted(loader.list()))} "
                "(scrapy list)",
                file=sys.stderr,
                flush=True,
            )
            self.exitcode = 2
            return
        run = CrawlRun(args[0])
        crawler = self._create_crawler(args[0])
        _quiet_until_opened(crawler.signals)
        start_crawl(self.crawler_process, crawler, run, opts.spargs)
        self.crawler_process.start()
        self.exitcode = exit_code(run)
        if run.verdict is not None and not _logged_to_stderr(line_level(run.verdict)):
            print(run.verdict.line(run_name(crawler.spider)), file=sys.stderr, flush=True)


def _logged_to_stderr(level: int) -> bool:
    """Whether a log record of ``level`` reached stderr through Scrapy's root handler."""
    handler = get_scrapy_root_handler()
    return (
        isinstance(handler, logging.StreamHandler)
        and not isinstance(handler, logging.FileHandler)
        and handler.stream is sys.stderr
        and handler.level <= level
    )


def _export_dir_problem(settings: BaseSettings) -> str | None:
    """Why the run's JSON Lines could not be written to ``NEWSCRAWLER_EXPORT_DIR`` (None: they can)."""
    value = settings.get("NEWSCRAWLER_EXPORT_DIR") or ""
    if not value or not settings.getbool("NEWSCRAWLER_STORE_ENABLED"):
        return None
    existing = Path(value)
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    fix = "or set NEWSCRAWLER_EXPORT_DIR to another folder (empty: no per-run files)"
    if not existing.is_dir():
        return f"NEWSCRAWLER_EXPORT_DIR {value} cannot be a folder: {existing} is a file; move it away, {fix}"
    if not os.access(existing, os.W_OK | os.X_OK):
        return (
            f"NEWSCRAWLER_EXPORT_DIR {value} is not writable ({existing}): make it writable for this user "
            f"(chmod u+w {existing}), {fix}"
        )
    return None


class _StartupFormatter(logging.Formatter):
    """Format records as ``inner`` does, without their traceback until the spider is open."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner
        self.opened = False

    def format(self, record: logging.LogRecord) -> str:
        if self.opened or not (record.exc_info or record.exc_text or record.stack_info):
            return self.inner.format(record)
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return self.inner.format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


class _StartupFilter(logging.Filter):
    """Until the spider is open, keep Scrapy's signal-handler errors (a failed start's echoes) off."""

    def __init__(self, formatter: _StartupFormatter) -> None:
        super().__init__()
        self.formatter = formatter

    def filter(self, record: logging.LogRecord) -> bool:
        return self.formatter.opened or not (record.name == "scrapy.utils.signal" and record.exc_info)


class _StartupQuieter(logging.Handler):
    """Sits before Scrapy's root handler and, until the spider is open, makes it print one line a record.

    A crawl installs a root handler of its own as it applies its settings, after the command has
    started it: this handler (added to the root logger first, so called first) wraps whichever root
    handler is current when a record comes, unless its level is DEBUG (then tracebacks are wanted).
    """

    def __init__(self) -> None:
        super().__init__()
        self.formatter_ = _StartupFormatter(logging.Formatter())
        self.wrapped: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        handler = get_scrapy_root_handler()
        if handler is None or handler is self.wrapped or self.formatter_.opened:
            return
        self.wrapped = handler
        if handler.level <= logging.DEBUG:
            return
        formatter = _StartupFormatter(handler.formatter or logging.Formatter())
        formatter.opened = self.formatter_.opened
        self.formatter_ = formatter
        handler.setFormatter(formatter)
        handler.addFilter(_StartupFilter(formatter))

    def opened(self) -> None:
        """Print records in full again: the spider is open."""
        self.formatter_.opened = True
        logging.root.removeHandler(self)


def _quiet_until_opened(crawler_signals: Any) -> None:
    """Print start-up errors as their one line: no traceback on the terminal unless LOG_LEVEL is DEBUG."""
    quieter = _StartupQuieter()
    logging.root.addHandler(quieter)
    crawler_signals.connect(quieter.opened, signal=signals.spider_opened, weak=False)
