"""Generic body extraction: the main text of a news page without site selectors.

It is the fallback when a site's selectors find no body, and the first reading for unknown sites:
`body.py` checks it against JSON-LD and asks trafilatura only when its signals (`GenericReading`)
say it is unsure. Measured against trafilatura and readability-lxml: `benchmarks/bench_generic.py`.

How it works, in three steps:

1. Blocks. One walk over the tree turns the page into paragraph blocks: the text a block element
   (``p``, ``li``, ``h2``, ``div``, ...) holds directly, split again where ``<br>`` lines break it
   (one ``<br>`` in a ``div`` or ``td``, two in a ``p`` or ``li``: many Indonesian sites write the
   whole article as text runs between ``<br><br>`` in one ``div``). Subtrees that are never article
   text are not entered: scripts, styles, navigation, headers and footers, asides, forms, figures
   and captions, hidden elements, and elements whose class or id names comments, sharing, related
   articles, ads and the like. When that leaves almost nothing (a page inside an unclosed
   ``<header>``, an article in ``<noscript>``), the walk is redone skipping only code and media.
2. Container. Every block of 25+ characters scores the nearest elements above it that hold two or
   more pieces of content (readability's scoring, but wrapper-only levels are not counted, so a
   paragraph wrapped in four ``div`` s still scores its real container). The best container, after
   discounting link text, then grows to an ancestor while what the ancestor adds is paragraph text
   (50+ characters, mostly not links) with little else: articles split by ads, live blogs and
   intro-plus-body layouts come out whole, a page's teaser lists and menus stay out. Elements of
   the best container's tag and class elsewhere on the page that hold paragraph text join it: a
   body split into two ``div class="article-body"`` around a teaser box is kept whole.
3. Paragraphs. Inside the container a block is dropped when most of its text is links (related
   lists, "read also" lines), when it is a short line that is neither a sentence nor a subhead
   (dates, labels, credits, buttons), or when the shared boilerplate rules match it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import parsel

from newscrawler.extraction.text import BoilerplateRules, normalize_text

__all__ = ["GenericReading", "generic_body", "generic_reading"]

# An lxml element (lxml ships no type information; parsel's Selector.root is typed Any as well).
_Element = Any

# Never article text, on any page.
_NON_TEXT_TAGS = frozenset(
    {
        "script", "style", "template", "svg", "math", "head", "title", "meta", "link", "select",
        "option", "textarea", "button", "input", "iframe", "frame", "object", "embed", "video",
        "audio", "canvas", "map", "img", "picture", "h1", "figcaption",
    }
)  # fmt: skip
# Not article text on a well-formed page (a broken one can have its article inside a <header>).
_SKIPPED_TAGS = _NON_TEXT_TAGS | frozenset(
    {"noscript", "nav", "header", "footer", "aside", "menu", "dialog", "form", "label", "figure", "time"}
)
_BLOCK_TAGS = frozenset(
    {
        "html", "body", "main", "article", "section", "div", "p", "h2", "h3", "h4", "h5", "h6",
        "hgroup", "blockquote", "pre", "address", "center", "details", "summary", "fieldset", "hr",
        "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr",
        "td", "th",
    }
)  # fmt: skip
# In these one <br> is a line break inside the paragraph; elsewhere it ends a paragraph.
_PARAGRAPH_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "pre", "li", "dd", "dt", "blockquote"})
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_NEVER_SKIPPED = frozenset({"html", "body", "main", "article"})
_SKIPPED_ROLES = frozenset({"navigation", "complementary", "contentinfo", "banner", "menu", "dialog"})

_UNLIKELY_NAME = re.compile(
    r"comment|komentar|disqus|share|sharing|social|sosmed|related|terkait|recommend|rekomendasi"
    r"|baca-?juga|lihat-?juga|read-?also|read-?more|more-?from|berita-?lain|artikel-?lain"
    r"|popular|populer|trending|sidebar|widget|footer|masthead|header|menu|navbar|breadcrumb"
    r"|caption|credit|byline|author|gallery|newsletter|subscribe|promo|sponsor|advert|banner"
    r"|\bads?\b|-ad-|\bad-|cookie|consent|modal|popup|outbrain|taboola|pagination|pager|toolbar"
    r"|\btags?\b|topics?\b|keyword|sr-only",
    re.IGNORECASE,
)
_LIKELY_NAME = re.compile(r"article|body|content|main", re.IGNORECASE)
_POSITIVE_NAME = re.compile(
    r"article|body|content|entry|hentry|main|page|post|text|blog|story|detail|isi|berita", re.IGNORECASE
)
_NEGATIVE_NAME = re.compile(
    r"comment|meta|footer|footnote|related|share|social|sidebar|widget|promo|sponsor|masthead"
    r"|media|tags?\b|popular|terkait|baca",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_COMMAS = re.compile(r"[,，、،]")
_SENTENCE_END = re.compile(r"[.!?:;…。！？][\"'”’»)\]]*$")

_SCORED_LENGTH = 25  # a block shorter than this does not vote for its container
_PARAGRAPH_LENGTH = 50  # a block this long, mostly not links, is paragraph text
_STRAY_LENGTH = 40  # a block shorter than this that is no sentence nor subhead is dropped
_LINK_HEAVY = 0.5  # a block with more of its text in links than this is dropped
_GROWTH_NOISE = 0.1  # the container grows while it gains at most this much other text per paragraph char
_ENOUGH_TEXT = 200  # with less than this, walk again skipping only code and media


def generic_body(page: parsel.Selector) -> list[str]:
    """Paragraphs of the main article text of an HTML page, in order; [] when none is found.

    >>> html = "<nav><a href='/'>Home</a></nav><div>Jakarta - Hujan turun sejak pagi.<br><br>Surut.</div>"
    >>> generic_body(parsel.Selector(text=html))
    ['Jakarta - Hujan turun sejak pagi.', 'Surut.']
    """
    return generic_reading(page).paragraphs


@dataclass(frozen=True, slots=True)
class GenericReading:
    """The generic extractor's body and what it saw of the rest of the page (its confidence signals).

    ``outside`` counts the characters of paragraph text (50+ characters, mostly not links) that the
    page holds outside the chosen container: a body split over containers, or one the container
    missed, leaves much; a page whose only other text is menus and teasers leaves little.
    """

    paragraphs: list[str]
    outside: int = 0


def generic_reading(page: parsel.Selector) -> GenericReading:
    """Read the main article text of an HTML page with the signals a chooser needs (see `generic_body`)."""
    root = page.root
    if not hasattr(root, "iterancestors"):
        return GenericReading([])
    body = root.find("body") if root.tag == "html" else None
    start = root if body is None else body
    blocks = _Collector(strict=True).collect(start)
    chosen = _main_blocks(blocks)
    if _length(chosen) < _ENOUGH_TEXT:
        # The strict tests can hit a page's only article wrapper: a class "post-header-wrap", a
        # <header> left open around the whole page, the article in <noscript>. Try without them.
        retried_blocks = _Collector(strict=False).collect(start)
        retried = _main_blocks(retried_blocks)
        if _length(retried) >= _ENOUGH_TEXT:
            chosen, blocks = retried, retried_blocks
    kept = {id(block) for block in chosen}
    outside = sum(len(b.text) for b in blocks if id(b) not in kept and _is_paragraph(b))
    rules = BoilerplateRules()
    paragraphs = [block.text for block in chosen if not rules.matches(block.text)]
    return GenericReading(paragraphs, outside)


@dataclass(slots=True)
class _Block:
    """A paragraph's text and the element that holds it directly."""

    element: _Element
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    bold_chars: int = 0
    text: str = ""


