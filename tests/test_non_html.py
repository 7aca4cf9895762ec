"""Issue 11, case 8: malformed HTML and non-HTML answered for article URLs, crawled for real.

A test server on 127.0.0.1 answers article URLs with a JSON error page (as application/json and as
text/html), a PDF and a PNG labelled text/html, an empty 200 body and markup cut off in its head; one
good article beside them shows the crawl works. Each bad page gives no item, no traceback, a counter
under ``newscrawler/articles/not_html/<what>`` (or ``no_article/truncated``) and one warning saying
what the page was.
"""

from __future__ import annotations

import http.server
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from tests.conftest import run_scrapy

#: A page: (status, headers, body).
Page = tuple[int, Mapping[str, str], bytes]
#: The site: the answer for a path (with its query), or None for 404.
Site = Callable[[str], Page | None]

HTML = {"Content-Type": "text/html; charset=utf-8"}
GOOD = (
    b"<html><head><title>Berita baik</title></head><body><h1>Berita baik</h1>"
    b"<article><p>Paragraf pertama yang cukup panjang untuk sebuah berita.</p>"
    b"<p>Paragraf kedua.</p></article></body></html>"
)
PAGES: dict[str, Page] = {
    "/read/good": (200, HTML, GOOD),
    "/read/json": (200, {"Content-Type": "application/json"}, b'{"error": "not found", "status": 404}'),
    "/read/json-as-html": (200, HTML, b'  [{"error": "rate limited"}]\n'),
    "/read/pdf": (200, HTML, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20),
    "/read/png": (200, HTML, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
    "/read/empty": (200, HTML, b""),
    "/read/truncated": (200, HTML, b'<html><head><meta charset="utf-8"><title>Berita yang terpo'),
}


@contextmanager
def serve(site: Site) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 in a thread; yield its base URL (http://127.0.0.1:PORT)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = site(self.path)
            status, headers, body = page if page is not None else (404, HTML, b"not found")
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def crawl(spider: str, base: str, folder: Path, *args: str) -> CompletedProcess[str]:
    """Run `scrapy crawl` of a tests/spiders/traps.py spider against the server at ``base``, bounded."""
    os.environ["NEWSCRAWLER_TEST_TRAPS"] = base
    try:
        return run_scrapy(
            "crawl",
            spider,
            "-s",
            "SPIDER_MODULES=tests.spiders.traps",
            "-s",
            f"NEWSCRAWLER_DATABASE_URL={folder / 'store.sqlite'}",
            "-s",
            "NEWSCRAWLER_EXPORT_DIR=",
            "-s",
            "ROBOTSTXT_OBEY=0",
            "-s",
            "AUTOTHROTTLE_ENABLED=0",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "DOWNLOAD_TIMEOUT=5",
            "-s",
            "RETRY_ENABLED=0",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=8",
            "-s",
            "CLOSESPIDER_TIMEOUT=60",
            "-s",
            "LOG_LEVEL=INFO",
            "-O",
            str(folder / "out.jsonl"),
            *args,
        )
    finally:
        del os.environ["NEWSCRAWLER_TEST_TRAPS"]


def stats(log: str) -> dict[str, int]:
    """The ``newscrawler/...`` counters of the crawl's stats dump."""
    return {key: int(value) for key, value in re.findall(r"'(newscrawler/[^']+)': (\d+)", log)}


def warnings(log: str, needle: str) -> list[str]:
    return [line for line in log.splitlines() if "WARNING" in line and needle in line]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[CompletedProcess[str], str]:
    folder = tmp_path_factory.mktemp("non-html")
    with serve(lambda path: PAGES.get(path)) as base:
        urls = ",".join(base + path for path in PAGES)
        result = crawl("trappages", base, folder, "-a", f"urls={urls}")
    return result, (folder / "out.jsonl").read_text(encoding="utf-8")


def test_no_traceback_and_only_the_good_article(run: tuple[CompletedProcess[str], str]) -> None:
    result, out = run
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "spider_exceptions" not in result.stderr
    assert len(out.splitlines()) == 1, out
    assert "/read/good" in out
    assert stats(result.stderr)["newscrawler/articles/fetched"] == len(PAGES)


@pytest.mark.parametrize(
    ("path", "key", "says"),
    [
        ("/read/json", "not_html/json", "JSON, not HTML"),
        ("/read/json-as-html", "not_html/json", "JSON, not HTML"),
        ("/read/pdf", "not_html/pdf", "a PDF served as text/html"),
        ("/read/png", "not_html/image", "an image (PNG) served as text/html"),
        ("/read/empty", "not_html/empty", "an empty page"),
        ("/read/truncated", "no_article/truncated", "truncated HTML"),
    ],
)
def test_each_bad_page_is_counted_and_named(
    run: tuple[CompletedProcess[str], str], path: str, key: str, says: str
) -> None:
    result, _ = run
    counts = stats(result.stderr)
    expected = 2 if key == "not_html/json" else 1
    assert counts.get(f"newscrawler/articles/{key}") == expected, counts
    lines = [
        line
        for line in warnings(result.stderr, says)
        if line.split()[-1].endswith(path) or path + " " in line
    ]
    assert len(lines) == 1, (says, warnings(result.stderr, "article"))


def test_not_html_total_feeds_the_verdict(run: tuple[CompletedProcess[str], str]) -> None:
    counts = stats(run[0].stderr)
    assert counts["newscrawler/articles/not_html"] == 5
    assert counts["newscrawler/articles/no_article"] == 1
