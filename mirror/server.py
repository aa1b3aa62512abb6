"""Loopback HTTP server for the bundled offline mirror (Twisted only).

Each mirrored site is served on its own port, so the site's paths sit at the
origin root exactly as on the live site.  What a request gets is decided by
``mirror/sites/<site>/routes.json`` (see mirror/README.md):

    target (decoded path + optional ?query) -> {file, status, headers, gzip, chunked, redirect}

The request path and query are percent-decoded before lookup, so
``/news/1/%D8%A7...`` and the raw UTF-8 form reach the same route.  A query
the manifest does not list is ignored (the path's own route answers), as the
CMSs being mirrored do with ``?utm_source=...``.  Unknown paths get the
site's own 404 page.

CLI::

    python -m mirror.server --site mashregh --site alaraby [--port 0] [--host 127.0.0.1]
    python -m mirror.server --site all

prints one JSON line per site, ``{"site": ..., "url": "http://127.0.0.1:PORT"}``,
then ``{"ready": true}``, and serves until SIGTERM/SIGINT.

Tests use :func:`start_subprocess` / :func:`serving`, which run that CLI in a
child process so that no reactor runs in the test process.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator, Optional
from urllib.parse import quote, unquote_to_bytes

from . import SITES_DIR, list_sites

SERVER_HEADER = b"nginx"
LOOPBACK = "127.0.0.1"


def _decode(raw: bytes) -> str:
    return unquote_to_bytes(raw).decode("utf-8", "surrogateescape")


def split_target(raw_uri: bytes) -> tuple[str, str]:
    """Raw request target -> (decoded path, decoded query)."""
    raw_uri = raw_uri.split(b"#", 1)[0]
    path, _, query = raw_uri.partition(b"?")
    return _decode(path or b"/"), _decode(query)


class MirrorSite:
    """One site's manifest and files, loaded once."""

    def __init__(self, name: str, sites_dir: Path = SITES_DIR):
        self.name = name
        self.dir = Path(sites_dir) / name
        manifest = json.loads((self.dir / "routes.json").read_text(encoding="utf-8"))
        self.origin: str = manifest["origin"]
        self.rewrite_origin: bool = bool(manifest.get("rewrite_origin"))
        self.routes: dict = manifest["routes"]
        self.not_found: dict = manifest["not_found"]
        self.server = manifest.get("server", "nginx").encode("latin-1")
        self._files: dict[str, bytes] = {}
        for r in list(self.routes.values()) + [self.not_found]:
            f = r.get("file")
            if f and f not in self._files:
                self._files[f] = (self.dir / "files" / f).read_bytes()

    def lookup(self, path: str, query: str) -> tuple[dict, bool]:
        """The route for a decoded target, and whether it is the 404 fallback."""
        if query:
            r = self.routes.get(f"{path}?{query}")
            if r is not None:
                return r, False
        r = self.routes.get(path)
        if r is not None:
            return r, False
        return self.not_found, True

    def body(self, route: dict, origin: Optional[str]) -> bytes:
        f = route.get("file")
        data = self._files[f] if f else b""
        if self.rewrite_origin and origin:
            data = data.replace(self.origin.encode(), origin.encode())
        return data


