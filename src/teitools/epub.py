"""EPUB 3 from the HTML page of the export: one XHTML content document per chapter.

The page that ``xslt/tei-to-html.xsl`` makes (or a custom stylesheet's HTML) is cut into
content documents: the title block, then each chapter (a ``section`` with a heading of its
own and no such section around it: the top-level divisions) with the blocks around it (the
``main``/``div`` shells are repeated in each document), the text between chapters in
documents of its own, and the "about this edition" section. Links between them are rewritten
to ``file.xhtml#id``; the notes keep their DPUB-ARIA roles and get EPUB's ``epub:type``
(``noteref``, ``footnote``, ``endnote``; the back-link stays); page breaks become a
``page-list``. The navigation document comes from the page's table of contents (else from the
documents' headings). The metadata come from the teiHeader (as the page shows them): title,
authors, language, publisher, licence; the identifier is a ``urn:uuid`` derived from the TEI
(its canonical form), ``dcterms:modified`` the header's publication date (else
``FIXED_MODIFIED``), so that the same TEI always gives the same bytes. Images the page embeds
(``data:`` addresses of PNG, JPEG or GIF) and image files beside the TEI (a relative
``<graphic url>`` naming a PNG, JPEG or GIF file below the input's folder, by its bytes, not
its name; ``build``'s ``base``) become files of the book; any other image becomes its
description (and a link to it when it is on the web).

The zip: ``mimetype`` first and stored, then the other files in a fixed order, compressed, all
with the same timestamp and permissions.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from teitools import htmlfix
from teitools.diagnostics import TeiToolsError
from teitools.exportprep import labels, remove_keep_tail
from teitools.outputs import read_input

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
SVG = "http://www.w3.org/2000/svg"
MATHML = "http://www.w3.org/1998/Math/MathML"
TEI = "{http://www.tei-c.org/ns/1.0}"
EPUB_TYPE = f"{{{OPS}}}type"
FIXED_MODIFIED = "2000-01-01T00:00:00Z"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
UUID_NAMESPACE = uuid.UUID("5b0c6a1e-3f4e-5a55-9c1e-7465693a7470")  # teitools' own, fixed
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                  "track", "wbr"})
# The roles of the export's HTML and the epub:type a reading system knows them by.
ROLES = {"doc-noteref": "noteref", "doc-footnote": "footnote", "doc-endnote": "endnote",
         "doc-pagebreak": "pagebreak", "doc-backlink": "backlink"}
IMAGE_TYPES = {"image/png": (".png", b"\x89PNG\r\n\x1a\n"), "image/jpeg": (".jpg", b"\xff\xd8\xff"),
               "image/gif": (".gif", b"GIF8")}
MAX_IMAGE_BYTES = 64 * 1024 * 1024  # an image file beside the TEI larger than this stays a mention
_SAFE_LINK = re.compile(r"^(https?|mailto|ftp):", re.IGNORECASE)
_ANY_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DATA_URI = re.compile(r"^data:([\w/+.-]+);base64,(.*)$", re.DOTALL)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass
class Metadata:
    title: str
    language: str
    identifier: str
    modified: str
    creators: list[str] = field(default_factory=list)
    publisher: str = ""
    rights: str = ""
    direction: str = ""


@dataclass
class Document:
    """One content document: its file name, title, body (no namespace yet) and matter."""

    name: str
    title: str
    body: etree._Element
    matter: str = "bodymatter"


@dataclass
class Book:
    metadata: Metadata
    documents: list[Document]
    toc: etree._Element | None  # the page's <ol> of contents, hrefs rewritten
    css: list[tuple[str, str]]  # (file name, text)
    images: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name -> (media type, bytes)
    base: Path | None = None  # the folder whose image files the book may hold
    words: dict[str, str] = field(default_factory=lambda: labels(None))  # the export's own words


def build(page: etree._Element, tei: etree._ElementTree, css: str, user_css: str = "",
          base: Path | None = None) -> bytes:
    """The EPUB of an export page (``page``: the HTML root element, no namespace, consumed)
    of the TEI document ``tei``. ``base`` is the folder of the TEI file: images it names by a
    relative address below that folder are put in the book (None: none are read)."""
    _strip_namespace(page)
    metadata = _metadata(page, tei)
    sheets = [("css/teitools.css", css)] + ([("css/user.css", user_css)] if user_css else [])
    book = Book(metadata, [], None, sheets, base=base, words=labels(page.get("lang")))
    body = page.find("body")
    if body is None:
        body = etree.Element("body")
        body.extend(list(page))
    title_block = _take(body, "header", "titlepage")
    toc = _take(body, "nav", "toc")
    about = _take(body, "section", "about")
    if title_block is not None:
        book.documents.append(Document("title.xhtml", metadata.title, _wrap(title_block), "frontmatter"))
    chapters = _chapters(body)
    for k, piece in enumerate(_split(body, chapters), 1):
        matter = _matter(piece)
        if matter == "bodymatter":
            for el in piece.iter("section", "article"):
                if el in chapters:
                    el.set(EPUB_TYPE, "chapter")
        book.documents.append(Document(f"text-{k:03d}.xhtml", _title(piece, metadata.title), piece, matter))
    if about is not None:
        book.documents.append(Document("about.xhtml", _title(about, book.words["about"]), _wrap(about),
                                       "backmatter"))
    if not book.documents:
        book.documents.append(Document("text-001.xhtml", metadata.title, etree.Element("body")))
    if toc is not None:
        book.toc = toc.find("ol")
    _links(book)
    return _package(book)


# --- the page ---------------------------------------------------------------------------------


def _strip_namespace(page: etree._Element) -> None:
    """XHTML elements as plain names (as our stylesheet writes them); comments and processing
    instructions out."""
    for el in list(page.iter()):
        if not isinstance(el.tag, str):
            remove_keep_tail(el)
            continue
        if el.tag.startswith(f"{{{XHTML}}}"):
            el.tag = el.tag[len(XHTML) + 2:]


def _classes(el: etree._Element) -> list[str]:
    return (el.get("class") or "").split()


def _take(body: etree._Element, tag: str, cls: str) -> etree._Element | None:
    """The first child of ``body`` of this tag and class, taken out of it."""
    for child in body:
        if child.tag == tag and cls in _classes(child):
            body.remove(child)
            return child
    return None


def _wrap(el: etree._Element) -> etree._Element:
    body = etree.Element("body")
    el.tail = None
    body.append(el)
    return body


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _title(piece: etree._Element, default: str) -> str:
    for el in piece.iter(*HEADINGS):
        text = _text(el)
        if text:
            return text
    return default


def _chapters(body: etree._Element) -> set[etree._Element]:
    """The top-level divisions: sections with a heading of their own and no such section around."""
    found: set[etree._Element] = set()
    walk = etree.iterwalk(body, events=("start",))
    for _, el in walk:
        if el.tag in ("section", "article") and el is not body and any(
                isinstance(c.tag, str) and c.tag in HEADINGS for c in el):
            found.add(el)
            walk.skip_subtree()
    return found


def _split(container: etree._Element, chapters: set[etree._Element]) -> list[etree._Element]:
    """Copies of ``container``, one per piece: each chapter below it whole, what stands between
    chapters in runs (the elements are moved, the containers around them repeated)."""
    return _Splitter(container, chapters).pieces()


class _Splitter:
    def __init__(self, container: etree._Element, chapters: set[etree._Element]) -> None:
        self.container = container
        self.chapters = chapters
        self.holders = {a for ch in chapters for a in ch.iterancestors()}
        self.out: list[etree._Element] = []
        self.run: etree._Element | None = None
        self.first = True

    def shell(self) -> etree._Element:
        """An empty copy of the container (its id on the first copy only)."""
        attrib = dict(self.container.attrib)
        if not self.first:
            attrib.pop("id", None)
        self.first = False
        return etree.Element(self.container.tag, attrib)

    def close(self) -> None:
        if self.run is not None and (len(self.run) or (self.run.text or "").strip()):
            self.out.append(self.run)
        self.run = None

    def open_run(self) -> etree._Element:
        if self.run is None:
            self.run = self.shell()
        return self.run

    def add_text(self, text: str | None) -> None:
        if not text or not text.strip():
            return
        run = self.open_run()
        if len(run):
            run[-1].tail = (run[-1].tail or "") + text
        else:
            run.text = (run.text or "") + text

    def whole(self, child: etree._Element) -> None:
        self.close()
        piece = self.shell()
        piece.append(child)
        self.out.append(piece)

    def pieces(self) -> list[etree._Element]:
        self.add_text(self.container.text)
        for child in list(self.container):
            tail, child.tail = child.tail, None
            if child in self.chapters:
                self.whole(child)
            elif child in self.holders:
                for sub in _Splitter(child, self.chapters).pieces():
                    self.whole(sub)
            else:
                self.open_run().append(child)
                child.tail = tail
                continue
            self.add_text(tail)
        self.close()
        return self.out


def _matter(piece: etree._Element) -> str:
    """Front matter, body matter or back matter: what the piece holds (the body when it holds it)."""
    held = {c for el in piece.iter("div") for c in _classes(el) if c in ("front", "body", "back")}
    if "body" in held or not held:
        return "bodymatter"
    return "frontmatter" if "front" in held else "backmatter"


# --- links, images and semantics ---------------------------------------------------------------


def _links(book: Book) -> None:
    where: dict[str, str] = {}
    for doc in book.documents:
        for el in doc.body.iter():
            if isinstance(el.tag, str) and el.get("id"):
                where.setdefault(el.get("id", ""), doc.name)
    for doc in book.documents:
        for el in list(doc.body.iter()):
            if not isinstance(el.tag, str):
                continue
            if el.tag == "a":
                _link(el, doc.name, where)
            elif el.tag == "img":
                _image(el, book)
            role = el.get("role")
            if role in ROLES:
                el.set(EPUB_TYPE, ROLES[role])
            if el.tag == "ol" and "notes" in _classes(el):
                el.set(EPUB_TYPE, "endnotes")
    if book.toc is not None:
        for a in list(book.toc.iter("a")):
            _link(a, "nav.xhtml", where)


def _link(a: etree._Element, here: str, where: dict[str, str]) -> None:
    href = a.get("href") or ""
    if href.startswith("#"):
        target = where.get(href[1:])
        if target is not None:
            a.set("href", href if target == here else f"{target}{href}")
            return
    elif _SAFE_LINK.match(href):
        return
    # A link to nothing in the book (a file beside the page, which the book lacks): its text.
    a.tag = "span"
    for name in ("href", "role", "rel", "target", "download", "hreflang", "type", "ping",
                 "referrerpolicy"):
        a.attrib.pop(name, None)


def _image(img: etree._Element, book: Book) -> None:
    src = img.get("src") or ""
    match = _DATA_URI.match(src)
    data = b""
    if match:
        try:
            data = base64.b64decode(re.sub(r"\s+", "", match.group(2)), validate=True)
        except (binascii.Error, ValueError):
            data = b""
    elif book.base is not None:
        data = local_image(src, book.base)
    kind = image_type(data)
    if kind is not None and (match is None or match.group(1).lower() == kind):
        digest = hashlib.sha256(data).hexdigest()[:16]
        name = f"images/{digest}{IMAGE_TYPES[kind][0]}"
        book.images[name] = (kind, data)
        img.set("src", name)
        return
    alt = " ".join((img.get("alt") or "").split())
    figure = next((a for a in img.iterancestors("figure")), None)
    caption = figure.find("figcaption") if figure is not None else None
    if caption is not None and _text(caption) == alt:
        alt = ""  # the caption says it
    linked = _SAFE_LINK.match(src) and not src.lower().startswith("mailto:")
    img.tag = "a" if linked and not any(True for _ in img.iterancestors("a")) else "span"
    keep = {k: v for k, v in img.attrib.items() if k in ("id", "class", "lang", "dir")}
    img.attrib.clear()
    img.attrib.update(keep)
    img.set("class", " ".join([*_classes(img), "image-absent"]))
    if img.tag == "a":
        img.set("href", src)
    img.text = f"[image: {alt}]" if alt else "[image]"


MAX_EMBEDDED_BYTES = 8 * 1024 * 1024  # an image file an HTML page holds in itself, at most


def embed_local_images(page: etree._Element, base: Path) -> None:
    """Make the HTML ``page`` standalone: each ``<img>`` whose relative address names a PNG,
    JPEG or GIF file below the folder ``base`` (see :func:`local_image`) of at most
    MAX_EMBEDDED_BYTES gets its bytes as a ``data:`` address; any other keeps its address."""
    for img in page.iter("img"):
        src = img.get("src") or ""
        data = local_image(src, base, MAX_EMBEDDED_BYTES) if not src.startswith("data:") else b""
        kind = image_type(data)
        if kind is not None:
            img.set("src", f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}")


def image_type(data: bytes) -> str | None:
    """The media type of ``data`` when its bytes open as a PNG, JPEG or GIF does (IMAGE_TYPES),
    else None."""
    return next((kind for kind, (_, magic) in IMAGE_TYPES.items() if data and data.startswith(magic)), None)


def local_image(src: str, base: Path, limit: int = MAX_IMAGE_BYTES) -> bytes:
    """The bytes of the file a relative image address names below the folder ``base`` (the
    address as the page writes it: percent-encoded, ``/`` between folders); empty when the
    address is not relative (a scheme, ``/``, ``\\``, a query), leads out of ``base`` (``..``,
    or a symbolic link whose target is outside), is not a regular file, cannot be read or is
    larger than ``limit`` bytes. Whether the bytes are an image is the caller's test."""
    path = unquote(src.split("#", 1)[0])
    if (not path or _ANY_SCHEME.match(path) or path.startswith(("/", "\\")) or "\\" in path or "?" in src
            or "\x00" in path):
        return b""
    try:
        root = base.resolve(strict=True)
        real = (root / path).resolve(strict=True)
        if not real.is_relative_to(root) or not real.is_file():
            return b""
        return read_input(real, limit)
    except (OSError, RuntimeError, ValueError, TeiToolsError):
        return b""


