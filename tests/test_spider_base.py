"""NewsSpider's callbacks on saved and constructed pages: sources, arguments, pages, layers."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse, Response, XmlResponse

from newscrawler.extraction.fields import Selectors
from newscrawler.extraction.site import Layout
from newscrawler.items import Article
from newscrawler.sites import site_registry
from newscrawler.spiders.base import NewsSpider
from newscrawler.spiders.detik import DetikSpider
from newscrawler.spiders.kompas import KompasSpider
from newscrawler.spiders.sindonews import SindonewsSpider
from newscrawler.spiders.sources import DailyIndex, Listing, Sitemap
from tests.conftest import project_crawler
from tests.corpus import corpus_path
from tests.sites import FIXTURES, read_page


def spider_of(spidercls: type[NewsSpider], **arguments: Any) -> NewsSpider:
    """A spider made as `scrapy crawl -a ...` makes it, with a crawler and its stats."""
    crawler = project_crawler(spidercls)
    spider = spidercls.from_crawler(crawler, **arguments)
    crawler.spider = spider
    return spider


def requests_of(outputs: Iterable[Any] | AsyncIterable[Any]) -> list[Request]:
    """The requests a callback yields (its source callbacks are async generators)."""
    if isinstance(outputs, AsyncIterable):
        source = outputs

        async def collect() -> list[Any]:
            return [output async for output in source]

        outputs = asyncio.run(collect())
    return [output for output in outputs if isinstance(output, Request)]


def stat(spider: NewsSpider, key: str) -> Any:
    assert spider.crawler.stats is not None
    return spider.crawler.stats.get_value(f"newscrawler/{key}")


def xml(url: str, body: bytes) -> XmlResponse:
    return XmlResponse(url=url, body=body, request=Request(url))


def sitemap(*entries: tuple[str, str]) -> bytes:
    urls = "".join(
        f"<url><loc>{loc}</loc><news:news><news:publication_date>{when}</news:publication_date></news:news></url>"
        for loc, when in entries
    )
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


def start_requests(spider: NewsSpider) -> list[Request]:
    """What the spider's ``async def start()`` yields."""

    async def collect() -> list[Request]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


# --- sources ----------------------------------------------------------------------------------------


def test_news_sitemap_requests_its_articles() -> None:
    spider = spider_of(SindonewsSpider)
    body = (FIXTURES / "sindonews" / "sitemap-news-constructed.xml").read_bytes()
    requests = requests_of(
        spider.parse_sitemap(xml("https://www.sindonews.com/sitemap-news.xml", body), source=0)
    )
    assert [r.url for r in requests] == [
        "https://international.sindonews.com/read/977777/45/"
        "lukashenko-sebut-dirinya-dan-vladimir-putin-paling-berbahaya-di-bumi-1671558118"
    ]
    assert requests[0].callback == spider.parse_article


def test_sitemap_index_is_followed_and_gzip_sitemaps_are_read() -> None:
    spider = spider_of(KompasSpider)
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://www.kompas.com/sitemap-1.xml.gz</loc></sitemap>"
        b"<sitemap><loc>/sitemap-2.xml</loc></sitemap></sitemapindex>"
    )
    children = requests_of(spider.parse_sitemap(xml("https://www.kompas.com/sitemap.xml", index), source=0))
    assert [r.url for r in children] == [
        "https://www.kompas.com/sitemap-1.xml.gz",
        "https://www.kompas.com/sitemap-2.xml",
    ]
    assert all(r.callback == spider.parse_sitemap and not r.dont_filter for r in children)

    article = "https://nasional.kompas.com/read/2024/10/04/12345678/judul"
    packed = gzip.compress(
        sitemap((article, "2024-10-04T10:00:00+07:00"), ("https://www.kompas.com/tag/x", ""))
    )
    gz = Response(url=children[0].url, body=packed, request=children[0])
    requests = requests_of(spider.parse_sitemap(gz, source=0))
    assert [r.url for r in requests] == [article + "?page=all"], "only article URLs, whole-article view asked"


