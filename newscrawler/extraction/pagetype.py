"""Is a page an article? If not, what kind of page: home, listing, section, tag, search, gallery, error, feed.

Pure (no Scrapy): it reads the parsed page, its URL and the fields extraction found. The signals are
those any news site shows, asked in order; the first rule that applies decides:

1. ``feed``: an RSS/Atom/RDF document read as HTML.
2. ``error``: a "404" / "page not found" title over a short body (a soft 404 answers 200).
3. ``home``: the site's root URL.
4. The URL says tag, search or index (``/tag/``, ``/search``, ``/?s=``, ``/indeks``, ``/page/2``), or
   the title does ("Indeks Berita", "News Archive"): no article's URL or title does.
5. ``article``: the page declares an article in JSON-LD (NewsArticle and kin), or a site layout's
   selectors matched it (the site's own knowledge of its article pages).
6. ``article``: og:type says article, or the page's metadata gives a publication date (sites put
   them on other pages too, so they weigh less than JSON-LD, but they keep a page from being called
   a listing by the weaker signals below).
7. The URL says gallery, archive or section (``/foto/``, ``/arsip/``, ``/kategori/``: on some sites
   articles live under them too), JSON-LD declares a collection (CollectionPage, ItemList,
   SearchResultsPage, ImageGallery), or the page is built like a listing (many headline links in a
   page that is mostly link text, or a "body" of teaser lines) or a gallery (pictures, little text).
8. ``article`` otherwise: in doubt a page stays an article (losing one costs more than keeping a listing).
"""

from __future__ import annotations

import re
from functools import cached_property
from urllib.parse import urlsplit

from parsel import Selector

from newscrawler.extraction.structured import ARTICLE_TYPES, json_ld_types
from newscrawler.items import Article

__all__ = ["ARTICLE", "KINDS", "PageSignals", "page_kind"]

ARTICLE = "article"
#: Every kind ``page_kind`` returns.
KINDS = (ARTICLE, "home", "listing", "section", "tag", "search", "gallery", "error", "feed")

