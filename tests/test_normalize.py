from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

import pytest
from scrapy import Spider
from scrapy.exceptions import NotConfigured

from newscrawler.extraction.dates import WITA
from newscrawler.extraction.normalize import ArticleCleaner
from newscrawler.items import Article
from newscrawler.pipelines.normalize import NormalizePipeline
from tests.conftest import project_crawler

NOW = datetime(2024, 8, 6, 12, 0, tzinfo=UTC)


def clean(article: Article, cleaner: ArticleCleaner | None = None) -> Article:
    return (cleaner or ArticleCleaner(source="site")).clean(article, NOW)[0]


def test_machine_readable_date_wins_and_raw_text_is_kept() -> None:
    article = clean(
        Article(url="u", published_at="2022-12-20T17:42:00Z", published_at_raw="Rabu, 21 Desember 2022")
    )
    # The same instant, on the site's clock: UTC is a machine's way of writing it.
    assert article.published_at == "2022-12-21T00:42:00+07:00"
    assert article.published_at_raw == "Rabu, 21 Desember 2022"


def test_a_date_with_its_own_non_utc_offset_keeps_it() -> None:
    article = clean(
        Article(url="u", published_at="2022-12-21T01:42:00+08:00", modified_at="2022-12-21T02:00Z")
    )
    assert article.published_at == "2022-12-21T01:42:00+08:00"
    assert article.modified_at == "2022-12-21T09:00:00+07:00"


def test_unreadable_machine_date_falls_back_to_page_text_in_site_zone() -> None:
    cleaner = ArticleCleaner(zone=WITA)
    article, report = cleaner.clean(
        Article(url="u", published_at="soon", published_at_raw="5 Agu 2024 14:05"), NOW
    )
    assert article.published_at == "2024-08-05T14:05:00+08:00"
    assert report.unparsed_dates == []


def test_structured_date_alone_is_its_own_raw_text() -> None:
    article = clean(Article(url="u", published_at="2022-12-21T00:42:00+07:00"))
    assert article.published_at_raw == "2022-12-21T00:42:00+07:00"


def test_future_or_unreadable_dates_become_null_and_are_reported() -> None:
    article, report = ArticleCleaner().clean(
        Article(url="u", published_at_raw="1 Januari 2030", modified_at="later"), NOW
    )
    assert article.published_at is None
    assert article.published_at_raw == "1 Januari 2030"
    assert article.modified_at is None
    assert report.unparsed_dates == ["published_at", "modified_at"]


def test_lists_are_normalized_and_deduplicated() -> None:
    article = clean(
        Article(url="u", authors=[" Rina  Atriana", "rina atriana", "", "Budi"], tags=["A", "a", "B"])
    )
    assert article.authors == ["Rina Atriana", "Budi"]
    assert article.tags == ["A", "B"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ID", "id"),
        ("en_us", "en"),
        ("id-ID", "id"),
        ("in-ID", "id"),
        ("zh-Hant-TW", "zh"),
        ("", None),
        ("*", None),
    ],
)
def test_language_is_the_bcp47_primary_tag(raw: str, expected: str | None) -> None:
    assert clean(Article(url="u", language=raw)).language == expected


def test_identity_fields_default_sensibly() -> None:
    article = clean(Article(url=" https://a.id/x ", pages=0, section="  ", lead="Ringkas&nbsp;saja"))
    assert article.canonical_url == "https://a.id/x"
    assert article.source == "site"
    assert article.pages == 1
    assert article.section is None
    assert article.lead == "Ringkas saja"
    assert article.crawled_at == "2024-08-06T12:00:00+00:00"
    assert clean(Article(url="u", source="kompas")).source == "kompas"


def test_missing_values_from_a_careless_spider_do_not_crash() -> None:
    article = clean(Article(url="u", authors=None, tags=None, title=None, body=None))  # type: ignore[arg-type]
    assert (article.authors, article.tags, article.title, article.body) == ([], [], "", "")


def test_cleaning_leaves_the_input_alone() -> None:
    raw = Article(url="u", body="A.\nA.")
    clean(raw)
    assert raw.body == "A.\nA."


class PlainSpider(Spider):
    name = "plain"


class WitaSpider(Spider):
    name = "wita_site"
    timezone = "WITA"
    boilerplate: ClassVar[list[str]] = [r"Dapatkan berita terbaru di aplikasi kami.*"]


def test_pipeline_uses_the_spider_zone_and_rules() -> None:
    crawler = project_crawler(WitaSpider)
    pipeline = NormalizePipeline.from_crawler(crawler)
    pipeline.open_spider()
    article = pipeline.process_item(
        {
            "url": "u",
            "published_at_raw": "5 Agu 2024 14:05",
            "body": "Isi berita.\nDapatkan berita terbaru di aplikasi kami sekarang",
        }
    )
    assert isinstance(article, Article)
    assert article.published_at == "2024-08-05T14:05:00+08:00"
    assert article.body == "Isi berita."
    assert article.source == "wita_site"


def test_setting_zone_applies_when_the_spider_has_none() -> None:
    crawler = project_crawler(PlainSpider, NEWSCRAWLER_TIMEZONE="Asia/Jayapura")
    pipeline = NormalizePipeline.from_crawler(crawler)
    pipeline.open_spider()
    article = pipeline.process_item(Article(url="u", published_at_raw="21/12/2022 00:42"))
    assert article.published_at == "2022-12-21T00:42:00+09:00"


def test_pipeline_switches_off() -> None:
    with pytest.raises(NotConfigured):
        NormalizePipeline.from_crawler(project_crawler(PlainSpider, NEWSCRAWLER_NORMALIZE_ENABLED=False))


def test_bad_zone_fails_at_start_with_the_setting_named() -> None:
    with pytest.raises(ValueError, match=r"NEWSCRAWLER_TIMEZONE.*unknown time zone 'Jakarta'"):
        NormalizePipeline.from_crawler(project_crawler(PlainSpider, NEWSCRAWLER_TIMEZONE="Jakarta"))


def test_negative_skew_is_refused() -> None:
    with pytest.raises(ValueError, match=r"NEWSCRAWLER_DATE_MAX_SKEW is -1.0"):
        NormalizePipeline.from_crawler(project_crawler(PlainSpider, NEWSCRAWLER_DATE_MAX_SKEW=-1))
