"""What a crawl command does for its process as a whole, at start and at exit.

An hourly cron run of a few new stories is mostly start-up and exit, and
``bench/throughput.py`` runs three crawl processes: each of these is paid by
every run.

- :func:`load_http_handler`: Scrapy's HTTP download handler imports its TLS
  module, which builds three deprecation shims (``create_deprecated_class``),
  each calling ``inspect.stack()``: that reads the source file of every frame
  on the stack and scans ``sys.modules`` for each.  Loaded while the crawler
  engine starts, 40 frames deep, it cost ~0.1 s; loaded from the command's
  ``process_options``, a few frames deep, ~0.06 s.  While it loads, the
  shims' ``inspect`` answers those two questions directly (the calling
  frame, and the module whose globals it runs in): the same classes, the
  same ``__module__``, in ~1 ms.  Nothing else changes: the module is the
  one Scrapy imports anyway, and ``inspect`` is Scrapy's again afterwards.
- :func:`compile_sources` (``python -m crawler.lifecycle``, run by ``make
  install`` and by the benchmarks): Khabar's own packages byte-compiled once,
  as pip leaves an installed package.  Where ``PYTHONDONTWRITEBYTECODE`` is
  set (CI hosts, some containers), each start otherwise compiled the ~65
  modules a crawl imports (~0.1 s of one core).  Files already up to date are
  skipped, and Python never runs a ``.pyc`` older than its source.
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
import inspect
import sys
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

# Khabar's own source packages (the project root's), compiled by compile_sources
SOURCE_PACKAGES = ("crawler", "pipelines", "mirror", "bench")


def load_http_handler() -> None:
    try:
        with _direct_caller_lookup():
            import scrapy.core.downloader.handlers.http11  # noqa: F401
    except ImportError:  # a Scrapy without it: Scrapy reports its own handlers
        pass


def _stack(context: int = 1) -> list:
    """``inspect.stack()`` without source lines (``code_context`` None), so
    without reading a file per frame."""
    frame, out = sys._getframe(1), []
    while frame is not None:
        out.append(inspect.FrameInfo(frame, frame.f_code.co_filename, frame.f_lineno,
                                     frame.f_code.co_name, None, None))
        frame = frame.f_back
    return out


def _getmodule(obj, _filename=None):
    """A frame's module is the one its globals belong to; anything else is
    asked of ``inspect.getmodule`` itself."""
    if inspect.isframe(obj):
        module = sys.modules.get(obj.f_globals.get("__name__"))
        if module is not None and getattr(module, "__dict__", None) is obj.f_globals:
            return module
    return inspect.getmodule(obj, _filename)


@contextmanager
def _direct_caller_lookup():
    """Scrapy's ``create_deprecated_class`` looks up its caller's module
    with ``inspect.stack()`` and ``inspect.getmodule()``; for the time of the
    ``with``, its module sees an ``inspect`` that answers both directly."""
    try:
        from scrapy.utils import deprecate
    except ImportError:
        yield
        return
    real = getattr(deprecate, "inspect", None)
    if real is not inspect:  # not the module this was written against: leave it be
        yield
        return
    deprecate.inspect = SimpleNamespace(**{**vars(inspect), "stack": _stack, "getmodule": _getmodule})
    try:
        yield
    finally:
        deprecate.inspect = real


def skip_final_collection() -> None:
    """Call last, when the command's crawls are over and the process is
    about to exit (not for a process that goes on: the frozen objects are
    never collected)."""
    gc.freeze()


def compile_sources(root: Path | None = None) -> bool:
    """Byte-compile :data:`SOURCE_PACKAGES` under ``root`` (the project's);
    False if a file does not compile (compileall prints it, with its error)."""
    import compileall

    root = Path(root) if root is not None else Path(__file__).resolve().parents[1]
    results = [compileall.compile_dir(str(root / name), quiet=1)
               for name in SOURCE_PACKAGES if (root / name).is_dir()]
    return all(results)


if __name__ == "__main__":
    sys.exit(0 if compile_sources() else 1)
