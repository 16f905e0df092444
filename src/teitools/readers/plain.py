"""The plain layout: one paragraph per blank-line-separated block, lineation kept."""

from __future__ import annotations

from teitools import model as m
from teitools.source import Source

COUNTS = ("paragraphs",)  # what the summary and the report count (model.COUNTED)


def score(source: Source) -> float:
    """Plain text fits anything a little: it is the fallback."""
    return 0.1


def paragraph(lines: list[str], first_line: int) -> m.Paragraph:
    """A paragraph whose source lines are kept as ``<lb/>``-separated text."""
    content: list[m.Inline] = []
    for offset, line in enumerate(lines):
        if offset:
            content.append(m.LineBreak(line=first_line + offset))
        content.append(m.Text(line.strip()))
    return m.Paragraph(content, line=first_line)


def blocks_of(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines with the 1-based number of their first line."""
    runs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            runs.append((start, current))
            current = []
    if current:
        runs.append((start, current))
    return runs


def read(source: Source, lang: str | None = None) -> m.Document:
    """Blank-line-separated blocks as paragraphs, lineation kept; ``lang`` is unused."""
    doc = m.Document(layout="plain")
    doc.body = [paragraph(lines, start) for start, lines in blocks_of(source.lines)]
    return doc
