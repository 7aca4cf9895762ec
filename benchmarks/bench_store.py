"""The SQLite store under load: batched writes, and the lookups every item and request makes.

Fills a fresh store with synthetic articles (random 64-bit SimHashes, distinct URLs and hashes) and
times, per operation: a batch of NEWSCRAWLER_STORE_BATCH writes, a content-hash lookup, a
near-duplicate query through the band index (threshold 10: four bands, radius 2) against a full
scan of every stored SimHash, and a known-URL lookup. Run: `.venv/bin/python -m benchmarks.bench_store`.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from newscrawler.store import ArticleWrite, open_store

SIZES = (1_000, 10_000, 50_000)
BATCH = 20
THRESHOLD = 10


def record(rng: random.Random, n: int) -> dict[str, object]:
    return {
        "url": f"https://contoh.id/berita/{n}",
        "canonical_url": f"https://contoh.id/berita/{n}",
        "source": "contoh",
        "title": f"Berita {n}",
        "published_at": "2024-10-04T09:15:00+07:00",
        "body": "",
        "content_hash": f"{rng.getrandbits(256):064x}",
        "simhash": f"{rng.getrandbits(64):016x}",
    }


def timed(function: object, *args: object) -> float:
    start = time.perf_counter()
    function(*args)  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def main() -> None:
    rng = random.Random(1)
    print(f"SQLite store, batches of {BATCH} writes, near-duplicate threshold {THRESHOLD} bits")
    header = ("stored", "batch write", "by hash", "near (index)", "near (scan)", "known URL")
    print(" ".join(f"{name:>{width}}" for name, width in zip(header, (8, 12, 9, 13, 12, 10), strict=True)))
    with tempfile.TemporaryDirectory() as folder, open_store(str(Path(folder) / "bench.sqlite")) as store:
        stored = 0
        for size in SIZES:
            batch_times = []
            while stored < size:
                batch = [
                    ArticleWrite(
                        record(rng, stored + i), [f"https://contoh.id/berita/{stored + i}"], "2024-10-04", 1
                    )
                    for i in range(BATCH)
                ]
                batch_times.append(timed(store.write, batch))
                stored += BATCH
            probes = [f"{rng.getrandbits(64):016x}" for _ in range(50)]
            by_hash = statistics.median(
                timed(store.by_content_hash, f"{rng.getrandbits(256):064x}") for _ in range(50)
            )
            near = statistics.median(timed(store.near, probe, THRESHOLD) for probe in probes)
            rows = store.connection.execute("SELECT simhash FROM articles").fetchall()

            def scan(probe: str, rows: list[tuple[str]] = rows) -> None:
                target = int(probe, 16)
                [h for (h,) in rows if (int(h, 16) ^ target).bit_count() <= THRESHOLD]

            full = statistics.median(timed(scan, probe) for probe in probes[:10])
            known = statistics.median(
                timed(store.known_urls, [f"https://contoh.id/berita/{rng.randrange(stored)}"])
                for _ in range(50)
            )
            print(
                f"{stored:>8} {statistics.median(batch_times):>9.2f} ms {by_hash:>6.3f} ms {near:>10.2f} ms "
                f"{full:>9.2f} ms {known:>7.3f} ms"
            )


if __name__ == "__main__":
    main()
