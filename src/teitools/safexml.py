"""Parsing untrusted XML safely: no DTD loading, no external entities, no network, no
entity-expansion bombs, no nesting deep enough to exhaust a validator's stack, and only
regular files read, up to a size limit."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.outputs import open_regular

MAX_XML_BYTES = 256 * 1024 * 1024
# Elements nested deeper than this are refused: libxml2's RELAX NG validator recurses per level
# and runs out of stack near 2,000 levels (a SIGSEGV, not an error). Real TEI nests a few dozen.
MAX_DEPTH = 1000
_ENTITY = "<!ENTITY"


def parser(ids: bool = True) -> etree.XMLParser:
    """An XMLParser that never fetches or expands anything it was not given. With ``ids``
    False a repeated xml:id is no parse error (export reads documents whose examples repeat one)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=True, remove_blank_text=False, collect_ids=ids)


def parse_bytes(data: bytes, path: str = "", ids: bool = True) -> etree._ElementTree:
    """Parse a document or raise a TeiToolsError with the line and column of the fault.

    Refused, after parsing (so in any encoding and wherever they stand before the root):
    entity declarations in the internal DTD subset (XML002) and elements nested more than
    MAX_DEPTH deep (XML005). Raises TeiToolsError (exit status 1) for these and for XML that
    is not well-formed (XML001, XML003, ID001; with ``ids`` False a repeated xml:id is let be).
    """
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser(ids), base_url=None))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        if any(_ENTITY.encode(codec) in data for codec in ("ascii", "utf-16-le", "utf-16-be")):
            raise TeiToolsError(Diagnostic(  # an entity bomb libxml2 stopped
                "XML002", f"entity declarations are not accepted: {exc.msg}", path=path,
                line=line, column=col), 1) from None
        raise TeiToolsError(Diagnostic(
            _syntax_code(exc.msg), f"not well-formed: {exc.msg}", path=path, line=line, column=col), 1
        ) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise TeiToolsError(Diagnostic(
            "XML002", "entity declarations are not accepted (external entities and "
            "entity expansion are a security risk)", path=path, line=1), 1)
    deep = _too_deep(tree.getroot())
    if deep is not None:
        raise TeiToolsError(Diagnostic(
            "XML005", f"elements nested more than {MAX_DEPTH} deep", path=path, line=deep.sourceline,
            hint="no TEI document nests so deep; the file may be generated to crash validators"), 1)
    return tree


def _too_deep(root: etree._Element) -> etree._Element | None:
    """The first element nested more than MAX_DEPTH deep, else None."""
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_DEPTH:
            return element
    return None


def _syntax_code(message: str) -> str:
    """XML003 for characters XML cannot hold, ID001 for a repeated xml:id, XML005 for nesting
    deeper than libxml2 parses at all, else XML001."""
    if "Excessive depth" in message or "XML_PARSE_HUGE" in message:
        return "XML005"
    if "already defined" in message and message.startswith("ID "):
        return "ID001"
    if "Char 0x" in message or "invalid Char" in message or "invalid character" in message.lower():
        return "XML003"
    return "XML001"


def parse_file(path: Path, max_bytes: int = MAX_XML_BYTES, ids: bool = True) -> etree._ElementTree:
    return parse_bytes(read_limited(path, max_bytes), str(path), ids)


def read_limited(path: Path, max_bytes: int = MAX_XML_BYTES) -> bytes:
    """The bytes of a regular file, refused with a clear message above ``max_bytes``.

    Only a regular file is read (a symbolic link counts where it points): a FIFO would block
    forever and a device (``/dev/zero``) never ends, so they are refused (IO011). The limit
    is checked on the bytes read, not on the size the file system reports.
    """
    shown = str(path)
    try:
        with open_regular(path) as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise TeiToolsError(Diagnostic("IO001", "no such file", path=shown)) from None
    except IsADirectoryError:
        raise TeiToolsError(Diagnostic("IO002", "is a folder, not a file", path=shown)) from None
    except OSError as exc:
        raise TeiToolsError(Diagnostic("IO004", f"cannot read: {exc.strerror or exc}", path=shown)) from None
    if len(data) > max_bytes:
        raise TeiToolsError(Diagnostic(
            "IO009", f"file is more than the limit of {max_bytes} bytes", path=shown,
            hint="raise the limit with --max-bytes"))
    return data
