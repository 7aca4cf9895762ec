"""Detik.com: each channel's dated index and the news sitemap; ``?single=1`` for whole articles."""

from __future__ import annotations

from newscrawler.extraction.fields import Selectors
from newscrawler.spiders.base import NewsSpider
from newscrawler.spiders.sources import DailyIndex, Sitemap

CHANNELS = ("news", "finance", "inet", "hot", "sport", "oto", "travel", "food", "health", "wolipop")


class DetikSpider(NewsSpider):
    """Detik.com, channel by channel (detikNews, detikFinance, detikInet, ...)."""

    name = "detik"
    allowed_domains = ["detik.com"]
    language = "id"
    site_names = ("detik",)
    sources = (
        Sitemap("https://news.detik.com/sitemap_news.xml"),
        *(
            DailyIndex(f"https://{channel}.detik.com/indeks?page={{page}}&date={{date:%m/%d/%Y}}")
            for channel in CHANNELS
        ),
    )
    # Today: /berita/d-7572645/slug; 2015-2016: /read/2015/11/05/100026/3062623/323/slug (and /readfoto/).
    article_urls = (r"detik\.com/(?:[\w-]+/)*d-\d+/", r"detik\.com/read(?:foto)?/\d{4}/\d{2}/\d{2}/")
    deny_urls = (r"/(?:video|foto|detiktv|20detik)/", r"/indeks\b")
    single_page = {"single": "1"}
    fields = Selectors(
        title=("h1.detail__title", "h1.l_blue2_detik", ".detail_profil h1"),
        # The old pages' pubdate ends in a false "Z": it is WIB (see local_time).
        published_at=(
            "meta[name='publishdate']::attr(content)",
            "meta[name='pubdate']::attr(content)",
            "div.detail__date",
            ".detail_profil .date",
        ),
        authors=("div.detail__author::text", "div.author strong"),
        section=("meta[name='dtk:kanal']::attr(content)",),
        tags=("div.detail__body-tag a.nav__item", "meta[name='keywords']::attr(content)"),
        body=("div.detail__body-text", "div.text_detail", "div.text_gal"),
        exclude=(
            ".parallaxindetail",
            "table.linksisip",
            ".linksisip",
            ".lihatjg",
            ".detail__body-tag",
            ".nav_paging",
            ".staticdetail_container",
            ".para_caption",
            ".sisip_embed_sosmed",
            ".detail__multiple",
        ),
        local_time=True,
    )
