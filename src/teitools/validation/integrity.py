"""The integrity stage of validation (see ``finding``): checks RELAX NG through libxml2 does not
make: identifiers, pointers, page sequence, reachable notes and discouraged characters. Each
finding carries a rule code from rules.py.

The contents of ``<egXML>`` (TEI's examples, namespace http://www.tei-c.org/ns/Examples) are
examples, not the document's: their ids are not its ids and their pointers are not checked."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence

from lxml import etree

from teitools import codes
from teitools.validation.finding import Finding
from teitools.validation.rules import RULES

TEI_NS = "http://www.tei-c.org/ns/1.0"
EXAMPLES_NS = "http://www.tei-c.org/ns/Examples"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# TEI attributes whose values are (lists of) URIs; "#id" tokens point into the same document.
POINTER_ATTRIBUTES = frozenset({
    "target", "corresp", "next", "prev", "facs", "ana", "sameAs", "copyOf", "synch", "who", "spanTo",
    "wit", "resp", "hand", "source", "decls", "rendition", "exclude", "select", "ref", "change",
    "from", "to", "scribeRef", "scriptRef", "start", "end", "origin", "inst", "edRef",
})
INDEXED = POINTER_ATTRIBUTES | {XML_ID}  # the attributes whose elements the index looks at
_PB, _NOTE, _EGXML = f"{{{TEI_NS}}}pb", f"{{{TEI_NS}}}note", f"{{{EXAMPLES_NS}}}egXML"
INDEXED_TAGS = frozenset({_PB, _NOTE, _EGXML})  # and the elements it looks at whatever they carry
_DISCOURAGED = re.compile("[\x7f-\x9f\ufdd0-\ufdef]")
# The same characters in UTF-8: U+007F, U+0080 to U+009F, U+FDD0 to U+FDEF (lead bytes never
# occur inside another character's bytes).
_DISCOURAGED_UTF8 = (re.compile(b"\x7f"), re.compile(b"\xc2[\x80-\x9f]"), re.compile(b"\xef\xb7[\x90-\xaf]"))
_NOTE_COLLECTIONS = {"back", "noteGrp", "standOff"}


_Pointer = tuple[etree._Element, str, str]  # an element, a pointer attribute's name, its value


class Index:
    """The xml:ids and pointer attributes of a document's own elements, gathered in one pass when
    first asked for, for ``repeated_ids``, ``with_unique_ids`` and ``check`` to share: they are
    those of the tree as it is then, so it must not change after. ``pointers`` False: the
    pass gathers the ids only (when ``check`` is not to run). ``candidates``: every element of
    the tree that carries an attribute of ``INDEXED`` or has a tag of ``INDEXED_TAGS``, in
    document order, when known (the checks then visit only those, never the whole tree;
    ``rng.scan`` finds them while it collects the element shapes)."""

    def __init__(self, tree: etree._ElementTree, pointers: bool = True,
                 candidates: Sequence[etree._Element] | None = None) -> None:
        self.tree = tree
        self.pointers = pointers
        self.candidates = candidates
        self._found: tuple[dict[str, etree._Element], list[etree._Element], list[_Pointer]] | None = None
        self._tagged: dict[str, list[etree._Element]] | None = None

    def ids(self) -> tuple[dict[str, etree._Element], list[etree._Element]]:
        """Each xml:id with the element that uses it first, and the elements that use one again."""
        first, again, _ = self._gathered()
        return first, again

    def pointer_attributes(self) -> list[_Pointer]:
        """Every pointer attribute of the document's own elements, in document order."""
        if not self.pointers:
            self.pointers, self._found = True, None
        return self._gathered()[2]

    def tagged(self, tag: str) -> Iterable[etree._Element]:
        """The elements of the tree with this tag (one of ``INDEXED_TAGS``), in document order."""
        if self.candidates is None:
            return self.tree.getroot().iter(tag)
        if self._tagged is None:
            self._tagged = {name: [] for name in INDEXED_TAGS}
            for el in self.candidates:
                found = self._tagged.get(str(el.tag))
                if found is not None:
                    found.append(el)
        return self._tagged[tag]

    def _gathered(self) -> tuple[dict[str, etree._Element], list[etree._Element], list[_Pointer]]:
        if self._found is None:
            examples = self.tagged(_EGXML)
            self._found = _index(_elements(self.tree.getroot(), self.candidates, examples),
                                 with_pointers=self.pointers)
        return self._found


