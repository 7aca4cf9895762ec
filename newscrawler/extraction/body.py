"""The body of a page without site selectors: our generic extractor, JSON-LD and trafilatura, chosen per page.

Our generic extractor (`generic.py`) is cheap (about 1.5x an lxml parse) and on its own as good as
trafilatura, but the two fail on different pages; trafilatura costs about 6x a parse even in its fast
mode. So ours runs first, and trafilatura only when ours is unsure:

1. A JSON-LD ``articleBody`` is a check, not the body: it is one paragraph on most sites, and often
   a teaser (cut with "…", or a fraction of the page's text). When it is whole and agrees with ours
   (each holds 90% of the other's words), ours is kept, for its paragraphs. When it lies inside
   ours, ours' paragraphs that it holds are kept (ours took a neighbour's text too).
2. Ours is unsure when it found little (under 200 characters) or when the page holds much paragraph
   text outside ours' container (20% of ours' length or more): a body split over containers, or the
   wrong container. Then trafilatura reads the already parsed tree, and its reading is taken when it
   holds ours (90% of ours' words) and is longer: a superset means ours lost a part.
3. Raw markup shown as text (``<img src=...>`` from a ``<noscript>``) is taken out of whichever body.

Thresholds, from the tune half of the corpus (102 pages with a true body; `benchmarks.evaluate
--half tune`): with the outside share at 0.2 trafilatura runs on 6 pages and body F1 is 0.961 (ours
alone 0.951, trafilatura alone 0.943, the per-page best of both 0.969); at 0.1 it runs on 16 and
F1 falls to 0.960 (below 0.2, trafilatura's supersets were mostly related-article teasers); at 0.3
F1 is 0.961 on 5 runs. Trafilatura's fast mode (no justext/readability fallbacks) gave the same F1
on the pages it ran on as its default mode, at about two thirds of the time.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import parsel

from newscrawler.extraction.generic import generic_reading
from newscrawler.extraction.text import normalize_text, split_paragraphs, words

__all__ = ["BodyChoice", "choose_body"]

_TRUNCATED = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*[\"'”’»)\]]*\s*$")
_MARKUP = re.compile(
    r"</?(?:img|picture|source|iframe|video|audio|figure|a|div|span|p|br)\b[^<>]*(?:>|$)", re.IGNORECASE
)

_AGREEMENT = 0.9  # share of one body's words the other must hold to agree with (or cover) it
_PARAGRAPH_AGREEMENT = 0.8  # share of a paragraph's words a whole JSON-LD body must hold to keep it
_WHOLE_SHARE = 0.5  # a JSON-LD body shorter than this share of ours is a teaser
_UNSURE_LENGTH = 200  # ours with fewer characters than this is unsure
_UNSURE_OUTSIDE = 0.2  # paragraph text outside ours' container, per character of ours, making it unsure
_LONGER = 1.1  # trafilatura's superset must be this much longer than ours to replace it


@dataclass(frozen=True, slots=True)
class BodyChoice:
    """A page's body paragraphs and where they come from.

    ``source``: ``generic`` (our extractor), ``jsonld`` (the JSON-LD articleBody, or ours' paragraphs
    it confirms) or ``trafilatura``; None with no body. ``ran_trafilatura`` says whether trafilatura
    was asked (it can be asked and not chosen).
    """

    paragraphs: list[str]
    source: str | None
    ran_trafilatura: bool = False


def choose_body(page: parsel.Selector, ld_body: Sequence[str] | None = None) -> BodyChoice:
    """Return the body of ``page``: ours, checked against the JSON-LD ``ld_body``, else trafilatura's."""
    reading = generic_reading(page)
    ours = _without_markup(reading.paragraphs)
    ld = _without_markup(ld_body or [])
    whole_ld = bool(ld) and not _TRUNCATED.search(ld[-1]) and _length(ld) >= _WHOLE_SHARE * _length(ours)
    if whole_ld:
        if not ours:
            return BodyChoice(ld, "jsonld")
        ours_in_ld, ld_in_ours = _share_in(ours, ld), _share_in(ld, ours)
        if ours_in_ld >= _AGREEMENT and ld_in_ours >= _AGREEMENT:
            return BodyChoice(ours, "generic")
        if ld_in_ours >= _AGREEMENT:
            confirmed = _confirmed(ours, ld)
            if _share_in(ld, confirmed) >= _AGREEMENT:
                return BodyChoice(confirmed, "jsonld")
    unsure = _length(ours) < _UNSURE_LENGTH or reading.outside >= _UNSURE_OUTSIDE * _length(ours)
    if not ours or not unsure:
        # Without any body of ours the page is no article (a home or index page): trafilatura
        # would read its teasers as one.
        return BodyChoice(ours or ld, "generic" if ours else ("jsonld" if ld else None))
    theirs = _without_markup(_trafilatura(page))
    holds_ours = _share_in(ours, theirs) >= _AGREEMENT and _length(theirs) > _LONGER * _length(ours)
    if theirs and holds_ours:
        return BodyChoice(theirs, "trafilatura", ran_trafilatura=True)
    return BodyChoice(ours, "generic", ran_trafilatura=True)


def _trafilatura(page: parsel.Selector) -> list[str]:
    """Trafilatura's body of the parsed page (it copies the tree: ours is left as it was)."""
    import trafilatura  # imported when first needed: it takes a while to load

    root = page.root
    if not hasattr(root, "iterancestors"):
        return []
    logging.getLogger("trafilatura").setLevel(logging.ERROR + 1)  # it logs every page it gives up on
    try:
        document = trafilatura.bare_extraction(
            root.getroottree().getroot(), fast=True, include_comments=False, include_tables=False
        )
    except (TypeError, ValueError, RecursionError):  # what it raises on broken or hostile trees
        return []
    text = getattr(document, "text", None)  # a Document (a dict only when asked for one)
    return split_paragraphs(text) if isinstance(text, str) else []


def _without_markup(paragraphs: Sequence[str]) -> list[str]:
    """Take raw HTML tags shown as text out of paragraphs (a <noscript> holding "<img src=...>")."""
    cleaned = (normalize_text(_MARKUP.sub(" ", p)) if "<" in p else p for p in paragraphs)
    return [paragraph for paragraph in cleaned if paragraph]


def _length(paragraphs: Sequence[str]) -> int:
    return sum(len(paragraph) for paragraph in paragraphs)


def _bag(paragraphs: Sequence[str]) -> Counter[str]:
    return Counter(word.casefold() for paragraph in paragraphs for word in words(paragraph))


def _share_in(these: Sequence[str], those: Sequence[str]) -> float:
    """Return the share of the words of ``these`` that ``those`` holds too (bags of case-folded words)."""
    bag = _bag(these)
    total = sum(bag.values())
    return sum((bag & _bag(those)).values()) / total if total else 0.0


def _confirmed(paragraphs: Sequence[str], reference: Sequence[str]) -> list[str]:
    """Keep the paragraphs most of whose words the reference body holds."""
    known = set(_bag(reference))
    kept = []
    for paragraph in paragraphs:
        found = [word.casefold() in known for word in words(paragraph)]
        if found and sum(found) >= _PARAGRAPH_AGREEMENT * len(found):
            kept.append(paragraph)
    return kept
