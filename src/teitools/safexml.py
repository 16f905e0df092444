"""Parsing untrusted XML safely: no DTD loading, no external entities, no network,
no entity-expansion bombs, and a size limit."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teitools.diagnostics import Diagnostic, TeiToolsError

MAX_XML_BYTES = 256 * 1024 * 1024


def parser() -> etree.XMLParser:
    """An XMLParser that never fetches or expands anything it was not given."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=True, remove_blank_text=False)


def parse_bytes(data: bytes, path: str = "") -> etree._ElementTree:
    """Parse a document or raise a TeiToolsError with the line and column of the fault."""
    if b"<!ENTITY" in data[:1_000_000]:
        raise TeiToolsError(Diagnostic(
            "XML002", "entity declarations are not accepted (external entities and "
            "entity expansion are a security risk)", path=path), 1)
    try:
        return etree.ElementTree(etree.fromstring(data, parser(), base_url=None))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        raise TeiToolsError(Diagnostic(
            _syntax_code(exc.msg), f"not well-formed: {exc.msg}", path=path, line=line, column=col), 1
        ) from None


def _syntax_code(message: str) -> str:
    """XML003 for characters XML cannot hold, ID001 for a repeated xml:id, else XML001."""
    if "already defined" in message and message.startswith("ID "):
        return "ID001"
    if "Char 0x" in message or "invalid Char" in message or "invalid character" in message.lower():
        return "XML003"
    return "XML001"


def parse_file(path: Path, max_bytes: int = MAX_XML_BYTES) -> etree._ElementTree:
    return parse_bytes(read_limited(path, max_bytes), str(path))


def read_limited(path: Path, max_bytes: int = MAX_XML_BYTES) -> bytes:
    """The bytes of a file, refused with a clear message above ``max_bytes``."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise TeiToolsError(Diagnostic(
                "IO009", f"file is {size} bytes, more than the limit of {max_bytes}", path=shown,
                hint="raise the limit with --max-bytes"))
        data = path.read_bytes()
    except FileNotFoundError:
        raise TeiToolsError(Diagnostic("IO001", "no such file", path=shown)) from None
    except IsADirectoryError:
        raise TeiToolsError(Diagnostic("IO002", "is a folder, not a file", path=shown)) from None
    except OSError as exc:
        raise TeiToolsError(Diagnostic("IO004", f"cannot read: {exc.strerror or exc}", path=shown)) from None
    return data
