"""Titles chosen among the names a page gives its headline, decorations dropped."""

from __future__ import annotations

import pytest
from parsel import Selector

from newscrawler.extraction.article import extract_article
from newscrawler.extraction.titles import (
    TitleCandidate,
    choose_title,
    page_sections,
    strip_site_authors,
    strip_title_suffix,
    title_candidates,
)

SITE = ["kompas", "Kompas.com"]


def _choose(*texts: tuple[str, str], sections: tuple[str, ...] = ()) -> str | None:
    candidates = [TitleCandidate(text, layer, layer != "generic") for layer, text in texts]
    found = choose_title(candidates, SITE, sections)
    return found.text if found else None


@pytest.mark.parametrize(
    ("candidates", "sections", "expected"),
    [
        # A site signature that names the site goes.
        ((("meta", "Banjir di Jakarta - Kompas.com"),), (), "Banjir di Jakarta"),
        # A section suffix goes when another candidate lacks it.
        (
            (("jsonld", "Harga Beras Turun | Ekonomi"), ("meta", "Harga Beras Turun")),
            (),
            "Harga Beras Turun",
        ),
        # A signature that names neither site nor section goes when the <h1> lacks it.
        (
            (("meta", "Unermüdlicher Einsatz - Die Neue Zeitung"), ("generic", "Unermüdlicher Einsatz")),
            (),
            "Unermüdlicher Einsatz",
        ),
        # A channel prefix naming the page's section goes.
        ((("jsonld", "Musik - Raisa Umumkan Konser Tunggal"),), ("Musik",), "Raisa Umumkan Konser Tunggal"),
        (
            (("jsonld", "Nasional | KPU Tetapkan Jadwal Kampanye"),),
            ("nasional",),
            "KPU Tetapkan Jadwal Kampanye",
        ),
        # A kicker goes when structured data (og:title) gives the headline without it...
        (
            (
                ("jsonld", "Sidang Kabinet: Presiden Minta Harga Pangan Dijaga"),
                ("meta", "Presiden Minta Harga Pangan Dijaga"),
            ),
            (),
            "Presiden Minta Harga Pangan Dijaga",
        ),
        # ... but not when only the <h1> lacks it (the kicker is then outside the h1).
        (
            (
                ("meta", "Sidang Kabinet: Presiden Minta Harga Pangan Dijaga"),
                ("generic", "Presiden Minta Harga Pangan Dijaga"),
            ),
            (),
            "Sidang Kabinet: Presiden Minta Harga Pangan Dijaga",
        ),
        # Two different kickers over one headline: the headline.
        (
            (
                ("meta", "Gempa Cianjur: Warga Diminta Menjauhi Bangunan Retak"),
                ("generic", "Bencana di Jawa Barat - Warga Diminta Menjauhi Bangunan Retak"),
            ),
            (),
            "Warga Diminta Menjauhi Bangunan Retak",
        ),
        # Kickers sharing words are no different kickers: the first candidate stays.
        (
            (
                ("meta", "Timnas U-23: Lolos ke Semifinal Piala AFF"),
                ("generic", "Timnas Indonesia U-23 - Lolos ke Semifinal Piala AFF"),
            ),
            (),
            "Timnas U-23: Lolos ke Semifinal Piala AFF",
        ),
        # A truncated JSON-LD headline gives way to the full one.
        (
            (
                ("jsonld", "Pemerintah Siapkan 50 Ribu Formasi PPPK…"),
                ("meta", "Pemerintah Siapkan 50 Ribu Formasi PPPK Guru"),
            ),
            (),
            "Pemerintah Siapkan 50 Ribu Formasi PPPK Guru",
        ),
        (
            (
                ("jsonld", "Pemerintah Siapkan 50 Ribu Form"),
                ("meta", "Pemerintah Siapkan 50 Ribu Formasi PPPK Guru"),
            ),
            (),
            "Pemerintah Siapkan 50 Ribu Formasi PPPK Guru",
        ),
        # A shorter JSON-LD headline ending on a whole word is the newsroom's own: it stays.
        (
            (("jsonld", "Harga Emas Antam Naik Lagi"), ("meta", "Harga Emas Antam Naik Lagi Hari Ini")),
            (),
            "Harga Emas Antam Naik Lagi",
        ),
        # The same words punctuated differently: the form most candidates give.
        (
            (
                ("jsonld", "Rob di Jakarta - Ratusan Warga Mengungsi"),
                ("meta", "Rob di Jakarta: Ratusan Warga Mengungsi"),
                ("generic", "Rob di Jakarta: Ratusan Warga Mengungsi - Kompas.com"),
            ),
            (),
            "Rob di Jakarta: Ratusan Warga Mengungsi",
        ),
        # Wholly different wordings are no vote: the first (JSON-LD) stays.
        (
            (
                ("jsonld", "Tol Cibubur Padat Jelang Libur Panjang"),
                ("meta", "Antrean Kendaraan Mengular di Tol Cibubur"),
                ("generic", "Antrean Kendaraan Mengular di Tol Cibubur"),
            ),
            (),
            "Tol Cibubur Padat Jelang Libur Panjang",
        ),
        # A logo or section <h1> ("News") is no headline.
        (
            (("generic", "News"), ("generic", "Marcella Zalianty Promo Film | Kompas")),
            (),
            "Marcella Zalianty Promo Film",
        ),
    ],
)
def test_choose_title(
    candidates: tuple[tuple[str, str], ...], sections: tuple[str, ...], expected: str
) -> None:
    assert _choose(*candidates, sections=sections) == expected


