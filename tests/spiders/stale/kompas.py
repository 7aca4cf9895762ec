"""Yesterday's Kompas spider, for the repair test: it did not know today's tag list (ul.tag__article__wrap).

Crawled with ``-s SPIDER_MODULES=tests.spiders.stale`` it stands in for the project's ``kompas`` spider
before a selector fix; the constructed page in today's layout then loses its tags, older pages do not.
"""

from __future__ import annotations

from dataclasses import replace

from newscrawler.spiders import kompas


class KompasSpider(kompas.KompasSpider):
    name = "kompas"
    fields = replace(kompas.KompasSpider.fields, tags=(".tag__article__link",))
