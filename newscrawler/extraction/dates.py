"""Dates as news pages write them, turned into timezone-aware datetimes.

One entry point, :func:`parse_date`. It reads Indonesian and English long forms, numeric forms,
ISO 8601, RFC 822, epoch seconds/milliseconds and relative forms ("2 jam yang lalu", "kemarin").
A text without a zone takes the caller's default zone (WIB unless told otherwise); a result in the
future is not a publication date and gives ``None``; so does anything unreadable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "DEFAULT_MAX_SKEW",
    "WIB",
    "WIT",
    "WITA",
    "ParsedDate",
    "format_iso",
    "parse_date",
    "resolve_zone",
]

WIB = timezone(timedelta(hours=7), "WIB")
WITA = timezone(timedelta(hours=8), "WITA")
WIT = timezone(timedelta(hours=9), "WIT")

#: How far past "now" a date may lie and still count (site clocks run a little fast).
DEFAULT_MAX_SKEW = timedelta(minutes=15)

#: Longest text read; longer input is not a date string but a page fragment.
MAX_INPUT_CHARS = 400

_ZONE_HOURS: dict[str, float] = {
    "wib": 7,
    "wita": 8,
    "wit": 9,
    "utc": 0,
    "gmt": 0,
    "ut": 0,
    "z": 0,
    # RFC 822 names, then a few that English-language news sites print.
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
    "bst": 1,
    "cet": 1,
    "cest": 2,
    "mez": 1,
    "mesz": 2,
    "eet": 2,
    "eest": 3,
    "wet": 0,
    "west": 1,
    "msk": 3,
    "jst": 9,
    "kst": 9,
    "sgt": 8,
    "myt": 8,
    "hkt": 8,
    "aest": 10,
    "aedt": 11,
}

_MONTHS: dict[str, int] = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "pebruari": 2,
    "february": 2,
    "feb": 2,
    "peb": 2,
    "maret": 3,
    "march": 3,
    "mar": 3,
    "mrt": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "agustus": 8,
    "august": 8,
    "agust": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nopember": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}
# Other languages of news sites anywhere, full names (and unambiguous short forms): German, Dutch,
# the Scandinavian languages, French, Spanish, Italian, Portuguese, Polish (genitive), Turkish.
_MONTH_NAMES: tuple[tuple[int, str], ...] = (
    (1, "januar jänner jän janvier janv enero gennaio janeiro stycznia ocak"),
    (2, "februar février fevrier févr fevr febrero febbraio fevereiro lutego şubat subat"),
    (3, "märz maerz mär mrz maart mars marts marzo março marco marca mart"),
    (4, "avril avr abril aprile kwietnia nisan"),
    (5, "mai maj mayo maggio maio maja mayıs mayis"),
    (6, "juin junio giugno junho czerwca haziran"),
    (7, "juillet juil julio luglio julho lipca temmuz"),
    (8, "augustus augusti août aout agosto sierpnia ağustos"),
    (9, "septembre septiembre setiembre settembre setembro września wrzesnia eylül eylul"),
    (10, "octobre octubre ottobre outubro października pazdziernika ekim"),
    (11, "novembre noviembre novembro listopada kasım kasim"),
    (12, "dezember dez décembre diciembre dicembre dezembro desember grudnia aralık aralik"),
)
_MONTHS.update(
    {name: month for month, names in _MONTH_NAMES for name in names.split() if name not in _MONTHS}
)

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 2022-12-21, 2022/12/21, 2022.12.21
    re.compile(r"(?<![\d.])(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    # 2022年12月21日 (Japanese, Chinese), 2022년 12월 21일 (Korean)
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]"),
    # 21 Desember 2022, 5 Agu 2024, 21-Dec-2022, 21st of December 2022, 3. März 2024, 3 de mayo de 2024
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.,]*(?:(?:of|de|di|del)\s+)?(?P<mon>{_MONTH_RE})\b\.?"
        r"[\s\-/.,]*(?:(?:de|del)\s+)?(?P<y>\d{4}|\d{2})(?!\d|[:.]\d)"
    ),
    # December 21, 2022 / Dec. 21 2022
    re.compile(
        rf"\b(?P<mon>{_MONTH_RE})\b\.?\s+(?P<d>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?\s*,?\s*(?P<y>\d{{4}})(?!\d)"
    ),
    # 21/12/2022, 21.12.2022, 21-12-22 (day first unless that cannot be)
    re.compile(r"(?<![\d.:])(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})(?!\d|[:.]\d)"),
)

_TIME_RE = re.compile(
    r"(?<![\d.,:])(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?:[:.](?P<s>\d{2})(?:[.,]\d+)?)?(?![\d])"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?"
    r"|(?<![\d.,:])(?P<h12>\d{1,2})\s*(?P<ampm12>[ap])\.?\s?m\b\.?"
)

_OFFSET_AFTER_TIME_RE = re.compile(
    r"\s*(?:(?:utc|gmt)\s*)?(?P<sign>[+-])\s?(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?(?!\d)"
)
_ZONE_NAME_RE = re.compile(
    r"\b(?P<name>" + "|".join(sorted((z for z in _ZONE_HOURS if z != "z"), key=len, reverse=True)) + r")\b"
    r"(?:\s*(?P<sign>[+-])\s?(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?(?!\d))?"
)
_Z_AFTER_TIME_RE = re.compile(r"z\b")

_ISO_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?"
    r"\s*(?:z|utc|[+-]\d{2}(?::?\d{2})?)?"
)
#: ISO 8601's basic format (``20240801T100000+0530``), as some feeds and APIs write it; the ``T`` is
#: required, so a bare number is never read as one.
_ISO_BASIC_RE = re.compile(r"\d{8}t\d{4}(?:\d{2}(?:[.,]\d{1,9})?)?(?:z|[+-]\d{2}(?:\d{2})?)?")
_EPOCH_RE = re.compile(r"\d{9,13}(?:\.\d+)?")

_RELATIVE_UNITS: dict[str, timedelta] = {
    "detik": timedelta(seconds=1),
    "second": timedelta(seconds=1),
    "sec": timedelta(seconds=1),
    "menit": timedelta(minutes=1),
    "minute": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "jam": timedelta(hours=1),
    "hour": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "hari": timedelta(days=1),
    "day": timedelta(days=1),
    "minggu": timedelta(weeks=1),
    "pekan": timedelta(weeks=1),
    "week": timedelta(weeks=1),
    "bulan": timedelta(days=30),
    "month": timedelta(days=30),
    "tahun": timedelta(days=365),
    "year": timedelta(days=365),
}
_RELATIVE_RE = re.compile(
    r"\b(?:(?P<n>\d{1,4})\s*|(?P<one>se|satu\s+|an?\s+|one\s+))"
    r"(?P<unit>detik|menit|jam|hari|minggu|pekan|bulan|tahun"
    r"|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
    r"\s+(?:yang\s+)?(?:lalu|ago|silam)\b"
)
_JUST_NOW_RE = re.compile(r"\b(?:baru\s+saja|barusan|just\s+now|sekarang)\b")
_DAY_WORD_RE = re.compile(r"\b(?P<word>kemarin\s+lusa|kemarin|kemaren|yesterday|hari\s+ini|today)\b")
_DAY_WORD_OFFSET = {
    "kemarin lusa": 2,
    "kemarin": 1,
    "kemaren": 1,
    "yesterday": 1,
    "hari ini": 0,
    "today": 0,
}

_SPACES_RE = re.compile(r"\s+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-"})


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A date read from a page: the aware ``value`` and the ``raw`` text it came from.

    ``has_time`` and ``has_zone`` say whether the text gave a time of day and its zone; without them
    the value is midnight, or in the default zone. An epoch or a relative form names an instant (a
    time) but no zone of the page's: it is shown in the default zone.
    """

    value: datetime
    raw: str
    has_time: bool = True
    has_zone: bool = True

    @property
    def iso(self) -> str:
        """The value as ISO 8601 with its UTC offset, e.g. ``2022-12-21T00:42:00+07:00``."""
        return format_iso(self.value)


