"""``scrapy merge-index DIR... -o all.cdxj``: one CDXJ index over every
worker's WARCs.

Each DIR is a worker's ``ARCHIVE_DIR`` (its ``warc/`` is searched), a
directory of WARCs, or a WARC file.  The CDXJ each worker wrote beside its
WARCs is read; a WARC without one (closed by a ``kill -9``) is indexed with
cdxj-indexer.  The ``filename`` of every line becomes the WARC's path
relative to the output's directory, so pywb (or ``scrapy replay``) finds the
files of every worker from one index; the lines are sorted and exact
duplicates dropped.  Exit status 1 if a WARC could not be indexed.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

WARC_SUFFIXES = (".warc.gz", ".warc", ".arc.gz", ".arc")


def warcs_under(paths: list[str]) -> list[Path]:
    found = []
    for p in map(Path, paths):
        if p.is_file():
            found.append(p)
        elif p.is_dir():
            base = p / "warc" if (p / "warc").is_dir() else p
            found += [f for f in base.rglob("*") if f.is_file() and f.name.endswith(WARC_SUFFIXES)]
        else:
            raise UsageError(f"{p}: no such file or directory", print_help=False)
    return sorted(set(found))


def merge(warcs: list[Path], out: Path) -> tuple[int, list[str]]:
    from crawler.archive.cdxj import cdxj_path, index_warc, load_cdxj, write_sorted

    lines, problems = set(), []
    for warc in warcs:
        index = cdxj_path(warc)
        if not index.is_file():
            try:
                index = index_warc(warc, out.parent / f".{warc.name}.cdxj")
            except Exception as exc:  # a WARC torn by kill -9 is indexed up to the tear by replay, not here
                problems.append(f"{warc}: could not index ({exc})")
                continue
            generated = True
        else:
            generated = False
        name = os.path.relpath(warc.resolve(), out.parent.resolve())
        for urlkey, stamp, fields in load_cdxj(index):
            fields["filename"] = name
            lines.add(f"{urlkey} {stamp} {json.dumps(fields)}")
        if generated:
            index.unlink()
    write_sorted(out, list(lines))
    return len(lines), problems


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "DIR... -o OUT.cdxj"

    def short_desc(self) -> str:
        return "Write one CDXJ index over the WARCs of several workers (ARCHIVE_DIRs)"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="the merged CDXJ to write")

    def run(self, args, opts) -> None:
        if not args or not opts.output:
            raise UsageError("merge-index DIR... -o OUT.cdxj", print_help=False)
        out = Path(opts.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        warcs = warcs_under(args)
        count, problems = merge(warcs, out)
        for problem in problems:
            print(f"merge-index: {problem}", file=sys.stderr)
        print(f"{out}: {count} lines from {len(warcs) - len(problems)} WARC files")
        self.exitcode = 1 if problems else 0
