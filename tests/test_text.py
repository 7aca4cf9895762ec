from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.extraction.text import (
    BoilerplateRules,
    clean_body,
    clean_paragraphs,
    join_paragraphs,
    normalize_text,
    split_paragraphs,
    strip_reporter_tag,
    word_count,
)

NORMALIZE_CASES = [
    ("Jakarta&nbsp;Kota", "Jakarta Kota"),
    ("R&amp;D &quot;baru&quot;", 'R&D "baru"'),
    ("Tom &amp; Jerry &lt;3", "Tom & Jerry <3"),
    ("Cafe\u0301", "Café"),  # NFC composes the accent
    ("zero\u200bwidth\ufeff text", "zerowidth text"),
    ("soft\u00adhyphen", "softhyphen"),
    ("narrow\u202fno-break\u00a0space", "narrow no-break space"),
    ("ideographic\u3000space", "ideographic space"),
    ("bell\x07 and\x00 null", "bell and null"),
    ("tab\there", "tab here"),
    ("  many     spaces  ", "many spaces"),
    ("line\nbreak", "line break"),
    ("emoji 👍🏽 and ZWJ 👩\u200d💻 stay", "emoji 👍🏽 and ZWJ 👩\u200d💻 stay"),
    ("", ""),
    (None, ""),
]


