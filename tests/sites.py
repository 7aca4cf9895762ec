"""Per-site fixtures: saved pages and the item a site spider must make of them.

``tests/fixtures/<site>/cases.jsonl`` holds one case a line, each naming the site layout its pages
are in (``"layout": "2024"``), either ``{"layout", "pages": [{"file", "url"}, ...], "expected": {...}}``
for pages written for the tests (named ``*-constructed.*``; every expected field compared exactly;
the fixture's ``note`` says what the page is based on), or ``{"layout", "corpus": SET, "file": PATH}``
for a captured page of ``../shared/corpus`` (its ground truth: title, date, authors and tags exact,
body by token F1). A corpus case whose ground truth is itself wrong says so, field by field, with
the reason: ``"wrong_truth": {"body": "the expected body is the photo caption repeated"}``; those
fields are not judged, and the tests print the reason.

``tests/fixtures/<site>/sources.jsonl`` holds the discovery fixtures: source pages and the article
URLs the spider must take from them, in order. Each line is ``{"kind", "url", "file", "expected"}``
(``kind``: sitemap, feed, index or listing; ``url``: where the page is served; a written page's
``expected`` is every article URL it lists) or ``{"kind", "url", "corpus", "file"}`` for a listing
page of ../shared/corpus, whose ``first_article_urls`` must come first (or, for a corpus page
without them, its every article URL as read off the page, given as ``expected``). A written source page whose
``url`` is one the spider declares is also what the end-to-end test (tests/test_sites_e2e.py)
serves it, with the article pages of cases.jsonl.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from parsel import Selector
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.project import get_project_settings

from newscrawler.extraction.fields import matches
from newscrawler.extraction.site import Layout
from newscrawler.items import Article
from newscrawler.offline import reextract
from newscrawler.pipelines.normalize import NormalizePipeline
from newscrawler.pipelines.validate import ValidatePipeline
from newscrawler.sites import site_registry
from newscrawler.spiders.base import NewsSpider
from newscrawler.warc import SavedResponse
from tests.conftest import ROOT, project_crawler
from tests.corpus import corpus_path

FIXTURES = ROOT / "tests" / "fixtures"


@dataclass(slots=True)
class SiteCase:
    """One fixture: the pages in fetch order, the expected fields, how the body is judged."""

    name: str
    layout: str
    pages: list[tuple[Path, str]]
    expected: dict[str, Any]
    body_by_f1: bool = False
    constructed: bool = True
    stats: dict[str, Any] = field(default_factory=dict)
    #: Fields of the ground truth that are wrong, and why (not judged).
    wrong_truth: dict[str, str] = field(default_factory=dict)


def site_spiders() -> dict[str, type[NewsSpider]]:
    """Every site spider of the registry, by name."""
    return dict(site_registry(get_project_settings()).spiders)


def site_cases(site: str) -> list[SiteCase]:
    """The fixtures of ``site`` (corpus cases skip, saying why, when the corpus is absent)."""
    path = FIXTURES / site / "cases.jsonl"
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        entry = json.loads(line)
        name = f"{site}:{number}"
        if "corpus" in entry:
            folder = corpus_path(entry["corpus"])
            truth = _corpus_case(folder, entry["file"])
            expected = dict(truth["expected"])
            if "body_paragraphs" in expected:
                expected["body"] = "\n\n".join(expected.pop("body_paragraphs"))
            if expected.get("published_at"):  # fundus writes "2026-01-20 18:33:13+07:00"
                expected["published_at"] = datetime.fromisoformat(expected["published_at"]).isoformat()
            cases.append(
                SiteCase(
                    name=f"{name} {entry['file']}",
                    layout=entry["layout"],
                    pages=[(folder / entry["file"], truth["url"])],
                    expected=expected,
                    body_by_f1=True,
                    constructed=False,
                    wrong_truth=entry.get("wrong_truth", {}),
                )
            )
        else:
            pages = [(path.parent / page["file"], page["url"]) for page in entry["pages"]]
            cases.append(
                SiteCase(
                    name=f"{name} {pages[0][0].name}",
                    layout=entry["layout"],
                    pages=pages,
                    expected=entry["expected"],
                )
            )
    return cases


@dataclass(slots=True)
class SourceCase:
    """One discovery fixture: a source page, its kind and URL, the article URLs it must give."""

    name: str
    kind: str
    url: str
    path: Path
    expected: list[str]
    #: Only the first URLs are known (a corpus listing's ``first_article_urls``).
    prefix: bool = False


def source_cases(site: str) -> list[SourceCase]:
    """The discovery fixtures of ``site`` (corpus ones skip, saying why, when the corpus is absent)."""
    path = FIXTURES / site / "sources.jsonl"
    if not path.is_file():
        return []
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        entry = json.loads(line)
        name = f"{site}:sources:{number} {entry['file']}"
        if "corpus" in entry:
            folder = corpus_path(entry["corpus"])
            truth = _corpus_case(folder, entry["file"])
            cases.append(
                SourceCase(
                    name,
                    entry["kind"],
                    entry["url"],
                    folder / entry["file"],
                    # A list read off the page where the corpus gives none, else its first URLs.
                    entry.get("expected") or truth["expected"]["first_article_urls"],
                    prefix="expected" not in entry,
                )
            )
        else:
            cases.append(
                SourceCase(name, entry["kind"], entry["url"], path.parent / entry["file"], entry["expected"])
            )
    return cases


def discover(spidercls: type[NewsSpider], case: SourceCase) -> list[str]:
    """The article URLs the spider takes from the case's source page, in order (no since/until)."""
    spider = project_crawler(spidercls).spider
    assert isinstance(spider, NewsSpider)
    body = read_page(case.path)
    response_class = XmlResponse if case.kind in ("sitemap", "feed") else HtmlResponse
    response = response_class(url=case.url, body=body)
    return spider.listed_articles(response, case.kind)


