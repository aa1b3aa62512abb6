"""Finishing WARC files a killed crawl left open.

A crawl writes ``<name>.warc.gz.open`` and renames it when the file is
closed.  After a ``kill -9`` the ``.open`` file stays, possibly ending in a
record cut off mid-write.  The next crawl in the same directory keeps every
complete record, truncates the rest, gives the file its final name (the one
the JSON Lines ``warc`` pointers already use) and writes its CDXJ.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from . import cdxj

logger = logging.getLogger(__name__)

OPEN_NAME = re.compile(r"-([^-]+)-(\d+)\.warc\.gz\.open$")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def complete_length(path: Path) -> int:
    """Bytes of ``path`` made of whole, readable records."""
    good_end = 0
    try:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
                record.content_stream().read()
                good_end = it.get_record_offset() + it.get_record_length()
    except Exception as exc:  # a record cut off by the crash
        logger.warning("%s: offset %d: dropping a record cut off by a crash (%s)", path, good_end, exc)
    return good_end


def recover_stale(directory: Path, host: str) -> list[Path]:
    """Finish this host's ``*.warc.gz.open`` files whose writer is gone
    (the pid is in the name); return the finished files."""
    finished = []
    for path in sorted(Path(directory).glob("*.warc.gz.open")):
        m = OPEN_NAME.search(path.name)
        if not m or m.group(1) != host or pid_alive(int(m.group(2))):
            continue
        good_end = complete_length(path)
        with open(path, "r+b") as fh:
            fh.truncate(good_end)
        final = path.with_name(path.name[: -len(".open")])
        os.replace(path, final)
        cdxj.index_warc(final)
        logger.warning("Recovered an unfinished WARC from a stopped crawl: %s", final)
        finished.append(final)
    return finished
