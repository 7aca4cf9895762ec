"""The store behind one interface: SQLite (default, a file under output/) or PostgreSQL.

>>> with open_store(":memory:") as store:
...     store.migrate()
...     store.count("articles")
0
"""

from __future__ import annotations

from newscrawler.store.base import ArticleWrite, Store, StoredArticle, StoreError
from newscrawler.store.sqlite import SqliteStore

__all__ = [
    "DEFAULT_DATABASE",
    "ArticleWrite",
    "Store",
    "StoreError",
    "StoredArticle",
    "open_store",
    "sqlite_path",
]

#: Where the store lives when NEWSCRAWLER_DATABASE_URL is empty.
DEFAULT_DATABASE = "output/newscrawler.sqlite"


def open_store(url: str | None = None) -> Store:
    """Open the store at ``url``: ``postgresql://...``, ``sqlite:///path``, a file path, or the default.

    The schema is created or migrated on opening. Raises :class:`StoreError` with the fix.
    """
    target = (url or "").strip() or DEFAULT_DATABASE
    store: Store
    if target.startswith(("postgresql://", "postgres://")):
        from newscrawler.store.postgres import PostgresStore

        store = PostgresStore(target)
    else:
        path = sqlite_path(url)
        assert path is not None
        store = SqliteStore(path)
    try:
        store.migrate()
    except Exception:
        store.close()
        raise
    return store


def sqlite_path(url: str | None = None) -> str | None:
    """Return the SQLite file ``url`` names (see :func:`open_store`), or None for PostgreSQL.

    >>> sqlite_path("sqlite:///output/a.sqlite"), sqlite_path(""), sqlite_path("postgresql://h/db")
    ('output/a.sqlite', 'output/newscrawler.sqlite', None)
    """
    target = (url or "").strip() or DEFAULT_DATABASE
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
