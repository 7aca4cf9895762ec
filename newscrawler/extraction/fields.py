"""Site field selectors: what a site declares, and how a declaration is read from a page.

A site lists, for each Article field, the selectors that find it; the first selector that yields a
value wins. Each of a site's dated layouts (``newscrawler.extraction.site.Layout``) has its own.
A selector is CSS (parsel's ``::text`` and ``::attr(name)`` included) or XPath when it starts with
``/``, ``./`` or ``(``. A selector that picks elements (no ``::text``/``::attr``) gives their visible text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from parsel import Selector, SelectorList

from newscrawler.extraction.text import normalize_text

__all__ = [
    "FIELD_NAMES",
    "LIST_FIELDS",
    "Selectors",
    "author_names",
    "byline_authors",
    "clean_author",
    "element_paragraphs",
    "matches",
    "select_all",
    "select_paragraphs",
    "select_text",
]

#: The Article fields a page can supply, in the order extraction fills them.
FIELD_NAMES: tuple[str, ...] = (
    "title",
    "published_at",
    "modified_at",
    "authors",
    "section",
    "tags",
    "lead",
    "body",
    "image_url",
    "language",
)
LIST_FIELDS = frozenset({"authors", "tags"})


@dataclass(frozen=True, slots=True)
class Selectors:
    """A site's field selectors (lists: first that yields wins) and body exclusions.

    ``exclude`` removes elements (captions, "Baca juga" boxes, ads) from the body before its text is
    read.
    """

    title: Sequence[str] = ()
    published_at: Sequence[str] = ()
    modified_at: Sequence[str] = ()
    authors: Sequence[str] = ()
    section: Sequence[str] = ()
    tags: Sequence[str] = ()
    lead: Sequence[str] = ()
    body: Sequence[str] = ()
    image_url: Sequence[str] = ()
    language: Sequence[str] = ()
    exclude: Sequence[str] = field(default=())

    def __post_init__(self) -> None:
        for name in (*FIELD_NAMES, "exclude"):
            value = getattr(self, name)
            if isinstance(value, str):
                # A lone string would be read letter by letter: keep the declaration forgiving.
                object.__setattr__(self, name, (value,))

    def for_field(self, name: str) -> Sequence[str]:
        """Return the selectors declared for the field ``name``."""
        value: Sequence[str] = getattr(self, name)
        return value

    def declared(self) -> list[tuple[str, str]]:
        """Return every (field, selector) declared, ``exclude`` included, in declaration order."""
        return [(name, query) for name in (*FIELD_NAMES, "exclude") for query in self.for_field(name)]


# An lxml element; lxml ships no type information.
_Element = Any


def _is_element(root: object) -> bool:
    """Whether a selection's root is an element (not a text or attribute value)."""
    return hasattr(root, "iterchildren")


def matches(page: Selector, query: str) -> bool:
    """Whether a selector finds anything on the page (for checking declarations against pages)."""
    return bool(_query(page, query))


def _query(node: Selector, query: str) -> SelectorList[Selector]:
    if query.startswith(("/", "./", "(")):
        return node.xpath(query)
    return node.css(query)


def _value_text(node: Selector) -> str:
    """Visible text of a selected element, attribute or text node."""
    root = node.root
    if isinstance(root, str):
        return root
    if _is_element(root):
        return " ".join(element_paragraphs(node))
    return str(root)


def select_all(page: Selector, queries: Iterable[str]) -> list[str]:
    """Return all non-empty normalized values of the first query that yields any.

    >>> select_all(Selector("<p>a</p><p>b</p>"), ["h1::text", "p::text"])
    ['a', 'b']
    """
    for query in queries:
        values = [normalize_text(_value_text(node)) for node in _query(page, query)]
        values = [value for value in values if value]
        if values:
            return values
    return []


def select_text(page: Selector, queries: Iterable[str]) -> str | None:
    """Return the first query's values joined with a space, or None when no query yields.

    >>> select_text(Selector("<h1>Judul <b>Besar</b></h1>"), ["h1"])
    'Judul Besar'
    """
    values = select_all(page, queries)
    return " ".join(values) if values else None


