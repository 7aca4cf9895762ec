"""A real Scrapyd: deploy this project with scrapyd-deploy, schedule a crawl over HTTP, read its items.

Slow (a Scrapyd process, an egg build, a crawl in a subprocess), so plain `pytest` leaves it out:
`make test-services` installs Scrapyd and scrapyd-client (the `deploy` extra) and runs
`pytest -m scrapyd`. Nothing leaves 127.0.0.1: Scrapyd listens there, and the crawl goes through the
local replay server (NEWSCRAWLER_REPLAY_PREFIX).
"""

from __future__ import annotations

import configparser
import json
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest

from newscrawler.replay import serve
from newscrawler.store import open_store
from tests.conftest import ROOT
from tests.test_crawl_e2e import DEMO, expected_of

pytestmark = pytest.mark.scrapyd

PROJECT = "newscrawler"
SPIDER = "kompas"
START_TIMEOUT = 30.0
JOB_TIMEOUT = 120.0
# What the egg is built from: the package and the files its metadata names (pyproject.toml, README.md).
PROJECT_FILES = ("scrapy.cfg", "pyproject.toml", "README.md")


@dataclass(frozen=True, slots=True)
class ScrapydCrawl:
    """What one Scrapyd crawl of the demo pages left behind."""

    egg: Path
    spiders: list[str]
    job: dict[str, Any]
    items: Path
    log: Path
    database_url: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def api(url: str, data: dict[str, str | list[str]] | None = None) -> dict[str, Any]:
    """GET (or POST the form) one Scrapyd JSON endpoint; raise when Scrapyd answers an error."""
    body = urlencode(data, doseq=True).encode() if data is not None else None
    with urlopen(url, data=body, timeout=10) as response:
        answer: dict[str, Any] = json.load(response)
    if answer.get("status") != "ok":
        raise AssertionError(f"{url}: {answer}")
    return answer


