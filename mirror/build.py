"""Generate ``mirror/sites/**`` from the sources in ``mirror/content/``.

    python -m mirror.build              # rewrite mirror/sites in place
    python -m mirror.build --out DIR    # write the tree elsewhere (tests compare)

For every site module in :data:`SITE_MODULES` (the mirror's own list of
sites, deliberately not the crawler's registry: see its comment) this calls
``build()``, which returns a :class:`mirror.content.common.SiteBuild` holding
the files, routes and the hand-written part of the ground truth.  Then it walks the generated
pages the way a crawler would (robots.txt ``Sitemap:`` lines, feeds,
sitemaps, listings, links; real-domain URLs mapped onto the site; redirects
followed; robots ``Disallow`` honoured) and records, per article, every page
that links to it and every form in which it is linked.  The walk also checks
the mirror: every article must be reachable, and every link must resolve to a
route, a listed 404, or a page the robots rules forbid.
"""

from __future__ import annotations

import argparse
import importlib
import re
import shutil
import sys
from collections import deque
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from . import SITES_DIR
from .content.common import SiteBuild, dump_json
from .content.requisites import add_requisites

# The mirror's own list, not the crawler's registry (crawler.sites): the
# mirror is an independent check of the crawler, so it does not read the
# crawler's definitions, and its sites are not the registry's either.  gulfwp
# has no definition (it is there for the generic ``news`` spider), and a
# registry site need not have a mirror (the end-to-end tests, the demo and the
# benchmarks walk the registry and skip such a site, saying so).  Mirroring
# a site = its ``content/<name>.py`` with ``build()``, plus its name here.
SITE_MODULES = ("namehnews", "mashregh", "alaraby", "sahebkhabar", "titronline", "gulfwp")

_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I | re.S)
_LINK = re.compile(r"""<link\b[^>]*?\brel\s*=\s*"(?:canonical|alternate|next|prev)"[^>]*?\bhref\s*=\s*"([^"]*)"[^>]*>""", re.I | re.S)
_LOC = re.compile(r"<loc>\s*([^<]+?)\s*</loc>")
_RSS_LINK = re.compile(r"<item>.*?<link>\s*([^<]+?)\s*</link>", re.S)
_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


def _charset(route: dict, data: bytes) -> str:
    for name, value in route["headers"]:
        if name.lower() == "content-type" and "charset=" in value:
            return value.split("charset=")[1].strip()
    m = _META_CHARSET.search(data[:2048])
    return m.group(1).decode() if m else "utf-8"


def _content_type(route: dict) -> str:
    for name, value in route["headers"]:
        if name.lower() == "content-type":
            return value
    return ""


