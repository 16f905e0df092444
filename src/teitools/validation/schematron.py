"""Schematron: XPath 1 schemas through lxml's isoschematron (XSLT 1.0, no extra dependency),
XPath 2/3 schemas (TEI's embedded rules) through the Saxon engine in schematron2.py."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, isoschematron

from teitools.diagnostics import Diagnostic, Severity, TeiToolsError
from teitools.validation.embedded import SCH_NS, extract_schematron, is_relaxng

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
XPATH1_BINDINGS = {"", "xslt", "xpath", "exslt"}
_SEVERITY_CODE = {Severity.ERROR: "SCH005", Severity.WARNING: "SCH006", Severity.INFO: "SCH007"}
_WARNING_ROLES = {"warning", "warn", "nonfatal"}
_INFO_ROLES = {"info", "information"}


@dataclass(frozen=True)
class Finding:
    line: int | None
    role: str
    pattern: str
    message: str
    location: str


def severity(role: str) -> Severity:
    role = role.lower()
    if role in _WARNING_ROLES:
        return Severity.WARNING
    return Severity.INFO if role in _INFO_ROLES else Severity.ERROR


class Checker:
    """One Schematron schema, compiled once, run on any number of documents."""

    def __init__(self, schema: etree._Element, source: str, path: Path | None = None) -> None:
        """``path``: the .sch file the schema was read from (its includes are then resolved)."""
        self.source = source
        self.binding = (schema.get("queryBinding") or "").lower()
        if self.binding in XPATH1_BINDINGS:
            try:
                self._lxml: isoschematron.Schematron | None = isoschematron.Schematron(
                    schema, store_report=True)
            except etree.LxmlError as exc:
                raise TeiToolsError(Diagnostic("SCH003", f"Schematron does not compile: {exc}",
                                               path=source)) from None
            self._saxon = None
        else:
            from teitools.validation import schematron2

            self._lxml = None
            self._saxon = (schematron2.compile_schema(path) if path is not None
                           else schematron2.compile_element(schema, source=source))

    def run(self, tree: etree._ElementTree, path: str) -> list[Diagnostic]:
        findings = self._run_lxml(tree) if self._lxml is not None else self._run_saxon(tree, path)
        out = []
        for f in findings:
            sev = severity(f.role)
            message = f"{f.message} [{f.pattern}]" if f.pattern else f.message
            out.append(Diagnostic(_SEVERITY_CODE[sev], message, path=path, line=f.line, severity=sev))
        return out

    def _run_saxon(self, tree: etree._ElementTree, path: str) -> list[Finding]:
        assert self._saxon is not None
        return [Finding(f.line, f.role, f.pattern, f.message, f.location)
                for f in self._saxon.validate_tree(tree, path)]

    def _run_lxml(self, tree: etree._ElementTree) -> list[Finding]:
        assert self._lxml is not None
        self._lxml.validate(tree)
        report = self._lxml.validation_report
        findings: list[Finding] = []
        pattern = ""
        for item in report.getroot() if report is not None else []:
            if not isinstance(item.tag, str):
                continue
            tag = etree.QName(item).localname
            if tag == "active-pattern":
                pattern = item.get("id") or item.get("name") or ""
            elif tag in ("failed-assert", "successful-report"):
                location = item.get("location", "")
                text = item.find(f"{{{SVRL_NS}}}text")
                message = " ".join("".join(text.itertext()).split()) if text is not None else ""
                findings.append(Finding(_line(tree, location), item.get("role") or "error", pattern,
                                        message, location))
        return findings


def _line(tree: etree._ElementTree, location: str) -> int | None:
    try:
        found = tree.xpath(location)
    except etree.XPathError:
        return None
    if isinstance(found, list) and found:
        node = found[0]
        if isinstance(node, etree._Element):
            return node.sourceline
        parent = getattr(node, "getparent", lambda: None)()
        return parent.sourceline if isinstance(parent, etree._Element) else None
    return None


@functools.cache
def checker_for(path: Path) -> Checker | None:
    """The Schematron of a .sch file, or the one embedded in a .rng (None: it embeds none)."""
    try:
        root = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False)).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise TeiToolsError(Diagnostic("SCH001", f"cannot read the schema: {exc}", path=str(path))) from None
    if is_relaxng(root):
        schema = extract_schematron(root)
        return Checker(schema, str(path)) if schema is not None else None
    if root.tag != f"{{{SCH_NS}}}schema":
        raise TeiToolsError(Diagnostic("SCH002", "not an ISO Schematron schema", path=str(path)))
    return Checker(root, str(path), path)
