# ruff: noqa: RUF001  (Gutenberg text is full of typographic quotes and dashes)
"""Headings, verse and letters in a Project Gutenberg text, decided from evidence.

Project Gutenberg texts are wrapped at about 70 columns with a blank line between paragraphs
(Distributed Proofreaders' guidelines: "Rewrap to 72 characters or fewer"; chapter headings
with four blank lines before them and two after, section headings with two before). So:

- **Headings** are decided from a heading word of the book's language followed by a number
  (``CHAPTER IV.``, ``LETTRE XXXIX.``, ``EERSTE HOOFDSTUK``: ``terms.for_language``), a number
  alone that belongs to a rising sequence (``I.``, ``-IV-``, ``216.``) or a number with a title
  (``2.--FORTRESSES.``), the name of front or back matter (``PREFACE``), and otherwise from
  position and form together: a short line of capitals after a wider gap or a separator, or a
  short line after four blank lines, followed by the text it heads. Never from a question
  mark or shortness alone.
- **Verse** (and other lines set line by line) is told from prose by its line breaks: in
  wrapped prose the next line's first word would not have fitted on the line before; in verse
  it would.
- **Letters**: a numbered heading followed by a date line (``Milan, Sept. 13, 1771.``), or a
  letter heading word; the short lines after the heading (date line, salutation, addressee)
  are its opener, a date line or signature at its end its closer.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass

from teitools import terms

MAX_HEADING_WORDS = 16
GAP_HEADING = 3  # blank lines before a heading known by its position alone
SEQUENCE_LIST = 3  # candidates in a row with nothing between them make a list, not headings
SLACK = 3  # columns a wrapped line may fall short of the book's width and still be "full"
MIN_WIDTH = 60  # the narrowest wrap a Project Gutenberg text has
WIDTH_SHARE = 0.98  # the share of lines that keep within the book's width

_NUMBER_ALONE = re.compile(r"^[-–—(\[]*\s*(?:§\s*)?([IVXLCDM]{1,8}|\d{1,3})\s*[.)\]]?\s*[-–—]*$")
_NUMBER_TITLE = re.compile(r"^([IVXLCDM]{1,8}|\d{1,3})(?:\.\s*(?:--|[-–—])?|--|[–—])\s*(\S.*)$")
_COLUMNS = re.compile(r"\S\s{3,}\S|\S(?: ?\.){3,}")  # a contents line: title, gap or leader, number
_YEAR = re.compile(r"\b1[0-9]\d\d\b|\b20\d\d\b")
_MONTH = re.compile(r"\b(?:jan|feb|m[äa]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|janv|févr|avr|juil|"
                    r"août|déc|genn|febb|magg|giu|lug|ago|sett|ott|dic|ene|abr|jun|juli|ag|dic|maart|mei|"
                    r"juni|okt)[a-zäéû]*\.?\b", re.I)
_PLACE = re.compile(r"^(?:A|À|Au|De|Du|D'|Des|From|At|Aus|Von|In|Da|Dal|Desde|Van|Uit|Te)\s+[A-ZÀ-Þ]")
_SALUTE = re.compile(r"(?:,\s*(?:--|—)?|!|:)\s*$")
# the word after a matter heading's name in a longer heading: PREFACE TO …, LIST OF …
_OF = frozenset(("to", "of", "for", "on", "de", "du", "des", "à", "au", "zur", "zum", "der", "van", "voor",
                 "del", "della", "di", "al", "alla"))
_SEPARATOR = re.compile(r"^(?:[*•·]\s*){3,}$|^(?:[-=_~]\s*){3,}$|^(?:\*\s*){2,}\*$")


@dataclass(frozen=True)
class Heading:
    """What a heading line is: ``kind`` (``word``, ``number``, ``numtitle``, ``matter``,
    ``caps``, ``gap``), the division type it opens, its number and numbering style."""

    kind: str
    type: str
    n: int | None = None
    style: str = ""


def is_separator(text: str) -> bool:
    """``*       *       *       *       *`` and other rules between passages."""
    return _SEPARATOR.match(text.strip()) is not None


def _number(token: str, words: terms.Terms) -> int | None:
    token = token.strip(".:,;-–—()[]")
    if not token:
        return None
    if token.isdigit():
        return int(token)
    if token.isupper() or token.islower():
        value = terms.roman(token)
        if value is not None and (token.isupper() or len(token) > 1):
            return value
    return words.ordinals.get(token.lower()) or words.numbers.get(token.lower())


def heading_of(text: str, words: terms.Terms) -> Heading | None:
    """What a line says of itself as a heading (its position is weighed elsewhere): a heading
    word and a number, a number alone, a number and a title, front or back matter, capitals."""
    text = text.strip()
    if not text or len(text) > 120 or _COLUMNS.search(text):
        return None
    spaced = re.sub(r"--+|[—–]", " — ", text)
    tokens = spaced.split()
    if len(tokens) > MAX_HEADING_WORDS + 2:
        return None
    first = tokens[0].strip(".:,").lower()
    second = tokens[1].strip(".:,") if len(tokens) > 1 else ""
    if first in words.division and second and (n := _number(second, words)) is not None:
        return Heading("word", words.division[first], n, words.division[first])
    if second.lower() in words.division and (n := words.ordinals.get(first)) is not None:
        return Heading("word", words.division[second.lower()], n, words.division[second.lower()])
    found = _NUMBER_ALONE.match(text)
    if found:
        value = _number(found.group(1), words)
        style = "roman" if not found.group(1).isdigit() else "arabic"
        if value is not None:
            return Heading("number", "chapter", value, f"{style}:{_shape(text)}")
    found = _NUMBER_TITLE.match(text)
    if found and len(found.group(2).split()) <= 12 and not found.group(2).rstrip().endswith((",", ";")):
        value = _number(found.group(1), words)
        if value is not None:
            return Heading("numtitle", "section", value, "numtitle")
    bare = text.lower().strip(" .:")
    for key, kind in words.matter.items():
        rest = bare[len(key):].split() if bare.startswith(key + " ") else []
        if bare == key or (rest and rest[0] in _OF and terms.capitals(text) and len(tokens) <= 8):
            return Heading("matter", kind)  # PREFACE, PREFACE TO THE FIRST EDITION
    if terms.capitals(text) and len(tokens) <= MAX_HEADING_WORDS and not text.endswith((",", ";")):
        return Heading("caps", "section")
    return None


def _shape(text: str) -> str:
    """The printed shape of a number heading (``I.``, ``-I-``, ``1.``), as a style key."""
    return re.sub(r"[IVXLCDM]+|\d+", "#", text.strip())


def gap_heading(text: str, gap: int) -> bool:
    """A short line set off by a chapter's spacing (four blank lines before it, or at least
    GAP_HEADING): a title such as ``Prolog im Himmel.`` or ``Studierzimmer``."""
    text = text.strip()
    return (gap >= GAP_HEADING and 0 < len(text) <= 70 and len(text.split()) <= 10
            and (text[0].isupper() or text[0].isdigit()) and not text.endswith((",", ";", ":", "-"))
            and not text.startswith(("[", "(", "\"", "'", "«", "»", "„", "“")))


def is_dateline(text: str) -> bool:
    """A letter's date line: short, holding a year or a month (``Milan, Sept. 13, 1771.``,
    ``De Tauris, le 15 de la lune de Saphar, 1711.``, ``Salzburg, 1769.``)."""
    text = text.strip()
    dated = _YEAR.search(text) is not None or (
        _MONTH.search(text) is not None and any(c.isdigit() for c in text))
    return 0 < len(text.split()) <= 14 and text[:1] not in "«»\"“”„‘'([" and dated


def is_place(text: str) -> bool:
    """A letter's place line: ``A Ispahan.``, ``From Paris.``, ``Aus Weimar.`` (six words at most)."""
    text = text.strip()
    return len(text.split()) <= 6 and _PLACE.match(text) is not None and text.endswith(".")


