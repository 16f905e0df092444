"""The Schematron rules a RELAX NG schema carries inside it, as one ISO Schematron schema.

TEI's generated schemas (tei_all.rng and every ODD customisation) embed their constraints as
``sch:ns`` and ``sch:pattern`` annotations scattered through the grammar; TEI editors run
them together with the grammar. Gathering them gives a schema any Schematron engine can run.
"""

from __future__ import annotations

import copy

from lxml import etree

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
RNG_NS = "http://relaxng.org/ns/structure/1.0"

# The query binding TEI's ODD processor writes into the .sch it generates from the same
# annotations: the embedded rules are XPath 2.
EMBEDDED_QUERY_BINDING = "xslt2"

_TOP_LEVEL = {f"{{{SCH_NS}}}{name}" for name in ("ns", "let", "phase", "pattern", "diagnostics")}


def is_relaxng(root: etree._Element) -> bool:
    """Whether a schema's root is RELAX NG (any pattern may be: grammar, element, choice ...)."""
    return isinstance(root.tag, str) and root.tag.startswith(f"{{{RNG_NS}}}")


def extract_schematron(grammar: etree._Element) -> etree._Element | None:
    """A ``sch:schema`` holding copies of the embedded namespaces, lets, phases, patterns and
    diagnostics, in document order (namespaces first, each prefix/URI pair once), or None when
    the grammar embeds no pattern."""
    schema = etree.Element(f"{{{SCH_NS}}}schema", nsmap={"sch": SCH_NS})
    schema.set("queryBinding", EMBEDDED_QUERY_BINDING)
    seen_ns: set[tuple[str, str]] = set()
    others: list[etree._Element] = []
    for element in grammar.iter(*_TOP_LEVEL):
        parent = element.getparent()
        if parent is not None and parent.tag in _TOP_LEVEL | {f"{{{SCH_NS}}}rule"}:
            continue
        if element.tag == f"{{{SCH_NS}}}ns":
            key = (element.get("prefix", ""), element.get("uri", ""))
            if key not in seen_ns:
                seen_ns.add(key)
                schema.append(_copy(element))
        else:
            others.append(element)
    if not any(e.tag == f"{{{SCH_NS}}}pattern" for e in others):
        return None
    schema.extend(_copy(e) for e in others)
    return schema


def _copy(element: etree._Element) -> etree._Element:
    """A deep copy without the tail text that belonged to the grammar around it."""
    clone = copy.deepcopy(element)
    clone.tail = None
    return clone
