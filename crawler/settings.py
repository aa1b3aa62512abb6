"""Scrapy settings for Khabar.  Every value here can be overridden with ``-s``.

Politeness is on by default (robots.txt, AutoThrottle, per-domain limits, a
descriptive User-Agent with a contact URL); output goes under ARCHIVE_DIR.
"""

from scrapy.settings import default_settings as _scrapy_defaults

BOT_NAME = "khabar"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# --- Identity and politeness ---------------------------------------------
KHABAR_VERSION = "0.1.0"
KHABAR_CONTACT_URL = "https://github.com/khabar-archive/khabar"
# Not browser-like on purpose: some sites (alaraby) refuse browser agents.
USER_AGENT = f"Khabar/{KHABAR_VERSION} (news archiver; +{KHABAR_CONTACT_URL})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# Items and requests of one callback processed at once.  Scrapy starts this
# many asyncio tasks for every response whatever it yields (default 100); a
# Khabar callback yields one article and a few requests, and the pipelines
# are synchronous, so 100 tasks per page were pure overhead on the reactor.
CONCURRENT_ITEMS = 8
# Requests waiting in the scheduler, each kept as one pickled dict (a
# sitemap queues a whole site's stories at once: crawler/frontier.py).
SCHEDULER_MEMORY_QUEUE = "crawler.frontier.CompactLifoMemoryQueue"
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 60
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's RemoteControl runs Python sent to a local HTTP port: not on
# an unattended hourly crawl (and it costs each start aiohttp and a server).
REMOTE_CONTROL_ENABLED = False
# ... and not even imported (aiohttp: ~0.15 s of CPU at every start).  Scrapy
# imports every key of EXTENSIONS to compare it, even one set to None, so the
# extension leaves the base list instead.
EXTENSIONS_BASE = {k: v for k, v in _scrapy_defaults.EXTENSIONS_BASE.items()
                   if k != "scrapy.extensions.remote_control.RemoteControl"}
# A news crawler fetches http(s) only: Scrapy's s3 and ftp handlers are not
# loaded at every start.
DOWNLOAD_HANDLERS = {"s3": None, "ftp": None}
REDIRECT_MAX_TIMES = 10

# --- Output ----------------------------------------------------------------
ARCHIVE_DIR = "archive"
# The default JSON Lines feed: ARCHIVE_DIR/items/<spider>-<time>.jsonl
# (pipelines/feed.py).  A user's own -o/-O feed is written beside it; set
# KHABAR_DEFAULT_FEED = False to have only the user's feed.
KHABAR_DEFAULT_FEED = True
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = None

# --- Page requisites (crawler/requisites.py): archives that replay as the page looked --
# An emitted article page's stylesheets (and their @import/url()), images (og:image,
# <img src>/srcset) and scripts, from the site's own hosts or its requisite_domains,
# are archived beside it (never extracted).  False: only the HTML.
CAPTURE_REQUISITES = True
REQUISITE_MAX_SIZE = 5 * 1024 * 1024  # bytes; a bigger one is cut off and not archived
REQUISITE_MAX_PER_PAGE = 200  # requisites taken from one page (or stylesheet) at most
REQUISITE_REFRESH_DAYS = 7.0  # a requisite an earlier run captured is asked for again after this

# --- Extraction ---------------------------------------------------------------
# Worker processes for extract(); 0 = run it in a thread of this process.
EXTRACTION_WORKERS = 2
# Article pages handed to a worker in one task at most: the pages a turn of
# the event loop asks for go together (one pickle, pipe write and result read
# per batch instead of per page).  Paired 500-story crawls: CPU 0.91-0.98x,
# wall 0.93-0.99x against 1 (README, Benchmarks).
EXTRACTION_BATCH = 4

# --- Crawl state (crawler/state): what earlier runs archived ------------------
# "default" = ARCHIVE_DIR/state.sqlite; a path; or empty for this run only.
KHABAR_STATE = "default"
KHABAR_MAX_ATTEMPTS = 3  # runs in a row a failing article URL is tried
KHABAR_MIN_FREE_MB = 64  # refuse to start on an archive with less free space
# A sitemap/feed date this close to now (or later) is taken as "stamped when
# served", not as an edit, and triggers no recheck.
KHABAR_LASTMOD_SKEW_SECONDS = 60

