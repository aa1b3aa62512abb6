"""Hostile WARCs for replay tests, generated where they are needed (never stored).

Each holds one huge HTTP response record between ordinary stories, written
as a stream: no generator holds more than one 64 KiB block.

* :func:`sparse_warc`   an uncompressed WARC whose record body is N bytes of
  zeros, left as a hole in a sparse file (a few KB on disk)
* :func:`chunked_warc`  a gzip-per-record WARC whose record body is N bytes
  in ``Transfer-Encoding: chunked`` 64 KiB chunks (about N/1000 on disk)
  (``whole_file=True``: one gzip stream for the whole file, as some tools write)
* :func:`endless_warc`  the same chunked body in a record that declares a
  Content-Length of 1 TiB and is cut where the file ends: a stream that never
  ended, archived as far as it went
"""

from __future__ import annotations

import uuid
import zlib
from pathlib import Path
from typing import Iterator

BLOCK = 1 << 16
STORY = ("<!doctype html><html lang='fa'><head><meta charset='utf-8'><title>{title}</title>"
         "<meta property='og:type' content='article'></head><body><article><h1>{title}</h1>"
         + "<p>" + "گزارش خبرنگار از نشست کارشناسی درباره همکاری‌های منطقه‌ای "
                   "در تهران ادامه دارد. " * 12 + "</p>"
         + "</article></body></html>")


def warc_head(url: str, block_length: int) -> bytes:
    return (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: {url}\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {block_length}\r\n\r\n").encode()


def http_head(extra: str) -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{extra}\r\n".encode()


def story_record(url: str, title: str) -> bytes:
    body = STORY.format(title=title).encode()
    block = http_head(f"Content-Length: {len(body)}\r\n") + body
    return warc_head(url, len(block)) + block + b"\r\n\r\n"


def _gz(parts: Iterator[bytes]) -> Iterator[bytes]:
    """One gzip member of the concatenated ``parts``, as it is compressed."""
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    for part in parts:
        out = z.compress(part)
        if out:
            yield out
    yield z.flush()


def _chunks(size: int) -> Iterator[bytes]:
    chunk = f"{BLOCK:x}\r\n".encode() + b"<p>" + b"x" * (BLOCK - 7) + b"</p>" + b"\r\n"
    for _ in range(size // BLOCK):
        yield chunk


def _chunked_length(size: int) -> int:
    return (size // BLOCK) * (len(f"{BLOCK:x}\r\n") + BLOCK + 2) + len(b"0\r\n\r\n")


def sparse_warc(path: Path, huge_url: str, size: int, stories: list[tuple[str, str]]) -> Path:
    with open(path, "wb") as fh:
        fh.write(story_record(*stories[0]))
        head = http_head(f"Content-Length: {size}\r\n")
        fh.write(warc_head(huge_url, len(head) + size) + head)
        fh.seek(size, 1)  # a hole: reads as zeros, takes no disk
        fh.write(b"\r\n\r\n")
        for url, title in stories[1:]:
            fh.write(story_record(url, title))
    return path


def chunked_warc(path: Path, huge_url: str, size: int, stories: list[tuple[str, str]],
                 declared: int = 0, whole_file: bool = False) -> Path:
    """``whole_file``: one gzip stream for the whole file (not one member per record)."""
    head = http_head("Transfer-Encoding: chunked\r\n")

    def huge() -> Iterator[bytes]:
        yield warc_head(huge_url, declared or len(head) + _chunked_length(size)) + head
        yield from _chunks(size)
        if not declared:
            yield b"0\r\n\r\n\r\n\r\n"

    records = [iter([story_record(*s)]) for s in stories[:1]] + [huge()]
    if not declared:
        records += [iter([story_record(*s)]) for s in stories[1:]]
    with open(path, "wb") as fh:
        if whole_file:
            fh.writelines(_gz(part for record in records for part in record))
        else:
            for record in records:
                fh.writelines(_gz(record))
    return path


def endless_warc(path: Path, huge_url: str, size: int, stories: list[tuple[str, str]]) -> Path:
    return chunked_warc(path, huge_url, size, stories[:1], declared=1 << 40)
