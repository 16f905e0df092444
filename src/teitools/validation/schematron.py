"""The Schematron stage of validation (see ``finding``): XPath 1 schemas through lxml's
isoschematron stylesheets (XSLT 1.0, no extra dependency), XPath 2/3 schemas (TEI's embedded
rules) through the Saxon engine in schematron2.py. Both run inside the sandbox of sandbox.py:
includes from the schema's own folder tree, rules audited before they compile, and engines that
can read nothing but the document. Every finding is a ``finding.Finding`` (SCH005 to SCH007 by
its role)."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

from lxml import etree, isoschematron

from teitools import codes
from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.validation import sandbox
from teitools.validation.embedded import SCH_NS, extract_schematron, is_relaxng
from teitools.validation.finding import Finding, role_code, role_severity

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
XPATH1_BINDINGS = {"", "xslt", "xpath", "exslt"}


class Checker:
    """One Schematron schema, compiled once, run on any number of documents."""

    def __init__(self, schema: etree._Element, source: str) -> None:
        """``schema``: an ``sch:schema`` element, includes already resolved. Raises
        TeiToolsError: SCH010 for a rule the sandbox refuses, SCH003 when it does not compile."""
        self.source = source
        self.binding = (schema.get("queryBinding") or "").lower()
        if self.binding in XPATH1_BINDINGS:
            sandbox.audit(schema, source)
            try:
                # isoschematron's own steps (abstract patterns expanded, then compiled to
                # XSLT), with the resulting validator denied every read and write: its
                # document() cannot reach a file or the network.
                compiled = isoschematron.iso_svrl_for_xslt1(isoschematron.iso_abstract_expand(schema))
                self._lxml: etree.XSLT | None = etree.XSLT(
                    compiled, access_control=etree.XSLTAccessControl.DENY_ALL)
            except etree.LxmlError as exc:
                raise TeiToolsError(Diagnostic(codes.SCT002, f"Schematron does not compile: {exc}",
                                               path=source)) from None
            self._saxon = None
        else:
            from teitools.validation import schematron2

            self._lxml = None
            self._saxon = schematron2.compile_element(schema, source=source)

    def run(self, tree: etree._ElementTree, path: str,
            shapes: frozenset[tuple[str, ...]] | None = None) -> list[Finding]:
        """The Schematron stage on one document (``path`` names it in an error): its findings,
        each with this schema's file name. ``shapes``: the tree's element shapes when known
        (``rng.shapes``), which spare the XPath 2 engine's prescreen a walk. Raises
        TeiToolsError (SCT003) when the rules cannot be run on it."""
        findings = self._run_lxml(tree) if self._lxml is not None else self._run_saxon(tree, path, shapes)
        schema = Path(self.source).name
        return [replace(f, schema=schema) for f in findings]

    def _run_saxon(self, tree: etree._ElementTree, path: str,
                   shapes: frozenset[tuple[str, ...]] | None) -> list[Finding]:
        assert self._saxon is not None
        return self._saxon.validate_tree(tree, path, shapes)

    def _run_lxml(self, tree: etree._ElementTree) -> list[Finding]:
        assert self._lxml is not None
        try:
            report = self._lxml(tree)
        except etree.XSLTApplyError as exc:
            raise TeiToolsError(Diagnostic(codes.SCT003, f"Schematron could not be run: {exc}",
                                           path=self.source), 1) from None
        findings: list[Finding] = []
        pattern = context = ""
        for item in report.getroot() if report is not None else []:
            if not isinstance(item.tag, str):
                continue
            tag = etree.QName(item).localname
            if tag == "active-pattern":
                pattern = item.get("id") or item.get("name") or ""
            elif tag == "fired-rule":
                context = item.get("context", "")
            elif tag in ("failed-assert", "successful-report"):
                location = item.get("location", "")
                text = item.find(f"{{{SVRL_NS}}}text")
                message = " ".join("".join(text.itertext()).split()) if text is not None else ""
                role = item.get("role") or "error"
                element = _element(tree, location)
                line = element.sourceline if element is not None else None
                findings.append(Finding(role_code(role), message, line=line, node=element,
                                        severity=role_severity(role), stage="schematron", xpath=location,
                                        pattern=pattern, context=context, kind=tag, role=role,
                                        role_declared=item.get("role") is not None))
        return findings


def _element(tree: etree._ElementTree, location: str) -> etree._Element | None:
    """The element an SVRL location names, or the element of the attribute or text it names."""
    try:
        found = tree.xpath(location)
    except etree.XPathError:
        return None
    if isinstance(found, list) and found:
        node = found[0]
        if isinstance(node, etree._Element):
            return node
        parent = getattr(node, "getparent", lambda: None)()
        return parent if isinstance(parent, etree._Element) else None
    return None


def checker_for(path: Path, trusted: bool = False) -> Checker | None:
    """The Schematron of a .sch file, or the one embedded in a .rng (None: it embeds none),
    compiled once per process. ``trusted``: its includes may come from outside its folder tree
    (see sandbox); an embedded Schematron has no includes to resolve, so it is compiled once
    whatever ``trusted`` says. Raises TeiToolsError (SCH001, SCT001, and the compile's errors)."""
    embedded, checker = _embedded(path)
    return checker if embedded else _standalone(path, trusted)


def _read(path: Path) -> etree._Element:
    try:
        return etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise TeiToolsError(Diagnostic(codes.SCH001, f"cannot read the schema: {exc}",
                                       path=str(path))) from None


@functools.cache
def _embedded(path: Path) -> tuple[bool, Checker | None]:
    """Whether the file is a RELAX NG schema, and then the Schematron it embeds, compiled."""
    root = _read(path)
    if not is_relaxng(root):
        return False, None
    schema = extract_schematron(root)
    return True, Checker(schema, str(path)) if schema is not None else None


@functools.cache
def _standalone(path: Path, trusted: bool) -> Checker:
    """The Schematron of a file that is not RELAX NG, its includes resolved (see sandbox)."""
    root = _read(path)
    if root.tag != f"{{{SCH_NS}}}schema":
        raise TeiToolsError(Diagnostic(codes.SCT001, "not an ISO Schematron schema", path=str(path)))
    sandbox.resolve_includes(root, path, trusted)
    return Checker(root, str(path))
