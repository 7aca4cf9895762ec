"""iNews.id: its RSS feeds and sitemap; split articles joined page by page (``/2``, ``/3``, ...)."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, NewsSpider, Selectors, Sitemap, UrlForms

#: Regional sites (<region>.inews.id), each with its own RSS at /feed.
REGIONS = ("papua", "celebes")


class InewsSpider(NewsSpider):
    """iNews.id (MNC's portal: news, finance, regional, lifestyle, sport, ...) and its regional sites."""

    name = "inews"
    allowed_domains = ["inews.id"]
    timezone = "WIB"
    language = "id"
    site_names = ("iNews.id", "iNews", "iNewsID")
    sources = (
        Feed("https://www.inews.id/feed"),
        Feed("https://www.inews.id/feed/news"),
        *(Feed(f"https://{region}.inews.id/feed") for region in REGIONS),
        Sitemap("https://www.inews.id/sitemap.xml"),
    )
    # www.inews.id/news/nasional/slug-words; regional sites: jatim.inews.id/berita/slug-words and
    # lutra.inews.id/read/228629/slug-words.
    article_urls = (
        r"inews\.id/[a-z-]+/[a-z-]+/[\w-]*[a-z][\w-]*-[\w-]+",
        r"inews\.id/berita/[\w-]+-[\w-]+",
        r"inews\.id/read/\d+/[\w-]+",
    )
    deny_urls = (r"/(?:video|foto|photo|infografis|multimedia|tag|page)/",)
    url_forms = UrlForms(
        # .../slug-words/2 and .../slug-words/all (the whole article) are the article
        page_segment=r"(/(?:berita|read/\d+|[a-z-]+/[a-z-]+)/[^/]+-[^/]+)/(?:\d{1,3}|all)",
    )
    # The whole article is the path .../all, which ``single_page`` (query parameters) cannot ask for:
    # the pages are read one by one (link rel=next; the paging markup is known from no source).
    layouts = (
        # Today's layout: written from public scrapers' selectors, no real page of it here.
        Layout(
            "2025",
            Selectors(
                title="h1",
                # "Selasa, 12 Agustus 2025 - 10:15:00 WIB"
                published_at=".createdAt",
                authors=".author",
                section="(//*[contains(@class, 'breadcrumb')]//a)[last()]",
                body="div.content",
                exclude=(
                    ".//div[starts-with(@class, 'baca-juga')]",
                    ".//div[starts-with(@class, 'related')]",
                    ".//div[contains(@class, 'ads')]",
                ),
            ),
        ),
    )
