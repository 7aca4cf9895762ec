"""The generic `article` spider end to end: the real `scrapy crawl article` through a replay server.

Each site is a replay of constructed pages (tests/fixtures/article/*-constructed.html) under made-up
hosts; the spider is given only the site's address and finds the articles itself.
"""

from __future__ import annotations

import gzip
import html
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor
from warcio.archiveiterator import ArchiveIterator

from newscrawler.extraction.urls import (
    is_not_article_url,
    looks_like_article_url,
    registrable_domain,
    same_site,
)
from newscrawler.replay import serve
from newscrawler.sites import site_registry
from newscrawler.store import open_store
from tests.conftest import run_scrapy
from tests.corpus import corpus_cases, corpus_path, half_of
from tests.sites import FIXTURES
from tests.test_runs_e2e import crawl, crawl_args, lines_of, run_files

PAGES = FIXTURES / "article"
HOME = "https://www.warta-contoh.id/"
#: The site's registrable domain: its items' source and its runs' name (lock, folder, health row).
SITE = "warta-contoh.id"
#: The site's articles (URL -> page): dated, numbered and id-suffixed URLs, and one with a bare slug.
ARTICLES = {
    "https://www.warta-contoh.id/2025/10/02/banjir-rendam-ratusan-rumah-di-jakarta-timur": "banjir-jaktim",
    "https://www.warta-contoh.id/2025/10/02/harga-cabai-rawit-naik": "harga-cabai",
    "https://www.warta-contoh.id/read/482913/kereta-cepat-tambah-jadwal": "kereta-jadwal",
    "https://www.warta-contoh.id/ekonomi/ekspor-kopi-sumatra-meningkat-7731209": "ekspor-kopi",
    "https://news.warta-contoh.id/2025/10/01/timnas-u23-menang-tipis": "timnas-menang",
}
#: An article whose URL has no article form (a slug of four words, as a section's could be): only its
#: markup (JSON-LD NewsArticle) says it is one.
SLUG_ARTICLE = "https://www.warta-contoh.id/olahraga/pelari-muda-pecahkan-rekor"


def page_entry(url: str, name: str) -> dict[str, str]:
    return {"url": url, "file": str(PAGES / f"{name}-constructed.html")}


def article_entries() -> list[dict[str, str]]:
    return [page_entry(url, name) for url, name in ARTICLES.items()]


def written(folder: Path, name: str, text: str) -> str:
    path = folder / f"{name}-constructed{Path(name).suffix or '.html'}"
    path.write_text(text, encoding="utf-8")
    return str(path)


def html_page(title: str, links: list[str], head: str = "") -> str:
    anchors = "".join(f'<li><a href="{html.escape(url)}">{html.escape(url)}</a></li>' for url in links)
    return (
        f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body><h1>{title}</h1><ul>{anchors}</ul></body></html>"
    )


def news_sitemap(urls: list[str]) -> str:
    entries = "".join(
        f"<url><loc>{html.escape(url)}</loc><news:news><news:publication_date>"
        f"2025-10-0{n % 2 + 1}T08:00:00+07:00</news:publication_date></news:news></url>"
        for n, url in enumerate(urls)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>'
    )


def article_crawl(prefix: str, folder: Path, *args: str, status: int = 0) -> str:
    return crawl("article", prefix, folder, "-a", f"url={HOME}", *args, status=status)


def sources(folder: Path) -> list[str]:
    return [line["source"] for path in run_files(folder, SITE) for line in lines_of(path)]


def urls_of(path: Path) -> list[str]:
    return sorted(line["url"] for line in lines_of(path))


