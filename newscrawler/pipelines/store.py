"""StorePipeline: deduplicate every item against the store, store it, and export each run's new articles.

Three layers of duplicates, across runs and sites: the same canonical URL (the stored article is
updated when its content changed, ``first_seen`` kept), the same content hash on another URL
(syndicated copies), and a SimHash within ``NEWSCRAWLER_SIMHASH_THRESHOLD`` bits (lightly edited
copies), found through the store's band index. Only new articles go on to feeds; a duplicate is
stored as a record of what it repeats.

A run holds the spider's lock in the store for its whole life and records itself in ``runs``; at
its end (``spider_closed``) it records its close reason, counts and verdict (reason and figures,
from the ``RunVerdict`` extension) and writes ``<NEWSCRAWLER_EXPORT_DIR>/<spider>/<UTC start>.jsonl``
with the articles new in it, through a temporary name renamed when complete. A run killed before
that gets its file written by the next run of the spider, from the store: the store is the truth,
the files are views of it.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured

from newscrawler.extensions.verdict import RunVerdict
from newscrawler.extraction.dates import format_iso
from newscrawler.extraction.urls import UrlRules, canonicalize_url
from newscrawler.items import article_record, to_json_line
from newscrawler.runfiles import publish, run_name, run_stamp, run_started, temporary_path
from newscrawler.sites import site_registry
from newscrawler.store import ArticleWrite, Store, StoreError, open_store

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from scrapy.crawler import Crawler

__all__ = ["StorePipeline", "url_key"]

T = TypeVar("T")


class StorePipeline:
    """Dedup, store and per-run export (see the module docstring).

    Settings: ``NEWSCRAWLER_STORE_ENABLED``, ``NEWSCRAWLER_DATABASE_URL`` (empty: an SQLite file
    under output/), ``NEWSCRAWLER_SIMHASH_THRESHOLD``, ``NEWSCRAWLER_STORE_BATCH`` (articles per
    transaction), ``NEWSCRAWLER_STORE_FLUSH_AFTER`` (seconds before a batch that does not fill is
    written anyway), ``NEWSCRAWLER_EXPORT_DIR`` (empty: no per-run files), ``NEWSCRAWLER_LOCK_WAIT``
    (seconds to wait for a running crawl of the same spider before giving up).
    """

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWLER_STORE_ENABLED"):
            raise NotConfigured("NEWSCRAWLER_STORE_ENABLED is off")
        self.crawler = crawler
        self.url: str = settings.get("NEWSCRAWLER_DATABASE_URL") or ""
        self.threshold = settings.getint("NEWSCRAWLER_SIMHASH_THRESHOLD")
        if not 0 <= self.threshold <= 15:
            raise ValueError(
                f"NEWSCRAWLER_SIMHASH_THRESHOLD is {self.threshold}: give 0 to 15 bits (default 10; "
                "0 turns near-duplicate detection off)"
            )
        self.batch_size = max(1, settings.getint("NEWSCRAWLER_STORE_BATCH"))
        export_dir = settings.get("NEWSCRAWLER_EXPORT_DIR") or ""
        self.export_dir: Path | None = Path(export_dir) if export_dir else None
        self.lock_wait = settings.getfloat("NEWSCRAWLER_LOCK_WAIT")
        self.url_rules = site_registry(settings).url_rules
        # One thread owns the store's connection: writes and lookups never run on the reactor.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newscrawler-store")
        self.store: Store | None = None
        self.run_id: int | None = None
        self.started = run_started(crawler)  # the run's archive (middlewares/archive.py) shares it
        self.flush_after = max(0.0, settings.getfloat("NEWSCRAWLER_STORE_FLUSH_AFTER"))
        self._pending: list[ArticleWrite] = []
        # Set when the pending batch is committed: a new article waits for it before it goes on to
        # feeds (-O) and item_scraped, so those receive exactly what the store holds.
        self._committed: asyncio.Future[None] | None = None
        self._flush_timer: asyncio.TimerHandle | None = None
        self._pending_by_url: dict[str, ArticleWrite] = {}
        self._pending_by_hash: dict[str, ArticleWrite] = {}
        # Scrapy runs items of different pages concurrently; deciding "duplicate of what" must see
        # every earlier item, so items go through the decision and the batch one at a time.
        self._deciding = asyncio.Lock()
        self._timer_tasks: set[asyncio.Task[None]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        """Build the pipeline from the crawler's settings; the run ends at ``spider_closed``."""
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    @property
    def spider_name(self) -> str:
        """The run's name (the lock's, the ``runs`` rows' and the export folder's name)."""
        return run_name(self.crawler.spider)

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function(*args)`` on the store's thread and wait for it without blocking the reactor."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)

    # --- run lifecycle -------------------------------------------------------------------------------

    async def open_spider(self) -> None:
        """Open the store, take the spider's lock, write files of killed runs, record this run."""
        if self.crawler.stats is not None:
            # Present, even at 0, in every run that stores: the verdict tells "0 new" from "no store".
            self.crawler.stats.set_value("newscrawler/store/new", 0)
        self.store = await self.call(open_store, self.url)
        name = self.spider_name
        deadline = time.monotonic() + max(0.0, self.lock_wait)
        while not await self.call(self.store.acquire_lock, name):
            if time.monotonic() >= deadline:
                await self.call(self.store.close)
                self.store = None
                raise StoreError(
                    f"another crawl of {name} is running on this store (it holds the lock): this run stops "
                    f"without touching anything; let it finish, or set NEWSCRAWLER_LOCK_WAIT to wait for it"
                )
            await asyncio.sleep(1.0)
        self.run_id = await self.call(self.store.start_run, name, format_iso(self.started))
        await self.call(self._export_unexported, self.run_id)

    async def close_spider(self) -> None:
        """Store what is pending; the run itself ends at ``spider_closed``, once it has its verdict."""
        await self.flush()

    async def spider_closed(self, reason: str) -> None:
        """Close the run (its close reason, counts and verdict), write its JSON Lines, release the lock.

        Scrapy closes the item pipelines before it sends ``spider_closed``, and only then knows the
        finish reason and can judge the run, so the run ends here rather than in ``close_spider``.
        """
        if self.store is None:
            return
        try:
            await self.flush()
            stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
            counts = {
                key.removeprefix("newscrawler/"): int(value)
                for key, value in stats.items()
                if key.startswith(("newscrawler/store/", "newscrawler/dedup/")) and isinstance(value, int)
            }
            extension = self.crawler.get_extension(RunVerdict)
            verdict = extension.verdict() if extension is not None else None
            now = format_iso(datetime.now(UTC))
            assert self.run_id is not None
            await self.call(
                partial(
                    self.store.finish_run,
                    self.run_id,
                    now,
                    reason,
                    counts,
                    verdict=verdict.name if verdict else None,
                    verdict_reason=verdict.reason if verdict else None,
                    figures=verdict.figures if verdict else None,
                )
            )
            await self.call(self._export_run, self.run_id, format_iso(self.started), None)
        finally:
            await self.call(self.store.close)
            self.store = None
            self._executor.shutdown(wait=False)

    # --- items ---------------------------------------------------------------------------------------

    async def process_item(self, item: Any) -> Any:
        """Store the item; pass it on when it is a new article, drop it (saying why) otherwise."""
        assert self.store is not None
        record = article_record(item)
        write = ArticleWrite(
            record=record,
            # The key the incremental check computes from a request's URL, before any page is seen.
            fetched_urls=[url_key(record["url"], self.url_rules)],
            seen_at=record.get("crawled_at") or format_iso(datetime.now(UTC)),
            run_id=self.run_id,
            layout=getattr(item, "layout", None),
            layers=dict(getattr(item, "layers", None) or {}),
        )
        async with self._deciding:
            layer, original = await self._duplicate_of(record)
            if layer in ("content", "near"):
                write.duplicate_of, write.duplicate_kind = original, layer
            committed = self._add(write)
            if len(self._pending) >= self.batch_size:
                await self.flush()
        stats = self.crawler.stats
        if layer is None:
            # Exactly once: the item goes on (to -O feeds, item_scraped) only once its write is
            # committed; a run killed before that exports nothing of it, and the next run fetches it.
            await asyncio.shield(committed)
            if stats is not None:
                stats.inc_value("newscrawler/store/new")
            return item
        if stats is not None:
            stats.inc_value(f"newscrawler/dedup/{layer}")
        raise DropItem(f"{record['url']}: {_DROP_REASONS[layer]}", log_level="DEBUG")

    def _add(self, write: ArticleWrite) -> asyncio.Future[None]:
        """Add a write to the pending batch; return the future set when that batch is committed."""
        if self._committed is None:
            loop = asyncio.get_running_loop()
            self._committed = loop.create_future()
            # A batch that does not fill is written after NEWSCRAWLER_STORE_FLUSH_AFTER seconds: its
            # articles wait for the commit, and the crawl must not wait for them (the scraper's slot).
            self._flush_timer = loop.call_later(self.flush_after, self._flush_soon)
        self._pending.append(write)
        self._pending_by_url[write.record["canonical_url"]] = write
        self._pending_by_hash.setdefault(write.record["content_hash"], write)
        return self._committed

    def _flush_soon(self) -> None:
        self._flush_timer = None
        task = asyncio.ensure_future(self._flush_when_free())
        self._timer_tasks.add(task)
        task.add_done_callback(self._timer_tasks.discard)

    async def _flush_when_free(self) -> None:
        async with self._deciding:  # not in the middle of a decision that reads the pending batch
            await self.flush()

    async def flush(self) -> None:
        """Write the pending articles in one transaction, then let their items go on."""
        if self._flush_timer is not None:
            self._flush_timer.cancel()
            self._flush_timer = None
        if not self._pending or self.store is None:
            return
        batch, self._pending = self._pending, []
        committed, self._committed = self._committed, None
        self._pending_by_url.clear()
        self._pending_by_hash.clear()
        try:
            await self.call(self.store.write, batch)
        except BaseException as error:
            if committed is not None and not committed.done():
                committed.set_exception(error)
                committed.exception()  # retrieved here too: items of the batch may all be gone
            raise
        if committed is not None and not committed.done():
            committed.set_result(None)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("newscrawler/store/transactions")

    async def _duplicate_of(self, record: dict[str, Any]) -> tuple[str | None, int | None]:
        """Return the layer that finds the record a duplicate (url_*, content, near) and of what."""
        assert self.store is not None
        canonical, digest = record["canonical_url"], record["content_hash"]
        pending = self._pending_by_url.get(canonical)
        if pending is not None:
            return ("url_unchanged" if pending.record["content_hash"] == digest else "url_updated"), None
        stored = await self.call(self.store.by_url, canonical)
        if stored is not None:
            return ("url_unchanged" if stored.content_hash == digest else "url_updated"), stored.id
        if record.get("word_count", 0) == 0:
            return None, None
        if digest in self._pending_by_hash:
            await self.flush()  # the original must have an id before its copy can point at it
        original = await self.call(self.store.by_content_hash, digest)
        if original is not None:
            return "content", original.id
        if self.threshold:
            if any(self._close(w.record["simhash"], record["simhash"]) for w in self._pending):
                await self.flush()
            near = await self.call(self.store.near, record["simhash"], self.threshold)
            if near is not None:
                return "near", near.id
        return None, None

    def _close(self, a: str, b: str) -> bool:
        return (int(a, 16) ^ int(b, 16)).bit_count() <= self.threshold

    # --- incremental ---------------------------------------------------------------------------------

    async def known(self, keys: Sequence[str]) -> dict[str, str]:
        """Return which of these canonical URLs the store (or the pending batch) has: {key: fetched_at}."""
        found = {key: self._pending_by_url[key].seen_at for key in keys if key in self._pending_by_url}
        rest = [key for key in keys if key not in found]
        if rest and self.store is not None:
            found.update(await self.call(self.store.known_urls, rest))
        return found

    # --- JSON Lines of runs ---------------------------------------------------------------------------

    def _export_unexported(self, current: int) -> None:
        assert self.store is not None
        for run_id, started_at, finished_at in self.store.unexported_runs(self.spider_name, current):
            self._export_run(run_id, started_at, "killed" if finished_at is None else None)

    def _export_run(self, run_id: int, started_at: str, unfinished_reason: str | None) -> None:
        """Write the run's new articles to their final file name through a temporary one (store thread)."""
        assert self.store is not None
        now = format_iso(datetime.now(UTC))
        if self.export_dir is None:
            self.store.mark_exported(run_id, "", unfinished_reason or "finished", now)
            return
        folder = self.export_dir / self.spider_name
        folder.mkdir(parents=True, exist_ok=True)
        stamp = run_stamp(datetime.fromisoformat(started_at))
        final = folder / f"{stamp}.jsonl"
        # Runs started within one second share a stamp: the later one's name sorts after it ("_" after
        # "."), so the files still list in run order. A file of this very run (killed after its
        # rename) is redone.
        taken = {r["export_path"] for r in self.store.runs(self.spider_name) if r["id"] != run_id}
        if str(final) in taken:
            final = folder / f"{stamp}_{run_id}.jsonl"
        with temporary_path(final).open("w", encoding="utf-8") as out:
            for record in self.store.iter_articles(first_run=run_id):
                out.write(to_json_line(record) + "\n")
            publish(out, final)
        self.store.mark_exported(run_id, str(final), unfinished_reason or "finished", now)


_DROP_REASONS = {
    "url_unchanged": "already stored, unchanged",
    "url_updated": "already stored; its changed content updated the stored article",
    "content": "the same text as a stored article on another URL (recorded as its duplicate)",
    "near": "nearly the same text as a stored article (recorded as its near duplicate)",
}


def url_key(url: str, rules: UrlRules) -> str:
    """Return the store's key of a fetched URL (its canonical form; the URL itself if it has none)."""
    try:
        return canonicalize_url(url, rules=rules)
    except ValueError:
        return url
