"""Plays: speeches under their speakers' names, and stage directions.

A play printed as text sets each speaker's name on a line of its own before the speech
(``Коля.``, ``HAMLET.``, ``Наталья Петровна``) and its stage directions in brackets
(``(Прыгает.)``). The evidence is the play's own: a name is a short line that opens with
a capital and comes back (at least ``MIN_TURNS`` times, the same words with or without
their stop), and a text is a play when at least ``MIN_NAMES`` such names together make
``MIN_SHARE`` of its paragraphs, as the turns of a dialogue do, and no novel's repeated
short answers (``Yes.``) can. Each name then opens a ``<sp>`` that holds what follows it up
to the next name, heading or division; a paragraph in brackets is a ``<stage>``.
"""

from __future__ import annotations

import re
from collections import Counter

from teitools import model as m

MAX_NAME_WORDS = 4  # words of a speaker's name at most
MAX_NAME = 40  # characters
MIN_TURNS = 3  # times a name speaks at least
MIN_NAMES = 2  # speakers of a play at least
MIN_SHARE = 0.2  # share of the paragraphs that are speakers' names
MAX_VERSE_LINE = 70  # characters of a verse line at most
MIN_SHORT = 0.85  # share of the spoken lines of a play in verse that are that short
MIN_OPEN = 0.1  # share of them that end without a stop (a verse line runs on; a prose speech ends)
_STOPPED = re.compile(r"[.!?…:]\W*$")  # a stop or a colon, then closing quotes or brackets
_NAME = re.compile(r"^[^\W\d_][^\n]*$")
_STAGE = re.compile(r"^\(.*\)[.,;:!?]?$", re.S)


def name_of(text: str) -> str | None:
    """A line as a speaker's name, folded (``Наталья Петровна.`` → ``наталья петровна``), or None
    when it cannot be one (too long, no capital, a sentence)."""
    text = " ".join(text.split())
    if not text or len(text) > MAX_NAME or len(text.split()) > MAX_NAME_WORDS or not _NAME.match(text):
        return None
    if not text[0].isupper() or text.endswith(("?", "!", ",", ";", "…")):
        return None
    bare = text.rstrip(".:")
    return bare.casefold() if bare else None


def speakers(lines: list[str]) -> frozenset[str]:
    """The speakers' names of a play printed one paragraph (or line) per entry, folded; empty
    when the text is no play."""
    names = Counter(n for line in lines if (n := name_of(line)) is not None)
    cast = {name for name, turns in names.items() if turns >= MIN_TURNS}
    if len(cast) < MIN_NAMES or sum(names[n] for n in cast) < MIN_SHARE * max(1, len(lines)):
        return frozenset()
    return frozenset(cast)


def entries(texts: list[str], gaps: list[int]) -> list[str]:
    """The entries of a text given line by line with the blank lines before each: the lines that
    could be a speaker's name, the lines after them and the lines that open a block after a blank
    line (a play set with blank lines between its speeches and stanzas, whose speeches run over
    many lines); every line when the text has no blank lines (one entry per line)."""
    if not any(gaps[1:]):
        return texts
    named = [name_of(text) is not None for text in texts]
    return [text for k, (text, gap) in enumerate(zip(texts, gaps, strict=True))
            if k == 0 or gap or named[k] or named[k - 1]]


def openings(blocks: list[m.Block]) -> list[str]:
    """The text of every paragraph and the first line of every verse passage (where a play
    printed in verse sets its speaker's name: ``MEPHISTOPHELES:`` / ``Den Doktor?``)."""
    out: list[str] = []
    for block in m.walk_blocks(blocks):
        if isinstance(block, m.Paragraph):
            out.append(m.text_of(block.content))
        elif isinstance(block, m.LineGroup) and block.lines:
            out.append(m.text_of(block.lines[0]))
    return out


def is_stage(text: str) -> bool:
    """A stage direction: a paragraph wholly in brackets (``(Прыгает.)``, ``(to Beljaev).``)."""
    return _STAGE.match(" ".join(text.split())) is not None


