"""`scrapy extract`, run as a user runs it, scored on the real pages of ../shared/corpus."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_scrapy
from tests.corpus import corpus_path, token_f1
from tests.sites import FIXTURES

SITE_BODY_F1_FLOOR = 0.95
# The other Indonesian sites have no spider: the generic layers alone must do this well.
GENERIC_TITLE_FLOOR = 0.85
GENERIC_DATE_FLOOR = 0.70
GENERIC_BODY_F1_FLOOR = 0.85


def extract_list(cases: Path, *extra: str) -> tuple[dict[str, dict[str, Any]], str, int]:
    result = run_scrapy("extract", "--from-list", str(cases), *extra)
    articles = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        articles[record["url"]] = record
    return articles, result.stderr, result.returncode


def test_extract_from_list_scores_the_indonesian_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    cases_file = corpus_path("indonesian", "cases.jsonl")
    cases = [json.loads(line) for line in cases_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles, stderr, status = extract_list(cases_file)
    assert status == 1, "listing pages without a URL fail, so the status says so"
    assert "no URL for" in stderr
    assert "antara-mainpage.html.gz" in stderr

    site_lines, failures = [], []
    generic = {"title": 0, "date": 0, "f1": 0.0, "n": 0}
    for case in cases:
        expected = case["expected"]
        if case.get("kind") != "article" or "body" not in expected:
            continue
        got = articles.get(case["url"])
        assert got is not None, f"{case['file']}: no article extracted"
        f1 = token_f1(got["body"], expected["body"])
        title_ok = got["title"] == expected["title"]
        date_ok = got["published_at"] == expected["published_at"]
        if case["site"] in ("kompas", "detik"):
            site_lines.append(f"  {case['file']}: title {title_ok}, published_at {date_ok}, body F1 {f1:.3f}")
            if not (title_ok and date_ok and f1 >= SITE_BODY_F1_FLOOR):
                failures.append(f"{case['file']}: {got['title']!r} {got['published_at']} F1 {f1:.3f}")
        else:
            generic["n"] += 1
            generic["title"] += title_ok
            generic["date"] += date_ok
            generic["f1"] += f1
    n = generic["n"]
    title_rate, date_rate, mean_f1 = generic["title"] / n, generic["date"] / n, generic["f1"] / n
    with capsys.disabled():
        print(
            "\nscrapy extract on ../shared/corpus/indonesian, site spiders (kompas, detik):",
            *site_lines,
            sep="\n",
        )
        print(
            f"  generic layers on the {n} other article pages: title exact {title_rate:.0%}, "
            f"published_at exact {date_rate:.0%}, mean body F1 {mean_f1:.3f}"
        )
    assert not failures, "\n".join(failures)
    assert title_rate >= GENERIC_TITLE_FLOOR
    assert date_rate >= GENERIC_DATE_FLOOR
    assert mean_f1 >= GENERIC_BODY_F1_FLOOR


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
