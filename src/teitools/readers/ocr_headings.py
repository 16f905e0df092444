# ruff: noqa: RUF001  (OCR text is full of typographic quotes and dashes)
"""Headings of an OCR text that need the whole book to be seen: numbered and set-off ones.

A heading stands alone: after a blank line (or where a page begins) and before one; a long
one wraps over a few lines whose continuations are indented (centred).  Standing alone is
not evidence enough (a short paragraph stands alone too); one of these must hold:

- **a numbering sequence**: a label (``I.``, ``-IV-``, ``3.``, ``1)``, ``B.``, ``a)``) alone
  or before a title that opens with a capital (``I. PERDIDO``, ``1) Die Waare.``), and the
  labels of one style (Roman, Arabic, capital or small letter, with its stop) count up by
  one through at least two headings (a run may restart, as sections do in each chapter).
  Labels of one style with no text between them are a list (a contents list), no headings,
  and so are the entries of a contents list (``CHAPTER I. The Tide . . . 1``: its page numbers).
  The first style of the book numbers chapters, the others sections;
- **capitals**: a line of capital letters (``VORWORT DES HERAUSGEBERS.``, ``22 DE MARZO``)
  of at least ``MIN_CAPITALS`` letters, a word among them (initials, ``D. 57, P. 10``, are none);
- **a division word and its number**, a stop and a title (``Sechstes Capitel. Wie der ...``):
  the words are the evidence, and the title may wrap over lines that fill the measure;
- **centring**: a line set in the middle of the measure (its leading spaces balance the
  room left at its end) that opens with a capital and ends no clause half-way (``,``).

These are the conventions of printed books as DTA and ELTeC editions record them (chapter
numbers alone or with a title, numbered sub-headings, centred titles).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass

from teitools import model as m
from teitools import terms
from teitools.readers import ebook_structure, ocr_notes, ocr_pages
from teitools.readers.ebook_structure import indent_of

_LABEL = re.compile(r"^(?:[-–—]\s*)?(?P<n>[IVXLC]{1,7}|(?=[IVXLCl1]*[IVXC])[IVXLCl1]{2,7}|\d{1,3}|[A-Za-z])"
                    r"(?P<stop>[.)]|\s*[-–—](?=\s*$))"
                    r"(?:\s+(?P<title>\S.*))?$")
_ROMAN_ONLY = re.compile(r"^[IVXLC]{1,7}$")
_CAPITAL_WORD = re.compile(r"[^\W\d_a-z]{3}")  # a word in capitals, not initials (D. 57, P. 10)
_REMARK = re.compile(r"^(\S+\s+[^\s(]+?)\s*\([^()]{1,60}\)(?=[.:]\s)")  # "Chapter 6 (Section 24): "
_DECIMAL_LABEL = re.compile(r"\d{1,3}(?:\.\d{1,3})+\.?\s+")  # a section's decimal number: 2.2.11.1.
_OPENS_TITLE = re.compile(r"^[\"“„«¿¡‘'(]?[^\W\d_]")
MAX_LINES = 3  # lines a heading may wrap over
MAX_WORDS = 24  # words of a numbered heading at most
MAX_LABEL_WORDS = 3  # words of a division's label (CHAPTER THE FIRST) ...
MAX_LABEL = 40  # ... and characters
# what a sentence (or a cast list's last entry) ends with; German quotations close with « and “
_ENDS = ".!?:»«”“\"')"
MAX_SET_OFF_WORDS = 12  # words of a heading known by capitals or centring
MAX_HEADING = 80  # characters of a heading line at most
MIN_RUN = 2  # numbered headings of one style counting up
MIN_CAPITALS = 5  # capital letters of a heading known by its capitals
MIN_CENTRED = 4  # leading spaces of a centred line at least
CENTRE_SLACK = 3  # columns a centred line may stand off the middle
CENTRED_EVEN = 2  # characters two centred lines may differ in length and still begin at one column


@dataclass
class Heading:
    first: int  # 0-based lines, inclusive
    last: int
    numbered: bool  # counts as a numbered division (body), else a named one
    division: m.Division


@dataclass
class _Candidate:
    first: int
    last: int
    styles: list[tuple[str, int]]  # (style, value) the label may be read in


def _extent(lines: list[str], first: int, breaks: set[int], titled: bool, flush: bool = False) -> int | None:
    """The last line of a heading opening at ``first`` that stands alone (None if it does
    not): its indented continuations (``flush``: any continuations, as a long centred title
    fills the measure on its middle lines), or (``titled``: a label alone) its title line."""
    last = first
    while last + 1 < len(lines) and lines[last + 1].strip() and last + 1 not in breaks \
            and last + 1 - first < MAX_LINES and (lines[last + 1][:1].isspace() or titled or flush):
        last += 1
        titled = False
    after = last + 1
    return last if after >= len(lines) or not lines[after].strip() or after in breaks else None


def _styles(label: re.Match[str]) -> list[tuple[str, int]]:
    """The styles a label may be read in with its value: ``I.`` is Roman one or the ninth capital."""
    n, stop = label.group("n"), label.group("stop").strip()[:1]
    out: list[tuple[str, int]] = []
    if n.isdigit():
        out.append(("arabic" + stop, int(n)))
    reading = n if _ROMAN_ONLY.match(n) else terms.roman_reading(n)  # lX.: OCR's l for I
    if reading is not None:
        out.append(("roman" + stop, terms.roman(reading) or 0))
    if len(n) == 1 and n.isalpha():
        out.append(("upper" + stop if n.isupper() else "lower" + stop, ord(n.lower()) - ord("a") + 1))
    return [(style, value) for style, value in out if value > 0]


def _runs(candidates: list[_Candidate], lines: list[str]) -> dict[int, str]:
    """The candidates that count up with others of their style: first line -> style."""
    open_runs: dict[tuple[str, int], list[_Candidate]] = {}  # (style, last value) -> its run
    runs: list[tuple[str, list[_Candidate]]] = []
    for cand in candidates:
        for style, value in cand.styles:
            run = open_runs.pop((style, value - 1), None)
            if run is None:
                run = []
                runs.append((style, run))
            run.append(cand)
            open_runs[(style, value)] = run
    accepted: dict[int, str] = {}
    for style, run in runs:
        if len(run) < MIN_RUN or any(_adjacent(lines, a, b) for a, b in itertools.pairwise(run)):
            continue
        for cand in run:
            accepted.setdefault(cand.first, style)
    return accepted


def _adjacent(lines: list[str], before: _Candidate, after: _Candidate) -> bool:
    """No text line between two headings of one run: a list."""
    return not any(lines[i].strip() for i in range(before.last + 1, after.first))


def _set_off(line: str, measure: int) -> bool:
    """A line known as a heading by its capitals or by being centred (opening with a capital, with
    a decimal section number and a capital, ``2.2.11.1. Teacher's Teacher``, or with a number when
    it is no longer than half the measure: ``22 DE MARZO``); an editor's heading in brackets
    (``[Act 1, Scene 2]``) by what it holds."""
    text = line.strip()
    if len(text) > 2 and text[0] == "[" and text[-1] == "]" and "]" not in text[1:-1]:
        opening, closing = line.index("["), line.rindex("]")  # brackets as spaces: the text keeps its place
        return _set_off(f"{line[:opening]} {line[opening + 1:closing]} {line[closing + 1:]}", measure)
    if len(text.split()) > MAX_SET_OFF_WORDS or text[-1:] in ",;-" \
            or not (_OPENS_TITLE.match(text) or text[:1].isdigit()):  # 22 DE MARZO
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= MIN_CAPITALS and all(c.isupper() for c in letters) and _CAPITAL_WORD.search(text):
        return True
    decimal = _DECIMAL_LABEL.match(text)  # "1.3. Excursus: Second Account of Creation"
    return _centred(line, measure) and (terms.capital(text[:1]) or (decimal is not None and terms.capital(
        text[decimal.end():][:1])) or (text[:1].isdigit() and bool(letters) and 2 * len(text) <= measure))


def _flush_to_indent(lines: list[str], block: range) -> bool:
    """Are the lines of ``block`` set flush to one indent, as a stanza's are, not centred each:
    two or more lines of one indent whose lengths differ by more than CENTRED_EVEN characters
    (centred, they would begin half the difference apart), or that hold more words than a
    heading set off (MAX_SET_OFF_WORDS: lines of one indent and one length holding more are a
    block set to its own measure)?"""
    if len(block) < 2 or len({indent_of(lines[i]) for i in block}) > 1:
        return False
    lengths = [len(lines[i].strip()) for i in block]
    words = sum(len(lines[i].split()) for i in block)
    return max(lengths) - min(lengths) > CENTRED_EVEN or words > MAX_SET_OFF_WORDS


def _centred(line: str, measure: int) -> bool:
    """Set in the middle of the measure, with room on either side."""
    lead = indent_of(line)
    return lead >= MIN_CENTRED and abs(lead - (measure - len(line.strip())) / 2) <= CENTRE_SLACK


def find(lines: list[str], breaks: set[int], starts: set[int], skip: set[int],
         titles: frozenset[str] = frozenset()) -> dict[int, Heading]:
    """The headings of a text by their first line. ``breaks``: page-number lines, ``starts``:
    lines where a page begins, ``skip``: lines that are something else (captions), ``titles``:
    the headings the book's contents list names (``ebook_structure.contents_titles``), which
    are headings where they stand apart, set off or not."""
    measure = ocr_pages.measure(lines)
    vocab = terms.for_language(None)
    found_named: dict[int, tuple[int, tuple[str, int]]] = {}  # first line -> (last line, (type, n))
    candidates: list[_Candidate] = []
    set_off: dict[int, int] = {}
    for index, line in enumerate(lines):
        text = line.strip()
        if not text or index in breaks or index in skip or len(text) > MAX_HEADING:
            continue
        glued = bool(index) and bool(lines[index - 1].strip()) and index - 1 not in breaks
        if glued and (index not in starts or indent_of(lines[index - 1]) == indent_of(line)) \
                and not _named_in_capitals(lines, index, vocab, skip):
            continue  # within a block (a page may begin inside a stanza set like the line before)
        last = _extent(lines, index, breaks, titled=False)
        if last is not None:
            block = range(index, last + 1)
            # each line set off (not a stanza whose first line happens to look centred, nor one whose
            # lines a short text's measure makes look centred each), or listed
            apart = all(_set_off(lines[i], measure) or (i > index and _centred(lines[i], measure))
                        for i in block) and not _flush_to_indent(lines, block)
            if apart or ebook_structure.title_key(" ".join(lines[i] for i in block)) in titles:
                set_off[index] = last
        named = _named(text, vocab)
        if named is not None:
            last = _extent(lines, index, breaks, titled=False, flush=True)
            if last is not None and not set(range(index, last + 1)) & skip:
                found_named[index] = (last, named)
                continue
        label = _LABEL.match(text)
        title = label.group("title") if label else None
        if label is not None and (title is None or _OPENS_TITLE.match(title)) \
                and not _footnote(lines, index, breaks | starts):
            last = _extent(lines, index, breaks, titled=title is None)
            words = sum(len(lines[i].split()) for i in range(index, last + 1)) if last is not None else 0
            if last is not None and words <= MAX_WORDS and not set(range(index, last + 1)) & skip:
                candidates.append(_Candidate(index, last, _styles(label)))
    accepted = _runs(candidates, lines)
    chapter_style = next((accepted[c.first] for c in candidates if c.first in accepted), None)
    found: dict[int, Heading] = {}
    for cand in candidates:
        style = accepted.get(cand.first)
        if style is not None:
            kind = "chapter" if style == chapter_style else "section"
            value = next(v for s, v in cand.styles if s == style)
            found[cand.first] = Heading(cand.first, cand.last, True, m.Division(kind, [], [], n=str(value)))
    for first, (last, (kind, value)) in found_named.items():
        found[first] = Heading(first, last, True, m.Division(kind, [], [], n=str(value)))
    for first, last in set_off.items():
        named = terms.division_label(lines[first].strip(), vocab)  # ДЕЙСТВИЕ ЧЕТВЕРТОЕ: act 4
        division = m.Division(named[0], [], [], n=str(named[1])) if named else m.Division(None, [], [])
        found.setdefault(first, Heading(first, last, named is not None, division))
    return found


def _footnote(lines: list[str], index: int, breaks: set[int]) -> bool:
    """Does line ``index`` open a footnote: a numbered label (``1)``, ``2.``) whose marker stands
    in the text above it on its page (``uit Rotterdam1),``, ``had 1).``), or a label closed by a
    bracket (``1) Zijn journaal ...``) in the last block of its page, which no heading is
    (``breaks``: page-number lines and page starts)?"""
    label = ocr_notes.label(lines[index])
    if label is None or not label.group("number"):
        return False
    if label.group("label").endswith(")") and _at_foot(lines, index, breaks):
        return True
    page = max((line for line in breaks if line < index), default=-1)
    return ocr_notes.called_before(lines, index, ocr_notes.number(label), reach=index - page)


def _at_foot(lines: list[str], index: int, breaks: set[int]) -> bool:
    """Is the block at line ``index`` the last of its page: the next line holding text after
    it is in ``breaks`` (a page number, a page start), or none follows?"""
    after = next((i for i in range(index, len(lines)) if not lines[i].strip()), len(lines))
    following = next((i for i in range(after, len(lines)) if lines[i].strip()), None)
    return following is None or following in breaks


def contents(lines: list[str], breaks: set[int], starts: dict[int, m.PageBreak] | None = None) -> set[int]:
    """The lines (0-based) that are entries of a contents list: at least
    ``ebook_structure.MIN_CONTENTS`` short lines ending with rising page numbers, after a
    leader or a space (``ebook_structure.contents_entries``), or two with leaders that name
    lines of the pages they refer to (``starts``: the page breaks by line;
    ``ocr_pages.contents_lines``); page-number lines (``breaks``) are none."""
    return ocr_pages.contents_lines(lines, breaks, starts)


def _named_in_capitals(lines: list[str], index: int, vocab: terms.Terms, apart: Collection[int] = ()) -> bool:
    """A line in capitals that names a division (``ДЕЙСТВИЕ ПЕРВОЕ``, ``CHAPTER IV.``, or with its
    title: ``I. KAPITEL. REISE NACH CUYABÁ``) after a sentence's end or a line of ``apart`` (an
    entry of a list of plates before it), or names front or back matter (``ДЕЙСТВУЮЩИЕ ЛИЦА``,
    ``INDEX``): a heading though no blank line sets it off, as in books that set none between
    paragraphs."""
    text = lines[index].strip()
    if text.upper() != text or not terms.capitals(text):  # the first test is quick, most lines fail it
        return False
    if _named(text, vocab) is not None:
        return lines[index - 1].rstrip()[-1:] in _ENDS or index - 1 in apart
    if len(text) > MAX_LABEL or len(text.split()) > MAX_LABEL_WORDS:
        return False
    if text.rstrip(".:").lower() in vocab.matter:
        return True
    return terms.division_label(text, vocab) is not None and lines[index - 1].rstrip()[-1:] in _ENDS


def _named(text: str, vocab: terms.Terms) -> tuple[str, int] | None:
    """A division word and its number followed by a stop and a title (``Sechstes Capitel. Wie
    der Dorfschulmeister ...``, with a remark in brackets before the stop: ``Chapter 6
    (Section 24): The Setting up ...``): the heading may wrap over lines that fill the measure."""
    words = _REMARK.sub(r"\1", text).split()
    if len(words) < 3 or words[1][-1:] not in ".:" or not _OPENS_TITLE.match(words[2]):
        return None
    return terms.division_label(text, vocab)
