# ruff: noqa: RUF001  (OCR text is full of typographic quotes and dashes)
"""The OCR'd paged book layout: the text of a scanned printed book, page after page.

Page numbers (and running heads beside them) are decided as a sequence
(``ocr_pages``), numbered captions standing between pages become figures
(``ocr_captions``), footnotes go to their markers (``ocr_notes``), chapter headings
become divisions, lineation is kept as ``<lb/>`` with split words joined on evidence
(``dehyphenate``), misreadings are corrected where certain (``ocr_fixes``), the
appendix's statistics become tables (``ocr_tables``) and works named in the further
reading become ``<bibl>`` (``ocr_references``).  The printed page number stays in
the TEI as forme work (``<fw type="pageNum">``) beside the ``<pb/>`` it gave, so no
character of the scan is lost; a paragraph runs on across pages and captions.
"""

from __future__ import annotations

import collections
import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TypeGuard

from teitools import codes, evidence, language, terms
from teitools import model as m
from teitools.diagnostics import Diagnostic, Severity
from teitools.readers import (
    ebook_structure,
    ocr_captions,
    ocr_headings,
    ocr_margins,
    ocr_notes,
    ocr_references,
    ocr_tables,
    ocr_titlepage,
    ocr_verse,
)
from teitools.readers.dehyphenate import Vocabulary
from teitools.readers.ocr_fixes import Corrector
from teitools.readers.ocr_pages import (
    SENTENCE_END,
    PageNumber,
    form_feed_paged,
    form_feed_starts,
    forme_work,
    indents_paragraphs,
    lone_edge_numbers,
    measure,
    page_starts,
    placements,
    printed_numbers,
    repeated_edge_lines,
    roman_numbers,
    running_heads,
    set_apart_heads,
    unnumbered_heads,
)
from teitools.source import Source

_CHAPTER = re.compile(r"^([IVXLl1]{1,6})\s+([A-Z][A-Z’'\-]+(?:[ ,:;–-]+[A-Z0-9’'\-]+)*)\s*:?$")
_SECTION = re.compile(r"^[A-Z][A-Z’'\-]+(?: [A-Z][A-Z’'\-]+){0,5}$")
_ORNAMENTS = re.compile(r"[^\w\s.,;:!?()\[\]'’‘\"“”-]+(?:\s+[^\w\s.,;:!?()\[\]'’‘\"“”-]+)*")
# What the summary and the report count (model.COUNTED).
COUNTS = ("notes", "figures", "headings", "tables", "references", "pages", "supplied_pages",
          "split_words_joined", "corrections", "paragraphs", "verse")
MIN_REFERENCES = 3  # works a back-matter section names to be a bibliography
VERSE_REACH = 60  # lines of verse back from a footnote in which its marker is looked for (a page)
NOTE_REACH = 12  # blocks back from a footnote in which its marker is looked for (a page of short paragraphs)
MIN_TITLE = 5  # letters of an unnumbered section title (``PREFACE``), so that ``II`` is none
MIN_LINES = 20  # text lines that give evidence at all, unless form feeds page the text or its numbers
# close (or head) its pages (``evidence.PageEvidence.lone``)
MIN_WRAPPED = 0.6  # share of text lines of a printed measure (30-100 characters) in prose ...
MIN_WRAPPED_PAGED = 0.3  # ... and in verse or drama whose pagination is convincing
MAX_HEADING = 80  # characters of a heading line at most
MAX_TITLE_WORDS = 10  # words of a title printed under a chapter's number
MAX_LABEL_WORDS = 2  # words of a chapter's label alone on its line (CHAPTER I.)
MAX_TITLE_GAP = 2  # blank lines between the label and its title at most
_ROMAN_ALONE = re.compile(r"^((?=[IVXLCl1]*[IVXC])[IVXLCl1]{1,7})\.?$")  # VII, lX. (OCR's l for I)
_STOPPED = re.compile(r"[.!?:][’”\")]*\s*$")  # a sentence's stop (a word in brackets, ``(Tram)``, is none)
OPENING_QUOTES = "\"'“‘„«»‹›¿¡"  # what may open a sentence before its capital (``"He's well," she said``)


def score(source: Source) -> float:
    """High for wrapped lines among which numbers behave like a book's page numbers (a rising
    sequence at page-like intervals, not a contents list, an index, page references or a
    numbered list: ``evidence.page_evidence``); modest for a column of garbled OCR lines that
    prints none (a newspaper page)."""
    lines = source.lines
    text = [line for line in lines if line.strip()]
    if not text or (len(text) < MIN_LINES and not form_feed_paged(source.page_starts, source.text)
                    and not evidence.page_evidence(source).lone):
        return 0.0
    wrapped = sum(30 <= len(line) <= 100 for line in text) / len(text)
    if wrapped < MIN_WRAPPED_PAGED:
        return 0.0
    pages = evidence.page_evidence(source)
    if pages.convincing:  # verse and drama print short lines: a printed pagination is enough
        return min(0.95, 0.4 + 0.05 * pages.numbers) * max(wrapped, MIN_WRAPPED)
    if wrapped < MIN_WRAPPED:
        return 0.0
    return evidence.GARBLED_SCORE * wrapped if evidence.looks_garbled(source) else 0.0


@dataclass
class _Section:
    numbered: bool  # a numbered chapter, or a named section (preface, appendix)
    division: m.Division