def check(tree: etree._ElementTree, index: Index | None = None, source: bytes | None = None) -> list[Finding]:
    """All integrity findings of one parsed document, in document order per rule (repeated
    ids are not among them: see ``repeated_ids``). ``index``: the tree's, if made already.
    ``source``: the bytes the tree was parsed from, when they are UTF-8 and nothing was included
    into the tree (XInclude), so that every character of it is in them (see ``_characters``)."""
    root = tree.getroot()
    index = index or Index(tree)
    pointers = index.pointer_attributes()
    findings = _pointers(index.ids()[0], pointers)
    findings += _page_sequence(index.tagged(_PB))
    findings += _notes(index.tagged(_NOTE), pointers)
    findings += _characters(root, source)
    return findings


def repeated_ids(tree: etree._ElementTree, index: Index | None = None) -> list[Finding]:
    """ID001: an xml:id the document used before, as jing reports it (tei_all's xml:id is an
    xsd:ID); ids inside egXML examples do not count. An error, part of the RELAX NG verdict,
    so it is checked with --no-integrity too. ``index``: the tree's, if made already."""
    first, again = (index or Index(tree, pointers=False)).ids()
    found = []
    for el in again:
        ident = el.get(XML_ID, "")
        found.append(_finding(codes.ID001, f'xml:id "{ident}" is used twice (first on line '
                                    f"{first[ident].sourceline})", el))
    return found


def with_unique_ids(tree: etree._ElementTree, index: Index | None = None) -> etree._ElementTree:
    """The document itself when no xml:id of it is used twice, else a copy (same lines) in which
    every xml:id used again has a value of its own, an NCName exactly when it was one: what
    RELAX NG is given once ID001 has told the repeats, so that libxml2's xsd:ID check does not
    report them again, at some ancestor. ``index``: the tree's, if made already."""
    _, again = (index or Index(tree, pointers=False)).ids()
    if not again:
        return tree
    repeated = set(again)
    copied = copy.deepcopy(tree)
    taken = {el.get(XML_ID) for el in tree.getroot().iter(etree.Element)}
    number = 0
    for original, twin in zip(tree.getroot().iter(), copied.getroot().iter(), strict=True):
        if original in repeated:
            value = original.get(XML_ID, "")
            while f"{value}.{number}" in taken:
                number += 1
            twin.set(XML_ID, f"{value}.{number}")
            taken.add(f"{value}.{number}")
    return copied


def _finding(code: str, message: str, el: etree._Element) -> Finding:
    rule = RULES[code]
    return Finding(code, message, line=el.sourceline, severity=rule.severity, hint=rule.hint,
                   stage="integrity", node=el)


def _elements(root: etree._Element, among: Sequence[etree._Element] | None,
              examples: Iterable[etree._Element]) -> Iterable[etree._Element]:
    """The document's own elements (of ``among``, elements of the document in document order,
    when given), in document order: those inside an ``<egXML>`` example (``examples``: the
    document's) are left out (the egXML element itself is the document's)."""
    inside = {el for example in examples for el in example.iterdescendants()}
    every = root.iter(etree.Element) if among is None else among
    if not inside:
        return every
    return (el for el in every if el not in inside)


def _index(own: Iterable[etree._Element], with_pointers: bool = False
           ) -> tuple[dict[str, etree._Element], list[etree._Element], list[_Pointer]]:
    """One pass over ``own``: each xml:id with the element that uses it first, the elements that
    use an xml:id again, and (``with_pointers``) every pointer attribute (POINTER_ATTRIBUTES, in
    no namespace) in document order, an element's in the order written."""
    first: dict[str, etree._Element] = {}
    again: list[etree._Element] = []
    pointers: list[_Pointer] = []
    for el in own:
        if with_pointers:
            attributes = el.items()
            if not attributes:
                continue
            ident = None
            for name, value in attributes:
                if name in POINTER_ATTRIBUTES:
                    pointers.append((el, name, value))
                elif name == XML_ID:
                    ident = value
        else:
            ident = el.get(XML_ID)
        if ident is None:
            continue
        if ident in first:
            again.append(el)
        else:
            first[ident] = el
    return first, again, pointers


