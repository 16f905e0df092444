"""Layout detection and the registry of readers.

Each reader module offers ``score(source) -> float`` (how well the text fits its
layout, 0..1) and ``read(source) -> Document``.  Detection picks the best score.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from teitools import model as m
from teitools.readers import ebook, ocr, plain, web
from teitools.source import Source

READERS: dict[str, ModuleType] = {
    "ebook": ebook,
    "plain": plain,
    "web": web,
    "ocr-paged": ocr,
}


def names() -> list[str]:
    return sorted(READERS)


def detect(source: Source) -> str:
    """The layout whose reader scores the text highest (``plain`` on ties)."""
    best, best_score = "plain", plain.score(source)
    for name in names():
        s = float(READERS[name].score(source))
        if s > best_score:
            best, best_score = name, s
    return best


def reader(name: str) -> Callable[[Source], m.Document]:
    read: Callable[[Source], m.Document] = READERS[name].read
    return read