def site_with_sitemap(folder: Path) -> list[dict[str, str]]:
    """robots.txt names a news sitemap of the five articles and a plain sitemap of non-article pages."""
    robots = "User-agent: *\nAllow: /\nSitemap: https://www.warta-contoh.id/sitemap-pages.xml\n"
    robots += "Sitemap: https://www.warta-contoh.id/sitemap-news.xml\n"
    plain = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{HOME}</loc></url><url><loc>{HOME}tag/banjir</loc></url>"
        f"<url><loc>{HOME}tentang-kami</loc></url></urlset>"
    )
    return [
        {"url": HOME + "robots.txt", "file": written(folder, "robots.txt", robots)},
        {
            "url": HOME + "sitemap-news.xml",
            "file": written(folder, "sitemap-news.xml", news_sitemap(list(ARTICLES))),
        },
        {"url": HOME + "sitemap-pages.xml", "file": written(folder, "sitemap-pages.xml", plain)},
        *article_entries(),
    ]


def test_a_news_sitemap_named_in_robots_txt_gives_the_five_articles_once(tmp_path: Path) -> None:
    entries = site_with_sitemap(tmp_path)
    with serve(entries) as server:
        log = article_crawl(server.prefix, tmp_path)
        first = list(server.requests)
        again = article_crawl(server.prefix, tmp_path)
        second = server.requests[len(first) :]
    first_run, second_run = run_files(tmp_path, SITE)
    assert urls_of(first_run) == sorted(ARTICLES)
    assert sources(tmp_path) == ["warta-contoh.id"] * 5, "source: the registrable domain"
    assert not [url for url in first if url.rstrip("/") == HOME.rstrip("/")], "no home page needed"
    assert HOME + "sitemap-pages.xml" not in first, "the other sitemaps wait while a news sitemap lists"
    assert f"{SITE}: ok: 5 article pages fetched: 5 new" in log.strip().splitlines()[-1]
    assert lines_of(second_run) == [], "nothing new in the second run"
    assert not [url for url in second if url in ARTICLES], "no article fetched again"
    assert "'newscrawler/incremental/skipped': 5" in again
    with open_store(str(tmp_path / "store.sqlite")) as store:
        assert store.count("articles") == 5
        assert [run["verdict"] for run in store.runs(SITE)] == ["ok", "ok"]
    health = run_scrapy("health", "-s", f"NEWSCRAWLER_DATABASE_URL={tmp_path / 'store.sqlite'}")
    assert health.returncode == 0, health.stderr
    assert [line for line in health.stdout.splitlines() if line.startswith(SITE)], health.stdout


def test_each_site_crawled_by_the_generic_spider_has_its_own_lock(tmp_path: Path) -> None:
    with serve(site_with_sitemap(tmp_path)) as server, open_store(str(tmp_path / "store.sqlite")) as holder:
        assert holder.acquire_lock("contoh-lain.co.id"), "another site's generic crawl is running"
        article_crawl(server.prefix, tmp_path)
        assert holder.acquire_lock(SITE), "the run gave its lock back"
        held = run_scrapy(*crawl_args("article", server.prefix, tmp_path, "-a", f"url={HOME}"))
    assert held.returncode != 0
    assert f"another crawl of {SITE} is running on this store" in held.stderr
    with open_store(str(tmp_path / "store.sqlite")) as store:
        assert [run["verdict"] for run in store.runs(SITE)] == ["ok"], "the stopped run touched nothing"
        assert store.runs("article") == []


def test_since_reads_every_sitemap_robots_txt_names(tmp_path: Path) -> None:
    with serve(site_with_sitemap(tmp_path)) as server:
        article_crawl(server.prefix, tmp_path, "-a", "since=2025-09-01")
        asked = list(server.requests)
    assert HOME + "sitemap-pages.xml" in asked
    (run,) = run_files(tmp_path, SITE)
    assert urls_of(run) == sorted(ARTICLES), "the pages sitemap's home, tag and about pages are no articles"


