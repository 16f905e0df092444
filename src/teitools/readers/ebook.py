"""The ebook layout: one paragraph per line, notes as glued markers and end texts.

Reads ebooks exported to plain text (a chapter with its endnotes and
bibliography, or a whole book whose note texts are lost).  The passes: split the
lines into units with their spacing (``ebook_structure``), set the back matter
apart (note texts, bibliography), choose the note markers as numbered sequences
(``ebook_notes``), decide chapters and sections (note numbering restarts with
each chapter), find displayed blocks, then build the document.  Every note is
written at its marker; marker digits and note labels go to ``Document.removed``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from itertools import pairwise

from teitools import model as m
from teitools.diagnostics import Diagnostic, Severity
from teitools.readers import ebook_bibliography as bibliography
from teitools.readers import ebook_notes as notes
from teitools.readers import ebook_structure as structure
from teitools.readers.ebook_structure import Unit
from teitools.source import Source

LONG_LINE = 200  # a paragraph on one line is usually longer than this


def score(source: Source) -> float:
    """How much the text looks like an exported ebook.

    The style (long paragraph lines between blank lines) alone gives a modest
    score, so that a short web page of long lines is left to a reader that knows
    web pages; ebook conventions (glued note markers, note texts, figure captions,
    chapter and section spacing) raise it.
    """
    units = structure.units_of(source.lines)
    texts = [u for u in units if not u.separator]
    if len(texts) < 3:
        return 0.0
    long_share = sum(len(u.text) >= LONG_LINE for u in texts) / len(texts)
    spaced = sum(u.gap >= 1 for u in texts[1:]) / (len(texts) - 1)
    style = min(1.0, long_share * 2) * spaced
    if statistics.median(len(u.text) for u in texts) < 80:
        style *= 0.5
    if not style:
        return 0.0  # the evidence below cannot raise a zero
    markers = sum(c.weight >= notes.AFTER_LETTER for c in notes.candidates([u.raw for u in texts]))
    bodies = sum(notes.is_numbered_note(u.raw)[0] or notes.is_symbol_note(u.raw) for u in texts)
    conventions = sum(1 for u in units if u.separator or u.raw.startswith(" ")
                      or structure.figure_number(u.text) or structure.placeholder(u.text))
    evidence = min(1.0, markers / 10) * 0.5 + min(1.0, bodies / 5) * 0.2 + min(1.0, conventions / 5) * 0.3
    return round(style * (0.3 + 0.65 * evidence), 3)


@dataclass
class _Back:
    """Where the back matter starts and what it holds."""

    start: int  # first unit of the back matter (len(units) when there is none)
    note_runs: list[list[int]] = field(default_factory=list)  # unit indexes of note texts, per run
    note_heads: dict[int, int] = field(default_factory=dict)  # run -> unit index of its heading
    note_title: int | None = None  # unit index of the notes section's own heading ("Notes")
    bibliography: tuple[int, int] | None = None


def _note_region(units: list[Unit]) -> tuple[int, list[list[int]], dict[int, int]] | None:
    """The final cluster of numbered note texts: (first unit, runs, run headings)."""
    numbered = [(i, notes.is_numbered_note(u.raw)[1]) for i, u in enumerate(units)
                if not u.separator and notes.is_numbered_note(u.raw)[0]]
    if not numbered:
        return None
    runs: list[list[int]] = [[numbered[-1][0]]]
    value = numbered[-1][1]
    for i, n in reversed(numbered[:-1]):
        between = [u for u in units[i + 1:runs[-1][0]] if not u.separator]
        if n == value - 1 and not between:
            runs[-1].insert(0, i)
        elif value == 1 and len(between) <= 1 and all(structure.is_heading(u.text) for u in between):
            runs.append([i])
        else:
            break
        value = n
    runs.reverse()
    while runs and notes.is_numbered_note(units[runs[0][0]].raw)[1] != 1:
        runs.pop(0)
    if not runs:
        return None
    heads: dict[int, int] = {}
    for k, run in enumerate(runs):
        before = run[0] - 1
        if before >= 0 and not units[before].separator and structure.is_heading(units[before].text):
            heads[k] = before
    first = heads.get(0, runs[0][0])
    if first == 0:
        return None
    return first, runs, heads


def _note_title(units: list[Unit], first: int, heads: dict[int, int]) -> int | None:
    """The heading of a notes section whose runs have headings of their own."""
    before = first - 1
    if heads.get(0) == first and before >= 0 and structure.is_heading(units[before].text):
        return before
    return None


def _trailing_bibliography(units: list[Unit], start: int) -> tuple[int, int] | None:
    """A bibliography at the very end of a text without a notes section."""
    i = len(units) - 1
    while i >= start and len(units) - i <= 2 and not bibliography.is_entry(units[i].text):
        i -= 1
    entries = 0
    while i >= start and (bibliography.is_entry(units[i].text) or structure.is_heading(units[i].text)):
        entries += bibliography.is_entry(units[i].text)
        i -= 1
    if entries < 8:
        return None
    return bibliography.find(units, i + 1)


def _back_matter(units: list[Unit], with_notes: bool = True) -> _Back:
    """The notes section (its last cluster of numbered note texts) and a bibliography."""
    region = _note_region(units) if with_notes else None
    if region is None:
        span = _trailing_bibliography(units, 0)
        return _Back(span[0] if span else len(units), bibliography=span)
    first, runs, heads = region
    title = _note_title(units, first, heads)
    back = _Back(first if title is None else title, runs, heads, title)
    back.bibliography = bibliography.find(units, runs[-1][-1] + 1)
    return back


class _Builder:
    """Builds the document from the units once markers, chapters and displays are known."""

    def __init__(self, units: list[Unit], doc: m.Document) -> None:
        self.units = units
        self.doc = doc
        self.markers: dict[int, list[tuple[notes.Candidate, m.Note]]] = {}

    def add_marker(self, cand: notes.Candidate, note: m.Note) -> None:
        self.markers.setdefault(cand.unit, []).append((cand, note))
        unit = self.units[cand.unit]
        printed = unit.raw[cand.start:cand.end]
        self.doc.removed.append(m.Removed(printed, "note-marker", unit.line, cand.start + 1))

    def inline(self, index: int) -> list[m.Inline]:
        """A unit's text with its notes in place of their markers, outer spaces trimmed."""
        raw = self.units[index].raw
        parts: list[m.Inline] = []
        pos = 0
        for cand, note in sorted(self.markers.get(index, []), key=lambda x: x[0].start):
            parts.append(m.Text(raw[pos:cand.start]))
            parts.append(note)
            pos = cand.end
        parts.append(m.Text(raw[pos:]))
        first, last = parts[0], parts[-1]
        if isinstance(first, m.Text):
            first.text = first.text.lstrip()
        if isinstance(last, m.Text):
            last.text = last.text.rstrip()
        return [p for p in parts if not (isinstance(p, m.Text) and not p.text)]


