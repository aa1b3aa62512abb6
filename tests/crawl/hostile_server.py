"""A loopback news site that misbehaves on purpose (issue 9), run as a subprocess.

``python tests/crawl/hostile_server.py [--option=value ...]`` binds 127.0.0.1 on a
free port, prints ``{"port": N}`` and serves a small Mashregh-shaped site
(articles ``/news/<id>/<slug>``, listings ``/`` and ``/archive``, ``/rss``,
``/sitemap.xml``) for both the ``mashregh`` spider (``-a base_url=``) and the
generic ``news`` spider (``-a site=``).  Options choose the misbehaviour:

``--robots=``  ``allow`` (default), ``disallow`` (``User-agent: *`` ``Disallow: /``),
               ``disallow-khabar`` (only Khabar's agent), ``500``, ``404``,
               ``timeout`` (never answers in time), ``bomb`` (a gzip bomb)
``--links=``   comma-separated extra paths the home page and ``/archive`` link to
               (e.g. the hostile pages below)
``--sitemap=`` what ``/sitemap.xml`` is: ``plain`` (default), ``bomb`` (a gzip bomb
               sent with ``Content-Encoding: gzip``), ``baddate`` (plus a story
               listed only here, ``<lastmod>`` of year 0), ``loop`` (an index that always names
               ``?page=N+1``, up to 300), ``laughs`` (the billion-laughs bomb: 10^9
               expansions, 3 GB if expanded), ``xxe`` (an external entity naming the
               ``--secret`` file, used in a ``<loc>``)
``--rss=``     ``plain`` (default), ``baddate`` (plus a story listed only here,
               ``pubDate`` of year -1 for feedparser), ``laughs`` or ``xxe`` (as for the sitemap)
``--secret=``  the local file the ``xxe`` documents point at
``--slow=``    seconds every page but robots.txt waits before answering
``--filler=``  N more stories ``/news/<2000000+i>/filler`` linked from the home page,
               each ~60 KB of varied Persian text (to fill a small disk)

Hostile pages, always served:

``/news/1700001/ra-seconds``  429 ``Retry-After: 2`` the first time, then the story
``/news/1700002/ra-date``     503 ``Retry-After: <HTTP date 2 s ahead>`` first, then the story
``/news/1700003/ra-long``     always 429 ``Retry-After: 3600``
``/news/1800001/gzip-bomb``   ~1.6 MB of gzip that inflates to 1.6 GB, as text/html
``/news/1800002/big``         a 50 MB HTML page (with Content-Length)
``/news/1800003/stream``      an endless fast HTML stream (no length, at most 3 GB)
``/news/1900001/random``      50 KB of random bytes as ``text/html; charset=utf-8``

``/__log`` answers the JSON list ``[[time, path], ...]`` of the requests seen
(not itself logged).
"""

import gzip
import json
import random
import sys
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PARA = ("به گزارش مشرق، نشست‌های کارشناسی درباره همکاری‌های منطقه‌ای در تهران ادامه دارد و "
        "طرفین بر ضرورت گفت‌وگوهای سازنده تأکید کرده‌اند. ")
STORIES = {
    "1600001": ("slug-a", "نشست کارشناسی همکاری‌های منطقه‌ای در تهران"),
    "1600002": ("slug-b", "ادامه گفت‌وگوهای اقتصادی میان ایران و عراق"),
    "1600003": ("slug-c", "برگزاری نمایشگاه بین‌المللی کتاب در مصلی"),
}
# Listed only by the sitemap / the feed (with a bad date there) in their ``baddate`` modes.
ONLY = {"1610001": ("only-sitemap", "خبری که فقط در نقشه سایت آمده است"),
        "1610002": ("only-feed", "خبری که فقط در خوراک آمده است")}
RETRY = {"1700001": "ra-seconds", "1700002": "ra-date", "1700003": "ra-long"}
BOMB_MEMBER = gzip.compress(b"<html>" + bytes(16 * 1024 * 1024), compresslevel=9)
BOMB = BOMB_MEMBER * 100  # gzip members concatenate: 1.6 GB inflated
CHUNK = b"<p>" + b"x" * 65530 + b"</p>"


