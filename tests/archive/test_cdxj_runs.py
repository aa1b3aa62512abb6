"""The CDXJ index of a WARC is sorted in bounded memory (runs on disk, merged
when the file closes): the same index as sorting every line at once, and
nothing left beside the WARC."""

from __future__ import annotations

import random

from crawler.archive import cdxj
from crawler.archive.cdxj import SortedLines, load_cdxj
from crawler.archive.writer import ArchiveWriter


def test_lines_merged_from_runs_are_the_whole_sorted_list(tmp_path):
    rng = random.Random(7)
    lines = [f"ir,example)/{rng.randrange(10**6)} 2026120{rng.randrange(10)} {{\"n\": {i}}}" for i in range(5_003)]
    lines += lines[:40]  # the same line twice stays twice
    collected = SortedLines(tmp_path, run_lines=700)
    for line in lines:
        collected.append(line)
    assert len(collected._runs) == len(lines) // 700  # held in memory: fewer than 700 lines
    collected.write(tmp_path / "x.cdxj")
    assert (tmp_path / "x.cdxj").read_text(encoding="utf-8").splitlines() == sorted(lines)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.cdxj"]


def test_a_discarded_index_leaves_nothing(tmp_path):
    collected = SortedLines(tmp_path, run_lines=3)
    for i in range(10):
        collected.append(f"k{i}")
    collected.discard()
    assert list(tmp_path.iterdir()) == []


def test_a_warc_index_written_in_runs_names_every_response_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(cdxj.SortedLines, "RUN_LINES", 4)
    writer = ArchiveWriter(tmp_path, spider_name="t", cdxj_index=True)
    urls = [f"http://127.0.0.1/%D8%AE%D8%A8%D8%B1/{i}" for i in random.Random(3).sample(range(1000), 23)]
    offsets = {}
    for url in urls:
        ptr, _ = writer.write_exchange(url=url, status=200, response_headers=[("Content-Type", "text/html")],
                                       body=b"<html><p>\xd8\xae</p></html>")
        offsets[url] = ptr.offset
    writer.close()
    [warc] = writer.files
    index = list(load_cdxj(cdxj.cdxj_path(warc)))
    assert [(key, ts) for key, ts, _ in index] == sorted((key, ts) for key, ts, _ in index)
    assert {fields["url"]: int(fields["offset"]) for _, _, fields in index} == offsets
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([warc.name, cdxj.cdxj_path(warc).name])