# --- metadata ---------------------------------------------------------------------------------


def _metadata(page: etree._Element, tei: etree._ElementTree) -> Metadata:
    title = " ".join((page.findtext("head/title") or "").split()) or labels(page.get("lang"))["untitled"]
    creators = [_text(n) for n in page.iterfind("body/header/p[@class='byline']/span[@class='name']")]
    language = page.get("lang") or "und"
    canonical = etree.tostring(tei, method="c14n", with_comments=False)
    identifier = f"urn:uuid:{uuid.uuid5(UUID_NAMESPACE, hashlib.sha256(canonical).hexdigest())}"
    root = tei.getroot()
    header = root.find(f"{TEI}teiHeader")
    stmt = header.find(f"{TEI}fileDesc/{TEI}publicationStmt") if header is not None else None
    publisher = rights = ""
    modified = FIXED_MODIFIED
    if stmt is not None:
        publisher = _text_of(stmt.find(f"{TEI}publisher"))
        licence = stmt.find(f"{TEI}availability/{TEI}licence")
        rights = _text_of(licence) or (licence.get("target", "") if licence is not None else "") \
            or _text_of(stmt.find(f"{TEI}availability"))
        date = stmt.find(f"{TEI}date")
        if date is not None:
            modified = _timestamp(date.get("when") or "") or _timestamp(_text_of(date)) or FIXED_MODIFIED
    return Metadata(title, language, identifier, modified, [c for c in creators if c], publisher, rights,
                    "rtl" if page.get("dir") == "rtl" else "")


