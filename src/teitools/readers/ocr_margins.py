"""Line numbers printed in the right-hand margin of a critical edition or of verse (``venit   5``).

An edition counts its lines and prints every fifth number in the margin, where the OCR sets it
at the line's end a wide gap after the text. Such numbers are no words of the text and no page
numbers: they rise within a page (or a poem) by steps of five and restart or run on from page to
page, while the numbers that end a line of a table or a contents list are not multiples of five
as a rule. A book prints them when at least ``MIN_NUMBERS`` of its numbers set apart at a line's
end are multiples of five, rising within each page, and they make ``MIN_SHARE`` of all such
numbers. They become ``<fw type="lineNum">`` (the TEI Guidelines' sample value for a line
number, §11.6 "Headers, Footers, and Similar Matter") after the line's text; one whose digit
the OCR read as a letter (``l0``, ``I5``) is corrected, as the count makes it certain.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection

from teitools.readers.ocr_pages import read_number

# A number a wide gap after the line's text, perhaps misread (``l0``, ``I5``: OCR's letters for digits).
_AT_END = re.compile(r"(?<=\S)\s{3,}((?=[lIoO]?\d)[\dlIoO]{1,4})\s*$")
STEP = 5  # an edition numbers every fifth line
MIN_NUMBERS = 4  # line numbers in a book at least
MIN_SHARE = 0.8  # share of the numbers set apart at line ends that count lines


def line_numbers(lines: list[str], page_starts: Collection[int],
                 skip: Collection[int]) -> dict[int, tuple[int, int]]:
    """The marginal line numbers of a text: by 0-based line, the column where the gap before the
    number begins (the line's text is ``line[:column]``) and the number's value (``l0`` is 10).
    ``page_starts``: the lines where pages begin (form feeds, or pages found otherwise);
    ``skip``: lines holding page numbers. Empty when the book prints none (see the module
    docstring)."""
    bounds = sorted(set(page_starts))
    found: dict[int, tuple[int, int]] = {}  # line -> (column, value)
    others = 0
    last: dict[int, int] = {}  # page -> the last line number's value on it
    for index, line in enumerate(lines):
        match = _AT_END.search(line) if index not in skip else None
        if match is None:
            continue
        value, page = read_number(match.group(1)), bisect_right(bounds, index)
        if value is None or value % STEP or value <= last.get(page, 0):
            others += 1
            continue
        found[index] = (match.start(), value)
        last[page] = value
    if len(found) < MIN_NUMBERS or len(found) < MIN_SHARE * (len(found) + others):
        return {}
    return found
