"""A printed book's title page in OCR text (TEI's ``titlePage``).

A title page is the book's first page: a few short lines set apart by blank lines, before any
numbered page, with the title first, then the author's name after the word the book's language
prints before it (``BY``, ``von``, ``par``: ``lang/terms.json``'s ``byline``), and last the
imprint (place, publisher, the year alone or ending a line). The title's first block is the
``titlePart`` of type ``main``, the blocks after it of type ``sub`` (a block opening in lower
case goes on with the part before: ``aus dem Lande Baden``); the imprint is a ``docImprint``.
A page with neither a byline nor a year is no title page: a half-title or a dedication is read
as text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from teitools import model as m
from teitools.terms import Terms, division_label

MAX_LINES = 24  # text lines a title page holds at most
MAX_WORDS = 12  # words on each of its lines at most
AUTHOR_WORDS = 6  # words of an author's name (with initials and titles) at most
PROSE_WORDS = 6  # words of a line that the next goes on from in lower case: prose, no title page
_YEAR = re.compile(r"(?:^|\s)(1[4-9]\d\d|20\d\d)\W*$")  # an imprint's year ending its line (1898.)


@dataclass(frozen=True)
class TitlePage:
    """A title page from line ``first`` to line ``last`` (0-based, inclusive): its ``parts``,
    each a kind (``main``, ``sub``, ``byline``, ``imprint``) and its lines; ``author`` is the
    line of the byline that holds the author's name (None without a byline)."""

    first: int
    last: int
    parts: tuple[tuple[str, tuple[int, ...]], ...]
    author: int | None = None


def find(lines: list[str], start: int, end: int, stop: Collection[int], numbers: Collection[int],
         words: Terms) -> TitlePage | None:
    """The title page from line ``start`` up to line ``end`` (a form-feed page, or the text before
    the first page's start), past the page's number (a line in ``numbers``) and before any line
    in ``stop`` after its first (page numbers, forme work, headings; the title may be the running
    head of the pages after); None when the lines are no title page."""
    first = next((i for i in range(start, min(end, len(lines))) if lines[i].strip() and i not in numbers),
                 None)
    if first is None:
        return None
    last = first
    while last + 1 < end and last + 1 not in stop:
        last += 1
    groups: list[list[int]] = []
    for index in range(first, last + 1):
        if not lines[index].strip():
            if groups and groups[-1]:
                groups.append([])
            continue
        if not groups:
            groups.append([])
        groups[-1].append(index)
    groups = [g for g in groups if g]
    text = [i for g in groups for i in g]
    if len(groups) < 2 or len(text) > MAX_LINES \
            or any(len(lines[i].split()) > MAX_WORDS or lines[i].rstrip().endswith("-") for i in text) \
            or _heading(lines[first], words) or any(_prose(lines, group) for group in groups):
        return None
    by = next((k for k, g in enumerate(groups) if k and _by_word(lines[g[0]], words)), None)
    author = None
    if by is not None:  # BY + the name on its line, or on the next line (or block)
        if len(lines[groups[by][0]].split()) > 1:
            author = groups[by][0]
        elif len(groups[by]) > 1:
            author = groups[by][1]
        elif by + 1 < len(groups):
            author = groups[by + 1][0]
            groups[by] = [*groups[by], author]
            groups[by + 1] = groups[by + 1][1:]
        if author is None or not _name(lines[author], words):
            by, author = None, None
    years = [k for k, g in enumerate(groups) if any(_YEAR.search(lines[i]) for i in g)]
    if by is not None:
        after = [k for k in years if k > by]
        imprint = list(range(by + 1, (after[0] if after else len(groups) - 1) + 1))
        titles = range(by)
    elif years and years[0]:
        imprint, titles = [years[0]], range(years[0])
    else:
        return None
    parts: list[tuple[str, list[int]]] = []
    for k in titles:
        if parts and lines[groups[k][0]].strip()[:1].islower():
            parts[-1][1].extend(groups[k])  # the title's words go on: aus dem Lande Baden
        else:
            parts.append(("sub" if parts else "main", list(groups[k])))
    if by is not None:
        parts.append(("byline", groups[by]))
    imprint_lines = [i for k in imprint for i in groups[k]]
    if imprint_lines:
        parts.append(("imprint", imprint_lines))
    return TitlePage(first, max(i for _, g in parts for i in g),
                     tuple((kind, tuple(g)) for kind, g in parts if g), author)


