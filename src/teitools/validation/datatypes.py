"""XML Schema datatypes as jing judges them, where libxml2 judges them otherwise.

libxml2 and jing (its ``xsd-datatype`` module) read some values of the XML Schema datatype
library differently. Rather than second-guess libxml2's verdict from its messages, the
simplified schema (``rngload``) is rewritten before it is compiled, so that libxml2's own
boolean is jing's:

* a ``value`` of type ``QName`` or ``NOTATION`` is an expanded name (the schema's prefixes
  resolved where the value is written, its unprefixed name in the ``ns`` in scope), matched
  by a value whose prefix is bound to the same namespace where it stands; libxml2 compares the
  strings. It becomes the choice of the lexical forms that denote that name in the document
  (``prefix:local`` for each prefix bound to its namespace, ``local`` where the default
  namespace is its namespace), which is exact when every element of the document has the
  same namespaces in scope (``bindings``); otherwise libxml2's reading stands.
"""

from __future__ import annotations

from lxml import etree

from teitools.validation.rngload import CHOICE, QVALUE, VALUE, XML_NS, rng

# The document's namespace bindings, the same on every element: (prefix, URI) pairs sorted,
# "" for the default namespace (always present, "" when none is declared). None: no schema
# value depends on them, or they differ from element to element.
Bindings = tuple[tuple[str, str], ...] | None


def bindings(tree: etree._ElementTree) -> Bindings:
    """The namespaces in scope on every element of the document, when they are the same on all
    of them; None otherwise."""
    found: dict[str, str] | None = None
    for el in tree.getroot().iter(etree.Element):
        scope = {prefix or "": uri for prefix, uri in el.nsmap.items()}
        scope.setdefault("", "")
        if found is None:
            found = scope
        elif scope != found:
            return None
    return tuple(sorted((found or {"": ""}).items()))


def rewrite(grammar: etree._Element, scope: Bindings) -> bool:
    """Rewrite the datatypes of a simplified grammar in place so that libxml2 judges them as
    jing does; whether anything changed."""
    changed = False
    if scope is not None:
        for value in list(grammar.iter(VALUE)):
            expanded = value.get(QVALUE)
            if expanded is not None:
                value.getparent().replace(value, _qname_value(expanded, dict(scope), value.tail))  # type: ignore[union-attr]
                changed = True
    return changed


def _qname_value(expanded: str, scope: dict[str, str], tail: str | None) -> etree._Element:
    """The lexical forms of an expanded name in a document whose elements all have ``scope``."""
    uri, local = expanded[1:].split("}", 1)
    forms = [f"{prefix}:{local}" for prefix, bound in sorted(scope.items()) if prefix and bound == uri]
    if uri == XML_NS:
        forms.append(f"xml:{local}")
    if scope.get("", "") == uri:
        forms.append(local)
    if not forms:
        pattern = etree.Element(rng("notAllowed"))
    else:
        pattern = etree.Element(CHOICE)
        for form in forms:
            value = etree.SubElement(pattern, VALUE, type="token", datatypeLibrary="")
            value.text = form
    pattern.tail = tail
    return pattern
