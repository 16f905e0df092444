"""The stages of validation (validation/finding.py): each returns findings of one type, and a
file's diagnostics are made from them in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from lxml import etree

from teitools import codes
from teitools.diagnostics import Diagnostic, Severity
from teitools.validation import finding, integrity, rng, run, schematron

RNG = 'xmlns="http://relaxng.org/ns/structure/1.0"'
SCH = 'xmlns:sch="http://purl.oclc.org/dsdl/schematron"'
VALIDATION = Path(finding.__file__).parent


def _schemas(folder: Path) -> tuple[Path, Path]:
    grammar = folder / "doc.rng"
    grammar.write_text(f'<element {RNG} name="doc"><zeroOrMore><element name="p"><optional>'
                       '<attribute name="n"/></optional><optional><attribute name="target"/></optional>'
                       '<text/></element></zeroOrMore></element>', encoding="utf-8")
    rules = folder / "rules.sch"
    rules.write_text(f'<sch:schema {SCH}><sch:pattern id="numbered"><sch:rule context="p">'
                     '<sch:assert test="@n">a p needs n</sch:assert>'
                     '<sch:report test="@n = \'0\'" role="warning">n is 0</sch:report>'
                     '</sch:rule></sch:pattern></sch:schema>', encoding="utf-8")
    return grammar, rules


def test_each_stage_returns_findings_with_their_facts_as_fields(tmp_path: Path) -> None:
    grammar, rules = _schemas(tmp_path)
    doc = tmp_path / "doc.xml"
    doc.write_text('<?xml-model href="elsewhere.rng"?>\n<doc>\n<p n="0" target="#nowhere">a</p>\n'
                   "<q/>\n<p>b</p>\n</doc>\n", encoding="utf-8")
    tree = etree.parse(str(doc))

    planned = run.plan(tree, doc, run.Options(schema_dirs=(tmp_path,)))
    assert [(f.code, f.stage, f.schema, f.line) for f in planned.notes] == [
        (codes.SCH012, "plan", "elsewhere.rng", 1)]
    assert planned.notes[0].diagnostic("d.xml").fields == (("schema", "elsewhere.rng"),)

    relaxng = rng.findings(run.grammar(grammar), tree, doc.read_bytes())
    assert [(f.code, f.stage, f.line, f.node is not None and f.node.tag) for f in relaxng] == [
        (codes.RNG010, "relaxng", 4, "q")]
    assert rng.validate(run.grammar(grammar), tree, doc.read_bytes(), "d.xml") == [
        f.diagnostic("d.xml") for f in relaxng]

    checker = schematron.checker_for(rules, trusted=True)
    assert checker is not None
    found = checker.run(tree, "d.xml")
    assert [(f.code, f.level, f.line, f.xpath, f.role, f.kind) for f in found] == [
        (codes.SCH006, Severity.WARNING, 3, "/doc/p[1]", "warning", "successful-report"),
        (codes.SCH005, Severity.ERROR, 5, "/doc/p[2]", "error", "failed-assert")]
    assert {(f.pattern, f.context, f.schema, f.stage) for f in found} == {
        ("numbered", "p", "rules.sch", "schematron")}
    assert found[1].diagnostic("d.xml") == Diagnostic(
        codes.SCH005, "a p needs n", path="d.xml", line=5, fields=(
            ("pattern", "numbered"), ("context", "p"), ("xpath", "/doc/p[2]"), ("schema", "rules.sch")))

    checked = integrity.check(tree)
    assert [(f.code, f.stage, f.line, f.node is not None and f.node.get("target")) for f in checked] == [
        (codes.ID002, "integrity", 3, "#nowhere")]
    assert checked[0].diagnostic("d.xml").severity is Severity.WARNING  # the registry's


def test_a_files_diagnostics_are_its_stages_findings_in_document_order(tmp_path: Path) -> None:
    grammar, rules = _schemas(tmp_path)
    doc = tmp_path / "doc.xml"
    doc.write_text('<doc>\n<p n="1" target="#x">a</p>\n<q/>\n<p>b</p>\n</doc>\n', encoding="utf-8")
    options = run.Options(schema=str(grammar), schematron=(str(rules),))
    result = run.validate_file(doc, options)
    tree = etree.parse(str(doc))
    checker = schematron.checker_for(rules.resolve(), trusted=True)
    assert checker is not None
    stages = [*rng.findings(run.grammar(grammar), tree, doc.read_bytes()), *checker.run(tree, str(doc)),
              *integrity.check(tree)]
    at = rng.columns(doc.read_bytes(), stages)
    expected = sorted((f.diagnostic(str(doc), column) for f, column in zip(stages, at, strict=True)),
                      key=lambda d: (d.line or 0, d.column or 0))
    assert result.diagnostics == expected
    assert [d.code for d in result.diagnostics] == [codes.ID002, codes.RNG010, codes.SCH005]
    assert [d.column for d in result.diagnostics] == [1, 1, 1]  # each at its element's start tag


def test_no_stage_makes_a_diagnostic_of_its_own() -> None:
    """Outside finding.py, a validation module makes a Diagnostic only to raise it (a file or a
    schema that cannot be checked at all, ``TeiToolsError``), never for a finding about a document."""
    made: list[str] = []
    for path in sorted(VALIDATION.glob("*.py")):
        if path.name == "finding.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        raised: set[int] = set()
        calls: list[ast.Call] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) or (isinstance(node, ast.Call) and _named(node, "TeiToolsError")) \
                    or (isinstance(node, ast.FunctionDef) and node.name == "_compile_error"):  # for a raise
                raised |= {id(inner) for inner in ast.walk(node)}
            elif isinstance(node, ast.Call) and _named(node, "Diagnostic"):
                calls.append(node)
        made += [f"{path.name}:{call.lineno}" for call in calls if id(call) not in raised]
    assert made == []


def _named(call: ast.Call, name: str) -> bool:
    return isinstance(call.func, ast.Name) and call.func.id == name


def test_a_diagnostic_of_the_shared_engine_is_taken_as_a_finding_unchanged() -> None:
    crashed = Diagnostic(codes.VAL001, "teitools crashed on this file", path="d.xml", line=None,
                         hint="please report it with the file")
    assert finding.Finding.of(crashed, "workers").diagnostic("d.xml") == crashed
    located = Diagnostic(codes.SCH006, "n is 0", path="d.xml", line=3, column=2, severity=Severity.WARNING,
                         fields=(("pattern", "numbered"), ("xpath", "/doc/p[1]")))
    assert finding.Finding.of(located, "schematron").diagnostic("d.xml") == located
    with pytest.raises(ValueError, match="colour"):
        finding.Finding.of(Diagnostic(codes.VAL001, "x", fields=(("colour", "red"),)), "workers")
