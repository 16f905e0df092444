"""The gutenberg layout: Project Gutenberg texts, each convention on a small text written here.

The preamble, banners and licence below follow Project Gutenberg's layout with words of our own;
the book texts are invented. The last test converts the Project Gutenberg books of
../shared/devcorpus/pg (skipped when absent) and checks the figures bench/gutenberg.py prints.
"""

from __future__ import annotations

import importlib.util
import re
import time
from pathlib import Path

import pytest
from lxml import etree
from shared import REPO, shared_dir

from schemas import errors_against
from teitools.convert import Conversion, convert_source
from teitools.diagnostics import TeiToolsError
from teitools.source import read_source, source_from_text

TEI = "{http://www.tei-c.org/ns/1.0}"
NS = {"t": "http://www.tei-c.org/ns/1.0"}

PREAMBLE = """\
The Project Gutenberg EBook of Harbour Lights, by Ann Example

This little book is free for anyone to read, copy and share under the
terms of the licence at its end.


Title: Harbour Lights
       Stories of the Northern Quay

Author: Ann Example

Translator: Ben Sample

Release Date: March 3, 2011 [EBook #99990]

Language: English

Character set encoding: {encoding}

*** START OF THIS PROJECT GUTENBERG EBOOK HARBOUR LIGHTS ***




Produced by A. Volunteer and the Online Distributed
Proofreading Team




"""

LICENCE = """



End of the Project Gutenberg EBook of Harbour Lights, by Ann Example

*** END OF THIS PROJECT GUTENBERG EBOOK HARBOUR LIGHTS ***

***** This file should be named 99990-8.txt or 99990-8.zip *****

Section 1.  Terms of use of this work

1.E.  Keep the licence with every copy you give away.

1.E.1.  The following sentence must appear with every copy: this
book is free.
"""


def book(body: str, encoding: str = "UTF-8") -> str:
    return PREAMBLE.format(encoding=encoding) + body.strip("\n") + "\n" + LICENCE


def convert(body: str) -> tuple[Conversion, etree._Element]:
    conv = convert_source(source_from_text(book(body)))
    assert conv.ok, [d.to_text() for d in conv.diagnostics]
    assert conv.document.layout == "gutenberg"
    return conv, conv.tree.getroot()


def body_of(root: etree._Element) -> etree._Element:
    found = root.find(f"{TEI}text/{TEI}body")
    assert found is not None
    return found


