from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.extraction.urls import canonicalize_url
from newscrawler.sites import site_registry

# Every site spider's URL forms, as a crawl uses them.
RULES = site_registry().url_rules

SINDO = "https://international.sindonews.com/read/977777/45/lukashenko-sebut-dirinya-dan-vladimir-putin-paling-berbahaya-di-bumi-1671558118"
KOMPAS = "https://megapolitan.kompas.com/read/2024/10/02/10150011/hujan-deras-sejumlah-jalan-di-jakarta-timur-tergenang"
DETIK = (
    "https://news.detik.com/berita/d-7572001/gempa-m-5-2-guncang-selatan-jawa-barat-tak-berpotensi-tsunami"
)

# (url, page_canonical, expected key)
CASES: list[tuple[str, str | None, str]] = [
    # scheme, host case, default ports, user info; the path keeps its case
    ("http://Example.COM:80/News/Story-One", None, "https://example.com/News/Story-One"),
    ("https://example.com:443/a", None, "https://example.com/a"),
    ("https://example.com:8080/a", None, "https://example.com:8080/a"),
    ("https://user:secret@example.com/a", None, "https://example.com/a"),
    # IDN host to punycode; percent-encoding normalized (w3lib); dot segments resolved
    ("https://Bücher.example/straße", None, "https://xn--bcher-kva.example/stra%C3%9Fe"),
    ("https://example.com/a%7eb/%e4%bd%a0?q=%41", None, "https://example.com/a~b/%E4%BD%A0?q=A"),
    ("https://example.com/a/./b/../c", None, "https://example.com/a/c"),
    # query sorted, fragment dropped, trailing slash of a non-root path dropped, root kept
    ("https://example.com/a/?b=2&a=1#top", None, "https://example.com/a?a=1&b=2"),
    ("https://example.com", None, "https://example.com/"),
    ("https://example.com/#top", None, "https://example.com/"),
    # www., m., mobile., amp. variants give the bare registrable domain; other subdomains stay
    (
        "https://www.kompas.com/tren/read/2024/10/02/1/slug-x",
        None,
        "https://kompas.com/tren/read/2024/10/02/1/slug-x",
    ),
    (
        "https://m.kompas.com/tren/read/2024/10/02/1/slug-x",
        None,
        "https://kompas.com/tren/read/2024/10/02/1/slug-x",
    ),
    (
        "https://amp.kompas.com/tren/read/2024/10/02/1/slug-x",
        None,
        "https://kompas.com/tren/read/2024/10/02/1/slug-x",
    ),
    ("http://mobile.example.co.id/a-b-c", None, "https://example.co.id/a-b-c"),
    ("https://www.m.example.com/x", None, "https://example.com/x"),
    (DETIK, None, DETIK),
    # near-miss: amp.dev is a registrable domain, not a variant of dev
    ("https://amp.dev/documentation/", None, "https://amp.dev/documentation"),
    # channel hosts: amp.kompas.com/<channel>/..., m.detik.com/<channel>/...
    (
        "https://amp.kompas.com/megapolitan/read/2021/05/28/05334261/update-27-mei-bertambah-15-kasus",
        None,
        "https://megapolitan.kompas.com/read/2021/05/28/05334261/update-27-mei-bertambah-15-kasus",
    ),
    (
        "http://m.detik.com/news/berita/d-3302845/balada-kencan-singkat-ahok-heru/3",
        None,
        "https://news.detik.com/berita/d-3302845/balada-kencan-singkat-ahok-heru",
    ),
    # detik's regional sections live on www: mobile and www give one key
    (
        "https://m.detik.com/bali/berita/d-7857309/aturan-lengkap",
        None,
        "https://detik.com/bali/berita/d-7857309/aturan-lengkap",
    ),
    (
        "https://www.detik.com/bali/berita/d-7857309/aturan-lengkap",
        None,
        "https://detik.com/bali/berita/d-7857309/aturan-lengkap",
    ),
    # AMP paths of known sites
    (
        "https://m.tribunnews.com/amp/seleb/2023/10/12/ahmad-dhani-pilih-keyboard",
        None,
        "https://tribunnews.com/seleb/2023/10/12/ahmad-dhani-pilih-keyboard",
    ),
    (
        "https://jogja.tribunnews.com/amp/2020/11/13/ini-rencana-pembangunan-tol",
        None,
        "https://jogja.tribunnews.com/2020/11/13/ini-rencana-pembangunan-tol",
    ),
    (
        "https://nasional.sindonews.com/newsread/1602135/15/hadapi-tantangan-pariwisata-1754305726",
        None,
        "https://nasional.sindonews.com/read/1602135/15/hadapi-tantangan-pariwisata-1754305726",
    ),
    # generic AMP forms: a trailing /amp segment and AMP query parameters
    (
        "https://nypost.com/2023/11/02/news/ai-generated-nudes/amp/",
        None,
        "https://nypost.com/2023/11/02/news/ai-generated-nudes",
    ),
    (
        "https://www.deadlinenews.co.uk/2023/11/02/youngster-hit/?amp=1",
        None,
        "https://deadlinenews.co.uk/2023/11/02/youngster-hit",
    ),
    ("https://example.com/story?amp", None, "https://example.com/story"),
    (
        "https://www.infobae.com/america/2023/11/02/gaza/?outputType=amp-type",
        None,
        "https://infobae.com/america/2023/11/02/gaza",
    ),
    # near-miss: a leading /amp/ on an unknown site stays (its rel=canonical folds it once fetched)
    ("https://www.cbsnews.com/amp/news/election-story/", None, "https://cbsnews.com/amp/news/election-story"),
    # near-miss: amp=0 is not the AMP view
    ("https://example.com/story?amp=0", None, "https://example.com/story?amp=0"),
    # Google's AMP cache and viewer are unwrapped
    (
        "https://sumsel-tribunnews-com.cdn.ampproject.org/v/s/sumsel.tribunnews.com/amp/2020/05/14/truth-or-dare?amp_js_v=a6&amp_gsa=1&usqp=mq331AQ#aoh=1",
        None,
        "https://sumsel.tribunnews.com/2020/05/14/truth-or-dare",
    ),
    (
        "https://www.google.com/amp/s/m.tribunnews.com/amp/seleb/2023/10/12/ahmad-dhani",
        None,
        "https://tribunnews.com/seleb/2023/10/12/ahmad-dhani",
    ),
    # tracking parameters
    (
        DETIK + "?_ga=2.20179.14264&tag_from=wp_hl_img&utm_source=facebook&UTM_Medium=x&fbclid=IwAR0",
        None,
        DETIK,
    ),
    (KOMPAS + "?lgn_method=google&google_btn=onetap&gclid=x&_gl=1*abc", None, KOMPAS),
    (
        "https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&msclkid=4&yclid=5&spm=a.b&cmpid=c&ref_src=twsrc",
        None,
        "https://example.com/a",
    ),
    # near-miss: generic names some sites use for content stay
    (
        "https://example.com/watch?source=rss&ref=main&id=7",
        None,
        "https://example.com/watch?id=7&ref=main&source=rss",
    ),
    # near-miss: articles that differ only in a query id stay different
    ("https://example.com/berita.php?id=123", None, "https://example.com/berita.php?id=123"),
    ("https://example.com/berita.php?id=124", None, "https://example.com/berita.php?id=124"),
    ("https://blog.example.com/?p=123", None, "https://blog.example.com/?p=123"),
    # page parameters of multi-page articles fold into the article
    (KOMPAS + "?page=all", None, KOMPAS),
    (KOMPAS + "?page=2#page2", None, KOMPAS),
    (DETIK + "?single=1", None, DETIK),
    (SINDO + "?showpage=all", None, SINDO),
    (
        "https://example.id/berita/gubernur-resmikan-jembatan-baru?halaman=3",
        None,
        "https://example.id/berita/gubernur-resmikan-jembatan-baru",
    ),
    (
        "https://example.id/news/walikota-buka-pasar-murah.html?hal=2&pg=1",
        None,
        "https://example.id/news/walikota-buka-pasar-murah.html",
    ),
    # ... and the page segments of known multi-page sites
    (SINDO + "/2", None, SINDO),
    (SINDO + "/2/", None, SINDO),
    (DETIK + "/2", None, DETIK),
    (
        "https://www.republika.co.id/berita/q1bvi7320/rupiah-menguat-part2",
        None,
        "https://republika.co.id/berita/q1bvi7320/rupiah-menguat",
    ),
    # near-miss: listings keep their page (tag and index pages are not articles)
    ("https://www.kompas.com/tag/banjir?page=2", None, "https://kompas.com/tag/banjir?page=2"),
    (
        "https://www.kompas.com/tag/pemilu-presiden-2024?page=2",
        None,
        "https://kompas.com/tag/pemilu-presiden-2024?page=2",
    ),
    (
        "https://indeks.kompas.com/?site=all&date=2024-10-02&page=2",
        None,
        "https://indeks.kompas.com/?date=2024-10-02&page=2&site=all",
    ),
    # near-miss: a page value that is not a page number stays
    (KOMPAS + "?page=comments", None, KOMPAS + "?page=comments"),
    # near-miss: dates and numbered paths on other sites are not pages
    ("https://example.com/read/2024/10/02/", None, "https://example.com/read/2024/10/02"),
    ("https://example.com/news/some-long-slug/2", None, "https://example.com/news/some-long-slug/2"),
    (
        "https://nasional.sindonews.com/read/2024/10/02",
        None,
        "https://nasional.sindonews.com/read/2024/10/02",
    ),
    # near-miss: paths are case-sensitive
    ("https://example.com/Read/ABC", None, "https://example.com/Read/ABC"),
    ("https://example.com/read/abc", None, "https://example.com/read/abc"),
    # the page's own canonical wins on the same site, relative or absolute, canonicalized too
    ("https://amp.kompas.com/megapolitan/read/2024/10/02/10150011/x", KOMPAS, KOMPAS),
    ("https://m.kompas.com/read/1?x=1", "/read/1", "https://kompas.com/read/1"),
    (DETIK + "/2", DETIK + "?single=1&utm_source=twitter", DETIK),
    (
        "https://www.cbsnews.com/amp/news/election-story/",
        "https://www.cbsnews.com/news/election-story/",
        "https://cbsnews.com/news/election-story",
    ),
    # ... and is ignored on another site, as the site's home page, or when it is garbage
    (KOMPAS, "https://aggregator.example/1", KOMPAS),
    (KOMPAS, "https://www.kompas.com/", KOMPAS),
    (KOMPAS, "javascript:void(0)", KOMPAS),
    (KOMPAS, "   ", KOMPAS),
]


