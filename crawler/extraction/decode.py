"""Bytes → text the way a browser would, plus corrections browsers do not make.

Why: Persian and Arabic sites still serve windows-1256, often declared only in a
``<meta>``, sometimes under a wrong HTTP charset (a server default of
ISO-8859-1 or UTF-8) and sometimes not at all.  Order, as in the WHATWG
encoding sniffing algorithm: BOM, HTTP ``Content-Type`` charset, ``<meta>``
prescan, then detection (charset-normalizer).  A declaration is only believed
when the bytes agree with it: a page that is valid multi-byte UTF-8 is UTF-8
whatever the header says, bytes that are not UTF-8 cannot be UTF-8, and when
the header and the ``<meta>`` disagree the bytes decide between them.
"""

from __future__ import annotations

import codecs
import re
from typing import Iterable, Mapping, Optional, Union

Headers = Union[Mapping[str, str], Iterable[tuple[str, str]], None]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# WHATWG maps these labels to windows-1252; Python would use true Latin-1.
_WHATWG_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-9": "cp1254",
    "tis-620": "cp874", "iso-8859-11": "cp874", "x-user-defined": "cp1252",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",  # in <meta>/HTTP, per spec
    "windows-1256": "cp1256", "x-cp1256": "cp1256", "cp1256": "cp1256",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
}

_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""", re.I)
_META_RE = re.compile(rb"<meta\b[^>]*>", re.I)
_ATTR_RE = re.compile(rb"""([a-zA-Z_:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+)""")
_MULTIBYTE_UTF8 = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")

_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b",
    b"RIFF", b"ID3", b"OggS", b"\x00\x00\x00\x18ftyp", b"\x00\x00\x00\x20ftyp", b"BZh", b"7z\xbc\xaf",
)
_NON_HTML_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
                   "application/gzip", "application/json", "application/javascript", "text/css",
                   "text/javascript", "application/msword", "application/vnd.")


class NotHTML(ValueError):
    """The bytes are not an HTML document."""


def header_value(headers: Headers, name: str) -> Optional[str]:
    """Last value of a header, case-insensitive; bytes values accepted."""
    if not headers:
        return None
    items = headers.items() if isinstance(headers, Mapping) else headers
    found = None
    lname = name.lower()
    for key, value in items:
        if isinstance(key, bytes):
            key = key.decode("latin-1")
        if key.lower() != lname:
            continue
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else None
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        found = value
    return found


def normalise_label(label: Optional[Union[str, bytes]]) -> Optional[str]:
    """A Python codec name for a charset label, or None if unknown."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = label.strip().strip("\"'").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def http_charset(headers: Headers) -> Optional[str]:
    ctype = header_value(headers, "content-type")
    if not ctype:
        return None
    m = _CHARSET_RE.search(ctype.encode("latin-1", "ignore"))
    return normalise_label(m.group(1)) if m else None


def meta_charset(body: bytes, limit: int = 8192) -> Optional[str]:
    """The charset a ``<meta charset>`` or ``http-equiv`` declares early in the page.

    Browsers scan 1024 bytes; real pages put long ``<script>`` blocks first,
    so a larger window is used.
    """
    head = body[:limit]
    for m in _META_RE.finditer(head):
        attrs = {k.lower(): v.strip(b"\"'") for k, v in _ATTR_RE.findall(m.group(0)[5:])}
        if b"charset" in attrs:
            enc = normalise_label(attrs[b"charset"])
            if enc:
                return enc
        if attrs.get(b"http-equiv", b"").lower() == b"content-type" and b"content" in attrs:
            cm = _CHARSET_RE.search(attrs[b"content"])
            enc = normalise_label(cm.group(1)) if cm else None
            if enc:
                return enc
    return None


_HTML_TYPES = ("text/html", "application/xhtml")