@dataclass(frozen=True, slots=True)
class _Context:
    holder: _Element  # the block element whose text this is
    in_link: bool = False
    in_bold: bool = False


class _Collector:
    """Walk a tree once (iteratively: broken pages nest deeply), collecting paragraph blocks."""

    def __init__(self, *, strict: bool) -> None:
        self.strict = strict
        self.blocks: list[_Block] = []
        self._current: _Block | None = None
        self._breaks = 0

    def collect(self, root: _Element) -> list[_Block]:
        # Each entry: (element, its context for its own text, its parent's context for its tail, entering?)
        stack: list[tuple[_Element, _Context, _Context, bool]] = []
        outer = _Context(root)
        stack.append((root, self._context(root, outer), outer, True))
        while stack:
            element, inner, outer, entering = stack.pop()
            if not entering:
                if element.tag in _BLOCK_TAGS:
                    self._flush()
                self._add(element.tail, outer)
                continue
            if element.tag == "br":
                self._breaks += 1
                self._add(element.tail, outer)
                continue
            if element.tag in _BLOCK_TAGS:
                self._flush()
            self._add(element.text, inner)
            stack.append((element, inner, outer, False))
            for child in reversed(element):
                if self._skipped(child):
                    stack.append((_TailOnly(child.tail), inner, inner, False))
                else:
                    stack.append((child, self._context(child, inner), inner, True))
        self._flush()
        return self.blocks

    @staticmethod
    def _context(element: _Element, parent: _Context) -> _Context:
        tag = element.tag
        return _Context(
            element if tag in _BLOCK_TAGS else parent.holder,
            parent.in_link or tag == "a",
            parent.in_bold or tag in ("b", "strong"),
        )

    def _skipped(self, element: _Element) -> bool:
        tag = element.tag
        if not isinstance(tag, str):  # comments and processing instructions
            return True
        if not self.strict:
            return tag in _NON_TEXT_TAGS
        if tag in _SKIPPED_TAGS or element.get("role") in _SKIPPED_ROLES:
            return True
        # No test of the `hidden` attribute: paywalled text and React's streamed parts sit in it.
        style = element.get("style")
        if element.get("aria-hidden") == "true" or (style and _HIDDEN_STYLE.search(style)):
            return True
        if tag in _NEVER_SKIPPED:
            return False
        return _unlikely(f"{element.get('class') or ''} {element.get('id') or ''}")

    def _add(self, text: str | None, context: _Context) -> None:
        if not text:
            return
        holder = context.holder
        if text.strip() and self._breaks:
            needed = 2 if holder.tag in _PARAGRAPH_TAGS else 1
            if self._breaks >= needed:
                self._flush()
            else:
                text = " " + text
            self._breaks = 0
        if self._current is None or self._current.element is not holder:
            self._flush()
            self._current = _Block(holder)
        self._current.parts.append(text)
        if context.in_link:
            self._current.link_chars += len(text.strip())
        if context.in_bold:
            self._current.bold_chars += len(text.strip())

    def _flush(self) -> None:
        block, self._current, self._breaks = self._current, None, 0
        if block is not None:
            block.text = normalize_text("".join(block.parts))
            if block.text:
                self.blocks.append(block)


