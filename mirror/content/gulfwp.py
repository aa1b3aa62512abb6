"""gulfwp: a small Arabic Gulf news site on a WordPress news theme, unknown to Khabar.

It exercises the generic spider (no site definition): WordPress permalinks
/2023/04/25/<slug>/ (links percent-encoded in lower case, as WordPress writes
them), /feed/, /wp-sitemap.xml (core sitemaps: index -> posts, categories,
users), og:type article and JSON-LD NewsArticle on posts only, category/tag/
author archives with /page/2/, a static page, ?p=<id> shortlinks that 301 to
the permalink.  Boilerplate as in seed 002: «Connect with us», «Hi, what are
you looking for?», «اخر الاخبار», the comment form («اضف تعليقك», «اترك
تعليقك», «لن يتم نشر عنوان بريدك الإلكتروني…») and «مقالات ذات صلة» teasers.

A WordPress site writes its own origin into every link, so this mirror is
served with ``rewrite_origin``: the server replaces the recorded origin by
the one the request came to (as if WordPress were installed on that host).
"""

from __future__ import annotations

import json
from urllib.parse import quote

from .common import AR_MONTHS, SiteBuild, esc, iso_seconds, parse_iso, rss, sitemap_index, slugify, urlset
from .seedtexts import GULF_MOSCOW

ORIGIN = "https://www.gulfwp.example"
NAME = "أخبار الخليج اليوم"
NOW = "2023-04-27T08:00:00+04:00"

CATS = {"news": "اخر الاخبار", "gulf": "الخليج", "sport": "رياضة", "economy": "اقتصاد", "world": "دولي"}

POSTS = [
    {"id": 48211, "date": "2023-04-25T18:40:00+04:00", "cat": "world", "author": "desk",
     "title": GULF_MOSCOW["title"], "body": GULF_MOSCOW["body"], "tags": ["تركيا", "سوريا"],
     "comments": [("أبو خالد", "2023-04-25T20:02:00+04:00", "خطوة في الاتجاه الصحيح إذا صدقت النوايا.")]},
    {"id": 48190, "date": "2023-04-24T11:15:00+04:00", "cat": "economy", "author": "sara",
     "title": "الإمارات تطلق برنامجاً جديداً لتمويل مشاريع الطاقة النظيفة",
     "body": [
         "دبي – أعلنت وزارة الطاقة والبنية التحتية في الإمارات، اليوم الاثنين، إطلاق برنامج جديد لتمويل مشاريع الطاقة النظيفة بقيمة إجمالية تبلغ ملياري درهم، يستهدف الشركات الصغيرة والمتوسطة العاملة في القطاع.",
         "وقالت الوزارة في بيان إن البرنامج يقدم قروضاً ميسرة بفترات سداد تصل إلى عشر سنوات، إلى جانب دعم فني للشركات الناشئة في مجالات الطاقة الشمسية وكفاءة استهلاك الطاقة وتخزينها.",
         "ويأتي البرنامج في إطار استعدادات الدولة لاستضافة مؤتمر الأطراف في اتفاقية الأمم المتحدة الإطارية بشأن تغير المناخ (كوب 28) في دبي أواخر العام الجاري.",
         "وتستهدف الإمارات رفع مساهمة الطاقة النظيفة في مزيج الطاقة إلى 30 في المائة بحلول عام 2030، وفق الاستراتيجية الوطنية المحدّثة.",
     ], "tags": ["الإمارات", "الطاقة النظيفة"]},
    {"id": 48102, "date": "2023-04-23T22:05:00+04:00", "cat": "sport", "author": "desk",
     "title": "العين يتأهل إلى نهائي كأس رئيس الدولة بعد فوز مثير",
     "body": [
         "العين – تأهل فريق العين إلى المباراة النهائية لمسابقة كأس رئيس الدولة لكرة القدم، بعد فوزه على الوحدة بنتيجة 3-2 في مباراة مثيرة أقيمت مساء الأحد على استاد هزاع بن زايد.",
         "وتقدم الوحدة بهدفين في الشوط الأول، قبل أن يعود العين بقوة في الشوط الثاني ويسجل ثلاثة أهداف، كان آخرها في الدقيقة 88 من ركلة جزاء.",
         "وقال مدرب العين هيرنان كريسبو إن لاعبيه أظهروا شخصية قوية، مضيفاً أن الفريق سيستعد جيداً للمباراة النهائية.",
         "ويلتقي العين في النهائي الفائز من مواجهة شباب الأهلي والشارقة.",
     ], "tags": ["العين", "كأس رئيس الدولة"]},
    {"id": 48230, "date": "2023-04-26T09:30:00+04:00", "cat": "gulf", "author": "sara",
     "title": "عاجل: هزة أرضية بقوة 4.9 درجات جنوب إيران يشعر بها سكان في الإمارات",
     "body": [
         "أبوظبي – أعلن المركز الوطني للأرصاد، صباح اليوم الأربعاء، أن محطات الرصد سجلت هزة أرضية بقوة 4.9 درجات على مقياس ريختر جنوب إيران، شعر بها بعض سكان الإمارات الشمالية دون أن يكون لها أي تأثير.",
         "وأوضح المركز أن الهزة وقعت على عمق 10 كيلومترات، مؤكداً أنه يتابع الوضع على مدار الساعة وسيعلن أي مستجدات عبر قنواته الرسمية.",
     ], "tags": ["الإمارات", "زلزال"]},
    {"id": 47960, "date": "2023-04-20T14:00:00+04:00", "cat": "gulf", "author": "desk",
     "title": "السعودية: أكثر من مليوني معتمر في العشر الأواخر من رمضان",
     "body": [
         "مكة المكرمة – أعلنت الهيئة العامة للعناية بشؤون المسجد الحرام والمسجد النبوي أن أعداد المعتمرين والمصلين في العشر الأواخر من شهر رمضان تجاوزت مليوني شخص، في أعلى رقم منذ جائحة كورونا.",
         "وأوضحت الهيئة أنها جنّدت أكثر من 12 ألف عامل وعاملة لخدمة الزوار، وخصصت مسارات إضافية لتنظيم الحشود في صحن المطاف والأدوار العلوية.",
         "وشهدت ليلة السابع والعشرين من رمضان حضوراً كثيفاً، حيث امتلأت ساحات المسجد الحرام والطرق المؤدية إليه بالمصلين.",
         "وكانت وزارة الحج والعمرة قد أعلنت في وقت سابق تسهيلات جديدة لإصدار تأشيرات العمرة للقادمين من خارج المملكة.",
     ], "tags": ["السعودية", "رمضان"]},
]
AUTHORS = {"desk": "المحرر", "sara": "سارة المنصوري"}


