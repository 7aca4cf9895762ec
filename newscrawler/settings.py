"""Scrapy settings for newscrawler: Scrapy's own, then ours (``NEWSCRAWLER_*``)."""

from __future__ import annotations

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
}

FEED_EXPORT_ENCODING = "utf-8"
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
