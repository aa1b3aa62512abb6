"""Checks a crawl makes before it fetches anything.

A scheduled run that cannot work on its archive (another run holds it, the
directory is read-only or full, the state database is unusable) must say so
in one line and stop before writing anything, with a status a cron job or
systemd notices: 75 (EX_TEMPFAIL, "try later") when another run holds the
archive or a cluster's Redis stays unreachable (``KHABAR_REDIS_MAX_WAIT``), 1 otherwise.
"""

from __future__ import annotations

from pathlib import Path

from .extension import ArchiveUnusable, check_writable, state_path
from .lock import ArchiveLock, ArchiveLocked
from .sqlite import SqliteStore, StateError

EXIT_LOCKED = 75


class PreflightError(Exception):
    def __init__(self, message: str, exitcode: int = 1):
        super().__init__(message)
        self.exitcode = exitcode


def preflight(settings, spider_names) -> None:
    """Raise :class:`PreflightError` if a crawl of ``spider_names`` cannot start."""
    path = state_path(settings)
    if path is None or settings.getlist("WARC_REPLAY"):
        return
    archive = Path(settings.get("ARCHIVE_DIR") or "archive")
    try:
        check_writable(archive, settings.getint("KHABAR_MIN_FREE_MB", 64) * 2**20)
        locks = [ArchiveLock(archive, name).acquire() for name in spider_names]
        try:
            if not settings.get("KHABAR_REDIS_URL"):  # (a cluster's state is in Redis)
                SqliteStore(path, settings.get("KHABAR_VERSION", "")).close()
        finally:
            for lock in locks:
                lock.release()
    except ArchiveLocked as exc:
        raise PreflightError(str(exc), EXIT_LOCKED) from None
    except (ArchiveUnusable, StateError) as exc:
        raise PreflightError(str(exc)) from None
    if settings.get("KHABAR_REDIS_URL"):  # a cluster worker: its Redis answers (after waiting for it)
        from crawler.cluster.connection import RedisLink, RedisUnavailable

        link = RedisLink.from_settings(settings)
        try:
            link.ping()
        except RedisUnavailable as exc:
            raise PreflightError(f"Redis: {exc}; nothing was done", EXIT_LOCKED) from None
        finally:
            link.close()
