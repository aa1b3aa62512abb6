"""The crawl report on disk (crawler/report.py) and Khabar's summary as the
last thing a crawl logs (crawler/summary.py)."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.report import failures_by_kind, rejected_by_reason
from tests.conftest import run_scrapy

mirror_server = pytest.importorskip("mirror.server", reason="the bundled mirror is not built")

SITE = "mashregh"
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[([\w.]+)\] (\w+): ")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    with mirror_server.serving(SITE) as urls:
        # a short status interval and a small delay: several rate samples to draw
        result = run_scrapy("crawl", SITE, "-a", f"base_url={urls[SITE]}", "-s", f"ARCHIVE_DIR={tmp / 'archive'}",
                            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0.03", "-s", "LOG_LEVEL=INFO",
                            "-s", "KHABAR_STATUS_INTERVAL=0.3", "-s", "KHABAR_REPORT_SAMPLE=5",
                            "-O", str(tmp / "items.jsonl"))
    assert result.returncode == 0, result.stderr[-3000:]
    items = [json.loads(line) for line in (tmp / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    return tmp, items, result.stderr


def reports(archive: Path) -> tuple[dict, Path]:
    folder = archive / "reports"
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2 and re.fullmatch(rf"{SITE}-\d{{4}}-\d\d-\d\dT\d\d-\d\d-\d\d\+00-00\.json", names[1])
    assert names[0] == names[1].replace(".json", ".html")
    return json.loads((folder / names[1]).read_text(encoding="utf-8")), folder / names[0]


def warc_statuses(archive: Path) -> Counter:
    statuses: Counter = Counter()
    for path in (archive / "warc").glob("*.warc.gz"):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    statuses[record.http_headers.get_statuscode()] += 1
    return statuses


def test_report_json_has_the_crawls_figures(crawl):
    tmp, items, _ = crawl
    report, _ = reports(tmp / "archive")
    assert report["spider"] == SITE and report["finish_reason"] == "finished"
    assert report["articles_per_site"] == dict(Counter(i["site"] for i in items))
    assert report["stats"]["item_scraped_count"] == len(items) == report["articles"]
    # every HTTP error the WARC holds is counted as a failure, and nothing else as HTTP
    http_errors = {f"HTTP {code}": n for code, n in warc_statuses(tmp / "archive").items() if code[0] in "45"}
    assert {k: v for k, v in report["failures_by_kind"].items() if k.startswith("HTTP ")} == http_errors
    assert report["extraction_warnings"].get("missing date", 0) == sum(1 for i in items if not i["published"])
    assert report["archive_dir"] == str((tmp / "archive").resolve())


def test_report_html_shows_the_same_figures(crawl):
    tmp, _, _ = crawl
    report, html_path = reports(tmp / "archive")
    page = lxml.html.parse(str(html_path)).getroot()

    def table(css_id):
        return {tr.findtext("th"): tr.findtext("td") for tr in page.get_element_by_id(css_id).iter("tr")
                if tr.find("th") is not None}

    assert table("sites") == {k: str(v) for k, v in report["articles_per_site"].items()}
    assert table("failures") == {k: str(v) for k, v in report["failures_by_kind"].items()}
    assert table("rejected") == {k: str(v) for k, v in report["rejected_by_reason"].items()}
    assert table("crawl")["articles"] == str(report["articles"])


def test_summary_is_the_last_thing_logged_and_says_where_output_went(crawl):
    tmp, _, log = crawl
    records = [(i, m.group(1)) for i, line in enumerate(log.splitlines()) if (m := LOG_LINE.match(line))]
    assert records[-1][1] == "crawler.summary"
    summary = "\n".join(log.splitlines()[records[-1][0]:])
    report, html_path = reports(tmp / "archive")
    assert f"report (html): {html_path.resolve()}" in summary
    assert f"feed: {tmp / 'items.jsonl'}" in summary
    assert f"WARC files: 1 in {(tmp / 'archive' / 'warc').resolve()}" in summary
    assert f"articles: {report['articles']}" in summary
    assert "Dumping Scrapy stats" in log[:log.index("Khabar summary")]


def test_replay_writes_no_report_unless_asked(crawl, tmp_path):
    tmp, items, _ = crawl
    warcs = [str(p) for p in (tmp / "archive" / "warc").glob("*.warc.gz")]
    result = run_scrapy("replay", *warcs, "-O", str(tmp_path / "replayed.jsonl"), "--workers", "1",
                        "--progress", "off", "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (tmp_path / "archive" / "reports").exists()


def test_failure_and_rejection_counting():
    stats = {
        "khabar/fetch_failed/article": 2, "khabar/fetch_failed/feed": 1,
        "downloader/exception_type_count/twisted.internet.error.TimeoutError": 3,
        "downloader/response_status_count/200": 50, "downloader/response_status_count/404": 4,
        "downloader/response_status_count/503": 1, "downloader/response_status_count/301": 2,
        "log_count/ERROR": 5, "khabar/warc/errors": 1, "khabar/non_article/short": 7,
        "khabar/non_article": 9, "khabar/replay/non_article/listing": 2, "start_time": "x",
    }
    assert failures_by_kind(stats) == {
        "HTTP 404": 4, "HTTP 503": 1, "WARC write errors": 1,
        "download error: twisted.internet.error.TimeoutError": 3, "errors logged": 5,
        "fetch failed: article": 2, "fetch failed: feed": 1,
    }
    assert rejected_by_reason(stats) == {"listing": 2, "short": 7}


def test_report_html_sample_links_into_the_warc(crawl):
    tmp, items, _ = crawl
    report, html_path = reports(tmp / "archive")
    page = lxml.html.parse(str(html_path)).getroot()
    rows = page.get_element_by_id("sample").findall(".//tr")[1:]
    assert len(rows) == 5 == len(report["sample_items"])
    by_url = {i["url"]: i for i in items}
    for row in rows:
        link, warc = row.find(".//a[@class='page']"), row.find(".//a[@class='warc']")
        item = by_url[link.get("href")]
        assert warc.get("href") == f"../warc/{item['warc']['file']}"
        assert (html_path.parent / warc.get("href")).resolve().is_file()
        assert row.text_content().endswith(f"@ {item['warc']['offset']}")


def chromium_driver():
    """Headless Chromium through chromedriver (Debian chromium, chromium-driver)."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (requirements.txt)")
    browser, driver = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    if not browser or not driver:
        pytest.skip("headless Chromium is absent: apt-get install chromium chromium-driver (.ci/run does)")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,2000"):
        options.add_argument(arg)
    return webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver))


