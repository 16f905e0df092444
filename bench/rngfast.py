"""libxml2's validation of a folder against tei_all reduced to the folder's names, and against that
reduction rewritten by `teitools.validation.rngfast`: CPU time of each and whether every verdict
is the same. With --pairs, the schema that gives `teitools validate` its verdicts in a batch (tei_all's
subtree schema reduced to the batch's names and rewritten) against that schema pruned to the
(element, child) and (element, @attribute) pairs of the batch's documents (`rngfast.by_pairs`),
with the pruning's own time.

Usage: python bench/rngfast.py [--folder DIR] [--also DIR]... [--pairs]
(default folder: ../shared/conformance/validate, its well-formed documents checked against
tei_all; --also adds the *.xml files of another folder, such as ../shared/devcorpus/tei)

Every document is parsed once (XIncludes resolved, as `teitools validate` does), then validated
by each compiled schema in this process; the times are this process's CPU time (user + system)
for the validations alone, and for compiling each schema.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from teitools.diagnostics import TeiToolsError  # noqa: E402
from teitools.validation import rngfast, run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, default=REPO.parent / "shared" / "conformance" / "validate")
    parser.add_argument("--also", type=Path, action="append", default=[])
    parser.add_argument("--pairs", action="store_true",
                        help="compare the batch's rewriting with it pruned to the documents' name pairs")
    args = parser.parse_args()
    verdicts = args.folder / "verdicts.json"
    if not verdicts.is_file():
        print(f"{verdicts} is not there", file=sys.stderr)
        return 2
    records = [r for r in json.loads(verdicts.read_text()) if r["schema"] == "schemas/tei_all.rng"]
    paths = [args.folder / r["file"] for r in records if r["well_formed"]]
    paths += [p for folder in args.also for p in sorted(folder.rglob("*.xml"))]
    documents = []
    for path in paths:
        try:
            documents.append(run.load(path, run.Options(), pairs=args.pairs))
        except TeiToolsError:
            continue
    names = frozenset().union(*(d.vocabulary for d in documents))
    pairs = frozenset().union(*(d.pairs or frozenset() for d in documents))
    grammar = run.grammar(args.folder / "schemas" / "tei_all.rng")
    reduced = grammar.reduced(names, [grammar._subtree_start(names)] if args.pairs else None)
    rewritten = rngfast.rewrite(reduced)
    if rewritten is None:
        print("the reduction cannot be rewritten")
        return 1
    if args.pairs:
        start = time.process_time()
        pruned = rngfast.by_pairs(rewritten, pairs)
        pruning = time.process_time() - start
        schemas = (("rewriting", rewritten), ("pruned to the pairs", pruned))
    else:
        schemas = (("reduction", reduced), ("rewriting", rewritten))
    rows = []
    for label, tree in schemas:
        start = time.process_time()
        schema = etree.RelaxNG(etree.ElementTree(tree))
        compiled = time.process_time() - start
        start = time.process_time()
        found = [bool(schema.validate(d.tree)) for d in documents]
        rows.append((label, compiled, time.process_time() - start, found))
    same = rows[0][3] == rows[1][3]
    counted = f"{len(names)} names, {len(pairs)} pairs" if args.pairs else f"{len(names)} names"
    print(f"{len(documents)} documents, {counted}; valid: {sum(rows[0][3])}")
    if args.pairs:
        print(f"pruning: {pruning:.2f} s (CPU)")
    for label, compiled, validated, _ in rows:
        print(f"{label}: compile {compiled:.2f} s, validate {validated:.2f} s (CPU)")
    print("same verdict on every document" if same else "VERDICTS DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
