"""Every site spider end to end: ``scrapy crawlall`` through the replay server, twice.

Each site's written source pages (tests/fixtures/<site>/sources.jsonl) are served at the URLs the
spider declares, and the pages of its fixture cases at their URLs. The first run must store every
article those sources list, once, with an ``ok`` verdict; the second run reads the sources again and
downloads no article page.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from w3lib.url import add_or_replace_parameters

from newscrawler.replay import match_key, serve
from newscrawler.sites import profile_of
from newscrawler.spiders.base import DailyIndex, Feed, Listing, NewsSpider, Sitemap
from tests.conftest import run_scrapy
from tests.sites import discover, site_cases, site_spiders, source_cases

SITES = sorted(site_spiders())
FAST = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO")
VERDICT_LINE = re.compile(r"^([\w-]+): (ok|empty|broken|failing|blocked): (.*)$", re.MULTILINE)


def declared_source_urls(spidercls: type[NewsSpider]) -> dict[str, str]:
    """The URL each kind of declared source is first read at today (a dated index: today's page)."""
    today = datetime.now(profile_of(spidercls, None).zone).date()
    urls: dict[str, str] = {}
    for source in spidercls.sources:
        if isinstance(source, Sitemap | Feed):
            urls[source.url] = "sitemap" if isinstance(source, Sitemap) else "feed"
        elif isinstance(source, Listing):
            urls[source.url(source.first_page)] = "listing"
        elif isinstance(source, DailyIndex):
            urls[source.url(today, source.first_page)] = "index"
    return urls


def replay_plan(site: str) -> tuple[list[dict[str, Any]], list[str], set[str]]:
    """Replay entries of one site, the article URLs its served sources list, its article page URLs."""
    spidercls = site_spiders()[site]
    declared = declared_source_urls(spidercls)
    entries: list[dict[str, Any]] = []
    listed: list[str] = []
    for case in source_cases(site):
        if case.prefix:
            continue
        # A written dated index is served as today's page of the site's index.
        url = case.url
        if case.kind == "index":
            url = next((u for u, kind in declared.items() if kind == "index"), url)
        if url in declared:
            entries.append({"url": url, "file": str(case.path)})
            listed += discover(spidercls, case)
    article_pages: set[str] = set()
    for article in site_cases(site):
        for number, (path, url) in enumerate(article.pages):
            entries.append({"url": url, "file": str(path)})
            article_pages.add(url)
            if number == 0 and len(article.pages) == 1 and spidercls.single_page:
                view = add_or_replace_parameters(url, dict(spidercls.single_page))
                entries.append({"url": view, "file": str(path)})
                article_pages.add(view)
    return entries, list(dict.fromkeys(listed)), article_pages


@pytest.mark.parametrize("site", SITES)
def test_each_site_has_a_written_source_page_served_at_a_url_it_declares(site: str) -> None:
    _, listed, article_pages = replay_plan(site)
    assert listed, (
        f"site {site}: no line of tests/fixtures/{site}/sources.jsonl is a written page at a source URL "
        f"the spider declares ({', '.join(declared_source_urls(site_spiders()[site]))})"
    )
    unserved = [url for url in listed if url not in article_pages]
    assert not unserved, f"site {site}: its sources list article URLs no fixture case holds: {unserved}"


def crawlall(prefix: str, folder: Path) -> tuple[str, dict[str, tuple[str, str]]]:
    result = run_scrapy(
        "crawlall",
        *SITES,
        "-s",
        f"NEWSCRAWLER_REPLAY_PREFIX={prefix}",
        "-s",
        f"NEWSCRAWLER_DATABASE_URL={folder / 'store.sqlite'}",
        "-s",
        f"NEWSCRAWLER_EXPORT_DIR={folder / 'out'}",
        *FAST,
    )
    verdicts = {m[1]: (m[2], m[3]) for m in VERDICT_LINE.finditer(result.stdout)}
    return result.stdout + result.stderr[-4000:], verdicts


def test_every_site_crawls_end_to_end_stores_once_and_fetches_nothing_again(tmp_path: Path) -> None:
    plans = {site: replay_plan(site) for site in SITES}
    entries = [entry for plan in plans.values() for entry in plan[0]]
    with serve(entries) as server:
        first_log, first = crawlall(server.prefix, tmp_path)
        asked_first = len(server.requests)
        second_log, second = crawlall(server.prefix, tmp_path)
        asked_again = server.requests[asked_first:]
    with sqlite3.connect(tmp_path / "store.sqlite") as db:
        stored = Counter(source for (source,) in db.execute("SELECT source FROM articles"))
    problems = []
    for site, (_, listed, article_pages) in plans.items():
        verdict, reason = first.get(site, ("missing", "no verdict line"))
        if verdict != "ok":
            problems.append(f"{site}: first run {verdict}: {reason}")
        if stored[site] != len(listed):
            problems.append(f"{site}: {stored[site]} articles stored, its sources list {len(listed)}")
        again = second.get(site, ("missing", "no verdict line"))
        if again[0] != "ok":
            problems.append(f"{site}: second run {again[0]}: {again[1]}")
        pages = {match_key(url) for url in article_pages}
        fetched = sorted(url for url in asked_again if match_key(url) in pages)
        if fetched:
            problems.append(f"{site}: second run fetched article pages again: {fetched}")
    print(f"\ncrawlall of {len(SITES)} sites through replay: {sum(stored.values())} articles stored")
    assert not problems, (
        "\n".join(problems)
        + "\n--- first run:\n"
        + first_log[-3000:]
        + "\n--- second:\n"
        + second_log[-3000:]
    )