def test_without_robots_txt_the_usual_sitemap_places_are_tried_news_first(tmp_path: Path) -> None:
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{HOME}sitemap-2025-10.xml</loc><lastmod>2025-10-02</lastmod></sitemap>"
        "</sitemapindex>"
    )
    entries = [
        {"url": HOME + "sitemap_index.xml", "file": written(tmp_path, "index.xml", index)},
        {
            "url": HOME + "sitemap-2025-10.xml",
            "file": written(tmp_path, "month.xml", news_sitemap(list(ARTICLES)[:3])),
        },
        *article_entries(),
    ]
    with serve(entries) as server:
        log = article_crawl(server.prefix, tmp_path, "-a", "limit=2")
        asked = list(server.requests)
    (run,) = run_files(tmp_path, SITE)
    assert len(lines_of(run)) == 2, "limit=2"
    assert set(urls_of(run)) <= set(list(ARTICLES)[:3])
    assert asked.index(HOME + "news-sitemap.xml") < asked.index(HOME + "sitemap_index.xml")
    assert "sources/sitemap/failed" not in log, "a sitemap missing at a usual place is no failure"


def test_a_home_page_alone_gives_its_articles_and_only_them(tmp_path: Path) -> None:
    offsite = "https://www.example.org/2025/10/02/berita-situs-lain"
    section_page = html_page("Ekonomi", [list(ARTICLES)[3], HOME + "tag/ekonomi"])
    tag_page = html_page("Tag banjir", [next(iter(ARTICLES))])
    about = html_page("Tentang kami", [])
    home_links = [
        *list(ARTICLES)[:3],
        list(ARTICLES)[4],
        SLUG_ARTICLE,
        HOME + "ekonomi",
        HOME + "tag/banjir",
        HOME + "tentang-kami",
        offsite,
        "https://twitter.com/wartacontoh",
    ]
    entries = [
        {"url": HOME, "file": written(tmp_path, "home", html_page("Warta Contoh", home_links))},
        {"url": HOME + "ekonomi", "file": written(tmp_path, "ekonomi", section_page)},
        {"url": HOME + "tag/banjir", "file": written(tmp_path, "tag", tag_page)},
        {"url": HOME + "tentang-kami", "file": written(tmp_path, "about", about)},
        page_entry(SLUG_ARTICLE, "pelari-rekor"),
        page_entry(offsite, "banjir-jaktim"),
        *article_entries(),
    ]
    with serve(entries) as server:
        log = article_crawl(server.prefix, tmp_path)
        asked = list(server.requests)
        article_crawl(server.prefix, tmp_path)
        again = server.requests[len(asked) :]
    run, second_run = run_files(tmp_path, SITE)
    assert urls_of(run) == sorted([*ARTICLES, SLUG_ARTICLE])
    assert lines_of(second_run) == []
    assert not [url for url in again if url in ARTICLES or url == SLUG_ARTICLE], "none fetched again"
    assert not [url for url in asked if "example.org" in url or "twitter.com" in url], "stays on the site"
    assert HOME + "tag/banjir" not in asked, "no tag page read"
    assert HOME + "tentang-kami" not in asked, "no about page read"
    assert HOME + "ekonomi" in asked, "a section page is read for its article links"
    assert f"{SITE}: ok: 6 article pages fetched: 6 new;" in log.strip().splitlines()[-1]


def test_an_article_known_by_its_markup_alone_is_not_read_again_and_the_run_is_ok(tmp_path: Path) -> None:
    home = html_page("Warta Contoh", [SLUG_ARTICLE, HOME + "tag/atletik"])
    entries = [
        {"url": HOME, "file": written(tmp_path, "home", home)},
        page_entry(SLUG_ARTICLE, "pelari-rekor"),
    ]
    with serve(entries) as server:
        article_crawl(server.prefix, tmp_path)
        before = len(server.requests)
        log = article_crawl(server.prefix, tmp_path)
        again = server.requests[before:]
    first, second = run_files(tmp_path, SITE)
    assert urls_of(first) == [SLUG_ARTICLE]
    assert lines_of(second) == []
    assert SLUG_ARTICLE not in again
    assert f"{SITE}: ok: nothing new: 1 listed article already stored" in log.strip().splitlines()[-1]