#: A value read, whether the text gave its time of day, and whether it gave its zone.
_Found = tuple[datetime, bool, bool]


def format_iso(value: datetime) -> str:
    """ISO 8601 to the second with the offset: ``2022-12-21T00:42:00+07:00``."""
    return value.isoformat(timespec="seconds")


@lru_cache(maxsize=64)
def resolve_zone(name: str) -> tzinfo:
    """Turn a zone name into a tzinfo: ``WIB``/``WITA``/``WIT``, ``UTC``, ``+07:00`` or an IANA name.

    Raises ``ValueError`` naming the bad value; settings call it once at start-up.

    >>> resolve_zone("WITA").utcoffset(None)
    datetime.timedelta(seconds=28800)
    """
    key = name.strip()
    lowered = key.lower()
    if lowered in _ZONE_HOURS:
        return _fixed_zone(_ZONE_HOURS[lowered], key.upper())
    match = re.fullmatch(r"(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", lowered)
    if match:
        offset = _offset(match.group(1), match.group(2), match.group(3))
        if offset is not None:
            return timezone(offset)
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}: use WIB, WITA, WIT, UTC, an offset like +07:00, "
            "or an IANA name like Asia/Jakarta"
        ) from None


def parse_date(
    value: object,
    default_tz: tzinfo = WIB,
    now: datetime | None = None,
    *,
    max_skew: timedelta = DEFAULT_MAX_SKEW,
    day_first: bool = True,
) -> ParsedDate | None:
    """Read a date the way news pages write it; ``None`` when it is not a usable date.

    ``default_tz`` applies to text without a zone; ``now`` (default: the current time) anchors
    relative forms and rejects dates later than ``now + max_skew``. Numeric dates are read day
    first (21/12/2022) unless ``day_first`` is false or the numbers allow only month first.

    >>> parse_date("Rabu, 21 Desember 2022 - 00:42 WIB").iso
    '2022-12-21T00:42:00+07:00'
    >>> found = parse_date("21 Desember 2022")
    >>> (found.iso, found.has_time, found.has_zone)
    ('2022-12-21T00:00:00+07:00', False, False)
    """
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if isinstance(value, bool):
        return None
    found: _Found | None
    if isinstance(value, datetime):
        raw = value.isoformat()
        found = (value if value.tzinfo else value.replace(tzinfo=default_tz), True, value.tzinfo is not None)
    elif isinstance(value, int | float):
        raw = str(value)
        found = _from_epoch(float(value), default_tz)
    elif isinstance(value, str):
        raw = _SPACES_RE.sub(" ", value).strip()
        if not raw or len(raw) > MAX_INPUT_CHARS:
            return None
        try:
            found = _parse_text(raw, default_tz, now, day_first)
        except (ValueError, OverflowError):
            found = None
    else:
        return None
    if found is None or found[0] > now + max_skew:
        return None
    result, has_time, has_zone = found
    return ParsedDate(result.replace(microsecond=0), raw, has_time, has_zone)


