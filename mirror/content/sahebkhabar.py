"""Sahebkhabar (sahebkhabar.ir) pages: a Persian aggregator republishing other outlets.

Layout (site-structure.md, seed 000): /news/<id>/<slug>, /rss; Nastooh-family
markup with h1, time, the body in .body starting with a
.sahebkhabar-watermark span («صاحب‌خبر -») and the source's own intro line,
tags in .news-tag, the service in span.item-service; a print view
/print/<id> (robots-disallowed) carrying «شناسهٔ خبر: … - سرویس …» and
«نسخه قابل چاپ منبع: … | لینک خبر»; the related block «آنچه دیگران می‌خوانند».
Texts are the source articles' (namehnews, mashregh): cross-site duplicates.
"""

from __future__ import annotations

from . import mashregh as M
from . import namehnews as N
from .common import (SiteBuild, esc, fa, html_fa, iso_seconds, jalali_text, pct, rss,
                     slugify, urlset)
from .mashregh_articles import ARTICLES as M_ARTS
from .namehnews_articles import ARTICLES as N_ARTS

ORIGIN = "https://sahebkhabar.ir"
NAME = fa("صاحب_خبر")
NOW = "2023-04-27T11:00:00+03:30"

# (sahebkhabar id, source module, source key, republished at, service)
ITEMS = [
    (59854299, "namehnews", "moscow", "2023-04-25T23:31:00+03:30", "بین_الملل"),
    (59861020, "namehnews", "quake", "2023-04-26T07:58:00+03:30", "حوادث"),
    (59859410, "mashregh", "konkur", "2023-04-26T09:40:00+03:30", "آموزش"),
    (59803977, "mashregh", "pension", "2023-04-19T12:05:00+03:30", "اقتصادی"),
]
SOURCES = {"namehnews": ("نامه نیوز", "namehnews.com", N), "mashregh": ("مشرق نیوز", "mashreghnews.ir", M)}


def _source_article(mod: str, key: str) -> dict:
    arts = N_ARTS if mod == "namehnews" else M_ARTS
    return next(a for a in arts if a["key"] == key)


def art_path(sid: int, a: dict) -> str:
    return f"/news/{sid}/{slugify(fa(a['title']))}"


def _paras(a: dict) -> list:
    out = []
    for b in a["body"]:
        if isinstance(b, str):
            out.append(("p", fa(b)))
        elif b[0] in ("h2",):
            out.append(("h2", fa(b[1])))
        elif b[0] == "ul":
            out += [("li", fa(x)) for x in b[1]]
    return out


def head(title: str, canonical: str = "") -> str:
    return "\n".join(x for x in [
        '<!DOCTYPE html>', '<html lang="fa" dir="rtl">', '<head>', '<meta charset="utf-8">',
        f'<title>{esc(title)}</title>',
        f'<link rel="canonical" href="{esc(canonical)}">' if canonical else "",
        f'<meta property="og:url" content="{esc(canonical)}">' if canonical else "",
        '<meta property="og:site_name" content="صاحب‌خبر">',
        '<link rel="alternate" type="application/rss+xml" href="https://sahebkhabar.ir/rss">',
        '<link rel="stylesheet" href="/static/css/main.css?v=92">', '</head>'])


HEADER = f"""<body>
<header class="header"><a href="/" class="logo">{esc(NAME)}</a>
<nav><ul><li><a href="/">{esc(fa("صفحه اصلی"))}</a></li><li><a href="/service/politics">{esc(fa("سیاسی"))}</a></li>
<li><a href="/service/economy">{esc(fa("اقتصادی"))}</a></li><li><a href="/rss">RSS</a></li></ul></nav></header>"""
FOOTER = f"""<footer><p>{esc(fa("صاحب_خبر، موتور جستجوی خبر. مسئولیت محتوای اخبار با منبع خبر است."))}</p>
<a href="/about">{esc(fa("درباره ما"))}</a></footer>
</body>
</html>
"""


