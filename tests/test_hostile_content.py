"""Issue 11, case 9: hostile content. Bounded fields, nothing executed, no link off the site followed.

A local site serves a 1 MB title, a body of 10,000 paragraphs, script and style text, control
characters, and ``javascript:``, ``data:`` and off-site links (to ``localhost``: the same server under
another host name, so a followed link would show in the server's log). A real `scrapy crawl` stores
the sane pages, drops the oversized ones with one warning each (counted), and asks the server for
nothing but the pages given and robots.txt.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem

from newscrawler.items import Article
from newscrawler.pipelines import validate
from tests.conftest import project_crawler
from tests.spiders.local_text import LocalTextSpider
from tests.test_charsets import Served, crawl_local, filler, page_html, serve_pages, stat

#: C0 controls but tab and line breaks, DEL and two C1 controls.
CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\x7f\x85\x9b"


def hostile_pages(offsite: str) -> dict[str, str]:
    """The pages by path; ``offsite`` is the same server under another host name."""
    many = "".join(f"<p>Paragraf nomor {n}: {filler(str(n), 8)}</p>" for n in range(10_000))
    return {
        "/huge-title.html": page_html("Judul biasa", seed="huge").replace(
            "<h1>Berita: Judul biasa</h1>", f"<h1>{'A ' * 500_000}</h1>"
        ),
        "/many-paragraphs.html": page_html("Sepuluh ribu paragraf", body=many, seed="many"),
        "/script-style.html": page_html(
            "Skrip dan gaya",
            head="<script>var EVIL_HEAD = 1;</script><style>body { color: red }</style>",
            body=(
                '<script>document.write("EVIL-SCRIPT"); fetch("/executed")</script>'
                '<style>.x { content: "EVIL-STYLE" }</style><noscript>EVIL-NOSCRIPT</noscript>'
                "<p>Paragraf <script>var EVIL_INLINE = 1;</script>terakhir yang aman.</p>"
                '<img src="/executed-img.png" onerror="fetch(\'/executed-onerror\')">'
            ),
            seed="script",
        ),
        "/control-chars.html": page_html(
            f"Kontrol{CONTROLS}karakter", body=f"<p>Teks{CONTROLS}dengan kontrol.</p>", seed="controls"
        ),
        "/links.html": page_html(
            "Tautan berbahaya",
            head=(
                '<link rel="next" href="javascript:fetch(\'/js-followed\')">'
                '<meta property="og:image" content="javascript:alert(1)">'
            ),
            body=(
                '<a rel="next" href="data:text/html,<h1>data-followed</h1>">berikut</a>'
                f'<a href="{offsite}/offsite-followed.html">luar</a>'
                "<a href=\"javascript:location='/js-link-followed'\">skrip</a>"
            ),
            seed="links",
        ),
        "/next-offsite.html": page_html(
            "Halaman berikut di luar",
            head=f'<link rel="next" href="{offsite}/next-offsite.html?page=2">'
            '<meta property="og:image" content="data:image/png;base64,iVBORw0KGgo=">',
            seed="next",
        ),
    }


@pytest.fixture(scope="module")
def hostile_crawl(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, dict[str, object]], str, list[str]]:
    """One crawl of the hostile pages: the -O items by page name, the log, the paths requested."""
    folder = tmp_path_factory.mktemp("hostile")
    pages: dict[str, Served] = {}
    with serve_pages(pages) as site:
        offsite = site.url("").replace("127.0.0.1", "localhost")
        pages.update({path: Served(html.encode()) for path, html in hostile_pages(offsite).items()})
        items, log = crawl_local(folder, [site.url(path) for path in pages])
        requested = list(site.requested)
    by_name = {str(item["url"]).rsplit("/", 1)[-1].removesuffix(".html"): item for item in items}
    return by_name, log, requested


def test_oversized_fields_are_dropped_with_one_warning_each(
    hostile_crawl: tuple[dict[str, dict[str, object]], str, list[str]],
) -> None:
    items, log, _ = hostile_crawl
    assert "huge-title" not in items
    assert "many-paragraphs" not in items
    assert stat(log, "newscrawler/validate/dropped/too_long/title") == 1
    assert stat(log, "newscrawler/validate/dropped/too_long/body") == 1
    warnings = [line for line in log.splitlines() if "Dropped: article" in line]
    assert len(warnings) == 2, warnings
    assert any("NEWSCRAWLER_MAX_TITLE_CHARS=1000" in line for line in warnings)
    assert any("NEWSCRAWLER_MAX_BODY_CHARS=500000" in line for line in warnings)
    # The drop is one line naming the page, never the item dumped whole.
    assert len(log) < 200_000, f"the log holds {len(log):,} characters"


def test_the_sane_pages_are_stored(
    hostile_crawl: tuple[dict[str, dict[str, object]], str, list[str]],
) -> None:
    items, _, _ = hostile_crawl
    assert sorted(items) == ["control-chars", "links", "next-offsite", "script-style"]


def test_script_and_style_text_is_no_body(
    hostile_crawl: tuple[dict[str, dict[str, object]], str, list[str]],
) -> None:
    items, _, requested = hostile_crawl
    body = str(items["script-style"]["body"])
    assert "EVIL" not in body
    assert "color" not in body
    assert "Paragraf terakhir yang aman." in body
    assert not [path for path in requested if "executed" in path]


def test_control_characters_are_gone(
    hostile_crawl: tuple[dict[str, dict[str, object]], str, list[str]],
) -> None:
    items, _, _ = hostile_crawl
    item = items["control-chars"]
    for name in ("title", "body"):
        text = str(item[name])
        assert not [ch for ch in text if ch in CONTROLS], (name, text)
    # Controls that are line or field separators (VT, FF, FS..US, NEL) become a space; the rest go.
    assert item["title"] == "Berita: Kontrol karakter"
    assert str(item["body"]).startswith("Kontrol karakter\n\n")


def test_javascript_data_and_offsite_links_are_not_followed(
    hostile_crawl: tuple[dict[str, dict[str, object]], str, list[str]],
) -> None:
    items, log, requested = hostile_crawl
    assert sorted(requested) == sorted(["/robots.txt", *hostile_pages("")])
    assert stat(log, "downloader/request_count") == len(requested)
    assert "data-followed" not in log
    for item in items.values():
        assert item["image_url"] is None, item["image_url"]


def test_links_of_a_listing_page_stay_on_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A listing's javascript:, data: and off-site links are no articles; its own links are."""
    pages: dict[str, Served] = {}
    with serve_pages(pages) as site:
        offsite = site.url("").replace("127.0.0.1", "localhost")
        links = (
            f'<a href="{site.url("/read/1.html")}">satu</a>'
            "<a href=\"javascript:location='/read/js.html'\">js</a>"
            '<a href="data:text/html,<a href=/read/data.html>x</a>">data</a>'
            f'<a href="{offsite}/read/offsite.html">luar</a>'
            '<a href="vbscript:msgbox(1)">vb</a>'
        )
        pages["/listing-1.html"] = Served(f"<html><body>{links}</body></html>".encode())
        pages["/read/1.html"] = Served(page_html("Satu-satunya artikel", seed="one").encode())
        monkeypatch.setenv("LOCAL_LISTING_URL", site.url("/"))
        out = tmp_path / "items.jsonl"
        from tests.conftest import run_scrapy
        from tests.test_charsets import QUICK

        result = run_scrapy(
            "crawl", "locallisting", "-O", str(out),
            "-s", f"NEWSCRAWLER_DATABASE_URL={tmp_path / 'store.sqlite'}",
            "-s", f"NEWSCRAWLER_EXPORT_DIR={tmp_path / 'out'}",
            *QUICK, "-s", "SPIDER_MODULES=tests.spiders.local_text",
        )  # fmt: skip
        requested = list(site.requested)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert [json.loads(line)["title"] for line in out.read_text().splitlines()] == [
        "Berita: Satu-satunya artikel"
    ]
    assert set(requested) <= {
        "/robots.txt",
        "/listing-1.html",
        "/listing-2.html",
        "/listing-3.html",
        "/read/1.html",
    }


