# ruff: noqa: RUF001  (OCR text is full of typographic quotes and dashes)
"""Numbered figure and map captions standing between the pages of an OCR text.

A caption opens a block (after a blank line, a page number or with an indent) with
its figure number, or several (``59, 6o The sustained ...``), and runs to the next
blank line or indented line; a caption set in a narrow column continues over single
blank lines while its lines stay short, up to the next caption (``Fig. 3.`` and
``Fig. 4.`` on lines of their own are two figures) or heading (``Zweites Kapitel.``).
Caption numbers increase through a book but skip, so of all the candidates the longest
increasing run is kept.

A caption that opens with a caption word of any language and its number (``Fig. 12.``,
``Abb. 3``, ``Figure 3``, ``Plate III``, ``Tafel IV``: ``terms``) needs no run: the word
is the evidence, as long as no sentence runs on after the number (``Fig. 3 shows ...``,
``Fig. 1 Tafel II giebt ...`` over four lines).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from teitools import model as m
from teitools import terms
from teitools.readers import ocr_notes, ocr_tables
from teitools.readers.ocr_fixes import MONTHS, Corrector
from teitools.terms import caption_label

_NUMBERS = re.compile(r"^\s*((?=[oOlI]{0,2}\d)[0-9oOlI]{1,3}(?:\s*,\s*[0-9oOlI]{1,3})*)"
                      r"(?:\s+(?=[A-Z‘'\"(])|\s*$)")
_DATE = re.compile(rf"^\s*\d{{1,2}}\s+(?:{MONTHS})\b")  # "22 June 1941, ..." opens a sentence
SHORT = 40  # characters: lines of a caption set in a narrow column
MAX_LINES = 14  # a caption longer than this is running text
MAX_STEP = 30  # caption numbers skip (uncaptioned plates) but do not leap
PAGE_REACH = 60  # lines back in which a footnote's marker stands (its page)
MIN_RUN = 2  # captions in a book: at least this many
MAX_WORDED_LINES = 6  # lines of a caption that opens with a caption word (Fig. 3.)
MAX_UNSTOPPED_LINES = 2  # ... with no stop after its number (Abb. 3 Der Hafen): else a sentence


@dataclass(frozen=True)
class Caption:
    first: int  # 0-based line indexes, inclusive
    last: int
    numbers: tuple[str, ...]  # as printed
    worded: bool = False  # opens with a caption word (Fig. 3.)


def _opens_block(lines: list[str], index: int, page_lines: set[int]) -> bool:
    """Does line ``index`` open a block: first, indented, after a blank line or a page number?"""
    return index == 0 or lines[index][:1].isspace() or not lines[index - 1].strip() \
        or (index - 1) in page_lines


def _extent(lines: list[str], first: int, page_lines: set[int]) -> int:
    """The last line of the caption opening at ``first``."""
    last = first
    i = first + 1
    while i < len(lines) and i - first < MAX_LINES:
        line = lines[i]
        if line.strip() and not line[:1].isspace() and i not in page_lines:
            last = i
            i += 1
        elif (not line.strip() and i + 1 < len(lines) and lines[i + 1].strip()
              and not lines[i + 1][:1].isspace() and len(lines[i + 1].strip()) < SHORT
              and len(lines[last].strip()) < SHORT and not _NUMBERS.match(lines[i + 1])
              and caption_label(lines[i + 1]) is None  # Fig. 3. and Fig. 4. are two figures
              and not _heading(lines[i + 1])):
            i += 1
        else:
            break
    return last


def _heading(line: str) -> bool:
    """A division's label or a named section in any language (``Zweites Kapitel.``,
    ``PREFACE.``): the next block, not a caption's short line."""
    text = line.strip()
    vocab = terms.for_language(None)
    return terms.division_label(text, vocab) is not None or text.lower().strip(" .:") in vocab.matter


def _numbers(text: str, line: int) -> list[m.Inline]:
    """The caption's printed numbers, a misread one (``I2``, ``6o``) with its reading,
    which the sequence of captions makes certain."""
    match = _NUMBERS.match(text)
    assert match is not None
    out: list[m.Inline] = []
    for part in re.split(r"(\s*,\s*)", match.group()):
        if part and part.strip(", ") and str(_value(part.strip())) != part.strip():
            out += [m.Correction(part.strip(), str(_value(part.strip())), line=line),
                    m.Text(part[len(part.rstrip()):])]
        elif part:
            out.append(m.Text(part))
    return out


