# ruff: noqa: RUF001  (OCR text is full of typographic quotes and dashes)
"""Statistical tables in an OCR'd appendix: title, rows, footnotes and source lines.

OCR keeps no column rules, so a row is split into cells at its figures: each
figure (``114,588``, ``2-0``, ``—``) is a cell, and so is each run of words between
them (``Russians``, ``Electric power, bill. kwth.``).  Lines that start with a
footnote sign or name a source (``From ...``, ``Sources: ...``) stay with the table
as its notes; the source line, printed last, ends the table.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from teitools import model as m
from teitools import terms
from teitools.readers.ocr_fixes import Corrector
from teitools.readers.ocr_pages import PageNumber, forme_work

_NUMBER = re.compile(r"(?<![^\W_])[—–-]?\d[\d,.\-]*(?:\([a-z0-9]\))?[*†]*(?![^\W_])|(?<!\S)[—–_-]{1,2}(?!\S)")
_SOURCE = re.compile(r"^\s*(?:From |Sources?\b)")
_NOTE = re.compile(r"^\s*(?:From |Sources?\b|[*†‡$§]|\(\s|\(?[a-z1]\)? [A-Z]|[a-z] \S)")
_FIGURE = re.compile(r"\(?[—–-]?\d[\d,.\-]*(?:\([a-z0-9]\))?[)*†]*%?|[—–_-]{1,2}")
LOOKAHEAD = 6
TITLED_ROWS = 3  # lines under a table's title among which its first rows stand
# The caption words (``terms``) that name a table, not a figure or a plate (Tafel); Italian
# ``tavola`` names both, and the rows under it decide.
_TABLE_WORD = re.compile(r"t[aá]b|tav|таб|taulukko|(?:ال)?جدول", re.IGNORECASE)
# An index's entry (``Boats, 1, 3``, ``— house, 9``, ``Brig, 6; see also Good Intent``, ``Abt, 3.``,
# ``Klostermühle, 1—4.``, ``Punt-gun, 3. See Fowlers``, ``Mühlengraben, 1. 2.``) ...
_INDEX_ENTRY = re.compile(r"^\s*(?:[—–-]\s*)?[^\W\d][^,]*(?:,[^,\d]+)*,\s+\d[\d\-–—]*(?:[,;.].*)?$")
_PAGE_REFERENCE = re.compile(r",\s+\d")  # what every entry holds: a quick test before the whole pattern
# ... and its numbers' turnover, with a cross-reference after them (``5; see also Tolls``)
_TURNOVER = re.compile(r"^\s+\d[\d\-–—]*(?:,\s*\d[\d\-–—]*)*(?:[.,]|;\s*\S.*)?\s*$")
# ... or a cross-reference after its heading's comma or stop (``Graben, s. Mühlengraben.``)
_CROSS_REFERENCE = re.compile(r"^\s*(?:[—–-]\s*)?[^\W\d][^,.]*[,.]\s+"
                              r"(?P<see>[^\W\d]+(?:\.?\s+[^\W\d]+)?)\.?\s+\S")
MAX_CROSS_WORDS = 8  # words of a cross-reference entry at most
MAX_TURNOVER_WORDS = 6  # words of an entry's turnover line (``   Muralla.``) at most
MIN_ENTRIES = 3  # entries of an index at least


HEADING_WORDS = 8  # words of a heading that ends a table, at most
PROSE_WIDTH = 40  # characters of a line of running text without figures, at least


def numeric(line: str) -> bool:
    """Does a line carry two or more figures (a table row)?"""
    return len(_NUMBER.findall(line)) >= 2


def _heading(line: str) -> bool:
    """A line in capitals without figures, or one that names front or back matter in any
    language (``Register.``, ``Index``), set off after a blank line or opening a page: the next
    section's heading (``VERZEICHNIS DER ABBILDUNGEN.``), where a table ends."""
    text = line.strip()
    if text.rstrip(" .:") in terms.for_language(None).matter:
        return True
    return text.isupper() and not numeric(text) and len(text.split()) <= HEADING_WORDS


def _prose(line: str) -> bool:
    """A line of running text, no row: at least ``PROSE_WIDTH`` characters of words without a
    figure."""
    return len(line.strip()) >= PROSE_WIDTH and not _NUMBER.search(line)


