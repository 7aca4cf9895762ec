"""``scrapy extract``: a crawl's extraction and cleaning on saved pages, no network.

    scrapy extract page.html --url https://www.kompas.com/read/...   [--site kompas] [-o out.jsonl]
    scrapy extract --from-list cases.jsonl                           (lines with "file" and "url")
    scrapy extract --warc output/kompas/*.warc.gz [--update-store]   (runs' archives, NEWSCRAWLER_ARCHIVE)
    scrapy extract --links page.xml --url https://www.kompas.com/sitemap-news.xml   (or --from-list)

One Article JSON line per page that holds an article (with ``--warc``: per article of the archives,
through the spider's own callbacks, multi-page articles joined). A page that cannot be read, or that
holds no article (no title or body, or a page of another kind: home, listing, tag, error, ...; see
``newscrawler.extraction.pagetype``), gets one line on stderr and the others still come out; the
exit status is 1 if any failed. ``--update-store`` updates the stored articles whose fields changed
and says how many.

``--links`` reads source pages instead (sitemaps, feeds, index and listing pages): one JSON line per
page, ``{"file", "url", "site", "kind", "article_urls"}``, the article URLs the site spider takes
from it in order, as a crawl would. The site comes from ``--site``, the URL, or a list line's
``site``; the kind from the page (``<urlset>``/``<sitemapindex>``: sitemap, RSS/Atom: feed, HTML:
listing). A page with no URL is read at the one it names itself (``rel=canonical``, ``og:url``, a
feed's ``<link>``); one that names none needs its ``url``. With ``--links`` list lines of ``"kind":
"article"`` are left out, without it those of ``"kind": "listing"`` (saying so).
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from parsel import Selector
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse, XmlResponse

from newscrawler.extraction.article import extract_article
from newscrawler.extraction.pagetype import ARTICLE
from newscrawler.items import article_record, to_json_line
from newscrawler.offline import ArchiveFetch, reextract
from newscrawler.pipelines.normalize import article_cleaner
from newscrawler.responses import redecode
from newscrawler.sites import SiteRegistry, profile_of, site_registry
from newscrawler.spiders.base import NewsSpider
from newscrawler.store import Store, StoreError, open_store
from newscrawler.warc import ArchivedPage, WarcArchive, WarcError

if TYPE_CHECKING:
    import argparse

    from scrapy.settings import BaseSettings


@dataclass(frozen=True, slots=True)
class Page:
    """A saved page to extract, and where it was named (for messages)."""

    file: Path
    url: str
    where: str
    #: The list line's ``site`` and ``kind`` (a corpus case's), if it gave them.
    site: str = ""
    kind: str = ""

    def body(self) -> bytes:
        """Return the saved page's bytes, gunzipped when the file is gzip."""
        body = self.file.read_bytes()
        return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


class Command(ScrapyCommand):
    """The ``extract`` command."""

    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        """Return the usage line."""
        return (
            "[FILE --url URL | --from-list LIST.jsonl | --warc WARC... [--update-store]] [--site NAME] "
            "[-o OUT.jsonl]"
        )

    def short_desc(self) -> str:
        """Return the one-line description."""
        return "Extract articles from saved pages (no network), as a crawl would"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's options."""
        super().add_options(parser)
        parser.add_argument("--url", help="the URL the page was fetched from (chooses the site)")
        parser.add_argument("--from-list", metavar="LIST", help='JSON Lines with "file" and "url" per page')
        parser.add_argument(
            "--warc",
            action="store_true",
            help="the FILEs are runs' archives (NEWSCRAWLER_ARCHIVE): extract every article in them",
        )
        parser.add_argument(
            "--update-store",
            action="store_true",
            help="with --warc: update the stored articles whose fields changed (none are added)",
        )
        parser.add_argument(
            "--links",
            action="store_true",
            help="the pages are sources (sitemaps, feeds, listings): print the article URLs each gives",
        )
        parser.add_argument("--site", help="use this spider's selectors whatever the URL (see `scrapy list`)")
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write the JSON Lines here (default: stdout)"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Extract every page given; count failures into the exit status."""
        assert self.settings is not None
        if opts.update_store and not opts.warc:
            raise UsageError("--update-store works with --warc: scrapy extract --warc FILE... --update-store")
        registry = site_registry(self.settings)
        sites = registry.spiders
        forced = None
        if opts.site:
            if opts.site not in sites:
                raise UsageError(
                    f"--site {opts.site}: no such site spider; choose one of {', '.join(sorted(sites))}"
                )
            forced = sites[opts.site]
        if opts.warc:
            self.exitcode = _run_warc(args, opts, registry, forced, self.settings)
            return
        pages = _pages(args, opts)
        if opts.links:
            self.exitcode = _run_links(pages, opts, registry, forced, self.settings)
            return
        failed = written = skipped = 0
        with ExitStack() as stack:
            out: TextIO = sys.stdout
            if opts.output:
                out = stack.enter_context(Path(opts.output).open("w", encoding="utf-8"))
            for page in pages:
                if page.kind == "listing":
                    skipped += 1
                    print(
                        f"{page.where}: {page.file} is a listing page, not an article: left out "
                        "(scrapy extract --links lists its article URLs)",
                        file=sys.stderr,
                    )
                    continue
                if not page.url:
                    failed += 1
                    print(
                        f'{page.where}: no URL for {page.file}: add "url" (it chooses the site)',
                        file=sys.stderr,
                    )
                    continue
                try:
                    line, kind = _extract(page, forced or registry.for_url(page.url), self.settings)
                except (OSError, UnicodeError, ValueError) as error:
                    failed += 1
                    print(f"{page.where}: cannot read {page.file}: {error}", file=sys.stderr)
                    continue
                if line is None:
                    failed += 1
                    an = "an" if kind[0] in "aeiou" else "a"
                    why = (
                        "no title or no body found"
                        if kind == ARTICLE
                        else f"{an} {kind} page, not an article"
                    )
                    print(f"{page.where}: no article in {page.file} ({why})", file=sys.stderr)
                    continue
                out.write(line + "\n")
                written += 1
        left_out = f", {skipped} listing page(s) left out" if skipped else ""
        print(f"extract: {written} article(s) written, {failed} page(s) failed{left_out}", file=sys.stderr)
        self.exitcode = 1 if failed else 0


