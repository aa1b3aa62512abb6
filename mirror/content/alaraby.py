"""Al-Araby Al-Jadeed (www.alaraby.co.uk) pages, Drupal markup.

Layout (site-structure.md, seed 003): articles /<section>/<arabic-slug>;
sections /news, /politics, ... and /news/syria with the Drupal pager
(?page=1 is the second page, links written as a bare "?page=1"); /rss and
/rss.xml; /sitemap.xml (simple_sitemap index -> /sitemap.xml?page=N) plus a
Google News sitemap; /node/<nid> aliases redirect to the path alias; images
under /sites/default/files/styles/...  Boilerplate as in seed 003: the
header's date line (the day the copy was saved, not the publication date),
the title repeated in the share dialog, «شارك القصة», captions, «تابع القراءة»,
«المصادر:», «العربي - وكالات», «Close», inline «اقرأ أيضاً» boxes, tags and
related teasers.
"""

from __future__ import annotations

import json

from .common import body_text
from .common import (AR_MONTHS, AR_WEEKDAYS, EN_MONTHS, SiteBuild, esc, iso_seconds,
                     news_sitemap, parse_iso, pct, rss, sitemap_index, slugify, urlset)
from .alaraby_articles import ARTICLES, SECTIONS

ORIGIN = "https://www.alaraby.co.uk"
NAME = "العربي الجديد"
NOW = "2023-04-27T09:00:00+01:00"
PAGE_SIZE = 3
BOILERPLATE = ["شارك القصة", "تابع القراءة", "المصادر:", "العربي - وكالات", "Close", "اقرأ أيضاً"]


def art_path(a: dict) -> str:
    return f"/{a['section']}/{slugify(a['title'])}"


def href(a: dict, form: str = "root") -> str:
    p = art_path(a)
    return {"root": p, "pct": pct(p), "abs": ORIGIN + pct(p), "slash": pct(p) + "/",
            "utm": ORIGIN + pct(p) + "?utm_source=twitter&utm_medium=social&utm_campaign=share"}[form]


def ar_date(iso: str) -> str:
    d = parse_iso(iso)
    return f"{d.day} {AR_MONTHS[d.month - 1]} {d.year}"


def header_date(iso: str) -> str:
    d = parse_iso(iso)
    return f"{AR_WEEKDAYS[d.weekday()]} {d.day} {AR_MONTHS[d.month - 1]} / {EN_MONTHS[d.month - 1]} {d.year}"


