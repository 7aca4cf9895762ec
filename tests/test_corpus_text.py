"""Boilerplate rules against real article text: the corpus ground truth must survive cleaning."""

from __future__ import annotations

import json

import pytest

from newscrawler.extraction.text import BoilerplateRules, paragraph_key, split_paragraphs
from tests.corpus import corpus_path

KEPT_FLOOR = 0.995


def ground_truth_paragraphs() -> list[str]:
    corpus = corpus_path()
    paragraphs: list[str] = []
    for name in ("indonesian", "fundus"):
        for line in (corpus / name / "cases.jsonl").read_text(encoding="utf-8").splitlines():
            expected = json.loads(line)["expected"]
            body = expected.get("body_paragraphs") or (expected.get("body") or "").split("\n")
            paragraphs.extend(p for text in body for p in split_paragraphs(text))
    return paragraphs


def test_rules_keep_real_paragraphs(capsys: pytest.CaptureFixture[str]) -> None:
    paragraphs = [p for p in ground_truth_paragraphs() if paragraph_key(p)]
    rules = BoilerplateRules()
    removed = [p for p in paragraphs if rules.matches(p)]
    kept = 1 - len(removed) / len(paragraphs)
    with capsys.disabled():
        print(f"\ncorpus text: boilerplate rules keep {kept:.2%} of {len(paragraphs)} real paragraphs")
        for paragraph in removed:
            print(f"  removed: {paragraph[:100]!r}")
    assert len(paragraphs) > 3000
    assert kept >= KEPT_FLOOR
