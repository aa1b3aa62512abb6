"""Registry of site definitions: one module per site, listed here.

Adding a site = adding ``crawler/sites/<name>.py`` with a ``SITE`` and its
``seeds/<name>.json`` and fixtures, then naming it in ``_MODULES``.
"""

from __future__ import annotations

import importlib
from typing import Optional

from .base import SiteDefinition

_MODULES = ("namehnews", "mashregh", "alaraby", "sahebkhabar", "titronline")

SITES: dict[str, SiteDefinition] = {
    m: importlib.import_module(f"{__name__}.{m}").SITE for m in _MODULES
}


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


__all__ = ["SiteDefinition", "SITES", "get_site", "site_for_url"]