def head(title: str, canonical: str = "", description: str = "", og_type: str = "website",
         a: dict | None = None, charset: str = "utf-8") -> str:
    meta_charset = (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />'
                    if charset != "utf-8" else '<meta charset="utf-8" />')
    out = ['<!DOCTYPE html>', '<html lang="ar" dir="rtl" prefix="og: https://ogp.me/ns#">', '<head>', meta_charset,
           f'<title>{esc(title)}</title>']
    if description:
        out.append(f'<meta name="description" content="{esc(description)}" />')
    if canonical:
        out += [f'<link rel="canonical" href="{esc(canonical)}" />',
                f'<meta property="og:url" content="{esc(canonical)}" />']
    out += [f'<meta property="og:site_name" content="{NAME}" />', f'<meta property="og:type" content="{og_type}" />',
            f'<meta property="og:title" content="{esc(title)}" />',
            '<meta name="Generator" content="Drupal 9 (https://www.drupal.org)" />',
            '<meta name="MobileOptimized" content="width" />',
            '<meta name="viewport" content="width=device-width, initial-scale=1.0" />']
    if a is not None:
        img = f"{ORIGIN}/sites/default/files/styles/social_large/public/{a['img']}" if a.get("img") else ""
        if img:
            out.append(f'<meta property="og:image" content="{img}" />')
        out += [f'<meta property="article:published_time" content="{iso_seconds(a["date"])}" />',
                f'<meta property="article:modified_time" content="{iso_seconds(a.get("modified", a["date"]))}" />',
                f'<meta property="article:section" content="{esc(SECTIONS[a["section"]])}" />']
        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a["title"],
              "description": a["lead"], "datePublished": iso_seconds(a["date"]),
              "dateModified": iso_seconds(a.get("modified", a["date"])),
              "mainEntityOfPage": canonical, "image": [img] if img else [],
              "author": {"@type": "Organization", "name": a.get("author", NAME)},
              "publisher": {"@type": "Organization", "name": NAME,
                            "logo": {"@type": "ImageObject", "url": f"{ORIGIN}/themes/alaraby/logo.svg"}}}
        out.append('<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False) + "</script>")
    out += ['<link rel="alternate" type="application/rss+xml" title="العربي الجديد" href="https://www.alaraby.co.uk/rss" />',
            '<link rel="stylesheet" media="all" href="/sites/default/files/css/css_Xw1bC3mZ.css" />',
            '<link rel="icon" href="/themes/alaraby/favicon.ico" type="image/vnd.microsoft.icon" />', '</head>']
    return "\n".join(out)


def header() -> str:
    nav = "\n".join(f'<li class="menu-item"><a href="/{k}">{esc(v)}</a></li>' for k, v in SECTIONS.items()
                    if "/" not in k)
    return f"""<body class="path-frontpage page-node-type-article">
<a href="#main-content" class="visually-hidden focusable skip-link">تخطي إلى المحتوى الرئيسي</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<header class="site-header" role="banner">
<div class="top-bar"><div class="header-date">{header_date(NOW)}</div>
<a class="tv-link" href="https://www.alaraby.com/live">البث المباشر</a></div>
<div class="site-branding"><a href="/" rel="home"><img src="/themes/alaraby/logo.svg" alt="الرئيسية" /></a></div>
<nav role="navigation" class="main-menu"><ul class="menu">
<li class="menu-item"><a href="/">الرئيسية</a></li>
{nav}
<li class="menu-item"><a href="/news/syria">سورية</a></li>
</ul></nav>
<form class="search-block" action="/search/node" method="get"><input type="search" name="keys" /></form>
</header>"""


def footer() -> str:
    return """<footer class="site-footer" role="contentinfo">
<ul class="footer-menu">
<li><a href="/about-us">من نحن</a></li>
<li><a href="/contact-us">اتصل بنا</a></li>
<li><a href="/rss">RSS</a></li>
<li><a href="/search/node?keys=">بحث</a></li>
<li><a href="https://english.alaraby.co.uk/">The New Arab</a></li>
</ul>
<p class="copyright">جميع الحقوق محفوظة © العربي الجديد 2023</p>
</footer>
</div>
<script src="/sites/default/files/js/js_Rk3t9P.js"></script>
</body>
</html>
"""


def _body(a: dict, by_key: dict) -> str:
    out = []
    for b in a["body"]:
        if isinstance(b, str):
            out.append(f"<p>{esc(b)}</p>")
        elif b[0] == "h2":
            out.append(f"<h2>{esc(b[1])}</h2>")
        elif b[0] == "ul":
            out.append("<ul>" + "".join(f"<li>{esc(x)}</li>" for x in b[1]) + "</ul>")
        elif b[0] == "also":
            o = by_key[b[1]]
            img = f'/sites/default/files/styles/d08_standard/public/{o["img"]}' if o.get("img") else ""
            out.append(f'<div class="read-also mceNonEditable"><div class="read-also-title">اقرأ أيضاً</div>'
                       f'<a href="{esc(href(o, b[2] if len(b) > 2 else "root"))}">'
                       + (f'<img src="{img}" alt="" />' if img else "")
                       + f'<span>{esc(o["title"])}</span></a></div>')
        elif b[0] == "quote":
            out.append(f"<blockquote><p>{esc(b[1])}</p></blockquote>")
        elif b[0] == "img":
            out.append(f'<figure class="inline-image"><img src="/sites/default/files/styles/d08_standard/public/{b[1]}" alt="" />'
                       f"<figcaption>{esc(b[2])}</figcaption></figure>")
    return "\n".join(out)



def _teaser(a: dict, form: str = "root", lead: bool = True) -> str:
    img = f'/sites/default/files/styles/d08_standard/public/{a["img"]}' if a.get("img") else "/themes/alaraby/placeholder.png"
    return (f'<div class="views-row"><article class="teaser"><a href="{esc(href(a, form))}"><img src="{img}" alt="" /></a>'
            f'<h3 class="teaser-title"><a href="{esc(href(a, form))}">{esc(a["title"])}</a></h3>'
            + (f'<p class="teaser-summary">{esc(a["lead"][:140])}…</p>' if lead else "")
            + f'<time datetime="{iso_seconds(a["date"])}">{ar_date(a["date"])}</time></article></div>')


def article_page(a: dict, by_key: dict, related: list, charset: str = "utf-8") -> str:
    canon = ORIGIN + pct(art_path(a))
    title = a["title"]
    sec = a["section"]
    img = f'/sites/default/files/styles/d08_standard/public/{a["img"]}' if a.get("img") else ""
    tags = "".join(f'<li><a href="{esc(pct("/tags/" + t.replace(" ", "-")))}">{esc(t)}</a></li>' for t in a.get("tags", []))
    rel = "\n".join(_teaser(o, "abs", lead=False) for o in related)
    crumbs = [f'<li><a href="/">الرئيسية</a></li>', f'<li><a href="/{sec}">{esc(SECTIONS[sec])}</a></li>']
    if a.get("subsection"):
        crumbs.append(f'<li><a href="/{a["subsection"]}">{esc(SECTIONS[a["subsection"]])}</a></li>')
    source = a.get("source", "العربي الجديد")
    return f"""{head(title + " | " + NAME, canon, a["lead"], "article", a, charset)}
{header()}
<main role="main" id="main-content"><div class="layout-content"><div class="region region-content">
<article role="article" class="node node--type-article node--view-mode-full">
<nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb"><ol>{"".join(crumbs)}</ol></nav>
<div class="article-header">
<h1 class="article-title">{esc(title)}</h1>
<div class="article-info"><span class="article-author"><a href="/author/{esc(pct(a.get("author", NAME).replace(" ", "-")))}">{esc(a.get("author", NAME))}</a></span>
<time datetime="{iso_seconds(a["date"])}" class="article-date">{ar_date(a["date"])}</time></div>
</div>
<div class="share-story"><button class="share-toggle">شارك القصة</button>
<div class="share-dialog" role="dialog"><p class="share-headline">{esc(title)}</p>
<ul class="share-buttons"><li><a href="https://www.facebook.com/sharer/sharer.php?u={esc(canon)}" rel="nofollow">Facebook</a></li>
<li><a href="https://twitter.com/intent/tweet?url={esc(canon)}" rel="nofollow">Twitter</a></li>
<li><a href="https://wa.me/?text={esc(canon)}" rel="nofollow">WhatsApp</a></li>
<li><a href="/print/{a["nid"]}" rel="nofollow">طباعة</a></li></ul>
<button class="close-dialog" type="button">Close</button></div></div>
{f'<figure class="article-image"><img src="{img}" alt="{esc(a.get("caption", ""))}" /><figcaption class="image-caption">{esc(a["caption"])}</figcaption></figure>' if img and a.get("caption") else ""}
<div class="article-summary field--name-field-summary"><p>{esc(a["lead"])}</p></div>
<div class="article-body field--name-body collapsed">
{_body(a, by_key)}
</div>
<div class="read-more-toggle"><button class="continue-reading">تابع القراءة</button></div>
<div class="sources"><span class="sources-title">المصادر:</span><div class="article-source">{esc(source)}</div></div>
<div class="article-tags tags"><ul>{tags}</ul></div>
</article>
<section class="related-articles related"><h2 class="block-title">المزيد في {esc(SECTIONS[sec])}</h2>
{rel}
</section>
</div></div></main>
{footer()}"""


def listing(title: str, canonical: str, items: list, page: int, pages: int, lead: bool = True) -> str:
    rows = "\n".join(_teaser(a, ("root", "pct")[i % 2], lead) for i, a in enumerate(items))
    pager = ""
    if pages > 1:
        lis = []
        if page > 0:
            prev = "?page=" + str(page - 1) if page - 1 else "?"
            lis.append(f'<li class="pager__item pager__item--previous"><a href="{prev}" rel="prev">السابق</a></li>')
        for p in range(pages):
            cur = ' is-active' if p == page else ""
            lis.append(f'<li class="pager__item{cur}"><a href="?page={p}">{p + 1}</a></li>')
        if page < pages - 1:
            lis.append(f'<li class="pager__item pager__item--next"><a href="?page={page + 1}" rel="next">التالي</a></li>')
        pager = '<nav class="pager" role="navigation"><ul class="pager__items js-pager__items">' + "".join(lis) + "</ul></nav>"
    return f"""{head(title + " | " + NAME, canonical)}
{header()}
<main role="main" id="main-content"><div class="layout-content">
<h1 class="page-title">{esc(title)}</h1>
<div class="views-element-container"><div class="view-content">
{rows}
</div>
{pager}
</div></div></main>
{footer()}"""


def simple_page(title: str, text: str, canonical: str = "") -> str:
    return f"""{head(title + " | " + NAME, canonical)}
{header()}
<main role="main" id="main-content"><div class="layout-content"><h1 class="page-title">{esc(title)}</h1>
<div class="field--name-body"><p>{esc(text)}</p></div></div></main>
{footer()}"""


def build() -> SiteBuild:
    sb = SiteBuild("alaraby", ORIGIN, "ar", description="العربي الجديد (Drupal): /<section>/<arabic-slug>")
    arts = sorted(ARTICLES, key=lambda a: a["date"], reverse=True)
    by_key = {a["key"]: a for a in arts}
    real = [a for a in arts if a.get("kind", "article") == "article"]
    H = [["X-Drupal-Cache", "HIT"], ["X-Generator", "Drupal 9 (https://www.drupal.org)"],
         ["Cache-Control", "max-age=300, public"]]

    for i, a in enumerate(arts):
        path = art_path(a)
        if a.get("kind") == "soft404":
            sb.page(path, f"node/{a['nid']}.html",
                    simple_page("الصفحة غير موجودة", "عذراً، الصفحة التي تبحث عنها غير موجودة أو ربما تم نقلها."),
                    headers=H, kind="soft404")
            sb.non_articles.append({"path": path, "kind": "soft404",
                                    "note": "status 200 'page not found' at an article-shaped URL"})
            continue
        related = [o for o in real if o is not a and o["section"] == a["section"]][:3] or \
            [o for o in real if o is not a][:3]
        hdrs = list(H)
        charset = a.get("charset", "utf-8")
        if charset != "utf-8":
            # legacy page: HTTP says only text/html; the charset is in <meta>
            html = article_page(a, by_key, related, charset)
            sb.page(path, f"node/{a['nid']}.html", html, encoding=charset, content_type="text/html",
                    headers=hdrs, kind="article")
        else:
            if a.get("cookies"):
                hdrs += [["Set-Cookie", "SSESS5f1a9b=Xq0pL3; path=/; domain=.alaraby.co.uk; HttpOnly"],
                         ["Set-Cookie", "country=GB; path=/"]]
            sb.page(path, f"node/{a['nid']}.html", article_page(a, by_key, related), headers=hdrs,
                    gzip=a.get("gzip", i % 2 == 0), chunked=a.get("chunked", False), kind="article")
        sb.redirect(f"/node/{a['nid']}", path, 301, kind="redirect")
        sb.redirect(path + "/", path, 301, kind="redirect")
        sb.articles.append({
            "path": path, "url": ORIGIN + pct(path), "title": a["title"], "published": iso_seconds(a["date"]),
            "modified": iso_seconds(a.get("modified", a["date"])),
            "section": SECTIONS[a["section"]], "tags": list(a.get("tags", [])), "lead": a["lead"],
            "authors": [a.get("author", NAME)],  # the byline under the headline (.article-author)
            "paragraphs": body_text(a), "boilerplate": BOILERPLATE + [header_date(NOW)] + a.get("boilerplate", []),
            "language": "ar", "encoding": charset, "aliases": [f"/node/{a['nid']}", path + "/"],
        })

    # sections (Drupal pager: ?page=0 is the first page)
    for key, label in SECTIONS.items():
        items = [a for a in real if (a["section"] == key or a.get("subsection") == key) and a.get("list", True)]
        pages = max(1, (len(items) + PAGE_SIZE - 1) // PAGE_SIZE)
        for p in range(pages):
            target = f"/{key}" if p == 0 else f"/{key}?page={p}"
            sb.page(target, f"section/{key.replace('/', '-')}-{p}.html",
                    listing(label, ORIGIN + target, items[p * PAGE_SIZE:(p + 1) * PAGE_SIZE], p, pages),
                    headers=H, gzip=p == 0, kind="section")
            sb.non_articles.append({"path": target, "kind": "section"})

    # tags
    for n, t in enumerate(sorted({t for a in real for t in a.get("tags", [])})):
        tp = "/tags/" + t.replace(" ", "-")
        items = [a for a in real if t in a.get("tags", [])]
        sb.page(tp, f"tags/{n}.html", listing(t, ORIGIN + pct(tp), items, 0, 1, lead=False), headers=H, kind="tag")
        sb.non_articles.append({"path": tp, "kind": "tag",
                                "note": "taxonomy page; a multi-word tag slug looks like an article slug"})
    for n, au in enumerate(sorted({a.get("author", NAME) for a in real})):
        ap = "/author/" + au.replace(" ", "-")
        items = [a for a in real if a.get("author", NAME) == au]
        sb.page(ap, f"author/{n}.html", listing(au, ORIGIN + pct(ap), items, 0, 1, lead=False), headers=H, kind="author")
        sb.non_articles.append({"path": ap, "kind": "author"})

    # home: a teaser list in mixed link forms
    home_items = [a for a in arts if a.get("home", True)]
    forms = ("abs", "root", "pct", "utm")
    rows = "\n".join(_teaser(a, forms[i % len(forms)]) for i, a in enumerate(home_items))
    video = VIDEO
    home = f"""{head(NAME, ORIGIN + "/", "العربي الجديد: أخبار العالم العربي والعالم")}
{header()}
<main role="main" id="main-content"><div class="layout-content">
<section class="home-top">
{rows}
</section>
<section class="home-videos"><h2>فيديو</h2><div class="views-row"><a href="{esc(pct(video[0]))}">{esc(video[1])}</a></div></section>
<section class="home-misc"><ul>
<li><a href="{esc(pct(DEAD_LINK))}">ملف خاص</a></li>
{"".join(f'<li><a href="{esc(href(a, "pct"))}">{esc(a["title"])}</a></li>' for a in arts if a.get("kind") == "soft404")}
</ul></section>
</div></main>
{footer()}"""
    sb.page("/", "index.html", home, headers=H, gzip=True, kind="home")
    sb.non_articles.append({"path": "/", "kind": "home"})
    sb.page(video[0], "video.html", simple_page(video[1], "شاهد الفيديو"), headers=H, kind="video")
    sb.non_articles.append({"path": video[0], "kind": "video"})

    # feeds: /rss and /rss.xml are the same document
    items = []
    for a in real:
        if not a.get("feed", True):
            continue
        link = f"{ORIGIN}/node/{a['nid']}" if a.get("feed_link") == "node" else ORIGIN + pct(art_path(a))
        items.append({"title": a["title"], "link": link, "description": a["lead"], "pubDate": a["date"],
                      "category": SECTIONS[a["section"]], "guid": f"{a['nid']} at {ORIGIN}",
                      "extra": f"<dc:creator>{esc(a.get('author', NAME))}</dc:creator>"})
    feed = rss(NAME, ORIGIN, "العربي الجديد", items, "ar", extra_ns=' xmlns:dc="http://purl.org/dc/elements/1.1/"',
               build_date=NOW)
    sb.page("/rss", "rss.xml", feed, content_type="application/rss+xml; charset=utf-8", gzip=True, kind="feed")
    sb.route("/rss.xml", "rss.xml", content_type="application/rss+xml; charset=utf-8", kind="feed")

    # sitemaps
    sm = [a for a in real if a.get("sitemap", True)]
    news = [a for a in sm if a["date"] >= "2023-04-23"]
    half = [a for a in sm if a not in news]
    sb.page("/sitemap.xml", "sitemap-index.xml", sitemap_index([
        (ORIGIN + "/sitemap.xml?page=1", iso_seconds(NOW)), (ORIGIN + "/sitemap.xml?page=2", iso_seconds(NOW)),
        (ORIGIN + "/google-news.xml", iso_seconds(NOW))]), content_type="application/xml; charset=utf-8",
        kind="sitemap")
    sb.page("/sitemap.xml?page=1", "sitemap-1.xml",
            urlset([{"loc": ORIGIN + "/", "changefreq": "hourly", "priority": "1.0"}]
                   + [{"loc": ORIGIN + "/" + k, "changefreq": "hourly", "priority": "0.8"} for k in SECTIONS]),
            content_type="application/xml; charset=utf-8", kind="sitemap")
    sb.page("/sitemap.xml?page=2", "sitemap-2.xml",
            urlset([{"loc": ORIGIN + pct(art_path(a)), "lastmod": iso_seconds(a.get("modified", a["date"])),
                     "image": f"{ORIGIN}/sites/default/files/{a['img']}" if a.get("img") else ""} for a in half],
                   images=True), content_type="application/xml; charset=utf-8", gzip=True, kind="sitemap")
    sb.page("/google-news.xml", "google-news.xml",
            news_sitemap([{"loc": ORIGIN + pct(art_path(a)), "title": a["title"], "date": a["date"]} for a in news],
                         NAME, "ar"), content_type="application/xml; charset=utf-8", kind="sitemap")

    sb.page("/robots.txt", "robots.txt", ROBOTS, content_type="text/plain; charset=UTF-8", kind="robots")
    sb.must_not_fetch += ["/search/", "/print/"]
    for target, file, title, text, kind in STATIC:
        sb.page(target, file, simple_page(title, text, ORIGIN + target), headers=H, kind=kind)
        sb.non_articles.append({"path": target, "kind": kind})

    sb.add_file("404.html", simple_page("الصفحة غير موجودة", "لم يتم العثور على الصفحة المطلوبة."))
    sb.not_found = {"file": "404.html", "status": 404, "headers": [["Content-Type", "text/html; charset=UTF-8"],
                                                                  ["X-Drupal-Cache", "MISS"]]}
    sb.non_articles.append({"path": DEAD_LINK, "kind": "404"})
    sb.entry_points = ["/robots.txt", "/", "/rss", "/rss.xml", "/sitemap.xml"] + [f"/{k}" for k in SECTIONS]
    P = lambda k: art_path(by_key[k])
    sb.trap("robots-disallow", [f"/print/{by_key['moscow']['nid']}", "/search/node?keys="], "Drupal robots.txt; articles link /print/<nid>, footer links /search/node")
    sb.trap("windows-1256", [P("opinion")], "served as windows-1256 with HTTP Content-Type 'text/html' (no charset); charset only in <meta http-equiv>")
    sb.trap("sitemap-index-query", ["/sitemap.xml", "/sitemap.xml?page=1", "/sitemap.xml?page=2", "/google-news.xml"],
            "simple_sitemap index whose children differ only by ?page=N, plus a Google News sitemap")
    sb.trap("drupal-pager", ["/politics", "/politics?page=1"], "pager links are bare '?page=1' (relative query); ?page=1 is the 2nd page")
    sb.trap("only-on-page-2", [P("jeddah")], "reachable only from /politics?page=1")
    sb.trap("only-in-sitemap", [P("egypt-inflation")], "only in /sitemap.xml?page=2")
    sb.trap("redirect", [f"/node/{by_key['moscow']['nid']}"], "feed entry links /node/<nid>, 301 -> path alias; trailing slash 301 -> no slash")
    sb.trap("chunked", [P("ceasefire")], "Transfer-Encoding: chunked")
    sb.trap("repeated-headers", [P("moscow")], "two Set-Cookie headers")
    sb.trap("header-date", ["/"], "every page's header shows the save date «" + header_date(NOW) + "», not the publication date")
    sb.trap("tag-looks-like-article", ["/tags/التطبيع-مع-النظام-السوري", "/tags/الحرب-في-السودان"],
            "multi-word taxonomy slugs match the article URL shape /<dir>/<w>-<w>-<w>")
    sb.trap("soft-404", [P("soft404")], "status 200 'page not found'")
    sb.trap("404", [DEAD_LINK], "home links a missing article: 404")
    sb.trap("video", [VIDEO[0]], "video page (not an article)")
    sb.trap("read-also", [P("moscow"), P("sudan-explainer")], "«اقرأ أيضاً» boxes (.read-also.mceNonEditable) inside the body")
    sb.trap("utm-query", ["/"], "home links with ?utm_source=twitter...")
    sb.trap("modified-date", [P("moscow")], "article:modified_time / JSON-LD dateModified / sitemap lastmod later than the publication date")
    return sb


DEAD_LINK = "/news/ملف-خاص-عن-الانتخابات-التركية-2018"
VIDEO = ("/videos/مشاهد-من-الاشتباكات-في-الخرطوم", "مشاهد من الاشتباكات في الخرطوم")

ROBOTS = """#
# robots.txt
#
User-agent: *
# Directories
Disallow: /core/
Disallow: /profiles/
# Paths (clean URLs)
Disallow: /admin/
Disallow: /search/
Disallow: /user/login
Disallow: /print/
# Paths (no clean URLs)
Disallow: /index.php/admin/
Disallow: /index.php/search/

Sitemap: https://www.alaraby.co.uk/sitemap.xml
"""

STATIC = [
    ("/about-us", "about.html", "من نحن",
     "العربي الجديد صحيفة يومية ورقية وموقع إلكتروني يصدر من لندن، انطلق في عام 2014."),
    ("/contact-us", "contact.html", "اتصل بنا", "للتواصل مع أسرة التحرير يرجى استخدام النموذج التالي."),
]
STATIC = [(t, f, ti, tx, "about" if "about" in t else "contact") for t, f, ti, tx in STATIC]
