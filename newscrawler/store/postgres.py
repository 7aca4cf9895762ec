"""The PostgreSQL store (for shared use): psycopg 3, locks as session advisory locks."""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any, ClassVar

from newscrawler.store.base import Store, StoreError

__all__ = ["PostgresStore"]


class PostgresStore(Store):
    """A store in a PostgreSQL database given by a ``postgresql://`` URL."""

    placeholder = "%s"
    types: ClassVar[Mapping[str, str]] = {"id": "BIGSERIAL PRIMARY KEY", "big": "BIGINT", "text": "TEXT"}

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                "NEWSCRAWLER_DATABASE_URL is a PostgreSQL URL but psycopg is not installed: "
                "pip install 'psycopg[binary]>=3.2'"
            ) from None
        try:
            # Autocommit for single statements; transaction() groups the writes that belong together.
            connection: Any = psycopg.connect(url, connect_timeout=10, autocommit=True)
        except psycopg.Error as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise StoreError(f"cannot connect to the PostgreSQL store: {first_line}; check the URL") from None
        if read_only:
            # Reading commands (export, health): the server refuses any write of this session.
            connection.execute("SET default_transaction_read_only = on")
        super().__init__(connection)

    def describe(self) -> str:
        """Return how messages name the store (the URL is left out: it may hold a password)."""
        return "(PostgreSQL, NEWSCRAWLER_DATABASE_URL)"

    def transaction(self) -> AbstractContextManager[Any]:
        """Return psycopg's transaction block (``with connection:`` would close the connection)."""
        block: AbstractContextManager[Any] = self.connection.transaction()
        return block

    def acquire_lock(self, name: str) -> bool:
        """Take a session advisory lock: PostgreSQL drops it when the connection ends, crash or not."""
        row = self._one("SELECT pg_try_advisory_lock(?)", (_lock_key(name),))
        return bool(row[0])

    def release_lock(self, name: str) -> None:
        """Release the advisory lock."""
        self._execute("SELECT pg_advisory_unlock(?)", (_lock_key(name),))

    def integrity_problems(self) -> list[str]:
        """Check what PostgreSQL does not check itself: fetched URLs all point at an article."""
        row = self._one(
            "SELECT COUNT(*) FROM fetched f LEFT JOIN articles a ON a.id = f.article_id WHERE a.id IS NULL"
        )
        return [f"{row[0]} fetched URLs without their article"] if row[0] else []


def _lock_key(name: str) -> int:
    """Return a stable 63-bit key for a lock name (advisory locks take a bigint)."""
    return zlib.crc32(f"newscrawler:{name}".encode()) | (zlib.crc32(name.encode()) << 31)