def test_report_renders_its_figures_in_headless_chromium(crawl):
    from selenium.webdriver.common.by import By

    tmp, items, _ = crawl
    report, html_path = reports(tmp / "archive")
    browser = chromium_driver()
    try:
        browser.get(html_path.as_uri())

        def rendered(css_id):
            rows = browser.find_elements(By.CSS_SELECTOR, f"#{css_id} tr")
            return {r.find_element(By.TAG_NAME, "th").text: r.find_element(By.TAG_NAME, "td").text
                    for r in rows if r.find_elements(By.TAG_NAME, "th")}

        # the figures a reader sees are the crawl's
        assert rendered("sites") == {k: str(v) for k, v in Counter(i["site"] for i in items).items()}
        assert rendered("failures") == {k: str(v) for k, v in report["failures_by_kind"].items()}
        assert rendered("crawl")["articles"] == str(len(items))
        # the chart: one drawn point per rate sample, inside the drawing
        samples = report["rate_samples"]
        assert len(samples) >= 3
        chart = browser.find_element(By.ID, "rate-chart")
        assert chart.size["width"] > 300 and chart.size["height"] > 100
        dots = chart.find_elements(By.CSS_SELECTOR, "circle.pages")
        assert len(dots) == len(samples) == len(chart.find_elements(By.CSS_SELECTOR, "circle.articles"))
        box = chart.rect
        for dot in dots:
            r = dot.rect
            assert box["x"] <= r["x"] and r["x"] + r["width"] <= box["x"] + box["width"] + 1
            assert box["y"] <= r["y"] and r["y"] + r["height"] <= box["y"] + box["height"] + 1
        xs = [d.rect["x"] for d in dots]
        assert xs == sorted(xs) and xs[0] < xs[-1]  # time runs left to right
        assert f"({len(samples)} samples)" in browser.find_element(By.TAG_NAME, "figcaption").text
        # nothing loaded from elsewhere: the page works offline and from file://
        assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
        assert browser.find_elements(By.CSS_SELECTOR, "script, link[rel=stylesheet]") == []
    finally:
        browser.quit()


def test_re_replaying_an_archive_logs_no_warning_per_duplicate(crawl, tmp_path):
    """Every story twice (the WARC and a copy of it): the copies are dropped
    quietly (DEBUG), not one WARNING with the article's full text each."""
    tmp, items, _ = crawl
    warc = next((tmp / "archive" / "warc").glob("*.warc.gz"))
    copy = tmp_path / "copy.warc.gz"
    copy.write_bytes(warc.read_bytes())
    out = tmp_path / "replayed.jsonl"
    result = run_scrapy("replay", str(warc), str(copy), "-O", str(out), "--workers", "1", "--progress", "off",
                        "-s", "LOG_LEVEL=INFO", "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(items)
    assert re.search(r"'item_dropped_count': (\d+)", result.stderr).group(1) == str(len(items))
    assert [line for line in result.stderr.splitlines() if "] WARNING:" in line] == []
    assert all(i["text"][:40] not in result.stderr for i in items)
