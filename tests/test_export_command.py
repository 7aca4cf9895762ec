"""`scrapy export`: the store's articles as JSON Lines, filtered, streamed, read back by pandas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from newscrawler.extraction.fingerprint import content_hash, simhash
from newscrawler.items import ARTICLE_FIELDS, Article, article_record
from newscrawler.store import ArticleWrite, open_store
from tests.conftest import run_scrapy


def stored(url: str, source: str, published_at: str, body: str) -> dict[str, Any]:
    article = Article(
        url=url,
        canonical_url=url,
        source=source,
        title=f"Judul {url[-1]}",
        published_at=published_at,
        body=body,
        word_count=len(body.split()),
        content_hash=content_hash(body),
        simhash=simhash(body),
        crawled_at="2024-10-05T00:00:00+00:00",
    )
    return article_record(article)


def fill(path: Path) -> str:
    url = str(path / "store.sqlite")
    with open_store(url) as store:
        a = stored(
            "https://kompas.com/read/a", "kompas", "2024-10-01T23:30:00+07:00", "Teks pertama yang panjang."
        )
        b = stored(
            "https://detik.com/berita/b", "detik", "2024-10-02T01:00:00+07:00", "Teks kedua yang lain."
        )
        c = stored("https://sindonews.com/read/c", "sindonews", "2024-10-03T08:00:00+07:00", a["body"])
        store.write([ArticleWrite(a, [a["url"]], "2024-10-05T00:00:00+00:00", None)])
        store.write([ArticleWrite(b, [b["url"]], "2024-10-05T00:00:00+00:00", None)])
        original = store.by_content_hash(a["content_hash"])
        assert original is not None
        store.write([ArticleWrite(c, [c["url"]], "2024-10-05T00:00:00+00:00", None, original.id, "content")])
    return url


def export(url: str, *args: str) -> tuple[list[dict[str, Any]], str]:
    result = run_scrapy("export", "-s", f"NEWSCRAWLER_DATABASE_URL={url}", *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def test_export_writes_every_original_and_pandas_reads_it(tmp_path: Path) -> None:
    url = fill(tmp_path)
    out = tmp_path / "all.jsonl"
    result = run_scrapy("export", "-s", f"NEWSCRAWLER_DATABASE_URL={url}", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "export: 2 article(s) to" in result.stderr
    frame = pd.read_json(out, lines=True)
    assert list(frame.columns) == list(ARTICLE_FIELDS)
    assert list(frame["url"]) == ["https://kompas.com/read/a", "https://detik.com/berita/b"]
    assert not list(tmp_path.glob(".*.tmp")), "the temporary file was renamed"


def test_export_filters_by_source_and_published_days_in_the_sites_zone(tmp_path: Path) -> None:
    url = fill(tmp_path)
    assert [r["source"] for r in export(url, "--source", "detik")[0]] == ["detik"]
    # 2024-10-01T23:30+07:00 is on the 1st in WIB (though the 1st, 16:30, in UTC too); 01:00 on the 2nd.
    assert [r["source"] for r in export(url, "--since", "2024-10-02")[0]] == ["detik"]
    assert [r["source"] for r in export(url, "--until", "2024-10-01")[0]] == ["kompas"]
    assert export(url, "--since", "2024-10-04")[0] == []


def test_export_includes_duplicates_with_what_they_repeat_when_asked(tmp_path: Path) -> None:
    url = fill(tmp_path)
    records, _ = export(url, "--include-duplicates")
    by_url = {r["url"]: r for r in records}
    assert by_url["https://sindonews.com/read/c"]["duplicate_of"] == "https://kompas.com/read/a"
    assert by_url["https://sindonews.com/read/c"]["duplicate_kind"] == "content"
    assert by_url["https://kompas.com/read/a"]["duplicate_of"] is None


def test_export_usage_errors_name_the_fix(tmp_path: Path) -> None:
    result = run_scrapy(
        "export", "--since", "bulan-depan-x", "-s", f"NEWSCRAWLER_DATABASE_URL={tmp_path / 's'}"
    )
    assert result.returncode == 2
    assert "--since 'bulan-depan-x' is not a date" in result.stderr
    result = run_scrapy("export", "-s", "NEWSCRAWLER_DATABASE_URL=mysql://x/y")
    assert result.returncode == 1
    assert "unknown kind of database" in result.stderr
