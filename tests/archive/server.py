"""Loopback HTTP server for the archive tests (run as a subprocess).

``python tests/archive/server.py`` binds 127.0.0.1 on a free port, prints
``{"port": N}`` and serves a tiny news site whose responses exercise capture:
a gzip-encoded page, a 301, a chunked page, a windows-1256 page, repeated
``Set-Cookie`` headers, robots.txt, a sitemap and a 404.
"""

import gzip
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ART = """<!doctype html><html lang="{lang}"><head><meta charset="{cs}"><title>{title}</title></head>
<body><nav><a href="/">خانه</a></nav><article><h1>{title}</h1>
{paras}</article><footer>© 2026</footer></body></html>"""
FA = "این یک متن آزمایشی برای بایگانی وب است که باید بدون تغییر در فایل وارک ذخیره شود و دوباره خوانده شود. "
AR = "هذا نص تجريبي لاختبار الأرشفة والإعادة من ملفات وارك دون الحاجة إلى الشبكة على الإطلاق. "


def article(title, sentence, lang="fa", cs="utf-8"):
    paras = "\n".join(f"<p>{sentence * 3} ({i})</p>" for i in range(6))
    return ART.format(title=title, paras=paras, lang=lang, cs=cs)


INDEX = """<!doctype html><html><head><meta charset="utf-8"><title>Index</title></head><body>
<a href="/news/1-gzip">one</a> <a href="/old/2">two (moved)</a> <a href="/news/3-chunked">three</a>
<a href="/news/4-arabic">four</a> <a href="/missing">gone</a></body></html>"""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def _send(self, status, body, ctype="text/html; charset=utf-8", extra=(), chunked=False):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in extra:
            self.send_header(k, v)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if self.command != "HEAD":
                for i in range(0, len(body), 100):
                    part = body[i:i + 100]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        p = self.path
        if p == "/robots.txt":
            return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if p == "/":
            return self._send(200, INDEX.encode(), extra=[("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2; Path=/")])
        if p == "/news/1-gzip":
            body = gzip.compress(article("خبر فشرده", FA).encode("utf-8"))
            return self._send(200, body, extra=[("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")])
        if p == "/old/2":
            return self._send(301, b"", extra=[("Location", "/news/2-moved")])
        if p == "/news/2-moved":
            return self._send(200, article("خبر منتقل شده", FA).encode("utf-8"))
        if p == "/news/3-chunked":
            return self._send(200, article("خبر تکه تکه", FA).encode("utf-8"), chunked=True)
        if p == "/news/4-arabic":
            body = article("خبر عربي", AR, lang="ar", cs="windows-1256").encode("cp1256")
            return self._send(200, body, "text/html; charset=windows-1256")
        return self._send(404, b"<html><body>not found</body></html>")

    do_HEAD = do_GET


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
