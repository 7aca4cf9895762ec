"""The Jakarta Post: the sitemap index of its per-section news sitemaps and the RSS feed."""

from __future__ import annotations

from newscrawler.spiders.base import Feed, Layout, NewsSpider, Selectors, Sitemap


class ThejakartapostSpider(NewsSpider):
    """The Jakarta Post (thejakartapost.com, in English: Indonesia, business, world, opinion, ...)."""

    name = "thejakartapost"
    # The feed lives on rss.thejakartapost.com.
    allowed_domains = ["thejakartapost.com"]
    timezone = "WIB"
    language = "en"
    site_names = ("The Jakarta Post", "TheJakartaPost", "Jakarta Post")
    sources = (
        # An index of one Google News sitemap per section (<section>/news/sitemap.xml), as reported.
        Sitemap("https://www.thejakartapost.com/sitemap.xml"),
        Feed("https://rss.thejakartapost.com/home"),
    )
    # Today: /indonesia/2025/10/02/slug.html, /business/..., /news/politics/...; 2015:
    # /news/2015/06/19/slug.html. The .html ending is left out of some links.
    article_urls = (r"thejakartapost\.com/(?:[\w-]+/){1,3}\d{4}/\d{2}/\d{2}/[\w-]+(?:\.html)?(?:[?#]|$)",)
    # /adv/: advertorials; photo and video pages are no articles.
    deny_urls = (r"thejakartapost\.com/adv/", r"/(?:multimedia|photos?|videos?)/")
    layouts = (
        # Dates and authors of this layout come from its JSON-LD NewsArticle (datePublished with
        # its +07:00); the visible "Published on Oct. 2, 2025" has no time.
        Layout(
            "2025",
            Selectors(
                title="h1.tjp-title--single",
                body="div.tjp-single__content",
                exclude=(
                    ".tjp-single__content-ads",
                    ".tjp-single__content-list",
                    ".tjp-newsletter-box",
                    ".tjp-paywall",
                ),
            ),
        ),
        Layout(
            "2015",
            Selectors(
                title="div.story h1",
                # "Agence France-Presse, CHARLESTON, South Carolina | World | Fri, June 19 2015, 7:36 AM"
                published_at="div.story div.byline",
                authors="(substring-before(//div[@class='story']/div[@class='byline'], ','))",
                section="div.subpage_title p.colored",
                # og:image names the server by its IP address; the page's own picture is on the site.
                image_url="div.story div.teaser img::attr(src)",
                # The story's paragraphs; the divs after them hold share buttons and "Read also".
                body="div.story div.span-13 > p",
            ),
        ),
    )