def _note_body(text: notes.NoteText, doc: m.Document) -> list[m.Inline]:
    doc.removed.append(m.Removed(text.label, "note-label", text.line, text.column))
    return [m.Text(text.text)]


def _warn(doc: m.Document, code: str, message: str, line: int) -> None:
    doc.warnings.append(Diagnostic(code, message, line=line, severity=Severity.WARNING))


@dataclass
class _Choice:
    """The note markers chosen in the text, each run with the note texts it takes."""

    cands: list[notes.Candidate]  # every candidate, symbols included
    # per numbering run: the chosen markers, their note texts by number, and the units of those texts
    pairs: list[tuple[list[notes.Candidate], dict[str, notes.NoteText], dict[str, int]]]
    in_flow: set[int]  # units of note texts that stand in the running text (after their chapter)
    final: bool  # whether the notes section at the end found markers


def _note_texts(units: list[Unit], run: list[int]) -> tuple[dict[str, notes.NoteText], dict[str, int]]:
    texts: dict[str, notes.NoteText] = {}
    where: dict[str, int] = {}
    for i in run:
        text = notes.parse_note_text(units[i].raw, units[i].line)
        if text is not None:
            texts[text.n] = text
            where[text.n] = i
    return texts, where


def _in_flow_runs(units: list[Unit], end: int) -> list[list[int]]:
    """Runs of note texts (1., 2., … on adjacent lines) standing in the text before ``end``,
    as books that print a chapter's notes after it do."""
    runs: list[list[int]] = []
    for i in range(end):
        numbered, n = notes.is_numbered_note(units[i].raw)
        if not numbered or units[i].separator:
            continue
        prev = runs[-1][-1] if runs else -1
        adjacent = prev >= 0 and all(u.separator for u in units[prev + 1:i])
        if adjacent and n == notes.is_numbered_note(units[prev].raw)[1] + 1:
            runs[-1].append(i)
        elif n == 1:
            runs.append([i])
    return [run for run in runs if len(run) >= 2]


