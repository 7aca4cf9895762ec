from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.extraction.dates import WIB, WIT, WITA, format_iso, parse_date, resolve_zone
from tests.test_charsets import Served, crawl_local, page_html, serve_pages

NOW = datetime(2024, 8, 6, 12, 0, tzinfo=UTC)  # 19:00 WIB

CASES: list[tuple[str, str | None]] = [
    # Indonesian long forms, with day names, full and short month names, every zone.
    ("Rabu, 21 Desember 2022 - 00:42 WIB", "2022-12-21T00:42:00+07:00"),
    ("Senin, 5 Agu 2024 14:05 WITA", "2024-08-05T14:05:00+08:00"),
    ("21/12/2022, 00:42 WIB", "2022-12-21T00:42:00+07:00"),
    ("21 Des 2022 | 00.42 WIT", "2022-12-21T00:42:00+09:00"),
    ("Kamis, 05 Nov 2015 10:08 WIB", "2015-11-05T10:08:00+07:00"),
    ("Selasa, 16 Februari 2016 | 14:38 WIB", "2016-02-16T14:38:00+07:00"),
    ("Jumat, 17 Pebruari 2017 13:30 wib", "2017-02-17T13:30:00+07:00"),
    ("Minggu, 3 Maret 2024 pukul 09.15 WITA", "2024-03-03T09:15:00+08:00"),
    ("Sabtu, 1 Juni 2024, 23:59 WIT", "2024-06-01T23:59:00+09:00"),
    ("Jum'at, 12 Juli 2024 - 07:00 WIB", "2024-07-12T07:00:00+07:00"),
    ("10 Okt 2023 18:20", "2023-10-10T18:20:00+07:00"),
    ("2 Nopember 2015", "2015-11-02T00:00:00+07:00"),
    ("Kompas.com - 04/11/2015, 21:04 WIB", "2015-11-04T21:04:00+07:00"),
    ("05.11.2015 15:56", "2015-11-05T15:56:00+07:00"),
    ("Diperbarui 21-12-2022 00:42:30 WIB", "2022-12-21T00:42:30+07:00"),
    ("21 Mei 2024", "2024-05-21T00:00:00+07:00"),
    ("7 Agt 2024 09.00 WIB", None),  # tomorrow in Jakarta: in the future
    # ISO 8601 (meta tags, JSON-LD)
    ("2022-12-21T00:42:00+07:00", "2022-12-21T00:42:00+07:00"),
    ("2022-12-20T17:42:00Z", "2022-12-20T17:42:00+00:00"),
    ("2022-12-21T00:42:00.123+0700", "2022-12-21T00:42:00+07:00"),
    ("2022-12-21 00:42:00", "2022-12-21T00:42:00+07:00"),
    ("2022-12-21", "2022-12-21T00:00:00+07:00"),
    ("2016-02-23T16:00:20+08:00", "2016-02-23T16:00:20+08:00"),
    ("2022-12-21 00:42 WIB", "2022-12-21T00:42:00+07:00"),
    ("Published: 2022-12-21T00:42:00.000Z", "2022-12-21T00:42:00+00:00"),
    ("Wed Dec 21 2022 00:42:00 GMT+0700 (Western Indonesia Time)", "2022-12-21T00:42:00+07:00"),
    ("pukul 14.00 WIB, Rabu (21/12/2022)", "2022-12-21T14:00:00+07:00"),
    ("21 Desember 2022 00:42 WIB | Dibaca: 1.234 kali", "2022-12-21T00:42:00+07:00"),
    # RFC 822 (feeds)
    ("Wed, 21 Dec 2022 00:42:00 +0700", "2022-12-21T00:42:00+07:00"),
    ("Wed, 21 Dec 2022 00:42:00 GMT", "2022-12-21T00:42:00+00:00"),
    ("Tue, 20 Dec 2022 12:42:00 -0500", "2022-12-20T12:42:00-05:00"),
    ("Tue, 20 Dec 2022 12:42:00 EST", "2022-12-20T12:42:00-05:00"),
    # Epoch seconds and milliseconds: the same instant, shown in the site's zone.
    ("1671558120", "2022-12-21T00:42:00+07:00"),
    ("1671558120000", "2022-12-21T00:42:00+07:00"),
    # English forms, 12-hour clocks
    ("December 21, 2022 12:42 AM", "2022-12-21T00:42:00+07:00"),
    ("Dec. 21, 2022, 3:05 p.m. EST", "2022-12-21T15:05:00-05:00"),
    ("21st December 2022 at 12:00 pm UTC", "2022-12-21T12:00:00+00:00"),
    ("Wednesday, December 21, 2022 11:59 PM GMT+8", "2022-12-21T23:59:00+08:00"),
    ("Updated 9:30 am, March 3, 2024", "2024-03-03T09:30:00+07:00"),
    ("3 pm, 1 June 2024 CEST", "2024-06-01T15:00:00+02:00"),
    # Month-first numeric only where the day cannot be first.
    ("12/25/2022", "2022-12-25T00:00:00+07:00"),
    ("03/04/2022", "2022-04-03T00:00:00+07:00"),
    # Leap days
    ("29 Februari 2024 10:00 WIB", "2024-02-29T10:00:00+07:00"),
    ("29 Februari 2023 10:00 WIB", None),
    ("2023-02-29", None),
    # Relative Indonesian and English forms against NOW (19:00 WIB)
    ("2 jam yang lalu", "2024-08-06T17:00:00+07:00"),
    ("45 menit lalu", "2024-08-06T18:15:00+07:00"),
    ("sejam lalu", "2024-08-06T18:00:00+07:00"),
    ("3 hari yang lalu", "2024-08-03T19:00:00+07:00"),
    ("kemarin", "2024-08-05T00:00:00+07:00"),
    ("Kemarin, 14:05 WIB", "2024-08-05T14:05:00+07:00"),
    ("hari ini 08:30", "2024-08-06T08:30:00+07:00"),
    ("baru saja", "2024-08-06T19:00:00+07:00"),
    ("3 hours ago", "2024-08-06T16:00:00+07:00"),
    ("yesterday 10:00", "2024-08-05T10:00:00+07:00"),
    # Not dates, broken dates, future dates
    ("", None),
    ("   ", None),
    ("tulis komentar anda", None),
    ("Minggu, 21 Desember, pukul 14.00", None),
    ("32 Desember 2022", None),
    ("21/13/2022 10:00", None),
    ("Rp 1.500.000", None),
    ("25:61 WIB 21 Desember 2022", "2022-12-21T00:00:00+07:00"),
    ("2099-01-01T00:00:00+07:00", None),
    ("1 Januari 2030", None),
    ("4102444800", None),  # 2100-01-01 as epoch seconds
    ("12345", None),
    # News sites anywhere: other languages' month names, "10h05", CJK dates, German zone names.
    ("3. März 2024, 10:05 Uhr", "2024-03-03T10:05:00+07:00"),
    ("15. oktober 2023 kl. 23.35", "2023-10-15T23:35:00+07:00"),
    ("3 de mayo de 2024", "2024-05-03T00:00:00+07:00"),
    ("03 mai 2024 à 10h05", "2024-05-03T10:05:00+07:00"),
    ("3 maggio 2024", "2024-05-03T00:00:00+07:00"),
    ("3 czerwca 2024", "2024-06-03T00:00:00+07:00"),
    ("2024年5月3日 10:05", "2024-05-03T10:05:00+07:00"),
    ("10:05 MESZ, 3.5.2024", "2024-05-03T10:05:00+02:00"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parse_date(text: str, expected: str | None) -> None:
    parsed = parse_date(text, now=NOW)
    assert (parsed.iso if parsed else None) == expected


def test_table_is_large() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("21 Desember 2022 00:42", WITA, "2022-12-21T00:42:00+08:00"),
        ("21 Desember 2022 00:42", WIT, "2022-12-21T00:42:00+09:00"),
        ("21 Desember 2022 00:42 WIB", WIT, "2022-12-21T00:42:00+07:00"),  # the text's zone wins
        ("2022-07-01 12:00", resolve_zone("Europe/Berlin"), "2022-07-01T12:00:00+02:00"),
        ("2022-01-01 12:00", resolve_zone("Europe/Berlin"), "2022-01-01T12:00:00+01:00"),
        ("2 jam yang lalu", UTC, "2024-08-06T10:00:00+00:00"),
    ],
)
def test_default_zone(text: str, zone: timezone, expected: str) -> None:
    parsed = parse_date(text, zone, now=NOW)
    assert parsed is not None
    assert parsed.iso == expected


