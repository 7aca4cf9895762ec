"""One page -> one Article, field by field through the layers (pure: no Scrapy, no I/O).

For each field the first layer that supplies a usable value wins: the site's own selectors, then
JSON-LD, then OpenGraph/meta tags, then the generic fallbacks (``<h1>``, ``<time>``, the generic body
extractor). The result says which layer supplied each field, so a crawl can count it and a site
whose selectors stopped matching shows up at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from urllib.parse import urljoin

from parsel import Selector

from newscrawler.extraction.body import choose_body
from newscrawler.extraction.date_choice import published_date
from newscrawler.extraction.dates import parse_date
from newscrawler.extraction.fields import (
    Selectors,
    author_names,
    byline_authors,
    select_all,
    select_paragraphs,
    select_text,
)
from newscrawler.extraction.language import page_language
from newscrawler.extraction.pagetype import ARTICLE, page_kind
from newscrawler.extraction.site import Layout, SiteProfile
from newscrawler.extraction.structured import (
    FieldValues,
    json_ld_article,
    json_ld_fields,
    meta_fields,
    meta_values,
    split_keywords,
)
from newscrawler.extraction.text import join_paragraphs, normalize_text
from newscrawler.extraction.titles import (
    choose_title,
    page_sections,
    strip_site_authors,
    strip_title_suffix,
    title_candidates,
)
from newscrawler.extraction.urls import same_site, site_label
from newscrawler.items import Article

__all__ = [
    "LAYERS",
    "Extraction",
    "SiteProfile",
    "extract_article",
    "extract_body",
    "match_layout",
    "strip_title_suffix",
]

#: Layer names, in the order they are asked.
LAYERS: tuple[str, ...] = ("site", "jsonld", "meta", "generic")
_DATE_FIELDS = ("published_at", "modified_at")


@dataclass(slots=True)
class Extraction:
    """An extracted (not yet cleaned) Article; it carries the layer of each field and its layout."""

    article: Article
    #: ``article``, or the kind of page that is none (``home``, ``listing``, ``tag``, ``error``, ...).
    page_kind: str = ARTICLE

    @property
    def layers(self) -> dict[str, str]:
        """Return the layer that supplied each field (site, jsonld, meta, generic; a body: trafilatura)."""
        return self.article.layers

    @property
    def layout(self) -> str | None:
        """Return the name of the site layout whose selectors matched the page (None: no layout did)."""
        return self.article.layout

    @property
    def is_article(self) -> bool:
        """Whether the page gave a title and a body, the least an article has, and is no other page."""
        return bool(self.article.title and self.article.body) and self.page_kind == ARTICLE


def extract_article(
    page: Selector | str,
    url: str,
    site: SiteProfile | None = None,
    *,
    now: datetime | None = None,
) -> Extraction:
    """Extract the Article fields of ``page`` (fetched from ``url``) through the layers.

    The site layer is the first of the site's layouts (newest first) whose selectors find a title
    and a body on the page (else the first that finds either). Dates stay text here (cleaning parses
    them), but a date candidate that does not parse in the site's zone is passed over for the next
    layer's.

    >>> html = '<html lang="id"><head><title>Judul - Kompas.com</title></head><body><p>Isi.</p></body></html>'
    >>> result = extract_article(html, "https://www.kompas.com/read/1")
    >>> (result.article.title, result.layers["title"], result.article.language)
    ('Judul', 'generic', 'id')
    """
    site = site or SiteProfile()
    if isinstance(page, str):
        page = Selector(text=page)
    now = now or datetime.now(UTC)
    layout, site_body = match_layout(page, site.layouts)
    zone = site.zone_for(url)
    selectors = layout.selectors if layout else _NO_SELECTORS
    ld = json_ld_article(page)
    structured = _lookup(json_ld_fields(ld) if ld else {})
    metas = meta_values(page)
    meta = meta_fields(page, metas)
    sources: dict[str, Callable[[str], str | list[str] | None]] = {
        "site": lambda name: _site_value(page, selectors, name),
        "jsonld": structured,
        "meta": _lookup(meta),
        "generic": lambda name: _generic_value(page, name, zone, now, url),
    }
    names = _site_names(page, url, site)
    values: dict[str, str | list[str]] = {}
    layers: dict[str, str] = {}
    raw_dates: dict[str, str] = {}
    site_title = sources["site"]("title")
    if site_title:
        values["title"], layers["title"] = strip_title_suffix(str(site_title), names), "site"
    else:
        sections = page_sections(page, (structured("section"), meta.get("section")))
        headline = choose_title(title_candidates(page, _str(structured("title")), metas), names, sections)
        if headline is not None:
            values["title"], layers["title"] = headline.text, headline.layer
    for name in (*_DATE_FIELDS, "authors", "section", "tags", "lead", "image_url", "language"):
        for layer in LAYERS:
            if name == "language" and layer == "generic" and site.language:
                # <html lang> is often a CMS default ("en" on Indonesian pages): the site's declared
                # language is the better guess (a multilingual site declares a selector).
                break
            if name == "published_at" and layer != "site":
                # Past the site's selectors, the page's dates are weighed together.
                chosen = published_date(page, url, zone, now, lambda other: sources[other]("published_at"))
                if chosen is not None:
                    values[name] = raw_dates[name] = chosen.text
                    layers[name] = chosen.layer
                break
            value = sources[layer](name)
            if name == "authors" and isinstance(value, list):
                # "Andi Saputra - detikNews": the site's signature goes, as in titles.
                value = strip_site_authors(value, names, keep_sole=layer != "site")
            if not value:
                continue
            if name in _DATE_FIELDS:
                assert isinstance(value, str)
                raw = value
                if layer == "site" and layout is not None and layout.local_time:
                    value = _LOCAL_TIME_SUFFIX.sub("", value)
                if parse_date(value, zone, now) is None:
                    continue
                raw_dates[name] = raw
            values[name] = value
            layers[name] = layer
            break
    body_layer: str | None
    if site_body:
        body, body_layer = site_body, "site"
    else:
        body, body_layer = extract_body(page, None, ld_body=structured)
    if body_layer:
        layers["body"] = body_layer
    title = str(values.get("title", ""))
    article = Article(
        url=url,
        canonical_url=_canonical(page, url),
        source=site.name,
        title=title,
        published_at=_str(values.get("published_at")),
        published_at_raw=raw_dates.get("published_at"),
        modified_at=_str(values.get("modified_at")),
        authors=_list(values.get("authors")),
        section=_str(values.get("section")),
        tags=_list(values.get("tags")),
        lead=_str(values.get("lead")),
        body=join_paragraphs(body),
        language=page_language(_str(values.get("language")), "\n".join(body), site.language),
        image_url=_absolute(url, _str(values.get("image_url"))),
        layout=layout.name if layout else None,
        layers=layers,
    )
    return Extraction(article, page_kind(page, url, article, declares_article=ld is not None))


_NO_SELECTORS = Selectors()


def match_layout(page: Selector, layouts: Sequence[Layout]) -> tuple[Layout | None, list[str]]:
    """Return the layout that fits the page, and the body paragraphs its selectors found.

    The first layout whose declared title and body selectors both find something wins; failing
    that, the first that finds either; failing that, none.
    """
    partial: tuple[Layout, list[str]] | None = None
    for layout in layouts:
        selectors = layout.selectors
        title = bool(selectors.title) and bool(select_all(page, selectors.title))
        body = select_paragraphs(page, selectors.body, selectors.exclude) if selectors.body else []
        if (title or not selectors.title) and (body or not selectors.body) and (title or body):
            return layout, body
        if partial is None and (title or body):
            partial = (layout, body)
    return partial if partial is not None else (None, [])


def extract_body(
    page: Selector,
    selectors: Selectors | None,
    *,
    ld_body: Callable[[str], str | list[str] | None] | None = None,
) -> tuple[list[str], str | None]:
    """Return the body paragraphs of a page and where they come from (site, jsonld, generic, trafilatura).

    The site's selectors come first; without them (or when they find nothing) the body is chosen
    between our generic extractor, the JSON-LD articleBody and trafilatura (`body.choose_body`).
    """
    if selectors is not None:
        paragraphs = select_paragraphs(page, selectors.body, selectors.exclude)
        if paragraphs:
            return paragraphs, "site"
    value = ld_body("body") if ld_body is not None else None
    choice = choose_body(page, value if isinstance(value, list) else None)
    return choice.paragraphs, choice.source


def _lookup(found: FieldValues) -> Callable[[str], str | list[str] | None]:
    return found.get


def _site_value(page: Selector, selectors: Selectors, name: str) -> str | list[str] | None:
    queries = selectors.for_field(name)
    if not queries:
        return None
    if name == "authors":
        return [a for v in select_all(page, queries) for a in author_names(v)] or None
    if name == "tags":
        return [tag for value in select_all(page, queries) for tag in split_keywords(value)] or None
    return select_text(page, queries)


_LOCAL_TIME_SUFFIX = re.compile(r"\s*(?:Z|[+-]00:?00|UTC|GMT)\s*$", re.IGNORECASE)


# Generic layer: what any HTML page says about itself.
_GENERIC_QUERIES: dict[str, tuple[str, ...]] = {
    "modified_at": ("//*[@itemprop='dateModified']/@datetime", "//*[@itemprop='dateModified']"),
    "authors": (
        "//*[@rel='author']",
        "//*[@itemprop='author']//*[@itemprop='name']",
        "//*[@itemprop='author']",
    ),
    "language": ("/html/@lang", "/html/@xml:lang"),
}


def _generic_value(
    page: Selector, name: str, zone: tzinfo, now: datetime, url: str
) -> str | list[str] | None:
    queries = _GENERIC_QUERIES.get(name)
    if not queries:
        return None
    if name == "authors":
        return byline_authors(page, queries) or None
    if name in _DATE_FIELDS:
        for query in queries:
            for value in select_all(page, [query]):
                if parse_date(value, zone, now) is not None:
                    return value
        return None
    values = select_all(page, queries)
    return values[0] if values else None


def _site_names(page: Selector, url: str, site: SiteProfile) -> list[str]:
    names = [*site.names, site.name, site_label(url)]
    names.extend(page.xpath("//meta[@property='og:site_name']/@content").getall())
    names.extend(page.xpath("//meta[@name='application-name']/@content").getall())
    return names


def _canonical(page: Selector, url: str) -> str:
    """Return the page's own rel=canonical / og:url when it is on the same site, else ``""``."""
    for href in (
        *page.xpath("//link[@rel='canonical']/@href").getall(),
        *page.xpath("//meta[@property='og:url']/@content").getall(),
    ):
        absolute = _absolute(url, normalize_text(href))
        if absolute and same_site(absolute, url):
            return absolute
    return ""


def _absolute(base: str, value: str | None) -> str | None:
    if not value:
        return None
    return urljoin(base, value)


def _str(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[0] if value else None
    return value or None


def _list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
