# ruff: noqa: RUF001  (Gutenberg text is full of typographic quotes and dashes)
"""The gutenberg layout: a Project Gutenberg plain-text ebook.

Project Gutenberg's text is wrapped at about 70 columns with a blank line between paragraphs,
framed by Project Gutenberg's preamble and licence (``gutenberg_banner``), with the conventions
of its volunteers in square brackets (``gutenberg_text``): ``[Illustration: …]``, footnote
markers ``[1]`` with ``[Footnote 1: …]`` texts (or ``[1] …`` texts after the paragraph, at a
chapter's end or at the end of the book), page numbers of the print edition (``{12}``,
``[Pg 12]``). The reader keeps the preamble and the licence as text outside the body (``<front>``
and ``<back>`` divisions typed ``gutenberg-header`` and ``gutenberg-licence``) and reads the
header's facts from the preamble; joins the lines of each paragraph; writes figures, footnotes
at their markers and page breaks where the markers stood, the markup recorded in
``Document.removed``; and decides headings, verse and letters from evidence
(``gutenberg_structure``); the chapter headings an analytical contents list repeats before the
chapters are the items of its ``<list type="contents">``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from teitools import codes, language, terms
from teitools import model as m
from teitools.diagnostics import Diagnostic, Severity
from teitools.readers import drama, ebook_titlepage, gutenberg_text, ocr_titlepage, plain
from teitools.readers import gutenberg_banner as banner
from teitools.readers import gutenberg_structure as structure
from teitools.readers.gutenberg_text import Construct, Piece, Row, Token, scan, tokens
from teitools.source import Source

# What the summary and the report count (model.COUNTED), in the body only: the front and back
# are the project's header and licence.
COUNTS = ("chapters", "sections", "letters", "headings", "figures", "notes", "texts_without_marker",
          "pages", "verse", "quotes", "paragraphs", "transcriber_notes", "speeches")
COUNTED_PARTS: tuple[m.Part, ...] = ("body",)
MIN_END_NOTES = 3  # note texts ``1. …`` at the end of the book that must pair before they are notes ...
MIN_HEADED_NOTES = 2  # ... or under a heading of notes (NOTES, AANTEEKENINGEN)
END_NOTE_SKIP = 5  # an end note's number is at most this far beyond the one before
MAX_OPENER = 4  # lines of a letter's opener
MAX_CLOSER = 3  # lines of a letter's closer
MAX_LABEL_WORDS = 3  # words of a division's label alone (CHAPTER THE FIRST)
MIN_CONTENTS_ENTRIES = 2  # chapter labels an analytical contents list repeats before they are its entries
_NUMBERED = ("word", "number", "numtitle")  # heading kinds that carry a number
_CONVENTIONS = {
    "[Illustration]": re.compile(r"\[(?:Illustration|Illustrazione|Ilustraci[óo]n|Illustratie)\b"),
    "[Footnote]": re.compile(r"\[(?:Footnote|FOOTNOTE|Note|Nota)(?: \w{1,3})?:"),
    "page markers": re.compile(r"\{\d{1,4}\}|\[Pg \d{1,4}\]"),
    "Distributed Proofreaders": re.compile(r"Distributed\s+Proofread", re.I),
}
# An end note's label: ``12. text``, ``(12) text``.
_BODY_NUMBER = re.compile(r"^\s*(?P<label>(?P<n>\d{1,3})\.|\((?P<p>\d{1,3})\))\s+(?=\S)")
_FIGURE_NUMBER = re.compile(r"^\s*(?:Fig(?:ure)?\.?|FIG(?:URE)?\.?|Plate|PLATE|Pl\.)\s*"
                            r"(\d{1,4}[a-z]?|[IVXLC]{1,7})\b")
MAX_NOTE_BLOCKS = 12  # blocks a transcriber's note set under its label may hold
_TRANSCRIBER = re.compile(r"^\s*Transcriber['’]?s?\s+[Nn]otes?\s*[:.]?", re.I)
_SPACES = re.compile(r"\s+")


# ------------------------------------------------------------------ detection


def score(source: Source) -> float:
    """1.0 for a text with Project Gutenberg's start or end banner; without one, a modest score
    for the conventions of its volunteers (``[Illustration: …]``, ``[Footnote 1: …]``, ``{12}``
    page markers, a Distributed Proofreaders credit) when two of them are found."""
    if banner.find(source.lines[:2000] + source.lines[-800:]) is not None:
        return 1.0
    found = _conventions(source.text)
    return 0.25 * min(3, len(found)) if len(found) >= 2 else 0.0


def _conventions(text: str) -> dict[str, int]:
    return {name: n for name, pattern in _CONVENTIONS.items() if (n := len(pattern.findall(text)))}


def evidence_line(source: Source) -> str:
    """Why a text is taken for a Project Gutenberg ebook: ``banner 'START OF THE PROJECT
    GUTENBERG EBOOK'``, or the conventions found."""
    found = banner.find(source.lines)
    if found is not None:
        return f"banner '{found.name}'"
    conventions = ", ".join(f"{n} {name}" for name, n in _conventions(source.text).items())
    return f"no banner; Project Gutenberg conventions: {conventions or 'none'}"


# ------------------------------------------------------------------ chunks


@dataclass
class Chunk:
    """A block of the book: rows of text between blank lines, or a block construct."""

    rows: list[Row]
    construct: Construct | None
    gap: int  # blank lines before
    toks: list[list[Token | Construct]] = field(default_factory=list)  # per row
    plain: list[str] = field(default_factory=list)  # per row: text without markers, indent kept
    after: int = 0  # blank lines after

    @property
    def line(self) -> int:
        """1-based first line."""
        if self.construct is not None:
            return self.construct.line + 1
        return self.rows[0].line + 1

    @property
    def text(self) -> str:
        """The chunk's text on one line, markers left out."""
        return " ".join(p.strip() for p in self.plain).strip()

    @property
    def indent(self) -> int:
        """The smallest indent of its lines."""
        lines = [p for p in self.plain if p.strip()]
        return min((len(p) - len(p.lstrip()) for p in lines), default=0)

    def pages_only(self) -> bool:
        """Whether the chunk holds nothing but page markers (``{32}`` alone between blocks)."""
        return self.construct is None and all(
            isinstance(t, Token) and (t.kind == "page" or (t.kind == "text" and not t.text.strip()))
            for row in self.toks for t in row) and any(
            isinstance(t, Token) and t.kind == "page" for row in self.toks for t in row)