def _heading(line: str, words: Terms) -> bool:
    """Does ``line`` name a division or front matter (``PREFACE.``, ``CHAPTER I.``,
    ``EERSTE HOOFDSTUK.``)?"""
    text = line.strip().rstrip(".:").lower()
    first = text.split()[0] if text.split() else ""
    return text in words.matter or first in words.division or division_label(text, words) is not None


def _prose(lines: list[str], group: list[int]) -> bool:
    """Is a block running prose: a line of PROSE_WORDS words or more that the next line goes on
    from in lower case (``… vertrok den 4den Mei 1845 uit Rotterdam,`` + ``met een lading …``)?"""
    return any(len(lines[a].split()) >= PROSE_WORDS and lines[b].strip()[:1].islower()
               for a, b in itertools.pairwise(group))


def _by_word(line: str, words: Terms) -> bool:
    """Does ``line`` open with the word before an author's name (``BY``, ``By EDGAR WALLACE``)?"""
    first = line.split()[0].strip(".,:") if line.split() else ""
    return first.lower() in words.byline


def _author(line: str, words: Terms) -> str:
    """The words of ``line`` after its byline word, if it opens with one (``By EDGAR WALLACE``)."""
    return " ".join(line.split()[1:] if _by_word(line, words) else line.split())


def byline_author(line: str, words: Terms) -> str | None:
    """The author's name a byline prints after its byline word (``by Margaret Hale`` →
    ``Margaret Hale``; the words are ``lang/terms.json``'s ``byline``), else None: the line opens
    with no byline word, or what follows is no person's name (a few words, the first a capital's)."""
    if not _by_word(line, words) or not _name(line, words):
        return None
    return _author(line, words).rstrip(".,:")


def _name(line: str, words: Terms) -> bool:
    """Is ``line`` (after a byline word) a person's name: a few words, the first a capital's?"""
    names = _author(line, words).split()
    return 0 < len(names) <= AUTHOR_WORDS and names[0][:1].isupper()


def block(page: TitlePage, lines: list[str], words: Terms,
          apply: Callable[[str, int], list[m.Inline]]) -> m.TitlePage:
    """The title page as a model block; ``apply`` reads a line's text (the OCR corrections) given
    its text and 1-based line number."""
    parts: list[m.Paragraph] = []
    for kind, indexes in page.parts:
        content: list[m.Inline] = []
        for index in indexes:
            if content:
                content.append(m.LineBreak(line=index + 1))
            text = lines[index].strip()
            if index == page.author:
                if _by_word(text, words):  # By EDGAR WALLACE
                    by = text.split()[0]
                    content.append(m.Text(by + " "))
                    text = text[len(by):].strip()
                content.append(m.Phrase("doc_author", apply(text, index + 1)))
            else:
                content += apply(text, index + 1)
        parts.append(m.Paragraph(content, line=indexes[0] + 1, kind=kind))
    return m.TitlePage(parts, line=page.first + 1)


def metadata(page: TitlePage, lines: list[str], words: Terms, md: m.Metadata) -> None:
    """The title and author the title page prints, into ``md`` where it states none."""
    main = next((indexes for kind, indexes in page.parts if kind == "main"), ())
    if main and not md.title:
        md.title = " ".join(" ".join(lines[i].split()) for i in main)
    if page.author is not None and not md.authors:
        md.authors = [_author(lines[page.author], words).rstrip(".,:")]
