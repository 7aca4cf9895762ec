"""Generic body extraction: ours against trafilatura and readability-lxml on the corpus's real pages.

Each method gets the page's HTML text and returns paragraphs; a body is scored by token F1 (bags of
case-folded words) against the ground truth, also after the pipeline's cleaning (boilerplate rules,
repeated paragraphs), and timed per page including the HTML parse. Sets: fundus (172 pages, ~120
publishers) and the Indonesian article pages that carry a body.
Run with `.venv/bin/python -m benchmarks.bench_generic` after `pip install -e '.[bench]'` (which
brings trafilatura); readability-lxml is measured when installed (`pip install readability-lxml`:
pip 23.2 fails to resolve it together with trafilatura, so it is not in the extra).
"""

from __future__ import annotations

import logging
import statistics
import time
import warnings
from collections.abc import Callable

from parsel import Selector

from newscrawler.extraction.generic import generic_body
from newscrawler.extraction.text import clean_paragraphs, split_paragraphs
from tests.corpus import BodyCase, body_cases, corpus_root, token_scores

Extractor = Callable[[str], list[str]]

# What readability's HTML summary is cut into paragraphs at.
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "th", "dd", "dt", "div")


def ours(html: str) -> list[str]:
    return generic_body(Selector(text=html))


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


if __name__ == "__main__":
    main()
