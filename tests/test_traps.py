"""Issue 11, case 7: spider traps, crawled for real against a test server on 127.0.0.1.

Every source of tests/spiders/traps.py is a trap: a sitemap index listing itself, two indexes listing
each other (A -> B -> A), an index chain 40 levels deep, a listing and a dated index whose every page
brings new article links, an article whose "next page" never ends, and redirect loops (back to the
start, and endless). Each stops within its cap, each sitemap is fetched once, and each stop is warned
once and counted in the stats. A second crawl holds a wide index to NEWSCRAWLER_SITEMAP_MAX.
"""

from __future__ import annotations

import collections
import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from subprocess import CompletedProcess
from zoneinfo import ZoneInfo

import pytest

from tests.test_non_html import HTML, Page, crawl, serve, stats, warnings

CHAIN = 40  # levels of the endless sitemap chain the server holds (the cap is 5)
LONG = "/read/2024/artikel-yang-tidak-pernah-selesai"
XML = {"Content-Type": "application/xml"}


def index(*children: str) -> Page:
    entries = "".join(f"<sitemap><loc>{child}</loc></sitemap>" for child in children)
    body = f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'
    return 200, XML, body.encode()


def urlset(*urls: str) -> Page:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    body = (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )
    return 200, XML, body.encode()


def html(title: str, links: list[str] = (), next_page: str | None = None) -> Page:  # type: ignore[assignment]
    anchors = "".join(f'<a href="{link}">{link}</a>' for link in links)
    more = f'<a class="next" href="{next_page}">berikutnya</a>' if next_page else ""
    body = (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<article><p>Isi berita {title} yang cukup panjang untuk sebuah artikel.</p></article>"
        f"{anchors}{more}</body></html>"
    )
    return 200, HTML, body.encode()


def redirect(to: str) -> Page:
    return 302, {"Location": to, "Content-Type": "text/html"}, b""


class TrapSite:
    """The trap site's answers; it counts every request by path."""

    def __init__(self) -> None:
        self.hits: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()

    def __call__(self, path: str) -> Page | None:
        with self.lock:
            self.hits[path] += 1
        name, _, query = path.partition("?")
        if name == "/sitemap/self.xml":
            return index("/sitemap/self.xml", "/sitemap/self-urls.xml")
        if name == "/sitemap/self-urls.xml":
            return urlset(LONG, "/read/loop-a", "/read/redirect/0")
        if name == "/sitemap/a.xml":
            return index("/sitemap/b.xml", "/sitemap/redirect-a.xml")
        if name == "/sitemap/b.xml":
            return index("/sitemap/a.xml", "/sitemap/b-urls.xml")
        if name == "/sitemap/b-urls.xml":
            return urlset("/read/from-b")
        if name == "/sitemap/redirect-a.xml":
            return redirect("/sitemap/redirect-b.xml")
        if name == "/sitemap/redirect-b.xml":
            return redirect("/sitemap/redirect-a.xml")
        if name.startswith("/sitemap/chain/"):
            level = int(name.rsplit("/", 1)[1].removesuffix(".xml"))
            return (
                index(f"/sitemap/chain/{level + 1}.xml", f"/sitemap/chain-urls/{level}.xml")
                if level < CHAIN
                else None
            )
        if name.startswith("/sitemap/chain-urls/"):
            return urlset(f"/read/chain-{name.rsplit('/', 1)[1].removesuffix('.xml')}")
        if name.startswith("/sitemap/wide"):
            return (
                index(*(f"/sitemap/wide-{n}.xml" for n in range(50)))
                if name == "/sitemap/wide.xml"
                else urlset()
            )
        if name == "/listing":
            page = int(query.removeprefix("page="))
            return (
                html(f"listing {page}", [f"/read/list-{page}-{n}" for n in range(2)]) if page < 1000 else None
            )
        if name.startswith("/index/"):
            _, _, day, number = name.split("/")
            return html(f"index {day} {number}", [f"/read/index-{day}-{number}"])
        if name == LONG:
            page = int(query.removeprefix("page=") or 1) if query else 1
            return html(f"panjang {page}", next_page=f"{LONG}?page={page + 1}") if page < 1000 else None
        if name == "/read/loop-a":
            return redirect("/read/loop-b")
        if name == "/read/loop-b":
            return redirect("/read/loop-a")
        if name.startswith("/read/redirect/"):
            step = int(name.rsplit("/", 1)[1])
            return redirect(f"/read/redirect/{step + 1}") if step < 1000 else None
        if name.startswith("/read/"):
            return html(name.rsplit("/", 1)[1])
        return None


DAYS = 3  # since: three days before today; until: far in the future (a calendar without end)


@pytest.fixture(scope="module")
def trapped(tmp_path_factory: pytest.TempPathFactory) -> tuple[CompletedProcess[str], TrapSite]:
    folder = tmp_path_factory.mktemp("traps")
    site = TrapSite()
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    since = (today - timedelta(days=DAYS)).isoformat()
    with serve(site) as base:
        result = crawl("traps", base, folder, "-a", f"since={since}", "-a", "until=2099-12-31")
    return result, site


