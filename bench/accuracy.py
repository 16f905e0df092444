"""Accuracy of `teitools convert` on the development gold: the scorer's figures, and the same
figures within the annotated region.

Usage: .venv/bin/python bench/accuracy.py [--json] [GOLD.json ...]
(default: every ../shared/eval/gold-dev/*.json; each gold names its corpus file in "source")

Why two sets of figures: the development gold annotates only the first half of each corpus
file, but the official scorer (../shared/eval/score_convert.py, imported by path, never copied)
counts every <pb>, <figure> and note of the whole output as a prediction.  A converter that is
right on the whole file therefore gets a pages/figures/notes precision (and F1) capped by the
share of those items that fall in the annotated half.  The "region" figures judge only the
predictions that lie in the region the gold annotates.

The region, for each kind (pages, figures, notes), in the scorer's running-text flow (its Flow):
1. The gold annotates every kind up to the last source line that any of its items names in the
   running text (line, end_line, ref_line, start_line, number_line of pages, figures, notes,
   headings, dehyphenation, ...; not a note's body_line: endnote texts are printed at the end of
   the book).  The end of that line is found in the flow by its last six words (digits left
   out: page numbers and note markers leave the running text), stepping back a word at a time
   while such a run is not found exactly once.  A prediction before that point is judged; one
   exactly at it is judged for notes (a marker follows its word) but not for <pb> or <figure>
   (they open what follows).  One edge is judged against the converter: a page that starts
   before that line but prints its number after it may be missing from the gold.
2. The region also reaches the last prediction the scorer matched to a gold item: the smallest
   cutoff at which the scorer, scoring only the predictions up to it, matches as many gold items
   as on the whole output.  So every match counts, and so does every unmatched prediction lying
   between matched ones or before the end of the gold's last line.
3. Predictions after the region are not judged.
Region precision = matched / judged predictions; recall and placement are the scorer's; F1 is
computed from these.  Every other metric is the scorer's own, and SCORE is the scorer's mean of
the same parts.  The judged predictions are counted by the scorer itself: a copy of the TEI
without the predictions after the cutoff is scored again for that kind alone.  Removing a note
removes its <note> element: teitools writes each note in place, at its marker.
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from teitools.convert import convert_source
from teitools.diagnostics import Severity, TeiToolsError
from teitools.source import read_source

REPO = Path(__file__).resolve().parent.parent
KINDS = ("pages", "figures", "notes")
ELEMENT = {"pages": "pb", "figures": "figure", "notes": "note"}
LINE_FIELDS = ("line", "end_line", "ref_line", "start_line", "number_line")
RUN = 6          # words that locate the end of a source line in the flow
MAX_STEPS = 40   # how far back (in words) to look for a run found exactly once
CONTEXT_LINES = 40  # source lines read back from the covered line: enough for RUN + MAX_STEPS words


def shared_dir() -> Path:
    env = os.environ.get("TEITOOLS_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def load_scorer(path: Path) -> ModuleType:
    """The official scorer as a module, loaded from its file."""
    spec = importlib.util.spec_from_file_location("score_convert", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def counts(detail: dict[str, str], kind: str) -> tuple[int, int, int]:
    """(matched, gold, predicted) from the scorer's '<kind>.f1' detail line."""
    found = re.match(r"(\d+) .*? of (\d+) gold / (\d+) ", detail[f"{kind}.f1"])
    if found is None:
        raise ValueError(f"unexpected scorer detail for {kind}: {detail[f'{kind}.f1']!r}")
    matched, gold, predicted = map(int, found.groups())
    return matched, gold, predicted


