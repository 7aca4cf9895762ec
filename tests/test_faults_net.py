"""Network faults (issue 11, case 5): hangs, a stalled body, a truncated body, a reset, a DNS failure.

The real `scrapy crawl` of a site on a raw-socket server on 127.0.0.1: its bad URLs fail within
DOWNLOAD_TIMEOUT x (RETRY_TIMES + 1), each counted by why, none giving an item; its good pages, and
another site's (localhost), are all stored. The test's DOWNLOAD_TIMEOUT is 1 s to stay fast; the
project's defaults are checked through `scrapy settings --get`.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from tests.conftest import run_scrapy
from tests.netserver import hang_after_headers, hang_before_headers, reset, response, serve, truncated

FAST = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO")


def article(n: int) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraf {k} dari berita nomor {n} tentang banjir di Jakarta.</p>" for k in range(4)
    )
    return (
        f"<html><head><title>Berita {n}</title></head><body><h1>Berita nomor {n}</h1>"
        f'<time datetime="2024-10-02T10:00:00+07:00">2 Okt 2024</time><article>{paragraphs}</article>'
        "</body></html>"
    ).encode()


def stats_of(log: str) -> dict[str, int]:
    return {key: int(value) for key, value in re.findall(r"'(newscrawler/[^']+)': (\d+)", log)}


@pytest.mark.parametrize(
    ("name", "value"),
    [("DOWNLOAD_TIMEOUT", "30"), ("RETRY_TIMES", "2"), ("DOWNLOAD_FAIL_ON_DATALOSS", "True")],
)
def test_network_defaults_suit_news_sites(name: str, value: str) -> None:
    result = run_scrapy("settings", "--get", name)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == value


def test_faulty_urls_fail_in_bounded_time_and_good_pages_are_stored(tmp_path: Path) -> None:
    routes = {
        "/hang-headers": hang_before_headers,
        "/hang-body": hang_after_headers(article(100)),
        # A whole article's markup, but 10,000 bytes announced: no partial item from it.
        "/truncated": truncated(article(101), claimed=10_000),
        "/reset": reset,
    }
    good = {f"/good/{n}": response(article(n)) for n in range(6)}
    routes.update(good)
    with serve(routes) as server:
        good_urls = [server.url(path) for path in list(good)[:4]]
        # Another site (a host of its own, so a download slot of its own) on the same server.
        good_urls += [server.url(path, host="localhost") for path in list(good)[4:]]
        bad_urls = [server.url(p) for p in ("/hang-headers", "/hang-body", "/truncated", "/reset")]
        bad_urls.append("http://news.example.invalid/read/1/berita")
        started = time.monotonic()
        result = run_scrapy(
            "crawl",
            "localnet",
            "-s",
            "SPIDER_MODULES=tests.spiders.localnet",
            "-s",
            "DOWNLOAD_TIMEOUT=1",
            # The faults of the article fetches themselves: a robots.txt that fails keeps its site
            # out of the run before any article is asked for (tests/test_robots.py).
            "-s",
            "ROBOTSTXT_OBEY=False",
            "-s",
            f"NEWSCRAWLER_DATABASE_URL={tmp_path / 'store.sqlite'}",
            "-s",
            f"NEWSCRAWLER_EXPORT_DIR={tmp_path / 'out'}",
            *FAST,
            "-a",
            "urls=" + ",".join([*bad_urls[:2], *good_urls, *bad_urls[2:]]),
        )
        elapsed = time.monotonic() - started
        requests = list(server.requests)
    log = result.stderr
    assert "Spider error processing" not in log, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    # Three tries of 1 s at most for each hang, side by side with the good pages.
    assert elapsed < 40, f"the crawl took {elapsed:.0f} s"
    (export,) = (tmp_path / "out" / "localnet").glob("*.jsonl")
    stored = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert sorted(item["url"] for item in stored) == sorted(good_urls), "every good page, no partial item"
    stats = stats_of(log)
    assert stats.get("newscrawler/articles/failed/timeout") == 2, stats
    assert stats.get("newscrawler/articles/failed/connection") == 2, stats
    assert stats.get("newscrawler/articles/failed/dns") == 1, stats
    assert "newscrawler/articles/failed/other" not in stats, stats
    # RETRY_TIMES (2) bounds each bad URL to three tries.
    for path in ("/hang-headers", "/hang-body", "/truncated", "/reset"):
        assert requests.count(path) == 3, (path, requests)
    for url in bad_urls:
        assert re.search(rf"article {re.escape(url)} failed: \w+", log), url
