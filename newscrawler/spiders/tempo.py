"""Tempo.co: RSS per channel, the sitemap and the English edition's feeds; both editions, one spider."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, NewsSpider, Selectors, Sitemap, UrlForms

#: Channels with an RSS feed of their own (rss.tempo.co/<channel>).
CHANNELS = (
    "nasional", "bisnis", "metro", "dunia", "bola", "cantik", "tekno", "otomotif", "seleb", "gaya",
    "travel",
)  # fmt: skip

#: Sections of the English edition with a feed (en.tempo.co/rss/<section>).
EN_SECTIONS = ("national", "business")

#: Boxes of a home or index page that list the newest articles: their links come first, before
#: the "most read" and "editor's pick" boxes that precede them on the page (2015: the home page's
#: "Berita Terbaru", the English index's list).
LATEST_LISTS = ("ul.list-terkini", "ul.indeks-list")


class TempoSpider(NewsSpider):
    """Tempo.co, Indonesian channels (nasional, bisnis, dunia, gaya, seleb, ...) and en.tempo.co."""

    name = "tempo"
    allowed_domains = ["tempo.co"]
    timezone = "WIB"
    # The English edition's pages say "en" (<html lang>, read by the layouts).
    language = "id"
    site_names = ("Tempo.co", "TEMPO.CO", "Tempo", "En.tempo.co")
    latest_lists = LATEST_LISTS
    sources = (
        Sitemap("https://www.tempo.co/sitemap.xml"),
        *(Feed(f"https://rss.tempo.co/{channel}") for channel in CHANNELS),
        *(Feed(f"https://en.tempo.co/rss/{section}") for section in EN_SECTIONS),
    )
    # Today: www.tempo.co/<rubric>/<slug>-<id>; 2017-2024: <channel>.tempo.co/read/<id>/<slug>
    # (en.tempo.co/read/<id>/<slug> still); 2015: <channel>.tempo.co/read/news/YYYY/MM/DD/<id>/<slug>
    # (English lists: .../<id>,uk.html/<Slug>).
    article_urls = (
        r"tempo\.co/read/news/\d{4}/\d{2}/\d{2}/\d+",
        r"tempo\.co/read/\d+/",
        r"(?:www\.)?tempo\.co/[a-z-]+/[^/?#]+-\d+/?(?:[?#]|$)",
    )
    deny_urls = (
        r"//(?:foto|video|grafis|tv|majalah|koran)\.tempo\.co/",
        r"/read/(?:beritafoto|flashgrafis)/",
        r"/(?:foto|video|infografik|tag|topik|indeks|index|penulis|kanal|search)(?:/|$|\?)",
    )
    url_forms = UrlForms(
        article_path=r"/read/(?:news/\d{4}/\d{2}/\d{2}/)?\d+",
        # The 2015 pages' own og:url adds ?i=1 to the address the lists link.
        tracking=("i",),
    )
    layouts = (
        Layout(
            "2025",
            Selectors(
                title="article h1",
                published_at="meta[property='article:published_time']::attr(content)",
                authors="meta[name='author']::attr(content)",
                tags="div#article-tags a",
                body="div#content-wrapper",
                # One spider, two editions: the page says which.
                language="html::attr(lang)",
                exclude=("figure", ".ads"),
            ),
        ),
        # The Indonesian channels and the English edition had two templates then.
        Layout(
            "2015",
            Selectors(
                title=("div.artikel > h1", "div.judul-konten"),
                published_at=("div.artikel > div.block-tanggal", "div.kolom-2-kolom > div.tanggal"),
                tags="meta[name='news_keywords']::attr(content)",
                body=("div.artikel > p", "div.tubuh-berita"),
                language="html::attr(lang)",
                # The Indonesian pages' JSON-LD image is a broken "http:/..." thumbnail.
                image_url="meta[property='og:image']::attr(content)",
            ),
        ),
    )
    boilerplate = (
        # A link to another story inside the body ("Pilihan Editor: ...", "Editor's Choice: ...").
        r"(?:pilihan editor|editor's choice)\s*:.{0,300}",
        # The English edition's closing source credit on a line of its own.
        r"(?:ANTARA|REUTERS|AP|AFP|XINHUA|BERNAMA)",
    )
