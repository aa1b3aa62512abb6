"""Namehnews (www.namehnews.com) pages, "Asam" CMS markup.

Layout (site-structure.md): articles at /<section-slug>-<sectionId>/<newsId>-<slug>
(Persian in the path), sections /بخش-خبر-سیاسی-10 with ?page=N, the legacy
feed /fa/rss/allnews (here a 301 to /rss), #news-page-article / h1 / .lead /
time[datetime] / #echo_detail > div / .others-known / .article-tag /
ul.breadcrumb-list / share_news / short_link_cnt / .comments-list.
"""

from __future__ import annotations

from .common import body_text
from .common import (SiteBuild, esc, fa, fa_digits, html_fa, iso_seconds, jalali_text,
                     news_sitemap, pct, rss, sitemap_index, slugify, urlset)
from .namehnews_articles import ARTICLES, SECTIONS

ORIGIN = "https://www.namehnews.com"
NAME = fa("نامه نیوز")
PAGE_SIZE = 3
NOW = "2023-04-27T09:30:00+03:30"  # when the "saved copy" was taken
BOILERPLATE = [fa("آنچه دیگران می_خوانند"), fa("لینک کوتاه"), fa("برچسب ها"), fa("ارسال نظر"),
               fa("بیشتر بخوانید"), fa("کد خبر")]


def sec_path(key: str) -> str:
    s = SECTIONS[key]
    return f"/{s['slug']}-{s['id']}"


def tag_path(t: str) -> str:
    return "/tag/" + fa(t).replace(" ", "-")


def art_path(a: dict) -> str:
    return f"{sec_path(a['section'])}/{a['id']}-{slugify(fa(a['title']))}"


def _href(a_or_path, form: str = "root") -> str:
    """A link in one of the forms pages use: root (raw UTF-8), pct, abs (real domain)."""
    path = art_path(a_or_path) if isinstance(a_or_path, dict) else a_or_path
    if form == "pct":
        return pct(path)
    if form == "abs":
        return ORIGIN + pct(path)
    return path


def head(title: str, *, canonical: str = "", description: str = "", og_type: str = "website",
         image: str = "", extra: str = "") -> str:
    out = ['<!DOCTYPE html>', '<html lang="fa" dir="rtl">', '<head>', '<meta charset="utf-8">',
           '<meta http-equiv="X-UA-Compatible" content="IE=edge">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<title>{esc(title)}</title>']
    if description:
        out.append(f'<meta name="description" content="{esc(description)}">')
    out.append(f'<meta property="og:site_name" content="{esc(NAME)}">')
    out.append(f'<meta property="og:type" content="{og_type}">')
    out.append(f'<meta property="og:title" content="{esc(title)}">')
    if canonical:
        out.append(f'<meta property="og:url" content="{esc(canonical)}">')
        out.append(f'<link rel="canonical" href="{esc(canonical)}">')
    if image:
        out.append(f'<meta property="og:image" content="{ORIGIN}{image}">')
    out += ['<link rel="alternate" type="application/rss+xml" title="نامه نیوز" href="https://www.namehnews.com/rss">',
            '<link rel="stylesheet" href="/themes/namehnews/assets/css/bootstrap.rtl.min.css?v=3.4.1">',
            '<link rel="stylesheet" href="/themes/namehnews/assets/css/style.css?v=3.4.1">',
            '<link rel="shortcut icon" href="/themes/namehnews/assets/img/favicon.ico">', extra,
            '</head>']
    return "\n".join(x for x in out if x)


def header() -> str:
    nav = "\n".join(
        f'<li class="nav-item"><a class="nav-link" href="{pct(sec_path(k)) if i % 2 else sec_path(k)}">{esc(fa(s["label"]))}</a></li>'
        for i, (k, s) in enumerate(SECTIONS.items()) if s.get("menu", True))
    return f"""<body class="rtl">
<div id="top-bar"><div class="container"><span class="today">{jalali_text(NOW, weekday=True, time=False)}</span>
<ul class="top-links"><li><a href="/page/about-us">{esc(fa("درباره ما"))}</a></li><li><a href="/page/contact-us">{esc(fa("تماس با ما"))}</a></li><li><a href="/rss">RSS</a></li></ul></div></div>
<header id="header" class="header"><div class="container">
<a class="logo" href="/" title="{esc(NAME)}"><img src="/themes/namehnews/assets/img/logo.png" alt="{esc(NAME)}"></a>
<form class="search-form" action="/search" method="get"><input type="text" name="q" placeholder="{esc(fa("جستجو"))}"><a class="adv-search" href="/search?adv=1">{esc(fa("جستجوی پیشرفته"))}</a></form>
<nav class="main-menu"><ul class="nav">
<li class="nav-item"><a class="nav-link" href="/">{esc(fa("صفحه اصلی"))}</a></li>
{nav}
<li class="nav-item"><a class="nav-link" href="/fa/archive">{esc(fa("آرشیو"))}</a></li>
</ul></nav></div></header>"""


