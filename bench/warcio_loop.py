"""The one-file baseline replay is measured against: warcio + trafilatura, one process.

    .venv/bin/python bench/warcio_loop.py OUT.jsonl WARC...

What a user who knows warcio and trafilatura writes in ten lines: iterate the
records with ``ArchiveIterator``, take each HTML response's decoded body,
``trafilatura.extract(html, output_format="json", with_metadata=True)``, one
JSON line per article.  Prints ``records articles seconds`` (the loop alone,
imports excluded) on stdout for bench/replay.py.
"""

import sys
import time

import trafilatura
from warcio.archiveiterator import ArchiveIterator


def main(out_path, paths):
    records = articles = 0
    t0 = time.perf_counter()
    with open(out_path, "w", encoding="utf-8") as out:
        for path in paths:
            with open(path, "rb") as stream:
                for record in ArchiveIterator(stream):
                    if record.rec_type != "response":
                        continue
                    ctype = record.http_headers.get_header("Content-Type") or ""
                    if "html" not in ctype:
                        continue
                    records += 1
                    html = record.content_stream().read()
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    doc = trafilatura.extract(html, url=url, output_format="json", with_metadata=True)
                    if doc:
                        out.write(doc.replace("\n", " ") + "\n")
                        articles += 1
    print(records, articles, f"{time.perf_counter() - t0:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
