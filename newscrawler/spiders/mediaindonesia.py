"""Media Indonesia (mediaindonesia.com): sitemaps, the site's RSS and the latest index, plain HTTP."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, Listing, NewsSpider, Selectors, Sitemap, UrlForms


class MediaIndonesiaSpider(NewsSpider):
    """Media Indonesia (politik-dan-hukum, ekonomi, humaniora, megapolitan, nusantara, ...)."""

    name = "mediaindonesia"
    allowed_domains = ["mediaindonesia.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("Media Indonesia", "mediaindonesia.com")
    # Fundus was answered 403 for a while (flairNLP/fundus PR 906): every source here is a plain
    # XML or HTML document, none needs a browser, so one blocked kind still leaves the others.
    sources = (
        # The sitemap Fundus read (a sitemap index is followed as well).
        Sitemap("https://mediaindonesia.com/sitemap.xml"),
        # The footer's "Rss" link of every article page.
        Feed("https://mediaindonesia.com/feed"),
        # The latest-news index; its later pages (/indeks/20/40) drew a Cloudflare challenge.
        Listing("https://mediaindonesia.com/indeks", max_pages=1),
    )
    # https://mediaindonesia.com/ekonomi/851796/dari-petani-hingga-pendidik-bangsa-...
    article_urls = (r"mediaindonesia\.com/[\w-]+/\d+/[\w-]*[a-z][\w-]*",)
    # /video/detail_video/<id>-slug and /galleries/detail_galleries/... do not fit the form;
    # the section listings paginate as /<section>/20/40 (no letter in the last segment).
    deny_urls = (r"/(?:video|galleries|foto|infografis|tag|author|indeks|statics|template)/",)
    url_forms = UrlForms(article_path=r"^/[\w-]+/\d+/[^/]+$")
    layouts = (
        # Pages of 2025-10 and 2026-01: the visible byline is the writer ("Media Indonesia" when
        # the desk wrote it: then JSON-LD's person, the editor); the meta title is the headline
        # as the site declares it (its CMS drops ":" and "?" there, the h1 keeps them). No date
        # selector: JSON-LD's datePublished has the seconds and +07:00, the visible time is the
        # minute of the last edit (18:30 on a page published 18:33:13).
        Layout(
            "2025",
            Selectors(
                title="meta[property='og:title']::attr(content)",
                authors=".post-header .info .author-2",
                section=".mi-breadcrumb li:last-child a",
                tags="meta[name='keywords']::attr(content)",
                body="div.article",
                exclude=(
                    "figure",
                    ".flying-carpet",
                    "p.related-news",
                    ".ext-channel",
                    ".info-author",
                    "._ap_apex_ad",
                ),
            ),
        ),
    )
    boilerplate = (r"(?i)cek berita dan artikel (?:yg|yang) lain di google news.{0,200}",)