def test_since_and_until_filter_sitemap_entries_and_old_child_sitemaps() -> None:
    spider = spider_of(KompasSpider, since="2024-10-02", until="2024-10-03")
    base = "https://nasional.kompas.com/read/2024/10/0{0}/1111111{0}/x"
    body = sitemap(
        (base.format(1), "2024-10-01T23:59:00+07:00"),
        (base.format(2), "2024-10-02T00:00:00+07:00"),
        (base.format(3), "2024-10-03T23:59:59+07:00"),
        (base.format(4), "2024-10-04T00:00:00+07:00"),
    )
    requests = requests_of(spider.parse_sitemap(xml("https://www.kompas.com/s.xml", body), source=0))
    assert [r.url.split("?")[0] for r in requests] == [base.format(2), base.format(3)]
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://www.kompas.com/old.xml</loc><lastmod>2024-09-30</lastmod></sitemap>"
        b"<sitemap><loc>https://www.kompas.com/new.xml</loc><lastmod>2024-10-05</lastmod></sitemap>"
        b"</sitemapindex>"
    )
    children = requests_of(spider.parse_sitemap(xml("https://www.kompas.com/i.xml", index), source=0))
    assert [r.url for r in children] == ["https://www.kompas.com/new.xml"]


def test_a_page_that_is_not_a_sitemap_is_reported() -> None:
    spider = spider_of(KompasSpider)
    blocked = HtmlResponse(
        url="https://www.kompas.com/sitemap-news.xml", body=b"<html>captcha</html>", status=200
    )
    assert requests_of(spider.parse_sitemap(blocked, source=0)) == []
    assert stat(spider, "sources/sitemap/unreadable") == 1


def test_feed_items_are_requested() -> None:
    class FeedSite(KompasSpider):
        name = "feedsite"

    spider = spider_of(FeedSite)
    rss = (
        b"<rss><channel><item><link>https://nasional.kompas.com/read/2024/10/04/1/a</link></item>"
        b"<item><link>https://www.kompas.com/tag/b</link></item></channel></rss>"
    )
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        b'<link rel="alternate" href="https://nasional.kompas.com/read/2024/10/04/2/b"/></entry></feed>'
    )
    got = requests_of(spider.parse_feed(xml("https://www.kompas.com/rss", rss), source=0))
    got += requests_of(spider.parse_feed(xml("https://www.kompas.com/atom", atom), source=0))
    assert [r.url.split("?")[0] for r in got] == [
        "https://nasional.kompas.com/read/2024/10/04/1/a",
        "https://nasional.kompas.com/read/2024/10/04/2/b",
    ]


def test_detik_daily_index_of_2024_gives_articles_and_its_next_page() -> None:
    page = corpus_path("indonesian", "pages", "detik", "news.detik.com-indeks-2024-10-04.html.gz")
    spider = spider_of(DetikSpider)
    source = next(
        i for i, s in enumerate(spider.sources) if isinstance(s, DailyIndex) and "news." in s.template
    )
    index = spider.sources[source]
    assert isinstance(index, DailyIndex)
    url = index.url(date(2024, 10, 4), 1)
    response = HtmlResponse(url=url, body=read_page(page), request=Request(url))
    requests = requests_of(spider.parse_index(response, source=source, day="2024-10-04", page=1))
    articles = [r for r in requests if r.callback == spider.parse_article]
    following = [r for r in requests if r.callback == spider.parse_index]
    assert len(articles) >= 15
    assert all("/d-" in r.url and r.url.endswith("?single=1") for r in articles)
    assert (
        "https://news.detik.com/berita/d-7572645/siswa-berkebutuhan-khusus-diduga-dibully-pihak-sekolah-minta-maaf?single=1"
        in [r.url for r in articles]
    )
    assert [r.url for r in following] == ["https://news.detik.com/indeks?page=2&date=10/04/2024"]
    # The same page again brings nothing new: the day ends there.
    again = requests_of(spider.parse_index(response, source=source, day="2024-10-04", page=2))
    assert again == []


class ListingSite(NewsSpider):
    name = "listingsite"
    allowed_domains = ("example-news.id",)
    sources = (Listing("https://example-news.id/terbaru?page={page}", max_pages=5, stale_pages=2),)
    article_urls = (r"/berita/\d+",)


def listing_page(spider: NewsSpider, page: int, stale: int, links: list[int]) -> list[Request]:
    url = f"https://example-news.id/terbaru?page={page}"
    body = "".join(f'<a href="/berita/{n}">{n}</a>' for n in links).encode()
    response = HtmlResponse(url=url, body=body, request=Request(url))
    return requests_of(spider.parse_listing(response, source=0, page=page, stale=stale))