def _chunks(stream: list[Row | Construct | None]) -> list[Chunk]:
    chunks: list[Chunk] = []
    gap = 0
    last_was_row = False
    for item in stream:
        if item is None:
            gap += 1
            last_was_row = False
            continue
        if chunks:
            chunks[-1].after = max(chunks[-1].after, gap)
        if isinstance(item, Construct):
            chunks.append(Chunk([], item, gap))
            last_was_row = False
        elif last_was_row and not gap:
            chunks[-1].rows.append(item)
        else:
            chunks.append(Chunk([item], None, gap))
            last_was_row = True
        gap = 0
    if chunks:
        chunks[-1].after = gap
    for chunk in chunks:
        for row in chunk.rows:
            toks: list[Token | Construct] = []
            for part in row.items:
                if isinstance(part, Piece):
                    toks += tokens(part, first_in_line=part.col == 0)
                else:
                    toks.append(part)
            chunk.toks.append(toks)
            chunk.plain.append(_plain(toks))
    return chunks


def _contents_heads_apart(chunks: list[Chunk], words: terms.Terms) -> list[Chunk]:
    """A contents heading set right above its page-numbered lines with no blank line between
    (``CONTENTS`` over ``Introduction      79``) is a block of its own, a heading as it would be
    with the blank line: its chunk splits after the heading's row."""
    out: list[Chunk] = []
    for chunk in chunks:
        plain = chunk.plain if chunk.construct is None else []
        heading = structure.heading_of(plain[0], words) if plain else None
        if heading is None or heading.kind != "matter" or heading.type != "contents" \
                or len(chunk.rows) < 2 or not structure.tabular(chunk.plain[1:]):
            out.append(chunk)
            continue
        out.append(Chunk(chunk.rows[:1], None, chunk.gap, chunk.toks[:1], chunk.plain[:1]))
        out.append(Chunk(chunk.rows[1:], None, 0, chunk.toks[1:], chunk.plain[1:], chunk.after))
    return out


def _plain(toks: list[Token | Construct]) -> str:
    """A row's text without markers and constructs, each piece at its column."""
    out = ""
    for t in toks:
        if isinstance(t, Token) and t.kind == "text":
            out += " " * max(0, t.col - len(out)) + t.text
    return out.rstrip()


# ------------------------------------------------------------------ notes


@dataclass
class _Body:
    """A footnote text: a block construct, or a chunk that opens with its label."""

    n: str | None
    chunk: int
    label: Token | None = None  # the ``[1]`` or ``1.`` that opens a text chunk
    more: list[int] = field(default_factory=list)  # chunks that go on with it


@dataclass
class _Notes:
    """Which markers have which note texts."""

    paired: dict[tuple[int, int], _Body] = field(default_factory=dict)  # (line, column) of the marker -> text
    bodies: dict[int, _Body] = field(default_factory=dict)  # chunk -> body standing there
    tails: dict[int, list[int]] = field(default_factory=dict)  # prose chunk -> unnumbered notes after it
    used: set[int] = field(default_factory=set)  # chunks that became note texts


def _markers(chunk: Chunk) -> Iterator[Token]:
    """The note markers of a chunk: in its text and in the figures and sidenotes it holds."""
    items: list[Token | Construct] = [t for row in chunk.toks for t in row]
    if chunk.construct is not None:
        items.append(chunk.construct)
    for item in items:
        if isinstance(item, Token):
            if item.kind == "marker":
                yield item
        elif item.kind != "note":
            for piece in item.content:
                yield from (t for t in tokens(piece, first_in_line=piece.col == 0) if t.kind == "marker")


def _label_body(chunk: Chunk, index: int) -> _Body | None:
    """A text chunk that opens with a note label (``[1] Many of the rooms …``)."""
    if chunk.construct is not None or not chunk.toks:
        return None
    first = [t for t in chunk.toks[0]
             if not (isinstance(t, Token) and t.kind == "text" and not t.text.strip())]
    if len(first) >= 2 and isinstance(first[0], Token) and first[0].kind == "marker":
        return _Body(first[0].n, index, first[0])
    return None


def _pair_notes(chunks: list[Chunk]) -> _Notes:
    """Each note text goes to the latest marker with its label before it that has no text yet;
    unnumbered ``[Footnote: …]`` texts go to the end of the paragraph before them. Then, when
    markers are left, note texts ``1. …`` gathered at the end of the book pair with them."""
    notes = _Notes()
    waiting: dict[str, list[tuple[int, int, int]]] = {}  # label -> (chunk, line, column) of markers
    last_prose = -1
    for i, chunk in enumerate(chunks):
        body = _label_body(chunk, i)
        if chunk.construct is not None and chunk.construct.kind == "note":
            body = _Body(chunk.construct.n, i)
        if body is not None:
            notes.bodies[i] = body
            if body.n is None:
                if last_prose >= 0:
                    notes.tails.setdefault(last_prose, []).append(i)
                    notes.used.add(i)
                continue
            queue = waiting.get(body.n)
            if queue:
                notes.paired[queue.pop()[1:]] = body
                notes.used.add(i)
            continue
        for t in _markers(chunk):
            waiting.setdefault(t.n, []).append((i, t.line, t.col))
        if chunk.construct is None and chunk.rows:
            last_prose = i
    left = {n: q for n, q in waiting.items() if q and n.isdigit()}
    if len(left) >= MIN_HEADED_NOTES:
        _end_notes(chunks, notes, left)
    return notes


def _end_notes(chunks: list[Chunk], notes: _Notes, left: dict[str, list[tuple[int, int, int]]]) -> None:
    """Note texts numbered ``1.``, ``2.`` … gathered after the markers (at the end of the book,
    often under a heading such as ``AANTEEKENINGEN``) pair with the markers left; the chunks
    after each up to the next belong to it."""
    numbered = [(i, int(hit.group("n") or hit.group("p"))) for i, chunk in enumerate(chunks)
                 if chunk.construct is None and chunk.plain and (hit := _BODY_NUMBER.match(chunk.plain[0]))]
    found: list[tuple[int, str]] = []
    ones = [k for k, (_, value) in enumerate(numbered) if value == 1]
    for first in reversed(ones):  # the last list 1, 2, 3 … that is long enough
        found = []
        for i, value in numbered[first:]:
            last = int(found[-1][1]) if found else 0
            if last < value <= last + END_NOTE_SKIP:  # the next note, a few lost at most; not a stray number
                found.append((i, str(value)))
        if len(found) >= MIN_END_NOTES:
            break
    pairs = [(i, n) for i, n in found if any(c < i for c, _, _ in left.get(n, []))]
    headed = bool(pairs) and pairs[0][0] > 0 and _notes_heading(chunks[pairs[0][0] - 1])
    if len(pairs) < (MIN_HEADED_NOTES if headed else MIN_END_NOTES):
        return
    starts = [i for i, _ in pairs]
    for k, (i, n) in enumerate(pairs):
        chunk = chunks[i]
        label = _split_label(chunk, chunk.toks[0])
        body = _Body(n, i, label)
        stop = starts[k + 1] if k + 1 < len(starts) else _end_of_notes(chunks, i)
        body.more = [j for j in range(i + 1, stop)
                     if chunks[j].construct is None and not chunks[j].pages_only()]
        queue = left[n]
        at = max(k for k, (c, _, _) in enumerate(queue) if c < i)  # the latest marker before the note text
        notes.paired[queue.pop(at)[1:]] = body
        notes.bodies[i] = body
        notes.used.update([i, *body.more])