def test_a_kicker_the_visible_headline_repeats_stays() -> None:
    headline = "Gempa Cianjur: Warga Diminta Menjauhi Bangunan Retak"
    candidates = [
        TitleCandidate(headline, "meta"),
        TitleCandidate(headline, "generic", structured=False, shown=True),
        TitleCandidate("Bencana di Jawa Barat - Warga Diminta Menjauhi Bangunan Retak", "generic", False),
    ]
    found = choose_title(candidates, SITE)
    assert found is not None
    assert found.text == headline


def test_choose_title_says_which_layer_gave_it() -> None:
    found = choose_title(
        [TitleCandidate("Judul Berita | Ekonomi", "jsonld"), TitleCandidate("Judul Berita", "meta")], SITE
    )
    assert found is not None
    assert (found.text, found.layer) == ("Judul Berita", "meta")
    assert choose_title([], SITE) is None


def test_strip_title_suffix_keeps_a_headline_that_merely_mentions_the_site() -> None:
    assert (
        strip_title_suffix("Wawancara: Pemimpin Redaksi Kompas", SITE) == "Wawancara: Pemimpin Redaksi Kompas"
    )
    assert strip_title_suffix("Kompas.com: Banjir di Jakarta", SITE) == "Banjir di Jakarta"


def test_title_candidates_read_a_page_in_preference_order() -> None:
    page = Selector(
        text="""<html><head><title>Banjir Rob - Kompas.com</title>
        <meta property="og:title" content="Banjir Rob Genangi Pesisir">
        <meta name="twitter:title" content="Banjir Rob">
        </head><body><svg><title>logo</title></svg><h1>Kompas</h1><h1>Banjir Rob</h1></body></html>"""
    )
    found = title_candidates(page, "Banjir Rob Genangi Pesisir Utara")
    assert [(c.text, c.layer) for c in found] == [
        ("Banjir Rob Genangi Pesisir Utara", "jsonld"),
        ("Banjir Rob Genangi Pesisir", "meta"),
        ("Banjir Rob", "meta"),
        ("Banjir Rob", "generic"),
        ("Banjir Rob - Kompas.com", "generic"),
    ]


def test_extract_article_drops_a_section_prefix_named_by_the_page() -> None:
    html = """<html><head><title>Musik - Raisa Umumkan Konser Tunggal | Contoh</title>
    <meta property="article:section" content="Musik"></head>
    <body><h1>Musik - Raisa Umumkan Konser Tunggal</h1><p>Isi berita.</p></body></html>"""
    result = extract_article(html, "https://www.contoh-constructed.id/read/1")
    assert result.article.title == "Raisa Umumkan Konser Tunggal"


@pytest.mark.parametrize(
    ("authors", "keep_sole", "expected"),
    [
        (["Andi Saputra - detikNews", "detikcom"], True, ["Andi Saputra"]),
        (["detikcom"], True, ["detikcom"]),
        (["detikcom"], False, []),
        (["Nabilla Tashandra"], False, ["Nabilla Tashandra"]),
    ],
)
def test_strip_site_authors(authors: list[str], keep_sole: bool, expected: list[str]) -> None:
    assert strip_site_authors(authors, ["detik"], keep_sole=keep_sole) == expected


def test_a_prefix_naming_a_breadcrumb_section_goes() -> None:
    html = """<html><head><title>Nasional | KPU Tetapkan Jadwal Kampanye Pilkada</title></head><body>
    <nav class="breadcrumbs"><a href="/">Home</a> <a href="/nasional">Nasional</a>
    <a href="/nasional/kpu-tetapkan">KPU Tetapkan Jadwal Kampanye Pilkada Serentak Tahun Depan</a></nav>
    <h1>Nasional | KPU Tetapkan Jadwal Kampanye Pilkada</h1><p>Isi.</p></body></html>"""
    result = extract_article(html, "https://www.contoh-constructed.id/read/2")
    assert result.article.title == "KPU Tetapkan Jadwal Kampanye Pilkada"
    sections = page_sections(Selector(text=html), ["Politik", None])
    assert sections == ["Politik", "Home", "Nasional"]