def test_an_article_known_by_its_markup_alone_is_archived_like_every_article(tmp_path: Path) -> None:
    home = html_page("Warta Contoh", [SLUG_ARTICLE, HOME + "tag/atletik"])
    entries = [
        {"url": HOME, "file": written(tmp_path, "home", home)},
        page_entry(SLUG_ARTICLE, "pelari-rekor"),
    ]
    with serve(entries) as server:
        article_crawl(server.prefix, tmp_path, "-s", "NEWSCRAWLER_ARCHIVE=1")
    (warc,) = (tmp_path / "out" / SITE).glob("*.warc.gz")
    with warc.open("rb") as stream:
        archived = [
            record.rec_headers.get_header("WARC-Target-URI")
            for record in ArchiveIterator(stream)
            if record.rec_type == "response"
        ]
    assert archived == [SLUG_ARTICLE]


def test_limit_counts_the_home_pages_articles_and_then_reads_no_other_page(tmp_path: Path) -> None:
    home = html_page("Warta Contoh", [*list(ARTICLES)[:3], SLUG_ARTICLE])
    entries = [
        {"url": HOME, "file": written(tmp_path, "home", home)},
        page_entry(SLUG_ARTICLE, "pelari-rekor"),
        *article_entries(),
    ]
    with serve(entries) as server:
        article_crawl(server.prefix, tmp_path, "-a", "limit=2")
        asked = list(server.requests)
    (run,) = run_files(tmp_path, SITE)
    assert len(lines_of(run)) == 2
    assert SLUG_ARTICLE not in asked


#: Of the articles a home page links, those the pages date 2025-10-02 (the others: 2025-10-01).
OCTOBER_2 = sorted([*list(ARTICLES)[:2], SLUG_ARTICLE])


def home_linking_articles(folder: Path) -> list[dict[str, str]]:
    """A site of a home page alone, linking the five articles (two days) and the slug article."""
    home = html_page("Warta Contoh", [*ARTICLES, SLUG_ARTICLE])
    return [
        {"url": HOME, "file": written(folder, "home", home)},
        page_entry(SLUG_ARTICLE, "pelari-rekor"),
        *article_entries(),
    ]


def test_since_keeps_out_the_home_pages_articles_published_before_it(tmp_path: Path) -> None:
    with serve(home_linking_articles(tmp_path)) as server:
        log = article_crawl(server.prefix, tmp_path, "-a", "since=2025-10-02")
    (run,) = run_files(tmp_path, SITE)
    assert urls_of(run) == OCTOBER_2, "the home page dates no link: each article's own date decides"
    assert "'newscrawler/articles/outside_range': 3" in log
    assert log.strip().splitlines()[-1].endswith("; 3 published outside since..until")
    with open_store(str(tmp_path / "store.sqlite")) as store:
        assert store.count("articles") == 3


def test_until_before_every_article_ends_the_run_empty(tmp_path: Path) -> None:
    with serve(home_linking_articles(tmp_path)) as server:
        log = article_crawl(server.prefix, tmp_path, "-a", "until=2025-09-30", status=3)
    (run,) = run_files(tmp_path, SITE)
    assert lines_of(run) == []
    assert (
        log.strip()
        .splitlines()[-1]
        .endswith(f"{SITE}: empty: all 6 articles fetched were published outside since..until")
    )


