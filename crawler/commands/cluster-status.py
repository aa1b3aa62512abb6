"""``scrapy cluster-status -s KHABAR_REDIS_URL=redis://host:6379/0 [--json]``

Per frontier (one per spider, or per ``news`` site): requests queued, leased
(taken by a worker and not yet done), requeued (leases that expired: a worker
died or stalled), fingerprints seen and items emitted by all workers; then the
workers seen in the last minute with the leases each holds, and the stories
the shared crawl state records.  Exit status 1 when Redis cannot be reached.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--json] -s KHABAR_REDIS_URL=redis://host:6379/0"

    def short_desc(self) -> str:
        return "Show a cluster's queues, leases, workers and items (Redis)"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def run(self, args, opts) -> None:
        from crawler.cluster.connection import RedisLink, RedisUnavailable, shown
        from crawler.cluster.status import cluster_status, render

        url = self.settings.get("KHABAR_REDIS_URL")
        if not url:
            raise UsageError("give the cluster's Redis: -s KHABAR_REDIS_URL=redis://host:6379/0", print_help=False)
        link = RedisLink(url, self.settings.get("KHABAR_REDIS_PREFIX") or "khabar", max_wait=5)
        try:
            status = cluster_status(link)
        except RedisUnavailable as exc:
            print(f"cluster-status: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        finally:
            link.close()
        if opts.json:
            print(json.dumps(asdict(status), indent=2))
        else:
            print(render(status, shown(url)))