def footer() -> str:
    return f"""<footer id="footer"><div class="container">
<ul class="footer-links">
<li><a href="/page/about-us">{esc(fa("درباره ما"))}</a></li>
<li><a href="https://www.namehnews.com/page/contact-us">{esc(fa("تماس با ما"))}</a></li>
<li><a href="/fa/rss/allnews">{esc(fa("خبرخوان"))}</a></li>
<li><a href="https://t.me/namehnews" rel="nofollow">{esc(fa("تلگرام"))}</a></li>
</ul>
<p class="copyright">{esc(fa("کلیه حقوق مادی و معنوی این سایت متعلق به پایگاه خبری تحلیلی نامه نیوز است و استفاده از مطالب با ذکر منبع بلامانع است."))}</p>
<p class="powered">{esc(fa("طراحی و تولید: آسام"))}</p>
</div></footer>
<script src="/themes/namehnews/assets/js/jquery.min.js"></script>
<script src="/themes/namehnews/assets/js/main.js?v=3.4.1"></script>
</body>
</html>
"""


def _teaser(a: dict, form: str = "root", lead: bool = True) -> str:
    img = f'/files/fa/news/{a["img"]}' if a.get("img") else "/themes/namehnews/assets/img/default.jpg"
    href = _href(a, form)
    out = [f'<li class="container">',
           f'<div class="image"><a class="block" href="{esc(href)}"><img src="{img}" alt=""></a></div>',
           f'<div class="content"><h3 class="title"><a href="{esc(href)}">{html_fa(fa(a["title"]))}</a></h3>']
    if lead:
        out.append(f'<p class="lead">{html_fa(fa(a["lead"]))}</p>')
    out.append(f'<time datetime="{iso_seconds(a["date"])}">{jalali_text(a["date"])}</time></div></li>')
    return "\n".join(out)


def _body(a: dict, by_key: dict) -> str:
    out = []
    for b in a["body"]:
        if isinstance(b, str):
            out.append(f"<p>{html_fa(fa(b), entity=a.get('zwnj_entity', True))}</p>")
        elif b[0] == "h2":
            out.append(f"<h3><strong>{html_fa(fa(b[1]), entity=True)}</strong></h3>")
        elif b[0] == "ul":
            out.append("<ul>" + "".join(f"<li>{html_fa(fa(x), entity=True)}</li>" for x in b[1]) + "</ul>")
        elif b[0] == "also":
            o = by_key[b[1]]
            out.append(f'<div class="others-known"><span class="title">{esc(fa("بیشتر بخوانید:"))}</span>'
                       f'<a href="{esc(_href(o, b[2] if len(b) > 2 else "pct"))}" target="_blank">{html_fa(fa(o["title"]))}</a></div>')
        elif b[0] == "img":
            out.append(f'<p style="text-align:center"><img src="/files/fa/news/{b[1]}" alt="{esc(fa(b[2]))}"></p>'
                       f'<p style="text-align:center"><em>{html_fa(fa(b[2]))}</em></p>')
        elif b[0] == "quote":
            out.append(f"<blockquote><p>{html_fa(fa(b[1]), entity=True)}</p></blockquote>")
    return "\n".join(out)



