"""Parsing untrusted XML safely: no external DTD, external entity or URL ever read, no
entity-expansion bombs (libxml2's amplification limits), no nesting deep enough to exhaust a
validator's stack, and only regular files read, up to a size limit.

What a non-validating XML processor must do with the internal DTD subset is done (XML 1.0 §5.1,
as jing does): its attribute defaults are applied and its internal entities expanded."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from lxml import etree

from teitools import codes
from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.outputs import DEFAULT_MAX_BYTES, read_input

if TYPE_CHECKING:
    from lxml.etree._docloader import _InputDocument

MAX_XML_BYTES = DEFAULT_MAX_BYTES
# Elements nested deeper than this are refused: libxml2's RELAX NG validator recurses per level
# and runs out of stack near 2,000 levels (a SIGSEGV, not an error). Real TEI nests a few dozen.
MAX_DEPTH = 1000
_ENTITY = "<!ENTITY"
# What libxml2 reports about xml:id values (repeated, or not NCNames) while it parses: the document
# is well-formed all the same, and the validation's own checks judge them (ID001, RELAX NG).
_ID_FAULTS = frozenset({"DTD_ID_REDEFINED", "DTD_XMLID_VALUE"})
_UNEXPANDED = frozenset({"ERR_RESOURCE_LIMIT", "ERR_ENTITY_LOOP"})  # about entities: bombs libxml2 stopped
_UNDECLARED = frozenset({"ERR_UNDECLARED_ENTITY", "WAR_UNDECLARED_ENTITY"})


class _NothingExternal(etree.Resolver):
    """Answers every request for an outside resource (an external DTD subset, which libxml2 asks
    for once attribute defaults are applied) with an empty text: no file or URL is ever read."""

    def resolve(self, system_url: str | None, public_id: str | None,
                context: object) -> _InputDocument:
        return self.resolve_string("", context)


def parser(collect_ids: bool = True, huge: bool = True) -> etree.XMLParser:
    """An XMLParser that reads nothing but the bytes it is given: the internal DTD subset's
    attribute defaults are applied and its internal entities expanded (within libxml2's
    amplification limits); external entities and parameter entities are never resolved and an
    external DTD is read as empty. ``collect_ids`` False leaves xml:id values unchecked (and
    XPath's id() finds nothing). ``huge`` False keeps libxml2's own limits, which XML_PARSE_HUGE
    lifts: 256 levels of nesting, 10 MB in one text node."""
    xml_parser = etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False,
                                 attribute_defaults=True, dtd_validation=False, huge_tree=huge,
                                 remove_blank_text=False, collect_ids=collect_ids)
    xml_parser.resolvers.add(_NothingExternal())
    return xml_parser


def parse_bytes(data: bytes, path: str = "") -> etree._ElementTree:
    """Parse a document or raise a TeiToolsError with the line and column of the fault.

    Refused: a reference to an entity that is external (never loaded) or undeclared, and an
    expansion beyond libxml2's amplification limits (an entity bomb), when the document declares
    entities (XML002); elements nested more than MAX_DEPTH deep (XML005). Raises TeiToolsError
    (exit status 1) for these and for XML that is not well-formed (XML001, XML003). The tree
    keeps no DTD (its defaults and entities are applied), so that no later reader of its text
    (Saxon) meets its declarations. A repeated xml:id, or one that is not an NCName, is no
    reason to refuse the document: the tree is then parsed without collecting ids, and the
    validation's checks report them where they count (ID001, RELAX NG; not inside egXML examples).
    """
    tree, shallow = _parse(data, path)
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        _place_entity_markup(tree.getroot())
    tree.docinfo.clear()
    if not shallow:
        refuse_deep(tree, path)
    return tree


def _parse(data: bytes, path: str) -> tuple[etree._ElementTree, bool]:
    """The tree of ``data``, and whether libxml2's own limits held while it was parsed (then no
    element nests deeper than 256 levels, fewer than MAX_DEPTH, and no walk need tell). Parsed
    with them first (nearly every document keeps them), then without (XML_PARSE_HUGE: the
    same tree for a document that keeps them); each way with xml:ids collected, and again
    without when the only faults are about xml:id values. Raises TeiToolsError as
    ``parse_bytes`` says."""
    for huge in (False, True):
        for collect_ids in (True, False):
            strict = parser(collect_ids, huge)
            try:
                return etree.ElementTree(etree.fromstring(data, strict, base_url=None)), not huge
            except etree.XMLSyntaxError as exc:
                faults = [e for e in strict.error_log if e.level >= etree.ErrorLevels.ERROR]
                if collect_ids and faults and all(e.type_name in _ID_FAULTS for e in faults):
                    continue
                if huge:
                    _refuse(exc, next((e for e in faults if e.type_name not in _ID_FAULTS), None), data, path)
                break
    raise AssertionError("unreachable: the last parse returns or refuses")


def refuse_deep(tree: etree._ElementTree, path: str) -> None:
    """Raise TeiToolsError XML005 (exit status 1) when elements nest more than MAX_DEPTH deep
    (also after XInclude has put documents into others)."""
    deep = _too_deep(tree.getroot())
    if deep is not None:
        raise TeiToolsError(Diagnostic(
            codes.XML005, f"elements nested more than {MAX_DEPTH} deep", path=path, line=deep.sourceline,
            hint="no TEI document nests so deep; the file may be generated to crash validators"), 1)


def _place_entity_markup(root: etree._Element) -> None:
    """Give elements that came from an entity's replacement text what they have where the entity
    is referenced (XML Namespaces; as jing gives them): libxml2 parses the text apart, so an
    unprefixed element there lacks the default namespace in scope (it is set), and its line is
    the one in the declaration (it takes its parent's)."""
    for el in root.iter(etree.Element):
        parent = el.getparent()
        if parent is not None and (el.sourceline or 0) < (parent.sourceline or 0):
            el.sourceline = parent.sourceline  # type: ignore[misc]  # lxml allows it
        tag = str(el.tag)
        default = el.nsmap.get(None) if tag[0] != "{" else None
        if default:
            el.tag = f"{{{default}}}{tag}"


def _refuse(exc: etree.XMLSyntaxError, fault: etree._LogEntry | None, data: bytes, path: str) -> NoReturn:
    """Raise the TeiToolsError for a document libxml2 could not parse: its first fault that is
    not about an xml:id value (``fault``, else the exception's own). XML002 for an entity libxml2
    did not expand: an expansion beyond its limits or a loop, or, in a document that declares
    entities, an entity it does not know (an external one is never loaded)."""
    kind = fault.type_name if fault is not None else ""
    if fault is not None and exc.msg.startswith(fault.message.strip()):
        fault = None
    message = f"{fault.message.strip()}, line {fault.line}, column {fault.column}" if fault else exc.msg
    line, col = (fault.line, fault.column) if fault else exc.position if exc.position else (None, None)
    declares = any(_ENTITY.encode(codec) in data for codec in ("ascii", "utf-16-le", "utf-16-be"))
    if (kind in _UNEXPANDED and "entit" in message.lower()) or (declares and kind in _UNDECLARED):
        raise TeiToolsError(Diagnostic(
            codes.XML002, f"entity not expanded (external entities are never loaded, expansion is "
            f"limited): {message}", path=path, line=line, column=col), 1) from None
    raise TeiToolsError(Diagnostic(
        _syntax_code(message), f"not well-formed: {message}", path=path, line=line, column=col), 1
    ) from None


# The elements one level deeper than MAX_DEPTH, the first in document order: libxml2 steps
# through the levels in C (twice as fast as walking the tree from Python).
_DEEPER = etree.XPath("(/*" + "/*" * MAX_DEPTH + ")[1]")


def _too_deep(root: etree._Element) -> etree._Element | None:
    """The first element nested more than MAX_DEPTH deep, else None."""
    found = _DEEPER(root)
    return found[0] if isinstance(found, list) and found and isinstance(found[0], etree._Element) else None


def _syntax_code(message: str) -> str:
    """XML003 for characters XML cannot hold, XML005 for nesting deeper than libxml2 parses at
    all, else XML001."""
    if "Excessive depth" in message or "XML_PARSE_HUGE" in message:
        return codes.XML005
    if "Char 0x" in message or "invalid Char" in message or "invalid character" in message.lower():
        return codes.XML003
    return codes.XML001


def parse_file(path: Path, max_bytes: int = MAX_XML_BYTES) -> etree._ElementTree:
    return parse_bytes(read_limited(path, max_bytes), str(path))


def read_limited(path: Path, max_bytes: int = MAX_XML_BYTES) -> bytes:
    """The bytes of a regular file (or stdin for ``-``), refused above ``max_bytes``: see
    :func:`teitools.outputs.read_input`."""
    return read_input(path, max_bytes)
