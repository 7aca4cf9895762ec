"""429 and 503 with Retry-After, end to end: the real `scrapy crawl` of sites on 127.0.0.1.

The site that answers waits as told (seconds or an HTTP date), other sites do not; a wait beyond
NEWSCRAWLER_RETRY_AFTER_MAX gives the request up at once; retries end after RETRY_TIMES and the run's
verdict counts the pages that failed.
"""

from __future__ import annotations

import itertools
import time
from email.utils import formatdate
from pathlib import Path

from tests.localsite import Answer, Hit, article, crawl, last_line, serve, stat

# One request at a time per site (with no delay at all Scrapy's downloader sends a slot's queue in a burst).
ONE_AT_A_TIME = ("-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "DOWNLOAD_DELAY=0.1")


def told(status: int, after: str) -> Answer:
    return Answer(status, "slow down", (("Retry-After", after), ("Content-Type", "text/plain")))


def _after(hits: list[Hit], path: str) -> float:
    """Seconds from the first request for ``path`` to the next request to the same host."""
    first = next(index for index, hit in enumerate(hits) if hit.path == path)
    later = [hit for hit in hits[first + 1 :] if hit.host == hits[first].host]
    return later[0].at - hits[first].at


def test_a_429_holds_its_site_for_retry_after_seconds_and_other_sites_go_on(tmp_path: Path) -> None:
    def slow_down(path: str, asked: int) -> Answer:
        return told(429, "2") if asked == 0 else article(path)

    routes = {"/a/1": slow_down}
    with serve(routes) as site:
        held = [site.url(f"/a/{n}") for n in (1, 2, 3)]
        other = [site.url(f"/b/{n}", host="localhost") for n in (1, 2, 3)]
        status, log = crawl([*held, *other], str(tmp_path), *ONE_AT_A_TIME)
    assert status == 0, log[-3000:]
    hits = [hit for hit in site.hits if hit.path != "/robots.txt"]
    assert sorted(hit.path for hit in hits) == ["/a/1", "/a/1", "/a/2", "/a/3", "/b/1", "/b/2", "/b/3"]
    assert _after(hits, "/a/1") >= 1.9, "the next request to 127.0.0.1 waits for Retry-After: 2"
    first_429 = next(hit.at for hit in hits if hit.path == "/a/1")
    localhost = [hit.at for hit in hits if hit.host == "localhost"]
    assert max(localhost) - first_429 < 1.5, "localhost's pages do not wait for 127.0.0.1's Retry-After"
    assert stat(log, "newscrawler/retry_after/held") == 1
    assert stat(log, "newscrawler/store/new") == 6


def test_a_503_with_an_http_date_waits_until_then_and_gives_up_after_retry_times(tmp_path: Path) -> None:
    def unavailable(path: str, asked: int) -> Answer:
        return told(503, formatdate(time.time() + 2, usegmt=True))

    with serve({f"/a/{n}": unavailable for n in (1, 2)}) as site:
        status, log = crawl(
            [site.url("/a/1"), site.url("/a/2")], str(tmp_path), *ONE_AT_A_TIME, "-s", "RETRY_TIMES=1"
        )
    hits = [hit for hit in site.hits if hit.path != "/robots.txt"]
    assert sorted(hit.path for hit in hits) == ["/a/1", "/a/1", "/a/2", "/a/2"], "one retry each"
    gaps = [later.at - earlier.at for earlier, later in itertools.pairwise(hits)]
    # An HTTP date counts whole seconds: "now + 2 s" is 1 to 2 s away when it arrives.
    assert min(gaps) >= 0.9, gaps
    assert status == 5, log[-3000:]
    assert last_line(log).endswith("localnews: failing: 2 of 2 article pages failed (503: 2)")
    assert stat(log, "newscrawler/articles/failed/http_503") == 2


def test_a_retry_after_beyond_the_cap_gives_the_request_up_at_once_and_the_run_is_blocked(
    tmp_path: Path,
) -> None:
    with serve({f"/a/{n}": (lambda path, asked: told(429, "3600")) for n in (1, 2, 3)}) as site:
        started = time.monotonic()
        status, log = crawl(
            [site.url(f"/a/{n}") for n in (1, 2, 3)], str(tmp_path), "-s", "NEWSCRAWLER_RETRY_AFTER_MAX=5"
        )
        took = time.monotonic() - started
    hits = [hit.path for hit in site.hits if hit.path != "/robots.txt"]
    assert sorted(hits) == ["/a/1", "/a/2", "/a/3"], "no retry of a request told to wait an hour"
    assert took < 30
    assert status == 6, log[-3000:]
    assert last_line(log).endswith("localnews: blocked: 3 of 3 article pages were blocked (429: 3)")
    assert "Retry-After: 3600 s, beyond NEWSCRAWLER_RETRY_AFTER_MAX (5 s): giving it up this run" in log
    assert stat(log, "newscrawler/retry_after/beyond_max") == 3
