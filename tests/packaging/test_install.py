"""`pip install` of Khabar's wheel into a fresh venv gives a working project.

The venv is created without system site-packages and Khabar is installed into
it from the wheel only (``--no-deps``); its third-party dependencies come from
this interpreter's site-packages on PYTHONPATH, so the test runs offline and
in seconds.  Khabar itself (package, seeds, schema) can only come from the
wheel: the checkout is nowhere on the path and the commands run from an
empty directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader


def checkout_spiders() -> set[str]:
    settings = Settings()
    settings.setmodule("crawler.settings")
    return set(SpiderLoader.from_settings(settings).list())


SPIDERS = checkout_spiders()


def run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture(scope="module")
def wheel(source_copy, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # --no-build-isolation: build with this environment's setuptools (offline)
    result = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                  "--disable-pip-version-check", "-w", out, source_copy])
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (whl,) = out.glob("khabar-*.whl")
    return whl


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    home = tmp_path_factory.mktemp("venv")
    env_dir = home / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    result = run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
                  "--disable-pip-version-check", "--no-index", wheel])
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    empty = home / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE", "VIRTUAL_ENV")}
    env["PYTHONPATH"] = sysconfig.get_paths()["purelib"]  # the dependencies only
    return env_dir, empty, env


def test_wheel_ships_packages_seeds_and_schema(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"crawler/__init__.py", "crawler/settings.py", "crawler/spiders/sites.py",
            "pipelines/stories.py", "crawler/schema/article.schema.json",
            "crawler/archive/reader/iteration.py", "crawler/state/extension.py"} <= names
    assert {n for n in names if n.startswith("crawler/seeds/")} == \
        {f"crawler/seeds/{p.name}" for p in (Path(__file__).parents[2] / "seeds").glob("*.json")}
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "khabar = crawler.cli:main" in text and "settings = crawler.settings" in text


def test_scrapy_list_from_an_empty_directory(installed):
    env_dir, empty, env = installed
    result = run([env_dir / "bin" / "python", "-m", "scrapy", "list"], cwd=empty,
                 env=dict(env, SCRAPY_SETTINGS_MODULE="crawler.settings"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert set(result.stdout.split()) == SPIDERS


def test_khabar_command_needs_no_settings_variable(installed):
    env_dir, empty, env = installed
    result = run([env_dir / "bin" / "khabar", "list"], cwd=empty, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert set(result.stdout.split()) == SPIDERS


def test_installed_package_reads_its_own_seeds(installed):
    env_dir, empty, env = installed
    code = ("import json, crawler, crawler.sites.base as b; from crawler.sites import get_site; "
            "print(json.dumps([crawler.__file__, str(b.SEEDS_DIR), get_site('mashregh').seeds]))")
    result = run([env_dir / "bin" / "python", "-c", code], cwd=empty, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    module, seeds_dir, seeds = json.loads(result.stdout)
    assert Path(module).is_relative_to(env_dir) and Path(seeds_dir).is_relative_to(env_dir)
    checkout = json.loads((Path(__file__).parents[2] / "seeds" / "mashregh.json").read_text(encoding="utf-8"))
    assert seeds == {k: checkout.get(k, []) for k in ("feeds", "sitemaps", "listings")}
