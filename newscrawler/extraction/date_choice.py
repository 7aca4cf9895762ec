"""Which of a page's dates is its publication date, when no site selector says (pure: no Scrapy).

Every layer's date is a candidate: JSON-LD ``datePublished``, the meta tags, ``itemprop=datePublished``,
a ``<time>``, the visible date nearest the headline, and last (it is slow and knows only the day)
htmldate. The first candidate in that order wins, corrected by what the others say:

- a date in the URL (``/2024/05/03/``) is evidence against a candidate of another day (against
  all of them, the URL's day itself is the date);
- a day without a time takes the time (and zone) of a candidate of the same day that has one;
- a time without a zone takes the zone of a candidate of the same wall-clock time that has one.

A candidate keeps the offset its own text gives: a ``Z`` time stays UTC even when another layer
writes the same instant on the local clock (structured data is what other tools read too).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from htmldate import find_date
from parsel import Selector

from newscrawler.extraction.dates import ParsedDate, parse_date
from newscrawler.extraction.structured import ARTICLE_TYPES, json_ld_objects
from newscrawler.extraction.text import normalize_text, squash

__all__ = ["DateCandidate", "choose_date", "published_date", "url_day"]


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """A date one layer of the page offers (``jsonld``, ``meta``, ``generic``), parsed."""

    layer: str
    parsed: ParsedDate

    @property
    def text(self) -> str:
        """The date as the page wrote it."""
        return self.parsed.raw


_URL_DATE = re.compile(
    r"(?<![\d])(?P<y>(?:19|20)\d{2})(?P<sep>[/-])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])(?!\d)"
)


def url_day(url: str | None) -> date | None:
    """Return the day a URL's path names (``/2024/05/03/``, ``/2024-05-03-title``), or None.

    >>> url_day("https://example.com/news/2024/05/03/a-story")
    datetime.date(2024, 5, 3)
    >>> url_day("https://example.com/2024/05/story") is None
    True
    """
    if not url:
        return None
    path = url.split("://", 1)[-1].partition("/")[2].split("?", 1)[0]
    match = _URL_DATE.search(path)
    if match is None:
        return None
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def _agrees(candidate: DateCandidate, day: date) -> bool:
    # A UTC time late or early in the day lies on the day before or after the publisher's.
    return abs((candidate.parsed.value.date() - day).days) <= 1


def choose_date(candidates: Sequence[DateCandidate], url: str | None = None) -> DateCandidate | None:
    """Return the publication date among ``candidates`` (best first), corrected by the others.

    >>> day = DateCandidate("jsonld", parse_date("2024-05-03"))
    >>> clock = DateCandidate("generic", parse_date("2024-05-03T10:05:00+02:00"))
    >>> choose_date([day, clock]).text
    '2024-05-03T10:05:00+02:00'
    """
    day = url_day(url)
    if day is not None:
        agreeing = [candidate for candidate in candidates if _agrees(candidate, day)]
        candidates = agreeing or candidates
    if not candidates:
        return None
    first = candidates[0]
    found = first.parsed
    if not found.has_time:
        timed = [c for c in candidates if c.parsed.has_time and c.parsed.value.date() == found.value.date()]
        return next((c for c in timed if c.parsed.has_zone), timed[0] if timed else first)
    if not found.has_zone:
        wall = _wall_minute(found.value)
        zoned = (c for c in candidates if c.parsed.has_zone and c.parsed.has_time)
        return next((c for c in zoned if _wall_minute(c.parsed.value) == wall), first)
    return first


def _wall_minute(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0, tzinfo=None)


def _is_sure(candidate: DateCandidate | None, url: str | None) -> bool:
    if candidate is None or not (candidate.parsed.has_time and candidate.parsed.has_zone):
        return False
    day = url_day(url)
    return day is None or _agrees(candidate, day)


_TEASER_PLACES = frozenset({"a", "aside", "nav", "footer"})
_PUBLISHED_CLASS = re.compile(r"publish|entry-date|posted|created", re.IGNORECASE)
_MODIFIED_CLASS = re.compile(r"updated|modified|edited", re.IGNORECASE)


def _in_teaser(element: Any) -> bool:
    return any(ancestor.tag in _TEASER_PLACES for ancestor in element.iterancestors())


def _time_rank(element: Any) -> int:
    """0: a ``<time>`` marked as the publication's; 1: a plain one; 2: an update's, or a teaser's."""
    marks = element.get("class") or ""
    if _MODIFIED_CLASS.search(marks) or _in_teaser(element):
        return 2
    return 0 if element.get("pubdate") is not None or _PUBLISHED_CLASS.search(marks) else 1