@dataclass
class _Builder:
    """Builds blocks line by line; a paragraph runs on across page furniture.

    Furniture met after a text line (page numbers, page breaks, captions) waits in
    ``interlude`` until the next text line shows whether the paragraph goes on; if
    it does, the furniture goes inside the paragraph, otherwise between blocks.
    """

    doc: m.Document
    vocabulary: Vocabulary
    lines: list[str]  # the source's lines
    sections: list[_Section] = field(default_factory=list)
    loose: list[m.Block] = field(default_factory=list)  # blocks before the first heading
    title_pages: list[tuple[int, int, m.TitlePage]] = field(default_factory=list)  # (sections, loose before)
    paragraph: m.Paragraph | None = None
    open_list: m.ListBlock | None = None  # the open list (a contents list, an index)
    last_line: str = ""
    interlude: list[m.Inline] = field(default_factory=list)
    pending: list[m.Inline] = field(default_factory=list)  # page breaks waiting for the next block
    broken: bool = False  # a blank line or page furniture since the last text line
    page_lines: int = 0  # lines of running text since the page began
    margins: dict[int, tuple[int, int]] = field(default_factory=dict)  # line -> line number's column, value
    indents: bool = False  # the text indents its paragraphs

    @property
    def blocks(self) -> list[m.Block]:
        return self.sections[-1].division.blocks if self.sections else self.loose

    @property
    def in_back_matter(self) -> bool:
        """Is the text in a named section after numbered chapters (or in an index, in a book without
        them), in the book's second half (an index, a register; an errata page among the front
        matter is none)?"""
        if not self.sections or self.sections[-1].numbered:
            return False
        last = self.sections[-1].division
        return _late_index(last, len(self.lines)) or (
            any(s.numbered for s in self.sections) and last.line > BACK_MATTER_FROM * len(self.lines))

    def close(self) -> None:
        """End the open paragraph (or list); forme work at the foot of its page stays in it
        (in the list's last item), figures after it become blocks, page breaks wait for the next
        block; but a figure after page furniture (the page's number, the next page's break) stays
        in the paragraph with it, so that it stays on its page (with the figures before it, which
        stay before that furniture)."""
        rest = self.interlude
        holder = self.paragraph.content if self.paragraph is not None \
            else self.open_list.items[-1] if self.open_list is not None else None
        if holder is not None:
            foot = next((k for k, node in enumerate(rest) if isinstance(node, m.PageBreak | m.Figure)),
                        len(rest))
            last = max((k for k, node in enumerate(rest) if isinstance(node, m.Figure)), default=0)
            if any(isinstance(node, m.PageBreak | m.FormeWork) for node in rest[foot:last]):
                foot = last + 1
            holder += rest[:foot]
            rest = rest[foot:]
        self.paragraph = self.open_list = None
        for node in rest:
            if isinstance(node, m.Figure):
                self.blocks.append(node)
            elif isinstance(node, m.Note):
                self.blocks.append(m.NoteBlock(node.n, node.body or [], node.body_line, node.place))
            else:
                self.pending.append(node)
        self.interlude = []

    def calls(self, line: str) -> bool:
        """Does the running text just before call the note that ``line`` opens? A symbol
        (``*``, ``†``) is taken at its word; any other label needs its marker in view."""
        label = ocr_notes.label(line)
        if label is None:
            return False
        if ocr_notes.self_evident(label):
            return True
        return ocr_notes.marked_in(self.recent(), ocr_notes.number(label), self.vocabulary)

    def recent(self) -> list[m.Paragraph]:
        """The paragraphs of the last ``NOTE_REACH`` blocks and of any begun up to
        ``ocr_notes.MARKER_REACH`` lines before the newest (a page of a play's short speeches),
        a marker's reach from a footnote (the page may have begun a division since); each line
        of verse among them as a paragraph of its own that shares the line's content."""
        newest: list[m.Block] = []  # newest first
        holders = [self.loose, *(section.division.blocks for section in self.sections)]
        for block in itertools.chain.from_iterable(reversed(holder) for holder in reversed(holders)):
            if len(newest) >= NOTE_REACH and block.line < newest[0].line - ocr_notes.MARKER_REACH:
                break
            newest.append(block)
        out: list[m.Paragraph] = []  # newest first
        verse = VERSE_REACH  # lines of verse looked at, back from the footnote: about a page
        for block in newest:
            if isinstance(block, m.Paragraph):
                out.append(block)
            elif isinstance(block, m.LineGroup) and len(block.starts) == len(block.lines) and verse > 0:
                lines = list(zip(block.lines, block.starts, strict=True))[-verse:]
                verse -= len(lines)
                out += [m.Paragraph(content, line=start) for content, start in reversed(lines)]
        return out[::-1]

    def footnote(self, note: m.Note) -> None:
        """A footnote goes to its marker in the paragraphs (or lines of verse) just before it,
        else where it stands."""
        if not any(ocr_notes.attach(p, note, self.doc, self.lines, self.vocabulary)
                   for p in reversed(self.recent())):
            self.interlude.append(note)
            self.doc.warnings.append(Diagnostic(
                codes.OCR002, f"footnote {note.n!r} has no marker before it; kept where it stands",
                line=note.line, severity=Severity.WARNING))
        self.broken = True

    def furniture(self, node: m.Inline, glued: bool = False) -> None:
        """Page furniture; spaces keep a page number apart from the words around it
        unless it was printed glued to the word before (``Once66``)."""
        if isinstance(node, m.FormeWork):
            self.interlude += [node, m.Text(" ")] if glued else [m.Text(" "), node, m.Text(" ")]
        else:
            self.interlude.append(node)
        self.broken = True

    def printed(self, index: int, corrector: Corrector, *context: str) -> tuple[list[m.Inline], str]:
        """Line ``index`` as content (``context``: the lines around it, for corrections) and
        its text; a line number in its margin (``ocr_margins``) is no part of the text and
        follows the content as forme work."""
        line = self.lines[index]
        if index not in self.margins:
            return corrector.apply(line.strip(), index + 1, *context), line
        column, value = self.margins[index]
        content = corrector.apply(line[:column].strip(), index + 1, *context)
        printed = line[column:].strip()
        number: m.Inline = m.Text(printed) if printed == str(value) \
            else m.Correction(printed, str(value), line=index + 1)
        return [*content, m.Text(" "), m.FormeWork([number], "line-number")], line[:column]

    def text_line(self, index: int, content: list[m.Inline], raw: str) -> None:
        """Add one source line: to the open paragraph, or as a new paragraph's first line."""
        indented = self.indents and raw[:1].isspace()
        continues = self.paragraph is not None and (
            not (self.broken or indented) or not raw.strip().lstrip(OPENING_QUOTES)[:1].isupper()
            or not (SENTENCE_END.search(self.last_line) or self.ends_sentence()))
        if self.paragraph is not None and continues:
            joined = not self.broken and not self.interlude \
                and self.vocabulary.joins_lines(self.last_line, raw)
            self.paragraph.content += [*self.interlude, m.LineBreak(joined=joined, line=index + 1)]
            self.interlude = []
        else:
            self.close()
            self.paragraph = m.Paragraph([*self.pending], line=index + 1)
            self.pending = []
            self.blocks.append(self.paragraph)
        self.paragraph.content += content
        self.last_line = raw
        self.broken = False
        self.page_lines += 1

    def ends_sentence(self) -> bool:
        """Does the open paragraph's last line end a sentence as read, its note's marker taken
        out (``časech.*`` under the note ``*`` reads ``časech.``)?"""
        if self.paragraph is None:
            return False
        content = self.paragraph.content
        last = max((k for k, node in enumerate(content) if isinstance(node, m.LineBreak)), default=-1)
        return bool(SENTENCE_END.search(m.text_of(content[last + 1:])))

    def heading(self, numbered: bool, division: m.Division) -> None:
        """Open a division; a page that begins with the heading begins before its head."""
        self.close()
        moved = [node for node in self.pending if _page_furniture(node)]
        rest: list[m.Inline] = [node for node in self.pending if not _page_furniture(node)
                                and not (moved and isinstance(node, m.Text) and not node.text.strip())]
        division.breaks += moved
        if division.head is not None:
            division.head[:0] = rest
        elif rest:
            division.blocks.append(m.Paragraph(rest))
        self.pending = []
        self.sections.append(_Section(numbered, division))
        self.broken = True

    def argument(self) -> None:
        """The open paragraph is the synopsis of the division just opened."""
        if self.paragraph is not None:
            self.paragraph.kind = "argument"
        self.close()
        self.broken = True

    def verse(self, stanza: ocr_verse.Stanza, corrector: Corrector) -> None:
        """A stanza as a line group; a line too long for the measure runs on (``<lb/>``), and a
        page that begins with the stanza begins in its first line."""
        self.close()
        verse_lines: list[list[m.Inline]] = []
        starts: list[int] = []
        for index in range(stanza.first, stanza.last + 1):
            text = self.printed(index, corrector)[0]
            if index in stanza.starts:
                verse_lines.append([*self.pending, *text] if not verse_lines else text)
                starts.append(index + 1)
                self.pending = []
            else:
                joined = self.vocabulary.joins_lines(self.lines[index - 1], self.lines[index])
                verse_lines[-1] += [m.LineBreak(joined=joined, line=index + 1), *text]
        self.blocks.append(m.LineGroup(verse_lines, line=stanza.first + 1, starts=starts))
        self.last_line = self.lines[stanza.last]  # the text a block after the stanza follows
        self.broken = True

    def list_item(self, index: int, content: list[m.Inline], turnover: bool = False,
                  kind: str = "contents") -> None:
        """An entry of a contents list or an index (line ``index``; ``kind``: which): an item of
        the open list, or the first of a new ``<list>``; page furniture met since the last entry
        opens the item, as a page that begins with the list begins in its first item. A
        ``turnover`` line (the entry's page numbers run on) goes on the open list's last item.
        An index's entries under a contents list's heading make it an index's (``Indice``,
        ``Índice`` name either). A contents list is a ``<list type="contents">``, as the ebook
        reader writes one."""
        if kind == "index" and self.sections and not self.sections[-1].numbered \
                and self.sections[-1].division.type == "contents":
            self.sections[-1].division.type = kind
        if turnover and self.open_list is not None:
            self.open_list.items[-1] += [*self.interlude, m.LineBreak(line=index + 1), *content]
            self.interlude = []
            return
        if self.open_list is None:
            self.close()
            self.open_list = m.ListBlock([], line=index + 1, kind="contents" if kind == "contents" else None)
            self.blocks.append(self.open_list)
            opening, self.pending = self.pending, []
        else:
            opening, self.interlude = self.interlude, []
        self.open_list.items.append([*opening, *content])
        self.broken = True

    def separator(self, index: int, text: str) -> None:
        """A line of ornaments (``★ ★ ★``) between two passages: an ``<ab type="separator">``."""
        self.close()
        self.blocks.append(m.Paragraph([*self.pending, m.Text(text)], line=index + 1, kind="separator"))
        self.pending = []
        self.broken = True

    def title_page(self, page: m.TitlePage) -> None:
        """Add the book's title page, after the sections so far (a dedication's may come before
        it); the page break of its page goes first inside it."""
        self.close()
        page.breaks, self.pending = self.pending, []
        self.title_pages.append((len(self.sections), len(self.loose), page))
        self.broken = True

    def signed(self, index: int, content: list[m.Inline]) -> None:
        """A signature set right under the last paragraph of a division (``THE AUTHOR.``): the
        division's ``<closer><signed>``, or a paragraph before any division."""
        self.close()
        signature = m.Paragraph([*self.pending, *content], line=index + 1,
                                kind="signed" if self.sections else None)
        self.pending = []
        (self.sections[-1].division.closer if self.sections else self.blocks).append(signature)
        self.broken = True

    def table(self, table: m.Table) -> None:
        """Add a table; a page that begins with the table begins before its title, or in its
        first cell."""
        self.close()
        if self.pending and table.head:
            table.breaks, self.pending = self.pending, []
        elif self.pending and table.rows and table.rows[0].cells:
            table.rows[0].cells[0].content[:0] = self.pending
            self.pending = []
        self.blocks.append(table)
        self.broken = True

    def finish(self) -> None:
        self.close()
        if self.pending:
            self.blocks.append(m.Paragraph(self.pending))
            self.pending = []