# Path segments that name a kind of page that is not an article (the segment whole: /tags/x, /indeks).
# Article URLs never hold these: they decide whatever the markup declares (og:type "article" is a
# CMS default on many sites' every page).
_URL_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("search", re.compile(r"/(?:search|cari|pencarian|suche|recherche|busca)(?:/|$)", re.IGNORECASE)),
    ("tag", re.compile(r"/(?:tags?|topik|topics?|label|keywords?|hashtag)(?:/|$)", re.IGNORECASE)),
    ("listing", re.compile(r"/(?:indeks|index)(?:/|$)|/page/\d+/?$", re.IGNORECASE)),
)
# These also hold articles on some sites (/foto/2024/..., /category/politik/judul, /archives/2024/...):
# they decide only when nothing claims an article.
_WEAK_URL_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("gallery", re.compile(r"/(?:fotos?|photos?|galeri|gallery|galleries|galerie)(?:/|$)", re.IGNORECASE)),
    ("listing", re.compile(r"/(?:archives?|arsip|terkini|latest|terbaru)(?:/|$)", re.IGNORECASE)),
    (
        "section",
        re.compile(r"/(?:kategori|category|categories|section|rubrik|kanal|channel)(?:/|$)", re.IGNORECASE),
    ),
)
# An archived copy's URL: the kind is read from the original's (web.archive.org/web/2024.../https://...).
_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(?=https?://)", re.IGNORECASE)
# A search query in the URL (?q=, ?s=, ?query=, ?keyword=).
_SEARCH_QUERY = re.compile(r"(?:^|&)(?:q|s|query|keyword|kata_kunci)=[^&]", re.IGNORECASE)
# The home page under another name.
_HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.php", "/home", "/beranda"})
# "Indeks Berita", "Arsip Berita", "News Archive": the page says it lists the news.
_LISTING_TITLE = re.compile(
    r"\b(?:indeks|index|arsip|archives?)\s+(?:berita|news|artikel)\b|\bnews\s+(?:index|archives?)\b",
    re.IGNORECASE,
)
# The titles of error pages: "Halaman tidak ditemukan", "Page not found", "Seite nicht gefunden" ...
_ERROR_TITLE = re.compile(
    r"\b(?:page|halaman|laman|seite|p[aá]gina|sayfa)\b.{0,30}?"
    r"(?:not found|tidak (?:ditemukan|tersedia)|nicht gefunden|no encontrada|introuvable"
    r"|non trovata|niet gevonden|n[aã]o encontrada|bulunamad[ıi])"
    r"|page (?:does not|doesn't) exist|\b404 not found\b",
    re.IGNORECASE,
)
# "404", "Error 404 | Site", "404 - Halaman ...": a status code that is the title, not "404 Pekerja ...".
_STATUS_TITLE = re.compile(
    r"^\W*(?:error\s*|http\s*)?(?:404|410)\b\W*(?:$|[-|:–—])|\b(?:error|fehler|galat)\s*(?:404|410)\b",
    re.IGNORECASE,
)
_COLLECTION_TYPES = {
    "CollectionPage": "listing",
    "ItemList": "listing",
    "SearchResultsPage": "search",
    "ImageGallery": "gallery",
}
# Links in an h2-h4, or holding one (a teaser's picture-and-title link).
_HEADLINE_LINKS = " | ".join(f"//{h}//a | //{h}/ancestor::a" for h in ("h2", "h3", "h4"))
# Text of code, not of the page (script and style hold text only).
_CODE_TEXT = "//body//script/text() | //body//style/text() | //body//template//text()"

_ERROR_BODY_WORDS = 150  # an error page says little; an article about a "404" says more
_GALLERY_BODY_WORDS = 100  # a gallery's text is its captions
_GALLERY_PICTURES = 5  # ... under this many captioned pictures, at least
_HEADLINE_WORDS = 4  # a link this long inside (or around) an h2-h4 is a headline
_MANY_HEADLINES = 15  # a listing shows many; an article's related box a few
_LINK_SHARE = 0.5  # with this share of the page's text in links, the page is mostly links
_TEASER_PARAGRAPHS = 8  # a "body" of this many lines ...
_TEASER_WORDS = 8.0  # ... averaging fewer words than this is a column of teasers
_TEASER_LINK_SHARE = 0.4  # ... when this much of the page's text is links


class PageSignals:
    """What a page shows about its kind (the inputs of the rules), each read when first asked."""

    def __init__(self, page: Selector, declares_article: bool | None = None) -> None:
        self.page = page
        self._declares_article = declares_article

    @cached_property
    def types(self) -> set[str]:
        """The schema.org types its JSON-LD declares."""
        return json_ld_types(self.page)

    @property
    def declares_article(self) -> bool:
        """Whether JSON-LD declares an article object (NewsArticle and kin)."""
        if self._declares_article is not None:
            return self._declares_article
        return bool(self.types & ARTICLE_TYPES)

    @property
    def declares_collection(self) -> str:
        """The kind of collection JSON-LD declares (``listing``, ``search``, ``gallery``), or ""."""
        return next((kind for name, kind in _COLLECTION_TYPES.items() if name in self.types), "")

    @cached_property
    def og_type(self) -> str:
        """og:type, lower case ("" when absent)."""
        return (self.page.xpath("//meta[@property='og:type']/@content").get() or "").strip().lower()

    @cached_property
    def title(self) -> str:
        """The title of the page (``<title>``, else the first ``<h1>``)."""
        title = self.page.xpath("//title/text()").get() or self.page.xpath("string((//h1)[1])").get()
        return " ".join((title or "").split())

    @cached_property
    def link_share(self) -> float:
        """The share of the body's visible text (spaces collapsed) that is link text."""
        root = self.page.root  # lxml itself: a Selector per text node would cost more than the parse
        code = " ".join(root.xpath(_CODE_TEXT, smart_strings=False))
        total = int(root.xpath("string-length(normalize-space(//body))")) - len(" ".join(code.split()))
        links = " ".join(root.xpath("//body//a//text()", smart_strings=False))
        return len(" ".join(links.split())) / total if total > 0 else 0.0

    @cached_property
    def headline_links(self) -> int:
        """Links that are headlines (in or around an h2-h4, four words or more)."""
        links = self.page.root.xpath(_HEADLINE_LINKS)
        return len({link for link in links if _is_headline(link.text_content())})

    @cached_property
    def pictures(self) -> int:
        """Captioned pictures (``<figure>`` with an image and a caption)."""
        return len(self.page.root.xpath("//figure[.//img and .//figcaption]"))


def page_kind(page: Selector, url: str, article: Article, *, declares_article: bool | None = None) -> str:
    """Return ``article`` or the kind of page that is no article (one of KINDS).

    ``article`` holds the fields extraction found on ``page`` (fetched from ``url``), the layer that
    gave each, and the site layout whose selectors matched, if one did. ``declares_article``: whether
    the page's JSON-LD holds an article object, when the caller has read it already (else it is read).

    >>> page = Selector(text="<html><head><title>Halaman tidak ditemukan</title></head></html>")
    >>> page_kind(page, "https://example.com/read/1", Article(url="https://example.com/read/1"))
    'error'
    """
    if _is_feed(page):
        return "feed"
    signals = PageSignals(page, declares_article)
    paragraphs = [line for line in article.body.split("\n") if line.strip()]
    body_words = sum(len(line.split()) for line in paragraphs)
    if _is_error(signals.title, body_words):
        return "error"
    parts = urlsplit(_WAYBACK.sub("", url))
    if parts.path in _HOME_PATHS and not parts.query:
        return "home"
    for kind, pattern in _URL_KINDS:
        if pattern.search(parts.path):
            return kind
    if parts.path in _HOME_PATHS and _SEARCH_QUERY.search(parts.query):
        return "search"  # /?s=banjir: the site's search
    if _LISTING_TITLE.search(signals.title):
        return "listing"
    if signals.declares_article or article.layout is not None:
        return ARTICLE
    # og:type "article" and a publication date in the page's metadata are what articles carry;
    # sites also put them on other pages, so they only keep a page from being called a listing.
    if signals.og_type == ARTICLE or article.layers.get("published_at") in ("jsonld", "meta"):
        return ARTICLE
    for kind, pattern in _WEAK_URL_KINDS:
        # A photo story with a text of its own is an article.
        if pattern.search(parts.path) and (kind != "gallery" or body_words < _GALLERY_BODY_WORDS):
            return kind
    if signals.declares_collection:
        return signals.declares_collection
    if _built_like_listing(signals, paragraphs, body_words):
        return "listing"
    if signals.pictures >= _GALLERY_PICTURES and body_words < _GALLERY_BODY_WORDS:
        return "gallery"  # pictures with a caption each, hardly any text of its own
    return ARTICLE


def _built_like_listing(signals: PageSignals, paragraphs: list[str], body_words: int) -> bool:
    # Many headline links in a page that is mostly links: a front, section or index page.
    if signals.headline_links >= _MANY_HEADLINES and signals.link_share >= _LINK_SHARE:
        return True
    # What the body extractor found is a column of short lines (teasers, not paragraphs) in a page
    # that is largely links (a recipe's or a poem's short lines are not).
    if len(paragraphs) < _TEASER_PARAGRAPHS or signals.link_share < _TEASER_LINK_SHARE:
        return False
    return body_words / len(paragraphs) < _TEASER_WORDS


def _is_error(title: str, body_words: int) -> bool:
    if body_words >= _ERROR_BODY_WORDS:
        return False
    return bool(_ERROR_TITLE.search(title) or _STATUS_TITLE.search(title))


def _is_feed(page: Selector) -> bool:
    # lxml's HTML parser puts a feed's root element into <body> (or keeps it as the root).
    roots = "/rss | /feed | /*[local-name()='RDF'] | /html/body/*[1][self::rss or self::feed]"
    return bool(page.xpath(roots))


def _is_headline(text: str) -> bool:
    squeezed = text.split()
    # Four words, or (scripts written without spaces) twenty characters.
    return len(squeezed) >= _HEADLINE_WORDS or len("".join(squeezed)) >= 20
