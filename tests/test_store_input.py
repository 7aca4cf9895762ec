"""Issue 11, case 11: the store and user input.

The default store and per-run files resolve against the project (the folder of ``scrapy.cfg``);
``export`` and ``health`` read the store and never create it; a bad URL, a missing folder, an
unwritable output folder, a read-only or damaged store, a held lock: one line with the fix, a
non-zero exit, no traceback on the terminal, and the store's bytes as they were.

Every crawl here is of ``tests.spiders.invalid_host`` (its host never resolves): nothing leaves
127.0.0.1, and a crawl that does start ends in a few seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawler import settings as project_settings
from newscrawler.store import StoreError, open_store, sqlite_path
from newscrawler.store.sqlite import SqliteStore
from tests.conftest import ROOT, run_scrapy

SPIDER = ("-s", "SPIDER_MODULES=tests.spiders.invalid_host", "-s", "RETRY_ENABLED=0")


def scrapy_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `scrapy` in ``folder`` as a user would there: the project found through its scrapy.cfg."""
    env = {key: value for key, value in os.environ.items() if key != "SCRAPY_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def a_store(path: Path, runs: int = 300) -> Path:
    """A real store with some runs in it (several pages, so damage can hit a table's page)."""
    with open_store(str(path)) as store:
        for number in range(runs):
            run = store.start_run("invalidhost", f"2024-10-01T00:00:{number % 60:02d}+00:00")
            store.finish_run(run, "2024-10-01T01:00:00+00:00", "finished", {"n": number}, verdict="ok")
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        assert not leftover.exists()
    return path


def assert_one_line_failure(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """A non-zero exit, no traceback anywhere, and the message (the last stderr line) naming ``words``."""
    assert result.returncode != 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    line = result.stderr.strip().splitlines()[-1]
    for word in words:
        assert word in line, line
    return line


# --- the default store and output folder resolve against the project -------------------------------


def test_the_default_store_path_resolves_against_the_project_not_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "scrapy.cfg").write_text("[settings]\ndefault = newscrawler.settings\n")
    (tmp_path / "tests").mkdir()
    monkeypatch.chdir(tmp_path / "tests")
    assert sqlite_path("") == str(tmp_path / "output" / "newscrawler.sqlite")
    assert sqlite_path("mine.sqlite") == "mine.sqlite", "a path the user gives stays theirs"


def test_a_crawl_from_a_subfolder_uses_the_projects_store_and_output(tmp_path: Path) -> None:
    (tmp_path / "scrapy.cfg").write_text("[settings]\ndefault = newscrawler.settings\n")
    (tmp_path / "output").mkdir()
    sub = tmp_path / "tests"
    sub.mkdir()
    result = scrapy_in(sub, "crawl", "invalidhost", *SPIDER)
    # failing: the host never resolves, so neither does its robots.txt (RFC 9309: the site is kept out)
    assert result.returncode == 5, result.stderr[-2000:]
    assert (tmp_path / "output" / "newscrawler.sqlite").is_file()
    assert list((tmp_path / "output" / "invalidhost").glob("*.jsonl"))
    assert list(sub.iterdir()) == [], "nothing is written to the current folder"
    health = scrapy_in(sub, "health")
    assert health.returncode == 0, health.stderr
    assert "invalidhost" in health.stdout


# --- export and health read, never create --------------------------------------------------------


@pytest.mark.parametrize("command", ["export", "health"])
def test_export_and_health_refuse_a_missing_store_and_create_nothing(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "missing.sqlite"
    result = run_scrapy(command, "-s", f"NEWSCRAWLER_DATABASE_URL={missing}")
    line = assert_one_line_failure(result, f"no store at {missing}", "scrapy crawl")
    assert result.stderr.strip() == line
    assert list(tmp_path.iterdir()) == []


def test_export_and_health_never_write_to_the_store(tmp_path: Path) -> None:
    store = a_store(tmp_path / "store.sqlite", runs=3)
    before = digest(store)
    exported = run_scrapy("export", "-s", f"NEWSCRAWLER_DATABASE_URL={store}")
    assert exported.returncode == 0, exported.stderr
    health = run_scrapy("health", "-s", f"NEWSCRAWLER_DATABASE_URL={store}")
    assert health.returncode == 0, health.stderr
    assert "invalidhost" in health.stdout
    assert digest(store) == before  # (SQLite's -wal and -shm beside it are how WAL readers share it)


def test_a_read_only_open_writes_nothing_even_to_an_old_schema(tmp_path: Path) -> None:
    path = a_store(tmp_path / "store.sqlite", runs=1)
    with SqliteStore(path) as store, store.transaction():
        store.connection.execute("UPDATE schema_version SET version = 1")
    before = digest(path)
    with pytest.raises(StoreError, match=r"older than .* run `scrapy crawl SITE` once"):
        open_store(str(path), read_only=True)
    assert digest(path) == before


def test_a_missing_folder_of_the_store_is_an_error_not_created(tmp_path: Path) -> None:
    url = str(tmp_path / "typo" / "store.sqlite")
    with pytest.raises(StoreError, match=r"does not exist: create it \(mkdir -p"):
        open_store(url)
    result = run_scrapy("crawl", "invalidhost", *SPIDER, "-s", f"NEWSCRAWLER_DATABASE_URL={url}")
    assert_one_line_failure(result, "does not exist", "mkdir -p")
    assert not (tmp_path / "typo").exists()


# --- bad input: one line, non-zero exit, no traceback, the store untouched -------------------------


@pytest.mark.parametrize(
    "url", ["mysql://localhost/news", "sqlite://store.sqlite", "postgresql://127.0.0.1:1/x"]
)
def test_a_malformed_or_unreachable_database_url_is_one_line(tmp_path: Path, url: str) -> None:
    if url.startswith("postgresql"):
        pytest.importorskip("psycopg")
    crawl = run_scrapy("crawl", "invalidhost", *SPIDER, "-s", f"NEWSCRAWLER_DATABASE_URL={url}")
    assert_one_line_failure(crawl, "failed to start")
    assert crawl.returncode == 1
    for command in ("export", "health"):
        result = run_scrapy(command, "-s", f"NEWSCRAWLER_DATABASE_URL={url}")
        assert_one_line_failure(result, f"{command}: ")
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argument", "words"),
    [
        ("refresh=maybe", ("refresh='maybe'", "-a refresh=1")),
        ("limit=lots", ("limit='lots'", "-a limit=100")),
        ("since=yesterday", ("since='yesterday'", "YYYY-MM-DD")),
        ("colour=red", ("unknown spider argument(s) colour",)),
    ],
)
def test_bad_spider_arguments_are_one_line(tmp_path: Path, argument: str, words: tuple[str, ...]) -> None:
    store = a_store(tmp_path / "store.sqlite", runs=2)
    before = digest(store)
    result = run_scrapy(
        "crawl", "invalidhost", *SPIDER, "-a", argument, "-s", f"NEWSCRAWLER_DATABASE_URL={store}"
    )
    assert_one_line_failure(result, *words)
    assert digest(store) == before


def test_an_unknown_spider_is_one_line_with_the_choices() -> None:
    result = run_scrapy("crawl", "nosuchsite", *SPIDER)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "crawl: no spider named 'nosuchsite': choose from invalidhost (scrapy list)"
    )


