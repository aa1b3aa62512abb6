"""A clean copy of what the package is built from, so a build never writes
build/ or *.egg-info into the checkout (tests may run in parallel)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGED = ("pyproject.toml", "setup.py", "README.md", "scrapy.cfg", "crawler", "pipelines", "seeds", "schema")


def copy_source(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in PACKAGED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory) -> Path:
    return copy_source(tmp_path_factory.mktemp("src") / "khabar")