def _text_of(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _timestamp(value: str) -> str:
    """``2019``, ``2019-05`` or ``2019-05-04`` (or a longer ISO time) as ``2019-05-04T00:00:00Z``."""
    match = _DATE.match(value.strip()[:10])
    if not match:
        return ""
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    if not ("01" <= month <= "12" and "01" <= day <= "31"):
        return ""
    return f"{year}-{month}-{day}T00:00:00Z"


# --- the package ------------------------------------------------------------------------------


def _xhtml(title: str, body: etree._Element, book: Book, matter: str = "") -> bytes:
    """A content document: the body (plain names) in the XHTML namespace, with head."""
    meta = book.metadata
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML, "epub": OPS})
    if meta.language != "und":
        html.set("lang", meta.language)
        html.set("{http://www.w3.org/XML/1998/namespace}lang", meta.language)
    if meta.direction:
        html.set("dir", meta.direction)
    head = etree.SubElement(html, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}title").text = title
    for name, _ in book.css:
        etree.SubElement(head, f"{{{XHTML}}}link", rel="stylesheet", type="text/css",
                         href=name)
    for el in body.iter():
        if isinstance(el.tag, str) and not el.tag.startswith("{"):
            el.tag = f"{{{XHTML}}}{el.tag}"
            if el.tag[len(XHTML) + 2:] not in VOID and el.text is None and not len(el):
                el.text = ""  # <span></span>, not <span/>, for readers that parse it as HTML
    body.tag = f"{{{XHTML}}}body"
    if matter:
        body.set(EPUB_TYPE, matter)
    html.append(body)
    text = etree.tostring(html, encoding="unicode", doctype="<!DOCTYPE html>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + htmlfix.clean_characters(text) + "\n").encode()


def _nav(book: Book) -> bytes:
    body = etree.Element("body")
    nav = etree.SubElement(body, "nav", {EPUB_TYPE: "toc", "id": "toc", "role": "doc-toc"})
    etree.SubElement(nav, "h1").text = book.words["contents"]
    if book.toc is not None and len(book.toc):
        nav.append(book.toc)
        _only_linked_entries(book.toc)
    else:
        ol = etree.SubElement(nav, "ol")
        for doc in book.documents:
            etree.SubElement(etree.SubElement(ol, "li"), "a", href=doc.name).text = doc.title
    # The contents are in the reading order when the page has them.
    marks = [("toc", "nav.xhtml#toc", book.words["contents"])] if book.toc is not None else []
    start = next((d for d in book.documents if d.matter == "bodymatter"), None)
    if start is not None:
        marks.append(("bodymatter", start.name, book.words["start"]))
    if marks:
        landmarks = etree.SubElement(body, "nav", {EPUB_TYPE: "landmarks", "hidden": "hidden"})
        etree.SubElement(landmarks, "h2").text = book.words["landmarks"]
        ol = etree.SubElement(landmarks, "ol")
        for kind, href, label in marks:
            etree.SubElement(etree.SubElement(ol, "li"), "a", {EPUB_TYPE: kind, "href": href}).text = label
    pages = [(doc.name, el) for doc in book.documents for el in doc.body.iter("span")
             if el.get(EPUB_TYPE) == "pagebreak" and el.get("id")]
    if pages:
        page_list = etree.SubElement(body, "nav", {EPUB_TYPE: "page-list", "hidden": "hidden"})
        etree.SubElement(page_list, "h2").text = book.words["pages"]
        ol = etree.SubElement(page_list, "ol")
        for name, el in pages:
            label = " ".join((el.get("aria-label") or "").removeprefix("page ").split()) or el.get("id", "")
            etree.SubElement(etree.SubElement(ol, "li"), "a", href=f"{name}#{el.get('id')}").text = label
    return _xhtml(book.words["contents"], body, book)


def _only_linked_entries(ol: etree._Element) -> None:
    """Each entry of a navigation list is a link (or a heading) followed by at most one list."""
    for li in list(ol.iter("li")):
        label = next((c for c in li if c.tag in ("a", "span")), None)
        if label is None or not _text(label):
            parent = li.getparent()
            if parent is not None:
                parent.remove(li)
            continue
        if label.tag == "a" and not label.get("href"):
            label.tag = "span"
    for inner in list(ol.iter("ol")):
        if inner is not ol and not len(inner):
            parent = inner.getparent()
            if parent is not None:
                parent.remove(inner)


def _opf(book: Book, spine: list[str]) -> bytes:
    meta = book.metadata
    package = etree.Element(f"{{{OPF}}}package", nsmap={None: OPF, "dc": DC},
                            attrib={"version": "3.0", "unique-identifier": "bookid"})
    if meta.language != "und":
        package.set("{http://www.w3.org/XML/1998/namespace}lang", meta.language)
    metadata = etree.SubElement(package, f"{{{OPF}}}metadata")
    etree.SubElement(metadata, f"{{{DC}}}identifier", id="bookid").text = meta.identifier
    etree.SubElement(metadata, f"{{{DC}}}title").text = meta.title
    etree.SubElement(metadata, f"{{{DC}}}language").text = meta.language
    for k, name in enumerate(meta.creators, 1):
        etree.SubElement(metadata, f"{{{DC}}}creator", id=f"creator-{k}").text = name
    if meta.publisher:
        etree.SubElement(metadata, f"{{{DC}}}publisher").text = meta.publisher
    if meta.rights:
        etree.SubElement(metadata, f"{{{DC}}}rights").text = meta.rights
    etree.SubElement(metadata, f"{{{OPF}}}meta", property="dcterms:modified").text = meta.modified
    manifest = etree.SubElement(package, f"{{{OPF}}}manifest")
    etree.SubElement(manifest, f"{{{OPF}}}item", id="nav", href="nav.xhtml",
                     attrib={"media-type": "application/xhtml+xml", "properties": "nav"})
    for k, (name, _) in enumerate(book.css, 1):
        etree.SubElement(manifest, f"{{{OPF}}}item", id=f"css-{k}", href=name,
                         attrib={"media-type": "text/css"})
    for doc in book.documents:
        item = etree.SubElement(manifest, f"{{{OPF}}}item", id=_item_id(doc.name), href=doc.name,
                                attrib={"media-type": "application/xhtml+xml"})
        properties = [p for p, ns in (("mathml", MATHML), ("svg", SVG)) if _uses(doc.body, ns)]
        if properties:
            item.set("properties", " ".join(properties))
    for k, (name, (kind, _)) in enumerate(sorted(book.images.items()), 1):
        etree.SubElement(manifest, f"{{{OPF}}}item", id=f"image-{k}", href=name, attrib={"media-type": kind})
    attrib = {"page-progression-direction": "rtl"} if meta.direction == "rtl" else {}
    spine_el = etree.SubElement(package, f"{{{OPF}}}spine", attrib=attrib)
    for name in spine:
        idref = "nav" if name == "nav.xhtml" else _item_id(name)
        etree.SubElement(spine_el, f"{{{OPF}}}itemref", idref=idref)
    return etree.tostring(package, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _item_id(name: str) -> str:
    return "x-" + re.sub(r"[^\w-]", "-", name)


def _uses(body: etree._Element, namespace: str) -> bool:
    return any(isinstance(el.tag, str) and el.tag.startswith(f"{{{namespace}}}") for el in body.iter())


CONTAINER_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def _package(book: Book) -> bytes:
    spine = [d.name for d in book.documents]
    if book.toc is not None:  # the page has a table of contents: so has the reading order
        spine.insert(1 if book.documents[0].name == "title.xhtml" else 0, "nav.xhtml")
    files: list[tuple[str, bytes]] = [
        ("META-INF/container.xml", CONTAINER_XML),
        ("OEBPS/content.opf", _opf(book, spine)),
        ("OEBPS/nav.xhtml", _nav(book)),
    ]
    files += [(f"OEBPS/{name}", text.encode("utf-8")) for name, text in book.css]
    files += [(f"OEBPS/{d.name}", _xhtml(d.title, d.body, book, d.matter)) for d in book.documents]
    files += [(f"OEBPS/{name}", data) for name, (_, data) in sorted(book.images.items())]
    return zip_bytes(files)


def zip_bytes(files: list[tuple[str, bytes]]) -> bytes:
    """The OCF container: ``mimetype`` first and stored, then ``files`` in their order, deflated;
    the same timestamp, permissions and system for every entry, so the bytes depend only on
    the contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data, method in [("mimetype", b"application/epub+zip", zipfile.ZIP_STORED),
                                   *((n, d, zipfile.ZIP_DEFLATED) for n, d in files)]:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = method
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data, compress_type=method, compresslevel=9 if method else None)
    return buffer.getvalue()