def _pages(args: list[str], opts: argparse.Namespace) -> list[Page]:
    if opts.from_list:
        if args or opts.url:
            raise UsageError("give either FILE --url URL or --from-list LIST, not both")
        return list(_list_pages(Path(opts.from_list)))
    if len(args) != 1 or not opts.url:
        raise UsageError(
            "give one saved page and its URL: scrapy extract FILE --url URL (or --from-list LIST)"
        )
    return [Page(Path(args[0]), opts.url, args[0])]


def _list_pages(path: Path) -> Iterator[Page]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise UsageError(f"--from-list {path}: cannot read it ({error.strerror})") from None
    for number, text in enumerate(lines, 1):
        where = f"{path}:{number}"
        if not text.strip():
            continue
        try:
            entry: Any = json.loads(text)
        except ValueError:
            entry = None
        if not isinstance(entry, dict) or not entry.get("file"):
            print(f'{where}: not a JSON object with a "file"; skipped', file=sys.stderr)
            continue
        yield Page(
            path.parent / str(entry["file"]),
            str(entry.get("url") or ""),
            where,
            site=str(entry.get("site") or ""),
            kind=str(entry.get("kind") or ""),
        )


def _extract(
    page: Page, spidercls: type[NewsSpider] | None, settings: BaseSettings
) -> tuple[str | None, str]:
    """Return the JSON line of the page's article (None when it gives none) and the kind of page."""
    response, _ = redecode(HtmlResponse(url=page.url, body=page.body()))
    spider = spidercls() if spidercls is not None else None
    if spider is not None:
        spider.configure(settings)
    profile = spider.profile if spider is not None else profile_of(None, settings)
    extraction = extract_article(response.selector, page.url, profile)
    if extraction.page_kind != ARTICLE:
        return None, extraction.page_kind
    article, _ = article_cleaner(settings, spider).clean(extraction.article)
    if not (article.title and article.body):
        return None, ARTICLE
    return to_json_line(article), ARTICLE


