from __future__ import annotations

import os
import subprocess
import sys
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
    """Run the real `scrapy` command from the project root, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
