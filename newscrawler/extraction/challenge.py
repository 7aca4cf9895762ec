"""Bot checks and block pages: a 200 answer that is a challenge, not the article (pure: no Scrapy)."""

from __future__ import annotations

import re

__all__ = ["challenge_page"]

# Markers of the interstitial pages of the common bot-protection services. Read only on pages that
# gave no article: a normal page may load the same services' scripts.
_CHALLENGES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Cloudflare challenge", re.compile(
        r"<title>\s*(?:Just a moment\.\.\.|Attention Required! \| Cloudflare)"
        r"|cf-browser-verification|cf_chl_opt|/cdn-cgi/challenge-platform/h/", re.I)),
    ("DDoS-Guard check", re.compile(r"<title>\s*DDoS-Guard|ddos-guard\.net/", re.I)),
    ("Imperva/Incapsula block", re.compile(r"Incapsula incident ID|_Incapsula_Resource", re.I)),
    ("DataDome captcha", re.compile(r"captcha-delivery\.com|datadome", re.I)),
    ("PerimeterX captcha", re.compile(r"px-captcha|_pxCaptcha", re.I)),
    ("Akamai block", re.compile(r"<title>\s*Access Denied\s*</title>[\s\S]{0,2000}Reference\s*#", re.I)),
    ("Sucuri firewall block", re.compile(r"Sucuri WebSite Firewall|sucuri\.net/privacy-policy", re.I)),
)  # fmt: skip
# A captcha widget alone means a challenge only on a small page: articles carry one in comment forms
# (18 of the corpus's 524 captured pages do).
_CAPTCHA = re.compile(r"g-recaptcha|h-captcha|hcaptcha\.com/1/api\.js|<title>[^<]{0,40}captcha", re.I)
_SMALL_PAGE = 60_000


def challenge_page(html: str) -> str | None:
    """Return what kind of bot check or block page ``html`` is, or None.

    >>> challenge_page("<html><head><title>Just a moment...</title></head></html>")
    'Cloudflare challenge'
    >>> challenge_page('<form><div class="g-recaptcha" data-sitekey="x"></div></form>')
    'captcha'
    >>> challenge_page("<html><head><title>Berita</title></head><body><p>Isi.</p></body></html>") is None
    True
    """
    head = html[:200_000]
    for name, marker in _CHALLENGES:
        if marker.search(head):
            return name
    if len(html) < _SMALL_PAGE and _CAPTCHA.search(html):
        return "captcha"
    return None
