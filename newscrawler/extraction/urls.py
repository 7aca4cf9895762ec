"""URLs: the registrable domain of a page, whether two URLs belong to one site, an article's key."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url as w3lib_canonicalize_url
from w3lib.url import url_query_cleaner

__all__ = [
    "GENERIC_RULES",
    "UrlForms",
    "UrlRules",
    "canonicalize_url",
    "is_not_article_url",
    "looks_like_article_url",
    "registrable_domain",
    "same_site",
    "site_label",
]

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
# A site's own forms (AMP paths, channel hosts, page segments, its tracking parameters) are declared by
# its spider (`url_forms`) and handed in as `UrlRules`; nothing here knows a site by name.

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
#: is a number or `all` and the path looks like an article (the site's ``article_path``, else a slug of
#: three or more words as the last segment). Not `p`: WordPress's post number.
PAGE_PARAMS: Final = frozenset({"page", "single", "showpage", "halaman", "hal", "pg"})
_PAGE_VALUE = re.compile(r"\d{1,4}|all", re.IGNORECASE)
_SLUG = re.compile(r"(?=[^/]*[a-z])[^/-]+(?:-[^/-]+){2,}", re.IGNORECASE)

#: Path segments of listings: a slug after one of them (`/tag/pemilu-presiden-2024?page=2`) is a
#: listing's name, and its page parameter is kept.
LISTING_SEGMENTS: Final = frozenset(
    {"tag", "tags", "topic", "topik", "indeks", "index", "search", "cari", "kategori", "category",
     "kanal", "author", "penulis", "terpopuler", "terbaru", "arsip", "archive"}
)  # fmt: skip


#: Path segments of pages that are no article on any site: listings, and the site's own pages.
NOT_ARTICLE_SEGMENTS: Final = LISTING_SEGMENTS | frozenset(
    {"page", "about", "about-us", "tentang-kami", "contact", "contact-us", "kontak", "hubungi-kami",
     "privacy", "privacy-policy", "kebijakan-privasi", "terms", "disclaimer", "pedoman-media-siber",
     "redaksi", "karir", "careers", "login", "masuk", "register", "daftar", "subscribe", "advertise",
     "iklan", "feed", "rss"}
)  # fmt: skip

#: Paths news sites give articles on: a date before a slug (``/2025/10/02/slug``, ``/2025/10/slug-words``,
#: ``/20251002/slug``, ``/20251002093000-12-345678/slug``), a long number as a segment
#: (``/read/123456/slug``, ``/d-7572645/slug``), a slug starting or ending with one
#: (``/read/736450-slug-words``, ``/slug-words-1234567``), or a headline's slug of five words or more
#: as the last segment (``/artis/baim-wong-akhirnya-minta-maaf.html``): sections, tags and a site's
#: own pages are named in a word or three.
_ARTICLE_PATHS: Final = (
    re.compile(r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/[^/]+"),
    re.compile(r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2])/[^/]*[a-z][^/]*-[^/]+"),
    re.compile(r"/(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[\d-]*/[^/]+"),
    re.compile(r"/(?=[^/]{30,}$)[a-z0-9]+(?:[-_][a-z0-9]+){4,}(?:\.html?|\.php)?/?$"),
    re.compile(r"/(?:[a-z]{1,3}-)?\d{5,}(?:/|\.html?$|$)"),
    re.compile(r"/\d{5,}-[^/]*[a-z]"),
    re.compile(r"/[^/]*[a-z][^/]*-\d{5,}(?:\.html?)?/?$"),
)


def is_not_article_url(url: str) -> bool:
    """Whether ``url`` is a page no site has an article at: its home page, a tag or index, "about", login.

    >>> is_not_article_url("https://news.example.com/tag/banjir"), is_not_article_url("https://example.com/")
    (True, True)
    """
    path = urlsplit(url).path.lower().rstrip("/")
    return not path or bool(NOT_ARTICLE_SEGMENTS.intersection(path.split("/")))


def looks_like_article_url(url: str) -> bool:
    """Whether ``url`` has a form news sites give their articles: dated or numbered (see ``_ARTICLE_PATHS``).

    >>> looks_like_article_url("https://news.example.com/2025/10/02/banjir-di-jakarta-timur")
    True
    >>> looks_like_article_url("https://news.example.com/read/123456/banjir")
    True
    >>> looks_like_article_url("https://www.example.com/artis/baim-wong-akhirnya-minta-maaf-ke-kakek.html")
    True
    >>> looks_like_article_url("https://news.example.com/politik"), looks_like_article_url("https://x.id/syarat-dan-ketentuan")
    (False, False)
    """
    path = urlsplit(url).path.lower()
    return not is_not_article_url(url) and any(pattern.search(path) for pattern in _ARTICLE_PATHS)


@dataclass(frozen=True, slots=True)
class UrlForms:
    """The other URLs a site gives one article under: what a site declares for ``canonicalize_url``.

    - ``article_path``: a regular expression an article's path matches (page parameters fold there).
    - ``amp_paths``: (AMP path prefix, article path prefix) pairs: ``("/amp/", "/")``.
    - ``channel_hosts``: variant host -> first path segments that name a channel with a host of its
      own: ``{"m.detik.com": ("news", ...)}`` makes ``m.detik.com/news/x`` ``news.detik.com/x``.
    - ``page_segment``: a regular expression a later page's path fully matches; group 1 is the article.
    - ``tracking``: the site's own click-tracking query parameters.

    >>> forms = UrlForms(amp_paths=(("/amp/", "/"),), tracking=("tag_from",))
    >>> rules = UrlRules({"contoh.id": forms})
    >>> canonicalize_url("https://m.contoh.id/amp/berita/a-b-c?tag_from=x", rules=rules)
    'https://contoh.id/berita/a-b-c'
    """

    article_path: str | None = None
    amp_paths: Sequence[tuple[str, str]] = ()
    channel_hosts: Mapping[str, Sequence[str]] = field(default_factory=dict)
    page_segment: str | None = None
    tracking: Sequence[str] = ()


class UrlRules:
    """The URL forms of every known site, by registrable domain (plain data, compiled once)."""

    def __init__(self, sites: Mapping[str, UrlForms] | None = None) -> None:
        self.sites: dict[str, UrlForms] = dict(sites or {})
        self._article = {d: re.compile(f.article_path) for d, f in self.sites.items() if f.article_path}
        self._page = {d: re.compile(f.page_segment) for d, f in self.sites.items() if f.page_segment}
        self._channels = {
            host: frozenset(channels)
            for forms in self.sites.values()
            for host, channels in forms.channel_hosts.items()
        }
        self._tracking = {d: tuple(f.tracking) for d, f in self.sites.items() if f.tracking}

    def amp_paths(self, domain: str) -> Sequence[tuple[str, str]]:
        """Return the site's (AMP prefix, article prefix) pairs."""
        forms = self.sites.get(domain)
        return forms.amp_paths if forms else ()

    def channels(self, host: str) -> frozenset[str]:
        """Return the channels with hosts of their own behind a variant host."""
        return self._channels.get(host, frozenset())

    def page_segment(self, domain: str) -> re.Pattern[str] | None:
        """Return the site's later-page path pattern."""
        return self._page.get(domain)

    def article_path(self, domain: str) -> re.Pattern[str] | None:
        """Return the site's article path pattern."""
        return self._article.get(domain)

    def tracking(self, domain: str) -> tuple[str, ...]:
        """Return the site's own tracking parameters."""
        return self._tracking.get(domain, ())