@lru_cache(maxsize=4096)
def _unlikely(names: str) -> bool:
    """Whether a class-and-id string names what is never article text (pages repeat their classes)."""
    return bool(_UNLIKELY_NAME.search(names)) and not _LIKELY_NAME.search(names)


class _TailOnly:
    """Stands in for a skipped element: only its tail text (which belongs to its parent) is kept."""

    tag = None

    def __init__(self, tail: str | None) -> None:
        self.tail = tail


@dataclass(slots=True)
class _Totals:
    """Characters of block text under an element: all, in links, in paragraphs, and in the rest."""

    text: int = 0
    links: int = 0
    paragraph: int = 0
    other: int = 0


def _main_blocks(blocks: list[_Block]) -> list[_Block]:
    totals = _totals(blocks)
    top = _best_container(blocks, totals)
    if top is None:
        return []
    containers = [_grown(top, totals), *_twins(top, totals)]
    return [
        block
        for block in blocks
        if any(_is_inside(block.element, container) for container in containers)
        and not _is_link_heavy(block)
        and not _is_stray(block)
    ]


def _twins(top: _Element, totals: dict[_Element, _Totals]) -> list[_Element]:
    """Elements of the container's tag and class elsewhere that hold paragraph text, little else.

    A body split around an ad or a teaser box often continues in a second ``div`` of the same
    class ("article-body", "text-block"): the container alone would lose the second half.
    """
    names = top.get("class")
    if not names or not names.strip():
        return []
    twins = []
    for node, entry in totals.items():
        if node is top or node.tag != top.tag or node.get("class") != names:
            continue
        if entry.paragraph < _PARAGRAPH_LENGTH or entry.other > _GROWTH_NOISE * entry.paragraph:
            continue
        if _is_inside(node, top) or _is_inside(top, node):
            continue
        twins.append(node)
    return twins


