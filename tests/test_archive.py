"""Raw pages kept: a run's WARC, `scrapy extract --warc` giving the run's records again, repairs in the store.

Crawls are the real `scrapy crawl` through a replay server on 127.0.0.1 (see test_runs_e2e.py).
"""

from __future__ import annotations

import asyncio
import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from warcio.archiveiterator import ArchiveIterator

from newscrawler.items import Article, article_record
from newscrawler.middlewares.archive import ArchiveMiddleware, ArchivePagesMiddleware
from newscrawler.offline import reextract
from newscrawler.replay import serve
from newscrawler.spiders.kompas import KompasSpider
from newscrawler.spiders.sindonews import SindonewsSpider
from newscrawler.store import ArticleWrite, open_store
from newscrawler.warc import ArchivedPage, SavedResponse, WarcArchive, WarcError, WarcFile
from tests.conftest import project_crawler, run_scrapy
from tests.sites import FIXTURES, read_page
from tests.test_runs_e2e import KOMPAS_PAGE, KOMPAS_URL, crawl, kompas_corpus_entries, lines_of

ARCHIVE = ("-s", "NEWSCRAWLER_ARCHIVE=1")
DEMO = FIXTURES / "demo" / "manifest.jsonl"
SINDO_URL = (
    "https://international.sindonews.com/read/977777/45/"
    "lukashenko-sebut-dirinya-dan-vladimir-putin-paling-berbahaya-di-bumi-1671558118"
)
SINDO_PAGES = {
    SINDO_URL: FIXTURES / "sindonews" / "lukashenko-1-constructed.html",
    SINDO_URL + "/2": FIXTURES / "sindonews" / "lukashenko-2-constructed.html",
}


def run_outputs(tmp_path: Path, site: str) -> tuple[Path, Path]:
    """The run's JSON Lines and WARC, checking that they are all the folder holds."""
    folder = tmp_path / "out" / site
    (jsonl,) = folder.glob("*.jsonl")
    (warc,) = folder.glob("*.warc.gz")
    assert sorted(p.name for p in folder.iterdir()) == sorted([jsonl.name, warc.name]), "no .tmp is left"
    return jsonl, warc


def warc_records(path: Path) -> list[dict[str, Any]]:
    records = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            http = record.http_headers
            records.append(
                {
                    "type": record.rec_type,
                    "fields": dict(record.rec_headers.headers),
                    "status_line": http.statusline if http else None,
                    "protocol": http.protocol if http else None,
                    "http": dict(http.headers) if http else {},
                    "block": record.content_stream().read(),
                }
            )
    return records


def extract_warc(*args: str) -> tuple[list[dict[str, Any]], str, int]:
    result = run_scrapy("extract", "--warc", *args)
    return [json.loads(line) for line in result.stdout.splitlines()], result.stderr, result.returncode


def by_url(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda record: str(record["canonical_url"]))


# --- a real crawl's archive ------------------------------------------------------------------------


def test_a_run_archives_its_article_pages_and_extract_warc_gives_its_records(tmp_path: Path) -> None:
    entries, urls = kompas_corpus_entries(tmp_path)
    with serve(entries) as server:
        log = crawl("kompas", server.prefix, tmp_path, *ARCHIVE)
    jsonl, warc = run_outputs(tmp_path, "kompas")
    assert warc.name == jsonl.name.replace(".jsonl", ".warc.gz"), "the two files share the run's stamp"
    assert f"'newscrawler/archive/pages': {len(urls)}" in log
    assert f"'newscrawler/archive/records': {1 + 2 * len(urls)}" in log
    assert f"'newscrawler/archive/bytes': {warc.stat().st_size}" in log

    records = warc_records(warc)
    assert records[0]["type"] == "warcinfo"
    assert b"spider: kompas" in records[0]["block"]
    responses = [r for r in records if r["type"] == "response"]
    requests = [r for r in records if r["type"] == "request"]
    fetched = {url + "?page=all" for url in urls}
    assert {r["fields"]["WARC-Target-URI"] for r in responses} == fetched, "original URLs, not the replay's"
    assert {r["fields"]["WARC-Target-URI"] for r in requests} == fetched
    for response in responses:
        target = response["fields"]["WARC-Target-URI"]
        assert response["status_line"] == "200 OK"
        assert response["http"]["Content-Type"] == "text/html; charset=utf-8"
        assert int(response["http"]["Content-Length"]) == len(response["block"])
        assert response["fields"]["Newscrawler-Article"] == target.removesuffix("?page=all")
        assert response["fields"]["Newscrawler-Page"] == "1"
    page = next(r for r in responses if r["fields"]["WARC-Target-URI"] == KOMPAS_URL + "?page=all")
    assert page["block"] == KOMPAS_PAGE.read_bytes()
    for request in requests:
        assert f"{request['protocol']} {request['status_line']}" == (
            f"GET {urlsplit(request['fields']['WARC-Target-URI']).path}?page=all HTTP/1.0"
        ), "the request line as sent (the replay server speaks HTTP/1.0)"
        assert request["http"]["Host"] in request["fields"]["WARC-Target-URI"]
        assert request["http"]["User-Agent"].startswith("newscrawler/")

    articles, stderr, status = extract_warc(str(warc))
    assert status == 0, stderr
    assert by_url(articles) == by_url(lines_of(jsonl)), "every field, crawled_at included"


