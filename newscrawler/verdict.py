"""A run's verdict from its stats: ok, empty, broken, failing or blocked, a one-line reason, the figures.

Pure: reads only the crawl's stats (the ``newscrawler/...`` counters the spiders and pipelines keep,
and Scrapy's ``downloader/response_status_count/...``), no Scrapy import.

>>> stats = {"newscrawler/articles/found": 12, "newscrawler/articles/requested": 12,
...          "newscrawler/articles/failed/http_404": 12}
>>> verdict = judge(stats, Thresholds())
>>> verdict.line("kompas")
'kompas: failing: 12 of 12 article pages failed (404: 12)'
>>> verdict.exit_code
5

The checks, in order (the first that applies decides):

0. ``failing``: no article page was fetched and a robots.txt answered 5xx, timed out or could not be
   reached, so its site was not crawled (RFC 9309).
1. ``empty``: no source listed an article and no URL was given (``blocked`` instead when a source
   answered 403/429 or a challenge page); or every page fetched was one a generic spider passes over
   (a section, tag or listing page its sitemaps listed: ``articles/passed_over/<kind>``), which counts
   in no share below; or (after checks 3 and 4) every article fetched was published outside
   ``since``..``until`` (``articles/outside_range``).
2. ``ok`` when nothing was fetched because every listed article is in the store already.
3. ``blocked``: at least ``blocked_share`` of the article pages answered 403/429, a challenge page,
   a page without the markup of an article, another kind of page (home, listing, error: what a
   site answers a crawler it turns away, or what URL rules that take listings for articles fetch),
   or no HTML at all.
4. ``failing``: at least ``failing_share`` of the article pages could not be fetched (404/5xx,
   timeouts, DNS, connection).
5. ``broken``: the site declares layouts, and its selectors gave the title (or the body) of less
   than ``site_share`` of the articles where a layer found it: the fallbacks carry the site.
6. ``ok``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

__all__ = [
    "EXIT_CODES",
    "EXIT_CRASHED",
    "SETTINGS",
    "VERDICTS",
    "Thresholds",
    "Verdict",
    "judge",
    "thresholds_from",
]

#: Every verdict, from best to worst for the exit status.
VERDICTS = ("ok", "empty", "broken", "failing", "blocked")
#: Exit status of ``scrapy crawl`` / ``scrapy crawlall`` per verdict (2 is Scrapy's usage error).
EXIT_CODES: Mapping[str, int] = {"ok": 0, "empty": 3, "broken": 4, "failing": 5, "blocked": 6}
#: Exit status of a crawl that could not start, crashed or was stopped before its end.
EXIT_CRASHED = 1

_PREFIX = "newscrawler/"
_STATUS_PREFIX = "downloader/response_status_count/"
_SOURCE_KINDS = ("sitemap", "feed", "index", "listing")
_FIELDS = ("title", "published_at", "body")
_COVERAGE = ("title", "published_at", "body_50_words", "authors")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Shares at which a run stops being ``ok`` (each from 0 to 1)."""

    #: Blocked article pages (403/429, challenge, no article markup) from which a run is ``blocked``.
    blocked_share: float = 0.5
    #: Failed article pages (404/5xx, timeout, DNS) from which a run is ``failing``.
    failing_share: float = 0.5
    #: Share of titles and of bodies the site's own selectors must give, else ``broken`` (0: never).
    site_share: float = 0.8

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not 0.0 <= value <= 1.0 or (item.name != "site_share" and value == 0.0):
                low = "0" if item.name == "site_share" else "above 0"
                raise ValueError(
                    f"{SETTINGS[item.name]} is {value}: give a share from {low} to 1 (default {item.default})"
                )


#: The setting of each threshold.
SETTINGS: Mapping[str, str] = {
    "blocked_share": "NEWSCRAWLER_VERDICT_BLOCKED_SHARE",
    "failing_share": "NEWSCRAWLER_VERDICT_FAILING_SHARE",
    "site_share": "NEWSCRAWLER_VERDICT_SITE_SHARE",
}


def thresholds_from(settings: Mapping[str, Any]) -> Thresholds:
    """Read the thresholds from settings (``NEWSCRAWLER_VERDICT_*``; absent ones keep their default).

    Raises ``ValueError`` with a one-line message naming the setting and what to give.

    >>> thresholds_from({"NEWSCRAWLER_VERDICT_SITE_SHARE": "0.9"}).site_share
    0.9
    """
    values: dict[str, float] = {}
    for name, setting in SETTINGS.items():
        raw = settings.get(setting)
        if raw is None or raw == "":
            continue
        try:
            values[name] = float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{setting} is {raw!r}: give a share from 0 to 1, e.g. 0.5") from None
    return Thresholds(**values)


