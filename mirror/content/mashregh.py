"""Mashregh News (www.mashreghnews.ir) pages, "Nastooh" CMS markup.

Layout (site-structure.md): /news/<id>/<slug>; /photo/<id>/<slug> galleries and
/video/<id>/<slug> pages (not articles); /rss, /rss-homepage; /archive with
?pi=N; /service/<name> sections; /tag/<name>.  Article markup: article#item,
.item-header > .item-title (.rutitr, h1.title), .item-date, .introtext,
.item-body .item-text, ol.breadcrumb, section.tags («برچسب‌ها»), the
published reader comments (.comments li) and the comment form («نظر شما»,
captcha), then the «این مطالب را از دست ندهید....», «فیلم برگزیده»,
«برگزیده ورزشی», «برگزیده عکس» boxes.
"""

from __future__ import annotations

from .common import body_text
from .common import (SiteBuild, esc, fa, fa_digits, html_fa, iso_seconds, jalali_text,
                     news_sitemap, pct, rss, sitemap_index, slugify, urlset)
from .mashregh_articles import ARTICLES, SERVICES, MEDIA

ORIGIN = "https://www.mashreghnews.ir"
NAME = fa("مشرق نیوز")
NOW = "2023-04-27T10:05:00+03:30"
ARCHIVE_SIZE = 4
BOILERPLATE = [fa("برچسب_ها"), fa("نظر شما"), fa("شما در حال پاسخ به نظر «» هستید."),
               fa("این مطالب را از دست ندهید...."), fa("فیلم برگزیده"), fa("برگزیده ورزشی"),
               fa("برگزیده عکس"), "captcha", fa("لینک کوتاه")]


def art_path(a: dict) -> str:
    return f"/news/{a['id']}/{slugify(fa(a['title']))}"


def media_path(m: dict) -> str:
    return f"/{m['type']}/{m['id']}/{slugify(fa(m['title']))}"


def tag_path(t: str) -> str:
    return "/tag/" + fa(t).replace(" ", "-")


def href(a: dict, form: str = "root") -> str:
    p = art_path(a)
    return {"root": p, "pct": pct(p), "abs": ORIGIN + pct(p), "slash": pct(p) + "/",
            "utm": pct(p) + "?utm_source=telegram&utm_medium=social", "frag": pct(p) + "#comments",
            "rel": f"{a['id']}/{pct(slugify(fa(a['title'])))}"}[form]


def head(title: str, canonical: str = "", description: str = "", og_type: str = "website",
         published: str = "", image: str = "") -> str:
    out = ['<!DOCTYPE html>', '<html lang="fa" dir="rtl">', '<head>',
           '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
           f'<title>{esc(title)}</title>']
    if description:
        out.append(f'<meta name="description" content="{esc(description)}">')
    out += [f'<meta property="og:site_name" content="{esc(NAME)}">',
            f'<meta property="og:type" content="{og_type}">',
            f'<meta property="og:title" content="{esc(title)}">']
    if canonical:
        out += [f'<meta property="og:url" content="{esc(canonical)}">',
                f'<link rel="canonical" href="{esc(canonical)}">']
    if image:
        out.append(f'<meta property="og:image" content="{ORIGIN}{image}">')
    if published:
        out += [f'<meta property="article:published_time" content="{iso_seconds(published)}">',
                f'<meta name="dcterms.created" content="{iso_seconds(published)}">']
    out += ['<link rel="alternate" type="application/rss+xml" href="https://www.mashreghnews.ir/rss" title="RSS">',
            '<link rel="stylesheet" href="/resources/theme/mashregh/css/style.css?v=1402">',
            '<link rel="icon" href="/resources/theme/mashregh/img/favicon.ico">', '</head>']
    return "\n".join(out)


