"""Tirto.id: its Google Discover feed and the "Indeks Artikel" page (which has no further pages)."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, Listing, NewsSpider, Selectors


class TirtoSpider(NewsSpider):
    """Tirto.id (news, bisnis, periksa fakta, mozaik, ...): in-depth and data journalism."""

    name = "tirto"
    allowed_domains = ["tirto.id"]
    timezone = "WIB"
    language = "id"
    site_names = ("Tirto.id", "tirto.id", "Tirto")
    sources = (
        Feed("https://tirto.id/sitemap/r/google-discover"),
        # One server-rendered page; "load more" goes through ?next=, which robots.txt disallows.
        Listing("https://tirto.id/indeks", max_pages=1),
    )
    # Flat: https://tirto.id/<words>-<4-character code>, e.g. /bi-pertahankan-suku-bunga-...-hz5T.
    # Section roots look alike (/bisnis-tirto, /rilis-pers, /pikir-dua-kali): three words or more and
    # a 4-character code keep most of them out, pikir-dua-kali is named.
    article_urls = (r"^https?://(?:www\.)?tirto\.id/[a-z0-9]+(?:-[a-z0-9]+)+-[a-zA-Z0-9]{4}/?(?:[?#]|$)",)
    deny_urls = (r"tirto\.id/pikir-dua-kali\b",)
    # The index's cards (label, time, title).
    latest_lists = (".postcard",)
    layouts = (
        # The pages have no NewsArticle JSON-LD: the byline gives the date ("Terbit 2 Okt 2025
        # 10:15 WIB"), article:modified_time (local time, no zone) the change.
        Layout(
            "2025",
            Selectors(
                title="h1.article-title",
                published_at=(
                    "//div[contains(@class, 'byline')]//div[starts-with(normalize-space(), 'Terbit')]"
                ),
                authors=".byline a.reporter-name",
                section="(//*[contains(@class, 'breadcrumbs-wrapper')]//a)[last()]",
                lead="p.kicker",
                body=".content-text-editor",
                exclude=(".baca-holder", "ins", "[id^='gpt-']"),
            ),
        ),
    )
