"""The ``since``/``until`` date window, one rule for crawls and replays.

Days are inclusive and read in the site's own time zone (``-a since=2024-01-01``
on an Iranian site starts at midnight Tehran time); publication times are
compared as aware datetimes, so ``+03:30`` and ``Z`` dates fall on the
right side of a boundary.  An unknown date is inside the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Optional
from zoneinfo import ZoneInfo

from .discovery import parse_date


def parse_day(value: Optional[str], name: str) -> Optional[date]:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"-a {name}= must be a date as YYYY-MM-DD, got {value!r}") from None


@dataclass(frozen=True)
class DateWindow:
    since: Optional[date] = None
    until: Optional[date] = None

    @classmethod
    def from_args(cls, since: Optional[str], until: Optional[str]) -> "DateWindow":
        window = cls(parse_day(since, "since"), parse_day(until, "until"))
        if window.since and window.until and window.since > window.until:
            raise ValueError(f"-a since={since} is after -a until={until}")
        return window

    @property
    def active(self) -> bool:
        return bool(self.since or self.until)

    def start(self, zone: str) -> Optional[datetime]:
        return datetime.combine(self.since, time.min, ZoneInfo(zone)) if self.since else None

    def end(self, zone: str) -> Optional[datetime]:
        """The first instant after the window."""
        return datetime.combine(self.until + timedelta(days=1), time.min, ZoneInfo(zone)) if self.until else None

    def contains(self, when: Optional[datetime], zone: str = "UTC") -> bool:
        if when is None:
            return True
        start, end = self.start(zone), self.end(zone)
        return not ((start and when < start) or (end and when >= end))

    def contains_iso(self, value: Optional[str], zone: str = "UTC") -> bool:
        """An item's ``published`` (ISO 8601) inside the window."""
        return self.contains(parse_date(value, ZoneInfo(zone)) if value else None, zone)

    def may_hold(self, published: Optional[datetime], modified: Optional[datetime], zone: str) -> bool:
        """A feed/sitemap entry may be in the window.  A modification date
        only bounds publication from above: modified before ``since`` means
        published before it too."""
        if published is not None:
            return self.contains(published, zone)
        start = self.start(zone)
        return not (modified and start and modified < start)
