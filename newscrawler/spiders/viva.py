"""VIVA.co.id: news sitemap, the all-channels RSS and the latest index; whole articles via ``?page=all``."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, Listing, NewsSpider, Selectors, Sitemap, UrlForms


class VivaSpider(NewsSpider):
    """VIVA.co.id (berita, bisnis, bola, otomotif, showbiz, gaya hidup, ...)."""

    name = "viva"
    allowed_domains = ["viva.co.id"]
    timezone = "WIB"
    language = "id"
    site_names = ("VIVA.co.id", "VIVA", "Viva.co.id")
    sources = (
        Sitemap("https://www.viva.co.id/sitemap/news/news-sitemap.xml"),
        Feed("https://www.viva.co.id/get/all"),
        Listing("https://www.viva.co.id/indeks?page={page}", max_pages=10),
    )
    # Today: www.viva.co.id/<channel>/<sub>/<id>-<slug>; 2015-2016:
    # <channel>.viva.co.id/<section>/read/<id>-<slug> (life., bola., log., politik.news., ...).
    article_urls = (
        r"viva\.co\.id/(?:[\w-]+/)?read/\d+-[\w-]+",
        r"viva\.co\.id/(?:[\w-]+/){1,3}\d{5,}-[\w-]+",
    )
    deny_urls = (
        r"//(?:video|foto|tv|forum|search)\.viva\.co\.id/",
        r"/(?:video|foto|galeri|infografik|tag|indeks|search)(?:/|$|\?)",
    )
    url_forms = UrlForms(article_path=r"/(?:read/)?\d{5,}-[\w-]+")
    single_page = {"page": "all"}
    layouts = (
        Layout(
            "2025",
            Selectors(
                title="h1.main-content-title",
                published_at="div.main-content-date",
                authors="div.main-content-author",
                section="a.breadcrumb-step.content_center",
                body="div.main-content-detail",
                exclude=("div.recommended-article", "div.widget-other-article"),
            ),
        ),
        Layout(
            "2015",
            Selectors(
                title="article.article-detail div.title h1",
                published_at="article.article-detail div.smalldesc div.date",
                authors="article.article-detail div.smalldesc div.author b",
                section="article.article-detail div.upperdeck-kanal",
                tags="meta[name='news_keywords']::attr(content)",
                body="article.article-detail span[itemprop='articleBody']",
                exclude=("blockquote.twitter-tweet",),
            ),
        ),
    )