def _notes_heading(chunk: Chunk) -> bool:
    """``NOTES``, ``AANTEEKENINGEN``, ``NOTES TO FIRST ENGLISH EDITION.``: the heading of a list of
    notes, in any language (``terms.notes_heading``)."""
    return chunk.construct is None and terms.notes_heading(chunk.text, terms.for_language(None))


def _end_of_notes(chunks: list[Chunk], start: int) -> int:
    """Where the last end note stops: at a separator or after its paragraphs run out."""
    for j in range(start + 1, len(chunks)):
        if structure.is_separator(chunks[j].text) or chunks[j].gap >= structure.GAP_HEADING:
            return j
    return len(chunks)


def _split_label(chunk: Chunk, first: list[Token | Construct]) -> Token:
    """Split the ``12.`` label off the first text token of an end note's chunk."""
    for k, t in enumerate(first):
        if isinstance(t, Token) and t.kind == "text" and t.text.strip():
            hit = _BODY_NUMBER.match(t.text)
            if hit:
                start = hit.start("label")
                label = Token("marker", t.text[start:hit.end()].rstrip(), t.line, t.col + start,
                              hit.group("n") or hit.group("p"))
                rest = Token("text", t.text[hit.end():], t.line, t.col + hit.end())
                first[k:k + 1] = [label, rest]
                return label
            break
    raise ValueError("no label")  # pragma: no cover - callers matched the label first


# ------------------------------------------------------------------ the reader


class _Reader:
    """Builds the document from the chunks, once the notes are paired."""

    def __init__(self, source: Source, doc: m.Document, chunks: list[Chunk], notes: _Notes,
                 shape: structure.Shape, words: terms.Terms) -> None:
        self.source = source
        self.lines = source.lines
        self.doc = doc
        self.chunks = chunks
        self.notes = notes
        self.shape = shape
        self.words = words
        self.top: list[m.Block] = []
        self.stack: list[tuple[int, m.Division, bool]] = []  # (level, division, numbered)
        self.pending: list[m.PageBreak] = []
        self.single: dict[int, tuple[str, int]] = {}  # id(paragraph) -> (text, indent) of one-line blocks
        self.quote: m.BlockQuote | None = None
        self.last: list[m.Inline] | None = None  # the inline content written last (for notes after it)

    # -------------------------------------------------------------- inline

    def removed(self, text: str, reason: str, line: int, col: int) -> None:
        """Record markup that leaves the text, at its 0-based line and column."""
        self.doc.removed.append(m.Removed(text, reason, line + 1, col + 1))

    def row_inline(self, row: list[Token | Construct], collapse: bool = True, literal: bool = False
                   ) -> list[m.Inline]:
        """A row's inline content: text, page breaks at page markers, notes at paired markers,
        inline constructs in place; ``literal``: markers are text (a transcriber's note quotes
        them: ``shown in curly braces, e.g. {99}``)."""
        out: list[m.Inline] = []
        for _k, t in enumerate(row):
            if isinstance(t, Construct):
                out.append(self.inline_construct(t))
            elif t.kind == "text" or literal:
                out.append(m.Text(_SPACES.sub(" ", t.text) if collapse else t.text))
            elif t.kind == "page":
                self.removed(t.text, "page-number", t.line, t.col)
                out.append(m.PageBreak(t.n, line=t.line + 1))
            else:
                body = self.notes.paired.get((t.line, t.col))
                if body is None:
                    out.append(m.Text(t.text))
                    continue
                self.removed(t.text, "note-marker", t.line, t.col)
                out.append(m.Note(t.n, self.note_body(body), place="foot", line=t.line + 1,
                                  body_line=self.chunks[body.chunk].line))
        return out

    def joined(self, rows: list[list[m.Inline]]) -> list[m.Inline]:
        """Rows joined as the lines of one paragraph: a space between them, none after a
        hyphen that joins a word (``palm-`` / ``branches``); outer spaces trimmed."""
        out: list[m.Inline] = []
        for row in rows:
            row = _trim(row)
            if not row:
                continue
            if out:
                last = _last_text(out)
                first = _first_text(row)
                glue = not (last.endswith("-") and not last.endswith("--") and last[-2:-1].isalpha()
                            and first[:1].isalpha())
                if glue:
                    out.append(m.Text(" "))
            out += row
        return _merge(out)

    def chunk_rows(self, index: int, collapse: bool = True, literal: bool = False) -> list[list[m.Inline]]:
        """The inline content of each row of chunk ``index`` (``literal``: see ``row_inline``)."""
        chunk = self.chunks[index]
        return [self.row_inline(row, collapse, literal) for row in chunk.toks]

    def construct_content(self, c: Construct) -> list[m.Inline]:
        """A construct's content as one run of text; a blank line inside it is a line break."""
        rows: list[list[m.Inline]] = []
        previous = -1
        for piece in c.content:
            row = self.row_inline(list(tokens(piece, first_in_line=piece.col == 0)))
            if previous >= 0 and piece.line > previous + 1 and rows:
                rows.append([m.LineBreak(line=piece.line + 1)])
            rows.append(row)
            previous = piece.line
        return self.joined(rows)

    def strip_construct(self, c: Construct, reason: str) -> None:
        """Record a construct's opening markup and closing bracket as removed."""
        self.removed(c.opening, reason, c.line, c.col)
        self.removed("]", reason, c.end_line, c.end_col)

    def inline_construct(self, c: Construct) -> m.Inline:
        """A construct inside a paragraph: a figure, or a note where it stands."""
        if c.kind == "figure":
            return self.figure(c)
        self.strip_construct(c, "note-label")
        body = self.construct_content(c)
        if c.kind == "tn":
            return m.Note("", body, place="inline", line=c.line + 1, kind="transcriber")
        return m.Note(c.n or "", body, place="margin" if c.kind == "side" else "foot", line=c.line + 1)

    def figure(self, c: Construct) -> m.Figure:
        """``[Illustration: caption]`` as a figure, the caption its head, ``Fig. 4`` its number."""
        self.strip_construct(c, "figure-label")
        head = self.construct_content(c)
        number = _FIGURE_NUMBER.match(m.text_of(head))
        return m.Figure(number.group(1) if number else None, head, line=c.line + 1)

    def note_body(self, body: _Body) -> list[m.Inline]:
        """The text of a paired note: a construct's content, or a chunk after its label (and the
        chunks that go on with it, each after a line break)."""
        chunk = self.chunks[body.chunk]
        if chunk.construct is not None:
            self.strip_construct(chunk.construct, "note-label")
            return self.construct_content(chunk.construct)
        label = body.label
        first = chunk.toks[0]
        if label is not None:
            self.removed(label.text, "note-label", label.line, label.col)
            first = first[next(k for k, t in enumerate(first) if t is label) + 1:]
        rows = [self.row_inline(first)]
        rows += [self.row_inline(row) for row in chunk.toks[1:]]
        content = self.joined(rows)
        for j in body.more:
            content += [m.LineBreak(line=self.chunks[j].line), *self.joined(self.chunk_rows(j))]
        return _merge(content)

    # -------------------------------------------------------------- structure

    def target(self) -> list[m.Block]:
        """The blocks of the innermost open division (or of the body)."""
        return self.stack[-1][1].blocks if self.stack else self.top

    def add(self, block: m.Block) -> None:
        """Append a block where the structure stands; page breaks waiting go into it."""
        if self.pending:
            if isinstance(block, m.Paragraph):
                block.content[:0] = self.pending
                self.pending = []
            elif isinstance(block, m.LineGroup) and block.lines:
                block.lines[0][:0] = self.pending
                self.pending = []
            elif isinstance(block, m.BlockQuote) and isinstance(block.blocks[0], m.Paragraph):
                block.blocks[0].content[:0] = self.pending
                self.pending = []
        if not isinstance(block, m.BlockQuote):
            self.quote = None
        self.target().append(block)
        self.last = _last_content(block)

    def open(self, level: int, division: m.Division, numbered: bool) -> None:
        """Open a division at ``level``, closing those at that level or deeper."""
        while self.stack and self.stack[-1][0] >= level:
            self.close()
        division.breaks += self.pending
        self.pending = []
        self.quote = None
        self.target().append(division)
        self.stack.append((level, division, numbered))

    def close(self) -> None:
        """Close the innermost division (a letter's closer is decided now)."""
        _, division, _ = self.stack.pop()
        if division.opener and not division.blocks:  # an opener needs content after it
            for part in division.opener:
                part.kind = None
            division.blocks[:0] = division.opener
            division.opener = []
        if division.type == "letter":
            self.closer(division)

    def numbered_level(self) -> int:
        """The level of the innermost open division that a numbered heading opened."""
        return max((level for level, _, numbered in self.stack if numbered), default=0)

    def closer(self, letter: m.Division) -> None:
        """A letter's closer: the date line or signature lines at its end."""
        tail: list[m.Paragraph] = []
        while letter.blocks and len(tail) < MAX_CLOSER:
            block = letter.blocks[-1]
            info = self.single.get(id(block))
            if not isinstance(block, m.Paragraph) or info is None:
                break
            text, indent = info
            if structure.is_dateline(text):
                block.kind = "dateline"
            elif (indent >= self.shape.indent + 4 or terms.capitals(text)) and len(text.split()) <= 8:
                block.kind = "salute" if text.endswith(",") and tail else "signed"  # "Your loving brother,"
            else:
                break
            letter.blocks.pop()
            tail.insert(0, block)
        if tail and letter.blocks:
            letter.closer = tail
        else:
            letter.blocks += tail
            for block in tail:
                block.kind = None

    def finish(self) -> list[m.Block]:
        """Close every division; the body's blocks."""
        while self.stack:
            self.close()
        if self.pending:
            self.top.append(m.Paragraph(list(self.pending)))
            self.pending = []
        return self.top