@dataclass(frozen=True, slots=True)
class Verdict:
    """A run's verdict: its name (one of VERDICTS), a one-line reason and the figures it rests on."""

    name: str
    reason: str
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """Return the exit status that tells this verdict (0 only for ``ok``)."""
        return EXIT_CODES[self.name]

    def line(self, site: str) -> str:
        """Return the line a person reads: ``kompas: broken: the site's selectors gave ...``."""
        return f"{site}: {self.name}: {self.reason}"


def judge(stats: Mapping[str, Any], thresholds: Thresholds | None = None) -> Verdict:
    """Judge a run from its stats (see the module docstring for the checks and their order)."""
    limits = thresholds or Thresholds()
    counts = _Counts(stats)
    figures = _figures(counts)

    robots = _robots_unreachable(counts)
    if robots is not None and figures["pages"]["fetched"] == 0:
        return Verdict("failing", robots, figures)

    found, requested = counts.one("articles/found"), counts.one("articles/requested")
    if found == 0 and requested == 0:
        return _no_articles_listed(figures)

    pages = figures["pages"]
    failed, blocked = pages["failed"], _blocked_pages(pages)
    http_blocked = sum(n for why, n in pages["blocked"].items() if why.startswith("http_"))
    passed_over = sum(pages["passed_over"].values())
    attempted = pages["fetched"] + sum(failed.values()) + http_blocked - passed_over
    if attempted == 0 and passed_over:
        were = "was no article" if passed_over == 1 else "were no articles"
        listed = f"the {_count(passed_over, 'page')} the sources listed {were}"
        return Verdict("empty", f"{listed} ({_tally(pages['passed_over'])})", figures)
    if attempted == 0:
        skipped = figures["articles"]["skipped"]
        if skipped:
            listed = "listed" if found else "given"
            return Verdict(
                "ok", f"nothing new: {_count(skipped, listed + ' article')} already stored", figures
            )
        return Verdict(
            "failing",
            f"none of {_count(requested, 'article request')} went out "
            "(robots.txt, offsite or a downloader middleware dropped them)",
            figures,
        )

    blocked_total = sum(blocked.values())
    if blocked_total / attempted >= limits.blocked_share:
        told = f"{blocked_total} of {_count(attempted, 'article page')} were blocked ({_tally(blocked)})"
        return Verdict("blocked", told, figures)
    failed_total = sum(failed.values())
    if failed_total / attempted >= limits.failing_share:
        return Verdict(
            "failing",
            f"{failed_total} of {_count(attempted, 'article page')} failed ({_tally(failed)})",
            figures,
        )
    outside = pages["outside_range"]
    if outside and not pages["extracted"]:
        articles = "the article fetched was" if outside == 1 else f"all {outside} articles fetched were"
        return Verdict("empty", f"{articles} published outside since..until", figures)
    broken = _broken(counts, figures, limits.site_share)
    if broken is not None:
        return Verdict("broken", broken, figures)
    return Verdict("ok", _ok_reason(figures, attempted, failed, blocked), figures)


# --- the checks --------------------------------------------------------------------------------------


def _no_articles_listed(figures: dict[str, Any]) -> Verdict:
    """``empty`` (or ``blocked``, when a source was blocked): say what each source did."""
    sources: dict[str, dict[str, Any]] = figures["sources"]
    said = []
    for kind, source in sources.items():
        trouble = {**source["blocked"], **source["failed"]}
        parts = [_times(_label(why), n) for why, n in sorted(trouble.items(), key=lambda kv: -kv[1])]
        if source["unreadable"]:
            parts.append(_times("unreadable", source["unreadable"]))
        read = source["pages"] - source["unreadable"]
        if read:
            parts.append(f"{_count(read, 'page')} read, listing none")
        said.append(f"{kind}: {', '.join(parts)}")
    detail = f" ({'; '.join(said)})" if said else " (no source was read)"
    if any(source["blocked"] for source in sources.values()):
        return Verdict("blocked", f"no source listed an article: the sources were blocked{detail}", figures)
    readable = any(source["pages"] > source["unreadable"] for source in sources.values())
    if sources and not readable:
        return Verdict("empty", f"no source listed an article: every source was unreadable{detail}", figures)
    return Verdict("empty", f"no source listed an article{detail}", figures)


