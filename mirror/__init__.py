"""Khabar's bundled offline mirror of the news sites it crawls.

``mirror/content/`` holds the sources (article data and page templates per
site), ``mirror/build.py`` turns them into ``mirror/sites/<site>/`` (files,
``routes.json`` and the ground truth ``expected.json``), and
``mirror/server.py`` serves that tree on loopback.  See mirror/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path

MIRROR_DIR = Path(__file__).resolve().parent
SITES_DIR = MIRROR_DIR / "sites"


def list_sites() -> list[str]:
    """Names of the mirrored sites present in the built tree."""
    if not SITES_DIR.is_dir():
        return []
    return sorted(p.name for p in SITES_DIR.iterdir() if (p / "routes.json").is_file())


def load_expected(site: str) -> dict:
    """The ground truth for one mirrored site (``expected.json``)."""
    return json.loads((SITES_DIR / site / "expected.json").read_text(encoding="utf-8"))


def load_routes(site: str) -> dict:
    return json.loads((SITES_DIR / site / "routes.json").read_text(encoding="utf-8"))


__all__ = ["MIRROR_DIR", "SITES_DIR", "list_sites", "load_expected", "load_routes"]