def read(source: Source, lang: str | None = None) -> m.Document:
    """A Project Gutenberg text as TEI (see the module docstring) in language ``lang``, else the
    one its preamble declares, else the one detected."""
    doc = m.Document(layout="gutenberg")
    lines = source.lines
    found = banner.find(lines)
    start, end = (found.body, found.licence) if found else (0, len(lines))
    banner.metadata(lines[:start] if found else [], doc.metadata)
    if found:
        doc.front = [m.Division("gutenberg-header", None, _verbatim(lines, 0, start), line=1)]
        if end < len(lines) and any(line.strip() for line in lines[end:]):
            licence = _verbatim(lines, end, len(lines))
            doc.back = [m.Division("gutenberg-licence", None, licence, line=end + 1)]
    stream, _ = scan(lines, start, end)
    lang = lang or doc.metadata.language or language.detect("\n".join(lines[start:end]))
    words = terms.for_language(lang)
    chunks = _contents_heads_apart(_chunks(stream), words)
    shape = structure.shape_of([(c.gap, c.plain) for c in chunks if c.construct is None])
    notes = _pair_notes(chunks)
    reader = _Reader(source, doc, chunks, notes, shape, words)
    _build(reader)
    doc.body = reader.finish()
    cast = drama.speakers(drama.openings(doc.body))
    if cast:
        doc.body = drama.group(doc.body, cast)
        if drama.in_verse(doc.body):
            doc.body = drama.as_verse(doc.body)
    _warn_markers(reader)
    if not doc.metadata.title:
        heads = [b for b in doc.body if isinstance(b, m.Division) and b.head]
        if len(heads) == 1 and heads[0].head:
            doc.metadata.title = m.text_of(heads[0].head)
    return doc


def _verbatim(lines: list[str], low: int, high: int) -> list[m.Block]:
    """Project Gutenberg's own text as it stands: a paragraph per block, its lines kept."""
    return [plain.paragraph(block, low + first) for first, block in plain.blocks_of(lines[low:high])]


def _warn_markers(reader: _Reader) -> None:
    """Markers that look like note markers in a book whose notes pair elsewhere, left as text."""
    for i, body in sorted(reader.notes.bodies.items()):
        if i not in reader.notes.used:
            reader.doc.warnings.append(Diagnostic(
                codes.GUT001, f"footnote {body.n} has no marker [{body.n}] before it; kept where it stands",
                line=reader.chunks[i].line, severity=Severity.WARNING))
    if not reader.notes.paired:
        return
    for i, chunk in enumerate(reader.chunks):
        if i in reader.notes.bodies:
            continue
        for t in _markers(chunk):
            if (t.line, t.col) not in reader.notes.paired:
                reader.doc.warnings.append(Diagnostic(
                    codes.GUT002, f"note marker {t.text} has no footnote text; kept as text",
                    line=t.line + 1, severity=Severity.WARNING))


# ------------------------------------------------------------------ building