def _chapter_number(division: m.Division, last: int) -> int:
    """The number of a chapter just opened (``n``, Arabic or Roman: ``CAPVT II.`` is 2), or the
    one after the ``last`` when it has none."""
    n = division.n or ""
    value = int(n) if n.isdigit() else terms.roman(n)
    return value if value else last + 1


def _heading(text: str, chapters: int, words: terms.Terms) -> tuple[bool, m.Division] | None:
    """A heading line: a division word with its number in the book's language (``CHAPTER
    I.``, ``Erstes Kapitel.``, ``CAPVT II.``, ``LIB. XI.``), a chapter number alone (``VII``)
    or before a title in capitals (``IV INDUSTRIALIZATION``) numbered next in the sequence,
    or a named section (``PREFACE``, ``Vorrede.``, a title in capitals). A chapter number
    misread by the OCR (``Ill``) is corrected when the sequence makes it certain. The bool
    says whether the division is numbered (body) or named (front or back matter)."""
    numbered = _division_heading(text, terms.for_language(None))
    if numbered is not None:
        return True, numbered
    match = _CHAPTER.match(text) or _ROMAN_ALONE.match(text)
    if match:
        numeral = match.group(1)
        fixed = numeral.replace("l", "I").replace("1", "I")
        if terms.roman(fixed) != chapters + 1:
            return None
        number: m.Inline = m.Text(numeral) if fixed == numeral else m.Correction(numeral, fixed)
        head = [number, m.Text(text[len(numeral):])]
        return True, m.Division("chapter", head, [], n=str(terms.roman(fixed)))
    kind = words.matter.get(text.lower().strip(" .:"))
    if kind is not None:
        return False, m.Division(kind, [m.Text(text)], [])
    if _SECTION.match(text) and len(text.replace(" ", "")) >= MIN_TITLE:
        return False, m.Division(text.lower() if " " not in text else None, [m.Text(text)], [])
    return None


def _title_line(lines: list[str], index: int) -> bool:
    """Is line ``index`` a chapter's title printed under its number (``The Lady of Creith``):
    short, not a sentence nor a letter's dateline, with a blank line (or the end) after it?"""
    line = lines[index].strip() if index < len(lines) else ""
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return bool(line) and not following and len(line.split()) <= MAX_TITLE_WORDS \
        and not _DATELINE.search(line) and line[:1].isupper() \
        and not SENTENCE_END.search(line.rstrip(".") if line.endswith(".") else line)


# A letter's place and date (Rotterdam, May 3rd, 1845.)
_DATELINE = re.compile(r",\s*(?:\S+\s+){0,3}1[4-9]\d\d\.?$")


def _motto(stanzas: dict[int, ocr_verse.Stanza], lines: list[str], below: int) -> bool:
    """Is the stanza on line ``below``, set off under a chapter's label, a motto in verse: more
    than one line, or one line indented as another stanza of the book is? A single line
    indented as no verse of the book is the chapter's title (``De bello Helvetico.``)."""
    if stanzas[below].last > below:
        return True
    indent = ebook_structure.indent_of(lines[below])
    return any(ebook_structure.indent_of(lines[first]) == indent for first in stanzas if first != below)


