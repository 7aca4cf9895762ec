"""Article text: normalization, paragraphs, boilerplate rules and repeated paragraphs.

A body is a list of paragraphs joined by one blank line. Cleaning a body normalizes each paragraph,
drops empty ones, drops boilerplate paragraphs (rules that must match the *whole* paragraph, so a
paragraph that merely mentions "baca juga" stays), drops a paragraph that repeats an earlier one,
and removes a reporter tag such as ``(dam)`` from the end of the last paragraph.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "DEFAULT_BOILERPLATE",
    "BoilerplateRules",
    "CleanedBody",
    "clean_body",
    "clean_paragraphs",
    "join_paragraphs",
    "normalize_text",
    "paragraph_key",
    "split_paragraphs",
    "squash",
    "strip_reporter_tag",
    "word_count",
    "words",
]

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# Zero-width joiner/non-joiner stay: they carry meaning in Persian, Indic scripts and emoji.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\u180e]")
_SPACE_LIKE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_SPACES = re.compile(r" {2,}")
_BLANK_AROUND_NEWLINE = re.compile(r" *\n *")
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def normalize_text(text: str | None, *, keep_newlines: bool = False) -> str:
    r"""Normalize text for storage: entities decoded, NFC, odd spaces and controls gone, one space.

    Line breaks are kept (one per break) with ``keep_newlines``; otherwise the text becomes one line.

    >>> normalize_text("Jakarta&nbsp;\u200bKota  Tua ")
    'Jakarta Kota Tua'
    """
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACE_LIKE.sub(" ", text)
    text = _CONTROL.sub("", text)
    if not keep_newlines:
        text = text.replace("\n", " ")
    text = _SPACES.sub(" ", text)
    return _BLANK_AROUND_NEWLINE.sub("\n", text).strip()


def split_paragraphs(text: str | None) -> list[str]:
    """Split text into normalized, non-empty paragraphs: every line break ends a paragraph."""
    return [line for line in normalize_text(text, keep_newlines=True).split("\n") if line]


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Join paragraphs with one blank line between them."""
    return "\n\n".join(paragraphs)


def paragraph_key(paragraph: str) -> str:
    """Reduce a paragraph to what a repeat of it shares: case, punctuation and spacing aside."""
    return _NON_WORD.sub(" ", paragraph.casefold()).strip()


def squash(text: str) -> str:
    """Reduce a text to its letters and digits, case-folded: how names and headlines are compared.

    >>> squash("Kompas.com - Regional")
    'kompascomregional'
    """
    return _NON_WORD.sub("", text.casefold())


