"""Okezone.com: sitemaps and the syndication RSS of each channel; whole articles through ``?page=all``."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, NewsSpider, Selectors, Sitemap, UrlForms

#: Channel numbers of sindikasi.okezone.com's RSS (0: every channel).
FEEDS = (0, 1, 2, 11, 12, 13, 14, 15, 16)


class OkezoneSpider(NewsSpider):
    """Okezone.com, every channel host (news, economy, celebrity, lifestyle, sports, bola, ...)."""

    name = "okezone"
    allowed_domains = ["okezone.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("Okezone", "Okezone.com")
    sources = (
        Sitemap("https://www.okezone.com/sitemap.xml"),
        Sitemap("https://www.okezone.com/news/sitemap.xml"),
        *(Feed(f"https://sindikasi.okezone.com/index.php/rss/{channel}/RSS2.0") for channel in FEEDS),
    )
    # news.okezone.com/read/2015/06/19/337/1167966/slug: the day, the channel number, the article id.
    article_urls = (r"okezone\.com/read/\d{4}/\d{2}/\d{2}/\d+/\d+/",)
    deny_urls = (r"/(?:video|foto|infografis|tag|topic)/",)
    url_forms = UrlForms(article_path=r"/read/\d{4}/\d{2}/\d{2}/\d+/\d+/")  # ?page=2, ?page=all
    single_page = {"page": "all"}
    # The home page's latest-news list comes after the breaking-news ticker and the headline slides.
    latest_lists = ("ul.list-berita",)
    layouts = (
        # Today's layout: written from public scrapers' selectors, no real page of it here.
        Layout(
            "2025",
            Selectors(
                title="div.title-article h1",
                # ", Jurnalis-Jum'at, 20 Juni 2025 |11:58 WIB"
                published_at="div.journalist > span",
                authors="div.journalist a[title]::attr(title)",
                section="(//div[contains(@class, 'breadcrumb')]//a)[last()]",
                body="div.c-detail.read",
                exclude=(".//*[contains(@class, 'inject-')]", ".//*[contains(@class, 'banner')]"),
            ),
        ),
        # 2020: economy.okezone.com (a browser's copy of the page).
        Layout(
            "2020",
            Selectors(
                title="div.title > h1",
                published_at="div.reporter .namerep b",
                # "Natasha Oktalia, <span>Jurnalis</span> · <b>date</b>"
                authors="//div[contains(@class, 'namerep')]/text()[normalize-space()][1]",
                tags="//div[contains(@class, 'detail-tag')]//a/text()",
                body="div#contentx.read",
                exclude=("div.detail-tag", "#_popIn_recommend", "#metube_div"),
            ),
        ),
        # 2017: celebrity.okezone.com. The visible time is the publication's (JSON-LD adds seconds
        # the page does not show); the lead image is og:image, JSON-LD names the inline photo.
        Layout(
            "2017",
            Selectors(
                title="div.title-detail h1",
                published_at="//div[contains(@class, 'title-detail')]/span/text()",
                authors="div.title-detail > span > b",
                body="div.ctn-desc",
                image_url="meta[property='og:image']::attr(content)",
                exclude=(".tbkomentar", ".dtl_banner"),
            ),
        ),
        # 2015: news. and lifestyle. hosts.
        Layout(
            "2015",
            Selectors(
                title="div.titles h1",
                published_at="time.tgl",
                authors="div.nmreporter > div",
                body="div#contentx.dtlnews",
                image_url="img#imgCheck::attr(src)",
            ),
        ),
    )
    boilerplate = (r"(?i)telusuri\s+berita\s+.{0,60}\s+lainnya\b.{0,60}",)