def _choose_markers(units: list[Unit], back: _Back, starts: set[int], skip: set[int]) -> _Choice:
    """Markers for the note texts that stand after their chapter, then for the notes
    section at the end; a run of note texts that no marker calls is no note run."""
    runs = _in_flow_runs(units, back.start)
    in_run = {i for run in runs for i in run}
    texts = [structure.without_figure_label(unit.raw)
             if i < back.start and not unit.separator and i not in skip and i not in in_run else ""
             for i, unit in enumerate(units)]
    cands = notes.candidates(texts)
    bounds = sorted(starts)
    pairs: list[tuple[list[notes.Candidate], dict[str, notes.NoteText], dict[str, int]]] = []
    in_flow: set[int] = set()
    segment_start = 0
    for run in runs:
        segment = [c for c in cands if segment_start <= c.unit < run[0]]
        texts_of_run, where = _note_texts(units, run)
        chain = notes.choose(segment, bounds, len(texts_of_run), restarts=False)
        if chain:
            pairs.append((chain[0], texts_of_run, where))
            in_flow.update(run)
            segment_start = run[-1] + 1
    rest = [c for c in cands if c.unit >= segment_start]
    at_end = [_note_texts(units, run) for run in back.note_runs]
    limit = max((len(t) for t, _ in at_end), default=0) or None
    final = notes.choose(rest, bounds, limit, restarts=limit is None or len(at_end) > 1)
    for k, chain_run in enumerate(final):
        texts_of_run, where = at_end[k] if k < len(at_end) else ({}, {})
        pairs.append((chain_run, texts_of_run, where))
    return _Choice(cands, pairs, in_flow, bool(final))


def _place_numbered_notes(builder: _Builder, choice: _Choice,
                          symbol_bodies: set[int]) -> tuple[list[tuple[int, bool]], set[int]]:
    """Pair the chosen markers with their note texts and record the notes.

    Returns the chosen markers as (unit, restarts) and the note texts used."""
    units, doc = builder.units, builder.doc
    used: set[int] = set()
    chosen: list[tuple[int, bool]] = []
    for k, (run, texts_of_run, where) in enumerate(choice.pairs):
        for position, cand in enumerate(run):
            text = texts_of_run.get(cand.n)
            line = units[cand.unit].line
            if text is None:
                note = m.Note(cand.n, None, line=line)
                doc.counts["notes_without_text"] += 1
                _warn(doc, "EBK001", f"note {cand.n}: the marker has no note text in the source", line)
            else:
                note = m.Note(cand.n, _note_body(text, doc), line=line, body_line=text.line)
                used.add(where[cand.n])
            builder.add_marker(cand, note)
            chosen.append((cand.unit, position == 0 and k > 0))
            doc.counts["notes"] += 1
        for before, after in pairwise(run):
            for missing in range(int(before.n) + 1, int(after.n)):
                _warn(doc, "EBK003", f"note {missing}: no marker found between note {before.n} (line "
                      f"{units[before.unit].line}) and note {after.n}", units[after.unit].line)
    _place_symbol_notes(builder, choice.cands, symbol_bodies, used)
    return chosen, used


def _place_symbol_notes(builder: _Builder, cands: list[notes.Candidate], symbol_bodies: set[int],
                        used: set[int]) -> None:
    """Asterisk (and dagger) notes: each note text goes to the marker its words fit best."""
    units, doc = builder.units, builder.doc
    markers = [c for c in cands if c.n in notes.SYMBOLS]
    owners: dict[int, notes.NoteText] = {}
    for i in sorted(symbol_bodies):
        text = notes.parse_note_text(units[i].raw, units[i].line)
        free = [k for k, c in enumerate(markers) if k not in owners and c.n == (text.n if text else "")]
        if text is None or not free:
            continue
        k = free[notes.owner_of(text.text, [(markers[k], units[markers[k].unit].raw) for k in free])]
        owners[k] = text
        used.add(i)
    for k, cand in enumerate(markers):
        line = units[cand.unit].line
        if k in owners:
            note = m.Note(cand.n, _note_body(owners[k], doc), line=line, body_line=owners[k].line)
        else:
            note = m.Note(cand.n, None, line=line)
            doc.counts["notes_without_text"] += 1
            _warn(doc, "EBK001", f"note {cand.n}: the marker has no note text in the source", line)
        builder.add_marker(cand, note)
        doc.counts["notes"] += 1


REPORTED = ("notes", "notes_without_text", "texts_without_marker", "figures", "chapters", "sections",
            "quotes", "verse", "lists", "bibl")