def _parse_text(raw: str, tz: tzinfo, now: datetime, day_first: bool) -> _Found | None:
    text = raw.lower().translate(_DASHES)
    if _EPOCH_RE.fullmatch(text):
        return _from_epoch(float(text), tz)
    if _ISO_RE.fullmatch(text) or _ISO_BASIC_RE.fullmatch(text):
        return _from_iso(text, tz)
    return _parse_absolute(text, tz, day_first) or _parse_relative(text, tz, now)


def _from_epoch(seconds: float, tz: tzinfo) -> _Found | None:
    if seconds >= 1e11:  # 12 or 13 digits: milliseconds
        seconds /= 1000
    if not 1e8 <= seconds < 1e10:
        return None
    return datetime.fromtimestamp(seconds, tz), True, False


def _from_iso(text: str, tz: tzinfo) -> _Found:
    text = re.sub(r"\s*(?:z|utc)$", "+00:00", text)
    text = re.sub(r"\s+(?=[+-]\d{2}(?::?\d{2})?$)", "", text).replace(",", ".")
    result = datetime.fromisoformat(text.upper())
    has_time = len(text) > 10 and text[10] in "t "
    if result.tzinfo:
        return result, has_time, True
    return result.replace(tzinfo=tz), has_time, False


def _parse_relative(text: str, tz: tzinfo, now: datetime) -> _Found | None:
    match = _RELATIVE_RE.search(text)
    if match:
        count = int(match.group("n")) if match.group("n") else 1
        step = _RELATIVE_UNITS[match.group("unit").rstrip("s")]
        return (now - count * step).astimezone(tz), True, False
    if _JUST_NOW_RE.search(text):
        return now.astimezone(tz), True, False
    match = _DAY_WORD_RE.search(text)
    if match:
        word = _SPACES_RE.sub(" ", match.group("word"))
        day = now.astimezone(tz).date() - timedelta(days=_DAY_WORD_OFFSET[word])
        clock, _ = _find_time(_blank(text, match.start(), match.end()))
        return datetime.combine(day, clock or time(0, 0), tzinfo=tz), clock is not None, False
    return None


