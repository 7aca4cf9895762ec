"""Every registered site spider over its fixtures: saved pages in, the expected Article out."""

from __future__ import annotations

import json

import pytest
from parsel import Selector

from newscrawler.extraction.fields import Selectors
from newscrawler.extraction.site import Layout
from newscrawler.items import article_record
from tests.corpus import corpus_path, token_f1
from tests.sites import (
    FIXTURES,
    crawl_case,
    declared_layouts,
    discover,
    layout_problems,
    read_page,
    site_cases,
    site_spiders,
    source_cases,
    unused_selectors,
)

SITES = sorted(site_spiders())
BODY_F1_FLOOR = 0.95


def test_the_three_sites_are_registered() -> None:
    assert {"sindonews", "kompas", "detik"} <= set(SITES)


@pytest.mark.parametrize("site", SITES)
def test_site_has_fixtures(site: str) -> None:
    path = FIXTURES / site / "cases.jsonl"
    assert path.is_file(), f"site {site} has no fixtures: add {path} (see tests/sites.py for the format)"
    assert path.read_text(encoding="utf-8").strip(), (
        f"site {site} has no fixtures: add {path} (see tests/sites.py for the format)"
    )


@pytest.mark.parametrize("site", SITES)
def test_every_layout_has_a_fixture_case_and_every_case_a_declared_layout(site: str) -> None:
    problems = layout_problems(site_spiders()[site].layouts, declared_layouts(site))
    assert not problems, f"site {site}: " + "; ".join(problems)


@pytest.mark.parametrize("site", SITES)
def test_every_declared_selector_finds_something_on_a_case_of_its_layout(site: str) -> None:
    pages: dict[str, list[Selector]] = {}
    for case in site_cases(site):
        pages.setdefault(case.layout, []).extend(
            Selector(text=read_page(path).decode("utf-8", "replace")) for path, _ in case.pages
        )
    unused = unused_selectors(site_spiders()[site].layouts, pages)
    assert not unused, f"site {site}: selectors no fixture case of their layout has:\n" + "\n".join(unused)


def test_the_harness_catches_a_layout_without_a_case_and_a_selector_no_case_has() -> None:
    today = Layout("2024", Selectors(title="h1.judul", body="div.isi", exclude=".iklan"))
    old = Layout("2015", Selectors(title="h2.judul", body="div.teks"))
    assert layout_problems([today, old], ["2024"]) == [
        "layout(s) ['2015'] have no fixture case (add one naming it)"
    ]
    assert layout_problems([today], ["2024", "2019"]) == [
        "fixture cases name layout(s) ['2019'] the site does not declare"
    ]
    assert layout_problems([], []) == ["declares no layouts"]
    page = Selector("<h1 class='judul'>J</h1><div class='isi'><p>Isi.</p></div>")
    assert unused_selectors([today, old], {"2024": [page]}) == [
        "layout 2024: exclude '.iklan'",
        "layout 2015: title 'h2.judul'",
        "layout 2015: body 'div.teks'",
    ]


@pytest.mark.parametrize("site", SITES)
def test_site_fixtures_give_the_expected_article(site: str, capsys: pytest.CaptureFixture[str]) -> None:
    spidercls = site_spiders()[site]
    lines = []
    failures = []
    for case in site_cases(site):
        article = crawl_case(spidercls, case)
        assert article is not None, f"{case.name}: dropped as no article"
        if article.layout != case.layout:
            failures.append(f"{case.name}: matched layout {article.layout}, the case says {case.layout}")
        got = article_record(article)
        expected = dict(case.expected)
        for name, why in case.wrong_truth.items():
            expected.pop(name, None)
            lines.append(f"  {case.name}: {name} not judged, the ground truth is wrong: {why}")
        # A corpus page whose ground truth knows only the day of publication.
        day = expected.pop("published_date", None)
        if day is not None and (got["published_at"] or "")[:10] != day:
            failures.append(f"{case.name}: published_at is {got['published_at']!r}, expected the day {day}")
        if case.body_by_f1 and "body" in expected:
            score = token_f1(got["body"], expected.pop("body"))
            lines.append(f"  {case.name}: body token F1 {score:.3f}")
            if score < BODY_F1_FLOOR:
                failures.append(f"{case.name}: body token F1 {score:.3f} < {BODY_F1_FLOOR}")
        for name, value in expected.items():
            if got[name] != value:
                failures.append(f"{case.name}: {name} is {got[name]!r}, expected {value!r}")
        for name in ("title", "body", "published_at"):
            if not got[name]:
                failures.append(f"{case.name}: {name} is empty")
    with capsys.disabled():
        print(f"\n{site} fixtures:", *lines, sep="\n")
    assert not failures, "\n".join(failures)


def test_sindonews_pages_are_joined_and_counted() -> None:
    spidercls = site_spiders()["sindonews"]
    (case,) = site_cases("sindonews")
    article = crawl_case(spidercls, case)
    assert article is not None
    assert article.pages == 2
    # Page 2 repeats page 1's last paragraph; the joined body holds it once.
    assert case.stats["newscrawler/normalize/paragraphs_dropped/repeated"] == 1
    assert case.stats["newscrawler/field/body/site:2022"] == 1


@pytest.mark.parametrize("site", SITES)
def test_discovery_fixtures_give_their_article_urls_in_order(
    site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spidercls = site_spiders()[site]
    cases = source_cases(site)
    assert cases, f"site {site} has no discovery fixture: add tests/fixtures/{site}/sources.jsonl"
    lines, failures = [], []
    for case in cases:
        got = discover(spidercls, case)
        head = got[: len(case.expected)] if case.prefix else got
        which = "first " if case.prefix else ""
        outcome = "right" if head == case.expected else "WRONG"
        lines.append(
            f"  {case.name}: {len(got)} article URLs; the {which}{len(case.expected)} expected: {outcome}"
        )
        if head != case.expected:
            failures.append(f"{case.name}: gave {head}, expected {case.expected}")
    with capsys.disabled():
        print(f"\n{site} discovery:", *lines, sep="\n")
    assert not failures, "\n".join(failures)


def test_every_corpus_listing_of_a_site_is_a_discovery_fixture() -> None:
    root = corpus_path()
    fixtures = {(site, case.path) for site in SITES for case in source_cases(site) if case.prefix}
    missing = []
    for name in ("indonesian", "indonesian-extra"):
        for line in (root / name / "cases.jsonl").read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            listing = case.get("site") in SITES and "first_article_urls" in case["expected"]
            if listing and (case["site"], root / name / case["file"]) not in fixtures:
                missing.append(f"{name}/{case['file']} (site {case['site']})")
    assert not missing, "corpus listings that are no discovery fixture of their site:\n" + "\n".join(missing)


def test_every_corpus_article_page_of_a_site_is_a_fixture_case_of_it() -> None:
    root = corpus_path()
    cases = {(site, path) for site in SITES for case in site_cases(site) for path, _ in case.pages}
    missing = []
    for name in ("indonesian", "indonesian-extra"):
        for line in (root / name / "cases.jsonl").read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            page = (case.get("site"), root / name / case["file"])
            if case.get("kind") == "article" and case.get("site") in SITES and page not in cases:
                missing.append(f"{name}/{case['file']} (site {case['site']})")
    assert not missing, "corpus article pages that are no fixture case of their site:\n" + "\n".join(missing)
