"""Embedded posts: X/Twitter, Instagram, Facebook, Telegram, TikTok blocks and
YouTube/Vimeo/... players, read into ``Article.embeds`` and kept out of the text.

Why: a story that quotes a post embeds the post's own markup (a
``blockquote.twitter-tweet`` with its «— name (@handle) date» line, an
Instagram card with «View this post on Instagram»).  Whether that post
belongs to the story is a judgment users make for themselves, so each one
becomes ``{kind, url, author, text}`` and its text-bearing element leaves the
tree before anything reads the page (title, dates, links, the body element,
trafilatura).  Players (iframes) and widget scripts carry no text: they are
recorded and left in place, where the gallery test still counts them.

Providers are recognised by the markup their embed code writes (classes,
``data-*`` attributes) and by the hosts their players are served from; the
tables below are data, one line per provider.
"""

from __future__ import annotations

import re
from typing import Optional
from urllib.parse import parse_qs, urlsplit, urlunsplit

from lxml import etree

from . import blocks
from .dom import is_ancestor
from .metadata import safe_join

# Text-bearing embed blocks: (kind, class token).  The embed code's own names.
_BLOCK_CLASSES = (
    ("twitter", "twitter-tweet"), ("twitter", "twitter-video"),
    ("instagram", "instagram-media"),
    ("facebook", "fb-post"), ("facebook", "fb-video"),
    ("tiktok", "tiktok-embed"),
    ("telegram", "telegram-post"),
)
# Player hosts: (kind, host suffix, path prefix).  An iframe elsewhere (ads,
# maps, polls) is not an embedded post.
_PLAYER_HOSTS = (
    ("youtube", "youtube.com", "/embed/"), ("youtube", "youtube-nocookie.com", "/embed/"),
    ("vimeo", "player.vimeo.com", "/video/"),
    ("dailymotion", "dailymotion.com", "/embed/"),
    ("facebook", "facebook.com", "/plugins/"),
    ("instagram", "instagram.com", "/"),
    ("twitter", "platform.twitter.com", "/embed/"),
    ("telegram", "t.me", "/"),
    ("tiktok", "tiktok.com", "/embed"),
    ("soundcloud", "w.soundcloud.com", "/player"),
    ("spotify", "open.spotify.com", "/embed/"),
    ("aparat", "aparat.com", "/"),
)
# Post URLs a block links to, per kind (the permalink, not a hashtag or a t.co link).
_POST_URL = {
    "twitter": re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/[^/]+/status(?:es)?/\d+", re.I),
    "instagram": re.compile(r"^https?://(?:www\.)?instagram\.com/(?:[^/]+/)?(?:p|reel|tv)/[\w-]+", re.I),
    "facebook": re.compile(r"^https?://(?:www\.|m\.)?facebook\.com/.+/(?:posts|videos|photos)/|story_fbid=", re.I),
    "tiktok": re.compile(r"^https?://(?:www\.)?tiktok\.com/@[^/]+/video/\d+", re.I),
    "telegram": re.compile(r"^https?://(?:t\.me|telegram\.me)/[\w]+/\d+", re.I),
}
# «— Name (@handle) April 25, 2023» under a tweet; «A post shared by Name (@handle)».
_HANDLE = re.compile(r"([^\n—–]*?\(@[\w.]+\))")
_PROFILE = re.compile(r"^https?://(?:www\.|m\.)?facebook\.com/(?!sharer|share|plugins|hashtag)[^/?#]+/?$", re.I)
_TRACKING = re.compile(r"^(?:ref_src|ref_url|utm_[a-z]+|igshid|igsh|s|t|si|feature)$", re.I)
# Placeholder titles players give themselves: not the post's text.
_GENERIC_TITLES = re.compile(r"^(?:youtube video player|youtube|video|vimeo|embedded content|iframe|player)$", re.I)
# Where an embed is page furniture (a sidebar's channel player), not the story's.
_FURNITURE = etree.XPath("boolean(ancestor::aside or ancestor::nav or ancestor::footer)")

_CANDIDATES = etree.XPath(
    "//*[@class][self::blockquote or self::div or self::figure or self::section]"
    "|//iframe[@src or @data-src or @data-lazy-src]|//script[@data-telegram-post]")


def take(tree, page_url: str) -> list[dict]:
    """The page's embedded posts, in document order, ``{kind, url, author,
    text}`` each; their text-bearing blocks are removed from ``tree``."""
    found: list[dict] = []
    seen: set = set()
    doomed = []
    for el in _CANDIDATES(tree):
        if any(d is el or is_ancestor(d, el) for d in doomed):
            continue
        embed = _read(el, page_url)
        if embed is None:
            continue
        if el.tag not in ("iframe", "script"):
            doomed.append(el)
        key = (embed["kind"], embed["url"] or id(el))
        if key in seen or _FURNITURE(el):
            continue
        seen.add(key)
        found.append(embed)
    for el in doomed:
        blocks.remove(el)
    return found


def _read(el, page_url: str) -> Optional[dict]:
    if el.tag == "iframe":
        return _player(el, page_url)
    if el.tag == "script":
        post = (el.get("data-telegram-post") or "").strip().strip("/")
        if not post:
            return None
        return _embed("telegram", f"https://t.me/{post}", "@" + post.split("/")[0], None)
    tokens = set((el.get("class") or "").split())
    kind = next((k for k, token in _BLOCK_CLASSES if token in tokens), None)
    if kind is None:
        return None
    return _block(kind, el, page_url)


