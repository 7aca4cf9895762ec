"""The corpus of real pages (../shared/corpus or $NEWSCRAWLER_CORPUS) and how bodies are scored."""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import tldextract

from newscrawler.extraction.text import words

ROOT = Path(__file__).resolve().parent.parent


def corpus_root() -> Path:
    """The corpus folder: $NEWSCRAWLER_CORPUS, else corpus/ in the shared folder beside the repository."""
    configured = os.environ.get("NEWSCRAWLER_CORPUS")
    if configured:
        return Path(configured)
    return Path(os.environ.get("NEWSCRAWLER_SHARED", ROOT.parent / "shared")) / "corpus"


def corpus_path(*parts: str) -> Path:
    """A path in the corpus; the test skips, saying why, when it is absent."""
    path = corpus_root().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: this test reads the corpus of real pages (set NEWSCRAWLER_CORPUS)")
    return path


@dataclass(frozen=True, slots=True)
class BodyCase:
    """A captured page and the paragraphs of its article body."""

    name: str
    html: str
    expected: list[str]


def body_cases(corpus: Path, name: str) -> list[BodyCase]:
    """The cases of one corpus set that carry a body: fundus paragraphs, Indonesian article bodies."""
    cases = []
    folder = corpus / name
    for line in (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        expected = case["expected"]
        paragraphs = expected.get("body_paragraphs") or (expected.get("body") or "").split("\n")
        paragraphs = [paragraph for paragraph in paragraphs if paragraph.strip()]
        if not paragraphs or case.get("kind", "article") != "article":
            continue
        html = gzip.decompress((folder / case["file"]).read_bytes()).decode("utf-8", errors="replace")
        cases.append(BodyCase(case["file"], html, paragraphs))
    return cases


def token_scores(got: Sequence[str], expected: Sequence[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the case-folded bags of words of two bodies (lists of paragraphs)."""
    got_words = Counter(word.casefold() for paragraph in got for word in words(paragraph))
    expected_words = Counter(word.casefold() for paragraph in expected for word in words(paragraph))
    common = sum((got_words & expected_words).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision = common / sum(got_words.values())
    recall = common / sum(expected_words.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def token_f1(got: str, expected: str) -> float:
    """Bag-of-words F1 of two texts, case-folded (the corpus README's body measure)."""
    return token_scores([got], [expected])[2]


# The tuning and check halves of the corpus, by publisher (tests/corpus_split.json).
SPLIT_FILE = ROOT / "tests" / "corpus_split.json"
SETS = ("fundus", "htmldate", "indonesian", "indonesian-extra")
_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/[^/]+/")


def publisher_of(case: dict[str, Any]) -> str:
    """A case's publisher: its ``site``, else its URL's registrable domain label (Wayback: the original's)."""
    if case.get("site"):
        return str(case["site"])
    return _extract_domain(_WAYBACK.sub("", case["url"])).domain


@cache
def corpus_split() -> dict[str, str]:
    """Publisher -> ``tune`` or ``check``, as fixed in tests/corpus_split.json."""
    halves = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    return {publisher: half for half in ("tune", "check") for publisher in halves[half]}


def half_of(case: dict[str, Any]) -> str:
    """The half a case belongs to (``tune`` or ``check``); KeyError for a publisher not yet placed."""
    return corpus_split()[publisher_of(case)]


def corpus_cases(corpus: Path, name: str) -> list[dict[str, Any]]:
    """The cases of one corpus set, as in its cases.jsonl (``file`` relative to the set folder)."""
    lines = (corpus / name / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


_extract_domain = tldextract.TLDExtract(suffix_list_urls=())