def _length(blocks: list[_Block]) -> int:
    return sum(len(block.text) for block in blocks)


def _is_link_heavy(block: _Block) -> bool:
    return block.link_chars > _LINK_HEAVY * len(block.text)


def _is_paragraph(block: _Block) -> bool:
    return len(block.text) >= _PARAGRAPH_LENGTH and not _is_link_heavy(block)


def _is_stray(block: _Block) -> bool:
    """Tell a short line that is neither a sentence nor a subhead: a date, label, credit or button."""
    text = block.text
    if len(text) >= _STRAY_LENGTH or _SENTENCE_END.search(text):
        return False
    return not (block.element.tag in _HEADINGS or block.bold_chars >= 0.8 * len(text))


def _is_inside(element: _Element, container: _Element) -> bool:
    return element is container or any(ancestor is container for ancestor in element.iterancestors())


def _totals(blocks: list[_Block]) -> dict[_Element, _Totals]:
    totals: dict[_Element, _Totals] = {}
    for block in blocks:
        length = len(block.text)
        paragraph = _is_paragraph(block)
        heading = block.element.tag in _HEADINGS
        for node in (block.element, *block.element.iterancestors()):
            entry = totals.get(node)
            if entry is None:
                entry = totals[node] = _Totals()
            entry.text += length
            entry.links += block.link_chars
            if paragraph:
                entry.paragraph += length - block.link_chars
                entry.other += block.link_chars
            elif not heading:
                entry.other += length
    return totals


def _best_container(blocks: list[_Block], totals: dict[_Element, _Totals]) -> _Element | None:
    """Find the element that directly holds the most paragraph text, readability-style."""
    branching = _branching(blocks)
    scores: dict[_Element, float] = {}
    for block in blocks:
        length = len(block.text)
        if length < _SCORED_LENGTH:
            continue
        score = 1 + len(_COMMAS.findall(block.text)) + min(length / 100, 3)
        for level, node in enumerate(_containers(block.element, branching, levels=3)):
            if node not in scores:
                scores[node] = _name_weight(node)
            scores[node] += score / (1, 2, 6)[level]
    if not scores:
        return None

    def discounted(node: _Element) -> float:
        entry = totals[node]
        return scores[node] * (1 - min(1.0, entry.links / max(1, entry.text)))

    return max(scores, key=discounted)


def _branching(blocks: list[_Block]) -> set[_Element]:
    """Elements holding two or more pieces of content: blocks of their own or children with blocks."""
    pieces: dict[_Element, set[object]] = {}
    for index, block in enumerate(blocks):
        pieces.setdefault(block.element, set()).add(index)
        child = block.element
        for ancestor in child.iterancestors():
            held = pieces.setdefault(ancestor, set())
            if child in held:
                break
            held.add(child)
            child = ancestor
    return {node for node, held in pieces.items() if len(held) >= 2}


def _containers(element: _Element, branching: set[_Element], levels: int) -> Iterator[_Element]:
    """Yield the first `levels` elements from `element` up that hold more than one piece of content."""
    found = 0
    for node in (element, *element.iterancestors()):
        if node in branching:
            yield node
            found += 1
            if found == levels:
                return


def _name_weight(element: _Element) -> float:
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return 25.0 * (bool(_POSITIVE_NAME.search(names)) - bool(_NEGATIVE_NAME.search(names)))


def _grown(top: _Element, totals: dict[_Element, _Totals]) -> _Element:
    """Climb to the highest ancestor of `top` whose extra text is paragraphs with little else."""
    grown = top
    base = totals[top]
    for ancestor in top.iterancestors():
        entry = totals[ancestor]
        if entry.other - base.other <= _GROWTH_NOISE * (entry.paragraph - base.paragraph):
            grown = ancestor
    return grown