@pytest.mark.parametrize(("raw", "expected"), NORMALIZE_CASES)
def test_normalize_text(raw: str | None, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_keeps_newlines_when_asked() -> None:
    assert normalize_text("a \r\n b\u2028c\u2029 d", keep_newlines=True) == "a\nb\nc\nd"


RULES = BoilerplateRules()

BOILERPLATE = [
    "Baca juga: Harga BBM Naik Lagi",
    "Baca Juga: Jokowi Resmikan Tol Trans Jawa",
    "BACA JUGA",
    "baca juga - Polisi Tangkap Pelaku",
    "Lihat Juga: Video Banjir Jakarta",
    "Simak juga: Daftar Harga Emas Hari Ini",
    'Simak juga Video "Jokowi Resmikan Tol"',
    "Saksikan Video Pilihan di Bawah Ini:",
    "Baca berita selengkapnya di sini",
    "tulis komentar anda",
    "Tulis Komentar",
    "ADVERTISEMENT",
    "SCROLL TO CONTINUE WITH CONTENT",
    "Simak berita dan artikel lainnya di Google News",
    "Ikuti berita terkini dari Sindonews di Google News, klik di sini",
    "Dapatkan update berita pilihan dan breaking news setiap hari. Mari bergabung di Grup Telegram",
    "Simak breaking news dan berita pilihan kami langsung di ponselmu. Pilih saluran andalanmu akses "
    "berita Kompas.com WhatsApp Channel : https://www.whatsapp.com/channel/0029VaFPbedBPzjZrk13HO3D.",
    "Editor: Rina Atriana",
    "Penulis: Ahmad Rizki | Editor: Budi Santoso",
    "Reporter: Muhammad Iqbal",
    "Pewarta: Andi Firdaus, Editor: Chandra Hamdani Noor",
    "Sumber: Reuters",
    "(dam)",
    "(rhs/ful)",
    "Berita Terkait",
    "Halaman selanjutnya",
]

KEPT = [
    "Baca juga buku sejarah agar paham, kata dia.",
    "Warga diminta membaca juga petunjuk penggunaan sebelum memakai alat itu.",
    "Ia meminta publik untuk lihat juga sisi positif kebijakan tersebut.",
    "Polisi menemukan pesan tulis komentar anda di dinding rumah korban, kata Kapolres.",
    "Editor: Kami menolak tuduhan itu dan akan menempuh jalur hukum.",
    "Sumber: pemerintah menutup jalan itu sejak pagi.",
    "Ikuti aturan yang berlaku di WhatsApp, kata menteri.",
    "Pesan berantai lewat WhatsApp itu berisi ajakan untuk membaca berita palsu.",
    "Iklan rokok dilarang tampil di jam tayang anak, kata KPI.",
    "Advertisement spending rose 5 percent this year, the agency said.",
    "Halaman rumah warga terendam banjir setinggi 50 sentimeter.",
    "Komentar Presiden itu memicu perdebatan di DPR.",
]


@pytest.mark.parametrize("paragraph", BOILERPLATE)
def test_boilerplate_paragraph_is_dropped(paragraph: str) -> None:
    assert RULES.matches(paragraph)


@pytest.mark.parametrize("paragraph", KEPT)
def test_paragraph_that_mentions_the_words_stays(paragraph: str) -> None:
    assert not RULES.matches(paragraph)
    assert clean_body(paragraph) == paragraph


def test_site_rules_add_to_the_shared_list() -> None:
    rules = BoilerplateRules([r"Dapatkan berita terbaru Sindonews.*"])
    assert rules.matches("Dapatkan berita terbaru Sindonews di aplikasi")
    assert rules.matches("Baca juga: Harga BBM Naik")
    assert not BoilerplateRules([r"foo"], defaults=False).matches("Baca juga: Harga BBM Naik")


def test_bad_site_rule_is_named() -> None:
    with pytest.raises(ValueError, match=r"bad boilerplate rule '\(unclosed'"):
        BoilerplateRules(["(unclosed"])


TAG_CASES = [
    ("Hal itu disampaikan Lukashenko. (dam)", "Hal itu disampaikan Lukashenko."),
    ('"Kami siap," tegasnya. (rhs/ful)', '"Kami siap," tegasnya.'),
    ("Demikian kata dia (rdp/imk)", "Demikian kata dia"),
    ("Semua berjalan lancar.(*)", "Semua berjalan lancar."),
    ("Ia baru kembali dari Amerika Serikat (AS).", "Ia baru kembali dari Amerika Serikat (AS)."),
    ("Pertemuan itu digelar di Amerika Serikat (AS)", "Pertemuan itu digelar di Amerika Serikat (AS)"),
    ("Harga naik 5 persen (yoy)", "Harga naik 5 persen (yoy)"),
]


@pytest.mark.parametrize(("paragraph", "expected"), TAG_CASES)
def test_strip_reporter_tag(paragraph: str, expected: str) -> None:
    assert strip_reporter_tag(paragraph) == expected


def test_only_the_last_paragraph_loses_its_tag() -> None:
    body = "Pembukaan. (dam)\nPenutup acara. (dam)"
    assert clean_body(body) == "Pembukaan. (dam)\n\nPenutup acara."


def test_repeated_paragraphs_keep_the_first_in_order() -> None:
    body = "Satu dua.\nTiga empat.\nSatu dua.\nLima.\nTiga empat."
    assert split_paragraphs(clean_body(body)) == ["Satu dua.", "Tiga empat.", "Lima."]


def test_repeat_is_found_despite_case_spacing_and_quotes() -> None:
    cleaned = clean_paragraphs(["“Kami siap,” katanya.", '"kami  SIAP," katanya.', "Berbeda."])
    assert cleaned.paragraphs == ["“Kami siap,” katanya.", "Berbeda."]
    assert cleaned.dropped_repeated == 1


def test_counts_what_was_dropped() -> None:
    cleaned = clean_paragraphs(["Isi.", "", "***", "Baca juga: X", "Isi.", "Akhir. (dam)"])
    assert cleaned.paragraphs == ["Isi.", "Akhir."]
    assert (cleaned.dropped_boilerplate, cleaned.dropped_repeated, cleaned.dropped_empty) == (1, 1, 1)


def test_missing_paragraphs_are_empty_not_errors() -> None:
    assert clean_paragraphs([None, "Isi."]).paragraphs == ["Isi."]
    assert clean_body(None) == ""


def test_paragraph_with_line_breaks_is_split() -> None:
    assert clean_paragraphs(["Satu.\n\n\nDua.\r\nTiga."]).paragraphs == ["Satu.", "Dua.", "Tiga."]


def test_join_uses_one_blank_line() -> None:
    assert join_paragraphs(["a", "b"]) == "a\n\nb"
    assert clean_body("a\n\n\n\nb") == "a\n\nb"


@pytest.mark.parametrize(
    ("text", "count"),
    [("isu-isu bilateral", 2), ("Jum'at, 21 Desember", 3), ("", 0), ("  ...  ", 0), ("Covid-19 naik", 2)],
)
def test_word_count(text: str, count: int) -> None:
    assert word_count(text) == count


@given(st.lists(st.text(max_size=60), max_size=12))
def test_cleaning_is_idempotent_and_never_raises(paragraphs: list[str]) -> None:
    once = clean_paragraphs(paragraphs).text
    assert clean_body(once) == once
    assert "\n\n\n" not in once


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["Jakarta -", "Gempa mengguncang."], ["Jakarta - Gempa mengguncang."]),
        (["JAKARTA, KOMPAS.com –", "Hujan deras."], ["JAKARTA, KOMPAS.com – Hujan deras."]),
        (["Jakarta, CNN Indonesia --", "Banjir rob."], ["Jakarta, CNN Indonesia -- Banjir rob."]),
        (["Harga naik -", "lagi."], ["Harga naik -", "lagi."]),
        (["Satu.", "Bandung -"], ["Satu.", "Bandung -"]),
    ],
)
def test_a_dateline_alone_on_a_line_joins_the_next_paragraph(lines: list[str], joined: list[str]) -> None:
    assert clean_paragraphs(lines).paragraphs == joined
