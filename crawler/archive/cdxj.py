"""CDXJ indexes (the format pywb reads, as written by cdxj-indexer).

One line per response/revisit record::

    <SURT url key> <14-digit timestamp> {"url": ..., "mime": ..., "status": ...,
        "digest": ..., "length": ..., "offset": ..., "filename": ...}

Lines are sorted, so pywb can binary-search them.  ``ArchiveWriter`` collects
the entries of the open file in a :class:`SortedLines` (bounded memory) and
writes ``<warc>.cdxj`` beside the WARC when it closes the file; ``index_warc`` builds the same file for any WARC
(foreign ones included) with cdxj-indexer; ``load_cdxj`` reads one back.
"""

from __future__ import annotations

import heapq
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional

import surt
from warcio.timeutils import iso_date_to_timestamp


def url_key(url: str) -> str:
    try:
        return surt.surt(url)
    except Exception:  # odd URLs: keep them findable verbatim
        return url


def cdxj_line(url: str, warc_date: str, *, mime: Optional[str], status: Optional[int | str],
              digest: Optional[str], length: int, offset: int, filename: str) -> str:
    entry = {"url": url}
    if mime:
        entry["mime"] = mime
    if status is not None:
        entry["status"] = str(status)
    if digest:
        entry["digest"] = digest
    entry.update(length=str(length), offset=str(offset), filename=filename)
    return f"{url_key(url)} {iso_date_to_timestamp(warc_date)} {json.dumps(entry)}"


def cdxj_path(warc_path: str | os.PathLike) -> Path:
    """``x.warc.gz`` -> ``x.cdxj`` (beside it)."""
    p = Path(warc_path)
    name = p.name
    for ext in (".open", ".gz", ".warc", ".arc"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    return p.with_name(name + ".cdxj")


def write_sorted(path: str | os.PathLike, lines: Iterable[str], *, presorted: bool = False) -> None:
    tmp = Path(str(path) + ".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for line in (lines if presorted else sorted(lines)):
            out.write(line + "\n")
    os.replace(tmp, path)


class SortedLines:
    """The index lines of the WARC being written, sorted in bounded memory.

    Why: held in a list until the file closed, they grew with the file
    (~0.9 KB a response record: ~4.5 MB of the crawl process at 5,000
    articles, ~15 MB for a 1 GB WARC).  Here at most ``run_lines`` are held;
    then they are sorted and written as a run to an unnamed temporary file
    in ``directory`` (beside the WARC; the OS drops it however the process
    ends), and :meth:`write` merges the runs into the index.
    """

    RUN_LINES = 2_000  # ~2 MB of lines at most, a run file per 2,000 records

    def __init__(self, directory: str | os.PathLike, run_lines: Optional[int] = None):
        self.directory = directory
        self.run_lines = run_lines or self.RUN_LINES
        self._lines: list[str] = []
        self._runs: list[IO[str]] = []

    def append(self, line: str) -> None:
        self._lines.append(line)
        if len(self._lines) >= self.run_lines:
            self._spill()

    def _spill(self) -> None:
        run = tempfile.TemporaryFile("w+", encoding="utf-8", dir=self.directory, prefix=".cdxj-run-")
        run.writelines(line + "\n" for line in sorted(self._lines))
        run.seek(0)
        self._runs.append(run)
        self._lines = []

    def write(self, path: str | os.PathLike) -> None:
        """The sorted index to ``path`` (written whole, then renamed), and the runs dropped."""
        try:
            runs = [(line.rstrip("\n") for line in run) for run in self._runs]
            write_sorted(path, heapq.merge(*runs, sorted(self._lines)), presorted=True)
        finally:
            self.discard()

    def discard(self) -> None:
        for run in self._runs:
            run.close()
        self._runs, self._lines = [], []


def index_warc(warc_path: str | os.PathLike, out_path: Optional[str | os.PathLike] = None) -> Path:
    """Build a sorted CDXJ for any WARC/ARC with cdxj-indexer; returns its path."""
    from cdxj_indexer.main import write_cdx_index

    out_path = Path(out_path) if out_path else cdxj_path(warc_path)
    tmp = Path(str(out_path) + ".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        write_cdx_index(out, [str(warc_path)], {"sort": True, "filename": Path(warc_path).name})
    os.replace(tmp, out_path)
    return out_path


def load_cdxj(path: str | os.PathLike) -> Iterator[tuple[str, str, dict]]:
    """(urlkey, timestamp, fields) for each line of a CDXJ file."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("!"):
                continue
            key, ts, data = line.split(" ", 2)
            yield key, ts, json.loads(data)
