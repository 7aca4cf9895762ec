"""Generic extraction on the corpus's check half (publishers never tuned on), guarded by floors.

The same scoring as ``make eval`` (tests/evaluation.py). The floors sit a little under what was
measured; trafilatura's own figures on these pages, from ``make eval``, are in the README.
"""

from __future__ import annotations

import pytest

from tests.corpus import corpus_path
from tests.evaluation import load_cases, newscrawler_method, score

# Measured on the check half (make eval), then the floor a little under it.
CHECK_FLOORS = {
    "body": 0.93,  # 0.937 with the body chooser (trafilatura alone: 0.923)
    "title": 0.79,  # 0.806 (trafilatura: 0.684); issue 10 wants 0.90
    "published_at": 0.85,  # 0.867, the minute with its offset; issue 10 wants 0.90
    "authors": 0.76,  # 0.776 (trafilatura: 0.729)
    "language": 0.95,  # 0.961
    "day": 0.90,  # 0.911 (htmldate alone: 0.943)
    "not_article": 0.85,  # 0.889: 8 of 9 listing pages
}


def test_generic_extraction_on_the_check_half(capsys: pytest.CaptureFixture[str]) -> None:
    cases = load_cases(corpus_path(), "check")
    scores = score(cases, newscrawler_method())
    values = {measure: scores.value(measure) for measure in CHECK_FLOORS}
    with capsys.disabled():
        print(
            f"\ncheck half ({len(cases)} pages), generic extraction: "
            + ", ".join(f"{m} {v:.3f} ({scores.counts[m]})" for m, v in values.items() if v is not None)
        )
    for measure, floor in CHECK_FLOORS.items():
        value = values[measure]
        assert value is not None, f"{measure}: no page of the check half has its truth"
        assert value >= floor, f"{measure}: {value:.3f} < {floor} on the check half"
