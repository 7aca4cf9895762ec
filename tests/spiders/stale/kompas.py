"""Yesterday's Kompas spider, for the repair test: its newest layout did not know the tag list.

Crawled with ``-s SPIDER_MODULES=tests.spiders.stale`` it stands in for the project's ``kompas`` spider
before a selector fix; the constructed page in today's layout then loses its tags, older pages do not.
"""

from __future__ import annotations

from dataclasses import replace

from newscrawler.spiders import kompas

_TODAY, _LATE_2015, _JUNE_2015 = kompas.KompasSpider.layouts  # newest first


class KompasSpider(kompas.KompasSpider):
    name = "kompas"
    layouts = (replace(_TODAY, selectors=replace(_TODAY.selectors, tags=())), _LATE_2015, _JUNE_2015)