def _title_after(lines: list[str], label: int, after: int, page_at: dict[int, PageNumber],
                 starts: dict[int, m.PageBreak], text: str | None = None) -> int | None:
    """The line of a chapter's title set off below a label that stands alone on line ``label``
    (``CHAPTER I.``, ``III.``; ``text``: the label where the line holds the page's number too;
    the head ends before line ``after``): past a blank line, on the same page, a title as
    ``_title_line`` knows one and no label of its own; else None."""
    if after != label + 1 or len((text or lines[label]).split()) > MAX_LABEL_WORDS:
        return None
    index = after
    while index < len(lines) and index - after < MAX_TITLE_GAP and not lines[index].strip():
        index += 1
    if index == after or index >= len(lines) or index in page_at or index in starts \
            or not _title_line(lines, index) or not lines[index + 1:index + 3] \
            or _division_heading(lines[index].strip(), terms.for_language(None)) is not None \
            or _ROMAN_ALONE.match(lines[index].strip()):
        return None
    return index


def _division_heading(text: str, words: terms.Terms) -> m.Division | None:
    """``CHAPTER IV.``, ``Chapter 12: The Storm``, ``Erstes Kapitel.``, ``CAPITOLO PRIMO``: a
    division word and a number (Arabic, Roman, ordinal or number word), in either order, at
    the start of a line of at most MAX_HEADING characters. The word and its number together
    are evidence enough in any language (``words``: every language's, a book quotes others)."""
    raw = text.split()
    if len(text) > MAX_HEADING or len(raw) < 2:
        return None
    if len(raw) > 2 and not (raw[1][-1] in ".:—–-" or raw[2][:1] in "—–-:" or raw[2][:1].isupper()):
        return None  # Chapter 3 of the ledger ...: a sentence, not a title
    label = terms.division_label(text, words)
    if label is None:
        return None
    at = 0
    for word in raw[:2]:  # CHAPTER Vll.: the numeral's reading, VII
        at = text.index(word, at)
        printed = word.rstrip(".:")
        fixed = terms.roman_reading(printed)
        if fixed is not None:
            break
        at += len(word)
    else:
        return m.Division(label[0], [m.Text(text)], [], n=str(label[1]))
    head: list[m.Inline] = [m.Text(text[:at]), m.Correction(printed, fixed), m.Text(text[at + len(printed):])]
    return m.Division(label[0], [node for node in head if not isinstance(node, m.Text) or node.text], [],
                      n=str(label[1]))


def _found_heading(found: ocr_headings.Heading, lines: list[str], corrector: Corrector,
                   words: terms.Terms) -> tuple[bool, m.Division]:
    """A heading found from the whole book (``ocr_headings``) with its lines as its head. One
    known by its form is a body division (a letter, a dated entry) unless its words name front
    or back matter (``VORWORT.``: a preface), so that footnotes and tables read as in the body."""
    head: list[m.Inline] = []
    for index in range(found.first, found.last + 1):
        if head:
            head.append(m.LineBreak(line=index + 1))
        head += corrector.apply(lines[index].strip(), index + 1)
    division = found.division
    division.head = head
    if found.numbered:
        return True, division
    division.type = words.matter.get(" ".join(lines[found.first].split()).lower().strip(" .:"))
    return division.type is None, division  # only front and back matter by name are named


def _list_heading(heading: tuple[bool, m.Division], lines: list[str], after: int,
                  entries: Collection[int], listed: Collection[int]) -> tuple[bool, m.Division]:
    """A heading whose words name nothing the book's language knows (``REGISTER`` in an English
    book, ``INDEX NOMINVM``) over an index's entries (``entries``) or a contents list's
    (``listed``), its first text line after line ``after`` past blank lines: that list's
    named division, front or back matter (an index only in the book's second half)."""
    while after < len(lines) and not lines[after].strip():
        after += 1
    division = heading[1]
    if division.type is not None or division.n is not None or after >= len(lines):
        return heading
    if after in listed or (after in entries and after > BACK_MATTER_FROM * len(lines)):
        division.type = "contents" if after in listed else "index"
        return False, division
    return heading


def _opens_block(lines: list[str], index: int, page_at: dict[int, PageNumber]) -> bool:
    """Does line ``index`` stand at a page or block start (where a heading may stand)?"""
    if index == 0 or lines[index][:1].isspace():
        return True
    if lines[index - 1].strip():
        return index - 1 in page_at
    return (index >= 2 and not lines[index - 2].strip()) or (index - 2) in page_at


def _neighbours(lines: list[str], index: int) -> tuple[str, str]:
    return (lines[index - 1] if index else "", lines[index + 1] if index + 1 < len(lines) else "")


