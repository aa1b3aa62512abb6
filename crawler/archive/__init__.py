"""Everything WARC in Khabar: capture during crawls, writing, indexing, reading, replay.

* :mod:`.http`          rebuild HTTP message bytes from Scrapy objects (and what is approximated)
* :mod:`.writer`        ``ArchiveWriter``: rotating gzip-per-record WARC/1.1 files (+ CDXJ), revisits
* :mod:`.extension`     ``WarcArchive``: the crawl's archive, opened and closed on signals
* :mod:`.recovery`      finishing the ``.open`` files a killed crawl left
* :mod:`.capture`       ``WarcCaptureMiddleware``: downloader middleware (priority 650)
* :mod:`.reader`        robust record iteration over any WARC/ARC (errors per record and file)
* :mod:`.cdxj`          CDXJ index lines, building and loading
* :mod:`.replay`        ``WarcReplayMiddleware`` (a whole crawl from archives, WARC_REPLAY) and
                        ``replayed_response``, how both replays answer with a capture
* :mod:`.replayspider`  the spider behind ``scrapy replay``
"""