def _resource_class():
    from twisted.web import resource, server

    class MirrorResource(resource.Resource):
        isLeaf = True

        def __init__(self, site: MirrorSite):
            super().__init__()
            self.site = site

        def render(self, request):
            site = self.site
            path, query = split_target(request.uri)
            route, missing = site.lookup(path, query)
            host = request.getHeader(b"host")
            origin = f"http://{host.decode('latin-1')}" if host else None
            request.setHeader(b"Server", site.server)
            request.setResponseCode(int(route.get("status", 200)))
            for name, value in route.get("headers", []):
                request.responseHeaders.addRawHeader(name.encode("latin-1"),
                                                     value.encode("utf-8"))
            if route.get("redirect"):
                loc = route["redirect"]
                if site.rewrite_origin and origin and loc.startswith(site.origin):
                    loc = origin + loc[len(site.origin):]
                elif loc.startswith("/") and origin:
                    loc = origin + loc  # absolute on the host asked, as nginx writes it
                request.setHeader(b"Location", quote(loc, safe="/?=&%#:@+,;~-._!$'()*").encode("ascii"))
                request.setHeader(b"Content-Type", b"text/html")
                body = (b"<html><head><title>301 Moved Permanently</title></head><body>"
                        b"<center><h1>301 Moved Permanently</h1></center><hr><center>nginx</center>"
                        b"</body></html>\n")
            else:
                body = site.body(route, origin)
            if route.get("gzip"):
                request.setHeader(b"Vary", b"Accept-Encoding")
                accept = (request.getHeader(b"accept-encoding") or b"").lower()
                if b"gzip" in accept:
                    body = gzip.compress(body, compresslevel=6, mtime=0)
                    request.setHeader(b"Content-Encoding", b"gzip")
            if route.get("chunked") and request.clientproto == b"HTTP/1.1":
                # No Content-Length: Twisted frames the body with chunked encoding.
                if request.method != b"HEAD":
                    step = max(1, len(body) // 3)
                    for i in range(0, len(body), step):
                        request.write(body[i:i + step])
                request.finish()
                return server.NOT_DONE_YET
            request.setHeader(b"Content-Length", str(len(body)).encode("ascii"))
            return body

    return MirrorResource


_REQUEST_LINE = re.compile(rb"^([A-Z]+) (\S+) (HTTP/1\.[01])$")


def _channel_class():
    from twisted.web import http

    class LenientChannel(http.HTTPChannel):
        """Accept raw UTF-8 in the request target, as nginx does (Twisted wants ASCII).

        The non-ASCII bytes are percent-encoded before Twisted parses the line,
        so ``GET /news/1/ا`` and ``GET /news/1/%D8%A7`` are the same request.
        """

        def lineReceived(self, line):
            if line and max(line) > 0x7F:
                m = _REQUEST_LINE.match(line)
                if m:
                    target = bytes(m.group(2))
                    target = b"".join(b"%%%02X" % c if c > 0x7F else bytes([c]) for c in target)
                    line = m.group(1) + b" " + target + b" " + m.group(3)
            return super().lineReceived(line)

    return LenientChannel


def make_site(name: str, sites_dir: Path = SITES_DIR):
    """A ``twisted.web.server.Site`` serving one mirrored site."""
    from twisted.web import server

    site = server.Site(_resource_class()(MirrorSite(name, sites_dir)))
    site.protocol = _channel_class()
    site.displayTracebacks = False
    site.log = lambda request: None  # quiet: no access log on stdout
    return site


def resolve_sites(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    known = list_sites()
    for n in names:
        for m in (known if n == "all" else [n]):
            if m not in known:
                raise SystemExit(f"unknown mirrored site {m!r}; known: {', '.join(known)}")
            if m not in out:
                out.append(m)
    return out


def main(argv: Optional[list] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mirror.server", description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", action="append", required=True,
                    help="site to serve (repeatable); 'all' for every mirrored site")
    ap.add_argument("--port", type=int, default=0,
                    help="port of the first site (0 = any free port); next sites use the following ports")
    ap.add_argument("--host", default=LOOPBACK, help="only 127.0.0.1 is allowed")
    args = ap.parse_args(argv)
    if args.host != LOOPBACK:
        ap.error("the mirror only listens on 127.0.0.1")
    names = resolve_sites(args.site)

    from twisted.internet import reactor

    for i, name in enumerate(names):
        port = reactor.listenTCP(args.port + i if args.port else 0, make_site(name),
                                 interface=LOOPBACK)
        url = f"http://{LOOPBACK}:{port.getHost().port}"
        sys.stdout.write(json.dumps({"site": name, "url": url}) + "\n")
    sys.stdout.write(json.dumps({"ready": True}) + "\n")
    sys.stdout.flush()
    reactor.run()  # installs SIGINT/SIGTERM handlers that stop the reactor
    return 0


# ------------------------------------------------------------ test helpers ---
def start_subprocess(sites: Iterable[str], *, python: Optional[str] = None,
                     timeout: float = 30.0, port: int = 0) -> tuple[subprocess.Popen, dict]:
    """Launch the CLI in a child process; return ``(proc, {site: url})`` once ready."""
    cmd = [python or sys.executable, "-m", "mirror.server", "--port", str(port)]
    for s in sites:
        cmd += ["--site", s]
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=root, env=env, text=True)
    urls: dict = {}
    deadline = time.monotonic() + timeout
    try:
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError("mirror server did not become ready")
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError(f"mirror server exited: {proc.stderr.read()}")
            msg = json.loads(line)
            if msg.get("ready"):
                return proc, urls
            urls[msg["site"]] = msg["url"]
    except BaseException:
        stop_subprocess(proc)
        raise


def stop_subprocess(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for f in (proc.stdout, proc.stderr):
        if f:
            f.close()


@contextlib.contextmanager
def serving(*sites: str, **kw) -> Iterator[dict]:
    """``with serving("mashregh") as urls: ...`` -> ``{"mashregh": "http://127.0.0.1:PORT"}``."""
    proc, urls = start_subprocess(sites, **kw)
    try:
        yield urls
    finally:
        stop_subprocess(proc)


if __name__ == "__main__":
    raise SystemExit(main())
