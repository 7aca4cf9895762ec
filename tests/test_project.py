"""The project as a Scrapy user meets it: commands from the project root."""

from __future__ import annotations

import re

from newscrawler.sites import site_registry
from tests.conftest import ROOT, run_scrapy


def test_scrapy_list_runs_from_the_project_root() -> None:
    result = run_scrapy("list")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stdout.split()) >= 25, "the site spiders"


def test_the_readme_site_table_has_a_row_for_every_site_spider() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([\w-]+)` \|", readme, re.MULTILINE))
    sites = set(site_registry().spiders)
    assert sites <= rows, f"README.md's site table lacks {sorted(sites - rows)}"


def test_scrapy_sees_the_project_settings() -> None:
    result = run_scrapy("settings", "--get", "NEWSCRAWLER_TIMEZONE")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WIB"


def test_extraction_imports_no_scrapy() -> None:
    # One direction of flow: extraction/ turns a page into fields and knows nothing of crawling.
    offenders = [
        path.name
        for path in sorted((ROOT / "newscrawler" / "extraction").glob("*.py"))
        if re.search(r"^\s*(?:from|import) scrapy\b", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert not offenders, f"extraction modules importing Scrapy: {offenders}"
