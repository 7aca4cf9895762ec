"""Issue 11, case 1: charsets. Mislabelled pages give their exact text: no U+FFFD, no mojibake.

Each page holds a known sentence in its title and body; the page is served by a local HTTP server
with a Content-Type header that is absent, right, or lying, and a ``<meta charset>`` that agrees
with it or not. The text must come out exactly, in a real `scrapy crawl` and in `scrapy extract`
(which has no headers: only the bytes and the ``<meta>``).
"""

from __future__ import annotations

import json
import random
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from newscrawler.extraction.charset import page_encoding
from newscrawler.responses import redecode
from tests.conftest import run_scrapy

#: Indonesian (and French loan words) in windows-1252's range: curly quotes, dash, accents.
ID = "Menteri menjelaskan kebijakan baru — “penting” untuk café à la carte di Jum’at, naïve señor."
ZH = "国务院总理今天在北京发表讲话，强调经济稳定增长。"
JA = "東京都は今日、新しい防災計画を発表しました。"
REPLACEMENT = "\ufffd"


WORDS = (
    "banjir",
    "jalan",
    "kota",
    "warga",
    "pemerintah",
    "pasar",
    "harga",
    "beras",
    "sekolah",
    "guru",
    "rumah",
    "sakit",
    "dokter",
    "hujan",
    "angin",
    "laut",
    "kapal",
    "pelabuhan",
    "bandara",
    "pesawat",
    "kereta",
    "stasiun",
    "listrik",
    "air",
    "minum",
    "desa",
    "petani",
    "panen",
    "jagung",
    "kopi",
    "teh",
    "gula",
    "garam",
    "minyak",
    "ikan",
    "ayam",
    "sapi",
    "kambing",
    "hutan",
    "gunung",
    "sungai",
    "danau",
    "pantai",
    "pulau",
    "provinsi",
    "bupati",
    "gubernur",
    "presiden",
    "menteri",
    "polisi",
    "tentara",
    "hakim",
    "jaksa",
    "sidang",
    "pemilu",
    "partai",
    "suara",
    "rakyat",
)


def filler(seed: str, count: int = 60) -> str:
    """A paragraph of ``count`` words drawn by ``seed``: distinct pages are no near-duplicates."""
    draw = random.Random(seed)
    return " ".join(draw.choice(WORDS) for _ in range(count)) + "."


def page_html(
    sentence: str, *, meta: str | None = None, head: str = "", body: str = "", seed: str = ""
) -> str:
    """An article page: the sentence is the title's end and the first paragraph."""
    charset = f'<meta charset="{meta}">' if meta else ""
    return (
        f"<!DOCTYPE html><html><head>{charset}<title>Judul</title>{head}</head><body>"
        f"<h1>Berita: {sentence}</h1><article><p>{sentence}</p>"
        f"<p>{filler(seed or sentence + head + body + str(meta))}</p>"
        f"{body}</article></body></html>"
    )


@dataclass(frozen=True)
class Case:
    """A page: its bytes, its Content-Type header (None: no header) and the sentence it holds."""

    body: bytes
    content_type: str | None
    sentence: str


#: name: (sentence, <meta charset>, the bytes' encoding, Content-Type header or None, BOM).
SPECS: dict[str, tuple[str, str | None, str, str | None, bytes]] = {
    "no-charset-utf8": (ID, None, "utf-8", None, b""),
    "no-charset-cp1252": (ID, None, "cp1252", "text/html", b""),
    "header-lies-utf8-bytes-cp1252": (ID, None, "cp1252", "text/html; charset=utf-8", b""),
    "header-lies-latin1-bytes-utf8": (ID, None, "utf-8", "text/html; charset=ISO-8859-1", b""),
    "cp1252-labelled-latin1": (ID, None, "cp1252", "text/html; charset=iso-8859-1", b""),
    "meta-says-utf8-bytes-cp1252": (ID, "utf-8", "cp1252", "text/html", b""),
    "header-utf8-meta-cp1252": (ID, "windows-1252", "cp1252", "text/html; charset=utf-8", b""),
    "header-cp1252-meta-utf8": (ID, "utf-8", "utf-8", "text/html; charset=windows-1252", b""),
    "bom-utf8-header-latin1": (ID, None, "utf-8", "text/html; charset=iso-8859-1", b"\xef\xbb\xbf"),
    "bom-utf16": (ID, None, "utf-16", "text/html", b""),
    "gb18030-meta": (ZH, "gb18030", "gb18030", "text/html", b""),
    "gb2312-header": (ZH, None, "gb18030", "text/html; charset=gb2312", b""),
    "gb18030-header-lies-utf8": (ZH, "gb18030", "gb18030", "text/html; charset=utf-8", b""),
    "shift-jis-meta": (JA, "shift_jis", "shift_jis", "text/html", b""),
    "shift-jis-header": (JA, None, "shift_jis", "text/html; charset=Shift_JIS", b""),
    "shift-jis-header-lies-utf8": (JA, "Shift_JIS", "shift_jis", "text/html; charset=utf-8", b""),
}
CASES: dict[str, Case] = {
    name: Case(bom + page_html(sentence, meta=meta, seed=name).encode(encoding), content_type, sentence)
    for name, (sentence, meta, encoding, content_type, bom) in SPECS.items()
}


# --- a local site ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    """What the local server answers at a path."""

    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200


