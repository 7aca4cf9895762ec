"""The project as a Scrapy user meets it: commands from the project root."""

from __future__ import annotations

from tests.conftest import run_scrapy


def test_scrapy_list_runs_from_the_project_root() -> None:
    result = run_scrapy("list")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_scrapy_sees_the_project_settings() -> None:
    result = run_scrapy("settings", "--get", "NEWSCRAWLER_TIMEZONE")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WIB"