# --- A cluster of workers on one Redis (crawler/cluster; README "Many workers") --
# Empty: one process, state in SQLite.  redis://host:6379/0: the scheduler,
# the duplicate filter, the crawl state and the per-site politeness are shared
# by every worker started with the same URL.
KHABAR_REDIS_URL = ""
KHABAR_REDIS_PREFIX = "khabar"  # every key starts with it: one Redis may hold several archives
KHABAR_REDIS_LEASE_SECONDS = 60  # a dead worker's requests go back to the queue after this
KHABAR_REDIS_MAX_WAIT = 300  # seconds to wait for an unreachable Redis before closing the crawl
KHABAR_REDIS_POLITENESS = True  # DOWNLOAD_DELAY / CONCURRENT_REQUESTS_PER_DOMAIN across all workers
ADDONS = {"crawler.cluster.addon.ClusterAddon": 0}

# Every item, crawled or replayed, takes this one path.
ITEM_PIPELINES = {
    # window, then one item per story per run; changed text is a new version
    "pipelines.stories.StoryPipeline": 100,
    # After dedup, so only kept articles get a WARC conversion (WET) record.
    "pipelines.wet.WetConversionPipeline": 800,
    # The archive's own JSON Lines, written crash-safe (last).
    "pipelines.feed.ArchiveFeedPipeline": 900,
}

# --- WARC archive (crawler/archive) ------------------------------------------
WARC_ENABLED = True  # capture every fetched URL: request + response records
WARC_MAX_SIZE = 1_000_000_000  # rotate WARC files at ~1 GB
WARC_GZIP_LEVEL = 6  # zlib level of each record's gzip member (warcio's 9: 1.8x the CPU, 1% smaller)
WARC_PREFIX = "khabar"  # khabar-<spider>-<UTC stamp>-<seq>-<host>-<pid>.warc.gz
WARC_CDXJ = True  # sorted <same>.cdxj beside each WARC (the index pywb reads)
WARC_REPLAY = []  # paths/globs/dirs: serve every request from these archives
REPLAY_WORKERS = 0  # `scrapy replay` extraction processes (0 = all cores)

EXTENSIONS = {
    # A status line every KHABAR_STATUS_INTERVAL seconds and a live bar on a
    # terminal (crawler/status.py); it replaces Scrapy's "Crawled N pages" line.
    "scrapy.extensions.logstats.LogStats": None,
    "crawler.status.CrawlStatusExtension": 0,
    "crawler.archive.extension.WarcArchive": 0,
    "crawler.state.extension.CrawlState": 0,
    "crawler.ledger.UrlLedger": 0,  # every URL met ends in one counted outcome
    "crawler.workers.ExtractionPool": 0,
    "crawler.gcpolicy.CollectorPolicy": 0,  # KHABAR_GC_THRESHOLD: fewer collector runs
    # Both act at engine_stopped: the report is written first, then the
    # summary (which names the report) is logged, last of all.
    "crawler.report.CrawlReportExtension": 400,
    "crawler.summary.CrawlSummaryExtension": 500,
    # --- hostile servers (issue 9) ---
    # the first failed archive write (disk full, read-only) stops the crawl (crawler/writefail.py)
    "crawler.writefail.ArchiveWriteGuard": 0,
}
# Local feed files (the JSON Lines) written a whole line at a time; a failed
# write stops the crawl instead of leaving half a line (crawler/writefail.py).
FEED_STORAGES = {"": "crawler.writefail.GuardedFileFeedStorage", "file": "crawler.writefail.GuardedFileFeedStorage"}

SPIDER_MIDDLEWARES = {
    # warc / fetched_at / site on every article, from the response it came from
    "crawler.middlewares.provenance.ProvenanceMiddleware": 800,
    # --- hostile servers (issue 9) ---
    # caps on sitemap documents and sitemap-index depth (crawler/middlewares/sitemapcap.py)
    "crawler.middlewares.sitemapcap.SitemapCapMiddleware": 810,
    # sitemaps and feeds declaring entities (billion laughs, XXE), refused by
    # crawler/discovery.py, counted and named in one line (crawler/middlewares/hostilexml.py)
    "crawler.middlewares.hostilexml.HostileDocumentMiddleware": 820,
    # Scrapy's DEPTH_LIMIT and URLLENGTH_LIMIT, each dropped URL given its
    # outcome in the ledger (crawler/middlewares/limits.py), in Scrapy's places
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "crawler.middlewares.limits.LedgeredDepthMiddleware": 900,
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "crawler.middlewares.limits.LedgeredUrlLengthMiddleware": 800,
}
DOWNLOADER_MIDDLEWARES = {
    # Capture sees responses before RedirectMiddleware (600) consumes 3xx and
    # before HttpCompressionMiddleware (590) decodes the body: so above 600.
    "crawler.archive.capture.WarcCaptureMiddleware": 650,
    # After capture, before RedirectMiddleware: a Location naming the live
    # domain is followed on the origin crawled (-a base_url).
    "crawler.middlewares.redirects.RebaseRedirectMiddleware": 620,
    # Scrapy's, but a page that cannot hold a meta refresh is not decoded to look
    # (crawler/middlewares/metarefresh.py)
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.metarefresh.QuickMetaRefreshMiddleware": 580,
    # Whole-crawl replay answers requests from WARCs (no-op unless WARC_REPLAY).
    "crawler.archive.replay.WarcReplayMiddleware": 950,
    # --- hostile servers (issue 9) ---
    # robots.txt by RFC 9309, start requests included (crawler/middlewares/robots.py)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.RobotsTxtMiddleware": 100,
    # Retry-After on 429/503, just above RetryMiddleware (550) (crawler/middlewares/retry_after.py)
    "crawler.middlewares.retry_after.RetryAfterMiddleware": 560,
    # A size cap per kind of document, for the transfer and for decompression
    # (crawler/middlewares/sizecaps.py); Scrapy's HttpCompressionMiddleware counted.
    "crawler.middlewares.sizecaps.SizeCapMiddleware": 50,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.middlewares.sizecaps.CappedHttpCompressionMiddleware": 590,
}

