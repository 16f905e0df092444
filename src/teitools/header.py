"""The teiHeader: what the text is, where it came from, and how it was encoded.

The only module that writes header elements.  It reads ``Document.metadata``
(detected by a reader, overridden by a sidecar) and the conversion options, and
writes nothing that changes from run to run unless asked (``--date``).
"""

from __future__ import annotations

import shlex

from lxml import etree

from teitools import __version__, bookdata, codes, language
from teitools import model as m
from teitools.diagnostics import Diagnostic, Severity
from teitools.source import Source

TEI_NS = "http://www.tei-c.org/ns/1.0"
PLACEHOLDER = ("Publisher and licence of this TEI file are not stated: teitools placeholder "
               "(give them with --publisher and --licence, or in a --meta sidecar).")


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}")
    for key in sorted(attrs):
        el.set(key, attrs[key])
    if text:
        el.text = text
    return el


def _responsibilities(parent: etree._Element, md: m.Metadata) -> None:
    """Authors, editors and other responsibilities, as titleStmt and bibl both list them."""
    for author in md.authors:
        _el(parent, "author", author)
    for editor in md.editors:
        _el(parent, "editor", editor)
    for resp in md.responsibilities:
        stmt = _el(parent, "respStmt")
        _el(stmt, "resp", resp.resp)
        _el(stmt, "name", resp.name)


def missing(md: m.Metadata, path: str = "") -> list[Diagnostic]:
    """The one warning a header with placeholder publication details deserves."""
    if md.tei_publisher and (md.licence or md.licence_url):
        return []
    lacking = " and ".join(what for what, value in (("publisher", md.tei_publisher),
                                                   ("licence", md.licence or md.licence_url)) if not value)
    return [Diagnostic(codes.HDR001, f"{lacking} of the TEI file not stated; the header says so",
                       path=path, severity=Severity.WARNING,
                       hint="give --publisher and --licence, or a --meta sidecar")]


def _title(md: m.Metadata, source: Source) -> tuple[str, str]:
    """The file's title and its type: the original's, else one describing what the text is."""
    if md.title:
        return md.title, "main"
    reviewed = next((r.metadata.title for r in md.related
                     if r.relation == "reviewed" and r.metadata.title), None)
    if reviewed:
        return f"Review of {reviewed}", "desc"
    return source.name, "desc"


def _date(parent: etree._Element, md: m.Metadata) -> None:
    if md.date:
        _el(parent, "date", md.date_text or md.date, when=md.date)
    elif md.date_text:
        _el(parent, "date", md.date_text)


def measure_attrs(measure: m.Measure) -> dict[str, str]:
    """The attributes of ``<measure>`` for a measure of the model: ``type``, ``unit``, ``quantity``."""
    return {k: v for k, v in (("type", measure.kind), ("unit", measure.unit), ("quantity", measure.quantity))
            if v}


def _extent(parent: etree._Element, text: str) -> None:
    extent = _el(parent, "extent")
    for piece in bookdata.extent_parts(text):
        if isinstance(piece, str):
            if len(extent):
                extent[-1].tail = (extent[-1].tail or "") + piece
            else:
                extent.text = (extent.text or "") + piece
        else:
            _el(extent, "measure", m.text_of(piece.content), **measure_attrs(piece))


def _price(parent: etree._Element, text: str) -> None:
    price = bookdata.find_price(text)
    measure = bookdata.price_measure(price) if price else m.Measure([], kind="price")
    _el(parent, "measure", text, **measure_attrs(measure))


def _bibl(parent: etree._Element, md: m.Metadata) -> etree._Element:
    """A ``<bibl>`` of everything known about a work, formats and related works included."""
    bibl = _el(parent, "bibl")
    if md.title:
        _el(bibl, "title", md.title, type="main")
    if md.subtitle:
        _el(bibl, "title", md.subtitle, type="sub")
    _responsibilities(bibl, md)
    if md.publisher:
        _el(bibl, "publisher", md.publisher)
    if md.pub_place:
        _el(bibl, "pubPlace", md.pub_place)
    _date(bibl, md)
    if md.extent:
        _extent(bibl, md.extent)
    if md.price:
        _price(bibl, md.price)
    for isbn in md.isbns:
        _el(bibl, "idno", isbn, type="ISBN")
    for kind, value in md.identifiers:
        _el(bibl, "idno", value, type=kind)
    if md.source_url:
        _el(bibl, "ref", md.source_url, target=md.source_url)
    if md.rights:
        _el(_el(bibl, "availability"), "p", md.rights)
    for fmt in md.formats:
        item = _el(_el(bibl, "relatedItem", type="format"), "bibl")
        if fmt.name:
            _el(item, "edition", fmt.name)
        if fmt.isbn:
            _el(item, "idno", fmt.isbn, type="ISBN")
        if fmt.extent:
            _extent(item, fmt.extent)
        if fmt.price:
            _price(item, fmt.price)
    for related in md.related:
        _bibl(_el(bibl, "relatedItem", type=related.relation), related.metadata)
    return bibl


def _publication(parent: etree._Element, md: m.Metadata) -> None:
    pub = _el(parent, "publicationStmt")
    if not (md.tei_publisher or md.licence or md.licence_url):
        _el(pub, "p", PLACEHOLDER)
        return
    _el(pub, "publisher", md.tei_publisher or "[not stated]")
    if md.licence or md.licence_url:
        licence_attrs = {"target": md.licence_url} if md.licence_url else {}
        _el(_el(pub, "availability"), "licence", md.licence or md.licence_url, **licence_attrs)
    else:
        _el(_el(pub, "availability", status="unknown"), "p", "Licence not stated.")


def build_header(doc: m.Document, source: Source, options: dict[str, str]) -> etree._Element:
    """A teiHeader from the document's metadata and the conversion's options.

    Options are recorded in ``appInfo`` so that a reader can tell how the file was made;
    a ``date`` option adds a ``revisionDesc`` entry for the conversion.
    """
    md = doc.metadata
    header = etree.Element(f"{{{TEI_NS}}}teiHeader")
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    title, title_type = _title(md, source)
    _el(title_stmt, "title", title, type=title_type)
    if md.subtitle:
        _el(title_stmt, "title", md.subtitle, type="sub")
    _responsibilities(title_stmt, md)

    _publication(file_desc, md)

    bibl = _bibl(_el(file_desc, "sourceDesc"), md)
    _el(bibl, "idno", source.name, type="filename")
    _el(bibl, "idno", source.sha256, type="SHA-256")

    encoding = _el(header, "encodingDesc")
    app_info = _el(encoding, "appInfo")
    app = _el(app_info, "application", ident="teitools", version=__version__)
    _el(app, "label", "teitools")
    settings = {"layout": doc.layout, **options}
    _el(app, "desc", "convert " + " ".join(f"{k}={shlex.quote(settings[k])}" for k in sorted(settings)))

    if md.language:
        lang_usage = _el(_el(header, "profileDesc"), "langUsage")
        _el(lang_usage, "language", language.name(md.language), ident=md.language)

    if options.get("date"):
        revision = _el(header, "revisionDesc")
        change = f"Converted from plain text (layout {doc.layout}) with teitools {__version__}."
        _el(revision, "change", change, when=options["date"])
    return header
