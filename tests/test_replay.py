"""The replay server (newscrawler.replay) and crawling through it (ReplayMiddleware), on 127.0.0.1 only."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import NotConfigured

from newscrawler.middlewares.replay import ReplayMiddleware, original_url
from newscrawler.replay import load_manifest, serve
from tests.conftest import ROOT, project_crawler, run_scrapy
from tests.spiders.replay_probe_spider import ReplayProbeSpider

FIXTURES = ROOT / "tests" / "fixtures" / "replay"
MANIFEST = FIXTURES / "manifest.jsonl"
PROBE_SPIDER = str(ROOT / "tests" / "spiders" / "replay_probe_spider.py")
SITE = "https://www.example-news.id"
# Replay traffic shares one download slot; no delays for a local server in tests.
# The probe's pages repeat each other's text: the store's dedup is not what these crawls test.
FAST = (
    "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO",
    "-s", "NEWSCRAWLER_STORE_ENABLED=0",
)  # fmt: skip


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_no_redirect_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``url`` without following redirects: status, headers, body."""
    try:
        with _no_redirect_opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def stat(stderr: str, name: str) -> int | None:
    """Read one value from the stats Scrapy dumps at the end of a crawl."""
    match = re.search(rf"'{re.escape(name)}': (\d+)", stderr)
    return int(match.group(1)) if match else None


def read_items(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- the server alone -------------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> list[dict[str, Any]]:
    """Manifest entries for a few pages written here (files relative to tmp_path)."""
    (tmp_path / "a.html").write_text("<title>A</title><p>Isi halaman A.</p>", encoding="utf-8")
    (tmp_path / "page2.html").write_text("<title>Page 2</title>", encoding="utf-8")
    (tmp_path / "page3.htm").write_text("<title>Page 3</title>", encoding="utf-8")
    sitemap = b'<?xml version="1.0"?><urlset><url><loc>https://a.id/x</loc></url></urlset>'
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap))
    (tmp_path / "feed.bin").write_bytes(b"<rss/>")
    return [
        {"url": "https://a.id/a", "file": "a.html"},
        {"url": "https://a.id/list?page=2", "file": "page2.html"},
        {"url": "https://a.id/list?page=3", "file": "page3.htm"},
        {"url": "https://a.id/sitemap.xml.gz", "file": "sitemap.xml.gz"},
        {
            "url": "https://a.id/feed",
            "file": str(tmp_path / "feed.bin"),
            "content_type": "application/rss+xml",
        },
        {"url": "https://a.id/old", "status": 301, "location": "/a"},
        {"url": "https://a.id/gone", "status": 410},
    ]


def test_server_serves_the_recorded_body_with_its_type(site: list[dict[str, Any]], tmp_path: Path) -> None:
    with serve(site, base_dir=tmp_path) as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/replay/", server.prefix)
        status, headers, body = fetch(server.prefix + "https://a.id/a")
        assert (status, body) == (200, b"<title>A</title><p>Isi halaman A.</p>")
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        status, headers, body = fetch(server.prefix + "https://a.id/feed")
        assert (status, body, headers["Content-Type"]) == (200, b"<rss/>", "application/rss+xml")
        assert fetch(server.prefix + "https://a.id/gone")[0] == 410
        assert server.requests == ["https://a.id/a", "https://a.id/feed", "https://a.id/gone"]


def test_gz_is_served_decompressed(site: list[dict[str, Any]], tmp_path: Path) -> None:
    with serve(site, base_dir=tmp_path) as server:
        status, headers, body = fetch(server.prefix + "https://a.id/sitemap.xml.gz")
    assert status == 200
    assert body.startswith(b'<?xml version="1.0"?><urlset>')
    assert headers["Content-Type"] == "application/xml"
    assert "Content-Encoding" not in headers


def test_unknown_urls_and_robots_txt_are_404(site: list[dict[str, Any]], tmp_path: Path) -> None:
    with serve(site, base_dir=tmp_path) as server:
        assert fetch(server.prefix + "https://a.id/robots.txt")[0] == 404
        assert fetch(server.prefix + "https://a.id/never-recorded")[0] == 404
        assert fetch(server.prefix.replace("/replay/", "/other/") + "https://a.id/a")[0] == 404
        assert fetch(server.prefix + "not-a-url")[0] == 404
        assert server.requests == ["https://a.id/robots.txt", "https://a.id/never-recorded"]


def test_redirect_location_is_prefix_plus_target(site: list[dict[str, Any]], tmp_path: Path) -> None:
    with serve(site, base_dir=tmp_path) as server:
        status, headers, _ = fetch(server.prefix + "https://a.id/old")
        assert status == 301
        assert headers["Location"] == server.prefix + "https://a.id/a"
        # A Wayback timestamp segment is accepted, and kept in the Location.
        status, headers, _ = fetch(server.prefix + "2022id_/https://a.id/old")
        assert headers["Location"] == server.prefix + "2022id_/https://a.id/a"
        assert fetch(server.prefix + "20221221004200/https://a.id/a")[0] == 200


