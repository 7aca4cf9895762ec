"""Republika.co.id: the main RSS feed and one per channel; articles split into -partN pages joined."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, NewsSpider, Selectors, UrlForms

#: Channels with a feed of their own (www.republika.co.id/rss/<channel>).
CHANNELS = ("news", "daerah", "dunia-islam", "islam-digest", "internasional", "sepakbola", "leisure")


class RepublikaSpider(NewsSpider):
    """Republika.co.id (news, khazanah, ekonomi, internasional, sepakbola, leisure, regional sites)."""

    name = "republika"
    allowed_domains = ["republika.co.id"]
    timezone = "WIB"
    language = "id"
    site_names = ("Republika Online", "Republika.co.id", "REPUBLIKA.CO.ID", "Republika")
    sources = (
        Feed("https://www.republika.co.id/rss"),
        *(Feed(f"https://www.republika.co.id/rss/{channel}") for channel in CHANNELS),
    )
    # Today: <sub>.republika.co.id/berita/<id>/<slug> (later pages <slug>-part2); 2015-2016:
    # <channel>.republika.co.id/berita/<section>/<sub>/YY/MM/DD/<id>-<slug>.
    article_urls = (
        r"republika\.co\.id/berita/[a-z0-9]{6,12}/[^/?#]+",
        r"republika\.co\.id/berita/[\w-]+/[\w-]+/\d{2}/\d{2}/\d{2}/[a-z0-9]+-",
    )
    deny_urls = (r"/(?:video|kanal|tag|indeks|page)(?:/|$|\?)", r"/berita/video/")
    url_forms = UrlForms(
        article_path=r"/berita/(?:[a-z0-9]{6,12}/|[\w-]+/[\w-]+/\d{2}/\d{2}/\d{2}/)",
        # republika.co.id/berita/q1bvi7320/slug-part2: the page is a suffix of the slug
        page_segment=r"(/berita/[a-z0-9]+/[^/]+?)-part\d{1,3}",
    )
    layouts = (
        Layout(
            "2025",
            Selectors(
                # The page's <h1> is empty (news-watch); og:title carries the headline.
                title="meta[property='og:title']::attr(content)",
                published_at="meta[property='article:published_time']::attr(content)",
                body="div.article-content",
            ),
        ),
        # Articles and the In Picture galleries (whose text is the gallery's teaser).
        Layout(
            "2016",
            Selectors(
                title=("div.jdl-detail h2", "div.jdl-pic"),
                published_at=("div.date-detail", "div.date-pic"),
                section="div.breadcome a:last-of-type",
                # The gallery pages have no tag box; their first keywords meta is the article's own
                # (a second one lists the site's channels).
                tags=("div.tagging a::attr(title)", "(//meta[@name='keywords'])[1]/@content"),
                body=("div.content-detail", "div.teaser-pic"),
            ),
        ),
    )
