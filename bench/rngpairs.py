"""The schema that gives `teitools validate` its verdicts in a batch (tei_all's subtree schema
reduced to the batch's names and rewritten by `teitools.validation.rngfast`), and that schema
pruned to the (element, child) and (element, @attribute) pairs of the batch's documents
(`rngfast.by_pairs`): libxml2's compile and validation CPU times of each, and whether every
verdict is the same.

Usage: python bench/rngpairs.py [--folder DIR] [--also DIR]...
(default folder: ../shared/conformance/validate, its well-formed documents checked against
tei_all; --also adds the *.xml files of another folder, such as ../shared/devcorpus/tei)

Every document is parsed once (XIncludes resolved, as `teitools validate` does), then validated
by each compiled schema in this process; the times are this process's CPU time (user + system):
the pruning itself (Python), each compile, and the validations alone (the verdict as
`Grammar.subtree_verdict` gives it).
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
            documents.append(run.load(path, run.Options()))
        except TeiToolsError:
            continue
    names = frozenset().union(*(d.vocabulary for d in documents))
    pairs = frozenset().union(*(d.pairs for d in documents))
    grammar = run.grammar(args.folder / "schemas" / "tei_all.rng")
    fast = rngfast.rewrite(grammar.reduced(names, [grammar._subtree_start(names)]))
    if fast is None:
        print("the reduction cannot be rewritten")
        return 1
    start = time.process_time()
    pruned = rngfast.by_pairs(fast, pairs)
    pruning = time.process_time() - start
    rows = []
    for label, tree in (("rewriting", fast), ("pruned to the pairs", pruned)):
        start = time.process_time()
        schema = etree.RelaxNG(etree.ElementTree(tree))
        compiled = time.process_time() - start
        start = time.process_time()
        found = [bool(schema.validate(d.tree)) for d in documents]
        rows.append((label, compiled, time.process_time() - start, found))
    same = rows[0][3] == rows[1][3]
    print(f"{len(documents)} documents, {len(names)} names, {len(pairs)} pairs; valid: {sum(rows[0][3])}")
    print(f"pruning: {pruning:.2f} s (CPU)")
    for label, compiled, validated, _ in rows:
        print(f"{label}: compile {compiled:.2f} s, validate {validated:.2f} s (CPU)")
    print("same verdict on every document" if same else "VERDICTS DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
