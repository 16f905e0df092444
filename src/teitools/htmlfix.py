"""The HTML the export stylesheet makes, brought within HTML5's content models and serialised.

TEI lets blocks stand inside a paragraph (a list, a figure, a quoted poem inside ``<p>``);
HTML does not, and a browser's parser would close the paragraph early and leave the rest
of the sentence outside it. Here such a paragraph (or phrase) is split around the block,
the part after it a copy of the element (``class="cont"`` for a paragraph), so that no
text is orphaned. Lists, description lists and tables get only the children HTML allows
(a page break between two items goes into the next item), a link never holds another,
ids are unique and every ``#`` link points to an id on the page.
"""

from __future__ import annotations

import re

from lxml import etree

# Elements whose content must be phrasing content.
PHRASING_ONLY = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "span", "em", "strong", "i", "b", "a", "q", "cite", "sup",
    "sub", "small", "abbr", "code", "del", "ins", "dfn", "mark", "s", "u", "bdi", "bdo", "label", "pre",
    "time", "var", "samp", "kbd", "data", "caption", "dt", "legend", "summary"})
# Elements that are not phrasing content.
FLOW_ONLY = frozenset({
    "div", "p", "section", "aside", "article", "nav", "header", "footer", "main", "figure", "blockquote",
    "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "address", "figcaption",
    "li", "dd", "dt", "tr", "td", "th"})
