"""A story linked only by a navigation word is still a story (issue 9).

The generic spider met a story without og:type whose only link on the home
page read «المزيد» ("more"): it was taken for a "next page" link, fetched as
a listing, and the story vanished.  A loopback site (stdlib http.server in a
thread) serves exactly that.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import run_scrapy

PARA = ("قال مسؤولون في وزارة الاقتصاد اليوم إن الحكومة تعتزم إطلاق برنامج جديد لدعم الصادرات "
        "الزراعية خلال العام المقبل، في إطار خطة أوسع لتنويع مصادر الدخل الوطني. ")
STORY = "/news/2023/04/25/برنامج-جديد-لدعم-الصادرات-الزراعية-1234567"
OTHER = "/news/2023/04/25/افتتاح-معرض-الكتاب-الدولي-في-العاصمة-7654321"


def page(title: str) -> str:
    body = "".join(f"<p>{PARA}({i})</p>" for i in range(6))
    return (f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><article><h1>{title}</h1><time datetime="2023-04-25T10:00:00+03:00">25 أبريل 2023</time>'
            f'{body}</article></body></html>')


PAGES = {
    "/": '<!doctype html><html><head><meta charset="utf-8"><title>أخبار</title></head><body>'
         f'<div class="teaser"><h2>برنامج جديد لدعم الصادرات</h2><a href="{STORY}">المزيد</a></div>'
         f'<div class="teaser"><a href="{OTHER}">افتتاح معرض الكتاب الدولي في العاصمة</a></div></body></html>',
    STORY: page("برنامج جديد لدعم الصادرات الزراعية"),
    OTHER: page("افتتاح معرض الكتاب الدولي في العاصمة"),
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        from urllib.parse import unquote

        text = PAGES.get(unquote(self.path))
        body = (text or "<html><body>404</body></html>").encode("utf-8")
        self.send_response(200 if text else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_story_linked_only_by_more_is_emitted(site, tmp_path):
    out = tmp_path / "items.jsonl"
    result = run_scrapy("crawl", "news", "-a", f"site={site}", "-O", str(out), "-s", f"ARCHIVE_DIR={tmp_path / 'a'}",
                        "-s", "KHABAR_STATE=", "-s", "LOG_LEVEL=INFO", timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    from urllib.parse import unquote, urlsplit

    paths = {unquote(urlsplit(json.loads(line)["url"]).path) for line in out.read_text(encoding="utf-8").splitlines()}
    assert paths == {STORY, OTHER}
