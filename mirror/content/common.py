"""Shared helpers for the mirror's page generators.

Everything here is deterministic: the same sources always give the same
bytes, so ``tests/mirror`` can rebuild the tree and compare it byte for byte.

Conventions used by the content modules:

* Persian text in the sources writes the zero-width non-joiner (U+200C) as
  ``_`` so that it stays visible when editing (``می_خوانند``); :func:`fa`
  turns it into U+200C.  Generated pages carry the real character, and some
  sites write it as the entity ``&zwnj;`` (see :func:`html_fa`).
* Dates are given as ISO strings with the site's UTC offset.
"""

from __future__ import annotations

import datetime as _dt
import gzip as _gzip
import html as _html
import json
import re
from dataclasses import dataclass, field
from typing import Iterable, Optional
from urllib.parse import quote

ZWNJ = "\u200c"


# ---------------------------------------------------------------- text ---
def fa(text: str) -> str:
    """Source Persian (``_`` marks ZWNJ) -> real Persian text."""
    return text.replace("_", ZWNJ)


def esc(text: str) -> str:
    return _html.escape(text, quote=True)


def html_fa(text: str, entity: bool = False) -> str:
    """Escape ``text`` for HTML; with ``entity`` write ZWNJ as ``&zwnj;``."""
    out = esc(text)
    if entity:
        out = out.replace(ZWNJ, "&zwnj;")
    return out


_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def fa_digits(s) -> str:
    return str(s).translate(_FA_DIGITS)


def ar_digits(s) -> str:
    return str(s).translate(_AR_DIGITS)


_SLUG_DROP = re.compile(r"[«»\"'“”‘’:؛;،,.!?؟()\[\]{}/\\|…–—%#&+=<>*]+")


def slugify(title: str) -> str:
    """The slug these CMSs derive from a title: words (and ZWNJ parts) joined
    with ``-``, punctuation dropped.  ``از نسل کشی ... چه می‌دانیم`` ->
    ``از-نسل-کشی-...-چه-می-دانیم``."""
    s = _SLUG_DROP.sub(" ", title.replace(ZWNJ, " "))
    return "-".join(s.split())


def pct(path: str) -> str:
    """Percent-encode a path the way browsers and feeds write it."""
    return quote(path, safe="/?=&%#:@+,;~-._!$'()*")


