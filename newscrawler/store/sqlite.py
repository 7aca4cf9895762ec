"""The SQLite store (the default): one file, WAL, a busy timeout, locks as OS file locks."""

from __future__ import annotations

import fcntl
import os
import sqlite3
from pathlib import Path
from typing import IO

from newscrawler.store.base import Store, StoreError

__all__ = ["SqliteStore"]


class SqliteStore(Store):
    """A store in an SQLite file; ``:memory:`` for a throwaway one."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 30.0) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(
                str(path), timeout=busy_timeout, check_same_thread=False, isolation_level="DEFERRED"
            )
            connection.execute("PRAGMA journal_mode=WAL")
            # With WAL, NORMAL loses no committed transaction on a process crash (only on power loss).
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as error:
            raise StoreError(
                f"cannot open the SQLite store {path}: {error}; check the path and its folder"
            ) from None
        super().__init__(connection)
        self._locks: dict[str, IO[bytes]] = {}

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
