"""End to end: the real `scrapy crawl SITE` through a local replay server of recorded pages.

Nothing leaves 127.0.0.1: NEWSCRAWLER_REPLAY_PREFIX sends every request to the replay server.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from newscrawler.replay import serve
from tests.conftest import run_scrapy
from tests.corpus import corpus_path, token_f1
from tests.sites import FIXTURES

DEMO = FIXTURES / "demo" / "manifest.jsonl"
# The replay server is one host: no politeness delay is needed to read it in a test.
FAST = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO")


def crawl(site: str, prefix: str, out: Path, *args: str, status: int = 0) -> tuple[list[dict[str, Any]], str]:
    """Crawl into ``out``; the exit status must be ``status`` (0: the verdict is ok)."""
    result = run_scrapy(
        "crawl", site, "-s", f"NEWSCRAWLER_REPLAY_PREFIX={prefix}", "-O", str(out), *FAST, *args
    )
    assert result.returncode == status, result.stderr[-3000:]
    lines = out.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines], result.stderr


def fixture_case(site: str, constructed_file: str) -> dict[str, Any]:
    for line in (FIXTURES / site / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case: dict[str, Any] = json.loads(line)
        if case.get("pages") and case["pages"][0]["file"] == constructed_file:
            return case
    raise LookupError(constructed_file)


def expected_of(site: str, constructed_file: str) -> dict[str, Any]:
    expected: dict[str, Any] = fixture_case(site, constructed_file)["expected"]
    return expected


def stat_value(log: str, key: str) -> int:
    match = re.search(rf"'{re.escape(key)}': (\d+)", log)
    return int(match.group(1)) if match else 0


@pytest.mark.parametrize(
    ("site", "page"),
    [
        ("sindonews", "lukashenko-1-constructed.html"),
        ("kompas", "banjir-jaktim-constructed.html"),
        ("detik", "gempa-jabar-constructed.html"),
    ],
)
def test_site_crawl_through_replay_writes_the_article_once(site: str, page: str, tmp_path: Path) -> None:
    with serve(DEMO) as server:
        articles, log = crawl(site, server.prefix, tmp_path / "out.jsonl")
    expected = expected_of(site, page)
    assert [a["url"] for a in articles] == [expected["url"]], "the article once, under its own URL"
    (article,) = articles
    for name, value in expected.items():
        assert article[name] == value, name
    assert article["source"] == site
    assert server.requests[0].endswith("/robots.txt"), "robots.txt first, through the replay prefix"
    assert stat_value(log, "newscrawler/replay/request_count") >= 3
    assert stat_value(log, f"newscrawler/field/body/site:{fixture_case(site, page)['layout']}") == 1


def test_kompas_and_detik_corpus_pages_crawl_from_their_sitemaps(tmp_path: Path) -> None:
    folder = corpus_path("indonesian")
    cases = [json.loads(line) for line in (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    for site, sitemap_url, whole in (
        ("kompas", "https://www.kompas.com/sitemap-news.xml", "?page=all"),
        ("detik", "https://news.detik.com/sitemap_news.xml", "?single=1"),
    ):
        pages = [c for c in cases if c["site"] == site and c["kind"] == "article"]
        sitemap = tmp_path / f"{site}-sitemap-constructed.xml"
        sitemap.write_text(
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{c['url']}</loc></url>" for c in pages)
            + "</urlset>"
        )
        entries = [{"url": sitemap_url, "file": str(sitemap)}]
        entries += [{"url": c["url"] + whole, "file": str(folder / c["file"])} for c in pages]
        with serve(entries) as server:
            articles, _ = crawl(site, server.prefix, tmp_path / f"{site}.jsonl")
        by_url = {a["url"]: a for a in articles}
        assert len(by_url) == len(articles) == len(pages), f"{site}: each article once"
        for case in pages:
            got, expected = by_url[case["url"]], case["expected"]
            assert got["title"] == expected["title"]
            assert got["published_at"] == expected["published_at"]
            assert token_f1(got["body"], expected["body"]) >= 0.95
        assert not any(url.endswith(whole) for url in by_url), (
            "the whole-article parameter stays off the item"
        )
        assert sum(1 for url in server.requests if "sitemap" in url) == 1, "each sitemap fetched once"


def test_bad_since_ends_the_crawl_with_the_fix(tmp_path: Path) -> None:
    result = run_scrapy("crawl", "kompas", "-a", "since=2024-02-30", "-O", str(tmp_path / "o.jsonl"))
    assert result.returncode != 0
    assert "since='2024-02-30' is not a date: give YYYY-MM-DD" in result.stderr.strip().splitlines()[-1]


def test_a_page_with_no_article_is_dropped_with_a_clear_warning_and_the_rest_still_come(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "blocked-constructed.html"
    empty.write_text("<html><head><title>Access denied</title></head><body><nav>Beranda</nav></body></html>")
    good = "https://news.detik.com/berita/d-7572001/gempa-m-5-2-guncang-selatan-jawa-barat-tak-berpotensi-tsunami"
    blocked = "https://news.detik.com/berita/d-1/blocked"
    entries = [
        {"url": good + "?single=1", "file": str(FIXTURES / "detik" / "gempa-jabar-constructed.html")},
        {"url": blocked + "?single=1", "file": str(empty)},
    ]
    with serve(entries) as server:
        articles, log = crawl(
            "detik", server.prefix, tmp_path / "out.jsonl", "-a", f"urls={blocked},{good}", status=6
        )
    assert [a["url"] for a in articles] == [good]
    assert f"no article at {blocked}: no body found" in log
    assert log.strip().endswith("detik: blocked: 1 of 2 article pages were blocked (no article markup: 1)")
    assert stat_value(log, "newscrawler/validate/dropped/no_body") == 1