def article_page(a: dict, by_key: dict, related: list) -> str:
    sec = SECTIONS[a["section"]]
    canon = ORIGIN + pct(art_path(a))
    title = fa(a["title"])
    img = f'/files/fa/news/{a["img"]}' if a.get("img") else ""
    tags = "".join(f'<a href="{esc(pct(tag_path(t)))}">{html_fa(fa(t))}</a>' for t in a.get("tags", []))
    comments = ""
    if a.get("comments"):
        items = "\n".join(
            f'<li class="comment"><div class="author">{html_fa(fa(c[0]))}</div><div class="date">{jalali_text(c[1])}</div>'
            f'<div class="comment-body"><p>{html_fa(fa(c[2]))}</p></div>'
            f'<a class="reply" href="#comment-form">{esc(fa("پاسخ"))}</a></li>' for c in a["comments"])
        comments = f'<ul class="comments-list">\n{items}\n</ul>'
    rel = "\n".join(f'<li><a href="{esc(_href(o, "abs"))}">{html_fa(fa(o["title"]))}</a></li>' for o in related)
    short = a.get("short")
    short_html = (f'<a class="short-link" href="https://www.namehnews.com/{short}">https://www.namehnews.com/{short}</a>'
                  if short else f'<input type="text" readonly value="https://www.namehnews.com/{a["id"]}">')
    return f"""{head(title + " | " + NAME, canonical=canon, description=fa(a["lead"]), og_type="article", image=img)}
{header()}
<main id="main"><div class="container">
<ul class="breadcrumb-list"><li><a href="/">{esc(NAME)}</a></li><li><a href="{esc(pct(sec_path(a["section"])))}">{esc(fa(sec["label"]))}</a></li></ul>
<div class="row"><div class="col-md-8">
<article id="news-page-article" class="news-page">
<div class="sec_info"><span class="news-code">{esc(fa("کد خبر"))}: {fa_digits(a["id"])}</span>
<time datetime="{iso_seconds(a["date"])}">{jalali_text(a["date"])}</time></div>
{f'<h2 class="rutitr">{html_fa(fa(a["rutitr"]))}</h2>' if a.get("rutitr") else ""}
<h1>{html_fa(title)}</h1>
<p class="lead">{html_fa(fa(a["lead"]), entity=True)}</p>
{f'<figure class="news-image"><img src="{img}" alt="{esc(title)}"></figure>' if img else ""}
<div id="echo_detail">
<div>
{_body(a, by_key)}
</div>
<div class="article_tag_wrapper"></div>
</div>
<div class="article-tag"><span class="article_tag">{esc(fa("برچسب ها"))}:</span> {tags}</div>
<div class="share_news"><span>{esc(fa("اشتراک گذاری"))}:</span>
<a href="https://telegram.me/share/url?url={esc(canon)}" rel="nofollow" target="_blank">Telegram</a>
<a href="https://twitter.com/intent/tweet?url={esc(canon)}" rel="nofollow" target="_blank">Twitter</a>
<a href="whatsapp://send?text={esc(canon)}" rel="nofollow">WhatsApp</a>
<a class="print" href="/fa/print/{a["id"]}" rel="nofollow">{esc(fa("نسخه چاپی"))}</a></div>
<div class="short_link_cnt"><span>{esc(fa("لینک کوتاه"))}:</span> <div class="tinyurl_form">{short_html}</div></div>
</article>
<section id="comments" class="comments">
<h3 class="title">{esc(fa("نظرات"))}</h3>
{comments}
<form id="comment-form" class="comment-form" action="/fa/comment/{a["id"]}" method="post">
<p>{esc(fa("نظر خود را بنویسید. نظرات پس از تایید منتشر می_شود."))}</p>
<input type="text" name="name" placeholder="{esc(fa("نام"))}"><input type="email" name="email" placeholder="{esc(fa("ایمیل"))}">
<textarea name="body"></textarea><button type="submit">{esc(fa("ارسال نظر"))}</button></form>
</section>
</div>
<aside class="col-md-4"><section class="others-read"><h3>{esc(fa("آنچه دیگران می_خوانند"))}</h3><ul>
{rel}
</ul></section></aside>
</div></div></main>
{footer()}"""


def listing_page(title: str, canonical: str, items: list, page: int, pages: int, base: str,
                 lead: bool = True) -> str:
    lis = "\n".join(_teaser(a, "pct" if i % 2 else "root", lead) for i, a in enumerate(items))
    pager = []
    if pages > 1:
        pager.append('<ul class="pagination">')
        for p in range(1, pages + 1):
            href = base if p == 1 else f"{base}?page={p}"
            cls = ' class="active"' if p == page else ""
            pager.append(f'<li{cls}><a href="{esc(pct(href))}">{fa_digits(p)}</a></li>')
        if page < pages:
            pager.append(f'<li><a rel="next" href="{esc(pct(base))}?page={page + 1}">{esc(fa("بعدی"))}</a></li>')
        pager.append("</ul>")
    return f"""{head(title + " | " + NAME, canonical=canonical)}
{header()}
<main id="main"><div class="container">
<ul class="breadcrumb-list"><li><a href="/">{esc(NAME)}</a></li><li>{esc(title)}</li></ul>
<h1 class="page-title">{esc(title)}</h1>
<ul class="l-second-right-list">
{lis}
</ul>
{chr(10).join(pager)}
</div></main>
{footer()}"""