@dataclass
class _Candidate:
    heading: structure.Heading
    chunk: int


def _candidates(reader: _Reader, apart: set[int]) -> dict[int, structure.Heading]:
    """The chunks that are headings: by their words, by their place in a numbered sequence,
    or by position and form together (see ``gutenberg_structure``); the chunks ``apart`` (the
    title page's) are none."""
    chunks = reader.chunks
    found: dict[int, structure.Heading] = {}
    content = [i for i, c in enumerate(chunks)
               if not c.pages_only() and i not in reader.notes.used and i not in apart]
    following = {a: b for a, b in itertools.pairwise(content)}
    previous = {b: a for a, b in itertools.pairwise(content)}
    for i in content:
        chunk = chunks[i]
        if chunk.construct is not None or len(chunk.rows) > 2 or i in reader.notes.bodies:
            continue
        text = chunk.text
        heading = structure.heading_of(text, reader.words)
        nxt = following.get(i)
        if nxt is None or structure.is_separator(chunks[nxt].text) or structure.is_separator(text):
            continue
        if _page_column(chunk, reader.words) and _lists_pages(reader, i, following):
            continue
        if heading is None:
            if len(chunk.rows) == 1 and structure.gap_heading(text, _gap_before(chunks, i)):
                found[i] = structure.Heading("gap", "section")
            continue
        gap = _gap_before(chunks, i)
        above = found.get(previous.get(i, -1))
        under = above is not None and above.kind in ("caps", "matter", "word") and above.type != "letter"
        if heading.kind in ("caps", "matter") and len(chunk.rows) == 1 and not (
                gap >= 2 or (i in previous and structure.is_separator(chunks[previous[i]].text))
                or (under and not text.endswith(":"))):
            if heading.kind == "matter" and gap >= 1 and chunks[nxt].gap >= 1:
                found[i] = heading
            continue
        if heading.kind == "caps" and len(chunk.rows) == 2 and gap < 2:
            continue
        if len(chunk.rows) == 2 and heading.kind not in ("caps", "word"):
            continue
        found[i] = heading
    _keep_sequences(reader, found, following)
    for i in list(found):
        if found[i].kind in ("caps", "gap", "matter") and not _heads_something(reader, i, following, found):
            del found[i]
    _contents_groups(reader, found, content, following)
    return found


def _page_column(chunk: Chunk, words: terms.Terms) -> bool:
    """A line that only names the page-number column of a contents list (``PAGE``, ``Seite``,
    ``Bladz.``: the language's ``page`` words of ``lang/terms.json``)."""
    return chunk.construct is None and len(chunk.rows) == 1 and chunk.text.strip(" .:") in words.page


def _lists_pages(reader: _Reader, i: int, following: dict[int, int]) -> bool:
    """The block after chunk ``i`` (after a page-column line such as ``PAGE``) is lines of a
    contents list: titles with their page numbers (``structure.tabular``)."""
    nxt = following.get(i)
    if nxt is not None and _page_column(reader.chunks[nxt], reader.words):
        nxt = following.get(nxt)
    block = reader.chunks[nxt] if nxt is not None else None
    return block is not None and block.construct is None and structure.tabular(block.plain)


def _contents_groups(reader: _Reader, found: dict[int, structure.Heading], content: list[int],
                     following: dict[int, int]) -> None:
    """The group headings of a contents list (``OP ZEE.`` over the page-numbered lines of the
    book's first part) are lines of the list, as its page-numbered lines are, not
    sections: after a contents heading, each heading known by its form alone (capitals, a
    gap) whose block below lists pages is no heading, up to the first heading that is not one
    of them (the book's first chapter) or that opens a page of the print edition (``PLATES.``
    on a page of its own: a list of its own, not a group of this one)."""
    for k, i in enumerate(content):
        if i not in found or found[i].kind != "matter" or found[i].type != "contents":
            continue
        for j in content[k + 1:]:
            if j not in found:
                continue
            if found[j].kind not in ("caps", "gap") or not _lists_pages(reader, j, following) \
                    or (j > 0 and reader.chunks[j - 1].pages_only()):
                break
            del found[j]


def _gap_before(chunks: list[Chunk], i: int) -> int:
    """The blank lines before chunk ``i``, counting through page markers standing alone
    (``{32}`` between the blank lines before a chapter and its title)."""
    gap = chunks[i].gap
    j = i - 1
    while j >= 0 and chunks[j].pages_only():
        gap += 1 + chunks[j].gap
        j -= 1
    return gap


def _heads_something(reader: _Reader, i: int, following: dict[int, int], found: dict[int, structure.Heading]
                     ) -> bool:
    """A heading known by its form must head text: the block after it is prose or verse, a
    figure, or a heading of a numbered kind."""
    nxt = following.get(i)
    for _ in range(3):  # the text itself, or a line or two under the heading (a stage direction), then text
        if nxt is None:
            return False
        chunk = reader.chunks[nxt]
        if chunk.construct is not None:
            if chunk.construct.kind == "figure":
                return True
            nxt = following.get(nxt)  # a note text is not what a heading heads
            continue
        if nxt in found:
            numbered = found[nxt].kind in _NUMBERED
            return numbered or _heads_something(reader, nxt, following, found)
        if len(chunk.rows) >= 2 or len(chunk.text) >= 60:
            return True
        nxt = following.get(nxt)
    return False


def _keep_sequences(reader: _Reader, found: dict[int, structure.Heading], following: dict[int, int]) -> None:
    """Number headings must read as a rising sequence (each next to its predecessor or
    successor, restarting at 1), and headings of one kind that follow each other with nothing
    between make a list (a contents list, a list of illustrations), not headings."""
    groups: dict[str, list[int]] = {}
    for i in sorted(found):
        if found[i].kind in ("number", "numtitle"):
            groups.setdefault(f"{found[i].kind}:{found[i].style}", []).append(i)
    previous = {b: a for a, b in following.items()}
    for members in groups.values():
        values = [found[i].n or 0 for i in members]
        for k, i in enumerate(members):
            before = values[k - 1] if k else None
            after = values[k + 1] if k + 1 < len(values) else None
            first_under = values[k] == 1 and previous.get(i) in found  # "I." right under a title
            if not (before == values[k] - 1 or after == values[k] + 1 or first_under):
                del found[i]
    runs: list[list[int]] = []
    for i in sorted(found):
        kind = found[i].kind
        if runs and following.get(runs[-1][-1]) == i and found[runs[-1][-1]].kind == kind \
                and kind not in ("caps", "matter"):
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        if len(run) >= structure.SEQUENCE_LIST:
            for i in run:
                del found[i]


