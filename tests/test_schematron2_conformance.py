"""The engine against the reference Schematron findings of the conformance suite (../shared).

schematron-verdicts.json holds, for 174 real and mutated TEI documents, what SchXslt on
Saxon reports with the rules of tei_all (see SCHEMATRON.md beside it). Every record must
match exactly: pattern, kind, location, role, context, test and message, in the same order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from shared import shared_path

from teitools.validation.finding import Finding
from teitools.validation.schematron2 import CompiledSchematron, compile_schema, load_schema

pytestmark = pytest.mark.slow  # conformance: deselect with -m 'not slow'

COMPARED = ("location", "role", "role_declared", "kind", "pattern", "context", "test", "message")


def validate_dir() -> Path:
    return shared_path("conformance", "validate")


@pytest.fixture(scope="module")
def tei_all_sch() -> CompiledSchematron:
    return compile_schema(validate_dir() / "schemas" / "tei_all.sch")


@pytest.fixture(scope="module")
def records() -> list[dict[str, object]]:
    data = json.loads((validate_dir() / "schematron-verdicts.json").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def as_record(findings: list[Finding]) -> list[dict[str, object]]:
    return [{key: f.svrl_record()[key] for key in COMPARED} for f in findings]


def test_every_record_matches_the_reference(tei_all_sch: CompiledSchematron,
                                            records: list[dict[str, object]]) -> None:
    assert len(records) == 174
    mismatches = []
    for record in records:
        path = validate_dir() / str(record["file"])
        findings = tei_all_sch.validate(path)
        if as_record(findings) != record["errors"]:
            mismatches.append((record["file"], as_record(findings), record["errors"]))
        assert all(f.line is not None and f.line > 0 for f in findings), record["file"]
    assert mismatches == []
    assert sum(len(r["errors"]) for r in records if isinstance(r["errors"], list)) == 47


def test_rules_embedded_in_tei_all_rng_are_those_of_tei_all_sch(
        tei_all_sch: CompiledSchematron, records: list[dict[str, object]]) -> None:
    base = validate_dir() / "schemas"
    embedded = load_schema(base / "tei_all.rng")
    extracted = load_schema(base / "tei_all.sch")
    sch = "{http://purl.oclc.org/dsdl/schematron}"

    def summary(schema: etree._Element) -> list[tuple[str, str | None]]:
        return [(str(child.tag), child.get("id") or child.get("prefix")) for child in schema
                if child.tag in (sch + "pattern", sch + "ns")]

    assert summary(embedded) == summary(extracted)
    from_rng = compile_schema(base / "tei_all.rng")
    for record in records:
        if record["errors"]:
            path = validate_dir() / str(record["file"])
            assert as_record(from_rng.validate(path)) == as_record(tei_all_sch.validate(path))