def _continues(lines: list[str], index: int, page_at: dict[int, PageNumber],
               furniture: Collection[int], stops: Collection[int]) -> bool:
    """Does the page that begins at line ``index`` go on with ``table``: its first line of text
    (past blank lines, the page's number and its ``furniture``) is a row, a line with a figure
    (``1790  47  18  47``; an index's columns, ``Baumwollhängematte (Sage) 381.``), that is no
    heading (``stops``, ``_heading``) and no running text (``_prose``)? A table ends at its
    page's end otherwise (a page of prose, the next section's heading)."""
    while index < len(lines) and (not lines[index].strip() or index in furniture or (
            index in page_at and not (lines[index][:page_at[index].start]
                                      + lines[index][page_at[index].end:]).strip())):
        index += 1
    if index >= len(lines) or index in stops or _heading(lines[index]) or _prose(lines[index]):
        return False
    return _NUMBER.search(lines[index]) is not None


def index_entries(lines: list[str], furniture: Collection[int]) -> dict[int, bool]:
    """The lines (0-based) that are entries of an index, no table rows: a heading word (or a
    sub-entry's dash, ``— house, 9``) and its page references after a comma (``Boats, 1, 3,
    5``, ``Tide, the, 7-8``, ``Brig, 6, 7; see also Good Intent``, ``Klostermühle, 1—4.``), or a
    cross-reference after its comma or stop in a word of any language's ``terms.see``
    (``Graben, s. Mühlengraben.``, ``Boats. See Ships``, ``Muralla, véase Puerta``); at least
    ``MIN_ENTRIES`` entries with page references and no other text line between (blank lines and
    lines of the pages' ``furniture`` aside). An indented line after an entry is its turnover:
    page numbers only (``    11, 14``), or a few words when the line before runs on (it ends
    with neither a page number nor a full stop: ``Puerta del Sol, 2; véase también`` over
    ``   Muralla.``). By line: True for a turnover, False for an entry."""
    found: dict[int, bool] = {}
    run: dict[int, bool] = {}
    referenced = 0  # entries of the run with page references
    previous = ""
    for index, line in enumerate([*lines, "end"]):
        if not line.strip() or index in furniture:
            continue
        if _PAGE_REFERENCE.search(line) and _INDEX_ENTRY.match(line):
            run[index] = False
            referenced += 1
        elif _cross_reference(line):
            run[index] = False
        elif run and line[:1].isspace() and (_TURNOVER.match(line) or (
                len(line.split()) <= MAX_TURNOVER_WORDS and _runs_on(previous))):
            run[index] = True
        else:
            if referenced >= MIN_ENTRIES:
                found.update(run)
            run, referenced = {}, 0
        previous = line
    return found


def _runs_on(line: str) -> bool:
    """Does an index's line run on to the next (it ends with a comma, a semicolon or a word, no
    page number or full stop: ``Andrés, San, iglesia de, 4; puerta de,``)?"""
    last = line.rstrip()[-1:]
    return bool(last) and not last.isdigit() and last not in ".)]"


def _cross_reference(line: str) -> bool:
    """An index's entry that sends the reader to another (``Graben, s. Mühlengraben.``, ``Boats.
    See Ships``, ``Poetry, see also Verse``): a heading, a comma or stop, a word of ``terms.see``
    in any language and the entry it names, in at most ``MAX_CROSS_WORDS`` words."""
    if len(line.split()) > MAX_CROSS_WORDS:
        return False  # running text: most lines, spared the pattern
    match = _CROSS_REFERENCE.match(line)
    if match is None:
        return False
    see = terms.for_language(None).see
    words = match.group("see").replace(".", " ").split()
    return words[0] in see or " ".join(words) in see


def titles_table(lines: list[str], index: int) -> bool:
    """Is line ``index`` a table's title (a caption word naming a table and its number: ``TABLE
    I. BOATS REGISTERED AT THE PORT.``, ``Tabelle 3``) above rows: two of the next TITLED_ROWS
    lines with text carry figures (a row of column heads may come first)?"""
    label = terms.caption_label(lines[index].strip())
    if label is None or not _TABLE_WORD.match(label.group("word")):
        return False  # Fig. 3. above lines of dimensions is a figure's caption
    following = [line for line in lines[index + 1:index + 2 * TITLED_ROWS + 2] if line.strip()][:TITLED_ROWS]
    return sum(numeric(line) for line in following) >= 2


