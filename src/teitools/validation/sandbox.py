"""The Schematron sandbox: where a schema may be read from, and what its rules may do.

A document under validation names its own schemas (``<?xml-model?>``), and a Schematron
schema is code: XPath 2 reads files (``unparsed-text()``, ``doc()``), the network, the
environment (``environment-variable()``) and system properties; XSLT writes files
(``xsl:result-document``) and prints to the log (``xsl:message``, ``trace()``). teitools
validates files that strangers wrote, in CI, where the environment holds secrets. So:

* **Where schemas come from.** A schema named by a document is taken from the schema
  store, or from the document's own folder tree (its folder and the folders below it, or a
  folder given as input on the command line that holds it); never from an absolute path, a
  URL or a relative path that leaves that tree, unless the user passes ``--trust-schemas``.
  A schema the user names with ``--schema``/``--schematron`` is the user's choice and may be
  anywhere. ``sch:include`` stays in the folder tree of the schema that includes it, under
  the same rule. A symbolic link counts where it points.
* **What rules may do.** A rule sees the document it checks and nothing else, whoever chose
  the schema. :func:`audit` refuses, before compiling, every call of a function that reads
  files, the network, the environment or system properties, that looks a function up by a
  computed name, or that is an extension function, and every instruction that writes,
  prints or evaluates a computed expression (SCH010, naming the rule and the call). Behind
  that, Saxon runs with no URI scheme allowed and extension functions off
  (``schematron2``), and lxml's XSLT with every read and write denied (``schematron``), so
  a call the audit cannot see still reads nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from teitools import codes
from teitools.diagnostics import Diagnostic, TeiToolsError

SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
FN_NS = "http://www.w3.org/2005/xpath-functions"

# Functions a rule may not call, with what each would do (XPath and XQuery Functions 3.1,
# XSLT 3.0 §20; ``document()`` is XSLT 1.0's).
REFUSED_FUNCTIONS: dict[str, str] = {
    **dict.fromkeys(("unparsed-text", "unparsed-text-lines", "unparsed-text-available", "doc",
                     "doc-available", "document", "collection", "uri-collection", "json-doc"),
                    "reads a file or a URL"),
    "environment-variable": "reads an environment variable",
    "available-environment-variables": "lists the environment variables",
    "system-property": "reads a system property",
    "function-lookup": "calls a function by a computed name",
    "load-xquery-module": "loads code from a file",
    "transform": "runs another stylesheet",
    "trace": "prints to the log",
}

# Instructions of XSLT (in xsl:function and xsl:key a schema may carry) that write, print,
# load code or documents, or evaluate a computed expression.
REFUSED_INSTRUCTIONS: dict[str, str] = {
    "result-document": "writes a file",
    "message": "prints to the log",
    "evaluate": "evaluates a computed expression",
    **dict.fromkeys(("import", "include", "import-schema", "use-package"), "loads code from a file"),
    **dict.fromkeys(("source-document", "merge-source"), "reads a file or a URL"),
}

# Namespaces whose functions are the standard library (XPath 3.1 §1.6.3).
_STANDARD_NS = frozenset({FN_NS, "http://www.w3.org/2001/XMLSchema",
                          "http://www.w3.org/2005/xpath-functions/math",
                          "http://www.w3.org/2005/xpath-functions/map",
                          "http://www.w3.org/2005/xpath-functions/array"})

# Attributes of a schema that hold no XPath.
_NOT_XPATH = frozenset({"id", "role", "see", "icon", "fpi", "flag", "name", "href", "queryBinding",
                        "schemaVersion", "defaultPhase", "uri", "prefix", "abstract", "is-a", "rule",
                        "properties", "diagnostics", "as", "visibility", "version", "mode",
                        "exclude-result-prefixes", "extension-element-prefixes", "override",
                        "new-each-time", "cache", "identity-sensitive", "streamable",
                        "xpath-default-namespace"})

MAX_INCLUDES = 10  # includes nested deeper are refused
_STRING = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
_CALL = re.compile(r"(?<![\w.\-$@:}])(?:Q\{(?P<uri>[^}]*)\}|(?P<prefix>[A-Za-z_][\w.-]*):)?"
                   r"(?P<local>[A-Za-z_][\w.-]*)\s*(?P<how>\(|#\d)")
_KIND_TESTS = frozenset({"node", "text", "comment", "processing-instruction", "element", "attribute",
                         "document-node", "schema-element", "schema-attribute", "namespace-node",
                         "item", "function", "map", "array", "empty-sequence", "if", "switch",
                         "typeswitch"})


def refusal(code: str, message: str, source: str, element: etree._Element | None = None,
            hint: str | None = None) -> TeiToolsError:
    """The error for a refused schema or rule (exit status 2: the check cannot be run)."""
    line = element.sourceline if element is not None else None
    return TeiToolsError(Diagnostic(code, message, path=source, line=line, hint=hint), 2)


def within(target: Path, roots: Iterable[Path]) -> bool:
    """True when ``target`` (symbolic links followed) lies in one of the folder trees ``roots``."""
    resolved = target.resolve()
    return any(resolved.is_relative_to(root.resolve()) for root in roots)


def audit(schema: etree._Element, source: str) -> None:
    """Refuse a schema whose rules would reach outside the document they check.

    ``schema``: an ``sch:schema`` element, includes already resolved. Every attribute that
    can hold XPath (string literals left out) is searched for calls of
    :data:`REFUSED_FUNCTIONS` and of functions outside the standard namespaces and the
    schema's own ``xsl:function``\\ s; the XSLT the schema carries for
    :data:`REFUSED_INSTRUCTIONS`; ``sch:pattern/@documents`` (Schematron 2016 §5.4.9) for
    reading other documents.

    Raises:
        TeiToolsError: SCH010 at the first refused construct, naming the rule (or let,
            function, key) and the call with its first argument.
    """
    own = {etree.QName(name).namespace  # only the functions the engine compiles: top-level ones
           for function in schema.iterchildren(f"{{{XSL_NS}}}function")
           if (name := _qname(function, function.get("name", ""))) is not None}
    prefixes = {ns.get("prefix", ""): ns.get("uri", "") for ns in schema.iter(f"{{{SCH_NS}}}ns")}
    for element in schema.iter():
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        if qname.namespace == XSL_NS and qname.localname in REFUSED_INSTRUCTIONS:
            raise _refused(element, source, f"xsl:{qname.localname}",
                           REFUSED_INSTRUCTIONS[qname.localname])
        if qname.namespace == SCH_NS and qname.localname == "pattern" and element.get("documents"):
            raise _refused(element, source, f"@documents={element.get('documents')!r}",
                           "reads other documents")
        scope = {**prefixes, **_nsmap(element)}
        for attribute, value in element.attrib.items():
            attr_name = etree.QName(attribute)
            if attr_name.namespace or attr_name.localname in _NOT_XPATH:
                continue
            _audit_xpath(str(value), element, source, scope, own)
        if element.text and "{" in element.text and _in_xslt(element):  # text value templates
            _audit_xpath(element.text, element, source, scope, own)
        if element.tail and "{" in element.tail and _in_xslt(element.getparent()):
            _audit_xpath(element.tail, element, source, scope, own)


def _in_xslt(element: etree._Element | None) -> bool:
    """Is ``element`` inside XSLT the schema carries (an ``xsl:function`` or ``xsl:key``)?"""
    return element is not None and any(
        isinstance(node.tag, str) and etree.QName(node).namespace == XSL_NS
        for node in (element, *element.iterancestors()))


def _audit_xpath(xpath: str, element: etree._Element, source: str, prefixes: dict[str, str],
                 own: set[str | None]) -> None:
    blanked = _code(xpath)
    for call in _CALL.finditer(blanked):
        local, prefix, uri = call["local"], call["prefix"], call["uri"]
        if uri is None and prefix is None:
            if local in _KIND_TESTS:
                continue
            uri = FN_NS
        elif uri is None:
            uri = prefixes.get(prefix or "", FN_NS if prefix == "fn" else f"(undeclared prefix {prefix})")
        shown = f"{local}()" if uri in _STANDARD_NS else f"Q{{{uri}}}{local}()"
        if uri == FN_NS and local in REFUSED_FUNCTIONS:
            argument = _first_argument(xpath, call.end()) if call["how"] == "(" else ""
            raise _refused(element, source, f"{local}({argument})", REFUSED_FUNCTIONS[local])
        if uri not in _STANDARD_NS and uri not in own:
            raise _refused(element, source, shown, "is an extension function")


def _code(xpath: str) -> str:
    """``xpath`` with the insides of its string literals blanked and its comments (``(: :)``,
    which nest) turned to spaces, offsets kept: what is left is code. A quote inside a
    comment opens no string, and a call inside a string is none."""
    out = list(xpath)
    i, depth, quote = 0, 0, ""
    while i < len(xpath):
        pair = xpath[i:i + 2]
        if quote:
            if xpath[i] == quote and xpath[i + 1:i + 2] == quote:  # a doubled quote
                out[i] = out[i + 1] = " "
                i += 2
                continue
            if xpath[i] == quote:
                quote = ""
            else:
                out[i] = " "
        elif pair == "(:":
            depth += 1
            out[i] = out[i + 1] = " "
            i += 2
            continue
        elif depth and pair == ":)":
            depth -= 1
            out[i] = out[i + 1] = " "
            i += 2
            continue
        elif depth:
            out[i] = " "
        elif xpath[i] in "'\"":
            quote = xpath[i]
        i += 1
    return "".join(out)


def _first_argument(xpath: str, start: int) -> str:
    """The first argument of a call whose '(' ends at ``start``, when it is a string literal."""
    rest = xpath[start:].lstrip()
    if rest.startswith(")"):
        return ""
    literal = _STRING.match(rest)
    return literal.group() if literal else "…"


def _refused(element: etree._Element, source: str, what: str, why: str) -> TeiToolsError:
    verb = "uses" if what.startswith(("@", "xsl:")) else "calls"
    return refusal(codes.SCH010, f"{_where(element)} {verb} {what}, which {why}: refused", source, element,
                   "a Schematron rule may read only the document it checks")


def _where(element: etree._Element) -> str:
    """The rule, let, function or key an element belongs to, as a reader finds it."""
    for node in (element, *element.iterancestors()):
        if not isinstance(node.tag, str):
            continue
        qname = etree.QName(node)
        if qname.namespace == SCH_NS and qname.localname == "rule":
            return f"Schematron rule context={node.get('context', '')!r}"
        if qname.namespace == SCH_NS and qname.localname == "let":
            return f"Schematron let {node.get('name', '')!r}"
        if qname.namespace == XSL_NS and qname.localname in ("function", "key"):
            return f"xsl:{qname.localname} {node.get('name', '')!r}"
        if qname.namespace == SCH_NS and qname.localname == "pattern":
            return f"Schematron pattern {node.get('id', '')!r}".replace(" ''", "")
    return "Schematron schema"


def _nsmap(element: etree._Element) -> dict[str, str]:
    return {prefix: uri for prefix, uri in element.nsmap.items() if prefix}


def _qname(element: etree._Element, name: str) -> str | None:
    prefix, _, local = name.rpartition(":")
    uri = element.nsmap.get(prefix) if prefix else None
    return f"{{{uri}}}{local}" if uri else None


def resolve_includes(schema: etree._Element, path: Path, trusted: bool = False,
                     roots: tuple[Path, ...] = (), depth: int = 0) -> None:
    """Replace each ``sch:include`` of ``schema`` (read from ``path``) by the element it names.

    ``roots``: the folder trees an include may come from (default: the folder of ``path``);
    ``trusted``: from anywhere. Raises TeiToolsError: SCH011 for an include outside them,
    SCT001 for includes nested more than 10 deep, the parse errors of safexml.
    """
    from teitools import safexml

    source = str(path)
    roots = roots or (path.parent,)
    for include in list(schema.iter(f"{{{SCH_NS}}}include")):
        href = include.get("href", "")
        if depth > MAX_INCLUDES:
            raise refusal(codes.SCT001, f"sch:include nested too deeply at {href!r}", source, include)
        target = path.parent / href
        if "://" in href or not (trusted or within(target, roots)):
            raise refusal(codes.SCH011, f"sch:include {href!r} leaves the schema's folder: refused", source,
                          include, "a schema may include files of its own folder tree only; "
                          "pass --trust-schemas to allow it")
        included = safexml.parse_file(target.resolve()).getroot()
        resolve_includes(included, target, trusted, roots, depth + 1)
        included.tail = include.tail
        parent = include.getparent()
        if parent is not None:
            parent.replace(include, included)


RNG_NS = "http://relaxng.org/ns/structure/1.0"


def confine_relaxng(path: Path, roots: tuple[Path, ...], depth: int = 0) -> None:
    """Refuse a RELAX NG schema a document named whose ``include`` or ``externalRef`` reaches
    outside ``roots`` (the document's folder tree, the input folders): libxml2 would read
    that file, and its errors tell whether it exists and what it holds. A schema in the
    schema store is not checked (the store is the user's). Raises TeiToolsError SCH011."""
    from teitools import safexml
    from teitools.validation.rngload import href_url, local_file
    from teitools.validation.store import search_path

    if depth > MAX_INCLUDES or within(path, search_path()):
        return
    root = safexml.parse_file(path).getroot()
    for element in root.iter(f"{{{RNG_NS}}}include", f"{{{RNG_NS}}}externalRef"):
        href = element.get("href", "")
        target = local_file(href_url(element, path))  # relative to xml:base, as libxml2 reads it
        if target is None or not within(target, roots):
            raise refusal(codes.SCH011, f"{etree.QName(element).localname} {href!r} leaves the document's "
                          "folder: refused", str(path), element,
                          "pass --trust-schemas, or put the schema in a --schema-dir folder")
        confine_relaxng(target, roots, depth + 1)