def _embed(kind: str, url: Optional[str], author: Optional[str], text: Optional[str]) -> dict:
    return {"kind": kind, "url": url or None, "author": author or None, "text": text or None}


def _block(kind: str, el, page_url: str) -> dict:
    """A blockquote/div embed: its permalink, the author line, the post's text."""
    pattern = _POST_URL.get(kind)
    declared = (el.get("data-instgrm-permalink") or el.get("data-href") or el.get("cite")
                or el.get("data-telegram-post") or "")
    url = _clean_url(safe_join(page_url, declared)) if declared else None
    if kind == "telegram" and declared and "//" not in declared:
        url = f"https://t.me/{declared.strip('/')}"
    if url is None:
        hrefs = [safe_join(page_url, a.get("href")) for a in el.iter("a") if a.get("href")]
        posts = [h for h in hrefs if h and pattern is not None and pattern.search(h)]
        # A tweet's permalink is its date link, the last one; a post card names it first.
        url = _clean_url((posts[-1] if kind == "twitter" else posts[0]) if posts else None)
        if url is None and el.get("data-tweet-id"):
            url = f"https://twitter.com/i/status/{el.get('data-tweet-id')}"
    paras = [p for p in el.iter("p") if not any(is_ancestor(q, p) for q in el.iter("p") if q is not p)]
    texts = [blocks.text_content(p) for p in paras]
    author = None
    # The author line sits outside the post's paragraphs («— Name (@handle) date»).
    for line in (_text_outside(el, paras), *texts):
        m = _HANDLE.search(line.replace("\u2014", "\n").replace("\u2013", "\n"))
        if m:
            author = m.group(1).strip(" -—–")
            author = re.sub(r"^.*?(?:shared by|partagée par|geteilter beitrag von|منشور شاركه|پستی که)\s*", "",
                            author, flags=re.I).strip()
            break
    if author is None:
        # «Posted by <a href=facebook.com/Page>Name</a>»: the link to a profile, not to a post.
        profiles = [blocks.text_content(a) for a in el.iter("a") if _PROFILE.match(a.get("href") or "")]
        author = next((p for p in profiles if p), None)
    if author is None and url:
        author = _author_from_url(kind, url)
    body = [t for t in texts if t and (author is None or author not in t) and not _is_card_chrome(t)]
    text = "\n\n".join(body) if body else None
    if text is None and kind != "instagram":
        whole = blocks.text_content(el)
        if author and author in whole:
            whole = whole.split(author)[0]
        text = whole.strip(" —–-") or None
    return _embed(kind, url, author, text)


def _text_outside(el, paras) -> str:
    """``el``'s visible text without the given paragraphs."""
    skip = set(paras)
    out = []

    def walk(node):
        if node in skip or not isinstance(node.tag, str) or node.tag in blocks.SKIP_TAGS:
            return
        if node.text:
            out.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                out.append(child.tail)

    walk(el)
    return " ".join("".join(out).split())


def _is_card_chrome(text: str) -> bool:
    return bool(re.match(r"^(?:view this post on instagram|a post shared by|posted by|voir cette publication)",
                         text, re.I))


def _author_from_url(kind: str, url: str) -> Optional[str]:
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if not parts:
        return None
    if kind in ("twitter", "telegram") and parts[0] not in ("i", "s"):
        return "@" + parts[0]
    if kind == "tiktok" and parts[0].startswith("@"):
        return parts[0]
    return None


def _player(el, page_url: str) -> Optional[dict]:
    src = el.get("src") or el.get("data-src") or el.get("data-lazy-src") or ""
    url = safe_join(page_url, src.strip())
    if not url:
        return None
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    # A CMS's own oEmbed proxy (Drupal's /media/oembed?url=...) names the post.
    if "oembed" in parts.path and query.get("url"):
        url = query["url"][0]
        post = next((k for k, pattern in _POST_URL.items() if pattern.search(url)), None)
        if post:
            return _embed(post, _clean_url(url), _author_from_url(post, url), None)
        parts = urlsplit(url)
        query = parse_qs(parts.query)
    host = (parts.hostname or "").lower()
    kind = next((k for k, h, path in _PLAYER_HOSTS
                 if (host == h or host.endswith("." + h)) and parts.path.startswith(path)), None)
    if kind is None:
        return None
    title = (el.get("title") or "").strip()
    text = title if title and not _GENERIC_TITLES.match(title) else None
    author = None
    if kind == "youtube":
        vid = parts.path.split("/embed/", 1)[-1].split("/")[0]
        url = f"https://www.youtube.com/watch?v={vid}" if vid and vid != "videoseries" else _clean_url(url)
    elif kind in ("facebook", "soundcloud") and query.get("href" if kind == "facebook" else "url"):
        url = _clean_url(query["href" if kind == "facebook" else "url"][0])
    elif kind == "twitter" and query.get("id"):
        url = f"https://twitter.com/i/status/{query['id'][0]}"
    else:
        url = _clean_url(url)
    if kind in ("twitter", "telegram"):
        author = _author_from_url(kind, url)
    return _embed(kind, url, author, text)


def _clean_url(url: Optional[str]) -> Optional[str]:
    """The permalink without tracking parameters (``?ref_src=twsrc…``, ``utm_*``)."""
    if not url:
        return None
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    kept = "&".join(q for q in parts.query.split("&") if q and not _TRACKING.match(q.split("=", 1)[0]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, kept, ""))