def starts_table(lines: list[str], index: int) -> bool:
    """Is ``index`` a table's first line: most of the next non-blank lines are rows?"""
    following = [line for line in lines[index:index + 2 * LOOKAHEAD] if line.strip()][:LOOKAHEAD]
    return len(following) >= 3 and sum(numeric(line) for line in following) * 2 >= len(following)


def _row(text: str, line: int, corrector: Corrector) -> m.Row:
    """A row whose cells are its figures, each alone, and the words between them; a line that
    held only its page number is one empty cell (for the page's forme work)."""
    return m.Row([m.Cell(corrector.apply(cell, line)) for cell in _cells(text)] or [m.Cell([])])


def _cells(text: str) -> list[str]:
    """A row's cells as printed: each figure alone, and each run of words between them."""
    cells: list[str] = []
    words: list[str] = []
    for token in text.split():
        if _FIGURE.fullmatch(token):
            cells += [" ".join(words), token] if words else [token]
            words = []
        else:
            words.append(token)
    if words:
        cells.append(" ".join(words))
    return cells


def read_table(lines: list[str], index: int, page_at: dict[int, PageNumber],
               breaks: dict[int, m.PageBreak], corrector: Corrector,
               furniture: dict[int, list[m.FormeWork]], stops: Collection[int] = ()) -> tuple[m.Table, int]:
    """The table starting at ``index`` and the index of the first line after it.

    ``breaks`` are the page breaks that fall on its lines; each opens its row. ``furniture``:
    lines that are the pages' forme work (a running head, a scanner's stamp, a page number
    beside a running head), kept in the cell or head before them, never rows nor the table's
    head. The table ends at a heading (``stops``, or one ``_heading`` knows), at its page's
    end unless the next page goes on with its rows (``_continues``), and before a line after a
    blank line that is no row and has running text (``_prose``) after it.
    """
    table = m.Table([], line=index + 1)
    head: list[m.Inline] = []
    i = index
    while i < len(lines) and not numeric(lines[i]) and lines[i].strip() and len(head) < 6 \
            and i not in furniture and i not in page_at:
        if head:
            head.append(m.Text(" "))
        head += corrector.apply(lines[i].strip(), i + 1)
        i += 1
    table.head = head or None
    in_notes = sourced = False
    blanks = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            blanks += 1
            i += 1
            continue
        loose = not in_notes and not numeric(line) and not _NOTE.match(line)  # no row, no note
        text_after = next((text for text in lines[i + 1:i + 4] if text.strip()), "")
        if (sourced and blanks) or (blanks >= 3 and loose) or ((blanks or i in breaks) and _heading(line)) \
                or i in stops or (blanks and loose and _prose(text_after)) \
                or (i in breaks and not _continues(lines, i, page_at, furniture, stops)):
            break
        if i in furniture:
            where = table.rows[-1].cells[-1].content if table.rows and table.rows[-1].cells else head
            where += [m.Text(" "), *([breaks[i]] if i in breaks else [])]
            for number, work in enumerate(furniture[i]):
                where += [m.Text(" "), work] if number else [work]
            table.head = head or None
            i += 1
            continue
        blanks = 0
        if in_notes and numeric(line) and not _NOTE.match(line):
            break
        sourced = sourced or bool(_SOURCE.match(line))
        if i in page_at:
            page = page_at[i]
            text = line[:page.start] + line[page.end:]
        else:
            text = line
        before: list[m.Inline] = [breaks[i]] if i in breaks else []
        after: list[m.Inline] = [m.Text(" "), forme_work(page_at[i], lines)] if i in page_at else []
        if in_notes and not _NOTE.match(line):  # a note's second line
            table.notes[-1].body += [m.LineBreak(line=i + 1), *before,
                                     *corrector.apply(text.strip(), i + 1), *after]
        elif _NOTE.match(line) or in_notes:
            in_notes = True
            content = [*before, *corrector.apply(text.strip(), i + 1), *after]
            table.notes.append(m.NoteBlock(None, content, line=i + 1, place="inline"))
        else:
            row = _row(text, i + 1, corrector)
            if not row.cells:  # a line that held only the page number
                row.cells.append(m.Cell([]))
            row.cells[0].content[:0] = before
            row.cells[-1].content += after
            table.rows.append(row)
        i += 1
    if not table.rows:
        table.rows.append(m.Row([m.Cell([])]))
    return table, i
