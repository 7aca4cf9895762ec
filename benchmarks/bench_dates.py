"""Date parsing: our table of forms against dateparser and dateutil, on the test table's cases.

Exact = the same ISO 8601 text (offset included) as the table expects, None where it expects None;
same instant = the same moment whatever offset it is written with.
Run with `make bench`.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from datetime import datetime, timedelta

from newscrawler.extraction.dates import WIB, format_iso, parse_date
from tests.test_dates import CASES, NOW

Parser = Callable[[str], str | None]
ZONES = {"WIB": 7 * 3600, "WITA": 8 * 3600, "WIT": 9 * 3600}


def ours(text: str) -> str | None:
    parsed = parse_date(text, WIB, NOW)
    return parsed.iso if parsed else None


def _checked(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=WIB)
    if value > NOW + timedelta(minutes=15):
        return None
    return format_iso(value.replace(microsecond=0))


def make_dateparser() -> Parser:
    import dateparser

    settings = {
        "TIMEZONE": "Asia/Jakarta",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "RELATIVE_BASE": NOW.astimezone(WIB).replace(tzinfo=None),
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "past",
    }

    def parse(text: str) -> str | None:
        return _checked(dateparser.parse(text, languages=["id", "en"], settings=settings))

    return parse


def make_dateutil() -> Parser:
    from dateutil import parser

    def parse(text: str) -> str | None:
        try:
            return _checked(parser.parse(text, dayfirst=True, fuzzy=True, tzinfos=ZONES))
        except (ValueError, OverflowError):
            return None

    return parse


def _same_instant(got: str | None, expected: str | None) -> bool:
    if got is None or expected is None:
        return got == expected
    return datetime.fromisoformat(got) == datetime.fromisoformat(expected)


def measure(name: str, parse: Parser, rounds: int) -> None:
    results = [(text, expected, parse(text)) for text, expected in CASES]
    wrong = [(text, expected, got) for text, expected, got in results if got != expected]
    instants = sum(_same_instant(got, expected) for _text, expected, got in results)
    start = time.perf_counter()
    for _ in range(rounds):
        for text, _expected in CASES:
            parse(text)
    per_call = (time.perf_counter() - start) / (rounds * len(CASES))
    correct = len(CASES) - len(wrong)
    print(
        f"{name:<11} exact {correct:>3}/{len(CASES)}   same instant {instants:>3}/{len(CASES)}"
        f"   {per_call * 1e6:8.1f} µs/date"
    )
    for text, expected, got in wrong[:8]:
        print(f"    {text!r}: expected {expected}, got {got}")
    if len(wrong) > 8:
        print(f"    ... and {len(wrong) - 8} more")


def main() -> None:
    warnings.simplefilter("ignore")
    measure("newscrawler", ours, rounds=200)
    measure("dateparser", make_dateparser(), rounds=5)
    measure("dateutil", make_dateutil(), rounds=50)


if __name__ == "__main__":
    main()