def read(source: Source) -> m.Document:
    doc = m.Document(layout="ebook")
    doc.counts.update(dict.fromkeys(REPORTED, 0))  # the report lists every count, found or not
    units = structure.units_of(source.lines)
    symbol_bodies = {i for i, u in enumerate(units) if notes.is_symbol_note(u.raw)}
    if not any(notes.has_symbol_marker(u.raw) for u in units):
        symbol_bodies = set()  # "* item" lines without any asterisk marker are a list, not notes
    back = _back_matter(units)
    starts = set(structure.boundaries(units[:back.start], symbol_bodies))
    choice = _choose_markers(units, back, starts, symbol_bodies)
    if back.note_runs and not choice.final:  # numbered paragraphs no marker calls: no notes section
        back = _back_matter(units, with_notes=False)
        starts = set(structure.boundaries(units[:back.start], symbol_bodies))
        choice = _choose_markers(units, back, starts, symbol_bodies)
    main = list(range(back.start))
    builder = _Builder(units, doc)
    chosen, used = _place_numbered_notes(builder, choice, symbol_bodies)
    loose_texts = symbol_bodies | choice.in_flow  # note texts that stand in the text, not in a notes section
    chapters = structure.chapter_starts(units, sorted(starts), chosen)
    figures = {i for i in main
               if structure.figure_number(units[i].text) or structure.placeholder(units[i].text)}
    for i in sorted(chapters & figures):  # the chapter begins after its [image: …] placeholder
        after = next((j for j in main if j > i and not units[j].separator), None)
        if after is not None and structure.placeholder(units[i].text):
            chapters, starts = (chapters - {i}) | {after}, (starts - {i}) | {after}
    found = structure.displays(units[:back.start], starts, figures)
    doc.body = _body(builder, main, starts, chapters, found, figures, loose_texts, used)
    doc.back = _back(builder, back, loose_texts, used)
    chapter_divs = [b for b in doc.body if isinstance(b, m.Division) and b.type == "chapter"]
    if len(chapter_divs) == 1 and chapter_divs[0].head:
        doc.metadata.title = m.text_of(chapter_divs[0].head)
    return doc


def _display_block(builder: _Builder, display: structure.Display) -> m.Block:
    doc = builder.doc
    indexes = range(display.start, display.end)
    line = builder.units[display.start].line
    if display.kind == "list":
        doc.counts["lists"] += 1
        return m.ListBlock([builder.inline(i) for i in indexes], line=line)
    if display.kind == "verse":
        doc.counts["verse"] += 1
        return m.LineGroup([builder.inline(i) for i in indexes], line=line)
    doc.counts["quotes"] += 1
    paragraphs: list[m.Block] = [m.Paragraph(builder.inline(i), line=builder.units[i].line) for i in indexes]
    return m.BlockQuote(paragraphs, line=line)


def _figure(builder: _Builder, index: int) -> m.Figure:
    unit = builder.units[index]
    builder.doc.counts["figures"] += 1
    parts = structure.placeholder(unit.text)
    if parts is None:
        return m.Figure(structure.figure_number(unit.text), builder.inline(index), line=unit.line)
    opening, description, closing = parts
    column = unit.raw.index(opening) + 1
    builder.doc.removed.append(m.Removed(opening, "figure-placeholder", unit.line, column))
    if closing:
        column += len(opening) + len(description)
        builder.doc.removed.append(m.Removed(closing, "figure-placeholder", unit.line, column))
    return m.Figure(None, [m.Text(description)] if description else [], line=unit.line, kind="placeholder")


class _Body:
    """Chapters holding sections holding blocks, filled in source order."""

    def __init__(self) -> None:
        self.blocks: list[m.Block] = []
        self.chapter: m.Division | None = None
        self.section: m.Division | None = None

    def target(self) -> list[m.Block]:
        if self.section is not None:
            return self.section.blocks
        return self.chapter.blocks if self.chapter is not None else self.blocks

    def chapter_is_fresh(self) -> bool:
        """A chapter with its title and nothing else yet (its first paragraph may
        also carry a chapter cue)."""
        return (self.chapter is not None and self.chapter.head is not None and not self.chapter.blocks)

    def open_chapter(self, head: list[m.Inline] | None, line: int) -> None:
        self.chapter = m.Division("chapter", head, [], line=line)
        self.blocks.append(self.chapter)
        self.section = None

    def open_section(self, head: list[m.Inline] | None, line: int) -> None:
        self.section = m.Division("section", head, [], line=line)
        (self.chapter.blocks if self.chapter is not None else self.blocks).append(self.section)