# ---------------------------------------------------------------- dates ---
def parse_iso(s: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(s)


def gregorian_to_jalali(gy: int, gm: int, gd: int) -> tuple[int, int, int]:
    g_d_m = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    gy2 = gy + 1 if gm > 2 else gy
    days = (355666 + 365 * gy + (gy2 + 3) // 4 - (gy2 + 99) // 100
            + (gy2 + 399) // 400 + gd + g_d_m[gm - 1])
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        jm, jd = 1 + days // 31, 1 + days % 31
    else:
        jm, jd = 7 + (days - 186) // 30, 1 + (days - 186) % 30
    return jy, jm, jd


FA_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
             "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
FA_WEEKDAYS = ["دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"]
AR_MONTHS = ["يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو",
             "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
AR_WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]


def jalali_text(iso: str, weekday: bool = False, time: bool = True, sep: str = " - ") -> str:
    """``2023-04-25T21:46+03:30`` -> «۵ اردیبهشت ۱۴۰۲ - ۲۱:۴۶» (Persian digits)."""
    d = parse_iso(iso)
    jy, jm, jd = gregorian_to_jalali(d.year, d.month, d.day)
    s = f"{jd} {FA_MONTHS[jm - 1]} {jy}"
    if weekday:
        s = f"{FA_WEEKDAYS[d.weekday()]} {s}"
    if time:
        s += f"{sep}{d.hour:02d}:{d.minute:02d}"
    return fa_digits(s)


def jalali_numeric(iso: str) -> str:
    """``1402/02/05`` in Persian digits."""
    d = parse_iso(iso)
    jy, jm, jd = gregorian_to_jalali(d.year, d.month, d.day)
    return fa_digits(f"{jy}/{jm:02d}/{jd:02d}")


def rfc822(iso: str) -> str:
    d = parse_iso(iso)
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    mons = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    off = d.utcoffset() or _dt.timedelta(0)
    mins = int(off.total_seconds() // 60)
    sign = "+" if mins >= 0 else "-"
    mins = abs(mins)
    return (f"{days[d.weekday()]}, {d.day:02d} {mons[d.month - 1]} {d.year} "
            f"{d.hour:02d}:{d.minute:02d}:{d.second:02d} {sign}{mins // 60:02d}{mins % 60:02d}")


def iso_seconds(iso: str) -> str:
    return parse_iso(iso).isoformat(timespec="seconds")


def http_date(iso: str) -> str:
    d = parse_iso(iso).astimezone(_dt.timezone.utc)
    return rfc822(d.isoformat()).replace("+0000", "GMT")


# ---------------------------------------------------------------- feeds ---
def rss(channel_title: str, link: str, description: str, items: Iterable[dict],
        language: str, extra_ns: str = "", build_date: Optional[str] = None) -> str:
    """RSS 2.0.  Each item: title, link, description, pubDate (ISO), guid?, category?, extra?"""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"{extra_ns}>',
           "<channel>",
           f"<title>{esc(channel_title)}</title>",
           f"<link>{esc(link)}</link>",
           f"<description>{esc(description)}</description>",
           f"<language>{language}</language>"]
    if build_date:
        out.append(f"<lastBuildDate>{rfc822(build_date)}</lastBuildDate>")
    for it in items:
        out.append("<item>")
        out.append(f"<title>{esc(it['title'])}</title>")
        out.append(f"<link>{esc(it['link'])}</link>")
        out.append(f"<description>{esc(it.get('description', ''))}</description>")
        if it.get("category"):
            out.append(f"<category>{esc(it['category'])}</category>")
        out.append(f"<pubDate>{rfc822(it['pubDate'])}</pubDate>")
        guid = it.get("guid", it["link"])
        perma = "true" if guid.startswith("http") else "false"
        out.append(f'<guid isPermaLink="{perma}">{esc(guid)}</guid>')
        if it.get("extra"):
            out.append(it["extra"])
        out.append("</item>")
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def sitemap_index(locs: Iterable[tuple[str, Optional[str]]]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for loc, lastmod in locs:
        out.append("<sitemap>")
        out.append(f"<loc>{esc(loc)}</loc>")
        if lastmod:
            out.append(f"<lastmod>{lastmod}</lastmod>")
        out.append("</sitemap>")
    out += ["</sitemapindex>", ""]
    return "\n".join(out)


def urlset(entries: Iterable[dict], images: bool = False) -> str:
    """Plain urlset; entry keys: loc, lastmod?, changefreq?, priority?"""
    ns = ' xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    if images:
        ns += ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
    out = ['<?xml version="1.0" encoding="UTF-8"?>', f"<urlset{ns}>"]
    for e in entries:
        out.append("<url>")
        out.append(f"<loc>{esc(e['loc'])}</loc>")
        if e.get("lastmod"):
            out.append(f"<lastmod>{e['lastmod']}</lastmod>")
        if e.get("changefreq"):
            out.append(f"<changefreq>{e['changefreq']}</changefreq>")
        if e.get("priority"):
            out.append(f"<priority>{e['priority']}</priority>")
        if e.get("image"):
            out.append(f"<image:image><image:loc>{esc(e['image'])}</image:loc></image:image>")
        out.append("</url>")
    out += ["</urlset>", ""]
    return "\n".join(out)


def news_sitemap(entries: Iterable[dict], pub_name: str, language: str) -> str:
    """Google News sitemap; entry keys: loc, title, date (ISO)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
    for e in entries:
        out += ["<url>", f"<loc>{esc(e['loc'])}</loc>", "<news:news>",
                "<news:publication>", f"<news:name>{esc(pub_name)}</news:name>",
                f"<news:language>{language}</news:language>", "</news:publication>",
                f"<news:publication_date>{iso_seconds(e['date'])}</news:publication_date>",
                f"<news:title>{esc(e['title'])}</news:title>", "</news:news>", "</url>"]
    out += ["</urlset>", ""]
    return "\n".join(out)


# ---------------------------------------------------------------- build ---
@dataclass
class SiteBuild:
    """Collects one site's files, routes and ground truth while pages are made."""

    name: str
    origin: str  # the real site's origin, e.g. https://www.mashreghnews.ir
    language: str
    description: str = ""
    files: dict = field(default_factory=dict)  # relative file name -> bytes
    routes: dict = field(default_factory=dict)  # decoded target -> route
    articles: list = field(default_factory=list)
    non_articles: list = field(default_factory=list)
    must_not_fetch: list = field(default_factory=list)
    traps: list = field(default_factory=list)
    not_found: Optional[dict] = None
    rewrite_origin: bool = False
    server: str = "nginx"
    entry_points: list = field(default_factory=list)  # where a crawl starts (decoded targets)
    kinds: dict = field(default_factory=dict)  # target -> page kind (home, feed, sitemap, ...)

    # -- files and routes ------------------------------------------------
    def add_file(self, name: str, body, encoding: str = "utf-8") -> str:
        data = body.encode(encoding) if isinstance(body, str) else body
        if name in self.files and self.files[name] != data:
            raise ValueError(f"{self.name}: two different bodies for file {name}")
        self.files[name] = data
        return name

    def route(self, target: str, file: Optional[str] = None, *, status: int = 200,
              content_type: Optional[str] = "text/html; charset=utf-8",
              headers: Optional[list] = None, gzip: bool = False, chunked: bool = False,
              redirect: Optional[str] = None, kind: Optional[str] = None) -> dict:
        if target in self.routes:
            raise ValueError(f"{self.name}: duplicate route {target}")
        if not target.startswith("/"):
            raise ValueError(f"{self.name}: route target must start with '/': {target}")
        hdrs = []
        if content_type and redirect is None:
            hdrs.append(["Content-Type", content_type])
        hdrs += [list(h) for h in (headers or [])]
        r = {"file": file, "status": status, "headers": hdrs, "gzip": gzip,
             "chunked": chunked, "redirect": redirect}
        self.routes[target] = r
        if kind:
            self.kinds[target] = kind
        return r

    def page(self, target: str, file: str, body, **kw) -> dict:
        enc = kw.pop("encoding", "utf-8")
        self.add_file(file, body, enc)
        return self.route(target, file, **kw)

    def redirect(self, target: str, location: str, status: int = 301, **kw) -> dict:
        return self.route(target, None, status=status, redirect=location, content_type=None, **kw)

    def url(self, path: str) -> str:
        """Absolute real-domain URL, percent-encoded (as feeds and canonicals write it)."""
        return self.origin + pct(path)

    def trap(self, name: str, where, note: str) -> None:
        self.traps.append({"trap": name, "where": where if isinstance(where, list) else [where],
                           "note": note})

    # -- output ------------------------------------------------------------
    def manifest(self) -> dict:
        return {
            "site": self.name,
            "origin": self.origin,
            "rewrite_origin": self.rewrite_origin,
            "server": self.server,
            "not_found": self.not_found,
            "routes": {k: self.routes[k] for k in sorted(self.routes)},
        }

    def expected(self) -> dict:
        return {
            "site": self.name,
            "origin": self.origin,
            "language": self.language,
            "description": self.description,
            "articles": sorted(self.articles, key=lambda a: a["path"]),
            "non_articles": sorted(self.non_articles, key=lambda a: a["path"]),
            "must_not_fetch": sorted(set(self.must_not_fetch)),
            "traps": self.traps,
        }


def dump_json(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (mtime 0), as the server sends it."""
    return _gzip.compress(data, compresslevel=6, mtime=0)


def body_text(a: dict, convert=lambda s: s) -> list[str]:
    """The ground truth of an article body: what an extractor should keep,
    paragraph by paragraph (paragraphs, subheadings, quotes, list items)."""
    out = []
    for b in a["body"]:
        if isinstance(b, str):
            out.append(convert(b))
        elif b[0] in ("h2", "quote"):
            out.append(convert(b[1]))
        elif b[0] == "ul":
            out += [convert(x) for x in b[1]]
    return out