def _robots_unreachable(counts: _Counts) -> str | None:
    """Why robots.txt kept the site out of the run (5xx, timeout, unreachable), or None.

    >>> _robots_unreachable(_Counts({"newscrawler/robots/unavailable/http_503": 1,
    ...                              "newscrawler/robots/refused": 3}))
    'robots.txt answered 503: the site is not crawled this run'
    """
    unreachable = counts.group("robots/unavailable")
    if not unreachable or not counts.one("robots/refused"):
        return None
    told = []
    for why, hosts in sorted(unreachable.items(), key=lambda kv: (-kv[1], kv[0])):
        said = f"answered {why.removeprefix('http_')}" if why.startswith("http_") else _ROBOTS.get(why, why)
        told.append(said if hosts == 1 else f"{said} ({hosts} hosts)")
    return f"robots.txt {', '.join(told)}: the site is not crawled this run"


_ROBOTS = {"timeout": "timed out", "dns": "did not resolve", "connection": "could not be reached"}


def _blocked_pages(pages: Mapping[str, Any]) -> dict[str, int]:
    """Article pages that were blocked by kind: 403/429, challenge, no article markup, not HTML.

    A page that is another kind of page (a home, listing or error page: ``articles/not_article/<kind>``,
    counted in ``no_article`` too) is told by its kind.
    """
    blocked = dict(pages["blocked"])
    others = pages.get("not_article", {})
    unmarked = pages["no_article"] - sum(others.values())
    for kind, count in (("no_article", unmarked), ("not_html", pages["not_html"])):
        if count > 0:
            blocked[kind] = count
    for kind, count in others.items():
        blocked[f"{kind} page instead of an article"] = count
    return blocked


def _broken(counts: _Counts, figures: dict[str, Any], site_share: float) -> str | None:
    """Return why the site is ``broken`` (its selectors give too few titles or bodies), or None."""
    if counts.one("site/layouts") == 0:
        return None
    short: list[tuple[str, int, int]] = []
    carried: dict[str, int] = {}
    matched: dict[str, int] = {}
    for name in ("title", "body"):
        layers: dict[str, int] = figures["layers"].get(name, {})
        site = {layer: n for layer, n in layers.items() if _is_site(layer)}
        fallback = {layer: n for layer, n in layers.items() if not _is_site(layer) and layer != "missing"}
        for layer, n in site.items():
            matched[_layout(layer)] = max(matched.get(_layout(layer), 0), n)
        found = sum(site.values()) + sum(fallback.values())
        if found and sum(site.values()) / found < site_share:
            short.append((name, sum(site.values()), found))
            for layer, n in fallback.items():
                carried[layer] = carried.get(layer, 0) + n
    if not short:
        return None
    gave = " and ".join(
        f"the {name} for {site} of {_count(found, 'article') if index == 0 else found}"
        for index, (name, site, found) in enumerate(short)
    )
    declared = counts.one("site/layouts")
    if matched:
        ranked = sorted(matched.items(), key=lambda kv: -kv[1])
        layouts = ", ".join(f"layout {name} matched {n}" for name, n in ranked)
    else:
        layouts = "no layout matched" if declared == 1 else f"none of its {declared} layouts matched"
    fallbacks = ", ".join(layer for layer, _ in sorted(carried.items(), key=lambda kv: -kv[1]))
    rest = "the rest" if any(site for _, site, _ in short) else "them"
    return f"the site's selectors gave {gave} ({layouts}); fallbacks carried {rest} ({fallbacks})"


def _ok_reason(
    figures: dict[str, Any], attempted: int, failed: dict[str, int], blocked: dict[str, int]
) -> str:
    articles, coverage = figures["articles"], figures["coverage"]
    passed_over = figures["pages"]["passed_over"]
    fetched = _count(figures["pages"]["fetched"] - sum(passed_over.values()), "article page") + " fetched"
    told = [fetched if articles["new"] is None else f"{fetched}: {articles['new']} new"]
    for key, word in (("updated", "updated"), ("duplicate", "duplicates"), ("skipped", "already stored")):
        if articles[key]:
            told.append(f"{articles[key]} {word}")
    reason = ", ".join(told)
    if coverage["articles"]:
        reason += "; " + ", ".join(
            f"{label} {round(100 * coverage[key])}%"
            for key, label in (("title", "title"), ("published_at", "date"), ("body_50_words", "body"))
        )
    if failed:
        reason += f"; {sum(failed.values())} of {attempted} failed ({_tally(failed)})"
    if blocked:
        reason += f"; {sum(blocked.values())} of {attempted} blocked ({_tally(blocked)})"
    if passed_over:
        reason += f"; {_count(sum(passed_over.values()), 'other page')} passed over ({_tally(passed_over)})"
    if outside := figures["pages"]["outside_range"]:
        reason += f"; {outside} published outside since..until"
    return reason