def text_of(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


PROSE = """\
The boats came in late that evening, low in the water and slow, and
the keeper walked the length of the quay with his lamp to count them.

He counted eleven, then twelve, and stood a while at the end of the
breakwater where the light could not reach, listening for the last one."""


# ------------------------------------------------------------------ frame and header


def test_preamble_fills_the_header_and_banner_and_licence_stay_out_of_the_body() -> None:
    _, root = convert(PROSE)
    header = root.find(f"{TEI}teiHeader")
    assert header is not None
    assert header.findtext(".//t:titleStmt/t:title[@type='main']", namespaces=NS) == "Harbour Lights"
    subtitle = header.findtext(".//t:titleStmt/t:title[@type='sub']", namespaces=NS)
    assert subtitle == "Stories of the Northern Quay"
    assert header.findtext(".//t:titleStmt/t:author", namespaces=NS) == "Ann Example"
    assert header.findtext(".//t:titleStmt/t:respStmt/t:name", namespaces=NS) == "Ben Sample"
    bibl = header.find(".//t:sourceDesc/t:bibl", namespaces=NS)
    assert bibl is not None
    assert bibl.findtext("t:idno[@type='gutenberg']", namespaces=NS) == "99990"
    assert bibl.find("t:date", namespaces=NS).get("when") == "2011-03-03"  # type: ignore[union-attr]
    assert bibl.findtext("t:publisher", namespaces=NS) == "Project Gutenberg"
    assert "Project Gutenberg License" in text_of(bibl.find("t:availability", namespaces=NS))  # type: ignore[arg-type]
    assert header.find(".//t:language", namespaces=NS).get("ident") == "en"  # type: ignore[union-attr]
    front = root.find(f"{TEI}text/{TEI}front/{TEI}div[@type='gutenberg-header']")
    back = root.find(f"{TEI}text/{TEI}back/{TEI}div[@type='gutenberg-licence']")
    assert front is not None and "START OF THIS PROJECT GUTENBERG EBOOK" in text_of(front)
    assert "Produced by A. Volunteer" in text_of(front)
    assert back is not None and "END OF THIS PROJECT GUTENBERG EBOOK" in text_of(back)
    body = text_of(body_of(root))
    assert "Gutenberg" not in body and "Produced by" not in body
    assert body.startswith("The boats came in late")


def test_licence_numbering_makes_no_notes_and_no_divisions() -> None:
    _, root = convert(PROSE)
    back = root.find(f"{TEI}text/{TEI}back")
    assert back is not None
    assert not back.findall(f".//{TEI}note") and len(back.findall(f".//{TEI}div")) == 1
    assert "1.E.1." in text_of(back)


def test_the_summary_names_the_banner_and_the_encoding() -> None:
    conv, _ = convert(PROSE)
    assert conv.summary().startswith(
        "gutenberg: banner 'START OF THIS PROJECT GUTENBERG EBOOK'; read as UTF-8; ")


# ------------------------------------------------------------------ paragraphs


def test_the_lines_of_a_paragraph_are_joined() -> None:
    _, root = convert("The keeper's lamp swung on its hook by the door of the old boat-\n"
                      "house, and the gulls slept on the long row of posts by the water--\n"
                      "all of them, and the keeper too.")
    [para] = body_of(root).findall(f"{TEI}p")
    assert para.text == ("The keeper's lamp swung on its hook by the door of the old boat-house, and the "
                         "gulls slept on the long row of posts by the water-- all of them, and the keeper "
                         "too.")
    assert para.find(f"{TEI}lb") is None


# ------------------------------------------------------------------ figures


def test_illustrations_become_figures_with_their_caption() -> None:
    body = """\
[Illustration]

[Illustration: Fig. 4.--The north quay at low water, with the old
crane [now gone] and the keeper's hut.]

The boats were drawn up on the shingle [Illustration: A boat] for the winter."""
    conv, root = convert(body)
    figures = body_of(root).findall(f".//{TEI}figure")
    assert len(figures) == 3
    assert figures[0].find(f"{TEI}head") is None
    assert figures[1].get("n") == "4"
    assert text_of(figures[1]) == ("Fig. 4.--The north quay at low water, with the old crane [now gone] and "
                                   "the keeper's hut.")
    assert figures[2].getparent().tag == f"{TEI}p" and text_of(figures[2]) == "A boat"  # type: ignore[union-attr]
    assert "Illustration" not in text_of(body_of(root))
    assert {r.text for r in conv.document.removed} >= {"[Illustration", "[Illustration:", "]"}
    assert conv.document.counts["figures"] == 3


# ------------------------------------------------------------------ footnotes


def _notes(root: etree._Element) -> list[etree._Element]:
    return body_of(root).findall(f".//{TEI}note")


def test_footnote_after_its_paragraph_goes_to_its_marker() -> None:
    body = """\
The old light[1] stood on the point, and the new one[A] on the island;
between them ran the channel.[*]

[Footnote 1: Built of grey stone, and
taken down in the end.]

[Footnote A: Lit by oil.]

[Footnote *: So the pilots said.]

The boats kept to the channel."""
    conv, root = convert(body)
    notes = _notes(root)
    assert [(n.get("n"), n.get("place"), text_of(n)) for n in notes] == [
        ("1", "foot", "Built of grey stone, and taken down in the end."),
        ("A", "foot", "Lit by oil."),
        ("*", "foot", "So the pilots said.")]
    para = notes[0].getparent()
    assert para is not None and para.tag == f"{TEI}p"
    assert text_of(para).startswith("The old light")
    assert "[1]" not in text_of(body_of(root)) and "Footnote" not in text_of(body_of(root))
    assert conv.document.counts["notes"] == 3


def test_footnotes_gathered_at_a_chapter_end_pair_with_that_chapter() -> None:
    body = """\
CHAPTER I.

The first crossing[1] was rough, and the second[2] worse.

[1] In March.

[2] In April.



CHAPTER II.

The spring crossing[1] was calm.

[1] In May."""
    _, root = convert(body)
    pairs = [(n.get("n"), text_of(n), text_of(n.getparent())) for n in _notes(root)]  # type: ignore[arg-type]
    assert [(n, t) for n, t, _ in pairs] == [("1", "In March."), ("2", "In April."), ("1", "In May.")]
    assert pairs[2][2].startswith("The spring crossing")


def test_footnotes_at_the_end_of_the_book_pair_with_their_markers() -> None:
    body = """\
The keeper kept a log[1] and a second book[2] for the weather, and a
third[3] for the boats.

       *       *       *       *       *

NOTES

1. A thick ledger.

2. Bound in oilcloth.

It is still in the harbour office.

3. Lost in the fire."""
    _, root = convert(body)
    notes = _notes(root)
    assert [(n.get("n"), text_of(n)) for n in notes] == [
        ("1", "A thick ledger."), ("2", "Bound in oilcloth. It is still in the harbour office."),
        ("3", "Lost in the fire.")]
    assert all(n.getparent().tag == f"{TEI}p" for n in notes)  # type: ignore[union-attr]
    assert "A thick ledger" not in text_of(body_of(root)).split("NOTES")[-1]


def test_unnumbered_footnotes_stand_in_their_paragraph() -> None:
    body = """\
The keeper [Footnote: His name was Tom Wick.] lived alone.

The boats came in at dusk.

[Footnote: Or a little after.]

The gulls slept."""
    _, root = convert(body)
    notes = _notes(root)
    assert [text_of(n) for n in notes] == ["His name was Tom Wick.", "Or a little after."]
    assert text_of(notes[1].getparent()).startswith("The boats came in")  # type: ignore[arg-type]


def test_a_footnote_without_marker_is_kept_and_reported() -> None:
    conv, root = convert("The quay was quiet.\n\n[Footnote 7: A note nobody calls.]")
    [note] = _notes(root)
    assert note.get("n") == "7" and note.getparent().tag == f"{TEI}body"  # type: ignore[union-attr]
    assert [d.code for d in conv.diagnostics if d.code.startswith("GUT")] == ["GUT001"]


# ------------------------------------------------------------------ page markers


def test_print_page_markers_become_page_breaks() -> None:
    body = """\
{12}

The keeper counted the boats {13} as they came, and wrote the number [Pg 14] in the
log before [p. 15] he slept.

Page 16   The next morning the harbour was empty."""
    conv, root = convert(body)
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["12", "13", "14", "15", "16"]
    text = text_of(body_of(root))
    assert not re.search(r"\{1\d\}|Pg|\[p\.|Page", text)
    assert sorted(r.text for r in conv.document.removed if r.reason == "page-number") == [
        "Page 16", "[Pg 14]", "[p. 15]", "{12}", "{13}"]


def test_numbers_in_a_gutenberg_text_make_no_page_breaks() -> None:
    body = """\
CONTENTS

   I. The Northern Landing                          7
  II. Crates at Dawn                               19
 III. The Keeper's Count                           33



216.

Harwich, May 3, 1781.

See the index, p. 112, and the list of boats, 33, 48."""
    _, root = convert(body)
    assert root.find(f".//{TEI}pb") is None


# ------------------------------------------------------------------ headings


def _heads(root: etree._Element) -> list[tuple[str | None, str]]:
    return [(h.getparent().get("type"), text_of(h)) for h in body_of(root).iter(f"{TEI}head")  # type: ignore[union-attr]
            if h.getparent().tag == f"{TEI}div"]  # type: ignore[union-attr]


def test_chapters_from_heading_words_and_numbering() -> None:
    body = "\n\n\n\n".join([f"CHAPTER {n}.\n\n{PROSE}" for n in ("I", "II")]
                           + [f"LESSON {n}\n\n{PROSE}" for n in (12, 13)])
    _, root = convert(body)
    assert _heads(root) == [("chapter", "CHAPTER I."), ("chapter", "CHAPTER II."),
                            ("chapter", "LESSON 12"), ("chapter", "LESSON 13")]
    assert [d.get("n") for d in body_of(root).findall(f"{TEI}div")] == ["1", "2", "12", "13"]


def test_a_numbering_sequence_makes_chapters_and_a_title_joins_its_number() -> None:
    body = "\n\n\n\n".join(f"{n}\n\n{PROSE}" for n in ("I.", "II.", "III."))
    _, root = convert(body)
    assert _heads(root) == [("chapter", "I."), ("chapter", "II."), ("chapter", "III.")]
    body = "\n\n\n\n".join(f"{n}.\n\nThe {name} Mill.\n\n\n{PROSE}" for n, name in ((1, "Old"), (2, "New")))
    _, root = convert(body)
    assert _heads(root) == [("chapter", "1. The Old Mill."), ("chapter", "2. The New Mill.")]


def test_a_chapter_label_alone_and_its_title_in_capitals_below_make_one_head() -> None:
    body = "\n\n\n\n".join(f"CHAPTER {n}.\n\n{title}\n\n\n{PROSE}"
                           for n, title in (("I", "THE OLD QUAY."), ("II", "THE NEW LIGHT.")))
    _, root = convert(body)
    assert _heads(root) == [("chapter", "CHAPTER I. THE OLD QUAY."),
                            ("chapter", "CHAPTER II. THE NEW LIGHT.")]
    assert body_of(root).find(f".//{TEI}div[@type='section']") is None


def test_the_books_title_and_byline_first_in_the_body_are_its_title_page() -> None:
    """``HARBOUR LIGHTS`` over ``BY ANN EXAMPLE`` before the first chapter: a ``titlePage`` in
    the front (as the ebook reader makes one), no empty divisions in the body."""
    body = "HARBOUR LIGHTS\n\nBY ANN EXAMPLE\n\n\n\n\n" + "\n\n\n\n".join(
        f"CHAPTER {n}.\n\n{PROSE}" for n in ("I", "II"))
    _, root = convert(body)
    page = root.find(f"{TEI}text/{TEI}front/{TEI}titlePage")
    assert page is not None
    assert text_of(page.find(f"{TEI}docTitle")) == "HARBOUR LIGHTS"  # type: ignore[arg-type]
    assert page.findtext(f"{TEI}byline/{TEI}docAuthor") == "ANN EXAMPLE"
    assert _heads(root) == [("chapter", "CHAPTER I."), ("chapter", "CHAPTER II.")]


def test_headings_in_the_books_language() -> None:
    text = book("\n\n\n\n".join(f"{n} HOOFDSTUK\n\n{PROSE}" for n in ("EERSTE", "TWEEDE")))
    conv = convert_source(source_from_text(text.replace("Language: English", "Language: Dutch")))
    assert _heads(conv.tree.getroot()) == [("chapter", "EERSTE HOOFDSTUK"), ("chapter", "TWEEDE HOOFDSTUK")]


def test_no_heading_from_a_question_mark_or_shortness_alone() -> None:
    body = f"""\
{PROSE}

Why not?

{PROSE}

4.

{PROSE}

Yes.

{PROSE}"""
    _, root = convert(body)
    assert _heads(root) == []
    assert "Why not?" in [text_of(p) for p in body_of(root).findall(f"{TEI}p")]


def test_a_short_line_after_a_chapter_gap_before_its_text_is_a_heading() -> None:
    body = f"{PROSE}\n\n\n\n\nThe Night Crossing\n\n{PROSE}\n\n\n\n\nMorning\n\n{PROSE}"
    _, root = convert(body)
    assert [text for _, text in _heads(root)] == ["The Night Crossing", "Morning"]



CHAPTERS = "\n\n\n\n".join(f"CHAPTER {n}.\n\n\n{title}\n\n{PROSE}"
                             for n, title in (("I", "THE OLD QUAY."), ("II", "THE NEW LIGHT.")))


def _contents(root: etree._Element) -> etree._Element:
    found = body_of(root).find(f"{TEI}div[@type='contents']")
    assert found is not None
    return found


def test_an_analytical_contents_list_of_the_chapter_headings_is_a_list_not_chapters() -> None:
    """CONTENTS, then each chapter's label, title and indented summary, no page numbers, then the
    chapters with the same labels: the first run is the contents list, one item per entry."""
    body = f"""\
CONTENTS.


CHAPTER I.

THE OLD QUAY.

    THE BOATS:--Counting them in--The Lamp--The End of the
    Breakwater--Listening

    THE KEEPER:--His Walk--His House


CHAPTER II.

THE NEW LIGHT.

    THE TOWER:--Stones from the Quarry--Glass from the Town--The
    First Night

NOTES

INDEX




{CHAPTERS}"""
    _, root = convert(body)
    assert _heads(root) == [("contents", "CONTENTS."), ("chapter", "CHAPTER I. THE OLD QUAY."),
                            ("chapter", "CHAPTER II. THE NEW LIGHT.")]
    contents = _contents(root)
    items = contents.findall(f"{TEI}list[@type='contents']/{TEI}item")
    assert [text_of(i) for i in items] == [
        "CHAPTER I. THE OLD QUAY. THE BOATS:--Counting them in--The Lamp--The End of the "
        "Breakwater--Listening THE KEEPER:--His Walk--His House",
        "CHAPTER II. THE NEW LIGHT. THE TOWER:--Stones from the Quarry--Glass from the Town--The First Night",
        "NOTES", "INDEX"]
    assert [len(i.findall(f"{TEI}lb")) for i in items] == [3, 2, 0, 0]  # label, title, summaries
    assert contents.find(f"{TEI}p") is None and contents.find(f"{TEI}quote") is None


def test_a_contents_list_of_chapter_labels_and_titles_alone_is_a_list() -> None:
    body = f"CONTENTS\n\n\nCHAPTER I.\n\nTHE OLD QUAY.\n\nCHAPTER II.\n\nTHE NEW LIGHT.\n\n\n\n\n{CHAPTERS}"
    _, root = convert(body)
    assert [kind for kind, _ in _heads(root)] == ["contents", "chapter", "chapter"]
    items = _contents(root).findall(f"{TEI}list[@type='contents']/{TEI}item")
    assert [text_of(i) for i in items] == ["CHAPTER I. THE OLD QUAY.", "CHAPTER II. THE NEW LIGHT."]


def test_a_contents_list_with_page_numbers_stays_as_it_was_and_the_chapters_are_kept() -> None:
    lines = "CHAPTER I.   THE OLD QUAY         1\nCHAPTER II.  THE NEW LIGHT       14"
    _, root = convert(f"CONTENTS\n\n{lines}\n\n\n\n\n{CHAPTERS}")
    assert [kind for kind, _ in _heads(root)] == ["contents", "chapter", "chapter"]
    assert "CHAPTER II. THE NEW LIGHT 14" in text_of(_contents(root))


def test_the_page_column_line_of_a_contents_list_is_a_line_of_it_not_a_heading() -> None:
    """``PAGE`` alone above the contents lines names their page column: it stays in the
    contents division, opening no section."""
    lines = ("THE OLD QUAY  . . . . . . . . . . . . . . . . . . .    1\n\n"
             "  The boats, 1.  The lamp, 4.  The end of the breakwater, 9.\n"
             "  Listening for the last one, 11.\n\n"
             "THE NEW LIGHT  . . . . . . . . . . . . . . . . . . .   14")
    column = " " * 42 + "PAGE"
    _, root = convert(f"CONTENTS.\n\n{column}\n\n{lines}\n\n\n\n\n{CHAPTERS}")
    assert [kind for kind, _ in _heads(root)] == ["contents", "chapter", "chapter"]
    assert "PAGE" in [text_of(p) for p in _contents(root).findall(f"{TEI}p")]


def test_the_group_headings_of_a_contents_list_stay_in_its_division() -> None:
    """Lines in capitals over the page-numbered lines of each part of the book (with the page
    column's line between), after the contents heading and before the first chapter, are
    lines of the contents list."""
    body = f"""\
CONTENTS.


AT SEA.

                                    Page
THE HARBOUR                           3
THE STORM                            17


AT HOME.

THE QUAY                             25
THE LAMP                             31




{CHAPTERS}"""
    _, root = convert(body)
    assert [kind for kind, _ in _heads(root)] == ["contents", "chapter", "chapter"]
    lines = [text_of(p) for p in _contents(root).findall(f"{TEI}p")]
    assert lines[0] == "AT SEA." and "AT HOME." in lines
    assert "THE LAMP 31" in text_of(_contents(root))
    text = book("INHOUD.\n\n\nOP ZEE.\n\n                              Bladz.\n\n"
                "DE OUDE KADE                  1.\nHET NIEUWE LICHT             14.\n\n\n\n\n"
                + "\n\n\n\n".join(f"{n} HOOFDSTUK\n\n{PROSE}" for n in ("EERSTE", "TWEEDE")))
    conv = convert_source(source_from_text(text.replace("Language: English", "Language: Dutch")))
    root = conv.tree.getroot()  # the page column under the group heading: Dutch ``Bladz.``
    assert [kind for kind, _ in _heads(root)] == ["contents", "chapter", "chapter"]
    assert [text_of(p) for p in _contents(root).findall(f"{TEI}p")][:2] == ["OP ZEE.", "Bladz."]


def test_a_list_on_a_page_of_its_own_after_the_contents_keeps_its_heading() -> None:
    """``PLATES.`` opening a new page of the print edition after the contents lines heads a
    list of its own, not a group of the contents list."""
    body = f"""\
CONTENTS.

THE HARBOUR                           3
THE STORM                            17

{{vi}}


PLATES.

THE QUAY AT NIGHT                    facing 25
THE LAMP                             facing 31




{CHAPTERS}"""
    _, root = convert(body)
    assert [text for _, text in _heads(root)][:2] == ["CONTENTS.", "PLATES."]


def test_a_contents_heading_set_right_above_its_lines_heads_a_contents_division() -> None:
    """``CONTENTS`` with the page column and its lines below it and no blank line between:
    the heading of a contents division holding the lines, as with the blank line."""
    body = f"""\
HARBOUR LIGHTS AND OTHER PAPERS

{PROSE}




CONTENTS
                                                  Page
  The old quay                                       3
    The boats                                        5
  The new light                                     14




{CHAPTERS}"""
    _, root = convert(body)
    assert [kind for kind, _ in _heads(root)][-3:] == ["contents", "chapter", "chapter"]
    contents = _contents(root)
    assert text_of(contents.find(f"{TEI}head")) == "CONTENTS"  # type: ignore[arg-type]
    assert "The new light 14" in text_of(contents)


def test_chapters_with_text_whose_labels_come_again_are_chapters_not_contents() -> None:
    """Two parts that each number their chapters from I under a contents heading: the first
    chapters hold text of their own, so they are chapters."""
    _, root = convert(f"CONTENTS\n\n\n\n\n{CHAPTERS}\n\n\n\n\n{CHAPTERS}")
    assert [kind for kind, _ in _heads(root)] == ["contents", *["chapter"] * 4]
    assert body_of(root).find(f".//{TEI}list") is None

# ------------------------------------------------------------------ verse and letters


def test_indented_short_lines_are_verse() -> None:
    body = f"""\
{PROSE}

    The lamps are lit along the quay,
    The boats come home from off the sea;
    And one is late, and one is lost,
    And one comes in with rime and frost.

{PROSE}"""
    _, root = convert(body)
    [lg] = body_of(root).findall(f"{TEI}lg")
    assert [text_of(line) for line in lg] == [
        "The lamps are lit along the quay,", "The boats come home from off the sea;",
        "And one is late, and one is lost,", "And one comes in with rime and frost."]
    assert len(body_of(root).findall(f"{TEI}p")) == 4


def test_letters_have_their_opener_and_closer() -> None:
    body = "\n\n\n\n".join(f"""\
LETTER {n}.

TOM WICK TO HIS SISTER.

Harwich, May {n}, 1781.

{PROSE}

    From the quay, the {n}th of May, 1781.""" for n in ("IV", "V"))
    _, root = convert(body)
    letters = body_of(root).findall(f"{TEI}div[@type='letter']")
    assert len(letters) == 2
    opener = letters[0].find(f"{TEI}opener")
    closer = letters[0].find(f"{TEI}closer")
    assert opener is not None and closer is not None
    assert [(c.tag.split("}")[1], text_of(c)) for c in opener] == [
        ("salute", "TOM WICK TO HIS SISTER."), ("dateline", "Harwich, May IV, 1781.")]
    assert [(c.tag.split("}")[1], text_of(c)) for c in closer] == [
        ("dateline", "From the quay, the IVth of May, 1781.")]


def test_transcribers_notes_are_notes_of_their_kind() -> None:
    body = f"[Transcriber's Note: Spelling as in the original.]\n\n{PROSE}"
    _, root = convert(body)
    [note] = _notes(root)
    assert note.get("type") == "transcriber" and text_of(note) == "Spelling as in the original."


def test_a_transcribers_note_label_alone_takes_the_blocks_under_it_and_quotes_its_markers() -> None:
    """``Transcriber's Note:`` on a line of its own, its text under it (indented or not) up to the
    next section; ``e.g. {99}`` and ``e.g. [2]`` explain the markers, they are no page, no note."""
    body = ("Transcriber's Note:\n\n    Obvious printer's errors have been corrected. Page numbers are\n"
            f"    shown in curly braces, e.g. {{99}}.\n\n\n\n\nCHAPTER I.\n\n\n{{1}} {PROSE}\n\n\n\n"
            "Transcriber's Notes:\n\nInconsistent hyphenation has been retained.\n\n"
            "Footnotes are indicated by numbers in square brackets, e.g. [2].\n")
    _, root = convert(body)
    notes = [n for n in _notes(root) if n.get("type") == "transcriber"]
    assert [" ".join(text_of(n).split()) for n in notes] == [
        "Transcriber's Note: Obvious printer's errors have been corrected. Page numbers are shown in "
        "curly braces, e.g. {99}.",
        "Transcriber's Notes: Inconsistent hyphenation has been retained. Footnotes are indicated by "
        "numbers in square brackets, e.g. [2]."]
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["1"]


def test_two_end_notes_under_a_notes_heading_pair_with_their_markers() -> None:
    """``[1]`` and ``[2]`` in the text, ``NOTES`` at the end with ``1. …`` and ``2. …``: two
    note texts suffice under a heading that says they are notes (three are needed without)."""
    body = (f"CHAPTER I.\n\n\n{PROSE}\n\n\n\nCHAPTER II.\n\n\nThe boats were in at noon.[1] And the "
            "master counted them.[2] The day\nwent on.\n\n\n\nNOTES\n\n\n1. The first note.\n\n"
            "2. The second note.\n")
    _, root = convert(body)
    assert [(n.get("n"), text_of(n)) for n in _notes(root)] == [
        ("1", "The first note."), ("2", "The second note.")]


def test_references_in_words_call_end_notes_numbered_in_brackets() -> None:
    """``(Note 2)`` in the text, ``(1) …``, ``(2) …`` under the notes at the end: each note at its
    reference, the reference and the label out of the text."""
    body = (f"CHAPTER I.\n\n\nThe clay, when worked (Note 1), is pressed in moulds. {PROSE}\n\n\n\n"
            "CHAPTER II.\n\n\nThe bricks dry in rows (Note 2). The day went on.\n\n\n\n"
            "NOTES TO THE FIRST EDITION.\n\n(1) Mixing the mud needs skill.\n\n"
            "(2) The sizes of bricks decrease.\n")
    _, root = convert(body)
    assert [(n.get("n"), text_of(n)) for n in _notes(root)] == [
        ("1", "Mixing the mud needs skill."), ("2", "The sizes of bricks decrease.")]
    assert "(Note" not in text_of(body_of(root))


def test_a_valediction_and_signature_set_to_the_right_close_the_letter() -> None:
    """``Your loving brother,`` / ``JOHN.`` far to the right at a letter's end: its closer, a
    salute and the signature, neither verse nor a quotation."""
    right = " " * 38
    body = (f"LETTER XII.\n\n\n{right}Harbour House, May 3, 1850.\n\nMy dear Sister,\n\n{PROSE}\n\n"
            f"{right}Your loving brother,\n{right}JOHN.\n\n\n\nLETTER XIII.\n\n\nDear John,\n\n{PROSE}\n")
    _, root = convert(body)
    closer = root.find(f".//{TEI}div[@type='letter']/{TEI}closer")
    assert closer is not None and [(c.tag.split("}")[1], text_of(c)) for c in closer] == [
        ("salute", "Your loving brother,"), ("signed", "JOHN.")]
    assert root.find(f".//{TEI}lg") is None


def test_a_line_broken_inside_an_inline_footnote_is_prose_not_verse() -> None:
    """``… at noon[Footnote: An unnumbered note`` / ``inside the paragraph.] and slept …``: without
    the note the first line looks short, as a line of verse is; as printed it is full."""
    body = (f"CHAPTER I.\n\n\n{PROSE}\n\nThe harbour master went home at noon[Footnote: An unnumbered note\n"
            f"inside the paragraph.] and slept until the evening tide.\n\n{PROSE}\n")
    _, root = convert(body)
    assert root.find(f".//{TEI}lg") is None
    [note] = _notes(root)
    assert text_of(note) == "An unnumbered note inside the paragraph."


def test_a_paragraph_whose_markers_leave_gaps_is_joined_not_a_table() -> None:
    """``… of the book.[1] And another`` / ``one here.[2] And …``: without its markers a line shows
    gaps of spaces as a table's columns do; as printed it is prose, joined without line breaks."""
    body = (f"CHAPTER I.\n\n\n{PROSE}\n\n"
            "The second chapter has a note at the end of the book.[1] And another\n"
            "one here.[2] And the story continues for a while after that, until the\n"
            "boats are in and the harbour master has counted them all again.\n\n\n\nNOTES\n\n\n"
            "1. The first note.\n\n2. The second note.\n")
    _, root = convert(body)
    paragraph = next(p for p in root.iter(f"{TEI}p") if "second chapter" in "".join(p.itertext()))
    assert paragraph.find(f"{TEI}lb") is None and len(paragraph.findall(f"{TEI}note")) == 2


# ------------------------------------------------------------------ encoding


def test_a_declared_latin1_text_is_read_in_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_bytes(book("Caf\u00e9 au lait on the quay, and cr\u00eapes.", encoding="ISO-8859-1")
                     .encode("latin-1"))
    source = read_source(path)
    assert (source.encoding, source.encoding_from) == ("iso8859-1", "declared")
    conv = convert_source(source)
    assert conv.ok and "crêpes" in text_of(body_of(conv.tree.getroot()))
    assert "; read as ISO-8859-1 (declared); " in conv.summary()


def test_windows_bytes_under_a_latin1_declaration_are_read_as_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_bytes(book("The \u201cnight\u201d boats.", encoding="ISO-8859-1").encode("cp1252"))
    source = read_source(path)
    assert source.encoding == "cp1252" and "\u201cnight\u201d" in source.text


def test_an_undeclared_encoding_is_detected_from_enough_text(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    text = "Le gardien du phare était déjà là, près des bateaux amarrés à la jetée. " * 12
    path.write_bytes(text.encode("latin-1"))
    source = read_source(path)
    assert source.encoding_from == "detected" and source.text.startswith("Le gardien du phare était déjà")


def test_of_decodings_equally_known_the_languages_usual_code_page_is_taken(tmp_path: Path) -> None:
    """English with French and Egyptian names in Latin-1: read as Central European (Windows-1250)
    the known words (cloisonné, débris) read the same and ``Khûfû`` becomes ``Khűfű``; English
    texts were written in Windows-1252, whose ISO counterpart this is."""
    path = tmp_path / "tomb.txt"
    text = ("The tomb of Kh\u00fbf\u00fb was opened in the spring, and the cloisonn\u00e9 work and the "
            "repouss\u00e9 gold of the d\u00e9bris were sent to the museum at B\u00fblak with the "
            "statues of Kh\u00e2fr\u00ee.\n") * 3
    path.write_bytes(text.encode("latin-1"))
    source = read_source(path)
    assert source.encoding_from == "detected" and "Kh\u00fbf\u00fb" in source.text


def test_too_little_evidence_is_no_encoding_and_the_option_still_decides(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("caf\u00e9".encode("latin-1"))
    with pytest.raises(TeiToolsError) as caught:
        read_source(path)
    assert caught.value.diagnostic.code == "IN005"
    assert "not valid utf-8 (byte 0xe9)" in caught.value.diagnostic.message  # not "utf-8-sig"
    source = read_source(path, encoding="cp1252")
    assert (source.text, source.encoding_from) == ("café", "option")


# ------------------------------------------------------------------ validity


SAMPLE = """\
{12}

CHAPTER I.

The old light[1] stood on the point.

[Footnote 1: Built of stone.]

[Illustration: The light.]

    The lamps are lit along the quay,
    The boats come home from off the sea.



LETTER II.

Harwich, May 3, 1781.

DEAR SISTER,--

The boats are in.

    Your brother, TOM."""


def test_every_convention_together_is_valid_against_our_schema_and_tei_all() -> None:
    conv, _ = convert(SAMPLE)
    assert errors_against("own", conv.tree) == []
    assert errors_against("tei_all", conv.tree) == []


# ------------------------------------------------------------------ the development corpus


def _bench() -> object:
    spec = importlib.util.spec_from_file_location("bench_gutenberg", REPO / "bench" / "gutenberg.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_project_gutenberg_books_of_the_development_corpus() -> None:
    shared = shared_dir()
    folder = shared / "devcorpus" / "pg" if shared else None
    if folder is None or not folder.is_dir():
        pytest.skip("../shared/devcorpus/pg is not beside the repository")
    bench = _bench()
    schema = shared / "conformance" / "validate" / "schemas" / "tei_all.rng"  # type: ignore[operator]
    tei_all = bench.run.grammar(schema) if schema.is_file() else None  # type: ignore[attr-defined]
    started = time.perf_counter()
    rows = [bench.measure(path, tei_all) for path in sorted(folder.glob("*.txt"))]  # type: ignore[attr-defined]
    assert time.perf_counter() - started < 60
    assert len(rows) == 15
    for row in rows:
        assert row["layout"] == "gutenberg", row["file"]
        assert row["pb_invented"] == 0, row["file"]
        assert row["clean"] and row["meta"] and row["fid"], row["file"]
        assert row["valid"], (row["file"], row["problems"])
        assert row["seconds"] < 2, row["file"]
    figures = sum(min(r["figures"], r["figures_expected"]) for r in rows)
    assert figures >= 0.95 * sum(r["figures_expected"] for r in rows)
    assert sum(r["footnotes_linked"] for r in rows) >= 0.95 * sum(r["footnotes"] for r in rows)
    assert sum(r["headings_found"] for r in rows) >= 0.9 * sum(r["headings_expected"] for r in rows)


def test_a_page_marker_inside_a_footnote_is_written_after_the_note() -> None:
    """The reading text skips notes: a print-edition page that begins inside a footnote's text is
    marked right after the note."""
    from lxml import etree

    from teitools import model as m
    from teitools.source import source_from_text
    from teitools.writer import build_tree

    note = m.Note("1", [m.Text("begun on one page"), m.PageBreak("27"), m.Text("ended on the next")],
                  place="foot")
    doc = m.Document(layout="gutenberg", body=[m.Paragraph([m.Text("text"), note, m.Text(" more")])])
    root = build_tree(doc, source_from_text("text begun on one page ended on the next more"), {}).getroot()
    xml = etree.tostring(root, encoding="unicode")
    assert '</note><pb n="27"/>' in xml and "<note" in xml and 'note><pb' in xml


@pytest.mark.parametrize("name", ["PLATES.", "LIST OF FIGURES.", "FIGURES.", "List of Maps"])
def test_a_list_of_plates_figures_or_maps_is_a_contents_division(name: str) -> None:
    """Like a list of illustrations, a list of the plates, figures or maps is a division of the
    contents kind, not a section of the text."""
    listed = "I. The harbour at dawn, 12\n\nII. The old quay, 40"
    body = f"{PROSE}\n\n\n\n\n{name}\n\n\n{listed}\n\n\n\n\n{CHAPTERS}"
    _, root = convert(body)
    assert _contents(root).findtext(f"{TEI}head") == name