def read(source: Source, lang: str | None = None) -> m.Document:
    """Read the OCR text of a printed book (see the module docstring) in language ``lang``
    (detected when None): its lexicon decides corrections and joins."""
    doc = m.Document(layout="ocr-paged")
    lines = source.lines
    pages = printed_numbers(source.text, source.page_starts)
    paged = form_feed_paged(source.page_starts, source.text)
    if not paged:
        pages = [*roman_numbers(lines, pages), *pages]
    starts = form_feed_starts(lines, source.page_starts, pages) if paged else {}
    page_at = {p.line: p for p in pages}
    heads = running_heads(lines, pages, at_edges=paged)
    at_head = [] if paged else placements(lines, pages)  # does each number head its page?
    if not paged:
        heads = set_apart_heads(lines, pages, at_head) | heads
    headers = _edge_furniture(lines, source.page_starts, pages, heads) if paged else {}
    entries = ocr_tables.index_entries(lines, set(page_at) | set(headers))  # an index's: no table rows
    captions = {c.first: c for c in ocr_captions.find(lines, set(page_at) | set(headers),
                                                      numbers_alone=not paged, skip=entries)}
    caption_lines = {i for c in captions.values() for i in range(c.first, c.last + 1)}
    if not paged:
        starts = page_starts(lines, pages, caption_lines, doc, at_head)
    lang = lang or language.detect(source.text)
    vocabulary = Vocabulary(lines, lang or "und")  # no lexicon without a language: the text alone
    words = terms.for_language(lang)
    corrector = Corrector(source.text, vocabulary)
    width = measure(lines)
    builder = _Builder(doc, vocabulary, lines, indents=indents_paragraphs(lines),
                       margins=ocr_margins.line_numbers(lines, source.page_starts if paged else starts,
                                                        set(page_at)))
    listed = ocr_headings.contents(lines, set(page_at), starts)  # a contents list's entries: no headings
    titles = ebook_structure.contents_titles(lines[i] for i in listed)  # ... but what they name is one
    every_language = terms.for_language(None)  # a title page's words: ``BY``, ``von``, ``par``
    title_page = _title_page(lines, source.page_starts if paged else (min(starts, default=len(lines)),),
                             set(page_at) | set(headers) | listed, set(page_at), every_language)
    if title_page is not None:
        ocr_titlepage.metadata(title_page, lines, every_language, doc.metadata)
        listed |= set(range(title_page.first, title_page.last + 1))  # no headings, no captions
    headings = ocr_headings.find(lines, set(page_at), set(starts), caption_lines | set(headers) | listed,
                                 titles)
    heading_lines = {i for h in headings.values() for i in range(h.first, h.last + 1)}
    stanzas = ocr_verse.find(lines, set(page_at), caption_lines | heading_lines | set(headers))
    # the forme work of lines inside a table: page furniture, and a page number beside its head
    in_tables = dict(headers) | {
        i: _forme_line(page, lines, heads) for i, page in page_at.items() if i in heads}
    # the form-feed pages' first lines that open no other such page (a running head repeats)
    firsts = collections.Counter(lines[i].strip() for i in source.page_starts if i < len(lines))
    form_feeds = {i for i in source.page_starts if i < len(lines) and firsts[lines[i].strip()] == 1}
    page_lines, heading_lines_at, furniture = set(starts), set(headings), set(page_at) | set(headers)
    labels = collections.Counter(text.strip() for text in heads.values())  # a running head repeats
    chapters = 0  # the number of the last chapter
    here = 0
    after_note = -1  # the line after the last footnote read
    last_note = ""  # ... and its number
    dangling: m.Note | None = None  # the last footnote of a page, which may run on to the next page's foot
    pages_since = 0  # pages begun since it
    while here < len(lines):
        line, after = lines[here], here + 1
        if here in starts:
            builder.interlude.append(starts[here])
            pages_since += 1
            builder.page_lines = 0
        if title_page is not None and here == title_page.first:
            builder.title_page(ocr_titlepage.block(title_page, lines, every_language, corrector.apply))
            builder.interlude += _skipped(starts, here, title_page.last + 1)
            here = title_page.last + 1
            continue
        apart = here not in page_at and here not in listed
        opens = _opens_block(lines, here, page_at) and apart
        alone = not "".join(lines[after:after + 1]).strip() and (opens or (here in starts and apart))
        heading = _heading(line.strip(), chapters, words) if alone else None
        if heading is not None and not opens and not heading[0] and not (
                here in form_feeds and words.matter.get(line.strip().rstrip(" .:")) is not None):
            heading = None  # a page's first line after the text of the page before: only a chapter's
            # label, or where a form feed begins the page front or back matter's name (``Register.``)
            # printed first on no other page
        if heading is None and alone and not chapters and _title_after(lines, here, after, page_at, starts):
            heading = _heading(line.strip(), (terms.roman(line.strip().rstrip(".")) or 1) - 1, words)
            # an excerpt's first chapter (III.) is known by the title set off below its label
        after_break = here == 0 or not lines[here - 1].strip() or here - 1 in page_at or here in starts
        if heading is None and after_break and here not in page_at and here not in listed \
                and len(line.split()) <= 2:
            titled = _division_heading(line.strip(), terms.for_language(None))  # CHAPTER I. above text
            heading = (True, titled) if titled is not None else None
            if titled is not None and titled.head is not None and _title_line(lines, after):
                title = corrector.apply(lines[after].strip(), after + 1)
                titled.head += [m.LineBreak(line=after + 1), *title]
                after += 1
        known = headings.get(here)
        if known is not None and (heading is None or known.last > here):
            heading, after = _found_heading(known, lines, corrector, words), known.last + 1
        signed = alone and here not in page_at and here not in headers \
            and _signature(lines, here, width, page_lines, heading_lines_at, furniture)
        if signed:
            heading, after = None, here + 1  # THE AUTHOR. set right under a preface: no heading
        titled_table = ocr_tables.titles_table(lines, here)
        if heading and titled_table:
            heading, after = None, here + 1  # TABLE I. BOATS REGISTERED: a table's title, above its rows
        apparatus = ocr_notes.apparatus(lines, here) \
            if lines[here][:1].isdigit() and _foot_block(lines, here, page_at, starts, headers) else None
        if apparatus is not None:  # a critical apparatus at the page's foot: a note of its own
            body: list[m.Inline] = []
            for index in range(here, apparatus + 1):
                body += [m.LineBreak(line=index + 1)] if body else []
                body.append(m.Text(lines[index].strip()))  # sigla and readings as printed
            builder.furniture(m.Note("", body, place="foot", line=here + 1, body_line=here + 1,
                                     kind="apparatus"))
            after = apparatus + 1
        elif here in headers:
            for node in headers[here]:
                builder.furniture(node)
        elif here in captions:
            builder.furniture(ocr_captions.figure(captions[here], lines, corrector))
            after = captions[here].last + 1
        elif not line.strip() or (ocr_notes.rule(line) and after < len(lines)
                                  and ocr_notes.opens_note(lines, after, vocabulary)
                                  and builder.calls(lines[after])):
            builder.broken = True  # a blank line, or the rule above a page's footnotes
        elif ocr_notes.rule(line) and dangling is not None and pages_since == 1 and after < len(lines) \
                and ocr_notes.label(lines[after]) is None \
                and _foot_block(lines, after, page_at, starts, headers):
            builder.broken = True  # the rule, then the rest of the last note of the page before
            after = _continue_note(builder, corrector, lines, after, dangling, page_at, headers)
            after_note, last_note, dangling = after, dangling.n, None
        elif heading:
            if heading[0] and heading[1].type != "section":
                chapters = _chapter_number(heading[1], chapters)
            heading[1].line = here + 1
            chapter = heading[1].type == "chapter"
            below = _title_after(lines, here, after, page_at, starts) if chapter else None
            if (below in stanzas and _motto(stanzas, lines, below)) or below in captions or below in headers:
                below = None  # a motto's verse, a figure, forme work
            if below is not None and heading[1].head is not None:  # III. above De tempestate.
                title = corrector.apply(lines[below].strip(), below + 1)
                heading[1].head += [m.LineBreak(line=below + 1), *title]
                after = below + 1
            builder.interlude += _skipped(starts, here, after)  # a page that begins in the head
            heading = _list_heading(heading, lines, after, entries, listed)
            builder.heading(*heading)
            synopsis = _synopsis(lines, after, lang) if heading[1].type == "chapter" else None
            if synopsis is not None:  # the chapter's synopsis under its head: an <argument>
                for index in range(synopsis[0], synopsis[1] + 1):
                    builder.text_line(index, corrector.apply(lines[index].strip(), index + 1), lines[index])
                builder.argument()
                after = synopsis[1] + 1
        elif signed:
            builder.signed(here, corrector.apply(line.strip(), here + 1))
            stamp = _stamp_below(lines, here, width, page_lines, furniture)
            if stamp is not None:  # a stamp below the signature: the page's forme work, no text
                headers[stamp] = [m.FormeWork([m.Text(lines[stamp].strip())], "running-foot")]
        elif here in listed or (here in entries and builder.in_back_matter):
            builder.list_item(here, corrector.apply(line.strip(), here + 1), entries.get(here, False),
                              "contents" if here in listed else "index")
        elif here in stanzas:
            builder.verse(stanzas[here], corrector)
            after = stanzas[here].last + 1
        elif _ORNAMENTS.fullmatch(line.strip()) and not "".join(lines[here - 1:here + 2:2]).strip():
            builder.separator(here, line.strip())
        elif here not in page_at and (titled_table or (builder.in_back_matter
                                                      and ocr_tables.starts_table(lines, here))):
            later = {i: pb for i, pb in starts.items() if i > here}
            table, after = ocr_tables.read_table(lines, here, page_at, later, corrector, in_tables,
                                                 heading_lines_at - {here})
            builder.table(table)
            here = after  # the table holds its page breaks
            continue
        elif not builder.in_back_matter and ocr_notes.opens_note(lines, here, vocabulary,
                                                                 last_note if here == after_note else None,
                                                                 last_note) \
                and builder.calls(lines[here]):
            after, note = _footnote(builder, corrector, lines, here, page_at,
                                    caption_lines | set(headings) | set(starts) | set(headers))
            after_note, last_note = after, note.n
            dangling, pages_since = note, 0
        elif dangling is not None and pages_since == 1 and builder.broken \
                and _foot_block(lines, here, page_at, starts, headers) and _below_text(builder, lines, here) \
                and not _past_figure(lines, here, caption_lines, builder.last_line) \
                and _runs_on(dangling, builder.last_line, line, _interrupts(lines, here, page_at)):
            after = _continue_note(builder, corrector, lines, here, dangling, page_at, headers)
            after_note, last_note, dangling = after, dangling.n, None
        elif here in page_at \
                and (labelled := _labelled_page(page_at[here], heads, labels, lines)) is not None:
            builder.furniture(forme_work(page_at[here], lines))  # CHAPTER II.    3: the number, then the head
            chapters = _chapter_number(labelled, chapters)
            labelled.line = here + 1
            below = _title_after(lines, here, after, page_at, starts, heads[here])
            if below is not None and labelled.head is not None and below not in headers:
                title = corrector.apply(lines[below].strip(), below + 1)
                labelled.head += [m.LineBreak(line=below + 1), *title]
                after = below + 1
            builder.heading(True, labelled)
        elif here in page_at:
            _page_number_line(builder, corrector, lines, page_at[here], heads)
        else:
            builder.text_line(here, *builder.printed(here, corrector, *_neighbours(lines, here)))
        builder.interlude += _skipped(starts, here, after)  # pages that begin inside a block read whole
        here = after
    builder.finish()
    _place_sections(doc, builder)
    for division in doc.back:
        found = sum(ocr_references.mark(block, vocabulary) for block in m.walk_blocks([division])
                    if isinstance(block, m.Paragraph))
        if isinstance(division, m.Division) and division.type is None and found >= MIN_REFERENCES:
            division.type = "bibliography"  # a section that names works: further reading
    return doc


