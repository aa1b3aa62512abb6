"""DOM subtree → list of paragraphs, in reading order.

Why: the output contract is "one paragraph per block, separated by a blank
line", with subheadings, list items, quotes and table rows as their own
paragraphs.  The same walker serialises a site's body element (HTML) and
trafilatura's result tree (its XML vocabulary: p, head, item, quote, row,
cell, lb), so both paths produce text the same way.
"""

from __future__ import annotations

from typing import Iterator

from lxml import etree

from .chars import clean

# Elements that start and end a paragraph.
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "dl", "ul", "ol",
    "blockquote", "pre", "figure", "table", "thead", "tbody", "tfoot", "caption",
    "address", "center", "details", "summary", "hr", "form", "fieldset",
    # trafilatura's output vocabulary
    "head", "item", "list", "quote", "code", "doc", "body", "main-text",
})
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "math", "button", "select",
    "option", "input", "textarea", "label", "object", "embed", "video", "audio", "canvas",
    "figcaption", "img", "picture", "source", "map", "head_meta", "link", "meta", "title",
    "graphic",
})
ROW_TAGS = frozenset({"tr", "row"})
CELL_TAGS = frozenset({"td", "th", "cell"})
BREAK_TAGS = frozenset({"br", "lb"})


def _tag(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return ""
    return tag.lower()


def is_hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None


def paragraphs(root, skip_hidden: bool = True) -> list[str]:
    """Paragraph strings (cleaned, non-empty) of ``root``'s subtree.

    ``skip_hidden`` drops elements hidden by inline style or ``hidden``: right
    for a page's own markup, wrong for trafilatura's result, which already
    chose its content (paywalled text is often ``display:none``)."""
    out: list[str] = []
    buf: list[str] = []

    def flush():
        if buf:
            text = clean("".join(buf))
            if text:
                out.append(text)
            buf.clear()

    def walk(el):
        tag = _tag(el)
        if not tag:
            return
        if tag in SKIP_TAGS or (skip_hidden and is_hidden(el)):
            return
        if tag in ROW_TAGS:
            flush()
            cells = [clean("".join(_text_of(c))) for c in el if _tag(c) in CELL_TAGS]
            cells = [c for c in cells if c]
            if not cells:
                cells = [clean("".join(_text_of(el)))]
            row = " | ".join(c for c in cells if c)
            if row:
                out.append(row)
            return
        if tag in BREAK_TAGS:
            flush()
            return
        block = tag in BLOCK_TAGS or tag in CELL_TAGS
        if block:
            flush()
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if block:
            flush()

    walk(root)
    flush()
    return out


def _text_of(el) -> Iterator[str]:
    """All visible text of a cell, breaks as spaces."""
    tag = _tag(el)
    if not tag or tag in SKIP_TAGS or is_hidden(el):
        return
    if el.text:
        yield el.text
    for child in el:
        ctag = _tag(child)
        if ctag in BREAK_TAGS:
            yield " "
        elif ctag in BLOCK_TAGS or ctag in CELL_TAGS:
            yield " "
            yield from _text_of(child)
            yield " "
        else:
            yield from _text_of(child)
        if child.tail:
            yield child.tail


def text_content(el) -> str:
    """Visible text of an element on one line."""
    return clean("".join(_text_of(el)))


_INLINE = frozenset({"b", "strong", "i", "em", "u", "span", "font", "small", "big", "sub", "sup", "mark", "q",
                     "abbr", "cite", "time", "bdi", "bdo", "s"})
_CONTAINERS = ("div", "td", "article", "section", "main", "p", "blockquote", "span", "font", "center")


def _own_text(el) -> int:
    """Characters of text that sit in ``el`` itself or its inline children
    (links excluded): what a reader sees as this element's prose."""
    n = len((el.text or "").strip())
    for child in el:
        tag = _tag(child)
        if tag in _INLINE:
            n += len("".join(child.itertext()).strip())
        elif tag in BREAK_TAGS or tag == "p":
            n += len("".join(child.itertext()).strip()) if tag == "p" else 0
        if child.tail:
            n += len(child.tail.strip())
    return n


def densest_block(root):
    """The element holding the most prose of its own, a last resort for
    table-layout pages where trafilatura falls back to the whole page."""
    best, best_n = None, 0
    for el in root.iter(*_CONTAINERS):
        if is_hidden(el) or any(_tag(a) in ("footer", "header", "nav", "aside") for a in el.iterancestors()):
            continue
        n = _own_text(el)
        if n > best_n:
            best, best_n = el, n
    return best


def remove(el) -> None:
    """Drop an element but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


__all__ = ["paragraphs", "text_content", "remove", "is_hidden", "etree"]
