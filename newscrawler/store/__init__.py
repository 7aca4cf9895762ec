"""The store behind one interface: SQLite (default, a file under the project's output/) or PostgreSQL.

>>> with open_store(":memory:") as store:
...     store.migrate()
...     store.count("articles")
0
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from scrapy.utils.conf import closest_scrapy_cfg

from newscrawler.store.base import ArticleWrite, Store, StoredArticle, StoreError
from newscrawler.store.sqlite import SqliteStore

__all__ = [
    "DEFAULT_DATABASE",
    "ArticleWrite",
    "Store",
    "StoreError",
    "StoredArticle",
    "open_store",
    "project_path",
    "sqlite_path",
]

logger = logging.getLogger(__name__)

#: Where the store lives when NEWSCRAWLER_DATABASE_URL is empty, relative to the project (scrapy.cfg's
#: folder).
DEFAULT_DATABASE = "output/newscrawler.sqlite"


def project_path(relative: str) -> str:
    """Return ``relative`` resolved against the project folder (that of the closest ``scrapy.cfg``).

    Without a ``scrapy.cfg`` above the current folder (a deployed egg, a bare SCRAPY_SETTINGS_MODULE),
    ``relative`` is returned as it is: relative to the current folder.
    """
    cfg = closest_scrapy_cfg()
    return str(Path(cfg).parent / relative) if cfg else relative


def open_store(url: str | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``url``: ``postgresql://...``, ``sqlite:///path``, a file path, or the default.

    Read-write (a crawl): the schema is created or migrated on opening; an SQLite file is created
    when absent, never the folder of one the URL names (the default's, the project's output/, is).
    ``read_only`` (export, health): nothing is written, a missing store is refused and the schema
    must be current. Raises :class:`StoreError` with the fix.
    """
    target = (url or "").strip() or DEFAULT_DATABASE
    store: Store
    if target.startswith(("postgresql://", "postgres://")):
        from newscrawler.store.postgres import PostgresStore

        store = PostgresStore(target, read_only=read_only)
    else:
        path = sqlite_path(url)
        assert path is not None
        if not read_only and not (url or "").strip():
            # The default's folder (the project's output/) is newscrawler's own: made when absent. A
            # folder the user named is not: a missing one is more likely a typo than a wish.
            with contextlib.suppress(OSError):  # a file in its place: SqliteStore says so
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        if not read_only and path != ":memory:" and not Path(path).exists():
            logger.info("no store at %s yet: creating a new, empty one", path)
        store = SqliteStore(path, read_only=read_only)
    try:
        if read_only:
            store.check_schema()
        else:
            store.migrate()
    except Exception:
        store.close()
        raise
    return store


def sqlite_path(url: str | None = None) -> str | None:
    """Return the SQLite file ``url`` names (see :func:`open_store`), or None for PostgreSQL.

    The default (an empty ``url``) is resolved against the project folder (:func:`project_path`).

    >>> sqlite_path("sqlite:///output/a.sqlite"), sqlite_path("postgresql://h/db")
    ('output/a.sqlite', None)
    >>> sqlite_path("") == project_path(DEFAULT_DATABASE)
    True
    """
    target = (url or "").strip()
    if not target:
        return project_path(DEFAULT_DATABASE)
    if target.startswith(("postgresql://", "postgres://")):
        return None
    if target.startswith("sqlite:"):
        # SQLAlchemy's form: sqlite:///relative/path, sqlite:////absolute/path.
        path = target.removeprefix("sqlite:///") if target.startswith("sqlite:///") else ""
        if not path:
            raise StoreError(
                f"NEWSCRAWLER_DATABASE_URL {url!r} names no file: give sqlite:///path/to/store.sqlite"
            )
        return path
    if "://" in target:
        raise StoreError(
            f"NEWSCRAWLER_DATABASE_URL {url!r}: unknown kind of database; "
            "give postgresql://... or a SQLite path"
        )
    return target
