"""The annotated-region figures of bench/accuracy.py, on small composed documents."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from lxml import etree
from shared import REPO, shared_path

LINES = [
    "The river rose early in the spring of that year.1",
    "Farmers moved their cattle up to the higher meadows.2",
    "Nobody expected the old wooden bridge to hold for long.",
    "By summer the water had gone down again in every valley.3",
    "The mill was rebuilt with grey stone from the quarry.4",
]
GOLD_NOTES = {"notes": [
    {"n": "1", "ref_line": 1, "anchor": "in the spring of that year.", "body": None},
    {"n": "2", "ref_line": 2, "anchor": "up to the higher meadows.", "body": None},
]}


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> tuple[ModuleType, ModuleType]:
    scorer = load(shared_path("eval", "score_convert.py"), "score_convert")
    return load(REPO / "bench" / "accuracy.py", "bench_accuracy"), scorer


def tei(body: str) -> Any:
    return etree.fromstring(f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>'
                            f"{body}</body></text></TEI>")


def note(n: str) -> str:
    return f'<note place="end" n="{n}">Text of note {n}.</note>'


def run(bench: tuple[ModuleType, ModuleType], gold: dict[str, Any], body: str,
        lines: list[str] | None = LINES) -> tuple[dict[str, float], dict[str, float], dict[str, Any]]:
    accuracy, sc = bench
    root = tei(body)
    raw, detail, parts = sc.score(gold, root, None)
    region, info = accuracy.region_metrics(sc, gold, root, lines, raw, detail, parts)
    return raw, region, info


def paragraphs(*marks: str) -> str:
    """The composed lines as paragraphs, each followed by the markup in ``marks``."""
    return "".join(f"<p>{line.rstrip('0123456789')}{mark}</p>"
                   for line, mark in zip(LINES, marks, strict=True))


def test_notes_after_the_annotated_lines_are_not_judged(bench: tuple[ModuleType, ModuleType]) -> None:
    raw, region, info = run(bench, GOLD_NOTES, paragraphs(note("1"), note("2"), "", note("3"), note("4")))
    assert raw["notes.precision"] == 0.5
    assert region["notes.precision"] == 1.0
    assert region["notes.f1"] == 1.0
    assert info["notes"]["judged"] == 2 and info["notes"]["covered_to_line"] == 2
    assert region["SCORE"] > raw["SCORE"]


def test_a_wrong_note_between_gold_notes_counts(bench: tuple[ModuleType, ModuleType]) -> None:
    first = "<p>The river rose early" + note("9") + " in the spring of that year." + note("1") + "</p>"
    body = first + paragraphs("", note("2"), "", note("3"), note("4")).split("</p>", 1)[1]
    _, region, info = run(bench, GOLD_NOTES, body)
    assert info["notes"]["judged"] == 3
    assert region["notes.precision"] == pytest.approx(2 / 3, abs=1e-4)


def test_a_wrong_note_after_the_last_gold_note_on_a_covered_line_counts(
        bench: tuple[ModuleType, ModuleType]) -> None:
    gold = {"notes": [{**GOLD_NOTES["notes"][0]},
                      {"n": "2", "ref_line": 2, "anchor": "Farmers moved their cattle", "body": None}]}
    second = "<p>Farmers moved their cattle" + note("2") + " up to the higher meadows." + note("5") + "</p>"
    body = paragraphs(note("1"), "", "", note("3"), note("4")).replace(f"<p>{LINES[1][:-1]}</p>", second)
    _, region, info = run(bench, gold, body)
    assert info["notes"]["judged"] == 3
    assert region["notes.precision"] == pytest.approx(2 / 3, abs=1e-4)


def test_the_gold_of_other_kinds_extends_the_annotated_lines(bench: tuple[ModuleType, ModuleType]) -> None:
    gold = {**GOLD_NOTES, "headings": [{"level": 2, "line": 3, "text": LINES[2]}]}
    _, region, info = run(bench, gold, paragraphs(note("1"), note("2"), note("6"), note("3"), note("4")))
    assert info["notes"]["covered_to_line"] == 3
    assert info["notes"]["judged"] == 3
    assert region["notes.precision"] == pytest.approx(2 / 3, abs=1e-4)


def test_without_the_source_the_region_ends_at_the_last_match(bench: tuple[ModuleType, ModuleType]) -> None:
    body = paragraphs(note("1") + note("7"), note("2"), note("8"), "", "")
    raw, region, info = run(bench, GOLD_NOTES, body, lines=None)
    assert raw["notes.precision"] == 0.5
    assert info["notes"]["to_last_match"] and info["notes"]["covered_to_line"] is None
    assert region["notes.precision"] == pytest.approx(2 / 3, abs=1e-4)


def test_the_next_page_break_at_the_end_of_the_covered_line_is_not_judged(
        bench: tuple[ModuleType, ModuleType]) -> None:
    gold = {"pages": [{"n": "1", "number_line": 2, "number_token": "2", "start_line": 1,
                       "starts_with": "The river rose early"}]}
    body = '<p><pb n="1"/>' + " ".join(line.rstrip("0123456789") for line in LINES[:2]) + '<pb n="2"/>' \
        + " ".join(line.rstrip("0123456789") for line in LINES[2:]) + "</p>"
    raw, region, info = run(bench, gold, body)
    assert raw["pages.precision"] == 0.5
    assert info["pages"]["judged"] == 1
    assert region["pages.f1"] == 1.0
    assert region["pages.placement"] == raw["pages.placement"] == 1.0
