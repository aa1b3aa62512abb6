"""Command-line paths to WARC files: plain files, globs and directories.

Replay takes what a user types (``archive/``, ``'2025-*/**/*.warc.gz'``); a
path that names nothing is a one-line error, not an empty replay.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Callable, Iterable

from .errors import ReadError

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz", ".warc.gz.open", ".warc.open", ".warc.lz4")


def expand_paths(paths: Iterable[str], on_error: Callable[[ReadError], None]) -> list[str]:
    """Files from paths, globs and directories (recursively, WARC/ARC suffixes only), each once."""
    out: list[str] = []
    for p in paths:
        p = str(p)
        if os.path.isdir(p):
            found = sorted(str(f) for f in Path(p).rglob("*") if f.is_file() and f.name.endswith(WARC_SUFFIXES))
            if not found:
                on_error(ReadError(p, None, "directory holds no .warc/.warc.gz/.arc files"))
            out += found
        elif os.path.exists(p):
            out.append(p)
        elif glob.has_magic(p):
            found = sorted(f for f in glob.glob(p, recursive=True) if os.path.isfile(f))
            if not found:
                on_error(ReadError(p, None, "no file matches this pattern"))
            out += found
        else:
            on_error(ReadError(p, None, "no such file or directory"))
    seen, unique = set(), []
    for f in out:
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique
