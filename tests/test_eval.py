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
    "title": 0.72,
    "published_at": 0.54,
    "authors": 0.67,
    "language": 0.82,
    "day": 0.82,
    "not_article": 0.85,
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
