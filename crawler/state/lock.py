"""One run of a spider per archive at a time.

Two overlapping runs of the same cron line would interleave their state and
feeds; the second finds the first's lock (``ARCHIVE_DIR/.lock-<spider>``)
and stops before writing anything.  Different spiders may share an archive.

A POSIX record lock (``lockf``): the kernel releases it when the holding
process dies, even by ``kill -9``, and forked children (the extraction
workers) do not inherit it, so a stray worker cannot keep an archive locked.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Optional

from ..archive.writer import safe_name


class ArchiveLocked(Exception):
    pass


class ArchiveLock:
    def __init__(self, archive_dir: str | Path, spider_name: str):
        self.path = Path(archive_dir) / f".lock-{safe_name(spider_name) or 'crawl'}"  # never a path
        self._fd: Optional[int] = None

    def acquire(self) -> "ArchiveLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "another process"
            os.close(fd)
            raise ArchiveLocked(f"{self.path.parent}: another run of this spider is still working on this "
                                f"archive (pid {holder}); nothing was done. Try again when it has finished.") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.lockf(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
