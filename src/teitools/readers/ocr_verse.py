"""Verse in an OCR text: indented lines that do not fill the measure, set off by blank lines.

Printers set a poem or a quoted verse apart from the prose: a blank line (or a page's edge)
before and after each stanza, every line indented (a line too long for the measure runs on
indented deeper; a line set deeper that opens with a capital after a stop, or every other line
of a stanza that indents them so, is a verse line of its own, as in ballads), the lines
ragged at the right where prose fills the measure (unless three or more lines all open with
capitals, which wrapped prose rarely does, or the long lines run on deeper as short
remainders, as Arabic verse that fills the measure does), and verse lines
opening with capitals or letters of a script without case (unless three lines or more,
nearly all of them, stop well short of the measure: verse that opens its lines in lower
case), or every line ends with a danda (``|``, ``||``, ``।``, ``॥``: Sanskrit verse).  A
stanza is a block of which all of this holds, or a run of indented lines within a block
that flush lines bound (OCR loses blank lines); its indent must differ from the text's
paragraph indent (else a short paragraph after a page break would be verse).  One stanza
is one ``<lg>``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from teitools import terms
from teitools.readers import ocr_pages

MIN_INDENT = 2  # leading spaces of a verse line at least
RAGGED = 8  # columns short of the measure at which a line end is ragged
_OPENERS = "\"'\u2018\u201c\u201a\u201e\u00ab\u00bb\u2039\u203a([\u2014\u2013-"  # before a verse's capital
_NUMBERED = re.compile(r"^\d{1,3}(?:\.\d{1,3}[a-f]?)*\.?\s+")  # a stanza's or line's number: 1., 1.01a
ALL_CAPITALS = 3  # verse lines that all open with capitals need not be ragged
VERSE_BOOK = 0.3  # share of a book's lines in stanzas that makes it a book of verse
ALTERNATE_LINES = 4  # lines of a stanza that indents every other one at least
FULL_IN_VERSE = 0.25  # share of a stanza's lines in lower case that may reach the measure


@dataclass(frozen=True)
class Stanza:
    first: int  # 0-based lines, inclusive
    last: int
    starts: tuple[int, ...]  # the lines that begin a verse line (the others run on)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _opening(line: str) -> str:
    """The line's first letter, after a stanza's number (``1. O du``) and any opening quotation
    mark or bracket ("" if none)."""
    return _NUMBERED.sub("", line.strip()).lstrip(_OPENERS)[:1]


def _paragraph_indent(lines: list[str], breaks: set[int]) -> int | None:
    """The indent of a paragraph's first line in a text that indents them (the indent most
    often followed by a flush line; not a page number's, ``breaks``), else None."""
    found = Counter(_indent(line) for index, (line, after) in enumerate(itertools.pairwise(lines))
                    if line[:1].isspace() and line.strip() and after.strip() and not after[:1].isspace()
                    and index not in breaks)
    return found.most_common(1)[0][0] if found else None


def _stanza(lines: list[str], first: int, last: int, measure: int, paragraph: int | None) -> Stanza | None:
    """The block of lines ``first``..``last`` as a stanza, or None if it is no verse."""
    base = _indent(lines[first])
    block = range(first, last + 1)
    if base < MIN_INDENT or base == paragraph or any(_indent(lines[i]) < base for i in block):
        return None
    alternate = _alternates(lines, block, base)
    starts = tuple(i for i in block if _indent(lines[i]) == base or alternate or _indented_line(lines, i))
    openings = [_opening(lines[i]) for i in starts]
    capitals = sum(terms.capital(c) for c in openings)  # a script without case: no evidence against
    if all(terms.ends_with_danda(lines[i]) for i in block if i + 1 not in block or i + 1 in starts):
        return Stanza(first, last, starts)  # every line ends with a danda: Sanskrit verse
    turnovers = [i for i in block if i not in starts]
    if len(starts) >= 2 and turnovers and all(len(lines[i].rstrip()) < measure - RAGGED for i in turnovers):
        return Stanza(first, last, starts)  # long lines run on deeper, each a short remainder
    capitalised = terms.capital(openings[0]) and 2 * capitals >= len(starts)
    if not capitalised and not _all_ragged(lines, block, measure):
        return None
    if len(starts) >= ALL_CAPITALS and all(c.isupper() for c in openings):
        return Stanza(first, last, starts)  # wrapped prose rarely opens three lines with capitals
    ends = [len(lines[i].rstrip()) for i in range(first, last) if i + 1 in starts]  # not run-on lines
    if 2 * sum(end < measure - RAGGED for end in ends) < len(ends):
        return None  # the lines fill the measure: an indented prose block
    return Stanza(first, last, starts)


