"""A site whose sources live under ``.invalid`` (RFC 6761: never resolves), for the offline checks."""

from __future__ import annotations

from newscrawler.spiders.base import Layout, NewsSpider, Selectors, Sitemap


class InvalidHostSpider(NewsSpider):
    """Its sitemap's host resolves nowhere, on any machine: a command that needs the network stops."""

    name = "invalidhost"
    allowed_domains = ("news.example.invalid",)
    sources = (Sitemap("https://news.example.invalid/sitemap-news.xml"),)
    layouts = (Layout("2024", Selectors(title="h1", body="article")),)