#: No site's forms: the generic rules only.
GENERIC_RULES: Final = UrlRules()

# Google's AMP cache and viewer wrap another site's page: unwrap it.
_AMP_CACHE = re.compile(r"https?://[^/?#]+\.cdn\.ampproject\.org/[cvi]/(?:s/)?(?P<rest>[^/?#]+.*)", re.I)
_AMP_VIEWER = re.compile(r"https?://(?:www\.)?google\.[a-z.]+/amp/(?:s/)?(?P<rest>[^/?#]+.*)", re.I)
_AMP_SUFFIX = re.compile(r"(?:/amp)+$")
_DEFAULT_PORTS = frozenset({80, 443})
_MAX_ROUNDS = 8


def canonicalize_url(url: str, page_canonical: str | None = None, *, rules: UrlRules = GENERIC_RULES) -> str:
    """Return the identity key of an article URL (the same article reached by different URLs gives one key).

    The page's own canonical URL (rel=canonical or og:url, possibly relative), when given, wins if it
    is on the same site as ``url`` and is not the site's home page; the same rules then apply to it.
    ``rules`` holds the known sites' own URL forms (``newscrawler.sites.site_registry().url_rules``).
    Raise ValueError when ``url`` is not an absolute http or https URL.

    >>> canonicalize_url("http://m.kompas.com/read/2024/10/02/1/banjir-di-jaktim/?page=all&utm_source=x#p2")
    'https://kompas.com/read/2024/10/02/1/banjir-di-jaktim'
    """
    key = _key(url, rules)
    if page_canonical and page_canonical.strip():
        try:
            canonical = _key(urljoin(url.strip(), page_canonical.strip()), rules)
        except ValueError:
            return key
        if same_site(canonical, key) and not (_is_home(canonical) and not _is_home(key)):
            return canonical
    return key


