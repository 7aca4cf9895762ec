"""Suara.com: its RSS feeds (all and per channel) and sitemap."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, NewsSpider, Selectors, Sitemap, UrlForms

#: Channels with a feed of their own (https://www.suara.com/rss/<channel>).
CHANNELS = ("news", "bisnis", "bola", "lifestyle", "entertainment", "otomotif", "tekno", "health")


class SuaraSpider(NewsSpider):
    """Suara.com (news, bisnis, bola, lifestyle, entertainment, otomotif, tekno, health)."""

    name = "suara"
    allowed_domains = ["suara.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("Suara.com", "Suara")
    sources = (
        Feed("https://www.suara.com/rss"),
        Sitemap("https://www.suara.com/sitemap.xml"),
        *(Feed(f"https://www.suara.com/rss/{channel}") for channel in CHANNELS),
    )
    # suara.com/<channel>/YYYY/MM/DD/<hhmmss>/<slug>, the same from 2015 to today.
    article_urls = (r"suara\.com/[\w-]+/\d{4}/\d{2}/\d{2}/\d{6}/[\w-]+",)
    deny_urls = (r"suara\.com/(?:foto|video|tag)/",)
    url_forms = UrlForms(article_path=r"/\d{4}/\d{2}/\d{2}/\d{6}/")  # ?page=2
    layouts = (
        Layout(
            "2024",
            Selectors(
                title=".info h1",
                # No date selector: the page's NewsArticle JSON-LD gives it to the second, with its zone
                # (the visible ".date-article span" says "Selasa, 09 Januari 2024 | 08:05 WIB").
                authors=".writer a",
                body="article.detail-content",
                exclude=("p.baca-juga-new", ".kesimpulan"),
            ),
        ),
        Layout(
            "2015",
            Selectors(
                title="h1[itemprop='headline']",
                # "19 Jun 2015 | 13:06"
                published_at="time[itemprop='datePublished']::attr(datetime)",
                authors="div.dateDetail2 author",
                body="div[itemprop='articleBody']",
            ),
        ),
    )
