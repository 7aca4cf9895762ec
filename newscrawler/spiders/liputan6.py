"""Liputan6.com: feed, post sitemap and the dated index; channel hosts of 2015-2016 and www today."""

from __future__ import annotations

from newscrawler.spiders.base import DailyIndex, Feed, Layout, NewsSpider, Selectors, Sitemap, UrlForms


class Liputan6Spider(NewsSpider):
    """Liputan6.com (news, bisnis, showbiz, tekno, bola, regional, photo stories, ...)."""

    name = "liputan6"
    # feed.liputan6.com serves the RSS feeds.
    allowed_domains = ["liputan6.com"]
    timezone = "WIB"
    language = "id"
    site_names = ("Liputan6.com", "Liputan6")
    # The 2016 pages open with a mega menu of every channel's headlines, before the page's own list.
    skip_lists = (".navbar--mega-menu",)
    sources = (
        Feed("https://feed.liputan6.com/rss"),
        Sitemap("https://www.liputan6.com/sitemap_post.xml"),
        DailyIndex("https://www.liputan6.com/indeks/{date:%Y/%m/%d}?page={page}"),
    )
    # Today: www.liputan6.com/<channel>/read/<id>/<slug>; 2015-2016: <channel>.liputan6.com/read/<id>/<slug>
    # and photo stories at photo.liputan6.com/<category>/<slug>-<id>.
    article_urls = (
        r"liputan6\.com/(?:[\w-]+/)?read/\d+/",
        r"//photo\.liputan6\.com/[\w-]+/[\w-]+-\d+$",
    )
    deny_urls = (
        r"//(?:video|tv|forum|me)\.liputan6\.com/",
        r"liputan6\.com/(?:video|tag|indeks|kategori|info|login|search)(?:/|\?|$)",
    )
    url_forms = UrlForms(
        article_path=r"/read/\d+/",  # ?page=2
        # Where a headline box was clicked (?medium=Headline__mobile&campaign=Headline_click_1, ?HouseAds).
        tracking=("medium", "campaign", "HouseAds"),
    )
    layouts = (
        Layout(
            "2024",
            Selectors(
                title="h1.read-page--header--title",
                published_at=(
                    "meta[property='article:published_time']::attr(content)",
                    "time.read-page--header--author__datetime::attr(datetime)",
                ),
                authors="span.read-page--header--author__name",
                section="meta[property='article:section']::attr(content)",
                # Every page of a long article is in the one HTML page, each in its own block.
                body="div.article-content-body__item-content",
                exclude=("div.baca-juga-collections", "p.para_caption"),
            ),
        ),
        Layout(
            "2016",
            Selectors(
                title="h1.read-page--header__title",
                published_at="time.read-page--header__datetime::attr(datetime)",
                authors="span.read-page--header__author [itemprop='author']",
                section="ul.read-page--breadcrumb li:last-child",
                tags="ul.read-page--tags__list a.read-page--tags__link",
                # A photo story has no text but its captions.
                body=(
                    "div.read-page__content-body",
                    "figcaption.read-page--photo-gallery--item__caption::text",
                ),
                exclude=("div.baca-juga",),
                # The pages also say content-language "In-Id" (the withdrawn code for Indonesian).
                language="meta[name='language']::attr(content)",
            ),
        ),
        Layout(
            "2015",
            Selectors(
                title="h1.entry-title",
                published_at="p.datetime span.updated",
                authors="div.by-author [itemprop='author']",
                section="ul.breadcrumb li:last-child",
                tags="div.tag-links li.tag a",
                body="div.entry-content div.text-detail",
                language="meta[name='language']::attr(content)",
            ),
        ),
    )
    boilerplate = (r"(?i)simak berita liputan6\.com lainnya\b.{0,200}",)