def _is_home(key: str) -> bool:
    parts = urlsplit(key)
    return parts.path == "/" and not parts.query


def _key(url: str, rules: UrlRules) -> str:
    """Return the key of one URL, folding until nothing changes (one fold can uncover another)."""
    key = _unwrap_amp_viewer(_checked(url))
    for _ in range(_MAX_ROUNDS):
        folded = _fold_once(key, rules)
        if folded == key:
            break
        key = folded
    return key


def _fold_once(url: str, rules: UrlRules) -> str:
    canonical = w3lib_canonicalize_url(url)
    tracking = (*TRACKING_PARAMS, *rules.tracking(registrable_domain(urlsplit(canonical).hostname or "")))
    cleaned = url_query_cleaner(canonical, tracking, remove=True, unique=False)
    parts = urlsplit(cleaned)
    host, path = _fold(parts.hostname or "", parts.path, rules)
    domain = registrable_domain(host)
    query = _clean_query(parts.query, path, rules.article_path(domain))
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


def _fold(host: str, path: str, rules: UrlRules) -> tuple[str, str]:
    """Fold one round of AMP, mobile, www and page variants of ``host`` and ``path``."""
    domain = registrable_domain(host)
    for amp_prefix, prefix in rules.amp_paths(domain):
        if path.startswith(amp_prefix):
            path = prefix + path[len(amp_prefix) :]
    channel, _, rest = path[1:].partition("/")
    if channel in rules.channels(host):
        host, path = f"{channel}.{domain}", f"/{rest}"
    host = host.rstrip(".")
    label, _, parent = host.partition(".")
    if label in VARIANT_HOST_LABELS and (parent == domain or parent.endswith("." + domain)):
        host = parent
    path = _AMP_SUFFIX.sub("", path.rstrip("/"))
    page = rules.page_segment(domain)
    match = page.fullmatch(path) if page else None
    if match:
        path = match[1]
    return host, path or "/"


def _clean_query(query: str, path: str, article_path: re.Pattern[str] | None) -> str:
    """Drop the tracking, AMP and page parameters of a canonical query, keeping the order of the rest."""
    article = _looks_like_article(path, article_path)
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


def _looks_like_article(path: str, article_path: re.Pattern[str] | None) -> bool:
    if article_path is not None and article_path.search(path):
        return True
    segments = path.lower().split("/")
    return bool(_SLUG.fullmatch(segments[-1])) and not LISTING_SEGMENTS.intersection(segments)
