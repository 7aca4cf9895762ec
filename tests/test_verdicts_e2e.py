"""Every verdict end to end: the real `scrapy crawl` through a replay server on 127.0.0.1.

Five runs of the Kompas spider into one store: real pages (ok), every article 404 (failing), every
article 403 (blocked), Detik's real pages at Kompas article URLs (broken), sitemap and index 404
(empty). Each exits with its verdict's status and ends its log on the verdict line; the run record
keeps verdict, reason and figures, and `scrapy health` shows the five.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from newscrawler.replay import serve
from newscrawler.sites import site_registry
from newscrawler.store import open_store
from newscrawler.verdict import EXIT_CODES
from tests.conftest import run_scrapy
from tests.corpus import corpus_path
from tests.test_runs_e2e import crawl_args, kompas_corpus_entries

SITEMAP = "https://www.kompas.com/sitemap-news.xml"
#: The store's folder and, by scenario, the crawl's exit status and the last line of its log.
Runs = tuple[Path, dict[str, tuple[int, str]]]


def kompas_urls(label: str, count: int) -> list[str]:
    """Kompas article URLs of the spider's URL rules, distinct per scenario (never stored before)."""
    return [f"https://nasional.kompas.com/read/2024/10/03/{label}{n:04d}/berita-{n}" for n in range(count)]


def sitemap_entry(folder: Path, urls: list[str]) -> dict[str, str]:
    sitemap = folder / f"sitemap-{len(list(folder.glob('sitemap-*')))}-constructed.xml"
    sitemap.write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{html.escape(url)}</loc></url>" for url in urls)
        + "</urlset>"
    )
    return {"url": SITEMAP, "file": str(sitemap)}


def detik_pages() -> list[Path]:
    """Real Detik article pages of the corpus (both Indonesian sets)."""
    pages = []
    for name in ("indonesian", "indonesian-extra"):
        folder = corpus_path(name)
        for line in (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            if case.get("site") == "detik" and case.get("kind") == "article":
                pages.append(folder / case["file"])
    return pages


def last_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def five_runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """Run the five scenarios into one store; return the folder and {scenario: (exit status, last line)}."""
    folder = tmp_path_factory.mktemp("verdicts")
    results: dict[str, tuple[int, str]] = {}

    def run(scenario: str, entries: Sequence[Mapping[str, object]]) -> None:
        with serve(entries) as server:
            result = run_scrapy(*crawl_args("kompas", server.prefix, folder))
        results[scenario] = (result.returncode, last_line(result.stderr))

    entries, _ = kompas_corpus_entries(folder)
    run("ok", entries)
    missing = kompas_urls("404", 6)
    run("failing", [sitemap_entry(folder, missing)])
    forbidden = kompas_urls("403", 6)
    run(
        "blocked",
        [sitemap_entry(folder, forbidden), *({"url": url + "?page=all", "status": 403} for url in forbidden)],
    )
    pages = detik_pages()
    foreign = kompas_urls("777", len(pages))
    run(
        "broken",
        [
            sitemap_entry(folder, foreign),
            *(
                {"url": url + "?page=all", "file": str(page)}
                for url, page in zip(foreign, pages, strict=True)
            ),
        ],
    )
    run("empty", [])
    return folder, results


def test_real_pages_end_ok_with_exit_0_and_the_verdict_line_last(five_runs: Runs) -> None:
    status, line = five_runs[1]["ok"]
    assert status == 0, line
    assert re.fullmatch(
        r".* \[newscrawler\.verdict\] INFO: kompas: ok: 4 article pages fetched: 4 new; .*", line
    )


def test_every_article_404_is_failing_with_exit_5(five_runs: Runs) -> None:
    status, line = five_runs[1]["failing"]
    assert status == 5, line
    assert line.endswith("WARNING: kompas: failing: 6 of 6 article pages failed (404: 6)")


def test_every_article_403_is_blocked_with_exit_6(five_runs: Runs) -> None:
    status, line = five_runs[1]["blocked"]
    assert status == 6, line
    assert line.endswith("WARNING: kompas: blocked: 6 of 6 article pages were blocked (403: 6)")


def test_another_sites_pages_are_broken_with_exit_4(five_runs: Runs) -> None:
    status, line = five_runs[1]["broken"]
    assert status == 4, line
    count = len(detik_pages())
    assert f"WARNING: kompas: broken: the site's selectors gave the title for 0 of {count} articles" in line
    assert "fallbacks carried them" in line


def test_sources_answering_404_are_empty_with_exit_3(five_runs: Runs) -> None:
    status, line = five_runs[1]["empty"]
    assert status == 3, line
    assert line.endswith(
        "WARNING: kompas: empty: no source listed an article: every source was unreadable "
        "(sitemap: 404; index: 404)"
    )


def test_the_run_records_keep_verdict_reason_and_figures(five_runs: Runs) -> None:
    folder, results = five_runs
    with open_store(str(folder / "store.sqlite")) as store:
        runs = store.runs("kompas")
    assert len(runs) == len(results) == 5
    for run, (status, line) in zip(runs, results.values(), strict=True):
        assert line.endswith(f"kompas: {run['verdict']}: {run['verdict_reason']}")
        assert EXIT_CODES[run["verdict"]] == status
        assert run["close_reason"] == "finished"
    ok, failing = runs[0]["figures"], runs[1]["figures"]
    assert ok["articles"]["new"] == 4
    assert ok["pages"]["fetched"] == 4
    assert ok["coverage"]["title"] == 1.0
    assert all(layer.startswith("site:") for layer in ok["layers"]["title"])
    assert failing["pages"]["failed"] == {"http_404": 6}
    assert failing["http"]["404"] >= 12, "each article's ?page=all view and its plain URL"


def test_scrapy_health_shows_each_run(five_runs: Runs) -> None:
    folder, results = five_runs
    verdicts = [line.split(" kompas: ")[1].split(": ")[0] for _, line in results.values()]
    result = run_scrapy("health", "kompas", "-s", f"NEWSCRAWLER_DATABASE_URL={folder / 'store.sqlite'}")
    assert result.returncode == 0, result.stderr[-2000:]
    header, rule, *rows = result.stdout.strip().splitlines()
    assert header.split()[:5] == ["site", "started", "(UTC)", "verdict", "pages"]
    assert set(rule) == {"-"}
    cells = [re.split(r"\s{2,}", row) for row in rows]
    assert [row[2] for row in cells] == verdicts
    assert {"ok", "failing", "blocked", "empty"} <= set(verdicts)
    assert all(
        row[0] == "kompas" and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row[1]) for row in cells
    )
    assert cells[0][3:6] == ["4", "4", "100/100/100"]
    assert cells[1][3:6] == ["0", "0", "-"]
    assert cells[1][6] == "6 of 6 article pages failed (404: 6)"
    three = run_scrapy(
        "health", "--runs", "2", "-s", f"NEWSCRAWLER_DATABASE_URL={folder / 'store.sqlite'}"
    ).stdout
    assert [re.split(r"\s{2,}", row)[2] for row in three.strip().splitlines()[2:]] == verdicts[-2:]


