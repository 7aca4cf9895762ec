"""Every registered site spider over its fixtures: saved pages in, the expected Article out."""

from __future__ import annotations

import pytest
from parsel import Selector

from newscrawler.extraction.fields import Selectors
from newscrawler.extraction.site import Layout
from newscrawler.items import article_record
from tests.corpus import token_f1
from tests.sites import (
    FIXTURES,
    crawl_case,
    declared_layouts,
    layout_problems,
    read_page,
    site_cases,
    site_spiders,
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
        if case.body_by_f1:
            score = token_f1(got["body"], expected.pop("body"))
            expected.pop("published_date", None)
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
