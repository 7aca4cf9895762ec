from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from newscrawler.items import ARTICLE_FIELDS, Article, article_record, to_json_line
from tests.conftest import ROOT, run_scrapy

CONTRACT_FIELDS = [
    "url",
    "canonical_url",
    "source",
    "title",
    "published_at",
    "published_at_raw",
    "modified_at",
    "authors",
    "section",
    "tags",
    "lead",
    "body",
    "language",
    "image_url",
    "pages",
    "word_count",
    "content_hash",
    "simhash",
    "crawled_at",
]


def test_article_has_exactly_the_contract_fields_in_order() -> None:
    assert list(ARTICLE_FIELDS) == CONTRACT_FIELDS


def test_record_has_every_key_with_nulls_and_empty_lists() -> None:
    record = json.loads(to_json_line(Article(url="https://a.id/x")))
    assert list(record) == CONTRACT_FIELDS
    assert record["published_at"] is None
    assert record["authors"] == []
    assert record["tags"] == []
    assert record["pages"] == 1


def test_record_is_utf8_not_ascii_escaped() -> None:
    line = to_json_line(Article(url="https://a.id/x", title="Jum’at “Café” 日本"))
    assert "Jum’at “Café” 日本" in line
    assert "\\u" not in line
    assert "\n" not in to_json_line(Article(url="u", body="a\n\nb"))


def test_record_from_a_dict_item_fills_and_orders() -> None:
    record = article_record({"title": "T", "url": "u", "extra": 1, "authors": ("A", "B"), "lead": None})
    assert list(record) == CONTRACT_FIELDS
    assert record["authors"] == ["A", "B"]
    assert record["lead"] is None
    assert "extra" not in record


def test_record_matches_the_dataclass_less_its_non_contract_fields() -> None:
    article = Article(url="u", title="T", tags=["x"], pages=2, layout="2024", layers={"title": "site"})
    fields = asdict(article)
    assert fields.pop("layout") == "2024"
    assert fields.pop("layers") == {"title": "site"}
    assert article_record(article) == fields
    assert "layout" not in to_json_line(article)


def test_defaults_are_not_shared_between_articles() -> None:
    first, second = Article(url="a"), Article(url="b")
    first.authors.append("X")
    assert second.authors == []


@pytest.mark.parametrize("extension", ["jsonl", "jsonlines", "jl"])
def test_scrapy_feed_writes_the_contract(tmp_path: Path, extension: str) -> None:
    out = tmp_path / f"out.{extension}"
    spider = ROOT / "tests" / "spiders" / "data_page_spider.py"
    result = run_scrapy("runspider", str(spider), "-O", str(out), "-L", "INFO")
    assert result.returncode == 0, result.stderr[-2000:]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert "“penting”" in lines[0]
    record = json.loads(lines[0])
    assert list(record) == CONTRACT_FIELDS
    assert record["title"] == "Menteri Jelaskan Kebijakan Baru"
    assert record["published_at"] == "2024-08-05T14:05:00+08:00"
    assert record["source"] == "datapage"
    assert record["body"] == (
        "Paragraf pertama tentang kebijakan — “penting”.\n\n"
        "Paragraf kedua dengan kata Jum’at dan café.\n\n"
        "Akhir berita."
    )
    assert record["word_count"] == 14
    assert len(record["simhash"]) == 16
    assert "newscrawler/normalize/paragraphs_dropped/repeated': 1" in result.stderr
