"""A small local replay server for recorded pages, in the URL scheme of Wayback-style servers (pywb).

Run it for a crawl or a demo::

    python -m newscrawler.replay MANIFEST [--host 127.0.0.1] [--port 0] [--collection replay]

It prints one line, the replay prefix it serves (``http://127.0.0.1:PORT/COLLECTION/``), and then
answers ``GET PREFIX<original URL>`` with the recorded page. Crawl through it with
``scrapy crawl SITE -s NEWSCRAWLER_REPLAY_PREFIX=<that line>``. A Wayback timestamp segment after the
collection is accepted and ignored (``/replay/2022id_/https://...`` serves what ``/replay/https://...``
serves), so a prefix written for pywb works here too.

The manifest is JSON Lines, one recording a line::

    {"url": "https://www.example-news.id/a", "file": "a.html"}
    {"url": "https://www.example-news.id/sitemap.xml", "file": "sitemap.xml.gz"}
    {"url": "https://www.example-news.id/old", "status": 301, "location": "https://www.example-news.id/a"}

``file`` is relative to the manifest's folder (or absolute); a ``.gz`` file is served decompressed.
``content_type`` is optional (guessed from the extension), ``status`` defaults to 200, or to 302 with a
``location`` (absolute, or relative to ``url``), which is sent as ``Location: PREFIX<location>``.
Unknown URLs, robots.txt included, get 404. URLs match leniently on what does not change a page
(http/https, ``www.``, a trailing slash, default port, query parameter order), never on the query's
values: ``?page=2`` and ``?page=3`` are different pages. It serves only what it is asked for.

Tests use :func:`serve`, which runs the server in a background thread and logs the URLs asked for.
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import re
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit

__all__ = ["Recording", "ReplayServer", "load_manifest", "main", "match_key", "recordings_from", "serve"]

#: Content types by extension (after a ``.gz`` is taken off); others come from :mod:`mimetypes`.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
_COLLECTION = re.compile(r"[A-Za-z0-9._-]+")
#: A Wayback timestamp segment of a replay URL: digits and/or a two-letter modifier such as ``id_``.
WAYBACK_TIMESTAMP = re.compile(r"(?:\d{1,14}(?:[a-z]{2}_)?|[a-z]{2}_)/")


@dataclass(frozen=True, slots=True)
class Recording:
    """One recorded URL and what the server answers for it."""

    url: str
    file: Path | None
    status: int
    content_type: str
    location: str | None

    def body(self) -> bytes:
        """Return the recorded body, decompressed when the file is ``.gz``."""
        if self.file is None:
            return b""
        data = self.file.read_bytes()
        return gzip.decompress(data) if self.file.name.lower().endswith(".gz") else data


def match_key(url: str) -> str:
    """Return the key recordings are matched on: scheme, ``www.``, default port, trailing slash dropped.

    The query stays significant (its parameters sorted):

    >>> match_key("https://www.Example.id:443/a/?page=2&x=1")
    'example.id/a?page=2&x=1'
    >>> match_key("http://example.id/a?x=1&page=2") == match_key("https://www.example.id/a/?page=2&x=1")
    True
    >>> match_key("https://example.id/a?page=3") == match_key("https://example.id/a?page=2")
    False
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    port = parts.port
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=").rstrip("/")
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{host}{path}?{query}" if query else f"{host}{path}"


def guess_content_type(path: Path) -> str:
    """Return the content type of a recorded file from its extension (``.gz`` looked through)."""
    name = path.name.lower().removesuffix(".gz")
    suffix = Path(name).suffix
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def recordings_from(entries: Iterable[Mapping[str, Any]], base_dir: Path) -> list[Recording]:
    """Check manifest entries and return their recordings; ``file`` paths are relative to ``base_dir``.

    Raises ``ValueError`` naming the entry (counted from 1) and what is wrong with it.
    """
    return _check(((f"entry {number}", entry) for number, entry in enumerate(entries, start=1)), base_dir)


def _check(labelled: Iterable[tuple[str, Mapping[str, Any]]], base_dir: Path) -> list[Recording]:
    recordings: list[Recording] = []
    seen: set[str] = set()
    for label, entry in labelled:
        try:
            recording = _recording(entry, base_dir)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{label}: {error}") from None
        if recording.url in seen:
            raise ValueError(f"{label}: {recording.url} is recorded twice")
        seen.add(recording.url)
        recordings.append(recording)
    return recordings


def _recording(entry: Mapping[str, Any], base_dir: Path) -> Recording:
    url = entry["url"]
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise ValueError(f"url {url!r} is not an absolute http(s) URL")
    location = entry.get("location")
    if location is not None:
        location = urljoin(url, str(location))
    status = int(entry.get("status") or (302 if location else 200))
    if not 100 <= status <= 599:
        raise ValueError(f"status {status} of {url} is not an HTTP status")
    if (300 <= status < 400) != (location is not None):
        raise ValueError(f"{url}: give a 3xx status together with a location, or neither")
    file: Path | None = None
    if entry.get("file"):
        file = base_dir / Path(entry["file"]).expanduser()
        if not file.is_file():
            raise ValueError(f"file {file} of {url} does not exist")
    elif 200 <= status < 300:
        raise ValueError(f"{url} has status {status} but no file (the recorded body)")
    content_type = entry.get("content_type") or (guess_content_type(file) if file else "text/plain")
    return Recording(url=url, file=file, status=status, content_type=str(content_type), location=location)


