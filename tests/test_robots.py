"""robots.txt by RFC 9309, end to end: the real `scrapy crawl` of a site on 127.0.0.1.

4xx allows everything; 5xx, a timeout or an unreachable robots.txt keeps the site out of the run and
the verdict says why; Disallow refuses its pages; Crawl-delay spaces the site's requests, within a cap.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from tests.localsite import Answer, Site, closed_port, crawl, last_line, serve, stat

PAGES = ("/news/1", "/news/2", "/news/3")


def urls(site: Site) -> list[str]:
    return [site.url(path) for path in PAGES]


def robots(body: str, status: int = 200) -> Answer:
    return Answer(status, body, (("Content-Type", "text/plain"),))


def test_a_robots_txt_answering_503_keeps_the_site_out_and_the_verdict_says_why(tmp_path: Path) -> None:
    with serve({"/robots.txt": lambda path, asked: robots("User-agent: *\nAllow: /\n", 503)}) as site:
        status, log = crawl(urls(site), str(tmp_path), "-s", "NEWSCRAWLER_ROBOTSTXT_RETRIES=0")
    assert site.paths() == ["/robots.txt"], "no page of the site is fetched"
    assert status == 5, log[-3000:]
    assert last_line(log).endswith(
        "localnews: failing: robots.txt answered 503: the site is not crawled this run"
    )
    assert stat(log, "newscrawler/robots/unavailable/http_503") == 1
    assert stat(log, "newscrawler/articles/failed/robots") == len(PAGES)


def test_a_hung_robots_txt_costs_its_timeout_then_keeps_the_site_out(tmp_path: Path) -> None:
    with serve({"/robots.txt": lambda path, asked: Answer(hang=True)}) as site:
        started = time.monotonic()
        status, log = crawl(
            urls(site),
            str(tmp_path),
            "-s",
            "NEWSCRAWLER_ROBOTSTXT_TIMEOUT=1",
            "-s",
            "NEWSCRAWLER_ROBOTSTXT_RETRIES=1",
        )
        took = time.monotonic() - started
    assert site.paths() == ["/robots.txt", "/robots.txt"], "one retry, then no page"
    assert status == 5, log[-3000:]
    assert last_line(log).endswith(
        "localnews: failing: robots.txt timed out: the site is not crawled this run"
    )
    assert took < 15, f"two tries of 1 s, not {took:.0f} s"


def test_an_unreachable_robots_txt_keeps_the_site_out(tmp_path: Path) -> None:
    port = closed_port()
    pages = [f"http://127.0.0.1:{port}{path}" for path in PAGES]
    status, log = crawl(pages, str(tmp_path), "-s", "NEWSCRAWLER_ROBOTSTXT_RETRIES=0", "-s", "RETRY_TIMES=0")
    assert status == 5, log[-3000:]
    assert last_line(log).endswith(
        "localnews: failing: robots.txt could not be reached: the site is not crawled this run"
    )
    assert stat(log, "newscrawler/robots/unavailable/connection") == 1


def test_a_robots_txt_answering_4xx_allows_everything(tmp_path: Path) -> None:
    # RFC 9309 2.3.1.3: a 4xx is "unavailable", whatever its body says.
    with serve({"/robots.txt": lambda path, asked: robots("User-agent: *\nDisallow: /\n", 404)}) as site:
        status, log = crawl(urls(site), str(tmp_path))
    assert sorted(site.paths()) == sorted(["/robots.txt", *PAGES])
    assert status == 0, log[-3000:]
    assert stat(log, "newscrawler/store/new") == len(PAGES)


def test_disallow_refuses_its_pages_and_counts_them(tmp_path: Path) -> None:
    rules = "User-agent: *\nDisallow: /news/2\n"
    with serve({"/robots.txt": lambda path, asked: robots(rules)}) as site:
        status, log = crawl(urls(site), str(tmp_path))
    assert "/news/2" not in site.paths()
    assert sorted(site.paths()) == ["/news/1", "/news/3", "/robots.txt"]
    assert status == 0, log[-3000:]
    assert stat(log, "newscrawler/robots/forbidden") == 1


def _gaps(site: Site) -> list[float]:
    pages = [hit.at for hit in site.hits if hit.path != "/robots.txt"]
    return [later - earlier for earlier, later in itertools.pairwise(pages)]


def test_crawl_delay_spaces_the_sites_requests_even_under_autothrottle(tmp_path: Path) -> None:
    rules = "User-agent: *\nCrawl-delay: 1.5\n"
    with serve({"/robots.txt": lambda path, asked: robots(rules)}) as site:
        status, log = crawl(
            urls(site), str(tmp_path), "-s", "AUTOTHROTTLE_ENABLED=1", "-s", "AUTOTHROTTLE_START_DELAY=0"
        )
    assert status == 0, log[-3000:]
    gaps = _gaps(site)
    assert len(gaps) == len(PAGES) - 1
    assert min(gaps) >= 1.4, gaps
    assert stat(log, "newscrawler/robots/crawl_delay") == 1


def test_a_crawl_delay_beyond_the_cap_waits_the_cap(tmp_path: Path) -> None:
    rules = "User-agent: *\nCrawl-delay: 3600\n"
    with serve({"/robots.txt": lambda path, asked: robots(rules)}) as site:
        started = time.monotonic()
        status, log = crawl(urls(site), str(tmp_path), "-s", "NEWSCRAWLER_ROBOTSTXT_CRAWL_DELAY_MAX=1")
        took = time.monotonic() - started
    assert status == 0, log[-3000:]
    assert min(_gaps(site)) >= 0.9
    assert took < 30
    assert "asks for Crawl-delay: 3600.0 s: waiting 1.0 s between its pages" in log
