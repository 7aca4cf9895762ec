"""URLs: the registrable domain of a page, whether two URLs belong to one site, an article's key."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Final
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url as w3lib_canonicalize_url
from w3lib.url import url_query_cleaner

__all__ = ["canonicalize_url", "registrable_domain", "same_site", "site_label"]

# The Public Suffix List snapshot that ships with tldextract: no download, no cache file.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def registrable_domain(url: str) -> str:
    """Return the domain a site registered (``regional.kompas.com`` -> ``kompas.com``), or the IP.

    >>> registrable_domain("https://www.bbc.co.uk/news")
    'bbc.co.uk'
    """
    parts = _EXTRACT(url)
    return parts.top_domain_under_public_suffix or parts.domain


def site_label(url: str) -> str:
    """Return the site's name part of its domain (``inet.detik.com`` -> ``detik``).

    >>> site_label("http://inet.detik.com/read/1")
    'detik'
    """
    return _EXTRACT(url).domain


def same_site(url: str, other: str) -> bool:
    """Whether two URLs share a registrable domain.

    >>> same_site("https://m.kompas.com/a", "https://www.kompas.com/b")
    True
    """
    return bool(url and other) and registrable_domain(url) == registrable_domain(other)


# --- Article keys ------------------------------------------------------------------------------------
#
# The key is a real https URL: host lower-case (IDN hosts in punycode), no user info, no default port,
# no fragment, query sorted (w3lib), no trailing slash after a non-root path. The leftmost host labels
# `www.`, `m.`, `mobile.` and `amp.` are dropped (never below the registrable domain), so `www.x.com`,
# `x.com`, `m.x.com` and `amp.x.com` give `x.com`: the one form every variant reaches without knowing
# which of them a site redirects to. Other subdomains are kept (`news.detik.com`, `jogja.tribunnews.com`).

#: Host labels of a site's mobile, AMP or www variant, dropped from the left of a host.
VARIANT_HOST_LABELS: Final = frozenset({"www", "m", "mobile", "amp"})

#: Query parameters that only say where a click came from, removed from every URL. Kept on purpose,
#: because sites use them for content: `ref` (e.g. a branch or a reference number), `source`, `from`,
#: `id`, `p` (WordPress post number), `s` (search), `si`.
TRACKING_PARAMS: Final = (
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "ttclid",
    "twclid",
    "li_fat_id",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "srsltid",
    "spm",  # Alibaba/UC click path
    "cmpid",  # campaign id (Adobe, FT)
    "ref_src",  # Twitter embeds; the plain `ref` stays, see above
    "ref_url",  # Twitter embeds
    "amp_js_v",  # the next four are added by Google's AMP viewer
    "amp_gsa",
    "amp_r",
    "usqp",
    "tag_from",  # detik.com: the box a link sat in (?tag_from=wp_hl_img)
    "lgn_method",  # kompas.com: how the reader logged in (?lgn_method=google&google_btn=onetap)
    "google_btn",
)

#: Prefixes of query parameter names removed like TRACKING_PARAMS (case-insensitive).
TRACKING_PREFIXES: Final = ("utm_",)

#: Query parameters that ask for a page's AMP view, with the values that do.
AMP_PARAMS: Final[Mapping[str, re.Pattern[str]]] = {
    "amp": re.compile(r"(?:|1|true|yes)", re.IGNORECASE),  # WordPress AMP plugin: ?amp=1, ?amp
    "_amp": re.compile(r"(?:1|true)", re.IGNORECASE),  # Los Angeles Times: ?_amp=true
    "outputType": re.compile(r"amp(?:-type)?"),  # Arc XP sites: ?outputType=amp, ?outputType=amp-type
}

#: Query parameters that choose a page of a multi-page article (or all of it), dropped when their value
#: is a number or `all` and the path looks like an article (see ARTICLE_PATHS). Not `p`: WordPress's
#: post number.
PAGE_PARAMS: Final = frozenset({"page", "single", "showpage", "halaman", "hal", "pg"})
_PAGE_VALUE = re.compile(r"\d{1,4}|all", re.IGNORECASE)

#: Article paths of known sites, by registrable domain: where their page parameters fold. Elsewhere a
#: path looks like an article when its last segment is a slug of three or more words.
ARTICLE_PATHS: Final[Mapping[str, re.Pattern[str]]] = {
    "kompas.com": re.compile(r"/read/\d{4}/\d{2}/\d{2}/\d+/"),  # ?page=2, ?page=all
    "detik.com": re.compile(r"/d-\d+/"),  # ?single=1, ?page=2
    "sindonews.com": re.compile(r"/read/\d+/\d+/"),  # ?showpage=all
    "tribunnews.com": re.compile(r"/\d{4}/\d{2}/\d{2}/[^/]+$"),  # ?page=2, ?page=all
    "okezone.com": re.compile(r"/read/\d{4}/\d{2}/\d{2}/\d+/\d+/"),  # ?page=2
}
_SLUG = re.compile(r"(?=[^/]*[a-z])[^/-]+(?:-[^/-]+){2,}", re.IGNORECASE)

#: Path segments of listings: a slug after one of them (`/tag/pemilu-presiden-2024?page=2`) is a
#: listing's name, and its page parameter is kept.
LISTING_SEGMENTS: Final = frozenset(
    {"tag", "tags", "topic", "topik", "indeks", "index", "search", "cari", "kategori", "category",
     "kanal", "author", "penulis", "terpopuler", "terbaru", "arsip", "archive"}
)  # fmt: skip

#: Path prefixes of AMP pages of known sites, by registrable domain: (AMP prefix, article prefix).
#: A leading `/amp/` is not folded on other sites: some have a real section of that name (and an AMP
#: page's rel=canonical gives its article anyway).
AMP_PATH_PREFIXES: Final[Mapping[str, tuple[tuple[str, str], ...]]] = {
    # www., m. and regional hosts alike: jogja.tribunnews.com/amp/2020/11/13/slug
    "tribunnews.com": (("/amp/", "/"),),
    # m.detik.com/amp/news/berita/d-1/slug, as reported; no real detik path starts with /amp/
    "detik.com": (("/amp/", "/"),),
    # nasional.sindonews.com/newsread/1602135/15/slug-1754305726 is /read/1602135/15/slug-1754305726
    "sindonews.com": (("/newsread/", "/read/"),),
}

#: Variant hosts whose first path segment names a channel with its own host:
#: amp.kompas.com/nasional/read/... is nasional.kompas.com/read/...; m.detik.com/news/berita/d-1/x is
#: news.detik.com/berita/d-1/x. Any other first segment is a section of the www host:
#: amp.kompas.com/tren/read/... is www.kompas.com/tren/read/..., m.detik.com/bali/... www.detik.com/bali/...
CHANNEL_HOSTS: Final[Mapping[str, frozenset[str]]] = {
    "amp.kompas.com": frozenset(
        {"nasional", "regional", "megapolitan", "internasional", "money", "tekno", "otomotif", "bola",
         "lifestyle", "health", "travel", "properti",
         "edukasi", "entertainment"}  # older channels (now www sections), whose articles kept their host
    ),
    "m.detik.com": frozenset(
        {"news", "finance", "inet", "hot", "sport", "oto", "travel", "food", "health", "wolipop"}
    ),
}  # fmt: skip

#: Paths of later pages of known multi-page sites, by registrable domain; group 1 is the article.
#: The slug must hold a letter, so a date (`/read/2024/10/02`) is never taken for a page.
PAGE_SEGMENTS: Final[Mapping[str, re.Pattern[str]]] = {
    # international.sindonews.com/read/977777/45/slug-1671558118/2
    "sindonews.com": re.compile(r"(/read/\d+/\d+/[^/]*[a-z][^/]*)/\d{1,3}"),
    # news.detik.com/berita/d-3302845/slug/3
    "detik.com": re.compile(r"(/(?:[^/]+/)*d-\d+/[^/]*[a-z][^/]*)/\d{1,3}"),
    # www.cnbcindonesia.com/news/20201010101010-4-200000/slug/2
    "cnbcindonesia.com": re.compile(r"(/[^/]+/\d{14}-\d+-\d+/[^/]*[a-z][^/]*)/\d{1,3}"),
    # www.inews.id/news/nasional/slug-words/2 and .../all (the whole article)
    "inews.id": re.compile(r"(/(?:berita|[a-z-]+/[a-z-]+)/[^/]+-[^/]+)/(?:\d{1,3}|all)"),
    # republika.co.id/berita/q1bvi7320/slug-part2: the page is a suffix of the slug
    "republika.co.id": re.compile(r"(/berita/[a-z0-9]+/[^/]+?)-part\d{1,3}"),
}

# Google's AMP cache and viewer wrap another site's page: unwrap it.
_AMP_CACHE = re.compile(r"https?://[^/?#]+\.cdn\.ampproject\.org/[cvi]/(?:s/)?(?P<rest>[^/?#]+.*)", re.I)
_AMP_VIEWER = re.compile(r"https?://(?:www\.)?google\.[a-z.]+/amp/(?:s/)?(?P<rest>[^/?#]+.*)", re.I)
_AMP_SUFFIX = re.compile(r"(?:/amp)+$")
_DEFAULT_PORTS = frozenset({80, 443})
_MAX_ROUNDS = 8


def canonicalize_url(url: str, page_canonical: str | None = None) -> str:
    """Return the identity key of an article URL (the same article reached by different URLs gives one key).

    The page's own canonical URL (rel=canonical or og:url, possibly relative), when given, wins if it
    is on the same site as ``url`` and is not the site's home page; the same rules then apply to it.
    Raise ValueError when ``url`` is not an absolute http or https URL.

    >>> canonicalize_url("http://m.kompas.com/read/2024/10/02/1/banjir-di-jaktim/?page=all&utm_source=x#p2")
    'https://kompas.com/read/2024/10/02/1/banjir-di-jaktim'
    """
    key = _key(url)
    if page_canonical and page_canonical.strip():
        try:
            canonical = _key(urljoin(url.strip(), page_canonical.strip()))
        except ValueError:
            return key
        if same_site(canonical, key) and not (_is_home(canonical) and not _is_home(key)):
            return canonical
    return key


def _is_home(key: str) -> bool:
    parts = urlsplit(key)
    return parts.path == "/" and not parts.query


def _key(url: str) -> str:
    """Return the key of one URL, folding until nothing changes (one fold can uncover another)."""
    key = _unwrap_amp_viewer(_checked(url))
    for _ in range(_MAX_ROUNDS):
        folded = _fold_once(key)
        if folded == key:
            break
        key = folded
    return key


def _fold_once(url: str) -> str:
    cleaned = url_query_cleaner(w3lib_canonicalize_url(url), TRACKING_PARAMS, remove=True, unique=False)
    parts = urlsplit(cleaned)
    host, path = _fold(parts.hostname or "", parts.path)
    domain = registrable_domain(host)
    query = _clean_query(parts.query, domain, path)
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None and parts.port not in _DEFAULT_PORTS:
        netloc = f"{netloc}:{parts.port}"
    return urlunsplit(("https", netloc, path, query, ""))


def _checked(url: str) -> str:
    """Return ``url`` stripped, or raise ValueError saying why it is not an absolute http or https URL."""
    text = url.strip()
    if not text:
        raise ValueError("cannot canonicalize an empty URL")
    shown = repr(text if len(text) <= 200 else text[:200] + "...")
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises on a bad port
    except ValueError as error:
        raise ValueError(f"not a valid URL: {shown} ({error})") from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise ValueError(f"not an absolute http or https URL: {shown}")
    if not parts.hostname or not parts.hostname.strip("."):
        raise ValueError(f"URL has no host: {shown}")
    return text


def _unwrap_amp_viewer(url: str) -> str:
    match = _AMP_CACHE.fullmatch(url) or _AMP_VIEWER.fullmatch(url)
    if match is None:
        return url
    try:
        return _checked("https://" + match["rest"])
    except ValueError:
        return url


def _fold(host: str, path: str) -> tuple[str, str]:
    """Fold one round of AMP, mobile, www and page variants of ``host`` and ``path``."""
    domain = registrable_domain(host)
    for amp_prefix, prefix in AMP_PATH_PREFIXES.get(domain, ()):
        if path.startswith(amp_prefix):
            path = prefix + path[len(amp_prefix) :]
    channel, _, rest = path[1:].partition("/")
    if channel in CHANNEL_HOSTS.get(host, ()):
        host, path = f"{channel}.{domain}", f"/{rest}"
    host = host.rstrip(".")
    label, _, parent = host.partition(".")
    if label in VARIANT_HOST_LABELS and (parent == domain or parent.endswith("." + domain)):
        host = parent
    path = _AMP_SUFFIX.sub("", path.rstrip("/"))
    page = PAGE_SEGMENTS.get(domain)
    match = page.fullmatch(path) if page else None
    if match:
        path = match[1]
    return host, path or "/"


def _clean_query(query: str, domain: str, path: str) -> str:
    """Drop the tracking, AMP and page parameters of a canonical query, keeping the order of the rest."""
    article = _looks_like_article(domain, path)
    kept = []
    for pair in query.split("&"):
        raw_name, _, raw_value = pair.partition("=")
        name, value = unquote_plus(raw_name), unquote_plus(raw_value)
        amp = AMP_PARAMS.get(name)
        if (
            not pair
            or name.lower().startswith(TRACKING_PREFIXES)
            or (amp is not None and amp.fullmatch(value))
            or (article and name.lower() in PAGE_PARAMS and _PAGE_VALUE.fullmatch(value))
        ):
            continue
        kept.append(pair)
    return "&".join(kept)


def _looks_like_article(domain: str, path: str) -> bool:
    known = ARTICLE_PATHS.get(domain)
    if known is not None and known.search(path):
        return True
    segments = path.lower().split("/")
    return bool(_SLUG.fullmatch(segments[-1])) and not LISTING_SEGMENTS.intersection(segments)
