"""The SQLite store (the default): one file, WAL, a busy timeout, locks as OS file locks.

A store is opened read-write (a crawl: the file is created when absent, never its folder) or
read-only (export, health: a missing file is refused, nothing is written, not even the WAL mode).
Either way its pages are checked first (``PRAGMA quick_check``): a damaged file is refused, untouched.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from pathlib import Path
from typing import IO
from urllib.parse import quote

from newscrawler.store.base import Store, StoreError

__all__ = ["SqliteStore"]


class SqliteStore(Store):
    """A store in an SQLite file; ``:memory:`` for a throwaway one."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 30.0, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        memory = str(path) == ":memory:"
        if not memory:
            self._check_place()
        try:
            if read_only and not memory:
                uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
                connection = sqlite3.connect(uri, uri=True, timeout=busy_timeout, check_same_thread=False)
            else:
                connection = sqlite3.connect(
                    str(path), timeout=busy_timeout, check_same_thread=False, isolation_level="DEFERRED"
                )
        except sqlite3.Error as error:
            raise self._cannot_open(error) from error
        try:
            # Before any write (the WAL mode is one): a damaged file is refused as it is.
            rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check(1)").fetchall()]
            if rows != ["ok"]:
                raise sqlite3.DatabaseError(f"database disk image is malformed: {'; '.join(rows)[:200]}")
            if not read_only:
                connection.execute("PRAGMA journal_mode=WAL")
                # With WAL, NORMAL loses no committed transaction on a process crash (only on power loss).
                connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as error:
            connection.close()
            raise self._cannot_open(error) from error
        super().__init__(connection)
        self._locks: dict[str, IO[bytes]] = {}

    def describe(self) -> str:
        """Return the file's path, as messages name the store."""
        return str(self.path)

    def _check_place(self) -> None:
        """Refuse, with the fix, a store whose folder is missing or not a folder, or that cannot be opened."""
        path, folder = self.path, self.path.parent
        fix = "or point NEWSCRAWLER_DATABASE_URL at another file"
        if not folder.exists():
            raise StoreError(
                f"the folder {folder} of the SQLite store {path} does not exist: create it "
                f"(mkdir -p {folder}) if that is where the store belongs, {fix}"
            )
        if not folder.is_dir():
            raise StoreError(
                f"{folder}, the folder of the SQLite store {path}, is not a folder: move it away, {fix}"
            )
        if path.exists() and not path.is_file():
            raise StoreError(f"the SQLite store {path} is not a file: {fix.removeprefix('or ')}")
        if self.read_only:
            if not path.exists():
                raise StoreError(
                    f"no store at {path}: run `scrapy crawl SITE` first, or point NEWSCRAWLER_DATABASE_URL "
                    "at the store the crawls use (this command reads it, never creates it)"
                )
            if not os.access(path, os.R_OK):
                raise StoreError(
                    f"the SQLite store {path} is not readable: give it read permission (chmod u+r)"
                )
            return
        if path.exists() and not os.access(path, os.W_OK):
            raise self._read_only_error("the file is not writable")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise self._read_only_error(
                f"its folder {folder} is not writable (SQLite writes its -wal file there)"
            )

    def _read_only_error(self, why: str) -> StoreError:
        return StoreError(
            f"the SQLite store {self.path} is read-only ({why}): make the file and its folder writable "
            f"for this user (chmod u+w), or point NEWSCRAWLER_DATABASE_URL at a writable store"
        )

    def _cannot_open(self, error: sqlite3.Error) -> StoreError:
        return self.translate_error(error) or StoreError(
            f"cannot open the SQLite store {self.path}: {error}; check the path and its folder"
        )

    def translate_error(self, error: Exception) -> StoreError | None:
        """Map SQLite's read-only and damaged-file errors to a one-line problem and fix."""
        if not isinstance(error, sqlite3.DatabaseError):
            return None
        message = " ".join(str(error).split())[:300]
        if "readonly" in message or "read-only" in message:
            return self._read_only_error(message)
        if "malformed" in message or "not a database" in message or "disk I/O" in message:
            return StoreError(
                f"the SQLite store {self.path} is damaged ({message}); it was left as it is: restore it "
                f"from a backup or recover it (sqlite3 {self.path} .recover), "
                "or point NEWSCRAWLER_DATABASE_URL at another file"
            )
        return None

    def acquire_lock(self, name: str) -> bool:
        """Take an exclusive OS lock on ``<store>.<name>.lock``; the kernel drops it if we die."""
        if name in self._locks:
            return True
        handle = open(self._lock_path(name), "a+b")  # noqa: SIM115 (held open while locked)
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._locks[name] = handle
        return True

    def release_lock(self, name: str) -> None:
        """Release the lock (the file stays, unlocked: its presence means nothing)."""
        handle = self._locks.pop(name, None)
        if handle is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            handle.close()

    def _lock_path(self, name: str) -> Path:
        if str(self.path) == ":memory:":
            return Path(f"/tmp/newscrawler-memory-{os.getpid()}.{name}.lock")
        return self.path.with_name(f"{self.path.name}.{name}.lock")

    def integrity_problems(self) -> list[str]:
        """Run ``PRAGMA integrity_check`` and ``foreign_key_check``."""
        rows = [str(row[0]) for row in self.connection.execute("PRAGMA integrity_check").fetchall()]
        problems = [] if rows == ["ok"] else rows
        problems += [f"foreign key: {row}" for row in self.connection.execute("PRAGMA foreign_key_check")]
        return problems

    def close(self) -> None:
        """Release every lock and close the connection."""
        for name in list(self._locks):
            self.release_lock(name)
        super().close()