def _levels(found: dict[int, structure.Heading]) -> dict[int, int | None]:
    """The nesting level of each heading: parts 0; chapters, letters and front or back matter 1;
    numbered headings 1, or 2 below worded chapters; headings known by form under the innermost
    numbered division (None: decided while building)."""
    kinds = {h.kind for h in found.values()}
    worded = any(h.kind == "word" and h.type not in m.PART_TYPES for h in found.values())
    levels: dict[int, int | None] = {}
    for i, h in found.items():
        if h.kind == "word":
            levels[i] = 0 if h.type in m.PART_TYPES else 1
        elif h.kind == "matter":
            levels[i] = 1
        elif h.kind == "number":
            levels[i] = 2 if worded else 1
        elif h.kind == "numtitle":
            levels[i] = 2 if worded or "number" in kinds else 1
        else:
            levels[i] = None
    return levels


def _build(reader: _Reader) -> None:
    chunks = reader.chunks
    title_page = _title_page(reader)
    apart: set[int] = set()
    if title_page is not None:
        page, apart = title_page
        reader.doc.front.append(ocr_titlepage.block(page, reader.lines, reader.words,
                                                    lambda text, _: [m.Text(text)]))
        ocr_titlepage.metadata(page, reader.lines, reader.words, reader.doc.metadata)
    found = _candidates(reader, apart)
    items = _contents_entries(reader, found, apart)
    for members in items.values():
        for j in members:
            found.pop(j, None)
    levels = _levels(found)
    skip: set[int] = set(reader.notes.used) | apart
    opener_open: m.Division | None = None
    for i, chunk in enumerate(chunks):
        if i in skip:
            if i not in reader.notes.used:
                for tail in reader.notes.tails.get(i, []):
                    _tail_note(reader, tail)
            continue
        if chunk.pages_only():
            for row in reader.chunk_rows(i):
                reader.pending += [n for n in row if isinstance(n, m.PageBreak)]
            continue
        if i in items:
            opener_open = None
            _contents_item(reader, items[i])
            skip.update(items[i][1:])
        elif i in found:
            opener_open = _heading(reader, i, found, levels, skip)
        elif opener_open is not None and _opener_line(reader, opener_open, i):
            pass
        else:
            opener_open = None
            _block(reader, i, skip)
        for tail in reader.notes.tails.get(i, []):
            _tail_note(reader, tail)


def _contents_entries(reader: _Reader, found: dict[int, structure.Heading], apart: set[int]
                      ) -> dict[int, list[int]]:
    """The entries of an analytical contents list: after a contents heading (``CONTENTS.``), the
    chapter headings themselves (``CHAPTER I.`` / ``ARCHITECTURE.``), each with the indented
    summary of its sections and no page numbers, whose labels the chapters that follow repeat in
    the same order. Those headings open no chapter: each is an entry of the list with its title
    and summary, and the names of front or back matter set close after the last entry
    (``NOTES``, ``INDEX``) are entries too. The first chunk of each entry -> the chunks it holds
    (page markers standing alone between them included); the chunks ``apart`` (the title
    page's) are none."""
    chunks = reader.chunks
    content = [i for i, c in enumerate(chunks)
               if not c.pages_only() and i not in reader.notes.used and i not in apart]
    items: dict[int, list[int]] = {}
    for k, i in enumerate(content):
        heading = found.get(i)
        if heading is not None and heading.kind == "matter" and heading.type == "contents":
            for start, stop in _listed(reader, found, content[k + 1:]):
                items[start] = [j for j in range(start, stop + 1) if j not in reader.notes.used]
    return items


def _listed(reader: _Reader, found: dict[int, structure.Heading], rest: list[int]) -> list[tuple[int, int]]:
    """The entries (first and last chunk) of an analytical contents list whose first entry is
    ``rest[0]``, the chunks after the contents heading; none unless at least
    MIN_CONTENTS_ENTRIES labels come again in the same order after the list and nothing but
    headings, single lines and indented blocks stands between them."""
    if not rest or rest[0] not in found or found[rest[0]].kind not in _NUMBERED:
        return []
    kind, style = found[rest[0]].kind, found[rest[0]].style
    labels = [j for j in rest if j in found and (found[j].kind, found[j].style) == (kind, style)]
    values = [found[j].n for j in labels]
    count = next((k for k, n in enumerate(values) if n in values[:k]), len(values))
    if count < MIN_CONTENTS_ENTRIES or values[count:2 * count] != values[:count]:
        return []
    chunks, indent = reader.chunks, reader.shape.indent + 2
    last = rest.index(labels[count - 1])
    if any(chunks[j].construct is not None or not (
            j in found or len(chunks[j].rows) == 1 or chunks[j].indent >= indent) for j in rest[:last]):
        return []  # a chapter with text of its own: these are chapters
    end = last
    if end + 1 < len(rest) and _close(chunks, rest[end + 1]) and len(chunks[rest[end + 1]].rows) == 1:
        end += 1  # the last entry's title
    while end + 1 < len(rest) and _close(chunks, rest[end + 1]) and chunks[rest[end + 1]].indent >= indent:
        end += 1
    starts = [rest.index(j) for j in labels[:count]]
    entries = [(rest[a], rest[b - 1]) for a, b in itertools.pairwise([*starts, end + 1])]
    for j in rest[end + 1:]:
        matter = structure.heading_of(chunks[j].text, reader.words) if _close(chunks, j) else None
        if matter is None or matter.kind != "matter" or len(chunks[j].rows) != 1:
            break
        entries.append((j, j))
    return entries


def _close(chunks: list[Chunk], j: int) -> bool:
    """Chunk ``j`` is text set as close to the block before as an entry's lines are, not a
    heading's spacing (GAP_HEADING blank lines) away."""
    return chunks[j].construct is None and _gap_before(chunks, j) < structure.GAP_HEADING


def _contents_item(reader: _Reader, members: list[int]) -> None:
    """An entry of a contents list (its chunks ``members``): an item of the ``<list
    type="contents">`` the division ends with, or the first of a new one, as the ebook reader
    writes a contents list; its label, title and summary paragraphs apart by line breaks, the
    page breaks waiting before them."""
    content: list[m.Inline] = list(reader.pending)
    reader.pending = []
    written = False
    for j in members:
        rows = reader.chunk_rows(j)
        if reader.chunks[j].pages_only():
            content += [n for row in rows for n in row if isinstance(n, m.PageBreak)]
            continue
        if written:
            content.append(m.LineBreak(line=reader.chunks[j].line))
        content += _trim(reader.joined(rows))
        written = True
    target = reader.target()
    contents = target[-1] if target else None
    if not (isinstance(contents, m.ListBlock) and contents.kind == "contents"):
        contents = m.ListBlock([], line=reader.chunks[members[0]].line, kind="contents")
        target.append(contents)
    item = _merge(content)
    contents.items.append(item)
    reader.quote = None
    reader.last = item