def _markup_dates(page: Selector) -> list[str]:
    """Dates in the markup: ``itemprop=datePublished`` first, then ``<time datetime>`` (three of each).

    A bare ``<time>`` is often a "latest news" widget's, so it comes after the marked one; of the
    ``<time>`` elements, those in a link, an aside, a menu or a footer, or marked as an update, last
    (and so of the marked ones, those in such places: another article's microdata).
    """
    marked: list[tuple[bool, str]] = []
    timed: list[tuple[int, str]] = []
    for element in page.root.xpath("//*[@itemprop='datePublished'] | //time[@datetime]"):
        if element.get("itemprop") == "datePublished":
            value = element.get("datetime") or element.get("content") or element.text_content()
            marked.append((_in_teaser(element), normalize_text(value)))
        elif element.tag == "time":
            timed.append((_time_rank(element), normalize_text(element.get("datetime"))))
    marked.sort(key=lambda entry: entry[0])
    timed.sort(key=lambda entry: entry[0])
    return [value for _, value in marked[:3]] + [value for _, value in timed[:3]]


def published_date(
    page: Selector,
    url: str,
    zone: tzinfo,
    now: datetime,
    structured: Callable[[str], Any],
) -> DateCandidate | None:
    """Return the page's publication date from its layers (``structured(layer)``: that layer's text).

    The cheap candidates come first; the visible text, nested JSON-LD and htmldate are read only
    when those leave the date unsure (no time, no zone, or a day the URL contradicts).
    """
    candidates: list[DateCandidate] = []

    def add(layer: str, texts: Iterable[object]) -> None:
        for text in texts:
            parsed = parse_date(text, zone, now) if isinstance(text, str) else None
            if parsed is not None and all(c.parsed != parsed for c in candidates):
                candidates.append(DateCandidate(layer, parsed))

    # Each step adds candidates after those before it, so once a choice is sure no later one changes it.
    steps: list[list[tuple[str, Callable[[], Iterable[object]]]]] = [
        [("jsonld", lambda: [structured("jsonld")]), ("meta", lambda: [structured("meta")])],
        [("generic", lambda: _markup_dates(page))],
        [
            ("jsonld", lambda: _nested_json_ld_dates(page)),
            ("generic", lambda: [visible_date(page, zone, now)]),
        ],
    ]
    choice = None
    for step in steps:
        for layer, texts in step:
            add(layer, texts())
        choice = choose_date(candidates, url)
        if _is_sure(choice, url):
            return choice
    day = url_day(url)
    if day is not None and (choice is None or not _agrees(choice, day)):
        # The URL's day against every candidate: the day is surer than any of them.
        add("generic", [day.isoformat()])
        choice = choose_date(candidates, url)
    if choice is None:
        add("generic", [htmldate_day(page, url, now)])
        choice = choose_date(candidates, url)
    return choice


