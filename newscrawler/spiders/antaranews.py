"""Antaranews.com: RSS of the latest news and of each category, the /terkini listing; ``?page=all``."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, Listing, NewsSpider, Selectors, UrlForms

#: Categories with an RSS feed of their own (https://www.antaranews.com/rss/<category>.xml).
CATEGORIES = (
    "politik", "hukum", "ekonomi", "metro", "sepakbola", "olahraga", "humaniora", "lifestyle",
    "hiburan", "dunia", "tekno", "otomotif",
)  # fmt: skip


class AntaranewsSpider(NewsSpider):
    """ANTARA News, the national news agency (www and the regional sites, Indonesian edition)."""

    name = "antaranews"
    allowed_domains = ["antaranews.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("ANTARA News", "Antaranews.com", "ANTARA")
    sources = (
        Feed("https://www.antaranews.com/rss/terkini.xml"),
        *(Feed(f"https://www.antaranews.com/rss/{category}.xml") for category in CATEGORIES),
        Listing("https://www.antaranews.com/terkini?page={page}"),
    )
    # www.antaranews.com/berita/527615/slug (2015 and today); jabar.antaranews.com/berita/472419/slug.
    article_urls = (r"antaranews\.com/berita/\d+/",)
    deny_urls = (r"/(?:video|foto|infografik|tag|rss)/",)
    url_forms = UrlForms(article_path=r"/berita/\d+/")  # ?page=2, ?page=all
    single_page = {"page": "all"}
    layouts = (
        # Today's layout: written from public scrapers' selectors, no real page of it here.
        Layout(
            "2025",
            Selectors(
                title=".wrap__article-detail-title h1",
                published_at="(//div[contains(@class, 'wrap__article-detail-info')]"
                "//li[contains(@class, 'list-inline-item')])[last()]",
                # The credit line under the text: "Pewarta: <name>", then "Editor: <name>".
                authors="(substring-after(//div[contains(@class, 'post-content')]"
                "//p[contains(@class, 'text-muted')]/text()[contains(., 'Pewarta')], ':'))",
                section="(//ul[contains(@class, 'breadcrumbs')]/li)[2]",
                tags="ul.blog-tags li a",
                body="div.wrap__article-detail-content.post-content",
                exclude=(
                    "span.baca-juga",
                    ".//p[span[contains(@class, 'baca-juga')]]",
                    "p.text-muted",
                    "ul.blog-tags",
                ),
            ),
        ),
        # 2015-2016: <div class="bjbrt" itemscope itemtype="http://schema.org/NewsArticle">.
        Layout(
            "2015",
            Selectors(
                title="div.bjbrt h1.title",
                published_at="div.bjbrt time[itemprop='datePublished']::attr(datetime)",
                authors="div.bjbrt .byline [itemprop='author']",
                tags="div.bjbrt span[itemprop='keywords']",
                body="div#content_news",
                image_url="#image_news img::attr(src)",
                # "Editor: ..." and "COPYRIGHT © ANTARA 2015" close the text.
                exclude=("p.mt10", "p.date"),
            ),
        ),
    )
    boilerplate = (r"(?i)copyright\s*(?:©|&copy;)?\s*antara(?:\s+\d{4})?\.?",)
