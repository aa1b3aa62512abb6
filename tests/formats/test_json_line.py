"""The archive feed's JSON line (pipelines/feed.py ``JsonLine``) is byte for
byte the line Scrapy's ``JsonLinesItemExporter`` writes, for the items the
extractor makes and for items of other kinds."""

import dataclasses
import io
import json
from datetime import datetime, timezone
from pathlib import Path

from scrapy.exporters import JsonLinesItemExporter

from crawler.extraction import extract
from crawler.sites import definition_named
from pipelines.feed import JsonLine

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def exporter_line(item, encoding="utf-8") -> bytes:
    buf = io.BytesIO()
    JsonLinesItemExporter(buf, encoding=encoding).export_item(item)
    return buf.getvalue()


def golden_articles():
    out = []
    for gold_file in sorted((GOLDEN / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        page = GOLDEN / "pages" / f"{gold_file.stem}.html"
        if not page.exists() or "url" not in gold:
            continue
        try:
            out.append(extract(gold["url"], page.read_bytes(), list(gold.get("headers", {}).items()),
                               definition_named(gold.get("site"))))
        except Exception:  # a golden non-article page
            continue
    return out


@dataclasses.dataclass
class Plain:
    url: str
    when: datetime
    nested: dict
    empty: object = None


@dataclasses.dataclass
class WithSerializer:
    url: str = dataclasses.field(metadata={"serializer": str.upper})


def test_lines_are_the_exporters_bytes():
    articles = golden_articles()
    assert len(articles) >= 10
    articles[0].warc = {"file": "a.warc.gz", "offset": 12, "record_id": "<urn:uuid:x>"}
    others = [Plain("http://x/\u200cخبر", datetime(2026, 12, 3, tzinfo=timezone.utc), {"a": [1, "ب"]}),
              WithSerializer("http://x/a"), {"url": "http://x/d", "n": 1}]
    line = JsonLine("utf-8")
    for item in articles + others:
        assert line(item) == exporter_line(item), type(item).__name__
    assert JsonLine("utf-8")(others[1]) == b'{"url": "HTTP://X/A"}\n'  # the serializer applied
    assert "\u200c".encode() in JsonLine("utf-8")(others[0])  # ZWNJ kept, not escaped
