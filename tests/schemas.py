"""Validity checks for tests: our schema and tei_all, each compiled once per test session.

tei_all goes through teitools' own RELAX NG stage (reduced to the document's vocabulary,
verdicts identical to jing's), which takes milliseconds where compiling the whole
schema with libxml2 takes seconds.
"""

from __future__ import annotations

from lxml import etree
from shared import REPO

from teitools.validation import rng, run

OWN = REPO / "schemas" / "teitools.rng"


def errors_against(schema: str, tree: etree._ElementTree | etree._Element) -> list[str]:
    """RELAX NG errors of a document against ``"own"`` (teitools.rng) or ``"tei_all"``."""
    path = OWN if schema == "own" else REPO / "schemas" / "tei_all.rng"  # bundled with teitools
    doc = tree if isinstance(tree, etree._ElementTree) else etree.ElementTree(tree)
    data = etree.tostring(doc, encoding="UTF-8")
    return [d.to_text() for d in rng.validate(run.grammar(path), doc, data, "doc")]
