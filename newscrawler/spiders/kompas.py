"""Kompas.com: news sitemap and the daily index, whole articles through ``?page=all``."""

from __future__ import annotations

from newscrawler.extraction.fields import Selectors
from newscrawler.spiders.base import NewsSpider
from newscrawler.spiders.sources import DailyIndex, Sitemap


class KompasSpider(NewsSpider):
    """Kompas.com (all channels: nasional, regional, internasional, money, tekno, ...)."""

    name = "kompas"
    allowed_domains = ["kompas.com"]
    language = "id"
    site_names = ("Kompas.com", "KOMPAS")
    sources = (
        Sitemap("https://www.kompas.com/sitemap-news.xml"),
        DailyIndex("https://indeks.kompas.com/?site=all&date={date:%Y-%m-%d}&page={page}"),
    )
    article_urls = (r"kompas\.com/read/\d{4}/\d{2}/\d{2}/\d+",)
    deny_urls = (r"/video/", r"/image/")
    single_page = {"page": "all"}
    fields = Selectors(
        # Today's layout first (read__*), then the 2015-2016 layout (kcm-read-*).
        title=("h1.read__title", ".kcm-read-top h2"),
        published_at=(
            "meta[name='content_PublishedDate']::attr(content)",
            "div.read__time",
            ".kcm-read-top .kcm-date",
            ".kcm-read-top div.msmall.grey",
        ),
        authors=(
            ".credit-title-name",
            "#penulis a",
            "//div[contains(@class, 'kcm-read-copy')]//tr[td[1][contains(., 'Penulis')]]/td[2]",
        ),
        section=("meta[name='content_category']::attr(content)", "ul.kcm-breadcrumb li:last-child"),
        tags=("ul.tag__article__wrap li a", ".tag__article__link"),
        body=("div.read__content", "div.kcm-read-text"),
        exclude=(
            ".ads-on-body",
            ".inner-link-baca-juga",
            ".kompasidRec",
            ".read__paging",
            ".video-in-article",
            ".kcm-read-copy",
            "div.photo",
        ),
    )
    boilerplate = (
        r"(?i)dapatkan update berita (?:pilihan|terkini).{0,200}",
        r"(?i)(?:ikuti|download|unduh) (?:berita|aplikasi) kompas\.com.{0,200}",
    )
