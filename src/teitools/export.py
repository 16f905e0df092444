"""Export TEI to other formats through the XSLT stylesheets in ``xslt/``."""

from __future__ import annotations

from functools import cache

from lxml import etree

from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.resources import data_file
from teitools.safexml import parse_bytes

FORMATS = {"html": ("tei-to-html.xsl", ".html"), "text": ("tei-to-text.xsl", ".txt")}


@cache
def stylesheet(fmt: str) -> etree.XSLT:
    """The compiled stylesheet for a format (compiled once per process)."""
    path = data_file("xslt", FORMATS[fmt][0])
    return etree.XSLT(etree.parse(str(path)), access_control=etree.XSLTAccessControl(
        read_file=False, write_file=False, create_dir=False, read_network=False, write_network=False))


def export_bytes(data: bytes, fmt: str, path: str = "") -> bytes:
    """Transform one serialised TEI document."""
    return export_tree(parse_bytes(data, path), fmt, path)


def export_tree(doc: etree._ElementTree, fmt: str, path: str = "") -> bytes:
    """Transform one parsed TEI document; refuse what is not TEI with a clear error."""
    root = doc.getroot()
    if root.tag != "{http://www.tei-c.org/ns/1.0}TEI":
        raise TeiToolsError(Diagnostic(
            "EX001", f"root element is {root.tag!r}, not TEI in the TEI namespace", path=path), 1)
    try:
        result = stylesheet(fmt)(doc)
    except etree.XSLTApplyError as exc:
        raise TeiToolsError(Diagnostic("EX002", f"stylesheet failed: {exc}", path=path), 1) from None
    out = str(result).encode("utf-8")
    return out if out.endswith(b"\n") else out + b"\n"
