"""The verdict table: every verdict, the boundaries of each threshold, the reason a person reads."""

from __future__ import annotations

from typing import Any

import pytest

from newscrawler.verdict import EXIT_CODES, Thresholds, judge, thresholds_from


def stats(**counts: int) -> dict[str, Any]:
    """Stats as a crawl keeps them: ``a__b=1`` is ``newscrawler/a/b: 1``."""
    return {"newscrawler/" + key.replace("__", "/"): value for key, value in counts.items()}


def site_articles(
    n: int, *, title: str = "site:2023", body: str = "site:2023", **more: int
) -> dict[str, Any]:
    """A run that listed, fetched and extracted ``n`` articles, title and body from the given layers."""
    values = stats(
        site__layouts=2,
        articles__found=n,
        articles__requested=n,
        articles__fetched=n,
        articles__extracted=n,
        store__new=n,
        **more,
    )
    values[f"newscrawler/field/title/{title}"] = n
    values[f"newscrawler/field/body/{body}"] = n
    return values


def merged(*parts: dict[str, Any]) -> dict[str, Any]:
    total: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            total[key] = total.get(key, 0) + value
    return total


CASES: list[tuple[str, dict[str, Any], str, str]] = [
    # --- ok --------------------------------------------------------------------------------------
    ("all from the site's layouts", site_articles(12), "ok", "12 article pages fetched: 12 new"),
    (
        "nothing new: every listed article is stored",
        stats(articles__found=12, incremental__skipped=12, sources__sitemap__pages=1),
        "ok",
        "nothing new: 12 listed articles already stored",
    ),
    ("one article: one page, not pages", site_articles(1), "ok", "1 article page fetched: 1 new"),
    (
        "nothing new: the one listed article is stored",
        stats(articles__found=1, incremental__skipped=1),
        "ok",
        "nothing new: 1 listed article already stored",
    ),
    (
        "nothing new: the given URLs are stored",
        stats(articles__requested=3, incremental__skipped=3),
        "ok",
        "nothing new: 3 given articles already stored",
    ),
    (
        "a few failures stay below the failing share",
        merged(
            site_articles(7), stats(articles__found=5, articles__requested=5, articles__failed__http_404=5)
        ),
        "ok",
        "7 article pages fetched: 7 new; 5 of 12 failed (404: 5)",
    ),
    (
        "a few blocked pages stay below the blocked share",
        merged(
            site_articles(7), stats(articles__found=5, articles__requested=5, articles__blocked__http_429=5)
        ),
        "ok",
        "5 of 12 blocked (429: 5)",
    ),
    (
        "the site's selectors give exactly the site share (8 of 10)",
        merged(
            site_articles(8),
            stats(
                articles__found=2,
                articles__requested=2,
                articles__fetched=2,
                field__title__jsonld=2,
                field__body__generic=2,
            ),
        ),
        "ok",
        "10 article pages fetched: 8 new",
    ),
    (
        "no layouts declared (the generic spider): fallbacks are all there is",
        {
            **site_articles(5, title="jsonld", body="generic"),
            "newscrawler/site/layouts": 0,
        },
        "ok",
        "5 article pages fetched",
    ),
    # --- empty -----------------------------------------------------------------------------------
    (
        "sitemap and index answer 404",
        stats(sources__sitemap__failed__http_404=1, sources__index__failed__http_404=1),
        "empty",
        "no source listed an article: every source was unreadable (sitemap: 404; index: 404)",
    ),
    (
        "the sitemap is read but lists nothing",
        stats(sources__sitemap__pages=1),
        "empty",
        "no source listed an article (sitemap: 1 page read, listing none)",
    ),
    (
        "the feed is not a feed, twice",
        stats(sources__feed__pages=2, sources__feed__unreadable=2),
        "empty",
        "every source was unreadable (feed: unreadable ×2)",
    ),
    ("no source read at all", stats(), "empty", "no source listed an article (no source was read)"),
    # --- blocked ---------------------------------------------------------------------------------
    (
        "every article answers 403",
        stats(articles__found=12, articles__requested=12, articles__blocked__http_403=12),
        "blocked",
        "12 of 12 article pages were blocked (403: 12)",
    ),
    (
        "exactly the blocked share (6 of 12), challenge pages among them",
        merged(
            site_articles(6),
            stats(
                articles__found=6,
                articles__requested=6,
                articles__fetched=4,
                articles__blocked__challenge=4,
                articles__blocked__http_429=2,
            ),
        ),
        "blocked",
        "6 of 12 article pages were blocked (challenge page: 4, 429: 2)",
    ),
    (
        "200 pages without article markup count as blocked",
        merged(site_articles(4), stats(articles__fetched=8, articles__no_article=6, articles__not_html=2)),
        "blocked",
        "8 of 12 article pages were blocked (no article markup: 6, not HTML: 2)",
    ),
    (
        "pages that are no article (home, listing) are told by their kind, and a run of them is not ok",
        stats(
            articles__found=6,
            articles__requested=6,
            articles__fetched=6,
            articles__no_article=6,
            articles__not_article__listing=4,
            articles__not_article__home=2,
        ),
        "blocked",
        "6 of 6 article pages were blocked (listing page instead of an article: 4, "
        "home page instead of an article: 2)",
    ),
    (
        "pages without article markup and tag pages side by side",
        merged(
            site_articles(4), stats(articles__fetched=5, articles__no_article=5, articles__not_article__tag=2)
        ),
        "blocked",
        "5 of 9 article pages were blocked (no article markup: 3, tag page instead of an article: 2)",
    ),
    (
        "a generic spider's passed-over pages (a sitemap's sections) are no block and no failure",
        merged(
            site_articles(3),
            stats(articles__fetched=5, articles__passed_over__section=4, articles__passed_over__tag=1),
        ),
        "ok",
        "3 article pages fetched: 3 new; 5 other pages passed over (section: 4, tag: 1)",
    ),
    (
        "every page a generic spider fetched was passed over: empty",
        stats(
            articles__found=3, articles__requested=3, articles__fetched=3, articles__passed_over__listing=3
        ),
        "empty",
        "the 3 pages the sources listed were no articles (listing: 3)",
    ),
    (
        "the sources answer 403: blocked, not empty",
        stats(sources__sitemap__blocked__http_403=1, sources__index__failed__http_404=1),
        "blocked",
        "no source listed an article: the sources were blocked (sitemap: 403; index: 404)",
    ),
    (
        "blocked is judged before failing",
        stats(
            articles__found=12,
            articles__requested=12,
            articles__blocked__http_403=6,
            articles__failed__http_500=6,
        ),
        "blocked",
        "6 of 12",
    ),
    # --- failing ---------------------------------------------------------------------------------
    (
        "every article answers 404",
        stats(articles__found=12, articles__requested=12, articles__failed__http_404=12),
        "failing",
        "12 of 12 article pages failed (404: 12)",
    ),
    (
        "exactly the failing share, the commonest failure first",
        merged(
            site_articles(6),
            stats(
                articles__found=6,
                articles__requested=6,
                articles__failed__timeout=4,
                articles__failed__dns=1,
                articles__failed__http_503=1,
            ),
        ),
        "failing",
        "6 of 12 article pages failed (timeout: 4, DNS: 1, 503: 1)",
    ),
    (
        "requests that never went out",
        stats(articles__found=3, articles__requested=3),
        "failing",
        "none of 3 article requests went out",
    ),
    # --- broken ----------------------------------------------------------------------------------
    (
        "another site's layout: fallbacks carry title and body",
        site_articles(12, title="jsonld", body="generic"),
        "broken",
        "the site's selectors gave the title for 0 of 12 articles and the body for 0 of 12 "
        "(none of its 2 layouts matched); fallbacks carried them (jsonld, generic)",
    ),
    (
        "just below the site share (7 of 10 titles)",
        merged(
            site_articles(7),
            stats(
                articles__found=3,
                articles__requested=3,
                articles__fetched=3,
                field__title__meta=3,
            ),
            {"newscrawler/field/body/site:2016": 3},
        ),
        "broken",
        "the site's selectors gave the title for 7 of 10 articles "
        "(layout 2023 matched 7, layout 2016 matched 3); fallbacks carried the rest (meta)",
    ),
    (
        "pages without any title do not count against the site's selectors",
        merged(site_articles(10), stats(field__title__missing=5, field__body__missing=5)),
        "ok",
        "10 article pages fetched",
    ),
]