def load_manifest(path: str | Path) -> list[Recording]:
    """Read a JSON Lines manifest (blank lines allowed); ``file`` paths are relative to its folder.

    Raises ``ValueError`` naming the manifest, the line and what is wrong with it.
    """
    manifest = Path(path)
    labelled: list[tuple[str, Mapping[str, Any]]] = []
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{manifest} line {number}: not JSON ({error})") from None
        if not isinstance(entry, dict):
            raise ValueError(f"{manifest} line {number}: not a JSON object")
        labelled.append((f"line {number}", entry))
    try:
        return _check(labelled, manifest.resolve().parent)
    except ValueError as error:
        raise ValueError(f"{manifest} {error}") from None


class ReplayServer(ThreadingHTTPServer):
    """An HTTP server answering ``GET PREFIX<original URL>`` with the recording of that URL.

    ``prefix`` is the replay prefix it serves; ``requests`` lists the original URLs asked for, in order.
    """

    daemon_threads = True

    def __init__(
        self,
        recordings: Iterable[Recording],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        collection: str = "replay",
        log: bool = False,
    ) -> None:
        if not _COLLECTION.fullmatch(collection):
            raise ValueError(f"collection {collection!r}: use letters, digits, '.', '_' or '-'")
        self.collection = collection
        self.log = log
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._exact: dict[str, Recording] = {}
        self._lenient: dict[str, Recording] = {}
        for recording in recordings:
            self._exact[recording.url] = recording
            self._lenient.setdefault(match_key(recording.url), recording)
        super().__init__((host, port), _ReplayRequestHandler)

    @property
    def prefix(self) -> str:
        """Return the replay prefix: ``http://HOST:PORT/COLLECTION/``."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/{self.collection}/"

    def lookup(self, url: str) -> Recording | None:
        """Return the recording of ``url``: the exact URL first, else one that matches leniently."""
        return self._exact.get(url) or self._lenient.get(match_key(url))

    def split_path(self, path: str) -> tuple[str, str] | None:
        """Split a request path into (the replay prefix path it used, the original URL), or None."""
        head = f"/{self.collection}/"
        if not path.startswith(head):
            return None
        rest = path[len(head) :]
        stamp = WAYBACK_TIMESTAMP.match(rest)
        if stamp:
            head, rest = head + stamp.group(), rest[stamp.end() :]
        rest = re.sub(r"^(https?):/+", r"\1://", rest)
        if not re.match(r"https?://[^/?#]", rest):
            return None
        return head, rest

    def record_request(self, url: str) -> None:
        """Add ``url`` to the request log."""
        with self._lock:
            self.requests.append(url)


class _ReplayRequestHandler(BaseHTTPRequestHandler):
    server_version = "newscrawler-replay"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, *, send_body: bool) -> None:
        server = cast("ReplayServer", self.server)
        split = server.split_path(self.path)
        if split is None:
            self._send(404, "text/plain; charset=utf-8", b"not a replay URL\n", send_body=send_body)
            return
        used_prefix, url = split
        server.record_request(url)
        recording = server.lookup(url)
        if recording is None:
            self._send(404, "text/plain; charset=utf-8", b"not recorded\n", send_body=send_body)
            return
        location = None
        if recording.location is not None:
            host = self.headers.get("Host") or "{}:{}".format(*server.server_address[:2])
            target = quote(recording.location, safe=":/?#[]@!$&'()*+,;=%~")
            location = f"http://{host}{used_prefix}{target}"
        self._send(recording.status, recording.content_type, recording.body(), location, send_body=send_body)

    def _send(
        self, status: int, content_type: str, body: bytes, location: str | None = None, *, send_body: bool
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if location is not None:
            self.send_header("Location", location)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        if cast("ReplayServer", self.server).log:
            super().log_message(format, *args)


@contextmanager
def serve(
    manifest_or_entries: str | Path | Iterable[Mapping[str, Any]],
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    collection: str = "replay",
    base_dir: str | Path = ".",
    log: bool = False,
) -> Iterator[ReplayServer]:
    """Run a replay server in a background thread for the ``with`` block.

    Give a manifest path, or manifest entries (dicts) whose relative ``file`` paths are under
    ``base_dir``::

        with serve([{"url": "https://a.id/x", "file": str(page)}]) as server:
            urlopen(server.prefix + "https://a.id/x")
    """
    if isinstance(manifest_or_entries, str | Path):
        recordings = load_manifest(manifest_or_entries)
    else:
        recordings = recordings_from(manifest_or_entries, Path(base_dir))
    server = ReplayServer(recordings, host=host, port=port, collection=collection, log=log)
    thread = threading.Thread(target=server.serve_forever, name="replay-server", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def main(argv: list[str] | None = None) -> int:
    """Serve a manifest until interrupted; print the replay prefix as the first line of stdout."""
    parser = argparse.ArgumentParser(
        prog="python -m newscrawler.replay", description="Serve recorded pages as a Wayback-style replay."
    )
    parser.add_argument("manifest", type=Path, help="JSON Lines: url, file, [status, content_type, location]")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one (default)")
    parser.add_argument("--collection", default="replay", help="first path segment of the prefix")
    args = parser.parse_args(argv)
    try:
        recordings = load_manifest(args.manifest)
        server = ReplayServer(
            recordings, host=args.host, port=args.port, collection=args.collection, log=True
        )
    except (OSError, ValueError) as error:
        print(f"newscrawler.replay: {error}", file=sys.stderr)
        return 2
    print(server.prefix, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