# --- figures -------------------------------------------------------------------------------------------


class _Counts:
    """Integer counters of the stats, by key without the ``newscrawler/`` prefix."""

    def __init__(self, stats: Mapping[str, Any]) -> None:
        self.values: dict[str, int] = {}
        self.statuses: dict[str, int] = {}
        for key, value in stats.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            if key.startswith(_PREFIX):
                self.values[key[len(_PREFIX) :]] = int(value)
            elif key.startswith(_STATUS_PREFIX):
                self.statuses[key[len(_STATUS_PREFIX) :]] = int(value)

    def one(self, key: str) -> int:
        return self.values.get(key, 0)

    def group(self, prefix: str) -> dict[str, int]:
        """Return the counters directly under ``prefix/`` by their last part, e.g. {"http_404": 3}."""
        head = prefix + "/"
        return {
            key[len(head) :]: value
            for key, value in sorted(self.values.items())
            if key.startswith(head) and "/" not in key[len(head) :] and value
        }


def _figures(counts: _Counts) -> dict[str, Any]:
    """Return the run's figures (JSON-ready): pages, articles, coverage, layers, sources, HTTP statuses."""
    covered = counts.one("coverage/articles")
    layers = {name: counts.group(f"field/{name}") for name in _FIELDS}
    return {
        "pages": {
            "found": counts.one("articles/found"),
            "requested": counts.one("articles/requested"),
            "fetched": counts.one("articles/fetched"),
            "failed": counts.group("articles/failed"),
            "blocked": counts.group("articles/blocked"),
            "no_article": counts.one("articles/no_article"),
            "not_article": counts.group("articles/not_article"),
            # Pages of another kind a generic spider's sources listed (a sitemap's sections, tags).
            "passed_over": counts.group("articles/passed_over"),
            "not_html": counts.one("articles/not_html"),
            # Articles whose own date lies outside since..until: fetched, not stored.
            "outside_range": counts.one("articles/outside_range"),
            "extracted": counts.one("articles/extracted"),
        },
        "articles": {
            # None: the run stored nothing (the store is off, as in `scrapy sitecheck`).
            "new": counts.values.get("store/new"),
            "updated": counts.one("dedup/url_updated"),
            "unchanged": counts.one("dedup/url_unchanged"),
            "duplicate": counts.one("dedup/content") + counts.one("dedup/near"),
            "skipped": counts.one("incremental/skipped"),
            "dropped": counts.group("validate/dropped"),
        },
        "coverage": {
            "articles": covered,
            **{key: (counts.one(f"coverage/{key}") / covered if covered else 0.0) for key in _COVERAGE},
        },
        "layouts": counts.one("site/layouts"),
        "layers": {name: found for name, found in layers.items() if found},
        "sources": {
            kind: {
                "pages": counts.one(f"sources/{kind}/pages"),
                "unreadable": counts.one(f"sources/{kind}/unreadable"),
                "failed": counts.group(f"sources/{kind}/failed"),
                "blocked": counts.group(f"sources/{kind}/blocked"),
            }
            for kind in _SOURCE_KINDS
            if any(key.startswith(f"sources/{kind}/") for key in counts.values)
        },
        "http": dict(sorted(counts.statuses.items())),
    }


def _is_site(layer: str) -> bool:
    return layer == "site" or layer.startswith("site:")


def _layout(layer: str) -> str:
    return layer.partition(":")[2] or "?"


_LABELS = {
    "challenge": "challenge page",
    "no_article": "no article markup",
    "not_html": "not HTML",
    "dns": "DNS",
    "robots": "robots.txt unreachable",
}


def _label(why: str) -> str:
    """``http_404`` -> ``404``; ``no_article`` -> ``no article markup``."""
    return why.removeprefix("http_") if why.startswith("http_") else _LABELS.get(why, why)


def _tally(counts: Mapping[str, int]) -> str:
    """``404: 10, timeout: 2``: the commonest first."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{_label(why)}: {n}" for why, n in ranked)


def _count(n: int, thing: str) -> str:
    """``1 article page``, ``12 article pages``."""
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _times(what: str, n: int) -> str:
    return what if n == 1 else f"{what} ×{n}"