@pytest.mark.parametrize(("case", "values", "name", "reason"), CASES, ids=[c[0] for c in CASES])
def test_verdict_table(case: str, values: dict[str, Any], name: str, reason: str) -> None:
    verdict = judge(values, Thresholds())
    assert verdict.name == name, verdict.reason
    assert reason in verdict.reason
    assert verdict.exit_code == EXIT_CODES[name]
    assert "\n" not in verdict.line("kompas")


def test_the_line_a_person_reads() -> None:
    verdict = judge(site_articles(12, title="jsonld"), Thresholds())
    assert verdict.line("kompas") == (
        "kompas: broken: the site's selectors gave the title for 0 of 12 articles "
        "(layout 2023 matched 12); fallbacks carried them (jsonld)"
    )


def test_exit_codes_tell_each_verdict_apart_and_zero_is_only_ok() -> None:
    assert EXIT_CODES == {"ok": 0, "empty": 3, "broken": 4, "failing": 5, "blocked": 6}


def test_thresholds_move_the_boundaries() -> None:
    half_failed = merged(
        site_articles(6), stats(articles__found=6, articles__requested=6, articles__failed__http_404=6)
    )
    assert judge(half_failed, Thresholds(failing_share=0.5)).name == "failing"
    assert judge(half_failed, Thresholds(failing_share=0.51)).name == "ok"
    fallbacks = site_articles(4, title="jsonld", body="generic")
    assert judge(fallbacks, Thresholds(site_share=0.0)).name == "ok", "0 turns the broken check off"
    half_blocked = merged(site_articles(6), stats(articles__fetched=6, articles__no_article=6))
    assert judge(half_blocked, Thresholds(blocked_share=1.0)).name == "ok"
    assert judge(half_blocked, Thresholds(blocked_share=0.5)).name == "blocked"


