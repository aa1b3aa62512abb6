"""The crawl's per-URL memory keeps a 60-bit hash of each URL key
(crawler/keyset.py), and the ledger built on it still gives every URL one
outcome and names the URLs never settled."""

from __future__ import annotations

import logging
import sys
from urllib.parse import quote

from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.keyset import KeySet, key_hash
from crawler.ledger import UrlLedger, identity
from crawler.urls import url_key


def persian_keys(start: int, n: int) -> list[str]:
    return [url_key(f"https://www.namehnews.ir/fa/news/{i}/{quote('خبر-فوری-درباره-بازار')}-{i}")
            for i in range(start, start + n)]


def test_a_keyset_answers_as_a_set_of_the_keys_would():
    members, others = persian_keys(0, 20_000), persian_keys(20_000, 20_000)
    seen = KeySet(members[:10_000])
    for key in members[10_000:]:
        seen.add(key)
    seen.discard(members[0])
    assert len(seen) == 19_999
    assert {k for k in members + others if k in seen} == set(members[1:])
    assert 12345 not in seen  # only keys are asked about


def test_a_hash_is_a_two_digit_int():
    hashes = [key_hash(k) for k in persian_keys(0, 1_000)]
    assert all(0 <= h < 2**60 for h in hashes) and len(set(hashes)) == 1_000
    assert {sys.getsizeof(h) for h in hashes if h >= 2**30} == {32}  # ~60 bytes a URL with its set slot


def test_the_ledger_settles_each_spelling_once_and_names_what_was_never_settled(caplog):
    crawler = get_crawler(Spider)
    ledger = UrlLedger(crawler)
    base = "https://www.namehnews.ir/fa/news/"
    assert ledger.discovered(base + quote("خبر") + "?utm_source=x")
    assert not ledger.discovered("http://namehnews.ir/fa/news/خبر/")  # the same key, another spelling
    assert ledger.discovered(base + "2")
    assert ledger.discovered(base + "3")
    ledger.skip(base + "4", "denied")
    assert ledger.settle(base + "خبر", "emitted")
    assert not ledger.settle(base + quote("خبر"), "failed/http_404")  # the first outcome counts
    assert ledger.settle(base + "2", "discovery/listing")
    assert ledger.settle(base + "2", "emitted")  # a listing that was a story after all
    with caplog.at_level(logging.WARNING):
        ledger.spider_closed(reason="finished")
    stats = crawler.stats.get_stats()
    assert {k: v for k, v in stats.items() if v} == {
        "khabar/urls/discovered": 4, "khabar/urls/emitted": 2, "khabar/urls/skipped/denied": 1,
        "khabar/urls/unfinished/finished": 1, "khabar/urls/accounted": 4}
    assert identity(stats) == "discovered 4 = 2 emitted + 1 skipped + 1 unfinished"
    assert "1 URLs met but never settled, e.g. https://www.namehnews.ir/fa/news/3" in caplog.text