class Walker:
    """A crawler's-eye view of one built site, used to fill and check expected.json."""

    def __init__(self, sb: SiteBuild):
        self.sb = sb
        self.hosts = {urlsplit(sb.origin).hostname}
        host = urlsplit(sb.origin).hostname
        self.hosts.add(host[4:] if host.startswith("www.") else "www." + host)
        self.disallow = self._robots_disallow()

    def _robots_disallow(self) -> list[str]:
        r = self.sb.routes.get("/robots.txt")
        if not r:
            return []
        out, applies = [], False
        for line in self.sb.files[r["file"]].decode("utf-8").splitlines():
            key, _, value = line.partition(":")
            key, value = key.strip().lower(), value.strip()
            if key == "user-agent":
                applies = value == "*"
            elif key == "disallow" and applies and value:
                out.append(unquote(value))
        return out

    def disallowed(self, target: str) -> bool:
        return any(target.startswith(p) for p in self.disallow)

    def target_of(self, url: str, base: str):
        """Absolute or relative link -> decoded target on this site, or None if off-site."""
        absu = urljoin(base, unescape(url.strip()))
        parts = urlsplit(absu)
        if parts.scheme not in ("http", "https") or parts.hostname not in self.hosts:
            return None
        t = unquote(parts.path or "/")
        if parts.query:
            t += "?" + unquote(parts.query)
        return t

    def resolve(self, target: str):
        """Follow the server's lookup and redirects: (final target, route, hops) or 404."""
        hops = []
        for _ in range(6):
            path, _, query = target.partition("?")
            key = target if target in self.sb.routes else (path if path in self.sb.routes else None)
            if key is None:
                return target, None, hops
            route = self.sb.routes[key]
            if route.get("redirect"):
                hops.append(key)
                target = self.target_of(route["redirect"], self.sb.origin + "/")
                continue
            return key, route, hops
        raise ValueError(f"{self.sb.name}: redirect loop at {target}")

    def links(self, target: str, route: dict) -> list[tuple[str, str]]:
        """(raw link, decoded target) pairs found in a page."""
        data = self.sb.files[route["file"]]
        text = data.decode(_charset(route, data), "replace")
        base = self.sb.origin + target
        m = re.search(r'<base\s+href="([^"]+)"', text)
        if m:
            base = m.group(1)
        raws: list[str] = []
        ctype = _content_type(route)
        if target == "/robots.txt":
            raws = [l.split(":", 1)[1].strip() for l in text.splitlines()
                    if l.lower().startswith("sitemap:")]
        elif "xml" in ctype:
            raws = _LOC.findall(text) + _RSS_LINK.findall(text)
        else:
            raws = [a or b for a, b in _HREF.findall(text)]
            raws += [h for h in _LINK.findall(text)]
        out = []
        for raw in raws:
            raw = unescape(raw.strip())
            if not raw or raw.startswith("#"):
                continue  # same-page anchor
            t = self.target_of(raw, base)
            if t is not None:
                out.append((raw, t))
        return out

    GROUPS = {"feed": {"feed"}, "sitemap": {"robots", "sitemap"}}

    def _discovery(self, edges: dict, art_by_path: dict) -> None:
        """Per article, which kinds of start points find it without passing through
        another article: "feed" (feeds), "sitemap" (robots.txt + sitemaps) and
        "listing" (home, sections, archive, tag pages and their pagination)."""
        kinds = self.sb.kinds
        for a in art_by_path.values():
            a["discovered_by"] = []
        for group in ("feed", "listing", "sitemap"):
            allowed = self.GROUPS.get(group)
            def ok(t):
                k = kinds.get(t, "page")
                if allowed is not None:
                    return k in allowed
                return k not in ("article", "feed", "sitemap", "robots", "soft404", "gallery")
            starts = [self.resolve(t)[0] for t in self.sb.entry_points]
            queue, seen = deque(t for t in starts if ok(t)), set()
            while queue:
                t = queue.popleft()
                if t in seen:
                    continue
                seen.add(t)
                for d in edges.get(t, []):
                    if d in art_by_path:
                        if group not in art_by_path[d]["discovered_by"]:
                            art_by_path[d]["discovered_by"].append(group)
                    elif ok(d) and not self.disallowed(d):
                        queue.append(d)
        for a in art_by_path.values():
            a["discovered_by"].sort()

    def walk(self) -> None:
        sb = self.sb
        art_by_path = {a["path"]: a for a in sb.articles}
        non_by_path = {a["path"]: a for a in sb.non_articles}
        for a in sb.articles:
            a["reachable_from"], a["linked_as"] = [], []
        for a in sb.non_articles:
            a["linked_from"] = []
        seen, queue = set(), deque(sb.entry_points)
        broken, blocked = [], []
        edges: dict[str, list[str]] = {}
        while queue:
            t = queue.popleft()
            final, route, hops = self.resolve(t)
            if final in seen:
                continue
            seen.add(final)
            if route is None or self.disallowed(final) or route.get("file") is None:
                continue
            if route["status"] != 200:
                continue
            ctype = _content_type(route)
            if not ("html" in ctype or "xml" in ctype or final == "/robots.txt"):
                continue
            if final in art_by_path and final not in sb.entry_points:
                pass  # articles are crawled too: their links count (related boxes)
            kind = sb.kinds.get(final, "page")
            for raw, lt in self.links(final, route):
                if self.disallowed(lt):
                    blocked.append((final, lt))
                    continue
                dest, droute, dhops = self.resolve(lt)
                edges.setdefault(final, []).append(dest)
                if droute is None and dest not in non_by_path:
                    broken.append((final, raw))
                rec = art_by_path.get(dest) if dest != final else None
                if rec is not None:
                    src = {"kind": kind, "page": final}
                    if src not in rec["reachable_from"]:
                        rec["reachable_from"].append(src)
                    if raw not in rec["linked_as"]:
                        rec["linked_as"].append(raw)
                elif dest in non_by_path:
                    if final not in non_by_path[dest]["linked_from"]:
                        non_by_path[dest]["linked_from"].append(final)
                if self.disallowed(dest):
                    continue
                queue.append(lt)
        problems = []
        for a in sb.articles:
            if not a["reachable_from"]:
                problems.append(f"article not reachable: {a['path']}")
            a["reachable_from"].sort(key=lambda s: (s["kind"], s["page"]))
        self._discovery(edges, art_by_path)
        for n in sb.non_articles:
            if not n["linked_from"] and not n.get("unlinked_ok"):
                problems.append(f"non-article never linked: {n['path']}")
        for src, raw in broken:
            problems.append(f"broken link on {src}: {raw}")
        for t in sb.must_not_fetch:
            if not any(lt == t or lt.startswith(t) for _, lt in blocked):
                problems.append(f"robots-disallowed target never linked: {t}")
        if problems:
            raise ValueError(f"{sb.name}: mirror inconsistent:\n  " + "\n  ".join(problems))


def build_site(name: str) -> SiteBuild:
    mod = importlib.import_module(f"mirror.content.{name}")
    sb: SiteBuild = mod.build()
    add_requisites(sb)  # real stylesheets, scripts and images for what the pages refer to
    Walker(sb).walk()
    return sb


def write_site(sb: SiteBuild, out: Path) -> None:
    d = out / sb.name
    if d.exists():
        shutil.rmtree(d)
    (d / "files").mkdir(parents=True)
    for fname, data in sorted(sb.files.items()):
        p = d / "files" / fname
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    (d / "routes.json").write_bytes(dump_json(sb.manifest()))
    (d / "expected.json").write_bytes(dump_json(sb.expected()))


def build_all(out: Path = SITES_DIR, sites=SITE_MODULES) -> list[str]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name in sites:
        write_site(build_site(name), out)
    return list(sites)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mirror.build", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=SITES_DIR)
    ap.add_argument("--site", action="append", help="build only these sites")
    args = ap.parse_args(argv)
    built = build_all(args.out, tuple(args.site) if args.site else SITE_MODULES)
    print(f"built {', '.join(built)} into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
