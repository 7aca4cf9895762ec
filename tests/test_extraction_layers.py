"""The extraction layers one by one: JSON-LD, meta tags, site selectors, title signatures, authors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from parsel import Selector

from newscrawler.extraction.article import extract_article, match_layout, strip_title_suffix
from newscrawler.extraction.fields import Selectors, clean_author, element_paragraphs, select_paragraphs
from newscrawler.extraction.normalize import ArticleCleaner
from newscrawler.extraction.site import Layout, SiteProfile
from newscrawler.extraction.structured import json_ld_article, json_ld_fields, meta_fields
from newscrawler.sites import profile_of, site_registry

NOW = datetime(2024, 10, 5, tzinfo=UTC)


def ld(*blocks: str) -> Selector:
    scripts = "".join(f'<script type="application/ld+json">{block}</script>' for block in blocks)
    return Selector(f"<html><head>{scripts}</head><body></body></html>")


@pytest.mark.parametrize(
    "blocks",
    [
        ['{"@type": "NewsArticle", "headline": "A"}'],
        ['[{"@type": "BreadcrumbList"}, {"@type": "NewsArticle", "headline": "A"}]'],
        ['{"@graph": [{"@type": "WebPage"}, {"@type": "Article", "headline": "A"}]}'],
        ['{"@type": ["ReportageNewsArticle", "NewsArticle"], "headline": "A"}'],
        [
            '{"@type": "Organization", "name": "X"}',
            '{"@type": "http://schema.org/NewsArticle", "headline": "A"}',
        ],
        # What sites get wrong: raw line breaks inside strings, trailing commas, HTML comments.
        ['<!-- {"@type": "NewsArticle", "headline": "A",} -->'],
        ['{"@type": "NewsArticle", "headline": "A", "description": "line\none"}'],
    ],
)
def test_json_ld_article_is_found_wherever_the_page_puts_it(blocks: list[str]) -> None:
    article = json_ld_article(ld(*blocks))
    assert article is not None
    assert article["headline"] == "A"


def test_unparsable_or_foreign_json_ld_gives_nothing() -> None:
    assert json_ld_article(ld("{not json")) is None
    assert json_ld_article(ld('{"@type": "Recipe", "name": "Soto"}')) is None


def test_json_ld_fields_read_the_forms_schema_org_allows() -> None:
    fields = json_ld_fields(
        {
            "headline": ["Banjir Surut"],
            "datePublished": "2024-10-04T09:15:00+07:00",
            "dateModified": "2024-10-04T10:00:00+07:00",
            "author": [{"@type": "Person", "name": "Penulis: Rina"}, {"name": ["Budi"]}, "Kompas"],
            "articleSection": ["Megapolitan", "Berita"],
            "keywords": ["banjir", "jakarta, cuaca"],
            "description": "Air surut.",
            "articleBody": "Paragraf satu.\n\nParagraf <b>dua</b>.",
            "image": [{"@type": "ImageObject", "url": "https://img.id/a.jpg"}, "https://img.id/b.jpg"],
            "inLanguage": "id-ID",
        }
    )
    assert fields == {
        "title": "Banjir Surut",
        "published_at": "2024-10-04T09:15:00+07:00",
        "modified_at": "2024-10-04T10:00:00+07:00",
        "authors": ["Rina", "Budi", "Kompas"],
        "section": "Megapolitan",
        "tags": ["banjir", "jakarta", "cuaca"],
        "lead": "Air surut.",
        "body": ["Paragraf satu.", "Paragraf dua."],
        "image_url": "https://img.id/a.jpg",
        "language": "id-ID",
    }


def test_meta_fields_prefer_opengraph_and_skip_profile_urls_as_authors() -> None:
    page = Selector(
        """<head>
        <meta name="title" content="Judul lain"><meta property="og:title" content="Judul">
        <meta name="pubdate" content="2015-11-05 T10:08:58Z" itemprop="datePublished">
        <meta property="article:author" content="https://www.facebook.com/detikdotcom">
        <meta name="author" content="Fino Yurio Kristo">
        <meta name="keywords" content="samsung,galaxy">
        <meta property="og:image" content="http://images.detik.com/a.jpg">
        </head>"""
    )
    assert meta_fields(page) == {
        "title": "Judul",
        "published_at": "2015-11-05 T10:08:58Z",
        "authors": ["Fino Yurio Kristo"],
        "tags": ["samsung", "galaxy"],
        "image_url": "http://images.detik.com/a.jpg",
    }


@pytest.mark.parametrize(
    ("title", "names", "stripped"),
    [
        (
            "Polres Lhokseumawe Serahkan Anggota - Kompas.com Regional",
            ["kompas"],
            "Polres Lhokseumawe Serahkan Anggota",
        ),
        ("Rupiah Melemah : Okezone Economy", ["okezone"], "Rupiah Melemah"),
        ("Harga Naik | detikFinance", ["detik"], "Harga Naik"),
        ("KapanLagi.com: Brandon Salim Makin Dekat", ["kapanlagi"], "Brandon Salim Makin Dekat"),
        ("Judul - Halaman all - Kompas.com", ["kompas"], "Judul - Halaman all"),
        ("Lukashenko Sebut Dirinya Berbahaya", ["sindonews"], "Lukashenko Sebut Dirinya Berbahaya"),
        # A last part that merely mentions the site, or is long, is part of the headline.
        ("Wawancara: Pemimpin Redaksi Kompas", ["kompas"], "Wawancara: Pemimpin Redaksi Kompas"),
        (
            "Indonesia can Learn from Finland: Pratikno",
            ["tempo"],
            "Indonesia can Learn from Finland: Pratikno",
        ),
        ("Detik-detik Gempa - detikNews", ["detik"], "Detik-detik Gempa"),
        ("Kompas", ["kompas"], "Kompas"),
    ],
)
def test_title_signatures_of_the_site_are_removed(title: str, names: list[str], stripped: str) -> None:
    assert strip_title_suffix(title, names) == stripped


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        (": Nabilla Tashandra", "Nabilla Tashandra"),
        ("Penulis: Ervan Hardoko", "Ervan Hardoko"),
        ("Oleh Rina", "Rina"),
        ("By Jane Doe", "Jane Doe"),
        (": Kontributor Lhokseumawe, Masriadi", "Masriadi"),
        ("Reporter - Andi", "Andi"),
        ("Pewarta: Dewi Anggraini", "Dewi Anggraini"),
    ],
)
def test_author_labels_and_roles_are_removed(raw: str, name: str) -> None:
    assert clean_author(raw) == name


def test_element_text_becomes_paragraphs_without_scripts_captions_or_excluded_parts() -> None:
    page = Selector(
        """<div class="content"><strong>JAKARTA</strong> - Satu<br/><br/>Dua <a href="#">tautan</a>
        <figure><img src="x.jpg"><figcaption>Keterangan foto</figcaption></figure>
        <div class="baca">Baca juga: X</div><p>Tiga</p><script>var x = 1;</script>Empat<!-- k --></div>"""
    )
    node = page.css("div.content")[0]
    assert element_paragraphs(node) == ["JAKARTA - Satu", "Dua tautan", "Baca juga: X", "Tiga", "Empat"]
    assert select_paragraphs(page, ["div.nothing", "div.content"], exclude=[".baca"]) == [
        "JAKARTA - Satu",
        "Dua tautan",
        "Tiga",
        "Empat",
    ]


def test_site_selectors_come_first_and_a_date_that_does_not_parse_falls_through() -> None:
    site = SiteProfile(
        name="contoh",
        layouts=(
            Layout(
                "2024",
                Selectors(
                    title="h1.judul", published_at=(".tanggal",), authors=(".penulis",), tags=(".tag",)
                ),
            ),
        ),
    )
    html = """<html><head><meta property="og:title" content="Judul OG">
    <meta property="article:published_time" content="2024-10-04T09:15:00+07:00"></head><body>
    <h1 class="judul">Judul Situs</h1><div class="tanggal">Diperbarui sore ini</div>
    <div class="penulis">Rina - Contoh.id</div><div class="tag">a, b</div>
    <div class="isi"><p>Isi berita yang cukup panjang untuk menjadi artikel di halaman ini.</p></div>
    </body></html>"""
    result = extract_article(html, "https://www.contoh.id/berita/1", site, now=NOW)
    assert result.article.title == "Judul Situs"
    assert result.layers["title"] == "site"
    assert result.article.published_at == "2024-10-04T09:15:00+07:00"
    assert result.layers["published_at"] == "meta", "no date in the site's text: the next layer's"
    assert result.article.authors == ["Rina"]
    assert result.article.tags == ["a", "b"]


def test_local_time_sites_lose_their_false_utc_marker_but_keep_the_raw_text() -> None:
    selectors = Selectors(title="h1", published_at=("meta[name='pubdate']::attr(content)",))
    site = SiteProfile(layouts=(Layout("2015", selectors, local_time=True),))
    html = (
        '<html><head><meta name="pubdate" content="2015-11-05 T10:08:58Z"></head>'
        "<body><h1>J</h1></body></html>"
    )
    article = extract_article(html, "http://inet.detik.com/read/1", site, now=NOW).article
    assert article.published_at == "2015-11-05 T10:08:58"
    assert article.published_at_raw == "2015-11-05 T10:08:58Z"
    # Another layout of the same site keeps the page's Z: local_time belongs to one layout.
    today = SiteProfile(layouts=(Layout("2021", selectors), Layout("2015", selectors, local_time=True)))
    assert extract_article(html, "http://inet.detik.com/read/1", today, now=NOW).article.published_at == (
        "2015-11-05 T10:08:58Z"
    )


def test_layouts_are_tried_newest_first_and_the_one_with_title_and_body_wins() -> None:
    new = Layout("2024", Selectors(title="h1.baru", body="div.isi-baru"))
    old = Layout("2015", Selectors(title="h2.lama", body="div.isi-lama"))
    page = Selector(
        "<html><body><h1 class='baru'>Judul</h1><h2 class='lama'>Judul lama</h2>"
        "<div class='isi-lama'><p>Isi lama.</p></div></body></html>"
    )
    layout, body = match_layout(page, [new, old])
    assert (layout, body) == (old, ["Isi lama."]), "2024 finds no body here: the 2015 layout fits"
    partial = Selector("<html><body><h1 class='baru'>Judul</h1><p>Isi.</p></body></html>")
    assert match_layout(partial, [new, old]) == (new, []), "only a title: the first layout that finds one"
    assert match_layout(Selector("<p>x</p>"), [new, old]) == (None, [])
    result = extract_article(page.get(), "https://contoh.id/a", SiteProfile(layouts=(new, old)), now=NOW)
    assert (result.layout, result.article.layout, result.article.title) == ("2015", "2015", "Judul lama")


def test_canonical_url_is_kept_only_on_the_same_site() -> None:
    page = '<html><head><link rel="canonical" href="/read/1"></head><body></body></html>'
    assert (
        extract_article(page, "https://m.kompas.com/read/1?x=1").article.canonical_url
        == "https://m.kompas.com/read/1"
    )
    other = '<html><head><link rel="canonical" href="https://aggregator.example/1"></head></html>'
    assert extract_article(other, "https://www.kompas.com/read/1").article.canonical_url == ""


def test_generic_date_is_the_one_nearest_the_headline_and_never_relative() -> None:
    html = """<html><body>
    <div class="sidebar"><span class="date">Senin, 1 Januari 2024 08:00 WIB</span>
    <span class="time">5 menit yang lalu</span></div>
    <h1>Judul</h1><div class="date-detail">Rabu, 2 Oktober 2024, 16:15 WIB</div>
    <p>Isi berita.</p></body></html>"""
    article = extract_article(html, "https://contoh.id/a", now=NOW).article
    assert article.published_at == "Rabu, 2 Oktober 2024, 16:15 WIB"


def test_a_regional_host_in_another_zone_gets_its_own_zone_for_dates_without_one() -> None:
    spider = site_registry().spiders["tribunnews"]
    profile = profile_of(spider, None)
    html = (
        "<html><body><h1 id='arttitle'>Hujan di Denpasar</h1>"
        "<div id='article'><div class='bdr3'><h3>Senin, 30 September 2024 08:41</h3></div></div>"
        "<div class='side-article txt-article'><p>Hujan deras mengguncang Denpasar sejak pagi.</p></div>"
        "</body></html>"
    )
    cleaner = ArticleCleaner.for_site(profile)
    dates = {}
    for host in ("bali", "papua", "jogja", "www"):
        url = f"https://{host}.tribunnews.com/2024/09/30/hujan-di-denpasar"
        article, _ = cleaner.clean(extract_article(html, url, profile, now=NOW).article, now=NOW)
        dates[host] = article.published_at
    assert dates == {
        "bali": "2024-09-30T08:41:00+08:00",
        "papua": "2024-09-30T08:41:00+09:00",
        "jogja": "2024-09-30T08:41:00+07:00",
        "www": "2024-09-30T08:41:00+07:00",
    }
    # A date that says its zone keeps it, wherever the page is.
    wib = html.replace("08:41<", "08:41 WIB<")
    bali = "https://bali.tribunnews.com/2024/09/30/hujan-di-denpasar"
    article, _ = cleaner.clean(extract_article(wib, bali, profile, now=NOW).article, now=NOW)
    assert article.published_at == "2024-09-30T08:41:00+07:00"
