"""A crawl killed mid-write leaves ``*.warc.gz.open``; the next crawl finishes it."""

import os
import shutil
import subprocess
import sys

from warcio.archiveiterator import ArchiveIterator

from crawler.archive.extension import WarcArchive
from crawler.archive.writer import ArchiveWriter


def write_some(directory, n=3):
    writer = ArchiveWriter(directory, spider_name="t", cdxj_index=True)
    pointers = []
    for i in range(n):
        ptr, _ = writer.write_exchange(url=f"http://127.0.0.1/news/{i}", status=200,
                                       response_headers=[("Content-Type", "text/html")],
                                       body=b"<html><p>%d</p></html>" % i)
        pointers.append(ptr)
    return writer, pointers


def test_a_killed_crawls_file_is_truncated_renamed_and_indexed(tmp_path):
    live, pointers = write_some(tmp_path / "src")
    live._fh.flush()
    open_file = tmp_path / "src" / (live.current_file + ".open")
    # What a SIGKILL leaves: the .open file of a process that no longer exists,
    # ending in half a record.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    warc_dir = tmp_path / "warc"
    warc_dir.mkdir()
    name = open_file.name.rsplit("-", 1)[0] + f"-{dead}.warc.gz.open"
    shutil.copy(open_file, warc_dir / name)
    with open(warc_dir / name, "ab") as fh:
        fh.write(open_file.read_bytes()[-150:-40])  # a torn gzip member
    live.close()

    nxt = WarcArchive(warc_dir, spider_name="t", prefix="khabar", max_size=10**9, info={}, cdxj_index=True)
    nxt.open()  # the next crawl in the same directory
    nxt.close()
    recovered = warc_dir / name[: -len(".open")]
    assert recovered.exists() and not (warc_dir / name).exists()
    assert recovered.with_suffix("").with_suffix(".cdxj").exists()
    assert subprocess.run([os.path.join(os.path.dirname(sys.executable), "warcio"), "check", str(recovered)]).returncode == 0
    with open(recovered, "rb") as fh:
        types = [r.rec_type for r in ArchiveIterator(fh)]
    assert types.count("response") == 3  # every whole record kept


def test_a_running_crawls_file_is_left_alone(tmp_path):
    live, _ = write_some(tmp_path)  # this process is alive
    other = WarcArchive(tmp_path, spider_name="t2", prefix="khabar", max_size=10**9, info={}, cdxj_index=True)
    other.writer.write_exchange(url="http://127.0.0.1/x", status=200, response_headers=[], body=b"x")
    assert (tmp_path / (live.current_file + ".open")).exists()
    live.close()
    other.close()
