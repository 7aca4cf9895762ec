"""Oversized bodies and decompression bombs (issue 11, case 6), as article pages and as sitemaps.

One real `scrapy crawl` of a site on 127.0.0.1 whose sitemap index lists a .gz sitemap bomb, a
Content-Encoding sitemap bomb and two sitemaps larger than a page may be (12 MiB inflated, within
NEWSCRAWLER_SITEMAP_MAXSIZE); its sitemaps list good articles, an 800 MiB bomb in each encoding Scrapy
reads (gzip, deflate, br, zstd) and 12 MiB plain pages with and without Content-Length. Every bomb
and oversized page is refused with a warning and counted, no item comes from one, the good articles
are stored, and the crawl's peak RSS (its own, measured by a parent of its own) stays under 600 MB.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_scrapy
from tests.netserver import response, serve

FAST = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO")
MIB = 2**20
#: What a bomb inflates to: below Scrapy's 1 GiB default, so only a tighter limit refuses it.
BOMB_MIB = 800
PEAK_RSS_MB = 600


def _deflate_bomb(wbits: int, mib: int) -> bytes:
    """A zlib (15) or gzip (31) stream of ``mib`` MiB of spaces, built from one flushed block repeated.

    After a full flush a block depends on nothing before it, so repeating it repeats its MiB; the
    stream has no trailer (readers stop at its end, as at a truncated body).
    """
    chunk = b" " * MIB
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first + again * (mib - 1)


def _brotli_bomb(mib: int) -> bytes:
    import brotli  # type: ignore[import-untyped]  # no stubs

    compressor = brotli.Compressor(quality=5)
    chunk = b" " * MIB
    return b"".join(compressor.process(chunk) for _ in range(mib)) + bytes(compressor.finish())


def _zstd_bomb(mib: int) -> bytes:
    from backports import zstd

    compressor = zstd.ZstdCompressor(level=3)
    chunk = b" " * MIB
    return b"".join(compressor.compress(chunk) for _ in range(mib)) + compressor.flush()


def _importable(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


#: Content-Encoding -> bomb maker; br and zstd where their libraries are installed.
ENCODINGS: dict[str, Callable[[int], bytes]] = {
    "gzip": lambda mib: _deflate_bomb(31, mib),
    "deflate": lambda mib: _deflate_bomb(15, mib),
}
if _importable("brotli") or _importable("brotlicffi"):
    ENCODINGS["br"] = _brotli_bomb
if _importable("backports.zstd") or _importable("compression.zstd"):
    ENCODINGS["zstd"] = _zstd_bomb


def article(n: int) -> bytes:
    paragraphs = "".join(
        f"<p>Paragraf {k} dari berita nomor {n} tentang banjir di Jakarta.</p>" for k in range(4)
    )
    return (
        f"<html><head><title>Berita {n}</title></head><body><h1>Berita nomor {n}</h1>"
        f"<article>{paragraphs}</article></body></html>"
    ).encode()


def urlset(urls: list[str], padding: int = 0) -> bytes:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}<!-- {' ' * padding} --></urlset>"
    ).encode()


def no_length(body: bytes) -> Callable[[socket.socket, threading.Event], None]:
    """An answer delimited by closing the connection (no Content-Length): refused while it streams."""

    def send(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
        view = memoryview(body)
        for start in range(0, len(body), MIB):
            if stop.is_set():
                return
            conn.sendall(view[start : start + MIB])

    return send


MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=170)
sys.stderr.write(done.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(done.returncode)
"""


