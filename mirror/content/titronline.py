"""Titronline (titronline.ir) pages: a Persian news search engine that republishes items.

Nothing public documents this site (site-structure.md), so the layout is
invented to fit crawler/sites/titronline.py and seed 001: articles at
/news/<id>/<slug>, categories /cat/<name>, /rss, /sitemap.xml; the page has a
.news-date line «<source> <weekday> 05 اردیبهشت 1402 - 21:46» (Latin,
zero-padded digits, as in the seed), the text in .news-text, then the
.source-disclaimer «منبع خبر "…" است و موتور جستجوگر خبر تیترآنلاین در قبال
محتوای آن هیچ مسئولیتی ندارد. (ادامه)» and the .legal-notice citing ماده ۷۴.
"""

from __future__ import annotations

from .common import (FA_MONTHS, FA_WEEKDAYS, SiteBuild, esc, fa, gregorian_to_jalali, html_fa,
                     iso_seconds, parse_iso, pct, rss, slugify, urlset)
from .mashregh_articles import ARTICLES as M_ARTS
from .namehnews_articles import ARTICLES as N_ARTS
from .seedtexts import TITR_MOSCOW

ORIGIN = "https://titronline.ir"
NAME = fa("تیترآنلاین")
NOW = "2023-04-27T12:00:00+03:30"
LEGAL = ("با استناد به ماده ۷۴ قانون تجارت الکترونیک مصوب ۱۳۸۲/۱۰/۱۷ مجلس شورای اسلامی و با عنایت به اینکه سایت "
         "تیترآنلاین مصداق بستر مبادلات الکترونیکی متنی، صوتی و تصویری است، مسئولیت نقض حقوق تصریح شده مولفان از "
         "قبیل تکثیر، اجرا و توزیع و یا هرگونه محتوای خلاف قوانین کشور ایران بر عهده منبع خبر و کاربران است.")


def _src(arts, key):
    return next(a for a in arts if a["key"] == key)


def _body(a):
    out = []
    for b in a["body"]:
        if isinstance(b, str):
            out.append(fa(b))
        elif b[0] in ("h2",):
            out.append(fa(b[1]))
        elif b[0] == "ul":
            out += [fa(x) for x in b[1]]
    return out


ITEMS = [
    # id, source name, source url, date, category, title, lead, paragraphs
    (4102553, "صدا و سیما", "https://www.iribnews.ir/fa/news/3788000", "2023-04-25T21:46:00+03:30", "politics",
     TITR_MOSCOW["title"], TITR_MOSCOW["lead"], [fa(p) for p in TITR_MOSCOW["body"]]),
    (4099120, "مشرق", "https://www.mashreghnews.ir/news/1500290", "2023-04-18T10:31:00+03:30", "politics",
     _src(M_ARTS, "army")["title"], _src(M_ARTS, "army")["lead"], _body(_src(M_ARTS, "army"))),
    (4095871, "نامه نیوز", "https://www.namehnews.com/fa/news/707830", "2023-04-19T17:22:00+03:30", "tech",
     _src(N_ARTS, "ai")["title"], _src(N_ARTS, "ai")["lead"], _body(_src(N_ARTS, "ai"))),
]
CATS = {"politics": "سیاسی", "tech": "علم و فناوری"}


def date_line(source: str, iso: str) -> str:
    d = parse_iso(iso)
    jy, jm, jd = gregorian_to_jalali(d.year, d.month, d.day)
    return f"{fa(source)} {FA_WEEKDAYS[d.weekday()]} {jd:02d} {FA_MONTHS[jm - 1]} {jy} - {d.hour:02d}:{d.minute:02d}"


def head(title, canonical=""):
    return "\n".join(x for x in ['<!DOCTYPE html>', '<html lang="fa" dir="rtl">', '<head>',
                                 '<meta charset="utf-8">', f'<title>{esc(title)}</title>',
                                 f'<link rel="canonical" href="{esc(canonical)}">' if canonical else "",
                                 '<link rel="stylesheet" href="/assets/css/app.css">', '</head>'])


HEADER = f"""<body>
<div class="topbar"><a href="/" class="brand">{esc(NAME)}</a>
<form action="/search" class="search"><input name="q"><button>{esc(fa("جستجو"))}</button></form>
<ul class="cats">{"".join(f'<li><a href="/cat/{k}">{esc(fa(v))}</a></li>' for k, v in CATS.items())}</ul></div>"""
FOOTER = f"""<footer><a href="/page/about">{esc(fa("درباره تیترآنلاین"))}</a> | <a href="/search?q=">{esc(fa("جستجو"))}</a>
<p>{esc(fa("تیترآنلاین، موتور جستجوگر خبر"))}</p></footer>
</body>
</html>
"""