def test_figures_hold_what_the_issue_asks_for() -> None:
    values = merged(
        site_articles(10),
        stats(
            store__new=-2,
            dedup__url_updated=1,
            dedup__content=1,
            dedup__near=1,
            incremental__skipped=4,
            coverage__articles=10,
            coverage__title=10,
            coverage__published_at=9,
            coverage__body_50_words=8,
            coverage__authors=5,
            sources__sitemap__pages=1,
            articles__failed__http_404=1,
        ),
        {"downloader/response_status_count/200": 11, "downloader/response_status_count/404": 1},
        {"finish_reason": 0, "start_time": 0},
    )
    figures = judge(values).figures
    assert figures["pages"]["fetched"] == 10
    assert figures["pages"]["failed"] == {"http_404": 1}
    assert figures["articles"] == {
        "new": 8,
        "updated": 1,
        "unchanged": 0,
        "duplicate": 2,
        "skipped": 4,
        "dropped": {},
    }
    assert figures["coverage"] == {
        "articles": 10,
        "title": 1.0,
        "published_at": 0.9,
        "body_50_words": 0.8,
        "authors": 0.5,
    }
    assert figures["layers"] == {"title": {"site:2023": 10}, "body": {"site:2023": 10}}
    assert figures["http"] == {"200": 11, "404": 1}
    assert figures["sources"] == {"sitemap": {"pages": 1, "unreadable": 0, "failed": {}, "blocked": {}}}
    reason = judge(values).reason
    assert reason.startswith("10 article pages fetched: 8 new, 1 updated, 2 duplicates, 4 already stored")
    assert "title 100%, date 90%, body 80%" in reason


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"NEWSCRAWLER_VERDICT_BLOCKED_SHARE": "0"},
            "NEWSCRAWLER_VERDICT_BLOCKED_SHARE is 0.0: give a share",
        ),
        (
            {"NEWSCRAWLER_VERDICT_FAILING_SHARE": 1.5},
            "NEWSCRAWLER_VERDICT_FAILING_SHARE is 1.5: give a share",
        ),
        ({"NEWSCRAWLER_VERDICT_SITE_SHARE": "-0.1"}, "NEWSCRAWLER_VERDICT_SITE_SHARE is -0.1: give a share"),
        (
            {"NEWSCRAWLER_VERDICT_SITE_SHARE": "most"},
            "NEWSCRAWLER_VERDICT_SITE_SHARE is 'most': give a share",
        ),
    ],
)
def test_bad_thresholds_are_refused_with_one_line(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match="^" + message) as raised:
        thresholds_from(settings)
    assert "\n" not in str(raised.value)


def test_thresholds_from_settings_read_strings_as_given_with_s() -> None:
    assert thresholds_from(
        {"NEWSCRAWLER_VERDICT_BLOCKED_SHARE": "0.25", "NEWSCRAWLER_VERDICT_SITE_SHARE": "0"}
    ) == Thresholds(blocked_share=0.25, site_share=0.0)
    assert thresholds_from({}) == Thresholds()