def test_a_multi_page_article_survives_the_round_trip_as_one_article(tmp_path: Path) -> None:
    with serve(DEMO) as server:
        crawl("sindonews", server.prefix, tmp_path, *ARCHIVE)
    jsonl, warc = run_outputs(tmp_path, "sindonews")
    pages = [
        (r["fields"]["WARC-Target-URI"], r["fields"]["Newscrawler-Article"], r["fields"]["Newscrawler-Page"])
        for r in warc_records(warc)
        if r["type"] == "response"
    ]
    assert pages == [(SINDO_URL, SINDO_URL, "1"), (SINDO_URL + "/2", SINDO_URL, "2")]
    articles, stderr, status = extract_warc(str(warc))
    assert status == 0, stderr
    (article,) = articles
    assert article["pages"] == 2
    assert articles == lines_of(jsonl)


# --- repair: yesterday's code in the store, today's code over the archive --------------------------


def article_rows(store: Path) -> dict[str, dict[str, Any]]:
    """Every column of every stored article, by URL."""
    with sqlite3.connect(store) as connection:
        cursor = connection.execute("SELECT * FROM articles ORDER BY id")
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return {row["url"]: row for row in rows}


def test_update_store_repairs_exactly_the_articles_whose_fields_changed(tmp_path: Path) -> None:
    entries, urls = kompas_corpus_entries(tmp_path)
    with serve(entries) as server:
        crawl("kompas", server.prefix, tmp_path, *ARCHIVE, "-s", "SPIDER_MODULES=tests.spiders.stale")
    _, warc = run_outputs(tmp_path, "kompas")
    store = tmp_path / "store.sqlite"
    before = article_rows(store)
    assert sorted(before) == sorted(urls)
    stale = json.loads(before[KOMPAS_URL]["item"])
    assert stale["tags"] == [], "yesterday's code missed today's tag list"

    empty = tmp_path / "empty.sqlite"
    result = run_scrapy(
        "extract", "--warc", str(warc), "--update-store", "-s", f"NEWSCRAWLER_DATABASE_URL={empty}"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"0 updated, 0 unchanged, {len(urls)} not in the store"]
    with open_store(str(empty)) as fresh:
        assert fresh.count("articles") == 0, "articles not in the store are not added"

    repair = ("extract", "--warc", str(warc), "--update-store", "-s", f"NEWSCRAWLER_DATABASE_URL={store}")
    result = run_scrapy(*repair)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"1 updated, {len(urls) - 1} unchanged, 0 not in the store"]
    after = article_rows(store)
    assert [url for url in urls if after[url] != before[url]] == [KOMPAS_URL]
    repaired = json.loads(after[KOMPAS_URL]["item"])
    assert repaired["tags"] == ["banjir", "jakarta timur"]
    assert {k: v for k, v in repaired.items() if k != "tags"} == {
        k: v for k, v in stale.items() if k != "tags"
    }
    assert "tags" not in json.loads(before[KOMPAS_URL]["layers"])
    assert json.loads(after[KOMPAS_URL]["layers"])["tags"] == "site", "the layers are today's too"
    for column in ("first_seen", "last_seen", "first_run", "changed_run", "content_hash"):
        assert after[KOMPAS_URL][column] == before[KOMPAS_URL][column], column

    again = run_scrapy(*repair)
    assert again.stdout.splitlines() == [f"0 updated, {len(urls)} unchanged, 0 not in the store"]
    assert article_rows(store) == after