def test_a_held_lock_is_one_line_and_the_store_untouched(tmp_path: Path) -> None:
    path = a_store(tmp_path / "store.sqlite", runs=2)
    with SqliteStore(path) as holder:
        assert holder.acquire_lock("invalidhost")
        before = digest(path)
        result = run_scrapy("crawl", "invalidhost", *SPIDER, "-s", f"NEWSCRAWLER_DATABASE_URL={path}")
        assert_one_line_failure(result, "holds the lock", "NEWSCRAWLER_LOCK_WAIT")
        assert result.returncode == 1
        assert digest(path) == before


def test_start_up_tracebacks_go_to_a_debug_log_only(tmp_path: Path) -> None:
    url = "mysql://localhost/news"
    quiet = run_scrapy("crawl", "invalidhost", *SPIDER, "-s", f"NEWSCRAWLER_DATABASE_URL={url}")
    assert "Traceback" not in quiet.stderr
    assert "Error caught on signal handler" not in quiet.stderr
    log = tmp_path / "crawl.log"
    detailed = run_scrapy(
        "crawl", "invalidhost", *SPIDER, "-s", f"NEWSCRAWLER_DATABASE_URL={url}", "-s", "LOG_LEVEL=DEBUG",
        "--logfile", str(log),
    )  # fmt: skip
    assert detailed.returncode == 1
    assert "Traceback" in log.read_text()