def looks_like_html(content_type: Optional[str], body: bytes) -> bool:
    """Whether a response is worth extracting: HTML by its Content-Type, or by
    its first bytes when the type is missing or generic.  The one rule the
    crawl and the replay share."""
    ct = (content_type or "").lower()
    if any(t in ct for t in _HTML_TYPES):
        return True
    if ct and not ct.startswith(("application/octet-stream", "text/plain")):
        return False
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def check_html(body: bytes, headers: Headers) -> None:
    """Raise ``NotHTML`` for bodies that are plainly something else."""
    if not body or not body.strip():
        raise NotHTML("empty")
    ctype = (header_value(headers, "content-type") or "").lower().split(";")[0].strip()
    if ctype and any(ctype.startswith(t) for t in _NON_HTML_TYPES) and "html" not in ctype:
        raise NotHTML(f"content-type {ctype}")
    head = body[:16].lstrip()
    if any(head.startswith(m) for m in _BINARY_MAGIC):
        raise NotHTML("binary signature")


# C0 control bytes no text encoding of a web page uses (tab, LF, FF, CR and
# ESC, which ISO-2022 encodings need, excepted), and DEL.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0c\r\x1b") + b"\x7f"
_UTF16_32_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # (UTF-32 BOMs start with these too)
BINARY_SHARE = 0.01


def looks_binary(body: bytes, sample: int = 65536) -> bool:
    """Whether bytes served as text are noise (random or binary data under a
    text/html type): more than 1% control bytes in the first 64 KiB.  Text
    in any encoding a page uses (UTF-8, windows-1256, ISO-8859-x...) has
    next to none; random bytes have about 11%.  UTF-16/32 text (which has
    NULs) is recognised by its BOM."""
    head = body[:sample]
    if not head or head.startswith(_UTF16_32_BOMS):
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > BINARY_SHARE * len(head)


def _valid_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
        return True
    except UnicodeDecodeError as err:
        # A page cut mid-character at the very end is still UTF-8.
        return err.start >= len(body) - 3 and err.reason == "unexpected end of data"


def _plausible(body: bytes, enc: str, is_utf8: bool, has_multibyte: bool) -> bool:
    if enc == "utf-8":
        return is_utf8
    if is_utf8 and has_multibyte:
        # Legacy-encoded text essentially never forms valid multi-byte UTF-8.
        return False
    try:
        body.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _detect(body: bytes, candidates: Optional[list[str]] = None) -> Optional[str]:
    from charset_normalizer import from_bytes

    result = from_bytes(body, cp_isolation=candidates or None).best()
    return normalise_label(result.encoding) if result else None


def decode(body: bytes, headers: Headers = None, hint: Optional[str] = None) -> tuple[str, str]:
    """(text, codec name).  ``hint`` is a language ("fa", "ar") that narrows detection."""
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(enc, "replace"), enc

    is_utf8 = _valid_utf8(body)
    has_multibyte = bool(_MULTIBYTE_UTF8.search(body))
    declared = [e for e in (http_charset(headers), meta_charset(body)) if e]
    plausible = []
    for enc in declared:
        if enc not in plausible and _plausible(body, enc, is_utf8, has_multibyte):
            plausible.append(enc)

    if len(plausible) == 1:
        enc = plausible[0]
        if enc == "cp1252" and sum(b >= 0x80 for b in body[:65536]) >= 64:
            # "ISO-8859-1" is a common server default sent for Arabic-script
            # pages too: check the bytes against the Arabic code page.
            enc = _detect(body, ["cp1252", "cp1256"]) or enc
    elif len(plausible) > 1:
        # HTTP and <meta> disagree and both decode: let the bytes decide.
        enc = _detect(body, plausible) or plausible[0]
    elif is_utf8:
        enc = "utf-8"
    else:
        cands = ["cp1256", "utf-8", "iso8859-6", "cp1252"] if hint in ("fa", "ar") else None
        enc = _detect(body, cands) or "cp1252"
    return body.decode(enc, "replace"), enc
