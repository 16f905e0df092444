"""James Clark's RELAX NG test suite (jing-trang's spectest.xml) through `teitools validate
--schema` and through plain lxml: how many verdicts each gets right.

Usage: python bench/spectest.py [--suite PATH] [--list]
(default suite: ../shared/conformance/relaxng-spectest/spectest.xml)

Each test case is written to a folder of its own as jing-trang's test harness splits it (the
schema as c.rng or i.rng, its resources and folders beside it, instances N.v.xml and N.i.xml);
teitools then checks each case's instances in process, as `teitools validate --schema c.rng`
does (run.validate_all), and plain lxml compiles the schema with etree.RelaxNG and asks each
instance's boolean. A correct schema's instance is right when the verdict is the expected one;
an incorrect schema is right when it is refused (jing refuses every one).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO.parent / "shared" / "conformance" / "relaxng-spectest" / "spectest.xml"


@dataclass
class Case:
    """One testCase, written out: its schema and its instances with their expected verdicts."""

    number: int
    section: str
    schema: Path
    correct: bool
    instances: list[tuple[Path, bool]] = field(default_factory=list)  # (file, expected valid)


def _write_xml(path: Path, holder: etree._Element) -> None:
    """The children of ``holder`` (the element, any comments and PIs around it) as a document."""
    parts = [etree.tostring(node, encoding="unicode", with_tail=False) for node in holder
             if not isinstance(node, etree._Entity)]
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + "\n".join(parts), encoding="utf-8")


def _resources(holder: etree._Element, folder: Path) -> None:
    for node in holder:
        if node.tag == "resource":
            target = folder / node.get("name", "")
            if len(node):
                _write_xml(target, node)
            else:
                target.write_text(node.text or "", encoding="utf-8")
        elif node.tag == "dir":
            sub = folder / node.get("name", "")
            sub.mkdir(exist_ok=True)
            _resources(node, sub)


def cases(suite: Path, folder: Path) -> Iterator[Case]:
    """Every test case of the suite written below ``folder``, in document order."""
    tree = etree.parse(str(suite), etree.XMLParser(resolve_entities=True, no_network=True))
    for number, test in enumerate(tree.iter("testCase"), 1):
        base = folder / f"{number:03d}"
        base.mkdir()
        schema_holder = test.find("correct")
        correct = schema_holder is not None
        if schema_holder is None:
            schema_holder = test.find("incorrect")
        assert schema_holder is not None
        schema = base / ("c.rng" if correct else "i.rng")
        _write_xml(schema, schema_holder)
        _resources(test, base)
        case = Case(number, test.findtext("section") or "", schema, correct)
        for kind in ("valid", "invalid"):
            for index, holder in enumerate(test.iterfind(kind), 1):
                instance = base / f"{index}.{kind[0]}.xml"
                _write_xml(instance, holder)
                case.instances.append((instance, kind == "valid"))
        case.instances.sort(key=lambda item: [item[0].name.split(".")[1], int(item[0].name.split(".")[0])])
        yield case


@dataclass
class Outcome:
    """One tool's verdicts on one case: None when it refused the schema, else each instance's."""

    refused: bool
    valid: list[bool]


def teitools_verdicts(case: Case) -> Outcome:
    """`teitools validate --schema SCHEMA INSTANCES...`, in process: RELAX NG only, as the
    suite asks (no Schematron, no integrity checks)."""
    from teitools.diagnostics import TeiToolsError
    from teitools.validation import run

    options = run.Options(schema=str(case.schema), embedded_schematron=False, integrity=False)
    try:
        results = run.validate_all([path for path, _ in case.instances], options)
    except TeiToolsError:
        return Outcome(True, [])
    return Outcome(False, [result.valid for result in results])


def lxml_verdicts(case: Case) -> Outcome:
    """Plain lxml: compile the schema file, then each instance's boolean."""
    try:
        schema = etree.RelaxNG(file=str(case.schema))
    except etree.RelaxNGParseError:
        return Outcome(True, [])
    verdicts = []
    for path, _ in case.instances:
        try:
            verdicts.append(bool(schema.validate(etree.parse(str(path)))))
        except etree.XMLSyntaxError:
            verdicts.append(False)
    return Outcome(False, verdicts)


@dataclass
class Score:
    """Counts of one tool over the suite."""

    instances: int = 0  # instances of correct schemas
    right: int = 0
    invalid_called_valid: int = 0
    valid_called_invalid: int = 0
    correct_refused: int = 0
    incorrect: int = 0
    incorrect_refused: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, case: Case, outcome: Outcome) -> None:
        if not case.correct:
            self.incorrect += 1
            if outcome.refused:
                self.incorrect_refused += 1
            else:
                self.wrong.append(f"{case.number:03d} (section {case.section}): incorrect schema accepted")
            return
        self.instances += len(case.instances)
        if outcome.refused:
            self.correct_refused += 1
            self.wrong.append(f"{case.number:03d} (section {case.section}): correct schema refused")
            outcome = Outcome(True, [False] * len(case.instances))
        for (path, expected), found in zip(case.instances, outcome.valid, strict=True):
            if found == expected:
                self.right += 1
                continue
            if expected:
                self.valid_called_invalid += 1
            else:
                self.invalid_called_valid += 1
            if not outcome.refused:
                self.wrong.append(f"{case.number:03d}/{path.name} (section {case.section}): "
                                  f"{'valid' if expected else 'invalid'} instance called "
                                  f"{'valid' if found else 'invalid'}")

    def line(self, name: str) -> str:
        return (f"{name:9} {self.right}/{self.instances} instance verdicts right "
                f"({self.invalid_called_valid} invalid called valid, {self.valid_called_invalid} valid "
                f"called invalid, {self.correct_refused} correct schemas refused); "
                f"{self.incorrect_refused}/{self.incorrect} incorrect schemas refused")


def score(suite: Path) -> dict[str, Score]:
    scores = {"teitools": Score(), "lxml": Score()}
    with tempfile.TemporaryDirectory(prefix="spectest-") as tmp:
        for case in cases(suite, Path(tmp)):
            scores["teitools"].add(case, teitools_verdicts(case))
            scores["lxml"].add(case, lxml_verdicts(case))
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--suite", type=Path, default=SUITE)
    parser.add_argument("--list", action="store_true", help="list what each tool gets wrong")
    args = parser.parse_args()
    if not args.suite.is_file():
        print(f"{args.suite} is not there", file=sys.stderr)
        return 2
    scores = score(args.suite)
    for name, result in scores.items():
        print(result.line(name))
        if args.list:
            for wrong in result.wrong:
                print(f"  {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
