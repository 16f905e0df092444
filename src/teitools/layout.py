"""Layout detection and the registry of readers.

Each reader module offers ``score(source) -> float`` (how well the text fits its
layout, 0..1) and ``read(source) -> Document``; a reader may also offer
``evidence_line(source) -> str``, one line saying what it found.  Detection picks the best
score and says why (:func:`detection`): the reader's own evidence, or what this module
reads of the evidence the score weighed (``teitools.evidence``).  Readers are imported
when first needed, so that commands that convert nothing (validate, export) do not pay
for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from teitools import model as m
from teitools.source import Source

READERS: dict[str, str] = {
    "ebook": "teitools.readers.ebook",
    "gutenberg": "teitools.readers.gutenberg",
    "plain": "teitools.readers.plain",
    "web": "teitools.readers.web",
    "ocr-paged": "teitools.readers.ocr",
}


@dataclass(frozen=True)
class Detection:
    """The layout chosen for a text, its score, and the evidence in one line
    (``gutenberg: banner 'START OF THE PROJECT GUTENBERG EBOOK'``)."""

    layout: str
    score: float
    evidence: str
    forced: bool = False  # chosen with --layout, not detected

    def line(self) -> str:
        """``layout: evidence`` for the summary convert prints."""
        return f"{self.layout}: {self.evidence}"


def names() -> list[str]:
    """The layouts, sorted."""
    return sorted(READERS)


def module(name: str) -> ModuleType:
    """The reader module of layout ``name``, imported when first asked for."""
    return importlib.import_module(READERS[name])


CERTAIN = ("gutenberg",)  # readers whose full score is decisive evidence (a Project Gutenberg banner)


def _scores(source: Source) -> dict[str, float]:
    return {name: float(module(name).score(source)) for name in names()}


def detection(source: Source, layout_name: str = "auto") -> Detection:
    """The layout whose reader scores the text highest (``plain`` on ties), with the evidence;
    ``layout_name`` other than ``auto`` is taken as given (``--layout``). A full score of a
    reader in ``CERTAIN`` ends the search (no other layout can beat a Gutenberg banner)."""
    if layout_name != "auto":
        return Detection(layout_name, 1.0, "chosen with --layout", forced=True)
    for name in CERTAIN:
        if float(module(name).score(source)) >= 1.0:
            return Detection(name, 1.0, explain(name, source, {name: 1.0}))
    scores = _scores(source)
    best = "plain"
    for name in names():
        if scores[name] > scores[best]:
            best = name
    return Detection(best, scores[best], explain(best, source, scores))


def detect(source: Source) -> str:
    """The layout whose reader scores the text highest (``plain`` on ties)."""
    return detection(source).layout


def explain(name: str, source: Source, scores: dict[str, float]) -> str:
    """One line of evidence for layout ``name``: the reader's own ``evidence_line`` when it has
    one, else what the scores weighed."""
    own: Callable[[Source], str] | None = getattr(module(name), "evidence_line", None)
    if own is not None:
        return own(source)
    if name == "ocr-paged":
        return _ocr_evidence(source)
    if name == "plain":
        pages = _page_line(source)
        return "no other layout fits" + (f" ({pages})" if pages else "")
    return f"score {scores[name]:.2f}"


def _page_line(source: Source) -> str:
    """What the numbers of a text that is not ``ocr-paged`` were found to be, if anything."""
    from teitools import evidence

    pages = evidence.page_evidence(source)
    return "" if not (pages.numbers or pages.rejected) else pages.describe()


def _ocr_evidence(source: Source) -> str:
    from teitools import evidence

    pages = evidence.page_evidence(source)
    if pages.convincing:
        return pages.describe()
    share, examples = evidence.garbled_share(source)
    shown = ", ".join(repr(e) for e in examples)
    return (f"no page numbers, but OCR lines without paragraph spacing and {share:.1%} garbled words"
            f" (e.g. {shown})")


def count(doc: m.Document) -> None:
    """Set the counts of a document its reader finished (the one place they are made): the
    names its layout's module lists in ``COUNTS``, read from the parts ``COUNTED_PARTS`` (by
    default front, body and back) by :func:`teitools.model.recount`."""
    reader_module = module(doc.layout)
    names: tuple[str, ...] = reader_module.COUNTS
    parts: tuple[m.Part, ...] = getattr(reader_module, "COUNTED_PARTS", m.PARTS)
    m.recount(doc, *names, parts=parts)


def reader(name: str) -> Callable[[Source, str | None], m.Document]:
    """The ``read`` function of layout ``name``: ``read(source, lang)``, where ``lang`` is the
    language the user gave (``--lang``, a sidecar's ``language``), which the reader takes
    instead of detecting one; None to detect."""
    read: Callable[[Source, str | None], m.Document] = module(name).read
    return read
