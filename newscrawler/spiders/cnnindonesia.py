"""CNN Indonesia (cnnindonesia.com): RSS of each channel and the dated index of all channels."""

from __future__ import annotations

from newscrawler.spiders.base import DailyIndex, Feed, Layout, NewsSpider, Selectors, UrlForms

#: Channels with a feed of their own (https://www.cnnindonesia.com/<channel>/rss).
CHANNELS = ("nasional", "internasional", "ekonomi", "olahraga", "teknologi", "hiburan", "gaya-hidup")


class CnnIndonesiaSpider(NewsSpider):
    """CNN Indonesia (nasional, internasional, ekonomi, olahraga, teknologi, hiburan, gaya hidup)."""

    name = "cnnindonesia"
    allowed_domains = ["cnnindonesia.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("CNN Indonesia", "cnnindonesia.com")
    sources = (
        *(Feed(f"https://www.cnnindonesia.com/{channel}/rss") for channel in CHANNELS),
        # The index of all channels by day, 10 articles a page (the plain /indeks?date= repeats its
        # first page: /indeks/2 is the form that pages).
        DailyIndex("https://www.cnnindonesia.com/indeks/2?date={date:%Y/%m/%d}&page={page}"),
    )
    # /nasional/20200624215601-12-517151/maafkan-john-kei-nus-kei-sebut-proses-hukum-tetap-berjalan:
    # the channel, a time stamp (YYYYMMDDhhmmss: when the story was made, not when it was
    # published), the sub-channel's number, the article's id.
    article_urls = (r"cnnindonesia\.com/[\w-]+/\d{14}-\d+-\d+/[\w-]+",)
    # Videos are /tv/...-<id>/video-...; photo stories and infographics are foto-/infografis- slugs.
    deny_urls = (r"cnnindonesia\.com/tv/", r"/\d{14}-\d+-\d+/(?:foto|video|infografis)-")
    url_forms = UrlForms(
        article_path=r"/\d{14}-\d+-\d+/",  # ?page=2
        # Later pages as CNBC Indonesia (the same network's template) gives them: .../slug/2
        page_segment=r"(/[^/]+/\d{14}-\d+-\d+/[^/]*[a-z][^/]*)/\d{1,3}",
        # The box a link sat in (robots.txt keeps Googlebot off *?tag_from), as on detik.
        tracking=("tag_from",),
    )
    layouts = (
        Layout(
            "2026",
            Selectors(
                title="h1",
                authors="h1 + div",
                section="a.gtm_breadcrumb_kanal",
                tags="//aside[.//*[contains(@class, 'title-box')][contains(., 'TOPIK TERKAIT')]]//a",
                body="div.detail-text",
                exclude=(
                    ".linksisip",
                    ".paradetail",
                    "[id^='div-gpt-ad']",
                    ".newstag",
                    ".end-of-article",
                    "a[href*='/outboundlinks']",
                ),
            ),
        ),
    )
    # The shared rules take "Lihat Juga :" boxes and the desk's sign-off ("(con/con)").
    boilerplate = (r"(?i)add as a preferred source on google",)
