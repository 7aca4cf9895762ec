"""`scrapy extract`, run as a user runs it, scored on the real pages of ../shared/corpus."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_scrapy
from tests.corpus import corpus_path, token_f1
from tests.sites import FIXTURES

#: Each article page of a site spider: body token F1 at least this (title and date exact).
SITE_BODY_F1_FLOOR = 0.95
#: The real Indonesian pages: both sets named by the issue, and Media Indonesia's pages in fundus.
SETS = ("indonesian", "indonesian-extra")


def extract_list(cases: Path, *extra: str) -> tuple[dict[str, dict[str, Any]], str, int]:
    result = run_scrapy("extract", "--from-list", str(cases), *extra)
    articles = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        articles[record["url"]] = record
    return articles, result.stderr, result.returncode


def wrong_truths() -> dict[tuple[str, str], dict[str, str]]:
    """The ground-truth fields the site fixtures mark wrong, by (corpus set, file), with the reason."""
    marked = {}
    for path in sorted(FIXTURES.glob("*/cases.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line) if line.strip() else {}
            if entry.get("wrong_truth"):
                marked[(entry["corpus"], entry["file"])] = entry["wrong_truth"]
    return marked


def same_minute(got: str | None, expected: str) -> bool:
    """Whether two ISO times agree to the minute and in their UTC offset."""
    if not got:
        return False
    a, b = datetime.fromisoformat(got), datetime.fromisoformat(expected)
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0) and (
        a.utcoffset() == b.utcoffset()
    )


@dataclass
class SiteScore:
    """One site's pages in the table: counts of exact fields over pages that have them, body F1s."""

    pages: int = 0
    title: list[bool] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    authors: list[bool] = field(default_factory=list)
    f1: list[float] = field(default_factory=list)

    def row(self, site: str) -> str:
        def rate(hits: list[bool]) -> str:
            return f"{sum(hits)}/{len(hits)}" if hits else "-"

        body = f"{min(self.f1):.3f} / {sum(self.f1) / len(self.f1):.3f}" if self.f1 else "-"
        return (
            f"  {site:<15} {self.pages:>5}  {rate(self.title):>11}  {rate(self.date):>12}  "
            f"{body:>15}  {rate(self.authors):>7}"
        )