def _value(token: str) -> int:
    return int(token.translate(str.maketrans("oOlI", "0011")))


def _between_pages(lines: list[str], first: int, last: int, page_lines: set[int]) -> bool:
    """Does a caption stand where pages meet: indented, after a page number, or with a
    run of blank lines before or after it?"""
    before = first
    while before > 0 and not lines[before - 1].strip():
        before -= 1
    after = last
    while after + 1 < len(lines) and not lines[after + 1].strip():
        after += 1
    following = lines[after + 1] if after + 1 < len(lines) else ""
    return (lines[first][:1].isspace() or first - before >= 2 or after - last >= 2
            or (before - 1) in page_lines or following[:1].isspace())


def find(lines: list[str], page_lines: set[int], numbers_alone: bool = True,
         skip: Collection[int] = ()) -> list[Caption]:
    """The captions of a text, in order; with ``numbers_alone`` False (form-feed pages, where
    a number alone is a page's, a margin's or a speck's), only captions with words; none on
    the lines of ``skip`` (an index's entries and their turnovers: ``    11, 14``).

    A candidate stands where pages meet, or has its number on a line of its own;
    captions come in numbered runs, so a lone candidate (``800 Kilogr. und ...`` after
    a page break) is none.
    """
    found: list[Caption] = []
    worded: list[Caption] = []
    for index, line in enumerate(lines):
        if index in skip:
            continue
        opens = index not in page_lines and _opens_block(lines, index, page_lines)
        opener = caption_label(line) if opens else None
        if opener is not None and ocr_tables.titles_table(lines, index):
            continue  # TABLE I. above rows of figures: the table's title, no figure's caption
        if opener is not None:
            last = _extent(lines, index, page_lines)
            stopped = bool(opener.group("stop")) or not line[opener.end():].strip()
            if last - index < (MAX_WORDED_LINES if stopped else MAX_UNSTOPPED_LINES):
                worded.append(Caption(index, last, (opener.group("n"),), worded=True))
            continue
        match = _NUMBERS.match(line)
        if not match or index in page_lines or _DATE.match(line) \
                or not _opens_block(lines, index, page_lines):
            continue
        last = _extent(lines, index, page_lines)
        if not (_between_pages(lines, index, last, page_lines) or not line[match.end():].strip()):
            continue
        numbers = tuple(n.strip() for n in match.group(1).split(","))
        if not numbers_alone and not line[match.end():].strip():
            continue
        if numbers[0].isdigit() and ocr_notes.called_before(lines, index, numbers[0], reach=PAGE_REACH):
            continue  # "1 Así se llamaba ..." under "la del 14?1": a footnote the page calls
        found.append(Caption(index, last, numbers))
    chain = _increasing(found)
    return sorted(worded + (chain if len(chain) >= MIN_RUN else []), key=lambda c: c.first)


def _increasing(found: list[Caption]) -> list[Caption]:
    """The longest run of captions whose numbers increase by small steps (earliest on ties)."""
    if not found:
        return []
    values = [_value(c.numbers[0]) for c in found]
    length = [1] * len(found)
    back: list[int | None] = [None] * len(found)
    for j in range(len(found)):
        for i in range(j):
            if 0 < values[j] - values[i] <= MAX_STEP and found[i].last < found[j].first \
                    and length[i] + 1 > length[j]:
                length[j], back[j] = length[i] + 1, i
    end: int | None = max(range(len(found)), key=length.__getitem__)
    chain: list[Caption] = []
    while end is not None:
        chain.append(found[end])
        end = back[end]
    return chain[::-1]


def figure(caption: Caption, lines: list[str], corrector: Corrector) -> m.Figure:
    """The caption as a figure whose head keeps every printed word, number included,
    with its lineation and split words joined as in the running text."""
    head: list[m.Inline] = []
    previous = ""
    for index in range(caption.first, caption.last + 1):
        line = lines[index]
        if not line.strip():
            continue
        if head:
            head.append(m.LineBreak(joined=corrector.vocabulary.joins_lines(previous, line), line=index + 1))
            head += corrector.apply(line.strip(), index + 1)
        elif caption.worded:
            head += corrector.apply(line.strip(), index + 1)
        else:
            text = line.strip()
            head += _numbers(text, index + 1) + corrector.apply(_NUMBERS.sub("", text), index + 1)
        previous = line
    n = caption.numbers[0] if caption.worded else ", ".join(str(_value(t)) for t in caption.numbers)
    return m.Figure(n, head, line=caption.first + 1)
