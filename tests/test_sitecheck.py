"""``scrapy sitecheck``: the real command through a replay server of real pages, and without network."""

from __future__ import annotations

import json
from pathlib import Path

from newscrawler.items import article_record
from newscrawler.replay import serve
from newscrawler.spiders.kompas import KompasSpider
from tests.conftest import run_scrapy
from tests.sites import SiteCase, crawl_case
from tests.test_runs_e2e import kompas_corpus_entries

FAST = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0")


def test_sitecheck_through_a_replay_reports_the_site_and_saves_fixture_cases(tmp_path: Path) -> None:
    entries, urls = kompas_corpus_entries(tmp_path)
    candidates = tmp_path / "candidates"
    with serve(entries) as server:
        result = run_scrapy(
            "sitecheck", "kompas", "--articles", "2", "--save-fixtures", str(candidates),
            "-s", f"NEWSCRAWLER_REPLAY_PREFIX={server.prefix}", *FAST,
        )  # fmt: skip
        asked = list(server.requests)
    assert result.returncode == 0, result.stderr[-3000:]
    report = result.stdout.splitlines()
    assert report[0].startswith("kompas: ok: 2 article pages fetched;"), report
    assert "  articles: 2 fetched, 2 extracted" in report
    # The sitemap lists the 2015 corpus pages first; no index page is recorded, and it says so.
    assert "  title         site:2015 2" in report
    assert any(line.startswith("  source failed: index https://indeks.kompas.com/") for line in report)
    assert len([url for url in asked if "/read/" in url]) == 2, "--articles bounds the article pages"
    # Nothing went into a store: the check is not a crawl.
    assert not list(tmp_path.rglob("*.sqlite"))
    cases = [json.loads(line) for line in (candidates / "kompas" / "cases.jsonl").read_text().splitlines()]
    assert [case["layout"] for case in cases] == ["2015", "2015"]
    assert {case["expected"]["url"] for case in cases} <= set(urls)
    # Each candidate is a fixture case as tests/fixtures/<site>/cases.jsonl holds them: it passes.
    for number, case in enumerate(cases, 1):
        pages = [(candidates / "kompas" / page["file"], page["url"]) for page in case["pages"]]
        assert all(path.is_file() for path, _ in pages)
        fixture = SiteCase(
            name=f"candidate {number}", layout=case["layout"], pages=pages, expected=case["expected"]
        )
        article = crawl_case(KompasSpider, fixture)
        assert article is not None
        got = article_record(article)
        assert {name: got[name] for name in case["expected"]} == case["expected"]
        assert article.layout == case["layout"]


def test_sitecheck_without_network_stops_at_once_with_make_crawls_line() -> None:
    result = run_scrapy("sitecheck", "-s", "SPIDER_MODULES=tests.spiders.invalid_host")
    assert result.returncode == 1
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(
        "scrapy sitecheck: cannot resolve news.example.invalid: this machine has no internet"
    )
    assert "make demo" in line
    assert result.stdout == ""


def test_sitecheck_refuses_an_unknown_site_and_a_bad_count() -> None:
    unknown = run_scrapy("sitecheck", "nosuchsite")
    assert unknown.returncode == 2
    assert "unknown site(s) nosuchsite: choose from" in unknown.stderr
    bad = run_scrapy("sitecheck", "kompas", "--articles", "0")
    assert bad.returncode == 2
    assert "--articles 0: give a number of articles >= 1" in bad.stderr
