"""Replay's progress counts bytes across every input file (issue 12: the bar
stayed at 1% over many files because it showed the position in one file)."""

from __future__ import annotations

import os

from crawler.archive.reader import ArchiveReader
from tests.archive.test_warc_decoding import HTML, PAGE, write_warc


def test_bytes_read_grows_across_files_to_their_total(tmp_path):
    paths = []
    for n in range(3):
        path = tmp_path / f"part{n}.warc.gz"
        write_warc(path, [(f"http://news.example/story/{n}-{i}", HTML, PAGE) for i in range(5)])
        paths.append(path)
    reader = ArchiveReader()
    seen = []
    for _ in reader.iter_paths([str(p) for p in paths]):
        seen.append(reader.bytes_read)
    total = sum(os.path.getsize(p) for p in paths)
    assert seen == sorted(seen) and len(seen) == 15
    assert seen[0] < seen[4] <= os.path.getsize(paths[0]) < seen[6]  # within a file and across files
    assert reader.bytes_read == total