class Region:
    """The region rule for one TEI document and its gold (see the module docstring)."""

    def __init__(self, sc: ModuleType, gold: dict[str, Any], root: Any, src_lines: list[str] | None):
        self.sc, self.gold, self.root, self.src_lines = sc, gold, root, src_lines
        text_el = root.find(f".//{{{sc.TEI_NS}}}text")
        ref_ids, _ = sc.collect_notes(text_el)
        self.flow = sc.Flow(text_el, ref_ids)
        self.elements = {kind: list(text_el.iter(f"{{{sc.TEI_NS}}}{ELEMENT[kind]}")) for kind in KINDS}
        self.covered_line = max((item.get(f) or 0 for items in gold.values() if isinstance(items, list)
                                 for item in items if isinstance(item, dict) for f in LINE_FIELDS), default=0)
        self.covered_end = self.line_end(self.covered_line)

    def flow_words(self) -> tuple[list[str], list[int], dict[str, list[int]]]:
        """The flow's non-digit tokens (as the scorer tokenises), the offset where each one's
        whitespace-delimited chunk ends, and the scorer's index of the tokens."""
        words, ends = [], []
        for chunk in re.finditer(r"\S+", self.flow.joined):
            for tok in self.sc.toks(chunk.group()):
                if not tok.isdigit():
                    words.append(tok)
                    ends.append(chunk.end())
        return words, ends, self.sc.make_index(words)

    def line_end(self, line: int) -> int | None:
        """Flow offset of the end of source line ``line`` (1-based), or None if not found."""
        if self.src_lines is None or not 0 < line <= len(self.src_lines):
            return None
        first = max(0, line - CONTEXT_LINES)
        wanted = [t for t in self.sc.toks("\n".join(self.src_lines[first:line]), True) if not t.isdigit()]
        words, ends, index = self.flow_words()
        for step in range(min(MAX_STEPS, len(wanted) - RUN) + 1):
            run = wanted[len(wanted) - RUN - step:len(wanted) - step]
            hits = [p for p in index.get(run[0], ()) if words[p:p + RUN] == run]
            if len(hits) == 1:
                return ends[min(hits[0] + RUN - 1 + step, len(ends) - 1)]
        return None

    def covered_cutoff(self, kind: str) -> tuple[int, int | None]:
        """(cutoff, line): predictions of ``kind`` at flow offsets <= cutoff lie in the lines the
        gold covers; cutoff -1 when the end of those lines is not found in the flow."""
        if self.covered_end is None:
            return -1, None
        at_end_judged = kind == "notes"  # a marker follows its word; a <pb> or <figure> opens what follows
        return (self.covered_end if at_end_judged else self.covered_end - 1), self.covered_line

    def score_upto(self, kind: str, cutoff: float) -> tuple[int, int, int]:
        """The scorer's (matched, gold, predicted) for ``kind`` with every prediction after flow
        offset ``cutoff`` removed."""
        pruned = copy.deepcopy(self.root)
        text_el = pruned.find(f".//{{{self.sc.TEI_NS}}}text")
        twins = list(text_el.iter(f"{{{self.sc.TEI_NS}}}{ELEMENT[kind]}"))
        for original, twin in zip(self.elements[kind], twins, strict=True):
            if self.position(original) > cutoff:
                remove_keeping_tail(twin)
        _, detail, _ = self.sc.score({kind: self.gold[kind]}, pruned, None)
        return counts(detail, kind)

    def position(self, el: Any) -> int:
        """An element's flow offset; the scorer's 10**12 for one inside what the flow skips."""
        return int(self.flow.start.get(el, 10**12))

    def judge(self, kind: str, whole: tuple[int, int, int]) -> dict[str, Any]:
        """Matched, gold and judged predictions within the region of ``kind``; ``whole`` is the
        scorer's (matched, gold, predicted) on the whole output."""
        if self.score_upto(kind, float("inf")) != whole:
            raise ValueError(f"rescoring {kind} alone does not give the scorer's figures {whole}")
        cutoff, line = self.covered_cutoff(kind)
        upto = self.score_upto(kind, cutoff)
        extended = upto[0] < whole[0]
        if extended:  # matched predictions lie further on: reach the last one
            later = sorted({p for e in self.elements[kind] if (p := self.position(e)) > cutoff})
            lo, hi = 0, len(later) - 1
            while lo < hi:
                mid = (lo + hi) // 2
                if self.score_upto(kind, later[mid])[0] == whole[0]:
                    hi = mid
                else:
                    lo = mid + 1
            cutoff = later[lo]
            upto = self.score_upto(kind, cutoff)
        matched, ngold, judged = upto
        return {"matched": matched, "gold": ngold, "judged": judged, "predicted": whole[2],
                "covered_to_line": line, "to_last_match": extended}


