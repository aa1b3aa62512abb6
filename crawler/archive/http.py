"""Rebuild the HTTP message bytes of a Scrapy request/response for a WARC record.

Scrapy never sees the bytes that crossed the wire, only parsed objects, so the
blocks written here are reconstructions.  What is exact and what is not:

Exact
  * the status code, the body as transferred (still ``Content-Encoding``-ed:
    the capture middleware runs before ``HttpCompressionMiddleware``), every
    header value and every repeat of a header, the protocol version
    (``response.protocol``), the server IP (``response.ip_address``).

Approximated
  * Reason phrase: Scrapy keeps only ``response.status``; we write the
    standard phrase from ``http.HTTPStatus`` (empty for unknown codes).
  * Header-name case: Scrapy's ``Headers`` title-cases names
    (``content-type`` -> ``Content-Type``).
  * Header order: Twisted and Scrapy keep headers in a dict, so the order is
    that of each name's first appearance, with repeats of one name grouped
    together; Scrapy puts ``Content-Length`` first.
  * Connection-control headers (``Connection``, ``Keep-Alive``,
    ``Transfer-Encoding``, ``TE``, ``Trailers``, ``Upgrade``) are consumed by
    Twisted and never reach Scrapy, and Twisted de-chunks chunked bodies.  So
    the record holds the de-chunked entity and no ``Transfer-Encoding``
    header; if one shows up anyway (another download handler) it is dropped,
    never written beside a body that is no longer chunked.
  * Request records: ``request.headers`` lacks what the download handler adds
    on the wire; we add ``Host`` (and ``Content-Length`` for a body).  The
    request line is ``METHOD path?query HTTP/1.1``.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Iterable, Optional
from urllib.parse import urlsplit

# Never written beside the de-chunked body (see above).
DROP_FROM_RESPONSE = frozenset({b"transfer-encoding"})


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _to_bytes(value) -> bytes:
    if isinstance(value, bytes):
        return value
    return str(value).encode("latin-1", "replace")


def _header_lines(headers) -> list[tuple[bytes, bytes]]:
    """(name, value) byte pairs from Scrapy ``Headers`` or any mapping/list."""
    pairs: list[tuple[bytes, bytes]] = []
    if headers is None:
        return pairs
    if hasattr(headers, "getlist"):  # scrapy.http.Headers: name -> [values]
        for name in headers.keys():
            for value in headers.getlist(name):
                pairs.append((_to_bytes(name), _to_bytes(value)))
        return pairs
    items = headers.items() if hasattr(headers, "items") else headers
    for name, value in items:
        if isinstance(value, (list, tuple)):
            pairs.extend((_to_bytes(name), _to_bytes(v)) for v in value)
        else:
            pairs.append((_to_bytes(name), _to_bytes(value)))
    return pairs


def _block(first_line: bytes, pairs: Iterable[tuple[bytes, bytes]]) -> bytes:
    out = [first_line, b"\r\n"]
    for name, value in pairs:
        # A header value never contains a line break on the wire; be safe.
        value = value.replace(b"\r", b" ").replace(b"\n", b" ")
        out += [name, b": ", value, b"\r\n"]
    out.append(b"\r\n")
    return b"".join(out)


def response_head(status: int, headers, protocol: Optional[str] = None) -> tuple[bytes, list[tuple[str, str]]]:
    """Status line + headers of a response, as bytes, and the header list (str, latin-1)."""
    protocol = protocol or "HTTP/1.1"
    if not protocol.upper().startswith("HTTP/"):
        protocol = "HTTP/1.1"  # e.g. "h2" from another handler: keep the record readable
    reason = reason_phrase(status)
    first = f"{protocol} {status} {reason}"  # RFC 9112: the space stays even when reason is empty
    pairs = [(n, v) for n, v in _header_lines(headers) if n.lower() not in DROP_FROM_RESPONSE]
    raw = _block(first.encode("ascii"), pairs)
    return raw, [(n.decode("latin-1"), v.decode("latin-1")) for n, v in pairs]


def request_head(method: str, url: str, headers, body: bytes = b"") -> tuple[bytes, list[tuple[str, str]]]:
    """Request line + headers as the download handler sends them (reconstructed)."""
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    pairs = _header_lines(headers)
    names = {n.lower() for n, _ in pairs}
    if b"host" not in names:
        host = parts.netloc.rsplit("@", 1)[-1]
        pairs.insert(0, (b"Host", host.encode("idna") if not host.isascii() else host.encode("ascii")))
    if body and b"content-length" not in names:
        pairs.append((b"Content-Length", str(len(body)).encode("ascii")))
    first = f"{method.upper()} {target} HTTP/1.1".encode("latin-1", "replace")
    raw = _block(first, pairs)
    return raw, [(n.decode("latin-1"), v.decode("latin-1")) for n, v in pairs]
