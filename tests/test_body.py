"""The generic body chooser (ours, JSON-LD articleBody, trafilatura) on constructed pages."""

from __future__ import annotations

import json

from parsel import Selector

from newscrawler.extraction.article import extract_article
from newscrawler.extraction.body import choose_body

FIRST = [
    "Hujan deras yang turun sejak Senin pagi membuat sungai di pinggiran kota meluap, dan ratusan"
    " rumah warga terendam air setinggi lutut orang dewasa.",
    "Petugas pemadam kebakaran bersama relawan mengevakuasi warga lanjut usia dan anak-anak ke masjid"
    " terdekat, yang kini menjadi tempat pengungsian sementara.",
    "Kepala badan penanggulangan bencana daerah mengatakan, pihaknya telah menyiapkan dapur umum dan"
    " perahu karet untuk menjangkau warga yang masih bertahan.",
]
SECOND = [
    "Menurut catatan petugas, banjir kali ini merupakan yang terparah dalam lima tahun terakhir, karena"
    " tanggul di hulu sungai jebol pada Minggu malam.",
    "Warga berharap pemerintah segera memperbaiki tanggul tersebut sebelum puncak musim hujan tiba pada"
    " bulan depan, agar banjir serupa tidak terulang lagi.",
    "Hingga Selasa sore, air mulai surut di beberapa titik, tetapi sebagian besar warga memilih tetap"
    " mengungsi karena khawatir hujan kembali turun malam ini.",
]
WHOLE = FIRST + SECOND
URL = "https://berita.example/read/2024/10/04/banjir"


def _paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _page(body: str, head: str = "") -> str:
    return (
        f"<html><head><title>Banjir di pinggiran kota</title>{head}</head><body>"
        f"<nav><a href='/'>Beranda</a> <a href='/indeks'>Indeks</a></nav><h1>Banjir di pinggiran kota</h1>"
        f"{body}<footer>Hak cipta 2024</footer></body></html>"
    )


def _json_ld(article_body: str) -> str:
    data = {"@type": "NewsArticle", "headline": "Banjir di pinggiran kota", "articleBody": article_body}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _body(html: str) -> list[str]:
    return extract_article(html, URL).article.body.split("\n\n")


def test_a_truncated_json_ld_article_body_is_not_taken_as_the_whole_body() -> None:
    teaser = FIRST[0][:90] + "…"
    html = _page(f"<div class='isi'>{_paragraphs(WHOLE)}</div>", head=_json_ld(teaser))
    result = extract_article(html, URL)
    assert result.article.body.split("\n\n") == WHOLE
    assert result.layers["body"] == "generic"


def test_a_json_ld_article_body_that_is_a_fraction_of_the_page_text_is_a_teaser() -> None:
    html = _page(f"<div class='isi'>{_paragraphs(WHOLE)}</div>", head=_json_ld(FIRST[0]))
    assert _body(html) == WHOLE


def test_a_whole_json_ld_body_drops_what_ours_took_from_a_neighbour_and_keeps_our_paragraphs() -> None:
    promo = (
        "Ikuti kanal kami untuk mendapatkan kabar terbaru setiap hari langsung di ponsel Anda, gratis dan"
        " tanpa biaya berlangganan sepeser pun."
    )
    html = _page(f"<div class='isi'>{_paragraphs([*WHOLE, promo])}</div>", head=_json_ld(" ".join(WHOLE)))
    result = extract_article(html, URL)
    assert result.article.body.split("\n\n") == WHOLE, "six paragraphs as the page has them, no promo"
    assert result.layers["body"] == "jsonld"


def test_noscript_markup_shown_as_text_is_not_in_the_body() -> None:
    # An unclosed <header> around the page: only the walk that enters it finds the article, and
    # that walk reads <noscript> too, whose lazy-loading fallback is escaped markup.
    noscript = '<noscript>&lt;img src="/foto/banjir.jpg" alt="Banjir"&gt;</noscript>'
    html = _page(
        f"<header><div class='isi'>{_paragraphs(FIRST)}<div>{noscript}</div>{_paragraphs(SECOND)}</div>"
    )
    body = _body(html)
    assert body == WHOLE
    assert "<img" not in "\n".join(body)


def test_a_body_split_over_two_containers_of_one_class_is_kept_whole() -> None:
    teasers = "".join(
        f"<li><a href='/berita/{i}'>Judul berita lain nomor {i} yang menarik</a></li>" for i in range(10)
    )
    html = _page(
        f"<div class='wrap'><div class='kiri'><div class='article-body'>{_paragraphs(FIRST)}</div>"
        f"<div class='box'><ul>{teasers}</ul></div></div>"
        f"<div class='kanan'><div class='article-body'>{_paragraphs(SECOND)}</div>"
        f"<div class='box'><ul>{teasers}</ul></div></div></div>"
    )
    assert _body(html) == WHOLE


def test_where_ours_is_sure_trafilatura_is_not_asked() -> None:
    choice = choose_body(
        Selector(text=_page(f"<article><div class='isi'>{_paragraphs(WHOLE)}</div></article>"))
    )
    assert (choice.paragraphs, choice.source, choice.ran_trafilatura) == (WHOLE, "generic", False)


def test_where_ours_is_unsure_trafilatura_is_asked_and_its_fuller_reading_taken() -> None:
    # A video widget between the intro and the rest: ours keeps one part and sees as much paragraph
    # text outside it; trafilatura reads the whole <article>.
    widget = "".join(
        f"<div class='card'><span>Video</span> <span>Klip {i} menit</span> <time>{i}:00</time></div>"
        for i in range(12)
    )
    html = _page(
        f"<article><div class='lead-text'>{_paragraphs(FIRST)}</div><div class='player'>{widget}</div>"
        f"<div class='story-rest'>{_paragraphs(SECOND)}</div></article>"
    )
    choice = choose_body(Selector(text=html))
    assert (choice.paragraphs, choice.source, choice.ran_trafilatura) == (WHOLE, "trafilatura", True)
    assert extract_article(html, URL).layers["body"] == "trafilatura"


def test_a_page_without_any_body_of_ours_gets_none_from_trafilatura_either() -> None:
    teasers = "".join(
        f"<li><a href='/berita/{i}'>Judul berita lain nomor {i} yang menarik</a></li>" for i in range(30)
    )
    choice = choose_body(Selector(text=_page(f"<ul>{teasers}</ul>")))
    assert (choice.paragraphs, choice.source, choice.ran_trafilatura) == ([], None, False)