def test_matching_is_lenient_but_the_query_is_significant(site: list[dict[str, Any]], tmp_path: Path) -> None:
    with serve(site, base_dir=tmp_path) as server:
        for variant in ["http://a.id/a", "https://www.a.id/a/", "https://A.ID:443/a", "https:/a.id/a"]:
            assert fetch(server.prefix + variant)[2].startswith(b"<title>A</title>"), variant
        assert fetch(server.prefix + "https://a.id/list?page=2")[2] == b"<title>Page 2</title>"
        assert fetch(server.prefix + "http://a.id/list/?page=3")[2] == b"<title>Page 3</title>"
        assert fetch(server.prefix + "https://a.id/list?page=4")[0] == 404
        assert fetch(server.prefix + "https://a.id/list")[0] == 404


def test_manifest_mistakes_name_the_line(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text('{"url": "https://a.id/a", "file": "a.html"}\n', encoding="utf-8")
    with pytest.raises(
        ValueError, match=r"manifest.jsonl line 1: file .*a\.html of https://a\.id/a does not exist"
    ):
        load_manifest(manifest)
    manifest.write_text('\n{"url": "https://a.id/a", "status": 301}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 2: .* 3xx status together with a location"):
        load_manifest(manifest)
    manifest.write_text("not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1: not JSON"):
        load_manifest(manifest)


def test_command_line_prints_the_prefix_and_serves() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "newscrawler.replay", str(MANIFEST), "--collection", "demo"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            prefix = process.stdout.readline().strip()
            assert re.fullmatch(r"http://127\.0\.0\.1:\d+/demo/", prefix)
            status, _, body = fetch(prefix + SITE + "/a")
            assert status == 200
            assert b"Halaman A" in body
        finally:
            process.terminate()


def test_command_line_rejects_a_bad_manifest(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text('{"url": "a.id/a", "file": "a.html"}\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "newscrawler.replay", str(manifest)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"newscrawler.replay: {manifest} line 1: url 'a.id/a' is not an absolute http(s) URL"
    ]


# --- the middleware -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("replay_url", "expected"),
    [
        ("http://h:1/coll/https://a.id/x?page=2", "https://a.id/x?page=2"),
        ("http://h:1/coll/http:/a.id/x", "http://a.id/x"),
        ("http://h:1/coll/2022id_/https://a.id/x", None),  # this prefix has no timestamp segment
        ("http://h:1/other/https://a.id/x", None),
        ("http://h:1/coll/", None),
    ],
)
def test_original_url(replay_url: str, expected: str | None) -> None:
    assert original_url(replay_url, "http://h:1/coll/") == expected


def test_unset_prefix_turns_the_middleware_off() -> None:
    with pytest.raises(NotConfigured):
        ReplayMiddleware.from_crawler(project_crawler(ReplayProbeSpider))
    with pytest.raises(NotConfigured):
        ReplayMiddleware.from_crawler(project_crawler(ReplayProbeSpider, NEWSCRAWLER_REPLAY_PREFIX="  "))


@pytest.mark.parametrize(
    "prefix", ["127.0.0.1:8080/replay/", "http://127.0.0.1:8080/replay", "ftp://h/replay/", "http:///x/"]
)
def test_bad_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match=r"^NEWSCRAWLER_REPLAY_PREFIX is .*: give .* ending in '/'"):
        ReplayMiddleware.from_crawler(project_crawler(ReplayProbeSpider, NEWSCRAWLER_REPLAY_PREFIX=prefix))


HTTP11 = "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler"


def test_replay_without_its_download_handler_is_refused() -> None:
    crawler = project_crawler(
        ReplayProbeSpider,
        NEWSCRAWLER_REPLAY_PREFIX="http://127.0.0.1:8080/replay/",
        DOWNLOAD_HANDLERS={"http": HTTP11, "https": HTTP11},
    )
    with pytest.raises(
        ValueError, match=r"needs DOWNLOAD_HANDLERS\['http'\] = .* requests would go to the live"
    ):
        ReplayMiddleware.from_crawler(crawler)


def test_crawl_through_the_replay_server_sees_original_urls(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with serve(MANIFEST) as server:
        result = run_scrapy(
            "runspider",
            PROBE_SPIDER,
            "-s",
            f"NEWSCRAWLER_REPLAY_PREFIX={server.prefix}",
            *FAST,
            "-O",
            str(out),
        )
        asked = list(server.requests)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "DeprecationWarning" not in result.stderr

    items = {item["url"]: item for item in read_items(out)}
    assert set(items) == {f"{SITE}/a", f"{SITE}/b", f"{SITE}/list?page=2", f"{SITE}/c"}
    assert items[f"{SITE}/a"]["title"] == "Halaman A (constructed)"
    assert items[f"{SITE}/b"]["title"] == "Halaman B (constructed)"  # recorded as .../b/
    assert items[f"{SITE}/list?page=2"]["title"] == "Daftar halaman 2 (constructed)"  # recorded as http://
    # /old is a recorded 301 to /c: followed as a redirect between original URLs.
    assert items[f"{SITE}/c"]["title"] == "Halaman C (constructed)"

    # robots.txt went through the replay server and was applied to the original host: /private/ is
    # disallowed there, and asked for never. /a was asked for once although /b links back to it.
    assert sorted(asked) == sorted(
        f"{SITE}{path}" for path in ["/robots.txt", "/a", "/old", "/c", "/b", "/list?page=2"]
    )
    assert asked[0] == f"{SITE}/robots.txt"
    assert stat(result.stderr, "robotstxt/forbidden") == 1
    assert stat(result.stderr, "dupefilter/filtered") == 1
    assert stat(result.stderr, "newscrawler/replay/request_count") == 6
    assert stat(result.stderr, "newscrawler/replay/response_status_count/200") == 5
    assert stat(result.stderr, "newscrawler/replay/response_status_count/301") == 1
    assert stat(result.stderr, "newscrawler/replay/location_mapped") == 1
    assert stat(result.stderr, "downloader/response_status_count/301") == 1


def test_crawl_with_a_bad_prefix_fails_with_one_line() -> None:
    result = run_scrapy("runspider", PROBE_SPIDER, "-s", "NEWSCRAWLER_REPLAY_PREFIX=127.0.0.1:8080/replay")
    assert result.returncode != 0
    message = (
        "NEWSCRAWLER_REPLAY_PREFIX is '127.0.0.1:8080/replay': give the replay server's absolute "
        "http(s) URL ending in '/', e.g. -s NEWSCRAWLER_REPLAY_PREFIX=http://127.0.0.1:8080/replay/ "
        "(the original URL is appended to it)"
    )
    assert f"ValueError: {message}\n" in result.stderr


# --- a Wayback-style server that redirects to the exact capture time ---------------------------------

_CAPTURE = "20221221004200"
_CAPTURED_PAGES = {
    f"{SITE}/a": b"<title>A at capture time</title><p>Isi.</p>",
    f"{SITE}/c": b"<title>C at capture time</title><p>Isi.</p>",
}
_CAPTURED_REDIRECTS = {f"{SITE}/old": f"{SITE}/c"}


class _WaybackHandler(BaseHTTPRequestHandler):
    """Answers /web/<timestamp>id_/<url> as Wayback does: first a redirect to the capture's timestamp."""

    asked: list[str]

    def do_GET(self) -> None:
        self.asked.append(self.path)
        match = re.fullmatch(r"/web/(\d+)id_/(.+)", self.path)
        if match is None:
            self._send(404)
        elif match.group(1) != _CAPTURE:
            self._send(302, location=f"/web/{_CAPTURE}id_/{match.group(2)}")
        elif match.group(2) in _CAPTURED_PAGES:
            self._send(200, _CAPTURED_PAGES[match.group(2)])
        elif match.group(2) in _CAPTURED_REDIRECTS:
            self._send(302, location=f"/web/{_CAPTURE}id_/{_CAPTURED_REDIRECTS[match.group(2)]}")
        else:
            self._send(404)

    def _send(self, status: int, body: bytes = b"", location: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def wayback_server() -> Iterator[tuple[str, list[str]]]:
    asked: list[str] = []
    handler = type("Handler", (_WaybackHandler,), {"asked": asked})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/web/2022id_/", asked
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_redirects_to_the_capture_time_are_followed_on_the_wire(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with wayback_server() as (prefix, asked):
        result = run_scrapy(
            "runspider", PROBE_SPIDER, "-s", f"NEWSCRAWLER_REPLAY_PREFIX={prefix}", *FAST, "-O", str(out)
        )
    assert result.returncode == 0, result.stderr[-3000:]
    items = {item["url"]: item["title"] for item in read_items(out)}
    assert items == {f"{SITE}/a": "A at capture time", f"{SITE}/c": "C at capture time"}
    assert f"/web/{_CAPTURE}id_/{SITE}/c" in asked
    # robots, a, old, c: each first at the prefix's time, then at the capture's.
    assert stat(result.stderr, "newscrawler/replay/capture_redirects") == 4
    assert stat(result.stderr, "newscrawler/replay/location_mapped") == 1
