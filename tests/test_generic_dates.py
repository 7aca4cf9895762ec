"""Dates of sites without a spider (generic extraction): the page's own offset, the best candidate."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from newscrawler.extraction.article import extract_article
from newscrawler.extraction.normalize import ArticleCleaner
from newscrawler.items import Article
from newscrawler.sites import profile_of, site_registry
from tests.conftest import run_scrapy

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


def test_scrapy_extract_of_an_unknown_site_keeps_a_utc_date_utc(tmp_path: Path) -> None:
    page = tmp_path / "sak-constructed.html"
    page.write_text(
        "<html><head><title>Ny sak</title>"
        + ld(headline="Ny sak", datePublished="2024-05-03T08:05:00Z")
        + "</head><body><h1>Ny sak</h1><article><p>Brødtekst om saken, lang nok til å være en artikkel"
        " med flere ord enn en overskrift har.</p><p>Enda et avsnitt om saken.</p></article></body></html>",
        encoding="utf-8",
    )
    result = run_scrapy("extract", str(page), "--url", "https://avis.example/nyheter/ny-sak")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["published_at"] == "2024-05-03T08:05:00+00:00"


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


# --- which candidate ---------------------------------------------------------------------------------


def test_a_day_only_date_takes_the_time_and_zone_of_another_layer_on_the_same_day() -> None:
    body = '<time datetime="2024-05-03T10:05:00+02:00">3. mai</time>'
    article = generic(ld(datePublished="2024-05-03"), body)
    assert article.published_at == "2024-05-03T10:05:00+02:00"


def test_a_time_of_another_day_does_not_lend_its_time_to_a_day_only_date() -> None:
    body = '<time datetime="2024-05-04T10:05:00+02:00">4. mai</time>'
    article = generic(ld(datePublished="2024-05-03"), body)
    assert article.published_at == "2024-05-03T00:00:00+07:00"


def test_a_zoneless_time_takes_the_zone_of_the_same_wall_clock_time_elsewhere() -> None:
    head = ld(datePublished="2024-05-03T10:05:00") + meta("published_time", "2024-05-03T10:05:00+02:00")
    assert generic(head).published_at == "2024-05-03T10:05:00+02:00"


def test_structured_data_keeps_its_own_offset_when_the_markup_writes_the_instant_otherwise() -> None:
    body = '<time datetime="2024-05-03T10:05:00+02:00">3. mai 10:05</time>'
    assert generic(ld(datePublished="2024-05-03T08:05:00Z"), body).published_at == "2024-05-03T08:05:00+00:00"


def test_itemprop_date_published_wins_over_a_bare_time() -> None:
    body = (
        '<aside><time datetime="2024-05-05T09:00:00+02:00">Siste nytt</time></aside>'
        '<span itemprop="datePublished" content="2024-05-03T10:05:00+02:00">3. mai</span>'
    )
    assert generic("", body).published_at == "2024-05-03T10:05:00+02:00"


def test_a_time_in_a_teaser_or_marked_as_an_update_gives_way_to_the_article_s_time() -> None:
    body = (
        '<nav><a href="/b"><time datetime="2024-05-05T09:00:00+02:00">5. mai</time> Annen sak</a></nav>'
        '<time class="updated" datetime="2024-05-04T08:00:00+02:00">4. mai</time>'
        '<time class="entry-date" datetime="2024-05-03T10:05:00+02:00">3. mai</time>'
    )
    assert generic("", body).published_at == "2024-05-03T10:05:00+02:00"


def test_another_article_s_microdata_in_a_teaser_gives_way_to_the_page_s_own() -> None:
    body = (
        '<aside><a href="/b"><span itemprop="datePublished" content="2024-05-05T09:00:00+02:00">5. mai</span>'
        "</a></aside>"
        '<span itemprop="datePublished" content="2024-05-03T10:05:00+02:00">3. mai</span>'
    )
    assert generic("", body).published_at == "2024-05-03T10:05:00+02:00"


def test_a_date_in_the_url_rules_out_a_candidate_of_another_day() -> None:
    body = (
        '<time datetime="2009-04-11T18:06:36+02:00">Kommentar</time>'
        '<div class="entry-date">22. Oktober 2019 um 10:15</div>'
    )
    url = "https://blogg.example/2019/10/22/ein-artikel/"
    assert generic("", body, url=url).published_at == "2019-10-22T10:15:00+07:00"
    # Without the URL's evidence the first candidate stands.
    assert generic("", body).published_at == "2009-04-11T18:06:36+02:00"


def test_the_url_s_day_when_every_candidate_is_of_another_day() -> None:
    body = '<time datetime="2009-04-11T18:06:36+02:00">Kommentar</time>'
    article = generic("", body, url="https://blogg.example/2019/10/22/ein-artikel/")
    assert article.published_at == "2019-10-22T00:00:00+07:00"


def test_the_visible_date_nearest_the_headline_without_an_h1() -> None:
    html = (
        "<html><head><title>Banjir di Kota - Warta</title></head><body>"
        "<div class='latest'><div class='tanggal'>Rabu, 04 November 2015 | 19:14</div>"
        "<div class='judul-kecil'><a href='/b'>Banjir di Kota</a></div></div>"
        "<div class='tanggal'>Rabu, 04 November 2015 | 07:28 WIB</div>"
        "<div class='judul-konten'>Banjir di Kota</div>"
        "<article><p>Isi berita yang cukup panjang untuk sebuah artikel.</p></article></body></html>"
    )
    profile = profile_of(None, settings())
    article = extract_article(html, "https://warta.example/read/1", profile, now=NOW).article
    assert article.published_at == "Rabu, 04 November 2015 | 07:28 WIB"


def test_a_visible_update_date_gives_way_to_the_publication_date() -> None:
    body = (
        "<div class='post-meta'><span class='date'>Zuletzt aktualisiert am 5. Mai 2024, 09:00</span>"
        "<span class='date'>3. Mai 2024, 10:05</span></div>"
    )
    assert generic("", body).published_at == "2024-05-03T10:05:00+07:00"


def test_a_future_date_is_no_publication_date() -> None:
    head = ld(datePublished="2099-01-01T00:00:00+02:00") + meta("published_time", "2024-05-03T10:05:00+02:00")
    assert generic(head).published_at == "2024-05-03T10:05:00+02:00"


def test_htmldate_dates_a_page_nothing_else_dates() -> None:
    body = "<p>Publié le 3 mai 2024 par la rédaction.</p>"
    article = generic("", body, url="https://journal.example/politique/un-article")
    assert (article.published_at or "")[:10] == "2024-05-03"


def test_a_bare_year_in_a_link_is_no_publication_day() -> None:
    from parsel import Selector

    from newscrawler.extraction.date_choice import htmldate_day

    text = "<article><p>Isi berita yang cukup panjang untuk sebuah artikel.</p></article>"
    linked = f'<html><body>{text}<a class="next" href="/read/2024/artikel?page=2">2</a></body></html>'
    # htmldate's extensive search pads the link's year to 2024-01-01: nothing on the page says that day.
    assert htmldate_day(Selector(linked), "https://x.id/read/2024/artikel", NOW) is None
    stated = f'<html><body><div class="date">2024-01-01</div>{text}</body></html>'
    assert htmldate_day(Selector(stated), "https://x.id/read/artikel", NOW) == "2024-01-01"
    dated_url = f"<html><body>{text}</body></html>"
    assert htmldate_day(Selector(dated_url), "https://x.id/2024/01/01/artikel", NOW) == "2024-01-01"
