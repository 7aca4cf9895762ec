"""A spider run by the replay tests: it asks for original URLs only and follows the links it finds.

Run through a replay server (``-s NEWSCRAWLER_REPLAY_PREFIX=...``) it never learns that the pages came
from one: it yields ``response.url`` and the page's title and first paragraph.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

START_URLS = ["https://www.example-news.id/a", "https://www.example-news.id/old"]


class ReplayProbeSpider(scrapy.Spider):
    name = "replayprobe"
    allowed_domains: ClassVar[list[str]] = ["example-news.id"]

    async def start(self) -> AsyncIterator[Any]:
        for url in START_URLS:
            yield scrapy.Request(url)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        yield {
            "url": response.url,
            "title": response.css("title::text").get(""),
            "body": response.css("p::text").get(""),
        }
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href)
