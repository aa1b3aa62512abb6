"""Walk the site registry: every extraction selector compiles, every site has
a golden page, and the extraction fields stay data (picklable)."""

import json
import pickle
from pathlib import Path

import pytest
from cssselect import GenericTranslator

from crawler.sites import SITES

GOLD = Path(__file__).resolve().parents[1] / "golden" / "gold"
FIELDS = ("title_selectors", "lead_selectors", "body_selectors", "boilerplate_selectors", "date_selectors",
          "author_selectors", "section_selectors", "tag_selectors", "source_credit_selectors")


@pytest.mark.parametrize("name", sorted(SITES))
def test_selectors_compile(name):
    site = SITES[name]
    for f in FIELDS:
        for sel in getattr(site, f):
            GenericTranslator().css_to_xpath(sel)  # raises on a bad selector


@pytest.mark.parametrize("name", sorted(SITES))
def test_every_site_has_a_golden_page(name):
    sites = {json.loads(p.read_text(encoding="utf-8")).get("site") for p in GOLD.glob("*.json")}
    assert name in sites


@pytest.mark.parametrize("name", sorted(SITES))
def test_definition_pickles(name):
    assert pickle.loads(pickle.dumps(SITES[name])) == SITES[name]


EXTRACTION = Path(__file__).resolve().parents[2] / "crawler" / "extraction"


@pytest.mark.parametrize("name", sorted(SITES))
def test_generic_rules_name_no_site(name):
    """What one site needs lives in its definition: the generic rules (and
    their comments) never name a site of the registry or its domains."""
    site = SITES[name]
    words = {site.name.casefold()} | {d.split(".")[0].casefold() for d in site.domains}
    for path in sorted(EXTRACTION.glob("*.py")):
        text = path.read_text(encoding="utf-8").casefold()
        assert not [w for w in words if w in text], f"{path.name} names {name}"


def test_a_site_extends_its_cms_family():
    from crawler.sites.families import ASAM

    site = ASAM.extend(name="example", domains=("example.ir",), home="https://example.ir", language="fa",
                       lead_selectors=("#story .lead", *ASAM.lead_selectors))
    assert site.lead_selectors == ("#story .lead", ".lead", "div.subtitle")
    assert site.body_selectors == ASAM.body_selectors and site.calendar == "jalali"
    assert site.owns("https://www.example.ir/x") and not ASAM.owns("https://www.example.ir/x")
    assert site.extra == ASAM.extra and site.extra is not ASAM.extra
