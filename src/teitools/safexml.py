"""Parsing untrusted XML safely: no external DTD, external entity or URL ever read, no
entity-expansion bombs (libxml2's amplification limits), no nesting deep enough to exhaust a
validator's stack, and only regular files read, up to a size limit.

What a non-validating XML processor must do with the internal DTD subset is done (XML 1.0 §5.1,
as jing does): its attribute defaults are applied and its internal entities expanded."""

from __future__ import annotations

import re
from dataclasses import dataclass
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
        raise _too_deep_error(path, deep.sourceline, None)


def _too_deep_error(path: str, line: int | None, column: int | None) -> TeiToolsError:
    """XML005 at an element nested too deep (after parsing, or where libxml2 stopped parsing)."""
    return TeiToolsError(Diagnostic(
        codes.XML005, f"elements nested more than {MAX_DEPTH} deep", path=path, line=line, column=column,
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
    not about an xml:id value (``fault``, else the exception's own), in plain words (see
    :func:`_plain`) at libxml2's line and column. XML002 for an entity libxml2 did not expand: an
    expansion beyond its limits or a loop, or, in a document that declares entities, an entity
    it does not know (an external one is never loaded); a fault about an entity is told as
    :func:`_entity_fault` says."""
    kind = fault.type_name if fault is not None else ""
    message = fault.message if fault is not None else _POSITION_SUFFIX.sub("", exc.msg)
    line, col = (fault.line, fault.column) if fault else exc.position if exc.position else (None, None)
    declares = any(_ENTITY.encode(codec) in data for codec in ("ascii", "utf-16-le", "utf-16-be"))
    unexpanded = kind in _UNEXPANDED and "entit" in message.lower()
    if unexpanded or kind in _UNDECLARED:
        told, at_line, at_col = _entity_fault(kind, message, line, col, data)
        if unexpanded or declares:
            # an expansion stopped is no text to put in place of the entity: the nesting is the fault
            hint = "write the text out rather than nest entities that multiply it or refer back to " \
                "themselves" if unexpanded else None
            raise TeiToolsError(Diagnostic(codes.XML002, told, path=path, line=at_line, column=at_col,
                                           hint=hint), 1) from None
        raise TeiToolsError(Diagnostic(codes.XML001, f"not well-formed: {told}", path=path, line=at_line,
                                       column=at_col), 1) from None
    if _syntax_code(message) == codes.XML005:
        raise _too_deep_error(path, line, col) from None
    raise TeiToolsError(Diagnostic(_syntax_code(message), f"not well-formed: {_plain(message)}", path=path,
                                   line=line, column=col), 1) from None


# lxml appends libxml2's position to the exception's text; the diagnostic gives it once, first.
_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")
# libxml2's words that name its own functions, types and options, and what a TEI user reads instead.
_PLAIN = [
    (re.compile(r"^xmlParseEntityRef: no name$"),
     "'&' not followed by an entity name (an ampersand is written &amp;)"),
    (re.compile(r"^xml\w+: "), ""),
    (re.compile(r"\bxmlChar\b"), "character"),
    (re.compile(r",? (?:see xml\w+|use XML_\w+ option)\.?$"), ""),
]


def _plain(message: str) -> str:
    """libxml2's description of a fault without the names of its functions, types and options
    (``xmlParseCharRef: invalid xmlChar value 27`` is ``invalid character value 27``) and
    without the text it quotes on further lines."""
    text = message.strip().split("\n", 1)[0]
    for pattern, replacement in _PLAIN:
        text = pattern.sub(replacement, text)
    return text


@dataclass(frozen=True)
class _Subset:
    """The entities a document's internal DTD subset declares (the first declaration of a name
    binds, XML 1.0 §4.2), each with its replacement text, None for an external one, and the index
    in the document's text just after the DOCTYPE declaration."""

    end: int
    general: dict[str, str | None]
    parameter: dict[str, str | None]


_PROLOG_TOKEN = re.compile(r"\s|<\?.*?\?>|<!--.*?-->", re.S)
_DOCTYPE = re.compile(r"""<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM|PUBLIC)(?:\s+(?:"[^"]*"|'[^']*'))+)?\s*\[""")
_SUBSET_TOKEN = re.compile(r"""\s+|<!--.*?-->|<\?.*?\?>|<!(?:[^"'>]|"[^"]*"|'[^']*')*>|%[^;\s]+;""", re.S)
_DECLARATION = re.compile(r"""<!ENTITY\s+(%\s+)?([^\s"'%>]+)\s+(?:(SYSTEM|PUBLIC)\b|"([^"]*)"|'([^']*)')""")
_NAME = r"(?:[^\W\d]|:)[\w.:\-\u00b7]*"
_REFERENCE = re.compile(rf"&({_NAME});")
# What follows the DOCTYPE declaration, where '&' always starts a reference except in these.
_BODY_TOKEN = re.compile(rf"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|&({_NAME});", re.S)


def _subset(text: str) -> _Subset | None:
    """The internal DTD subset of the document ``text``, else None (none, or not read to its end)."""
    pos = 0
    while (token := _PROLOG_TOKEN.match(text, pos)) is not None:
        pos = token.end()
    doctype = _DOCTYPE.match(text, pos)
    if doctype is None:
        return None
    general: dict[str, str | None] = {}
    parameter: dict[str, str | None] = {}
    pos = doctype.end()
    while (token := _SUBSET_TOKEN.match(text, pos)) is not None:
        declared = _DECLARATION.match(token.group())
        if declared is not None:
            value = None if declared[3] else declared[4] if declared[4] is not None else declared[5]
            (parameter if declared[1] else general).setdefault(declared[2], value)
        pos = token.end()
    end = text.find(">", pos)
    return _Subset(end + 1, general, parameter) if text.startswith("]", pos) and end > 0 else None


def _entity_fault(kind: str, message: str, line: int | None, col: int | None,
                  data: bytes) -> tuple[str, int | None, int | None]:
    """The message and position of a fault about an entity, from the document's text and its
    internal subset as it is written (libxml2 knows an external entity only as not defined).

    An entity libxml2 does not know: "entity 'x' is external and is never loaded", "parameter
    entity 'p' ..." when libxml2's position lies inside the internal subset (where parameter
    entities are referenced; none is ever expanded), else "... is not declared".

    An expansion stopped (beyond the amplification limits, or a loop): libxml2 gives the position
    inside the replacement text of the entity it was expanding (line 1 of the entity, which reads
    as the document's first line). When the document's text at that position does not end a
    reference, the fault is placed at the first reference after the DOCTYPE declaration (text and
    attribute values; not comments, CDATA sections or processing instructions) to a declared
    internal entity whose text refers to entities (the nesting that multiplies an expansion), else
    to any declared internal entity; the position is just after the reference's ';', where libxml2
    places its other faults about a reference."""
    text = _text(data)
    subset = _subset(text)
    at = _index(text, line, col)
    undeclared = re.fullmatch(r"Entity '(.*)' not defined", message.strip())
    if kind in _UNDECLARED:
        if undeclared is None:
            return _plain(message), line, col
        name = undeclared[1]
        if subset is not None and at is not None and at < subset.end:
            if name not in subset.parameter:
                return f"parameter entity '{name}' is not declared", line, col
            external = subset.parameter[name] is None
            told = "is external and is never loaded" if external else "is never expanded (none is)"
            return f"parameter entity '{name}' {told}", line, col
        if subset is not None and name in subset.general and subset.general[name] is None:
            return f"entity '{name}' is external and is never loaded", line, col
        return f"entity '{name}' is not declared", line, col
    reference = _REFERENCE.fullmatch(text, max(text.rfind("&", 0, at), 0), at) if at is not None else None
    if reference is None and subset is not None:
        reference = _first_reference(text, subset)
        if reference is not None:
            before = text[:reference.end()]
            line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
    entity = f"entity '{reference[1]}'" if reference is not None else "an entity"
    why = ("its text refers back to itself" if kind == "ERR_ENTITY_LOOP" else
           "its expansion is too large (entities nested to multiply their text: an entity bomb)")
    return f"{entity} is not expanded: {why}", line, col


def _first_reference(text: str, subset: _Subset) -> re.Match[str] | None:
    """The first reference after the internal subset to an internal entity whose text refers to
    entities, else to any internal entity, else None."""
    internal = [ref for ref in _BODY_TOKEN.finditer(text, subset.end)
                if ref[1] is not None and subset.general.get(ref[1]) is not None]
    nested = (ref for ref in internal if "&" in (subset.general[ref[1]] or "").replace("&#", ""))
    return next(nested, internal[0] if internal else None)


def _index(text: str, line: int | None, col: int | None) -> int | None:
    """The index in ``text`` of libxml2's (1-based) line and column, else None (beyond the text)."""
    if not line or not col:
        return None
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    at = start + col - 1
    return at if at <= len(text) else None


def _text(data: bytes) -> str:
    """The document's text: UTF-16 or UTF-8 by its byte order mark or first character, else the
    encoding its XML declaration names (UTF-8 when Python knows no such codec)."""
    for start, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
                         (b"<\0", "utf-16-le"), (b"\0<", "utf-16-be")):
        if data.startswith(start):
            return data.decode(codec, errors="replace")
    declared = re.match(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z][\w.\-]*)", data)
    try:
        return data.decode(declared[1].decode("ascii") if declared else "utf-8", errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


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
    if "Char 0x" in message or "invalid Char" in message or "invalid xmlChar value" in message \
            or "invalid character" in message.lower():
        return codes.XML003
    return codes.XML001


def parse_file(path: Path, max_bytes: int = MAX_XML_BYTES) -> etree._ElementTree:
    return parse_bytes(read_limited(path, max_bytes), str(path))


def read_limited(path: Path, max_bytes: int = MAX_XML_BYTES) -> bytes:
    """The bytes of a regular file (or stdin for ``-``), refused above ``max_bytes``: see
    :func:`teitools.outputs.read_input`."""
    return read_input(path, max_bytes)