def _parse_absolute(text: str, tz: tzinfo, day_first: bool) -> _Found | None:
    found = _find_date(text, day_first)
    if found is None:
        return None
    day, start, end = found
    rest = _blank(text, start, end)
    clock, time_end = _find_time(rest)
    zone = _find_zone(rest, time_end)
    return datetime.combine(day, clock or time(0, 0), tzinfo=zone or tz), clock is not None, zone is not None


def _blank(text: str, start: int, end: int) -> str:
    """Hide a matched span so later searches cannot read its digits again; positions stay."""
    return text[:start] + " " * (end - start) + text[end:]


def _find_date(text: str, day_first: bool) -> tuple[date, int, int] | None:
    best: tuple[date, int, int] | None = None
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[1]:
                break
            day = _date_from_match(match, day_first)
            if day is not None:
                best = (day, match.start(), match.end())
                break
    return best


def _date_from_match(match: re.Match[str], day_first: bool) -> date | None:
    groups = match.groupdict()
    year = _full_year(groups["y"])
    if groups.get("mon"):
        month, day = _MONTHS[groups["mon"]], int(groups["d"])
    elif groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        if first > 12 or (day_first and second <= 12):
            day, month = first, second
        else:
            month, day = first, second
    else:
        month, day = int(groups["m"]), int(groups["d"])
    if not 1900 <= year <= 2200:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _find_time(text: str) -> tuple[time | None, int]:
    for match in _TIME_RE.finditer(text):
        hour = int(match.group("h") or match.group("h12"))
        minute = int(match.group("mi") or 0)
        second = int(match.group("s") or 0)
        ampm = match.group("ampm") or match.group("ampm12")
        if ampm:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if ampm == "p" else 0)
        if hour <= 23 and minute <= 59 and second <= 59:
            return time(hour, minute, second), match.end()
    return None, -1


def _find_zone(text: str, time_end: int) -> tzinfo | None:
    if time_end >= 0:
        tail = text[time_end:]
        match = _OFFSET_AFTER_TIME_RE.match(tail)
        if match:
            offset = _offset(match.group("sign"), match.group("oh"), match.group("om"))
            return timezone(offset) if offset is not None else None
        if _Z_AFTER_TIME_RE.match(tail.lstrip()):
            return UTC
    match = _ZONE_NAME_RE.search(text)
    if match is None:
        return None
    name = match.group("name")
    if match.group("sign"):
        offset = _offset(match.group("sign"), match.group("oh"), match.group("om"))
        return timezone(offset) if offset is not None else None
    return _fixed_zone(_ZONE_HOURS[name], name.upper())


def _offset(sign: str, hours: str, minutes: str | None) -> timedelta | None:
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if delta > timedelta(hours=14):
        return None
    return -delta if sign == "-" else delta


@lru_cache(maxsize=64)
def _fixed_zone(hours: float, name: str) -> tzinfo:
    if hours == 0:
        return UTC
    return timezone(timedelta(hours=hours), name)