def test_listing_stops_after_stale_pages_and_at_the_cap() -> None:
    spider = spider_of(ListingSite)
    first = listing_page(spider, 1, 0, [1, 2])
    assert [r.url for r in first][-1] == "https://example-news.id/terbaru?page=2"
    stale_once = listing_page(spider, 2, 0, [1, 2])
    assert [r.url for r in stale_once] == ["https://example-news.id/terbaru?page=3"]
    assert stale_once[0].cb_kwargs["stale"] == 1
    assert listing_page(spider, 3, 1, [2]) == [], "two pages in a row without a new article end it"
    assert listing_page(spider, 5, 0, [9])[-1].callback == spider.parse_article, "page cap: no page 6"
    assert all(r.callback != spider.parse_listing for r in listing_page(spider, 5, 0, [10]))


# --- arguments ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"since": "2024-13-01"}, r"since='2024-13-01' is not a date: give YYYY-MM-DD"),
        ({"since": "kemarin"}, r"since='kemarin' is not a date"),
        ({"since": "2024-10-05", "until": "2024-10-01"}, r"since=2024-10-05 is after until=2024-10-01"),
        ({"limit": "0"}, r"limit='0' is not a positive whole number"),
        ({"limit": "ten"}, r"limit='ten' is not a positive whole number"),
        ({"urls": "kompas.com/read/1"}, r"'kompas.com/read/1' is not an http\(s\) URL"),
        ({"urls_file": "/nonexistent/urls.txt"}, r"urls_file='/nonexistent/urls.txt' cannot be read"),
        ({"sinse": "2024-10-01"}, r"unknown spider argument\(s\) sinse: use since, until"),
    ],
)
def test_bad_arguments_are_refused_with_the_fix(arguments: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        spider_of(KompasSpider, **arguments)


def test_scrapyd_job_argument_is_accepted() -> None:
    assert spider_of(KompasSpider, _job="abc").name == "kompas"


def test_daily_index_walks_days_backward_from_until_to_since() -> None:
    spider = spider_of(KompasSpider, since="2024-09-29", until="2024-10-01")
    requests = start_requests(spider)
    index = [r.url for r in requests if r.callback == spider.parse_index]
    assert index == [
        "https://indeks.kompas.com/?site=all&date=2024-10-01&page=1",
        "https://indeks.kompas.com/?site=all&date=2024-09-30&page=1",
        "https://indeks.kompas.com/?site=all&date=2024-09-29&page=1",
    ]


def test_urls_and_urls_file_replace_the_sources(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text("# mine\nhttps://news.detik.com/berita/d-2/b\n\nhttps://news.detik.com/berita/d-1/a\n")
    spider = spider_of(DetikSpider, urls="https://news.detik.com/berita/d-1/a", urls_file=str(listed))
    requests = start_requests(spider)
    assert [r.url for r in requests] == [
        "https://news.detik.com/berita/d-1/a?single=1",
        "https://news.detik.com/berita/d-2/b?single=1",
    ]


def test_limit_caps_the_articles_requested() -> None:
    urls = ",".join(f"https://news.detik.com/berita/d-{n}/x" for n in range(10))
    spider = spider_of(DetikSpider, urls=urls, limit="3")
    assert len(start_requests(spider)) == 3
    assert spider.limit_reached
    assert stat(spider, "articles/requested") == 3


# --- articles ---------------------------------------------------------------------------------------


def test_single_page_parameters_do_not_reach_the_item() -> None:
    spider = spider_of(KompasSpider)
    request = spider.article_request("https://nasional.kompas.com/read/2024/10/04/1/judul?utm_source=x")
    assert request is not None
    assert request.url == "https://nasional.kompas.com/read/2024/10/04/1/judul?utm_source=x&page=all"
    body = b"<html><head><title>Judul - Kompas.com</title></head><body><h1 class='read__title'>Judul</h1>"
    body += b"<div class='read__content'><p>Isi berita yang panjang.</p></div></body></html>"
    (item,) = spider.parse_article(HtmlResponse(url=request.url, body=body, request=request))
    assert isinstance(item, Article)
    assert item.url == "https://nasional.kompas.com/read/2024/10/04/1/judul?utm_source=x"


class BareSite(NewsSpider):
    """A site whose selectors match nothing on the page: the other layers must carry it."""

    name = "baresite"
    allowed_domains = ("example-news.id",)
    layouts = (
        Layout("2024", Selectors(title=("h1.nothing",), published_at=(".nothing",), body=("div.nothing",))),
    )


def test_other_layers_fill_in_when_site_selectors_find_nothing() -> None:
    spider = spider_of(BareSite)
    url = "https://example-news.id/berita/1"
    body = b"""<html lang="id"><head><title>Harga Cabai Naik - Example News</title>
    <meta property="og:title" content="Harga Cabai Naik">
    <meta property="article:published_time" content="2024-10-04T09:15:00+07:00">
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Example News"},
      {"@type": ["NewsArticle"], "headline": "Harga Cabai Naik Tajam",
       "author": [{"@type": "Person", "name": "Rina"}]}
    ]}</script></head>
    <body><nav><a href="/">Beranda</a><a href="/ekonomi">Ekonomi</a></nav><article>
    <p>Harga cabai rawit di pasar induk naik tajam pekan ini karena pasokan dari sentra berkurang.</p>
    <p>Pedagang mengatakan kenaikan sudah terasa sejak awal bulan dan diperkirakan berlanjut.</p>
    <p>Pemerintah daerah berencana menggelar operasi pasar untuk menahan laju kenaikan harga.</p>
    </article><footer>Hak cipta Example News</footer></body></html>"""
    (item,) = spider.parse_article(HtmlResponse(url=url, body=body, request=Request(url)))
    assert isinstance(item, Article)
    assert item.title == "Harga Cabai Naik Tajam"
    assert item.published_at == "2024-10-04T09:15:00+07:00"
    assert item.authors == ["Rina"]
    assert "operasi pasar" in item.body
    assert "Beranda" not in item.body
    assert stat(spider, "field/title/jsonld") == 1
    assert stat(spider, "field/published_at/meta") == 1
    assert stat(spider, "field/body/generic") == 1
    assert stat(spider, "field/language/generic") == 1


def test_a_failed_next_page_keeps_the_pages_before_it() -> None:
    spider = spider_of(SindonewsSpider)
    first = (FIXTURES / "sindonews" / "lukashenko-1-constructed.html").read_bytes()
    url = "https://international.sindonews.com/read/977777/45/lukashenko-sebut-dirinya-dan-vladimir-putin-paling-berbahaya-di-bumi-1671558118"
    (follow,) = spider.parse_article(HtmlResponse(url=url, body=first, request=Request(url)))
    assert isinstance(follow, Request)
    assert follow.errback is not None

    class Failed:
        request = follow
        value = "HTTP 404"

    (item,) = follow.errback(Failed())  # type: ignore[arg-type]
    assert isinstance(item, Article)
    assert item.pages == 1
    assert stat(spider, "articles/page_failed") == 1


def test_sources_are_declared_for_every_site() -> None:
    for spidercls in (SindonewsSpider, KompasSpider, DetikSpider):
        assert any(isinstance(source, Sitemap) for source in spidercls.sources)
        assert any(isinstance(source, DailyIndex) for source in spidercls.sources)


def test_a_declaration_mistake_fails_when_the_class_is_defined() -> None:
    with pytest.raises(TypeError, match=r"Old\.fields: declare layouts = "):
        type("Old", (NewsSpider,), {"name": "old", "fields": Selectors(title="h1")})
    layout = Layout("2024", Selectors(title="h1"))
    with pytest.raises(TypeError, match=r"Twice\.layouts: two layouts are named alike \(2024, 2024\)"):
        type("Twice", (NewsSpider,), {"name": "twice", "layouts": (layout, layout)})
    with pytest.raises(TypeError, match=r"Bare\.layouts: give Layout\(name, Selectors"):
        type("Bare", (NewsSpider,), {"name": "bare", "layouts": (Selectors(title="h1"),)})


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("http://thejakartaglobe.beritasatu.com/news/brouhaha-bill", "jakartaglobe"),
        ("https://www.beritasatu.com/nasional/2931845/banjir", "beritasatu"),
        ("https://bali.tribunnews.com/2024/09/30/hujan", "tribunnews"),
        ("https://en.tempo.co/read/1/x", "tempo"),
        ("https://m.detik.com/news/berita/d-1/x", "detik"),
        ("https://example.com/berita/1", None),
    ],
)
def test_a_url_belongs_to_the_spider_of_its_most_specific_domain(url: str, site: str | None) -> None:
    spidercls = site_registry().for_url(url)
    assert (spidercls.name if spidercls else None) == site