BACK_MATTER_FROM = 0.5  # share of the book's lines before which no back matter begins
SYNOPSIS_LINES = 4  # lines of a chapter's synopsis at most
SYNOPSIS_DASHES = 2  # dashes between its phrases (The Voyage out — Madeira — The Wines.) ...
SYNOPSIS_CAPITALS = 0.5  # ... or the share of its words of four letters or more set with a capital
NOUN_CAPITALS = ("de", "lb")  # languages that capitalise every noun: capitals tell nothing there


SIGNATURE_WORDS = 5  # words of a signature set right at most (THE AUTHOR., M. T., Karl Hafner.)
SIGNATURE_SLACK = 3  # columns right of the middle a signature stands at least


def _signature(lines: list[str], index: int, width: int, starts: set[int], headings: set[int],
               furniture: set[int]) -> bool:
    """Is line ``index`` a signature closing its division: a few words set right of the measure's
    middle (their leading spaces over half the room the line leaves), after a blank line on the
    page of the text above it (no page start, ``starts``, between), and only forme work
    (``furniture``: a scanner's stamp, the page's number), then a heading (``headings``), a
    page's start or the text's end after it?"""
    line = lines[index]
    text = line.strip()
    lead = len(line) - len(line.lstrip())
    if not text or len(text.split()) > SIGNATURE_WORDS or lead * 2 <= width \
            or lead <= (width - len(text)) / 2 + SIGNATURE_SLACK or (index and lines[index - 1].strip()):
        return False
    before = next((i for i in range(index - 1, -1, -1) if lines[i].strip()), -1)
    if any(i in starts for i in range(before + 1, index + 1)):
        return False  # the first line of its page: a heading set off (a centred act's title), no signature
    after = _text_after(lines, index, furniture)
    return after is None or after in starts or after in headings \
        or _stamp_below(lines, index, width, starts, furniture) is not None


def _text_after(lines: list[str], index: int, furniture: Collection[int]) -> int | None:
    """The first line with text after line ``index``, the page's ``furniture`` aside; None at the end."""
    return next((i for i in range(index + 1, len(lines)) if lines[i].strip() and i not in furniture), None)


def _stamp_below(lines: list[str], index: int, width: int, starts: Collection[int],
                 furniture: Collection[int]) -> int | None:
    """The line of a stamp below line ``index`` at its page's foot (``PROPERTY OF THE HARBOUR
    LIBRARY``), printed on this page only, so that no repetition made it forme work: the page's
    last text line, its ``furniture`` aside (its number), set off by a blank line, shorter than
    half the measure ``width``, ending no sentence; the next page (``starts``) or the text's end
    after it. None when there is none."""
    stamp = _text_after(lines, index, furniture)
    if stamp is None or lines[stamp - 1].strip() or stamp in starts:
        return None
    text = lines[stamp].strip()
    after = _text_after(lines, stamp, furniture)
    if len(text) * 2 > width or SENTENCE_END.search(text) or not (after is None or after in starts):
        return None
    return stamp


def _synopsis(lines: list[str], after: int, lang: str | None) -> tuple[int, int] | None:
    """The first and last line of a chapter's synopsis printed under its head, from line ``after``
    on: a block of at most SYNOPSIS_LINES lines after a blank line, one sentence ending with a
    stop, followed by a blank line and the chapter's text, set as synopses are (phrases between
    dashes, or most words capitalised: ``The Voyage out, and what befell the Travellers at
    Madeira; with some Account of the Island and its Wines.``); None when there is none."""
    first = after
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first == after or first >= len(lines):
        return None
    last = first
    while last + 1 < len(lines) and lines[last + 1].strip():
        last += 1
    framed = " ".join(line.strip() for line in lines[first:last + 1])
    block = framed.strip(" —–-")  # — Aufbruch. — Wehre. —: the dashes frame it
    text_after = next((line for line in lines[last + 1:last + 4] if line.strip()), "")
    if last - first + 1 > SYNOPSIS_LINES or not text_after or not re.search(r"\.[’”\"']?$", block):
        return None
    if framed.count("—") + framed.count("--") + framed.count(" – ") >= SYNOPSIS_DASHES:
        return first, last
    if re.search(r"[.!?]\s+\S", block):  # more than one sentence: the chapter's first paragraph
        return None
    words = re.findall(r"[^\W\d_]{4,}", block)
    capitals = sum(terms.capital(word[0]) for word in words[1:])
    if lang in NOUN_CAPITALS or len(words) < 4 or capitals < SYNOPSIS_CAPITALS * (len(words) - 1):
        return None
    return first, last