def is_salute(text: str) -> bool:
    """A salutation or an addressee line: short, ending with a comma (``DEAR SISTER,--``), an
    exclamation or a colon, or set in capitals (``USBEK A SON AMI RUSTAN.``)."""
    text = text.strip()
    return 0 < len(text.split()) <= 10 and (_SALUTE.search(text) is not None or terms.capitals(text))


def ends_salutation(text: str) -> bool:
    """A short line ending as a salutation does: ``DEAR SISTER,--``, ``Mon cher ami,``."""
    text = text.strip()
    return 0 < len(text.split()) <= 8 and re.search(r",\s*(?:--|—)?\s*$", text) is not None


def first_word(text: str) -> str:
    """The first word of a line ('' for a blank one)."""
    words = text.split()
    return words[0] if words else ""


@dataclass(frozen=True)
class Shape:
    """The book's page: the indent of its prose, the width its lines are wrapped to, and the
    blank lines between its paragraphs."""

    indent: int
    width: int
    gap: int

    def broken_early(self, line: str, following: str) -> bool:
        """Whether ``line`` ends before the wrap width forced it: the first word of the line
        after would have fitted on it."""
        return len(line.rstrip()) + 1 + len(first_word(following)) <= self.width - SLACK


def shape_of(blocks: list[tuple[int, list[str]]]) -> Shape:
    """The shape of a book from its blocks of lines (blank lines before, lines): the commonest
    indent of lines that go on in the next, the width nearly all of them keep to (at least
    MIN_WIDTH: Project Gutenberg wraps at 65 to 75 columns, and a book of verse may not show
    it), the commonest gap before a block."""
    indents: dict[int, int] = {}
    lengths: list[int] = []
    gaps: list[int] = []
    for gap, lines in blocks:
        if len(lines) < 2:
            continue
        gaps.append(gap)
        for line in lines[:-1]:
            lengths.append(len(line.rstrip()))
            indent = len(line) - len(line.lstrip())
            indents[indent] = indents.get(indent, 0) + 1
    if not lengths:
        return Shape(0, 72, 1)
    lengths.sort()
    width = max(MIN_WIDTH, lengths[int(WIDTH_SHARE * (len(lengths) - 1))])
    indent = max(indents, key=lambda k: indents[k])
    return Shape(indent, width, max(1, int(statistics.median(gaps))))