@pytest.mark.parametrize(
    ("text", "has_time", "has_zone"),
    [
        ("2024-05-03", False, False),
        ("2024-05-03T10:05:00", True, False),
        ("2024-05-03T10:05:00Z", True, True),
        ("2024-05-03 10:05:00 +0200", True, True),
        ("Jumat, 3 Mei 2024", False, False),
        ("Jumat, 3 Mei 2024 10:05", True, False),
        ("Jumat, 3 Mei 2024 10:05 WITA", True, True),
        ("1714727100", True, False),  # an instant, but not the page's clock
        ("kemarin", False, False),
    ],
)
def test_the_result_says_whether_the_text_gave_a_time_and_a_zone(
    text: str, has_time: bool, has_zone: bool
) -> None:
    parsed = parse_date(text, now=NOW)
    assert parsed is not None
    assert (parsed.has_time, parsed.has_zone) == (has_time, has_zone)


def test_raw_text_is_kept() -> None:
    parsed = parse_date("  Rabu, 21 Desember 2022 -\n 00:42 WIB ", now=NOW)
    assert parsed is not None
    assert parsed.raw == "Rabu, 21 Desember 2022 - 00:42 WIB"
    assert parsed.value == datetime(2022, 12, 21, 0, 42, tzinfo=WIB)


