"""An ebook's title lines: the book's title (and its author) on the first lines of the text.

An ebook exported to plain text often opens with its title on a line of its own, then the
author after the word the book's language prints before a name (``by Margaret Hale``,
``von …``, ``par …``: ``lang/terms.json``'s ``byline``), then the contents or the first
chapter.  These lines are the book's title page (TEI's ``titlePage``) and give the header its
title and author.  The evidence must be clear: a short title line at the very top, followed
by a byline with a person's name, or set off by a blank line before a heading the book's words
name (``Inhalt``, ``Chapter 1``), and no note marker on them; a first line before prose is a
chapter's title, not the book's.
"""

from __future__ import annotations

from teitools.readers import ebook_notes as notes
from teitools.readers import ebook_structure as structure
from teitools.readers import ocr_titlepage
from teitools.readers.ebook_structure import Unit
from teitools.terms import Terms

MAX_TITLE = 80  # characters of a title line at most
STRONG = ("division", "number", "matter")  # heading kinds that say in words what they head


def find(units: list[Unit], vocab: Terms) -> tuple[ocr_titlepage.TitlePage, int] | None:
    """The title page the first units hold, and the index of the first unit after it; None when
    the first units are no title page.  The page's line numbers are 0-based source lines."""
    texts = [i for i, u in enumerate(units) if not u.separator]
    if len(texts) < 3:
        return None
    first = units[texts[0]]
    lines = first.raw.split("\n")
    title = lines[0].strip()
    if structure.heading_kind(title, vocab) != "title" or len(title) > MAX_TITLE:
        return None
    top = first.line - 1
    byline: int | None = None
    after = 1  # the number of units the title page takes
    if len(lines) == 2:  # the title and its byline as one paragraph of two lines
        byline = top + 1 if ocr_titlepage.byline_author(lines[1], vocab) else None
    elif len(lines) == 1:
        second = units[texts[1]]
        if "\n" not in second.raw and ocr_titlepage.byline_author(second.text, vocab):
            byline, after = second.line - 1, 2
    if byline is None:
        following = units[texts[1]]
        if len(lines) > 1 or not following.gap or structure.heading_kind(following.text, vocab) not in STRONG:
            return None
    if notes.candidates([units[i].raw for i in texts[:after]]):
        return None  # a line with a note marker is running text
    parts: tuple[tuple[str, tuple[int, ...]], ...] = (("main", (top,)),)
    if byline is not None:
        parts += (("byline", (byline,)),)
    page = ocr_titlepage.TitlePage(top, byline if byline is not None else top, parts, byline)
    return page, texts[after - 1] + 1
