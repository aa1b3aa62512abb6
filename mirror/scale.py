"""A large mirror of the three main sites for throughput benchmarks.

    python -m mirror.scale --articles 500 --out DIR [--site NAME ...]

The bundled mirror (``mirror.build``) has a few dozen hand-written pages per
site, each a trap; a benchmark needs volume instead: N articles per site, in
each site's own markup (the templates of ``mirror/content/<site>.py``, so the
crawler's site definitions match them as they match the bundled pages), at
the weight of a real news page: a mega-menu, a sidebar (latest news, most
read, partner sites), a related box and an inline script config, 20-80 KB and
100+ links per page, most of them the same menu/sidebar hrefs on every page.
Texts are recombined sentences of the bundled articles (Persian with ZWNJ,
Arabic), so language identification and extraction meet real text and no two
articles are alike.  Sitemaps (an index, robots.txt ``Sitemap:`` line) list
every article; home, section, tag pages and feeds exist as on the site.

The tree is plain files for a static server (nginx, ``twisted.web.static``):

    DIR/<site>/root/...        the files, at their decoded URL path; a path
                               that is also a directory (a section page above
                               its articles, ``/``) is ``<path>/__index.html``
    DIR/<site>/site.json       {"site", "origin", "types": {path: content type
                               of an extensionless non-HTML file},
                               "articles": [decoded article paths]}

The article paths are the ground truth a benchmark checks crawls against.
Deterministic: the same N gives the same bytes.  No query strings and no
redirects (a static server ignores the former); alaraby's sitemap children
are ``/sitemap/articles-K.xml`` instead of the live ``/sitemap.xml?page=K``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .content import alaraby as ar_site
from .content import mashregh as mr_site
from .content import namehnews as nn_site
from .content.alaraby_articles import ARTICLES as AR_ARTICLES
from .content.common import (ZWNJ, esc, fa, gregorian_to_jalali, iso_seconds, news_sitemap, parse_iso, pct, rss,
                             sitemap_index, slugify, urlset)
from .content.mashregh_articles import ARTICLES as MR_ARTICLES
from .content.namehnews_articles import ARTICLES as NN_ARTICLES

SCALED_SITES = ("namehnews", "mashregh", "alaraby")
INDEX_FILE = "__index.html"
SITEMAP_CHUNK = 1000  # article URLs per sitemap child
LATEST = 15  # sidebar "latest news" (the same on every page)
MOST_READ = 10
LISTING_SIZE = 20
FEED_SIZE = 50
RSS = "application/rss+xml; charset=utf-8"


# ---------------------------------------------------------------- texts ---
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")


def _strings(articles: list[dict]) -> list[str]:
    out = []
    for a in articles:
        out += [a.get("lead", "")]
        for b in a.get("body", []):
            if isinstance(b, str):
                out.append(b)
            elif b[0] in ("h2", "quote"):
                out.append(b[1])
            elif b[0] == "ul":
                out += list(b[1])
    return [s for s in out if s]


def sentence_pool(articles: list[dict]) -> list[str]:
    """Sentences of the bundled articles (source form: Persian keeps ``_`` for ZWNJ)."""
    pool = []
    for text in _strings(articles):
        for s in _SENTENCE_END.split(text.strip()):
            if len(s.split()) >= 5:
                pool.append(s.strip())
    return sorted(set(pool))


def _title_pool(articles: list[dict]) -> list[str]:
    return sorted({a["title"] for a in articles})


class Texts:
    """Recombines a language's sentences into new titles, leads and bodies."""

    def __init__(self, articles: list[dict], rng: random.Random):
        self.sentences = sentence_pool(articles)
        self.titles = _title_pool(articles)
        self.rng = rng
        self.used_slugs: set[str] = set()

    def title(self) -> str:
        """A fresh headline (unique slug, file name under 200 bytes)."""
        rng = self.rng
        for _ in range(1000):
            words = rng.choice(self.sentences).rstrip(".!؟?").split()
            start = rng.randrange(0, max(1, len(words) - 6))
            words = words[start:start + rng.randint(5, 10)]
            words += rng.choice(self.titles).rstrip(".!؟?").split()[:rng.randint(0, 3)]
            title = " ".join(w.strip("«»،,:؛()") for w in words).strip()
            slug = slugify(title.replace("_", ZWNJ))
            if slug and slug not in self.used_slugs and len(slug.encode()) < 200 and len(slug.split("-")) >= 4:
                self.used_slugs.add(slug)
                return title
        raise RuntimeError("could not make a unique title")

    def paragraph(self) -> str:
        return " ".join(self.rng.sample(self.sentences, self.rng.randint(2, 4)))

    def body(self) -> list:
        """1-40 paragraphs (page weight varies with it), sometimes a subheading or a list."""
        rng = self.rng
        out: list = []
        for n in range(rng.randint(1, 40)):
            if n and n % 5 == 0 and rng.random() < 0.5:
                out.append(("h2", " ".join(rng.choice(self.sentences).split()[:6])))
            out.append(self.paragraph())
        if rng.random() < 0.2:
            out.insert(len(out) // 2, ("ul", [" ".join(rng.choice(self.sentences).split()[:9]) for _ in range(3)]))
        return out


def _dates(n: int, last: str, tz: str) -> list[str]:
    """n publication times, newest first, ~47 minutes apart (5,000 cover ~6 months)."""
    import datetime as dt
    end = parse_iso(last)
    return [(end - dt.timedelta(minutes=47 * i + (i * 7) % 13)).isoformat(timespec="minutes") for i in range(n)]


# ---------------------------------------------------------------- weight ---
PARTNERS = ["https://www.irna.ir/", "https://www.isna.ir/", "https://www.farsnews.ir/", "https://www.tasnimnews.com/",
            "https://www.mehrnews.com/", "https://www.yjc.ir/", "https://www.khabaronline.ir/", "https://www.hamshahrionline.ir/",
            "https://www.aljazeera.net/", "https://www.bbc.com/arabic", "https://www.alquds.co.uk/", "https://www.aawsat.com/",
            "https://www.skynewsarabia.com/", "https://arabic.cnn.com/", "https://www.france24.com/ar/",
            "https://www.independentarabia.com/", "https://www.reuters.com/", "https://apnews.com/",
            "https://www.instagram.com/", "https://twitter.com/", "https://t.me/", "https://www.aparat.com/",
            "https://www.youtube.com/", "https://www.facebook.com/", "https://bale.ai/"]


@dataclass
class Chrome:
    """The blocks every page of a site carries besides its own content."""

    menu: list  # (href, label): sections and tags
    latest: list  # (href, title, lead)
    most_read: list  # (href, title)
    labels: dict
    config: str = field(default="")

    def html(self) -> str:
        lab = self.labels
        menu = "\n".join(f'<li class="mega-item"><a href="{esc(h)}">{esc(t)}</a></li>' for h, t in self.menu)
        latest = "\n".join(f'<li class="latest-item"><a href="{esc(h)}">{esc(t)}</a><p class="summary">{esc(l)}</p></li>'
                           for h, t, l in self.latest)
        most = "\n".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for h, t in self.most_read)
        partners = "\n".join(f'<li><a href="{h}" rel="nofollow noopener" target="_blank">{esc(h.split("/")[2])}</a></li>'
                             for h in PARTNERS)
        return f"""<nav class="mega-menu" aria-label="{esc(lab['menu'])}"><ul class="mega-list">
{menu}
</ul></nav>
<aside class="site-sidebar">
<section class="sidebar-box latest-news"><h3>{esc(lab['latest'])}</h3><ul>
{latest}
</ul></section>
<section class="sidebar-box most-read"><h3>{esc(lab['most'])}</h3><ol>
{most}
</ol></section>
<section class="sidebar-box partners"><h3>{esc(lab['partners'])}</h3><ul>
{partners}
</ul></section>
</aside>
<script>window.__SITE_CONFIG__ = {self.config};</script>
"""


