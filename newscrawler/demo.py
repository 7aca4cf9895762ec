"""``make demo``: the real crawl of site spiders, offline, from recorded pages.

Starts the local replay server (:mod:`newscrawler.replay`) over a manifest of recorded pages, runs
``scrapy crawlall SITE...`` through it (``NEWSCRAWLER_REPLAY_PREFIX``) for each site whose sitemap, feed
or listing the manifest records, and says where the JSON Lines went and what they hold::

    python -m newscrawler.demo tests/fixtures/demo/manifest.jsonl --output output/demo
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from newscrawler.replay import Recording, load_manifest, match_key, serve
from newscrawler.sites import site_registry
from newscrawler.spiders.sources import Feed, Listing, Sitemap, Source

__all__ = ["main", "recorded_sites"]

_VERDICT_LINE = re.compile(r"^([\w-]+): ((?:ok|empty|broken|failing|blocked): .*)$", re.MULTILINE)


def _first_urls(sources: Sequence[Source]) -> Iterator[str]:
    for source in sources:
        if isinstance(source, Sitemap | Feed):
            yield source.url
        elif isinstance(source, Listing):
            yield source.url(source.first_page)


def recorded_sites(recordings: list[Recording]) -> list[str]:
    """Return the site spiders a sitemap, feed or listing of whose the recordings hold, in registry order."""
    recorded = {match_key(recording.url) for recording in recordings}
    return [
        name
        for name, spidercls in site_registry().spiders.items()
        if any(match_key(url) in recorded for url in _first_urls(spidercls.sources))
    ]


def main(argv: list[str] | None = None) -> int:
    """Crawl each site through the replay server; print a summary; exit 1 if a crawl failed."""
    parser = argparse.ArgumentParser(prog="python -m newscrawler.demo", description=__doc__.splitlines()[0])
    parser.add_argument("manifest", type=Path, help="replay manifest (JSON Lines: url, file)")
    parser.add_argument("--output", type=Path, default=Path("output/demo"), help="folder for the JSON Lines")
    parser.add_argument(
        "--sites", nargs="*", help="site spiders to crawl (default: those whose sources the manifest records)"
    )
    args = parser.parse_args(argv)
    sites = args.sites or recorded_sites(load_manifest(args.manifest))
    # A demo starts from nothing each time: its own store, so every article is new again.
    shutil.rmtree(args.output, ignore_errors=True)
    args.output.mkdir(parents=True)
    with serve(args.manifest) as server:
        print(f"replay server: {server.prefix} (recorded pages of {args.manifest})")
        result = subprocess.run(
            [
                sys.executable, "-m", "scrapy", "crawlall", *sites,
                "-s", f"NEWSCRAWLER_REPLAY_PREFIX={server.prefix}",
                "-s", f"NEWSCRAWLER_DATABASE_URL={args.output / 'newscrawler.sqlite'}",
                "-s", f"NEWSCRAWLER_EXPORT_DIR={args.output}",
                "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING",
            ],
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
    # crawlall ends with each crawl's verdict line ("kompas: ok: ...").
    verdicts = dict(_VERDICT_LINE.findall(result.stdout))
    failed = 0
    for site in sites:
        files = sorted((args.output / site).glob("*.jsonl"))
        if site not in verdicts or not files:
            failed += 1
            print(
                f"{site}: crawl failed (exit {result.returncode}):\n{result.stderr[-2000:]}", file=sys.stderr
            )
            continue
        records = [json.loads(line) for line in files[-1].read_text(encoding="utf-8").splitlines() if line]
        print(f"\n{site}: {len(records)} article(s) in {files[-1]}")
        print(f"  verdict: {site}: {verdicts[site]}")
        for record in records:
            print(f"  {record['published_at']}  {record['title']}")
            print(f"    {record['word_count']} words, {record['pages']} page(s), {record['url']}")
    print(
        f"\nEach line is one Article (fields: README.md); the store is {args.output / 'newscrawler.sqlite'} "
        f"(scrapy export -s NEWSCRAWLER_DATABASE_URL=... reads it). The replay server answered "
        f"{len(server.requests)} requests, from 127.0.0.1 only."
    )
    return 1 if failed or result.returncode != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