def test_update_store_compares_every_field_but_crawled_at_and_keeps_when_seen(store_url: str) -> None:
    record = article_record(
        Article(
            url=KOMPAS_URL,
            canonical_url=KOMPAS_URL,
            source="kompas",
            title="Judul",
            published_at="2024-10-02T10:15:11+07:00",
            body="Satu dua tiga.",
            content_hash="a" * 64,
            simhash="00000000000000ff",
            crawled_at="2024-10-02T03:20:00+00:00",
        )
    )
    with open_store(store_url) as store:
        store.write(
            [
                ArticleWrite(
                    record=record, fetched_urls=[KOMPAS_URL], seen_at=record["crawled_at"], run_id=None
                )
            ]
        )
        assert (
            store.update_fields({**record, "crawled_at": "2030-01-01T00:00:00+00:00"}, None, {})
            == "unchanged"
        )
        changed = {
            **record,
            "published_at": "2024-10-02T11:15:11+07:00",
            "simhash": "ff00000000000000",
            "crawled_at": "2030-01-01T00:00:00+00:00",
        }
        assert store.update_fields(changed, "2023", {"title": "site"}) == "updated"
        assert store.update_fields(changed, "2023", {"title": "site"}) == "unchanged"
        (stored,) = store.iter_articles()
        assert stored["published_at"] == "2024-10-02T11:15:11+07:00"
        assert stored["crawled_at"] == record["crawled_at"], "crawled_at is when it was crawled"
        assert stored["first_seen"] == record["crawled_at"]
        assert store.by_url(KOMPAS_URL) is not None
        assert store.near("ff00000000000001", 2) is not None, "the bands follow the new simhash"
        assert store.iter_articles(since="2024-10-02T11:00:00+07:00").__next__()["url"] == KOMPAS_URL
        assert store.update_fields({**record, "canonical_url": KOMPAS_URL + "-lain"}, None, {}) == "absent"
        assert store.count("articles") == 1


# --- damaged archives --------------------------------------------------------------------------------


def saved(url: str, path: Path, fetched_at: str = "2024-10-02T03:20:00+00:00") -> SavedResponse:
    return SavedResponse(
        url=url,
        body=read_page(path),
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        fetched_at=fetched_at,
    )


def write_warc(path: Path, pages: list[ArchivedPage]) -> Path:
    archive = WarcFile(path, "test", "newscrawler-tests")
    for page in pages:
        archive.write_page(page, "GET /", [("Host", "example.id")], "HTTP/1.1")
    archive.close()
    return path


def sindonews_warc(tmp_path: Path) -> tuple[bytes, int, int]:
    """A WARC of the two-page Sindonews article; its bytes and where the second page's response lies."""
    pages = [
        ArchivedPage(saved(url, page), SINDO_URL, number)
        for number, (url, page) in enumerate(SINDO_PAGES.items(), 1)
    ]
    path = write_warc(tmp_path / "whole.warc.gz", pages)
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        spans: list[tuple[str, str, int, int]] = []
        for record in records:
            kind, url = record.rec_type, record.rec_headers.get_header("WARC-Target-URI")
            spans.append((kind, url, records.get_record_offset(), records.get_record_length()))
    start, length = next((o, n) for kind, url, o, n in spans if kind == "response" and url.endswith("/2"))
    return path.read_bytes(), start, length


def test_a_damaged_or_cut_short_archive_gives_one_line_per_file(tmp_path: Path) -> None:
    data, start, length = sindonews_warc(tmp_path)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: start + length // 2])
    flipped = tmp_path / "flipped.warc.gz"
    middle = start + length // 2
    flipped.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    html = tmp_path / "page.warc.gz"
    html.write_bytes(read_page(KOMPAS_PAGE))
    plain_gzip = tmp_path / "one-member.warc.gz"
    plain_gzip.write_bytes(gzip.compress(gzip.decompress(data)))
    missing = tmp_path / "missing.warc.gz"

    damaged = [cut, flipped, html, plain_gzip, missing]
    articles, stderr, status = extract_warc(*map(str, damaged))
    assert status == 1
    assert "Traceback" not in stderr
    for path in damaged:
        assert len([line for line in stderr.splitlines() if line.startswith(f"{path}: ")]) == 1, (
            path,
            stderr,
        )
    # The first page came whole in the cut files: the article keeps it, as a crawl keeps what came.
    assert [a["pages"] for a in articles] == [1, 1]
    assert stderr.count(f"{SINDO_URL}: page {SINDO_URL}/2 is not in the archives") == 2


def test_the_archive_reader_keeps_the_pages_before_the_damage(tmp_path: Path) -> None:
    data, start, length = sindonews_warc(tmp_path)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: start + length // 3])
    archive = WarcArchive()
    with pytest.raises(WarcError, match=r"cut\.warc\.gz: damaged or cut short after 3 record"):
        archive.add(cut)
    assert [page.response.url for page in archive.first_pages()] == [SINDO_URL]
    assert archive.response(SINDO_URL + "/2") is None
    whole = WarcArchive()
    whole.add(tmp_path / "whole.warc.gz")
    assert whole.response(SINDO_URL + "/2") is not None


# --- the components on their own -------------------------------------------------------------------


def test_the_archive_is_off_unless_asked_for() -> None:
    crawler = project_crawler(KompasSpider)
    with pytest.raises(NotConfigured):
        ArchiveMiddleware.from_crawler(crawler)
    with pytest.raises(NotConfigured):
        ArchivePagesMiddleware.from_crawler(crawler)


