"""Sindonews.com: news sitemap and index.sindonews.com by day; split articles joined page by page."""

from __future__ import annotations

from newscrawler.spiders.base import DailyIndex, Layout, NewsSpider, Selectors, Sitemap, UrlForms


class SindonewsSpider(NewsSpider):
    """Sindonews.com (nasional, international, ekbis, metro, sports, ...)."""

    name = "sindonews"
    allowed_domains = ["sindonews.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("SINDOnews", "Sindonews.com")
    sources = (
        Sitemap("https://www.sindonews.com/sitemap-news.xml"),
        DailyIndex("https://index.sindonews.com/index/0?t={date:%Y-%m-%d}&page={page}"),
    )
    # https://international.sindonews.com/read/977777/45/slug-1671558118 (pages add /2, /3, ...).
    article_urls = (r"sindonews\.com/read/\d+/\d+/[\w-]+",)
    deny_urls = (r"/video/", r"/photo/", r"/infografis/")
    url_forms = UrlForms(
        article_path=r"/read/\d+/\d+/",  # ?showpage=all
        # nasional.sindonews.com/newsread/1602135/15/slug-1754305726 is /read/1602135/15/slug-1754305726
        amp_paths=(("/newsread/", "/read/"),),
        # international.sindonews.com/read/977777/45/slug-1671558118/2
        page_segment=r"(/read/\d+/\d+/[^/]*[a-z][^/]*)/\d{1,3}",
    )
    next_page = (
        "a[rel='next']::attr(href)",
        ".detail-pagination a.next::attr(href)",
        "//div[contains(@class, 'pagination')]//a[contains(., 'Selanjutnya') or contains(., 'Next')]/@href",
    )
    layouts = (
        Layout(
            "2022",
            Selectors(
                title="h1.detail-title",
                published_at=".detail-date-artikel",
                authors=".detail-nama-redaksi a",
                section=(".breadcrumb li:last-child a", ".breadcrumb a:last-child"),
                tags=".detail-tag a",
                body="div.detail-desc",
                exclude=(".baca-inline", ".detail-pagination"),
            ),
        ),
    )