def corpus_article_cases(tmp_path: Path) -> list[tuple[str, dict[str, Any], Path]]:
    """(set, case, list file) of every Indonesian article page: both sets and fundus's Media Indonesia."""
    found = []
    for name in SETS:
        cases_file = corpus_path(name, "cases.jsonl")
        for line in cases_file.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            if case.get("kind") == "article":
                found.append((name, case, cases_file))
    fundus = corpus_path("fundus")
    mediaindonesia = tmp_path / "mediaindonesia.jsonl"
    lines = []
    for line in (fundus / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        if "mediaindonesia.com" in case.get("url", ""):
            found.append(("fundus", {**case, "site": "mediaindonesia", "kind": "article"}, mediaindonesia))
            lines.append(json.dumps({**case, "file": str(fundus / case["file"])}))
    mediaindonesia.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return found


def test_extract_from_list_gets_every_indonesian_article_page_right(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = corpus_article_cases(tmp_path)
    extracted: dict[Path, dict[str, dict[str, Any]]] = {}
    for list_file in dict.fromkeys(path for _, _, path in cases):
        extracted[list_file], _, _ = extract_list(list_file)
    wrong = wrong_truths()
    scores: dict[str, SiteScore] = {}
    failures, notes = [], []
    for name, case, list_file in cases:
        where, expected = f"{name}/{case['file']}", dict(case["expected"])
        for field_name, why in wrong.get((name, case["file"]), {}).items():
            expected.pop(field_name, None)
            if field_name == "body":
                expected.pop("body_paragraphs", None)
            notes.append(f"  {where}: {field_name} not judged, the ground truth is wrong: {why}")
        got = extracted[list_file].get(case["url"])
        if got is None:
            failures.append(f"{where}: no article extracted")
            continue
        if got["source"] != case["site"]:
            failures.append(
                f"{where}: extracted by {got['source'] or 'the generic layers'}, not a {case['site']} spider"
            )
        score = scores.setdefault(case["site"], SiteScore())
        score.pages += 1
        if "title" in expected:
            score.title.append(got["title"] == expected["title"])
            if not score.title[-1]:
                failures.append(f"{where}: title {got['title']!r}, expected {expected['title']!r}")
        if "published_at" in expected:
            score.date.append(same_minute(got["published_at"], expected["published_at"]))
            if not score.date[-1]:
                failures.append(
                    f"{where}: published_at {got['published_at']}, expected {expected['published_at']}"
                )
        elif "published_date" in expected:
            score.date.append((got["published_at"] or "")[:10] == expected["published_date"])
            if not score.date[-1]:
                failures.append(
                    f"{where}: published_at {got['published_at']}, expected day {expected['published_date']}"
                )
        if "authors" in expected:
            score.authors.append(got["authors"] == expected["authors"])
            if not score.authors[-1]:
                failures.append(f"{where}: authors {got['authors']}, expected {expected['authors']}")
        body = expected.get("body") or "\n".join(expected.get("body_paragraphs", []))
        if body:
            score.f1.append(token_f1(got["body"], body))
            if score.f1[-1] < SITE_BODY_F1_FLOOR:
                failures.append(f"{where}: body token F1 {score.f1[-1]:.3f} < {SITE_BODY_F1_FLOOR}")
    total = SiteScore()
    for score in scores.values():
        total.pages += score.pages
        total.title += score.title
        total.date += score.date
        total.authors += score.authors
        total.f1 += score.f1
    columns = ("pages", "title exact", "published_at", "body F1 min/mean", "authors")
    header = f"  {'site':<15} " + "  ".join(
        f"{c:>{w}}" for c, w in zip(columns, (5, 11, 12, 15, 7), strict=True)
    )
    with capsys.disabled():
        print(
            f"\nextract --from-list, real Indonesian pages ({', '.join(SETS)}, fundus's Media Indonesia):",
            header,
            *(scores[site].row(site) for site in sorted(scores)),
            total.row(f"all {len(scores)}"),
            *notes,
            sep="\n",
        )
    assert not failures, "\n".join(failures)


def test_extract_links_gives_every_corpus_listing_its_first_article_urls_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Where a corpus listing names no URL of its own (tempo's 2015 English index), the list gives the
    # one its discovery fixture was served at, as a user would.
    served = {
        (entry["corpus"], entry["file"]): entry["url"]
        for path in sorted(FIXTURES.glob("*/sources.jsonl"))
        for entry in map(json.loads, path.read_text(encoding="utf-8").splitlines())
        if "corpus" in entry
    }
    lines, failures = [], []
    for name in SETS:
        cases_file = corpus_path(name, "cases.jsonl")
        cases = [json.loads(line) for line in cases_file.read_text(encoding="utf-8").splitlines() if line]
        with_urls = tmp_path / f"{name}.jsonl"
        with_urls.write_text(
            "".join(
                json.dumps(
                    {
                        **case,
                        "file": str(cases_file.parent / case["file"]),
                        "url": case.get("url") or served.get((name, case["file"]), ""),
                    }
                )
                + "\n"
                for case in cases
            ),
            encoding="utf-8",
        )
        result = run_scrapy("extract", "--links", "--from-list", str(with_urls))
        assert result.returncode == 0, result.stderr
        read = {record["file"]: record for record in map(json.loads, result.stdout.splitlines())}
        assert len(read) == sum(case.get("kind") == "listing" for case in cases), "every listing, no article"
        for case in cases:
            first = case["expected"].get("first_article_urls")
            if not first:
                continue
            record = read[str(cases_file.parent / case["file"])]
            right = record["article_urls"][: len(first)] == first
            count, outcome = len(record["article_urls"]), "right" if right else "WRONG"
            lines.append(
                f"  {name}/{case['file']}: {record['site']} {record['kind']}, {count} article URLs, "
                f"the first {len(first)} {outcome}"
            )
            if not right:
                failures.append(f"{case['file']}: {record['article_urls'][: len(first)]}, expected {first}")
        # In article mode the same list leaves the listing pages out, saying so, and fails none.
        plain = run_scrapy("extract", "--from-list", str(cases_file))
        assert plain.returncode == 0, plain.stderr[-2000:]
        assert "is a listing page, not an article: left out" in plain.stderr
    with capsys.disabled():
        print("\nscrapy extract --links --from-list, the corpus listings:", *lines, sep="\n")
    assert len(lines) == 10
    assert not failures, "\n".join(failures)


def test_extract_links_of_one_source_page_and_its_one_line_errors(tmp_path: Path) -> None:
    sitemap = FIXTURES / "kompas" / "sitemap-news-constructed.xml"
    result = run_scrapy(
        "extract", "--links", str(sitemap), "--url", "https://www.kompas.com/sitemap-news.xml"
    )
    assert result.returncode == 0, result.stderr
    (record,) = map(json.loads, result.stdout.splitlines())
    assert (record["site"], record["kind"]) == ("kompas", "sitemap")
    assert record["article_urls"] == [
        "https://megapolitan.kompas.com/read/2024/10/02/10150011/hujan-deras-sejumlah-jalan-di-jakarta-timur-tergenang"
    ]
    page = tmp_path / "home-constructed.html"
    page.write_text("<html><body><a href='/berita/1'>Satu</a></body></html>")
    unknown = run_scrapy("extract", "--links", str(page), "--url", "https://wartacontoh.id/")
    assert unknown.returncode == 1
    assert "no site spider for https://wartacontoh.id/ (give --site)" in unknown.stderr
    listing = tmp_path / "list.jsonl"
    listing.write_text(json.dumps({"file": str(page), "site": "kompas", "kind": "listing"}) + "\n")
    nameless = run_scrapy("extract", "--links", "--from-list", str(listing))
    assert nameless.returncode == 1
    assert f'{listing}:1: {page}: no URL (add "url")' in nameless.stderr


def test_extract_one_page_forced_site_and_output_file(tmp_path: Path) -> None:
    page = FIXTURES / "sindonews" / "lukashenko-1-constructed.html"
    out = tmp_path / "out.jsonl"
    result = run_scrapy(
        "extract",
        str(page),
        "--url",
        "https://www.example.org/lukashenko",
        "--site",
        "sindonews",
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["source"] == "sindonews"
    assert record["published_at"] == "2022-12-21T00:42:00+07:00"
    assert record["authors"] == ["Andika Hendra Mustaqim"]


def test_unknown_domain_uses_the_generic_layers(tmp_path: Path) -> None:
    page = tmp_path / "page.html.gz"
    page.write_bytes(
        gzip.compress(
            b"<html><head><title>Gempa di Laut - Warta Contoh</title>"
            b'<meta property="article:published_time" content="2024-10-04T09:15:00+08:00"></head>'
            b"<body><article><p>Gempa berkekuatan 5,1 mengguncang laut selatan pagi ini, warga panik.</p>"
            b"<p>Badan geofisika menyatakan gempa tidak berpotensi tsunami dan warga diminta tenang.</p>"
            b"</article></body></html>"
        )
    )
    result = run_scrapy("extract", str(page), "--url", "https://wartacontoh.id/berita/1")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"] == "Gempa di Laut"
    assert record["published_at"] == "2024-10-04T09:15:00+08:00"
    assert record["source"] == ""
    assert "tidak berpotensi tsunami" in record["body"]


def test_bad_pages_get_one_line_each_and_the_rest_still_come_out(tmp_path: Path) -> None:
    good = FIXTURES / "sindonews" / "lukashenko-1-constructed.html"
    empty = tmp_path / "empty-constructed.html"
    empty.write_text("<html><body><nav>Beranda</nav></body></html>")
    listing = tmp_path / "list.jsonl"
    url = "https://international.sindonews.com/read/977777/45/x-1671558118"
    listing.write_text(
        "\n".join(
            [
                json.dumps({"file": str(good), "url": url}),
                json.dumps({"file": "missing-constructed.html", "url": url}),
                json.dumps({"file": str(empty), "url": "https://www.sindonews.com/x"}),
                "not json",
            ]
        )
    )
    articles, stderr, status = extract_list(listing)
    assert status == 1
    assert list(articles) == [url]
    lines = stderr.strip().splitlines()
    assert any(":2: cannot read" in line and "missing-constructed.html" in line for line in lines)
    assert any(":3: no article in" in line for line in lines)
    assert any(":4: not a JSON object" in line for line in lines)
    assert lines[-1] == "extract: 1 article(s) written, 2 page(s) failed"


def test_usage_errors_name_the_fix() -> None:
    result = run_scrapy("extract", "page.html")
    assert result.returncode == 2
    assert "give one saved page and its URL" in result.stderr
    result = run_scrapy("extract", "--from-list", "/nonexistent/list.jsonl")
    assert "cannot read it" in result.stderr
    assert result.returncode == 2
    result = run_scrapy("extract", "x.html", "--url", "https://a.id/", "--site", "nope")
    assert "--site nope: no such site spider" in result.stderr


def test_a_home_page_and_a_tag_page_give_no_item_and_say_so(tmp_path: Path) -> None:
    pages = Path(__file__).parent / "fixtures" / "pagetype"
    home = run_scrapy("extract", str(pages / "home-constructed.html"), "--url", "https://wartacontoh.id/")
    assert home.returncode == 1
    assert home.stdout == ""
    assert f"no article in {pages / 'home-constructed.html'} (a home page, not an article)" in home.stderr
    listing = tmp_path / "list.jsonl"
    listing.write_text(
        "\n".join(
            json.dumps({"file": str(pages / f"{name}-constructed.html"), "url": url})
            for name, url in (
                ("tag", "https://wartacontoh.id/tag/banjir"),
                ("article-plain", "https://wartacontoh.id/news/2024/10/04/100001/banjir-rendam"),
            )
        )
    )
    articles, stderr, status = extract_list(listing)
    assert status == 1
    assert list(articles) == ["https://wartacontoh.id/news/2024/10/04/100001/banjir-rendam"]
    assert ":1: no article in" in stderr
    assert "(a tag page, not an article)" in stderr
    assert stderr.strip().splitlines()[-1] == "extract: 1 article(s) written, 1 page(s) failed"