def build() -> SiteBuild:
    sb = SiteBuild("namehnews", ORIGIN, "fa", description=fa(
        "نامه نیوز (Asam CMS): مسیر مقاله /<بخش>-<شناسه بخش>/<شناسه خبر>-<اسلاگ فارسی>"))
    arts = sorted(ARTICLES, key=lambda a: a["date"], reverse=True)
    by_key = {a["key"]: a for a in arts}
    real = [a for a in arts if a.get("kind", "article") == "article"]
    H = [["Cache-Control", "max-age=60"], ["X-Powered-By", "Asam"]]

    # -- articles --------------------------------------------------------
    for i, a in enumerate(arts):
        path = art_path(a)
        related = [o for o in real if o is not a][i % 3: i % 3 + 4]
        file = f"news/{a['id']}.html"
        hdrs = list(H)
        if a.get("cookies"):
            hdrs += [["Set-Cookie", "PHPSESSID=8f1c2e0d9a7b6c5d4e3f; path=/; HttpOnly"],
                     ["Set-Cookie", "visitor_id=nn-5512; Max-Age=31536000; path=/"]]
        if a.get("kind") == "soft404":
            html = simple_page(fa("خطا"), fa("خبر مورد نظر یافت نشد. ممکن است این خبر حذف شده باشد."), "")
        else:
            html = article_page(a, by_key, related)
        sb.page(path, file, html, headers=hdrs, gzip=a.get("gzip", i % 2 == 0),
                chunked=a.get("chunked", False), kind=a.get("kind", "article"))
        if a.get("kind", "article") == "article":
            sb.articles.append({
                "authors": [],  # the pages show no byline
                "path": path, "url": ORIGIN + pct(path), "title": fa(a["title"]),
                "published": iso_seconds(a["date"]), "section": fa(SECTIONS[a["section"]]["label"]),
                "tags": [fa(t) for t in a.get("tags", [])], "lead": fa(a["lead"]),
                "paragraphs": body_text(a, fa), "boilerplate": BOILERPLATE + a.get("boilerplate", []),
                "language": "fa",
            })
        else:
            sb.non_articles.append({"path": path, "kind": a["kind"], "note": a.get("note", "")})
        if a.get("short"):
            sb.redirect(f"/{a['short']}", path, 301, kind="redirect")

    # -- sections (paginated) -------------------------------------------
    for key, s in SECTIONS.items():
        items = [a for a in arts if a["section"] == key and a.get("list", True)
                 and a.get("kind") != "soft404"]
        base = sec_path(key)
        pages = max(1, (len(items) + PAGE_SIZE - 1) // PAGE_SIZE)
        for p in range(1, pages + 1):
            chunk = items[(p - 1) * PAGE_SIZE: p * PAGE_SIZE]
            target = base if p == 1 else f"{base}?page={p}"
            sb.page(target, f"section/{s['id']}-{p}.html",
                    listing_page(fa(s["label"]), ORIGIN + pct(target), chunk, p, pages, base),
                    headers=H, gzip=True, kind="section")
            sb.non_articles.append({"path": target, "kind": "section"})

    # -- home --------------------------------------------------------------
    home_items = [a for a in arts if a.get("home", True) and a.get("kind") != "soft404"]
    top = home_items[0]
    blocks = "\n".join(_teaser(a, ("root", "pct", "abs")[i % 3]) for i, a in enumerate(home_items[1:]))
    extra_links = "\n".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for h, t in HOME_EXTRA)
    home = f"""{head(NAME + " | " + fa("پایگاه خبری تحلیلی"), canonical=ORIGIN + "/", description=fa("آخرین اخبار سیاسی، اقتصادی، بین_الملل و ورزشی"))}
{header()}
<main id="main"><div class="container">
<section class="top-news"><div class="main-news">
<h2 class="title"><a href="{esc(_href(top, "abs"))}?utm_source=homepage&amp;utm_medium=top">{html_fa(fa(top["title"]))}</a></h2>
<p class="lead">{html_fa(fa(top["lead"]))}</p></div></section>
<section class="latest"><h2>{esc(fa("آخرین اخبار"))}</h2>
<ul class="l-second-right-list">
{blocks}
</ul></section>
<section class="misc"><ul>
{extra_links}
</ul></section>
</div></main>
{footer()}"""
    sb.page("/", "index.html", home, headers=H + [["Set-Cookie", "PHPSESSID=3c9a71b0e24d5f68a1; path=/; HttpOnly"],
                                                   ["Set-Cookie", "lang=fa; path=/"]],
            gzip=True, kind="home")
    sb.non_articles.append({"path": "/", "kind": "home"})

    # -- feeds -------------------------------------------------------------
    feed_items = []
    for a in arts:
        if not a.get("feed", True) or a.get("kind") == "soft404":
            continue
        link = ORIGIN + pct(art_path(a))
        if a.get("feed_link") == "id":  # the feed's link uses the short /news/<id> form
            link = f"{ORIGIN}/fa/news/{a['id']}"
        elif a.get("feed_link") == "utm":
            link += "?utm_source=rss&utm_medium=allnews"
        feed_items.append({"title": fa(a["title"]), "link": link, "description": fa(a["lead"]),
                           "pubDate": a["date"], "category": fa(SECTIONS[a["section"]]["label"]),
                           "guid": f"{ORIGIN}/fa/news/{a['id']}"})
        if a.get("feed_link") == "id":
            sb.redirect(f"/fa/news/{a['id']}", art_path(a), 301, kind="redirect")
    sb.page("/rss", "rss.xml", rss(NAME, ORIGIN, fa("آخرین اخبار نامه نیوز"), feed_items, "fa",
                                   build_date=NOW),
            content_type="application/rss+xml; charset=utf-8", gzip=True, kind="feed")
    sb.redirect("/fa/rss/allnews", "/rss", 301, kind="redirect")

    # -- sitemaps ----------------------------------------------------------
    sm = [a for a in real if a.get("sitemap", True)]
    news = [a for a in sm if a["date"] >= "2023-04-24"]
    sb.page("/sitemap.xml", "sitemap.xml",
            sitemap_index([(ORIGIN + "/sitemap/news.xml", iso_seconds(NOW)),
                           (ORIGIN + "/sitemap/posts-1.xml", iso_seconds(NOW))]),
            content_type="application/xml; charset=utf-8", kind="sitemap")
    sb.page("/sitemap/news.xml", "sitemap-news.xml",
            news_sitemap([{"loc": ORIGIN + pct(art_path(a)), "title": fa(a["title"]), "date": a["date"]}
                          for a in news], NAME, "fa"),
            content_type="application/xml; charset=utf-8", kind="sitemap")
    sb.page("/sitemap/posts-1.xml", "sitemap-posts-1.xml",
            urlset([{"loc": ORIGIN + pct(art_path(a)), "lastmod": iso_seconds(a.get("modified", a["date"])),
                     "changefreq": "daily"} for a in sm if a not in news]
                   + [{"loc": ORIGIN + pct(sec_path(k)), "changefreq": "hourly", "priority": "0.8"}
                      for k in SECTIONS]),
            content_type="application/xml; charset=utf-8", gzip=True, kind="sitemap")

    # -- robots ------------------------------------------------------------
    sb.page("/robots.txt", "robots.txt", ROBOTS, content_type="text/plain", kind="robots")
    sb.must_not_fetch += ["/fa/archive", "/fa/print/", "/search"]

    # -- static pages, tags, soft 404, archive -------------------------------
    for target, file, title, text, kind in STATIC:
        sb.page(target, file, simple_page(fa(title), fa(text), ORIGIN + pct(target)), headers=H, kind=kind)
        sb.non_articles.append({"path": target, "kind": kind})
    all_tags = sorted({t for a in real for t in a.get("tags", [])})
    for n, t in enumerate(all_tags):
        tp = tag_path(t)
        tag_items = [a for a in real if t in a.get("tags", [])]
        sb.page(tp, f"tag/{n}.html", listing_page(fa(t), ORIGIN + pct(tp), tag_items, 1, 1, tp, lead=False),
                headers=H, kind="tag")
        sb.non_articles.append({"path": tp, "kind": "tag"})
    sb.page("/fa/archive", "archive.html",
            listing_page(fa("آرشیو"), ORIGIN + "/fa/archive", real, 1, 1, "/fa/archive", lead=False),
            headers=H, kind="archive")
    sb.page("/fa/print/707675", "print-707675.html",
            simple_page(fa("نسخه چاپی"), fa("نسخه قابل چاپ"), ORIGIN + "/fa/print/707675"), kind="print")
    nf = simple_page(fa("صفحه مورد نظر یافت نشد"), fa("صفحه_ای که به دنبال آن هستید وجود ندارد یا حذف شده است."), "")
    sb.add_file("404.html", nf)
    sb.not_found = {"file": "404.html", "status": 404, "headers": [["Content-Type", "text/html; charset=utf-8"]]}
    sb.non_articles.append({"path": DEAD_LINK, "kind": "404"})

    sb.entry_points = ["/robots.txt", "/", "/fa/rss/allnews", "/rss", "/sitemap.xml"] + [sec_path(k) for k in SECTIONS]
    _traps(sb, by_key)
    return sb


