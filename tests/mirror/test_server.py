"""The loopback server honours routes.json: run the real CLI in a subprocess, fetch over HTTP."""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import quote, urlsplit

import pytest

from mirror import SITES_DIR, load_expected, load_routes
from mirror.server import serving, split_target

SITES = ("namehnews", "mashregh", "alaraby")


@pytest.fixture(scope="module")
def urls():
    with serving(*SITES) as u:
        yield u


def file_bytes(site: str, target: str) -> bytes:
    r = load_routes(site)["routes"][target]
    return (SITES_DIR / site / "files" / r["file"]).read_bytes()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **kw):
        return None


def fetch(url: str, headers: dict | None = None, follow: bool = True, method: str = "GET"):
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=10) as resp:
            return resp.status, resp.headers, resp.read(), resp.url
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read(), url


def raw_request(base: str, target: bytes, extra: bytes = b"") -> tuple[bytes, bytes]:
    """Send bytes as the request target (raw UTF-8 is impossible through urllib)."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: " + f"{host}:{port}".encode()
                  + b"\r\nConnection: close\r\n" + extra + b"\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head, body


def dechunk(body: bytes) -> bytes:
    out = b""
    while body:
        size, _, rest = body.partition(b"\r\n")
        n = int(size, 16)
        if n == 0:
            break
        out += rest[:n]
        body = rest[n + 2:]
    return out


def test_cli_prints_one_line_per_site_then_ready(urls):
    assert set(urls) == set(SITES)
    assert len(set(urls.values())) == len(SITES)
    for u in urls.values():
        assert u.startswith("http://127.0.0.1:")


def test_robots_and_standard_headers(urls):
    status, headers, body, _ = fetch(urls["mashregh"] + "/robots.txt")
    assert status == 200
    assert headers["Server"] and headers["Date"]
    assert headers["Content-Type"].startswith("text/plain")
    assert b"Sitemap: https://www.mashreghnews.ir/sitemap.xml" in body


@pytest.mark.parametrize("site", SITES)
def test_every_expected_article_is_served(urls, site):
    for a in load_expected(site)["articles"]:
        status, headers, body, _ = fetch(urls[site] + quote(a["path"]))
        assert status == 200, a["path"]
        assert body == file_bytes(site, a["path"])


def test_percent_encoded_and_raw_utf8_paths_hit_the_same_route(urls):
    a = load_expected("namehnews")["articles"][0]
    status, _, body, _ = fetch(urls["namehnews"] + quote(a["path"]))
    head, raw_body = raw_request(urls["namehnews"], a["path"].encode("utf-8"))
    assert status == 200 and head.startswith(b"HTTP/1.1 200")
    if b"chunked" in head.lower():
        raw_body = dechunk(raw_body)
    assert raw_body == body
    # lower-case percent escapes too
    status2, _, body2, _ = fetch(urls["namehnews"] + quote(a["path"]).lower())
    assert status2 == 200 and body2 == body


def test_gzip_only_when_asked(urls):
    site, target = "namehnews", "/"
    assert load_routes(site)["routes"][target]["gzip"]
    status, headers, body, _ = fetch(urls[site] + target, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == file_bytes(site, target)
    assert int(headers["Content-Length"]) == len(body)
    status, headers, body, _ = fetch(urls[site] + target)
    assert headers.get("Content-Encoding") is None and body == file_bytes(site, target)


def test_repeated_set_cookie_headers_kept(urls):
    _, headers, _, _ = fetch(urls["namehnews"] + "/")
    cookies = headers.get_all("Set-Cookie")
    assert len(cookies) == 2 and cookies[0].startswith("PHPSESSID=")


def test_redirect_to_canonical_path(urls):
    routes = load_routes("mashregh")["routes"]
    src = next(t for t, r in routes.items() if r["redirect"] and t.startswith("/news/"))
    status, headers, _, _ = fetch(urls["mashregh"] + src, follow=False)
    assert status == 301
    loc = headers["Location"]
    assert loc.startswith(urls["mashregh"] + "/news/")
    status, _, body, final = fetch(urls["mashregh"] + src)
    assert status == 200 and body == file_bytes("mashregh", routes[src]["redirect"])


def test_unknown_query_is_ignored_but_listed_queries_are_routes(urls):
    a = load_expected("mashregh")["articles"][0]
    base = urls["mashregh"] + quote(a["path"])
    _, _, plain, _ = fetch(base)
    _, _, utm, _ = fetch(base + "?utm_source=telegram&utm_medium=social")
    assert utm == plain
    _, _, p1, _ = fetch(urls["mashregh"] + "/archive")
    _, _, p2, _ = fetch(urls["mashregh"] + "/archive?pi=2")
    assert p1 != p2 and p2 == file_bytes("mashregh", "/archive?pi=2")


def test_unknown_path_gets_the_site_404_page(urls):
    status, headers, body, _ = fetch(urls["alaraby"] + "/no/such/page")
    assert status == 404 and b"<html" in body and headers["Content-Type"].startswith("text/html")


def test_chunked_transfer_encoding(urls):
    routes = load_routes("mashregh")["routes"]
    assert routes["/"]["chunked"]
    head, body = raw_request(urls["mashregh"], b"/")
    assert b"transfer-encoding: chunked" in head.lower()
    assert b"content-length" not in head.lower()
    assert dechunk(body) == file_bytes("mashregh", "/")


def test_windows_1256_page_served_untouched_with_charset_only_in_meta(urls):
    truth = load_expected("alaraby")
    a = next(x for x in truth["articles"] if x.get("encoding") == "windows-1256")
    status, headers, body, _ = fetch(urls["alaraby"] + quote(a["path"]), {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    assert headers.get("Content-Encoding") is None
    assert body == file_bytes("alaraby", a["path"])
    assert b'charset=windows-1256' in body[:1000]
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert a["title"] in body.decode("cp1256")


def test_head_request_has_no_body(urls):
    status, headers, body, _ = fetch(urls["alaraby"] + "/rss", method="HEAD")
    assert status == 200 and body == b""


def test_split_target_decodes_path_and_query():
    assert split_target(b"/news/1/%D8%A7?q=%D8%A7#x") == ("/news/1/ا", "q=ا")
    assert split_target("/news/1/ا".encode()) == ("/news/1/ا", "")


def test_cli_refuses_non_loopback_host():
    r = subprocess.run([sys.executable, "-m", "mirror.server", "--site", "alaraby", "--host", "0.0.0.0"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode != 0 and "127.0.0.1" in r.stderr


def test_site_all_serves_every_site():
    from mirror import list_sites
    with serving("all") as u:
        assert set(u) == set(list_sites())
        status, _, _, _ = fetch(u["alaraby"] + "/robots.txt")
        assert status == 200
