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