def select_paragraphs(page: Selector, queries: Iterable[str], exclude: Sequence[str] = ()) -> list[str]:
    """Return the paragraphs of the first query that yields text, ``exclude`` removed."""
    for query in queries:
        paragraphs: list[str] = []
        for node in _query(page, query):
            if _is_element(node.root):
                paragraphs.extend(element_paragraphs(node, exclude))
            else:
                paragraphs.extend(p for p in normalize_text(str(node.root), keep_newlines=True).split("\n"))
        paragraphs = [p.strip() for p in paragraphs if p.strip()]
        if paragraphs:
            return paragraphs
    return []


# Elements whose start and end break the text into paragraphs.
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
# Elements whose text is never article text.
_SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "video",
        "audio",
        "button",
        "select",
        "textarea",
        "input",
        "figcaption",
        "head",
    ]
)


def element_paragraphs(node: Selector, exclude: Sequence[str] = ()) -> list[str]:
    r"""Return an element's text as paragraphs: block elements and ``<br>`` end a paragraph.

    Scripts, styles, captions and form controls are left out, and so are the elements matching the
    ``exclude`` selectors (inside the node).

    >>> page = Selector("<div>Satu<br><br>Dua <b>tiga</b><p>Empat</p><script>x</script></div>")
    >>> element_paragraphs(page.css("div")[0])
    ['Satu', 'Dua tiga', 'Empat']
    """
    root = node.root
    if not _is_element(root):
        return [t for t in normalize_text(str(root), keep_newlines=True).split("\n") if t.strip()]
    skipped: set[_Element] = set()
    for query in exclude:
        skipped.update(match.root for match in _query(node, query) if _is_element(match.root))
    text = normalize_text("".join(_texts(root, skipped)), keep_newlines=True)
    return [line.strip() for line in text.split("\n") if line.strip()]


def _texts(element: _Element, skipped: set[_Element]) -> Iterator[str]:
    tag = element.tag if isinstance(element.tag, str) else ""
    name = tag.rsplit("}", 1)[-1].lower()
    if element in skipped or name in _SKIP_TAGS or not isinstance(element.tag, str):
        return
    block = name in _BLOCK_TAGS
    if block:
        yield "\n"
    if name == "br":
        yield "\n"
    if element.text:
        yield _collapse(element.text)
    for child in element:
        yield from _texts(child, skipped)
        if child.tail:
            yield _collapse(child.tail)
    if block:
        yield "\n"


_WHITESPACE = re.compile(r"\s+")


def _collapse(text: str) -> str:
    """Source line breaks inside HTML text are spaces; only markup breaks paragraphs."""
    return _WHITESPACE.sub(" ", text)


_AUTHOR_LABEL = re.compile(
    r"^\s*[:\-–—|]*\s*"
    r"(?:(?:penulis|pewarta|reporter|editor|oleh|by|author|written by|wartawan|kontributor)"
    r"\b\s*[:\-–—]?\s*)?",
    re.IGNORECASE,
)


# "Kontributor Lhokseumawe, Masriadi": a correspondent's role and town before the name.
_ROLE_AND_PLACE = re.compile(r"^(?:kontributor|koresponden|wartawan)\s+[^,]{1,40},\s*", re.IGNORECASE)


def clean_author(text: str) -> str:
    """Return an author's name without the label, role or punctuation around it.

    >>> clean_author(": Penulis: Nabilla Tashandra ")
    'Nabilla Tashandra'
    >>> clean_author(": Kontributor Lhokseumawe, Masriadi")
    'Masriadi'
    """
    text = normalize_text(text).strip(" :-–—|,")
    text = _ROLE_AND_PLACE.sub("", text)
    return _AUTHOR_LABEL.sub("", text, count=1).strip(" :-–—|,")


