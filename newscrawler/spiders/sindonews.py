"""Sindonews.com: news sitemap and index.sindonews.com by day; split articles joined page by page."""

from __future__ import annotations

from newscrawler.extraction.fields import Selectors
from newscrawler.spiders.base import NewsSpider
from newscrawler.spiders.sources import DailyIndex, Sitemap


class SindonewsSpider(NewsSpider):
    """Sindonews.com (nasional, international, ekbis, metro, sports, ...)."""

    name = "sindonews"
    allowed_domains = ["sindonews.com"]
    language = "id"
    site_names = ("SINDOnews", "Sindonews.com")
    sources = (
        Sitemap("https://www.sindonews.com/sitemap-news.xml"),
        DailyIndex("https://index.sindonews.com/index/0?t={date:%Y-%m-%d}&page={page}"),
    )
    # https://international.sindonews.com/read/977777/45/slug-1671558118 (pages add /2, /3, ...).
    article_urls = (r"sindonews\.com/read/\d+/\d+/[\w-]+",)
    deny_urls = (r"/video/", r"/photo/", r"/infografis/")
    next_page = (
        "a[rel='next']::attr(href)",
        ".detail-pagination a.next::attr(href)",
        "//div[contains(@class, 'pagination')]//a[contains(., 'Selanjutnya') or contains(., 'Next')]/@href",
    )
    fields = Selectors(
        title=("h1.detail-title", "h1.title"),
        published_at=(".detail-date-artikel", ".detail-date", "time.time"),
        authors=(".detail-nama-redaksi a", ".author a"),
        section=(".breadcrumb li:last-child a", ".breadcrumb a:last-child"),
        tags=(".detail-tag a", ".tag-detail a"),
        body=("div.detail-desc", "#content"),
        exclude=(".baca-inline", ".pagination", ".detail-pagination", ".ads", "iframe", ".video-related"),
    )