def simple_page(title: str, text: str, canonical: str) -> str:
    return f"""{head(title + " | " + NAME, canonical=canonical)}
{header()}
<main id="main"><div class="container"><div class="static-page">
<h1>{esc(title)}</h1>
<p>{esc(text)}</p>
</div></div></main>
{footer()}"""


ROBOTS = """User-agent: *
Disallow: /fa/archive
Disallow: /fa/print/
Disallow: /search
Disallow: /fa/comment/

User-agent: MJ12bot
Disallow: /

Sitemap: https://www.namehnews.com/sitemap.xml
"""

DEAD_LINK = fa("/بخش-خبر-اقتصادی-4/700112-خبر-حذف-شده-از-آرشیو")

STATIC = [
    ("/page/about-us", "about.html", "درباره ما",
     "پایگاه خبری تحلیلی نامه نیوز از سال ۱۳۹۲ فعالیت خود را آغاز کرده است. این پایگاه دارای مجوز رسمی از وزارت فرهنگ و ارشاد اسلامی است.", "about"),
    ("/page/contact-us", "contact.html", "تماس با ما",
     "نشانی: تهران، خیابان ولیعصر. تلفن: ۰۲۱۸۸۰۰۰۰۰۰ - پست الکترونیک: info@namehnews.com", "contact"),
]

