"""Scheduled runs end to end: each article once across runs, variants and sites; locks; SIGKILL.

Every crawl is the real `scrapy crawl` as a subprocess, through a replay server on 127.0.0.1, with
its own store and export folder under tmp_path.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newscrawler.extraction.article import extract_article
from newscrawler.extraction.text import split_paragraphs
from newscrawler.extraction.urls import canonicalize_url
from newscrawler.replay import serve
from newscrawler.store import open_store
from tests.conftest import ROOT, run_scrapy
from tests.corpus import corpus_path
from tests.sites import FIXTURES

FAST = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO")
KOMPAS_PAGE = FIXTURES / "kompas" / "banjir-jaktim-constructed.html"
KOMPAS_URL = "https://megapolitan.kompas.com/read/2024/10/02/10150011/hujan-deras-sejumlah-jalan-di-jakarta-timur-tergenang"


def crawl_args(site: str, prefix: str, folder: Path, *args: str, store: str | None = None) -> list[str]:
    return [
        "crawl",
        site,
        "-s",
        f"NEWSCRAWLER_REPLAY_PREFIX={prefix}",
        "-s",
        f"NEWSCRAWLER_DATABASE_URL={store or folder / 'store.sqlite'}",
        "-s",
        f"NEWSCRAWLER_EXPORT_DIR={folder / 'out'}",
        *FAST,
        *args,
    ]


def crawl(site: str, prefix: str, folder: Path, *args: str, store: str | None = None, status: int = 0) -> str:
    """Run a crawl; it must exit with ``status`` (0: verdict ok; 4: broken, for pages of other sites)."""
    result = run_scrapy(*crawl_args(site, prefix, folder, *args, store=store))
    assert result.returncode == status, result.stderr[-3000:]
    return result.stderr


def run_files(folder: Path, site: str) -> list[Path]:
    return sorted((folder / "out" / site).glob("*.jsonl"))


def lines_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def kompas_corpus_entries(tmp_path: Path) -> tuple[list[dict[str, str]], list[str]]:
    """Replay entries: a news sitemap listing the three Kompas corpus pages and a constructed one."""
    folder = corpus_path("indonesian")
    cases = [json.loads(line) for line in (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    pages = [
        (c["url"], str(folder / c["file"])) for c in cases if c["site"] == "kompas" and c["kind"] == "article"
    ]
    pages.append((KOMPAS_URL, str(KOMPAS_PAGE)))
    sitemap = tmp_path / "sitemap-constructed.xml"
    sitemap.write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{html.escape(url)}</loc></url>" for url, _ in pages)
        + "</urlset>"
    )
    entries = [{"url": "https://www.kompas.com/sitemap-news.xml", "file": str(sitemap)}]
    entries += [{"url": url + "?page=all", "file": file} for url, file in pages]
    return entries, [url for url, _ in pages]


def test_a_second_run_fetches_no_article_again_and_exports_nothing(tmp_path: Path, store_url: str) -> None:
    entries, urls = kompas_corpus_entries(tmp_path)
    with serve(entries) as server:
        crawl("kompas", server.prefix, tmp_path, store=store_url)
        first_requests = list(server.requests)
        log = crawl("kompas", server.prefix, tmp_path, store=store_url)
        second_requests = server.requests[len(first_requests) :]
    first, second = run_files(tmp_path, "kompas")
    assert sorted(r["url"] for r in lines_of(first)) == sorted(urls)
    assert lines_of(second) == [], "nothing new in the second run"
    assert second.read_text() == ""
    assert not [u for u in second_requests if "/read/" in u], "no article page downloaded again"
    assert any(u.endswith("sitemap-news.xml") for u in second_requests), "sources are always read"
    assert f"'newscrawler/incremental/skipped': {len(urls)}" in log
    with open_store(store_url) as store:
        assert store.count("articles") == len(urls)
        runs = store.runs("kompas")
        assert [r["close_reason"] for r in runs] == ["finished", "finished"]
        assert [Path(r["export_path"]) for r in runs] == [first, second]


def test_refresh_fetches_known_articles_again_without_exporting_them(tmp_path: Path) -> None:
    entries, urls = kompas_corpus_entries(tmp_path)
    with serve(entries) as server:
        crawl("kompas", server.prefix, tmp_path)
        before = len(server.requests)
        log = crawl("kompas", server.prefix, tmp_path, "-a", "refresh=1")
        again = [u for u in server.requests[before:] if "/read/" in u]
    assert len(again) == len(urls)
    assert f"'newscrawler/dedup/url_unchanged': {len(urls)}" in log
    assert lines_of(run_files(tmp_path, "kompas")[1]) == []


def test_tracking_amp_and_mobile_variants_are_stored_once(tmp_path: Path) -> None:
    path = KOMPAS_URL.removeprefix("https://megapolitan.kompas.com")
    variants = [
        KOMPAS_URL + "?utm_source=x&utm_medium=social",
        "https://amp.kompas.com/megapolitan" + path,
        "http://megapolitan.kompas.com" + path + "#komentar",
    ]
    entries = [
        {
            "url": variant.split("#")[0] + ("&" if "?" in variant else "?") + "page=all",
            "file": str(KOMPAS_PAGE),
        }
        for variant in variants
    ]
    with serve(entries) as server:
        for variant in variants:
            crawl("kompas", server.prefix, tmp_path, "-a", f"urls={variant}")
    exported = [line for path in run_files(tmp_path, "kompas") for line in lines_of(path)]
    assert [r["canonical_url"] for r in exported] == [KOMPAS_URL]
    with open_store(str(tmp_path / "store.sqlite")) as store:
        assert store.count("articles") == 1


def fundus_page(name: str) -> str:
    folder = corpus_path("fundus")
    for line in (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if case["file"].endswith(name):
            return gzip.decompress((folder / case["file"]).read_bytes()).decode("utf-8")
    raise LookupError(name)


def test_copies_across_sites_are_recorded_as_duplicates_but_same_topic_articles_are_not(
    tmp_path: Path,
) -> None:
    ticker = fundus_page("BR_2024_08_27.html.gz")
    other = fundus_page("NZZ_2024_07_18.html.gz")
    # One paragraph of the article text, as the page has it, rewritten: a lightly edited copy.
    paragraphs = split_paragraphs(extract_article(ticker, "https://www.br.de/x").article.body)
    sentence = next(p for p in paragraphs if len(p) > 200 and p in ticker)
    edited = ticker.replace(
        sentence, "Diese Passage hat die Redaktion später neu geschrieben und um Zitate ergänzt."
    )
    files = {}
    for name, text in (("ticker", ticker), ("edited", edited), ("other", other)):
        files[name] = tmp_path / f"{name}.html"
        files[name].write_text(text, encoding="utf-8")
    detik = "https://news.detik.com/internasional/d-7500001/krieg-in-israel-und-gaza"
    kompas = {
        "ticker": "https://www.kompas.com/global/read/2024/08/27/1/salinan",
        "edited": "https://www.kompas.com/global/read/2024/08/27/2/suntingan",
        "other": "https://www.kompas.com/global/read/2024/07/18/3/nahostkonflikt",
    }
    entries = [{"url": detik + "?single=1", "file": str(files["ticker"])}]
    entries += [{"url": url + "?page=all", "file": str(files[name])} for name, url in kompas.items()]
    # German pages at Detik and Kompas URLs: neither site's layouts match, so each run is "broken".
    with serve(entries) as server:
        crawl("detik", server.prefix, tmp_path, "-a", f"urls={detik}", status=4)
        log = crawl("kompas", server.prefix, tmp_path, "-a", f"urls={','.join(kompas.values())}", status=4)
    assert "'newscrawler/dedup/content': 1" in log
    assert "'newscrawler/dedup/near': 1" in log
    with open_store(str(tmp_path / "store.sqlite")) as store:
        originals = sorted(r["canonical_url"] for r in store.iter_articles())
        records = {r["canonical_url"]: r for r in store.iter_articles(include_duplicates=True)}
    key = {name: canonicalize_url(url) for name, url in kompas.items()}
    original = canonicalize_url(detik)
    assert originals == sorted([original, key["other"]])
    assert (records[key["ticker"]]["duplicate_of"], records[key["ticker"]]["duplicate_kind"]) == (
        original,
        "content",
    )
    assert (records[key["edited"]]["duplicate_of"], records[key["edited"]]["duplicate_kind"]) == (
        original,
        "near",
    )
    exported = [r["canonical_url"] for path in run_files(tmp_path, "kompas") for r in lines_of(path)]
    assert exported == [key["other"]], "duplicates are not exported as new articles"


def test_a_second_run_of_the_same_spider_at_once_stops_with_a_clear_message(tmp_path: Path) -> None:
    with serve([]) as server, open_store(str(tmp_path / "store.sqlite")) as holder:
        assert holder.acquire_lock("kompas")
        result = run_scrapy(*crawl_args("kompas", server.prefix, tmp_path))
    assert result.returncode != 0
    assert "another crawl of kompas is running on this store" in result.stderr
    with open_store(str(tmp_path / "store.sqlite")) as store:
        assert store.runs("kompas") == [], "the stopped run touched nothing"


# --- SIGKILL ---------------------------------------------------------------------------------------

ARTICLES = 12


def many_articles(folder: Path) -> list[dict[str, str]]:
    """Kompas-layout pages of distinct invented text (written here, not captured) and their sitemap."""
    rng = random.Random(7)
    vocabulary = ["banjir", "warga", "kota", "jalan", "hujan", "petugas", "pompa", "air", "sungai", "pasar"]
    template = KOMPAS_PAGE.read_text(encoding="utf-8")
    entries, urls = [], []
    for n in range(ARTICLES):
        url = f"https://nasional.kompas.com/read/2024/10/03/{10000000 + n}/berita-{n}"
        body = "".join(
            f"<p>{' '.join(rng.choice(vocabulary) for _ in range(25)).capitalize()} nomor {n}-{k}.</p>"
            for k in range(6)
        )
        start = template.index('<div class="clearfix">') + len('<div class="clearfix">')
        end = template.index("</div>", start)
        page = template[:start] + body + template[end:]
        page = page.replace("Hujan Deras, Sejumlah Jalan di Jakarta Timur Tergenang", f"Berita Nomor {n}")
        page = page.replace(KOMPAS_URL, url)
        file = folder / f"page-{n}-constructed.html"
        file.write_text(page, encoding="utf-8")
        entries.append({"url": url + "?page=all", "file": str(file)})
        urls.append(url)
    sitemap = folder / "sitemap-constructed.xml"
    sitemap.write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{url}</loc></url>" for url in urls)
        + "</urlset>"
    )
    return [{"url": "https://www.kompas.com/sitemap-news.xml", "file": str(sitemap)}, *entries]


def wait_for_run(database: Path, process: subprocess.Popen[bytes], table: str = "runs") -> None:
    """Wait (at most 30 s) until the crawl has committed a row to ``table`` (its run, by default)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if database.exists():
            with contextlib.suppress(sqlite3.Error), sqlite3.connect(database) as check:
                if check.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]:
                    return
        time.sleep(0.05)


