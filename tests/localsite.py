"""A news site on 127.0.0.1 for crawl tests: routes answer what a test says; every request is logged.

Bounded: a route that hangs waits at most ``HANG`` seconds (or until the server stops), and the server
runs in a daemon thread, so a test never hangs.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.conftest import run_scrapy

#: Most seconds a hanging route waits before it answers after all.
HANG = 20.0
#: Settings of a quick crawl of the local site.
FAST = ("-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO")


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    hang: bool = False


@dataclass(frozen=True)
class Hit:
    at: float  # time.monotonic() when the request arrived
    host: str  # the Host header's name part
    path: str


def article(path: str) -> Answer:
    """A small article page (title and a body of some 60 words)."""
    tag = re.sub(r"\W", "", path)
    words = " ".join(f"kata{tag}x{n}" for n in range(60))  # distinct per page: never a duplicate
    page = (
        f"<html><head><meta charset='utf-8'><title>{path}</title></head><body>"
        f"<h1>Berita {path}</h1><article><p>{words}.</p><p>{words}.</p></article></body></html>"
    )
    return Answer(200, page, (("Content-Type", "text/html; charset=utf-8"),))


Route = Callable[[str, int], Answer]  # (path, how many times it was asked before) -> answer


@dataclass
class Site:
    """The server's routes and what it saw; ``port`` once it runs."""

    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    port: int = 0
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits]

    def answer(self, path: str) -> Answer:
        asked = sum(1 for hit in self.hits[:-1] if hit.path == path)
        route = self.routes.get(path)
        if route is None:
            return article(path) if path != "/robots.txt" else Answer(404, "no robots.txt")
        return route(path, asked)


@contextmanager
def serve(routes: Mapping[str, Route]) -> Iterator[Site]:
    """Run a site with ``routes`` (a missing path: an article page; a missing robots.txt: 404)."""
    site = Site(dict(routes))
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            host = re.sub(r":\d+$", "", self.headers.get("Host", ""))
            with lock:
                site.hits.append(Hit(time.monotonic(), host, self.path))
                answer = site.answer(self.path)
            if answer.hang:
                site.stop.wait(HANG)
            data = answer.body.encode("utf-8")
            try:
                self.send_response(answer.status)
                for name, value in answer.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the crawler gave up on it
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.stop.set()
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def crawl(urls: list[str], folder: str, *settings: str) -> tuple[int, str]:
    """Crawl ``urls`` with the local site's spider; return the exit status and the log."""
    args = ["crawl", "localnews", "-a", "urls=" + ",".join(urls)]
    args += ["-s", "SPIDER_MODULES=tests.spiders.local_news"]
    args += ["-s", f"NEWSCRAWLER_DATABASE_URL={folder}/store.sqlite"]
    args += ["-s", f"NEWSCRAWLER_EXPORT_DIR={folder}/out"]
    result = run_scrapy(*args, *FAST, *settings)
    return result.returncode, result.stderr


def last_line(log: str) -> str:
    return log.strip().splitlines()[-1]


def stat(log: str, key: str) -> int | None:
    """A numeric stat of the crawl's final stats dump, or None when absent."""
    found = re.search(rf"'{re.escape(key)}': (\d+(?:\.\d+)?)", log)
    return None if found is None else int(float(found.group(1)))
