# ruff: noqa: RUF001  (ebook text is full of typographic quotes and dashes)
"""Bibliographies at the end of an ebook: entries grouped under their headings.

An entry is a line that reads like a reference: it ends with a year, holds a web
address, or repeats the previous author with a dash rule (``———.``).  A short line
without final punctuation heads the group of entries after it; two blank lines
start a group whose heading the export lost.
"""

from __future__ import annotations

import re

from teitools import model as m
from teitools.readers.ebook_structure import Unit, inline_lines, is_heading

MIN_ENTRIES = 3

_YEAR_AT_END = re.compile(r"\b(1[4-9]\d\d|20\d\d)[a-z]?(?:\s*[-–]\s*(?:\d{2,4})?)?[.)\]]*\s*(\(.*\))?\.?$")
_URL = re.compile(r"https?://|www\.", re.I)
_SAME_AUTHOR = re.compile(r"^(?:[—–-]{2,}|_{2,})")


def is_entry(text: str) -> bool:
    """Whether the line reads like a reference: a year at its end, a web address, or the
    repeated-author rule (``———.``)."""
    return bool(_YEAR_AT_END.search(text) or _URL.search(text) or _SAME_AUTHOR.match(text))


def find(units: list[Unit], start: int) -> tuple[int, int] | None:
    """The span (first, last + 1) of a bibliography among ``units[start:]``: a run of
    entries and group headings, or None when there are fewer than MIN_ENTRIES."""
    first = last = -1
    entries = 0
    for i in range(start, len(units)):
        text = units[i].text
        if units[i].separator:
            continue
        next_is_entry = i + 1 < len(units) and is_entry(units[i + 1].text)
        if is_entry(text) or (first >= 0 and next_is_entry and not is_heading(text)):
            first = i if first < 0 else first  # an entry, or one of another form between entries
            last, entries = i, entries + 1
        elif is_heading(text) and next_is_entry:
            first = i if first < 0 else first
        elif first >= 0:
            break
    if entries < MIN_ENTRIES:
        return None
    return first, last + 1


def build(units: list[Unit], span: tuple[int, int]) -> list[m.Block]:
    """The groups of the bibliography in ``span``, each a division with its heading (if
    printed) and a ``listBibl`` (``model.COUNTED["bibl"]`` counts their entries)."""
    groups: list[m.Division] = []
    current: m.Bibliography | None = None
    for unit in units[span[0]:span[1]]:
        if unit.separator:
            current = None
            continue
        text = unit.text
        heading = not is_entry(text) and is_heading(text)
        if heading or current is None or (unit.gap >= 2 and current.entries):
            current = m.Bibliography(None, [], line=unit.line)
            head: list[m.Inline] | None = inline_lines(text, unit.line) if heading else None
            groups.append(m.Division(None, head, [current], line=unit.line))
            if heading:
                continue
        current.entries.append(m.Bibl(inline_lines(text, unit.line), line=unit.line))
    if len(groups) == 1 and groups[0].head is None:
        return groups[0].blocks
    return list(groups)
