"""Our schema, schemas/teitools.rng (+ teitools.sch): everything convert writes is valid
against it and against tei_all, and so is every example in tei/examples; it is a strict
subset of TEI, so what it rejects includes what TEI rejects."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import converted
from lxml import etree
from shared import REPO, corpus_params, shared_path

from teitools.diagnostics import Severity
from teitools.validation import rng, run, schematron

OWN = REPO / "schemas" / "teitools.rng"
OWN_SCH = REPO / "schemas" / "teitools.sch"
EXAMPLES = sorted((REPO / "tei" / "examples").glob("*.xml"))
INVALID = sorted((REPO / "tei" / "invalid").glob("*.xml"))


def tei_all() -> rng.Grammar:
    return run.grammar(shared_path("conformance", "validate", "schemas", "tei_all.rng"))


def errors(grammar: rng.Grammar, tree: etree._ElementTree, data: bytes) -> list[str]:
    return [d.to_text() for d in rng.validate(grammar, tree, data, "doc")]


def test_our_schema_compiles_whole_and_is_self_contained() -> None:
    grammar = rng.Grammar(OWN)
    assert grammar.root_names == frozenset({"{http://www.tei-c.org/ns/1.0}TEI"})
    etree.RelaxNG(etree.parse(str(OWN)))


@pytest.mark.parametrize("path", corpus_params())
def test_every_conversion_is_valid_against_our_schema_and_tei_all(path: Path) -> None:
    conv = converted(path)
    assert conv.ok, [d.to_text() for d in conv.diagnostics]
    assert errors(run.grammar(OWN), conv.tree, conv.data) == []
    checker = schematron.checker_for(OWN_SCH)
    assert checker is not None
    assert checker.run(conv.tree, str(path)) == []
    assert errors(tei_all(), conv.tree, conv.data) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_are_valid_against_our_schema_and_tei_all(path: Path) -> None:
    data = path.read_bytes()
    tree = etree.ElementTree(etree.fromstring(data))
    result = run.validate_file(path, run.Options())
    assert result.diagnostics == [], [d.to_text() for d in result.diagnostics]
    assert errors(tei_all(), tree, data) == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_examples_are_rejected(path: Path) -> None:
    """Dangling pointers are warnings (jing and TEI's Schematron accept them): a file that has
    nothing else wrong is rejected under --strict only."""
    result = run.validate_file(path, run.Options(embedded_schematron=False))
    if path.stem == "broken-pointers":
        assert result.valid
        assert {d.code for d in result.diagnostics if d.severity is Severity.WARNING} >= {"ID002"}
    else:
        assert not result.valid


def test_a_paragraph_after_a_division_is_rejected_by_both_schemas() -> None:
    path = REPO / "tei" / "invalid" / "paragraph-after-division.xml"
    data = path.read_bytes()
    tree = etree.ElementTree(etree.fromstring(data))
    assert errors(run.grammar(OWN), tree, data)
    assert errors(tei_all(), tree, data)


def test_our_schematron_is_xpath1_for_lxml() -> None:
    sch = etree.parse(str(OWN_SCH)).getroot()
    assert sch.get("queryBinding") == "xslt"
    checker = schematron.checker_for(OWN_SCH)
    assert checker is not None and checker.binding == "xslt"


def test_every_element_of_our_schema_is_a_tei_element() -> None:
    """A strict subset: each element our schema names exists in tei_all, in the TEI namespace."""
    ours = {el.get("name") for el in etree.parse(str(OWN)).iter("{http://relaxng.org/ns/structure/1.0}element")}
    theirs = {name.split("}")[1] for name in tei_all().element_names if name.startswith("{http://www.tei-c.org")}
    assert ours - theirs == set()
