"""Item pipelines: each takes an ``Article`` (read through itemadapter) and
does one thing to it — drop duplicates, write the WARC text record, ..."""