def group(blocks: list[m.Block], cast: frozenset[str]) -> list[m.Block]:
    """``blocks`` with each speaker's name and what follows it (to the next name, heading or
    division) made a ``Speech``, paragraphs in brackets made ``Stage`` directions; divisions
    are grouped inside."""
    out: list[m.Block] = []
    speech: m.Speech | None = None
    for block in blocks:
        if isinstance(block, m.Division):
            block.blocks = group(block.blocks, cast)
            out.append(block)
            speech = None
            continue
        if isinstance(block, m.Paragraph):
            text = m.text_of(block.content)
            if name_of(text) in cast:
                speech = m.Speech(block.content, [], line=block.line)
                out.append(speech)
                continue
            if is_stage(text):
                block = m.Stage(block.content, line=block.line)
        verse_name = isinstance(block, m.LineGroup) and len(block.lines) > 1 \
            and name_of(m.text_of(block.lines[0])) in cast
        if isinstance(block, m.LineGroup) and verse_name:
            verse = m.LineGroup(block.lines[1:], line=block.line)
            speech = m.Speech(block.lines[0], [verse], line=block.line)
            out.append(speech)
            continue
        if speech is not None and isinstance(block, m.BlockQuote) and block.source is None \
                and all(isinstance(b, m.Paragraph) for b in block.blocks):
            speech.blocks.extend(block.blocks)  # set off after a colon in a speech: still spoken
        elif speech is not None and isinstance(block, m.Paragraph | m.LineGroup | m.Stage):
            speech.blocks.append(block)
        else:
            speech = None
            out.append(block)
    for i, block in enumerate(out):  # a name with nothing after it (the play's last line) stays a line
        if isinstance(block, m.Speech) and not block.blocks:
            out[i] = m.Paragraph(block.speaker, line=block.line)
    return out


def in_verse(blocks: list[m.Block]) -> bool:
    """Whether a play's speeches, set a line to a paragraph, are verse: nearly all their lines are
    short (``MAX_VERSE_LINE``) and some of them run on without a stop (``MIN_OPEN``), as verse
    lines do and the one-line speeches of a play in prose (``Который час?``) do not."""
    speeches = [b for b in m.walk_blocks(blocks) if isinstance(b, m.Speech)]
    spoken = [" ".join(m.text_of(b.content).split()) for sp in speeches for b in sp.blocks
              if isinstance(b, m.Paragraph)]
    if not spoken:
        return False
    short = sum(len(text) <= MAX_VERSE_LINE for text in spoken)
    running = sum(not _STOPPED.search(text) for text in spoken)
    return short >= MIN_SHORT * len(spoken) and running >= MIN_OPEN * len(spoken)


def as_verse(blocks: list[m.Block]) -> list[m.Block]:
    """``blocks`` with each run of a speech's paragraphs and verse (up to a stage direction) made
    one ``LineGroup`` of their lines: a play in verse (:func:`in_verse`) set a line to a paragraph."""
    for block in m.walk_blocks(blocks):
        if isinstance(block, m.Speech):
            block.blocks = _verse_runs(block.blocks)
    return blocks


def _verse_runs(blocks: list[m.Block]) -> list[m.Block]:
    """A speech's blocks with its lines gathered into line groups between stage directions (a
    line wholly in brackets among the verse is one too)."""
    out: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Paragraph):
            lines = _lines(block.content)
        elif isinstance(block, m.LineGroup):
            lines = block.lines
        else:
            out.append(block)
            continue
        for line in lines:
            if is_stage(m.text_of(line)):
                out.append(m.Stage(line, line=block.line))
            elif out and isinstance(out[-1], m.LineGroup):
                out[-1].lines.append(line)
            else:
                out.append(m.LineGroup([line], line=block.line))
    return out


def _lines(content: list[m.Inline]) -> list[list[m.Inline]]:
    """A paragraph's content split at its line breaks: one list per source line."""
    lines: list[list[m.Inline]] = [[]]
    for item in content:
        if isinstance(item, m.LineBreak) and not item.joined and lines[-1]:
            lines.append([])
        else:
            lines[-1].append(item)
    return lines
