"""Which CMS family an unknown site's page is built with.

Why: on a site Khabar has no definition for, a family's selectors
(``crawler.sites.families``) replace guesswork; the generic path remains the
fallback when the family's body selector finds nothing.
"""

from __future__ import annotations

from typing import Optional

from ..sites.base import SiteDefinition
from ..sites.families import ASAM, IRANSAMANEH, NASTOOH
from .dom import select

# (family, markers that must all match)
_MARKERS = (
    (NASTOOH, (".item-body .item-text",)),
    (ASAM, ("#echo_detail",)),
    (IRANSAMANEH, (".body", ".news_pdate_c, .rutitr, .news_path, .news_id_c")),
)


def detect(tree, names=None) -> Optional[SiteDefinition]:
    """The CMS family whose markers the page carries, if any."""
    for family, markers in _MARKERS:
        if all(select(tree, [m], names) for m in markers):
            return family
    return None