# Bylines list people between these: "A | Editor: B", "A; B", one a line.
_BYLINE_PARTS = re.compile(r"\s*(?:\s\|\s|[;\n•·])\s*")
# "A dan B", "A & B", "A and B", "A und B"...: always a list.
_AND = re.compile(r"\s+(?:and|und|dan|serta|&|et|och|og|ve)\s+", re.IGNORECASE)
# "e" and "y" also join compound surnames ("Ortega y Gasset"), "en" and "i" mean "in" too
# ("corresponsal en Bruselas"): a list only between full names.
_AND_BETWEEN_NAMES = re.compile(r"\s+(?:e|y|en|i)\s+")
_ET_AL = re.compile(r",?\s+et\.?\s+al\.?$", re.IGNORECASE)
# Particles of a family name ("van der Berg, Jan" is one person written last name first).
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "le", "la", "bin", "binti"}
)
_ROLE_WORDS = frozenset(
    {
        "senior",
        "chief",
        "staff",
        "writer",
        "reporter",
        "editor",
        "correspondent",
        "contributor",
        "columnist",
        "journalist",
        "photographer",
        "kontributor",
        "koresponden",
        "wartawan",
        "penulis",
        "pewarta",
        "redaktur",
        "jurnalis",
        "fotografer",
    }
)
_NOT_A_PERSON = re.compile(r"@|^(?:https?:|www\.)|^[\d\W]+$", re.IGNORECASE)
_DATE_IN_BYLINE = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[.:]\d{2}\b")


def _last_name_first(text: str) -> bool:
    """Whether ``text`` reads "Last, First": one family name (particles aside), a comma, given names."""
    family, _, given = text.partition(",")
    family_words = [w for w in family.split() if w.casefold() not in _PARTICLES]
    return len(family_words) == 1 and 1 <= len(given.split()) <= 2


def _split_names(text: str) -> list[str]:
    """Split one byline chunk at conjunctions and commas, not inside "Last, First"."""
    text = _ET_AL.sub("", text)
    parts = _AND.split(text)
    if len(parts) == 1:
        halves = _AND_BETWEEN_NAMES.split(text)
        if len(halves) > 1 and all(len(half.replace(",", " ").split()) >= 2 for half in halves):
            parts = halves
    if len(parts) == 1 and text.count(",") == 1 and _last_name_first(text):
        return [text]
    return [name for part in parts for name in part.split(",")]


def author_names(text: str) -> list[str]:
    """Return the people a byline names, each cleaned as :func:`clean_author` cleans one.

    >>> author_names("Reporter: Andi Saputra | Editor: Rina Kusumawati")
    ['Andi Saputra', 'Rina Kusumawati']
    >>> author_names("Felix Schröder und Jörg Soldwisch, dpa")
    ['Felix Schröder', 'Jörg Soldwisch', 'dpa']
    >>> author_names("Oleh: Dewi Anggraini dan Reza Deni")
    ['Dewi Anggraini', 'Reza Deni']
    >>> author_names("Brazil, Rachel")
    ['Brazil, Rachel']
    """
    names: list[str] = []
    for chunk in _BYLINE_PARTS.split(normalize_text(text)):
        if _DATE_IN_BYLINE.search(chunk):
            continue  # "Senin, 30 Nov 2026 15:02 WIB": its words are no names either
        for part in _split_names(clean_author(chunk)):
            name = clean_author(part)
            words = name.casefold().split()
            if not name or _NOT_A_PERSON.search(name) or all(word in _ROLE_WORDS for word in words):
                continue
            names.append(name)
    return names


def byline_authors(page: Selector, queries: Iterable[str]) -> list[str]:
    """Return the people named by the first query that finds any, in the byline nearest the ``<h1>``.

    Teasers of other articles carry bylines too (``rel=author`` links): of the elements found, the
    ones sharing the innermost container with the headline are the article's.
    """
    headline = page.xpath("(//h1)[1]")
    for query in queries:
        nodes = [node for node in _query(page, query) if _is_element(node.root)]
        if not nodes:
            continue
        if headline and len(nodes) > 1:
            lineages = [set(node.root.iterancestors()) for node in nodes]
            for ancestor in headline[0].root.iterancestors():
                near = [node for node, lineage in zip(nodes, lineages, strict=True) if ancestor in lineage]
                if near:
                    nodes = near
                    break
        names = [name for node in nodes for name in author_names(normalize_text(_value_text(node)))]
        if names:
            return names
    return []