def _pointers(first: dict[str, etree._Element], pointers: list[_Pointer]) -> list[Finding]:
    """ID002: same-document pointers (``#id``) to no xml:id of the document (``first``)."""
    dangling: dict[tuple[str, str], list[etree._Element]] = {}
    for el, name, value in pointers:
        if "#" not in value:
            continue
        for token in value.split():
            if token.startswith("#") and len(token) > 1 and token[1:] not in first:
                dangling.setdefault((name, token), []).append(el)
    found: list[Finding] = []
    for (name, token), elements in dangling.items():  # one finding per pointer, at its first use
        times = f" ({len(elements)} times, first here)" if len(elements) > 1 else ""
        found.append(_finding(codes.ID002, f'@{name}="{token}" points to no xml:id in this document{times}',
                           elements[0]))
    return found


def _arabic(n: str | None) -> int | None:
    digits = (n or "").strip().strip("[]")
    return int(digits) if digits.isdigit() else None


def _page_sequence(pbs: Iterable[etree._Element]) -> list[Finding]:
    """Arabic page numbers of <pb> (``pbs``, the document's, in document order) should rise by
    one, per edition (@ed)."""
    found: list[Finding] = []
    last: dict[str, int] = {}
    for pb in pbs:
        number = _arabic(pb.get("n"))
        if number is None:
            continue
        edition = pb.get("ed", "")
        previous = last.get(edition)
        if previous is not None and number != previous + 1:
            found.append(_finding(codes.PB001, f'page "{pb.get("n")}" follows page {previous}', pb))
        last[edition] = number
    return found


def _notes(notes: Iterable[etree._Element], pointers: list[_Pointer]) -> list[Finding]:
    """An end- or footnote (of ``notes``, the document's) kept away from its call point (in
    <back>, a noteGrp, standOff) must be pointed to (by the document's own ``pointers``); a note
    written in place (the writer's way) needs no pointer."""
    away = [note for note in notes
            if not note.get("target") and set((note.get("place") or "").split()) & {"end", "foot", "bottom"}
            and any(etree.QName(a).localname in _NOTE_COLLECTIONS for a in note.iterancestors()
                    if isinstance(a.tag, str))]
    if not away:
        return []
    pointed: set[str] = set()
    for _, _, value in pointers:
        if "#" in value:
            pointed.update(t[1:] for t in value.split() if t.startswith("#"))
    found: list[Finding] = []
    for note in away:
        if note.get(XML_ID) not in pointed:
            label = f' "{note.get("n")}"' if note.get("n") else ""
            found.append(_finding(codes.NOTE001,
                                  f"note{label} is away from the text and nothing points to it", note))
    return found


def _characters(root: etree._Element, source: bytes | None = None) -> list[Finding]:
    """XML004: discouraged characters (C1 controls, noncharacters) in text or attribute values,
    one finding per element. The document serialized (as UTF-8) holds every character of them
    (and of its comments and processing instructions): when none is there, no element is looked
    at. So do the UTF-8 bytes it was parsed from (``source``, see ``check``) when they hold no
    character reference: each character of the tree is then written in them as itself (in its
    text, an attribute, an internal entity's replacement text or an attribute default of the
    internal DTD subset; XML's predefined entities stand for ASCII), and they are searched
    instead, which spares serializing the tree."""
    plain = source is not None and b"&#" not in source
    serialized = source if plain and source is not None else etree.tostring(root, encoding="utf-8")
    if not any(pattern.search(serialized) for pattern in _DISCOURAGED_UTF8):
        return []
    found: list[Finding] = []
    for el in root.iter(etree.Element):
        for text in (el.text, el.tail, *el.attrib.values()):
            match = _DISCOURAGED.search(text or "")
            if match:
                found.append(_finding(codes.XML004, f"character U+{ord(match.group()):04X} in the text of "
                                             f"<{etree.QName(el).localname}>", el))
                break
    return found