def _indented_line(lines: list[str], index: int) -> bool:
    """Is a line set deeper than its stanza's first a verse line of its own, as ballads indent
    every other line (``Flat lies the land from sea to sea,`` / ``  And grey the sky above;``),
    not the rest of a line too long for the measure: it opens with a capital after a line that
    ends with a stop?"""
    return index > 0 and terms.capital(_opening(lines[index])) and _opening(lines[index]).isupper() \
        and lines[index - 1].rstrip()[-1:] in ",;:.!?"


def _alternates(lines: list[str], block: range, base: int) -> bool:
    """Does the block set every other line deeper, each of them opening with a capital (a ballad's
    stanza), at least ALTERNATE_LINES lines? Then each is a verse line, none the rest of one."""
    deeper = [i for i in block if _indent(lines[i]) > base]
    return len(block) >= ALTERNATE_LINES and deeper == list(block[1::2]) \
        and all(_opening(lines[i]).isupper() for i in deeper)


def _all_ragged(lines: list[str], block: range, measure: int) -> bool:
    """Three lines or more, (nearly) none of them near the measure: verse whose lines open in
    lower case (``Una morena me mata`` / ``tened de mí compasión,``), not an indented prose block,
    whose lines but the last all fill it."""
    full = sum(len(lines[i].rstrip()) >= measure - RAGGED for i in block)
    return len(block) >= ALL_CAPITALS and full <= FULL_IN_VERSE * len(block)


def find(lines: list[str], breaks: set[int], skip: set[int]) -> dict[int, Stanza]:
    """The stanzas of a text by their first line. ``breaks``: page-number lines, ``skip``:
    lines that are something else (captions, headings)."""
    measure = ocr_pages.measure(lines)
    paragraph = _paragraph_indent(lines, breaks)
    found: dict[int, Stanza] = {}
    undecided: list[tuple[int, int]] = []  # blocks set apart and indented that are no stanza by themselves
    index = 0
    while index < len(lines):
        if not lines[index].strip() or index in breaks or index in skip:
            index += 1
            continue
        last = index
        while last + 1 < len(lines) and lines[last + 1].strip() and last + 1 not in breaks:
            last += 1
        opens = index == 0 or not lines[index - 1].strip() or index - 1 in breaks
        if opens and not any(i in skip for i in range(index, last + 1)):
            stanza = _stanza(lines, index, last, measure, paragraph)
            if stanza is not None:
                found[index] = stanza
                index = last + 1
                continue
            undecided.append((index, last))
        for first, end in _indented_runs(lines, index, last):
            if not any(i in skip for i in range(first, end + 1)):
                stanza = _stanza(lines, first, end, measure, paragraph)
                if stanza is not None:
                    found[first] = stanza
        index = last + 1
    return found | _set_like_the_verse(lines, found, undecided)


def _set_like_the_verse(lines: list[str], found: dict[int, Stanza], blocks: list[tuple[int, int]]
                        ) -> dict[int, Stanza]:
    """In a book mostly in verse (stanzas hold VERSE_BOOK of its lines or more: a play or an
    epic), the other blocks indented as its stanzas are (no line less) are stanzas too, though
    their lines fill the measure and open in lower case."""
    verse = sum(s.last - s.first + 1 for s in found.values())
    if not found or verse < VERSE_BOOK * sum(bool(line.strip()) for line in lines):
        return {}
    base = Counter(_indent(lines[s.first]) for s in found.values()).most_common(1)[0][0]
    more: dict[int, Stanza] = {}
    for first, last in blocks:
        block = range(first, last + 1)
        if _indent(lines[first]) == base and all(_indent(lines[i]) >= base for i in block):
            more[first] = Stanza(first, last, tuple(i for i in block if _indent(lines[i]) == base))
    return more


def _indented_runs(lines: list[str], first: int, last: int) -> list[tuple[int, int]]:
    """The runs of two indented lines or more within the block ``first``..``last`` that flush
    lines bound on one side at least (where OCR lost the blank line between a page's notes, or
    its prose, and a stanza): (first, last) of each."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i in range(first, last + 2):
        indented = i <= last and _indent(lines[i]) >= MIN_INDENT
        if indented and start is None:
            start = i
        elif not indented and start is not None:
            if i - start >= 2 and (start > first or i <= last):
                runs.append((start, i - 1))
            start = None
    return runs
