"""``scrapy check`` for the site spiders: contracts built from each site's
definition, run against the live site or a mirror.

A site definition lists a few sample pages of the site in their live form,
``contract_urls = (("parse_article", "https://…/news/1"), ("parse_listing",
…), ("parse_sitemap", …), ("parse_feed", …))``.  The site's spider
(crawler/spiders/sites.py) gets each named callback with a docstring of
contracts: ``@site_url`` (the sample page), then what the callback must give
(``CONTRACTS_BY_CALLBACK``).  ``@site_url`` is ``@url`` for a site that may
be served elsewhere: the live URL is mapped onto the origin the spider
crawls, so

    scrapy check namehnews                                   # the live site
    scrapy check namehnews -a base_url=http://127.0.0.1:8000  # the bundled mirror

check the same pages.  ``@fills`` asserts fields are present *and* not
empty (``@scrapes`` only asks that they exist, and an ``Article`` has every
field).
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy.contracts import Contract
from scrapy.exceptions import ContractFail

CONTRACTS_BY_CALLBACK: dict[str, tuple[str, ...]] = {
    # one Article with its text, date and language; then the stories it links to
    "parse_article": ("@returns items 1 1", "@fills url title text published language site"),
    # sections and tags: links to stories and further pages, never an item
    "parse_listing": ("@returns items 0 0", "@returns requests 1"),
    "parse_sitemap": ("@returns items 0 0", "@returns requests 1"),
    "parse_feed": ("@returns items 0 0", "@returns requests 1"),
}


def contract_doc(callback: str, url: str) -> str:
    """The docstring that makes ``callback`` a tested method for ``url``."""
    return "\n".join((f"Contracts for {callback} (crawler/contracts.py).", "",
                      f"@site_url {url}", *CONTRACTS_BY_CALLBACK[callback]))


class SiteUrlContract(Contract):
    """``@site_url LIVE_URL``: the request's URL, on the origin the spider
    crawls (``-a base_url``), else the live URL itself."""

    name = "site_url"

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        spider = args["callback"].__self__  # the bound callback under test
        live = self.args[0]
        args["url"] = spider.rebase(live, spider.origin + "/") or live
        return args


class FilledFieldsContract(Contract):
    """``@fills field …``: every item has each field, and not empty."""

    name = "fills"

    def post_process(self, output: list) -> None:
        for item in output:
            if not is_item(item):
                continue
            adapter = ItemAdapter(item)
            empty = [f for f in self.args if adapter.get(f) in (None, "", [], {})]
            if empty:
                raise ContractFail(f"empty fields: {', '.join(empty)}")
