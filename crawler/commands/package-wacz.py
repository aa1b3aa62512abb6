"""``scrapy package-wacz [PATH...] [-o OUT.wacz]``: Khabar's WARCs as one WACZ.

Each PATH is an ``ARCHIVE_DIR`` (its ``warc/``), a directory of WARCs, or a
WARC file; with none, the ``ARCHIVE_DIR`` setting.  The WACZ (1.1.1) opens in
ReplayWeb.page and pywb; its ``pages/pages.jsonl`` lists the articles the
crawls emitted (url, capture time, title), not their stylesheets or images.
See :mod:`crawler.archive.wacz`.  Exit status 1 when there is nothing to
package or a WARC cannot be read.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[PATH...] [-o OUT.wacz]"

    def short_desc(self) -> str:
        return "Package WARCs (by default ARCHIVE_DIR's) as a WACZ for ReplayWeb.page / pywb"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE",
                            help="the WACZ to write (default ARCHIVE_DIR/wacz/khabar-<UTC time>.wacz)")
        parser.add_argument("--title", help="the archive's title (datapackage.json)")

    def run(self, args, opts) -> None:
        from crawler.archive.wacz import archive_inputs, package

        archive_dir = Path(self.settings.get("ARCHIVE_DIR") or "archive")
        try:
            warcs, feeds = archive_inputs(args or [str(archive_dir)])
        except FileNotFoundError as exc:
            raise UsageError(str(exc), print_help=False) from None
        if not warcs:
            print(f"package-wacz: no WARC files under {', '.join(args or [str(archive_dir)])}", file=sys.stderr)
            self.exitcode = 1
            return
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        out = Path(opts.output) if opts.output else archive_dir / "wacz" / f"khabar-{stamp}.wacz"
        software = f"Khabar {self.settings.get('KHABAR_VERSION', '')} (scrapy package-wacz)".replace("  ", " ")
        try:
            summary = package(warcs, out, feeds, title=opts.title, software=software)
        except (OSError, ValueError) as exc:
            print(f"package-wacz: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        print(f"{out}: {summary['pages']} article pages, {summary['warcs']} WARC files, "
              f"{summary['index_lines']} index lines")
        self.exitcode = 0
