"""Files a run writes beside each other: one start time, one stamp, written through a temporary name.

A run's JSON Lines (``<dir>/<run name>/<stamp>.jsonl``, the store pipeline) and its archive
(``<dir>/<run name>/<stamp>.warc.gz``, the archive middleware) carry the same stamp because both ask
:func:`run_started` for the run's start. Each is written as ``.<name>.tmp`` and renamed when complete
(:func:`publish`), so a file under its final name is always whole.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["publish", "run_name", "run_stamp", "run_started", "temporary_path"]

_STARTED: WeakKeyDictionary[Crawler, datetime] = WeakKeyDictionary()


def run_name(spider: object | None) -> str:
    """Return the name a run is known by: its lock, its ``runs`` rows, its folder, its verdict line.

    A spider's name, unless it names its runs otherwise (``run_name``: the generic spider's runs
    are its site's, one name per site).
    """
    return str(getattr(spider, "run_name", None) or getattr(spider, "name", "") or "crawl")


def run_started(crawler: Crawler) -> datetime:
    """Return the run's start (UTC, to the second), fixed by whichever component asks first."""
    return _STARTED.setdefault(crawler, datetime.now(UTC).replace(microsecond=0))


def run_stamp(moment: datetime) -> str:
    """Return the file stamp of a run started at ``moment``: its UTC time, ``%Y%m%dT%H%M%SZ``.

    >>> from datetime import timedelta, timezone
    >>> run_stamp(datetime(2024, 10, 2, 17, 5, 9, tzinfo=timezone(timedelta(hours=7))))
    '20241002T100509Z'
    """
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def temporary_path(final: Path) -> Path:
    """Return the name a file is written under until it is complete: ``.<name>.tmp`` beside it."""
    return final.with_name(f".{final.name}.tmp")


def publish(handle: BinaryIO | TextIO, final: Path) -> None:
    """Flush ``handle`` (open on ``temporary_path(final)``) to disk, close it and rename it to ``final``."""
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
    os.replace(temporary_path(final), final)
