"""The store, on both backends: schema, the three duplicate lookups, writes, runs, locks.

PostgreSQL runs when NEWSCRAWLER_TEST_DATABASE_URL names a server (.ci/run starts one), each test
in a schema of its own; without one those cases skip, saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from newscrawler.extraction.fingerprint import content_hash, simhash
from newscrawler.store import ArticleWrite, Store, StoreError, open_store
from newscrawler.store.base import SCHEMA_VERSION

OpenStore = Callable[[], Store]


@pytest.fixture
def opener(store_url: str) -> OpenStore:
    """A function opening (again) one fresh store of the backend."""
    return lambda: open_store(store_url)


@pytest.fixture
def store(opener: OpenStore) -> Iterator[Store]:
    with opener() as opened:
        yield opened


def record(url: str, body: str, **extra: Any) -> dict[str, Any]:
    return {
        "url": url,
        "canonical_url": url,
        "source": "contoh",
        "title": "Judul",
        "published_at": "2024-10-04T09:15:00+07:00",
        "body": body,
        "word_count": len(body.split()),
        "content_hash": content_hash(body),
        "simhash": simhash(body),
        **extra,
    }


BODY = " ".join(
    f"Kalimat nomor {n} tentang banjir di kota yang terus meluas ke arah timur." for n in range(40)
)


def write(
    store: Store,
    rec: dict[str, Any],
    *,
    run: int | None = None,
    at: str = "2024-10-04T10:00:00+00:00",
    **kw: Any,
) -> ArticleWrite:
    entry = ArticleWrite(record=rec, fetched_urls=[rec["url"]], seen_at=at, run_id=run, **kw)
    store.write([entry])
    return entry


def test_schema_is_created_once_and_reopening_keeps_it(opener: OpenStore) -> None:
    with opener() as first:
        write(first, record("https://contoh.id/a", BODY))
    with opener() as again:
        assert again.count("articles") == 1
        assert again.integrity_problems() == []


def test_a_newer_schema_is_refused_with_the_fix(opener: OpenStore) -> None:
    with opener() as store, store.connection:
        store._execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer than this newscrawler's"):
        opener()


def test_same_url_unchanged_then_updated_keeps_first_seen(store: Store) -> None:
    first = write(store, record("https://contoh.id/a", BODY), at="2024-10-04T10:00:00+00:00")
    again = write(store, record("https://contoh.id/a", BODY), at="2024-10-04T11:00:00+00:00")
    changed = write(store, record("https://contoh.id/a", BODY + " Koreksi."), at="2024-10-04T12:00:00+00:00")
    assert (first.outcome, again.outcome, changed.outcome) == ("new", "unchanged", "updated")
    (stored,) = store.iter_articles()
    assert stored["body"].endswith("Koreksi.")
    assert stored["first_seen"] == "2024-10-04T10:00:00+00:00"
    assert store.count("articles") == 1


def test_content_duplicate_is_recorded_and_left_out_of_exports(store: Store) -> None:
    original = write(store, record("https://satu.id/a", BODY))
    assert original.outcome == "new"
    found = store.by_content_hash(content_hash(BODY))
    assert found is not None
    assert found.canonical_url == "https://satu.id/a"
    copy = write(store, record("https://dua.id/b", BODY), duplicate_of=found.id, duplicate_kind="content")
    assert copy.outcome == "duplicate"
    assert [r["url"] for r in store.iter_articles()] == ["https://satu.id/a"]
    everything = list(store.iter_articles(include_duplicates=True))
    assert [(r["url"], r["duplicate_of"], r["duplicate_kind"]) for r in everything] == [
        ("https://satu.id/a", None, None),
        ("https://dua.id/b", "https://satu.id/a", "content"),
    ]


def flip(fingerprint: str, bits: list[int]) -> str:
    value = int(fingerprint, 16)
    for bit in bits:
        value ^= 1 << bit
    return f"{value:016x}"


def test_near_duplicates_are_found_through_the_band_index(store: Store) -> None:
    rec = record("https://satu.id/a", BODY)
    write(store, rec)
    # 10 bits apart, spread so that every band differs: one band still differs in <= 2 bits.
    ten_apart = flip(rec["simhash"], [0, 1, 2, 16, 17, 18, 32, 33, 48, 49])
    near = store.near(ten_apart, threshold=10)
    assert near is not None
    assert near.canonical_url == "https://satu.id/a"
    assert store.near(flip(rec["simhash"], [0, 1, 2, 16, 17, 18, 32, 33, 34, 48, 49]), threshold=10) is None
    assert store.near(flip(rec["simhash"], [5]), threshold=0) is None


def test_fetched_urls_are_known_only_with_their_article(store: Store) -> None:
    rec = record("https://contoh.id/a", BODY)
    store.write([ArticleWrite(rec, ["https://contoh.id/a?page=all"], "2024-10-04T10:00:00+00:00", None)])
    known = store.known_urls(["https://contoh.id/a", "https://contoh.id/a?page=all", "https://contoh.id/b"])
    assert set(known) == {"https://contoh.id/a", "https://contoh.id/a?page=all"}


def test_runs_are_recorded_and_unexported_ones_found(store: Store) -> None:
    killed = store.start_run("kompas", "2024-10-04T10:00:00+00:00")
    current = store.start_run("kompas", "2024-10-04T11:00:00+00:00")
    assert store.unexported_runs("kompas", current) == [(killed, "2024-10-04T10:00:00+00:00", None)]
    store.mark_exported(killed, "output/kompas/x.jsonl", "killed", "2024-10-04T11:00:01+00:00")
    store.finish_run(current, "2024-10-04T11:05:00+00:00", "finished", {"store/new": 3})
    runs = store.runs("kompas")
    assert [(r["close_reason"], r["export_path"]) for r in runs] == [
        ("killed", "output/kompas/x.jsonl"),
        ("finished", None),
    ]
    assert store.unexported_runs("kompas", current + 1) == [
        (current, "2024-10-04T11:00:00+00:00", "2024-10-04T11:05:00+00:00")
    ]


def test_a_runs_verdict_reason_and_figures_are_kept_and_the_last_runs_read_back(store: Store) -> None:
    ids = [store.start_run("kompas", f"2024-10-04T1{n}:00:00+00:00") for n in range(4)]
    detik = store.start_run("detik", "2024-10-04T12:30:00+00:00")
    figures = {"pages": {"fetched": 12}, "coverage": {"title": 1.0}, "http": {"200": 12}}
    reason = "the site's selectors gave the title for 0 of 12 articles (layout 2023 matched 12); ü"
    store.finish_run(
        ids[3],
        "2024-10-04T13:05:00+00:00",
        "finished",
        {"store/new": 12},
        verdict="broken",
        verdict_reason=reason,
        figures=figures,
    )
    last = store.runs("kompas", last=2)
    assert [r["id"] for r in last] == ids[2:], "the last two, oldest first"
    assert (last[1]["verdict"], last[1]["verdict_reason"], last[1]["figures"]) == ("broken", reason, figures)
    assert last[1]["counts"] == {"store/new": 12}
    assert (last[0]["verdict"], last[0]["figures"], last[0]["counts"]) == (None, None, None)
    assert [r["id"] for r in store.runs()] == [*ids, detik]
    assert store.spiders() == ["detik", "kompas"]


def test_a_lock_is_held_by_one_store_at_a_time_and_freed_by_closing(opener: OpenStore) -> None:
    first, second = opener(), opener()
    try:
        assert first.acquire_lock("kompas")
        assert not second.acquire_lock("kompas")
        assert second.acquire_lock("detik"), "locks are per spider"
        first.close()
        assert second.acquire_lock("kompas")
    finally:
        second.close()


def test_unknown_database_kinds_are_refused_with_the_fix() -> None:
    with pytest.raises(StoreError, match="unknown kind of database"):
        open_store("mysql://localhost/news")
    with pytest.raises(StoreError, match="names no file"):
        open_store("sqlite:")
