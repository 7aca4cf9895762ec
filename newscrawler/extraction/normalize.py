"""Turn an extracted Article into its clean, contract form (pure: no Scrapy, no I/O)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from newscrawler.extraction.dates import DEFAULT_MAX_SKEW, WIB, format_iso, parse_date
from newscrawler.extraction.fingerprint import content_hash, simhash
from newscrawler.extraction.language import primary_tag
from newscrawler.extraction.site import SiteProfile, zone_of
from newscrawler.extraction.text import (
    BoilerplateRules,
    CleanedBody,
    clean_paragraphs,
    normalize_text,
    word_count,
)
from newscrawler.extraction.urls import GENERIC_RULES, UrlRules, canonicalize_url
from newscrawler.items import Article

__all__ = ["ArticleCleaner", "CleanReport"]


@dataclass(slots=True)
class CleanReport:
    """What cleaning one article removed or could not read, for the crawl's stats."""

    body: CleanedBody
    unparsed_dates: list[str] = field(default_factory=list)


class ArticleCleaner:
    r"""Cleans Articles for one site: its time zone and its boilerplate rules.

    A date written without a zone takes ``zone``. When the zone is declared (a site spider's), a
    ``Z``/``+00:00`` date is shown as the same instant on the site's clock; when it is not (a site
    without a spider), every date keeps the offset the page gave.

    >>> cleaner = ArticleCleaner(source="sindonews")
    >>> article, _ = cleaner.clean(Article(url="https://x.id/a", title=" Judul ", body="Satu.\nSatu."))
    >>> (article.title, article.body, article.source)
    ('Judul', 'Satu.', 'sindonews')
    """

    def __init__(
        self,
        *,
        source: str = "",
        zone: tzinfo = WIB,
        rules: BoilerplateRules | None = None,
        max_skew: timedelta = DEFAULT_MAX_SKEW,
        url_rules: UrlRules = GENERIC_RULES,
        host_zones: Mapping[str, tzinfo] | None = None,
        zone_declared: bool = True,
    ) -> None:
        self.source = source
        self.zone = zone
        #: Zones of hosts that are elsewhere than ``zone`` (a site's regional editions).
        self.host_zones: Mapping[str, tzinfo] = dict(host_zones or {})
        self.rules = rules or BoilerplateRules()
        self.max_skew = max_skew
        self.url_rules = url_rules
        self.zone_declared = zone_declared

    @classmethod
    def for_site(
        cls,
        site: SiteProfile,
        *,
        boilerplate: Iterable[str] = (),
        max_skew: timedelta = DEFAULT_MAX_SKEW,
        url_rules: UrlRules = GENERIC_RULES,
    ) -> ArticleCleaner:
        """Return the cleaner of one site: its zone and boilerplate, plus rules for every site."""
        return cls(
            source=site.name,
            zone=site.zone,
            rules=BoilerplateRules([*boilerplate, *site.boilerplate]),
            max_skew=max_skew,
            url_rules=url_rules,
            host_zones=site.host_zones,
            zone_declared=site.zone_declared,
        )

    def clean(self, article: Article, now: datetime | None = None) -> tuple[Article, CleanReport]:
        """Return the clean copy of ``article`` and a report; the input is left as it was."""
        now = now or datetime.now(UTC)
        cleaned = clean_paragraphs([article.body], self.rules)
        report = CleanReport(cleaned)
        body = cleaned.text
        published_raw = _text_or_none(article.published_at_raw) or _text_or_none(article.published_at)
        zone = zone_of(article.url, self.zone, self.host_zones)
        published = self._date(article.published_at, now, zone) or self._date(
            article.published_at_raw, now, zone
        )
        if published is None and published_raw:
            report.unparsed_dates.append("published_at")
        modified = self._date(article.modified_at, now, zone)
        if modified is None and article.modified_at:
            report.unparsed_dates.append("modified_at")
        clean = dataclasses.replace(
            article,
            url=(article.url or "").strip(),
            canonical_url=_canonical(article.url, article.canonical_url, self.url_rules),
            source=article.source or self.source,
            title=normalize_text(article.title),
            published_at=published,
            published_at_raw=published_raw,
            modified_at=modified,
            authors=_unique_texts(article.authors),
            section=_text_or_none(article.section),
            tags=_unique_texts(article.tags),
            lead=_text_or_none(article.lead),
            body=body,
            # The primary tag only ("in-ID", "id-ID" and "id" side by side would split one language).
            language=primary_tag(article.language),
            image_url=_web_url_or_none(article.image_url),
            pages=max(1, article.pages or 1),
            word_count=word_count(body),
            content_hash=content_hash(body),
            simhash=simhash(body),
            crawled_at=article.crawled_at or format_iso(now.astimezone(UTC)),
        )
        return clean, report

    def _date(self, value: str | None, now: datetime, zone: tzinfo) -> str | None:
        if not value:
            return None
        parsed = parse_date(value, zone, now, max_skew=self.max_skew)
        if parsed is None:
            return None
        if self.zone_declared and parsed.value.utcoffset() == timedelta(0):
            # UTC is how machines write dates, not where the site is: show the site's clock.
            return format_iso(parsed.value.astimezone(zone))
        return parsed.iso


def _canonical(url: str | None, page_canonical: str | None, rules: UrlRules) -> str:
    """Return the identity key: the canonical form of the page's own canonical URL, or of its URL."""
    url = (url or "").strip()
    try:
        return canonicalize_url(url, (page_canonical or "").strip() or None, rules=rules)
    except ValueError:
        return url


def _web_url_or_none(value: str | None) -> str | None:
    """Return an http(s) URL, or None: a ``javascript:`` or ``data:`` image is no address to keep."""
    text = _text_or_none(value)
    return text if text and text.lower().startswith(("http://", "https://")) else None


def _text_or_none(value: str | None) -> str | None:
    if not value:
        return None
    return normalize_text(value) or None


def _unique_texts(values: Iterable[str] | None) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for value in values or ():
        text = normalize_text(value)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    return kept