def post_path(p: dict) -> str:
    d = parse_iso(p["date"])
    return f"/{d.year}/{d.month:02d}/{d.day:02d}/{slugify(p['title'])}/"


def wp_url(path: str) -> str:
    """WordPress writes permalinks percent-encoded in lower case."""
    q = quote(path, safe="/?=&-._~")
    out, i = [], 0
    while i < len(q):
        if q[i] == "%":
            out.append(q[i:i + 3].lower())
            i += 3
        else:
            out.append(q[i])
            i += 1
    return ORIGIN + "".join(out)


def ar_date(iso: str) -> str:
    d = parse_iso(iso)
    return f"{d.day} {AR_MONTHS[d.month - 1]}، {d.year}"


def head(title: str, canonical: str, og_type: str = "website", post: dict | None = None) -> str:
    out = ['<!DOCTYPE html>', '<html dir="rtl" lang="ar">', '<head>', '<meta charset="UTF-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<title>{esc(title)}</title>', '<meta name="robots" content="index, follow, max-image-preview:large">',
           f'<link rel="canonical" href="{esc(canonical)}" />', f'<meta property="og:locale" content="ar_AR" />',
           f'<meta property="og:type" content="{og_type}" />', f'<meta property="og:title" content="{esc(title)}" />',
           f'<meta property="og:url" content="{esc(canonical)}" />', f'<meta property="og:site_name" content="{NAME}" />']
    if post:
        out += [f'<meta property="article:published_time" content="{iso_seconds(post["date"])}" />',
                f'<meta property="article:section" content="{CATS[post["cat"]]}" />']
        ld = {"@context": "https://schema.org", "@graph": [
            {"@type": "NewsArticle", "@id": canonical + "#article", "headline": post["title"],
             "datePublished": iso_seconds(post["date"]), "dateModified": iso_seconds(post["date"]),
             "author": {"@type": "Person", "name": AUTHORS[post["author"]]},
             "articleSection": CATS[post["cat"]], "inLanguage": "ar", "mainEntityOfPage": canonical,
             "publisher": {"@type": "Organization", "name": NAME}},
            {"@type": "WebPage", "@id": canonical, "url": canonical, "name": title}]}
        out.append('<script type="application/ld+json" class="yoast-schema-graph">'
                   + json.dumps(ld, ensure_ascii=False) + "</script>")
        out.append(f"<link rel='shortlink' href='{ORIGIN}/?p={post['id']}' />")
    else:
        ld = {"@context": "https://schema.org", "@type": "WebSite", "name": NAME, "url": ORIGIN + "/"}
        out.append('<script type="application/ld+json">' + json.dumps(ld, ensure_ascii=False) + "</script>")
    out += [f'<link rel="alternate" type="application/rss+xml" title="{NAME} &raquo; الخلاصة" href="{ORIGIN}/feed/" />',
            f"<link rel='stylesheet' id='theme-style-css' href='{ORIGIN}/wp-content/themes/newsmag/style.css?ver=6.2' media='all' />",
            '<meta name="generator" content="WordPress 6.2" />', '</head>']
    return "\n".join(out)