def run_measured(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run `scrapy ARGS` as run_scrapy does, under a parent of its own; return it and its peak RSS (MB).

    RUSAGE_CHILDREN is the largest child a process ever waited for: this test's parent has one child.
    """
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawler.settings", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="newscrawler-run-") as folder:
        result = subprocess.run(
            [sys.executable, "-c", MEASURE, sys.executable, "-m", "scrapy", *args],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    peak_kb = int(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else 0
    return result, peak_kb * 1024 / 1e6


def stats_of(log: str) -> dict[str, int]:
    return {key: int(value) for key, value in re.findall(r"'(newscrawler/[^']+)': (\d+)", log)}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DOWNLOAD_MAXSIZE", str(10 * MIB)),
        ("DOWNLOAD_WARNSIZE", str(4 * MIB)),
        ("NEWSCRAWLER_SITEMAP_MAXSIZE", str(50 * MIB)),
    ],
)
def test_size_limits_suit_news_pages_and_sitemaps(name: str, value: str) -> None:
    result = run_scrapy("settings", "--get", name)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == value


def test_bombs_and_oversized_pages_are_refused_in_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    routes: dict[str, Callable[[socket.socket, threading.Event], None]] = {}
    bombs = {f"/bomb/{name}": (name, make(BOMB_MIB)) for name, make in ENCODINGS.items()}
    for path, (encoding, body) in bombs.items():
        routes[path] = response(body, headers={"Content-Encoding": encoding})
    big_page = article(90).replace(b"</body>", b" " * (12 * MIB) + b"</body>")
    routes["/big/length"] = response(big_page)
    routes["/big/streamed"] = no_length(big_page)
    routes.update({f"/good/{n}": response(article(n)) for n in range(4)})
    with serve(routes) as server:
        good = [server.url(f"/good/{n}") for n in range(4)]
        refused = [server.url(path) for path in [*bombs, "/big/length", "/big/streamed"]]
        gz = {"Content-Type": "application/gzip"}
        sitemaps = {
            # A 12 MiB sitemap is more than a page may be, within NEWSCRAWLER_SITEMAP_MAXSIZE: read.
            "/sitemap-big.xml": response(
                zlib.compress(urlset([good[0], *refused], padding=12 * MIB)),
                headers={"Content-Type": "application/xml", "Content-Encoding": "deflate"},
            ),
            "/sitemap-big.xml.gz": response(_gzip(urlset([good[1]], padding=12 * MIB)), headers=gz),
            "/sitemap-plain.xml": response(urlset(good[2:]), headers={"Content-Type": "application/xml"}),
            # Bombs: refused, nothing read from them.
            "/sitemap-bomb.xml.gz": response(_deflate_bomb(31, BOMB_MIB), headers=gz),
            "/sitemap-bomb.xml": response(
                _deflate_bomb(31, BOMB_MIB),
                headers={"Content-Type": "application/xml", "Content-Encoding": "gzip"},
            ),
        }
        routes.update(sitemaps)
        index = (
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<sitemap><loc>{server.url(path)}</loc></sitemap>" for path in sitemaps)
            + "</sitemapindex>"
        ).encode()
        routes["/sitemap.xml"] = response(index, headers={"Content-Type": "application/xml"})
        monkeypatch.setenv("NEWSCRAWLER_TEST_SITEMAP", server.url("/sitemap.xml"))
        result, peak_mb = run_measured(
            "crawl",
            "localnet",
            "-s",
            "SPIDER_MODULES=tests.spiders.localnet",
            "-s",
            "DOWNLOAD_TIMEOUT=20",
            "-s",
            f"NEWSCRAWLER_DATABASE_URL={tmp_path / 'store.sqlite'}",
            "-s",
            f"NEWSCRAWLER_EXPORT_DIR={tmp_path / 'out'}",
            *FAST,
        )
        requests = list(server.requests)
    log = result.stderr
    assert "Spider error processing" not in log, log[-3000:]
    print(f"peak RSS {peak_mb:.0f} MB")
    assert 0 < peak_mb < PEAK_RSS_MB, f"the crawl peaked at {peak_mb:.0f} MB"
    (export,) = (tmp_path / "out" / "localnet").glob("*.jsonl")
    stored = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert sorted(item["url"] for item in stored) == sorted(good), "the good articles, nothing from a bomb"
    stats = stats_of(log)
    assert stats.get("newscrawler/articles/failed/too_large") == len(refused), stats
    assert stats.get("newscrawler/sources/sitemap/failed/too_large") == 1, stats  # Content-Encoding bomb
    assert stats.get("newscrawler/sources/sitemap/unreadable") == 1, stats  # the .gz bomb
    for url in refused:
        assert re.search(rf"WARNING: article {re.escape(url)} failed", log), url
        assert requests.count(url.removeprefix(server.base)) == 1, "a refused size is not retried"
    assert re.search(r"sitemap \S+/sitemap-bomb\.xml\.gz inflates beyond NEWSCRAWLER_SITEMAP_MAXSIZE", log)
    assert re.search(r"WARNING: sitemap \S+/sitemap-bomb\.xml could not be read", log)
    assert re.search(r"WARNING: .*exceeded DOWNLOAD_MAXSIZE \(10485760 B\) during decompression", log)


def _gzip(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    return compressor.compress(data) + compressor.flush()
