"""What a site spider counts of each page it asked for: failures by kind, blocks, backfill, layouts, zone."""

from __future__ import annotations

import json
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TimeoutError
from twisted.python.failure import Failure

from newscrawler.extraction.challenge import challenge_page
from newscrawler.extraction.dates import WITA
from newscrawler.items import Article
from newscrawler.pipelines.normalize import NormalizePipeline
from newscrawler.spiders.base import SINGLE_PAGE_META, NewsSpider, Sitemap
from newscrawler.spiders.kompas import KompasSpider
from tests.conftest import project_crawler
from tests.corpus import corpus_path
from tests.sites import FIXTURES, read_page
from tests.test_spider_base import spider_of, stat

ARTICLE = "https://megapolitan.kompas.com/read/2024/10/03/07300001/tol-cibubur-padat-jelang-libur-panjang"


def failure_of(request: Request, error: Exception | None = None, status: int | None = None) -> Failure:
    if status is not None:
        error = HttpError(Response(request.url, status=status, request=request), f"HTTP {status}")
    assert error is not None
    failure = Failure(error)  # type: ignore[no-untyped-call]
    failure.request = request  # type: ignore[attr-defined]
    return failure


def kompas_request(spider: NewsSpider) -> Request:
    request = spider.article_request(ARTICLE)
    assert request is not None
    return request


@pytest.mark.parametrize(
    ("status", "error", "key"),
    [
        (404, None, "articles/failed/http_404"),
        (503, None, "articles/failed/http_503"),
        (403, None, "articles/blocked/http_403"),
        (429, None, "articles/blocked/http_429"),
        (None, DNSLookupError("no such host"), "articles/failed/dns"),
        (None, TimeoutError("took too long"), "articles/failed/timeout"),  # type: ignore[no-untyped-call]
        (None, ValueError("odd"), "articles/failed/other"),
    ],
)
def test_an_article_that_cannot_be_fetched_is_counted_by_why(
    status: int | None, error: Exception | None, key: str
) -> None:
    spider = spider_of(type("Plain", (KompasSpider,), {"name": "plain_kompas", "single_page": {}}))
    request = kompas_request(spider)
    assert list(spider.article_failed(failure_of(request, error, status))) == []
    assert stat(spider, key) == 1


def test_a_request_skipped_on_purpose_is_no_failure() -> None:
    spider = spider_of(KompasSpider)
    request = kompas_request(spider)
    assert list(spider.article_failed(failure_of(request, IgnoreRequest("already in the store")))) == []
    assert spider.crawler.stats is not None
    stats = spider.crawler.stats.get_stats()
    assert not [key for key in stats if "/failed/" in key or "/blocked/" in key]


@pytest.mark.parametrize("status", [404, 410])
def test_a_missing_single_page_view_falls_back_to_the_plain_url(status: int) -> None:
    spider = spider_of(KompasSpider)
    request = kompas_request(spider)
    assert request.url == ARTICLE + "?page=all"
    assert request.meta[SINGLE_PAGE_META]
    (plain,) = spider.article_failed(failure_of(request, status=status))
    assert isinstance(plain, Request)
    assert plain.url == ARTICLE
    assert plain.callback == spider.parse_article
    assert not plain.meta[SINGLE_PAGE_META]
    assert stat(spider, "articles/backfill/single_page_missing") == 1
    assert stat(spider, "articles/backfill/plain") == 1
    # The plain URL failing too is a failure of the article, not another fallback.
    assert list(spider.article_failed(failure_of(plain, status=404))) == []
    assert stat(spider, "articles/failed/http_404") == 1


def test_the_plain_url_is_read_page_by_page_and_joined() -> None:
    spider = spider_of(KompasSpider)
    pages = {
        ARTICLE: (FIXTURES / "kompas" / "tol-cibubur-1-constructed.html").read_bytes(),
        ARTICLE + "?page=2": (FIXTURES / "kompas" / "tol-cibubur-2-constructed.html").read_bytes(),
    }
    (next_page,) = spider.parse_article(HtmlResponse(ARTICLE, body=pages[ARTICLE], request=Request(ARTICLE)))
    assert isinstance(next_page, Request)
    assert next_page.url == ARTICLE + "?page=2"
    response = HtmlResponse(next_page.url, body=pages[next_page.url], request=next_page)
    (article,) = next_page.callback(response, **next_page.cb_kwargs)  # type: ignore[misc]
    assert isinstance(article, Article)
    assert article.pages == 2
    assert "contraflow" in article.body
    assert "Jagorawi" in article.body
    assert article.layout == "2024"


def test_a_next_link_to_another_article_is_not_followed() -> None:
    spider = spider_of(KompasSpider)
    other = "https://megapolitan.kompas.com/read/2024/10/03/07300002/berita-lain-sama-sekali"
    body = (FIXTURES / "kompas" / "tol-cibubur-1-constructed.html").read_text(encoding="utf-8")
    body = body.replace(ARTICLE + "?page=2", other)
    (item,) = spider.parse_article(
        HtmlResponse(ARTICLE, body=body, encoding="utf-8", request=Request(ARTICLE))
    )
    assert isinstance(item, Article)
    assert item.pages == 1