def counts(trapped: tuple[CompletedProcess[str], TrapSite]) -> dict[str, int]:
    return stats(trapped[0].stderr)


def test_the_crawl_ends_without_traceback(trapped: tuple[CompletedProcess[str], TrapSite]) -> None:
    result, _ = trapped
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "closespider_timeout" not in result.stderr


def test_each_sitemap_is_fetched_once(trapped: tuple[CompletedProcess[str], TrapSite]) -> None:
    _, site = trapped
    sitemaps = {path: hits for path, hits in site.hits.items() if path.startswith("/sitemap/")}
    assert sitemaps
    assert all(hits == 1 for hits in sitemaps.values()), sitemaps


def test_a_sitemap_listing_itself_or_a_cycle_is_warned_once_and_counted(
    trapped: tuple[CompletedProcess[str], TrapSite],
) -> None:
    result, _ = trapped
    # self.xml lists itself; b.xml lists a.xml again.
    assert counts(trapped)["newscrawler/sources/sitemap/repeated"] == 2
    assert len(warnings(result.stderr, "a sitemap loop")) == 1


def test_an_endless_sitemap_chain_stops_at_the_depth_cap(
    trapped: tuple[CompletedProcess[str], TrapSite],
) -> None:
    result, site = trapped
    levels = sorted(
        int(p.rsplit("/", 1)[1].removesuffix(".xml")) for p in site.hits if p.startswith("/sitemap/chain/")
    )
    assert levels == list(range(6)), levels  # the declared sitemap and 5 levels below it
    # level 5 lists level 6 and its own urlset: both left out, one warning.
    assert counts(trapped)["newscrawler/sources/sitemap/capped/depth"] == 2
    assert len(warnings(result.stderr, "NEWSCRAWLER_SITEMAP_DEPTH=5")) == 1


def test_a_sitemap_redirect_loop_is_counted(trapped: tuple[CompletedProcess[str], TrapSite]) -> None:
    result, _ = trapped
    assert counts(trapped)["newscrawler/sources/sitemap/failed/redirect_loop"] == 1
    assert len(warnings(result.stderr, "redirect-a.xml is a redirect loop")) == 1


def test_an_endless_listing_stops_at_max_pages(trapped: tuple[CompletedProcess[str], TrapSite]) -> None:
    result, site = trapped
    assert sum(hits for path, hits in site.hits.items() if path.startswith("/listing?")) == 6
    assert counts(trapped)["newscrawler/sources/listing/capped"] == 1
    assert len(warnings(result.stderr, "(max_pages=6)")) == 1


def test_an_endless_calendar_stops_at_today_and_max_pages(
    trapped: tuple[CompletedProcess[str], TrapSite],
) -> None:
    result, site = trapped
    pages = [path.split("/")[2:] for path in site.hits if path.startswith("/index/")]
    days = {date.fromisoformat(day) for day, _ in pages}
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    assert max(days) <= today
    assert len(days) == DAYS + 1, days
    assert len(pages) == (DAYS + 1) * 5  # every day's pages up to max_pages=5, none beyond
    assert counts(trapped)["newscrawler/sources/index/capped"] == DAYS + 1
    assert len(warnings(result.stderr, "(max_pages=5)")) == 1


def test_an_endless_article_stops_at_max_article_pages(
    trapped: tuple[CompletedProcess[str], TrapSite],
) -> None:
    result, site = trapped
    assert sum(hits for path, hits in site.hits.items() if path.startswith(LONG)) == 4
    assert counts(trapped)["newscrawler/articles/pages_capped"] == 1
    assert len(warnings(result.stderr, "max_article_pages=4")) == 1


def test_article_redirect_loops_fail_counted(trapped: tuple[CompletedProcess[str], TrapSite]) -> None:
    result, site = trapped
    # loop-a -> loop-b -> loop-a: dropped as a duplicate, counted; redirect/0 -> 1 -> ...: REDIRECT_MAX_TIMES.
    assert counts(trapped)["newscrawler/articles/failed/redirect_loop"] == 2
    assert max(int(p.rsplit("/", 1)[1]) for p in site.hits if p.startswith("/read/redirect/")) == 10
    assert len(warnings(result.stderr, "redirect loop")) == 3  # the sitemap's and the two articles'


def test_a_wide_index_stops_at_the_sitemap_count_cap(tmp_path: Path) -> None:
    site = TrapSite()
    with serve(site) as base:
        result = crawl("trapwide", base, tmp_path, "-s", "NEWSCRAWLER_SITEMAP_MAX=10")
    assert "Traceback" not in result.stderr
    assert sum(1 for path in site.hits if path.startswith("/sitemap/wide")) == 10  # the index and 9 children
    assert stats(result.stderr)["newscrawler/sources/sitemap/capped/count"] == 41
    assert len(warnings(result.stderr, "NEWSCRAWLER_SITEMAP_MAX")) == 1
