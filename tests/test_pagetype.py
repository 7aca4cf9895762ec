"""Pages that are no article (home, index, tag, error, gallery, feed) are told apart from articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from parsel import Selector
from scrapy import Request
from scrapy.http import HtmlResponse

from newscrawler.extraction.article import extract_article
from newscrawler.extraction.fields import Selectors
from newscrawler.extraction.pagetype import ARTICLE, KINDS, page_kind
from newscrawler.extraction.site import Layout, SiteProfile
from newscrawler.items import Article
from newscrawler.spiders.base import NewsSpider
from newscrawler.verdict import judge
from tests.conftest import project_crawler
from tests.corpus import corpus_path
from tests.evaluation import load_cases

PAGES = Path(__file__).parent / "fixtures" / "pagetype"
SITE = "https://wartacontoh.id"
ARTICLE_URL = f"{SITE}/news/2024/10/04/100001/banjir-rendam-ratusan-rumah"
#: A URL that says nothing of the page: the markup alone decides.
PLAIN_URL = f"{SITE}/p/12345"

#: Share of the tune half's listing pages that must give no article, and of its article pages that
#: must stay articles (measured: 8 of 8 and 243 of 244, the one lost a photo page without text).
TUNE_LISTING_FLOOR = 0.85
TUNE_ARTICLE_FLOOR = 0.99


def page(name: str) -> str:
    return (PAGES / f"{name}-constructed.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "url", "kind"),
    [
        ("home", f"{SITE}/", "home"),
        # The same home page elsewhere: many headline links, mostly link text, og:type website.
        ("home", PLAIN_URL, "listing"),
        ("indeks", f"{SITE}/indeks", "listing"),
        # og:type "article" (a CMS default) does not hide an "Indeks Berita" title.
        ("indeks", PLAIN_URL, "listing"),
        ("tag", f"{SITE}/tag/banjir", "tag"),
        ("error404", ARTICLE_URL, "error"),
        ("gallery", f"{SITE}/foto/2024/10/04/banjir-rendam-pesisir-utara", "gallery"),
        # Captioned pictures and hardly any text: a gallery whatever its URL.
        ("gallery", PLAIN_URL, "gallery"),
        # JSON-LD NewsArticle with 20 related headlines: an article, under a section's URL too.
        ("article-related", ARTICLE_URL, ARTICLE),
        ("article-related", f"{SITE}/kategori/nasional/banjir-rendam-ratusan-rumah", ARTICLE),
        # Two paragraphs and og:type article.
        ("article-short", ARTICLE_URL, ARTICLE),
        # No og:type, no JSON-LD, no date meta, 16 related headlines: its own text outweighs the links.
        ("article-plain", ARTICLE_URL, ARTICLE),
        ("article-plain", PLAIN_URL, ARTICLE),
    ],
)
def test_each_constructed_page_gets_its_kind(name: str, url: str, kind: str) -> None:
    extraction = extract_article(page(name), url)
    assert extraction.page_kind == kind
    assert extraction.is_article == (kind == ARTICLE)
    if kind == ARTICLE:
        assert extraction.article.title
        assert extraction.article.body


def test_a_home_page_with_a_title_and_a_body_is_still_no_article() -> None:
    extraction = extract_article(page("home"), f"{SITE}/")
    # The generic layers found a title and some text, the least an article has: not enough.
    assert extraction.article.title
    assert extraction.article.body
    assert not extraction.is_article


def test_a_matching_site_layout_makes_a_page_an_article() -> None:
    # The site's own article selectors matched: strong evidence, even on a page built like a listing.
    layout = Layout("2024", Selectors(title=["//h2"], body=["//ul[@class='terkini']//li"]))
    assert extract_article(page("home"), PLAIN_URL).page_kind == "listing"
    matched = extract_article(page("home"), PLAIN_URL, SiteProfile(layouts=[layout]))
    assert matched.layout == "2024"
    assert matched.page_kind == ARTICLE


def kind_of(html: str, url: str = PLAIN_URL, body: str = "", layers: dict[str, str] | None = None) -> str:
    article = Article(url=url, title="Judul", body=body, layers=layers or {})
    return page_kind(Selector(text=html), url, article)


LONG_BODY = "\n\n".join(
    ["Para pekerja pabrik tekstil di kawasan industri menerima surat pemberitahuan pada Jumat pagi."] * 15
)


def test_error_pages_by_their_title_but_not_articles_about_errors() -> None:
    for title in (
        "Halaman tidak ditemukan - Warta Contoh",
        "404",
        "Error 404 | Warta Contoh",
        "Page not found",
    ):
        assert kind_of(f"<html><head><title>{title}</title></head></html>", ARTICLE_URL) == "error", title
    # An article that starts with a number, and a long article about a missing page.
    assert kind_of("<html><head><title>404 Pekerja Dirumahkan</title></head></html>", ARTICLE_URL) == ARTICLE
    about = "<html><head><title>404 Not Found: Mengapa Halaman Hilang</title></head></html>"
    assert kind_of(about, ARTICLE_URL, LONG_BODY) == ARTICLE


def test_urls_that_name_their_kind() -> None:
    html = '<html><head><meta property="og:type" content="article"></head><body><p>x</p></body></html>'
    assert kind_of(html, f"{SITE}/tag/banjir") == "tag"
    assert kind_of(html, f"{SITE}/topik/pemilu-2024/") == "tag"
    assert kind_of(html, f"{SITE}/search?q=banjir") == "search"
    assert kind_of(html, f"{SITE}/?s=banjir") == "search"
    assert kind_of(html, f"{SITE}/indeks/2024-10-04") == "listing"
    assert kind_of(html, f"{SITE}/news/page/3/") == "listing"
    assert kind_of(html, "https://web.archive.org/web/20241004000000/https://wartacontoh.id/") == "home"
    # A home page saying og:type article (a CMS default) is still the home page.
    assert kind_of(html, f"{SITE}/") == "home"
    # Under og:type article, section and archive paths hold articles on many sites.
    assert kind_of(html, f"{SITE}/kategori/nasional/banjir-rendam") == ARTICLE
    assert kind_of(html, f"{SITE}/archives/2024/10/04/banjir-rendam") == ARTICLE
    plain = "<html><body><p>x</p></body></html>"
    assert kind_of(plain, f"{SITE}/kategori/nasional") == "section"
    assert kind_of(plain, f"{SITE}/arsip") == "listing"
    # The article URL of a page that says nothing about itself: an article.
    assert kind_of(plain, ARTICLE_URL, LONG_BODY) == ARTICLE


def test_structured_data_says_collection_or_article() -> None:
    def ld(kind: str) -> str:
        return f'<html><head><script type="application/ld+json">{{"@type": "{kind}"}}</script></head></html>'

    assert kind_of(ld("CollectionPage")) == "listing"
    assert kind_of(ld("SearchResultsPage")) == "search"
    assert kind_of(ld("NewsArticle"), f"{SITE}/kategori/nasional") == ARTICLE
    # A publication date in the page's metadata claims an article as og:type does.
    plain = "<html><body><p>x</p></body></html>"
    assert kind_of(plain, f"{SITE}/kategori/x", layers={"published_at": "meta"}) == ARTICLE
    assert kind_of(plain, f"{SITE}/kategori/x", layers={"published_at": "generic"}) == "section"


def test_a_feed_saved_as_html_is_a_feed() -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Warta</title>'
        "<item><title>Banjir</title><link>https://wartacontoh.id/news/1</link></item></channel></rss>"
    )
    assert kind_of(rss, f"{SITE}/rss") == "feed"
    assert extract_article(rss, f"{SITE}/rss").is_article is False


def test_a_body_of_teaser_lines_in_a_page_of_links_is_a_listing() -> None:
    links = "".join(f'<li><a href="/news/{n}">Berita nomor {n}</a></li>' for n in range(30))
    html = f"<html><body><ul>{links}</ul><p>Kumpulan berita hari ini.</p></body></html>"
    teasers = "\n\n".join(f"Banjir di desa {n} pagi ini" for n in range(12))
    assert kind_of(html, PLAIN_URL, teasers) == "listing"
    paragraphs = "\n\n".join(
        [f"Banjir di desa {n} pagi ini merendam rumah warga dan sawah." for n in range(12)]
    )
    assert kind_of(html, PLAIN_URL, paragraphs) == ARTICLE
    # Short lines in a page of text, not of links: a recipe's ingredients, a poem.
    assert (
        kind_of("<html><body><p>Bahan: tepung, gula, telur.</p></body></html>", PLAIN_URL, teasers) == ARTICLE
    )


def test_every_kind_is_named() -> None:
    assert set(KINDS) >= {
        "article",
        "home",
        "listing",
        "tag",
        "search",
        "gallery",
        "error",
        "feed",
        "section",
    }


def test_the_tune_half_listings_give_no_article_and_its_articles_stay(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cases = load_cases(corpus_path(), "tune")
    listings = [case for case in cases if case.kind == "listing"]
    articles = [case for case in cases if case.kind == "article"]
    assert listings, "the tune half has listing pages"
    assert articles, "the tune half has article pages"
    caught = [case.file for case in listings if not extract_article(case.html, case.url).is_article]
    lost = [
        (case.file, kind)
        for case in articles
        if (kind := extract_article(case.html, case.url).page_kind) != ARTICLE
    ]
    with capsys.disabled():
        print(
            f"\ntune half: {len(caught)} of {len(listings)} listing pages give no article; "
            f"{len(lost)} of {len(articles)} article pages called another kind: {lost}"
        )
    assert len(caught) / len(listings) >= TUNE_LISTING_FLOOR
    assert 1 - len(lost) / len(articles) >= TUNE_ARTICLE_FLOOR


class WartaContoh(NewsSpider):
    """A site without layouts: the generic layers read its pages."""

    name = "wartacontoh"
    allowed_domains = ("wartacontoh.id",)


def test_a_crawl_yields_no_item_for_pages_of_another_kind_and_counts_them_by_kind() -> None:
    crawler = project_crawler(WartaContoh)
    spider = crawler.spider
    assert isinstance(spider, NewsSpider)

    def parsed(name: str, url: str) -> list[object]:
        response = HtmlResponse(url=url, body=page(name).encode(), request=Request(url))
        return list(spider.parse_article(response))

    assert parsed("home", f"{SITE}/") == []
    assert parsed("tag", f"{SITE}/tag/banjir") == []
    assert parsed("error404", ARTICLE_URL) == []
    (item,) = parsed("article-plain", ARTICLE_URL)
    assert isinstance(item, Article)
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    assert stats["newscrawler/articles/no_article"] == 3
    assert {key: value for key, value in stats.items() if "/not_article/" in key} == {
        "newscrawler/articles/not_article/home": 1,
        "newscrawler/articles/not_article/tag": 1,
        "newscrawler/articles/not_article/error": 1,
    }
    # Three of four article pages were no article: the run is not ok, and the reason names them.
    verdict = judge({**stats, "newscrawler/articles/found": 4, "newscrawler/articles/requested": 4})
    assert verdict.name == "blocked"
    assert "home page instead of an article: 1" in verdict.reason
