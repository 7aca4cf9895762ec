"""``scrapy health [SITE ...] [--runs N]``: the last runs of each site and their verdicts, from the store.

    scrapy health                  every site with runs in the store, its last 5 runs
    scrapy health kompas --runs 20

One table, oldest run first within a site: site, started (UTC), verdict, article pages fetched, new
articles, coverage (share of the run's articles with a title / a date / a body of 50 words or
more) and the verdict's reason. It reads the store named by ``NEWSCRAWLER_DATABASE_URL`` and
nothing else: no crawl, no network. It opens the store read-only: a missing store is refused in one
line (exit 1), never created; a damaged one likewise, left as it is.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from newscrawler.store import StoreError, open_store, sqlite_path

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

__all__ = ["Command", "health_table"]

logger = logging.getLogger(__name__)

HEADER = ("site", "started (UTC)", "verdict", "pages", "new", "title/date/body %", "reason")


class Command(ScrapyCommand):
    """The ``health`` command."""

    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        """Return the usage line."""
        return "[SITE ...] [--runs N]"

    def short_desc(self) -> str:
        """Return the one-line description."""
        return "Show the last runs of each site and their verdicts, from the store"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's options."""
        super().add_options(parser)
        parser.add_argument("--runs", type=int, default=5, metavar="N", help="runs per site (default 5)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Print the table of the last runs per site."""
        assert self.settings is not None
        if opts.runs < 1:
            raise UsageError(f"--runs {opts.runs}: give a number of runs of 1 or more, e.g. --runs 5")
        url = self.settings.get("NEWSCRAWLER_DATABASE_URL") or ""
        spiders = set(get_spider_loader(self.settings).list())
        try:
            path = sqlite_path(url)
            runs = _runs_by_site(url, args, opts.runs)
        except StoreError as error:
            if any(name not in spiders for name in args):
                runs = {}  # the usage error first: it is told below, whatever the store
            else:
                logger.debug("health: the store failed", exc_info=True)
                print(f"health: {error}", file=sys.stderr)
                self.exitcode = 1
                return
        known = spiders | set(runs)
        unknown = [name for name in args if name not in known]
        if unknown:
            print(
                f"health: unknown site(s) {', '.join(unknown)}: choose from {', '.join(sorted(known))}",
                file=sys.stderr,
            )
            self.exitcode = 2
            return
        sites = list(dict.fromkeys(args)) or sorted(runs)
        if not any(runs.get(site) for site in sites):
            where = f" ({path})" if path is not None else ""
            named = f" of {', '.join(sites)}" if sites else ""
            print(
                f"health: no runs{named} in the store{where}: run `scrapy crawl SITE` first, "
                "or point NEWSCRAWLER_DATABASE_URL at the store the crawls use"
            )
            return
        print(health_table({site: runs.get(site, []) for site in sites}))


def _runs_by_site(url: str, sites: Sequence[str], last: int) -> dict[str, list[dict[str, Any]]]:
    """Return the last runs of each site named (else of every site with runs in the store)."""
    with open_store(url, read_only=True) as store:
        names = list(dict.fromkeys(sites)) or store.spiders()
        found = {name: store.runs(name, last=last) for name in names}
    return {name: runs for name, runs in found.items() if runs}


def health_table(runs_by_site: dict[str, list[dict[str, Any]]]) -> str:
    """Return the table: a row per run (oldest first within a site); a site without runs says so."""
    rows: list[tuple[str, ...]] = []
    for site, runs in runs_by_site.items():
        if not runs:
            rows.append((site, "-", "no runs", "", "", "", ""))
        rows += [_row(site, run) for run in runs]
    table = [HEADER, *rows]
    widths = [max(len(row[column]) for row in table) for column in range(len(HEADER) - 1)]
    right = {3, 4}
    lines = []
    for row in table:
        cells = [
            cell.rjust(width) if column in right else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=False))
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def _row(site: str, run: dict[str, Any]) -> tuple[str, ...]:
    figures: dict[str, Any] = run.get("figures") or {}
    verdict = run.get("verdict")
    if not verdict:
        # A run without a verdict: killed, still running, or recorded before verdicts existed.
        verdict = f"({run.get('close_reason') or 'unfinished'})"
    pages = figures.get("pages", {}).get("fetched")
    new = figures.get("articles", {}).get("new")
    coverage = figures.get("coverage", {})
    if coverage.get("articles"):
        shares = "/".join(
            str(round(100 * float(coverage.get(key, 0.0))))
            for key in ("title", "published_at", "body_50_words")
        )
    else:
        shares = "-"
    return (
        site,
        _started(str(run.get("started_at") or "")),
        verdict,
        "-" if pages is None else str(pages),
        "-" if new is None else str(new),
        shares,
        str(run.get("verdict_reason") or ""),
    )


def _started(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")
