"""The language of a page: a BCP 47 primary tag, as the page declares it, checked against its text.

Pages declare their language in ``<html lang>``, ``og:locale``, a ``content-language`` meta or
JSON-LD ``inLanguage``, and often wrongly: a CMS default (``en`` on an Indonesian page) or an old
code (``in-ID``). The body's words are asked too (py3langid, a naive Bayes model of byte n-grams,
about a millisecond a page on the first 2,000 characters): on a long enough body a confident
reading that differs from the declaration wins, except between languages so close the model
confuses them (Indonesian and Malay, the Scandinavian ones, ...), where the page knows better.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

__all__ = ["identify_language", "page_language", "primary_tag"]

# Old ISO 639 codes still written (Java's Locale made "in" common on Indonesian sites).
_DEPRECATED = {"in": "id", "iw": "he", "ji": "yi", "jw": "jv", "mo": "ro"}
_PRIMARY = re.compile(r"^[a-z]{2,3}$")
#: Shortest body the identifier is asked about, and how much of it it reads.
MIN_CHARACTERS = 200
READ_CHARACTERS = 2000
#: How sure the identifier must be to overrule the page's declaration.
OVERRULE_CONFIDENCE = 0.9
# Languages the model confuses with each other: a declaration among them is not overruled.
_CLOSE = (
    frozenset({"id", "ms"}),
    frozenset({"no", "nb", "nn", "da", "sv"}),
    frozenset({"hr", "sr", "bs", "sl"}),
    frozenset({"cs", "sk"}),
    frozenset({"es", "gl", "ca", "pt"}),
    frozenset({"af", "nl"}),
    frozenset({"zu", "xh"}),
)


def primary_tag(value: str | None) -> str | None:
    """Return the primary language subtag of a tag or locale, lower case; None when it is none.

    >>> [primary_tag(tag) for tag in ("id-ID", "in_ID", "EN-us", "zh-Hant-TW", "id, en", "", "*", "english")]
    ['id', 'id', 'en', 'zh', 'id', None, None, None]
    """
    # A content-language meta can list several ("id, en"): the first is the page's.
    first = (value or "").split(",")[0]
    primary = first.strip().replace("_", "-").split("-")[0].strip().lower()
    primary = _DEPRECATED.get(primary, primary)
    return primary if _PRIMARY.match(primary) else None


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(text: str) -> tuple[str, float] | None:
    """Return the language py3langid reads in ``text`` and how sure it is; None for a short text.

    The probability is the language's and its close kin's (Indonesian's and Malay's together).

    >>> identify_language("Banjir merendam ratusan rumah warga di pesisir utara Jakarta sejak Senin "
    ...     "malam. Ketinggian air di beberapa gang mencapai lima puluh sentimeter, dan warga "
    ...     "mengungsi ke masjid terdekat sambil menunggu air surut.")[0]
    'id'
    """
    text = text.strip()
    if len(text) < MIN_CHARACTERS:
        return None
    ranked = _identifier().rank(text[:READ_CHARACTERS])
    language = str(ranked[0][0])
    # Indonesian text reads 0.8 "id", 0.2 "ms": sure of the group, if not of the member.
    confidence = sum(float(p) for other, p in ranked if other == language or _close(language, str(other)))
    return language, min(confidence, 1.0)


def _close(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _CLOSE)


def page_language(declared: str | None, body: str, site_language: str | None = None) -> str | None:
    """Return the page's language: its declaration checked against its body.

    A site's declared language (a site spider's) is the page's when the page says nothing, and
    the body is not asked then: the site's declaration is the project's own knowledge.

    >>> page_language("in-ID", "")
    'id'
    >>> page_language(None, "", site_language="id")
    'id'
    """
    tag = primary_tag(declared)
    if site_language:
        return tag or primary_tag(site_language)
    found = identify_language(body)
    if found is None:
        return tag
    language, confidence = found
    if tag is None or (language != tag and confidence >= OVERRULE_CONFIDENCE and not _close(language, tag)):
        return language
    return tag
