"""The teiHeader: what the text is, where it came from, and how it was encoded."""

from __future__ import annotations

from lxml import etree

from teitools import __version__
from teitools import model as m
from teitools.source import Source

TEI_NS = "http://www.tei-c.org/ns/1.0"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}")
    for key in sorted(attrs):
        el.set(key, attrs[key])
    if text:
        el.text = text
    return el


def build_header(doc: m.Document, source: Source, options: dict[str, str]) -> etree._Element:
    """A teiHeader from the document's metadata and the conversion's options.

    Options are recorded in ``appInfo`` so that a reader can tell how the file was made.
    """
    md = doc.metadata
    header = etree.Element(f"{{{TEI_NS}}}teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", md.title or source.name, type="main")
    if md.subtitle:
        _el(title_stmt, "title", md.subtitle, type="sub")
    for author in md.authors:
        _el(title_stmt, "author", author)
    for editor in md.editors:
        _el(title_stmt, "editor", editor)

    pub = _el(file_desc, "publicationStmt")
    _el(pub, "p", "Unpublished TEI conversion made with teitools; publisher and licence not stated.")

    source_desc = _el(file_desc, "sourceDesc")
    bibl = _el(source_desc, "bibl")
    if md.title:
        _el(bibl, "title", md.title)
    for author in md.authors:
        _el(bibl, "author", author)
    if md.publisher:
        _el(bibl, "publisher", md.publisher)
    if md.date:
        _el(bibl, "date", md.date_text or md.date, when=md.date)
    for isbn in md.isbns:
        _el(bibl, "idno", isbn, type="ISBN")
    _el(bibl, "idno", source.name, type="filename")
    _el(bibl, "idno", source.sha256, type="SHA-256")

    encoding = _el(header, "encodingDesc")
    app_info = _el(encoding, "appInfo")
    app = _el(app_info, "application", ident="teitools", version=__version__)
    _el(app, "label", "teitools")
    settings = {"layout": doc.layout, **options}
    _el(app, "desc", "convert " + " ".join(f"{k}={settings[k]}" for k in sorted(settings)))

    if md.language:
        profile = _el(header, "profileDesc")
        lang_usage = _el(profile, "langUsage")
        _el(lang_usage, "language", ident=md.language)
    return header
