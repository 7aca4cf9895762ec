"""StorePipeline on its own: items arriving together are judged as if one after another."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.exceptions import DropItem

from newscrawler.extraction.normalize import ArticleCleaner
from newscrawler.items import Article
from newscrawler.pipelines.store import StorePipeline
from newscrawler.store import open_store
from tests.conftest import project_crawler

BODY = " ".join(f"Kalimat {n} tentang gempa di laut selatan yang terasa hingga kota." for n in range(30))


class Site(Spider):
    name = "contoh"


def article(url: str, body: str = BODY) -> Article:
    return ArticleCleaner(source="contoh").clean(Article(url=url, title="Gempa", body=body))[0]


def test_concurrent_items_of_one_article_give_one_new_and_the_rest_duplicates(tmp_path: Path) -> None:
    crawler = project_crawler(
        Site, NEWSCRAWLER_DATABASE_URL=str(tmp_path / "store.sqlite"), NEWSCRAWLER_EXPORT_DIR=str(tmp_path)
    )
    pipeline = StorePipeline.from_crawler(crawler)

    async def crawl() -> list[Any]:
        await pipeline.open_spider()
        items = [
            article("https://contoh.id/berita/1?utm_source=x"),
            article("https://m.contoh.id/berita/1"),
            article("https://contoh.id/berita/1/amp"),
            article("https://lain.id/salinan/1"),  # the same text on another site
        ]
        results = await asyncio.gather(
            *(pipeline.process_item(item) for item in items), return_exceptions=True
        )
        await pipeline.close_spider()
        await pipeline.spider_closed(reason="finished")
        return results

    results = asyncio.run(crawl())
    kept = [r for r in results if isinstance(r, Article)]
    dropped = [str(r) for r in results if isinstance(r, DropItem)]
    assert [a.canonical_url for a in kept] == ["https://contoh.id/berita/1"]
    assert sorted(d.split(": ", 1)[1].split(" ")[0] for d in dropped) == ["already", "already", "the"]
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value("newscrawler/dedup/url_unchanged") == 2
    assert stats.get_value("newscrawler/dedup/content") == 1
    with open_store(str(tmp_path / "store.sqlite")) as store:
        assert store.count("articles") == 2
        (run,) = store.runs("contoh")
        assert run["close_reason"] == "finished"
        assert Path(run["export_path"]).read_text(encoding="utf-8").count("\n") == 1


def test_run_files_of_runs_started_in_one_second_list_in_run_order(tmp_path: Path) -> None:
    settings = {
        "NEWSCRAWLER_DATABASE_URL": str(tmp_path / "store.sqlite"),
        "NEWSCRAWLER_EXPORT_DIR": str(tmp_path),
        "NEWSCRAWLER_SIMHASH_THRESHOLD": 0,  # the two bodies differ by a word: both new here
    }
    first = StorePipeline.from_crawler(project_crawler(Site, **settings))
    second = StorePipeline.from_crawler(project_crawler(Site, **settings))
    second.started = first.started  # the same second

    async def run(pipeline: StorePipeline, url: str) -> None:
        await pipeline.open_spider()
        await pipeline.process_item(article(url, body=f"{BODY} {url}"))
        await pipeline.close_spider()
        await pipeline.spider_closed(reason="finished")

    asyncio.run(run(first, "https://contoh.id/berita/1"))
    asyncio.run(run(second, "https://contoh.id/berita/2"))
    files = sorted((tmp_path / "contoh").glob("*.jsonl"))
    lines = [[json.loads(line)["url"] for line in f.read_text(encoding="utf-8").splitlines()] for f in files]
    assert lines == [["https://contoh.id/berita/1"], ["https://contoh.id/berita/2"]], files