def test_a_feed_linked_from_the_home_page_gives_its_articles(tmp_path: Path) -> None:
    in_feed = list(ARTICLES)[:3]
    items = "".join(
        f"<item><title>t{n}</title><link>{html.escape(url)}</link>"
        "<pubDate>Thu, 02 Oct 2025 08:00:00 +0700</pubDate></item>"
        for n, url in enumerate(in_feed)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Warta</title>{items}</channel></rss>'
    link = '<link rel="alternate" type="application/rss+xml" title="Warta" href="/rss/terbaru">'
    home = html_page("Warta Contoh", list(ARTICLES)[3:], head=link)
    entries = [
        {"url": HOME, "file": written(tmp_path, "home", home)},
        {
            "url": HOME + "rss/terbaru",
            "file": written(tmp_path, "feed.xml", feed),
            "content_type": "application/rss+xml",
        },
        *article_entries(),
    ]
    with serve(entries) as server:
        article_crawl(server.prefix, tmp_path)
        asked = list(server.requests)
    (run,) = run_files(tmp_path, SITE)
    assert urls_of(run) == sorted(in_feed)
    assert not [url for url in asked if url in list(ARTICLES)[3:]], (
        "the home page's links wait while a feed lists"
    )


def test_given_article_urls_are_crawled_each_with_its_own_domain_as_source(tmp_path: Path) -> None:
    other = "https://berita.contoh-lain.co.id/read/991122/ekspor-kopi"
    entries = [*article_entries(), page_entry(other, "ekspor-kopi")]
    given = [next(iter(ARTICLES)), other]
    with serve(entries) as server:
        crawl("article", server.prefix, tmp_path, "-a", "urls=" + ",".join(given))
        asked = list(server.requests)
    (run,) = run_files(tmp_path, "article")
    assert sorted((line["url"], line["source"]) for line in lines_of(run)) == sorted(
        [(given[0], "warta-contoh.id"), (other, "contoh-lain.co.id")]
    )
    assert not [url for url in asked if "sitemap" in url or url == HOME], "no discovery for given URLs"


def section_page(name: str, links: list[str]) -> str:
    """A channel page: a headline link per teaser, what a plain sitemap lists beside articles."""
    teasers = "".join(
        f'<article><h3><a href="{html.escape(url)}">Berita {n} dari kanal {name} hari ini</a></h3></article>'
        for n, url in enumerate(links)
    )
    return (
        f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>{name} - Warta Contoh</title>"
        f"<meta property='og:type' content='website'></head><body><h1>{name}</h1>{teasers}</body></html>"
    )


def test_a_plain_sitemaps_channel_pages_are_passed_over_not_taken_for_a_block(tmp_path: Path) -> None:
    channels = [HOME + name for name in ("ekonomi", "olahraga", "politik", "hiburan", "teknologi", "daerah")]
    teasers = [f"{HOME}2025/10/0{1 + n % 2}/berita-kanal-{n}" for n in range(16)]
    plain = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{html.escape(url)}</loc></url>" for url in [*ARTICLES, *channels])
        + "</urlset>"
    )
    robots = f"User-agent: *\nAllow: /\nSitemap: {HOME}sitemap.xml\n"
    entries = [
        {"url": HOME + "robots.txt", "file": written(tmp_path, "robots.txt", robots)},
        {"url": HOME + "sitemap.xml", "file": written(tmp_path, "sitemap.xml", plain)},
        *article_entries(),
        *(
            {
                "url": url,
                "file": written(
                    tmp_path, url.rsplit("/", 1)[1], section_page(url.rsplit("/", 1)[1], teasers)
                ),
            }
            for url in channels
        ),
    ]
    with serve(entries) as server:
        log = article_crawl(server.prefix, tmp_path)
    (run,) = run_files(tmp_path, SITE)
    assert urls_of(run) == sorted(ARTICLES)
    last = log.strip().splitlines()[-1]
    assert f"{SITE}: ok: 5 article pages fetched: 5 new" in last, last
    assert "6 other pages passed over (listing: 6)" in last, last
    assert "'newscrawler/articles/passed_over/listing': 6" in log