def story(sid, title=None):
    title = title or STORIES.get(sid, ("", "خبر آزمایشی درباره " + sid))[1]
    paras = "".join(f"<p>{PARA * 2}({i})</p>" for i in range(5))
    return (f'<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{title} - مشرق نیوز</title>'
            f'<meta property="og:type" content="article"></head><body><nav><a href="/">صفحه اصلی</a></nav>'
            f'<article><h1 class="title">{title}</h1><div class="item-date"><span>۵ اردیبهشت ۱۴۰۲ - ۲۱:۴۶</span></div>'
            f'<div class="item-body"><div class="item-text">{paras}</div></div></article></body></html>')


def filler(sid):
    rnd = random.Random(int(sid))
    words = PARA.split()
    paras = "".join("<p>" + " ".join(rnd.choice(words) + str(rnd.randrange(10**6)) for _ in range(400)) + "</p>"
                    for _ in range(8))
    return story(sid, f"خبر پرکننده شماره {sid}").replace("<div class=\"item-text\">", "<div class=\"item-text\">" + paras, 1)


def laughs(root):
    """The billion-laughs document: 10 levels of 10 references, 10^9 "lol"s expanded."""
    ents = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    return f'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE {root} [{ents}]>'


def xxe(root, secret):
    return (f'<?xml version="1.0" encoding="utf-8"?>'
            f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>')


def story_urls():
    return [f"/news/{sid}/{slug}" for sid, (slug, _) in STORIES.items()]


class Site:
    def __init__(self, options):
        self.robots = options.get("robots", "allow")
        self.links = [p for p in options.get("links", "").split(",") if p]
        self.sitemap = options.get("sitemap", "plain")
        self.rss = options.get("rss", "plain")
        self.slow = float(options.get("slow", 0))
        self.filler = int(options.get("filler", 0))
        self.secret = options.get("secret", "/etc/hostname")
        self.log = []
        self.lock = threading.Lock()
        self.seen = set()

    def first_time(self, path):
        with self.lock:
            if path in self.seen:
                return False
            self.seen.add(path)
            return True


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site

    def log_message(self, *a):
        pass

    def send(self, status, body, ctype="text/html; charset=utf-8", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in extra:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        site = self.site
        split = urlsplit(self.path)
        path = split.path
        if path == "/__log":
            with site.lock:
                return self.send(200, json.dumps(site.log).encode(), "application/json")
        with site.lock:
            site.log.append([time.time(), self.path])
        if path == "/robots.txt":
            return self.robots()
        if site.slow:
            time.sleep(site.slow)
        if path in ("/", "/archive"):
            links = story_urls() + site.links + [f"/news/{2000000 + i}/filler" for i in range(site.filler)]
            html = "".join(f'<li><a href="{u}">خبر {i}</a></li>' for i, u in enumerate(links))
            return self.send(200, f'<!doctype html><html><head><meta charset="utf-8"><title>مشرق</title></head>'
                                  f'<body><ul>{html}</ul></body></html>'.encode())
        if path == "/rss":
            return self.send(200, self.feed().encode(), "application/rss+xml; charset=utf-8")
        if path == "/sitemap.xml":
            return self.sitemap_doc(parse_qs(split.query))
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "news":
            return self.news(parts[1], parts[2])
        return self.send(404, b"<html><body>404</body></html>")

    def robots(self):
        mode = self.site.robots
        if mode == "timeout":
            time.sleep(30)
            return self.send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if mode == "500":
            return self.send(500, b"<html><body>Internal Server Error</body></html>")
        if mode == "bomb":
            return self.send(200, BOMB, "text/plain", [("Content-Encoding", "gzip")])
        if mode == "404":
            return self.send(404, b"<html><body>not found</body></html>")
        body = {"allow": "User-agent: *\nDisallow: /search\n",
                "disallow": "User-agent: *\nDisallow: /\n",
                "disallow-khabar": "User-agent: Khabar\nDisallow: /\n\nUser-agent: *\nAllow: /\n"}[mode]
        return self.send(200, body.encode(), "text/plain")

    def feed(self):
        mode = self.site.rss
        if mode in ("laughs", "xxe"):
            items = "".join(f"<item><title>خبر</title><link>{u}</link></item>" for u in story_urls())
            if mode == "laughs":
                return (laughs("rss") + '<rss version="2.0"><channel><title>&lol9;</title><link>/</link>'
                        f'{items}<item><title>&lol9;</title><link>/news/1610002/only-feed</link></item>'
                        '</channel></rss>')
            return (xxe("rss", self.site.secret) + '<rss version="2.0"><channel><title>&xxe;</title><link>/</link>'
                    f'{items}<item><title>&xxe;</title><link>/news/1610002/&xxe;</link>'
                    '<description>&xxe;</description></item></channel></rss>')
        items = [(u, "Tue, 25 Apr 2023 17:16:00 GMT") for u in story_urls()]
        if self.site.rss == "baddate":
            items.append(("/news/1610002/only-feed", "0000-00-00 00:00:00"))  # feedparser: year -1
        body = "".join(f"<item><title>خبر</title><link>{u}</link><pubDate>{d}</pubDate></item>" for u, d in items)
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>مشرق</title>'
                f'<link>/</link>{body}</channel></rss>')

    def sitemap_doc(self, query):
        mode = self.site.sitemap
        ctype = "application/xml; charset=utf-8"
        if mode == "bomb":
            return self.send(200, BOMB, ctype, [("Content-Encoding", "gzip")])
        if mode == "loop":
            page = int(query.get("page", ["0"])[0])
            if page >= 300:  # so that a crawl without a cap still ends (and fails the test)
                return self.send(200, b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', ctype)
            doc = ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                   f'<sitemap><loc>/sitemap.xml?page={page + 1}</loc></sitemap></sitemapindex>')
            return self.send(200, doc.encode(), ctype)
        if mode in ("laughs", "xxe"):
            urls = "".join(f"<url><loc>{u}</loc></url>" for u in story_urls())
            head = laughs("urlset") if mode == "laughs" else xxe("urlset", self.site.secret)
            ref = "&lol9;" if mode == "laughs" else "&xxe;"
            doc = (head + f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}'
                   f'<url><loc>/news/1610001/{ref}</loc><lastmod>{ref}</lastmod></url></urlset>')
            return self.send(200, doc.encode(), ctype)
        entries = [(u, "2023-04-25T17:16:00+00:00") for u in story_urls()]
        if mode == "baddate":
            entries.append(("/news/1610001/only-sitemap", "0000-01-01T00:00:00+00:00"))
        urls = "".join(f"<url><loc>{u}</loc><lastmod>{d}</lastmod></url>" for u, d in entries)
        doc = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        return self.send(200, doc.encode(), ctype)

    def news(self, sid, slug):
        if sid in STORIES and slug == STORIES[sid][0]:
            return self.send(200, story(sid).encode())
        if sid in ONLY and slug == ONLY[sid][0]:
            return self.send(200, story(sid, ONLY[sid][1]).encode())
        if sid in RETRY and slug == RETRY[sid]:
            first = self.site.first_time(self.path)
            if slug == "ra-seconds" and first:
                return self.send(429, b"slow down", "text/plain", [("Retry-After", "2")])
            if slug == "ra-date" and first:
                return self.send(503, b"busy", "text/plain", [("Retry-After", formatdate(time.time() + 2, usegmt=True))])
            if slug == "ra-long":
                return self.send(429, b"go away", "text/plain", [("Retry-After", "3600")])
            return self.send(200, story(sid, f"خبری که پس از درنگ رسید {sid}").encode())
        if slug == "filler" and sid.isdigit() and 0 <= int(sid) - 2000000 < self.site.filler:
            return self.send(200, filler(sid).encode())
        if sid == "1800001":
            return self.send(200, BOMB, extra=[("Content-Encoding", "gzip")])
        if sid == "1800002":
            return self.send(200, b"<html><body>" + b"<p>" + b"x" * (50 * 1024 * 1024) + b"</p></body></html>")
        if sid == "1800003":
            return self.stream()
        if sid == "1900001":
            return self.send(200, random.Random(9).randbytes(50 * 1024))
        return self.send(404, b"<html><body>404</body></html>")

    def stream(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b"<html><body>")
            for _ in range(3 * 1024 * 1024 * 1024 // len(CHUNK)):
                self.wfile.write(CHUNK)
        except OSError:
            pass  # the client hung up, as it should


def main(argv):
    options = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
    Handler.site = Site(options)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
