"""``scrapy replay PATH... [-O items.jsonl]``: re-extract articles from WARC/ARC archives.

PATH: WARC/ARC files (``.warc``, ``.warc.gz``, ``.arc``…), globs or directories.
Every archived HTML response goes through the crawl's extraction (in
``REPLAY_WORKERS`` processes, default all cores) and comes out as the crawl's
JSON Lines (``fetched_at`` = WARC-Date, ``warc`` = the record read).  No
network access.  ``-a site=NAME``, ``-a since=YYYY-MM-DD``, ``-a until=…``
filter.  ``--index`` writes a CDXJ index beside each input instead.

Unreadable input (missing path, empty or non-WARC file, truncated/corrupt
record) is reported one line each ("FILE: offset N: message"), skipped, and
counted; the exit status is 1 if anything was skipped, 0 otherwise.
"""

from __future__ import annotations

import os
import re
import sys

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES

from crawler.lifecycle import skip_final_collection


class Command(BaseRunSpiderCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[options] PATH..."

    def short_desc(self) -> str:
        return "Extract articles from WARC/ARC archives, offline (or --index them)"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--workers", type=int, metavar="N",
                            help="extraction processes (default: REPLAY_WORKERS, 0 = all cores)")
        parser.add_argument("--index", action="store_true",
                            help="write a CDXJ index beside each input WARC (pywb format) and exit")
        parser.add_argument("--progress", choices=("bar", "log", "off"),
                            help="progress display (default: bar on a terminal, log lines otherwise)")

    def process_options(self, args, opts):
        super().process_options(args, opts)
        if opts.workers is not None:
            self.settings.set("REPLAY_WORKERS", opts.workers, priority="cmdline")
        if (opts.output or opts.overwrite_output) and \
                self.settings.getpriority("KHABAR_DEFAULT_FEED") < SETTINGS_PRIORITIES["cmdline"]:
            # A replay writes where it is told; the archive's default feed is
            # for crawls (unless -s KHABAR_DEFAULT_FEED=1 asks for it too).
            self.settings.set("KHABAR_DEFAULT_FEED", False, priority="cmdline")
        if (self.settings.getpriority("KHABAR_REPORT_ENABLED") or 0) < SETTINGS_PRIORITIES["cmdline"]:
            # a replay's output is its feed: no crawl report unless asked for
            self.settings.set("KHABAR_REPORT_ENABLED", False, priority="cmdline")
        for name, off in (("KHABAR_STATUS_INTERVAL", 0), ("KHABAR_STATUS_BAR", "off")):
            if (self.settings.getpriority(name) or 0) < SETTINGS_PRIORITIES["cmdline"]:
                # replay draws its own progress (--progress), by bytes read
                self.settings.set(name, off, priority="cmdline")
        self.validate(opts)
        # replay extracts in the crawl's extraction pool, sized for replay
        workers = self.settings.getint("REPLAY_WORKERS", 0) or os.cpu_count() or 1
        self.settings.set("EXTRACTION_WORKERS", workers, priority="cmdline")

    def validate(self, opts) -> None:
        """Settings and -a arguments (crawler/validate.py), before logging
        starts and anything is read."""
        from crawler.archive.replayspider import ReplaySpider
        from crawler.validate import argument_problems, setting_problems, usage_message

        # paths and progress come from the command line, not from -a
        problems = setting_problems(self.settings) + argument_problems(
            ReplaySpider, opts.spargs, exclude=("paths", "progress"))
        if problems:
            raise UsageError(usage_message(problems), print_help=False)

    def run(self, args, opts):
        from crawler.archive.replayspider import ReplaySpider

        if not args:
            raise UsageError("give at least one WARC file, glob or directory")
        if opts.index:
            self.exitcode = index_paths(args)
            return
        from crawler.sites import SITES

        site = opts.spargs.get("site")
        if site and site not in SITES:
            raise UsageError(f"unknown site {site!r}; known: {', '.join(sorted(SITES))}", print_help=False)
        for name in ("since", "until"):
            value = opts.spargs.get(name)
            if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise UsageError(f"-a {name}= must be a date as YYYY-MM-DD, got {value!r}", print_help=False)

        crawler = self._create_crawler(ReplaySpider)
        spargs = dict(opts.spargs)
        if opts.progress:
            spargs["progress"] = opts.progress
        self.crawler_process.crawl(crawler, paths=args, **spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats
        unreadable = stats.get_value("khabar/replay/unreadable", 0)
        summary = (f"replay: {stats.get_value('khabar/replay/reader/files', 0)} files, "
                   f"{stats.get_value('khabar/replay/reader/records', 0)} records, "
                   f"{stats.get_value('khabar/replay/responses', 0)} HTTP responses, "
                   f"{stats.get_value('khabar/articles', 0)} articles, "
                   f"{stats.get_value('khabar/non_article', 0)} non-articles skipped, "
                   f"{unreadable} unreadable (skipped)")
        print(summary, file=sys.stderr)
        self.exitcode = 1 if unreadable else 0
        skip_final_collection()


def index_paths(paths) -> int:
    from crawler.archive.cdxj import index_warc
    from crawler.archive.reader import ArchiveReader, expand_paths

    failed = 0
    errors = []
    for path in expand_paths(paths, errors.append):
        # check readability first: cdxj-indexer stops at the first bad record
        reader = ArchiveReader(on_error=errors.append)
        for _ in reader.iter_file(path):
            pass
        try:
            out = index_warc(path)
            print(f"{path}: indexed -> {out}", file=sys.stderr)
        except Exception as exc:
            errors.append(f"{path}: cannot index: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
    for err in errors:
        if getattr(err, "fatal", True):
            failed += 1
            print(str(err), file=sys.stderr)
    return 1 if failed else 0
