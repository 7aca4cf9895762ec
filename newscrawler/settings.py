"""Scrapy settings for newscrawler: Scrapy's own, then ours (``NEWSCRAWLER_*``)."""

from __future__ import annotations

from newscrawler import items as _items
from newscrawler.store import project_path as _project_path

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

DOWNLOADER_MIDDLEWARES: dict[str, int | None] = {
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
# Folder of the per-run JSON Lines (<dir>/<spider>/<UTC start>.jsonl); empty: none. The project's
# output/ (the folder of scrapy.cfg) wherever the command runs from; without a scrapy.cfg above the
# current folder (a deployed egg): output/ of the current folder. The default store goes beside it.
NEWSCRAWLER_EXPORT_DIR = _project_path("output")
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

# --- network faults and sizes (issue 11) ---
# Scrapy's 180 s timeout x 3 tries let one hung server hold a download slot for 9 minutes. A news
# page that has not arrived in 30 s (headers and body together) is not coming: give up and go on.
DOWNLOAD_TIMEOUT = 30
# Two retries (three tries) of timeouts, resets, truncated bodies and DNS failures: enough for a
# passing hiccup, bounded for a dead server (3 x DOWNLOAD_TIMEOUT at most per URL).
RETRY_TIMES = 2
# A body shorter than its Content-Length is an error (retried), never a partial article.
DOWNLOAD_FAIL_ON_DATALOSS = True
# News pages weigh 0.1-2 MB; Scrapy's 1 GiB limit let a 1 MB gzip bomb take 2 GB of memory. The limit
# counts decompressed bytes too (HttpCompressionMiddleware stops inflating there); beyond it the
# response is refused with a warning. Warn from 4 MiB (a page that size is worth a look).
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Sitemaps may be 50 MB uncompressed (sitemaps.org): the limit for sitemap requests, on the wire,
# when inflating Content-Encoding and when gunzipping a .gz sitemap (0: DOWNLOAD_MAXSIZE's).
NEWSCRAWLER_SITEMAP_MAXSIZE = 50 * 1024 * 1024
DOWNLOADER_MIDDLEWARES["newscrawler.middlewares.sizes.SitemapSizeMiddleware"] = 45

# --- text: charsets, dates and hostile content (issue 11) ---
# Articles whose fields are longer are dropped with a warning (newscrawler/validate/dropped/too_long/<field>);
# 0: no bound. Measured on the 205 articles of ../shared/corpus: titles up to 175 characters, bodies
# up to 29,280: the bounds leave room for 5x and 17x those.
NEWSCRAWLER_MAX_TITLE_CHARS = 1000
NEWSCRAWLER_MAX_BODY_CHARS = 500_000
# Every other text field (lead, authors, tags, section, URLs, the raw date): together per field.
NEWSCRAWLER_MAX_FIELD_CHARS = 10_000
# A dropped item is logged by its reason and URL, not dumped whole (a 1 MB title, every body).
LOG_FORMATTER = "newscrawler.pipelines.validate.BoundedLogFormatter"

# --- the store and user input (issue 11) ---
# INFO: the run's progress, warnings and verdict; DEBUG adds every request and item (and start-up
# tracebacks), too much for a cron log.
LOG_LEVEL = "INFO"

# --- robots.txt (RFC 9309) and Retry-After (issue 11) ---
# Scrapy's RobotsTxtMiddleware gives way to ours: a robots.txt answering 5xx, timing out or unreachable
# disallows its site for the run (4xx allows all); Crawl-delay is honoured.
DOWNLOADER_MIDDLEWARES["scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"] = None
DOWNLOADER_MIDDLEWARES["newscrawler.middlewares.robots.RobotsMiddleware"] = 100
# Seconds one try of a robots.txt may take (a hung one costs at most this, times the tries).
NEWSCRAWLER_ROBOTSTXT_TIMEOUT = 15
# Retries of a robots.txt that failed (5xx, timeout, connection) before its site is disallowed.
NEWSCRAWLER_ROBOTSTXT_RETRIES = 1
# Most seconds between two requests to a site that a robots.txt Crawl-delay may ask for.
NEWSCRAWLER_ROBOTSTXT_CRAWL_DELAY_MAX = 30
# 560: just above RetryMiddleware (550): a 429/503's Retry-After holds its site before the retry.
DOWNLOADER_MIDDLEWARES["newscrawler.middlewares.retry_after.RetryAfterMiddleware"] = 560
NEWSCRAWLER_RETRY_AFTER_ENABLED = True
# Most seconds a site's Retry-After is waited; a request told to wait longer is given up this run.
NEWSCRAWLER_RETRY_AFTER_MAX = 120

# --- spider traps and pages that are not HTML (issue 11) ---
# Levels of sitemap indexes followed below a declared sitemap (0: its children are not read): an
# index chain without end stops there, with one warning (stats newscrawler/sources/sitemap/capped/depth).
NEWSCRAWLER_SITEMAP_DEPTH = 5
# Sitemaps fetched per run, the declared ones included: beyond, child sitemaps are left out, with one
# warning (newscrawler/sources/sitemap/capped/count). A sitemap is fetched at most once per run.
NEWSCRAWLER_SITEMAP_MAX = 500
# Redirects followed per request (Scrapy's default is 20; news sites need 2-3): a redirect loop fails
# the page there, counted under newscrawler/articles/failed/redirect_loop (or sources/<kind>/failed/).
REDIRECT_MAX_TIMES = 10

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
