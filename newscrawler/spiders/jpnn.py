"""JPNN.com: the sitemap, the RSS feed and the dated index; articles split into pages joined."""

from __future__ import annotations

from newscrawler.spiders.base import DailyIndex, Feed, Layout, NewsSpider, Selectors, Sitemap, UrlForms


class JpnnSpider(NewsSpider):
    """JPNN.com, Jawa Pos National Network (nasional, politik, daerah, ekonomi, olahraga, ...)."""

    name = "jpnn"
    allowed_domains = ["jpnn.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("JPNN.com", "JPNN", "jpnn.com")
    sources = (
        # robots.txt names it; its children are sitemap_post_*.xml.
        Sitemap("https://www.jpnn.com/sitemap.xml"),
        Feed("https://www.jpnn.com/index.php?mib=rss"),
        DailyIndex("https://www.jpnn.com/indeks?id=&d={date:%d}&m={date:%m}&y={date:%Y}&tab=all&page={page}"),
    )
    # https://www.jpnn.com/news/<slug> (m.jpnn.com/news/<slug> on phones); photos and videos
    # live on foto.jpnn.com and video.jpnn.com.
    article_urls = (r"jpnn\.com/news/[a-z0-9]+(?:-[a-z0-9]+)+",)
    deny_urls = (r"//(?:foto|video)\.jpnn\.com/",)
    url_forms = UrlForms(article_path=r"^/news/[a-z0-9-]+$")  # ?page=2 of a split article
    # The article's page links (1, 2, ...): the first one not read yet is the next page.
    next_page = (".pagination a::attr(href)",)
    layouts = (
        Layout(
            "2025",
            Selectors(
                title="h1.judul",
                # "02 Oktober 2025 14:30", WIB
                published_at=("meta[name='jpnncom_news_pubdate']::attr(content)", "span.date-publish"),
                authors="meta[name='jpnncom_news_author']::attr(content)",
                body="div[itemprop='articleBody']",
                exclude=(
                    "div.baca-juga",
                    ".top-medsos",
                    ".creator-medsos",
                    ".tags",
                    ".pagination",
                    "[id*='div-gpt-ad']",
                    "ins.adsbygoogle",
                ),
            ),
        ),
    )
    boilerplate = (
        # The closing prompts: "Jangan Lewatkan Video Terbaru:", "Silakan baca konten menarik
        # lainnya dari JPNN.com di Google News".
        r"(?i)jangan lewatkan video terbaru\s*:?",
        r"(?i)silakan baca (?:konten|berita|artikel)\b.{0,200}",
    )