_FORBIDDEN = re.compile("[\x80-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def repair(root: etree._Element) -> None:
    """Bring the page within HTML5's content models (see the module's description)."""
    _lift_blocks(root)
    _no_nested_links(root)
    for el in root.iter("ul", "ol"):
        _only_children(el, {"li"}, "li")
    for el in root.iter("dl"):
        _only_children(el, {"dt", "dd"}, "dd")
        _dl_groups(el)
    for el in root.iter("table"):
        _table(el)
    _unique_ids(root)
    _live_links(root)


def serialise(root: etree._Element) -> bytes:
    text = etree.tostring(root, method="html", encoding="unicode", doctype="<!DOCTYPE html>")
    return (clean_characters(text) + "\n").encode("utf-8")


def clean_characters(text: str) -> str:
    """``text`` with the characters HTML forbids in a document (C1 controls, noncharacters)
    replaced by U+FFFD."""
    return _FORBIDDEN.sub("\ufffd", text)


def _empty(el: etree._Element) -> bool:
    return len(el) == 0 and not (el.text or "").strip() and not el.get("id")


def _split_out(child: etree._Element) -> None:
    """Move ``child`` out of its parent, which is split in two around it."""
    parent = child.getparent()
    assert parent is not None
    grand = parent.getparent()
    assert grand is not None
    at = grand.index(parent)
    after = etree.Element(parent.tag, {k: v for k, v in parent.attrib.items() if k != "id"})
    if parent.tag == "p" and "cont" not in (after.get("class") or "").split():
        after.set("class", " ".join(filter(None, [after.get("class"), "cont"])))
    after.text = child.tail
    child.tail = None
    for sibling in list(child.itersiblings()):
        after.append(sibling)
    parent.remove(child)
    after.tail, parent.tail = parent.tail, None
    grand.insert(at + 1, child)
    grand.insert(at + 2, after)
    if _empty(after):
        child.tail = after.tail
        grand.remove(after)
    if _empty(parent):
        grand.remove(parent)


def _lift_blocks(root: etree._Element) -> None:
    while True:
        stuck = [el for el in root.iter() if isinstance(el.tag, str) and el.tag in FLOW_ONLY
                 and (parent := el.getparent()) is not None and parent.tag in PHRASING_ONLY]
        if not stuck:
            return
        for el in stuck:
            parent = el.getparent()
            while parent is not None and parent.tag in PHRASING_ONLY and parent.getparent() is not None:
                _split_out(el)
                parent = el.getparent()


def _no_nested_links(root: etree._Element) -> None:
    for inner in list(root.iter("a")):
        if not any(a.tag == "a" for a in inner.iterancestors()):
            continue
        moving = inner
        parent = inner.getparent()
        if (parent is not None and parent.tag == "sup" and len(parent) == 1
                and not (parent.text or "").strip()):
            moving = parent
        while any(a.tag == "a" for a in moving.iterancestors()):
            _split_out(moving)


def _only_children(el: etree._Element, allowed: set[str], wrapper: str) -> None:
    """Children that ``el`` may not hold (and text) go into the next allowed child, else the last."""
    stray: list[etree._Element] = []
    if (el.text or "").strip():
        holder = etree.Element("span")
        holder.text, el.text = el.text, None
        el.insert(0, holder)
    for child in list(el):
        if child.tail and child.tail.strip():
            holder = etree.Element("span")
            holder.text, child.tail = child.tail, None
            el.insert(el.index(child) + 1, holder)
    for child in list(el):
        if not isinstance(child.tag, str) or child.tag not in allowed:
            stray.append(child)
            continue
        if stray:
            for k, item in enumerate(stray):
                item.tail = None
                child.insert(k, item)
            if len(stray) and child.text:
                stray[-1].tail = child.text
                child.text = None
            stray = []
    if stray:
        kept = [c for c in el if isinstance(c.tag, str) and c.tag in allowed]
        target = kept[-1] if kept else etree.SubElement(el, wrapper)
        for item in stray:
            item.tail = None
            target.append(item)


def _dl_groups(dl: etree._Element) -> None:
    items = [c for c in dl if isinstance(c.tag, str)]
    if items and items[0].tag == "dd":
        dl.insert(0, etree.Element("dt"))
    if items and items[-1].tag == "dt":
        dl.append(etree.Element("dd"))


def _table(table: etree._Element) -> None:
    for child in list(table):
        if child.tag in ("thead", "tbody", "tfoot"):
            for row in child:
                if row.tag == "tr":
                    _only_children(row, {"td", "th"}, "td")
    # A caption goes first; other strays go into the cells of the next row.
    for caption in table.findall("caption")[1:]:
        table.remove(caption)
    first = table.find("caption")
    if first is not None and table.index(first) != 0:
        table.remove(first)
        table.insert(0, first)
    rows = [c for c in table if c.tag == "tr"]
    if not rows:
        if any(isinstance(c.tag, str) and c.tag != "caption" for c in table) or (table.text or "").strip():
            etree.SubElement(table, "tr")
        else:
            return
    stray: list[etree._Element] = []
    for child in list(table):
        if child.tag == "caption" or child.tag in ("thead", "tbody", "tfoot", "colgroup"):
            continue
        if child.tag != "tr":
            stray.append(child)
            continue
        if stray:
            cell = child.find("td") if child.find("td") is not None else child.find("th")
            if cell is None:
                cell = etree.SubElement(child, "td")
            for k, item in enumerate(stray):
                item.tail = None
                cell.insert(k, item)
            stray = []
    if stray:
        row = [c for c in table if c.tag == "tr"][-1]
        cells = [c for c in row if c.tag in ("td", "th")]
        cell = cells[-1] if cells else etree.SubElement(row, "td")
        for item in stray:
            item.tail = None
            cell.append(item)
    table.text = None
    for child in table:
        child.tail = None
    rows = [c for c in table if c.tag == "tr"]
    for k, row in enumerate(rows):
        _only_children(row, {"td", "th"}, "td")
        for cell in row:
            span = cell.get("rowspan")
            if span and span.isdigit() and int(span) > len(rows) - k:
                if len(rows) - k > 1:
                    cell.set("rowspan", str(len(rows) - k))
                else:
                    del cell.attrib["rowspan"]


def _unique_ids(root: etree._Element) -> None:
    seen: set[str] = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        value = el.get("id")
        if value is None:
            continue
        if not value or value in seen or any(c.isspace() for c in value):
            del el.attrib["id"]
        else:
            seen.add(value)


def _live_links(root: etree._Element) -> None:
    ids = {el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    for a in root.iter("a"):
        href = a.get("href") or ""
        if href.startswith("#") and href[1:] not in ids:
            a.tag = "span"
            for name in ("href", "role", "title"):
                a.attrib.pop(name, None)
