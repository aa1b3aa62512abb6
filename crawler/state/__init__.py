"""What Khabar remembers about stories and article URLs.

Two stores with one interface: :class:`~.memory.MemoryStore` (one run: a
replay, or a crawl with ``-s KHABAR_STATE=``) and
:class:`~.sqlite.SqliteStore` (across runs: ``ARCHIVE_DIR/state.sqlite`` by
default).  The :class:`~.extension.CrawlState` extension opens one per crawl.
"""

from .records import Story, UrlRecord

__all__ = ["Story", "UrlRecord"]