@pytest.mark.slow  # one to three minutes: 10 crawls killed and rerun (.ci/run: pytest -m slow)
def test_runs_killed_at_random_moments_lose_and_repeat_nothing(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    entries = many_articles(pages)
    # One page at a time, a little apart, a batch of 3 per transaction: the run lasts ~2.5 s.
    slow = ("-s", "CONCURRENT_REQUESTS=1", "-s", "DOWNLOAD_DELAY=0.15", "-s", "NEWSCRAWLER_STORE_BATCH=3")
    killed_mid_run = 0
    with serve(entries) as server:
        for seed in range(10):
            folder = tmp_path / f"seed{seed}"
            folder.mkdir()  # a store's folder is never made for it (issue 11)
            command = [sys.executable, "-m", "scrapy", *crawl_args("kompas", server.prefix, folder, *slow)]
            process = subprocess.Popen(
                command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            wait_for_run(folder / "store.sqlite", process)
            time.sleep(random.Random(seed).uniform(0.0, 2.5))
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            crawl("kompas", server.prefix, folder)

            database = folder / "store.sqlite"
            with sqlite3.connect(database) as check:
                assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",), f"seed {seed}"
            with open_store(str(database)) as store:
                assert store.count("articles") == ARTICLES, f"seed {seed}"
                assert store.integrity_problems() == []
                runs = store.runs("kompas")
                assert all(r["export_path"] for r in runs), f"seed {seed}: a run without its file"
                killed_mid_run += [r["close_reason"] for r in runs].count("killed")
            exported: list[str] = []
            for path in run_files(folder, "kompas"):
                exported += [r["canonical_url"] for r in lines_of(path)]  # every line is whole JSON
            assert sorted(exported) == sorted(set(exported)), f"seed {seed}: an article in two run files"
            assert len(exported) == ARTICLES, f"seed {seed}: each article in exactly one run file"
    # The kills must land inside runs (after the run was recorded, before it ended), not only around them.
    assert killed_mid_run >= 3, f"only {killed_mid_run} of 10 kills landed inside a run"


def test_detik_article_via_utm_mobile_and_amp_urls_is_stored_once(tmp_path: Path) -> None:
    url = "https://news.detik.com/berita/d-7572001/gempa-m-5-2-guncang-selatan-jawa-barat-tak-berpotensi-tsunami"
    variants = [
        url + "?utm_source=x",
        url.replace("https://news.detik.com/", "https://m.detik.com/news/"),
        url + "/amp",
    ]
    page = str(FIXTURES / "detik" / "gempa-jabar-constructed.html")
    entries = [{"url": v + ("&" if "?" in v else "?") + "single=1", "file": page} for v in variants]
    with serve(entries) as server:
        log = crawl("detik", server.prefix, tmp_path, "-a", f"urls={','.join(variants)}")
    exported = [r["canonical_url"] for path in run_files(tmp_path, "detik") for r in lines_of(path)]
    assert exported == [url]
    assert "'newscrawler/store/new': 1" in log
    with open_store(str(tmp_path / "store.sqlite")) as store:
        assert store.count("articles") == 1


def test_a_daily_index_is_read_only_as_far_as_it_brings_articles_new_to_the_store(tmp_path: Path) -> None:
    page = str(FIXTURES / "detik" / "gempa-jabar-constructed.html")
    article = "https://news.detik.com/berita/d-{}/gempa-jabar"
    index = "https://news.detik.com/indeks?page={}&date=10/04/2024"
    entries = []
    for number in (1, 2):
        listing = tmp_path / f"index-{number}-constructed.html"
        listing.write_text(
            f'<html><body><a href="{article.format(number)}">Berita {number}</a></body></html>'
        )
        entries += [
            {"url": index.format(number), "file": str(listing)},
            {"url": article.format(number) + "?single=1", "file": page},
        ]
    day = ("-a", "since=2024-10-04", "-a", "until=2024-10-04")
    with serve(entries) as server:
        crawl("detik", server.prefix, tmp_path, *day)
        first = list(server.requests)
        log = crawl("detik", server.prefix, tmp_path, *day)
        second = server.requests[len(first) :]
    assert index.format(3) in first, "the first run reads on until a page brings nothing"
    assert index.format(1) in second
    assert index.format(2) not in second, "page 1 brought nothing new to the store: the day ends there"
    assert not [url for url in second if "/berita/" in url]
    assert "'newscrawler/incremental/skipped': 1" in log
    assert "lists no article URL" not in log, "known articles are no sign of a changed site"


def test_an_archive_without_single_page_views_still_gives_whole_articles(tmp_path: Path) -> None:
    """Backfill from a web archive that holds only the plain article URLs (no ?page=all capture)."""
    entries, urls = kompas_corpus_entries(tmp_path)
    plain = [{**entry, "url": entry["url"].removesuffix("?page=all")} for entry in entries[1:]]
    two_pages = (
        "https://megapolitan.kompas.com/read/2024/10/03/07300001/tol-cibubur-padat-jelang-libur-panjang"
    )
    plain += [
        {"url": two_pages, "file": str(FIXTURES / "kompas" / "tol-cibubur-1-constructed.html")},
        {"url": two_pages + "?page=2", "file": str(FIXTURES / "kompas" / "tol-cibubur-2-constructed.html")},
    ]
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text("\n".join([*urls, two_pages]) + "\n")
    with serve(plain) as server:
        log = crawl("kompas", server.prefix, tmp_path, "-a", f"urls_file={urls_file}")
    assert f"'newscrawler/articles/backfill/single_page_missing': {len(urls) + 1}" in log
    folder = corpus_path("indonesian")
    truth = {
        case["url"]: case["expected"]
        for case in map(json.loads, (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines())
        if case.get("site") == "kompas" and case.get("kind") == "article"
    }
    stored = {r["url"]: r for r in lines_of(run_files(tmp_path, "kompas")[0])}
    assert sorted(stored) == sorted([*urls, two_pages])
    for url, expected in truth.items():
        assert (stored[url]["title"], stored[url]["published_at"]) == (
            expected["title"],
            expected["published_at"],
        )
    assert stored[two_pages]["pages"] == 2
    assert stored[two_pages]["published_at"] == "2024-10-03T07:30:00+07:00"
    assert "contraflow" in stored[two_pages]["body"]
    with sqlite3.connect(tmp_path / "store.sqlite") as db:
        layouts = dict(db.execute("SELECT url, layout FROM articles").fetchall())
    assert layouts[two_pages] == "2024"
    assert {layouts[url] for url in truth} == {"2015"}
