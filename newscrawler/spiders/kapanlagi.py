"""KapanLagi.com: its RSS feed and sitemap; articles split into pages joined page by page."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, NewsSpider, Selectors, Sitemap, UrlForms


class KapanlagiSpider(NewsSpider):
    """KapanLagi.com (entertainment: selebriti, film, musik, dangdut, korea, lifestyle, ...)."""

    name = "kapanlagi"
    allowed_domains = ["kapanlagi.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("KapanLagi.com", "KapanLagi")
    sources = (
        Feed("https://www.kapanlagi.com/feed/"),
        Sitemap("https://www.kapanlagi.com/sitemap.xml"),
    )
    # www.kapanlagi.com/showbiz/selebriti/<slug>-<6 hex>.html, /dangdut/<slug>-<6 hex>.html; the
    # photo galleries (/foto/berita-foto/..., /dangdut/berita-foto/...) carry no such id.
    article_urls = (r"kapanlagi\.com/(?:[\w-]+/)+[\w-]+-[0-9a-f]{6}\.html",)
    deny_urls = (r"/(?:foto|berita-foto|video|video-terbaru|tag|lirik|kuis)/", r"//(?:video|kuis|story)\.")
    url_forms = UrlForms(article_path=r"/[\w-]+-[0-9a-f]{6}\.html$")  # ?page=2
    next_page = (".link-pagging-warper a::attr(href)",)
    layouts = (
        Layout(
            "2024",
            Selectors(
                title="div.content-detail h1",
                published_at=("span.date-post span.value-title::attr(title)", "span.date-post"),
                authors=".reporter span",
                section="meta[name='adx:sections']::attr(content)",
                tags=".box-content a",
                body="div.body-paragraph",
                exclude=(".box-detail", ".lifestyle-in-content", ".link-pagging-warper", ".video-wrapper"),
            ),
        ),
        Layout(
            "2015",
            Selectors(
                title="h1.entertainment-newsdetail-title-new",
                published_at="#newsdetail-right-new > span.newsdetail-schedule-new:first-of-type",
                section="a.newsdetail-categorylink",
                tags=".v7-tags-terkait-warper .box-content a",
                body="div.entertainment-detail-news",
                exclude=(
                    "div.entertainment-newsdetail-image-caption",
                    ".lifestyle-in-content",
                    "#content-video-related",
                    # "Jangan Lewatkan": the related headlines that close the text.
                    "//div[contains(@class, 'entertainment-detail-news')]/h2",
                    "//div[contains(@class, 'entertainment-detail-news')]/h2/following-sibling::a",
                ),
            ),
        ),
    )