def header() -> str:
    nav = "\n".join(f'<li><a href="/service/{k}">{esc(fa(v))}</a></li>' for k, v in SERVICES.items())
    return f"""<body class="rtl">
<header id="header"><div class="container">
<div class="header-top"><span class="date-now">{jalali_text(NOW, weekday=True, time=False)}</span>
<a class="brand" href="/"><img src="/resources/theme/mashregh/img/logo.png" alt="{esc(NAME)}"></a>
<form id="search" action="/search" method="get"><input name="query" type="text"><button>{esc(fa("جستجو"))}</button></form></div>
<nav class="navbar"><ul class="nav">
<li class="active"><a href="/">{esc(fa("صفحه نخست"))}</a></li>
{nav}
<li><a href="/photo">{esc(fa("عکس"))}</a></li>
<li><a href="/archive">{esc(fa("آرشیو"))}</a></li>
</ul></nav></div></header>"""


def footer() -> str:
    return f"""<footer id="footer"><div class="container">
<ul class="footer-menu">
<li><a href="/page/about">{esc(fa("درباره ما"))}</a></li>
<li><a href="/page/contact">{esc(fa("تماس با ما"))}</a></li>
<li><a href="/rss-help">RSS</a></li>
<li><a href="/search?query=&amp;pageSize=20">{esc(fa("جستجوی پیشرفته"))}</a></li>
</ul>
<p>{esc(fa("کلیه حقوق این سایت متعلق به مشرق نیوز است و استفاده از مطالب آن با ذکر منبع بلامانع است."))}</p>
</div></footer>
<script src="/resources/theme/mashregh/js/main.js?v=1402"></script>
</body>
</html>
"""


def _item_text(a: dict, by_key: dict) -> str:
    out = []
    for b in a["body"]:
        if isinstance(b, str):
            out.append(f"<p>{html_fa(fa(b), entity=a.get('zwnj_entity', False))}</p>")
        elif b[0] == "h2":
            out.append(f"<h3>{html_fa(fa(b[1]))}</h3>")
        elif b[0] == "ul":
            out.append("<ul>" + "".join(f"<li>{html_fa(fa(x))}</li>" for x in b[1]) + "</ul>")
        elif b[0] == "also":
            o = by_key[b[1]]
            out.append(f'<p><strong>{esc(fa("بیشتر بخوانید:"))}</strong></p>'
                       f'<p><a href="{esc(href(o, b[2] if len(b) > 2 else "abs"))}" target="_blank">{html_fa(fa(o["title"]))}</a></p>')
        elif b[0] == "img":
            out.append(f'<figure class="item-img"><img src="/files/fa/news/{b[1]}" alt="{esc(fa(b[2]))}">'
                       f'<figcaption>{html_fa(fa(b[2]))}</figcaption></figure>')
        elif b[0] == "quote":
            out.append(f"<blockquote>{html_fa(fa(b[1]))}</blockquote>")
        elif b[0] == "source_in_body":
            out.append(f"<p><strong>{esc(fa('منبع: ') + fa(b[1]))}</strong></p>")
    return "\n".join(out)



def _teaser(a: dict, form: str = "root") -> str:
    return (f'<li class="news"><div class="desc"><h3><a href="{esc(href(a, form))}">{html_fa(fa(a["title"]))}</a></h3>'
            f'<p>{html_fa(fa(a["lead"]))}</p><time>{jalali_text(a["date"])}</time></div></li>')


def boxes(by_key: dict, exclude=None) -> str:
    """The four boxes under every Nastooh article page (boilerplate)."""
    arts = [a for a in by_key.values() if a.get("kind", "article") == "article" and a is not exclude
            and a.get("home", True)]
    sport = next((a for a in arts if a["service"] == "sport"), arts[0])
    missed = "\n".join(f'<li><a href="{esc(href(a, "abs"))}">{html_fa(fa(a["title"]))}</a></li>' for a in arts[:4])
    video = next(m for m in MEDIA if m["type"] == "video")
    photo = next(m for m in MEDIA if m["type"] == "photo")
    return f"""<section class="box must-read"><header><h2>{esc(fa("این مطالب را از دست ندهید...."))}</h2></header><ul>
{missed}
</ul></section>
<section class="box video-box"><header><h2>{esc(fa("فیلم برگزیده"))}</h2></header>
<a href="{esc(pct(media_path(video)))}">{html_fa(fa(video["title"]))}</a></section>
<section class="box sport-box"><header><h2>{esc(fa("برگزیده ورزشی"))}</h2></header>
<a href="{esc(href(sport, "slash"))}">{html_fa(fa(sport["title"]))}</a></section>
<section class="box photo-box"><header><h2>{esc(fa("برگزیده عکس"))}</h2></header>
<a href="{esc(ORIGIN + pct(media_path(photo)))}">{html_fa(fa(photo["title"]))}</a></section>"""


