"""What extraction and cleaning know of one site: its dated layouts, zone, language, names, boilerplate.

A site spider declares these (see ``newscrawler/spiders/base.py``); extraction and cleaning read them
from one :class:`SiteProfile`, plain data, so neither imports a spider.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from urllib.parse import urlsplit

from newscrawler.extraction.dates import WIB
from newscrawler.extraction.fields import Selectors

__all__ = ["Layout", "SiteProfile", "zone_of"]


@dataclass(frozen=True, slots=True)
class Layout:
    """One layout of a site's article pages, named by the year of the oldest page we have of it.

    ``local_time`` says the layout's own date values are the site's local time even when they end
    in ``Z``/``+00:00`` (old Detik pages write ``2015-11-05 T10:08:58Z`` for 10:08 WIB).

    >>> Layout("2024", Selectors(title="h1.read__title")).selectors.title
    ('h1.read__title',)
    """

    name: str
    selectors: Selectors
    local_time: bool = False


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """A site as extraction and cleaning see it. ``layouts`` are tried in order, newest first."""

    name: str = ""
    layouts: Sequence[Layout] = ()
    zone: tzinfo = WIB
    language: str | None = None
    #: Names the site signs titles and bylines with (`` - Kompas.com``), besides its domain's name.
    names: Sequence[str] = ()
    #: Whole-paragraph boilerplate rules (regular expressions) of this site.
    boilerplate: Sequence[str] = ()
    #: Zones of the site's hosts that are elsewhere than ``zone`` (a regional edition in Bali: WITA).
    host_zones: Mapping[str, tzinfo] = field(default_factory=dict)
    #: Whether the site declared ``zone``. A declared site's dates are shown on its own clock (a
    #: ``Z`` time moved into ``zone``); an undeclared one (a site without a spider) keeps the offset
    #: each page gives, and ``zone`` is only the guess for a time written without any zone.
    zone_declared: bool = True

    def zone_for(self, url: str | None) -> tzinfo:
        """Return the zone of dates written without one on the page at ``url``.

        >>> from newscrawler.extraction.dates import WITA
        >>> profile = SiteProfile(host_zones={"bali.tribunnews.com": WITA})
        >>> profile.zone_for("https://bali.tribunnews.com/2025/10/02/x") is WITA
        True
        >>> profile.zone_for("https://www.tribunnews.com/x") is WIB
        True
        """
        return zone_of(url, self.zone, self.host_zones)

    def layout(self, name: str | None) -> Layout | None:
        """Return the layout called ``name``, or None."""
        return next((layout for layout in self.layouts if layout.name == name), None)


def zone_of(url: str | None, zone: tzinfo, host_zones: Mapping[str, tzinfo]) -> tzinfo:
    """Return the zone of ``url``'s host in ``host_zones`` (``www.``/``m.`` aside), else ``zone``."""
    if not host_zones or not url:
        return zone
    host = (urlsplit(url).hostname or "").removeprefix("www.").removeprefix("m.")
    return host_zones.get(host, zone)
