"""A run's WARC of article pages: written by the archive middleware, read back by ``scrapy extract --warc``.

One file per run, ``<dir>/<spider>/<UTC start>.warc.gz``: a ``warcinfo`` record naming the spider,
then a ``request`` and a ``response`` record per article page, each record its own gzip member (so a
file cut short keeps every record before the cut). Response records carry the HTTP status line and
headers and the body as the crawl's spider saw it (content encodings already undone), and three
fields of ours:

* ``Newscrawler-Article``: the URL of the article the page belongs to (as the crawl requested it);
* ``Newscrawler-Page``: 1 for the article's first page, 2, 3, ... for its following pages;
* ``Newscrawler-Redirected-From``: a URL that redirected to this page (one field per redirect).

``WARC-Date`` is when the page was fetched, to the second; the article a page completes takes it as
its ``crawled_at``, in the crawl and when the archive is extracted again.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawler.runfiles import publish, temporary_path

__all__ = [
    "ALIAS_FIELD",
    "ARTICLE_FIELD",
    "PAGE_FIELD",
    "SPIDER_FIELD",
    "ArchivedPage",
    "SavedResponse",
    "WarcArchive",
    "WarcError",
    "WarcFile",
]

ARTICLE_FIELD = "Newscrawler-Article"
PAGE_FIELD = "Newscrawler-Page"
ALIAS_FIELD = "Newscrawler-Redirected-From"
#: The warcinfo field naming the spider that wrote the file.
SPIDER_FIELD = "spider"
#: Response headers that describe the wire, not the body as written (it is decoded and de-chunked).
_WIRE_HEADERS = frozenset({"content-length", "transfer-encoding"})
_GIVE = "give the .warc.gz files a crawl wrote with NEWSCRAWLER_ARCHIVE=1"


class WarcError(ValueError):
    """A WARC file that cannot be read to its end; the message is one line naming the file."""


@dataclass(frozen=True, slots=True)
class SavedResponse:
    """A fetched page as a crawl's spider saw it: final URL, status, headers, decoded body.

    ``fetched_at`` (ISO 8601 UTC, to the second) is when it was fetched; an article the page
    completes takes it as its ``crawled_at``.
    """

    url: str
    body: bytes
    headers: Sequence[tuple[str, str]] = ()
    status: int = 200
    fetched_at: str | None = None


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    """One article page of an archive: the response, its article's URL, its page number, its aliases."""

    response: SavedResponse
    article: str
    page: int = 1
    redirected_from: tuple[str, ...] = ()
    #: The WARC file it was read from.
    file: Path | None = None


def warc_date(iso: str) -> str:
    """Return an ISO 8601 time as a WARC-Date (UTC, ``Z``).

    >>> warc_date("2024-10-02T10:15:11+07:00")
    '2024-10-02T03:15:11Z'
    """
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_date(warc: str) -> str:
    """Return a WARC-Date as the ISO 8601 UTC text of ``crawled_at``.

    >>> iso_date("2024-10-02T03:15:11Z")
    '2024-10-02T03:15:11+00:00'
    """
    return datetime.fromisoformat(warc.replace("Z", "+00:00")).astimezone(UTC).isoformat(timespec="seconds")


class WarcFile:
    """A run's WARC being written: ``.<name>.tmp`` until :meth:`close` renames it to ``final``."""

    def __init__(self, final: Path, spider: str, software: str) -> None:
        self.final = final
        final.parent.mkdir(parents=True, exist_ok=True)
        self._file = temporary_path(final).open("wb")
        self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")
        info = {SPIDER_FIELD: spider, "software": software, "format": "WARC File Format 1.1"}
        self._writer.write_record(self._writer.create_warcinfo_record(final.name, info))

    @property
    def size(self) -> int:
        """Bytes written so far."""
        return self._file.tell()

    def write_page(
        self, page: ArchivedPage, request_line: str, request_headers: Sequence[tuple[str, str]], protocol: str
    ) -> None:
        """Write the request and response records of one article page."""
        response = page.response
        reason = _reason(response.status)
        headers = [(name, value) for name, value in response.headers if name.lower() not in _WIRE_HEADERS]
        headers.append(("Content-Length", str(len(response.body))))
        http = StatusAndHeaders(f"{response.status} {reason}".strip(), headers, protocol=protocol)
        fields: dict[str, str] = {ARTICLE_FIELD: page.article, PAGE_FIELD: str(page.page)}
        if response.fetched_at:
            fields["WARC-Date"] = warc_date(response.fetched_at)
        record = self._writer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(response.body),
            length=len(response.body),
            warc_headers_dict=fields,
            http_headers=http,
        )
        for url in page.redirected_from:
            record.rec_headers.add_header(ALIAS_FIELD, url)
        request = self._writer.create_warc_record(
            response.url,
            "request",
            http_headers=StatusAndHeaders(
                f"{request_line} {protocol}", list(request_headers), is_http_request=True
            ),
        )
        self._writer.write_request_response_pair(request, record)

    def close(self) -> None:
        """Finish the file: flushed to disk and renamed to its final name."""
        publish(self._file, self.final)


