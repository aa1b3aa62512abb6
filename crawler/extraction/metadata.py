"""Machine-readable page metadata: JSON-LD, ``<meta>``, ``<link>``, ``<html lang>``.

Why: when a page states its headline, dates, authors, section and type in
schema.org JSON-LD or Open Graph, that statement beats any heuristic over
the visible text.  Everything is read once from the already parsed tree into a
small ``PageMeta`` record that the other modules consult.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import urljoin, urlsplit

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle", "blogposting",
    "socialmediaposting", "liveblogposting", "report", "scholarlyarticle", "techarticle", "posting",
})
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "website", "profilepage", "sitenavigationelement"})
VIDEO_TYPES = frozenset({"videoobject", "videogallery", "imagegallery", "mediagallery", "imageobject"})


@dataclass
class PageMeta:
    lang: Optional[str] = None
    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name/property → contents
    jsonld: list[dict] = field(default_factory=list)  # flattened objects
    article: Optional[dict] = None  # the JSON-LD article object, if any
    canonical: Optional[str] = None
    types: set[str] = field(default_factory=set)  # all JSON-LD @type values, lower-cased

    def first(self, *names: str) -> Optional[str]:
        for n in names:
            for v in self.meta.get(n, ()):
                if v and v.strip():
                    return v.strip()
        return None

    def all(self, name: str) -> list[str]:
        return [v.strip() for v in self.meta.get(name, ()) if v and v.strip()]

    @property
    def og_type(self) -> Optional[str]:
        t = self.first("og:type")
        return t.lower() if t else None


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _flatten(data: Any, out: list[dict], depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            _flatten(item, out, depth + 1)
    elif isinstance(data, dict):
        out.append(data)
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data and isinstance(data[key], (list, dict)):
                _flatten(data[key], out, depth + 1)


_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def _load_json(raw: str) -> Any:
    raw = raw.strip().strip(";")
    if raw.startswith("<!--"):
        raw = raw[4:]
    if raw.endswith("-->"):
        raw = raw[:-3]
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        try:
            return json.loads(_TRAILING_COMMA.sub(r"\1", raw), strict=False)
        except ValueError:
            return None


def safe_join(base: str, href: Optional[str]) -> Optional[str]:
    """``urljoin`` that returns None for hrefs the URL parser rejects
    (``http://[ccpa-preferences]/``...) instead of raising."""
    if not href:
        return None
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return None


def safe_host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def read(tree, url: str) -> PageMeta:
    pm = PageMeta()
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    pm.lang = root.get("lang") or root.get("xml:lang") or None
    for el in root.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        content = el.get("content")
        if key and content is not None:
            pm.meta.setdefault(key.strip().lower(), []).append(content)
    if not pm.lang:
        pm.lang = pm.first("content-language", "language", "og:locale", "dc.language")
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href") and not pm.canonical:
            pm.canonical = safe_join(url, link.get("href"))
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _load_json(script.text or "")
        if data is not None:
            _flatten(data, pm.jsonld)
    for obj in pm.jsonld:
        types = _types(obj)
        pm.types |= types
        if pm.article is None and types & ARTICLE_TYPES:
            pm.article = obj
    return pm


# ---------------------------------------------------------------- helpers
def as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def names(value: Any) -> list[str]:
    """Person/organisation names from a JSON-LD ``author`` value."""
    out = []
    for v in as_list(value):
        if isinstance(v, dict):
            v = v.get("name")
        if isinstance(v, list):
            v = v[0] if v else None
        if isinstance(v, str) and v.strip() and not v.strip().startswith("http"):
            out.append(v.strip())
    return out


def image_url(value: Any) -> Optional[str]:
    for v in as_list(value):
        if isinstance(v, dict):
            v = v.get("url") or v.get("contentUrl")
        if isinstance(v, list):
            v = v[0] if v else None
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def keywords(value: Any) -> list[str]:
    out = []
    for v in as_list(value):
        if isinstance(v, str):
            out.extend(x.strip() for x in re.split(r"[,،;]", v) if x.strip())
    return out
