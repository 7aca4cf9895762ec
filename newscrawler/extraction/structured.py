"""Structured data in a page: JSON-LD (schema.org NewsArticle and kin) and OpenGraph/meta tags.

Both readers return the Article fields they found as ``{field: value}``; a value is a string, or a
list of strings for ``authors``, ``tags`` and ``body`` (paragraphs). Nothing here parses dates: the
date strings are handed on as the page wrote them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from parsel import Selector

from newscrawler.extraction.fields import author_names, element_paragraphs
from newscrawler.extraction.text import normalize_text

__all__ = [
    "ARTICLE_TYPES",
    "json_ld_article",
    "json_ld_fields",
    "json_ld_objects",
    "json_ld_types",
    "meta_fields",
    "meta_titles",
    "meta_values",
    "split_keywords",
]

#: schema.org types whose object describes the article itself.
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "SatiricalArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    }
)

FieldValues = dict[str, str | list[str]]

_TRAILING_COMMA = re.compile(r",\s*([\]}])")
_CONTROL = re.compile(r"[\x00-\x1f]")


def _loads(text: str) -> Any:
    """Parse a JSON-LD block, forgiving what sites often get wrong (raw newlines, trailing commas)."""
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
    try:
        return json.loads(text)
    except ValueError:
        pass
    repaired = _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text))
    try:
        return json.loads(repaired)
    except ValueError:
        return None


def _flatten(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for entry in value:
            yield from _flatten(entry)
    elif isinstance(value, dict):
        yield value
        graph = value.get("@graph")
        if graph is not None:
            yield from _flatten(graph)


def json_ld_objects(page: Selector) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, ``@graph`` members and array entries included.

    >>> page = Selector('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle"}]}</script>')
    >>> [obj.get("@type") for obj in json_ld_objects(page)]
    [None, 'NewsArticle']
    """
    objects: list[dict[str, Any]] = []
    for block in page.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]/text()'):
        objects.extend(_flatten(_loads(block.get())))
    return objects


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1] for v in values if v}


def json_ld_article(page: Selector) -> dict[str, Any] | None:
    """Return the page's article object: of those with an article type, the one saying the most."""
    objects = json_ld_objects(page)
    candidates = [obj for obj in objects if _types(obj) & ARTICLE_TYPES]
    if not candidates:
        return None
    keys = ("headline", "datePublished", "articleBody", "author", "image")
    article = max(candidates, key=lambda obj: sum(1 for key in keys if obj.get(key)))
    if "author" not in article:
        return article
    # Authors given as references to @graph nodes ({"@id": ".../#/schema/person/1"}): the nodes.
    nodes = {str(obj["@id"]): obj for obj in objects if obj.get("@id") and len(obj) > 1}
    return {**article, "author": _resolved(article["author"], nodes)}


def _resolved(value: Any, nodes: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, list):
        return [_resolved(entry, nodes) for entry in value]
    if isinstance(value, dict) and "name" not in value and str(value.get("@id")) in nodes:
        return nodes[str(value["@id"])]
    return value


def json_ld_types(page: Selector) -> set[str]:
    """Every schema.org type the page's JSON-LD objects declare (``NewsArticle``, ``CollectionPage``)."""
    return {name for obj in json_ld_objects(page) for name in _types(obj)}


def _names(value: Any) -> list[str]:
    """People or things as names: a string, ``{"name": ...}``, or a list of those."""
    if isinstance(value, list):
        return [name for entry in value for name in _names(entry)]
    if isinstance(value, dict):
        name = value.get("name")
        if name is None and value.get("familyName"):
            name = f"{value.get('givenName') or ''} {value['familyName']}"
        return _names(name) if name is not None else []
    if isinstance(value, str):
        text = normalize_text(value)
        return [text] if text else []
    return []


def _url(value: Any) -> str | None:
    """Return a URL from a string, ``{"url": ...}``/``{"contentUrl": ...}``, or the first of a list."""
    if isinstance(value, list):
        for entry in value:
            url = _url(entry)
            if url:
                return url
        return None
    if isinstance(value, dict):
        return _url(value.get("url") or value.get("contentUrl") or value.get("@id"))
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def split_keywords(value: Any) -> list[str]:
    """Keywords from a comma-separated string or a list of them.

    >>> split_keywords(["banjir, Jakarta", "cuaca"])
    ['banjir', 'Jakarta', 'cuaca']
    """
    if isinstance(value, str):
        return [k for k in (normalize_text(part) for part in value.split(",")) if k]
    if isinstance(value, list):
        return [k for entry in value for k in split_keywords(entry)]
    return []


def _first_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = normalize_text(str(value))
        return text or None
    return None