def set_line_by_line(lines: list[str], shape: Shape) -> bool:
    """Whether a block's lines are set line by line (verse, a list, an address) rather than
    wrapped: most of its lines end where the next word would still have fitted on the page.
    A quotation wrapped narrower than the page is told apart by its own width (the next word
    would not have fitted within the block's longest line) and its lines going on in lower
    case, where verse lines mostly open with a capital."""
    if len(lines) < 2:
        return False
    pairs = list(itertools.pairwise(lines))
    early = sum(shape.broken_early(a, b) for a, b in pairs)
    if not (2 * early >= len(pairs) and early >= 1):
        return False
    widest = max(len(line.rstrip()) for line in lines)
    own = sum(len(a.rstrip()) + 1 + len(first_word(b)) <= widest for a, b in pairs)
    capitals = sum(_opens_capital(b) for _, b in pairs)
    return 2 * own > len(pairs) or 2 * capitals >= len(pairs)


def _opens_capital(line: str) -> bool:
    letter = next((c for c in line if c.isalpha()), "")
    return letter.isupper()


def tabular(lines: list[str]) -> bool:
    """A contents list, an index or a table: most lines hold a gap of three or more spaces
    (or a dot leader) between words and their numbers."""
    return 2 * sum(_COLUMNS.search(line.strip()) is not None for line in lines) >= len(lines)