@pytest.mark.parametrize(("url", "page_canonical", "expected"), CASES)
def test_canonical_key(url: str, page_canonical: str | None, expected: str) -> None:
    assert canonicalize_url(url, page_canonical, rules=RULES) == expected


@pytest.mark.parametrize(("url", "page_canonical", "expected"), CASES)
def test_canonicalization_is_idempotent(url: str, page_canonical: str | None, expected: str) -> None:
    key = canonicalize_url(url, page_canonical, rules=RULES)
    assert canonicalize_url(key, rules=RULES) == key
    assert canonicalize_url(key, page_canonical, rules=RULES) == key


def test_site_forms_come_from_the_site_declarations_only() -> None:
    paged = "http://m.detik.com/news/berita/d-3302845/balada-kencan-singkat-ahok-heru/3?tag_from=x"
    # Without the declarations: the generic rules (m. dropped), no channel host, no page segment.
    assert (
        canonicalize_url(paged)
        == "https://detik.com/news/berita/d-3302845/balada-kencan-singkat-ahok-heru/3?tag_from=x"
    )
    # With the registry built from the spiders: detik's declared forms fold it to the article.
    rules = site_registry().url_rules
    assert "detik.com" in rules.sites
    assert (
        canonicalize_url(paged, rules=rules)
        == "https://news.detik.com/berita/d-3302845/balada-kencan-singkat-ahok-heru"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "empty URL"),
        ("   ", "empty URL"),
        ("example.com/a", "not an absolute http or https URL"),
        ("/read/1", "not an absolute http or https URL"),
        ("javascript:void(0)", "not an absolute http or https URL"),
        ("mailto:redaksi@example.com", "not an absolute http or https URL"),
        ("ftp://example.com/a", "not an absolute http or https URL"),
        ("http://", "no host"),
        ("https://:80/a", "no host"),
        ("http://example.com:99999/a", "not a valid URL"),
        ("http://[::1/a", "not a valid URL"),
        ("javascript:alert(1)\n//" + "x" * 500, "not an absolute http or https URL"),
    ],
)
def test_garbage_is_a_clear_value_error(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as raised:
        canonicalize_url(url)
    assert "\n" not in str(raised.value)
    assert len(str(raised.value)) < 300


_LABEL = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
_HOST = st.one_of(
    st.builds(
        "".join,
        st.tuples(
            st.sampled_from(["", "www.", "m.", "amp.", "mobile.", "news.", "www.m.", "nasional."]),
            st.one_of(
                st.sampled_from(
                    [
                        "kompas.com",
                        "detik.com",
                        "sindonews.com",
                        "tribunnews.com",
                        "inews.id",
                        "republika.co.id",
                    ]
                ),
                st.builds("{}.{}".format, _LABEL, st.sampled_from(["com", "co.id", "id", "de", "example"])),
                st.sampled_from(["bücher.de", "例え.テスト", "amp.dev"]),
            ),
        ),
    ),
    st.sampled_from(["127.0.0.1", "[::1]", "localhost"]),
)
_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="/?#"), max_size=12)
_SEGMENT = st.one_of(
    st.sampled_from(
        ["amp", "read", "newsread", "2", "all", "d-123", "berita", "tag", "", ".", "..", "a-b-c"]
    ),
    _TEXT,
)
_NAME = st.one_of(
    st.sampled_from(
        ["utm_source", "page", "amp", "_amp", "outputType", "single", "fbclid", "id", "p", "hal"]
    ),
    _TEXT,
)
_VALUE = st.one_of(st.sampled_from(["", "1", "2", "all", "amp", "true"]), _TEXT)


@st.composite
def http_urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(_HOST)
    port = draw(st.one_of(st.just(""), st.integers(1, 65535).map(":{}".format)))
    path = "/".join(draw(st.lists(_SEGMENT, max_size=6)))
    pairs = draw(st.lists(st.tuples(_NAME, _VALUE), max_size=4))
    query = "&".join(f"{name}={value}" for name, value in pairs)
    fragment = draw(st.one_of(st.just(""), _TEXT))
    return (
        f"{scheme}://{host}{port}/{path}"
        + (f"?{query}" if query else "")
        + (f"#{fragment}" if fragment else "")
    )


@settings(max_examples=400, deadline=None)
@given(http_urls(), st.one_of(st.none(), http_urls(), _TEXT))
def test_any_http_url_gets_a_stable_key(url: str, page_canonical: str | None) -> None:
    key = canonicalize_url(url, page_canonical, rules=RULES)
    assert key.startswith("https://")
    assert "#" not in key
    assert canonicalize_url(key, rules=RULES) == key
