"""Nothing derived from a URL, a site name or a spider argument makes a path
outside ARCHIVE_DIR, and bad arguments are usage errors (issue 9), each
checked with a real ``scrapy crawl`` against the loopback server.

ARCHIVE_DIR is put three directories deep in the test's own directory, so a
file that escapes it (``../../../escaped``) is still seen, and caught.
"""

import pytest

from tests.conftest import run_scrapy
from tests.crawl.hostile import LOOPBACK, hostile_server, requests_seen


def files_outside(tmp, archive):
    return sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*")
                  if p.is_file() and archive not in p.parents and p.name != "escaper.py")


# (spider, argument with ORIGIN / HOSTPORT for the loopback server, what the error says)
BAD_ARGUMENTS = [
    ("mashregh", "name=../../../escaped", "-a name=../../../escaped: unknown argument for mashregh"),
    ("news", "name=../../../escaped", "-a name=../../../escaped: unknown argument for news"),
    ("news", "site=http://../", "-a site= has an invalid host name '..'"),
    ("news", "site=http://%2e%2e/", "-a site= has an invalid host name '%2e%2e'"),
    ("news", "site=http://HOSTPORT@../../", "-a site= must not name a user or password (user@host)"),
    ("news", "site=http://news.example@HOSTPORT/", "-a site= must not name a user or password (user@host)"),
    ("mashregh", "base_url=http://www.mashreghnews.ir@HOSTPORT", "must not name a user or password"),
    ("mashregh", "base_url=http://..", "-a base_url= must be an http(s) origin, got 'http://..'"),
    ("news", "site=http://127.0.0.1:port/", "-a site= must be an http(s) URL with a valid host and port"),
    ("news", "site=../../../escaped", "-a site= must be a URL or one of"),
]


@pytest.mark.parametrize("spider,argument,message", BAD_ARGUMENTS)
def test_bad_arguments_are_usage_errors_and_write_nothing(tmp_path, spider, argument, message):
    archive = tmp_path / "a" / "b" / "c" / "archive"
    with hostile_server() as origin:
        argument = argument.replace("HOSTPORT", origin.split("//", 1)[1])
        result = run_scrapy("crawl", spider, "-a", argument, "-s", f"ARCHIVE_DIR={archive}", *LOOPBACK, timeout=120)
        seen = requests_seen(origin)
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and message in errors[0], result.stderr[-2000:]
    assert seen == []  # nothing was fetched
    assert files_outside(tmp_path, archive) == [] and not archive.exists()


def test_a_spider_named_like_a_path_writes_only_inside_archive_dir(tmp_path):
    # The crawl command refuses -a name=; a spider class may still carry such a
    # name (runspider, an embedding program): its feed, report, lock and WARC
    # names are file names, never paths.
    spider_file = tmp_path / "escaper.py"
    spider_file.write_text("from crawler.spiders.sites import MashreghSpider\n\n\n"
                           "class Escaper(MashreghSpider):\n    name = '../../../escaped'\n")
    archive = tmp_path / "a" / "b" / "c" / "archive"
    with hostile_server() as origin:
        result = run_scrapy("runspider", str(spider_file), "-a", f"base_url={origin}",
                            "-s", f"ARCHIVE_DIR={archive}", *LOOPBACK, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert files_outside(tmp_path, archive) == []
    inside = sorted(p.relative_to(archive).as_posix() for p in archive.rglob("*") if p.is_file())
    assert ".lock-escaped" in inside
    for folder, suffix in (("items", ".jsonl"), ("reports", ".json"), ("reports", ".html"), ("warc", ".warc.gz")):
        (name,) = [n for n in inside if n.startswith(folder + "/") and n.endswith(suffix)]
        assert name.split("/")[1].startswith(("escaped-", "khabar-escaped-")), name
    (feed,) = (archive / "items").glob("*.jsonl")
    assert len(feed.read_text(encoding="utf-8").splitlines()) == 3  # the three stories, none lost
