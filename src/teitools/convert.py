"""The conversion pipeline: Source -> reader -> Document -> TEI bytes, with its self-check."""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from teitools import codes, fidelity, header, language, layout, meta
from teitools import model as m
from teitools.diagnostics import Diagnostic, Severity
from teitools.resources import data_file
from teitools.source import Source, encoding_label
from teitools.validation import rng
from teitools.writer import TEI_NS, build_tree, serialise

_ONE = {"bibliographic_entries": "bibliographic entry", "notes_without_text": "note without text",
        "speeches": "speech", "split_words_joined": "split word joined", "supplied_pages": "supplied page",
        "texts_without_marker": "text without marker", "transcriber_notes": "transcriber note",
        "bibl": "bibl", "furniture": "furniture", "verse": "verse"}


def counted(name: str, count: int) -> str:
    """A count of the summary line in words: ``3 split words joined``, ``1 split word joined``
    (``name``: a key of :data:`teitools.model.COUNTED`)."""
    if count == 1:
        return f"1 {_ONE.get(name, name.removesuffix('s').replace('_', ' '))}"
    return f"{count} {name.replace('_', ' ')}"


@dataclass
class Conversion:
    """The result of converting one source: the TEI, and what was noticed on the way."""

    source: Source
    document: m.Document
    tree: etree._ElementTree
    data: bytes
    diagnostics: list[Diagnostic] = field(default_factory=list)
    detection: layout.Detection | None = None

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    def report(self, output: str | None) -> dict[str, object]:
        """This conversion's entry in the ``--report`` JSON."""
        return {
            "input": self.source.path,
            "output": output if self.ok else None,
            "ok": self.ok,
            "layout": self.document.layout,
            "sha256": self.source.sha256,
            "counts": dict(sorted(self.document.counts.items())),
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }

    @staticmethod
    def failed_report(path: str, diagnostic: Diagnostic,
                      entries: list[dict[str, object]]) -> dict[str, object]:
        """The ``--report`` entry of an input that failed: unreadable, or its output
        not written (then its conversion's entry, last in ``entries``, is taken over)."""
        entry: dict[str, object] = {"input": path, "output": None, "ok": False, "layout": None,
                                    "sha256": None, "counts": {}, "diagnostics": []}
        if entries and entries[-1]["input"] == path:
            entry = {**entries.pop(), "output": None, "ok": False}
        earlier = entry["diagnostics"]
        entry["diagnostics"] = [*(earlier if isinstance(earlier, list) else []), diagnostic.to_dict()]
        return entry

    def summary(self) -> str:
        """One line for stderr: the layout and the evidence it was chosen on, the encoding the
        input was read in, and the non-zero counts (``gutenberg: banner 'START OF THE PROJECT
        GUTENBERG EBOOK'; read as ISO-8859-1 (declared); 12 chapters, 30 figures``)."""
        counts = ", ".join(counted(k, v) for k, v in sorted(self.document.counts.items()) if v)
        parts = [self.detection.line() if self.detection else self.document.layout]
        parts.append(f"read as {encoding_label(self.source.encoding)}"
                     + ("" if self.source.encoding_from == "default" else f" ({self.source.encoding_from})"))
        if counts:
            parts.append(counts)
        return "; ".join(parts)


def convert_source(source: Source, layout_name: str = "auto",
                   options: dict[str, str] | None = None,
                   metadata: Mapping[str, Any] | None = None) -> Conversion:
    """Convert one decoded text; ``layout_name`` ``auto`` detects the layout.

    ``metadata`` is a validated sidecar (see ``meta``): its values replace detected ones.
    """
    detected = layout.detection(source, layout_name)
    given = (metadata or {}).get("language")
    document = layout.reader(detected.layout)(source, given if isinstance(given, str) else None)
    layout.count(document)
    meta.apply(document.metadata, metadata or {})
    if document.metadata.language is None:
        document.metadata.language = language.detect(source.text)
    document.warnings += header.missing(document.metadata)
    recorded = {"layout-option": layout_name, **(options or {})}
    tree = build_tree(document, source, recorded)
    diagnostics = [*source.warnings, *(
        Diagnostic(d.code, d.message, path=d.path or source.path, line=d.line, column=d.column,
                   severity=d.severity, hint=d.hint) for d in document.warnings)]
    diagnostics += fidelity.check(source.text, tree.getroot(), document.removed, path=source.path)
    data = serialise(tree)
    diagnostics += schema_errors(tree, data, source.path)
    return Conversion(source, document, tree, data, diagnostics, detected)


def schema_errors(tree: etree._ElementTree, data: bytes, path: str) -> list[Diagnostic]:
    """What convert is about to write, checked against our schema (``schemas/teitools.rng``,
    a subset of tei_all) with the validator's RELAX NG stage: an invalid result is a
    converter bug, reported (CNV001, the first fault and how many) so that nothing invalid
    is ever written."""
    checked = _in_chunks(tree)
    faults = rng.validate(_own_grammar(), checked, data if checked is tree else etree.tostring(checked), path)
    if not faults:
        return []
    first = faults[0]
    return [Diagnostic(codes.CNV001, f"the TEI would not be valid against teitools.rng ({len(faults)} "
                       f"fault(s), the first: {first.code} {first.message}); not written",
                       path=path, hint="this is a converter bug; please report it with the input")]


@functools.cache
def _own_grammar() -> rng.Grammar:
    """``schemas/teitools.rng``, parsed once per process."""
    return rng.Grammar(data_file("schemas", "teitools.rng"))


CHUNK = 200  # blocks of a long part checked together
_PARTS = frozenset(f"{{{TEI_NS}}}{name}" for name in ("front", "body", "back", "div"))
_DIV = f"{{{TEI_NS}}}div"


def _in_chunks(tree: etree._ElementTree) -> etree._ElementTree:
    """The tree as the RELAX NG check sees it: a part (front, body, back, div) holding more
    than CHUNK blocks and no division has them checked CHUNK at a time, each run wrapped in a
    ``div``. libxml2's RELAX NG validator takes time quadratic in the length of one content
    sequence (a plain text of 20,000 paragraphs in one body); a run of blocks is valid in a
    part exactly when each of its pieces is valid in a div, whose content model is the
    part's, so the verdict and the faults named are the same."""
    if not any(_long(part) for part in tree.iter(*_PARTS)):
        return tree
    copied = copy.deepcopy(tree)
    for part in [part for part in copied.iter(*_PARTS) if _long(part)]:
        children = list(part)
        for start in range(0, len(children), CHUNK):
            wrapper = etree.SubElement(part, _DIV)
            wrapper.extend(children[start:start + CHUNK])
    return copied


def _long(part: etree._Element) -> bool:
    """A part holding more than CHUNK blocks and no division."""
    return len(part) > CHUNK and part.find(_DIV) is None
