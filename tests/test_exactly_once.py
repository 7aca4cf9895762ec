"""Exactly once everywhere (issue 11, case 10): ``-O`` files receive exactly what the store committed.

An article passes the store pipeline only once its batch is committed, and the JSON Lines exporter
hands each line to the system as it writes it; so a run killed (SIGKILL) at any moment, then run
again, leaves every article once across the ``-O`` files of both runs, and once across the per-run
files. A run stopped by SIGINT and restarted with the same JOBDIR ends the same way.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from newscrawler.replay import serve
from newscrawler.store import open_store
from tests.conftest import ROOT, run_scrapy
from tests.test_runs_e2e import ARTICLES, crawl, crawl_args, lines_of, many_articles, run_files, wait_for_run

# One page at a time, a little apart, a batch of 3 per transaction: the run lasts ~2.5 s.
SLOW = ("-s", "CONCURRENT_REQUESTS=1", "-s", "DOWNLOAD_DELAY=0.15", "-s", "NEWSCRAWLER_STORE_BATCH=3")


def feed_urls(path: Path) -> list[str]:
    """The canonical URLs in a -O file (none when the run died before it opened it)."""
    return [r["canonical_url"] for r in lines_of(path)] if path.exists() else []


def start(prefix: str, folder: Path, *args: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "scrapy", *crawl_args("kompas", prefix, folder, *SLOW, *args)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def assert_each_article_once(folder: Path, first_feed: Path, second_feed: Path, label: str) -> None:
    database = folder / "store.sqlite"
    with open_store(str(database)) as store:
        assert store.count("articles") == ARTICLES, label
        first_run = store.runs("kompas")[0]["id"]
        committed_first = sorted(r["canonical_url"] for r in store.iter_articles(first_run=first_run))
    first, second = feed_urls(first_feed), feed_urls(second_feed)
    # What the first run's -O got is exactly what it committed, nothing before the commit, nothing lost.
    assert sorted(first) == committed_first, f"{label}: the first -O file differs from its commits"
    repeated = [url for url, n in Counter(first + second).items() if n > 1]
    assert not repeated, f"{label}: in two -O files: {repeated}"
    assert len(first + second) == ARTICLES, f"{label}: each article in exactly one -O file"
    exported = [r["canonical_url"] for path in run_files(folder, "kompas") for r in lines_of(path)]
    assert sorted(exported) == sorted(set(exported)), f"{label}: an article in two run files"
    assert len(exported) == ARTICLES, f"{label}: each article in exactly one run file"


@pytest.mark.slow  # about a minute: 10 crawls killed and rerun (.ci/run: pytest -m slow)
def test_o_files_of_runs_killed_at_random_moments_hold_each_article_once(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    entries = many_articles(pages)
    killed_mid_run = 0
    with serve(entries) as server:
        for seed in range(10):
            folder = tmp_path / f"seed{seed}"
            folder.mkdir()  # a store's folder is never created for it
            first_feed, second_feed = folder / "first.jsonl", folder / "second.jsonl"
            process = start(server.prefix, folder, "-O", str(first_feed))
            wait_for_run(folder / "store.sqlite", process)
            time.sleep(random.Random(seed).uniform(0.0, 2.5))
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            crawl("kompas", server.prefix, folder, "-O", str(second_feed))
            label = f"seed {seed}"
            assert_each_article_once(folder, first_feed, second_feed, label)
            with open_store(str(folder / "store.sqlite")) as store:
                killed_mid_run += [r["close_reason"] for r in store.runs("kompas")].count("killed")
    assert killed_mid_run >= 3, f"only {killed_mid_run} of 10 kills landed inside a run"


@pytest.mark.slow  # 3 crawls stopped and resumed
def test_a_run_stopped_by_sigint_and_restarted_with_its_jobdir_exports_each_article_once(
    tmp_path: Path,
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    entries = many_articles(pages)
    with serve(entries) as server:
        for seed in range(3):
            folder = tmp_path / f"seed{seed}"
            folder.mkdir()  # a store's folder is never created for it
            jobdir = ("-s", f"JOBDIR={folder / 'job'}")
            first_feed, second_feed = folder / "first.jsonl", folder / "second.jsonl"
            process = start(server.prefix, folder, *jobdir, "-O", str(first_feed))
            # After the first committed batch, whatever the machine's speed: the -O file then has it.
            wait_for_run(folder / "store.sqlite", process, table="articles")
            time.sleep(0.4 * seed)
            os.kill(process.pid, signal.SIGINT)  # one SIGINT: Scrapy stops gracefully, the job is kept
            assert process.wait(timeout=60) is not None
            # The resumed run finds its sitemap in the job's seen requests and reads none: its verdict
            # may be "empty" (exit 3) although it stores the rest; exactly once is what is checked here.
            result = run_scrapy(*crawl_args("kompas", server.prefix, folder, *jobdir, "-O", str(second_feed)))
            assert result.returncode in (0, 3), result.stderr[-3000:]
            assert_each_article_once(folder, first_feed, second_feed, f"seed {seed}")
            assert feed_urls(first_feed), f"seed {seed}: the SIGINT came before any article"