def words(text: str) -> list[str]:
    """Split a text into words; a hyphenated word ("isu-isu") is one word."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """Count words; a hyphenated word ("isu-isu") counts once."""
    return len(words(text))


_NAME_WORD = r"(?:[A-Z][\w.'’\-]*|[a-z]{1,4}\.?|\([a-z/]{2,12}\))"
_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,5}}"
_CREDIT = r"(?i:editor|penulis|reporter|pewarta|penyunting|redaktur|kontributor|fotografer|foto|sumber)"
_REPORTER_TAG = r"\((?:[a-z]{2,6}|\*)(?:\s*/\s*[a-z]{2,6})*\)"

#: Paragraphs that are never article text on Indonesian news sites. Each rule must match the
#: whole paragraph (``re.fullmatch``); a site adds its own through :class:`BoilerplateRules`.
DEFAULT_BOILERPLATE: tuple[str, ...] = (
    # "Baca juga: <headline>", "BACA JUGA", "Lihat Juga »", "Simak juga - ..."
    r"(?i)(?:baca|lihat|simak|cek|tonton)\s+(?:juga|pula)\s*(?:[:\-»>|].{0,250})?[\s.!]*",
    r"(?i)(?:baca|lihat|simak)\s+(?:berita\s+|artikel\s+)?selengkapnya\b.{0,120}",
    # "Simak juga Video: ...", "Saksikan Video Pilihan di Bawah Ini"
    r"(?i)(?:simak|tonton|saksikan|lihat)\s+(?:juga\s+)?(?:video|foto|infografis)\b.{0,250}",
    r"(?i)(?:tulis|berikan|kirim)\s+komentar(?:\s+(?:anda|kamu|di\s+sini))?[\s.!:]*",
    r"(?i)(?:komentar|advertisement|iklan|ads|loading\.*)[\s.:]*",
    r"(?i)scroll\s+(?:to|untuk)\s+(?:continue|resume|lanjut|melanjutkan)\b.{0,60}",
    # "Simak berita dan artikel lainnya di Google News", WhatsApp/Telegram channel prompts.
    r"(?i)(?:simak|ikuti|follow|dapatkan|gabung|bergabung|klik|pilih|download|unduh)\b"
    r"(?=.{0,300}\b(?:google\s+news|whatsapp|telegram|line\s+today)\b)"
    r"(?=.{0,300}\b(?:berita|news|channel|saluran|update|artikel|kabar|informasi|grup)\b).{0,300}",
    r"(?i)(?:berita|artikel)\s+(?:terkait|lainnya|pilihan)[\s:]*",
    r"(?i)halaman\s+(?:selanjutnya|berikutnya|sebelumnya)\b.{0,120}",
    # "Editor: Rina Atriana", "Penulis: A | Editor: B", "Sumber: Reuters"
    rf"(?:{_CREDIT}\s*:\s*{_NAME}(?:\s*(?:[,/|;&]|\bdan\b)\s*{_NAME})*[\s|,/;.\-]*)+",
    # A reporter tag standing alone: "(dam)", "(rhs/ful)".
    rf"(?:{_REPORTER_TAG}\s*)+",
)

_TRAILING_TAG = re.compile(
    rf"(?<=[.!?\"”’'])\s*{_REPORTER_TAG}\s*$|\s+\([a-z]{{2,6}}(?:\s*/\s*[a-z]{{2,6}})+\)\s*$"
)


def strip_reporter_tag(paragraph: str) -> str:
    """Remove a trailing reporter tag: ``"... pungkasnya. (dam)"`` -> ``"... pungkasnya."``.

    Tags are lower case, so an abbreviation such as ``(AS)`` at the end of a sentence stays.
    """
    return _TRAILING_TAG.sub("", paragraph).rstrip()


class BoilerplateRules:
    """A set of whole-paragraph rules: the shared Indonesian list plus a site's own.

    Extra rules are regular expressions matched case-insensitively against the whole normalized
    paragraph. A bad expression raises ``ValueError`` naming it.

    >>> BoilerplateRules(["Dapatkan berita terbaru.*"]).matches("Baca juga: Harga BBM naik")
    True
    """

    def __init__(self, extra: Iterable[str | re.Pattern[str]] = (), *, defaults: bool = True) -> None:
        patterns: list[re.Pattern[str]] = []
        if defaults:
            patterns.extend(_compiled_defaults())
        for rule in extra:
            patterns.append(_compile_rule(rule))
        self.patterns: tuple[re.Pattern[str], ...] = tuple(patterns)

    def matches(self, paragraph: str) -> bool:
        """Whether the whole paragraph is boilerplate."""
        return any(pattern.fullmatch(paragraph) for pattern in self.patterns)


def _compile_rule(rule: str | re.Pattern[str]) -> re.Pattern[str]:
    if isinstance(rule, re.Pattern):
        return rule
    try:
        return re.compile(rule, re.IGNORECASE)
    except re.error as error:
        raise ValueError(f"bad boilerplate rule {rule!r}: {error}; fix the regular expression") from None


@lru_cache(maxsize=1)
def _compiled_defaults() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rule) for rule in DEFAULT_BOILERPLATE)


@dataclass(frozen=True, slots=True)
class CleanedBody:
    """Clean paragraphs and how many of each kind were dropped on the way."""

    paragraphs: list[str]
    dropped_boilerplate: int = 0
    dropped_repeated: int = 0
    dropped_empty: int = 0

    @property
    def text(self) -> str:
        """The paragraphs joined with one blank line."""
        return join_paragraphs(self.paragraphs)


def clean_paragraphs(paragraphs: Sequence[str | None], rules: BoilerplateRules | None = None) -> CleanedBody:
    """Normalize paragraphs and drop empty, boilerplate and repeated ones; strip the reporter tag.

    A paragraph holding line breaks is split at them first; a dateline left alone on a line
    ("Jakarta -") is joined to the paragraph after it.
    """
    rules = rules or _default_rules()
    lines = _join_datelines([line for paragraph in paragraphs for line in split_paragraphs(paragraph)])
    kept: list[str] = []
    seen: set[str] = set()
    boilerplate = repeated = empty = 0
    for line in lines:
        key = paragraph_key(line)
        if not key:
            empty += 1
        elif rules.matches(line):
            boilerplate += 1
        elif key in seen:
            repeated += 1
        else:
            seen.add(key)
            kept.append(line)
    if kept:
        last = strip_reporter_tag(kept[-1])
        if paragraph_key(last):
            kept[-1] = last
        else:
            kept.pop()
            empty += 1
    return CleanedBody(kept, boilerplate, repeated, empty)


# "Jakarta -", "JAKARTA, KOMPAS.com –" or "Jakarta, CNN Indonesia --" left alone on a line when markup split
# the dateline off.
_DATELINE = re.compile(r"[A-Z][\w.'’]*(?:[ ,/]+[A-Z(][\w.'’()]*){0,5}\s(?:--|[-–—])")


def _join_datelines(lines: list[str]) -> list[str]:
    """Join a dateline standing alone to the paragraph after it."""
    joined: list[str] = []
    carry = ""
    for line in lines:
        if _DATELINE.fullmatch(line.strip()):
            carry = f"{carry}{line.strip()} "
            continue
        joined.append(carry + line if carry else line)
        carry = ""
    if carry:
        joined.append(carry.strip())
    return joined


def clean_body(text: str | None, rules: BoilerplateRules | None = None) -> str:
    r"""Clean a whole body given as text (one paragraph a line or blank-line separated).

    >>> clean_body("Satu.\nBaca juga: Dua\nSatu.\nTiga. (dam)")
    'Satu.\n\nTiga.'
    """
    return clean_paragraphs([text], rules).text


@lru_cache(maxsize=1)
def _default_rules() -> BoilerplateRules:
    return BoilerplateRules()
