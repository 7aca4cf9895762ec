"""``scrapy export``: the store's articles as JSON Lines, streamed to a file or stdout.

    scrapy export [-o FILE] [--source kompas] [--since 2024-10-01] [--until 2024-10-31] [--include-duplicates]

``--since``/``--until`` filter ``published_at`` (days in the site's zone are inclusive). With
``--include-duplicates`` each line also says what it duplicates (``duplicate_of``, ``duplicate_kind``).

The store is opened read-only: a missing store is refused in one line (exit 1), never created; a
read-only or damaged one is read or refused, never written. With ``-o`` the file appears only whole.
"""

from __future__ import annotations

import json
import logging
import sys
from contextlib import ExitStack
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawler.extraction.dates import parse_date, resolve_zone
from newscrawler.items import article_record
from newscrawler.runfiles import publish, temporary_path
from newscrawler.store import StoreError, open_store

if TYPE_CHECKING:
    import argparse


logger = logging.getLogger(__name__)


class Command(ScrapyCommand):
    """The ``export`` command."""

    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        """Return the usage line."""
        return "[-o FILE] [--source NAME] [--since DAY] [--until DAY] [--include-duplicates]"

    def short_desc(self) -> str:
        """Return the one-line description."""
        return "Write the store's articles as JSON Lines"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's options."""
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
        parser.add_argument("--source", help="only this site (spider name)")
        parser.add_argument("--since", help="published on or after (YYYY-MM-DD or ISO 8601)")
        parser.add_argument("--until", help="published on or before (YYYY-MM-DD or ISO 8601)")
        parser.add_argument("--include-duplicates", action="store_true", help="also the duplicate records")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Stream the matching articles out; the file appears under its name only when complete."""
        assert self.settings is not None
        if args:
            raise UsageError(f"unexpected argument(s) {' '.join(args)}: use -o FILE for the output file")
        zone = resolve_zone(self.settings.get("NEWSCRAWLER_TIMEZONE") or "WIB")
        since = _bound("--since", opts.since, zone, end=False)
        until = _bound("--until", opts.until, zone, end=True)
        try:
            count = self._export(opts, since, until)
        except StoreError as error:
            logger.debug("export: the store failed", exc_info=True)
            if opts.output:
                temporary_path(Path(opts.output)).unlink(missing_ok=True)
            print(f"export: {error}", file=sys.stderr)
            self.exitcode = 1
            return
        print(f"export: {count} article(s)" + (f" to {opts.output}" if opts.output else ""), file=sys.stderr)

    def _export(self, opts: argparse.Namespace, since: str | None, until: str | None) -> int:
        """Write the articles; return how many. A StoreError leaves no ``-o`` file behind."""
        assert self.settings is not None
        store = open_store(self.settings.get("NEWSCRAWLER_DATABASE_URL"), read_only=True)
        count = 0
        with store, ExitStack() as stack:
            out: TextIO = sys.stdout
            target = Path(opts.output) if opts.output else None
            if target is not None:
                out = stack.enter_context(temporary_path(target).open("w", encoding="utf-8"))
            records = store.iter_articles(
                source=opts.source, since=since, until=until, include_duplicates=opts.include_duplicates
            )
            for stored in records:
                line = article_record(stored)
                if opts.include_duplicates:
                    line["duplicate_of"] = stored.get("duplicate_of")
                    line["duplicate_kind"] = stored.get("duplicate_kind")
                out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
                count += 1
            out.flush()
            if target is not None:
                publish(out, target)
        return count


def _bound(option: str, value: str | None, zone: tzinfo, *, end: bool) -> str | None:
    """Return an ISO bound for ``published_at``: a bare day is its first (or last) second in the zone."""
    if not value:
        return None
    text = value.strip()
    suffix = "T23:59:59" if end else "T00:00:00"
    parsed = parse_date(text + suffix if len(text) == 10 else text, zone)
    if parsed is None:
        raise UsageError(f"{option} {value!r} is not a date: give YYYY-MM-DD or an ISO 8601 time")
    return parsed.iso
