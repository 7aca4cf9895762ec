"""A spider run by the end-to-end test: it reads one page from a data: URL (no network)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import quote

import scrapy
from scrapy.http import Response

from newscrawler.items import Article

PAGE = """<html><head><meta charset="utf-8"><title>Ignored</title></head><body>
<h1> Menteri&nbsp;Jelaskan   Kebijakan Baru </h1>
<span class="date">Senin, 5 Agu 2024 14:05 WITA</span>
<p>Paragraf pertama tentang kebijakan — “penting”.</p>
<p>Baca juga: Berita Lain Yang Tidak Relevan</p>
<p>Paragraf kedua dengan kata Jum’at dan café.</p>
<p>Paragraf pertama tentang kebijakan — “penting”.</p>
<p>Akhir berita. (rhs/ful)</p>
</body></html>"""


class DataPageSpider(scrapy.Spider):
    name = "datapage"
    timezone = "WITA"

    async def start(self) -> AsyncIterator[Any]:
        yield scrapy.Request("data:text/html;charset=utf-8," + quote(PAGE))

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Article]:
        yield Article(
            url="https://example.co.id/read/1/kebijakan",
            title=response.css("h1::text").get(""),
            published_at_raw=response.css("span.date::text").get(),
            body="\n".join(response.css("p::text").getall()),
        )