def _title_page(reader: _Reader) -> tuple[ocr_titlepage.TitlePage, set[int]] | None:
    """The book's title page as the text's first two blocks transcribe it: a short line that
    names no division, then a byline with a person's name (``RIVERS OF THE NORTH`` over ``BY
    EDWARD CLARKE``; the byline words are ``lang/terms.json``'s), each one line with no note
    marker; the page (0-based lines) and its chunks, else None (as ``ebook_titlepage``)."""
    first = [i for i, c in enumerate(reader.chunks) if not c.pages_only()][:2]
    if len(first) < 2 or first[0] in reader.notes.used or first[1] in reader.notes.used:
        return None
    title, byline = (reader.chunks[i] for i in first)
    if any(c.construct is not None or len(c.rows) != 1 or next(_markers(c), None) is not None
           for c in (title, byline)):
        return None
    heading = structure.heading_of(title.text, reader.words)
    if len(title.text) > ebook_titlepage.MAX_TITLE or (heading is not None and heading.kind != "caps") \
            or ocr_titlepage.byline_author(byline.text, reader.words) is None:
        return None
    top, by = title.rows[0].line, byline.rows[0].line
    return ocr_titlepage.TitlePage(top, by, (("main", (top,)), ("byline", (by,))), by), set(first)


def _heading(reader: _Reader, i: int, found: dict[int, structure.Heading], levels: dict[int, int | None],
             skip: set[int]) -> m.Division | None:
    """Open the division a heading starts; returns it when it is a letter awaiting its opener."""
    chunk = reader.chunks[i]
    heading = found[i]
    rows = reader.chunk_rows(i)
    head = reader.joined(rows)
    breaks = [n for n in head if isinstance(n, m.PageBreak)]
    head = _trim([n for n in head if not isinstance(n, m.PageBreak)])
    level = levels[i]
    numbered = heading.kind in _NUMBERED
    if level is None:
        level = reader.numbered_level() + 1
    kind = heading.type
    following = next((j for j in range(i + 1, len(reader.chunks))
                      if j not in reader.notes.used and not reader.chunks[j].pages_only()), None)
    nxt = reader.chunks[following] if following is not None else None
    titled = False  # the block below is the heading's title, in its head
    if heading.kind == "number" and nxt is not None and following not in found and nxt.construct is None \
            and len(nxt.rows) == 1 and nxt.plain:
        if structure.is_dateline(nxt.text) or structure.ends_salutation(nxt.text):
            kind = "letter"
        else:
            titled = len(nxt.text.split()) <= 10 and nxt.text[:1].isupper()
    elif heading.kind == "word" and following is not None:
        titled = _titles_label(reader, i, following, found)
    if titled and following is not None:
        head += [m.LineBreak(line=reader.chunks[following].line),
                 *_trim(reader.joined(reader.chunk_rows(following)))]
        skip.add(following)
    division = m.Division(kind, _merge(head), [], line=chunk.line,
                          n=str(heading.n) if heading.n is not None else None)
    reader.open(level, division, numbered)
    division.breaks += breaks
    reader.last = division.head
    return division if kind == "letter" else None


def _titles_label(reader: _Reader, i: int, following: int, found: dict[int, structure.Heading]) -> bool:
    """Is the block after a division's label alone (``CHAPTER I.``, ``BOOK THE FIRST``) its title:
    one line in capitals (``THE TYNE.``), a heading by its form, not by a number of its own?"""
    label = reader.chunks[i].text.split()
    title = found.get(following)
    return len(label) <= MAX_LABEL_WORDS and title is not None and title.kind == "caps" \
        and len(reader.chunks[following].rows) == 1


def _opener_line(reader: _Reader, letter: m.Division, i: int) -> bool:
    """A short line right after a letter's heading (date line, salutation, addressee) joins
    its opener."""
    chunk = reader.chunks[i]
    if chunk.construct is not None or len(chunk.rows) != 1 or len(letter.opener) >= MAX_OPENER \
            or letter.blocks:
        return False
    text = chunk.text
    if structure.is_dateline(text) or structure.is_place(text):
        kind = "dateline"
    elif structure.is_salute(text) or (len(text.split()) <= 6 and text.endswith(".") and not letter.opener):
        kind = "salute"
    else:
        return False
    part = m.Paragraph(_trim(reader.joined(reader.chunk_rows(i))), line=chunk.line, kind=kind)
    letter.opener.append(part)
    reader.last = part.content
    return True


def _block(reader: _Reader, i: int, skip: set[int]) -> None:
    chunk = reader.chunks[i]
    c = chunk.construct
    if c is not None:
        if c.kind == "figure":
            reader.add(reader.figure(c))
        elif c.kind == "note" and i in reader.notes.bodies:
            body = reader.notes.bodies[i]
            reader.add(m.NoteBlock(body.n, reader.note_body(body), line=chunk.line, place="foot"))
        else:
            reader.strip_construct(c, "note-label")
            content = reader.construct_content(c)
            if c.kind == "tn":
                reader.add(m.NoteBlock(None, content, line=chunk.line, place="inline", kind="transcriber"))
            else:
                reader.add(m.NoteBlock(c.n, content, line=chunk.line,
                                       place="margin" if c.kind == "side" else "foot"))
        return
    if i in reader.notes.bodies:  # a note text no marker calls
        body = reader.notes.bodies[i]
        reader.add(m.NoteBlock(body.n, reader.note_body(body), line=chunk.line, place="foot"))
        return
    text = chunk.text
    if structure.is_separator(text):
        reader.add(m.Paragraph(_trim(reader.joined(reader.chunk_rows(i))), line=chunk.line, kind="separator"))
        return
    if _TRANSCRIBER.match(text):
        _transcriber(reader, i, skip)
        return
    plain_rows = chunk.plain
    shape = reader.shape
    if _signed_block(reader, chunk):  # "Your loving brother," / "JOHN." set to the right
        for k, row in enumerate(reader.chunk_rows(i)):
            paragraph = m.Paragraph(_trim(row), line=chunk.line + k)
            reader.single[id(paragraph)] = (plain_rows[k].strip(), chunk.indent)
            reader.add(paragraph)
        return
    # A table's gaps as printed too: "book.[1] And" leaves a gap where the marker was.
    table = structure.tabular(plain_rows) and structure.tabular(_printed(reader, chunk))
    lined = structure.set_line_by_line(plain_rows, shape) and terms.capitals(text)
    if len(plain_rows) >= 2 and (table or lined):
        reader.add(m.Paragraph(_lineated(reader.chunk_rows(i, collapse=False), chunk), line=chunk.line))
        return
    indented = len(plain_rows) >= 2 and chunk.indent >= shape.indent + 2
    if structure.set_line_by_line(plain_rows, shape) \
            and structure.set_line_by_line(_printed(reader, chunk), shape):
        _verse(reader, i)
        return
    content = reader.joined(reader.chunk_rows(i))
    if indented:
        paragraph = m.Paragraph(content, line=chunk.line)
        if reader.quote is not None and chunk.gap <= 1:
            reader.quote.blocks.append(paragraph)
        else:
            quote = m.BlockQuote([paragraph], line=chunk.line)
            reader.add(quote)
            reader.quote = quote
        return
    paragraph = m.Paragraph(content, line=chunk.line)
    if len(plain_rows) == 1:
        reader.single[id(paragraph)] = (text, chunk.indent)
    reader.add(paragraph)


