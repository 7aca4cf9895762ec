"""``scrapy sitecheck [SITE ...]``: whether each site spider still works against the live site.

    scrapy sitecheck                          every site spider, 3 newest articles each
    scrapy sitecheck kompas --articles 5      one site, five articles
    scrapy sitecheck kompas --save-fixtures candidates/   and save pages and items as fixture cases
    scrapy sitecheck -s NEWSCRAWLER_REPLAY_PREFIX=http://127.0.0.1:8080/replay/   through a replay

Per site it reads the declared sources and the first ``--articles`` articles they list (politely:
the project's delays and robots.txt, at most ``--max-requests`` responses and ``--timeout`` seconds
per site), and prints the run's verdict, which layout and layer supplied each field, and every
source page that failed. Nothing goes into the store (the check is no crawl: the articles stay new
for the next scheduled run). With ``--save-fixtures DIR`` each article's pages are saved in
``DIR/<site>/`` with the item extracted from them, a line per article in ``DIR/<site>/cases.jsonl``
in the format of ``tests/fixtures/<site>/cases.jsonl``: a maintainer reviews them and commits them
as the fixture of a new layout.

Without network (the sources' hosts do not resolve, and no replay prefix is set) it stops at once
with the same line as ``make crawl``. The exit status is the worst verdict's, as for ``scrapy
crawlall`` (0 when every site is ``ok``).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawler.commands.crawlall import CrawlRun, exit_code, start_in_turn
from newscrawler.extraction.fields import FIELD_NAMES
from newscrawler.items import article_record
from newscrawler.netcheck import offline_message, resolvable, source_hosts
from newscrawler.offline import ArchiveFetch, reextract
from newscrawler.sites import site_registry
from newscrawler.warc import WarcArchive, WarcError

if TYPE_CHECKING:
    import argparse

    from scrapy.settings import BaseSettings

    from newscrawler.spiders.base import NewsSpider

__all__ = ["Command", "site_report"]

#: Fields of a saved item left out of a candidate fixture's expectation: they change at every fetch.
_VOLATILE = ("crawled_at", "content_hash", "simhash")


class Command(ScrapyCommand):
    """The ``sitecheck`` command."""

    requires_project = True
    # A check's output is its report: Scrapy's INFO lines would bury it (-L INFO brings them back).
    default_settings = {"LOG_LEVEL": "WARNING"}  # noqa: RUF012 (ScrapyCommand's own attribute)

    def syntax(self) -> str:
        """Return the usage line."""
        return "[SITE ...] [--articles N] [--save-fixtures DIR] [--timeout SECONDS] [--max-requests N]"

    def short_desc(self) -> str:
        """Return the one-line description."""
        return "Check each site spider against the live site: verdict, layouts and layers, failed sources"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's options."""
        super().add_options(parser)
        parser.add_argument("--articles", type=int, default=3, metavar="N", help="articles per site (3)")
        parser.add_argument(
            "--save-fixtures", metavar="DIR", help="save each article's pages and item as a candidate fixture"
        )
        parser.add_argument(
            "--timeout", type=float, default=180.0, metavar="SECONDS", help="most seconds per site (180)"
        )
        parser.add_argument(
            "--max-requests", type=int, default=60, metavar="N", help="most responses per site (60)"
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Check the options; set the crawls' bounds, no store, and an archive of the pages."""
        super().process_options(args, opts)
        if opts.articles < 1:
            raise UsageError(f"--articles {opts.articles}: give a number of articles >= 1, e.g. --articles 3")
        if opts.timeout <= 0:
            raise UsageError(f"--timeout {opts.timeout}: give seconds > 0, e.g. --timeout 180")
        if opts.max_requests < 1:
            raise UsageError(
                f"--max-requests {opts.max_requests}: give a number >= 1, e.g. --max-requests 60"
            )
        assert self.settings is not None
        self.archive_dir = Path(tempfile.mkdtemp(prefix="newscrawler-sitecheck-"))
        # The check leaves the store alone; its pages go to a throwaway archive (for --save-fixtures).
        self.settings.setdict(
            {
                "NEWSCRAWLER_STORE_ENABLED": False,
                "NEWSCRAWLER_ARCHIVE": True,
                "NEWSCRAWLER_ARCHIVE_DIR": str(self.archive_dir),
            },
            priority="cmdline",
        )
        # Bounds a user may still set with -s.
        self.settings.setdict(
            {"CLOSESPIDER_TIMEOUT": opts.timeout, "CLOSESPIDER_PAGECOUNT": opts.max_requests},
            priority="command",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Check the sites one after another, print a report per site, set the exit status."""
        try:
            self.exitcode = self._check(args, opts)
        finally:
            shutil.rmtree(self.archive_dir, ignore_errors=True)

    def _check(self, args: list[str], opts: argparse.Namespace) -> int:
        assert self.crawler_process is not None
        process = self.crawler_process
        sites = site_registry(process.settings).spiders
        unknown = [name for name in args if name not in sites]
        if unknown:
            raise UsageError(
                f"unknown site(s) {', '.join(unknown)}: choose from {', '.join(sites)}", print_help=False
            )
        names = list(dict.fromkeys(args)) or list(sites)
        if not process.settings.get("NEWSCRAWLER_REPLAY_PREFIX"):
            hosts = source_hosts(names, process.settings)
            message = offline_message("scrapy sitecheck", [host for host in hosts if not resolvable(host)])
            if message is not None:
                print(message, file=sys.stderr)
                return 1
        runs = [CrawlRun(name) for name in names]
        start_in_turn(process, runs, 0, {"limit": str(opts.articles)})
        process.start()
        for run in runs:
            crawler = run.crawler
            problems = getattr(crawler.spider, "source_problems", []) if crawler is not None else []
            print(site_report(run, problems), flush=True)
            if opts.save_fixtures and crawler is not None and run.started:
                saved = save_fixtures(
                    sites[run.name], process.settings, self.archive_dir, Path(opts.save_fixtures)
                )
                print(f"  fixtures: {saved} candidate case(s) in {Path(opts.save_fixtures) / run.name}")
        return max(exit_code(run) for run in runs)


def site_report(run: CrawlRun, source_problems: list[tuple[str, str, str]]) -> str:
    """Return what a check of one site found: its verdict line, its pages, each field's layers.

    >>> run = CrawlRun("kompas", started=True, reason="finished", stats={
    ...     "newscrawler/articles/fetched": 3, "newscrawler/articles/extracted": 3,
    ...     "newscrawler/field/title/site:2024": 3, "newscrawler/field/body/site:2024": 2,
    ...     "newscrawler/field/body/generic": 1})
    >>> print(site_report(run, [("index", "https://indeks.kompas.com/?page=1", "failed: HTTP 404")]))
    kompas: finished (no verdict)
      articles: 3 fetched, 3 extracted
      source failed: index https://indeks.kompas.com/?page=1: failed: HTTP 404
      title         site:2024 3
      body          site:2024 2, generic 1
    """
    stats = run.stats
    lines = [
        run.verdict.line(run.name) if run.verdict is not None else f"{run.name}: {run.status} (no verdict)"
    ]
    if run.error:
        lines.append(f"  {run.error}")
    counts = {
        what: sum(int(v) for k, v in stats.items() if k.startswith(f"newscrawler/articles/{what}"))
        for what in ("fetched", "extracted", "failed/", "blocked/", "no_article")
    }
    shown = [f"{counts['fetched']} fetched", f"{counts['extracted']} extracted"]
    shown += [
        f"{counts[key]} {label}"
        for key, label in (
            ("failed/", "failed"),
            ("blocked/", "blocked"),
            ("no_article", "without an article"),
        )
        if counts[key]
    ]
    lines.append(f"  articles: {', '.join(shown)}")
    lines += [f"  source failed: {kind} {url}: {problem}" for kind, url, problem in source_problems]
    for name in FIELD_NAMES:
        layers = {
            key.rsplit("/", 1)[1]: int(value)
            for key, value in stats.items()
            if key.startswith(f"newscrawler/field/{name}/")
        }
        if layers:
            ordered = sorted(layers.items(), key=lambda item: (item[0] == "missing", -item[1], item[0]))
            lines.append(f"  {name:<13} {', '.join(f'{layer} {count}' for layer, count in ordered)}")
    return "\n".join(lines)


def save_fixtures(spidercls: type[NewsSpider], settings: BaseSettings, archive_dir: Path, out: Path) -> int:
    """Save the archived pages of a site's check with their items as candidate fixture cases.

    Returns how many cases were written to ``out/<site>/cases.jsonl`` (appended: earlier candidates
    stay), each with its pages beside it.
    """
    name = spidercls.name
    archive = WarcArchive()
    for path in sorted((archive_dir / name).glob("*.warc.gz")):
        try:
            archive.add(path)
        except WarcError as error:
            print(f"  {error}", file=sys.stderr)
    spider = spidercls()
    spider.configure(settings)
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    written = 0
    with (folder / "cases.jsonl").open("a", encoding="utf-8") as cases:
        for page in archive.first_pages():
            fetched = ArchiveFetch(archive, page)
            for article in reextract(spider, page.response.url, fetched, settings, article_url=page.article):
                if not (article.title and article.body):
                    continue
                files = []
                for number, saved in enumerate(fetched.pages, 1):
                    suffix = f"-{number}" if len(fetched.pages) > 1 else ""
                    file = folder / f"{_slug(page.article)}{suffix}.html"
                    file.write_bytes(saved.body)
                    files.append({"file": file.name, "url": saved.url})
                expected = {k: v for k, v in article_record(article).items() if k not in _VOLATILE}
                case: dict[str, Any] = {
                    "layout": article.layout,
                    "pages": files,
                    "expected": expected,
                    "note": f"saved by scrapy sitecheck on {today} from {page.response.url}: check every "
                    "expected field against the page before committing it as a fixture",
                }
                cases.write(json.dumps(case, ensure_ascii=False) + "\n")
                written += 1
    return written


def _slug(url: str) -> str:
    """Return a file name for an article URL: its last path words, at most 60 characters."""
    path = url.split("?", 1)[0].rstrip("/")
    return (
        re.sub(r"[^A-Za-z0-9]+", "-", path.rsplit("/", 2)[-1] if "/" in path else path).strip("-")[:60]
        or "page"
    )
