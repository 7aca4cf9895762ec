"""The project as a Scrapy user meets it: commands from the project root."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_scrapy_list_runs_from_the_project_root() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_scrapy_sees_the_project_settings() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "settings", "--get", "NEWSCRAWLER_TIMEZONE"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WIB"
