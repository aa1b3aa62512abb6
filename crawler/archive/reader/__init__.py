"""Robust reading of HTTP captures from any WARC/ARC file, on top of warcio.

``ArchiveReader`` turns files into :class:`Capture` objects (one per HTTP
response, revisits resolved) and never raises for bad input: every problem
becomes a :class:`ReadError` ("FILE: offset N: message") handed to
``on_error``, and reading goes on with the next readable record or file.

Handles: WARC 1.0/1.1 (and older 0.x), gzip per record or uncompressed, ARC
(converted by warcio), whole-file gzip (streamed through ``gzip``; offsets are
then positions in the *uncompressed* stream and the capture is not seekable),
``revisit`` records (resolved by ``WARC-Refers-To`` record id, else by URI +
payload digest, else by digest alone), ``Transfer-Encoding: chunked`` bodies
(de-chunked by warcio; kept raw from where the chunking is invalid),
``Content-Encoding`` gzip/x-gzip/deflate/br/zstd (decoded by
:meth:`Capture.decoded`, at most :data:`MAX_DECODED` bytes), records without
request records, LZ4-compressed WARCs (read with FastWARC; not seekable).
Empty files, non-WARC files and missing paths are reported as errors.

One concern per module:

* :mod:`.model`      ``Capture``, the value everything else passes around
* :mod:`.errors`     ``ReadError`` and the one-line messages
* :mod:`.paths`      paths, globs and directories to files
* :mod:`.records`    a warcio record to a ``Capture`` (warcio de-chunks)
* :mod:`.decoding`   ``Content-Encoding`` undone as Scrapy does, with a size cap
* :mod:`.resync`     the next readable record after a corrupt one
* :mod:`.torn_gzip`  whole-file gzip and torn members read as one stream
* :mod:`.revisits`   revisit records resolved to their originals
* :mod:`.fastwarc`   LZ4 WARCs through FastWARC
* :mod:`.iteration`  ``ArchiveReader``, the loop over files and records
"""

from .decoding import MAX_DECODED, Decoded, decode, decode_content
from .errors import ReadError
from .iteration import ArchiveReader, read_capture
from .model import Capture
from .paths import WARC_SUFFIXES, expand_paths

__all__ = ["ArchiveReader", "Capture", "Decoded", "MAX_DECODED", "ReadError", "WARC_SUFFIXES", "decode",
           "decode_content", "expand_paths", "read_capture"]