def json_ld_fields(obj: dict[str, Any]) -> FieldValues:
    """Article fields of a JSON-LD article object.

    >>> json_ld_fields({"headline": "Judul", "author": [{"name": "Ani"}, "Budi"], "keywords": "a, b"})
    {'title': 'Judul', 'authors': ['Ani', 'Budi'], 'tags': ['a', 'b']}
    """
    found: FieldValues = {}

    def put(name: str, value: str | list[str] | None) -> None:
        if value:
            found[name] = value

    put("title", _first_text(obj.get("headline")) or _first_text(obj.get("name")))
    put("published_at", _first_text(obj.get("datePublished")) or _first_text(obj.get("dateCreated")))
    put("modified_at", _first_text(obj.get("dateModified")))
    put("authors", [person for name in _names(obj.get("author")) for person in author_names(name)])
    put("section", _first_text(obj.get("articleSection")))
    put("tags", split_keywords(obj.get("keywords")))
    put("lead", _first_text(obj.get("description")))
    body = obj.get("articleBody")
    if isinstance(body, str):
        paragraphs = _body_paragraphs(body)
        put("body", paragraphs)
    put("image_url", _url(obj.get("image")) or _url(obj.get("thumbnailUrl")))
    put("language", _first_text(obj.get("inLanguage")))
    return found


def _body_paragraphs(body: str) -> list[str]:
    if "<" in body and ">" in body:
        # Line breaks in the text are paragraph breaks here, as much as the markup's.
        markup = body.replace("\n", "<br>")
        return element_paragraphs(Selector(f"<div>{markup}</div>").css("div")[0])
    text = normalize_text(body, keep_newlines=True)
    return [line.strip() for line in text.split("\n") if line.strip()]


# (field, [meta keys]) in preference order; keys are matched on property/name/itemprop, case-folded.
_META_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("title", ("og:title", "twitter:title", "dc.title", "title", "headline")),
    (
        "published_at",
        (
            "article:published_time",
            "datepublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "content_publisheddate",
            "dc.date.issued",
            "dc.date",
            "dcterms.created",
            "date",
            "og:published_time",
            "sailthru.date",
            "parsely-pub-date",
            "article.published",
            "datecreated",
        ),
    ),
    ("modified_at", ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")),
    (
        "authors",
        (
            "author",
            "article:author",
            "dc.creator",
            "citation_author",
            "parsely-author",
            "sailthru.author",
            "byl",
        ),
    ),
    ("section", ("article:section", "content_category", "parsely-section", "section")),
    ("tags", ("article:tag", "news_keywords", "keywords", "parsely-tags")),
    ("lead", ("og:description", "description", "twitter:description", "dc.description")),
    ("image_url", ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")),
    ("language", ("og:locale", "content-language", "language", "dc.language")),
)
_TITLE_KEYS = dict(_META_KEYS)["title"]
# Library metadata writes people "Last, First" (Dublin Core, Google Scholar's citation_author).
_LAST_NAME_FIRST = frozenset({"dc.creator", "citation_author"})
_NOT_A_NAME = re.compile(r"^(?:https?:|www\.)|@|\.(?:com|id|net|org)\b", re.IGNORECASE)


def _first_name_first(name: str) -> str:
    """Return "Brazil, Rachel" as "Rachel Brazil" (a name without one comma is left as it is)."""
    family, comma, given = name.partition(",")
    if not comma or "," in given or not given.strip():
        return name
    return f"{given.strip()} {family.strip()}"


def meta_values(page: Selector) -> dict[str, list[str]]:
    """Every ``<meta>`` content of the page by its key (property, name, itemprop, http-equiv; lower case)."""
    values: dict[str, list[str]] = {}
    for meta in page.xpath("//meta[@content]"):
        content = normalize_text(meta.attrib.get("content"))
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = meta.attrib.get(attribute)
            if key:
                values.setdefault(key.strip().casefold(), []).append(content)
    return values


def meta_titles(values: Mapping[str, list[str]]) -> list[str]:
    """Every ``<meta>`` name of the headline in ``meta_values``, one per key, in ``meta_fields``' order.

    >>> page = Selector('<meta name="twitter:title" content="B"><meta property="og:title" content="A">')
    >>> meta_titles(meta_values(page))
    ['A', 'B']
    """
    return [values[key][0] for key in _TITLE_KEYS if key in values]


def meta_fields(page: Selector, values: Mapping[str, list[str]] | None = None) -> FieldValues:
    """Article fields from the page's ``<meta>`` tags (OpenGraph, Twitter, Dublin Core, plain).

    >>> page = Selector('<meta property="og:title" content="Judul"><meta name="keywords" content="a,b">')
    >>> meta_fields(page)
    {'title': 'Judul', 'tags': ['a', 'b']}
    """
    if values is None:
        values = meta_values(page)
    found: FieldValues = {}
    for name, keys in _META_KEYS:
        for key in keys:
            candidates = values.get(key)
            if not candidates:
                continue
            if name == "authors":
                # article:author is often a profile URL, not a name.
                names = [_first_name_first(v) if key in _LAST_NAME_FIRST else v for v in candidates]
                authors = [a for v in names if not _NOT_A_NAME.search(v) for a in author_names(v)]
                if authors:
                    found[name] = authors
                    break
            elif name == "tags":
                found[name] = [t for v in candidates for t in split_keywords(v)]
                break
            else:
                found[name] = candidates[0]
                break
    return found
