"""Package WARCs as a WACZ 1.1.1 file (``scrapy package-wacz``).

A WACZ is a ZIP that ReplayWeb.page (and pywb, py-wacz) open as one web
archive: the WARCs under ``archive/`` (stored, not deflated, so a reader can
seek into them), one CDXJ index under ``indexes/``, the list of pages a
reader should offer under ``pages/pages.jsonl``, and ``datapackage.json``
naming every file with its SHA-256 and size (``datapackage-digest.json``
holds the hash of that).

Khabar writes the index itself from the CDXJ beside each WARC (or indexes a
WARC without one with cdxj-indexer), so packaging reads each WARC once, to
hash and copy it.  The pages are the articles the crawl emitted, found by
their ``conversion`` records (one per emitted article, ``WARC-Date`` the
capture's), with titles from the JSON Lines feeds beside the archive: a
page requisite (stylesheet, image) or a listing is never a page.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
import uuid
import zipfile
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Optional

from warcio.archiveiterator import ArchiveIterator

from . import cdxj

WACZ_VERSION = "1.1.1"
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Articles"}
CHUNK = 1 << 20


def starts_like_warc(path: Path) -> bool:
    """Whether the file's first bytes (gunzipped if need be) are ``WARC/``
    (warcio reads some junk as a record)."""
    with open(path, "rb") as fh:
        head = fh.read(2)
        fh.seek(0)
        try:
            start = gzip.GzipFile(fileobj=fh).read(5) if head == b"\x1f\x8b" else fh.read(5)
        except (OSError, EOFError, zlib.error):
            return False
    return start == b"WARC/"


def article_pages(warcs: Iterable[Path]) -> list[dict]:
    """``{url, ts, record_id}`` of each article the WARCs hold a conversion record for."""
    pages = []
    for warc in warcs:
        try:
            if not starts_like_warc(warc):
                raise ValueError("it does not start with a WARC record")
            records = 0
            with open(warc, "rb") as fh:
                for record in ArchiveIterator(fh):
                    records += 1
                    if record.rec_type != "conversion":
                        continue
                    headers = record.rec_headers
                    pages.append({"url": headers.get_header("WARC-Target-URI"),
                                  "ts": headers.get_header("WARC-Date"),
                                  "record_id": headers.get_header("WARC-Refers-To")})
            if not records:
                raise ValueError("no WARC record in it")
        except OSError:
            raise
        except Exception as exc:  # warcio's ArchiveLoadFailed, a torn gzip member...
            raise ValueError(f"{warc}: not a readable WARC ({exc}); leave it out or repair it") from None
    return pages


def feed_titles(feeds: Iterable[Path]) -> dict[str, str]:
    """Response record id -> the article's title, from JSON Lines feeds."""
    titles = {}
    for feed in feeds:
        try:
            with open(feed, encoding="utf-8") as fh:
                for line in fh:
                    try:
                        item = json.loads(line)
                    except ValueError:
                        continue  # a line cut by a crash: that story is in a later run
                    record_id = (item.get("warc") or {}).get("record_id") if isinstance(item, dict) else None
                    if record_id and item.get("title"):
                        titles[record_id] = item["title"]
        except OSError:
            continue
    return titles


def _index_lines(warcs: list[Path]) -> list[str]:
    lines = set()
    for warc in warcs:
        index = cdxj.cdxj_path(warc)
        generated = None
        if not index.is_file() or index.stat().st_mtime < warc.stat().st_mtime:
            tmp = tempfile.NamedTemporaryFile(suffix=".cdxj", delete=False)
            tmp.close()
            try:
                generated = index = cdxj.index_warc(warc, tmp.name)
            except Exception as exc:
                os.unlink(tmp.name)
                raise ValueError(f"{warc}: cannot be indexed ({exc})") from None
        try:
            for urlkey, stamp, fields in cdxj.load_cdxj(index):
                fields["filename"] = warc.name  # relative to archive/ in the WACZ
                lines.add(f"{urlkey} {stamp} {json.dumps(fields)}")
        finally:
            if generated is not None:
                os.unlink(generated)
    return sorted(lines)