def header() -> str:
    cats = "".join(f'<li class="menu-item"><a href="{ORIGIN}/category/{k}/">{v}</a></li>' for k, v in CATS.items())
    return f"""<body class="rtl home blog wp-embed-responsive">
<div id="page" class="site">
<div class="top-bar"><span class="social-title">Connect with us</span>
<ul class="social"><li><a href="https://twitter.com/gulfwp" rel="nofollow">Twitter</a></li><li><a href="https://facebook.com/gulfwp" rel="nofollow">Facebook</a></li></ul></div>
<header id="masthead" class="site-header"><p class="site-title"><a href="{ORIGIN}/" rel="home">{NAME}</a></p>
<div class="search-overlay"><form role="search" method="get" action="{ORIGIN}/"><label>Hi, what are you looking for?</label><input type="search" name="s" /></form></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{cats}<li class="menu-item"><a href="{ORIGIN}/about-us/">من نحن</a></li></ul></nav>
</header>
<div class="breaking-ticker"><span class="ticker-title">اخر الاخبار</span></div>"""


def footer() -> str:
    return f"""<footer id="colophon" class="site-footer">
<section class="widget widget_meta"><h2 class="widget-title">روابط</h2><ul>
<li><a href="{ORIGIN}/wp-admin/">لوحة التحكم</a></li>
<li><a href="{ORIGIN}/feed/">خلاصة المقالات</a></li>
<li><a href="{ORIGIN}/?s=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7">بحث: سوريا</a></li></ul></section>
<div class="site-info">جميع الحقوق محفوظة © {NAME} 2023</div>
</footer></div>
<script src='{ORIGIN}/wp-includes/js/jquery/jquery.min.js?ver=3.6.3' id='jquery-core-js'></script>
</body>
</html>
"""


def teaser(p: dict, excerpt: bool = True) -> str:
    return (f'<article class="post-{p["id"]} post type-post status-publish format-standard category-{p["cat"]}">'
            f'<span class="cat-links"><a href="{ORIGIN}/category/{p["cat"]}/">{CATS[p["cat"]]}</a></span>'
            f'<h3 class="entry-title"><a href="{wp_url(post_path(p))}">{esc(p["title"])}</a></h3>'
            + (f'<div class="entry-summary"><p>{esc(p["body"][0][:150])}...</p></div>' if excerpt else "")
            + f'<time class="entry-date" datetime="{iso_seconds(p["date"])}">{ar_date(p["date"])}</time></article>')


def post_page(p: dict) -> str:
    canon = wp_url(post_path(p))
    body = "\n".join(f"<p>{esc(x)}</p>" for x in p["body"])
    related = "\n".join(teaser(o) for o in POSTS if o is not p)
    tags = "".join(f'<a href="{wp_url("/tag/" + t.replace(" ", "-") + "/")}" rel="tag">{esc(t)}</a>' for t in p["tags"])
    comments = "".join(f'<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">{esc(c[0])}</b>'
                       f'<time datetime="{iso_seconds(c[1])}">{ar_date(c[1])}</time></footer>'
                       f'<div class="comment-content"><p>{esc(c[2])}</p></div></article></li>' for c in p.get("comments", []))
    return f"""{head(p["title"] + " - " + NAME, canon, "article", p)}
{header()}
<main id="main" class="site-main">
<article id="post-{p["id"]}" class="post-{p["id"]} post type-post status-publish format-standard has-post-thumbnail category-{p["cat"]}">
<header class="entry-header"><span class="cat-links"><a href="{ORIGIN}/category/{p["cat"]}/" rel="category tag">{CATS[p["cat"]]}</a></span>
<h1 class="entry-title">{esc(p["title"])}</h1>
<div class="entry-meta"><span class="byline"><a class="url fn n" href="{ORIGIN}/author/{p["author"]}/">{esc(AUTHORS[p["author"]])}</a></span>
<span class="posted-on"><time class="entry-date published" datetime="{iso_seconds(p["date"])}">{ar_date(p["date"])}</time></span></div></header>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer"><span class="tags-links">{tags}</span></footer>
</article>
<div id="comments" class="comments-area">
{f'<ol class="comment-list">{comments}</ol>' if comments else ""}
<h2 class="comments-title">اضف تعليقك</h2>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">اترك تعليقك</h3>
<form action="{ORIGIN}/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<p class="comment-notes">لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *</p>
<textarea id="comment" name="comment"></textarea><input name="author" /><input name="email" />
<input name="submit" type="submit" id="submit" class="submit" value="إرسال التعليق" /></form></div></div>
<section class="related-posts"><h2 class="related-title">مقالات ذات صلة</h2>
{related}
</section>
</main>
{footer()}"""


