"""Tribunnews.com and the regional Tribun sites: news sitemaps, RSS, the daily index; ``?page=all``."""

from __future__ import annotations

from newscrawler.spiders.base import DailyIndex, Feed, Layout, NewsSpider, Selectors, Sitemap, UrlForms

#: Sections of www with a news sitemap of their own (www.tribunnews.com/<section>/sitemap-news.xml).
SECTIONS = ("nasional", "regional", "internasional", "bisnis", "ekonomi", "seleb", "sport")
#: Categories of www's RSS (www.tribunnews.com/rss/<category>).
CATEGORIES = (
    "bisnis", "superskor", "sport", "seleb", "lifestyle", "travel", "otomotif", "techno", "kesehatan",
)  # fmt: skip
#: Regional sites (<region>.tribunnews.com), each with its own RSS at /rss.
REGIONS = (
    "aceh", "medan", "padang", "pekanbaru", "jambi", "sumsel", "bangka", "lampung", "banten",
    "wartakota", "jabar", "bogor", "cirebon", "jateng", "banyumas", "jogja", "solo", "jatim",
    "surabaya", "suryamalang", "madura", "bali", "lombok", "kupang", "pontianak", "banjarmasin",
    "kaltim", "kaltara", "makassar", "palu", "manado", "ternate", "ambon", "papua",
)  # fmt: skip


#: Regional sites outside the WIB zone: central Indonesia (WITA, +08:00) and the east (WIT, +09:00).
WITA_REGIONS = ("bali", "lombok", "kupang", "banjarmasin", "kaltim", "kaltara", "makassar", "palu", "manado")
WIT_REGIONS = ("ternate", "ambon", "papua")


class TribunnewsSpider(NewsSpider):
    """Tribunnews.com (www) and the regional Tribun sites (<region>.tribunnews.com)."""

    name = "tribunnews"
    allowed_domains = ["tribunnews.com"]
    timezone = "WIB"
    host_zones = {
        **{f"{region}.tribunnews.com": "WITA" for region in WITA_REGIONS},
        **{f"{region}.tribunnews.com": "WIT" for region in WIT_REGIONS},
    }
    language = "id"
    site_names = ("Tribunnews.com", "Tribunnews", "Tribun Network")
    sources = (
        Sitemap("https://www.tribunnews.com/sitemap-news.xml"),
        *(Sitemap(f"https://www.tribunnews.com/{section}/sitemap-news.xml") for section in SECTIONS),
        Feed("https://www.tribunnews.com/rss"),
        *(Feed(f"https://www.tribunnews.com/rss/{category}") for category in CATEGORIES),
        *(Feed(f"https://{region}.tribunnews.com/rss") for region in REGIONS),
        DailyIndex(
            "https://www.tribunnews.com/index-news/news?date={date.year}-{date.month}-{date.day}",
            max_pages=1,
        ),
    )
    # www.tribunnews.com/metropolitan/2015/06/19/slug, solo.tribunnews.com/2020/10/09/slug, and since
    # September 2025 www.tribunnews.com/internasional/7827148/slug.
    article_urls = (
        r"tribunnews\.com/(?:[\w-]+/)*\d{4}/\d{2}/\d{2}/[\w-]+",
        r"tribunnews\.com/[a-z-]+/\d{6,}/[\w-]+",
    )
    deny_urls = (
        r"//(?:video|jualbeli|forum|api|livechat)\.tribunnews\.com/",
        r"/(?:video|foto|tag|topic|index-news)/",
    )
    url_forms = UrlForms(
        # ?page=2, ?page=all fold on both forms
        article_path=r"/\d{4}/\d{2}/\d{2}/[^/]+$|/[a-z-]+/\d{6,}/[^/]+$",
        amp_paths=(("/amp/", "/"),),  # www., m. and regional hosts alike: jogja.tribunnews.com/amp/2020/...
    )
    # No next-page selector: ?page=all gives the whole article, and a plain page's "Halaman
    # selanjutnya" is left alone (the corpus holds page 1 of a 2-page article without its page 2).
    single_page = {"page": "all"}
    layouts = (
        # One template from 2015 to today: h1#arttitle over div.side-article.txt-article. Pages since
        # 2020 carry JSON-LD with the publication to the second; the 2015 page only the visible time.
        Layout(
            "2015",
            Selectors(
                title="h1#arttitle",
                published_at="div#article div.bdr3 > h3",
                authors=("#penulis a", "#penulis"),
                section="ul.breadcrumb li:last-child [itemprop='name']",
                tags="h5.tagcloud3 a",
                body="div.side-article.txt-article",
                exclude=("p.baca", "figure"),
            ),
        ),
    )
