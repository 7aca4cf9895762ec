"""``make eval``: generic extraction on both halves of the corpus, beside trafilatura and htmldate alone.

The corpus is split by publisher into a tuning half and a check half (tests/corpus_split.json):
extraction is tuned on the first, judged on the second. See tests/evaluation.py for the measures.
Run with ``.venv/bin/python -m benchmarks.evaluate [--half tune|check]``.
"""

from __future__ import annotations

import argparse
import time
import warnings

from tests.corpus import corpus_root
from tests.evaluation import (
    DAY_ONLY,
    MEASURES,
    Method,
    Scores,
    htmldate_method,
    load_cases,
    newscrawler_method,
    rows,
    score,
    trafilatura_method,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tune", "check"), action="append", help="only this half")
    halves = parser.parse_args().half or ["tune", "check"]
    warnings.simplefilter("ignore")
    corpus = corpus_root()
    if not corpus.exists():
        raise SystemExit(f"{corpus} is absent: set NEWSCRAWLER_CORPUS to the corpus folder")
    methods: dict[str, tuple[Method, tuple[str, ...]]] = {
        "newscrawler": (newscrawler_method(), MEASURES),
        "trafilatura": (trafilatura_method(), MEASURES),
        "htmldate": (htmldate_method(), DAY_ONLY),
    }
    results: dict[str, dict[str, Scores]] = {}
    for half in halves:
        cases = load_cases(corpus, half)
        results[half] = {}
        for name, (method, measures) in methods.items():
            start = time.perf_counter()
            results[half][name] = score(cases, method, measures)
            print(f"{half}: {name} on {len(cases)} pages in {time.perf_counter() - start:.1f} s")
    print("(value, pages with that truth)")
    for line in rows(results):
        print(line)


if __name__ == "__main__":
    main()
