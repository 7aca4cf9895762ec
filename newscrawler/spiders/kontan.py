"""Kontan.co.id: the sitemap index and RSS per channel; whole articles through ``?page=all``."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, NewsSpider, Selectors, Sitemap, UrlForms

#: Channels with an RSS feed of their own (rss.kontan.co.id/news/<channel>).
FEEDS = ("nasional", "keuangan", "investasi")


class KontanSpider(NewsSpider):
    """Kontan.co.id, business and economy (nasional, keuangan, investasi, industri, ...)."""

    name = "kontan"
    # Articles live on channel hosts (nasional., investasi., industri., keuangan., ...); the feeds
    # on rss.kontan.co.id.
    allowed_domains = ["kontan.co.id"]
    timezone = "WIB"
    language = "id"
    site_names = ("KONTAN.CO.ID", "Kontan", "kontan.co.id")
    sources = (
        Sitemap("https://www.kontan.co.id/sitemap.xml"),
        *(Feed(f"https://rss.kontan.co.id/news/{channel}") for channel in FEEDS),
    )
    # https://nasional.kontan.co.id/news/<slug>
    article_urls = (r"^https?://[a-z0-9-]+\.kontan\.co\.id/news/[a-z0-9]+(?:-[a-z0-9]+)+",)
    # insight.kontan.co.id: subscribers' analyses behind a paywall.
    deny_urls = (r"//insight\.kontan\.co\.id/",)
    url_forms = UrlForms(article_path=r"^/news/[a-z0-9-]+$")  # ?page=2, ?page=all
    single_page = {"page": "all"}
    layouts = (
        Layout(
            "2025",
            Selectors(
                title="h1.detail-desk",
                # "Kamis, 02 Oktober 2025 / 16:20 WIB"
                published_at="div.fs14.ff-opensans.font-gray",
                # The body's first paragraph: "Reporter: Siti Masitoh | Editor: Tendi Mahadi".
                authors=(
                    "(normalize-space(substring-before(substring-after("
                    "(//div[@itemprop='articleBody']/p)[1], 'Reporter:'), '|')))"
                ),
                image_url="div.img-detail-desk img::attr(src)",
                body="div.tmpt-desk-kon[itemprop='articleBody']",
                # "Baca Juga:" paragraphs link with a track-* class.
                exclude=(".//p[.//a[contains(@class, 'track-')]]",),
            ),
        ),
    )
    boilerplate = (
        r"(?i)cek berita dan artikel (?:yang )?lain(?:nya)? di google news\.?",
        r"(?i)(?:selanjutnya|menarik dibaca)\s*:.{0,250}",
    )
