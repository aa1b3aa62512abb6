"""Downstream formats: Parquet (typed), CSV (JSON-encoded nesting), JSON Schema
with date-time formats.

One crawl of the bundled mirror writes the same articles as JSON Lines,
Parquet and CSV (``-O`` three times); the Parquet and CSV files are read back
and compared, item for item, with the JSON Lines.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest

from crawler.exporters import JsonCsvItemExporter, ParquetItemExporter, parse_timestamp
from crawler.items import Article
from tests.conftest import ROOT, run_scrapy

pa = pytest.importorskip("pyarrow", reason='the Parquet feed needs pyarrow (pip install "khabar[parquet]")')
pq = pytest.importorskip("pyarrow.parquet")
mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")

SITE = "mashregh"
ROW_GROUP = 5
SCHEMA = json.loads((ROOT / "schema" / "article.schema.json").read_text(encoding="utf-8"))
FIELDS = [f.name for f in dataclasses.fields(Article)]
TIMESTAMPS = ("published", "modified", "fetched_at")


@pytest.fixture(scope="module")
def feeds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feeds")
    with mirror_server.serving(SITE) as urls:
        result = run_scrapy("crawl", SITE, "-a", f"base_url={urls[SITE]}", "-s", f"ARCHIVE_DIR={tmp / 'archive'}",
                            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0",
                            "-s", f"KHABAR_PARQUET_ROW_GROUP_SIZE={ROW_GROUP}",
                            "-O", str(tmp / "items.jsonl"), "-O", str(tmp / "items.parquet"),
                            "-O", str(tmp / "items.csv"))
    assert result.returncode == 0, result.stderr[-3000:]
    items = [json.loads(line) for line in (tmp / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(items) > ROW_GROUP * 2  # several row groups, the last one partial
    return tmp, {item["url"]: item for item in items}


def offset_in(value: str) -> str:
    """The offset an ISO string ends with, as written ("Z" is "+00:00")."""
    offset = re.search(r"(Z|[+-]\d\d:\d\d)$", value).group(1)
    return "+00:00" if offset == "Z" else offset


def expected_row(item: dict) -> dict:
    """What the Parquet row of a JSON Lines item must be."""
    row = {}
    for name in FIELDS:
        if name in TIMESTAMPS:
            value = item[name]
            row[name] = datetime.fromisoformat(value).astimezone(timezone.utc) if value else None
            row[f"{name}_offset"] = offset_in(value) if value else None
        else:
            row[name] = item[name]
    return row


def test_parquet_columns_are_typed(feeds):
    tmp, _ = feeds
    schema = pq.read_schema(tmp / "items.parquet")
    utc = pa.timestamp("us", tz="UTC")
    assert schema.names == [c for name in FIELDS for c in ((name, f"{name}_offset") if name in TIMESTAMPS else (name,))]
    assert {n: schema.field(n).type for n in ("published", "modified", "fetched_at")} == \
        {"published": utc, "modified": utc, "fetched_at": utc}
    assert schema.field("authors").type == pa.list_(pa.string()) == schema.field("tags").type
    assert schema.field("warc").type == pa.struct([("file", pa.string()), ("offset", pa.int64()),
                                                   ("record_id", pa.string())])
    assert schema.field("word_count").type == pa.int64()
    assert schema.field("language_confidence").type == pa.float64()
    assert {schema.field(n).type for n in ("published_raw", "modified_raw", "published_offset", "url")} == {pa.string()}


def test_parquet_rows_equal_the_json_lines(feeds):
    tmp, items = feeds
    rows = pq.read_table(tmp / "items.parquet").to_pylist()
    assert {row["url"] for row in rows} == set(items) and len(rows) == len(items)
    for row in rows:
        assert row == expected_row(items[row["url"]])
    assert {row["published_offset"] for row in rows} == {"+03:30"}  # Tehran, as the pages state
    assert {row["fetched_at_offset"] for row in rows} == {"+00:00"}


def test_parquet_is_written_in_bounded_row_groups(feeds):
    tmp, items = feeds
    meta = pq.ParquetFile(tmp / "items.parquet").metadata
    sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    full, rest = divmod(len(items), ROW_GROUP)
    assert sizes == [ROW_GROUP] * full + ([rest] if rest else [])


def test_duckdb_reads_timestamps_as_timestamps(feeds):
    duckdb = pytest.importorskip("duckdb", reason="duckdb is not installed")
    tmp, items = feeds
    path = str(tmp / "items.parquet").replace("'", "''")
    types = duckdb.sql(f"SELECT typeof(published), typeof(fetched_at), typeof(published_raw), "
                       f"typeof(authors), typeof(warc) FROM '{path}' LIMIT 1").fetchall()[0]
    assert types[:3] == ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE", "VARCHAR")
    assert types[3] == "VARCHAR[]" and types[4].startswith("STRUCT(")
    count, = duckdb.sql(f"SELECT count(*) FROM '{path}' WHERE warc.file LIKE '%.warc.gz'").fetchall()[0]
    assert count == len(items)


def test_pandas_reads_utc_timestamps(feeds):
    pd = pytest.importorskip("pandas", reason="pandas is not installed")
    tmp, items = feeds
    frame = pd.read_parquet(tmp / "items.parquet")
    assert str(frame["published"].dtype).endswith(", UTC]") and len(frame) == len(items)


def test_csv_nested_fields_are_json(feeds):
    tmp, items = feeds
    with open(tmp / "items.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == FIELDS
        rows = list(reader)
    assert {row["url"] for row in rows} == set(items) and len(rows) == len(items)
    for row in rows:
        item = items[row["url"]]
        assert json.loads(row["warc"]) == item["warc"]
        assert json.loads(row["authors"]) == item["authors"] and json.loads(row["tags"]) == item["tags"]
        assert row["published"] == (item["published"] or "") and row["text"] == item["text"]


# --- JSON Schema ----------------------------------------------------------------

def validator():
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert "date-time" in checker.checkers, "install rfc3339-validator: without it date-time is not checked"
    return jsonschema.Draft202012Validator(SCHEMA, format_checker=checker)


def test_schema_declares_date_time_formats():
    assert {n for n, p in SCHEMA["properties"].items() if p.get("format") == "date-time"} == set(TIMESTAMPS)


def test_crawled_items_validate_with_format_checks(feeds):
    _, items = feeds
    check = validator()
    for item in items.values():
        assert not list(check.iter_errors(item)), item["url"]


@pytest.mark.parametrize("field, value", [
    ("published", "2023-04-25 21:46"),  # no T, no offset
    ("published", "۵ اردیبهشت ۱۴۰۲"),  # a raw page date belongs in published_raw
    ("modified", "2023-04-25T21:46:00"),  # no offset
    ("fetched_at", "yesterday"),
])
def test_schema_rejects_dates_that_are_not_rfc3339(field, value):
    item = dataclasses.asdict(Article(url="https://example.com/a", site="example.com", text="x", word_count=1,
                                      fetched_at="2024-01-01T00:00:00Z"))
    assert not list(validator().iter_errors(item))
    item[field] = value
    errors = list(validator().iter_errors(item))
    assert [(e.validator, list(e.path)) for e in errors] == [("format", [field])]


# --- the exporters on their own ----------------------------------------------------

def export(exporter_cls, items, **kwargs) -> bytes:
    out = io.BytesIO()
    exporter = exporter_cls(out, **kwargs)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return out.getvalue()


def test_parquet_offsets_and_missing_dates():
    items = [
        Article(url="https://a/1", published="2024-03-01T10:00:00-05:00", fetched_at="2024-03-02T00:00:00Z"),
        Article(url="https://a/2", published="2024-03-01T10:00:00+03:30", modified="not a date",
                fetched_at="2024-03-02T00:00:00+00:00"),
        Article(url="https://a/3"),
    ]
    rows = pq.read_table(io.BytesIO(export(ParquetItemExporter, items, row_group_size=2))).to_pylist()
    got = [(r["published"], r["published_offset"], r["modified"], r["modified_offset"], r["fetched_at"]) for r in rows]
    assert got == [
        (datetime(2024, 3, 1, 15, 0, tzinfo=timezone.utc), "-05:00", None, None,
         datetime(2024, 3, 2, tzinfo=timezone.utc)),
        (datetime(2024, 3, 1, 6, 30, tzinfo=timezone.utc), "+03:30", None, None,
         datetime(2024, 3, 2, tzinfo=timezone.utc)),
        (None, None, None, None, None),
    ]
    assert parse_timestamp("2024-03-01T10:00:00") == (datetime(2024, 3, 1, 10, tzinfo=timezone.utc), "+00:00")


def test_parquet_with_no_items_is_a_valid_empty_table():
    table = pq.read_table(io.BytesIO(export(ParquetItemExporter, [])))
    assert table.num_rows == 0 and "warc" in table.schema.names


def test_parquet_extra_fields_become_text_columns():
    items = [{"url": "https://a/1", "word_count": 3, "extra": {"k": [1, 2]}, "note": "plain"}]
    rows = pq.read_table(io.BytesIO(export(ParquetItemExporter, items))).to_pylist()
    assert (rows[0]["url"], rows[0]["word_count"], rows[0]["extra"], rows[0]["note"], rows[0]["authors"]) == \
        ("https://a/1", 3, '{"k": [1, 2]}', "plain", None)


def test_csv_exporter_alone():
    item = Article(url="https://a/1", authors=["علی, رضا", "Sara"], warc={"file": "x.warc.gz", "offset": 7, "record_id": "<r>"})
    rows = list(csv.DictReader(io.StringIO(export(JsonCsvItemExporter, [item]).decode("utf-8"))))
    assert json.loads(rows[0]["authors"]) == ["علی, رضا", "Sara"]
    assert json.loads(rows[0]["warc"]) == {"file": "x.warc.gz", "offset": 7, "record_id": "<r>"}
    assert rows[0]["tags"] == "[]"


EMBEDS = [{"kind": "twitter", "url": "https://twitter.com/AlarabyTV/status/1650", "author": "التلفزيون العربي (@AlarabyTV)",
           "text": "نص التغريدة"},
          {"kind": "youtube", "url": "https://www.youtube.com/watch?v=abc123", "author": None, "text": None}]


def test_parquet_embeds_are_a_list_of_structs():
    items = [Article(url="https://a/1", embeds=EMBEDS, drift=["body", "lead"]), Article(url="https://a/2")]
    table = pq.read_table(io.BytesIO(export(ParquetItemExporter, items)))
    struct = pa.struct([(k, pa.string()) for k in ("kind", "url", "author", "text")])
    assert table.schema.field("embeds").type == pa.list_(struct)
    assert table.schema.field("drift").type == pa.list_(pa.string())
    rows = table.to_pylist()
    assert [(r["embeds"], r["drift"]) for r in rows] == [(EMBEDS, ["body", "lead"]), ([], [])]


def test_csv_embeds_are_json():
    rows = list(csv.DictReader(io.StringIO(export(JsonCsvItemExporter, [Article(url="https://a/1", embeds=EMBEDS)])
                                           .decode("utf-8"))))
    assert json.loads(rows[0]["embeds"]) == EMBEDS and json.loads(rows[0]["drift"]) == []


def test_schema_accepts_embeds_and_drift_and_rejects_unknown_ones():
    item = dataclasses.asdict(Article(url="https://example.com/a", site="example.com", text="x", word_count=1,
                                      fetched_at="2024-01-01T00:00:00Z", embeds=EMBEDS, drift=["body"]))
    assert not list(validator().iter_errors(item))
    bad = dict(item, embeds=[{"kind": "twitter", "url": None}], drift=["colour"])
    assert {tuple(e.path)[:2] for e in validator().iter_errors(bad)} == {("embeds", 0), ("drift", 0)}
