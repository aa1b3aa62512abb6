"""What a crawl command does for its process as a whole, at start and at exit.

An hourly cron run of a few new stories is mostly start-up and exit, and
``bench/throughput.py`` runs three crawl processes: each of these is paid by
every run.

- :func:`load_http_handler`: Scrapy's HTTP download handler imports its TLS
  module, which builds three deprecation shims (``create_deprecated_class``),
  each calling ``inspect.stack()``: that reads the source file of every frame
  on the stack and scans ``sys.modules`` for each.  Loaded while the crawler
  engine starts, 40 frames deep, it cost ~0.1 s; loaded from the command's
  ``process_options``, a few frames deep, a fraction of that.  Nothing else
  changes: the module is the one Scrapy imports anyway.
- :func:`skip_final_collection`: once the command is done, Python's
  finalisation runs full collections over every object the crawl left
  (~0.2 s of one core after a 500-story crawl).  ``gc.freeze()`` moves them
  out of the collector's sight; the rest of the exit stays as it was
  (atexit handlers, logging's flush, the exit status, objects freed by
  reference counting).  What it skips is the collection of reference cycles
  left at exit (and so their finalisers): every file Khabar writes is closed
  when its spider closes, before this.
"""

from __future__ import annotations

import gc


def load_http_handler() -> None:
    try:
        import scrapy.core.downloader.handlers.http11  # noqa: F401
    except ImportError:  # a Scrapy without it: Scrapy reports its own handlers
        pass


def skip_final_collection() -> None:
    """Call last, when the command's crawls are over and the process is
    about to exit (not for a process that goes on: the frozen objects are
    never collected)."""
    gc.freeze()
