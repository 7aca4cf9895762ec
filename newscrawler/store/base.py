"""The store: articles, fetched URLs and runs, behind one interface for SQLite and PostgreSQL.

All SQL is written once here, in the subset both databases speak; a backend (``sqlite.py``,
``postgres.py``) gives its connection, placeholder style, column types and lock. Methods are
synchronous and not thread-safe: the crawl calls them from one worker thread.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, ClassVar, Self

from newscrawler.extraction.fingerprint import simhash_bands, simhash_neighbours
from newscrawler.items import ARTICLE_FIELDS

__all__ = ["SCHEMA_VERSION", "ArticleWrite", "Store", "StoreError", "StoredArticle"]


class StoreError(RuntimeError):
    """A store that cannot be opened, migrated or locked; the message says what to do."""


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """What dedup needs to know of a stored article."""

    id: int
    canonical_url: str
    content_hash: str
    simhash: str
    first_seen: str
    duplicate_of: int | None = None


@dataclass(slots=True)
class ArticleWrite:
    """One article to store with the URLs that were fetched for it, in one transaction.

    ``duplicate_of`` names the stored article it repeats (``duplicate_kind``: ``content`` or
    ``near``); such a row is kept as a record, never exported as a new article.
    """

    record: dict[str, Any]
    fetched_urls: Sequence[str]
    seen_at: str
    run_id: int | None
    duplicate_of: int | None = None
    duplicate_kind: str | None = None
    #: The site layout that matched the page (None: no layout, fallbacks only) and each field's layer.
    layout: str | None = None
    layers: Mapping[str, str] = field(default_factory=dict)
    outcome: str = field(default="", init=False)


# Each migration is a list of statements; ``{id}``, ``{big}`` and ``{text}`` are the backend's types.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE runs (
            id {id}, spider {text} NOT NULL, started_at {text} NOT NULL, finished_at {text},
            close_reason {text}, counts {text}, export_path {text})""",
        """CREATE TABLE articles (
            id {id}, canonical_url {text} NOT NULL UNIQUE, url {text} NOT NULL, source {text} NOT NULL,
            content_hash {text} NOT NULL, simhash {text} NOT NULL,
            band0 INTEGER NOT NULL, band1 INTEGER NOT NULL, band2 INTEGER NOT NULL, band3 INTEGER NOT NULL,
            published_at {text}, published_utc {text}, modified_at {text},
            first_seen {text} NOT NULL, last_seen {text} NOT NULL,
            first_run {big}, changed_run {big}, duplicate_of {big} REFERENCES articles (id),
            duplicate_kind {text}, item {text} NOT NULL)""",
        "CREATE INDEX articles_content_hash ON articles (content_hash)",
        "CREATE INDEX articles_band0 ON articles (band0)",
        "CREATE INDEX articles_band1 ON articles (band1)",
        "CREATE INDEX articles_band2 ON articles (band2)",
        "CREATE INDEX articles_band3 ON articles (band3)",
        "CREATE INDEX articles_first_run ON articles (first_run)",
        "CREATE INDEX articles_source_published ON articles (source, published_utc)",
        """CREATE TABLE fetched (
            url {text} PRIMARY KEY, article_id {big} NOT NULL REFERENCES articles (id),
            outcome {text} NOT NULL, fetched_at {text} NOT NULL, run_id {big})""",
    ),
    (
        # A run's verdict (ok, broken, blocked, failing, empty), its one-line reason and its figures.
        "ALTER TABLE runs ADD COLUMN verdict {text}",
        "ALTER TABLE runs ADD COLUMN verdict_reason {text}",
        "ALTER TABLE runs ADD COLUMN figures {text}",
        # Which of the site's layouts matched the page, and which layer supplied each field (JSON).
        "ALTER TABLE articles ADD COLUMN layout {text}",
        "ALTER TABLE articles ADD COLUMN layers {text}",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
_ARTICLE_COLUMNS = "id, canonical_url, content_hash, simhash, first_seen, duplicate_of"
_RUN_COLUMNS = (
    "id",
    "spider",
    "started_at",
    "finished_at",
    "close_reason",
    "counts",
    "export_path",
    "verdict",
    "verdict_reason",
    "figures",
)


class Store(ABC):
    """Articles (unique canonical URL), fetched URLs and runs; see the module docstring."""

    #: DB-API placeholder of the backend.
    placeholder = "?"
    #: Column types filled into MIGRATIONS.
    types: ClassVar[Mapping[str, str]] = {"id": "INTEGER PRIMARY KEY", "big": "INTEGER", "text": "TEXT"}

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    # --- backend hooks ----------------------------------------------------------------------------

    @abstractmethod
    def acquire_lock(self, name: str) -> bool:
        """Take the lock ``name`` for this process (released at close or when the process dies)."""

    @abstractmethod
    def release_lock(self, name: str) -> None:
        """Give the lock ``name`` back."""

    @abstractmethod
    def integrity_problems(self) -> list[str]:
        """Return what the database's own check finds wrong ([] when all is well)."""

    def transaction(self) -> AbstractContextManager[Any]:
        """Return a context manager that commits what runs inside it, or rolls it all back."""
        context: AbstractContextManager[Any] = self.connection
        return context

    def close(self) -> None:
        """Close the connection (locks go with it)."""
        self.connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- SQL helpers ------------------------------------------------------------------------------

    def _sql(self, statement: str) -> str:
        return statement.replace("?", self.placeholder) if self.placeholder != "?" else statement

    def _execute(self, statement: str, parameters: Sequence[Any] = ()) -> Any:
        cursor = self.connection.cursor()
        try:
            cursor.execute(self._sql(statement), tuple(parameters))
        except Exception as error:
            translated = self.translate_error(error)
            if translated is None:
                raise
            raise translated from error
        return cursor

    def translate_error(self, error: Exception) -> StoreError | None:
        """Return the :class:`StoreError` (problem and fix) a database error means, or None to keep it.

        A backend maps what a user can fix: a read-only or damaged file, a lost server.
        """
        return None

    def _one(self, statement: str, parameters: Sequence[Any] = ()) -> Any:
        return self._execute(statement, parameters).fetchone()

    def _insert(self, statement: str, parameters: Sequence[Any]) -> int:
        row = self._one(statement + " RETURNING id", parameters)
        return int(row[0])

    # --- schema -----------------------------------------------------------------------------------

    def migrate(self) -> None:
        """Create or bring the schema to SCHEMA_VERSION (a version table records where it is)."""
        with self.transaction():
            self._execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = self._one("SELECT version FROM schema_version")
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the store's schema is version {version}, newer than this newscrawler's "
                    f"{SCHEMA_VERSION}: upgrade newscrawler, or point NEWSCRAWLER_DATABASE_URL elsewhere"
                )
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    self._execute(statement.format(**self.types))
            if row is None:
                self._execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            else:
                self._execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))

    def check_schema(self) -> None:
        """Check, reading only, that the store holds newscrawler's schema at SCHEMA_VERSION.

        For a store opened read-only (export, health), which cannot migrate it.
        """
        try:
            row = self._one("SELECT version FROM schema_version")
        except StoreError:
            raise
        except Exception as error:
            detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise StoreError(
                f"the store {self.describe()} holds no newscrawler data ({detail}): run `scrapy crawl SITE` "
                "first, or point NEWSCRAWLER_DATABASE_URL at the store the crawls use"
            ) from error
        version = int(row[0]) if row else 0
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store's schema is version {version}, newer than this newscrawler's "
                f"{SCHEMA_VERSION}: upgrade newscrawler, or point NEWSCRAWLER_DATABASE_URL elsewhere"
            )
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"the store's schema is version {version}, older than this newscrawler's {SCHEMA_VERSION}: "
                "run `scrapy crawl SITE` once to bring it up to date (reading commands never write to it)"
            )

    def describe(self) -> str:
        """Return how messages name this store (a file path, a server)."""
        return "given by NEWSCRAWLER_DATABASE_URL"

    # --- runs -------------------------------------------------------------------------------------

    def start_run(self, spider: str, started_at: str) -> int:
        """Record a run's start; return its id."""
        with self.transaction():
            return self._insert("INSERT INTO runs (spider, started_at) VALUES (?, ?)", (spider, started_at))

    def finish_run(
        self,
        run_id: int,
        finished_at: str,
        reason: str,
        counts: Mapping[str, int],
        *,
        verdict: str | None = None,
        verdict_reason: str | None = None,
        figures: Mapping[str, Any] | None = None,
    ) -> None:
        """Record a run's end: its close reason, its counts, and its verdict with reason and figures."""
        with self.transaction():
            self._execute(
                "UPDATE runs SET finished_at = ?, close_reason = ?, counts = ?, verdict = ?, "
                "verdict_reason = ?, figures = ? WHERE id = ?",
                (
                    finished_at,
                    reason,
                    json.dumps(dict(counts), sort_keys=True),
                    verdict,
                    verdict_reason,
                    json.dumps(dict(figures), sort_keys=True, ensure_ascii=False)
                    if figures is not None
                    else None,
                    run_id,
                ),
            )

    def unexported_runs(self, spider: str, before: int) -> list[tuple[int, str, str | None]]:
        """Return runs of ``spider`` before run ``before`` whose JSON Lines were never written.

        Each as (id, started_at, finished_at); finished_at is None for a run that was killed.
        """
        cursor = self._execute(
            "SELECT id, started_at, finished_at FROM runs "
            "WHERE spider = ? AND id < ? AND export_path IS NULL ORDER BY id",
            (spider, before),
        )
        return [(int(r[0]), str(r[1]), r[2]) for r in cursor.fetchall()]

    def mark_exported(self, run_id: int, path: str, reason_if_unfinished: str, at: str) -> None:
        """Record where a run's JSON Lines are; a run that never finished (killed) is closed here."""
        with self.transaction():
            self._execute(
                "UPDATE runs SET finished_at = COALESCE(finished_at, ?), "
                "close_reason = COALESCE(close_reason, ?), export_path = ? WHERE id = ?",
                (at, reason_if_unfinished, path, run_id),
            )

    def runs(self, spider: str | None = None, *, last: int | None = None) -> list[dict[str, Any]]:
        """Every run (of ``spider``; only the ``last`` ones when given), oldest first.

        Each as a dict of the run's columns; ``counts`` and ``figures`` are decoded from their JSON.
        """
        statement = f"SELECT {', '.join(_RUN_COLUMNS)} FROM runs"
        parameters: tuple[Any, ...] = ()
        if spider:
            statement += " WHERE spider = ?"
            parameters = (spider,)
        statement += " ORDER BY id DESC"
        if last is not None:
            statement += " LIMIT ?"
            parameters += (max(0, last),)
        rows = self._execute(statement, parameters).fetchall()
        runs = [dict(zip(_RUN_COLUMNS, row, strict=True)) for row in reversed(rows)]
        for run in runs:
            for name in ("counts", "figures"):
                run[name] = json.loads(run[name]) if run[name] else None
        return runs

    def spiders(self) -> list[str]:
        """Return the spiders that have runs in the store, sorted."""
        return [str(row[0]) for row in self._execute("SELECT DISTINCT spider FROM runs ORDER BY spider")]

    # --- lookups ----------------------------------------------------------------------------------

    def known_urls(self, urls: Iterable[str]) -> dict[str, str]:
        """Of ``urls`` (canonical), those fetched before with their article, and when: {url: fetched_at}."""
        found: dict[str, str] = {}
        chunk: list[str] = []
        for url in urls:
            chunk.append(url)
            if len(chunk) == 500:
                found.update(self._known(chunk))
                chunk = []
        if chunk:
            found.update(self._known(chunk))
        return found

    def _known(self, urls: Sequence[str]) -> dict[str, str]:
        marks = ", ".join("?" for _ in urls)
        rows = self._execute(f"SELECT url, fetched_at FROM fetched WHERE url IN ({marks})", urls).fetchall()
        return {str(url): str(at) for url, at in rows}

    def by_url(self, canonical_url: str) -> StoredArticle | None:
        """Return the stored article of a canonical URL."""
        return self._article("WHERE canonical_url = ?", (canonical_url,))

    def by_content_hash(self, content_hash: str) -> StoredArticle | None:
        """Return the first stored original (not itself a duplicate) with this content hash."""
        return self._article("WHERE content_hash = ? AND duplicate_of IS NULL ORDER BY id", (content_hash,))

    def near(self, fingerprint: str, threshold: int) -> StoredArticle | None:
        """Return the closest stored original within ``threshold`` bits of SimHash, via the band index.

        The 64 bits are four 16-bit bands; two hashes within ``threshold`` bits agree within
        ``threshold // 4`` bits on at least one band, so only rows with such a band are compared.
        """
        radius = threshold // 4
        clauses, parameters = [], []
        for band, value in enumerate(simhash_bands(fingerprint)):
            values = simhash_neighbours(value, radius)
            clauses.append(f"band{band} IN ({', '.join('?' for _ in values)})")
            parameters.extend(values)
        statement = (
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE duplicate_of IS NULL AND ({' OR '.join(clauses)})"
        )
        best: tuple[int, StoredArticle] | None = None
        target = int(fingerprint, 16)
        for row in self._execute(statement, parameters).fetchall():
            article = StoredArticle(*row)
            distance = (int(article.simhash, 16) ^ target).bit_count()
            if distance <= threshold and (best is None or (distance, article.id) < (best[0], best[1].id)):
                best = (distance, article)
        return best[1] if best else None

    def _article(self, where: str, parameters: Sequence[Any]) -> StoredArticle | None:
        row = self._one(f"SELECT {_ARTICLE_COLUMNS} FROM articles {where}", parameters)
        return StoredArticle(*row) if row else None

    # --- writes -----------------------------------------------------------------------------------

    def write(self, batch: Sequence[ArticleWrite]) -> None:
        """Store a batch in one transaction; each write's ``outcome`` says what became of it.

        Outcomes: ``new``, ``duplicate`` (recorded with what it repeats), ``updated`` (same canonical
        URL, changed content: first_seen kept), ``unchanged``. The fetched URLs are recorded in the same
        transaction as their article, so a crash never leaves a URL marked fetched without it.
        """
        with self.transaction():
            for entry in batch:
                article_id = self._write_article(entry)
                for url in dict.fromkeys([*entry.fetched_urls, entry.record["canonical_url"]]):
                    self._record_fetch(url, article_id, entry)

    def _write_article(self, entry: ArticleWrite) -> int:
        record = entry.record
        existing = self._one(
            "SELECT id, content_hash, first_seen FROM articles WHERE canonical_url = ?",
            (record["canonical_url"],),
        )
        if existing is not None:
            article_id, old_hash, first_seen = int(existing[0]), existing[1], existing[2]
            if old_hash == record["content_hash"]:
                entry.outcome = "unchanged"
                self._execute("UPDATE articles SET last_seen = ? WHERE id = ?", (entry.seen_at, article_id))
                return article_id
            entry.outcome = "updated"
            self._update_article(
                article_id,
                record,
                {**record, "first_seen": first_seen},
                entry.layout,
                entry.layers,
                modified_at=record.get("modified_at") or entry.seen_at,
                last_seen=entry.seen_at,
                changed_run=entry.run_id,
            )
            return article_id
        entry.outcome = "duplicate" if entry.duplicate_of is not None else "new"
        return self._insert(
            "INSERT INTO articles (canonical_url, url, source, content_hash, simhash, band0, band1, band2, "
            "band3, published_at, published_utc, modified_at, first_seen, last_seen, first_run, changed_run, "
            f"duplicate_of, duplicate_kind, layout, layers, item) VALUES ({', '.join('?' * 21)})",
            (
                record["canonical_url"],
                record["url"],
                record["source"],
                record["content_hash"],
                record["simhash"],
                *simhash_bands(record["simhash"]),
                record.get("published_at"),
                _utc(record.get("published_at")),
                record.get("modified_at"),
                entry.seen_at,
                entry.seen_at,
                entry.run_id,
                entry.run_id,
                entry.duplicate_of,
                entry.duplicate_kind,
                entry.layout,
                _json(entry.layers),
                json.dumps({**record, "first_seen": entry.seen_at}, ensure_ascii=False),
            ),
        )

    def _update_article(
        self,
        article_id: int,
        record: Mapping[str, Any],
        item: Mapping[str, Any],
        layout: str | None,
        layers: Mapping[str, str],
        **columns: Any,
    ) -> None:
        """Write ``record``'s values over the stored article ``article_id`` (``item``: the JSON kept).

        ``columns`` sets other columns too, or other values for these (column names, never input).
        """
        values: dict[str, Any] = {
            "url": record["url"],
            "content_hash": record["content_hash"],
            "simhash": record["simhash"],
            **{f"band{band}": value for band, value in enumerate(simhash_bands(record["simhash"]))},
            "published_at": record.get("published_at"),
            "published_utc": _utc(record.get("published_at")),
            "modified_at": record.get("modified_at"),
            "layout": layout,
            "layers": _json(layers),
            "item": json.dumps(dict(item), ensure_ascii=False),
            **columns,
        }
        assignments = ", ".join(f"{name} = ?" for name in values)
        self._execute(f"UPDATE articles SET {assignments} WHERE id = ?", (*values.values(), article_id))

    def update_fields(self, record: Mapping[str, Any], layout: str | None, layers: Mapping[str, str]) -> str:
        """Bring the stored article of ``record``'s canonical URL up to ``record`` when a field differs.

        Every Article field but ``crawled_at`` is compared with the stored item. Returns ``updated``,
        ``unchanged`` or ``absent`` (no such article: nothing is inserted). An update writes the item
        (its ``crawled_at`` and ``first_seen`` kept), fingerprints, dates, layout and layers; when the
        article was seen and in which runs stay as they were.
        """
        with self.transaction():
            row = self._one(
                "SELECT id, item FROM articles WHERE canonical_url = ?", (record["canonical_url"],)
            )
            if row is None:
                return "absent"
            stored: dict[str, Any] = json.loads(row[1])
            if all(stored.get(name) == record.get(name) for name in ARTICLE_FIELDS if name != "crawled_at"):
                return "unchanged"
            kept = {"crawled_at": stored.get("crawled_at"), "first_seen": stored.get("first_seen")}
            self._update_article(int(row[0]), record, {**record, **kept}, layout, layers)
            return "updated"

    def _record_fetch(self, url: str, article_id: int, entry: ArticleWrite) -> None:
        parameters = (url, article_id, entry.outcome, entry.seen_at, entry.run_id)
        updated = self._execute(
            "UPDATE fetched SET article_id = ?, outcome = ?, fetched_at = ?, run_id = ? WHERE url = ?",
            (*parameters[1:], url),
        )
        if updated.rowcount == 0:
            self._execute(
                "INSERT INTO fetched (url, article_id, outcome, fetched_at, run_id) VALUES (?, ?, ?, ?, ?)",
                parameters,
            )

    # --- reading articles -------------------------------------------------------------------------

    def iter_articles(
        self,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        include_duplicates: bool = False,
        first_run: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Stream stored articles as their JSON records, oldest stored first.

        ``since``/``until`` (ISO 8601 with offset) bound ``published_at`` as instants; included
        duplicates carry ``duplicate_of`` (the canonical URL they repeat) and ``duplicate_kind``.
        """
        clauses: list[str] = []
        parameters: list[Any] = []
        if source:
            clauses.append("a.source = ?")
            parameters.append(source)
        if since:
            clauses.append("a.published_utc >= ?")
            parameters.append(_utc(since))
        if until:
            clauses.append("a.published_utc <= ?")
            parameters.append(_utc(until))
        if not include_duplicates:
            clauses.append("a.duplicate_of IS NULL")
        if first_run is not None:
            clauses.append("a.first_run = ?")
            parameters.append(first_run)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        statement = (
            "SELECT a.item, o.canonical_url, a.duplicate_kind FROM articles a "
            f"LEFT JOIN articles o ON o.id = a.duplicate_of {where} ORDER BY a.id"
        )
        for item, original, kind in self._stream(statement, parameters):
            record: dict[str, Any] = json.loads(item)
            if include_duplicates:
                record["duplicate_of"] = original
                record["duplicate_kind"] = kind
            yield record

    def _stream(self, statement: str, parameters: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        cursor = self._execute(statement, parameters)
        while True:
            try:
                rows = cursor.fetchmany(500)
            except Exception as error:
                translated = self.translate_error(error)
                if translated is None:
                    raise
                raise translated from error
            if not rows:
                return
            yield from rows

    def count(self, table: str) -> int:
        """Rows in one of the store's tables (``articles``, ``fetched``, ``runs``)."""
        if table not in ("articles", "fetched", "runs"):
            raise ValueError(f"no table {table!r} in the store")
        return int(self._one(f"SELECT COUNT(*) FROM {table}")[0])


def _json(value: Mapping[str, str]) -> str | None:
    return json.dumps(dict(value), sort_keys=True) if value else None


def _utc(value: str | None) -> str | None:
    """Return an ISO 8601 time with offset as UTC text, which sorts as time does."""
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
