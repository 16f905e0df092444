# ruff: noqa: RUF001  (ebook text is full of typographic quotes and dashes)
"""The layout of an ebook exported to plain text, read from its blank lines and indents.

One line is one paragraph.  What the export kept of the book's structure is in the
spacing: a chapter starts on a line that begins with a space (or after a long run
of blank lines, often with an ``[image: …]`` placeholder), a line holding only a
tab separates sections, two blank lines mark a lost section heading, and
displayed material (block quotations, verse, lists, dialogue) is set off by an
extra blank line before it and a wider gap (or a separator) after it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

BIG_GAP = 4  # blank lines that end a chapter
MAX_DISPLAY = 12  # paragraphs a displayed block may hold
SHORT_LINE = 70  # verse lines are shorter than this

_FIGURE = re.compile(r"^(?:Figure|Fig\.|Plate|Map|Illustration|Table)\s+(\d+(?:[.\-]\d+)*[a-z]?)[.:]?\s+\S",
                     re.I)
_PLACEHOLDER = re.compile(r"^\[(?:image|img|figure|illustration)(?::\s*(.*?))?\]$", re.I)
_TERMINAL = tuple(".,;:")
_CHAPTER_TITLE = re.compile(r"^(?:(?i:chapter|part|book)\s+(?:\d+|[IVXLC]+|[A-Z][a-z]+)"
                            r"(?:[:.–—-]\s*\S.{0,80})?|[IVXLC]+\.?|\d{1,3}\.?)$")


@dataclass(frozen=True)
class Unit:
    """One non-blank source line: a paragraph, or a separator line."""

    line: int  # 1-based line number
    raw: str
    gap: int  # blank lines before it
    separator: bool = False

    @property
    def text(self) -> str:
        return self.raw.strip()


def units_of(lines: list[str]) -> list[Unit]:
    """The non-blank lines with the blank lines before each; whitespace lines holding a
    tab, and lines of only asterisks, are separators."""
    units: list[Unit] = []
    gap = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            if "\t" in line:
                units.append(Unit(number, line, gap, separator=True))
                gap = 0
            else:
                gap += 1
            continue
        if re.fullmatch(r"(?:[*•·]\s*){3,}", stripped):
            units.append(Unit(number, line, gap, separator=True))
        else:
            units.append(Unit(number, line, gap))
        gap = 0
    return units


def figure_number(text: str) -> str | None:
    """The number of a ``Figure 7.1. caption`` line, else None."""
    found = _FIGURE.match(text)
    return found.group(1) if found else None


def without_figure_label(raw: str) -> str:
    """The line with its ``Figure 7.1.`` label blanked out (same length), so that the
    label's digits are not taken for a note marker."""
    found = _FIGURE.match(raw.lstrip())
    if not found:
        return raw
    cut = len(raw) - len(raw.lstrip()) + found.end(1)
    return " " * cut + raw[cut:]


def placeholder(text: str) -> tuple[str, str, str] | None:
    """``[image: Chapter]`` as (opening markup, description, closing markup), else None."""
    found = _PLACEHOLDER.match(text)
    if not found:
        return None
    if found.group(1) is None:
        return text, "", ""
    return text[:found.start(1)], found.group(1), text[found.end(1):]


def is_heading(text: str) -> bool:
    """A title line: short, capitalised, not ending like a sentence or a clause."""
    return (0 < len(text) <= 100 and len(text.split()) <= 15 and not text.endswith(_TERMINAL)
            and (text[0].isupper() or text[0].isdigit()) and figure_number(text) is None
            and placeholder(text) is None)


def is_chapter_cue(unit: Unit, index: int) -> bool:
    """A chapter start that the layout alone suggests: the file's first line, a line
    glued to the previous paragraph (a new file in the ebook), a long gap, or a title
    such as ``Chapter 3``."""
    return index == 0 or unit.gap == 0 or unit.gap >= BIG_GAP or _CHAPTER_TITLE.match(unit.text) is not None


def boundaries(units: list[Unit], skip: set[int]) -> list[int]:
    """Units where a chapter or a section within one may start: a line that begins with
    a space, one after a long gap, a ``Chapter 3`` or ``IV`` title line."""
    found = []
    for i, unit in enumerate(units):
        if unit.separator or i in skip:
            continue
        if unit.raw.startswith(" ") or unit.gap >= BIG_GAP or _CHAPTER_TITLE.match(unit.text):
            found.append(i)
    return found


