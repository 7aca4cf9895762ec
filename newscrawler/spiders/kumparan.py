"""Kumparan.com: the sitemap index and the RSS feed; articles read from their server-rendered HTML."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, NewsSpider, Selectors, Sitemap, UrlForms


class KumparanSpider(NewsSpider):
    """Kumparan.com (kumparanNEWS, kumparanBISNIS, kumparanBOLA, ... and contributors' accounts)."""

    name = "kumparan"
    # The feed is served from lapi.kumparan.com; articles from kumparan.com itself.
    allowed_domains = ["kumparan.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("kumparan", "kumparan.com")
    # The site renders with a JavaScript app, but article pages carry their text, JSON-LD and meta
    # in the served HTML, and the sitemaps and feed need no browser.
    sources = (
        Sitemap("https://kumparan.com/sitemap.xml"),
        Feed("https://lapi.kumparan.com/v2.0/rss/"),
    )
    # kumparan.com/<account>/<slug>-<id>, the id 11 letters and digits starting with two digits
    # (kumparan.com/kumparannews/...-27oRU1T1EYV); accounts are newsrooms or contributors.
    article_urls = (r"kumparan\.com/[a-z0-9][a-z0-9-]*/[^/?#]+-\d{2}[A-Za-z0-9]{9}/?(?:[?#]|$)",)
    deny_urls = (r"kumparan\.com/(?:channel|topic|search|trending|video|tentang-kumparan)(?:/|$|\?)",)
    url_forms = UrlForms(article_path=r"^/[a-z0-9][a-z0-9-]*/[^/]+-\d{2}[A-Za-z0-9]{9}$")
    layouts = (
        # Dates, byline and image come from the NewsArticle JSON-LD (its dates carry their zone).
        Layout(
            "2026",
            Selectors(
                title="h1[data-qa-id='story-title']",
                tags="a[data-qa-id='tag-topic'] span[data-qa-id='label-tag-topic']",
                body="p[data-qa-id='story-paragraph']",
            ),
        ),
    )