def article_page(a: dict, by_key: dict) -> str:
    canon = ORIGIN + pct(art_path(a))
    title = fa(a["title"])
    img = f'/files/fa/news/{a["img"]}' if a.get("img") else ""
    tags = "".join(f'<li><a href="{esc(pct(tag_path(t)))}">{html_fa(fa(t))}</a></li>' for t in a.get("tags", []))
    comments = ""
    if a.get("comments"):
        lis = "\n".join(
            f'<li class="comment"><div class="comment-info"><span class="author">{html_fa(fa(c[0]))}</span>'
            f'<span class="date">{jalali_text(c[1])}</span></div><p class="comment-body">{html_fa(fa(c[2]))}</p>'
            f'<a class="reply" href="#comment-form">{esc(fa("پاسخ"))}</a>'
            f'<span class="like">{fa_digits(c[3] if len(c) > 3 else 0)}</span></li>' for c in a["comments"])
        comments = f"""<section class="comments" id="comments"><header><h2>{esc(fa("نظرات"))}</h2></header>
<ul>
{lis}
</ul></section>"""
    source = a.get("source")
    source_html = (f'<div class="item-source"><span>{esc(fa("منبع:"))}</span> <span>{esc(fa(source))}</span></div>'
                   if source else "")
    return f"""{head(title, canon, fa(a["lead"]), "article", a["date"], img)}
{header()}
<main id="main" class="container"><div class="row"><div class="col-md-8">
<article id="item" class="news" itemscope itemtype="http://schema.org/NewsArticle">
<meta itemprop="datePublished" content="{iso_seconds(a["date"])}">
<div class="item-header">
<div class="item-nav"><ol class="breadcrumb"><li><a href="/">{esc(fa("صفحه نخست"))}</a></li><li><a href="/service/{a["service"]}">{esc(fa(SERVICES[a["service"]]))}</a></li></ol>
<div class="item-date"><span>{jalali_text(a["date"], weekday=True)}</span></div>
<div class="item-code"><span>{esc(fa("کد خبر"))}</span> <span>{fa_digits(a["id"])}</span></div></div>
<div class="item-title">
{f'<h5 class="rutitr">{html_fa(fa(a["rutitr"]))}</h5>' if a.get("rutitr") else ""}
<h1 class="title" itemprop="headline"><a href="{esc(canon)}">{html_fa(title)}</a></h1></div>
<p class="introtext" itemprop="description">{html_fa(fa(a["lead"]))}</p>
</div>
{f'<figure class="item-img"><img src="{img}" alt="{esc(title)}" itemprop="image"></figure>' if img else ""}
<div class="item-body">
<div class="item-text" itemprop="articleBody">
{_item_text(a, by_key)}
</div>
</div>
<div class="item-footer">
{source_html}
<section class="tags"><header><h2>{esc(fa("برچسب_ها"))}</h2></header><ul>{tags}</ul></section>
<div class="short-link"><span>{esc(fa("لینک کوتاه"))}</span> <input type="text" readonly value="https://mshrgh.ir/{a["id"]}"></div>
<div class="item-tools"><a class="print" href="/print/{a["id"]}" rel="nofollow">{esc(fa("چاپ"))}</a>
<a class="send" href="mailto:?body={esc(canon)}">{esc(fa("ارسال"))}</a></div>
</div>
</article>
{comments}
<section class="comment-form" id="comment-form"><header><h2>{esc(fa("نظر شما"))}</h2></header>
<div class="reply-to" style="display:none">{esc(fa("شما در حال پاسخ به نظر «» هستید."))}</div>
<form action="/comment/{a["id"]}" method="post">
<textarea name="body"></textarea>
<input type="text" name="name" placeholder="{esc(fa("نام"))}">
<div class="captcha"><img src="/captcha?v=1" alt="captcha"><input name="captcha"></div>
<button type="submit">{esc(fa("ارسال"))}</button></form></section>
{boxes(by_key, a)}
</div></div></main>
{footer()}"""


