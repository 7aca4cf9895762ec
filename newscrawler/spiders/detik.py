"""Detik.com: each channel's dated index and the news sitemap; ``?single=1`` for whole articles."""

from __future__ import annotations

from newscrawler.spiders.base import DailyIndex, Layout, NewsSpider, Selectors, Sitemap, UrlForms

#: Channels with a host of their own (news.detik.com, ...), each with a dated index.
CHANNELS = ("news", "finance", "inet", "hot", "sport", "oto", "travel", "food", "health", "wolipop")


class DetikSpider(NewsSpider):
    """Detik.com, channel by channel (detikNews, detikFinance, detikInet, ...)."""

    name = "detik"
    # Until 2016 the RSS feeds linked articles through detik.feedsportal.com redirects.
    allowed_domains = ["detik.com", "detik.feedsportal.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("detik",)
    sources = (
        Sitemap("https://news.detik.com/sitemap_news.xml"),
        *(
            DailyIndex(f"https://{channel}.detik.com/indeks?page={{page}}&date={{date:%m/%d/%Y}}")
            for channel in CHANNELS
        ),
    )
    # Today: /berita/d-7572645/slug; late 2015-16: /read/2015/11/05/100026/3062623/323/slug (and /readfoto/).
    article_urls = (
        r"detik\.com/(?:[\w-]+/)*d-\d+/",
        r"detik\.com/read(?:foto)?/\d{4}/\d{2}/\d{2}/",
        r"detik\.com/berita/\d+/",  # mid-2015: news.detik.com/berita/2943745/slug
        r"detik\.feedsportal\.com/c/\d+/f/\d+/s/",
    )
    deny_urls = (r"/(?:video|foto|detiktv|20detik)/", r"/indeks\b")
    url_forms = UrlForms(
        article_path=r"/d-\d+/",  # ?single=1, ?page=2
        # m.detik.com/amp/news/berita/d-1/slug, as reported; no real detik path starts with /amp/
        amp_paths=(("/amp/", "/"),),
        # m.detik.com/news/berita/d-1/x is news.detik.com/berita/d-1/x; m.detik.com/bali/... is www's
        channel_hosts={"m.detik.com": CHANNELS},
        # news.detik.com/berita/d-3302845/slug/3
        page_segment=r"(/(?:[^/]+/)*d-\d+/[^/]*[a-z][^/]*)/\d{1,3}",
        # The box a link sat in (?tag_from=wp_hl_img).
        tracking=("tag_from",),
    )
    single_page = {"single": "1"}
    layouts = (
        Layout(
            "2021",
            Selectors(
                title="h1.detail__title",
                published_at=("meta[name='publishdate']::attr(content)", "div.detail__date"),
                authors="div.detail__author::text",
                section="meta[name='dtk:kanal']::attr(content)",
                tags=("div.detail__body-tag a.nav__item", "meta[name='keywords']::attr(content)"),
                body="div.detail__body-text",
                exclude=(
                    ".parallaxindetail",
                    "table.linksisip",
                    ".linksisip",
                    ".lihatjg",
                    ".detail__body-tag",
                ),
            ),
        ),
        # The pubdate meta of these pages ends in a false "Z": it is WIB.
        Layout(
            "2015",
            Selectors(
                title=("h1.l_blue2_detik", ".detail_profil h1"),
                published_at=("meta[name='pubdate']::attr(content)", ".detail_profil .date"),
                authors="div.author strong",
                tags="meta[name='keywords']::attr(content)",
                body=("div.text_detail", "div.text_gal"),
            ),
            local_time=True,
        ),
        # A June 2015 page, and detik-insider columns still in 2021: the header in div.jdl, the text in
        # div.detail_text.
        # Its pubdate meta is malformed (2015-06-16T14-05-11Z): the visible date is read instead.
        Layout(
            "2015-06",
            Selectors(
                title="article .jdl h1",
                published_at="article .jdl .date",
                authors="article .jdl .author",
                body="article div.detail_text",
                exclude=(".pic_artikel", ".newstag"),
            ),
        ),
    )
