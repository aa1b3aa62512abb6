"""Registry of site definitions: every module here with a ``SITE`` is a site.

Adding a site = adding ``crawler/sites/<name>.py`` (its ``SITE``), its
``seeds/<name>.json`` and a recorded page with its expected values under
``tests/golden/``.  Spiders (``crawler.spiders.sites``), tests, the demo and
the benchmarks walk this registry; nothing else names a site.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Optional
from urllib.parse import urlsplit

from .base import SiteDefinition


def _discover() -> dict[str, SiteDefinition]:
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name == "base":
            continue
        site = getattr(importlib.import_module(f"{__name__}.{info.name}"), "SITE", None)
        if isinstance(site, SiteDefinition):
            found[site.name] = site
    return found


SITES: dict[str, SiteDefinition] = _discover()

# A path segment that is (or starts with) a long number is a story's id on an
# unknown site: /news/1501433 and /news/1501433/<slug> are one story.
GENERIC_ID_PATTERN = r"(?:^|/)(\d{5,})(?=[-/]|$)"


def get_site(name: str) -> SiteDefinition:
    try:
        return SITES[name]
    except KeyError:
        raise KeyError(f"unknown site {name!r}; known: {', '.join(sorted(SITES))}") from None


def site_for_url(url: str) -> Optional[SiteDefinition]:
    """The definition whose domains own ``url``'s host, or None."""
    for site in SITES.values():
        if site.owns(url):
            return site
    return None


def spider_sites() -> list[SiteDefinition]:
    """Sites crawled by a spider of their own (the others: ``news -a site=``)."""
    return [site for site in SITES.values() if site.own_spider]


def generic_site(origin: str) -> SiteDefinition:
    """The definition an unknown site gets: its host, no rules but story ids."""
    parts = urlsplit(origin if "//" in origin else f"https://{origin}")
    host = (parts.hostname or "").lower()
    bare = host.removeprefix("www.")
    home = f"{parts.scheme}://{parts.netloc}" if parts.netloc else f"https://{bare}"
    return SiteDefinition(name=bare, domains=(bare,), home=home, language="",
                          article_id_patterns=(GENERIC_ID_PATTERN,))


def definition_named(name: Optional[str]) -> Optional[SiteDefinition]:
    """The rules an item's ``site`` name stands for: a defined site, else
    the generic definition of that host."""
    if not name:
        return None
    return SITES.get(name) or generic_site(name)


__all__ = ["SiteDefinition", "SITES", "get_site", "site_for_url", "spider_sites", "generic_site",
           "definition_named"]