def media_page(m: dict) -> str:
    canon = ORIGIN + pct(media_path(m))
    title = fa(m["title"])
    if m["type"] == "photo":
        inner = "\n".join(f'<li><figure><img src="/files/fa/news/{m["id"]}_{i}.jpg" alt="">'
                          f'<figcaption>{html_fa(fa(c))}</figcaption></figure></li>' for i, c in enumerate(m["captions"]))
        main = f'<section id="photos" class="photoGall"><ul>{inner}</ul></section>'
    else:
        main = (f'<div class="video-player"><video controls poster="/files/fa/news/{m["id"]}.jpg">'
                f'<source src="/files/fa/news/{m["id"]}.mp4" type="video/mp4"></video></div>'
                f'<p class="video-desc">{html_fa(fa(m["captions"][0]))}</p>')
    return f"""{head(title, canon, fa(m["captions"][0]), "video.other" if m["type"] == "video" else "website")}
{header()}
<main id="main" class="container">
<div class="gallery-desc">{jalali_text(m["date"])}</div>
<h1 class="title">{html_fa(title)}</h1>
{main}
</main>
{footer()}"""


def listing(title: str, canonical: str, items: list, page: int, pages: int, base: str, forms=("root",)) -> str:
    lis = "\n".join(_teaser(a, forms[i % len(forms)]) for i, a in enumerate(items))
    pager = ""
    if pages > 1:
        links = []
        if page > 1:
            links.append(f'<li class="prev"><a href="{base}?pi={page - 1}">{esc(fa("قبلی"))}</a></li>')
        for p in range(1, pages + 1):
            cls = ' class="active"' if p == page else ""
            links.append(f'<li{cls}><a href="{base}?pi={p}">{fa_digits(p)}</a></li>')
        if page < pages:
            links.append(f'<li class="next"><a href="{base}?pi={page + 1}">{esc(fa("بعدی"))}</a></li>')
        pager = '<ul class="pagination">' + "".join(links) + "</ul>"
    return f"""{head(title + " - " + NAME, canonical)}
{header()}
<main id="main" class="container">
<h1 class="page-title">{esc(title)}</h1>
<section class="list"><ul>
{lis}
</ul></section>
{pager}
</main>
{footer()}"""


def simple_page(title: str, text: str, canonical: str = "") -> str:
    return f"""{head(title + " - " + NAME, canonical)}
{header()}
<main id="main" class="container"><div class="static"><h1>{esc(title)}</h1><p>{esc(text)}</p></div></main>
{footer()}"""


