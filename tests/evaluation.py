"""Generic extraction scored on one half of the corpus, beside trafilatura alone (``make eval``, tests).

"Generic" is what a site without a spider gets (the ``article`` spider, ``scrapy extract`` of an
unknown URL): no site layer, the zone of ``NEWSCRAWLER_TIMEZONE``, the pipeline's cleaning. Every
page of a half is read once per method. Measures (each over the cases whose truth has the field):

- body: token F1 (case-folded bags of words) against the true paragraphs;
- title: exact, both sides normalized as stored text is (a truth's trailing space, no-break or
  ideographic space or soft hyphen is no difference of words); authors: the same list (case-folded);
- published_at: the same minute with the same UTC offset (``10:05+02:00`` is not ``08:05Z``); a truth
  written without an offset (13 fundus pages, whose own dates carry none) is met by the same minute
  on the answer's clock;
- language: the primary tag of the page, against py3langid's reading of the true body;
- day: the publication day on the htmldate set (htmldate's own answer is a third method there),
  judged on what the method dates whether or not it takes the page for an article (htmldate dates
  every page; whether a page is an article is the next measure's);
- not an article: the share of listing pages (home, index, feeds) that yield no item.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from newscrawler.extraction.text import normalize_text
from tests.corpus import SETS, corpus_cases, half_of, token_scores

MEASURES = ("body", "title", "published_at", "authors", "language", "day", "not_article")


@dataclass(frozen=True, slots=True)
class Case:
    """A corpus page with its truth, read once."""

    set_name: str
    file: str
    url: str
    kind: str
    html: str
    expected: dict[str, Any]

    @property
    def paragraphs(self) -> list[str]:
        """The true body paragraphs (fundus lists, or the Indonesian one-text bodies), maybe none."""
        expected = self.expected
        found = expected.get("body_paragraphs") or (expected.get("body") or "").split("\n")
        return [paragraph for paragraph in found if paragraph.strip()]


@dataclass(frozen=True, slots=True)
class Fields:
    """What a method extracted from a page; ``None`` for the whole: it says the page holds no article."""

    title: str | None = None
    published_at: str | None = None
    authors: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    language: str | None = None
    day: str | None = None
    #: False: the method dated the page but yields no item for it (not an article).
    article: bool = True


Method = Callable[[Case], Fields | None]
#: The measures a method that knows only the publication day (htmldate) is scored on.
DAY_ONLY = ("day",)


@dataclass(slots=True)
class Scores:
    """Hits and counts per measure (body: the sum of F1)."""

    sums: dict[str, float] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0.0))
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))

    def add(self, measure: str, value: float) -> None:
        """Count one case of ``measure`` with its score (1/0 or an F1)."""
        self.sums[measure] += value
        self.counts[measure] += 1

    def value(self, measure: str) -> float | None:
        """The mean score of ``measure``, or None when no case has it."""
        count = self.counts[measure]
        return self.sums[measure] / count if count else None


def load_cases(corpus: Path, half: str) -> list[Case]:
    """Every page of ``half`` (``tune``/``check``) in the four corpus sets."""
    cases = []
    for set_name in SETS:
        for raw in corpus_cases(corpus, set_name):
            if half_of(raw) != half:
                continue
            body = gzip.decompress((corpus / set_name / raw["file"]).read_bytes())
            cases.append(
                Case(
                    set_name=set_name,
                    file=raw["file"],
                    url=raw.get("url") or f"https://{raw.get('site', 'example')}.invalid/{raw['file']}",
                    kind=raw.get("kind", "article"),
                    html=body.decode("utf-8", errors="replace"),
                    expected=raw["expected"],
                )
            )
    return cases


def same_minute_and_offset(got: str | None, expected: str) -> bool:
    """Whether two ISO times name the same minute on the same clock (offset included).

    An ``expected`` without an offset says only the wall-clock minute, and is held to just that.

    >>> same_minute_and_offset("2024-05-03T10:05:30+02:00", "2024-05-03T08:05:00+00:00")
    False
    >>> same_minute_and_offset("2024-05-03T10:05:30+02:00", "2024-05-03 10:05:00")
    True
    """
    if not got:
        return False
    try:
        a, b = datetime.fromisoformat(got), datetime.fromisoformat(expected)
    except ValueError:
        return False
    if b.utcoffset() is not None and a.utcoffset() != b.utcoffset():
        return False
    return a.replace(second=0, microsecond=0, tzinfo=None) == b.replace(second=0, microsecond=0, tzinfo=None)


@cache
def _true_language(text: str) -> str:
    import py3langid

    return str(py3langid.classify(text)[0])


def primary_tag(language: str | None) -> str:
    """The primary subtag of a language tag, lower case; ``in`` (the old code) read as ``id``."""
    tag = (language or "").replace("_", "-").split("-")[0].strip().lower()
    return "id" if tag == "in" else tag


def score(cases: list[Case], method: Method, measures: tuple[str, ...] = MEASURES) -> Scores:
    """Score ``method`` on ``cases``, on ``measures`` only (the others stay without cases)."""
    scores = _Only(measures)
    for case in cases:
        fields = method(case)
        expected = case.expected
        if case.kind == "listing":
            scores.add("not_article", fields is None or not fields.article)
            continue
        if case.set_name == "htmldate":
            dated = fields or Fields()
            scores.add("day", (dated.day or dated.published_at or "")[:10] == expected["published_date"])
        got = fields if fields is not None and fields.article else Fields()
        paragraphs = case.paragraphs
        if paragraphs:
            scores.add("body", token_scores(got.body, paragraphs)[2])
            scores.add("language", primary_tag(got.language) == _true_language("\n".join(paragraphs)))
        if expected.get("title"):
            scores.add("title", normalize_text(got.title) == normalize_text(expected["title"]))
        if expected.get("published_at"):
            scores.add("published_at", same_minute_and_offset(got.published_at, expected["published_at"]))
        if "authors" in expected:
            scores.add(
                "authors",
                [a.casefold() for a in got.authors] == [a.casefold() for a in expected["authors"]],
            )
    return scores


class _Only(Scores):
    def __init__(self, measures: tuple[str, ...]) -> None:
        super().__init__()
        self.measures = measures

    def add(self, measure: str, value: float) -> None:
        if measure in self.measures:
            super().add(measure, value)


def newscrawler_method() -> Method:
    """Our generic extraction and cleaning, as ``scrapy extract`` runs them for a URL of no site spider."""
    from scrapy.utils.project import get_project_settings

    from newscrawler.extraction.article import extract_article
    from newscrawler.pipelines.normalize import article_cleaner
    from newscrawler.sites import profile_of

    settings = get_project_settings()
    profile = profile_of(None, settings)
    cleaner = article_cleaner(settings, None)

    def extract(case: Case) -> Fields | None:
        extraction = extract_article(case.html, case.url, profile)
        article, _ = cleaner.clean(extraction.article)
        if not extraction.is_article:
            return Fields(published_at=article.published_at, article=False)
        return Fields(
            title=article.title,
            published_at=article.published_at,
            authors=article.authors,
            body=article.body.split("\n") if article.body else [],
            language=article.language,
        )

    return extract


def trafilatura_method() -> Method:
    """trafilatura alone, as a user would call it (metadata on, no comments, no tables)."""
    import trafilatura

    from newscrawler.extraction.text import split_paragraphs

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)

    def extract(case: Case) -> Fields | None:
        document = trafilatura.bare_extraction(
            case.html,
            url=case.url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": True, "original_date": True},
        )
        if document is None:
            return None
        found = document.as_dict() if hasattr(document, "as_dict") else dict(document)
        authors = [name.strip() for name in (found.get("author") or "").split(";") if name.strip()]
        return Fields(
            title=found.get("title"),
            published_at=found.get("date"),
            authors=authors,
            body=split_paragraphs(found.get("text") or ""),
            language=found.get("language"),
            day=found.get("date"),
        )

    return extract


def htmldate_method() -> Method:
    """htmldate alone: the publication day only (its extensive search, original date)."""
    from htmldate import find_date

    def extract(case: Case) -> Fields | None:
        if case.set_name != "htmldate":
            return Fields()  # scored on DAY_ONLY
        try:
            day = find_date(case.html, url=case.url, original_date=True, extensive_search=True)
        except ValueError:
            day = None
        return Fields(day=day if isinstance(day, str) else None)

    return extract


def rows(results: dict[str, dict[str, Scores]]) -> Iterator[str]:
    """The table of ``make eval``: a row per measure, a column per (half, method)."""
    columns = [(half, method) for half, by_method in results.items() for method in by_method]
    yield f"{'measure':<13}" + "".join(f" {f'{half}: {method}':>24}" for half, method in columns)
    for measure in MEASURES:
        cells = []
        for half, method in columns:
            scores = results[half][method]
            value = scores.value(measure)
            cells.append("-" if value is None else f"{value:.3f} ({scores.counts[measure]})")
        yield f"{measure:<13}" + "".join(f" {cell:>24}" for cell in cells)
