"""Memory (issue 11, case 12): a long replayed crawl stays under a cap, whatever the store holds.

The pages are a tiny constructed Kompas-layout article (distinct invented text on each), listed by
one news sitemap, served by the replay server from a tmp folder. The crawl runs with Scrapy's
MEMUSAGE extension on: passing its cap (MEMUSAGE_LIMIT_MB) closes the spider as
``memusage_exceeded``, which the test sees in the close reason the store records.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from newscrawler.replay import serve
from newscrawler.store import open_store
from tests.conftest import ROOT
from tests.test_runs_e2e import crawl_args

SITEMAP = "https://www.kompas.com/sitemap-news.xml"
TEMPLATE = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>{title} - Kompas.com</title>
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
<link rel="canonical" href="{url}">
<meta name="content_PublishedDate" content="2024-10-03 10:{minute:02d}:00">
<meta name="content_author" content="Penulis {n}">
</head><body><h1 class="read__title">{title}</h1>
<div class="read__time">Kompas.com - 03/10/2024, 10:{minute:02d} WIB</div>
<div class="read__content"><div class="clearfix">{body}</div></div></body></html>
"""
WORDS = ["banjir", "warga", "kota", "jalan", "hujan", "petugas", "pompa", "air", "sungai", "pasar", "harga"]
CAP_MB = 300
SETTINGS = (
    "-s",
    "MEMUSAGE_ENABLED=1",
    "-s",
    f"MEMUSAGE_LIMIT_MB={CAP_MB}",
    "-s",
    "MEMUSAGE_CHECK_INTERVAL_SECONDS=1",
    "-s",
    "CONCURRENT_REQUESTS=32",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=32",
    "-s",
    "NEWSCRAWLER_EXPORT_DIR=",
    "-s",
    "LOG_LEVEL=INFO",
)


def replay_pages(folder: Path, count: int) -> list[dict[str, str]]:
    """``count`` distinct constructed articles and the sitemap listing them, as replay entries."""
    rng = random.Random(count)
    folder.mkdir(parents=True, exist_ok=True)
    entries, urls = [], []
    for n in range(count):
        url = f"https://nasional.kompas.com/read/2024/10/03/{10000000 + n}/berita-{n}"
        body = "".join(
            f"<p>{' '.join(rng.choice(WORDS) for _ in range(30)).capitalize()} nomor {n}-{k}.</p>"
            for k in range(4)
        )
        file = folder / f"{n}.html"
        file.write_text(TEMPLATE.format(title=f"Berita Nomor {n}", url=url, minute=n % 60, n=n, body=body))
        entries.append({"url": url + "?page=all", "file": str(file)})
        urls.append(url)
    sitemap = folder / "sitemap.xml"
    sitemap.write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{url}</loc></url>" for url in urls)
        + "</urlset>"
    )
    return [{"url": SITEMAP, "file": str(sitemap)}, *entries]


def peak_mb(log: str) -> float:
    """The run's peak RSS (``memusage/max``, in MB) from the stats dumped in its log."""
    found = re.search(r"'memusage/max': (\d+)", log)
    assert found, "no memusage/max in the stats: MEMUSAGE is not running"
    return int(found.group(1)) / 2**20


def crawl(prefix: str, folder: Path) -> str:
    """Run the real `scrapy crawl kompas` (as tests.conftest.run_scrapy does, with room for 20,000 pages)."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawler.settings", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="newscrawler-run-") as cwd:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", *crawl_args("kompas", prefix, folder, *SETTINGS)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def crawl_twice(tmp_path: Path, count: int) -> tuple[float, float]:
    """Crawl ``count`` new pages, then again (all known); return both runs' peaks (MB)."""
    entries = replay_pages(tmp_path / "pages", count)
    with serve(entries) as server:
        first = peak_mb(crawl(server.prefix, tmp_path))
        second = peak_mb(crawl(server.prefix, tmp_path))
    print(json.dumps({"pages": count, "peak_mb": [round(first), round(second)]}))
    with open_store(str(tmp_path / "store.sqlite")) as store:
        assert store.count("articles") == count
        runs = store.runs("kompas")
        assert [r["close_reason"] for r in runs] == ["finished", "finished"], "memusage_exceeded?"
        counts = runs[0]["counts"]
        # Invented text of a dozen words: a few pages come out near duplicates of others (recorded).
        stored = counts["store/new"] + counts.get("dedup/near", 0) + counts.get("dedup/content", 0)
        assert stored == count
    return first, second


@pytest.mark.slow
def test_a_20000_page_crawl_stays_under_the_memory_cap(tmp_path: Path) -> None:
    first, second = crawl_twice(tmp_path, 20_000)
    assert first < CAP_MB
    assert second < CAP_MB
    # The second run finds all 20,000 in the store: its lookups must not load them.
    assert second <= first


# Slow too: at ~100 pages a second (the store pipeline's pace), no crawl that fills the scraper's
# slot runs in the ~15 s the normal suite allows a test.
@pytest.mark.slow
def test_a_2000_page_crawl_stays_under_the_memory_cap(tmp_path: Path) -> None:
    first, second = crawl_twice(tmp_path, 2_000)
    assert first < CAP_MB
    assert second < CAP_MB
