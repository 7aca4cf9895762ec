"""Merdeka.com: its RSS feed and sitemap; whole articles through ``?page=all``."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, NewsSpider, Selectors, Sitemap, UrlForms


class MerdekaSpider(NewsSpider):
    """Merdeka.com (peristiwa, politik, uang, dunia, artis, regional channels, ...)."""

    name = "merdeka"
    allowed_domains = ["merdeka.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("merdeka.com", "Merdeka")
    sources = (
        Feed("https://www.merdeka.com/rss/"),
        Sitemap("https://www.merdeka.com/sitemap.xml"),
    )
    # 2015-2021: merdeka.com/<channel>/<slug>.html; today: merdeka.com/<channel>/<slug>-<id>-mvk.html.
    article_urls = (r"merdeka\.com/[\w-]+/[\w-]+\.html",)
    deny_urls = (r"merdeka\.com/(?:foto|video|tag|reporter|company|workstation)/", r"/page\d+\.html")
    url_forms = UrlForms(article_path=r"^/[\w-]+/[\w-]+\.html$")  # ?page=2, ?page=all
    # Public readers of the 2021 pages (feedid) asked for the whole article with ?page=all.
    single_page = {"page": "all"}
    layouts = (
        Layout(
            "2024",
            Selectors(
                title="h1.article-title",
                published_at="div.article time",
                authors=".dt--postcredit-editor-desc span a",
                section="nav[aria-label='breadcrumb'] li:last-child",
                tags="ul.box-list--related a[href*='/tag/']",
                lead="p.article-sinopsis",
                body="div.article",
                exclude=(
                    "nav[aria-label='breadcrumb']",
                    "h1.article-title",
                    "p.article-sinopsis",
                    "time",
                    ".article-share",
                    ".gpt-ads",
                    ".article-tag",
                ),
            ),
        ),
        Layout(
            "2015",
            Selectors(
                title="#mdk-body-news h1",
                # "2015-06-19T03:40:00+07:00Z": the Z is a slip, the offset is right.
                published_at=("meta[name='pub_date']::attr(content)", "#mdk-body-news-reporter"),
                authors="#mdk-body-news-reporter a[href*='/reporter/']",
                body="#mdk-body-newsarea",
                # The "Baca juga:" headlines, paging buttons and the editor's initials ("[ian]").
                exclude=(
                    "//div[@id='mdk-body-newsarea']/p[strong[starts-with(normalize-space(), 'Baca juga')]]",
                    ".box_shortcut",
                    "#mdk-body-newsinit",
                ),
            ),
        ),
    )
