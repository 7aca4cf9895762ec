"""Scrapy settings for newscrawler: Scrapy's own, then ours (``NEWSCRAWLER_*``)."""

from __future__ import annotations

from newscrawler import items as _items

BOT_NAME = "newscrawler"

SPIDER_MODULES = ["newscrawler.spiders"]
NEWSPIDER_MODULE = "newscrawler.spiders"
COMMANDS_MODULE = "newscrawler.commands"

USER_AGENT = "newscrawler/0.1 (news research crawler; respects robots.txt)"
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

DOWNLOADER_MIDDLEWARES = {
    # 40: before robots.txt (100) and everything else: a known article costs nothing.
    "newscrawler.middlewares.incremental.IncrementalMiddleware": 40,
    # 950: nearest the downloader, after HttpCacheMiddleware (900): marks only requests really sent out.
    "newscrawler.middlewares.replay.ReplayMiddleware": 950,
}
# The replay middleware's wire side; it passes every request through unchanged unless replay is on.
DOWNLOAD_HANDLERS = {
    "http": "newscrawler.middlewares.replay.ReplayDownloadHandler",
    "https": "newscrawler.middlewares.replay.ReplayDownloadHandler",
}

ITEM_PIPELINES = {
    "newscrawler.pipelines.normalize.NormalizePipeline": 100,
    "newscrawler.pipelines.validate.ValidatePipeline": 200,
    "newscrawler.pipelines.store.StorePipeline": 300,
}

FEED_EXPORT_ENCODING = "utf-8"
# Every feed format (-O x.json, x.csv, ...) exports the Article record's fields only, in their order.
FEED_EXPORT_FIELDS = list(_items.ARTICLE_FIELDS)
FEED_EXPORTERS = {
    "jsonlines": "newscrawler.exporters.ArticleJsonLinesExporter",
    "jsonl": "newscrawler.exporters.ArticleJsonLinesExporter",
    "jl": "newscrawler.exporters.ArticleJsonLinesExporter",
}

# --- newscrawler's own components ---
NEWSCRAWLER_NORMALIZE_ENABLED = True
# Drop items without a title or a body (they are not articles: a layout change, a block page).
NEWSCRAWLER_VALIDATE_ENABLED = True
# Zone of dates written without one; a spider's `timezone` attribute overrides it.
NEWSCRAWLER_TIMEZONE = "WIB"
# Extra whole-paragraph boilerplate rules (regular expressions) for every site.
NEWSCRAWLER_BOILERPLATE: list[str] = []
# Seconds a date may lie beyond "now" and still be a publication date.
NEWSCRAWLER_DATE_MAX_SKEW = 900
# Wayback-style replay server to crawl through (PREFIX + original URL), e.g.
# "http://127.0.0.1:8080/replay/" from `python -m newscrawler.replay MANIFEST`; empty: the live web.
NEWSCRAWLER_REPLAY_PREFIX = ""

# --- the store, duplicates and incremental runs ---
NEWSCRAWLER_STORE_ENABLED = True
# postgresql://user:password@host/db, sqlite:///path, or a path; empty: output/newscrawler.sqlite.
NEWSCRAWLER_DATABASE_URL = ""
# Bits two SimHashes may differ by and still be near duplicates (0: off). Measured on 167 real
# articles (README): 10 catches 95% of copies with one sentence replaced; distinct articles differ by 14+.
NEWSCRAWLER_SIMHASH_THRESHOLD = 10
# Articles written per transaction (a killed run loses at most these; the next run fetches them again).
NEWSCRAWLER_STORE_BATCH = 20
# Folder of the per-run JSON Lines (<dir>/<spider>/<UTC start>.jsonl); empty: none.
NEWSCRAWLER_EXPORT_DIR = "output"
# Seconds a run waits for a running crawl of the same spider before it stops (0: stop at once).
NEWSCRAWLER_LOCK_WAIT = 0
# Skip article pages the store already has (-a refresh=1 fetches them all again).
NEWSCRAWLER_INCREMENTAL_ENABLED = True
# Seconds after which a stored article is fetched again to see corrections (0: never); a spider's
# `revisit_after` attribute overrides it.
NEWSCRAWLER_REVISIT_AFTER = 0

# --- raw pages kept: each run's article pages as a WARC (newscrawler/middlewares/archive.py) ---
# Write the article pages a run fetched, with their HTTP headers, to <dir>/<spider>/<UTC start>.warc.gz
# (`scrapy extract --warc` extracts them again with today's code).
NEWSCRAWLER_ARCHIVE = False
# Folder of the archives; empty: NEWSCRAWLER_EXPORT_DIR's (beside the run's JSON Lines), else "output".
NEWSCRAWLER_ARCHIVE_DIR = ""
# 580: below HttpCompressionMiddleware (590), whose process_response runs first and decodes the body.
DOWNLOADER_MIDDLEWARES["newscrawler.middlewares.archive.ArchiveMiddleware"] = 580
SPIDER_MIDDLEWARES = {
    # Marks the following pages of multi-page articles for the archive; off with the archive.
    "newscrawler.middlewares.archive.ArchivePagesMiddleware": 950,
}

# --- the run's verdict (ok, empty, broken, failing, blocked) and the exit status ---
EXTENSIONS = {"newscrawler.extensions.verdict.RunVerdict": 500}
NEWSCRAWLER_VERDICT_ENABLED = True
# From this share of article pages answering 403/429, a challenge page, no article markup or no HTML: blocked.
NEWSCRAWLER_VERDICT_BLOCKED_SHARE = 0.5
# From this share of article pages that could not be fetched (404/5xx, timeouts, DNS): failing.
NEWSCRAWLER_VERDICT_FAILING_SHARE = 0.5
# Below this share of titles (or bodies) given by the site's own selectors, fallbacks carrying the rest:
# broken (0: never).
NEWSCRAWLER_VERDICT_SITE_SHARE = 0.8

# --- exactly once and memory (issue 11) ---
# Seconds after which a batch that did not reach NEWSCRAWLER_STORE_BATCH is committed anyway. A new
# article goes on to -O feeds only once its batch is committed, so this bounds how long it waits.
NEWSCRAWLER_STORE_FLUSH_AFTER = 0.5
# Bytes of responses the scraper holds at once, parsed or waiting on the store (Scrapy's default:
# 5,000,000; each response counts at least 1 KiB). Scrapy bounds it in body bytes, but a response in
# the scraper costs its parse and item too (~130 KB measured, for pages of 1.5 KB): with small pages
# and a fast server the default let ~3,400 wait on the store at once, 550 MB. 1 MB bounds that to
# ~1,000 small pages (or ~7 news pages of 150 KB, more than the store pipeline needs to keep busy).
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
