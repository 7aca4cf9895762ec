"""Generic body extraction: ours against trafilatura and readability-lxml on the corpus's real pages.

Each method (ours alone; the chooser `extract_article` uses, see extraction/body.py; trafilatura)
gets the page's HTML text and returns paragraphs; a body is scored by token F1 (bags of
case-folded words) against the ground truth, also after the pipeline's cleaning (boilerplate rules,
repeated paragraphs), and timed per page including the HTML parse. Sets: fundus (172 pages, ~120
publishers) and the Indonesian article pages that carry a body.
Then the cost of the whole generic `extract_article` (every field: structured data, dates with
htmldate when it runs, the body chooser with trafilatura when ours is unsure), as a ratio to an
`lxml.html.fromstring` of the same page: the median of the per-page ratios and the ratio of the
summed times (the mean cost), with the share of pages on which trafilatura ran.
Run with `.venv/bin/python -m benchmarks.bench_generic` after `pip install -e '.[bench]'` (which
brings trafilatura); readability-lxml is measured when installed (`pip install readability-lxml`:
pip 23.2 fails to resolve it together with trafilatura, so it is not in the extra).
"""

from __future__ import annotations

import gzip
import logging
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]
from parsel import Selector

from newscrawler.extraction.article import extract_article
from newscrawler.extraction.body import choose_body
from newscrawler.extraction.generic import generic_body
from newscrawler.extraction.structured import json_ld_article, json_ld_fields
from newscrawler.extraction.text import clean_paragraphs, split_paragraphs
from tests.corpus import SETS, BodyCase, body_cases, corpus_cases, corpus_root, token_scores

Extractor = Callable[[str], list[str]]

# What readability's HTML summary is cut into paragraphs at.
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "th", "dd", "dt", "div")


def ours(html: str) -> list[str]:
    return generic_body(Selector(text=html))


def chooser(html: str) -> list[str]:
    """The body `extract_article` gives a page of no site: ours, checked by JSON-LD, else trafilatura's."""
    page = Selector(text=html)
    ld = json_ld_article(page)
    body = json_ld_fields(ld).get("body") if ld else None
    return choose_body(page, body if isinstance(body, list) else None).paragraphs


def make_trafilatura(*, favor_precision: bool) -> Extractor:
    import trafilatura

    def extract(html: str) -> list[str]:
        text = trafilatura.extract(
            html, include_comments=False, include_tables=False, favor_precision=favor_precision
        )
        return split_paragraphs(text)

    return extract


def make_readability() -> Extractor:
    from readability import Document

    def extract(html: str) -> list[str]:
        try:
            summary = Document(html).summary(html_partial=True)
        except Exception:  # readability raises on some real pages (e.g. control characters)
            return []
        root = Selector(text=summary).root
        for element in root.iter(*_BLOCKS):
            element.tail = "\n" + (element.tail or "")
        return split_paragraphs(root.text_content())

    return extract


def measure(name: str, extract: Extractor, sets: dict[str, list[BodyCase]]) -> None:
    for set_name, cases in sets.items():
        scores: list[tuple[float, float, float]] = []
        cleaned: list[float] = []
        empty = 0
        elapsed = 0.0
        for case in cases:
            start = time.perf_counter()
            paragraphs = extract(case.html)
            elapsed += time.perf_counter() - start
            empty += not paragraphs
            scores.append(token_scores(paragraphs, case.expected))
            cleaned.append(token_scores(clean_paragraphs(paragraphs).paragraphs, case.expected)[2])
        f1 = [score[2] for score in scores]
        print(
            f"{set_name:<11} {name:<24} {statistics.mean(f1):7.3f} {statistics.median(f1):7.3f}"
            f" {statistics.mean(score[0] for score in scores):6.3f}"
            f" {statistics.mean(score[1] for score in scores):6.3f}"
            f" {statistics.mean(cleaned):8.3f} {empty:6d} {elapsed / len(cases) * 1000:8.1f}"
        )


def _best_of(repeats: int, run: Callable[[], object]) -> float:
    """The least time of `repeats` runs (the one least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def measure_cost(pages: list[tuple[str, str]], repeats: int = 3) -> None:
    """Print the generic `extract_article` cost per page (url, html) as a multiple of an lxml parse of it."""
    ratios: list[float] = []
    parse_total = extract_total = 0.0
    trafilatura_runs = 0
    for url, html in pages:
        parse = _best_of(repeats, lambda: lxml.html.fromstring(html))  # noqa: B023 (called at once)
        extract = _best_of(repeats, lambda: extract_article(html, url))  # noqa: B023
        ratios.append(extract / parse)
        parse_total += parse
        extract_total += extract
        trafilatura_runs += choose_body(Selector(text=html)).ran_trafilatura
    mean = extract_total / parse_total
    print(
        f"generic extract_article cost, x lxml.html.fromstring of the same page ({len(ratios)} article"
        f" pages of {', '.join(SETS)}, best of {repeats}): median {statistics.median(ratios):.1f}x,"
        f" mean {mean:.1f}x (summed times; mean of the per-page ratios {statistics.mean(ratios):.1f}x);"
        f" trafilatura ran on {trafilatura_runs} pages ({trafilatura_runs / len(ratios):.0%})"
    )


def article_pages(corpus: Path) -> list[tuple[str, str]]:
    """(url, html) of every article page of the four corpus sets, both halves (cost, not quality)."""
    pages = []
    for set_name in SETS:
        for case in corpus_cases(corpus, set_name):
            if case.get("kind", "article") != "article":
                continue
            html = gzip.decompress((corpus / set_name / case["file"]).read_bytes())
            url = case.get("url") or f"https://example.invalid/{case['file']}"
            pages.append((url, html.decode("utf-8", errors="replace")))
    return pages


def main() -> None:
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)  # trafilatura and readability log every page they give up on
    corpus = corpus_root()
    if not corpus.exists():
        raise SystemExit(f"{corpus} is absent: set NEWSCRAWLER_CORPUS to the corpus folder")
    sets = {name: body_cases(corpus, name) for name in ("fundus", "indonesian")}
    print(", ".join(f"{name}: {len(cases)} pages" for name, cases in sets.items()))
    print(
        f"{'set':<11} {'method':<24} {'F1 mean':>7} {'median':>7} {'P':>6} {'R':>6}"
        f" {'cleaned':>8} {'empty':>6} {'ms/page':>8}"
    )
    methods: list[tuple[str, Callable[[], Extractor]]] = [
        ("newscrawler generic", lambda: ours),
        ("newscrawler chooser", lambda: chooser),
        ("trafilatura", lambda: make_trafilatura(favor_precision=False)),
        ("trafilatura precision", lambda: make_trafilatura(favor_precision=True)),
        ("readability-lxml", make_readability),
    ]
    for name, make in methods:
        try:
            extract = make()
        except ImportError as error:
            print(f"{name}: skipped, {error.name} is not installed")
            continue
        measure(name, extract, sets)
    measure_cost(article_pages(corpus))


if __name__ == "__main__":
    main()
