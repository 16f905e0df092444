# ruff: noqa: RUF001  (OCR text is full of typographic quotes and dashes)
"""The OCR'd paged book layout: the text of a scanned printed book, page after page.

Page numbers are decided as a sequence (``ocr_pages``), numbered captions standing
between pages become figures, chapter headings become divisions, lineation is kept
as ``<lb/>`` with split words joined on evidence (``dehyphenate``), misread numbers
are corrected where certain (``ocr_fixes``) and the appendix's statistics become
tables (``ocr_tables``).  The printed page number stays in the TEI as forme work
(``<fw type="pageNum">``) beside the ``<pb/>`` it gave, so no character of the scan
is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from teitools import model as m
from teitools.diagnostics import Diagnostic, Severity
from teitools.readers import ocr_captions, ocr_tables
from teitools.readers.dehyphenate import Vocabulary
from teitools.readers.ocr_fixes import Corrector
from teitools.readers.ocr_pages import PageNumber, forme_work, page_numbers
from teitools.source import Source

_ROMAN = re.compile(r"^([IVXLl1]{1,6}|Ill)\s+([A-Z][A-Z’'\-]+(?:[ ,:;–-]+[A-Z0-9’'\-]+)*)\s*:?$")
_CAPS_TITLE = re.compile(r"^[A-Z][A-Z’'\-]+(?: [A-Z][A-Z’'\-]+){0,5}$")
_SENTENCE_END = re.compile(r"[.!?:’”\")]\s*$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(numeral: str) -> int:
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def score(source: Source) -> float:
    """High for wrapped lines with an increasing run of page numbers among them."""
    lines = source.lines
    text = [line for line in lines if line.strip()]
    if len(text) < 20:
        return 0.0
    wrapped = sum(30 <= len(line) <= 100 for line in text) / len(text)
    chain = len(page_numbers(lines))
    if chain < 3 or wrapped < 0.6:
        return 0.0
    return min(0.95, 0.4 + 0.05 * chain) * wrapped


@dataclass
class _Section:
    kind: str  # "front", "body" or "back"
    division: m.Division


@dataclass
class _Builder:
    """Walks the lines once, building blocks with paragraphs that run across pages."""

    lines: list[str]
    doc: m.Document
    vocabulary: Vocabulary
    corrector: Corrector
    sections: list[_Section] = field(default_factory=list)
    loose: list[m.Block] = field(default_factory=list)  # blocks before the first heading
    paragraph: m.Paragraph | None = None
    last_line: str = ""
    interlude: list[m.Inline] = field(default_factory=list)  # what stands between two lines
    broken: bool = False  # a blank line or page furniture since the last text line

    @property
    def blocks(self) -> list[m.Block]:
        return self.sections[-1].division.blocks if self.sections else self.loose

    def close(self) -> None:
        """End the open paragraph; what stood after it becomes blocks of its own.

        Forme work printed at the foot of the page stays in the paragraph it ends.
        """
        rest = self.interlude
        if self.paragraph is not None:
            foot = next((k for k, node in enumerate(rest) if isinstance(node, m.PageBreak | m.Figure)),
                        len(rest))
            self.paragraph.content += rest[:foot]
            rest = rest[foot:]
        self.paragraph = None
        for node in rest:
            if isinstance(node, m.Figure):
                self.blocks.append(node)
            else:
                self.pending_inline.append(node)
        self.interlude = []

    pending_inline: list[m.Inline] = field(default_factory=list)  # pb/fw waiting for a block

    def furniture(self, node: m.Inline, glued: bool = False) -> None:
        """Page furniture between two text lines; spaces keep it apart from the words
        unless it was printed glued to the word before (``Once66``)."""
        if isinstance(node, m.Phrase):
            self.interlude += [node, m.Text(" ")] if glued else [m.Text(" "), node, m.Text(" ")]
        else:
            self.interlude.append(node)
        self.broken = True

    def text_line(self, index: int, content: list[m.Inline], raw: str) -> None:
        continues = self.paragraph is not None and (
            not self.broken or not _SENTENCE_END.search(self.last_line)
            or not raw.strip()[:1].isupper())
        if self.paragraph is not None and continues:
            joined = not self.broken and not self.interlude and self.vocabulary.joins_lines(self.last_line, raw)
            self.paragraph.content.extend(self.interlude)
            self.interlude = []
            self.paragraph.content.append(m.LineBreak(joined=joined, line=index + 1))
            if joined:
                self.doc.counts["split_words_joined"] += 1
        else:
            self.close()
            self.paragraph = m.Paragraph([*self.pending_inline], line=index + 1)
            self.pending_inline = []
            self.blocks.append(self.paragraph)
        self.paragraph.content.extend(content)
        self.last_line = raw
        self.broken = False


    def heading(self, kind: str, division: m.Division) -> None:
        self.close()
        if division.head is not None:
            division.head[:0] = self.pending_inline
        self.pending_inline = []
        self.sections.append(_Section(kind, division))
        self.broken = True

    def block(self, block: m.Block) -> None:
        self.close()
        if self.pending_inline and isinstance(block, m.Table) and block.rows:
            block.rows[0].cells[0].content[:0] = self.pending_inline
            self.pending_inline = []
        self.blocks.append(block)
        self.broken = True

    def finish(self) -> None:
        self.close()
        if self.pending_inline:
            self.blocks.append(m.Paragraph(self.pending_inline))
            self.pending_inline = []


def page_starts(lines: list[str], pages: list[PageNumber], caption_ends: set[int],
                doc: m.Document) -> dict[int, tuple[str, bool]]:
    """The line where each printed page (and each page certain from the sequence) begins.

    Page numbers stand at the foot of their page, so page N begins after the last
    page boundary (a run of blank lines, a caption, an indented block start) since
    the number of page N-1.  Missing numbers are supplied when the boundaries
    between two printed numbers are exactly as many as the missing pages.
    """
    starts: dict[int, tuple[str, bool]] = {}
    previous: PageNumber | None = None
    for page in pages:
        lo = previous.line + 1 if previous else 0
        boundaries = _boundaries(lines, lo, page.line, caption_ends)
        if previous is None or not boundaries:
            first = boundaries[-1] if boundaries else _first_text(lines, lo, page.line)
            starts[first] = (str(page.value), False)
        else:
            missing = page.value - previous.value - 1
            if missing == len(boundaries) - 1:
                for k, line in enumerate(boundaries[:-1]):
                    starts[line] = (str(previous.value + 1 + k), True)
                    doc.counts["supplied_pages"] += 1
            elif missing:
                doc.warnings.append(Diagnostic(
                    "OCR001", f"page numbers jump from {previous.value} to {page.value}; "
                    "the pages between are not marked", line=page.line + 1, severity=Severity.WARNING))
            starts[boundaries[-1]] = (str(page.value), False)
        previous = page
    return starts


def _first_text(lines: list[str], lo: int, hi: int) -> int:
    return next((i for i in range(lo, hi + 1) if lines[i].strip()), hi)


def _boundaries(lines: list[str], lo: int, hi: int, caption_ends: set[int]) -> list[int]:
    """Text lines in ``lo..hi`` that open a page: after blank runs, captions, an indent."""
    found: list[int] = []
    blanks = 0
    after_caption = False
    for i in range(lo, hi + 1):
        line = lines[i]
        if not line.strip():
            blanks += 1
            continue
        if i in caption_ends:
            after_caption, blanks = True, 0
            continue
        opens = (i > lo and (blanks >= 2 or after_caption)) or (i == lo and lo > 0) \
            or (i > lo and line[:1].isspace() and blanks == 0 and not after_caption)
        if opens and i not in caption_ends and (not found or found[-1] != i):
            found.append(i)
        blanks, after_caption = 0, False
    return found


def _heading(line: str, chapters: int) -> tuple[str, m.Division, m.Correction | None] | None:
    """A chapter heading (``IV INDUSTRIALIZATION``) or a named section (``PREFACE``)."""
    text = line.strip()
    match = _ROMAN.match(text)
    if match:
        numeral = match.group(1)
        fixed = numeral.replace("l", "I").replace("1", "I")
        if roman_value(fixed) != chapters + 1:
            return None
        number: m.Inline = m.Text(numeral) if fixed == numeral else m.Correction(numeral, fixed)
        head = [number, m.Text(text[len(numeral):])]
        return "body", m.Division("chapter", head, [], n=fixed), None
    if _CAPS_TITLE.match(text) and len(text.replace(" ", "")) >= 5:
        return "section", m.Division(None, [m.Text(text)], []), None
    return None


def read(source: Source) -> m.Document:
    doc = m.Document(layout="ocr-paged")
    lines = source.lines
    pages = page_numbers(lines)
    page_at = {p.line: p for p in pages}
    captions = ocr_captions.find(lines, set(page_at))
    caption_at = {c.first: c for c in captions}
    caption_ends = {i for c in captions for i in range(c.first, c.last + 1)}
    starts = page_starts(lines, pages, caption_ends, doc)
    vocabulary = Vocabulary(lines)
    builder = _Builder(lines, doc, vocabulary, Corrector(source.text, vocabulary))
    chapters = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        if index in starts:
            n, supplied = starts[index]
            node: m.Inline = m.PageBreak(n, supplied, line=index + 1)
            builder.interlude.append(node)
        if index in caption_at:
            caption = caption_at[index]
            builder.furniture(ocr_captions.figure(caption, lines, builder.corrector))
            doc.counts["figures"] += 1
            index = caption.last + 1
            continue
        if not line.strip():
            builder.broken = True
            index += 1
            continue
        if index not in page_at and _separated_before(lines, index, page_at):
            found = _heading(line, chapters)
            if found and _blank_after(lines, index):
                kind, division, _ = found
                if kind == "body":
                    chapters += 1
                    division.line = index + 1
                builder.heading(kind, division)
                doc.counts["headings"] += 1
                index += 1
                continue
        if builder.sections and builder.sections[-1].kind == "section" and chapters \
                and ocr_tables.starts_table(lines, index):
            breaks = {i: m.PageBreak(n, supplied, line=i + 1) for i, (n, supplied) in starts.items()
                      if i > index}
            if index in starts:
                builder.pending_inline += builder.interlude
                builder.interlude = []
            table, index = ocr_tables.read_table(lines, index, page_at, breaks, builder.corrector)
            builder.block(table)
            doc.counts["tables"] += 1
            continue
        page = page_at.get(index)
        if page is None:
            builder.text_line(index, builder.corrector.apply(line.strip(), index + 1, *_neighbours(lines, index)),
                              line)
        else:
            before, after = line[:page.start], line[page.end:]
            number = forme_work(page, lines)
            if before.strip():
                builder.text_line(index, builder.corrector.apply(before.strip(), index + 1), before)
                builder.furniture(number, glued=not before[-1:].isspace())
            elif after.strip():
                builder.furniture(number)
                builder.text_line(index, builder.corrector.apply(after.strip(), index + 1), after)
                builder.broken = True
            else:
                builder.furniture(number)
            doc.counts["pages"] += 1
        index += 1
    builder.finish()
    _place_sections(doc, builder)
    doc.counts["corrections"] = _count_corrections(doc)
    doc.counts["paragraphs"] = sum(isinstance(b, m.Paragraph) for b in _all_blocks(doc))
    return doc


def _neighbours(lines: list[str], index: int) -> tuple[str, str]:
    return (lines[index - 1] if index else "", lines[index + 1] if index + 1 < len(lines) else "")


def _separated_before(lines: list[str], index: int, page_at: dict[int, PageNumber]) -> bool:
    """Does a heading candidate stand at a page or block start?"""
    if index == 0 or lines[index][:1].isspace():
        return True
    prev = index - 1
    if lines[prev].strip():
        return prev in page_at
    return (index >= 2 and not lines[index - 2].strip()) or (index - 2) in page_at


def _blank_after(lines: list[str], index: int) -> bool:
    return index + 1 >= len(lines) or not lines[index + 1].strip()


def _place_sections(doc: m.Document, builder: _Builder) -> None:
    """Unnumbered sections before the first chapter are front matter, after the last back."""
    chapter_positions = [i for i, s in enumerate(builder.sections) if s.kind == "body"]
    doc.body = list(builder.loose)
    if not chapter_positions:
        doc.body += [s.division for s in builder.sections]
        return
    first, last = chapter_positions[0], chapter_positions[-1]
    for i, section in enumerate(builder.sections):
        if i < first:
            section.division.type = "preface" if i == 0 else None
            doc.front.append(section.division)
        elif i > last:
            section.division.type = "appendix"
            doc.back.append(section.division)
        else:
            doc.body.append(section.division)


def _all_blocks(doc: m.Document) -> list[m.Block]:
    out: list[m.Block] = []
    stack: list[m.Block] = [*doc.front, *doc.body, *doc.back]
    while stack:
        block = stack.pop()
        out.append(block)
        if isinstance(block, m.Division):
            stack.extend(block.blocks)
    return out


def _count_corrections(doc: m.Document) -> int:
    count = 0

    def walk(nodes: list[m.Inline]) -> None:
        nonlocal count
        for node in nodes:
            if isinstance(node, m.Correction):
                count += 1
            elif isinstance(node, m.Phrase) and node.kind != "fw":
                walk(node.content)
            elif isinstance(node, m.Figure):
                walk(node.head)

    for block in _all_blocks(doc):
        if isinstance(block, m.Paragraph):
            walk(block.content)
        elif isinstance(block, m.Figure | m.Division) and block.head:
            walk(block.head)
        elif isinstance(block, m.Table):
            for row in block.rows:
                for cell in row.cells:
                    walk(cell.content)
            for note in block.notes:
                walk(note.content)
    return count