def test_skew_allows_a_slightly_fast_clock() -> None:
    ahead = NOW + timedelta(minutes=10)
    assert parse_date(format_iso(ahead), now=NOW) is not None
    assert parse_date(format_iso(ahead), now=NOW, max_skew=timedelta(0)) is None


def test_day_first_off_reads_month_first() -> None:
    parsed = parse_date("03/04/2022", now=NOW, day_first=False)
    assert parsed is not None
    assert parsed.iso == "2022-03-04T00:00:00+07:00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1671558120, "2022-12-21T00:42:00+07:00"),
        (1671558120000, "2022-12-21T00:42:00+07:00"),
        (datetime(2022, 12, 21, 0, 42), "2022-12-21T00:42:00+07:00"),
        (datetime(2022, 12, 20, 17, 42, tzinfo=UTC), "2022-12-20T17:42:00+00:00"),
        (True, None),
        (None, None),
        (["2022-12-21"], None),
        (float("nan"), None),
    ],
)
def test_non_string_input(value: object, expected: str | None) -> None:
    parsed = parse_date(value, now=NOW)
    assert (parsed.iso if parsed else None) == expected


@pytest.mark.parametrize(
    ("name", "hours"),
    [("WIB", 7), ("wita", 8), ("WIT", 9), ("UTC", 0), ("+07:00", 7), ("GMT-5", -5), ("Asia/Jakarta", 7)],
)
def test_resolve_zone(name: str, hours: int) -> None:
    assert resolve_zone(name).utcoffset(datetime(2024, 1, 1)) == timedelta(hours=hours)


def test_resolve_zone_names_a_bad_zone() -> None:
    with pytest.raises(ValueError, match=r"unknown time zone 'Mars/Olympus'.*Asia/Jakarta"):
        resolve_zone("Mars/Olympus")


@given(st.text(max_size=80))
def test_any_text_gives_none_or_an_aware_date(text: str) -> None:
    parsed = parse_date(text, now=NOW)
    if parsed is not None:
        assert parsed.value.tzinfo is not None
        assert parsed.value <= NOW + timedelta(minutes=15)


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2024, 8, 5)))
def test_iso_round_trip(moment: datetime) -> None:
    aware = moment.replace(microsecond=0, tzinfo=WIB)
    parsed = parse_date(format_iso(aware), now=NOW)
    assert parsed is not None
    assert parsed.value == aware


# --- issue 11, case 2: every form of zone, and the same results whatever the process's TZ -----------

#: The forms issue 11 names: an explicit offset is kept, Z is UTC, no zone is the site's, a bare day
#: is its midnight there, an epoch is the instant shown on the site's clock.
ZONE_CASES: list[tuple[str, str | None]] = [
    ("2024-08-01T10:00:00+05:30", "2024-08-01T10:00:00+05:30"),
    ("2024-08-01T10:00:00.000+0530", "2024-08-01T10:00:00+05:30"),
    ("Thu, 01 Aug 2024 10:00:00 +0530", "2024-08-01T10:00:00+05:30"),
    ("1 Agustus 2024 10:00 GMT+5:30", "2024-08-01T10:00:00+05:30"),
    ("2024-08-01T10:00:00+05:30[Asia/Kolkata]", "2024-08-01T10:00:00+05:30"),
    ("2024-08-01T10:00:00-03:30", "2024-08-01T10:00:00-03:30"),
    ("2024-08-01T04:30:00Z", "2024-08-01T04:30:00+00:00"),
    ("2024-08-01T04:30:00.123456789Z", "2024-08-01T04:30:00+00:00"),
    ("2024-08-01 10:00:00", "2024-08-01T10:00:00+07:00"),
    ("2024-08-01T10:00", "2024-08-01T10:00:00+07:00"),
    ("2024-08-01", "2024-08-01T00:00:00+07:00"),
    ("1 Agustus 2024", "2024-08-01T00:00:00+07:00"),
    ("1722486600", "2024-08-01T11:30:00+07:00"),
    ("1722486600123", "2024-08-01T11:30:00+07:00"),
    # ISO 8601's basic format (feeds, APIs): read like the extended one.
    ("20240801T100000+0530", "2024-08-01T10:00:00+05:30"),
    ("20240801T043000Z", "2024-08-01T04:30:00+00:00"),
    ("20240801T1000", "2024-08-01T10:00:00+07:00"),
    ("20240801", None),  # a bare number is no date
    # A date in the future (a countdown in a script, a wrong JSON-LD) is no publication date.
    ("2099-01-01T00:00:00+07:00", None),
    ("4102444800", None),
]