def _config(site: str, rng: random.Random) -> str:
    """An inline ad/analytics config blob, as CMS pages carry (a few KB)."""
    slots = [{"id": f"{site}-slot-{i}", "sizes": [[300, 250], [728, 90]], "targeting": {"pos": i, "section": "news"},
              "refresh": rng.randint(30, 90)} for i in range(24)]
    return json.dumps({"site": site, "ads": slots, "analytics": {"id": f"UA-{rng.randint(10**7, 10**8)}-1"}})


def dress(page: str, chrome_html: str) -> str:
    """Insert the site chrome before the footer (outside the article)."""
    i = page.rfind("<footer")
    return page[:i] + chrome_html + page[i:]


# ---------------------------------------------------------------- output ---
@dataclass
class ScaledSite:
    name: str
    origin: str
    pages: dict = field(default_factory=dict)  # decoded path -> bytes
    types: dict = field(default_factory=dict)  # decoded path -> content type (extensionless non-HTML)
    articles: list = field(default_factory=list)  # decoded article paths
    titles: dict = field(default_factory=dict)  # decoded article path -> headline (for tests)

    def article(self, path: str, body: str, title: str) -> None:
        self.add(path, body)
        self.articles.append(path)
        self.titles[path] = title

    def add(self, path: str, body: str, ctype: str | None = None) -> None:
        if path in self.pages:
            raise ValueError(f"{self.name}: two pages at {path}")
        self.pages[path] = body.encode("utf-8")
        if ctype:
            self.types[path] = ctype

    def files(self) -> dict:
        """relative file name -> bytes: a path that is also a directory gets ``<path>/__index.html``."""
        dirs = {"/"}
        for p in self.pages:
            parts = p.split("/")
            dirs.update("/".join(parts[:k]) for k in range(2, len(parts)))
        out = {}
        for p, data in self.pages.items():
            rel = p.lstrip("/")
            out[(rel + "/" if rel else "") + INDEX_FILE if p in dirs else rel] = data
        return out

    def write(self, out: Path) -> None:
        root = out / self.name / "root"
        for rel, data in self.files().items():
            f = root / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_bytes(data)
        (out / self.name / "site.json").write_text(json.dumps(
            {"site": self.name, "origin": self.origin, "types": self.types, "articles": self.articles},
            ensure_ascii=False, indent=0), encoding="utf-8")