# --- Hostile servers (issue 9) ------------------------------------------------
KHABAR_ROBOTSTXT_TIMEOUT = 30  # seconds; a robots.txt not answered by then = complete disallow
KHABAR_RETRY_AFTER_MAX = 120  # seconds; a longer Retry-After on 429/503 = give up that URL
# Bytes per kind of document, transferred and decompressed (crawler/middlewares/sizecaps.py);
# kinds not named keep their defaults: article/listing/pagination 8 MiB, feed
# 32 MiB, sitemap/probe 64 MiB, robots 2 MiB, any other kind 16 MiB.
KHABAR_MAXSIZE = {}
# Sitemap and feed entries are kept as URLs and made into requests as the
# scheduler drains, this many article requests ahead (0: all at once, as
# read); only with Scrapy's in-memory scheduler (crawler/backlog.py).
KHABAR_FRONTIER_ENTRIES = 64
KHABAR_MAX_SITEMAPS = 2000  # sitemap documents requested from sitemaps/feeds/pages per crawl
KHABAR_SITEMAP_DEPTH = 5  # sitemap index -> index -> ... hops below a seed/probe/robots.txt sitemap
# Bytes of one WARC record's body a replay reads at most (`scrapy replay`, WARC_REPLAY);
# a larger record is read past and skipped as too large, with one warning
# (khabar/replay/reader/too_large).  Kept records over the article size cap are
# then counted as the crawl counts them (khabar/hostile/oversize/article).
KHABAR_REPLAY_MAX_RECORD = 64 * 1024 * 1024

# Scrapy defaults that should not warn
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"

# --- Feed formats for tables (crawler/exporters.py) ---------------------------
# -O items.parquet: typed columns (UTC timestamps + offsets, lists, warc struct);
# needs pyarrow (pip install "khabar[parquet]").  -O items.csv: nested fields
# (warc, authors, tags) as JSON text.
FEED_EXPORTERS = {
    "parquet": "crawler.exporters.ParquetItemExporter",
    "csv": "crawler.exporters.JsonCsvItemExporter",
}
KHABAR_PARQUET_ROW_GROUP_SIZE = 1000  # items per Parquet row group (bounds memory)

# --- Crawl report (crawler/report.py) -------------------------------------------
# ARCHIVE_DIR/reports/<spider>-<time>.json (all stats, counts by site, failure
# kind, extraction warning) and .html beside it.  `scrapy replay` leaves it off
# unless -s KHABAR_REPORT_ENABLED=1.
KHABAR_REPORT_ENABLED = True
KHABAR_REPORT_SAMPLE = 20  # articles listed in the HTML report, with links into the WARC

# --- scrapy check (crawler/contracts.py) ------------------------------------------
# @site_url: a definition's sample page on the origin crawled (-a base_url);
# @fills: fields present and not empty.
SPIDER_CONTRACTS = {"crawler.contracts.SiteUrlContract": 1, "crawler.contracts.FilledFieldsContract": 10}

# --- Progress while a crawl runs (crawler/status.py) ----------------------------
# A status line every N seconds (pages, articles, queue, failures, rate), and a
# rate sample the report draws; 0 = no status lines.
KHABAR_STATUS_INTERVAL = 30
# The crawl process's collector runs every 10,000 net container allocations,
# not Python's 700 (crawler/gcpolicy.py; 0 = Python's own)
KHABAR_GC_THRESHOLD = 10_000
# A live bar: "auto" = only when stderr is a terminal (never in cron/CI logs), "on", "off".
KHABAR_STATUS_BAR = "auto"
