"""Site extraction cost: a site spider's extraction of a page against lxml's parse of the same page.

For every fixture page of every site spider (tests/fixtures/<site>/cases.jsonl: the corpus's captured
pages and the constructed ones), times ``extract_article`` with the site's profile (its layouts tried
newest first, then JSON-LD, meta and the generic fallbacks) including the HTML parse, and
``lxml.html.fromstring`` of the same text; prints per site the median milliseconds and the median
ratio, and the median ratio over the captured pages (the constructed ones are a few KB, where fixed
costs dominate). Run: `.venv/bin/python -m benchmarks.bench_site`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import lxml.html  # type: ignore[import-untyped]
from parsel import Selector
from scrapy.utils.project import get_project_settings

from newscrawler.extraction.article import extract_article
from newscrawler.sites import profile_of, site_registry
from tests.sites import read_page, site_cases

ROUNDS = 7


def best_of(work: Callable[[], object]) -> float:
    """Return the fastest of ROUNDS runs, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    settings = get_project_settings()
    captured: list[float] = []
    print(f"{'site':<12} {'pages':>5} {'extract ms':>11} {'lxml ms':>8} {'ratio':>6}")
    for name, spidercls in site_registry(settings).spiders.items():
        profile = profile_of(spidercls, settings)
        extract_ms: list[float] = []
        parse_ms: list[float] = []
        ratios: list[float] = []
        for case in site_cases(name):
            for path, url in case.pages:
                text = read_page(path).decode("utf-8", "replace")
                extract = best_of(lambda: extract_article(Selector(text=text), url, profile))  # noqa: B023
                parse = best_of(lambda: lxml.html.fromstring(text))  # noqa: B023
                extract_ms.append(extract * 1000)
                parse_ms.append(parse * 1000)
                ratios.append(extract / parse)
                if not case.constructed:
                    captured.append(extract / parse)
        print(
            f"{name:<12} {len(ratios):>5} {statistics.median(extract_ms):>11.2f}"
            f" {statistics.median(parse_ms):>8.2f} {statistics.median(ratios):>6.2f}"
        )
    print(f"{'captured':<12} {len(captured):>5} {'':>11} {'':>8} {statistics.median(captured):>6.2f}")


if __name__ == "__main__":
    main()