def remove_keeping_tail(el: Any) -> None:
    """Remove an element; the text after it stays where it was."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        before = el.getprevious()
        if before is not None:
            before.tail = (before.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def region_metrics(sc: ModuleType, gold: dict[str, Any], root: Any, src_lines: list[str] | None,
                   raw: dict[str, float], detail: dict[str, str],
                   parts: list[str]) -> tuple[dict[str, float], dict[str, Any]]:
    """The scorer's metrics with pages/figures/notes precision and F1 judged within the region."""
    if mean_score(raw, parts) != raw["SCORE"]:
        raise ValueError("the scorer's SCORE is no longer the mean of its parts")
    metrics, info = dict(raw), {}
    kinds = [kind for kind in KINDS if f"{kind}.f1" in raw]
    if kinds:
        region = Region(sc, gold, root, src_lines)
        for kind in kinds:
            judged = info[kind] = region.judge(kind, counts(detail, kind))
            precision, recall, f1 = sc.prf(judged["matched"], judged["judged"], judged["gold"])
            metrics[f"{kind}.precision"] = round(precision, 4)
            metrics[f"{kind}.recall"] = round(recall, 4)
            metrics[f"{kind}.f1"] = round(f1, 4)
    metrics["SCORE"] = mean_score(metrics, parts)
    return metrics, info


def mean_score(metrics: dict[str, float], parts: list[str]) -> float:
    """The scorer's SCORE: the mean of its parts, in percent."""
    return round(100 * sum(metrics[k] for k in parts) / len(parts), 2) if parts else 0.0


def evaluate(sc: ModuleType, gold_path: Path, out_dir: Path) -> dict[str, Any]:
    """Convert the gold's corpus file, score it raw and within the region."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    source = sc.find_input(str(gold_path), str(out_dir), gold.get("source"), None)
    if source is None:
        raise FileNotFoundError(f"{gold_path.name}: corpus file {gold.get('source')} not found")
    conversion = convert_source(read_source(Path(source)))
    if not conversion.ok:
        first = next(d for d in conversion.diagnostics if d.severity is Severity.ERROR)
        raise RuntimeError(f"{gold_path.name}: conversion failed: {first.code} {first.message}")
    tei = out_dir / (Path(source).stem + ".xml")
    tei.write_bytes(conversion.data)
    root = sc.load_tei(str(tei))
    src_lines = Path(source).read_text(encoding="utf-8").split("\n")
    raw, detail, parts = sc.score(gold, root, src_lines)
    region, info = region_metrics(sc, gold, root, src_lines, raw, detail, parts)
    return {"gold": gold_path.name, "source": Path(source).name, "raw": raw, "region": region,
            "region_info": info, "detail": detail}


def table(results: list[dict[str, Any]]) -> str:
    """One row per file and metric: raw figure, region figure, and how the region was drawn."""
    def shown(key: str, value: float) -> str:
        return f"{value:8.2f}" if key == "SCORE" else f"{value:8.4f}"

    rows = [f"{'file':5} {'metric':28} {'raw':>8} {'region':>8}  predictions judged in the region"]
    for res in results:
        name = res["source"].split("_")[0]
        for key, value in res["raw"].items():
            kind = key.split(".")[0]
            info = res["region_info"].get(kind)
            judged = ""
            if info and key == f"{kind}.precision":
                where = [f"to line {info['covered_to_line']}"] if info["covered_to_line"] else []
                where += ["to the last match"] if info["to_last_match"] else []
                judged = f"{info['judged']} of {info['predicted']} ({', '.join(where)})"
            figures = f"{shown(key, value)} {shown(key, res['region'][key])}"
            rows.append(f"{name:5} {key:28} {figures}  {judged}".rstrip())
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path,
                        help="gold files (default: ../shared/eval/gold-dev/*.json)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()
    scorer = shared_dir() / "eval" / "score_convert.py"
    if not scorer.is_file():
        print(f"error: {scorer} is not there: the benchmark needs ../shared beside the repository "
              "(or TEITOOLS_SHARED)", file=sys.stderr)
        return 2
    sc = load_scorer(scorer)
    golds = args.gold or sorted((shared_dir() / "eval" / "gold-dev").glob("*.json"))
    results, failed = [], False
    with tempfile.TemporaryDirectory() as out:
        for gold_path in golds:
            try:
                results.append(evaluate(sc, gold_path, Path(out)))
            except (OSError, ValueError, RuntimeError, TeiToolsError, sc.Fail) as err:
                print(f"error: {err}", file=sys.stderr)
                failed = True
    if args.json:
        print(json.dumps({"files": results}, ensure_ascii=False, indent=1))
    else:
        print(table(results))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
