"""Shared test helpers: paths, the shared/ data directory, running scrapy,
parametrizing over the site registry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Collection, Iterable

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (it exists in the team's workspace and CI, not in a user's clone)")
    return SHARED


def run_scrapy(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the scrapy CLI of this interpreter, as a user would, in a subprocess."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def crawl_site(tmp: Path, site: str, base_url: str, *args: str) -> tuple[list[dict], Path, str]:
    """``scrapy crawl SITE -a base_url=...`` into ``tmp/archive`` with a feed at
    ``tmp/items.jsonl`` (no politeness delays: a loopback server); returns its
    items, the archive directory and the log.  Fails the test if the crawl fails."""
    out = tmp / "items.jsonl"
    result = run_scrapy("crawl", site, "-a", f"base_url={base_url}", *args, "-O", str(out),
                        "-s", f"ARCHIVE_DIR={tmp / 'archive'}", "-s", "AUTOTHROTTLE_ENABLED=0",
                        "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO")
    assert result.returncode == 0, result.stderr[-3000:]
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items, tmp / "archive", result.stderr


def site_params(names: Iterable[str], present: Collection[str], missing: str) -> list:
    """One ``pytest.param`` per registry site named; a site ``present`` does
    not hold (no mirror, no golden page) is skipped with the reason
    ``missing.format(name)``, never silently left out."""
    return [pytest.param(name, id=name, marks=() if name in present else pytest.mark.skip(reason=missing.format(name)))
            for name in names]


def mirrored_sites() -> set[str]:
    """The sites the bundled mirror serves (``mirror/sites/<name>``)."""
    try:
        from mirror import list_sites
    except ImportError:
        return set()
    return set(list_sites())