def _edge_furniture(lines: list[str], page_starts: tuple[int, ...], pages: list[PageNumber],
                    heads: dict[int, str]) -> dict[int, list[m.FormeWork]]:
    """The lines at the edges of form-feed pages that are the pages' furniture, not text: numbers
    alone that the sequence did not take, running heads whose number was not read, and lines
    repeated on the edges of many pages. By line, its forme work in the order printed."""
    repeated = repeated_edge_lines(lines, page_starts, pages)
    found = {line: [m.FormeWork([m.Text(text)], "running-head" if head else "running-foot")]
             for line, (text, head) in repeated.items()}
    found.update({line: [m.FormeWork([m.Text(lines[line].strip())], "page-number")]
                  for line in lone_edge_numbers(lines, page_starts, pages, repeated)})
    found.update({line: _misread_head(text)
                  for line, text in unnumbered_heads(lines, page_starts, pages, heads, repeated).items()})
    return found


_MISREAD_NUMBER = re.compile(r"^(?P<n>\S{1,4})\s{2,}(?=\S)|(?<=\S)\s{2,}(?P<m>\S{1,4})$")


def _misread_head(text: str) -> list[m.FormeWork]:
    """A running head whose number the OCR misread (``THE HARB0UR      I9``): the head's words
    and, where a token showing a digit stands a printer's gap apart at one end, that token as
    the page's number as printed, in the order printed."""
    match = _MISREAD_NUMBER.search(text)
    token = match.group("n") or match.group("m") if match else None
    if match is None or token is None or not any(c.isdigit() for c in token):
        return [m.FormeWork([m.Text(text)], "running-head")]
    number = m.FormeWork([m.Text(token)], "page-number")
    head = m.FormeWork([m.Text((text[:match.start()] + text[match.end():]).strip())], "running-head")
    return [number, head] if match.group("n") else [head, number]


def _page_furniture(node: m.Inline) -> TypeGuard[m.PageBreak | m.FormeWork]:
    """A page break or a page's forme work (its number, its running head): what a page that
    opens with a heading holds before the head."""
    return isinstance(node, m.PageBreak | m.FormeWork)


def _labelled_page(page: PageNumber, heads: dict[int, str], labels: collections.Counter[str],
                   lines: list[str]) -> m.Division | None:
    """The chapter a page's number stands beside, where the rest of its line is a division's
    label that no other page prints (``labels``: how many pages print each head; ``CHAPTER II.
    3``; a running head repeats) and the next line with text, past MAX_TITLE_GAP blank lines at
    most, does not print the label again (``KAPITOLA DRUHÁ   9`` over the heading ``KAPITOLA
    DRUHÁ``: a running head naming the chapter), else None."""
    if page.line not in heads:
        return None
    label = heads[page.line].strip()
    if labels[label] > 1:
        return None
    below = next((line for line in lines[page.line + 1:page.line + MAX_TITLE_GAP + 2] if line.strip()), "")
    if ebook_structure.title_key(below) == ebook_structure.title_key(label):
        return None
    return _division_heading(label, terms.for_language(None))


def _page_number_line(builder: _Builder, corrector: Corrector, lines: list[str], page: PageNumber,
                      heads: dict[int, str]) -> None:
    """A line holding a page number: at its end (the page's last line), at its start
    (the last line of a left-hand page), alone, or beside a running head."""
    line = lines[page.line]
    before, after = line[:page.start], line[page.end:]
    number = forme_work(page, lines)
    if page.line in heads:
        for node in _forme_line(page, lines, heads):
            builder.furniture(node)
    elif before.strip():
        builder.text_line(page.line, corrector.apply(before.strip(), page.line + 1), before)
        builder.furniture(number, glued=not before[-1:].isspace())
    elif after.strip():
        builder.furniture(number)
        builder.text_line(page.line, corrector.apply(after.strip(), page.line + 1), after)
        builder.broken = True
    else:
        builder.furniture(number)


def _forme_line(page: PageNumber, lines: list[str], heads: dict[int, str]) -> list[m.FormeWork]:
    """A line holding a page number beside the page's running head (``heads``, by line): the
    two as forme work, in the order printed."""
    head = m.FormeWork([m.Text(heads[page.line])], "running-head")
    number = forme_work(page, lines)
    return [head, number] if lines[page.line][:page.start].strip() else [number, head]


def _skipped(starts: dict[int, m.PageBreak], here: int, after: int) -> list[m.Inline]:
    """The page breaks of lines after ``here`` up to ``after`` (a block read as a whole), once."""
    return [starts.pop(i) for i in range(here + 1, after) if i in starts]


def _foot_block(lines: list[str], first: int, page_at: dict[int, PageNumber],
                starts: dict[int, m.PageBreak], furniture: Collection[int]) -> bool:
    """Does the block opening at ``first`` stand at the foot of its page: only blank lines and
    the page's ``furniture`` (a scanner's stamp) between its end and a page number, the next
    page or a footnote?"""
    index = first
    while index < len(lines) and lines[index].strip():
        if index in page_at or (index > first and index in starts):
            return index > first
        index += 1
    while index < len(lines) and (not lines[index].strip() or index in furniture) \
            and not (index in starts and index > first):
        index += 1
    return index >= len(lines) or index in page_at or index in starts \
        or ocr_notes.label(lines[index]) is not None


def _below_text(builder: _Builder, lines: list[str], first: int) -> bool:
    """May the block opening at ``first`` be the rest of a note, at the foot of its page below
    the running text? It is shorter than the running text above it (notes are the foot of a
    page, its text the most of it), or that text stops mid-sentence (the block interrupts it,
    as a long note does)."""
    last = first
    while last < len(lines) and lines[last].strip():
        last += 1
    return builder.page_lines > 0 and (last - first <= builder.page_lines
                                       or not _STOPPED.search(builder.last_line))


def _runs_on(note: m.Note, text_before: str, line: str, text_after: str) -> bool:
    """Is the unlabelled block opening with ``line`` at the foot of the page after ``note``
    the rest of that note? Yes when the note stops mid-sentence and the block opens in lower
    case, or when the block interrupts the running text: the text before it stops
    mid-sentence and the text after it (on the next page) goes on in lower case (``text_after``,
    empty when the block does not follow running text on its page)."""
    if ocr_notes.label(line) is not None or ocr_notes.rule(line):
        return False  # a page's own notes
    last = next((n.text for n in reversed(note.body or []) if isinstance(n, m.Text)), "")
    if not SENTENCE_END.search(last) and line.strip()[:1].islower():
        return True
    return not SENTENCE_END.search(text_before) and text_after[:1].islower()


def _past_figure(lines: list[str], first: int, caption_lines: set[int], text_before: str) -> bool:
    """Does the block opening at ``first`` follow a figure's caption (``caption_lines``) set
    inside a sentence of the running text (``text_before`` stops mid-sentence)? The block goes
    on with that sentence, no note's (``among the`` / ``Fig. 2. …`` / ``reeds at the mouth``)."""
    above = first - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    return above in caption_lines and not SENTENCE_END.search(text_before)


def _interrupts(lines: list[str], first: int, page_at: dict[int, PageNumber]) -> str:
    """The running text after the block opening at ``first`` (the first line after it, past
    blank lines and page numbers alone on their line) when the block follows running text
    of its page after a blank line; else ""."""
    above = first - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above < 0 or above == first - 1 or above in page_at:
        return ""
    index = first
    while index < len(lines) and lines[index].strip():
        index += 1
    while index < len(lines) and (not lines[index].strip()
                                  or (index in page_at and _alone(lines, page_at[index]))):
        index += 1
    return lines[index].strip() if index < len(lines) else ""


