from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from newscrawler import settings as project_settings

ROOT = Path(__file__).resolve().parent.parent


def shared_path(*parts: str) -> Path:
    """A path under ../shared (or $NEWSCRAWLER_SHARED); the test skips, saying why, when it is absent."""
    base = Path(os.environ.get("NEWSCRAWLER_SHARED", ROOT.parent / "shared"))
    path = base.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: these tests read the shared folder beside the repository")
    return path


def project_crawler(spidercls: type[Spider], **overrides: Any) -> Crawler:
    """A crawler with newscrawler's settings (plus overrides) and its spider created, as a crawl has."""
    values = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}
    crawler = get_crawler(spidercls, {**values, **overrides})
    crawler.spider = spidercls.from_crawler(crawler)
    return crawler


def run_scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `scrapy` command as a user would, in a fresh folder of its own.

    The project is found through SCRAPY_SETTINGS_MODULE, so what a crawl writes to relative paths
    (the default store and JSON Lines under output/) lands in that folder, never in the repository.
    """
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawler.settings", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="newscrawler-run-") as folder:
        return subprocess.run(
            [sys.executable, "-m", "scrapy", *args],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store's NEWSCRAWLER_DATABASE_URL on each backend: an SQLite file, a PostgreSQL schema.

    PostgreSQL needs NEWSCRAWLER_TEST_DATABASE_URL (.ci/run starts a server); the case skips without.
    """
    if request.param == "sqlite":
        yield str(tmp_path / "store.sqlite")
        return
    server = os.environ.get("NEWSCRAWLER_TEST_DATABASE_URL")
    if not server:
        pytest.skip("NEWSCRAWLER_TEST_DATABASE_URL is not set: no PostgreSQL server to test against")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in server else "?"
    try:
        yield f"{server}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
