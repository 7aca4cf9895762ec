"""The Article: the one record newscrawler produces, and its JSON Lines form (our contract with users)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

from itemadapter import ItemAdapter

__all__ = ["ARTICLE_FIELDS", "Article", "article_record", "to_json_line"]


@dataclass(slots=True)
class Article:
    """One news article. Dates are ISO 8601 strings with a UTC offset; unknown values are None or []."""

    url: str
    canonical_url: str = ""
    source: str = ""
    title: str = ""
    published_at: str | None = None
    published_at_raw: str | None = None
    modified_at: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    lead: str | None = None
    body: str = ""
    language: str | None = None
    image_url: str | None = None
    pages: int = 1
    word_count: int = 0
    content_hash: str = ""
    simhash: str = ""
    crawled_at: str = ""
    # Not in the JSON Lines record (the contract): which site layout matched the page, and which
    # layer supplied each field. The crawl counts them and the store keeps them.
    layout: str | None = field(default=None, metadata={"contract": False})
    layers: dict[str, str] = field(default_factory=dict, metadata={"contract": False})


#: Field names of the record (the JSON Lines contract), in record order.
ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Article) if f.metadata.get("contract", True))
_DEFAULTS: dict[str, Any] = {
    f.name: (f.default_factory() if callable(f.default_factory) else f.default)
    for f in fields(Article)
    if f.name in ARTICLE_FIELDS and f.name != "url"
}


def article_record(item: Any) -> dict[str, Any]:
    """Build the JSON Lines record of an item: every Article field, in order, defaults filled in.

    Accepts an :class:`Article` or any item itemadapter knows (dict, attrs, ...); keys that are not
    Article fields are left out.
    """
    values = ItemAdapter(item)
    record: dict[str, Any] = {}
    for name in ARTICLE_FIELDS:
        value = values.get(name)
        if value is None:
            default = _DEFAULTS.get(name, "")
            value = list(default) if isinstance(default, list) else default
        elif isinstance(value, tuple | set):
            value = list(value)
        record[name] = value
    return record


def to_json_line(item: Any) -> str:
    """One JSON Lines line (without the newline): UTF-8 text, not ASCII-escaped, stable key order.

    >>> to_json_line(Article(url="https://example.id/a", title="Berita"))[:46]
    '{"url":"https://example.id/a","canonical_url":'
    """
    return json.dumps(article_record(item), ensure_ascii=False, separators=(",", ":"))
