"""BeritaSatu: the per-kanal news sitemaps and the site-wide "terkini" index, newest first."""

from __future__ import annotations

from newscrawler.spiders.base import Layout, Listing, NewsSpider, Selectors, Sitemap


class BeritasatuSpider(NewsSpider):
    """BeritaSatu (www.beritasatu.com: nasional, ekonomi, sport, lifestyle, regional kanal, ...)."""

    name = "beritasatu"
    # thejakartaglobe.beritasatu.com (the Jakarta Globe until about 2017) is another site: the
    # jakartaglobe spider names that host, and the most specific domain wins (sites.for_url).
    allowed_domains = ["beritasatu.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("BeritaSatu", "Beritasatu.com", "B-Universe")
    sources = (
        # An index of a web.xml and a news.xml per kanal; nasional's news sitemap is read directly too.
        Sitemap("https://www.beritasatu.com/sitemap.xml"),
        Sitemap("https://www.beritasatu.com/sitemap/nasional/news.xml"),
        # Page 1 is /terkini/indeks, the next ones /terkini/indeks/2 ... (about seven).
        Listing("https://www.beritasatu.com/terkini/indeks", max_pages=1),
        Listing("https://www.beritasatu.com/terkini/indeks/{page}", first_page=2, max_pages=10),
    )
    # www.beritasatu.com/<kanal>/<id>/<slug>, e.g. /nasional/3013541/anak-indonesia-dilindungi-...
    article_urls = (r"^https?://(?:www\.)?beritasatu\.com/[a-z0-9-]+/\d+/[a-z0-9-]+/?(?:[?#]|$)",)
    deny_urls = (r"beritasatu\.com/(?:tag|search|widgets?|network|penulis|editor|indeks)/",)
    # The index's items; the mega menu's preview cards (.col-4.position-relative) come before them.
    latest_lists = (".row.gx-3.mt-4.position-relative",)
    layouts = (
        # Dates come from the JSON-LD NewsArticle (datePublished with +07:00); the page has no
        # article:published_time.
        Layout(
            "2025",
            Selectors(
                title="h1",
                authors="a[href*='/penulis/']",
                tags="a[href*='/tag/'] h3.badge",
                body="div.body-content",
                exclude=(
                    # The "BACA JUGA" box: a label paragraph and the linked headline in one div.
                    ".//div[p[normalize-space()='BACA JUGA']]",
                    "a[href*='/tag/']",
                    "[id^='div-gpt-ad']",
                ),
            ),
        ),
    )