def test_a_site_listing_nothing_is_empty_with_its_exit_status(tmp_path: Path) -> None:
    entries = [{"url": HOME, "file": written(tmp_path, "home", html_page("Warta Contoh", [HOME + "tag/x"]))}]
    with serve(entries) as server:
        log = article_crawl(server.prefix, tmp_path, status=3)
    assert f": {SITE}: empty: no source listed an article" in log.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give the news site's address: -a url=https://news.example.com/"),
        (
            ("-a", "url=news.example.com"),
            "url='news.example.com' is not a site's address: give its home page",
        ),
        (("-a", f"url={HOME}", "-a", "limit=ten"), "limit='ten' is not a positive whole number"),
        (("-a", f"url={HOME}", "-a", "site=x"), "unknown spider argument(s) site: use url, since"),
    ],
)
def test_bad_arguments_stop_the_crawl_in_one_line(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run_scrapy(*crawl_args("article", "http://127.0.0.1:9/replay/", tmp_path, *args))
    assert result.returncode == 1, "a crawl that cannot start exits 1, as for every spider"
    errors = [line for line in result.stderr.splitlines() if " ERROR: " in line]
    assert len(errors) == 1, result.stderr[-2000:]
    assert message in errors[0]
    assert "Traceback" not in result.stderr


def test_the_article_spider_is_no_site_of_the_registry() -> None:
    assert "article" not in site_registry().spiders
    result = run_scrapy("list")
    assert "article" in result.stdout.split()


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("https://x.id/2025/10/02/banjir-di-jakarta", True),
        ("https://x.id/news/2025/10/banjir-di-jakarta-timur", True),
        ("https://x.id/read/123456/banjir", True),
        ("https://news.x.id/berita/d-7572645/banjir-di-jakarta", True),
        ("https://x.id/nasional/banjir-di-jakarta-7731209", True),
        ("https://x.id/20251002/banjir", True),
        ("https://x.id/ekonomi/20251002093000-92-517082/harga-cabai-naik", True),  # date-stamped id
        ("https://x.id/artis/baim-wong-akhirnya-minta-maaf-ke-kakek.html", True),  # a headline's slug
        ("https://x.id/world/why-the-coliseum-is-more-than-a-venue", True),
        ("https://life.x.id/style/read/736450-desain-tas-baru", True),
        ("https://x.id/2025/10/02/", False),  # a day's archive
        ("https://x.id/tag/banjir-2025", False),
        ("https://x.id/page/123456", False),
        ("https://x.id/politik", False),
        ("https://x.id/politik/banjir-di-jakarta", False),  # a short slug: only its markup can tell
        ("https://x.id/syarat-dan-ketentuan-layanan", False),  # four words: a site's own page can be
        ("https://x.id/tag/banjir-di-jakarta-timur-hari-ini", False),
        ("https://x.id/a-b-c-d-e-f", False),  # five parts, but too short for a headline
        ("https://x.id/", False),
    ],
)
def test_article_url_forms(url: str, article: bool) -> None:
    assert looks_like_article_url(url) is article


@pytest.mark.parametrize(
    ("url", "never"),
    [
        ("https://x.id/", True),
        ("https://x.id/tag/banjir", True),
        ("https://x.id/kategori/politik/", True),
        ("https://x.id/tentang-kami", True),
        ("https://x.id/politik", False),
        ("https://x.id/politik/banjir-di-jakarta", False),
    ],
)
def test_pages_that_are_never_articles(url: str, never: bool) -> None:
    assert is_not_article_url(url) is never


def test_the_generic_url_forms_find_the_articles_real_home_pages_link(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """On the corpus home pages of sites we have a spider for, the generic forms against the site's rules.

    The site spiders' article URL rules were written and checked against these sites' real pages;
    the generic spider has only ``looks_like_article_url``. What it does not recognise it must probe
    (fetch to read the markup), at most 50 pages a run, so a miss costs a fetch or an article.
    """
    folder = corpus_path("indonesian-extra")
    registry = site_registry()
    found = listed = 0
    for case in corpus_cases(folder.parent, "indonesian-extra"):
        spider = registry.for_url(case["url"]) if case.get("kind") == "listing" else None
        if spider is None:
            continue
        page = gzip.decompress((folder / case["file"]).read_bytes())
        response = HtmlResponse(case["url"], body=page, encoding="utf-8")
        extractor = LinkExtractor(allow_domains=[registrable_domain(case["url"])], unique=True)
        links = [link.url for link in extractor.extract_links(response) if same_site(link.url, case["url"])]
        articles = [url for url in links if spider().is_article_url(url)]
        recognised = [url for url in articles if looks_like_article_url(url)]
        found, listed = found + len(recognised), listed + len(articles)
        with capsys.disabled():
            print(
                f"\n  {case['url']} ({half_of(case)} half): {len(recognised)} of the {len(articles)} "
                f"articles by the site's rules have an article's URL form ({len(links)} links)"
            )
        assert len(recognised) >= 0.9 * len(articles), case["url"]
    assert listed, "the corpus has home pages of sites with a spider"
    assert found >= 0.95 * listed