def _sitemaps(ss: ScaledSite, arts: list, loc, child, news_title, lang: str, name: str) -> list[str]:
    """News sitemap (newest 100) + urlsets of SITEMAP_CHUNK articles: every article listed once."""
    news, rest = arts[:100], arts[100:]
    ss.add("/sitemap/news.xml", news_sitemap([{"loc": loc(a), "title": news_title(a), "date": a["date"]} for a in news],
                                             name, lang))
    children = ["/sitemap/news.xml"]
    for k in range(0, len(rest), SITEMAP_CHUNK):
        path = child(k // SITEMAP_CHUNK + 1)
        ss.add(path, urlset([{"loc": loc(a), "lastmod": iso_seconds(a["date"])} for a in rest[k:k + SITEMAP_CHUNK]]))
        children.append(path)
    return children


def _listings(ss, arts, key_of, paths_labels, page, tags_of, tag_path):
    """Section and tag pages: the newest LISTING_SIZE of each."""
    for key, (path, label) in paths_labels.items():
        items = [a for a in arts if key_of(a) == key][:LISTING_SIZE]
        ss.add(path, page(label, path, items))
    for t in sorted({t for a in arts for t in tags_of(a)}):
        items = [a for a in arts if t in tags_of(a)][:LISTING_SIZE]
        ss.add(tag_path(t), page(t, tag_path(t), items))


def _tags(articles: list[dict]) -> list[str]:
    return sorted({t for a in articles for t in a.get("tags", [])})


# ---------------------------------------------------------------- sites ---
def build_namehnews(n: int, seed: int = 1) -> ScaledSite:
    m = nn_site
    rng = random.Random(seed)
    texts = Texts(NN_ARTICLES + MR_ARTICLES, rng)
    sections = [k for k, s in m.SECTIONS.items() if s.get("menu", True)]
    tags = _tags(NN_ARTICLES)
    arts = []
    for i, date in enumerate(_dates(n, "2023-04-26T23:50:00+03:30", "+03:30")):
        arts.append({"key": f"g{i}", "id": 710000 + i, "section": sections[i % len(sections)], "date": date,
                     "title": texts.title(), "lead": texts.paragraph(), "body": texts.body(),
                     "tags": rng.sample(tags, rng.randint(2, 4)), "zwnj_entity": i % 3 != 0})
    ss = ScaledSite("namehnews", m.ORIGIN)
    chrome = Chrome(
        menu=[(pct(m.sec_path(k)), fa(m.SECTIONS[k]["label"])) for k in sections]
        + [(pct(m.tag_path(t)), fa(t)) for t in tags],
        latest=[(m.art_path(a), fa(a["title"]), fa(a["lead"])[:160]) for a in arts[:LATEST]],
        most_read=[(m.ORIGIN + pct(m.art_path(a)), fa(a["title"])) for a in arts[LATEST:LATEST + MOST_READ]],
        labels={"menu": fa("فهرست"), "latest": fa("آخرین اخبار"), "most": fa("پربازدیدترین_ها"), "partners": fa("پیوندها")},
        config=_config("namehnews", rng)).html()
    for i, a in enumerate(arts):
        related = [arts[(i + k) % n] for k in (1, 2, 3, 5)]
        if i + 1 < n and i % 3 == 1:
            a["body"].insert(2, ("also", arts[i + 1]["key"]))
        by_key = {arts[i + 1]["key"]: arts[i + 1]} if i + 1 < n else {}
        ss.article(m.art_path(a), dress(m.article_page(a, by_key, related), chrome), fa(a["title"]))

    def page(label, path, items):
        return dress(m.listing_page(label, m.ORIGIN + pct(path), items, 1, 1, path), chrome)
    _listings(ss, arts, lambda a: a["section"],
              {k: (m.sec_path(k), fa(m.SECTIONS[k]["label"])) for k in sections},
              page, lambda a: [fa(t) for t in a["tags"]], lambda t: "/tag/" + t.replace(" ", "-"))
    ss.add("/", page(m.NAME, "/", arts[:30]))
    feed = rss(m.NAME, m.ORIGIN, fa("آخرین اخبار نامه نیوز"),
               [{"title": fa(a["title"]), "link": m.ORIGIN + pct(m.art_path(a)), "description": fa(a["lead"]),
                 "pubDate": a["date"], "category": fa(m.SECTIONS[a["section"]]["label"]),
                 "guid": f"{m.ORIGIN}/fa/news/{a['id']}"} for a in arts[:FEED_SIZE]], "fa", build_date=m.NOW)
    ss.add("/rss", feed, RSS)
    ss.add("/fa/rss/allnews", feed, RSS)
    children = _sitemaps(ss, arts, lambda a: m.ORIGIN + pct(m.art_path(a)), lambda k: f"/sitemap/posts-{k}.xml",
                         lambda a: fa(a["title"]), "fa", m.NAME)
    ss.add("/sitemap.xml", sitemap_index([(m.ORIGIN + c, iso_seconds(m.NOW)) for c in children]))
    ss.add("/robots.txt", m.ROBOTS)
    for target, _file, title, text, _kind in m.STATIC:
        ss.add(target, dress(m.simple_page(fa(title), fa(text), m.ORIGIN + pct(target)), chrome))
    return ss


def build_mashregh(n: int, seed: int = 2) -> ScaledSite:
    m = mr_site
    rng = random.Random(seed)
    texts = Texts(MR_ARTICLES + NN_ARTICLES, rng)
    services = list(m.SERVICES)
    tags = _tags(MR_ARTICLES)
    sources = ["فارس", "تسنیم", "ایرنا", "ایسنا", "مهر"]
    arts = []
    for i, date in enumerate(_dates(n, "2023-04-26T23:40:00+03:30", "+03:30")):
        arts.append({"key": f"g{i}", "id": 1510000 + i, "service": services[i % len(services)], "date": date,
                     "title": texts.title(), "lead": texts.paragraph(), "body": texts.body(),
                     "tags": rng.sample(tags, rng.randint(2, 4)),
                     "source": sources[i % len(sources)] if i % 4 == 0 else None,
                     "zwnj_entity": i % 5 == 0})
    ss = ScaledSite("mashregh", m.ORIGIN)
    featured = {a["key"]: a for a in arts[:6]}
    sport = next((a for a in arts if a["service"] == "sport"), arts[0])
    featured[sport["key"]] = sport
    chrome = Chrome(
        menu=[(f"/service/{k}", fa(v)) for k, v in m.SERVICES.items()] + [(pct(m.tag_path(t)), fa(t)) for t in tags],
        latest=[(m.art_path(a), fa(a["title"]), fa(a["lead"])[:160]) for a in arts[:LATEST]],
        most_read=[(m.ORIGIN + pct(m.art_path(a)), fa(a["title"])) for a in arts[LATEST:LATEST + MOST_READ]],
        labels={"menu": fa("سرویس_ها"), "latest": fa("آخرین اخبار"), "most": fa("پربیننده_ترین"), "partners": fa("پیوندها")},
        config=_config("mashregh", rng)).html()
    for i, a in enumerate(arts):
        by_key = dict(featured)
        by_key[a["key"]] = a
        if i + 1 < n and i % 3 == 2:
            a["body"].insert(3, ("also", arts[i + 1]["key"]))
            by_key.setdefault(arts[i + 1]["key"], arts[i + 1])
        ss.article(m.art_path(a), dress(m.article_page(a, by_key), chrome), fa(a["title"]))

    def page(label, path, items):
        return dress(m.listing(label, m.ORIGIN + pct(path), items, 1, 1, path, ("root", "abs")), chrome)
    _listings(ss, arts, lambda a: a["service"], {k: (f"/service/{k}", fa(v)) for k, v in m.SERVICES.items()},
              page, lambda a: [fa(t) for t in a["tags"]], lambda t: "/tag/" + t.replace(" ", "-"))
    ss.add("/", page(m.NAME, "/", arts[:30]))
    ss.add("/archive", page(fa("آرشیو اخبار"), "/archive", arts[:LISTING_SIZE]))

    def items(lst):
        return [{"title": fa(a["title"]), "link": m.ORIGIN + pct(m.art_path(a)), "description": fa(a["lead"]),
                 "pubDate": a["date"], "category": fa(m.SERVICES[a["service"]])} for a in lst]
    ss.add("/rss", rss(m.NAME, m.ORIGIN, fa("مشرق نیوز - آخرین اخبار"), items(arts[:FEED_SIZE]), "fa", build_date=m.NOW), RSS)
    ss.add("/rss-homepage", rss(m.NAME, m.ORIGIN, fa("مشرق نیوز - صفحه نخست"), items(arts[:20]), "fa", build_date=m.NOW),
           "text/xml; charset=utf-8")
    # news sitemap + one urlset per Jalali month (split at SITEMAP_CHUNK), as Nastooh does
    news, rest = arts[:100], arts[100:]
    ss.add("/sitemap/news.xml", news_sitemap([{"loc": m.ORIGIN + pct(m.art_path(a)), "title": fa(a["title"]),
                                               "date": a["date"]} for a in news], m.NAME, "fa"))
    children = ["/sitemap/news.xml"]
    months: dict = {}
    for a in rest:
        d = parse_iso(a["date"])
        jy, jm, _ = gregorian_to_jalali(d.year, d.month, d.day)
        months.setdefault(f"{jy}/{jm:02d}", []).append(a)
    for month, group in months.items():
        for k in range(0, len(group), SITEMAP_CHUNK):
            path = f"/sitemap/{month}.xml" if k == 0 else f"/sitemap/{month}-{k // SITEMAP_CHUNK + 1}.xml"
            ss.add(path, urlset([{"loc": m.ORIGIN + pct(m.art_path(a)), "lastmod": iso_seconds(a["date"])}
                                 for a in group[k:k + SITEMAP_CHUNK]]))
            children.append(path)
    ss.add("/sitemap.xml", sitemap_index([(m.ORIGIN + c, iso_seconds(m.NOW)) for c in children]))
    ss.add("/robots.txt", m.ROBOTS)
    for target, _file, title, text, _kind in m.STATIC:
        ss.add(target, dress(m.simple_page(fa(title), fa(text), m.ORIGIN + target), chrome))
    return ss


def build_alaraby(n: int, seed: int = 3) -> ScaledSite:
    m = ar_site
    rng = random.Random(seed)
    texts = Texts(AR_ARTICLES, rng)
    sections = [k for k in m.SECTIONS if "/" not in k]
    tags = _tags(AR_ARTICLES)
    authors = ["العربي الجديد", "محمد أمين", "عدنان أحمد", "سلام السعدي", "ريم الحاج"]
    arts = []
    for i, date in enumerate(_dates(n, "2023-04-26T22:30:00+01:00", "+01:00")):
        arts.append({"key": f"g{i}", "nid": 5880000 + i, "section": sections[i % len(sections)], "date": date,
                     "title": texts.title(), "lead": texts.paragraph(), "body": texts.body(),
                     "tags": rng.sample(tags, rng.randint(2, 4)), "author": authors[i % len(authors)],
                     "source": "العربي الجديد، وكالات"})
    ss = ScaledSite("alaraby", m.ORIGIN)
    chrome = Chrome(
        menu=[(f"/{k}", v) for k, v in m.SECTIONS.items()] + [(pct("/tags/" + t.replace(" ", "-")), t) for t in tags],
        latest=[(m.art_path(a), a["title"], a["lead"][:160]) for a in arts[:LATEST]],
        most_read=[(m.ORIGIN + pct(m.art_path(a)), a["title"]) for a in arts[LATEST:LATEST + MOST_READ]],
        labels={"menu": "الأقسام", "latest": "آخر الأخبار", "most": "الأكثر قراءة", "partners": "روابط"},
        config=_config("alaraby", rng)).html()
    by_section: dict = {}
    for a in arts:
        by_section.setdefault(a["section"], []).append(a)
    for i, a in enumerate(arts):
        same = by_section[a["section"]]
        j = i // len(sections)  # a's place among its section's articles
        related = same[j + 1:j + 5] or [arts[(i + 1) % n]]
        by_key = {}
        if i + 1 < n and i % 4 == 0:
            a["body"].insert(2, ("also", arts[i + 1]["key"]))
            by_key[arts[i + 1]["key"]] = arts[i + 1]
        ss.article(m.art_path(a), dress(m.article_page(a, by_key, related), chrome), a["title"])

    def page(label, path, items):
        return dress(m.listing(label, m.ORIGIN + pct(path), items, 0, 1), chrome)
    _listings(ss, arts, lambda a: a["section"], {k: (f"/{k}", m.SECTIONS[k]) for k in sections},
              page, lambda a: a["tags"], lambda t: "/tags/" + t.replace(" ", "-"))
    ss.add("/", page(m.NAME, "/", arts[:30]))
    feed = rss(m.NAME, m.ORIGIN, "العربي الجديد",
               [{"title": a["title"], "link": m.ORIGIN + pct(m.art_path(a)), "description": a["lead"],
                 "pubDate": a["date"], "category": m.SECTIONS[a["section"]], "guid": f"{a['nid']} at {m.ORIGIN}",
                 "extra": f"<dc:creator>{esc(a['author'])}</dc:creator>"} for a in arts[:FEED_SIZE]],
               "ar", extra_ns=' xmlns:dc="http://purl.org/dc/elements/1.1/"', build_date=m.NOW)
    ss.add("/rss", feed, RSS)
    ss.add("/rss.xml", feed)
    children = _sitemaps(ss, arts, lambda a: m.ORIGIN + pct(m.art_path(a)), lambda k: f"/sitemap/articles-{k}.xml",
                         lambda a: a["title"], "ar", m.NAME)
    ss.add("/sitemap.xml", sitemap_index([(m.ORIGIN + c, iso_seconds(m.NOW)) for c in children]))
    ss.add("/robots.txt", m.ROBOTS)
    for target, _file, title, text, _kind in m.STATIC:
        ss.add(target, dress(m.simple_page(title, text, m.ORIGIN + target), chrome))
    return ss


BUILDERS = {"namehnews": build_namehnews, "mashregh": build_mashregh, "alaraby": build_alaraby}


def build_scaled(site: str, articles: int) -> ScaledSite:
    if articles < 1:
        raise ValueError("--articles must be at least 1")
    return BUILDERS[site](articles)


def write_scaled(out: Path, articles: int, sites=SCALED_SITES) -> dict:
    """Build and write the sites; returns {site: site.json contents}."""
    out = Path(out)
    manifest = {}
    for name in sites:
        ss = build_scaled(name, articles)
        ss.write(out)
        manifest[name] = {"site": name, "origin": ss.origin, "types": ss.types, "articles": ss.articles}
    return manifest


def load_scaled(out: Path, site: str) -> dict:
    return json.loads((Path(out) / site / "site.json").read_text(encoding="utf-8"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mirror.scale", description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=500, help="articles per site (default 500)")
    ap.add_argument("--out", type=Path, required=True, help="directory to write (DIR/<site>/root, site.json)")
    ap.add_argument("--site", action="append", choices=SCALED_SITES, help="only these sites")
    args = ap.parse_args(argv)
    sites = tuple(args.site) if args.site else SCALED_SITES
    write_scaled(args.out, args.articles, sites)
    print(f"wrote {args.articles} articles per site for {', '.join(sites)} into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
