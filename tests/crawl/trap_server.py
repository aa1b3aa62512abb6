"""A loopback server with live-site traps the bundled mirror does not have.

``python tests/crawl/trap_server.py`` binds 127.0.0.1 on a free port, prints
``{"port": N}`` and serves a small Mashregh-like site where:
- ``/news/1501100`` answers 301 with a ``Location`` on the live domain;
- an archive page sets ``<base href>`` to the live domain and links relatively;
- one story is only in a per-list feed linked from ``/rss-help`` (an HTML page);
- one story answers 200 at both ``/news/1501103`` and ``/news/1501103/<slug>``, with
  no canonical URL on the page;
- robots.txt has no ``Sitemap:`` line.
"""

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

LIVE = "https://www.mashreghnews.ir"
PARA = ("به گزارش مشرق، نشست‌های کارشناسی درباره همکاری‌های منطقه‌ای در تهران ادامه دارد و "
        "طرفین بر ضرورت گفت‌وگوهای سازنده تأکید کرده‌اند. ")
STORIES = {
    "1501100": ("slug-a", "نشست کارشناسی همکاری‌های منطقه‌ای در تهران"),
    "1501101": ("slug-b", "ادامه گفت‌وگوهای اقتصادی میان ایران و عراق"),
    "1501102": ("slug-c", "برگزاری نمایشگاه بین‌المللی کتاب در مصلی"),
    "1501103": ("slug-d", "آغاز ثبت‌نام کنکور سراسری از هفته آینده"),
}


def story(sid):
    slug, title = STORIES[sid]
    paras = "".join(f"<p>{PARA * 2}({i})</p>" for i in range(5))
    return (f'<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{title} - مشرق نیوز</title>'
            f'<meta property="og:type" content="article"></head><body><nav><a href="/">صفحه اصلی</a></nav>'
            f'<article><h1 class="title">{title}</h1><div class="item-date"><span>۵ اردیبهشت ۱۴۰۲ - ۲۱:۴۶</span></div>'
            f'<div class="item-body"><div class="item-text">{paras}</div></div></article></body></html>')


PAGES = {
    "/robots.txt": ("text/plain", "User-agent: *\nDisallow: /search\n"),
    "/": ("text/html; charset=utf-8",
          '<!doctype html><html><head><meta charset="utf-8"><title>مشرق</title></head><body>'
          '<a href="/news/1501100">خبر یک</a> <a href="/page/archive.xhtml?pi=1">آرشیو</a> '
          '<a href="/news/1501103">خبر چهار</a> <a href="/news/1501103/slug-d">خبر چهار</a></body></html>'),
    "/page/archive.xhtml?pi=1": ("text/html; charset=utf-8",
          f'<!doctype html><html><head><meta charset="utf-8"><base href="{LIVE}/"><title>آرشیو</title></head>'
          '<body><ul><li><h3><a href="news/1501101/slug-b">خبر دو</a></h3></li></ul></body></html>'),
    "/rss-help": ("text/html; charset=utf-8",
          '<!doctype html><html><head><meta charset="utf-8"><title>راهنمای RSS</title></head>'
          '<body><a href="/rss/pl/5">سیاسی</a></body></html>'),
    "/rss/pl/5": ("application/rss+xml; charset=utf-8",
          '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>سیاسی</title>'
          f'<link>{LIVE}/</link><item><title>خبر سه</title><link>{LIVE}/news/1501102/slug-c</link>'
          '<pubDate>Tue, 25 Apr 2023 17:16:00 GMT</pubDate></item></channel></rss>'),
}
for sid, (slug, _) in STORIES.items():
    PAGES[f"/news/{sid}/{slug}"] = ("text/html; charset=utf-8", story(sid))
PAGES["/news/1501103"] = PAGES["/news/1501103/slug-d"]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path == "/news/1501100":
            self.send_response(301)
            self.send_header("Location", f"{LIVE}/news/1501100/slug-a")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        page = PAGES.get(unquote(self.path))
        status, (ctype, text) = (200, page) if page else (404, ("text/html", "<html><body>404</body></html>"))
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(json.dumps({"port": httpd.server_address[1]}), flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