def _body(builder: _Builder, main: list[int], starts: set[int], chapters: set[int],
          found: list[structure.Display], figures: set[int], loose_texts: set[int],
          used: set[int]) -> list[m.Block]:
    """The body, in source order: chapters at chapter starts, sections at the other
    boundaries, after separators and at double blank lines; displays, figures,
    paragraphs and note texts without marker inside them."""
    units, doc = builder.units, builder.doc
    by_start = {d.start: d for d in found}
    in_display = {i for d in found for i in range(d.start, d.end)}
    out = _Body()
    pending = after_display = False
    first = main[0] if main else -1
    if first >= 0 and first not in starts and len(main) > 1 and structure.is_heading(units[first].text):
        chapters = chapters | {first}
    for i in main:
        unit = units[i]
        if unit.separator:
            pending, after_display = bool(out.blocks), False
            continue
        if i in loose_texts:
            if i not in used:
                _orphan_note(builder, i, out.target(), "kept where it stands")
            continue
        if i in in_display and i not in by_start:
            continue
        heading = structure.is_heading(unit.text) and i not in in_display and not builder.markers.get(i)
        subheading = heading and _before_prose(units, i, main[-1])
        if i in chapters and not out.chapter_is_fresh():
            out.open_chapter(builder.inline(i) if heading else None, unit.line)
            doc.counts["chapters"] += 1
            pending = False
            if heading:
                continue
        elif out.blocks and (i in starts or pending or subheading or (
                unit.gap >= 2 and i not in figures and i not in by_start and not after_display)):
            out.open_section(builder.inline(i) if heading else None, unit.line)
            doc.counts["sections"] += 1
            pending = False
            if heading:
                continue
        after_display = i in by_start
        if i in by_start:
            out.target().append(_display_block(builder, by_start[i]))
        elif i in figures:
            out.target().append(_figure(builder, i))
        else:
            out.target().append(m.Paragraph(builder.inline(i), line=unit.line))
    return out.blocks


def _before_prose(units: list[Unit], i: int, last: int) -> bool:
    """A title line standing alone between paragraphs (a section heading): the line
    after it is a paragraph, the line before it is no title."""
    after = units[i + 1] if i < last else None
    before = units[i - 1] if i else None
    return (after is not None and not after.separator and len(after.text) >= LONG_LINE // 2
            and not (before is not None and not before.separator and structure.is_heading(before.text)))


def _orphan_note(builder: _Builder, index: int, target: list[m.Block], where: str) -> None:
    """A note text that no marker points to: kept as a note, and reported."""
    unit = builder.units[index]
    text = notes.parse_note_text(unit.raw, unit.line)
    if text is None:
        target.append(m.Paragraph(builder.inline(index), line=unit.line))
        return
    target.append(m.NoteBlock(text.n, _note_body(text, builder.doc), line=unit.line))
    builder.doc.counts["texts_without_marker"] += 1
    _warn(builder.doc, "EBK002", f"note text {text.n} has no marker in the text; {where}", unit.line)


def _back(builder: _Builder, back: _Back, loose_texts: set[int], used: set[int]) -> list[m.Block]:
    """Back matter: note texts no marker points to, the bibliography, anything else."""
    units, doc = builder.units, builder.doc
    blocks: list[m.Block] = []
    if back.note_runs:
        note_divs: list[m.Block] = []
        for k, run in enumerate(back.note_runs):
            head_index = back.note_heads.get(k)
            left: list[m.Block] = []
            for i in run:
                if i not in used:
                    _orphan_note(builder, i, left, "kept in the notes section")
            if head_index is not None or left:
                head = builder.inline(head_index) if head_index is not None else None
                note_divs.append(m.Division("notes", head, left, line=units[run[0]].line))
        if back.note_title is not None:
            title = builder.inline(back.note_title)
            blocks.append(m.Division("notes", title, note_divs, line=units[back.note_title].line))
        else:
            blocks.extend(note_divs)
    end = back.note_runs[-1][-1] + 1 if back.note_runs else back.start
    rest: list[m.Block] = []
    i = end
    while i < len(units):
        unit = units[i]
        if back.bibliography and i == back.bibliography[0]:
            groups, count = bibliography.build(units, back.bibliography)
            doc.counts["bibl"] += count
            rest.extend(groups)
            i = back.bibliography[1]
            continue
        if i in loose_texts:
            if i not in used:
                _orphan_note(builder, i, rest, "kept where it stands")
        elif not unit.separator:
            rest.append(m.Paragraph(builder.inline(i), line=unit.line))
        i += 1
    if rest:
        blocks.append(m.Division("bibliography" if back.bibliography else None, None, rest,
                                 line=units[end].line if end < len(units) else 0))
    return blocks
