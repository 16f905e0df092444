"""Layout detection and the registry of readers.

Each reader module offers ``score(source) -> float`` (how well the text fits its
layout, 0..1) and ``read(source) -> Document``.  Detection picks the best score.
Readers are imported when first needed, so that commands that convert nothing
(validate, export) do not pay for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

from teitools import model as m
from teitools.source import Source

READERS: dict[str, str] = {
    "ebook": "teitools.readers.ebook",
    "plain": "teitools.readers.plain",
    "web": "teitools.readers.web",
    "ocr-paged": "teitools.readers.ocr",
}


def names() -> list[str]:
    return sorted(READERS)


def module(name: str) -> ModuleType:
    return importlib.import_module(READERS[name])


def detect(source: Source) -> str:
    """The layout whose reader scores the text highest (``plain`` on ties)."""
    best, best_score = "plain", float(module("plain").score(source))
    for name in names():
        s = float(module(name).score(source))
        if s > best_score:
            best, best_score = name, s
    return best


def reader(name: str) -> Callable[[Source], m.Document]:
    read: Callable[[Source], m.Document] = module(name).read
    return read