# --- the pipeline and the log formatter alone ----------------------------------------------------------


def article(**fields: object) -> Article:
    values: dict[str, object] = {"url": "https://127.0.0.1/a", "title": "Judul", "body": "Isi berita."}
    return Article(**{**values, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "x" * 1001}, "title"),
        ({"body": "x" * 500_001}, "body"),
        ({"lead": "x" * 10_001}, "lead"),
        ({"authors": ["x" * 6000, "y" * 6000]}, "authors"),
        ({"tags": ["t"] * 10_001}, "tags"),
    ],
)
def test_a_field_beyond_its_bound_drops_the_item(fields: dict[str, object], field: str) -> None:
    crawler = project_crawler(LocalTextSpider)
    pipeline = validate.ValidatePipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match=rf"its {field} has [\d,]+ characters, over NEWSCRAWLER_MAX_"):
        pipeline.process_item(article(**fields))
    assert crawler.stats is not None
    assert crawler.stats.get_value(f"newscrawler/validate/dropped/too_long/{field}") == 1


def test_at_the_bounds_the_item_passes() -> None:
    pipeline = validate.ValidatePipeline.from_crawler(project_crawler(LocalTextSpider))
    item = article(title="x" * 1000, body="y" * 500_000, lead="z" * 10_000)
    assert pipeline.process_item(item) is item


def test_zero_means_no_bound() -> None:
    crawler = project_crawler(LocalTextSpider, NEWSCRAWLER_MAX_TITLE_CHARS=0)
    item = article(title="x" * 100_000)
    assert validate.ValidatePipeline.from_crawler(crawler).process_item(item) is item


def test_a_negative_bound_is_refused() -> None:
    with pytest.raises(ValueError, match="NEWSCRAWLER_MAX_BODY_CHARS=-1"):
        validate.ValidatePipeline.from_crawler(
            project_crawler(LocalTextSpider, NEWSCRAWLER_MAX_BODY_CHARS=-1)
        )


def test_a_dropped_item_is_logged_by_its_reason_only() -> None:
    crawler = project_crawler(LocalTextSpider)
    formatter = validate.BoundedLogFormatter.from_crawler(crawler)
    assert crawler.spider is not None
    huge = article(title="x" * 1_000_000)
    result = formatter.dropped(huge, DropItem("too long", log_level="INFO"), None, crawler.spider)
    assert result["level"] == logging.INFO
    assert result["msg"] % result["args"] == "Dropped: too long"
    result = formatter.dropped(huge, DropItem("too long"), None, crawler.spider)
    assert result["level"] == logging.WARNING
