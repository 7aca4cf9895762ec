"""Kompas.com: news sitemap and the daily index, whole articles through ``?page=all``."""

from __future__ import annotations

from newscrawler.spiders.base import DailyIndex, Layout, NewsSpider, Selectors, Sitemap, UrlForms

# Channels that had (or still have) a host of their own: amp.kompas.com/<channel>/read/... is
# <channel>.kompas.com/read/...; any other first segment is a section of www (amp.kompas.com/tren/...).
CHANNELS = (
    "nasional", "regional", "megapolitan", "internasional", "money", "tekno", "otomotif", "bola",
    "lifestyle", "health", "travel", "properti", "edukasi", "entertainment",
)  # fmt: skip


class KompasSpider(NewsSpider):
    """Kompas.com (all channels: nasional, regional, internasional, money, tekno, ...)."""

    name = "kompas"
    allowed_domains = ["kompas.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("Kompas.com", "KOMPAS")
    sources = (
        Sitemap("https://www.kompas.com/sitemap-news.xml"),
        DailyIndex("https://indeks.kompas.com/?site=all&date={date:%Y-%m-%d}&page={page}"),
    )
    # /read/xml/YYYY/... is the form of the 2016 home page's links.
    article_urls = (r"kompas\.com/read/(?:xml/)?\d{4}/\d{2}/\d{2}/\d+",)
    deny_urls = (r"/video/", r"/image/")
    url_forms = UrlForms(
        article_path=r"/read/\d{4}/\d{2}/\d{2}/\d+/",  # ?page=2, ?page=all
        channel_hosts={"amp.kompas.com": CHANNELS},
        # How the reader logged in (?lgn_method=google&google_btn=onetap).
        tracking=("lgn_method", "google_btn"),
    )
    single_page = {"page": "all"}
    next_page = ("div.read__paging a.paging__link--next::attr(href)",)
    layouts = (
        Layout(
            "2024",
            Selectors(
                title="h1.read__title",
                published_at=("meta[name='content_PublishedDate']::attr(content)", "div.read__time"),
                authors=".credit-title-name",
                section="meta[name='content_category']::attr(content)",
                tags="ul.tag__article__wrap li a",
                body="div.read__content",
                exclude=(".ads-on-body", ".inner-link-baca-juga", ".kompasidRec", ".read__paging"),
            ),
        ),
        Layout(
            "2015",
            Selectors(
                title=".kcm-read-top h2",
                published_at=(".kcm-read-top .kcm-date", ".kcm-read-top div.msmall.grey"),
                authors="//div[contains(@class, 'kcm-read-copy')]//tr[td[1][contains(., 'Penulis')]]/td[2]",
                section="ul.kcm-breadcrumb li:last-child",
                body="div.kcm-read-text",
                exclude=(".kcm-read-copy", "div.photo"),
            ),
        ),
        # June 2015: the header in div.kcm-read-content-top, the text in its sibling kcm-read-content-text.
        Layout(
            "2015-06",
            Selectors(
                title=".kcm-read-content-top h2",
                published_at=".kcm-read-content-top div.grey.small",
                authors="//div[contains(@class, 'kcm-read-copy')]//tr[td[1][contains(., 'Penulis')]]/td[2]",
                section=".kcm-read-content-top h4.breadcrump a:last-child",
                body="div.kcm-read-content-text div.span6",
                exclude=(".kcm-read-bottom-topic", ".kcm-read-copy"),
            ),
        ),
    )
    boilerplate = (
        r"(?i)dapatkan update berita (?:pilihan|terkini).{0,200}",
        r"(?i)(?:ikuti|download|unduh) (?:berita|aplikasi) kompas\.com.{0,200}",
    )