def build() -> SiteBuild:
    sb = SiteBuild("titronline", ORIGIN, "fa", description=fa("تیترآنلاین: موتور جستجوگر خبر (چیدمان فرضی)"))
    sb.server = "LiteSpeed"
    rows, feed = [], []
    for n, (nid, source, src_url, date, cat, title, lead, paras) in enumerate(ITEMS):
        path = f"/news/{nid}/{slugify(fa(title))}"
        canon = ORIGIN + pct(path)
        body = "\n".join(f"<p>{html_fa(p)}</p>" for p in paras)
        disclaimer = fa(f'منبع خبر "{source}" است و موتور جستجوگر خبر تیترآنلاین در قبال محتوای آن هیچ مسئولیتی ندارد.')
        html = f"""{head(fa(title) + " | " + NAME, canon)}
{HEADER}
<main class="news"><article class="news-item">
<h1>{html_fa(fa(title))}</h1>
<div class="news-date">{esc(date_line(source, date))}</div>
<time datetime="{iso_seconds(date)}" hidden></time>
<div class="news-text">
<p class="lead"><strong>{html_fa(fa(lead))}</strong></p>
{body}
</div>
<div class="source-disclaimer">{esc(disclaimer)} <a href="{esc(src_url)}" rel="nofollow" target="_blank">({esc(fa("ادامه"))})</a></div>
<div class="legal-notice">{esc(LEGAL)}</div>
</article>
<aside class="related"><h3>{esc(fa("اخبار مرتبط"))}</h3><ul>
{"".join(f'<li><a href="/news/{o[0]}/{esc(pct(slugify(fa(o[5]))))}">{html_fa(fa(o[5]))}</a></li>' for o in ITEMS if o[0] != nid)}
</ul></aside></main>
{FOOTER}"""
        sb.page(path, f"news/{nid}.html", html, gzip=n == 0, kind="article")
        sb.articles.append({
            "authors": [],  # the pages show no byline
            "path": path, "url": canon, "title": fa(title), "published": iso_seconds(date),
            "section": fa(CATS[cat]), "tags": [], "lead": fa(lead), "paragraphs": [fa(lead)] + paras,
            "language": "fa", "boilerplate": [disclaimer, fa("(ادامه)"), LEGAL[:40], date_line(source, date)],
            "republished_from": src_url,
        })
        rows.append(f'<li><a href="{esc(pct(path))}">{html_fa(fa(title))}</a> <span>{esc(fa(source))}</span></li>')
        feed.append({"title": fa(title), "link": canon, "description": fa(lead), "pubDate": date})
    home = f"""{head(NAME, ORIGIN + "/")}
{HEADER}<main><ul class="latest">
{chr(10).join(rows)}
</ul></main>
{FOOTER}"""
    sb.page("/", "index.html", home, kind="home")
    sb.non_articles.append({"path": "/", "kind": "home"})
    for k, v in CATS.items():
        items = [r for r, it in zip(rows, ITEMS) if it[4] == k]
        sb.page(f"/cat/{k}", f"cat-{k}.html", f"""{head(fa(v) + " | " + NAME, ORIGIN + "/cat/" + k)}
{HEADER}<main><h1>{esc(fa(v))}</h1><ul>
{chr(10).join(items)}
</ul></main>
{FOOTER}""", kind="section")
        sb.non_articles.append({"path": f"/cat/{k}", "kind": "section"})
    sb.page("/page/about", "about.html", f"""{head(fa("درباره ما"), ORIGIN + "/page/about")}
{HEADER}<main><h1>{esc(fa("درباره تیترآنلاین"))}</h1><p>{esc(LEGAL)}</p></main>
{FOOTER}""", kind="about")
    sb.non_articles.append({"path": "/page/about", "kind": "about"})
    sb.page("/rss", "rss.xml", rss(NAME, ORIGIN, fa("آخرین اخبار"), feed, "fa", build_date=NOW),
            content_type="application/rss+xml; charset=utf-8", kind="feed")
    sb.page("/sitemap.xml", "sitemap.xml", urlset([{"loc": f["link"], "lastmod": iso_seconds(f["pubDate"])}
                                                   for f in feed]),
            content_type="application/xml; charset=utf-8", kind="sitemap")
    sb.page("/robots.txt", "robots.txt", "User-agent: *\nDisallow: /search\n\nSitemap: https://titronline.ir/sitemap.xml\n",
            content_type="text/plain", kind="robots")
    sb.must_not_fetch += ["/search"]
    sb.add_file("404.html", f"{head('404')}\n{HEADER}<main><h1>404</h1></main>\n{FOOTER}")
    sb.not_found = {"file": "404.html", "status": 404, "headers": [["Content-Type", "text/html; charset=utf-8"]]}
    sb.entry_points = ["/robots.txt", "/", "/rss", "/sitemap.xml"]
    sb.trap("disclaimer", [a["path"] for a in sb.articles], "source disclaimer «منبع خبر … (ادامه)» and the ماده ۷۴ legal notice after the text")
    sb.trap("date-line", [a["path"] for a in sb.articles], "«<source> <weekday> 05 اردیبهشت 1402 - 21:46» date line (Latin digits) above the text")
    sb.trap("cross-site-duplicate", [a["path"] for a in sb.articles[1:]], "texts republished from mashregh/namehnews")
    return sb
