"""``khabar``: the ``scrapy`` command with Khabar's settings, from any directory.

``khabar crawl mashregh -O items.jsonl`` is ``scrapy crawl mashregh -O
items.jsonl`` run inside the project: no scrapy.cfg needed, because
``SCRAPY_SETTINGS_MODULE`` defaults to ``crawler.settings`` (an explicit
value in the environment still wins).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.cmdline import execute

    execute(["khabar", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
