"""Serve a scaled mirror (``mirror.scale``) with a real static web server.

Debian's nginx when it is installed (a config of our own in a temporary
directory: own pid file and error log, no access log, ``daemon off``, one
loopback port per site), else Twisted's ``twisted.web.static.File`` (which
Scrapy brings).  Each site is served at the root of its own origin, as
``scrapy crawl <site> -a base_url=http://127.0.0.1:PORT`` expects.

    with serving_static(tree, ["namehnews", "mashregh"]) as (server, urls):
        server   # "nginx 1.22.1" or "twisted.web.static"
        urls     # {"namehnews": "http://127.0.0.1:PORT", ...}
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .scale import INDEX_FILE, load_scaled
from .server import stop_subprocess

HTML = "text/html; charset=utf-8"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(ports: list[int], proc: subprocess.Popen, what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    pending = list(ports)
    while pending:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} before listening")
        try:
            socket.create_connection(("127.0.0.1", pending[0]), timeout=0.5).close()
            pending.pop(0)
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} not listening on {pending[0]} after {timeout} s")
            time.sleep(0.05)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def nginx_version(binary: str) -> str:
    out = subprocess.run([binary, "-v"], capture_output=True, text=True)
    return (out.stderr or out.stdout).strip().split("/")[-1]


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_config(tree: Path, sites: dict, run: Path) -> str:
    """``sites``: {name: port}.  Extensionless pages are HTML; feeds and the
    like at extensionless paths get their type from the site's ``types``."""
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""  # root: keep workers able to read the tree
    temp = "\n".join(f"  {d}_temp_path {run / d};" for d in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    servers = []
    for name, port in sites.items():
        meta = load_scaled(tree, name)
        types = "\n".join(f"    location = {_quote(path)} {{ default_type {_quote(ctype.split(';')[0])}; }}"
                          for path, ctype in sorted(meta["types"].items()))
        servers.append(f"""  server {{
    listen 127.0.0.1:{port};
    server_name {name};
    root {_quote(str((tree / name / 'root').resolve()))};
    location = / {{ try_files /{INDEX_FILE} =404; }}
    location / {{ try_files $uri $uri/{INDEX_FILE} =404; }}
{types}
  }}""")
    return f"""{user}worker_processes 1;
daemon off;
pid {run / 'nginx.pid'};
error_log {run / 'error.log'} warn;
events {{ worker_connections 512; }}
http {{
  include /etc/nginx/mime.types;
  types {{ application/xml xml; text/plain txt; }}
  default_type text/html;
  charset utf-8;
  charset_types text/html text/plain text/xml application/xml application/rss+xml;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 100000;
  server_tokens off;
{temp}
{chr(10).join(servers)}
}}
"""


@contextlib.contextmanager
def _nginx(binary: str, tree: Path, names: list[str]):
    run = Path(tempfile.mkdtemp(prefix="khabar-nginx-"))
    try:
        ports = {name: free_port() for name in names}
        conf = run / "nginx.conf"
        conf.write_text(nginx_config(tree, ports, run), encoding="utf-8")
        proc = subprocess.Popen([binary, "-p", str(run), "-e", str(run / "error.log"), "-c", str(conf)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            try:
                _wait_ready(list(ports.values()), proc, "nginx")
            except RuntimeError as exc:
                log = (run / "error.log").read_text(errors="replace") if (run / "error.log").exists() else ""
                raise RuntimeError(f"{exc}\n{log[-2000:]}") from None
            yield f"nginx {nginx_version(binary)}", {n: f"http://127.0.0.1:{p}" for n, p in ports.items()}
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGQUIT)  # graceful stop
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    finally:
        shutil.rmtree(run, ignore_errors=True)


@contextlib.contextmanager
def _twisted(tree: Path, names: list[str]):
    ports = {name: free_port() for name in names}
    cmd = [sys.executable, "-m", "mirror.static", "--twisted", str(tree)] + [f"{n}={p}" for n, p in ports.items()]
    proc = subprocess.Popen(cmd, cwd=Path(__file__).resolve().parents[1], stdout=subprocess.DEVNULL)
    try:
        _wait_ready(list(ports.values()), proc, "twisted.web.static")
        yield "twisted.web.static", {n: f"http://127.0.0.1:{p}" for n, p in ports.items()}
    finally:
        stop_subprocess(proc)


@contextlib.contextmanager
def serving_static(tree: Path, names: list[str], prefer: str = "nginx"):
    """Yield (server description, {site: origin}) while the sites are served."""
    binary = nginx_binary() if prefer == "nginx" else None
    if binary:
        with _nginx(binary, Path(tree), names) as served:
            yield served
    else:
        with _twisted(Path(tree), names) as served:
            yield served


def _twisted_main(tree: Path, specs: list[str]) -> None:
    """The fallback server (in a child process): one ``File`` root per site."""
    from twisted.internet import reactor
    from twisted.web import server, static

    class Page(static.File):
        """``File`` that serves ``<dir>/__index.html`` for a directory without
        redirecting to ``<dir>/``, extensionless files as HTML, and the site's
        typed extensionless paths (feeds) with their type."""

        types: dict = {}

        def __init__(self, path, *args, **kw):
            super().__init__(path, *args, **kw)
            self.defaultType = HTML
            self.indexNames = [INDEX_FILE]

        def getChild(self, name, request):
            child = super().getChild(name, request)
            if isinstance(child, static.File) and child.isdir():
                index = child.child(INDEX_FILE)
                if request.postpath in ([], [b""]) and index.exists():
                    child = self.createSimilarFile(index.path)
                    child.type, child.encoding = HTML, None
            if isinstance(child, static.File):
                target = "/" + "/".join(s.decode("utf-8", "replace") for s in request.prepath)
                if target in self.types:
                    child.type, child.encoding = self.types[target], None
            return child

        def createSimilarFile(self, path):
            f = Page(path, self.defaultType, self.ignoredExts, self.registry)
            f.processors, f.indexNames, f.types = self.processors, self.indexNames, self.types
            return f

    static.File.contentTypes.update({".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
                                     ".html": HTML})
    for spec in specs:
        name, port = spec.split("=")
        root = Page(str(tree / name / "root"))
        root.types = load_scaled(tree, name)["types"]
        reactor.listenTCP(int(port), server.Site(root), interface="127.0.0.1")
    reactor.run()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--twisted":
        _twisted_main(Path(sys.argv[2]), sys.argv[3:])
    else:
        print(json.dumps({"usage": "python -m mirror.static --twisted TREE site=port ..."}))