@dataclass(frozen=True, slots=True)
class _Entry:
    path: Path
    offset: int
    article: str
    page: int


class WarcArchive:
    """The article pages of one or more WARC files, read on demand by URL (constant memory).

    :meth:`add` reads a file through once, checking every record (gzip, digests) and noting where each
    article page is; a file damaged or cut short raises :class:`WarcError` after the pages before the
    damage were noted. :meth:`first_pages` lists the articles' first pages in archive order,
    :meth:`response` returns a page by its URL (or a URL that redirected to it), from the same file
    as the article's first page where it can.
    """

    def __init__(self) -> None:
        self._entries: list[_Entry] = []
        self._by_url: dict[str, _Entry] = {}
        self._by_file_url: dict[tuple[Path, str], _Entry] = {}

    def add(self, path: Path) -> None:
        """Note the article pages of the WARC at ``path``; raise WarcError naming what is wrong."""
        try:
            with path.open("rb") as stream:
                self._scan(path, stream)
        except OSError as error:
            raise WarcError(f"{path}: cannot read it ({error.strerror or error}); check the path") from None

    def _scan(self, path: Path, stream: io.BufferedReader) -> None:
        records = ArchiveIterator(stream, check_digests="raise")
        count = end = 0
        # warcio reports some damage only as text on stderr: it becomes this file's one error line.
        warnings = io.StringIO()
        try:
            with contextlib.redirect_stderr(warnings):
                for record in records:
                    record.raw_stream.read()  # to its end: gzip and digests are checked on the way
                    offset = records.get_record_offset()  # reads on to the next record
                    problem = _damage(record, warnings.getvalue())
                    if problem:
                        raise ArchiveLoadFailed(problem)
                    count += 1
                    end = offset + records.get_record_length()
                    self._note(path, offset, record)
            # warcio ends quietly where a record's headers are cut off.
            size = path.stat().st_size
            if count and end < size:
                raise ArchiveLoadFailed(f"{size - end} bytes after the last whole record")
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as error:
            problem = _printable(str(error)) or type(error).__name__
            if count == 0:
                raise WarcError(f"{path}: not a readable WARC file ({problem}); {_GIVE}") from None
            raise WarcError(
                f"{path}: damaged or cut short after {count} record(s) ({problem}); the pages before "
                "the damage were read, the rest needs an intact copy of the file"
            ) from None
        if count == 0:
            raise WarcError(f"{path}: not a WARC file (no record in it); {_GIVE}")

    def _note(self, path: Path, offset: int, record: Any) -> None:
        headers = record.rec_headers
        article = headers.get_header(ARTICLE_FIELD)
        url = headers.get_header("WARC-Target-URI")
        if record.rec_type != "response" or not article or not url:
            return
        entry = _Entry(path, offset, article, int(headers.get_header(PAGE_FIELD) or 1))
        self._entries.append(entry)
        for alias in [url, *(value for name, value in headers.headers if name == ALIAS_FIELD)]:
            self._by_url[alias] = entry
            self._by_file_url[path, alias] = entry

    def first_pages(self) -> Iterator[ArchivedPage]:
        """Yield every article's first page, in archive order (read one at a time)."""
        for entry in self._entries:
            if entry.page == 1:
                yield self._load(entry)

    def response(self, url: str, file: Path | None = None) -> SavedResponse | None:
        """Return the archived response for a request of ``url``, or None.

        Its capture in ``file`` (the run of the article's first page) when there is one, else the last.
        """
        entry = self._by_file_url.get((file, url)) if file is not None else None
        entry = entry or self._by_url.get(url)
        return self._load(entry).response if entry is not None else None

    def _load(self, entry: _Entry) -> ArchivedPage:
        try:
            with entry.path.open("rb") as stream:
                stream.seek(entry.offset)
                record = next(iter(ArchiveIterator(stream)))
                headers = record.rec_headers
                response = SavedResponse(
                    url=headers.get_header("WARC-Target-URI"),
                    body=record.raw_stream.read(),
                    headers=tuple(record.http_headers.headers),
                    status=int(record.http_headers.get_statuscode()),
                    fetched_at=iso_date(headers.get_header("WARC-Date")),
                )
        except (ArchiveLoadFailed, StopIteration, EOFError, OSError, ValueError, zlib.error) as error:
            raise WarcError(
                f"{entry.path}: the record at byte {entry.offset} cannot be read ({error})"
            ) from None
        aliases = tuple(value for name, value in headers.headers if name == ALIAS_FIELD)
        return ArchivedPage(response, entry.article, entry.page, aliases, entry.path)


def _printable(text: str) -> str:
    """One short line of ``text``, bytes that are not printable ASCII shown as ``?``."""
    line = " ".join(text.split())
    return "".join(c if " " <= c <= "~" else "?" for c in line)[:160]


def _damage(record: Any, warnings: str) -> str | None:
    """Return what is wrong with a record just read to its end, or None."""
    if record.format != "warc":
        return "not a WARC record"
    if record.rec_headers.get_header("Content-Length") is None:
        return "a record without its Content-Length"
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        return f"a record ends {missing} bytes early"
    if warnings.strip():
        return " ".join(warnings.split())
    return None


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
