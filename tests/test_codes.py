"""The one registry of diagnostic codes (teitools.codes): every code made through it, each
registered once and documented, docs/rules.md generated from it."""

from __future__ import annotations

import ast
import functools
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools import codes
from teitools.cli import main
from teitools.diagnostics import Severity

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "teitools"
REGISTRY = SRC / "codes.py"
SOURCES = sorted(p for p in SRC.rglob("*.py") if p != REGISTRY)


@functools.cache
def _nodes() -> tuple[tuple[Path, ast.AST], ...]:
    """Every syntax node of the sources with its file, parsed and walked once for the tests here."""
    return tuple((path, node) for path in SOURCES
                 for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))))


def test_no_code_is_written_as_a_literal_outside_the_registry() -> None:
    literals = [f"{path.relative_to(REPO)}:{node.lineno}: {node.value!r}"
                for path, node in _nodes()
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
                and codes.CODE.fullmatch(node.value)]
    assert literals == [], "make these diagnostics with codes.CODE, registered in codes.py"


def test_every_code_referred_to_is_registered_and_every_registered_code_is_used() -> None:
    used = {node.attr for _, node in _nodes()
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "codes"
            and codes.CODE.fullmatch(node.attr)}
    assert sorted(used - set(codes.RULES)) == []
    assert sorted(set(codes.RULES) - used) == [], "registered but never reported"


def test_every_code_is_registered_once_under_its_own_name() -> None:
    tree = ast.parse(REGISTRY.read_text(encoding="utf-8"))
    registered = [node.args[0].value for node in ast.walk(tree)
                  if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_rule"
                  and isinstance(node.args[0], ast.Constant)]
    assert [code for code, n in Counter(registered).items() if n > 1] == []
    assert sorted(registered) == sorted(codes.RULES)
    for code, rule in codes.RULES.items():
        assert getattr(codes, code) is rule
    with pytest.raises(ValueError, match="twice"):
        codes._rule("IO001", Severity.ERROR, "again", commands=("convert",), explanation="x", example="x")


@pytest.mark.parametrize("rule", list(codes.RULES.values()), ids=str)
def test_every_rule_is_documented(rule: codes.Rule) -> None:
    assert rule.summary and "\n" not in rule.summary
    assert len(rule.explanation) >= 60 and rule.example
    assert rule.commands and set(rule.commands) <= {"convert", "validate", "export", "schemas", "rules"}
    assert rule.hint is None or "\n" not in rule.hint


def test_severities_written_at_the_call_sites_are_the_registry_s() -> None:
    """A ``Diagnostic(codes.X, ..., severity=Severity.Y)`` says what the registry says of X
    (no severity: an error)."""
    wrong = []
    for path, node in _nodes():
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Diagnostic"
                and node.args):
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Attribute) and getattr(first.value, "id", None) == "codes"):
            continue
        given = next((k.value for k in node.keywords if k.arg == "severity"), None)
        if given is None:
            severity = Severity.ERROR
        elif isinstance(given, ast.Attribute) and getattr(given.value, "id", None) == "Severity":
            severity = Severity[given.attr]
        else:
            continue  # computed: the registry is consulted there
        if codes.RULES[first.attr].severity is not severity:
            wrong.append(f"{path.relative_to(REPO)}:{node.lineno}: {first.attr} as {severity.value}")
    assert wrong == []


def test_diagnostics_take_their_hint_from_the_registry() -> None:
    from teitools.diagnostics import Diagnostic

    assert Diagnostic(codes.ID001, "x").hint == codes.ID001.hint
    assert Diagnostic(codes.ID001, "x", hint="own").hint == "own"
    assert type(Diagnostic(codes.ID001, "x").code) is str


def test_rules_lists_and_explains() -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["rules"])
    assert listed.exit_code == 0
    assert len(listed.output.splitlines()) == len(codes.RULES)
    assert listed.output.startswith("IO001 ")
    one = runner.invoke(main, ["rules", "ebk001"])
    assert one.exit_code == 0
    assert one.output.startswith("EBK001 (warning; convert): ") and "Example:" in one.output
    unknown = runner.invoke(main, ["rules", "XYZ001"])
    assert unknown.exit_code == 2 and "USE006" in unknown.output


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    result = CliRunner().invoke(main, ["rules", "--format", "markdown"])
    page = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert result.output == page, "run: teitools rules --format markdown > docs/rules.md"


def test_renamed_codes_are_listed_in_the_changelog() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    for old, new in (("IN002", "IO009"), ("IO003", "IO004"), ("SCH002", "SCT001"), ("SCH003", "SCT002")):
        assert f"`{old}`" in changelog and f"`{new}`" in changelog
        assert old not in codes.RULES or old in ("SCH002", "SCH003")  # those keep their RELAX NG meaning
