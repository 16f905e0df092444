"""Checks RELAX NG through libxml2 does not make: identifiers, pointers, page sequence,
reachable notes and discouraged characters. Each finding carries a rule code from rules.py."""

from __future__ import annotations

import re

from lxml import etree

from teitools.diagnostics import Diagnostic
from teitools.validation.rules import RULES

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# TEI attributes whose values are (lists of) URIs; "#id" tokens point into the same document.
POINTER_ATTRIBUTES = frozenset({
    "target", "corresp", "next", "prev", "facs", "ana", "sameAs", "copyOf", "synch", "who", "spanTo",
    "wit", "resp", "hand", "source", "decls", "rendition", "exclude", "select", "ref", "change",
    "from", "to", "scribeRef", "scriptRef", "start", "end", "origin", "inst", "edRef",
})
_DISCOURAGED = re.compile("[\x7f-\x9f\ufdd0-\ufdef]")
_NOTE_COLLECTIONS = {"back", "noteGrp", "standOff"}


def check(tree: etree._ElementTree, path: str) -> list[Diagnostic]:
    """All integrity findings of one parsed document, in document order per rule."""
    root = tree.getroot()
    findings = _identifiers(root, path)
    findings += _page_sequence(root, path)
    findings += _notes(root, path)
    findings += _characters(root, path)
    return findings


def _diag(code: str, message: str, path: str, el: etree._Element) -> Diagnostic:
    rule = RULES[code]
    return Diagnostic(code, message, path=path, line=el.sourceline, severity=rule.severity, hint=rule.hint)


def _elements(root: etree._Element) -> list[etree._Element]:
    return [el for el in root.iter() if isinstance(el.tag, str)]


def _identifiers(root: etree._Element, path: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    first: dict[str, etree._Element] = {}
    for el in _elements(root):
        ident = el.get(XML_ID)
        if ident is None:
            continue
        if ident in first:
            found.append(_diag("ID001", f'xml:id "{ident}" is used twice (first on line '
                                        f"{first[ident].sourceline})", path, el))
        else:
            first[ident] = el
    dangling: dict[tuple[str, str], list[etree._Element]] = {}
    for el in _elements(root):
        for name, value in el.attrib.items():
            if name not in POINTER_ATTRIBUTES:
                continue
            for token in value.split():
                if token.startswith("#") and len(token) > 1 and token[1:] not in first:
                    dangling.setdefault((name, token), []).append(el)
    for (name, token), elements in dangling.items():  # one finding per pointer, at its first use
        times = f" ({len(elements)} times, first here)" if len(elements) > 1 else ""
        found.append(_diag("ID002", f'@{name}="{token}" points to no xml:id in this document{times}',
                           path, elements[0]))
    return found


def _arabic(n: str | None) -> int | None:
    digits = (n or "").strip().strip("[]")
    return int(digits) if digits.isdigit() else None


def _page_sequence(root: etree._Element, path: str) -> list[Diagnostic]:
    """Arabic page numbers of <pb> should rise by one, per edition (@ed)."""
    found: list[Diagnostic] = []
    last: dict[str, int] = {}
    for pb in root.iter(f"{{{TEI_NS}}}pb"):
        number = _arabic(pb.get("n"))
        if number is None:
            continue
        edition = pb.get("ed", "")
        previous = last.get(edition)
        if previous is not None and number != previous + 1:
            found.append(_diag("PB001", f'page "{pb.get("n")}" follows page {previous}', path, pb))
        last[edition] = number
    return found


def _notes(root: etree._Element, path: str) -> list[Diagnostic]:
    """An end- or footnote kept away from its call point (in <back>, a noteGrp, standOff) must be
    pointed to; a note written in place (the writer's way) needs no pointer."""
    pointed: set[str] = set()
    for el in _elements(root):
        for name, value in el.attrib.items():
            if name in POINTER_ATTRIBUTES:
                pointed.update(t[1:] for t in value.split() if t.startswith("#"))
    found: list[Diagnostic] = []
    for note in root.iter(f"{{{TEI_NS}}}note"):
        if note.get("target") or note.get(XML_ID) in pointed:
            continue
        if not set((note.get("place") or "").split()) & {"end", "foot", "bottom"}:
            continue
        if any(etree.QName(a).localname in _NOTE_COLLECTIONS for a in note.iterancestors()
               if isinstance(a.tag, str)):
            label = f' "{note.get("n")}"' if note.get("n") else ""
            found.append(_diag("NOTE001", f"note{label} is away from the text and nothing points to it",
                               path, note))
    return found


def _characters(root: etree._Element, path: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for el in _elements(root):
        for text in (el.text, el.tail, *el.attrib.values()):
            match = _DISCOURAGED.search(text or "")
            if match:
                found.append(_diag("XML004", f"character U+{ord(match.group()):04X} in the text of "
                                             f"<{etree.QName(el).localname}>", path, el))
                break
    return found

