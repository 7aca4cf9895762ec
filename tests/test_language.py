"""A page's language: its declared tag reduced to the primary subtag, checked against its text."""

from __future__ import annotations

import pytest

from newscrawler.extraction.article import extract_article
from newscrawler.extraction.language import MIN_CHARACTERS, identify_language, page_language, primary_tag
from newscrawler.extraction.site import SiteProfile

INDONESIAN = (
    "Banjir merendam ratusan rumah warga di pesisir utara Jakarta sejak Senin malam. Ketinggian air di "
    "beberapa gang mencapai lima puluh sentimeter, dan warga mengungsi ke masjid terdekat sambil menunggu "
    "air surut. Petugas pemadam kebakaran dan relawan membantu mengevakuasi lansia serta anak-anak."
)
ENGLISH = (
    "Floods cut off several roads in East Jakarta after an overnight downpour, and residents of low-lying "
    "neighbourhoods moved to a nearby mosque while they waited for the water to recede. Firefighters and "
    "volunteers helped the elderly and children to leave their homes before the water rose further."
)
MALAY_LIKE = (
    "Kerajaan akan memperkenalkan langkah baharu bagi membantu rakyat yang terjejas akibat banjir di "
    "beberapa negeri. Menteri berkata bantuan kewangan akan disalurkan kepada keluarga yang berpindah "
    "ke pusat pemindahan sementara, manakala kerja pembersihan akan bermula sebaik sahaja air surut."
)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("id", "id"),
        ("id-ID", "id"),
        ("in-ID", "id"),
        ("in", "id"),
        ("en_US", "en"),
        ("EN-gb", "en"),
        ("zh-Hant-TW", "zh"),
        ("iw", "he"),
        ("fil", "fil"),
        (" de ", "de"),
        ("id, en", "id"),
        ("", None),
        (None, None),
        ("*", None),
        ("english", None),
    ],
)
def test_primary_tag(tag: str | None, expected: str | None) -> None:
    assert primary_tag(tag) == expected


def test_identifier_reads_the_text_and_leaves_short_texts_alone() -> None:
    found = identify_language(INDONESIAN)
    assert found is not None
    assert found[0] == "id"
    assert 0.9 < found[1] <= 1  # Malay's share counted in
    english = identify_language(ENGLISH)
    assert english is not None
    assert english[0] == "en"
    assert identify_language(INDONESIAN[: MIN_CHARACTERS - 1]) is None


@pytest.mark.parametrize(
    ("declared", "body", "site_language", "expected"),
    [
        # The declaration agrees with the text.
        ("id-ID", INDONESIAN, None, "id"),
        # A CMS default "en" on an Indonesian page: the text wins.
        ("en", INDONESIAN, None, "id"),
        ("en-US", INDONESIAN, None, "id"),
        # No declaration: the text says.
        (None, ENGLISH, None, "en"),
        # Too little text to overrule the page.
        ("en", INDONESIAN[:100], None, "en"),
        (None, "Banjir.", None, None),
        # Indonesian and Malay are too close for the model to overrule the page.
        ("id", MALAY_LIKE, None, "id"),
        # A site spider's declared language stands where the page declares nothing, unasked.
        (None, ENGLISH, "id", "id"),
        ("en", INDONESIAN, "id", "en"),
    ],
)
def test_page_language(
    declared: str | None, body: str, site_language: str | None, expected: str | None
) -> None:
    assert page_language(declared, body, site_language) == expected


def _page(lang: str) -> str:
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in INDONESIAN.split(". "))
    head = "<head><title>Banjir Rob</title></head>"
    return f'<html lang="{lang}">{head}<body><article>{paragraphs}</article></body></html>'


def test_extract_article_checks_html_lang_against_the_body() -> None:
    url = "https://www.contoh-constructed.id/a/1"
    assert extract_article(_page("en"), url).article.language == "id"
    assert extract_article(_page("in-ID"), url).article.language == "id"
    site = SiteProfile(name="contoh", language="id")
    assert extract_article(_page("en"), url, site).article.language == "id"
