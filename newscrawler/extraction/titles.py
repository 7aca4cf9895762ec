"""The headline of a page: one title chosen among what the page says it is (pure: no Scrapy).

A page names its headline several times: JSON-LD ``headline``, ``og:title``, ``twitter:title``,
the ``<h1>`` and the ``<title>``. They differ in decorations: a site signature (`` - Kompas.com``,
`` | Reuters``), a section (``Musik - ...``, ``... | Sport``), a kicker (``Topic: ...``). A
decoration goes when the page's other names of the headline lack it, or when it names the site or
the section. Two wholly different wordings are not decided by vote: the first of JSON-LD, meta
tags, ``<h1>``/``<title>`` stays (a newsroom's editorial headline is its JSON-LD one most often).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from parsel import Selector

from newscrawler.extraction.fields import select_all, select_text
from newscrawler.extraction.structured import meta_titles, meta_values
from newscrawler.extraction.text import normalize_text, squash

__all__ = [
    "TitleCandidate",
    "choose_title",
    "names_site",
    "page_sections",
    "strip_site_authors",
    "strip_title_suffix",
    "title_candidates",
]

# A part separator: " - ", " | ", " » "..., or a colon (full-width too) followed by a space.
_SEPARATOR = re.compile(r"\s+[-–—|»·•]\s+|\s*::?\s+|\s*：\s*")
# Separators a signature or a section trails a headline with (a colon rather opens a kicker).
_TAIL_SEPARATOR = re.compile(r"\s+[-–—|»·•]\s+|\s*::\s+|\s*：\s*")
_SEPARATOR_AT_END = re.compile(rf"(?:{_SEPARATOR.pattern})$")
_ELLIPSIS = ("…", "...")


def _site_keys(site_names: Iterable[str]) -> set[str]:
    return {key for key in (squash(name) for name in site_names) if len(key) >= 3}


def names_site(text: str, site_names: Iterable[str]) -> bool:
    """Whether a short text is the site's own name ("Kompas Cyber Media", "detikcom").

    >>> names_site("Kompas.com Regional", ["kompas"]), names_site("Pemimpin Redaksi Kompas", ["kompas"])
    (True, False)
    """
    squashed = squash(text)
    return len(text.split()) <= 5 and any(squashed.startswith(key) for key in _site_keys(site_names))


def _names_any(text: str, names: Iterable[str]) -> bool:
    """Whether a text is one of ``names`` (sections), ignoring case and punctuation."""
    squashed = squash(text)
    return bool(squashed) and squashed in {squash(name) for name in names}


def strip_title_suffix(title: str, site_names: Iterable[str], sections: Iterable[str] = ()) -> str:
    """Remove a `` - Kompas.com``-style signature: a short last (or first) part naming the site.

    A first or last part that is one of ``sections`` (the page's section names) goes too.

    >>> strip_title_suffix("Banjir di Jakarta - Kompas.com Regional", ["kompas"])
    'Banjir di Jakarta'
    >>> strip_title_suffix("KapanLagi.com: Brandon Salim Makin Dekat", ["kapanlagi"])
    'Brandon Salim Makin Dekat'
    >>> strip_title_suffix("Wawancara: Pemimpin Redaksi Kompas", ["kompas"])
    'Wawancara: Pemimpin Redaksi Kompas'
    >>> strip_title_suffix("Musik - Konser Raisa di GBK | Kompas", ["kompas"], ["musik"])
    'Konser Raisa di GBK'
    """
    title = normalize_text(title)
    names = list(site_names)
    sections = list(sections)
    while parts := list(_SEPARATOR.finditer(title)):
        first, last = parts[0], parts[-1]
        head, tail = title[: last.start()].strip(), title[last.end() :]
        if head and (names_site(tail, names) or _names_any(tail, sections)):
            title = head
            continue
        # A leading signature ("KapanLagi.com: ...") is taken off the same way.
        lead, rest = title[: first.start()], title[first.end() :].strip()
        if rest and (names_site(lead, names) or _names_any(lead, sections)):
            title = rest
            continue
        break
    return title


@dataclass(frozen=True, slots=True)
class TitleCandidate:
    """One of the page's names for its headline, and the layer it came from."""

    text: str
    layer: str
    #: Structured data (JSON-LD, meta tags) rather than visible markup.
    structured: bool = True
    #: The page's visible headline (an ``<h1>``).
    shown: bool = False


def _is_headline(text: str) -> bool:
    """Long enough to be a headline, not a logo or a section heading ("News", "Log In")."""
    if not text.isascii():
        return len(text) >= 8
    return len(text.split()) >= 2 and len(text) >= 10


def _without_tail(text: str, core: str) -> bool:
    """Whether ``text`` is ``core`` followed by a short decoration after a signature separator."""
    if not text.startswith(core) or text == core:
        return False
    match = _TAIL_SEPARATOR.match(text, len(core))
    return match is not None and 0 < len(text[match.end() :].split()) <= 6


def _without_head(text: str, core: str) -> bool:
    """Whether ``text`` is a kicker or section, a separator, then ``core``."""
    if not text.endswith(core) or text == core:
        return False
    match = _SEPARATOR_AT_END.search(text[: len(text) - len(core)])
    return match is not None and 0 < len(text[: match.start()].split()) <= 8


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _common_tail(a: str, b: str) -> str | None:
    """Return the headline two candidates share after different kickers ("A: X" and "B - X" -> "X")."""
    for match in _SEPARATOR.finditer(a):
        tail = a[match.end() :]
        if len(tail.split()) < 3 or len(tail) < 20:
            break
        for other in _SEPARATOR.finditer(b):
            heads = _words(a[: match.start()]), _words(b[: other.start()])
            if b[other.end() :] == tail and not heads[0] & heads[1]:
                return tail
    return None


def choose_title(
    candidates: Sequence[TitleCandidate], site_names: Iterable[str], sections: Iterable[str] = ()
) -> TitleCandidate | None:
    """Return the page's headline among ``candidates`` (in preference order), undecorated.

    >>> found = choose_title(
    ...     [TitleCandidate("Musik: Raisa Umumkan Konser", "jsonld"),
    ...      TitleCandidate("Raisa Umumkan Konser", "meta")],
    ...     ["kompas"],
    ... )
    >>> (found.text, found.layer)
    ('Raisa Umumkan Konser', 'meta')
    """
    names, sections = list(site_names), list(sections)
    cleaned = [
        TitleCandidate(text, c.layer, c.structured, c.shown)
        for c in candidates
        if (text := strip_title_suffix(c.text, names, sections))
    ]
    if not cleaned:
        return None
    headlines = [c for c in cleaned if _is_headline(c.text)] or cleaned
    chosen = headlines[0]
    # A truncated JSON-LD headline ("Banjir di ..."): the full one another candidate gives.
    stem = chosen.text.rstrip("".join(_ELLIPSIS)).rstrip()
    for other in headlines:
        cut_word = other.text[len(stem) : len(stem) + 1].isalnum() and stem[-1:].isalnum()
        longer = (
            other.text.startswith(stem) and len(other.text) > len(stem) and not other.text.endswith(_ELLIPSIS)
        )
        if longer and (stem != chosen.text or cut_word):
            chosen = other
            break
    for other in headlines:
        kicker = other.structured and _without_head(chosen.text, other.text)
        if kicker or _without_tail(chosen.text, other.text):
            chosen = other
    # The page's visible headline and its metadata put different kickers over one headline; when
    # the visible one repeats the chosen kicker, the kicker is the headline's own.
    shown = any(c.shown and c.text == chosen.text for c in headlines)
    for other in [] if shown else headlines:
        if other is not chosen and (tail := _common_tail(chosen.text, other.text)):
            chosen = TitleCandidate(tail, chosen.layer, chosen.structured)
            break
    # The same words punctuated differently ("R - K", "R: K", "R: K"): the form most candidates give.
    variants = [c for c in headlines if squash(c.text) == squash(chosen.text)]
    forms = [c.text for c in variants] or [chosen.text]
    best = max(forms, key=lambda form: (forms.count(form), form == chosen.text))
    if best != chosen.text:
        chosen = next(c for c in variants if c.text == best)
    return chosen


def _generic_title(title: str | None, headings: Sequence[str]) -> str | None:
    """Return the longest ``<h1>`` the ``<title>`` repeats (a logo can be an h1 too), else the ``<title>``."""
    if title:
        squashed = squash(title)
        repeated = [heading for heading in headings if squash(heading) and squash(heading) in squashed]
        # The longest: a logo's name is in the <title> too.
        return max(repeated, key=len) if repeated else title
    return headings[0] if headings else None


def title_candidates(
    page: Selector, ld_title: str | None, meta: Mapping[str, list[str]] | None = None
) -> list[TitleCandidate]:
    """Return the page's names for its headline, in preference order: JSON-LD, meta tags, h1/title.

    ``meta``: the page's ``structured.meta_values``, when the caller has read them already.
    """
    found = [TitleCandidate(ld_title, "jsonld")] if ld_title else []
    titles = meta_titles(meta if meta is not None else meta_values(page))
    found.extend(TitleCandidate(text, "meta") for text in titles)
    title = select_text(page, ["(//title)[1]"])
    headings = select_all(page, ["//h1"])
    heading = _generic_title(title, headings)
    if heading:
        found.append(TitleCandidate(heading, "generic", structured=False, shown=heading in headings))
    if title and title != heading:
        found.append(TitleCandidate(title, "generic", structured=False))
    # The first headline-like <h1> the <title> does not repeat: it still votes on decorations.
    for h1 in headings[:3]:
        if _is_headline(h1) and h1 != heading:
            found.append(TitleCandidate(h1, "generic", structured=False, shown=True))
            break
    return found


def strip_site_authors(
    authors: Sequence[str], site_names: Iterable[str], *, keep_sole: bool = True
) -> list[str]:
    """Bylines without the site's signature ("Andi Saputra - detikNews" -> "Andi Saputra").

    The site's own name as an author goes when people are named beside it; alone, it is the
    credit the page gives (an organisation wrote it) and stays, unless ``keep_sole`` is false
    (a site's own selectors read its byline, and the site is no author there).

    >>> strip_site_authors(["Andi Saputra - detikNews", "detikcom"], ["detik"])
    ['Andi Saputra']
    >>> strip_site_authors(["ORF.at"], ["orf"])
    ['ORF.at']
    """
    names = list(site_names)
    stripped = [strip_title_suffix(author, names) for author in authors]
    people = [author for author in stripped if author and not names_site(author, names)]
    return people or ([author for author in stripped if author][:1] if keep_sole else [])


_BREADCRUMBS = (
    "//*[contains(@class, 'breadcrumb') or contains(@id, 'breadcrumb')]//a"
    " | //*[contains(@itemtype, 'BreadcrumbList')]//*[@itemprop='name']"
)


def page_sections(page: Selector, declared: Iterable[object] = ()) -> list[str]:
    """Return the section names of a page: the declared ones, then its breadcrumb's short links.

    >>> crumbs = Selector('<ol class="breadcrumb"><li><a>Home</a></li><li><a>Musik</a></li></ol>')
    >>> page_sections(crumbs, ["Hiburan"])
    ['Hiburan', 'Home', 'Musik']
    """
    names = [normalize_text(str(value)) for value in declared if value]
    # The last crumb can be the headline itself: a section is a few words.
    names.extend(name for name in select_all(page, [_BREADCRUMBS]) if len(name.split()) <= 4)
    return [name for name in names if name]