@pytest.fixture(params=["UTC", "Asia/Jakarta", "America/New_York"])
def process_tz(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run the test with the process's local zone set to the parameter (TZ and time.tzset)."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(("text", "expected"), ZONE_CASES)
def test_zone_forms_whatever_the_process_zone(text: str, expected: str | None, process_tz: str) -> None:
    parsed = parse_date(text, now=NOW)
    assert (parsed.iso if parsed else None) == expected


def test_the_current_time_is_the_same_instant_whatever_the_process_zone(process_tz: str) -> None:
    """A date a minute ago is a date, one a day ahead is not, under any local zone."""
    now = datetime.now(UTC)
    assert parse_date(format_iso(now - timedelta(minutes=1))) is not None
    assert parse_date(format_iso((now + timedelta(days=1)).astimezone(WIT))) is None


def meta_date(prop: str, value: str) -> str:
    return f'<meta property="article:{prop}" content="{value}">'


#: Article pages of the local site: (head, body additions), (published_at, modified_at) stored. A UTC
#: date is stored as the same instant on the site's clock (WIB), as every stored date (normalize.py).
DATE_PAGES: dict[str, tuple[tuple[str, str], tuple[str, str | None]]] = {
    "offset-0530": (
        (meta_date("published_time", "2024-08-01T10:00:00+05:30"), ""),
        ("2024-08-01T10:00:00+05:30", None),
    ),
    "zulu": ((meta_date("published_time", "2024-08-01T04:30:00Z"), ""), ("2024-08-01T11:30:00+07:00", None)),
    "no-zone": (
        (meta_date("published_time", "2024-08-01 10:00:00"), ""),
        ("2024-08-01T10:00:00+07:00", None),
    ),
    "date-only": ((meta_date("published_time", "2024-08-01"), ""), ("2024-08-01T00:00:00+07:00", None)),
    "epoch": ((meta_date("published_time", "1722486600"), ""), ("2024-08-01T11:30:00+07:00", None)),
    "basic-format": (
        (meta_date("published_time", "20240801T100000+0530"), ""),
        ("2024-08-01T10:00:00+05:30", None),
    ),
    "future-in-script": (
        (
            '<script>var promoEnds = "2099-01-01T00:00:00+07:00"; var serverNow = 4102444800;</script>'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2099-12-31T00:00:00+07:00"}</script>',
            '<time datetime="2024-08-01T10:00:00+07:00">1 Agustus 2024</time>',
        ),
        ("2024-08-01T10:00:00+07:00", None),
    ),
    "published-and-updated": (
        (
            meta_date("published_time", "2024-08-01T10:00:00+05:30")
            + meta_date("modified_time", "2024-08-02T01:15:00Z"),
            "",
        ),
        ("2024-08-01T10:00:00+05:30", "2024-08-02T08:15:00+07:00"),
    ),
}


@pytest.mark.parametrize("zone", ["UTC", "Asia/Jakarta"])
def test_a_crawl_stores_the_same_dates_whatever_the_process_zone(
    zone: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real crawl under TZ=UTC and TZ=Asia/Jakarta: the -O items and the store hold the same dates."""
    pages = {
        f"/{name}.html": Served(page_html(f"Berita {name}", head=head, body=body, seed=name).encode())
        for name, ((head, body), _) in DATE_PAGES.items()
    }
    monkeypatch.setenv("TZ", zone)
    with serve_pages(pages) as site:
        items, log = crawl_local(tmp_path, [site.url(path) for path in pages])
    got = {
        str(item["url"]).rsplit("/", 1)[-1].removesuffix(".html"): (item["published_at"], item["modified_at"])
        for item in items
    }
    assert got == {name: dates for name, (_, dates) in DATE_PAGES.items()}, log[-3000:]
    with sqlite3.connect(tmp_path / "store.sqlite") as db:
        stored = dict(
            ((url.rsplit("/", 1)[-1].removesuffix(".html")), (published, modified))
            for url, published, modified in db.execute("SELECT url, published_at, modified_at FROM articles")
        )
    assert stored == got