def archive(title: str, canon: str, posts: list, nxt: str = "") -> str:
    pager = f'<nav class="navigation pagination"><a class="next page-numbers" href="{nxt}">التالي</a></nav>' if nxt else ""
    return f"""{head(title + " - " + NAME, canon)}
{header()}
<main id="main" class="site-main"><header class="page-header"><h1 class="page-title">{esc(title)}</h1></header>
{chr(10).join(teaser(p) for p in posts)}
{pager}
</main>
{footer()}"""


def build() -> SiteBuild:
    sb = SiteBuild("gulfwp", ORIGIN, "ar", description="Arabic Gulf news on a WordPress theme; no Khabar site definition")
    sb.rewrite_origin = True
    sb.server = "Apache"
    posts = sorted(POSTS, key=lambda p: p["date"], reverse=True)
    H = [["X-Powered-By", "PHP/8.1.17"], ["Link", '<' + ORIGIN + '/wp-json/>; rel="https://api.w.org/"']]
    for p in posts:
        path = post_path(p)
        sb.page(path, f"post-{p['id']}.html", post_page(p), headers=H + [["Link", f"<{ORIGIN}/?p={p['id']}>; rel=shortlink"]],
                gzip=True, kind="article")
        sb.redirect(path.rstrip("/"), path, 301, kind="redirect")
        sb.redirect(f"/?p={p['id']}", path, 301, kind="redirect")
        sb.articles.append({
            "path": path, "url": wp_url(path), "title": p["title"], "published": iso_seconds(p["date"]),
            "section": CATS[p["cat"]], "tags": p["tags"], "lead": None, "paragraphs": list(p["body"]),
            "authors": [AUTHORS[p["author"]]],  # .byline under the title, JSON-LD Person
            "language": "ar", "aliases": [path.rstrip("/"), f"/?p={p['id']}"],
            "boilerplate": ["Connect with us", "Hi, what are you looking for?", "اخر الاخبار", "اضف تعليقك",
                            "اترك تعليقك", "لن يتم نشر عنوان بريدك الإلكتروني", "مقالات ذات صلة"],
        })
    # home: latest 3 with pagination /page/2/
    sb.page("/", "index.html", archive(NAME, ORIGIN + "/", posts[:3], ORIGIN + "/page/2/"), headers=H, kind="home")
    sb.page("/page/2/", "page-2.html", archive(NAME, ORIGIN + "/page/2/", posts[3:]), headers=H, kind="home")
    sb.non_articles += [{"path": "/", "kind": "home"}, {"path": "/page/2/", "kind": "home"}]
    for k, v in CATS.items():
        cp = [p for p in posts if p["cat"] == k or k == "news"]
        sb.page(f"/category/{k}/", f"cat-{k}.html", archive(v, f"{ORIGIN}/category/{k}/", cp), headers=H, kind="section")
        sb.non_articles.append({"path": f"/category/{k}/", "kind": "section"})
    for k, v in AUTHORS.items():
        sb.page(f"/author/{k}/", f"author-{k}.html", archive(v, f"{ORIGIN}/author/{k}/",
                                                             [p for p in posts if p["author"] == k]), headers=H, kind="author")
        sb.non_articles.append({"path": f"/author/{k}/", "kind": "author"})
    for n, t in enumerate(sorted({t for p in posts for t in p["tags"]})):
        tp = "/tag/" + t.replace(" ", "-") + "/"
        sb.page(tp, f"tag-{n}.html", archive(t, wp_url(tp), [p for p in posts if t in p["tags"]]), headers=H, kind="tag")
        sb.non_articles.append({"path": tp, "kind": "tag"})
    sb.page("/about-us/", "about.html", f"""{head("من نحن - " + NAME, ORIGIN + "/about-us/")}
{header()}<main id="main"><article class="page type-page"><h1 class="entry-title">من نحن</h1>
<div class="entry-content"><p>{NAME} موقع إخباري مستقل يغطي أخبار دول الخليج العربي والعالم، تأسس عام 2015 ويعمل فيه فريق من المحررين والمراسلين في عدة عواصم خليجية.</p></div></article></main>
{footer()}""", headers=H, kind="about")
    sb.non_articles.append({"path": "/about-us/", "kind": "about", "note": "WordPress page: og:type website, no date"})
    items = [{"title": p["title"], "link": wp_url(post_path(p)), "description": p["body"][0][:200] + " […]",
              "pubDate": p["date"], "guid": f"{ORIGIN}/?p={p['id']}", "category": CATS[p["cat"]]} for p in posts]
    sb.page("/feed/", "feed.xml", rss(NAME, ORIGIN, "أخبار الخليج والعالم", items, "ar", build_date=NOW),
            content_type="application/rss+xml; charset=UTF-8", headers=H, kind="feed")
    sb.redirect("/feed", "/feed/", 301, kind="redirect")
    sb.page("/wp-sitemap.xml", "wp-sitemap.xml", sitemap_index([
        (ORIGIN + "/wp-sitemap-posts-post-1.xml", None), (ORIGIN + "/wp-sitemap-posts-page-1.xml", None),
        (ORIGIN + "/wp-sitemap-taxonomies-category-1.xml", None), (ORIGIN + "/wp-sitemap-users-1.xml", None)]),
        content_type="application/xml; charset=UTF-8", kind="sitemap")
    sb.page("/wp-sitemap-posts-post-1.xml", "wp-sitemap-posts.xml",
            urlset([{"loc": wp_url(post_path(p)), "lastmod": iso_seconds(p["date"])} for p in posts[1:]]),
            content_type="application/xml; charset=UTF-8", kind="sitemap")
    sb.page("/wp-sitemap-posts-page-1.xml", "wp-sitemap-pages.xml", urlset([{"loc": ORIGIN + "/about-us/"}]),
            content_type="application/xml; charset=UTF-8", kind="sitemap")
    sb.page("/wp-sitemap-taxonomies-category-1.xml", "wp-sitemap-cats.xml",
            urlset([{"loc": f"{ORIGIN}/category/{k}/"} for k in CATS]), content_type="application/xml; charset=UTF-8",
            kind="sitemap")
    sb.page("/wp-sitemap-users-1.xml", "wp-sitemap-users.xml",
            urlset([{"loc": f"{ORIGIN}/author/{k}/"} for k in AUTHORS]), content_type="application/xml; charset=UTF-8",
            kind="sitemap")
    sb.page("/robots.txt", "robots.txt", "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
            "Disallow: /?s=\n\nSitemap: https://www.gulfwp.example/wp-sitemap.xml\n", content_type="text/plain; charset=utf-8",
            kind="robots")
    sb.must_not_fetch += ["/wp-admin/", "/?s="]
    sb.add_file("404.html", f"""{head("الصفحة غير موجودة - " + NAME, ORIGIN + "/")}
{header()}<main id="main"><section class="error-404 not-found"><h1 class="page-title">عذراً! لا يمكن العثور على هذه الصفحة.</h1></section></main>
{footer()}""")
    sb.not_found = {"file": "404.html", "status": 404, "headers": [["Content-Type", "text/html; charset=UTF-8"]]}
    sb.entry_points = ["/robots.txt", "/", "/feed/", "/wp-sitemap.xml"]
    newest = post_path(posts[0])
    sb.trap("unknown-site", ["/"], "no Khabar site definition: the generic spider must use og:type/JSON-LD/feeds/sitemaps")
    sb.trap("rewrite-origin", ["/"], "absolute links on the host the client asked (WordPress siteurl)")
    sb.trap("lowercase-percent-encoding", [newest], "WordPress writes %d8%a7-style lower-case escapes")
    sb.trap("not-in-sitemap", [newest], "newest post is not yet in wp-sitemap-posts-post-1.xml (feed + home only)")
    sb.trap("redirect", [newest.rstrip("/"), f"/?p={posts[0]['id']}", "/feed"], "no-trailing-slash, ?p= shortlink and /feed 301s")
    sb.trap("home-pagination", ["/page/2/"], "older posts on /page/2/")
    sb.trap("wp-page", ["/about-us/"], "a WordPress page (og:type website, no date): not an article")
    sb.trap("comments", [post_path(POSTS[0])], "a published comment, the comment form and «مقالات ذات صلة» teasers")
    return sb