HOME_EXTRA = [
    ("/tag/" + fa("سوریه"), fa("پرونده سوریه")),
    (DEAD_LINK, fa("خبر حذف شده")),
    (fa("/بخش-خبر-سیاسی-10/707999-") + fa("خبر-مورد-نظر-یافت-نشد"), fa("پیگیری یک خبر")),
]


def _traps(sb: SiteBuild, by_key: dict) -> None:
    P = lambda k: art_path(by_key[k])
    sb.trap("robots-disallow", ["/fa/archive", "/fa/print/707675", "/search?adv=1"],
            "robots.txt disallows /fa/archive (a listing the menu links), /fa/print/ (article print links) and /search")
    sb.trap("real-domain-urls", ["/rss", "/sitemap.xml", P("moscow")],
            "feed, sitemaps, canonical and og:url use https://www.namehnews.com; in-page links mix raw UTF-8, percent-encoded and absolute forms")
    sb.trap("sitemap-index", ["/sitemap.xml", "/sitemap/news.xml", "/sitemap/posts-1.xml"],
            "index -> Google News sitemap (news: namespace) + urlset with lastmod (also lists section pages)")
    sb.trap("redirect", ["/fa/rss/allnews", "/003Bh7", "/fa/news/" + str(by_key["herero"]["id"])],
            "legacy feed URL 301 -> /rss; short link 301 -> article")
    sb.trap("utm-query", [P("majlis"), "/"], "feed links carry ?utm_source=rss; home top story ?utm_source=homepage")
    sb.trap("only-on-page-2", [P("saudi")], "reachable only from the section listing ?page=2")
    sb.trap("only-in-sitemap", [P("inflation")], "in the sitemap only (not in feed, home or listings)")
    sb.trap("gzip", ["/", "/rss", P("moscow")], "Content-Encoding: gzip when Accept-Encoding asks for it")
    sb.trap("repeated-headers", ["/", P("moscow")], "two Set-Cookie headers")
    sb.trap("chunked", [P("majlis")], "Transfer-Encoding: chunked, no Content-Length")
    sb.trap("gallery", [P("gallery")], "photo gallery at an article-shaped URL (captions only): not an article")
    sb.trap("soft-404", [P("soft404")], "status 200 'news not found' page at an article-shaped URL")
    sb.trap("404", [DEAD_LINK], "home links a deleted article: 404 page")
    sb.trap("comments", [P("moscow")], "published reader comments (.comments-list li) and a comment form")
    sb.trap("read-also", [P("moscow")], "inline .others-known «بیشتر بخوانید» box inside #echo_detail")
    sb.trap("zwnj", [P("herero"), P("raisi")], "ZWNJ written as &zwnj; in bodies (raw U+200C in titles; raw everywhere in raisi)")
