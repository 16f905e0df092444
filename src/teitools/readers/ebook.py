"""The ebook layout: one paragraph per line, notes as glued markers and end texts.

Reads ebooks exported to plain text (a chapter with its endnotes and
bibliography, or a whole book whose note texts are lost).  The passes: split the
lines into units with their spacing (``ebook_structure``; a wrapped paragraph is one
unit), weigh the heading evidence in the book's language (``teitools.terms``), set
the back matter apart (note texts, bibliography) and find the note lists standing
in the text (after a chapter, before the first one), choose the note markers as
numbered sequences (``ebook_notes``), decide chapters and sections (note numbering
restarts with each chapter), find displayed blocks (never in a note list), then
build the document.  Every note is written at its marker; marker digits and note
labels go to ``Document.removed``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from itertools import pairwise

from teitools import codes, language, terms
from teitools import model as m
from teitools.diagnostics import Diagnostic, Severity
from teitools.readers import drama, ocr_titlepage
from teitools.readers import ebook_bibliography as bibliography
from teitools.readers import ebook_notes as notes
from teitools.readers import ebook_structure as structure
from teitools.readers import ebook_titlepage as titlepage
from teitools.readers.ebook_structure import Unit
from teitools.source import Source
from teitools.terms import Terms

LONG_LINE = 200  # a paragraph on one line is usually longer than this
MEASURE = 120  # characters beyond any printed line: a text with many longer lines is not wrapped ...
UNWRAPPED = 0.25  # ... when at least this share of its lines are
LINES_STYLE = 0.4  # the style of a text of lines with worded headings (verse, plays): above plain's
MIN_WORDED_HEADINGS = 2
WRAPPED_HEADING = 60  # characters of a heading in wrapped prose at most (it opens the text or a block)
MIN_MARKERS = 10  # note markers in sequence that make lines ended on purpose an ebook's
MAX_PROSE_AFTER_NOTES = 2  # long paragraphs that may follow the notes section at the end


def score(source: Source) -> float:
    """How much the text looks like an exported ebook.

    The style (long paragraph lines between blank lines, or lines ended on purpose under
    headings in words) alone gives a modest score, so that a short web page of long lines is
    left to a reader that knows web pages; ebook conventions (glued note markers, note texts,
    figure captions, chapter and section spacing) raise it.
    """
    units = structure.units_of(source.lines)
    texts = [u for u in units if not u.separator]
    style, _ = _style(source, texts)
    if not style:
        return 0.0  # the evidence below cannot raise a zero
    markers = sum(c.weight >= notes.AFTER_LETTER for c in notes.candidates([u.raw for u in texts]))
    labels = [notes.note_label(u.raw) for u in texts]
    bodies = sum((label is not None and label[1] != "N") or notes.is_symbol_note(u.raw)
                 for label, u in zip(labels, texts, strict=True))
    conventions = sum(1 for u in units if u.separator or u.raw.startswith(" ")
                      or structure.figure_number(u.text) or structure.placeholder(u.text))
    evidence = min(1.0, markers / 10) * 0.5 + min(1.0, bodies / 5) * 0.2 + min(1.0, conventions / 5) * 0.3
    return round(style * (0.3 + 0.65 * evidence), 3)


def evidence_line(source: Source) -> str:
    """Why the text reads as an ebook, in one line."""
    return _style(source, [u for u in structure.units_of(source.lines) if not u.separator])[1]


def _style(source: Source, texts: list[Unit]) -> tuple[float, str]:
    """How much the text is set as an ebook (0..1), and why in words: long paragraph lines
    apart, or lines ended on purpose (verse, a play) under headings in words, as a play (its
    speakers' names), or with note markers numbered in sequence; or prose wrapped at a measure
    under headings in words (``CHAPTER I``), whose chapters the ebook reader reads."""
    if len(texts) < 3:
        return 0.0, "too short to tell"
    long_share = sum(len(u.text) >= LONG_LINE for u in texts) / len(texts)
    # paragraphs apart: after a blank line, or one whole paragraph per line (set without blank lines)
    spaced = sum(u.gap >= 1 or len(u.text) >= LONG_LINE for u in texts[1:]) / (len(texts) - 1)
    if sum(len(u.text) > MEASURE for u in texts) >= UNWRAPPED * len(texts):
        spaced = 1.0  # lines longer than any printed measure are not wrapped: each is a paragraph
    style = min(1.0, long_share * 2) * spaced
    if statistics.median(len(u.text) for u in texts) < 80:
        style *= 0.5
    why = f"one paragraph per line ({long_share:.0%} of lines are {LONG_LINE} characters or longer)"
    if style < LINES_STYLE and structure.wrap_width(source.lines):
        worded = _worded_headings([u for k, u in enumerate(texts)
                                   if (u.gap or not k) and len(u.text) <= WRAPPED_HEADING])
        if len(worded) >= MIN_WORDED_HEADINGS:  # a plain text's chapters: read for its structure
            return LINES_STYLE, f"wrapped prose under {len(worded)} headings in words (e.g. {worded[0]!r})"
    elif style < LINES_STYLE:
        worded = _worded_headings(texts)
        if len(worded) >= MIN_WORDED_HEADINGS:
            return LINES_STYLE, f"lines ended on purpose (verse, a play) under {len(worded)} headings " \
                                f"in words (e.g. {worded[0]!r})"
        cast = _cast(texts)
        if cast:
            first = next(u.text for u in texts if drama.name_of(u.text) in cast)
            return LINES_STYLE, f"lines ended on purpose: a play of {len(cast)} speakers (e.g. {first!r})"
        markers = notes.candidates([u.raw for u in texts])
        called = sum(map(len, notes.choose(markers, [], None, restarts=True)))
        if called >= MIN_MARKERS:
            return LINES_STYLE, f"lines ended on purpose, with {called} note markers numbered in sequence"
        listed = _called_list(texts, markers)
        if listed:
            return LINES_STYLE, f"lines ended on purpose, with a list of {listed} notes its markers call"
    return style, why


def _called_list(texts: list[Unit], markers: list[notes.Candidate]) -> int:
    """The length of a list of note texts under its heading (``Notes`` / ``1. …`` / ``2. …``,
    two at least) whose markers, 1 to the last, all stand glued in the text before it; else 0."""
    vocab = terms.for_language(None)
    for h, unit in enumerate(texts):
        if not _is_notes_heading(unit.text, vocab):
            continue
        count = 0
        for after in texts[h + 1:]:
            label = notes.note_label(after.raw)
            if label is None or label[0] != count + 1 or label[1] == "N":
                break
            count += 1
        before = [c for c in markers if c.unit < h]
        if count >= 2 and sum(map(len, notes.choose(before, [], count, restarts=False))) == count:
            return count
    return 0


def _cast(units: list[Unit]) -> frozenset[str]:
    """The speakers' names of a play (``drama.speakers``) among the text's entries."""
    texts = [u for u in units if not u.separator]
    return drama.speakers(drama.entries([u.text for u in texts], [u.gap for u in texts]))


def _worded_headings(texts: list[Unit]) -> list[str]:
    """Among ``texts`` (lines each ended on purpose: verse, a play, short paragraphs; or the short
    lines after a blank line of wrapped prose), the headings that say in words what they head
    (``Erstes Kapitel``, ``ACT II``, ``Vorrede``): where there are some, the text's structure is
    worth reading as this reader does."""
    vocab = terms.for_language(None)
    return [u.text for u in texts if structure.heading_kind(u.text, vocab) in ("division", "matter")]


@dataclass
class _Back:
    """Where the back matter starts and what it holds."""

    start: int  # first unit of the back matter (len(units) when there is none)
    note_runs: list[list[int]] = field(default_factory=list)  # unit indexes of note texts, per run
    note_heads: dict[int, int] = field(default_factory=dict)  # run -> unit index of its heading
    note_title: int | None = None  # unit index of the notes section's own heading ("Notes")
    bibliography: tuple[int, int] | None = None


def _note_region(units: list[Unit], vocab: Terms) -> tuple[int, list[list[int]], dict[int, int]] | None:
    """The final cluster of numbered note texts: (first unit, runs, run headings)."""
    numbered = [(i, label) for i, u in enumerate(units)
                if not u.separator and (label := notes.note_label(u.raw)) is not None]
    if not numbered:
        return None
    runs: list[list[int]] = [[numbered[-1][0]]]
    value, style = numbered[-1][1]
    for i, (n, label_style) in reversed(numbered[:-1]):
        between = [u for u in units[i + 1:runs[-1][0]] if not u.separator]
        if label_style != style:
            break  # one list keeps one style of label
        if n == value - 1 and not between:
            runs[-1].insert(0, i)
        elif value == 1 and len(between) <= 1 and all(structure.is_heading(u.text, vocab) for u in between):
            runs.append([i])
        else:
            break
        value = n
    runs.reverse()
    while runs and _label_number(units[runs[0][0]]) != 1:
        runs.pop(0)
    if not runs:
        return None
    heads: dict[int, int] = {}
    for k, run in enumerate(runs):
        before = run[0] - 1
        if before >= 0 and not units[before].separator and structure.is_heading(units[before].text, vocab):
            heads[k] = before
    first = heads.get(0, runs[0][0])
    if first == 0:
        return None
    prose_after = sum(1 for u in units[runs[-1][-1] + 1:] if not u.separator and len(u.text) >= LONG_LINE
                      and not bibliography.is_entry(u.text))
    if prose_after > MAX_PROSE_AFTER_NOTES:
        return None  # the book goes on: these are the notes of a chapter, or of the book, in the text
    return first, runs, heads


def _label_number(unit: Unit) -> int | None:
    label = notes.note_label(unit.raw)
    return label[0] if label else None


def _note_title(units: list[Unit], first: int, heads: dict[int, int], vocab: Terms) -> int | None:
    """The heading of a notes section whose runs have headings of their own."""
    before = first - 1
    if heads.get(0) == first and before >= 0 and structure.is_heading(units[before].text, vocab):
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


def _back_matter(units: list[Unit], vocab: Terms, with_notes: bool = True) -> _Back:
    """The notes section (its last cluster of numbered note texts) and a bibliography."""
    region = _note_region(units, vocab) if with_notes else None
    if region is None:
        span = _trailing_bibliography(units, 0)
        return _Back(span[0] if span else len(units), bibliography=span)
    first, runs, heads = region
    title = _note_title(units, first, heads, vocab)
    back = _Back(first if title is None else title, runs, heads, title)
    back.bibliography = bibliography.find(units, runs[-1][-1] + 1)
    return back


class _Builder:
    """Builds the document from the units once markers, chapters and displays are known."""

    def __init__(self, units: list[Unit], doc: m.Document, headings: structure.Headings) -> None:
        self.units = units
        self.doc = doc
        self.headings = headings
        self.markers: dict[int, list[tuple[notes.Candidate, m.Note]]] = {}

    def add_marker(self, cand: notes.Candidate, note: m.Note) -> None:
        """Put ``note`` in place of the marker ``cand``; the marker's digits are recorded as removed."""
        self.markers.setdefault(cand.unit, []).append((cand, note))
        unit = self.units[cand.unit]
        printed = unit.raw[cand.start:cand.end]
        line, column = unit.where(cand.start)
        self.doc.removed.append(m.Removed(printed, "note-marker", line, column))

    def inline(self, index: int) -> list[m.Inline]:
        """A unit's text with its notes in place of their markers, outer spaces trimmed (a
        line break where a wrapped paragraph's source line ends)."""
        unit = self.units[index]
        parts: list[m.Inline] = []
        pos = 0
        for cand, note in sorted(self.markers.get(index, []), key=lambda x: x[0].start):
            parts.extend(unit.inline(pos, cand.start))
            parts.append(note)
            pos = cand.end
        parts.extend(unit.inline(pos))
        first, last = (parts[0], parts[-1]) if parts else (None, None)
        if isinstance(first, m.Text):
            first.text = first.text.lstrip()
        if isinstance(last, m.Text):
            last.text = last.text.rstrip()
        return [p for p in parts if not (isinstance(p, m.Text) and not p.text)]


def _note_body(text: notes.NoteText, doc: m.Document) -> list[m.Inline]:
    doc.removed.append(m.Removed(text.label, "note-label", text.line, text.column))
    return structure.inline_lines(text.text, text.line)


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
    heads: set[int] = field(default_factory=set)  # headings of the note lists in the text that found markers


def _note_texts(units: list[Unit], run: list[int]) -> tuple[dict[str, notes.NoteText], dict[str, int]]:
    texts: dict[str, notes.NoteText] = {}
    where: dict[str, int] = {}
    for i in run:
        text = notes.parse_note_text(units[i].raw, units[i].line)
        if text is not None:
            texts[text.n] = text
            where[text.n] = i
    return texts, where


@dataclass
class _Lists:
    """Lists of note texts standing in the text (after a chapter, before the first one):
    their units per list, and the heading of each list that has one (``Notes``)."""

    runs: list[list[int]] = field(default_factory=list)
    heads: dict[int, int] = field(default_factory=dict)  # list -> unit index of its heading

    def units(self) -> set[int]:
        """Every unit of the lists, headings included."""
        return {i for run in self.runs for i in run} | set(self.heads.values())


def _is_notes_heading(text: str, vocab: Terms) -> bool:
    """``Notes``, ``NOTES.``, ``Anmerkungen``, ``Notes to Chapter 3``: the heading of a note list,
    set as a heading (``terms.notes_heading``)."""
    return terms.notes_heading(text, vocab) and structure.is_heading(text.rstrip(".:"), vocab)


def _note_lists(units: list[Unit], end: int, vocab: Terms) -> _Lists:
    """Lists of note texts (1., 2., … on adjacent lines, blank lines between them or not)
    standing in the text before ``end``, as books print a chapter's notes after it, or the
    book's notes before its first chapter.  A list needs two texts from 1, or a heading
    (``Notes``, ``Anmerkungen``), under which it may number on from the list before (a chapter's
    notes 57, 58, … after the notes 1 … 56 of the chapter before)."""
    runs: list[list[int]] = []
    for i in range(end):
        label = notes.note_label(units[i].raw)
        if label is None or units[i].separator:
            continue
        prev = runs[-1][-1] if runs else -1
        adjacent = prev >= 0 and all(u.separator for u in units[prev + 1:i])
        follows = prev >= 0 and (label[0] - 1, label[1]) == notes.note_label(units[prev].raw)
        if adjacent and follows:
            runs[-1].append(i)
        elif label[0] == 1 or _after_notes_heading(units, i, vocab) is not None:
            runs.append([i])
    found = _Lists()
    block: list[list[int]] = []  # runs that follow one another (numbering restarts per chapter)
    for run in [*runs, []]:
        if block and run and all(u.separator for u in units[block[-1][-1] + 1:run[0]]):
            block.append(run)
            continue
        if block:
            heading = _after_notes_heading(units, block[0][0], vocab)
            label = notes.note_label(units[block[0][0]].raw)
            fresh = label is not None and label[0] == 1 and sum(map(len, block)) >= 2
            if fresh or heading is not None:
                if heading is not None:
                    found.heads[len(found.runs)] = heading
                found.runs.extend(block)
        block = [run]
    return found


def _after_notes_heading(units: list[Unit], i: int, vocab: Terms) -> int | None:
    """The unit of the notes heading (``Notes``, ``Anmerkungen``) the note text at ``i`` follows."""
    before = i - 1
    while before >= 0 and units[before].separator:
        before -= 1
    return before if before >= 0 and _is_notes_heading(units[before].text, vocab) else None


def _choose_markers(units: list[Unit], back: _Back, starts: set[int], skip: set[int],
                    lists: _Lists) -> _Choice:
    """Markers for the note lists in the text (each list takes the markers between it and
    the list before), then for the lists before any marker and the notes section at the
    end, in order; a list of note texts that no marker calls is no note list."""
    in_run = lists.units()
    texts = [structure.without_figure_label(unit.raw)
             if i < back.start and not unit.separator and i not in skip and i not in in_run
             and not structure.placeholder(unit.text) else ""  # a placeholder's text takes no note
             for i, unit in enumerate(units)]
    cands = notes.candidates(texts)
    bounds = sorted(starts)
    pairs: list[tuple[list[notes.Candidate], dict[str, notes.NoteText], dict[str, int]]] = []
    in_flow: set[int] = set()
    heads: set[int] = set()
    leading: list[int] = []  # lists that stand before every marker: they take the markers after them
    segment_start = 0

    def segment_before(run: list[int]) -> list[notes.Candidate]:
        return [c for c in cands if segment_start <= c.unit < run[0]]

    def chain_for(segment: list[notes.Candidate], texts_of_run: dict[str, notes.NoteText]
                  ) -> list[list[notes.Candidate]]:
        numbers = [int(n) for n in texts_of_run]
        return notes.choose(segment, bounds, max(numbers), restarts=False, first=min(numbers))

    def inside_next(k: int) -> bool:
        """Whether list ``k``, without a heading, stands among the markers that the next list,
        under a notes heading, takes: numbered paragraphs inside a chapter whose notes follow."""
        if k in lists.heads or k + 1 not in lists.heads:
            return False
        following = lists.runs[k + 1]
        after = chain_for(segment_before(following), _note_texts(units, following)[0])
        return bool(after) and after[0][0].unit < lists.runs[k][0]

    for k, run in enumerate(lists.runs):
        segment = segment_before(run)
        texts_of_run, where = _note_texts(units, run)
        chain = chain_for(segment, texts_of_run)
        if chain and _owns(chain[0], segment, bounds, len(texts_of_run)) and not inside_next(k):
            pairs.append((chain[0], texts_of_run, where))
            in_flow.update(run)
            heads.update({lists.heads[k]} if k in lists.heads else set())
            segment_start = run[-1] + 1
        elif not pairs and not segment:
            leading.append(k)
    rest = [c for c in cands if c.unit >= segment_start]
    for leading_lists in (leading, []):  # numbered paragraphs before every marker are no note list
        at_end = [_note_texts(units, lists.runs[k]) for k in leading_lists]
        at_end += [_note_texts(units, run) for run in back.note_runs]
        limit = max((len(t) for t, _ in at_end), default=0) or None
        final = notes.choose(rest, bounds, limit, restarts=limit is None or len(at_end) > 1)
        if final or not leading_lists:
            break
    leading = leading_lists
    for k, chain_run in enumerate(final):
        texts_of_run, where = at_end[k] if k < len(at_end) else ({}, {})
        pairs.append((chain_run, texts_of_run, where))
        if k < len(leading):
            in_flow.update(lists.runs[leading[k]])
            heads.update({lists.heads[leading[k]]} if leading[k] in lists.heads else set())
    return _Choice(cands, pairs, in_flow, len(final) > len(leading), heads)


def _owns(chain: list[notes.Candidate], segment: list[notes.Candidate], bounds: list[int],
          texts: int) -> bool:
    """Whether a note list in the text owns the markers ``chain`` chose for it: they call most of
    its texts, and the markers before it do not count on far beyond it (``1) 20 Ellen Leinwand``,
    ``2) …`` in an appendix, after markers 1 … 500 that call the notes at the end)."""
    if 2 * len(chain) < texts:
        return False
    free = notes.choose(segment, bounds, None, restarts=False)
    return not free or len(free[0]) <= 2 * texts + notes.MAX_SKIP


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
                _warn(doc, codes.EBK001, f"note {cand.n}: the marker has no note text in the source", line)
            else:
                note = m.Note(cand.n, _note_body(text, doc), line=line, body_line=text.line)
                used.add(where[cand.n])
            builder.add_marker(cand, note)
            chosen.append((cand.unit, position == 0 and k > 0))
        for before, after in pairwise(run):
            for missing in range(int(before.n) + 1, int(after.n)):
                _warn(doc, codes.EBK003, f"note {missing}: no marker found between note {before.n} (line "
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
            _warn(doc, codes.EBK001, f"note {cand.n}: the marker has no note text in the source", line)
        builder.add_marker(cand, note)


# What the summary and the report count (model.COUNTED), every one listed, found or not.
COUNTS = ("notes", "notes_without_text", "texts_without_marker", "figures", "chapters", "sections",
          "quotes", "verse", "lists", "bibl", "speeches")


def read(source: Source, lang: str | None = None) -> m.Document:
    """Read an ebook exported to plain text (see the module docstring) in language ``lang``
    (detected when None)."""
    doc = m.Document(layout="ebook")
    code = lang or language.detect(source.text)
    doc.metadata.language = code
    vocab = terms.for_language(code)
    units, style = structure.read_units(source.lines)
    symbol_bodies = {i for i, u in enumerate(units) if notes.is_symbol_note(u.raw)}
    if not any(notes.has_symbol_marker(u.raw) for u in units):
        symbol_bodies = set()  # "* item" lines without any asterisk marker are a list, not notes
    headings = structure.Headings(units, vocab, style)
    cast = _cast(units)
    names = {i for i, u in enumerate(units) if cast and not u.separator and drama.name_of(u.text) in cast}
    headings.not_titles(names)
    plan = _plan(units, _back_matter(units, vocab), symbol_bodies, headings, style)
    if plan.back.note_runs and not plan.choice.final:  # numbered paragraphs no marker calls: no notes section
        plan = _plan(units, _back_matter(units, vocab, with_notes=False), symbol_bodies, headings, style)
    back, choice, starts = plan.back, plan.choice, plan.starts
    title_page = titlepage.find(units, vocab)
    opening = 0  # the first unit after the title page
    if title_page is not None and title_page[1] < back.start:
        page, opening = title_page
        doc.front = [ocr_titlepage.block(page, source.lines, vocab, lambda text, _: [m.Text(text)])]
        ocr_titlepage.metadata(page, source.lines, vocab, doc.metadata)
    main = list(range(opening, back.start))
    builder = _Builder(units, doc, headings)
    chosen, used = _place_numbered_notes(builder, choice, symbol_bodies)
    loose_texts = symbol_bodies | choice.in_flow  # note texts that stand in the text, not in a notes section
    chapters = structure.chapter_starts(units, sorted(starts), chosen, headings, style)
    figures = {i for i in main
               if structure.figure_number(units[i].text) or structure.placeholder(units[i].text)}
    for i in sorted(chapters & figures):  # the chapter begins after its [image: …] placeholder
        after = next((j for j in main if j > i and not units[j].separator), None)
        if after is not None and structure.placeholder(units[i].text):
            chapters, starts = (chapters - {i}) | {after}, (starts - {i}) | {after}
    found = structure.displays(units[:back.start], starts, figures,
                               frozenset(plan.skip | names | headings.entries), headings, style.line_gap)
    doc.body = _body(builder, main, _Marks(starts, chapters, found, figures, loose_texts, used,
                                           choice.heads, plan.lists))
    doc.back = _back(builder, back, loose_texts, used)
    if cast:
        doc.body = drama.group(doc.body, cast)
        if drama.in_verse(doc.body):
            doc.body = drama.as_verse(doc.body)
    if doc.body and all(isinstance(b, m.Figure | m.NoteBlock) for b in doc.body):
        doc.body = [m.Division(None, None, doc.body, line=_first_line(doc.body))]  # a body needs a block
    chapter_divs = [b for b in doc.body if isinstance(b, m.Division) and b.type == "chapter"]
    if len(chapter_divs) == 1 and chapter_divs[0].head and not doc.metadata.title:
        doc.metadata.title = " ".join(m.text_of(chapter_divs[0].head).split())
    return doc


def _first_line(blocks: list[m.Block]) -> int:
    return next((b.line for b in blocks if not isinstance(b, m.Division)), 0)


@dataclass
class _Plan:
    """Where the back matter starts, the note lists, the boundaries and the markers chosen."""

    back: _Back
    lists: _Lists
    skip: set[int]  # units that are no running text: note texts and the headings of note lists
    starts: set[int]
    choice: _Choice


def _plan(units: list[Unit], back: _Back, symbol_bodies: set[int], headings: structure.Headings,
          style: structure.Style) -> _Plan:
    lists = _note_lists(units, back.start, headings.vocab)
    skip = symbol_bodies | lists.units()
    starts = set(structure.boundaries(units[:back.start], skip, headings, style))
    return _Plan(back, lists, skip, starts, _choose_markers(units, back, starts, symbol_bodies, lists))


def _display_block(builder: _Builder, display: structure.Display) -> m.Block:
    indexes = range(display.start, display.end)
    line = builder.units[display.start].line
    if display.kind == "list":
        return m.ListBlock([builder.inline(i) for i in indexes], line=line)
    if display.kind == "verse":
        return m.LineGroup([builder.inline(i) for i in indexes], line=line)
    paragraphs: list[m.Block] = [m.Paragraph(builder.inline(i), line=builder.units[i].line) for i in indexes]
    return m.BlockQuote(paragraphs, line=line)


def _figure(builder: _Builder, index: int) -> m.Figure:
    unit = builder.units[index]
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

    def open_chapter(self, head: list[m.Inline] | None, line: int, kind: str | None = None) -> None:
        self.chapter = m.Division(kind or "chapter", head, [], line=line)
        self.blocks.append(self.chapter)
        self.section = None

    def open_section(self, head: list[m.Inline] | None, line: int) -> None:
        self.section = m.Division("section", head, [], line=line)
        (self.chapter.blocks if self.chapter is not None else self.blocks).append(self.section)


@dataclass
class _Marks:
    """What the passes decided about the units of the body."""

    starts: set[int]  # boundaries: a chapter or a section may start here
    chapters: set[int]
    displays: list[structure.Display]
    figures: set[int]
    loose_texts: set[int]  # note texts standing in the text
    used: set[int]  # note texts that went to their markers
    list_heads: set[int]  # headings of the note lists in the text that found markers
    lists: _Lists


def _body(builder: _Builder, main: list[int], marks: _Marks) -> list[m.Block]:
    """The body, in source order: chapters at chapter starts, sections at the other
    boundaries, after separators and at double blank lines; displays, figures,
    paragraphs and note texts without marker inside them."""
    units = builder.units
    starts, chapters, figures, used = marks.starts, marks.chapters, marks.figures, marks.used
    by_start = {d.start: d for d in marks.displays}
    in_display = {i for d in marks.displays for i in range(d.start, d.end)}
    list_of = {i: k for k, run in enumerate(marks.lists.runs) for i in run}
    notes_div: tuple[int, m.Division] | None = None  # the note list being written, under its heading
    out = _Body()
    pending = after_display = False
    titled: set[int] = set()  # title lines written into the heading of the label before them
    first = main[0] if main else -1
    if (first >= 0 and first not in starts and len(main) > 1 and first not in marks.loose_texts
            and first not in marks.list_heads and builder.headings.kind(first) is not None):
        chapters = chapters | {first}
    for i in main:
        unit = units[i]
        if unit.separator:
            pending, after_display = bool(out.blocks), False
            continue
        if i in marks.list_heads:
            k = next(k for k, head in marks.lists.heads.items() if head == i)
            notes_div = (k, m.Division("notes", builder.inline(i), [], line=unit.line))
            out.target().append(notes_div[1])
            continue
        if i in marks.loose_texts:
            if i not in used:
                into = notes_div[1].blocks if notes_div and list_of.get(i) == notes_div[0] else out.target()
                _orphan_note(builder, i, into, "kept where it stands")
            continue
        notes_div = None
        if i in in_display and i not in by_start:
            continue
        kind = None if i in in_display or builder.markers.get(i) else builder.headings.kind(i)
        heading = kind is not None
        # a section's heading: one the contents list names, or a title before prose or a display
        subheading = heading and (builder.headings.listed(i) or (
            (_before_prose(builder.headings, i, main[-1]) or i + 1 in by_start) and (
                kind != "title" or unit.gap >= 2 or _titled(unit.text) or i in builder.headings.titles()
                or (i > 0 and units[i - 1].separator))))
        if i in titled:
            continue
        if i in chapters and (not out.chapter_is_fresh() or kind == "division"):
            head = builder.inline(i) if heading else None
            title = _label_title(builder, i, main[-1], in_display | figures) if head is not None else None
            if head is not None and title is not None:
                head += [m.LineBreak(line=units[title].line), *builder.inline(title)]
                titled.add(title)
            out.open_chapter(head, unit.line, builder.headings.division_type(i) if heading else None)
            pending = False
            if heading:
                continue
        elif out.blocks and (i in starts or pending or subheading or (
                unit.gap >= 2 and i not in figures and i not in by_start and not after_display)):
            head = builder.inline(i) if heading else None
            second = _title_pair(builder.headings, i, main[-1]) if head is not None else None
            if head is not None and second is not None:
                head += [m.LineBreak(line=units[second].line), *builder.inline(second)]
                titled.add(second)
            out.open_section(head, unit.line)
            pending = False
            if heading:
                continue
        after_display = i in by_start
        if i in by_start:
            out.target().append(_display_block(builder, by_start[i]))
        elif i in builder.headings.entries:  # an entry of a contents list: an item of its <list>
            target = out.target()
            contents = target[-1] if target else None
            if not (isinstance(contents, m.ListBlock) and contents.kind == "contents"):
                contents = m.ListBlock([], line=unit.line, kind="contents")
                target.append(contents)
            contents.items.append(builder.inline(i))
        elif i in figures:
            out.target().append(_figure(builder, i))
        else:
            out.target().append(m.Paragraph(builder.inline(i), line=unit.line))
    return out.blocks


MAX_LABEL_WORDS = 3  # words of a chapter's label alone (``Die Erste Abhandelung.``, ``CHAPTER THE FIRST``)


def _label_title(builder: _Builder, i: int, last: int, displayed: set[int]) -> int | None:
    """The title line after a chapter label (``TJUGONDE KAPITLET`` / ``BISTRA TIDER.``, ``IV.`` /
    ``The Harbour``), which belongs to the label's heading: the next line, a title by its words,
    with no note marker, before a line that is no heading."""
    headings = builder.headings
    if headings.kind(i) not in ("division", "number") or len(builder.units[i].text.split()) > MAX_LABEL_WORDS:
        return None  # a label with a title of its own (``Chapter One. The Town.``) takes no other
    after = [j for j in range(i + 1, min(last, i + 4) + 1) if not builder.units[j].separator][:2]
    if not after or headings.kind(after[0]) != "title" or after[0] in displayed \
            or builder.markers.get(after[0]):
        return None
    return after[0] if len(after) < 2 or headings.kind(after[1]) is None else None


def _titled(text: str) -> bool:
    """Set as a title: in capitals, or every longer word capitalised (``The Great Turn``)."""
    return text.isupper() or structure.title_case(text)


def _before_prose(headings: structure.Headings, i: int, last: int) -> bool:
    """A title line standing alone between paragraphs (a section heading): the line after it is
    a paragraph or a motto (``_prose_after``) and the line before it is no title; or the first
    of two titles in capitals that stand together (``_title_pair``)."""
    if _title_pair(headings, i, last) is not None:
        return True
    return _prose_after(headings, i, last) and not (i > 0 and headings.kind(i - 1) is not None)


def _prose_after(headings: structure.Headings, i: int, last: int) -> bool:
    """The line after title ``i`` is a paragraph, or (after a title in capitals) no heading, or
    a title only by its initial capital: the chapter's motto."""
    units = headings.units
    after = units[i + 1] if i < last else None
    if after is None or after.separator:
        return False
    kind = headings.kind(i + 1)
    motto = kind is None or (kind == "title" and not terms.capitals(after.text))
    return len(after.text) >= LONG_LINE // 2 or (terms.capitals(units[i].text) and motto)


def _title_pair(headings: structure.Headings, i: int, last: int) -> int | None:
    """The second of two titles in capitals that stand together before the prose (``MANNEN OCH
    QVINNAN.`` / ``EN NY STRID.``), which belongs to the first's heading, else None."""
    units = headings.units
    pair = i < last and all(headings.kind(j) == "title" and terms.capitals(units[j].text)
                            and not units[j].separator for j in (i, i + 1))
    before = i > 0 and headings.kind(i - 1) is not None
    return i + 1 if pair and not before and _prose_after(headings, i + 1, last) else None


def _orphan_note(builder: _Builder, index: int, target: list[m.Block], where: str) -> None:
    """A note text that no marker points to: kept as a note, and reported."""
    unit = builder.units[index]
    text = notes.parse_note_text(unit.raw, unit.line)
    if text is None:
        target.append(m.Paragraph(builder.inline(index), line=unit.line))
        return
    target.append(m.NoteBlock(text.n, _note_body(text, builder.doc), line=unit.line))
    _warn(builder.doc, codes.EBK002, f"note text {text.n} has no marker in the text; {where}", unit.line)


def _back(builder: _Builder, back: _Back, loose_texts: set[int], used: set[int]) -> list[m.Block]:
    """Back matter: note texts no marker points to, the bibliography, anything else."""
    units = builder.units
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
            rest.extend(bibliography.build(units, back.bibliography))
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
