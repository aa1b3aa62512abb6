"""Keeps redirects on the origin being crawled.

A mirror of a site answers ``/news/<id>`` with ``301 Location:
https://www.mashreghnews.ir/news/<id>/<slug>``, naming the live domain as the
live site would.  Placed between WARC capture (650, which archives the 3xx as
sent) and RedirectMiddleware (600, which follows it), this rewrites such a
``Location`` through the spider's ``rebase`` so the redirect is followed on
the mirror instead of being dropped as offsite.
"""

from __future__ import annotations

from urllib.parse import urljoin


class RebaseRedirectMiddleware:
    @classmethod
    def from_crawler(cls, crawler):
        mw = cls()
        mw.crawler = crawler
        return mw

    def process_response(self, request, response, spider=None):
        spider = spider or self.crawler.spider
        rebase = getattr(spider, "rebase", None)
        location = response.headers.get(b"Location")
        if rebase is None or not location or not 300 <= response.status < 400:
            return response
        original = urljoin(response.url, location.decode("latin-1"))
        learn = getattr(spider, "learn_redirect", None)
        if learn is not None:
            learn(response.url, original)  # the generic spider learns a mirror's real domain
        target = rebase(original)
        if target and target != original:
            self.crawler.stats.inc_value("khabar/redirects_rebased")
            headers = response.headers.copy()
            headers[b"Location"] = target.encode("ascii")
            return response.replace(headers=headers)
        return response