def _run_links(
    pages: list[Page],
    opts: argparse.Namespace,
    registry: SiteRegistry,
    forced: type[NewsSpider] | None,
    settings: BaseSettings,
) -> int:
    """Print the article URLs each source page gives through its site spider; the exit status."""
    failed = written = 0
    with ExitStack() as stack:
        out: TextIO = sys.stdout
        if opts.output:
            out = stack.enter_context(Path(opts.output).open("w", encoding="utf-8"))
        for page in pages:
            if page.kind == "article":
                continue
            try:
                body = page.body()
            except OSError as error:
                failed += 1
                print(f"{page.where}: cannot read {page.file}: {error}", file=sys.stderr)
                continue
            kind = source_kind(body)
            url = page.url or own_url(body, kind)
            spidercls = forced or (registry.for_url(url) if url else None) or registry.spiders.get(page.site)
            if spidercls is None or not url:
                failed += 1
                missing = 'no URL (add "url")' if not url else f"no site spider for {url} (give --site)"
                print(f"{page.where}: {page.file}: {missing}", file=sys.stderr)
                continue
            spider = spidercls()
            spider.configure(settings)
            response = (XmlResponse if kind in ("sitemap", "feed") else HtmlResponse)(url=url, body=body)
            urls = spider.listed_articles(response, kind)
            record = {
                "file": str(page.file),
                "url": url,
                "site": spider.name,
                "kind": kind,
                "article_urls": urls,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    print(f"extract: {written} source page(s) read, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def source_kind(body: bytes) -> str:
    """Return what a source page is: ``sitemap``, ``feed`` or (HTML) ``listing``.

    >>> source_kind(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>')
    'sitemap'
    >>> source_kind(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
    'feed'
    >>> source_kind(b"<!DOCTYPE html><html><body></body></html>")
    'listing'
    """
    head = body[:2048].lstrip().lower()
    if not head.startswith(b"<?xml") and not head.startswith(
        (b"<rss", b"<feed", b"<urlset", b"<sitemapindex")
    ):
        return "listing"
    xml = Selector(body=body, type="xml")
    xml.remove_namespaces()
    return "sitemap" if xml.xpath("/urlset|/sitemapindex") else "feed"


def own_url(body: bytes, kind: str) -> str:
    """Return the address a page names for itself (rel=canonical, og:url, a feed's link), or ""."""
    if kind == "listing":
        page = Selector(text=body.decode("utf-8", "replace"))
        queries = ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content")
    else:
        page = Selector(body=body, type="xml")
        page.remove_namespaces()
        queries = ("/rss/channel/link/text()", "/feed/link[not(@rel) or @rel='self']/@href")
    for query in queries:
        value = (page.xpath(query).get() or "").strip()
        if value.startswith(("http://", "https://")):
            return value
    return ""


def _run_warc(
    args: list[str],
    opts: argparse.Namespace,
    registry: SiteRegistry,
    forced: type[NewsSpider] | None,
    settings: BaseSettings,
) -> int:
    """Extract every article of the archives again; with --update-store, repair the store. Exit status."""
    if not args or opts.url or opts.from_list:
        raise UsageError(
            "give the archives: scrapy extract --warc FILE [FILE...] (without --url or --from-list)"
        )
    archive = WarcArchive()
    run = _WarcRun(archive, registry, forced, settings)
    for name in args:
        try:
            archive.add(Path(name))
        except WarcError as error:
            run.fail(str(error))
    with ExitStack() as stack:
        run.out = None if opts.update_store else sys.stdout
        if opts.output:
            run.out = stack.enter_context(Path(opts.output).open("w", encoding="utf-8"))
        if opts.update_store:
            try:
                run.store = stack.enter_context(open_store(settings.get("NEWSCRAWLER_DATABASE_URL")))
            except StoreError as error:
                print(f"extract: {error}", file=sys.stderr)
                return 1
        try:
            for page in archive.first_pages():
                run.extract(page)
        except WarcError as error:  # a file changed since it was read through
            run.fail(str(error))
    if run.store is not None:
        updated, unchanged, absent = (run.outcomes[key] for key in ("updated", "unchanged", "absent"))
        print(f"{updated} updated, {unchanged} unchanged, {absent} not in the store")
    print(f"extract: {run.extracted} article(s) extracted, {run.failed} failed", file=sys.stderr)
    return 1 if run.failed else 0


class _WarcRun:
    """One ``scrapy extract --warc``: each archived article out (and into the store), failures counted."""

    def __init__(
        self,
        archive: WarcArchive,
        registry: SiteRegistry,
        forced: type[NewsSpider] | None,
        settings: BaseSettings,
    ) -> None:
        self.archive = archive
        self.registry = registry
        self.forced = forced
        self.settings = settings
        self.out: TextIO | None = None
        self.store: Store | None = None
        self.spiders: dict[type[NewsSpider], NewsSpider] = {}
        self.outcomes: Counter[str] = Counter()
        self.failed = self.extracted = 0

    def fail(self, message: str) -> None:
        """Count a failed file or page, saying why on stderr."""
        self.failed += 1
        print(message, file=sys.stderr)

    def extract(self, page: ArchivedPage) -> None:
        """Extract the article of an archived first page; write it and update the store with it."""
        url = page.response.url
        spidercls = self.forced or self.registry.for_url(url)
        if spidercls is None:
            self.fail(f"{url}: no site spider for this URL: give --site NAME (see `scrapy list`)")
            return
        if spidercls not in self.spiders:
            spider = spidercls()
            spider.configure(self.settings)
            self.spiders[spidercls] = spider
        try:
            articles = reextract(
                self.spiders[spidercls],
                url,
                ArchiveFetch(self.archive, page, partial(_missing_page, page.article)),
                self.settings,
                article_url=page.article,
            )
        except Exception as error:  # a crawl logs a callback's error and goes on: so does this
            self.fail(f"{url}: extraction failed: {type(error).__name__}: {error}")
            return
        articles = [article for article in articles if article.title and article.body]
        if not articles:
            self.fail(f"{url}: no article in the archived page (no title or body, or a page of another kind)")
        for article in articles:
            self.extracted += 1
            if self.out is not None:
                self.out.write(to_json_line(article) + "\n")
            if self.store is not None:
                outcome = self.store.update_fields(article_record(article), article.layout, article.layers)
                self.outcomes[outcome] += 1


def _missing_page(article: str, url: str) -> None:
    print(f"{article}: page {url} is not in the archives; kept the pages before it", file=sys.stderr)