def _store(zf: zipfile.ZipFile, name: str, source: Path) -> tuple[str, int]:
    """Copy a file in, stored; its ``sha256:`` hash and size."""
    info = zipfile.ZipInfo.from_file(source, name)
    info.compress_type = zipfile.ZIP_STORED
    digest, size = hashlib.sha256(), 0
    with open(source, "rb") as src, zf.open(info, "w", force_zip64=True) as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
    return "sha256:" + digest.hexdigest(), size


def _write(zf: zipfile.ZipFile, name: str, data: bytes, compress: bool = True) -> tuple[str, int]:
    zf.writestr(zipfile.ZipInfo(name, _now_tuple()), data,
                compress_type=zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED)
    return "sha256:" + hashlib.sha256(data).hexdigest(), len(data)


def _now_tuple():
    return datetime.now(timezone.utc).timetuple()[:6]


def package(warcs: list[Path], out: Path, feeds: Iterable[Path] = (), *, title: Optional[str] = None,
            software: str = "Khabar") -> dict:
    """Write ``out`` (a WACZ) from ``warcs``; returns ``{pages, warcs, index_lines}``.

    Written to a temporary file beside ``out`` and renamed, so a failure
    leaves no half WACZ."""
    warcs = [Path(w) for w in warcs]
    names = [w.name for w in warcs]
    clash = sorted({n for n in names if names.count(n) > 1})
    if clash:
        raise ValueError(f"two WARC files share a name ({', '.join(clash)}); a WACZ holds them side by side")
    titles = feed_titles(feeds)
    pages = []
    for page in sorted(article_pages(warcs), key=lambda p: (p["ts"] or "", p["url"] or "")):
        pages.append({"id": uuid.uuid5(uuid.NAMESPACE_URL, f"{page['record_id']}").hex, "url": page["url"],
                      "ts": page["ts"], "title": titles.get(page["record_id"], "")})
    index = _index_lines(warcs)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    resources = []
    try:
        with zipfile.ZipFile(tmp, "w", allowZip64=True) as zf:
            for warc in warcs:
                digest, size = _store(zf, f"archive/{warc.name}", warc)
                resources.append({"name": warc.name, "path": f"archive/{warc.name}", "hash": digest, "bytes": size})
            data = "".join(line + "\n" for line in index).encode("utf-8")
            digest, size = _write(zf, "indexes/index.cdx", data)
            resources.append({"name": "index.cdx", "path": "indexes/index.cdx", "hash": digest, "bytes": size})
            data = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in [PAGES_HEADER, *pages]).encode("utf-8")
            digest, size = _write(zf, "pages/pages.jsonl", data)
            resources.append({"name": "pages.jsonl", "path": "pages/pages.jsonl", "hash": digest, "bytes": size})
            created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            datapackage = {"profile": "data-package", "resources": resources, "wacz_version": WACZ_VERSION,
                           "software": software, "created": created,
                           "title": title or out.stem}
            if pages:
                datapackage["mainPageUrl"] = pages[0]["url"]
                datapackage["mainPageDate"] = pages[0]["ts"]
            data = json.dumps(datapackage, indent=2, ensure_ascii=False).encode("utf-8")
            _write(zf, "datapackage.json", data)
            digest_doc = {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(data).hexdigest()}
            _write(zf, "datapackage-digest.json", json.dumps(digest_doc, indent=2).encode("utf-8"))
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return {"pages": len(pages), "warcs": len(warcs), "index_lines": len(index)}


WARC_SUFFIXES = (".warc.gz", ".warc")


def archive_inputs(paths: Iterable[str]) -> tuple[list[Path], list[Path]]:
    """(WARC files, JSON Lines feeds) under ``paths``: each an ``ARCHIVE_DIR``
    (its ``warc/`` and ``items/``), a directory of WARCs (feeds in
    ``../items``) or a WARC file.  Raises FileNotFoundError for a missing path."""
    warcs, feeds = set(), set()
    for p in map(Path, paths):
        if p.is_file():
            warcs.add(p)
            base = p.parent
        elif p.is_dir():
            base = p / "warc" if (p / "warc").is_dir() else p
            warcs.update(f for f in base.rglob("*") if f.is_file() and f.name.endswith(WARC_SUFFIXES))
        else:
            raise FileNotFoundError(f"{p}: no such file or directory")
        items = base.parent / "items" if base.name == "warc" else base / "items"
        if items.is_dir():
            feeds.update(items.glob("*.jsonl"))
    return sorted(warcs), sorted(feeds)
