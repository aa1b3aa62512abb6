"""``scrapy check`` runs each site spider's contracts against the bundled
mirror (crawler/contracts.py): the sample pages a site definition names, in
their live form, mapped onto the mirror by ``-a base_url``."""

from __future__ import annotations

import re

import pytest

from crawler.contracts import CONTRACTS_BY_CALLBACK
from crawler.sites import spider_sites
from tests.conftest import mirrored_sites, run_scrapy, site_params

mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")

SITES = [site.name for site in spider_sites()]
MIRRORED = mirrored_sites()
RESULT = re.compile(r"^\[(\w+)\] (\w+) \(@(\w+) post-hook\) \.\.\. (\w+)$", re.M)


@pytest.fixture(scope="module")
def mirror():
    with mirror_server.serving(*sorted(MIRRORED & set(SITES))) as urls:
        yield urls


def expected_results(site) -> set[tuple[str, str]]:
    """(callback, contract) pairs the definition's contract URLs give: each
    contract line but @site_url checks the callback's output once."""
    out = set()
    for callback, _ in site.contract_urls:
        for line in CONTRACTS_BY_CALLBACK[callback]:
            out.add((callback, line.split()[0][1:]))
    return out


@pytest.mark.parametrize("name", site_params(SITES, MIRRORED, "no mirror/sites/{} to check against"))
def test_scrapy_check_runs_and_passes_every_contract_on_the_mirror(mirror, tmp_path, name):
    site = next(s for s in spider_sites() if s.name == name)
    assert {cb for cb, _ in site.contract_urls} == set(CONTRACTS_BY_CALLBACK), "every callback has a sample page"
    result = run_scrapy("check", name, "-v", "-a", f"base_url={mirror[name]}", "-s", f"ARCHIVE_DIR={tmp_path}")
    out = result.stdout + result.stderr
    ran = int(re.search(r"Ran (\d+) contracts?", out).group(1))
    assert ran == sum(len(CONTRACTS_BY_CALLBACK[cb]) for cb, _ in site.contract_urls) > 0, out[-3000:]
    results = RESULT.findall(out)
    assert {(spider, cb, contract) for spider, cb, contract, _ in results} == \
        {(name, cb, contract) for cb, contract in expected_results(site)}
    assert {status for *_, status in results} == {"ok"}, out[-3000:]
    assert result.returncode == 0 and "\nOK" in out, out[-3000:]
    # a check leaves the archive as it was: no WARC, feed, state or report
    assert sorted(p.name for p in tmp_path.rglob("*")) == []


def test_contracts_fail_against_the_wrong_site(mirror, tmp_path):
    """The contracts test something: another site's mirror serves none of the
    sample pages, so they fail and ``scrapy check`` says so."""
    name, other = sorted(MIRRORED & set(SITES))[:2]
    result = run_scrapy("check", name, "-a", f"base_url={mirror[other]}", "-s", f"ARCHIVE_DIR={tmp_path}")
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "FAILED" in out, out[-3000:]
