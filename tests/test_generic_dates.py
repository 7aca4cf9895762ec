"""Dates of sites without a spider (generic extraction): the page's own offset, the best candidate."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from newscrawler.extraction.article import extract_article
from newscrawler.extraction.normalize import ArticleCleaner
from newscrawler.items import Article
from newscrawler.sites import profile_of, site_registry

NOW = datetime(2024, 8, 6, 12, 0, tzinfo=UTC)


def settings(**overrides: str) -> Settings:
    found = get_project_settings().copy()
    found.update(overrides)
    return found


def generic(
    head: str, body: str = "", url: str = "https://avis.example/nyheter/a", **overrides: str
) -> Article:
    """The clean article of a page of a site without a spider, as ``scrapy extract`` makes it."""
    profile = profile_of(None, settings(**overrides))
    html = (
        f"<html><head><title>Tittel</title>{head}</head><body><h1>Tittel</h1>{body}"
        "<article><p>Brødtekst om saken, lang nok til å være en artikkel.</p></article></body></html>"
    )
    extraction = extract_article(html, url, profile, now=NOW)
    return ArticleCleaner.for_site(profile).clean(extraction.article, NOW)[0]


def meta(prop: str, value: str) -> str:
    return f'<meta property="article:{prop}" content="{value}">'


def ld(**fields: str) -> str:
    pairs = ", ".join(f'"{key}": "{value}"' for key, value in fields.items())
    return f'<script type="application/ld+json">{{"@type": "NewsArticle", {pairs}}}</script>'


# --- the page's own offset ---------------------------------------------------------------------------


def test_an_unknown_site_has_no_declared_zone_and_a_site_spider_has() -> None:
    assert profile_of(None, settings()).zone_declared is False
    assert profile_of(site_registry().spiders["detik"], settings()).zone_declared is True


def test_a_norwegian_page_keeps_its_own_offset() -> None:
    article = generic(meta("published_time", "2024-05-03T10:05:00+02:00"))
    assert article.published_at == "2024-05-03T10:05:00+02:00"


def test_a_utc_time_of_an_unknown_site_stays_utc() -> None:
    article = generic(ld(datePublished="2024-05-03T08:05:00Z"))
    assert article.published_at == "2024-05-03T08:05:00+00:00"


def test_a_time_without_zone_takes_the_configured_zone() -> None:
    assert generic(meta("published_time", "2024-05-03 10:05")).published_at == "2024-05-03T10:05:00+07:00"
    article = generic(meta("published_time", "2024-05-03 10:05"), NEWSCRAWLER_TIMEZONE="Europe/Oslo")
    assert article.published_at == "2024-05-03T10:05:00+02:00"


def test_a_declared_site_still_shows_utc_on_its_own_clock() -> None:
    profile = profile_of(site_registry().spiders["detik"], settings())
    cleaner = ArticleCleaner.for_site(profile)
    article, _ = cleaner.clean(
        Article(url="https://news.detik.com/x", published_at="2024-05-03T08:05:00Z"), NOW
    )
    assert article.published_at == "2024-05-03T15:05:00+07:00"