def test_the_archived_body_is_the_decoded_one_the_spider_gets(tmp_path: Path) -> None:
    crawler = project_crawler(
        KompasSpider,
        NEWSCRAWLER_ARCHIVE=True,
        NEWSCRAWLER_STORE_ENABLED=False,
        ROBOTSTXT_OBEY=False,
        NEWSCRAWLER_EXPORT_DIR=str(tmp_path),
    )
    manager = DownloaderMiddlewareManager.from_crawler(crawler)
    (archive,) = [m for m in manager.middlewares if isinstance(m, ArchiveMiddleware)]
    html = KOMPAS_PAGE.read_bytes()

    async def download(request: Request) -> Response:
        status = 404 if request.url.endswith("gone") else 200
        headers = {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Encoding": "gzip",
            "Content-Length": "1",
            "Transfer-Encoding": "chunked",
        }
        return Response(
            request.url, status=status, body=gzip.compress(html), headers=headers, request=request
        )

    article = {"newscrawler_article": True, "newscrawler_url": KOMPAS_URL}
    requests = [
        Request(KOMPAS_URL + "?page=all", meta=dict(article)),
        Request("https://www.kompas.com/sitemap-news.xml"),  # not an article page
        Request(KOMPAS_URL + "?gone", meta=dict(article)),  # not 2xx
    ]

    async def fetch_all() -> list[Response | Request]:
        return [await manager.download_async(download, request) for request in requests]

    archive.spider_opened()
    responses = asyncio.run(fetch_all())
    archive.spider_closed()
    assert [isinstance(r, Response) and r.body == html for r in responses] == [True, True, True]
    (warc,) = (tmp_path / "kompas").glob("*.warc.gz")
    (response,) = [r for r in warc_records(warc) if r["type"] == "response"]
    assert response["block"] == html
    assert response["http"] == {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(html))}
    assert requests[0].meta["newscrawler_fetched_at"] == response["fields"]["WARC-Date"].replace(
        "Z", "+00:00"
    )


def test_reextract_runs_the_spiders_callbacks_and_a_missing_page_goes_to_the_errback() -> None:
    crawler = project_crawler(SindonewsSpider)
    spider = crawler.spider
    assert isinstance(spider, SindonewsSpider)
    second = "2024-10-02T03:21:00+00:00"
    pages = {
        url: saved(url, path, second if url.endswith("/2") else "2024-10-02T03:20:00+00:00")
        for url, path in SINDO_PAGES.items()
    }

    (joined,) = reextract(spider, SINDO_URL, pages.get, crawler.settings)
    assert joined.pages == 2
    assert joined.crawled_at == second, "the page that completed the article dates it"
    assert "tulis komentar" not in joined.body.lower(), "cleaned as the crawl's normalize pipeline does"

    (alone,) = reextract(spider, SINDO_URL, {SINDO_URL: pages[SINDO_URL]}.get, crawler.settings)
    assert alone.pages == 1
    assert len(alone.body) < len(joined.body)
    assert reextract(spider, SINDO_URL + "/3", pages.get, crawler.settings) == []


def test_redirected_pages_are_found_under_the_url_that_was_requested(tmp_path: Path) -> None:
    target = SINDO_URL + "/2"
    page = ArchivedPage(
        saved(target, SINDO_PAGES[target]), SINDO_URL, 2, redirected_from=(SINDO_URL + "?page=2",)
    )
    archive = WarcArchive()
    archive.add(write_warc(tmp_path / "a.warc.gz", [page]))
    found = archive.response(SINDO_URL + "?page=2")
    assert found is not None
    assert found.url == target
    assert found.fetched_at == "2024-10-02T03:20:00+00:00"
    assert list(archive.first_pages()) == []


def test_a_following_page_comes_from_the_run_of_its_first_page(tmp_path: Path) -> None:
    files = []
    for run, fetched_at in (("a", "2024-10-02T03:20:00+00:00"), ("b", "2024-10-09T03:20:00+00:00")):
        pages = [
            ArchivedPage(saved(url, page, fetched_at), SINDO_URL, number)
            for number, (url, page) in enumerate(SINDO_PAGES.items(), 1)
        ]
        files.append(write_warc(tmp_path / f"{run}.warc.gz", pages))
    archive = WarcArchive()
    for path in files:
        archive.add(path)
    firsts = list(archive.first_pages())
    assert [page.file for page in firsts] == files
    for first in firsts:
        second = archive.response(SINDO_URL + "/2", first.file)
        assert second is not None
        assert second.fetched_at == first.response.fetched_at
    latest = archive.response(SINDO_URL + "/2")
    assert latest is not None
    assert latest.fetched_at == "2024-10-09T03:20:00+00:00"
