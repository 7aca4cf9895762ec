"""`scrapy crawlall`: every site spider in one process through the local replay server, one summary.

Nothing leaves 127.0.0.1: NEWSCRAWLER_REPLAY_PREFIX sends every request to the replay server.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from newscrawler.commands.crawlall import CrawlRun, exit_code, summary_table
from newscrawler.demo import recorded_sites
from newscrawler.replay import load_manifest, serve
from newscrawler.sites import site_registry
from newscrawler.verdict import Verdict
from tests.conftest import run_scrapy
from tests.sites import FIXTURES

DEMO = FIXTURES / "demo" / "manifest.jsonl"
#: The sites whose sources the demo manifest records, in registry order.
SITES = tuple(recorded_sites(load_manifest(DEMO)))
FAST = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO")


def isolated(tmp_path: Path) -> tuple[str, ...]:
    """One feed per spider (%(name)s) and a store of the test's own, whatever the defaults are."""
    feeds = {str(tmp_path / "%(name)s.jsonl"): {"format": "jsonlines", "overwrite": True}}
    return (
        "-s",
        f"FEEDS={json.dumps(feeds)}",
        "-s",
        f"NEWSCRAWLER_DATABASE_URL=sqlite:///{tmp_path / 'store.sqlite'}",
    )


def summary_rows(stdout: str) -> dict[str, list[str]]:
    """The summary's rows by spider: items, dropped, requests, errors, finish reason, verdict, duration."""
    rows = {}
    for line in stdout.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) == 8 and cells[0] not in ("spider", "total"):
            rows[cells[0]] = cells[1:]
    return rows


def test_crawlall_runs_every_site_one_after_another_and_prints_one_summary(tmp_path: Path) -> None:
    with serve(DEMO) as server:
        result = run_scrapy(
            "crawlall", *SITES, "-s", f"NEWSCRAWLER_REPLAY_PREFIX={server.prefix}", *FAST, *isolated(tmp_path)
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.count("finish reason") == 1, "one summary table"
    rows = summary_rows(result.stdout)
    assert list(rows) == list(SITES)
    for site in SITES:
        items, dropped, requests, errors, reason, verdict, duration = rows[site]
        assert (items, dropped, errors, reason, verdict) == ("1", "0", "0", "finished", "ok"), site
        assert int(requests) >= 3, "robots.txt, the sitemap and the article at least"
        assert duration.endswith("s")
        (line,) = (tmp_path / f"{site}.jsonl").read_text(encoding="utf-8").splitlines()
        assert json.loads(line)["source"] == site, "each spider's items in its own feed"
    n = len(SITES)
    assert re.search(rf"^total\s+{n}\s+0\s+\d+\s+0\s+{n}/{n} ok\s", result.stdout, re.MULTILINE)
    verdict_lines = result.stdout.strip().splitlines()[-n:]
    assert [line.split(": ")[:2] for line in verdict_lines] == [[site, "ok"] for site in SITES]
    # One after another: each spider opens after the previous one closed.
    events = re.findall(r"Spider opened|Spider closed", result.stderr)
    assert events == ["Spider opened", "Spider closed"] * n
    for domain in ("detik.com", "kompas.com", "sindonews.com"):
        assert any(domain in url for url in server.requests), f"{domain} through the replay server"


def test_crawlall_runs_the_spiders_named_and_gives_them_the_spider_arguments(tmp_path: Path) -> None:
    result = run_scrapy("crawlall", "kompas", "detik", "-a", "since=2024-02-30", *isolated(tmp_path))
    assert result.returncode == 1, "a crawl that fails to start fails the run"
    rows = summary_rows(result.stdout)
    assert list(rows) == ["kompas", "detik"], "the spiders named, in that order"
    assert all(row[4] == "failed to start" for row in rows.values())
    message = "failed to start: since='2024-02-30' is not a date: give YYYY-MM-DD"
    assert f"kompas: {message}" in result.stdout
    assert f"detik: {message}" in result.stdout


def test_crawlall_unknown_spider_is_a_usage_error_naming_the_known_ones() -> None:
    result = run_scrapy("crawlall", "kompas", "nope")
    assert result.returncode == 2
    last_line = result.stderr.strip().splitlines()[-1]
    known = ", ".join(sorted(site_registry().spiders))
    assert last_line.endswith(f"error: unknown spider(s) nope: choose from {known}")
    assert "finish reason" not in result.stdout, "nothing ran"


def test_the_exit_status_is_the_worst_of_the_crawls() -> None:
    ok = Verdict("ok", "4 article pages fetched: 4 new")
    broken = Verdict("broken", "the site's selectors gave the title for 0 of 4 articles")
    blocked = Verdict("blocked", "4 of 4 article pages were blocked (403: 4)")
    finished = CrawlRun("a", started=True, reason="finished", stats={"item_scraped_count": 2}, verdict=ok)
    limited = CrawlRun("b", started=True, reason="closespider_itemcount", verdict=ok)
    with_errors = CrawlRun("c", started=True, reason="finished", stats={"log_count/ERROR": 1}, verdict=ok)
    too_many_errors = CrawlRun("d", started=True, reason="closespider_errorcount", verdict=ok)
    stopped = CrawlRun("e", started=True, reason="shutdown", verdict=ok)
    never = CrawlRun("f")
    failed = CrawlRun("g", started=True, error="failed to start: boom")
    judged_broken = CrawlRun("h", started=True, reason="finished", verdict=broken)
    judged_blocked = CrawlRun("i", started=True, reason="finished", verdict=blocked)
    no_verdict = CrawlRun("j", started=True, reason="finished")
    runs = [
        finished,
        limited,
        with_errors,
        too_many_errors,
        stopped,
        never,
        failed,
        judged_broken,
        judged_blocked,
        no_verdict,
    ]
    assert [exit_code(run) for run in runs] == [0, 0, 0, 1, 1, 1, 1, 4, 6, 0]
    table = summary_table(runs)
    assert re.search(r"^f\s+0\s+0\s+0\s+0\s+not run\s+-\s+0\.00s$", table, re.MULTILINE)
    assert re.search(r"^h\s+0\s+0\s+0\s+0\s+finished\s+broken\s+0\.00s$", table, re.MULTILINE)
    assert re.search(r"^total\s+2\s+0\s+0\s+1\s+4/10 ok\s", table, re.MULTILINE)
    assert "g: failed to start: boom" in table.splitlines()
    assert table.splitlines()[-2:] == [
        "h: broken: the site's selectors gave the title for 0 of 4 articles",
        "i: blocked: 4 of 4 article pages were blocked (403: 4)",
    ]