def chapter_starts(units: list[Unit], starts: list[int], markers: list[tuple[int, bool]]) -> set[int]:
    """Which boundaries start chapters (the others start sections).

    ``markers`` are the chosen note markers in reading order as (unit, restarts):
    numbering that restarts between two markers says a chapter starts between them,
    numbering that continues says the boundaries between them are sections.  Where
    notes say nothing, the spacing decides.
    """
    groups: dict[tuple[int, int], list[int]] = {}
    marker_units = [u for u, _ in markers]
    for b in starts:
        prev = bisect_left(marker_units, b) - 1
        nxt = prev + 1 if prev + 1 < len(markers) else -1
        groups.setdefault((prev, nxt), []).append(b)
    chapters: set[int] = set()
    for (prev, nxt), group in groups.items():
        cued = [b for b in group if is_chapter_cue(units[b], b)]
        if prev >= 0 and nxt >= 0 and markers[nxt][1]:
            chapters.update(cued or group[-1:])
        elif prev >= 0 and nxt >= 0:
            continue
        else:
            chapters.update(cued)
    return chapters


@dataclass(frozen=True)
class Display:
    """Displayed material: units ``start`` to ``end`` (exclusive) and what they are."""

    start: int
    end: int
    kind: str  # "quote", "verse", "list"


def _kind(units: list[Unit]) -> str:
    if all(u.raw.startswith("\t") for u in units):
        return "list"
    if len(units) > 1 and all(len(u.text) < SHORT_LINE and not _indent(u) for u in units):
        return "verse"
    return "quote"


def _indent(unit: Unit) -> str:
    """How a line is indented for display: a tab, no-break spaces, or not at all."""
    return "tab" if unit.raw.startswith("\t") else "nbsp" if unit.raw.startswith("\u00a0") else ""


def _run(units: list[Unit], i: int, excluded: set[int]) -> int:
    """The end of a run of displayed lines starting at ``i`` without a spacing cue: lines
    indented alike (a list, dialogue), or three or more short lines, most of them not
    ending a sentence (verse, not a short exchange of dialogue)."""
    indent = _indent(units[i])
    short = not indent and len(units[i].text) < SHORT_LINE and not units[i].text.endswith(":")
    j = i + 1
    while (j < len(units) and j not in excluded and not units[j].separator and units[j].gap <= 1
           and (_indent(units[j]) == indent if indent else short and len(units[j].text) < SHORT_LINE
                and not _indent(units[j]))):
        j += 1
    if indent:
        return j
    open_ended = sum(not re.search(r"[.!?…][’”'\"]?\W*$", u.text) for u in units[i:j])
    return j if short and j - i >= 3 and 2 * open_ended >= j - i else i + 1


def displays(units: list[Unit], starts: set[int], figures: set[int]) -> list[Display]:
    """Block quotations, verse and lists, found from the spacing around them.

    Opened by two blank lines and closed by three (or a separator, or a chapter
    start); or a single paragraph introduced by a line ending in a colon; or a
    single paragraph followed by three blank lines or a separator that continues
    the previous paragraph's sentence.
    """
    found: list[Display] = []
    taken: set[int] = set()

    def closes(j: int) -> bool:
        return units[j].separator or units[j].gap >= 3 or j in starts

    def add(start: int, end: int) -> None:
        found.append(Display(start, end, _kind(units[start:end])))
        taken.update(range(start, end))

    for i, unit in enumerate(units):
        if unit.separator or i in taken or i in starts or i in figures:
            continue
        if unit.gap >= 2 and i - 1 not in taken:
            for j in range(i + 1, min(i + 1 + MAX_DISPLAY, len(units))):
                if closes(j):
                    add(i, j)
                    break
                if units[j].gap >= 2 or j in figures:
                    break
            if i in taken:
                continue
        run = _run(units, i, starts | figures)
        if run > i + 1:
            add(i, run)
            continue
        prev = units[i - 1] if i else None
        if prev is None or prev.separator or i - 1 in figures:
            continue
        introduced = prev.text.endswith(":") and not unit.text.endswith(":")
        after = units[i + 1] if i + 1 < len(units) else None
        follows = after is not None and i + 1 not in starts and (after.separator or 3 <= after.gap < BIG_GAP)
        continues = unit.text[:1].islower() and not prev.text.endswith((".", "!", "?", "…", "’", "”", ":"))
        closed_alone = follows and after is not None and after.gap >= 3 and i - 1 not in taken
        if unit.gap <= 1 and not is_heading(unit.text) and (introduced or closed_alone
                                                             or (follows and continues)):
            add(i, i + 1)
    return sorted(found, key=lambda d: d.start)
