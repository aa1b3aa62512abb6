"""Real page requisites for the mirror: every stylesheet, script and image a
page of a site refers to is served, with real bytes.

The pages were written with the live sites' ``<link rel=stylesheet>``,
``<script src>``, ``<img src>`` and ``og:image``; this pass (run by
``mirror.build`` after a site's ``build()``) finds each of them and adds a
route: one stylesheet per site (its rules give every page a look a browser
can check: the body's background, the headline's colour, a header image
through ``url()``), a small script, and a small image per picture, PNG or
JPEG as its name says, made here with zlib and a minimal baseline JPEG
encoder (no imaging library).  A path robots.txt forbids gets no route.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from html import unescape
from typing import Optional
from urllib.parse import unquote, urljoin, urlsplit

from .common import SiteBuild

# the look each site's stylesheet gives (tests/replay checks it in a browser)
LOOKS = {
    "alaraby": {"background": "rgb(250, 246, 238)", "headline": "rgb(160, 20, 40)"},
    "mashregh": {"background": "rgb(240, 246, 250)", "headline": "rgb(10, 70, 140)"},
    "namehnews": {"background": "rgb(244, 250, 240)", "headline": "rgb(20, 110, 50)"},
}
DEFAULT_LOOK = {"background": "rgb(248, 248, 248)", "headline": "rgb(40, 40, 40)"}

_REFS = re.compile(
    r"""<(?:img|script)\b[^>]*?\bsrc\s*=\s*"([^"]+)"|<link\b[^>]*?\brel\s*=\s*"stylesheet"[^>]*?\bhref\s*=\s*"([^"]+)"|"""
    r"""<meta\b[^>]*?\bproperty\s*=\s*"og:image"[^>]*?\bcontent\s*=\s*"([^"]+)\"""", re.I | re.S)
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")

CONTENT_TYPES = {".css": "text/css; charset=utf-8", ".js": "application/javascript; charset=utf-8",
                 ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml",
                 ".gif": "image/png", ".webp": "image/png"}
HEADERS = [["Cache-Control", "max-age=31536000, public"]]
BACKGROUND = "../img/header-bg.png"  # the header image each stylesheet refers to, beside its css/


# -- images, from scratch ------------------------------------------------------------------
def colour_of(name: str) -> tuple[int, int, int]:
    d = hashlib.sha1(name.encode("utf-8")).digest()
    return 60 + d[0] % 160, 60 + d[1] % 160, 60 + d[2] % 160


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour RGB PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height, 9)) + chunk(b"IEND", b""))


# Huffman tables of the JPEG standard (Annex K): DC luminance, and an AC table
# holding only end-of-block (a solid colour has no AC coefficients).
_DC_BITS = (0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
_DC_VALS = tuple(range(12))
_AC_BITS = (1,) + (0,) * 15
_AC_VALS = (0,)


def _codes(bits, vals) -> dict[int, tuple[int, int]]:
    codes, code, k = {}, 0, 0
    for length, count in enumerate(bits, 1):
        for _ in range(count):
            codes[vals[k]] = (code, length)
            code, k = code + 1, k + 1
        code <<= 1
    return codes


def jpeg(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour baseline JPEG (YCbCr 4:4:4, every block DC only)."""
    r, g, b = rgb
    ycc = (0.299 * r + 0.587 * g + 0.114 * b,
           128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
           128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
    dc_values = [int(round(8 * (v - 128))) for v in ycc]  # the DCT's DC term for quantiser 1
    dc, ac = _codes(_DC_BITS, _DC_VALS), _codes(_AC_BITS, _AC_VALS)
    out, acc, nbits = bytearray(), 0, 0

    def put(value: int, length: int) -> None:
        nonlocal acc, nbits
        acc, nbits = (acc << length) | (value & ((1 << length) - 1)), nbits + length
        while nbits >= 8:
            byte = (acc >> (nbits - 8)) & 0xFF
            out.append(byte)
            if byte == 0xFF:
                out.append(0)  # byte stuffing
            nbits -= 8

    previous = [0, 0, 0]
    for _ in range(((width + 7) // 8) * ((height + 7) // 8)):
        for c in range(3):
            diff, previous[c] = dc_values[c] - previous[c], dc_values[c]
            size = abs(diff).bit_length()
            put(*dc[size])
            if size:
                put(diff if diff > 0 else diff + (1 << size) - 1, size)
            put(*ac[0])  # end of block
    if nbits:
        put((1 << (8 - nbits)) - 1, 8 - nbits)  # pad with ones

    def segment(marker: int, data: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(data) + 2) + data

    def dht(cls_id: int, bits, vals) -> bytes:
        return bytes([cls_id]) + bytes(bits) + bytes(vals)

    header = (b"\xff\xd8" + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
              + segment(0xDB, b"\x00" + b"\x01" * 64)
              + segment(0xC0, struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00")
              + segment(0xC4, dht(0x00, _DC_BITS, _DC_VALS) + dht(0x10, _AC_BITS, _AC_VALS))
              + segment(0xDA, b"\x03\x01\x00\x02\x00\x03\x00\x00\x3f\x00"))
    return header + bytes(out) + b"\xff\xd9"


def svg(rgb: tuple[int, int, int]) -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
            f'<rect width="120" height="40" fill="rgb{rgb}"/></svg>\n').encode()


def stylesheet(site: str, background_image: str) -> bytes:
    look = LOOKS.get(site, DEFAULT_LOOK)
    return f"""/* {site}: the mirror's stylesheet (mirror/content/requisites.py) */
body {{ background-color: {look["background"]}; font-family: serif; margin: 0; }}
h1 {{ color: {look["headline"]}; }}
header {{ background-image: url("{background_image}"); background-repeat: repeat-x; }}
figure img, .article-image img, .news-image img, .item-img img {{ max-width: 100%; height: auto; }}
""".encode()


def script(site: str) -> bytes:
    return f"/* {site}: the mirror's script */\ndocument.documentElement.setAttribute('data-mirror', '{site}');\n".encode()


# -- the pass -------------------------------------------------------------------------------
def _target(sb: SiteBuild, ref: str, base: str):
    absolute = urljoin(base, unescape(ref.strip()))
    parts = urlsplit(absolute)
    origin_host = urlsplit(sb.origin).hostname
    if parts.scheme not in ("http", "https") or parts.hostname not in (origin_host, origin_host.removeprefix("www."),
                                                                         "www." + origin_host):
        return None
    return unquote(parts.path or "/")


def _disallowed(sb: SiteBuild, path: str) -> bool:
    route = sb.routes.get("/robots.txt")
    if not route:
        return False
    rules, applies = [], False
    for line in sb.files[route["file"]].decode("utf-8").splitlines():
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            applies = value == "*"
        elif key == "disallow" and applies and value:
            rules.append(unquote(value))
    return any(path.startswith(rule) for rule in rules)


def _body(sb: SiteBuild, path: str, stylesheet_bg: str) -> bytes:
    name = path.rsplit("/", 1)[-1].lower()
    ext = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    rgb = colour_of(sb.name + path)
    if ext == ".css":
        return stylesheet(sb.name, stylesheet_bg)
    if ext == ".js":
        return script(sb.name)
    if ext == ".svg":
        return svg(rgb)
    if ext in (".jpg", ".jpeg"):
        return jpeg(64, 40, rgb)
    return png(64, 40, rgb)


def page_requisites(sb: SiteBuild, target: str, route: dict) -> tuple[list[str], Optional[str]]:
    """The same-site paths a page refers to (robots.txt allowing), and its og:image path."""
    text = sb.files[route["file"]].decode("utf-8", "replace")
    paths, lead = [], None
    for m in _REFS.finditer(text):
        path = _target(sb, next(g for g in m.groups() if g), sb.origin + target.split("?", 1)[0])
        if path and not _disallowed(sb, path):
            paths.append(path)
            if m.group(3) and lead is None:
                lead = path
    return paths, lead


def add_requisites(sb: SiteBuild) -> None:
    """Routes for every same-site stylesheet, script and image the site's
    pages refer to (and the header image its stylesheet refers to); each
    article of the ground truth lists its page's (``requisites``,
    ``lead_image``)."""
    wanted: dict[str, None] = {}
    for target, route in list(sb.routes.items()):
        if not route.get("file") or not any(n.lower() == "content-type" and "html" in v for n, v in route["headers"]):
            continue
        for path in page_requisites(sb, target, route)[0]:
            if path not in sb.routes:
                wanted[path] = None
    for path in sorted(wanted):
        ext = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ".png"
        background = BACKGROUND
        if ext == ".css":
            bg_path = urlsplit(urljoin(sb.origin + path, background)).path
            if bg_path not in sb.routes and bg_path not in wanted:
                sb.page(bg_path, "requisites" + bg_path, png(8, 60, colour_of(sb.name + "header")),
                        content_type="image/png", headers=HEADERS, kind="requisite")
        sb.page(path, "requisites" + path, _body(sb, path, background),
                content_type=CONTENT_TYPES.get(ext, "image/png"), headers=HEADERS, kind="requisite")
    for article in sb.articles:
        route = sb.routes.get(article["path"]) or {}
        if not route.get("file"):
            continue
        paths, lead = page_requisites(sb, article["path"], route)
        for path in list(paths):
            if path.endswith(".css"):
                paths.append(urlsplit(urljoin(sb.origin + path, BACKGROUND)).path)
        article["requisites"] = sorted(set(paths))
        article["lead_image"] = lead