def wait_for(what: str, check: Callable[[], Any], timeout: float, log: Path) -> Any:
    """Poll until check() returns something true; fail after `timeout` seconds with Scrapyd's log."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout:.0f} s; Scrapyd said:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


def tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        pytest.fail(f"{name} is not installed: run `make test-services` (it installs the deploy extra)")
    return str(path)


def project_copy(folder: Path, scrapyd_url: str) -> Path:
    """Copy what the egg is built from, with scrapy.cfg's [deploy] target pointed at this Scrapyd.

    scrapyd-deploy writes setup.py, build/ and *.egg-info where it runs: never in the working tree.
    """
    folder.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, folder / name)
    shutil.copytree(
        ROOT / "newscrawler", folder / "newscrawler", ignore=shutil.ignore_patterns("__pycache__")
    )
    config = configparser.ConfigParser()
    config.read(folder / "scrapy.cfg")
    assert config.get("deploy", "project") == PROJECT, "scrapy.cfg's [deploy] target names the project"
    assert config.get("settings", "default") == "newscrawler.settings"
    config.set("deploy", "url", scrapyd_url)
    with (folder / "scrapy.cfg").open("w") as file:
        config.write(file)
    return folder


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def scrapyd_crawl(tmp_path_factory: pytest.TempPathFactory) -> ScrapydCrawl:
    """Start Scrapyd, deploy the project, schedule kompas through the replay server, wait for the end."""
    base = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    (base / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {base / 'eggs'}\n"
        f"logs_dir = {base / 'logs'}\n"
        f"items_dir = {base / 'items'}\n"
        f"dbs_dir = {base / 'dbs'}\n"
        "poll_interval = 0.2\n"
        "max_proc = 1\n",
        encoding="utf-8",
    )
    database_url = f"sqlite:///{base / 'store.sqlite'}"
    scrapyd_log = base / "scrapyd.log"
    with scrapyd_log.open("wb") as log_file:
        scrapyd = subprocess.Popen(
            [tool("scrapyd")], cwd=base, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    try:

        def answers() -> bool:
            if scrapyd.poll() is not None:
                pytest.fail(f"scrapyd exited ({scrapyd.returncode}):\n{scrapyd_log.read_text()[-3000:]}")
            try:
                return bool(api(url + "daemonstatus.json"))
            except (URLError, ConnectionError):
                return False

        wait_for("Scrapyd's HTTP API", answers, START_TIMEOUT, scrapyd_log)

        source = project_copy(base / "project", url)
        deployed = subprocess.run(
            [tool("scrapyd-deploy"), "--version", "1"],
            cwd=source,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert deployed.returncode == 0, deployed.stderr + deployed.stdout
        assert json.loads(deployed.stdout)["status"] == "ok", deployed.stdout
        (egg,) = (base / "eggs" / PROJECT).glob("*.egg")
        spiders = api(url + "listspiders.json?" + urlencode({"project": PROJECT}))["spiders"]

        with serve(DEMO) as server:
            settings = [
                f"NEWSCRAWLER_REPLAY_PREFIX={server.prefix}",
                "AUTOTHROTTLE_ENABLED=0",
                "DOWNLOAD_DELAY=0",
                f"NEWSCRAWLER_DATABASE_URL={database_url}",
            ]
            scheduled = api(
                url + "schedule.json", {"project": PROJECT, "spider": SPIDER, "setting": settings}
            )
            job_id = scheduled["jobid"]

            def finished() -> dict[str, Any] | None:
                jobs = api(url + "listjobs.json?" + urlencode({"project": PROJECT}))
                return next((job for job in jobs["finished"] if job["id"] == job_id), None)

            job = wait_for(f"job {job_id}", finished, JOB_TIMEOUT, scrapyd_log)
    finally:
        stop(scrapyd)
    return ScrapydCrawl(
        egg=egg,
        spiders=spiders,
        job=job,
        items=base / "items" / PROJECT / SPIDER / f"{job_id}.jl",
        log=base / "logs" / PROJECT / SPIDER / f"{job_id}.log",
        database_url=database_url,
    )


def test_scrapyd_deploy_uploads_an_egg_of_the_project_that_lists_the_sites(
    scrapyd_crawl: ScrapydCrawl,
) -> None:
    with zipfile.ZipFile(scrapyd_crawl.egg) as egg:
        names = set(egg.namelist())
        entry_points = egg.read("EGG-INFO/entry_points.txt").decode()
    assert {
        "newscrawler/settings.py",
        "newscrawler/spiders/kompas.py",
        "newscrawler/commands/crawlall.py",
    } <= names
    assert not any(name.startswith("tests/") for name in names)
    assert "settings = newscrawler.settings" in entry_points, "how Scrapyd finds the project's settings"
    assert {"detik", "kompas", "sindonews"} <= set(scrapyd_crawl.spiders)


def test_a_scheduled_crawl_writes_the_kompas_article_to_scrapyds_items_feed(
    scrapyd_crawl: ScrapydCrawl,
) -> None:
    log = scrapyd_crawl.log.read_text(encoding="utf-8")
    assert "Spider closed (finished)" in log, log[-3000:]
    assert "'newscrawler/replay/request_count'" in log, "the settings given to schedule.json reach the crawl"
    lines = scrapyd_crawl.items.read_text(encoding="utf-8").splitlines()
    articles = [json.loads(line) for line in lines]
    expected = expected_of(SPIDER, "banjir-jaktim-constructed.html")
    assert [article["url"] for article in articles] == [expected["url"]]
    assert articles[0]["title"] == expected["title"]
    assert articles[0]["source"] == SPIDER


def test_a_scheduled_crawl_records_the_article_in_the_store(scrapyd_crawl: ScrapydCrawl) -> None:
    expected = expected_of(SPIDER, "banjir-jaktim-constructed.html")
    with open_store(scrapyd_crawl.database_url) as store:
        records = list(store.iter_articles())
    assert expected["canonical_url"] in {record["canonical_url"] for record in records}