def test_an_unwritable_output_folder_is_one_line(tmp_path: Path) -> None:
    store = a_store(tmp_path / "store.sqlite", runs=2)
    before = digest(store)
    blocker = tmp_path / "output"
    blocker.write_text("a file where the output folder should be\n")
    result = run_scrapy(
        "crawl", "invalidhost", *SPIDER, "-s", f"NEWSCRAWLER_DATABASE_URL={store}",
        "-s", f"NEWSCRAWLER_EXPORT_DIR={blocker / 'runs'}",
    )  # fmt: skip
    assert_one_line_failure(result, "NEWSCRAWLER_EXPORT_DIR", "is a file", "another folder")
    assert digest(store) == before
    # The store itself under a file: its folder is not a folder.
    under = run_scrapy(
        "crawl", "invalidhost", *SPIDER, "-s", f"NEWSCRAWLER_DATABASE_URL={blocker / 'x.sqlite'}"
    )
    assert_one_line_failure(under, "is not a folder", "NEWSCRAWLER_DATABASE_URL")


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """Make ``path`` read-only even for root (chattr +i); skip where the filesystem cannot."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], check=False).returncode:
        pytest.skip("cannot make a file read-only for root here (chattr +i)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_store_is_one_line_for_crawl_and_read_by_export(tmp_path: Path) -> None:
    path = a_store(tmp_path / "store.sqlite", runs=3)
    before = digest(path)
    with immutable(path):
        crawl = run_scrapy("crawl", "invalidhost", *SPIDER, "-s", f"NEWSCRAWLER_DATABASE_URL={path}")
        assert_one_line_failure(crawl, "is read-only", "chmod u+w")
        exported = run_scrapy("export", "-s", f"NEWSCRAWLER_DATABASE_URL={path}")
        assert exported.returncode == 0, exported.stderr
        assert exported.stderr.strip() == "export: 0 article(s)"
    assert digest(path) == before


def damage(source: Path, target: Path, *, whole: bool) -> Path:
    """A damaged copy of ``source``: garbage over every byte, or over its pages after the schema's."""
    data = bytearray(source.read_bytes())
    start = 0 if whole else 2 * 4096
    garbage = hashlib.sha512(b"garbage").digest() * (len(data) // 64 + 1)
    data[start:] = garbage[: len(data) - start]
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("whole", [True, False], ids=["all-garbage", "pages-garbage"])
def test_a_damaged_store_is_one_line_for_every_command_and_left_as_it_is(tmp_path: Path, whole: bool) -> None:
    good = a_store(tmp_path / "good.sqlite")
    assert good.stat().st_size > 4 * 4096
    bad = damage(good, tmp_path / "bad.sqlite", whole=whole)
    before = digest(bad)
    for command in (["export"], ["export", "-o", str(tmp_path / "out.jsonl")], ["health"]):
        result = run_scrapy(*command, "-s", f"NEWSCRAWLER_DATABASE_URL={bad}")
        line = assert_one_line_failure(result, "is damaged", "restore it from a backup")
        assert result.stderr.strip() == line
    crawl = run_scrapy("crawl", "invalidhost", *SPIDER, "-s", f"NEWSCRAWLER_DATABASE_URL={bad}")
    assert_one_line_failure(crawl, "is damaged", "NEWSCRAWLER_DATABASE_URL")
    assert crawl.returncode == 1
    assert digest(bad) == before
    assert not (tmp_path / "out.jsonl").exists()
    assert not list(tmp_path.glob(".out.jsonl*")), "no half-written -o file"


# --- the log ------------------------------------------------------------------------------------


def test_the_default_log_level_is_info() -> None:
    assert project_settings.LOG_LEVEL == "INFO"
    result = run_scrapy("crawl", "invalidhost", *SPIDER, "-s", "NEWSCRAWLER_DATABASE_URL=store.sqlite")
    assert result.returncode == 5, result.stderr[-2000:]  # the robots.txt's host does not resolve
    assert "] DEBUG: " not in result.stderr