def _nested_json_ld_dates(page: Selector) -> list[str]:
    """``datePublished`` of article objects anywhere in JSON-LD (a WebPage's ``mainEntity``, say)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for entry in value:
                walk(entry)
        elif isinstance(value, dict):
            types = value.get("@type")
            names = types if isinstance(types, list) else [types]
            if {str(name).rsplit("/", 1)[-1] for name in names if name} & ARTICLE_TYPES:
                published = value.get("datePublished")
                if isinstance(published, str):
                    found.append(published)
            for entry in value.values():
                if isinstance(entry, dict | list):
                    walk(entry)

    for obj in json_ld_objects(page):
        for entry in obj.values():
            walk(entry)
    return found


_DATE_HINT = re.compile(r"date|time|tanggal|tgl|waktu|publish|posted|schedule|jam", re.IGNORECASE)
# "Updated ..." (or "Zuletzt aktualisiert") before the date: the last change, not the publication.
_UPDATED = re.compile(
    r"^\D*?\b(?:updated?|diperbarui|aktualisiert|mis à jour|actualizado|aggiornato|atualizado|oppdatert"
    r"|uppdaterad|opdateret|bijgewerkt|modified|edited)\b\D*\d",
    re.IGNORECASE,
)
_DATE_TAGS = frozenset({"time", "div", "span", "p", "li", "small", "em"})
# A link is not the headline but a teaser of it (a "most read" box lists the article itself).
_HEADLINE_HINT = (
    "//*[(@itemprop='headline' or contains(@class, 'title') or contains(@class, 'judul')"
    " or contains(@class, 'headline')) and not(.//a) and not(ancestor::a)]"
)


def _text(element: Any) -> str:
    return normalize_text(" ".join(element.xpath(".//text()")))


def _headline(root: Any) -> Any | None:
    """Return the headline: the first ``<h1>``, else an element marked as a title that ``<title>`` holds."""
    found = root.xpath("(//h1)[1]")
    if found:
        return found[0]
    title = squash(" ".join(root.xpath("//title//text()")))
    if not title:
        return None
    for element in root.xpath(_HEADLINE_HINT):
        text = squash(_text(element))
        if len(text) >= 10 and text in title:
            return element
    return None


def visible_date(page: Selector, zone: tzinfo, now: datetime) -> str | None:
    """Return the date text nearest the headline among elements marked as dates (class/id).

    Relative dates ("20 detik yang lalu") are passed over: on an article page they belong to the
    "latest news" widgets, and they mean nothing once the page is saved. A date with its time goes
    before a day alone, and one that says it is an update after both.
    """
    root = page.root
    headline = _headline(root)
    anchor = 0
    found: list[tuple[tuple[bool, bool], int, str]] = []
    # Document order of every element: distances are differences of positions.
    for position, element in enumerate(root.iter()):
        if element is headline:
            anchor = position
        if element.tag not in _DATE_TAGS:
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')} {element.get('itemprop', '')}"
        if element.tag != "time" and not _DATE_HINT.search(marks):
            continue
        text = _text(element)
        if not text or len(text) > 80:
            continue
        parsed = parse_date(text, zone, now)
        if parsed is None or parse_date(text, zone, now - timedelta(days=1)) != parsed:
            continue
        rank = (_UPDATED.match(text) is not None, not parsed.has_time)
        found.append((rank, position, text))
    best = min(found, key=lambda entry: (entry[0], abs(entry[1] - anchor)), default=None)
    return best[2] if best else None


def htmldate_day(page: Selector, url: str, now: datetime) -> str | None:
    """Return the publication day htmldate finds (URL, markup and text heuristics), or None.

    It is given the page's parsed tree (it copies what it prunes), not the HTML to parse again. Its
    extensive search pads a bare year (a link's ``/2024/``) to January 1: such a day is kept only
    when its precise search finds it too.
    """
    found = _find_date(page, url, now, extensive=True)
    if found is None or not found.endswith("-01-01"):
        return found
    return found if _find_date(page, url, now, extensive=False) == found else None


def _find_date(page: Selector, url: str, now: datetime, *, extensive: bool) -> str | None:
    try:
        found = find_date(
            page.root,
            url=url,
            original_date=True,
            extensive_search=extensive,
            max_date=now.strftime("%Y-%m-%d"),
        )
    except (ValueError, TypeError):
        return None
    return found if isinstance(found, str) else None
