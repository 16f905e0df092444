"""Parsing untrusted XML safely: no DTD loading, no external entities, no network, no
entity-expansion bombs, no nesting deep enough to exhaust a validator's stack, and only
regular files read, up to a size limit."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from lxml import etree

from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.outputs import open_regular

MAX_XML_BYTES = 256 * 1024 * 1024
# Elements nested deeper than this are refused: libxml2's RELAX NG validator recurses per level
# and runs out of stack near 2,000 levels (a SIGSEGV, not an error). Real TEI nests a few dozen.
MAX_DEPTH = 1000
_ENTITY = "<!ENTITY"
# What libxml2 reports about xml:id values (repeated, or not NCNames) while it parses: the document
# is well-formed all the same, and the validation's own checks judge them (ID001, RELAX NG).
_ID_FAULTS = frozenset({"DTD_ID_REDEFINED", "DTD_XMLID_VALUE"})


def parser(collect_ids: bool = True) -> etree.XMLParser:
    """An XMLParser that never fetches or expands anything it was not given; ``collect_ids``
    False leaves xml:id values unchecked (and XPath's id() finds nothing)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=True, remove_blank_text=False,
                           collect_ids=collect_ids)


def parse_bytes(data: bytes, path: str = "") -> etree._ElementTree:
    """Parse a document or raise a TeiToolsError with the line and column of the fault.

    Refused, after parsing (so in any encoding and wherever they stand before the root):
    entity declarations in the internal DTD subset (XML002) and elements nested more than
    MAX_DEPTH deep (XML005). Raises TeiToolsError (exit status 1) for these and for XML that
    is not well-formed (XML001, XML003). A repeated xml:id, or one that is not an NCName, is no
    reason to refuse the document: the tree is then parsed without collecting ids, and the
    validation's checks report them where they count (ID001, RELAX NG; not inside egXML examples).
    """
    strict = parser()
    try:
        tree = etree.ElementTree(etree.fromstring(data, strict, base_url=None))
    except etree.XMLSyntaxError as exc:
        faults = [e for e in strict.error_log if e.level >= etree.ErrorLevels.ERROR]
        if faults and all(e.type_name in _ID_FAULTS for e in faults):
            tree = etree.ElementTree(etree.fromstring(data, parser(collect_ids=False), base_url=None))
        else:
            _refuse(exc, next((e for e in faults if e.type_name not in _ID_FAULTS), None), data, path)
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


def _refuse(exc: etree.XMLSyntaxError, fault: etree._LogEntry | None, data: bytes, path: str) -> NoReturn:
    """Raise the TeiToolsError for a document libxml2 could not parse: its first fault that is
    not about an xml:id value (``fault``, else the exception's own)."""
    if fault is not None and exc.msg.startswith(fault.message.strip()):
        fault = None
    message = f"{fault.message.strip()}, line {fault.line}, column {fault.column}" if fault else exc.msg
    line, col = (fault.line, fault.column) if fault else exc.position if exc.position else (None, None)
    if any(_ENTITY.encode(codec) in data for codec in ("ascii", "utf-16-le", "utf-16-be")):
        raise TeiToolsError(Diagnostic(  # an entity bomb libxml2 stopped
            "XML002", f"entity declarations are not accepted: {message}", path=path,
            line=line, column=col), 1) from None
    raise TeiToolsError(Diagnostic(
        _syntax_code(message), f"not well-formed: {message}", path=path, line=line, column=col), 1
    ) from None


def _too_deep(root: etree._Element) -> etree._Element | None:
    """The first element nested more than MAX_DEPTH deep, else None."""
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > MAX_DEPTH:
            return element
    return None


def _syntax_code(message: str) -> str:
    """XML003 for characters XML cannot hold, XML005 for nesting deeper than libxml2 parses at
    all, else XML001."""
    if "Excessive depth" in message or "XML_PARSE_HUGE" in message:
        return "XML005"
    if "Char 0x" in message or "invalid Char" in message or "invalid character" in message.lower():
        return "XML003"
    return "XML001"


def parse_file(path: Path, max_bytes: int = MAX_XML_BYTES) -> etree._ElementTree:
    return parse_bytes(read_limited(path, max_bytes), str(path))


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
