"""``scrapy crawlall``: every site spider (or those named) in one process, then one summary table.

    scrapy crawlall                                  every site spider (NewsSpiders but the generic `article`)
    scrapy crawlall kompas detik -a since=2024-10-01 those two, each with the same spider arguments
    scrapy crawlall -s NEWSCRAWLER_REPLAY_PREFIX=http://127.0.0.1:8080/replay/

The crawls run one after another in one reactor: each crawler's stats (``log_count/ERROR`` above all)
then count its own crawl only, a single archive behind ``NEWSCRAWLER_REPLAY_PREFIX`` is read by one
crawl at a time, and the store is written by one crawl at a time. A crawl that fails to start does not
stop the others; after a shutdown (Ctrl-C, SIGTERM) the crawls not yet started are not started.

Items go where the settings send them (the store, the pipelines' JSON Lines); ``-s FEEDS=...`` with a
``%(name)s`` placeholder in the path gives one feed per spider. The summary is printed to stdout: per
spider the items scraped and dropped, requests, errors (``log_count/ERROR``), finish reason, verdict
(:mod:`newscrawler.verdict`) and duration, then each crawl's verdict line. The exit status is the
highest of the crawls' (:func:`exit_code`): 0 when every verdict is ``ok``, 1 when a crawl failed to
start, crashed or was stopped, else the worst verdict's (3 empty, 4 broken, 5 failing, 6 blocked).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import arglist_to_dict
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from newscrawler.extensions.verdict import verdict_of
from newscrawler.sites import site_registry
from newscrawler.verdict import EXIT_CRASHED, Verdict

if TYPE_CHECKING:
    import argparse

    from scrapy.crawler import Crawler, CrawlerProcessBase

__all__ = ["Command", "CrawlRun", "exit_code", "start_crawl", "summary_table"]

logger = logging.getLogger(__name__)

#: Finish reasons of a crawl that ended as configured (``CLOSESPIDER_*`` limits reached).
_LIMIT_REASONS = frozenset(
    {"closespider_itemcount", "closespider_pagecount", "closespider_timeout", "closespider_timeout_no_item"}
)


@dataclass(slots=True)
class CrawlRun:
    """One spider's crawl in a ``crawlall`` run: what it did, read from its crawler's stats."""

    name: str
    started: bool = False
    #: Why it did not start or failed, when it did not run to its end.
    error: str | None = None
    reason: str | None = None
    duration: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)
    #: The run's verdict (None: it did not run to its end, or NEWSCRAWLER_VERDICT_ENABLED is off).
    verdict: Verdict | None = None
    #: The crawler that ran it (its spider is there after the crawl).
    crawler: Crawler | None = field(default=None, repr=False)

    @property
    def items(self) -> int:
        """Return the items scraped (passed every pipeline)."""
        return int(self.stats.get("item_scraped_count", 0))

    @property
    def dropped(self) -> int:
        """Return the items a pipeline dropped."""
        return int(self.stats.get("item_dropped_count", 0))

    @property
    def requests(self) -> int:
        """Return the requests sent to the downloader."""
        return int(self.stats.get("downloader/request_count", 0))

    @property
    def errors(self) -> int:
        """Return the messages logged at ERROR during the crawl."""
        return int(self.stats.get("log_count/ERROR", 0))

    @property
    def status(self) -> str:
        """Return the finish reason, or why there is none."""
        if not self.started:
            return "not run"
        if self.error is not None:
            return "failed to start" if self.reason is None else "failed"
        return self.reason or "unknown"


def exit_code(run: CrawlRun) -> int:
    """Return the exit status that tells how a crawl went.

    1 (``EXIT_CRASHED``) when it did not start, failed, or ended for another reason than ``finished``
    or a configured ``closespider_*`` limit (other than the error count); else its verdict's (0 for
    ``ok``), or 0 when it has none (the verdict switched off).
    """
    if not run.started or run.error is not None:
        return EXIT_CRASHED
    if run.reason != "finished" and run.reason not in _LIMIT_REASONS:
        return EXIT_CRASHED
    return run.verdict.exit_code if run.verdict is not None else 0


def summary_table(runs: Sequence[CrawlRun]) -> str:
    """Return the summary: one row per crawl, a total row, then each crawl's verdict (or error) line."""
    header = ("spider", "items", "dropped", "requests", "errors", "finish reason", "verdict", "duration")
    rows = [
        (
            run.name,
            str(run.items),
            str(run.dropped),
            str(run.requests),
            str(run.errors),
            run.status,
            run.verdict.name if run.verdict is not None else "-",
            _duration(run.duration),
        )
        for run in runs
    ]
    total = (
        "total",
        str(sum(run.items for run in runs)),
        str(sum(run.dropped for run in runs)),
        str(sum(run.requests for run in runs)),
        str(sum(run.errors for run in runs)),
        "",
        f"{sum(exit_code(run) == 0 for run in runs)}/{len(runs)} ok",
        _duration(sum(run.duration for run in runs)),
    )
    table = [header, *rows, total]
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    # Names, reasons and verdicts left-aligned, numbers right-aligned.
    left = {0, 5, 6}
    lines = [
        "  ".join(
            cell.ljust(width) if column in left else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in table
    ]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    for run in runs:
        if run.error is not None:
            lines.append(f"{run.name}: {run.error}")
        elif run.verdict is not None:
            lines.append(run.verdict.line(run.name))
    return "\n".join(lines)


class Command(ScrapyCommand):
    """The ``crawlall`` command."""

    requires_project = True

    def syntax(self) -> str:
        """Return the usage line."""
        return "[SPIDER ...] [-a NAME=VALUE ...] [-s NAME=VALUE ...]"

    def short_desc(self) -> str:
        """Return the one-line description."""
        return "Run every site spider (or those named) one after another in one process; print a summary"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's options."""
        super().add_options(parser)
        parser.add_argument(
            "-a",
            dest="spargs",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="spider argument given to every spider (may be repeated)",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Read the global options and the spider arguments."""
        super().process_options(args, opts)
        try:
            opts.spargs = arglist_to_dict(opts.spargs)
        except ValueError:
            raise UsageError("Invalid -a value, use -a NAME=VALUE", print_help=False) from None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Run the crawls one after another, print the summary, set the exit status."""
        assert self.crawler_process is not None
        process = self.crawler_process
        options = [arg for arg in args if arg.startswith("-")]
        if options:
            raise UsageError(
                f"unrecognized option(s) {' '.join(options)}: crawlall takes spider names, -a and -s "
                "(items go to the store; for a feed use -s FEEDS with %(name)s in the path)",
                print_help=False,
            )
        # The site spiders: the generic `article` spider needs its own -a url=, so runs with `scrapy crawl`.
        known = sorted(site_registry(process.settings).spiders)
        unknown = [name for name in args if name not in known]
        if unknown:
            raise UsageError(
                f"unknown spider(s) {', '.join(unknown)}: choose from {', '.join(known)}", print_help=False
            )
        names = list(dict.fromkeys(args)) or known
        if not names:
            raise UsageError("this project has no site spider to run", print_help=False)
        runs = [CrawlRun(name) for name in names]
        start_in_turn(process, runs, 0, opts.spargs)
        process.start()
        print(summary_table(runs), flush=True)
        self.exitcode = max(exit_code(run) for run in runs)


def start_in_turn(
    process: CrawlerProcessBase, runs: list[CrawlRun], index: int, spargs: dict[str, str]
) -> None:
    """Start ``runs[index]``; when it ends, start the next one, unless the process is shutting down.

    Used by ``crawlall`` and ``sitecheck``.

    The next crawl starts from the callback of the crawl that ended, which runs before the process's
    ``join()`` looks again for active crawls, so ``start()`` keeps the reactor running until the last.
    """
    if index >= len(runs):
        return
    run = runs[index]
    logger.info("crawlall: starting %s (%d of %d)", run.name, index + 1, len(runs))

    def ended() -> None:
        if run.reason == "shutdown":
            logger.info("crawlall: shutting down, %d crawl(s) not started", len(runs) - index - 1)
            return
        start_in_turn(process, runs, index + 1, spargs)

    try:
        crawler = process.create_crawler(run.name)
    except Exception as error:
        run.started = True
        run.error = f"failed to start: {_describe(error)}"
        logger.error("crawlall: %s %s", run.name, run.error)
        ended()
        return
    start_crawl(process, crawler, run, spargs, ended)


def start_crawl(
    process: CrawlerProcessBase,
    crawler: Crawler,
    run: CrawlRun,
    spargs: dict[str, str],
    ended: Callable[[], None] | None = None,
) -> None:
    """Start ``crawler`` in ``process``; when it ends, fill ``run`` in from it, then call ``ended``.

    ``run`` gets the duration, the finish reason, the stats, the verdict and, when the crawl failed
    to start or failed, the error.
    """
    run.started = True
    run.crawler = crawler
    began = time.monotonic()
    reasons: list[str] = []

    def closed(spider: Any, reason: str) -> None:
        reasons.append(reason)

    def done(error: BaseException | None) -> None:
        run.duration = time.monotonic() - began
        run.reason = reasons[-1] if reasons else None
        try:
            run.stats = dict(crawler.stats.get_stats())
        except RuntimeError:  # the crawl failed before its stats existed
            run.stats = {}
        run.reason = run.reason or run.stats.get("finish_reason")
        run.verdict = verdict_of(crawler)
        if error is not None:
            run.error = f"{'failed' if run.reason else 'failed to start'}: {_describe(error)}"
            logger.error("crawl of %s %s", run.name, run.error)
        if ended is not None:
            ended()

    crawler.signals.connect(closed, signal=signals.spider_closed)
    try:
        waitable = process.crawl(crawler, **spargs)
    except Exception as error:
        done(error)
        return
    _when_done(waitable, done)


def _when_done(waitable: Awaitable[None], callback: Callable[[BaseException | None], None]) -> None:
    """Call ``callback(error or None)`` when a crawl's Deferred or asyncio task is done."""
    if isinstance(waitable, Deferred):

        def on_result(result: object) -> None:
            callback(result.value if isinstance(result, Failure) else None)

        waitable.addBoth(on_result)
    elif isinstance(waitable, asyncio.Future):

        def on_done(task: asyncio.Future[None]) -> None:
            callback(asyncio.CancelledError() if task.cancelled() else task.exception())

        waitable.add_done_callback(on_done)
    else:  # pragma: no cover - Scrapy's crawler processes return one of the two
        raise TypeError(f"cannot follow a crawl of type {type(waitable).__name__}")


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.2f}s"
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{seconds:02d}s" if hours else f"{minutes}m{seconds:02d}s"


def _describe(error: BaseException) -> str:
    return str(error) or type(error).__name__
