"""Which attribute of an element has a value its schema refuses, where libxml2 only says that the
element "failed to validate attributes".

jing names the attribute (``value of attribute "url" is invalid``). Here each attribute of the
element is judged alone: against the choice of every pattern the element's definitions give an
attribute of that name (outside nested element patterns, through references), compiled by libxml2
as a one-element grammar with the datatypes rewritten as for any document (``datatypes``), so that
the value's verdict is libxml2's, read as jing reads it. Such a grammar is compiled once per element
and attribute name.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable

from lxml import etree

from teitools.validation import datatypes
from teitools.validation.rngload import ELEMENT, REF, rng

_GRAMMAR, _START, _DEFINE, _CHOICE, _NAME = (rng(n) for n in ("grammar", "start", "define", "choice", "name"))
_PROBE = "v"  # the element the one-element grammar declares


class AttributeValues:
    """The attribute patterns of a simplified grammar's element patterns, to judge values with.
    ``patterns``: those of the element patterns matching an expanded name (``{ns}local``:
    ``rng.Grammar.attribute_patterns``); ``defines``: the grammar's definitions by name (those
    the attribute patterns refer to are copied with them); ``qname``: the attribute on which each
    named pattern keeps its expanded name (``@{ns}local`` for attributes)."""

    def __init__(self, patterns: Callable[[str], Iterable[etree._Element]],
                 defines: dict[str, list[etree._Element]], qname: str) -> None:
        self.patterns = patterns
        self.defines = defines
        self.qname = qname
        self._schemas: dict[tuple[str, str], etree.RelaxNG | None] = {}

    def refused(self, element: str, el: etree._Element) -> list[str]:
        """The attributes of ``el`` (an element named ``element``, ``{ns}local``), as lxml names
        them, in document order, whose values no pattern its definitions give an attribute of that
        name accepts; an attribute with no such pattern (or one matched by a name class) is not
        judged here."""
        refused = []
        for name, value in el.items():
            expanded = name if name[0] == "{" else "{}" + name
            schema = self._schema(element, expanded)
            if schema is not None and not schema.validate(etree.Element(_PROBE, {name: value})):
                refused.append(name)
        return refused

    def _schema(self, element: str, attribute: str) -> etree.RelaxNG | None:
        key = (element, attribute)
        if key not in self._schemas:
            self._schemas[key] = self._compile(element, attribute)
        return self._schemas[key]

    def _compile(self, element: str, attribute: str) -> etree.RelaxNG | None:
        """The one-element grammar whose element takes exactly the values ``element``'s patterns
        allow ``attribute``; None when they have no pattern for it or libxml2 refuses it."""
        found = [p for p in self.patterns(element) if p.get(self.qname) == "@" + attribute]
        if not found:
            return None
        grammar = etree.Element(_GRAMMAR)
        probe = etree.SubElement(etree.SubElement(grammar, _START), ELEMENT)
        etree.SubElement(probe, _NAME, ns="").text = _PROBE
        choice = etree.SubElement(probe, _CHOICE)
        choice.extend(copy.deepcopy(p) for p in found)
        needed = {ref.get("name", "") for p in found for ref in p.iter(REF)}
        done: set[str] = set()
        while needed - done:
            name = sorted(needed - done)[0]
            done.add(name)
            for define in self.defines.get(name, []):
                grammar.append(copy.deepcopy(define))
                needed |= {ref.get("name", "") for ref in define.iter(REF)}
        datatypes.rewrite(grammar, None)
        try:
            return etree.RelaxNG(etree.ElementTree(grammar))
        except etree.RelaxNGParseError:
            return None