class Site:
    """A running local server: ``url(path)``, and the paths it was asked for."""

    def __init__(self, server: ThreadingHTTPServer, requested: list[str]) -> None:
        self.server = server
        self.requested = requested

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}{path}"


@contextmanager
def serve_pages(pages: Mapping[str, Served], *, max_requests: int = 200) -> Iterator[Site]:
    """Serve ``pages`` on 127.0.0.1 (404 elsewhere, robots.txt included), at most ``max_requests``."""
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            page = pages.get(self.path) if len(requested) <= max_requests else None
            if page is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(page.status)
            if page.content_type is not None:
                self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            self.wfile.write(page.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(server, requested)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


#: Settings of a quick local crawl: no delays, short timeouts, no retries, INFO log.
QUICK = (
    "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "DOWNLOAD_TIMEOUT=10",
    "-s", "RETRY_ENABLED=0", "-s", "LOG_LEVEL=INFO", "-s", "SPIDER_MODULES=tests.spiders.local_text",
)  # fmt: skip


def crawl_local(folder: Path, urls: list[str], *args: str) -> tuple[list[dict[str, object]], str]:
    """Crawl ``urls`` with the local spider into a store of its own; return the -O items and the log.

    The process gets this process's environment (a test sets TZ with monkeypatch.setenv).
    """
    out = folder / "items.jsonl"
    result = run_scrapy(
        "crawl", "localtext", "-a", f"urls={','.join(urls)}", "-O", str(out),
        "-s", f"NEWSCRAWLER_DATABASE_URL={folder / 'store.sqlite'}",
        "-s", f"NEWSCRAWLER_EXPORT_DIR={folder / 'out'}",
        *QUICK, *args,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr[-4000:]
    items = (
        [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    )
    return items, result.stderr


def stat(log: str, name: str) -> int:
    """The value of a stat in a crawl's final stats dump (0 when absent)."""
    match = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(match.group(1)) if match else 0


# --- the decoding itself ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_the_exact_text_comes_out(name: str) -> None:
    case = CASES[name]
    headers = {"Content-Type": case.content_type} if case.content_type else {}
    response, _ = redecode(HtmlResponse("http://127.0.0.1/a.html", body=case.body, headers=headers))
    assert case.sentence in response.text
    assert REPLACEMENT not in response.text


@pytest.mark.parametrize("name", list(CASES))
def test_the_exact_text_comes_out_without_headers(name: str) -> None:
    """`scrapy extract`'s view of a saved page: no header, only the bytes and their ``<meta>``."""
    case = CASES[name]
    response, _ = redecode(HtmlResponse("http://127.0.0.1/a.html", body=case.body))
    assert case.sentence in response.text
    assert REPLACEMENT not in response.text


def test_a_right_label_is_left_alone() -> None:
    decoding = page_encoding(page_html(ID).encode("utf-8"), "text/html; charset=utf-8", "utf-8")
    assert not decoding.corrected
    decoding = page_encoding(page_html(ZH).encode("gb18030"), "text/html; charset=gbk", "gb18030")
    assert not decoding.corrected


def test_a_lie_is_described() -> None:
    decoding = page_encoding(page_html(ID).encode("cp1252"), "text/html; charset=utf-8", "utf-8")
    assert decoding.corrected
    assert decoding.describe() == "labelled utf-8, decoded as utf-8, but its bytes are cp1252"


# --- end to end -------------------------------------------------------------------------------------


def test_a_crawl_stores_the_exact_text(tmp_path: Path) -> None:
    """A real crawl of every case: each article's title and body hold the sentence, exactly."""
    pages = {f"/{name}.html": Served(case.body, case.content_type) for name, case in CASES.items()}
    with serve_pages(pages) as site:
        items, log = crawl_local(tmp_path, [site.url(path) for path in pages])
    by_path = {str(item["url"]).rsplit("/", 1)[-1].removesuffix(".html"): item for item in items}
    assert sorted(by_path) == sorted(CASES), log[-3000:]
    for name, case in CASES.items():
        item = by_path[name]
        assert case.sentence in str(item["title"]), (name, item["title"])
        assert str(item["body"]).startswith(case.sentence), (name, item["body"])
        assert REPLACEMENT not in json.dumps(item, ensure_ascii=False), name
    assert stat(log, "newscrawler/charset/corrected") >= 6
    assert "its bytes are cp1252" in log


def test_extract_gives_the_exact_text(tmp_path: Path) -> None:
    """`scrapy extract --from-list` of the saved pages (no headers) gives every sentence exactly."""
    listing = tmp_path / "pages.jsonl"
    lines = []
    for name, case in CASES.items():
        (tmp_path / f"{name}.html").write_bytes(case.body)
        lines.append(json.dumps({"file": f"{name}.html", "url": f"http://127.0.0.1/{name}.html"}))
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_scrapy(
        "extract", "--from-list", str(listing), "--site", "localtext",
        "-s", "SPIDER_MODULES=tests.spiders.local_text",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    records = {
        json.loads(line)["url"].rsplit("/", 1)[-1].removesuffix(".html"): json.loads(line)
        for line in result.stdout.splitlines()
    }
    assert sorted(records) == sorted(CASES)
    for name, case in CASES.items():
        assert case.sentence in records[name]["title"], name
        assert records[name]["body"].startswith(case.sentence), (name, records[name]["body"])
        assert REPLACEMENT not in result.stdout