def _printed(reader: _Reader, chunk: Chunk) -> list[str]:
    """The chunk's lines as printed, note markers and inline notes included (a line that ends
    with ``[2]`` or breaks inside ``[Footnote: …]`` is full, not verse), page markers aside."""
    return [gutenberg_text.PAGE_MARKER.sub("", reader.lines[row.line]) for row in chunk.rows]


def _signed_block(reader: _Reader, chunk: Chunk) -> bool:
    """In a letter, a block of two or three short lines set far to the right (a valediction
    and a signature): each line is a paragraph, for the letter's closer to take."""
    rows = [row.strip() for row in chunk.plain]
    in_letter = bool(reader.stack) and reader.stack[-1][1].type == "letter"
    return in_letter and 2 <= len(rows) <= MAX_CLOSER and chunk.indent >= reader.shape.indent + 4 \
        and all(0 < len(row.split()) <= 8 for row in rows)


def _verse(reader: _Reader, i: int) -> None:
    """Lines set line by line: verse, one ``<l>`` per line; a speaker's name in capitals on
    the first line (``MEPHISTOPHELES:``) stays a paragraph before it."""
    chunk = reader.chunks[i]
    rows = [_trim(row) for row in reader.chunk_rows(i)]
    first = chunk.plain[0].strip()
    if len(rows) > 2 and terms.capitals(first) and len(first.split()) <= 4 and first.endswith((":", ".")):
        reader.add(m.Paragraph(rows[0], line=chunk.line))
        rows = rows[1:]
    rows = [row for row in rows if row]
    if rows:
        reader.add(m.LineGroup([_merge(row) for row in rows], line=chunk.line))


def _transcriber(reader: _Reader, i: int, skip: set[int]) -> None:
    """``Transcriber's Note:`` and the indented blocks under it, as one transcriber's note; a
    label on a line of its own takes the blocks under it whatever their indent, up to a wider
    gap (the next section), a heading in capitals or MAX_NOTE_BLOCKS blocks. The markers it
    quotes (``e.g. {99}``) are its words, not pages or notes."""
    chunk = reader.chunks[i]
    alone = _TRANSCRIBER.sub("", chunk.text).strip() == ""
    content = reader.joined(reader.chunk_rows(i, literal=True))
    for j in range(i + 1, min(len(reader.chunks), i + 1 + MAX_NOTE_BLOCKS)):
        nxt = reader.chunks[j]
        if nxt.construct is not None or j in reader.notes.used or nxt.gap > 2 or terms.capitals(nxt.text) \
                or (not alone and nxt.indent < reader.shape.indent + 2):
            break
        content += [m.LineBreak(line=nxt.line), *reader.joined(reader.chunk_rows(j, literal=True))]
        skip.add(j)
    reader.add(m.NoteBlock(None, _merge(content), line=chunk.line, place="inline", kind="transcriber"))


def _tail_note(reader: _Reader, index: int) -> None:
    """An unnumbered ``[Footnote: …]`` after a paragraph: a note at the paragraph's end (the
    paragraph, verse line, heading or opener line written last)."""
    body = reader.notes.bodies[index]
    note = m.Note("", reader.note_body(body), place="foot", line=reader.chunks[index].line,
                  body_line=reader.chunks[index].line)
    if reader.last is not None:
        reader.last.append(note)
    else:
        reader.add(m.NoteBlock(None, note.body or [], line=note.line, place="foot"))


def _last_content(block: m.Block) -> list[m.Inline] | None:
    """The inline content a note printed after ``block`` attaches to."""
    if isinstance(block, m.Paragraph):
        return block.content
    if isinstance(block, m.LineGroup) and block.lines:
        return block.lines[-1]
    if isinstance(block, m.BlockQuote) and block.blocks:
        return _last_content(block.blocks[-1])
    if isinstance(block, m.Division) and block.head is not None:
        return block.head
    return None


def _lineated(rows: list[list[m.Inline]], chunk: Chunk) -> list[m.Inline]:
    """Rows kept as lines (a contents list, a title page): ``<lb/>`` between them."""
    out: list[m.Inline] = []
    for k, row in enumerate(rows):
        row = _trim(row)
        if k:
            out.append(m.LineBreak(line=chunk.rows[k].line + 1))
        out += row
    return _merge(out)


# ------------------------------------------------------------------ inline helpers


def _last_text(nodes: list[m.Inline]) -> str:
    for node in reversed(nodes):
        if isinstance(node, m.Text) and node.text.strip():
            return node.text.rstrip()
        if not isinstance(node, m.Text | m.PageBreak):
            return ""
    return ""


def _first_text(nodes: list[m.Inline]) -> str:
    for node in nodes:
        if isinstance(node, m.Text) and node.text.strip():
            return node.text.lstrip()
        if not isinstance(node, m.Text | m.PageBreak):
            return ""
    return ""


def _trim(nodes: list[m.Inline]) -> list[m.Inline]:
    """Inline content with the spaces at its two ends removed."""
    nodes = list(nodes)
    for order, strip in ((range(len(nodes)), str.lstrip), (range(len(nodes) - 1, -1, -1), str.rstrip)):
        for k in order:
            node = nodes[k]
            if isinstance(node, m.Text):
                trimmed = m.Text(strip(node.text))
                nodes[k] = trimmed
                if trimmed.text:
                    break
            elif not isinstance(node, m.PageBreak):
                break
    return [n for n in nodes if not (isinstance(n, m.Text) and not n.text)]


def _merge(nodes: list[m.Inline]) -> list[m.Inline]:
    """Adjacent text nodes as one."""
    out: list[m.Inline] = []
    for node in nodes:
        if isinstance(node, m.Text) and out and isinstance(out[-1], m.Text):
            out[-1] = m.Text(out[-1].text + node.text)
        elif not (isinstance(node, m.Text) and not node.text):
            out.append(node)
    return out