def build() -> SiteBuild:
    sb = SiteBuild("sahebkhabar", ORIGIN, "fa", description=fa("صاحب_خبر: بازنشر اخبار دیگر رسانه_ها"))
    sb.server = "nginx/1.18.0"
    rows, feed, sm = [], [], []
    for n, (sid, mod, key, date, service) in enumerate(ITEMS):
        a = _source_article(mod, key)
        src_name, src_host, smod = SOURCES[mod]
        path = art_path(sid, a)
        canon = ORIGIN + pct(path)
        src_url = smod.ORIGIN + pct(smod.art_path(a))
        others = [(s2, m2, k2) for s2, m2, k2, _, _ in ITEMS if s2 != sid][:3]
        rel = "\n".join(f'<li><a href="{esc(pct(art_path(s2, _source_article(m2, k2))))}">'
                        f'{html_fa(fa(_source_article(m2, k2)["title"]))}</a></li>' for s2, m2, k2 in others)
        body = "\n".join(f"<{t if t != 'li' else 'p'}>{html_fa(x)}</{t if t != 'li' else 'p'}>" for t, x in _paras(a))
        tags = "".join(f'<li><a href="/tag/{esc(pct(fa(t).replace(" ", "-")))}">{html_fa(fa(t))}</a></li>'
                       for t in a.get("tags", [])[:3])
        html = f"""{head(fa(a["title"]) + " - " + NAME, canon)}
{HEADER}
<main class="news-page"><article>
<div class="item-header"><span class="item-service"><a href="/service/{ "politics" if n % 2 == 0 else "economy"}">{esc(fa(service))}</a></span>
<span class="news-id">{esc(fa("شناسهٔ خبر"))}: {sid}</span>
<time datetime="{iso_seconds(date)}">{jalali_text(date)}</time></div>
<h1>{html_fa(fa(a["title"]))}</h1>
<p class="lead">{html_fa(fa(a["lead"]))}</p>
<div class="body">
<span class="sahebkhabar-watermark">{esc(NAME)} - </span>
<p class="source-intro">{esc(fa("پایگاه خبری تحلیلی ") + fa(src_name))} ({src_host}) :</p>
{body}
</div>
<div class="source-link"><a href="{esc(src_url)}" rel="nofollow" target="_blank">{esc(fa("لینک خبر در منبع"))}</a>
<a class="print" href="/print/{sid}" rel="nofollow">{esc(fa("نسخه قابل چاپ"))}</a></div>
<div class="news-tag"><section><h3>{esc(fa("برچسب_ها"))}</h3><ul>{tags}</ul></section></div>
</article>
<section class="related"><h3>{esc(fa("آنچه دیگران می_خوانند"))}</h3><ul>
{rel}
</ul></section></main>
{FOOTER}"""
        sb.page(path, f"news/{sid}.html", html, headers=[["Cache-Control", "max-age=600"]], gzip=n % 2 == 0,
                kind="article")
        sb.redirect(f"/news/{sid}", path, 302, kind="redirect")
        printv = f"""{head(fa("نسخه قابل چاپ"))}<body class="print">
<div class="print-header">{esc(fa("شناسهٔ خبر"))}: {sid} - {esc(fa("سرویس ") + fa(service))}<br>
{esc(fa("نسخه قابل چاپ منبع: ") + fa(src_name).replace(" ", ""))} | <a href="{esc(canon)}">{esc(fa("لینک خبر"))}</a></div>
<h1>{html_fa(fa(a["title"]))}</h1><div class="body">{body}</div></body></html>
"""
        sb.page(f"/print/{sid}", f"print/{sid}.html", printv, kind="print")
        sb.articles.append({
            "authors": [],  # the pages show no byline
            "path": path, "url": canon, "title": fa(a["title"]), "published": iso_seconds(date),
            "section": fa(service), "tags": [fa(t) for t in a.get("tags", [])[:3]], "lead": fa(a["lead"]),
            "paragraphs": [x for _, x in _paras(a)], "language": "fa",
            "boilerplate": [NAME + " -", fa("پایگاه خبری تحلیلی ") + fa(src_name), fa("آنچه دیگران می_خوانند"),
                            fa("لینک خبر در منبع"), fa("نسخه قابل چاپ")],
            "republished_from": src_url, "aliases": [f"/news/{sid}"],
        })
        rows.append(f'<li><a href="{esc(canon if n % 2 else pct(path))}">{html_fa(fa(a["title"]))}</a>'
                    f'<span class="src">{esc(fa(src_name))}</span></li>')
        link = f"{ORIGIN}/news/{sid}" if n == 1 else canon
        feed.append({"title": fa(a["title"]), "link": link, "description": fa(a["lead"]), "pubDate": date,
                     "guid": str(sid)})
        if n != 3:
            sm.append({"loc": canon, "lastmod": iso_seconds(date)})
    home = f"""{head(NAME + " - " + fa("موتور جستجوی خبر"), ORIGIN + "/")}
{HEADER}
<main><section class="latest"><h2>{esc(fa("آخرین اخبار"))}</h2><ul>
{chr(10).join(rows)}
</ul></section>
<p><a href="/about">{esc(fa("درباره صاحب_خبر"))}</a></p></main>
{FOOTER}"""
    sb.page("/", "index.html", home, kind="home", headers=[["Set-Cookie", "sk_sid=a1b2c3; path=/"],
                                                          ["Set-Cookie", "sk_theme=light; path=/"]])
    sb.non_articles.append({"path": "/", "kind": "home"})
    sb.page("/rss", "rss.xml", rss(NAME, ORIGIN, fa("آخرین اخبار صاحب_خبر"), feed, "fa", build_date=NOW),
            content_type="application/rss+xml; charset=utf-8", kind="feed")
    sb.page("/sitemap.xml", "sitemap.xml", urlset(sm), content_type="application/xml; charset=utf-8", kind="sitemap")
    sb.page("/about", "about.html", f"""{head(fa("درباره ما"), ORIGIN + "/about")}
{HEADER}<main><h1>{esc(fa("درباره ما"))}</h1><p>{esc(fa("صاحب_خبر اخبار رسانه_های رسمی کشور را گردآوری و بازنشر می_کند."))}</p></main>
{FOOTER}""", kind="about")
    sb.non_articles.append({"path": "/about", "kind": "about"})
    for sec in ("politics", "economy"):
        sb.page(f"/service/{sec}", f"service-{sec}.html", home.replace(ORIGIN + '/"', f'{ORIGIN}/service/{sec}"'),
                kind="section")
        sb.non_articles.append({"path": f"/service/{sec}", "kind": "section"})
    sb.page("/robots.txt", "robots.txt", "User-agent: *\nDisallow: /print/\nDisallow: /search\n\n"
            "Sitemap: https://sahebkhabar.ir/sitemap.xml\n", content_type="text/plain", kind="robots")
    sb.must_not_fetch += ["/print/"]
    for t in sorted({t for _, m, k, _, _ in ITEMS for t in _source_article(m, k).get("tags", [])[:3]}):
        tp = "/tag/" + fa(t).replace(" ", "-")
        sb.page(tp, f"tag/{len(sb.files)}.html", home.replace(ORIGIN + '/"', ORIGIN + pct(tp) + '"'), kind="tag")
        sb.non_articles.append({"path": tp, "kind": "tag"})
    sb.add_file("404.html", f"{head('404')}\n{HEADER}<main><h1>404</h1><p>{esc(fa('صفحه یافت نشد'))}</p></main>\n{FOOTER}")
    sb.not_found = {"file": "404.html", "status": 404, "headers": [["Content-Type", "text/html; charset=utf-8"]]}
    sb.entry_points = ["/robots.txt", "/", "/rss", "/sitemap.xml"]
    first = sb.articles[0]["path"]
    sb.trap("robots-disallow", [f"/print/{ITEMS[0][0]}"], "print views (seed 000 boilerplate) are robots-disallowed")
    sb.trap("redirect", [f"/news/{ITEMS[1][0]}"], "the feed links /news/<id>, a 302 to /news/<id>/<slug>")
    sb.trap("only-in-feed", [sb.articles[3]["path"]], "not in the sitemap; feed and home only")
    sb.trap("cross-site-duplicate", [a["path"] for a in sb.articles], "texts republished from namehnews/mashregh (republished_from)")
    sb.trap("watermark", [first], "body starts with the .sahebkhabar-watermark «صاحب‌خبر -» and the source intro line")
    sb.trap("repeated-headers", ["/"], "two Set-Cookie headers")
    return sb
