"""The registry of site spiders: every site's declaration, found from the project's spider modules.

Extraction knows no spider; what it needs of the sites comes from here as plain data: each site's
:class:`~newscrawler.extraction.site.SiteProfile` and, for ``canonicalize_url``, the URL forms of every
known site (:class:`~newscrawler.extraction.urls.UrlRules`). ``crawlall``, ``extract``, ``sitecheck``,
``make demo``, ``make crawl`` and the fixture tests find the sites here, never from a list of names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings
from scrapy.utils.project import get_project_settings

from newscrawler.extraction.dates import resolve_zone
from newscrawler.extraction.site import SiteProfile
from newscrawler.extraction.urls import UrlForms, UrlRules, registrable_domain

if TYPE_CHECKING:
    from newscrawler.spiders.base import NewsSpider

__all__ = ["SiteRegistry", "profile_of", "site_registry"]


def profile_of(spider: Any, settings: BaseSettings | None = None) -> SiteProfile:
    """Return the site profile a spider (class or instance) declares; its zone or NEWSCRAWLER_TIMEZONE.

    A spider without a ``timezone`` of its own (or ``None``: a site without a spider) gets a profile
    whose zone is not declared: its pages keep their own offsets (see ``SiteProfile.zone_declared``).
    Raises ValueError naming the declaration when the zone is not one.
    """
    declared = getattr(spider, "timezone", None)
    zone_name = str(declared or (settings or get_project_settings()).get("NEWSCRAWLER_TIMEZONE") or "WIB")
    try:
        zone = resolve_zone(zone_name)
    except ValueError as error:
        where = (
            f"{getattr(spider, '__name__', type(spider).__name__)}.timezone"
            if declared
            else "NEWSCRAWLER_TIMEZONE"
        )
        raise ValueError(f"{where}: {error}") from None
    host_zones = {}
    for host, name in (getattr(spider, "host_zones", None) or {}).items():
        try:
            host_zones[host] = resolve_zone(name)
        except ValueError as error:
            spider_name = getattr(spider, "__name__", type(spider).__name__)
            raise ValueError(f"{spider_name}.host_zones[{host!r}]: {error}") from None
    return SiteProfile(
        name=str(getattr(spider, "name", "") or ""),
        layouts=tuple(getattr(spider, "layouts", ()) or ()),
        zone=zone,
        language=getattr(spider, "language", None),
        names=tuple(getattr(spider, "site_names", ()) or ()),
        boilerplate=tuple(getattr(spider, "boilerplate", ()) or ()),
        host_zones=host_zones,
        zone_declared=bool(declared),
    )


@dataclass(frozen=True, slots=True)
class SiteRegistry:
    """The site spiders by name, and the URL forms they declare by registrable domain."""

    spiders: Mapping[str, type[NewsSpider]]
    url_rules: UrlRules

    def for_url(self, url: str) -> type[NewsSpider] | None:
        """Return the site spider whose allowed domains hold the URL's host, or None.

        The most specific domain wins: ``thejakartaglobe.beritasatu.com`` belongs to the spider that
        allows that host, not to the one that allows ``beritasatu.com``.
        """
        host = (urlsplit(url).hostname or "").lower()
        best: tuple[int, type[NewsSpider]] | None = None
        for spidercls in self.spiders.values():
            for domain in getattr(spidercls, "allowed_domains", None) or ():
                if (host == domain or host.endswith("." + domain)) and (
                    best is None or len(domain) > best[0]
                ):
                    best = (len(domain), spidercls)
        return best[1] if best else None


_REGISTRIES: dict[tuple[str, ...], SiteRegistry] = {}


def site_registry(settings: BaseSettings | None = None) -> SiteRegistry:
    """Return the registry of the project's site spiders (``scrapy list``'s NewsSpiders but the generic).

    Built once per set of ``SPIDER_MODULES``.
    """
    settings = settings if settings is not None else get_project_settings()
    key = tuple(settings.getlist("SPIDER_MODULES"))
    if key not in _REGISTRIES:
        _REGISTRIES[key] = _registry(settings)
    return _REGISTRIES[key]


def _registry(settings: BaseSettings) -> SiteRegistry:
    from scrapy.spiderloader import get_spider_loader

    from newscrawler.spiders.base import NewsSpider

    loader = get_spider_loader(settings)
    classes = {name: loader.load(name) for name in sorted(loader.list())}
    spiders = {name: cls for name, cls in classes.items() if issubclass(cls, NewsSpider) and not cls.generic}
    forms: dict[str, UrlForms] = {}
    for spidercls in spiders.values():
        for domain in getattr(spidercls, "allowed_domains", None) or ():
            if spidercls.url_forms != UrlForms():
                forms[registrable_domain(domain)] = spidercls.url_forms
    return SiteRegistry(spiders, UrlRules(forms))
