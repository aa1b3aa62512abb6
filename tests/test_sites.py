"""Walks the site registry: every definition is complete and consistent.

Adding a site means adding a definition and its seeds; these tests then
cover it without change.
"""

import dataclasses
import json
import re

import pytest

from crawler.items import Article
from crawler.sites import SITES, get_site, site_for_url
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "schema" / "article.schema.json").read_text())


@pytest.mark.parametrize("name", sorted(SITES))
def test_definition_is_complete(name):
    site = SITES[name]
    assert site.name == name
    assert site.domains and site.home.startswith("https://")
    assert site.language in ("fa", "ar")
    assert site.article_url_patterns and site.body_selectors and site.title_selectors
    for pattern in site.article_url_patterns + site.listing_url_patterns + site.deny_url_patterns:
        re.compile(pattern)
    assert site_for_url(site.home + "/x") is site
    seeds = json.loads((ROOT / "seeds" / f"{name}.json").read_text(encoding="utf-8"))
    assert seeds["feeds"] or seeds["sitemaps"] or seeds["listings"]
    assert all(p.startswith("/") for key in ("feeds", "sitemaps", "listings") for p in seeds.get(key, []))


def test_article_patterns_accept_real_urls_and_refuse_listings():
    nameh, mashregh, alaraby = get_site("namehnews"), get_site("mashregh"), get_site("alaraby")
    assert nameh.is_article_url("https://www.namehnews.com/بخش-بین-الملل-11/707675-از-نسل-کشی-آلمان-در-آفریقا-چه-می-دانیم")
    assert nameh.is_article_url("https://www.namehnews.com/%D8%A8%D8%AE%D8%B4-%D8%A8%DB%8C%D9%86-11/707675-%D8%A7%D8%B2")
    assert not nameh.is_article_url("https://www.namehnews.com/بخش-خبر-سیاسی-10")
    assert nameh.is_listing_url("https://www.namehnews.com/بخش-خبر-سیاسی-10?page=3")
    assert mashregh.is_article_url("https://www.mashreghnews.ir/news/1533757")
    assert mashregh.is_article_url("https://www.mashreghnews.ir/news/605575/دور-جدید-انتصاب")
    assert not mashregh.is_article_url("https://www.mashreghnews.ir/photo/1535504/")
    assert mashregh.is_listing_url("https://www.mashreghnews.ir/archive?pi=2")
    assert alaraby.is_article_url("https://www.alaraby.co.uk/news/موسكو-تستضيف-اجتماعا-رباعيا")
    assert not alaraby.is_article_url("https://www.alaraby.co.uk/news/syria")
    assert not alaraby.is_article_url("https://www.alaraby.co.uk/news/arab-world")
    assert alaraby.is_listing_url("https://www.alaraby.co.uk/news/syria")


def test_unknown_site_name_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown site 'nope'"):
        get_site("nope")


def test_schema_documents_every_article_field():
    fields = {f.name for f in dataclasses.fields(Article)}
    assert fields == set(SCHEMA["properties"])
