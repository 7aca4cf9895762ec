"""IDN Times (idntimes.com): each channel's news sitemap and hub page, read without a browser."""

from __future__ import annotations

from newscrawler.spiders.base import Layout, Listing, NewsSpider, Selectors, Sitemap

#: Channels of www.idntimes.com, each with /<channel>/sitemap-news.xml and a hub page /<channel>.
CHANNELS = ("news", "business", "tech", "sport", "life", "health", "travel", "food", "science")


class IdnTimesSpider(NewsSpider):
    """IDN Times (news, business, tech, sport, life, health, travel, food, science)."""

    name = "idntimes"
    allowed_domains = ["idntimes.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("IDN Times",)
    # Tag and search pages render in the browser (news-watch drives Playwright for them); the
    # channels' news sitemaps (robots.txt names the sitemap index over them) and hub pages are
    # served whole, so nothing here needs one.
    sources = (
        *(Sitemap(f"https://www.idntimes.com/{channel}/sitemap-news.xml") for channel in CHANNELS),
        # A hub's cards are plain links; robots.txt disallows /?*, so no page parameter is tried.
        *(Listing(f"https://www.idntimes.com/{channel}", max_pages=1) for channel in CHANNELS),
    )
    # /news/indonesia/febrie-adriansyah-penuhi-panggilan-kejagung-...-00-vdzm7-nxxvry: channel,
    # sub-channel, the title's words, then the author's code (5) and the article's code (6).
    article_urls = (r"idntimes\.com/[\w-]+/[\w-]+/[\w-]+-[a-z0-9]{5}-[a-z0-9]{6}(?:[/?#]|$)",)
    deny_urls = (r"idntimes\.com/(?:tag|author|search|ajax|video)/",)
    layouts = (
        Layout(
            "2026",
            Selectors(
                title="h1[data-testid='title-article']",
                published_at="[data-testid='publish-date-article'] time::attr(datetime)",
                authors="[data-testid^='author-article']",
                section=(
                    "(//*[starts-with(@data-testid, 'breadcrumbs-')]"
                    "[not(contains(@data-testid, 'separator'))])[last()]"
                ),
                # Not JSON-LD's keywords: they can hold a placeholder ("Update me").
                tags="[data-testid='tag-list'] a",
                body="#article-description",
            ),
        ),
    )
