"""A loopback news site whose content changes between crawls.

``python tests/crawl/newsroom_server.py WORLD.json`` binds 127.0.0.1 on a free
port, prints ``{"port": N}`` and serves a Mashregh-shaped site built from the
world file, re-read whenever it changes, so a test can add, edit, break and
mend stories between two crawls:

    {"stories": {"1600001": {"rev": 1, "status": 200, "short": "200"}, ...},
     "published": "2026-12-01T10:00:00+03:30"}

- ``/robots.txt`` names ``/sitemap.xml``; the sitemap lists every story's full
  URL with ``<lastmod>`` moving with its ``rev``; ``/archive`` links both
  spellings of every story (``/news/<id>`` and ``/news/<id>/<slug>``);
- a story page has no canonical URL; its text changes with ``rev``; it sends
  ``ETag`` and ``Last-Modified`` and answers a matching conditional request
  with ``304`` (``validators: false``: no validators, always the full page);
  ``status`` other than 200 answers that status;
- the short link ``/news/<id>`` answers ``200`` with the story itself
  (``short: "200"``) or ``301`` to the full URL (``short: "301"``);
- ``GET /_log`` returns the request lines served so far (and clears them).
"""

import json
import os
import sys
import threading
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote

PARA = ("به گزارش مشرق، نشست‌های کارشناسی درباره همکاری‌های منطقه‌ای در تهران ادامه دارد و "
        "طرفین بر ضرورت گفت‌وگوهای سازنده تأکید کرده‌اند. ")
WORDS = ("دولت", "مجلس", "اقتصاد", "فرهنگ", "ورزش", "بازار", "نفت", "دانشگاه", "بهداشت", "سینما",
         "کتاب", "شهر", "آب", "برق", "قیمت", "صادرات", "واردات", "مدرسه", "جاده", "باران")


class World:
    def __init__(self, path):
        self.path = path
        self.mtime = None
        self.data = {}
        self.lock = threading.Lock()
        self.log = []

    def get(self):
        with self.lock:
            mtime = os.stat(self.path).st_mtime_ns
            if mtime != self.mtime:
                with open(self.path, encoding="utf-8") as fh:
                    self.data = json.load(fh)
                self.mtime = mtime
            return self.data


def slug(sid):
    n = int(sid)
    return "-".join(WORDS[(n // 20 ** k) % 20] for k in range(3))


def title(sid, info=None):
    if info and info.get("title"):
        return info["title"]
    n = int(sid)
    return f"خبر شماره {sid} درباره {WORDS[n % 20]} و {WORDS[(n // 7) % 20]}"


def times(world, sid, rev):
    base = datetime.fromisoformat(world.get("published", "2026-12-01T10:00:00+03:30"))
    published = base - timedelta(minutes=int(sid) % 1000)
    modified = published + timedelta(hours=rev - 1)
    edited = world.get("stories", {}).get(sid, {}).get("modified")
    return published, datetime.fromisoformat(edited) if edited else modified


def story_page(world, sid, info):
    rev = int(info.get("rev", 1))
    published, modified = times(world, sid, rev)
    paras = "".join(f"<p>{PARA}{WORDS[(int(sid) + i) % 20]} ({i}).</p>" for i in range(5))
    if rev > 1:
        paras += f"<p>این خبر در ویرایش {rev} با جزئیات تازه درباره {WORDS[rev % 20]} به‌روز شد.</p>"
    t = title(sid, info)
    return (f'<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{t} - مشرق نیوز</title>'
            f'<meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="{published.isoformat()}"></head>'
            f'<body><nav><a href="/">صفحه اصلی</a> <a href="/archive">آرشیو</a></nav>'
            f'<article><h1 class="title">{t}</h1>'
            f'<div class="item-body"><div class="item-text">{paras}</div></div></article></body></html>')


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    world: World = None

    def log_message(self, *a):
        pass

    def send(self, status, ctype, body, headers=()):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        w = self.world
        path = unquote(self.path)
        if path == "/_log":
            with w.lock:
                lines, w.log[:] = list(w.log), []
            return self.send(200, "application/json", json.dumps(lines).encode())
        data = w.get()
        stories = data.get("stories", {})
        host = f"http://{self.headers.get('Host')}"
        cond = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
        with w.lock:
            w.log.append(("C " if cond else "") + path)
        if path == "/robots.txt":
            return self.send(200, "text/plain", f"User-agent: *\nDisallow: /search\nSitemap: {host}/sitemap.xml\n".encode())
        if path == "/sitemap.xml":
            rows = []
            for sid, info in stories.items():
                _, modified = times(data, sid, int(info.get("rev", 1)))
                rows.append(f"<url><loc>{host}/news/{sid}/{slug(sid)}</loc><lastmod>{modified.isoformat()}</lastmod></url>")
            body = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    + "".join(rows) + "</urlset>")
            return self.send(200, "application/xml", body.encode())
        if path in ("/", "/archive"):
            links = "".join(f'<li><a href="/news/{sid}/{slug(sid)}">{title(sid, info)}</a> <a href="/news/{sid}">ادامه</a></li>'
                            for sid, info in stories.items())
            body = f'<!doctype html><html><head><meta charset="utf-8"><title>آرشیو</title></head><body><ul>{links}</ul></body></html>'
            return self.send(200, "text/html; charset=utf-8", body.encode())
        parts = path.strip("/").split("/")
        if len(parts) in (2, 3) and parts[0] == "news" and parts[1] in stories:
            sid, info = parts[1], stories[parts[1]]
            if len(parts) == 3 and parts[2] != slug(sid):
                return self.send(404, "text/html", b"<html><body>404</body></html>")
            if len(parts) == 2 and info.get("short", "200") == "301":
                return self.send(301, None, b"", [("Location", f"{host}/news/{sid}/{quote(slug(sid))}")])
            status = int(info.get("status", 200))
            if status != 200:
                return self.send(status, "text/html", b"<html><body>unavailable</body></html>")
            rev = int(info.get("rev", 1))
            _, modified = times(data, sid, rev)
            etag = f'"{sid}-{rev}"'
            last_modified = format_datetime(modified.astimezone(timezone.utc), usegmt=True)
            validators = [("ETag", etag), ("Last-Modified", last_modified)] if info.get("validators", True) else []
            if validators and self.headers.get("If-None-Match") == etag:
                return self.send(304, None, b"", validators)
            return self.send(200, "text/html; charset=utf-8", story_page(data, sid, info).encode(), validators)
        return self.send(404, "text/html", b"<html><body>404</body></html>")


def main():
    Handler.world = World(sys.argv[1])
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    print(json.dumps({"port": httpd.server_address[1]}), flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
