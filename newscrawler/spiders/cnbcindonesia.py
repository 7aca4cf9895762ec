"""CNBC Indonesia (cnbcindonesia.com): sitemaps, RSS and the dated index; split articles joined."""

from __future__ import annotations

from newscrawler.spiders.base import DailyIndex, Feed, Layout, NewsSpider, Selectors, Sitemap, UrlForms


class CnbcIndonesiaSpider(NewsSpider):
    """CNBC Indonesia (news, market, investment, entrepreneur, syariah, tech, lifestyle, ...)."""

    name = "cnbcindonesia"
    allowed_domains = ["cnbcindonesia.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("CNBC Indonesia", "cnbcindonesia.com")
    sources = (
        # robots.txt's sitemap: an index of each channel's news sitemap.
        Sitemap("https://www.cnbcindonesia.com/sitemap.xml"),
        Feed("https://www.cnbcindonesia.com/rss"),
        # All channels by day, 10 articles a page (tipe= empty: every kind).
        DailyIndex("https://www.cnbcindonesia.com/indeks?date={date:%Y/%m/%d}&tipe=&page={page}"),
    )
    # /news/20251226155414-4-697445/kpk-setop-penyidikan-...: the channel, a time stamp
    # (YYYYMMDDhhmmss, when the story was made, not when it was published), the sub-channel's
    # number, the article's id.
    article_urls = (r"cnbcindonesia\.com/[\w-]+/\d{14}-\d+-\d+/[\w-]+",)
    deny_urls = (
        r"cnbcindonesia\.com/(?:tv|video|foto|infografis)/",
        r"/\d{14}-\d+-\d+/(?:video|foto|infografis)-",
    )
    url_forms = UrlForms(
        article_path=r"/\d{14}-\d+-\d+/",  # ?page=2
        # www.cnbcindonesia.com/news/20201010101010-4-200000/slug/2
        page_segment=r"(/[^/]+/\d{14}-\d+-\d+/[^/]*[a-z][^/]*)/\d{1,3}",
    )
    layouts = (
        # Authors, dates, section and tags come from the page's JSON-LD and meta tags.
        Layout(
            "2026",
            Selectors(
                title="h1",
                body="div.detail-text",
                exclude=(".linksisip", "[class^='sisip_']", "[id^='div-gpt-ad']"),
            ),
        ),
    )
    # "[Gambas:Video CNBC]": where a video player sits in the text.
    boilerplate = (r"(?i)\[gambas:[^\]]*\]",)
