"""Jakarta Globe: its news index pages; articles of jakartaglobe.id and of the 2015 beritasatu.com host."""

from __future__ import annotations

from newscrawler.spiders.base import Layout, Listing, NewsSpider, Selectors


class JakartaglobeSpider(NewsSpider):
    """Jakarta Globe (jakartaglobe.id, in English: news, business, lifestyle, international, ...)."""

    name = "jakartaglobe"
    # Until about 2017 the Globe lived on a host of BeritaSatu's domain: only that host is named
    # here (the most specific domain wins, sites.for_url). This spider declares no url_forms: URL
    # forms are filed by registrable domain, and beritasatu.com's are the beritasatu spider's.
    allowed_domains = ["jakartaglobe.id", "thejakartaglobe.beritasatu.com"]
    timezone = "WIB"
    language = "en"
    site_names = ("Jakarta Globe", "The Jakarta Globe", "JakartaGlobe")
    sources = (
        Listing("https://jakartaglobe.id/newsindex", max_pages=1),
        Listing("https://jakartaglobe.id/newsindex/page/{page}", first_page=2, max_pages=20),
        # A channel's own index; its numbered pages are reported broken.
        Listing("https://jakartaglobe.id/business/newsindex", max_pages=1),
    )
    # Today: jakartaglobe.id/<section>/<slug>; 2015: thejakartaglobe.beritasatu.com/<section>[/<sub>]/<slug>/.
    # A slug has three words or more; shorter last segments are sections (/news/jakarta/).
    article_urls = (
        r"^https?://(?:www\.)?jakartaglobe\.id/[a-z-]+/[a-z0-9]+(?:-[a-z0-9]+){2,}/?(?:[?#]|$)",
        r"^https?://thejakartaglobe\.beritasatu\.com/(?:[a-z0-9-]+/){1,2}[a-z0-9]+(?:-[a-z0-9]+){2,}/?(?:[?#]|$)",
    )
    deny_urls = (r"/(?:tag|author|search|category|newsindex|special-updates|page)/",)
    # An index's items: image, h4 title, date and a stretched link each.
    latest_lists = ("div.row.mb-4.position-relative",)
    layouts = (
        Layout(
            "2025",
            Selectors(
                title="h1",
                published_at="meta[property='article:published_time']::attr(content)",
                authors="meta[name='author']::attr(content)",
                body="div.content-body",
                exclude=(".related-article", ".share", ".tags"),
            ),
        ),
        # WordPress (Yoast). Its article:published_time is the visible "on 12:23 am Jun 19, 2015"
        # with +00:00: the page says UTC, so it is read as UTC (07:23 WIB).
        Layout(
            "2015",
            Selectors(
                title="article h1.entry-title",
                published_at="meta[property='article:published_time']::attr(content)",
                modified_at="meta[property='article:modified_time']::attr(content)",
                authors="article header .options a[href*='/author/']",
                lead="article header.entry-header > p",
                body="article div.entry-content",
                # The photo caption, and the in-read video ad's "ADVERTISING" box.
                exclude=(".wp-caption", ".tt-wrapper"),
            ),
        ),
    )
