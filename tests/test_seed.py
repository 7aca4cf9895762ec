"""The article the project started from must come out clean through the crawl's own pipeline."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import Spider

from newscrawler.extraction.fingerprint import content_hash, simhash
from newscrawler.items import Article
from newscrawler.pipelines.normalize import NormalizePipeline
from tests.conftest import project_crawler, shared_path


class SindonewsLike(Spider):
    name = "sindonews"


def test_seed_article_comes_out_clean() -> None:
    seed = shared_path("seed", "000_286575eaa9f987df.txt").read_text(encoding="utf-8")
    title, date_line, *body_lines = seed.splitlines()
    distinct = list(dict.fromkeys(line for line in body_lines if line != "tulis komentar anda"))
    assert len(distinct) == 9, "the seed holds nine distinct paragraphs"
    assert len(body_lines) == 18, "eight repeated plus the comment prompt"

    crawler = project_crawler(SindonewsLike)
    pipeline = NormalizePipeline.from_crawler(crawler)
    pipeline.open_spider()
    raw = Article(
        url="https://international.sindonews.com/read/977777/lukashenko",
        title=title,
        published_at_raw=date_line,
        body="\n".join(body_lines),
    )
    article = pipeline.process_item(raw)

    assert article.title == title
    assert article.published_at == "2022-12-21T00:42:00+07:00"
    assert article.published_at_raw == "Rabu, 21 Desember 2022 - 00:42 WIB"
    assert article.body.split("\n\n") == distinct
    assert "tulis komentar anda" not in article.body.lower()
    assert article.source == "sindonews"
    assert article.content_hash == content_hash(article.body) != content_hash(raw.body)
    assert article.simhash == simhash(article.body)
    assert datetime.fromisoformat(article.crawled_at).tzinfo == UTC
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value("newscrawler/normalize/paragraphs_dropped/repeated") == 8
    assert stats.get_value("newscrawler/normalize/paragraphs_dropped/boilerplate") == 1