def test_scrapy_health_refuses_an_unknown_site_in_one_line(tmp_path: Path) -> None:
    result = run_scrapy("health", "kompas", "nope", "-s", f"NEWSCRAWLER_DATABASE_URL={tmp_path / 'x.sqlite'}")
    assert result.returncode == 2
    # The generic `article` spider's runs are in the store like a site's: health knows it too.
    known = ", ".join(sorted([*site_registry().spiders, "article"]))
    assert result.stderr.strip() == f"health: unknown site(s) nope: choose from {known}"
    missing = run_scrapy("health", "-s", f"NEWSCRAWLER_DATABASE_URL={tmp_path / 'x.sqlite'}")
    assert missing.returncode == 1  # a missing store is refused (issue 11), never created
    assert missing.stderr.startswith(f"health: no store at {tmp_path / 'x.sqlite'}")
    assert not (tmp_path / "x.sqlite").exists(), "health only reads: it creates no store"


def test_with_a_log_file_the_verdict_line_also_goes_to_stderr(tmp_path: Path) -> None:
    log = tmp_path / "crawl.log"
    with serve([]) as server:
        result = run_scrapy(*crawl_args("kompas", server.prefix, tmp_path, "-s", f"LOG_FILE={log}"))
    assert result.returncode == 3
    line = (
        "kompas: empty: no source listed an article: every source was unreadable (sitemap: 404; index: 404)"
    )
    assert result.stderr.strip() == line
    assert log.read_text(encoding="utf-8").strip().splitlines()[-1].endswith(line)


def test_a_bad_threshold_stops_the_crawl_at_start_with_exit_1(tmp_path: Path) -> None:
    with serve([]) as server:
        result = run_scrapy(
            *crawl_args("kompas", server.prefix, tmp_path, "-s", "NEWSCRAWLER_VERDICT_SITE_SHARE=80")
        )
    assert result.returncode == 1
    assert "NEWSCRAWLER_VERDICT_SITE_SHARE is 80.0: give a share from 0 to 1 (default 0.8)" in last_line(
        result.stderr
    )
    assert not server.requests, "nothing was fetched"


def test_a_crawl_stopped_by_a_limit_records_its_close_reason(tmp_path: Path) -> None:
    entries, _ = kompas_corpus_entries(tmp_path)
    with serve(entries) as server:
        result = run_scrapy(*crawl_args("kompas", server.prefix, tmp_path, "-s", "CLOSESPIDER_ITEMCOUNT=1"))
    assert result.returncode == 0, last_line(result.stderr)
    with open_store(str(tmp_path / "store.sqlite")) as store:
        (run,) = store.runs("kompas")
    assert run["close_reason"] == "closespider_itemcount"
    assert run["verdict"] == "ok"