def test_a_source_that_cannot_be_fetched_is_counted_by_kind_and_why() -> None:
    spider = spider_of(KompasSpider)
    request = spider._source_request(
        "https://www.kompas.com/sitemap-news.xml", spider.parse_sitemap, {"source": 0}
    )
    spider.source_failed(failure_of(request, status=503))
    spider.source_failed(failure_of(request, status=403))
    assert stat(spider, "sources/sitemap/failed/http_503") == 1
    assert stat(spider, "sources/sitemap/blocked/http_403") == 1


def page(body: str) -> HtmlResponse:
    return HtmlResponse(ARTICLE, body=body.encode(), request=Request(ARTICLE))


def test_a_challenge_page_is_counted_as_blocked_and_gives_no_item() -> None:
    spider = spider_of(KompasSpider)
    challenge = (
        "<html><head><title>Just a moment...</title></head><body>"
        "<p>Checking if the site connection is secure</p></body></html>"
    )
    assert list(spider.parse_article(page(challenge))) == []
    assert stat(spider, "articles/blocked/challenge") == 1
    assert stat(spider, "articles/fetched") == 1


def test_a_page_without_an_article_is_counted() -> None:
    spider = spider_of(KompasSpider)
    (item,) = spider.parse_article(page("<html><body><p>Maaf, halaman tidak tersedia.</p></body></html>"))
    assert isinstance(item, Article)
    assert not item.title
    assert stat(spider, "articles/no_article") == 1


def test_the_layout_that_matched_is_counted_per_field() -> None:
    spider = spider_of(KompasSpider)
    body = (FIXTURES / "kompas" / "banjir-jaktim-constructed.html").read_text(encoding="utf-8")
    (item,) = spider.parse_article(page(body))
    assert isinstance(item, Article)
    assert item.layout == "2024"
    assert item.layers["title"] == "site"
    assert stat(spider, "field/title/site:2024") == 1
    assert stat(spider, "field/body/site:2024") == 1
    assert stat(spider, "field/modified_at/jsonld") == 1


class Zoneless(NewsSpider):
    """A site that declares no zone."""

    name = "zoneless"
    allowed_domains = ("example-news.id",)
    sources = (Sitemap("https://example-news.id/sitemap.xml"),)


def test_a_site_without_a_declared_zone_takes_the_setting_in_extraction_and_cleaning() -> None:
    crawler = project_crawler(Zoneless, NEWSCRAWLER_TIMEZONE="WITA")
    spider = Zoneless.from_crawler(crawler, since="2024-10-01")
    crawler.spider = spider
    assert spider.zone == WITA
    assert spider.profile.zone == WITA
    assert spider.since is not None
    assert spider.since.utcoffset() == WITA.utcoffset(None)
    body = (
        "<html><body><h1>Judul</h1><time>5 Okt 2024 14:05</time><p>Isi berita yang cukup.</p></body></html>"
    )
    (item,) = spider.parse_article(HtmlResponse("https://example-news.id/a", body=body.encode()))
    pipeline = NormalizePipeline.from_crawler(crawler)
    pipeline.open_spider()
    clean: Any = pipeline.process_item(item)
    assert clean.published_at == "2024-10-05T14:05:00+08:00"
    # `since` is on the site's clock: 00:30 WITA on its day (23:30 the day before in WIB) is kept, the
    # minute before midnight the day before is not.
    early = body.replace("5 Okt 2024 14:05", "1 Okt 2024 00:30").replace("Judul", "Judul lain")
    assert list(spider.parse_article(HtmlResponse("https://example-news.id/b", body=early.encode()))) != []
    earlier = body.replace("5 Okt 2024 14:05", "30 Sep 2024 23:59")
    assert list(spider.parse_article(HtmlResponse("https://example-news.id/c", body=earlier.encode()))) == []
    assert stat(spider, "articles/outside_range") == 1
    # A declared zone wins over the setting.
    kompas = project_crawler(KompasSpider, NEWSCRAWLER_TIMEZONE="WITA")
    assert KompasSpider.from_crawler(kompas).zone.utcoffset(None) != WITA.utcoffset(None)


def test_real_pages_are_seldom_taken_for_challenges(capsys: pytest.CaptureFixture[str]) -> None:
    """Captured news pages (all four corpus sets) are pages, not bot checks: at most 1% flagged."""
    flagged, total = [], 0
    for name in ("fundus", "htmldate", "indonesian", "indonesian-extra"):
        folder = corpus_path(name)
        for line in (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            total += 1
            if challenge_page(read_page(folder / case["file"]).decode("utf-8", "replace")):
                flagged.append(case["file"])
    with capsys.disabled():
        print(f"\nchallenge_page on {total} captured pages: {len(flagged)} flagged {flagged}")
    assert len(flagged) <= total // 100
