"""The corpus's tuning and check halves (tests/corpus_split.json) stay fixed and cover every page."""

from __future__ import annotations

import json
from collections import Counter

from tests.corpus import SETS, SPLIT_FILE, corpus_cases, corpus_path, corpus_split, half_of, publisher_of


def test_the_halves_are_disjoint_and_sorted() -> None:
    halves = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    assert not set(halves["tune"]) & set(halves["check"])
    assert halves["tune"] == sorted(halves["tune"])
    assert halves["check"] == sorted(halves["check"])


def test_every_corpus_page_has_a_half_and_both_halves_hold_each_set() -> None:
    corpus = corpus_path()
    split = corpus_split()
    unplaced = sorted(
        {publisher_of(case) for name in SETS for case in corpus_cases(corpus, name)} - set(split)
    )
    assert not unplaced, (
        f"publishers in the corpus but not in {SPLIT_FILE.name}: {unplaced} (place each in a half)"
    )
    counts = Counter((name, half_of(case)) for name in SETS for case in corpus_cases(corpus, name))
    for name in SETS:
        assert counts[(name, "tune")], f"{name}: no page in the tuning half"
        assert counts[(name, "check")], f"{name}: no page in the check half"


def test_a_publisher_is_its_site_or_its_domain_label() -> None:
    assert publisher_of({"site": "kompas", "url": "https://x.example/"}) == "kompas"
    assert publisher_of({"url": "https://www.theguardian.co.uk/world/1"}) == "theguardian"
    assert publisher_of({"url": "https://web.archive.org/web/2012/http://www.stol.it/Artikel/1"}) == "stol"
