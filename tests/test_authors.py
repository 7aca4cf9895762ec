"""Bylines split into people: author_names, and authors read from JSON-LD and meta tags."""

from __future__ import annotations

import json

import pytest
from parsel import Selector

from newscrawler.extraction.article import extract_article
from newscrawler.extraction.fields import author_names, byline_authors
from newscrawler.extraction.structured import json_ld_article, json_ld_fields, meta_fields


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Nabilla Tashandra", ["Nabilla Tashandra"]),
        ("Nama Satu, Nama Dua", ["Nama Satu", "Nama Dua"]),
        ("Andi Saputra dan Rina Kusumawati", ["Andi Saputra", "Rina Kusumawati"]),
        ("Andi dan Budi", ["Andi", "Budi"]),
        ("Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("A. Smith, B. Jones, C. Brown and D. White", ["A. Smith", "B. Jones", "C. Brown", "D. White"]),
        ("Oleh: Dewi Anggraini", ["Dewi Anggraini"]),
        ("By Jane Doe", ["Jane Doe"]),
        ("Reporter: Andi Saputra | Editor: Rina Kusumawati", ["Andi Saputra", "Rina Kusumawati"]),
        ("Penulis: Dimas Prasetyo; Editor: Siti Masitoh", ["Dimas Prasetyo", "Siti Masitoh"]),
        # An agency after the names is credited too, as the corpus truths credit it.
        ("Felix Schröder und Jörg Soldwisch, dpa", ["Felix Schröder", "Jörg Soldwisch", "dpa"]),
        # "Last, First" is one person, not two.
        ("Brazil, Rachel", ["Brazil, Rachel"]),
        ("van der Berg, Jan", ["van der Berg, Jan"]),
        # "y"/"e" join compound surnames; they list people only between full names.
        ("José Ortega y Gasset", ["José Ortega y Gasset"]),
        ("María López y Juan Pérez", ["María López", "Juan Pérez"]),
        ("Jan de Vries en Piet Jansen", ["Jan de Vries", "Piet Jansen"]),
        ("Jordi Puig i Ferrer", ["Jordi Puig i Ferrer"]),
        ("Anna Vidal i Marc Soler", ["Anna Vidal", "Marc Soler"]),
        ("Jane Doe et al.", ["Jane Doe"]),
        # Roles, e-mail addresses and dates are no people.
        ("Jane Doe, Senior Correspondent", ["Jane Doe"]),
        ("Jane Doe | jane@example.com", ["Jane Doe"]),
        ("Andi Saputra | Senin, 30 Nov 2026 15:02 WIB", ["Andi Saputra"]),
        ("Kontributor Lhokseumawe, Masriadi", ["Masriadi"]),
        ("", []),
    ],
)
def test_author_names(byline: str, expected: list[str]) -> None:
    assert author_names(byline) == expected


def _ld_page(*objects: object) -> Selector:
    blocks = "".join(f'<script type="application/ld+json">{json.dumps(obj)}</script>' for obj in objects)
    return Selector(text=f"<html><head>{blocks}</head><body></body></html>")


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Jane Doe", ["Jane Doe"]),
        ({"@type": "Person", "name": "Jane Doe"}, ["Jane Doe"]),
        ([{"@type": "Person", "name": "Jane Doe"}, {"name": "John Roe"}], ["Jane Doe", "John Roe"]),
        ({"@type": "Person", "name": "Jane Doe and John Roe"}, ["Jane Doe", "John Roe"]),
        ({"@type": "Person", "givenName": "Jane", "familyName": "Doe"}, ["Jane Doe"]),
    ],
)
def test_json_ld_authors(author: object, expected: list[str]) -> None:
    page = _ld_page({"@type": "NewsArticle", "headline": "Judul", "author": author})
    article = json_ld_article(page)
    assert article is not None
    assert json_ld_fields(article)["authors"] == expected


def test_json_ld_author_references_are_resolved_in_the_graph() -> None:
    graph = {
        "@graph": [
            {"@type": "NewsArticle", "headline": "Judul", "author": [{"@id": "https://x.id/#/person/1"}]},
            {"@type": "Person", "@id": "https://x.id/#/person/1", "name": "Rizky Amelia"},
        ]
    }
    article = json_ld_article(_ld_page(graph))
    assert article is not None
    assert json_ld_fields(article)["authors"] == ["Rizky Amelia"]


def test_meta_authors_written_last_name_first_by_library_metadata() -> None:
    creators = ("You, Xiaoying", "Brazil, Rachel")
    page = Selector(text="".join(f'<meta name="dc.creator" content="{name}">' for name in creators))
    assert meta_fields(page)["authors"] == ["Xiaoying You", "Rachel Brazil"]
    scholar = Selector(text='<meta name="citation_author" content="van der Berg, Jan">')
    assert meta_fields(scholar)["authors"] == ["Jan van der Berg"]
    plain = Selector(text='<meta name="author" content="Mamokete Modiba, Sarah Charlton and Tanya Zack">')
    assert meta_fields(plain)["authors"] == ["Mamokete Modiba", "Sarah Charlton", "Tanya Zack"]


def test_a_site_credited_alone_stays_and_beside_people_goes() -> None:
    def authors(author: object) -> list[str]:
        data = json.dumps({"@type": "NewsArticle", "author": author})
        html = (
            '<html><head><meta property="og:site_name" content="Contoh News">'
            f'<script type="application/ld+json">{data}</script>'
            "</head><body><h1>Judul Berita Hari Ini</h1><p>Isi.</p></body></html>"
        )
        return extract_article(html, "https://www.contohnews-constructed.id/a/1").article.authors

    assert authors({"@type": "Organization", "name": "Contoh News"}) == ["Contoh News"]
    assert authors([{"name": "Rina Pratiwi"}, {"name": "Contoh News"}]) == ["Rina Pratiwi"]


def test_byline_authors_are_the_ones_beside_the_headline() -> None:
    page = Selector(
        text="""<html><body>
        <article><header><h1>Judul Berita Utama</h1>
          <p>Oleh <a rel="author" href="/p/rina">Rina Pratiwi</a>
          dan <a rel="author" href="/p/budi">Budi Santoso</a></p>
        </header><p>Isi.</p></article>
        <aside><div class="teaser"><h2>Berita lain</h2>
          <a rel="author" href="/p/ani">Ani Wijaya</a></div></aside>
        </body></html>"""
    )
    assert byline_authors(page, ["//*[@rel='author']"]) == ["Rina Pratiwi", "Budi Santoso"]
    # Without a headline to go by, every byline found counts.
    teasers = Selector(
        text='<div><a rel="author">Ani Wijaya</a></div><div><a rel="author">Rina Pratiwi</a></div>'
    )
    assert byline_authors(teasers, ["//h6", "//*[@rel='author']"]) == ["Ani Wijaya", "Rina Pratiwi"]
