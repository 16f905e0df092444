# ruff: noqa: RUF001  (OCR text is full of typographic quotes and dashes)
"""Footnotes at the foot of a printed page, keyed by a symbol (``*``, ``†``).

A footnote opens a block with its symbol (``* Since Western dating ...``) and runs
to the next blank line.  Its marker is the same symbol glued to a word or a stop
earlier on the page (``1905-6.* Once``); the note is placed there, as TEI wants it,
and the marker and label, which became the note's ``n``, are recorded as removed.
"""

from __future__ import annotations

import re

from teitools import model as m

_LABEL = re.compile(r"^\s*([*†‡]{1,3})\s+(?=\S)")


def label(line: str) -> re.Match[str] | None:
    return _LABEL.match(line)


def opens_note(lines: list[str], index: int) -> bool:
    """Does a footnote start at line ``index`` (a label after a blank line)?"""
    return bool(_LABEL.match(lines[index])) and (index == 0 or not lines[index - 1].strip())


def extent(lines: list[str], index: int, stops: set[int]) -> int:
    """The last line of the footnote starting at ``index``: before a blank line, an
    indented block start or a line in ``stops`` (captions)."""
    last = index
    while last + 1 < len(lines) and lines[last + 1].strip() and not lines[last + 1][:1].isspace() \
            and last + 1 not in stops:
        last += 1
    return last


def attach(content: list[m.Inline], note: m.Note, doc: m.Document) -> bool:
    """Put ``note`` at its marker, the last glued ``note.n`` in ``content``; False when
    the page shows no marker."""
    marker = re.compile(rf"(?<=[^\s*†‡]){re.escape(note.n)}(?=[\s,.;:)’”]|$)")
    line = 0
    for k in range(len(content) - 1, -1, -1):
        node = content[k]
        if not isinstance(node, m.Text):
            continue
        found = list(marker.finditer(node.text))
        if found:
            at = found[-1]
            line = next((n.line for n in reversed(content[:k]) if isinstance(n, m.LineBreak)), 0)
            content[k:k + 1] = [m.Text(node.text[:at.start()]), note, m.Text(node.text[at.end():])]
            doc.removed.append(m.Removed(note.n, "note-marker", line))
            return True
    return False