def _alone(lines: list[str], page: PageNumber) -> bool:
    line = lines[page.line]
    return not (line[:page.start] + line[page.end:]).strip()


def _continue_note(builder: _Builder, corrector: Corrector, lines: list[str], first: int,
                   note: m.Note, page_at: dict[int, PageNumber], furniture: Collection[int]) -> int:
    """A footnote's text that runs on at the foot of the next page (unlabelled, in lower
    case) joins the note, after a page break without a number (the page is numbered where
    it begins in the running text); it ends at a blank line, a page number, the page's
    ``furniture`` (a scanner's stamp) or the page's own first note. The index of the line
    after it."""
    body = note.body if note.body is not None else []
    previous = next((n.text for n in reversed(body) if isinstance(n, m.Text)), "")
    body.append(m.PageBreak(""))
    index = first
    while index < len(lines) and lines[index].strip() and index not in page_at and index not in furniture \
            and not (index > first and ocr_notes.opens_note(lines, index, builder.vocabulary, note.n)
                     and builder.calls(lines[index])):
        line = lines[index]
        body.append(m.LineBreak(joined=builder.vocabulary.joins_lines(previous, line), line=index + 1))
        body += corrector.apply(line.strip(), index + 1)
        previous = line
        index += 1
    return index


def _footnote(builder: _Builder, corrector: Corrector, lines: list[str], first: int,
              page_at: dict[int, PageNumber], stops: set[int]) -> tuple[int, m.Note]:
    """Read the footnote starting at ``first`` up to a line of ``stops`` at the latest
    (captions, headings, the first line of a page); the index of the line after it, and the note."""
    label = ocr_notes.label(lines[first])
    assert label is not None
    last = ocr_notes.extent(lines, first, stops, builder.vocabulary, ocr_notes.number(label))
    body: list[m.Inline] = []
    numbers: list[m.Inline] = []
    previous = ""
    for i in range(first, last + 1):
        line = lines[i]
        page = page_at.get(i)
        if page is not None:
            numbers.append(forme_work(page, lines))
            line = line[:page.start] + " " * (page.end - page.start) + line[page.end:]
        if i == first:
            line = " " * label.end() + line[label.end():]
        else:
            body.append(m.LineBreak(joined=builder.vocabulary.joins_lines(previous, line), line=i + 1))
        body += corrector.apply(line.strip(), i + 1)
        previous = line
    printed = label.group("label")
    builder.doc.removed.append(m.Removed(printed, "note-label", first + 1, label.start("label") + 1))
    note = m.Note(ocr_notes.number(label), body, place="foot", line=first + 1, body_line=first + 1)
    builder.footnote(note)
    for number in numbers:
        builder.furniture(number)
    return last + 1, note


TITLE_PAGE_WITHIN = 4  # form-feed pages before the title page at most (a library's stamps, a half-title)


def _title_page(lines: list[str], page_starts: tuple[int, ...], stop: set[int], numbers: set[int],
                words: terms.Terms) -> ocr_titlepage.TitlePage | None:
    """The book's title page: on one of its first TITLE_PAGE_WITHIN pages, on the first page
    or before any page whose number is printed (``numbers``: the number lines)."""
    bounds = [0, *page_starts]
    for low, high in list(itertools.pairwise([*bounds, len(lines)]))[:TITLE_PAGE_WITHIN]:
        found = ocr_titlepage.find(lines, low, high, stop, numbers, words)
        if found is not None or any(i in numbers for i in range(low, high)):
            return found
    return None


def _place_sections(doc: m.Document, builder: _Builder) -> None:
    """Named sections before the first chapter are front matter, after the last one back matter;
    the front holds the title page where it stands, and what comes before it."""
    flags = [s.numbered for s in builder.sections]
    divisions: list[m.Block] = [s.division for s in builder.sections]
    loose: list[m.Block] = list(builder.loose)
    for sections, blocks, page in reversed(builder.title_pages):
        if sections:
            divisions.insert(sections, page)
            flags.insert(sections, False)
        else:
            loose.insert(blocks, page)
    divisions, flags = _nest_parts(divisions, flags)
    numbered = [i for i, numbered in enumerate(flags) if numbered]
    pages = [i for i, block in enumerate(divisions) if isinstance(block, m.TitlePage)]
    cut = max((i + 1 for i, block in enumerate(loose) if isinstance(block, m.TitlePage)), default=0)
    if not numbered and not pages:  # no chapter: the front is the title page and what stands before it
        back = len(divisions)
        while back and _late_index(divisions[back - 1], len(builder.lines)):
            back -= 1  # ... and the back an index in the book's second half
        doc.front, doc.body = _front(loose[:cut]), [*loose[cut:], *divisions[:back]]
        doc.back = divisions[back:]
        return
    first = numbered[0] if numbered else pages[-1] + 1
    last = numbered[-1] if numbered else len(divisions) - 1
    if first:
        doc.front, doc.body = [*_front(loose), *divisions[:first]], divisions[first:last + 1]
    else:  # a chapter first: the blocks before it are the body's but for a title page
        doc.front, doc.body = _front(loose[:cut]), [*loose[cut:], *divisions[:last + 1]]
    doc.back = divisions[last + 1:]


def _nest_parts(divisions: list[m.Block], numbered: list[bool]) -> tuple[list[m.Block], list[bool]]:
    """The divisions with each part, book or volume (``model.PART_TYPES``) holding the numbered
    divisions of other types that follow it (its chapters), up to the next part, a named section
    (an appendix, an index) or a title page; ``numbered`` flags each division as numbered, and
    the flags of the divisions kept are returned beside them."""
    kept: list[m.Block] = []
    flags: list[bool] = []
    part: m.Division | None = None
    for block, flag in zip(divisions, numbered, strict=True):
        if not (isinstance(block, m.Division) and flag):
            part = None
        elif block.type in m.PART_TYPES:
            part = block
        elif part is not None:
            part.blocks.append(block)
            continue
        kept.append(block)
        flags.append(flag)
    return kept, flags


def _late_index(block: m.Block, lines: int) -> bool:
    """Is ``block`` an index in the second half of a book of ``lines`` lines?"""
    return isinstance(block, m.Division) and block.type == "index" and block.line > BACK_MATTER_FROM * lines


def _front(blocks: list[m.Block]) -> list[m.Block]:
    """Blocks before the front's divisions: a run of them holding more than paragraphs and figures
    in a division of its own (TEI's front holds no <lg> itself), title pages as they are."""
    front: list[m.Block] = []
    for _, group in itertools.groupby(blocks, lambda block: isinstance(block, m.TitlePage)):
        run = list(group)
        if any(not isinstance(block, m.Paragraph | m.Figure | m.TitlePage) for block in run):
            run = [m.Division(None, None, run, line=run[0].line)]
        front += run
    return front