def declared_layouts(site: str) -> list[str]:
    """The layout each fixture case of ``site`` names, in file order (read without the corpus)."""
    path = FIXTURES / site / "cases.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return [str(json.loads(line).get("layout")) for line in lines if line.strip()]


def layout_problems(layouts: Sequence[Layout], named: Sequence[str]) -> list[str]:
    """What is wrong between a site's declared layouts and the layouts its fixture cases name."""
    declared = [layout.name for layout in layouts]
    if not declared:
        return ["declares no layouts"]
    problems = []
    if len(set(declared)) != len(declared):
        problems.append(f"declares a layout name twice: {declared}")
    missing = [name for name in declared if name not in named]
    if missing:
        problems.append(f"layout(s) {missing} have no fixture case (add one naming it)")
    unknown = sorted(set(named) - set(declared))
    if unknown:
        problems.append(f"fixture cases name layout(s) {unknown} the site does not declare")
    return problems


def unused_selectors(layouts: Sequence[Layout], pages: Mapping[str, Sequence[Selector]]) -> list[str]:
    """Every declared selector that finds nothing on any page of a case of its layout."""
    return [
        f"layout {layout.name}: {name} {query!r}"
        for layout in layouts
        for name, query in layout.selectors.declared()
        if not any(matches(page, query) for page in pages.get(layout.name, ()))
    ]


def _corpus_case(folder: Path, file: str) -> dict[str, Any]:
    for line in (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        entry: dict[str, Any] = json.loads(line)
        if entry["file"] == file:
            return entry
    raise LookupError(f"{file} is not a case of {folder}/cases.jsonl")


def read_page(path: Path) -> bytes:
    """A saved page's bytes, gunzipped when it is gzip."""
    body = path.read_bytes()
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def crawl_case(spidercls: type[NewsSpider], case: SiteCase) -> Article | None:
    """Run the spider's own callbacks over the case's pages, then the crawl's pipelines.

    Returns the cleaned Article, or None when the pipelines dropped it. A request for a page the
    case does not hold fails the test: the spider asked for something unexpected.
    """
    crawler = project_crawler(spidercls)
    spider = crawler.spider
    assert isinstance(spider, NewsSpider)
    saved = {url: path for path, url in case.pages}

    def fetch(url: str) -> SavedResponse:
        path = saved.get(url)
        assert path is not None, f"the spider asked for {url}, which the fixture does not hold"
        return SavedResponse(url=url, body=read_page(path), headers=[("Content-Type", "text/html")])

    normalize = NormalizePipeline.from_crawler(crawler)
    normalize.open_spider()
    items = reextract(spider, case.pages[0][1], fetch, crawler.settings, clean=normalize.process_item)
    assert len(items) == 1, f"{len(items)} items from one article"
    assert crawler.stats is not None
    case.stats = dict(crawler.stats.get_stats())
    try:
        result: Article = ValidatePipeline.from_crawler(crawler).process_item(items[0])
    except Exception:  # DropItem: the case's expectation decides whether that is right
        return None
    return result