def build() -> SiteBuild:
    sb = SiteBuild("mashregh", ORIGIN, "fa", description=fa(
        "مشرق نیوز (Nastooh CMS): مقاله /news/<id>/<slug>، عکس /photo/…، ویدیو /video/…"))
    arts = sorted(ARTICLES, key=lambda a: a["date"], reverse=True)
    by_key = {a["key"]: a for a in arts}
    real = [a for a in arts if a.get("kind", "article") == "article"]
    H = [["X-Powered-By", "Nastooh"], ["Cache-Control", "public, max-age=120"]]

    for i, a in enumerate(arts):
        path = art_path(a)
        hdrs = list(H)
        if a.get("cookies"):
            hdrs += [["Set-Cookie", "JSESSIONID=A81C3F0B2E9D; Path=/; HttpOnly"],
                     ["Set-Cookie", "NSC_nbtisfhofxt=ffffffff0916; path=/; httponly"]]
        if a.get("kind") == "soft404":
            body = simple_page(fa("خطا"), fa("خبر مورد نظر یافت نشد یا حذف شده است."), "")
            sb.page(path, f"news/{a['id']}.html", body, headers=hdrs, kind="soft404")
            sb.non_articles.append({"path": path, "kind": "soft404",
                                    "note": "status 200 error page at an article-shaped URL"})
            continue
        sb.page(path, f"news/{a['id']}.html", article_page(a, by_key), headers=hdrs,
                gzip=a.get("gzip", i % 2 == 1), chunked=a.get("chunked", False), kind="article")
        # Nastooh tolerates a trailing slash (same page, canonical without it)
        sb.route(path + "/", f"news/{a['id']}.html", headers=hdrs, kind="article")
        sb.redirect(f"/news/{a['id']}", path, 301, kind="redirect")
        sb.articles.append({
            "authors": [],  # the pages show no byline
            "path": path, "url": ORIGIN + pct(path), "title": fa(a["title"]),
            "published": iso_seconds(a["date"]), "section": fa(SERVICES[a["service"]]),
            "tags": [fa(t) for t in a.get("tags", [])], "lead": fa(a["lead"]),
            "paragraphs": body_text(a, fa), "boilerplate": BOILERPLATE + [fa(x) for x in a.get("boilerplate", [])]
            + ([fa("منبع: ") + fa(a["source"])] if a.get("source") else []),
            "language": "fa", "aliases": [path + "/", f"/news/{a['id']}"],
        })

    for m in MEDIA:
        p = media_path(m)
        sb.page(p, f"{m['type']}/{m['id']}.html", media_page(m), headers=H, kind=m["type"])
        sb.non_articles.append({"path": p, "kind": m["type"]})
    photos = [m for m in MEDIA if m["type"] == "photo"]
    sb.page("/photo", "photo-index.html", simple_page(fa("عکس"), fa("گزارش_های تصویری")).replace(
        "</div></main>", "<ul>" + "".join(f'<li><a href="{esc(pct(media_path(m)))}">{html_fa(fa(m["title"]))}</a></li>'
                                          for m in photos) + "</ul></div></main>"), headers=H, kind="listing")
    sb.non_articles.append({"path": "/photo", "kind": "listing"})

    # services (sections), first page only
    for k, label in SERVICES.items():
        items = [a for a in real if a["service"] == k and a.get("list", True)][:6]
        sb.page(f"/service/{k}", f"service/{k}.html",
                listing(fa(label), f"{ORIGIN}/service/{k}", items, 1, 1, f"/service/{k}", ("abs", "root")),
                headers=H, gzip=True, kind="section")
        sb.non_articles.append({"path": f"/service/{k}", "kind": "section"})

    # archive, paginated ?pi=N; /archive and /archive?pi=1 are the same page
    listed = [a for a in arts if a.get("archive", True)]
    pages = (len(listed) + ARCHIVE_SIZE - 1) // ARCHIVE_SIZE
    for p in range(1, pages + 1):
        chunk = listed[(p - 1) * ARCHIVE_SIZE: p * ARCHIVE_SIZE]
        html = listing(fa("آرشیو اخبار"), f"{ORIGIN}/archive?pi={p}", chunk, p, pages, "/archive",
                       ("root", "pct", "rel" if False else "abs"))
        sb.page(f"/archive?pi={p}", f"archive-{p}.html", html, headers=H, kind="archive")
        sb.non_articles.append({"path": f"/archive?pi={p}", "kind": "archive"})
    sb.route("/archive", "archive-1.html", headers=H, kind="archive")
    sb.non_articles.append({"path": "/archive", "kind": "archive"})

    # tags
    for n, t in enumerate(sorted({t for a in real for t in a.get("tags", [])})):
        items = [a for a in real if t in a.get("tags", [])]
        sb.page(tag_path(t), f"tag/{n}.html", listing(fa(t), ORIGIN + pct(tag_path(t)), items, 1, 1, tag_path(t)),
                headers=H, kind="tag")
        sb.non_articles.append({"path": tag_path(t), "kind": "tag"})

    # home
    home_items = [a for a in arts if a.get("home", True)]
    forms = ("root", "frag", "pct", "utm", "abs")
    lis = "\n".join(_teaser(a, forms[i % len(forms)]) for i, a in enumerate(home_items))
    home = f"""{head(NAME + " - " + fa("اخبار ایران و جهان"), ORIGIN + "/", fa("مشرق نیوز: آخرین اخبار ایران و جهان"))}
{header()}
<main id="main" class="container">
<section class="top-news"><ul>
{lis}
</ul></section>
<section class="multimedia"><h2>{esc(fa("چندرسانه_ای"))}</h2><ul>
{"".join(f'<li><a href="{esc(pct(media_path(m)))}">{html_fa(fa(m["title"]))}</a></li>' for m in MEDIA)}
</ul></section>
<section class="misc"><ul>
<li><a href="/page/about">{esc(fa("درباره مشرق"))}</a></li>
<li><a href="{esc(pct(DEAD_LINK))}">{esc(fa("پرونده ویژه"))}</a></li>
{"".join(f'<li><a href="{esc(href(a, "abs"))}">{html_fa(fa(a["title"]))}</a></li>' for a in arts if a.get("kind") == "soft404")}
</ul></section>
</main>
{footer()}"""
    sb.page("/", "index.html", home, headers=H, gzip=True, chunked=True, kind="home")
    sb.non_articles.append({"path": "/", "kind": "home"})

    # feeds: /rss (all), /rss-homepage (home list, one entry via the /news/<id> redirect)
    def item(a, link):
        return {"title": fa(a["title"]), "link": link, "description": fa(a["lead"]), "pubDate": a["date"],
                "category": fa(SERVICES[a["service"]])}
    feed = [item(a, ORIGIN + pct(art_path(a))) for a in real if a.get("feed", True)]
    feed[2]["link"] += "?utm_source=rss"
    sb.page("/rss", "rss.xml", rss(NAME, ORIGIN, fa("مشرق نیوز - آخرین اخبار"), feed, "fa", build_date=NOW),
            content_type="application/rss+xml; charset=utf-8", gzip=True, kind="feed")
    hfeed = [item(a, f"{ORIGIN}/news/{a['id']}" if a.get("feed_link") == "id" else ORIGIN + pct(art_path(a)))
             for a in real if a.get("home_feed", False)]
    sb.page("/rss-homepage", "rss-homepage.xml", rss(NAME, ORIGIN, fa("مشرق نیوز - صفحه نخست"), hfeed, "fa",
                                                     build_date=NOW),
            content_type="text/xml; charset=utf-8", kind="feed")

    # sitemaps: index -> news sitemap + monthly urlset
    sm = [a for a in real if a.get("sitemap", True)]
    news = [a for a in sm if a["date"] >= "2023-04-20"]
    sb.page("/sitemap.xml", "sitemap.xml", sitemap_index([
        (ORIGIN + "/sitemap/news.xml", iso_seconds(NOW)),
        (ORIGIN + "/sitemap/1402/01.xml", "2023-04-20T23:59:00+03:30"),
        (ORIGIN + "/sitemap/1402/02.xml", iso_seconds(NOW))]),
        content_type="application/xml; charset=utf-8", kind="sitemap")
    sb.page("/sitemap/news.xml", "sitemap-news.xml",
            news_sitemap([{"loc": ORIGIN + pct(art_path(a)), "title": fa(a["title"]), "date": a["date"]} for a in news],
                         NAME, "fa"), content_type="application/xml; charset=utf-8", kind="sitemap")
    far = [a for a in sm if a["date"] < "2023-04-21"]
    ord_ = [a for a in sm if a["date"] >= "2023-04-21"]
    for name, group in (("01", far), ("02", ord_)):
        sb.page(f"/sitemap/1402/{name}.xml", f"sitemap-1402-{name}.xml",
                urlset([{"loc": ORIGIN + pct(art_path(a)), "lastmod": iso_seconds(a.get("modified", a["date"]))}
                        for a in group]), content_type="application/xml; charset=utf-8", gzip=True, kind="sitemap")

    sb.page("/robots.txt", "robots.txt", ROBOTS, content_type="text/plain; charset=utf-8", kind="robots")
    sb.must_not_fetch += ["/print/", "/search"]
    sb.page("/print/1501840", "print.html", simple_page(fa("چاپ"), fa("نسخه چاپی")), kind="print")

    for target, file, title, text, kind in STATIC:
        sb.page(target, file, simple_page(fa(title), fa(text), ORIGIN + target), headers=H, kind=kind)
        sb.non_articles.append({"path": target, "kind": kind})

    nf = simple_page(fa("صفحه پیدا نشد"), fa("خطای ۴۰۴ - صفحه مورد نظر شما یافت نشد."))
    sb.add_file("404.html", nf)
    sb.not_found = {"file": "404.html", "status": 404,
                    "headers": [["Content-Type", "text/html; charset=utf-8"], ["Cache-Control", "no-cache"]]}
    sb.non_articles.append({"path": DEAD_LINK, "kind": "404"})
    sb.entry_points = ["/robots.txt", "/", "/rss", "/rss-homepage", "/sitemap.xml", "/archive"]
    P = lambda k: art_path(by_key[k])
    sb.trap("robots-disallow", ["/print/1501840", "/search?query=&pageSize=20"],
            "robots.txt disallows /print/ (every article's print link) and /search (footer link)")
    sb.trap("real-domain-urls", ["/rss", "/sitemap.xml", "/"], "absolute https://www.mashreghnews.ir links in feeds, sitemaps, canonical, boxes")
    sb.trap("sitemap-index", ["/sitemap.xml", "/sitemap/news.xml", "/sitemap/1402/01.xml", "/sitemap/1402/02.xml"],
            "index -> Google News sitemap + monthly urlsets with lastmod")
    sb.trap("redirect", [f"/news/{by_key['moscow-defense']['id']}"], "/rss-homepage links /news/<id>, 301 -> /news/<id>/<slug>")
    sb.trap("same-article-many-forms", ["/"], "home links articles raw, percent-encoded, with #comments, ?utm_source=telegram, absolute; boxes link with a trailing slash (served 200, canonical without it)")
    sb.trap("only-in-feed", [P("sudan")], "in /rss only")
    sb.trap("only-on-archive-page-2-3", [P("saudi"), P("aqsa"), P("moscow-deputies")], "oldest items: /archive?pi=2 / ?pi=3 and their service page")
    sb.trap("chunked", ["/"], "home page sent with Transfer-Encoding: chunked")
    sb.trap("gzip", ["/rss", "/archive?pi=1"], "gzip when asked")
    sb.trap("repeated-headers", [P("moscow-deputies")], "two Set-Cookie headers")
    sb.trap("non-articles", [media_path(m) for m in MEDIA], "/photo/ and /video/ pages (not articles)")
    sb.trap("soft-404", [P("soft404")], "status 200 error page at /news/<id>/<slug>")
    sb.trap("404", [DEAD_LINK], "home links a missing /news/ path: 404")
    sb.trap("comments", [P("moscow-deputies")], "published reader comments (.comments li) + form «نظر شما», captcha, reply notice")
    sb.trap("read-also", [P("moscow-defense"), P("bookfair")], "«بیشتر بخوانید:» paragraph + link inside .item-text")
    sb.trap("source-credit", [P("aqsa")], "«منبع: تسنیم» as the last paragraph inside .item-text (others: .item-source)")
    return sb


DEAD_LINK = "/news/1487000/" + fa("پرونده-ویژه-حذف-شده")

ROBOTS = """User-agent: *
Disallow: /search
Disallow: /print/
Disallow: /comment/
Disallow: /captcha

Sitemap: https://www.mashreghnews.ir/sitemap.xml
"""

STATIC = [
    ("/page/about", "about.html", "درباره ما",
     "مشرق نیوز پایگاه خبری تحلیلی است که از سال ۱۳۸۷ آغاز به کار کرده است.", "about"),
    ("/page/contact", "contact.html", "تماس با ما", "تلفن: ۰۲۱۶۶۰۰۰۰۰۰ - نشانی پست الکترونیک: info@mashreghnews.ir", "contact"),
    ("/rss-help", "rss-help.html", "راهنمای RSS", "برای دریافت آخرین اخبار از خبرخوان استفاده کنید: /rss", "static"),
]
