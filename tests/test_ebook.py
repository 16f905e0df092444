# ruff: noqa: RUF001  (ebook text is full of typographic quotes and dashes)
"""The ebook reader: glued note markers, note texts, chapters, displays, figures, bibliography.

Each pattern is shown on a small text composed for the test; the corpus tests at
the end check the real ebooks against the development gold.
"""

from __future__ import annotations

import json

import pytest
from conftest import converted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from shared import shared_path

from schemas import errors_against
from teitools import fidelity, layout
from teitools import model as m
from teitools.convert import convert_source
from teitools.readers import ebook
from teitools.readers import ebook_structure as structure
from teitools.source import source_from_text

TEI = "{http://www.tei-c.org/ns/1.0}"
PROSE = ("This sentence is here only to make the paragraph as long as the paragraphs of a real "
         "ebook, where one line holds a whole paragraph of running text. ")


def convert(text: str):
    result = convert_source(source_from_text(text), "ebook")
    assert result.ok, [d.to_text() for d in result.diagnostics]
    return result, etree.fromstring(result.data)


def before_note(root: etree._Element, n: str) -> str:
    """The text that stands right before note ``n`` (the marker's anchor)."""
    note = next(e for e in root.iter(TEI + "note") if e.get("n") == n)
    prev = note.getprevious()
    text = (prev.tail if prev is not None else note.getparent().text) or ""
    return text


def note_text(root: etree._Element, n: str) -> str:
    note = next(e for e in root.iter(TEI + "note") if e.get("n") == n)
    return "".join(note.itertext())


def words_of(root: etree._Element) -> str:
    return " ".join("".join(root.find(TEI + "text").itertext()).split())


ENDNOTES = f"""A Chapter Title

{PROSE}The congress met in May 1924.1 Long after, in 1956, it was read out to 300 delegates.

{PROSE}Their foremen or forewomen2 (called brigadiers) kept records of 12 hours a day.

{PROSE}As the official history issued in 19383) argued, nobody was safe in 1937.

{PROSE}He wrote: ‘we shall see.’4Later he changed his mind, said it10 – and more.


1. The first note.

2. The second note, on 1917.

3. The third note.

4. The fourth note.
"""


def test_markers_glued_to_punctuation_words_and_years_become_notes_in_place():
    result, root = convert(ENDNOTES)
    assert [e.get("n") for e in root.iter(TEI + "note")] == ["1", "2", "3", "4"]
    assert before_note(root, "1").endswith("in May 1924.")
    assert before_note(root, "2").endswith("foremen or forewomen")
    assert before_note(root, "3").endswith("issued in 1938")
    assert before_note(root, "4").endswith("‘we shall see.’")
    assert note_text(root, "3") == "The third note."
    assert all(e.get("place") == "end" for e in root.iter(TEI + "note"))
    text = words_of(root)
    assert "forewomen2" not in text and "19383" not in text and "forewomen (called" not in text
    assert result.document.counts["notes"] == 4
    assert result.report(None)["counts"]["notes_without_text"] == 0
    assert result.report(None)["counts"]["texts_without_marker"] == 0


def test_superscript_markers_and_markers_before_an_opening_quote():
    text = ENDNOTES.replace("May 1924.1 Long", "May 1924¹ Long").replace("see.’4Later", "see.’4‘Later")
    _, root = convert(text)
    assert before_note(root, "1").endswith("in May 1924")
    assert before_note(root, "4").endswith("‘we shall see.’")
    assert "¹" not in words_of(root) and "‘Later" in words_of(root)


BRACKETED = f"""A Chapter Title

{PROSE}The rise of the new markets.[1] Most traders sold at a loss [2] that year.

{PROSE}Prices fell by a third.[3] A list [sic] in brackets is no note.

Notes

[1] On the markets of the period.

[2] On the losses.

[3] Prices fell.
"""


@pytest.mark.parametrize("label", ["[{}]", "{}.", "{}", "({})", "{})"])
def test_bracketed_markers_and_every_style_of_note_label(label):
    text = BRACKETED
    for k in "123":
        text = text.replace(f"\n[{k}] ", f"\n{label.format(k)} ")
    result, root = convert(text)
    assert [e.get("n") for e in root.iter(TEI + "note")] == ["1", "2", "3"]
    assert before_note(root, "1").endswith("the new markets.")
    assert before_note(root, "2").endswith("sold at a loss")
    assert note_text(root, "2") == "On the losses."
    words = words_of(root)
    assert "[1]" not in words and "[2]" not in words and "A list [sic] in brackets" in words
    removed = {(r.text, r.reason) for r in result.document.removed}
    assert ("[3]", "note-marker") in removed and (label.format(3), "note-label") in removed


def test_bare_numbers_opening_lines_that_no_marker_calls_stay_text():
    items = "1 cup of flour\n\n2 eggs beaten\n\n3 spoons of sugar"
    text = f"A Chapter Title\n\n{PROSE}You need:\n\n{items}\n\n{PROSE}\n"
    _, root = convert(text)
    assert root.find(f".//{TEI}note") is None
    assert "1 cup of flour 2 eggs beaten 3 spoons of sugar" in words_of(root)


def test_a_numbered_list_in_the_text_does_not_take_the_markers_of_the_notes_at_the_end():
    paragraphs = [f"{PROSE}So it goes on.{k} And so on." for k in range(1, 41)]
    items = "1) Twenty yards of linen = one coat.\n\n2) Ten pounds of tea = one coat."
    notes = "\n\n".join(f"{k} Note number {k}." for k in range(1, 41))
    text = "\n\n".join([*paragraphs[:38], items, *paragraphs[38:], "Notes", notes]) + "\n"
    _, root = convert(text)
    assert [e.get("n") for e in root.iter(TEI + "note")] == [str(k) for k in range(1, 41)]
    assert [note_text(root, str(k)) for k in (1, 2, 39)] == [f"Note number {k}." for k in (1, 2, 39)]
    assert "1) Twenty yards of linen = one coat." in words_of(root)


def test_numbers_that_are_not_markers_stay_text():
    _, root = convert(ENDNOTES)
    text = words_of(root)
    for kept in ("in 1956, it was read out to 300 delegates", "12 hours a day", "safe in 1937.", "it10 –"):
        assert kept in text  # "it10": note 10 has no text, so 10 is not a marker here


def test_note_labels_and_markers_are_recorded_as_removed():
    result, _ = convert(ENDNOTES)
    removed = [(r.text, r.reason) for r in result.document.removed]
    assert ("3", "note-marker") in removed and ("3.", "note-label") in removed
    assert len([r for r in removed if r[1] == "note-marker"]) == 4


def test_note_text_without_marker_is_kept_and_reported():
    text = ENDNOTES.replace("4. The fourth note.", "4. The fourth note.\n\n5. A note nobody calls.")
    result, root = convert(text)
    notes_div = root.find(f".//{TEI}back/{TEI}div[@type='notes']")
    assert notes_div is not None and "A note nobody calls." in "".join(notes_div.itertext())
    assert [d.line for d in result.diagnostics if d.code == "EBK002"] == [20]
    assert result.document.counts["texts_without_marker"] == 1


BOOK = f""" Introduction

{PROSE}It ended there.1

 {PROSE}A chapter starts on a line that begins with a space.1 And goes on.2

{PROSE}Then more.3

 {PROSE}This line also begins with a space, but the numbering goes on.4

{PROSE}So it is a section.5
 {PROSE}Numbering restarts here.1 So this is a chapter.
"""


def test_a_numbered_list_at_the_end_that_no_marker_calls_is_no_notes_section():
    text = f"{PROSE}The rules, in 1917, were these.\n\n1. Work hard.\n\n2. Say nothing.\n\n3. Go home.\n"
    result, root = convert(text)
    assert root.find(f".//{TEI}note") is None
    assert len(root.findall(f".//{TEI}body//{TEI}p")) == 4
    assert not [d for d in result.diagnostics if d.code.startswith("NOTE")]


def test_chapters_and_sections_told_apart_by_note_numbering():
    result, root = convert(BOOK)
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div[@type='chapter']")
    assert len(chapters) == 3
    assert chapters[0].findtext(TEI + "head") == "Introduction"
    assert all(c.find(TEI + "head") is None for c in chapters[1:])  # no invented titles
    section = chapters[1].find(TEI + "div")
    assert section is not None and section.get("type") == "section"
    assert "".join(section.itertext()).strip().startswith(PROSE[:40])
    assert "".join(chapters[2].itertext()).strip().startswith(PROSE[:40])
    assert result.document.counts["chapters"] == 3 and result.document.counts["sections"] == 1


def test_numbered_titles_in_sequence_are_sibling_chapters_though_the_notes_number_on():
    """``I. The Quay``, ``II. The Storm``, ``III. The Wreck`` with endnotes numbered on through
    all three: chapters, each after the last, not a chapter and its sections; ``1) Cargo.`` and
    ``2) Ballast.`` under ``I.`` (another label style) stay its sections."""
    text = (f"I. The Quay\n\n{PROSE}One.[1]\n\n1) Cargo.\n\n{PROSE}\n\n2) Ballast.\n\n{PROSE}\n\n"
            f"II. The Storm\n\n{PROSE}Two.[2]\n\nIII. The Wreck\n\n{PROSE}Three.[3]\n\n"
            "Notes\n\n[1] First.\n\n[2] Second.\n\n[3] Third.\n")
    _, root = convert(text)
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div[@type='chapter']")
    assert [c.findtext(TEI + "head") for c in chapters] == ["I. The Quay", "II. The Storm", "III. The Wreck"]
    sections = [s.findtext(TEI + "head") for s in chapters[0].findall(TEI + "div")]
    assert sections == ["1) Cargo.", "2) Ballast."]


def test_chapter_title_lines_start_chapters():
    text = f"Chapter 1\n\n{PROSE}One.1 Two.2\n\n\nChapter 2\n\n{PROSE}Three.1\n\nIII\n\n{PROSE}Four.\n"
    _, root = convert(text)
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div[@type='chapter']")
    assert [c.findtext(TEI + "head") for c in chapters] == ["Chapter 1", "Chapter 2", "III"]
    assert [n.get("n") for n in chapters[1].iter(TEI + "note")] == ["1"]


ARABIC = ("كان التجار يبيعون الحبوب في السوق قبل أن تغلق عواصف الشتاء النهر أمام جميع السفن "
          "القادمة من الجنوب. ")


def test_arabic_chapters_titles_and_a_marker_glued_to_an_arabic_indic_number():
    """A script without case: ``الباب الأول`` (Chapter the First) is a division word and an
    ordinal, and the title after it needs no capital; a Western digit glued to an Arabic-Indic
    number (``\u0667`` then ``1``: seven, then note 1) is a marker, as after a word."""
    text = (f"الباب الأول\n\nتربية الأطفال\n\n{ARABIC * 3}وبلغ عدد السفن ٧1 في تلك السنة.\n\n"
            f"{ARABIC * 3}وكتب ذلك في السجل2 بعد الشتاء.\n\n\nالباب الثاني\n\nحياة المدن\n\n{ARABIC * 3}\n\n"
            f"الحواشي\n\n1. الأولى.\n\n2. الثانية.\n")
    _, root = convert(text)
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div[@type='chapter']")
    assert [" ".join("".join(c.find(TEI + "head").itertext()).split()) for c in chapters] == [
        "الباب الأول تربية الأطفال", "الباب الثاني حياة المدن"]
    assert before_note(root, "1").endswith("عدد السفن ٧") and note_text(root, "1") == "الأولى."
    assert before_note(root, "2").endswith("في السجل")


def test_indented_lines_that_end_with_a_danda_are_verse_however_long():
    """Sanskrit verse quoted in flush prose, each half-verse indented on a line of its own and
    ending with a danda (``|``), the second with the verse's number (``|| 19 ||``): verse,
    though the lines are as long as a line of prose may be."""
    prose = ("śāstra.samuddeśaḥ pañcadaśa.adhikaraṇāni sa-aśīti.prakaraṇa.śataṃ sa-pañcāśad.adhyāya.śataṃ "
             "ṣaṭ.śloka.sahasrāṇi-iti tantra.yuktayaḥ pañcadaśam adhikaraṇam | 18 |")
    verse = ["sukha.grahaṇa.vijñeyaṃ tattva.artha.pada.niścitam sarva.vidyānām upāyaḥ |",
             "kauṭilyena kṛtaṃ śāstraṃ vimukta.grantha.vistaram sarva.karmaṇām || 19 ||"]
    text = "\n".join([prose] * 4 + [f"    {line}" for line in verse] + [prose] * 4) + "\n"
    _, root = convert(text)
    assert [[" ".join(line.itertext()) for line in lg] for lg in root.iter(TEI + "lg")] == [verse]


def test_titles_in_capitals_over_a_motto_in_verse_or_over_a_second_title_head_sections():
    """``STILLA WECKOR.`` over a stanza in lower case (a motto, not the stanza's first line), and
    two titles in capitals together (``MANNEN OCH QVINNAN.`` / ``EN NY STRID.``): one heading each
    place, the motto still verse."""
    motto = ["Naar tunge Skyer over Egnen drage", "og Skoven sørger i en falmet Dragt,",
             "da virker dobbelt Sympathiens Magt."]
    text = (f"Chapter 1\n\n{PROSE * 2}\n\n{PROSE * 2}\n\nSTILLA WECKOR.\n\n" + "\n".join(motto)
            + f"\n\n{PROSE * 2}\n\n{PROSE * 2}\n\nMANNEN OCH QVINNAN.\n\nEN NY STRID.\n\n{PROSE * 2}\n\n"
            + f"{PROSE * 2}\n")
    _, root = convert(text)
    heads = [" ".join(" ".join(h.itertext()).split()) for h in root.iter(TEI + "head")]
    assert heads == ["Chapter 1", "STILLA WECKOR.", "MANNEN OCH QVINNAN. EN NY STRID."]
    assert [[" ".join(line.itertext()) for line in lg] for lg in root.iter(TEI + "lg")] == [motto]


def test_an_article_before_an_ordinal_and_old_spellings_still_name_a_division():
    """A baroque play: ``Die Andere Abhandelung.`` (the second act) and ``Der Ander Eingang.`` (its
    second scene), an article before the ordinal, in the spelling of 1650."""
    prose = ("Der Kaiser sitzt auf dem Thron und die Räte stehen vor ihm, denn sie wissen nicht, was er "
             "von ihnen will und warum er sie in der Nacht hat rufen lassen. ") * 2
    text = (f"Die Erste Abhandelung.\n\n{prose}\n\nDer Ander Eingang.\n\n{prose}\n\n"
            f"Die Andere Abhandelung.\n\n{prose}\n")
    _, root = convert(text)
    divisions = [(d.get("type"), " ".join("".join(d.find(TEI + "head").itertext()).split()))
                 for d in root.iter(TEI + "div") if d.find(TEI + "head") is not None]
    assert [d for d in divisions if d[1] != "Die Erste Abhandelung."] == [
        ("scene", "Der Ander Eingang."), ("act", "Die Andere Abhandelung.")]


def test_lettered_sections_c_and_d_are_letters_not_roman_numbers():
    """``B.``, ``C.``, ``D.`` head the sections of a chapter: C is the third letter there, not
    the Roman hundred that no number near it would confirm."""
    sections = (("A", "Walls"), ("B", "Gates"), ("C", "Quays"), ("D", "Cranes"))
    text = "Chapter 1\n\n" + "".join(f"{label}. The {name} of the Harbour.\n\n{PROSE * 2}\n\n"
                                     for label, name in sections)
    _, root = convert(text)
    heads = [" ".join(" ".join(h.itertext()).split()) for h in root.iter(TEI + "head")]
    assert "C. The Quays of the Harbour." in heads and "D. The Cranes of the Harbour." in heads


def test_a_line_the_contents_list_names_heads_a_section_in_a_text_of_one_line_paragraphs():
    """A book whose paragraphs are lines with no blank line between them: a short line that the
    contents list names (``The Quays 12`` for ``The Quays.``, ``Chapter One. The Town. Its Walls
    3`` for ``Its Walls.``) is a heading, a short line it does not name stays a paragraph; the
    list's entries are the items of a ``<list>`` under its heading, not lines of verse."""
    contents = ["Contents.", "Chapter One. The Town. Its Walls 3", "The Quays 12", "Chapter Two. The Sea 20",
                "The Fleet 31"]
    prose = ("The harbour town grew up around a narrow inlet where boats could shelter from the gales "
             "of the west, and its quays were crowded with colliers and coasters. ")
    body = ["Chapter One. The Town.", "Its Walls.", prose, prose, "The Quays.", prose,
            "It was a long winter.", prose, "Chapter Two. The Sea.", prose, "The Fleet.", prose]
    _, root = convert("\n".join(contents) + "\n\n" + "\n".join(body) + "\n")
    heads = [" ".join(" ".join(h.itertext()).split()) for h in root.find(TEI + "text").iter(TEI + "head")]
    assert {"Its Walls.", "The Quays.", "The Fleet."} <= set(heads)
    assert "It was a long winter." not in heads
    listing = root.find(f".//{TEI}div[@type='contents']")
    assert listing is not None and listing.findtext(TEI + "head") == "Contents."
    assert ["".join(item.itertext()) for item in listing.iter(TEI + "item")] == contents[1:]


def test_a_contents_list_without_page_numbers_is_a_list_not_empty_chapters():
    """``Contents`` over headings that head the book again later, in order (an ebook's list
    prints no pages): the items of a ``<list>``, each chapter once; a refrain sung twice, its
    lines again one after another, stays verse."""
    chapters = ["Chapter 1. The Quays", "Chapter 2. The Mills", "Chapter 3. The Fleet"]
    refrain = ["Row the boat", "Over the bay", "Home by night"]
    body = "".join(f"{title}\n\n{PROSE * 2}\n\n{PROSE * 2}\n\n" for title in chapters)
    song = "\n".join(refrain) + f"\n\n{PROSE}\n\n" + "\n".join(refrain) + "\n"
    _, root = convert("Contents\n\n" + "\n".join(chapters) + "\n\n" + body + song)
    text = root.find(TEI + "text")
    assert ["".join(item.itertext()) for item in text.iter(TEI + "item")] == chapters
    heads = [" ".join("".join(h.itertext()).split()) for h in text.iter(TEI + "head")]
    assert heads == ["Contents", *chapters]
    assert [[" ".join(line.itertext()) for line in lg] for lg in text.iter(TEI + "lg")] == [refrain, refrain]


def test_a_contents_entry_of_the_shape_of_the_books_division_headings_heads_nothing():
    """``Zweiter Teil 20`` in the contents list has the shape of the book's part headings
    (``Zweiter Teil``), but it is an entry: an item of the list, not a part of its own."""
    prose = ("Der Hafen der Stadt lag an einer schmalen Bucht, in der die Boote vor den Stürmen des "
             "Westens Schutz fanden, und seine Kais waren voll von Kohlenschiffen. ") * 2
    parts = ["Erster Teil", "Zweiter Teil", "Dritter Teil"]
    text = ("Inhalt\n\n" + "\n".join(f"{part} {page}" for part, page in zip(parts, (1, 20, 40), strict=True))
            + "\n\n" + "".join(f"{part}\n\n{prose}\n\n{prose}\n\n" for part in parts))
    _, root = convert(text)
    heads = [" ".join("".join(h.itertext()).split()) for h in root.find(TEI + "text").iter(TEI + "head")]
    assert heads == ["Inhalt", *parts]


def test_markers_without_note_texts_are_encoded_and_reported_with_their_line():
    result, root = convert(BOOK)
    notes = list(root.iter(TEI + "note"))
    assert [n.get("n") for n in notes] == ["1", "1", "2", "3", "4", "5", "1"]
    assert all(n.find(TEI + "gap").get("reason") == "absent-in-source" for n in notes)
    lines = [d.line for d in result.diagnostics if d.code == "EBK001"]
    assert lines == [3, 5, 5, 7, 9, 11, 12]
    assert result.document.counts["notes_without_text"] == 7


def test_a_skipped_note_number_is_reported():
    text = BOOK.replace("Then more.3", "Then more.")
    result, _ = convert(text)
    missing = [d for d in result.diagnostics if d.code == "EBK003"]
    assert len(missing) == 1 and "note 3" in missing[0].message


DISPLAYS = f"""{PROSE}As he said.1 The poem ran like this:


This night of guns,

Put asleep

By a strike.2



{PROSE}He listed the wonders:


\tThere is no work, but all work.

\tThe plan is met, but the shops are empty.

\tThe shops are empty, but all are content.



{PROSE}He told the congress:

We are fifty years behind the advanced countries, and we must make good this distance in ten years.

{PROSE}And so it went.
"""


def test_verse_becomes_lg_with_the_marker_after_its_last_line():
    _, root = convert(DISPLAYS)
    lg = root.find(f".//{TEI}lg")
    lines = lg.findall(TEI + "l")
    texts = ["".join(line.itertext()) for line in lines]
    assert texts == ["This night of guns,", "Put asleep", "By a strike."]
    assert lines[-1].find(TEI + "note").get("n") == "2"


def test_two_short_lines_set_together_between_spaced_paragraphs_are_a_couplet():
    text = (f"{PROSE}One.\n\n{PROSE}Two.\n\nColours seen by candle light\nWill not look the same by day.\n\n"
            f"{PROSE}Three.\n\nShe said it twice.\n\n{PROSE}Four.\n")
    _, root = convert(text)
    groups = [[" ".join("".join(v.itertext()).split()) for v in lg.iter(f"{TEI}l")]
              for lg in root.iter(f"{TEI}lg")]
    assert groups == [["Colours seen by candle light", "Will not look the same by day."]]


def test_tab_indented_lines_become_a_list():
    _, root = convert(DISPLAYS)
    items = root.findall(f".//{TEI}list/{TEI}item")
    assert [i.text for i in items] == ["There is no work, but all work.",
                                       "The plan is met, but the shops are empty.",
                                       "The shops are empty, but all are content."]


def test_a_paragraph_introduced_by_a_colon_is_a_block_quotation():
    result, root = convert(DISPLAYS)
    quotes = root.findall(f".//{TEI}quote")
    assert len(quotes) == 1 and "".join(quotes[0].itertext()).strip().startswith("We are fifty years")
    assert result.document.counts["quotes"] == 1 and result.document.counts["verse"] == 1
    assert result.document.counts["lists"] == 1


def test_indented_dialogue_and_short_lines_without_extra_spacing_are_displays_too():
    text = (f"{PROSE}A joke:\n\n\u00a0\u00a0\u00a0‘Why is there no flour?’\n\n"
            f"\u00a0\u00a0\u00a0‘Because they put it in the bread.’\n\n{PROSE}And a poem.\n\n"
            f"The first line,\nThen the second line,\nAnd the third.\n\n{PROSE}The end.\n")
    _, root = convert(text)
    quote = root.find(f".//{TEI}quote")
    assert [p.text for p in quote.findall(TEI + "p")] == ["‘Why is there no flour?’",
                                                          "‘Because they put it in the bread.’"]
    assert len(root.findall(f".//{TEI}lg/{TEI}l")) == 3
    assert len(root.findall(f".//{TEI}body/{TEI}p")) == 3
    dialogue = f"{PROSE}They talked.\n\n‘Yes.’\n\n‘No?’\n\n‘Why not!’\n\n{PROSE}The end.\n"
    _, root = convert(dialogue)
    assert root.find(f".//{TEI}lg") is None and len(root.findall(f".//{TEI}body/{TEI}p")) == 5


def test_double_blank_lines_mark_untitled_sections():
    text = f"Title\n\n{PROSE}One.\n\n\n{PROSE}Two.\n\n{PROSE}Three.\n\n\n{PROSE}Four.\n"
    result, root = convert(text)
    sections = root.findall(f".//{TEI}div[@type='section']")
    assert len(sections) == 2
    assert [len(s.findall(TEI + "p")) for s in sections] == [2, 1]
    assert all(s.find(TEI + "head") is None for s in sections)
    assert result.document.counts["sections"] == 2


def test_a_title_line_between_paragraphs_heads_a_section():
    text = f"Title\n\n{PROSE}One.\n\nThe Great Turn\n\n{PROSE}Two.\n\n{PROSE}Three.\n"
    result, root = convert(text)
    sections = root.findall(f".//{TEI}div[@type='section']")
    assert [s.findtext(TEI + "head") for s in sections] == ["The Great Turn"]
    assert len(sections[0].findall(TEI + "p")) == 2
    assert result.document.metadata.title == "Title"


def test_figure_captions_and_image_placeholders_become_figures():
    text = (f"{PROSE}One.\n\n\nFigure 7.1. A new hut, 1930s (Library)\n\n{PROSE}Two.\n\n"
            f"[image: Map]\n\n{PROSE}Three.\n")
    result, root = convert(text)
    figures = root.findall(f".//{TEI}figure")
    assert [f.get("n") for f in figures] == ["7.1", None]
    assert figures[0].findtext(TEI + "head") == "Figure 7.1. A new hut, 1930s (Library)"
    assert figures[1].findtext(TEI + "head") == "Map" and figures[1].get("type") == "placeholder"
    assert result.document.counts["figures"] == 2


@pytest.mark.parametrize(("caption", "n"), [("Abb. 12. Schnitt durch die Drehbank.", "12"),
                                             ("Tafel IV.", "IV"), ("Plate III The harbour at dawn", "III"),
                                             ("Fig. 3. Der Hafen.", "3"), ("Tafel CDXLVIII.", "CDXLVIII"),
                                             ("Plate MCCIV", "MCCIV")])
def test_caption_words_of_any_language_make_figures(caption, n):
    _, root = convert(f"{PROSE}One.\n\n{caption}\n\n{PROSE}Two.\n")
    figures = root.findall(f".//{TEI}figure")
    assert [f.get("n") for f in figures] == [n]
    assert figures[0].findtext(TEI + "head") == caption


def test_a_caption_word_before_letters_that_are_no_roman_number_is_no_figure():
    _, root = convert(f"{PROSE}One.\n\nPlate DIXIM.\n\n{PROSE}Two.\n")
    assert root.find(f".//{TEI}figure") is None


def test_a_sentence_after_a_caption_word_and_number_is_no_figure():
    _, root = convert(f"{PROSE}One.\n\nAbb. 3 zeigt den Hafen von oben, wie er um 1900 aussah.\n\n{PROSE}\n")
    assert root.find(f".//{TEI}figure") is None


def test_bibliography_groups_under_their_headings_with_the_repeated_author_rule():
    text = ENDNOTES + """

Primary Sources

Bulgakov, Mikhail. The Master. New York: Vintage, 1996.

———. Letters. New Haven, CT: Yale University Press, 1995.

Scholarly Literature

Conquest, Robert. The Harvest. New York: Oxford University Press, 1987.

Anonymous. Songs of the Famine. Kiev: n.d.

Davies, R. W. The Years of Hunger. Houndsmills: Palgrave, 2004.


Burnt by the Sun. DVD. Directed by Nikita Mikhalkov. Culver City, CA: Sony, 2003.
"""
    result, root = convert(text)
    groups = root.findall(f".//{TEI}back/{TEI}div[@type='bibliography']/{TEI}div")
    assert [g.findtext(TEI + "head") for g in groups] == ["Primary Sources", "Scholarly Literature", None]
    assert [len(g.findall(f"{TEI}listBibl/{TEI}bibl")) for g in groups] == [2, 3, 1]
    assert groups[0].findall(f".//{TEI}bibl")[1].text.startswith("———. Letters.")
    assert result.document.counts["bibl"] == 6


def test_image_placeholder_before_a_chapter_stays_before_it():
    text = (f"{PROSE}One.1\n\n{PROSE}Two.2\n\n\n\n\n[image: Chapter]\n\n{PROSE}Three.1\n\n{PROSE}Four.2\n")
    _, root = convert(text)
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div[@type='chapter']")
    assert len(chapters) == 1 and chapters[0].find(TEI + "head") is None
    assert "".join(chapters[0].itertext()).strip().startswith(PROSE[:30])
    assert chapters[0].getprevious().tag == TEI + "figure"


def test_note_texts_listed_per_chapter_pair_with_their_chapter_and_headings_are_kept():
    text = (f" Chapter One\n\n{PROSE}First.1 More.2\n\n{PROSE}Third.3\n"
            f" Chapter Two\n\n{PROSE}Again.1 And.2\n\n\n"
            "Notes\n\nChapter One\n\n1. One one.\n\n2. One two.\n\n3. One three.\n\n"
            "Chapter Two\n\n1. Two one.\n\n2. Two two.\n")
    result, root = convert(text)
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div[@type='chapter']")
    assert [c.findtext(TEI + "head") for c in chapters] == ["Chapter One", "Chapter Two"]
    assert [note_text(chapters[1], n) for n in ("1", "2")] == ["Two one.", "Two two."]
    assert note_text(chapters[0], "3") == "One three."
    notes = root.find(f"{TEI}text/{TEI}back/{TEI}div[@type='notes']")
    assert notes.findtext(TEI + "head") == "Notes"
    assert [d.findtext(TEI + "head") for d in notes.findall(TEI + "div")] == ["Chapter One", "Chapter Two"]
    assert result.document.counts["notes"] == 5 and result.document.counts["notes_without_text"] == 0


def test_note_texts_printed_after_their_chapter_pair_with_that_chapter():
    text = (f" {PROSE}First.1 More.2\n\n1. One one.\n\n2. One two.\n"
            f" {PROSE}Again.1 And.2\n\n1. Two one.\n\n2. Two two.\n")
    result, root = convert(text)
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div[@type='chapter']")
    assert len(chapters) == 2
    assert [note_text(c, "2") for c in chapters] == ["One two.", "Two two."]
    assert root.find(f".//{TEI}body//{TEI}p[2]") is None  # the note texts left the running text
    assert not [d for d in result.diagnostics if d.code.startswith("NOTE")]


def test_chapter_note_lists_numbered_through_the_book_pair_with_their_chapter():
    """Each chapter's notes under ``Anmerkungen`` after it, numbered on from the chapter before
    (1, 2, then 3, 4, 5): the second list starts at 3 and still takes its chapter's markers."""
    prose = ("Der Hafen lag still in der Abendsonne, und niemand wusste, wann die Schiffe wieder auslaufen "
             "würden, denn der Wind kam seit Tagen aus derselben Richtung und die Fischer blieben zu Hause. ")
    text = (f"Erstes Kapitel\n\n{prose}Die Stadt.¹ Der Hafen.²\n\nAnmerkungen\n\n"
            "1. Erste Anmerkung.\n\n2. Zweite Anmerkung.\n\n"
            f"Zweites Kapitel\n\n{prose}Das Schiff.³ Die Fracht.⁴\n\n{prose}Der Wind.⁵\n\nAnmerkungen\n\n"
            "3. Dritte Anmerkung.\n\n4. Vierte Anmerkung.\n\n5. Fünfte Anmerkung.\n")
    result, root = convert(text)
    assert [note_text(root, n) for n in "12345"] == [f"{word} Anmerkung." for word in
                                                     ("Erste", "Zweite", "Dritte", "Vierte", "Fünfte")]
    assert before_note(root, "4").endswith("Die Fracht.")
    assert result.document.counts["notes"] == 5 and result.document.counts["notes_without_text"] == 0
    assert "Dritte Anmerkung." not in "".join(root.find(f".//{TEI}body").itertext()).replace(
        note_text(root, "3"), "", 1)


def test_numbered_paragraphs_before_every_marker_do_not_stop_markers_without_note_texts():
    """A numbered list in the text (1. … 5.) that the markers do not reach is no note list, and bracketed
    markers whose note texts the file lacks (``rope[1]``, numbered per chapter) are still notes."""
    places = ["harbour", "town", "hill", "road", "bridge"]
    steps = "".join(f"{k}. Take the {what}.\n\n" for k, what in enumerate(places, 1))
    text = (f"Chapter One\n\n{steps}{PROSE}The rope[1] in his sleeve.\n\n"
            f"Chapter Two\n\n{PROSE}The dwarf[1] and the girl[2] came.\n")
    result, root = convert(text)
    notes = list(root.iter(TEI + "note"))
    assert [n.get("n") for n in notes] == ["1", "1", "2"]
    assert before_note(root, "2").endswith("the girl")
    assert "1. Take the harbour." in words_of(root)
    assert result.document.counts["notes_without_text"] == 3


def test_one_asterisk_note_text_goes_to_the_marker_it_fits():
    text = (f"{PROSE}They met at 107 Charlotte Street*) in London.\n\n"
            f"{PROSE}The events of 9 January 1905 became known.* In that month.\n\n"
            " * Until February 1918 Russia used the Julian calendar, so January dates differ.\n")
    result, root = convert(text)
    notes = list(root.iter(TEI + "note"))
    assert [n.get("n") for n in notes] == ["*", "*"]
    assert notes[0].find(TEI + "gap") is not None
    assert "".join(notes[1].itertext()).startswith("Until February 1918")
    assert [d.line for d in result.diagnostics if d.code == "EBK001"] == [1]


def test_asterisk_note_text_after_the_notes_section_moves_to_its_marker_once():
    text = ENDNOTES.replace("said it10", "said it*") + "\n * The asterisk note.\n"
    result, root = convert(text)
    star = [n for n in root.iter(TEI + "note") if n.get("n") == "*"]
    assert len(star) == 1 and "".join(star[0].itertext()) == "The asterisk note."
    assert before_note(root, "*").endswith("said it")
    assert words_of(root).count("The asterisk note.") == 1
    assert not [d for d in result.diagnostics if d.code.startswith("NOTE")]


def test_asterisk_lines_without_any_asterisk_marker_stay_text():
    result, root = convert(f"{PROSE}Bring:\n\n* bread\n\n* salt\n\n{PROSE}Done.\n")
    assert root.find(f".//{TEI}note") is None and "* bread" in words_of(root)
    assert not [d for d in result.diagnostics if d.code.startswith("NOTE")]


def test_the_title_of_a_single_chapter_is_the_document_title():
    result, _ = convert(ENDNOTES)
    assert result.document.metadata.title == "A Chapter Title"


def test_glued_marker_is_cut_from_its_word_by_the_fidelity_check():
    marker = m.Removed("7", "note-marker", line=1, column=14)
    expected = fidelity.expected_words("Her forewomen7 (called) and 1938 too.", [marker])
    assert expected["forewomen"] == 1 and expected["forewomen7"] == 0 and expected["1938"] == 1


def test_score_prefers_ebooks_but_stays_modest_on_short_long_line_texts():
    plain_long = "\n\n".join(PROSE * 2 for _ in range(6))
    assert ebook.score(source_from_text(plain_long)) < 0.4
    chapter = "\n\n".join(f"{PROSE * 2}And so on.{k}" for k in range(1, 13))
    chapter += "\n\n\n" + "\n\n".join(f"{k}. The note text number {k}." for k in range(1, 13))
    assert ebook.score(source_from_text(chapter)) > 0.6
    wrapped = "\n".join(["a line of an OCR page wrapped at sixty chars or so"] * 200)
    assert ebook.score(source_from_text(wrapped)) < 0.1


BIBLIOGRAPHY = """

Primary Sources

Bulgakov, Mikhail. The Master. New York: Vintage, 1996.

———. Letters. New Haven, CT: Yale University Press, 1995.


Burnt by the Sun. DVD. Directed by Nikita Mikhalkov. Culver City, CA: Sony, 2003.
"""


@pytest.mark.parametrize("text", [ENDNOTES + BIBLIOGRAPHY, BOOK, DISPLAYS,
                                  ENDNOTES.replace("4. The fourth note.", "4. Four.\n\n5. Uncalled.")],
                         ids=["endnotes", "book", "displays", "uncalled"])
def test_ebook_output_is_valid_tei_and_valid_against_our_schema(text):
    result, _ = convert(text)
    assert errors_against("tei_all", result.tree) == []
    assert errors_against("own", result.tree) == []


# ---------------------------------------------------------------- note lists anywhere, never verse

COMPACT = """The Market Town
The old quarter watched the rise of the new markets.1 Most traders kept their shops open late.
Some of them did well, but many more sold at a loss.2
The council met twice a year to settle the prices of bread and salt.
Notes
1. On the markets of the period see the harbour records.
2. Prices fell by a third in the winter of that year.
"""


def test_one_paragraph_per_line_without_blank_lines_and_note_texts_one_per_line():
    result, root = convert(COMPACT)
    assert [n.get("n") for n in root.iter(TEI + "note")] == ["1", "2"]
    assert before_note(root, "1").endswith("the new markets.")
    assert before_note(root, "2").endswith("at a loss.")
    assert note_text(root, "1") == "On the markets of the period see the harbour records."
    assert "markets.1" not in words_of(root) and "loss.2" not in words_of(root)
    assert root.find(f".//{TEI}lg") is None
    removed = sorted((r.line, r.text) for r in result.document.removed)
    assert removed == [(2, "1"), (3, "2"), (6, "1."), (7, "2.")]


CHAPTER_NOTES = """Chapter One
The harbour was rebuilt in stone after the great storm.1 It took nine years.
The stone came from the quarries up the river.2
Notes
1. The storm is told in the town chronicle.
2. The quarries are still worked.
Chapter Two
The ferry ran twice a day in summer.1 In winter it stopped.
A bridge was planned but never built.2
Notes
1. The timetable survives.
2. The plans are in the archive.
"""


def test_note_lists_after_each_chapter_without_blank_lines_are_notes_not_verse():
    _, root = convert(CHAPTER_NOTES)
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div[@type='chapter']")
    assert [c.findtext(TEI + "head") for c in chapters] == ["Chapter One", "Chapter Two"]
    assert [note_text(c, "2") for c in chapters] == ["The quarries are still worked.",
                                                     "The plans are in the archive."]
    assert root.find(f".//{TEI}lg") is None and root.find(f".//{TEI}quote") is None
    notes = [d for d in root.iter(TEI + "div") if d.get("type") == "notes"]
    assert [d.findtext(TEI + "head") for d in notes] == ["Notes"] * 2
    assert words_of(root).count("The timetable survives.") == 1


FRONT_NOTES = f"""Notes

1. The storm is told in the town chronicle.
2. The quarries are still worked.
3. The timetable survives.


Chapter One

{PROSE}The harbour was rebuilt in stone after the great storm.1 It took nine years.

{PROSE}The stone came from the quarries up the river.2


Chapter Two

{PROSE}The ferry ran twice a day in summer.3 In winter it stopped.
"""


def test_a_notes_block_before_the_first_chapter_goes_to_the_markers_after_it():
    _, root = convert(FRONT_NOTES)
    assert [note_text(root, n) for n in "123"] == [
        "The storm is told in the town chronicle.", "The quarries are still worked.",
        "The timetable survives."]
    assert before_note(root, "3").endswith("in summer.")
    assert root.find(f".//{TEI}lg") is None
    assert words_of(root).count("The quarries are still worked.") == 1  # once: in its note
    assert [c.findtext(TEI + "head") for c in root.iter(TEI + "div") if c.get("type") == "chapter"] == [
        "Chapter One", "Chapter Two"]


def test_a_symbol_note_text_among_short_lines_is_written_once():
    text = (f"{PROSE}Examining the ledgers took a week.*\n\n"
            "Short line one\nShort line two\n* Examining the ledgers was slow work.\nShort line three\n")
    _, root = convert(text)
    assert note_text(root, "*") == "Examining the ledgers was slow work."
    assert words_of(root).count("ledgers was slow work") == 1


def test_a_conversion_that_loses_words_names_the_input_lines():
    text = f"{PROSE}One.\n\n{PROSE}Two.\n\nA line that the converter drops here.\n\n{PROSE}Three.\n"
    result, root = convert(text)
    lost = next(p for p in root.iter(TEI + "p") if p.text.startswith("A line"))
    lost.getparent().remove(lost)
    [problem] = fidelity.check(result.source.text, root, result.document.removed)
    assert problem.code == "FID001" and problem.line == 5
    assert "input line 5 not placed" in problem.message
    twice = next(p for p in root.iter(TEI + "p") if p.text.endswith("Two."))
    twice.addnext(etree.fromstring(etree.tostring(twice)))
    codes = {d.code: d for d in fidelity.check(result.source.text, root, result.document.removed)}
    assert codes["FID002"].line == 3 and "input line 3 written twice" in codes["FID002"].message


# ---------------------------------------------------------------- headings in the book's language

ITALIAN = "\n\n".join([
    "CAPITOLO PRIMO.",
    "Come andò che il falegname trovò un pezzo di legno che piangeva e rideva come un bambino.",
    "C'era una volta un pezzo di legno che stava nella bottega di un vecchio falegname, e il falegname "
    "lo guardava ogni giorno senza sapere che cosa farne, perché non era legno di lusso ma un semplice "
    "pezzo da catasta, di quelli che d'inverno si mettono nelle stufe.",
    "Non avete paura…?",
    "Il vecchio rispose che no, non aveva paura di nulla, e che il legno era soltanto legno, buono per "
    "fare una gamba di tavolino o per accendere il fuoco nelle sere d'inverno quando la neve copriva le "
    "strade del paese.",
    "— Ma chi è?",
    "Nessuno rispose, e la bottega rimase silenziosa come prima, mentre fuori il vento batteva contro le "
    "imposte e il fuoco nel camino si andava spegnendo piano piano senza che nessuno se ne curasse.\n",
    "CAPITOLO SECONDO.",
    "Il falegname regala il pezzo di legno al suo amico, il quale lo prende per fabbricarsi un burattino "
    "che sappia ballare e tirare di scherma e fare i salti mortali per girare il mondo.\n"])


def test_headings_come_from_the_books_words_not_from_question_marks():
    result, root = convert(ITALIAN)
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div")
    assert [c.findtext(TEI + "head") for c in chapters] == ["CAPITOLO PRIMO.", "CAPITOLO SECONDO."]
    paragraphs = [p.text for p in chapters[0].iter(TEI + "p")]
    assert "Non avete paura…?" in paragraphs and "— Ma chi è?" in paragraphs
    assert result.document.counts["sections"] == 0


SWEDISH = "\n\n".join([
    "TJUGONDE KAPITLET", "PÅ ALTARET.",
    "Moraklockan på Stadskällarn slog tolv, och alla i salen tystnade för att höra slagen, som ljöd "
    "genom rummet medan gästerna satt kvar vid sina bord och väntade på det som skulle komma sedan.",
    "TJUGUANDRA KAPITLET", "BISTRA TIDER.",
    "Hösten hade medfört stora förändringar även för Sellén, vars beskyddare hade avlidit, och nu "
    "skulle alla minnen efter honom skingras för vinden som löven i parken utanför hans fönster.\n"])


def test_a_label_of_the_books_shape_heads_a_chapter_with_the_title_after_it():
    _, root = convert(SWEDISH)  # "tjuguandra" (22) is no ordinal the language data knows
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div")
    heads = [" ".join("".join(c.find(TEI + "head").itertext()).split()) for c in chapters]
    assert heads == ["TJUGONDE KAPITLET PÅ ALTARET.", "TJUGUANDRA KAPITLET BISTRA TIDER."]
    assert all(c.find(f"{TEI}head/{TEI}lb") is not None for c in chapters)
    assert [c.get("type") for c in chapters] == ["chapter", "chapter"]


GERMAN = "\n\n".join([
    "Inhalt.", "Erstes Kapitel. Waare und Geld 1", "1) Die Waare 1", "2) Der Austauschprozess 45",
    "Zweites Kapitel. Die Verwandlung von Geld in Kapital 106",
    "Erstes Kapitel. Waare und Geld.", "1) Die Waare.",
    "Der Reichthum der Gesellschaften, in welchen kapitalistische Produktionsweise herrscht, erscheint "
    "als eine ungeheure Waarensammlung, die einzelne Waare als seine Elementarform, und so weiter fort.",
    "2) Der Austauschprozess.",
    "Die Waaren können nicht selbst zu Markte gehen und sich nicht selbst austauschen, und deshalb "
    "müssen wir uns nach ihren Hütern umsehn, den Waarenbesitzern, die sie zu Markte tragen und tauschen.",
    "Zweites Kapitel. Die Verwandlung von Geld in Kapital.",
    "Die Waarencirkulation ist der Ausgangspunkt des Kapitals, und Waarenproduktion und entwickelte "
    "Waarencirkulation, Handel, bilden die historischen Voraussetzungen, unter denen es entsteht.\n"])


def test_a_contents_list_heads_nothing_and_labelled_section_titles_head_sections():
    _, root = convert(GERMAN)
    heads = [" ".join("".join(h.itertext()).split()) for h in root.iter(TEI + "head")]
    assert "Erstes Kapitel. Waare und Geld 1" not in heads and "1) Die Waare 1" not in heads
    assert {"Erstes Kapitel. Waare und Geld.", "1) Die Waare.", "2) Der Austauschprozess.",
            "Zweites Kapitel. Die Verwandlung von Geld in Kapital."} <= set(heads)
    assert "Zweites Kapitel. Die Verwandlung von Geld in Kapital 106" in words_of(root)


@pytest.mark.parametrize(("line", "kind"), [
    ("CAPITOLO PRIMO.", "division"), ("Erstes Kapitel", "division"), ("Chapter 3", "division"),
    ("Book Two: The Harbour", "division"), ("IV", "number"), ("12.", "number"),
    ("IV. The Harbour", "number"), ("I. Die Erscheinung.", "number"), ("Preface", "matter"),
    ("Vorrede", "matter"), ("NOTES", "matter"), ("Er\u017ftes Kapitel.", "division"),
    ("Första kapitlet.", "division"), ("Viertes Kapitel. Die Produktion des Mehrwerths.", "division"),
    ("2) Cooperation.", "number"), ("A. Mass der Werthe.", "number"),
    ("-I-", "number"), ("— XII —", "number"), ("[III]", "number"), ("* 4 *", "number"), ("[12]", None),
    ("-word-", None), ("(a)", None), ("[Act 1, Scene 2]", "division"), ("Act 1, Scene 2", "division"),
    ("[Preface]", "matter"), ("[Exit.]", None), ("[Aside]", None), ("1.2. Creation", "number"),
    ("1.10. Excursus: Treatise of Manu", "number"), ("3.4.1 The Harbour", "number"),
    ("The Great Turn", "title"), ("BIOGRAPHICAL NOTICE.", "title"),
    ("Non avete paura…?", None), ("— Ecco", None), ("Part two of the plan was to sail.", None),
    ("1. The first note", None), ("12345", None), ("!!! ???", None), ("civil", None), ("Fine.", None),
    ("Vorrede zur zweiten Auflage.", "matter"), ("Preface to the Second Edition", "matter"),
    ("PRÉFACE DE LA SECONDE ÉDITION", "matter"), ("Notes on the text.", "matter"),
    ("Fin de la partie.", None), ("Introduction of the tax was slow.", None),
    ("Preface, written in haste.", None),
])
def test_heading_evidence(line, kind):
    assert structure.heading_kind(line) == kind


def test_a_lone_number_out_of_sequence_heads_nothing():
    poster = "GRANDE SPETTACOLO\nDI\nGALA\nPer questa sera"
    text = "\n\n".join(["XXXIII", PROSE, poster, PROSE, "XXXIV", PROSE])
    _, root = convert(text)
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div[@type='chapter']")
    assert [c.findtext(TEI + "head") for c in chapters] == ["XXXIII", "XXXIV"]


# ---------------------------------------------------------------- wrapped text (Project Gutenberg's style)

WRAPPED = """THE HARBOUR


CHAPTER I.

The harbour was rebuilt in stone after the great storm of that winter,
when the sea came over the old wooden quay and carried away half of the
boats that were tied up there for the season, and the town council met

in the church because its own hall was flooded to the height of a man.
It took nine years to finish the work, and the stone came down the river
on barges from the quarries that are still worked today by the families.

    The sea came in at night,
    And took the boats away;
    The council met at light
    And had no more to say.

The ferry ran twice a day in summer and once a day in winter, when the
weather allowed it, and the ferryman kept a book of every crossing.

1.E.1. The following sentence, with active links to, or other immediate
access to, the full licence must appear prominently whenever any copy of
a work is accessed, displayed, performed, viewed, copied or distributed.

1.E.2. If an individual work is derived from texts not protected by law
(does not contain a notice indicating that it is posted with permission of
the copyright holder), the work can be copied and distributed to anyone.
"""


def test_wrapped_lines_are_paragraphs_and_a_numbered_legal_list_is_no_notes():
    result, root = convert(WRAPPED)
    body = root.find(f"{TEI}text/{TEI}body")
    assert len(list(body.iter(TEI + "div"))) <= 2
    first = next(p for p in body.iter(TEI + "p") if "rebuilt in stone" in "".join(p.itertext()))
    assert len(first.findall(TEI + "lb")) == 2  # three source lines, one paragraph
    assert [len(lg.findall(TEI + "l")) for lg in body.iter(TEI + "lg")] == [4]
    assert root.find(f".//{TEI}note") is None
    assert result.document.counts["notes"] == 0 and result.document.counts["chapters"] <= 2
    chapters = body.findall(f"{TEI}div[@type='chapter']")
    assert [c.findtext(TEI + "head") for c in chapters] == ["CHAPTER I."]
    assert root.findtext(f"{TEI}text/{TEI}front/{TEI}titlePage/{TEI}docTitle/{TEI}titlePart") == "THE HARBOUR"


def test_a_wrapped_note_text_keeps_its_lines_in_the_note():
    text = (f"{PROSE}The quay was rebuilt.1\n\n{PROSE}The ferry ran twice a day.2\n\nNotes\n\n"
            "1. The quay is described at length in the harbour records of the town, which\n"
            "were kept by the clerk of the council.\n2. The timetable survives.\n")
    _, root = convert(text)
    assert " ".join(note_text(root, "1").split()) == (
        "The quay is described at length in the harbour records of the town, which were kept by the clerk "
        "of the council.")
    assert note_text(root, "2") == "The timetable survives."


# ---------------------------------------------------------------- regressions found by the fuzzer

@pytest.mark.parametrize("text", [
    "§ merchants merchants.1*\n§ merchants merchants.2*\n\U000aac55è\U000e29e0\x02\x85\n \n"
    "\tweather of * market ﬁne rope and\n§ merchants merchants.3*\n",
    "\t¹ ferry ² ’ bread\r\n\r\n\t“ ۱۲ years council 1917 was merchants 1917\r\n\r\n"
    "\t* 1.7 rope weather\r\n\r\n\r\n\r\n\r\nJ\r\n\r\nExamining tide prices ‘ lantern stone ́ "
    "weather* ” Examining ferry prices of the ‘ harbour 1.E.1. ‘ and ½:\r\n\r\n",
    "Anmerkungen\n1. — * of market rope ”.\n† A dagger note.\nthe ½\nstone weather » x\u200by market\n"
    "… x\u200by 1917 had weather “\ntown —\n— * of market rope ”\nthe … years «\n"
    "Bread lantern « ² tide 1.7 ¹ prices 1.E.1. town “ été ﬁne. Lantern years lantern bread salt of — "
    "salt ² of ² river ‘: … 1.E.1. » weather » salt ﬁne and harbour tide † market ‘.*\n",
    "[image: Chapter]\n",
    "x\n\n³\n\nChapter 1\n",
], ids=["symbols-and-a-control", "verse-and-asterisk", "note-list-among-short-lines", "only-a-figure",
        "superscript-digit-heading"])
def test_fuzzer_finds(text):
    for name in ("ebook", "auto"):
        result = convert_source(source_from_text(text), name)
        assert result.ok, [d.to_text() for d in result.diagnostics]
        assert errors_against("own", result.tree) == []


# ---------------------------------------------------------------- property: any ebook-like text converts

WORDS = ["harbour", "merchants", "bread", "salt", "council", "winter", "river", "stone", "quarry", "ships",
         "market", "town", "years", "prices", "the", "of", "and", "in", "to", "was", "were", "had", "rope",
         "tide", "lantern", "ferry", "island", "weather"]
ODD = ["e\u0301te\u0301", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "a\u00a0b",
       "x\u200by", "\ufb01ne", "\u01c4", "\u06f1\u06f2", "\u00bd", "1.E.1.", "\u2014", "\u2026", "\u00ab",
       "\u00bb", "\u2018", "\u2019", "\u201c", "\u201d", "*", "\u2020", "tab\there", "\u00a7", "\u00b9",
       "\u00b2", "\u00b3", "1917", "1.7", "300", "19383)", "Examining", "\u202e", "\u0301", "\u200f"]
HEADINGS = ["Chapter 3", "CHAPTER IV.", "CAPITOLO PRIMO.", "IV", "Introduction", "Notes", "NOTES",
            "Kapitel 2", "Erstes Kapitel", "Book Two: The Harbour", "The Harbour Wall", "Preface",
            "Non avete paura\u2026?", "Vorrede", "12.", "Part One", "Anmerkungen", "DI",
            "I. Die Erscheinung."]
HOSTILE = ["!!! ??? ... ;;; ---", "----------", "  \u00a0\u00a0  \u00a0", "\u00a0\u00a0\u00a0indented line",
           "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd. \u0645\u0631\u062d\u0628\u0627.",
           "a\u0301\u0302\u0303 b\u0308 c\u0327", "tab\tinside\tthe\tline", "x" * 3000,
           " ".join(["harbour"] * 900), "1.", "2.", "*", "\u2026", "12345", "\t\t", "(1)", "[2]", "* * *",
           "\t",
           "[image: Chapter]", "[image]",
           "Figure 2.1. The harbour in winter", "\u2014 Non avete paura\u2026?", "\u2018Yes.\u2019",
           "Ma come",
           "* Examining the records.", " * Until 1918 the calendar differed.", "\u2020 A dagger note.",
           "Smith, John. The Harbour. London: Salt Press, 1901.", "\u2014\u2014\u2014. Another Book. 1903."]


@st.composite
def _words(draw, low=3, high=14):
    return draw(st.lists(st.one_of(*[st.sampled_from(WORDS)] * 4, st.sampled_from(ODD)),
                         min_size=low, max_size=high))


@st.composite
def _paragraph(draw, markers):
    sentences = []
    for _ in range(draw(st.integers(1, 6))):
        ws = draw(_words())
        text = " ".join(ws)[:1].upper() + " ".join(ws)[1:]
        text += draw(st.sampled_from([".", "?", "!", "\u2026", ":", ""]))
        if draw(st.integers(0, 3)) == 0:  # a glued marker
            markers[0] += 1
            text += draw(st.sampled_from(["", ".", ".\u2019", ")", " "])) + str(markers[0])
        sentences.append(text + ("*" if draw(st.integers(0, 12)) == 0 else ""))
    return " ".join(sentences)


@st.composite
def _note_list(draw, markers):
    count, markers[0] = markers[0] or draw(st.integers(1, 4)), 0
    head = [draw(st.sampled_from(["Notes", "NOTES", "Anmerkungen", "Note"]))] if draw(st.booleans()) else []
    items = []
    for k in range(1, count + 1):
        body = " ".join(draw(_words(2, 24)))
        if draw(st.integers(0, 3)) == 0:  # wrapped over lines
            body = body[:40] + "\n" + body[40:]
        items.append(f"{k}. {body[:1].upper()}{body[1:]}.")
    return draw(st.sampled_from(["\n", "\n\n"])).join(head + items)


@st.composite
def _block(draw, markers):
    kind = draw(st.sampled_from(["para"] * 6 + ["heading", "notes", "notes", "verse", "quote", "list",
                                                "hostile", "wrapped", "indented", "random"]))
    if kind == "para":
        return draw(_paragraph(markers))
    if kind == "heading":
        return draw(st.sampled_from(HEADINGS))
    if kind == "notes":
        return draw(_note_list(markers))
    if kind == "verse":
        return "\n".join(" ".join(draw(_words(2, 6))) for _ in range(draw(st.integers(2, 6))))
    if kind == "quote":
        return draw(_paragraph(markers)) + ":\n\n\n" + draw(_paragraph(markers)) + "\n\n\n"
    if kind == "list":
        return "\n\n".join("\t" + " ".join(draw(_words(2, 8))) for _ in range(draw(st.integers(1, 4))))
    if kind == "hostile":
        return draw(st.sampled_from(HOSTILE))
    if kind == "wrapped":
        words, lines = draw(_words(30, 80)), [""]
        for word in words:
            full = len(lines[-1]) + len(word) > 68
            lines[-1:] = [lines[-1], word] if full else [f"{lines[-1]} {word}".strip()]
        return "\n".join(lines)
    if kind == "indented":
        return draw(st.sampled_from([" ", "  ", "\u00a0\u00a0", "\t"])) + draw(_paragraph(markers))
    return draw(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=120))


@st.composite
def ebook_texts(draw):
    """Ebook-like text: headings, paragraphs with glued markers, note lists with and without blank
    lines (before the chapters, after them, at the end), verse, quotations, lists, and hostile lines;
    every kind of line end."""
    markers = [0]
    blocks = draw(st.lists(_block(markers), min_size=1, max_size=20))
    gaps = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n\n", "\n\n\n", "\n\n\n\n\n", "\n \n"]),
                         min_size=len(blocks), max_size=len(blocks)))
    text = "".join(b + g for b, g in zip(blocks, gaps, strict=True))
    return text.replace("\n", draw(st.sampled_from(["\n", "\n", "\r\n", "\r"])))


@pytest.mark.slow
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(ebook_texts())
def test_any_ebook_like_text_converts_valid_and_keeps_every_word(text):
    if not text.strip():
        return
    for name in ("ebook", "auto"):
        result = convert_source(source_from_text(text), name)
        assert result.ok, [d.to_text() for d in result.diagnostics if d.severity.value == "error"]
        assert errors_against("own", result.tree) == []
        assert convert_source(source_from_text(text), name).data == result.data


# ---------------------------------------------------------------- the real ebooks

EBOOKS = ["003_ff8ddea604f018d9", "004_536898e81d813c4b"]


@pytest.mark.slow
@pytest.mark.parametrize("name", EBOOKS)
def test_corpus_ebook_is_detected_and_keeps_every_word(name):
    path = shared_path("corpus", f"{name}.txt")
    result = converted(path)
    assert result.document.layout == "ebook"
    assert layout.detect(result.source) == "ebook"
    assert result.ok, [d.to_text() for d in result.diagnostics if d.severity.value == "error"]


@pytest.mark.slow
@pytest.mark.parametrize("name", EBOOKS)
def test_corpus_notes_match_the_development_gold_exactly(name):
    gold = json.loads(shared_path("eval", "gold-dev", f"{name}.json").read_text(encoding="utf-8"))
    result = converted(shared_path("corpus", f"{name}.txt"))
    last = max(g["ref_line"] for g in gold["notes"])
    found = sorted((w.line, w.message.split(":")[0]) for w in result.diagnostics if w.code == "EBK001")
    notes = [(r.line, r.text) for r in result.document.removed
             if r.reason == "note-marker" and r.line <= last]
    assert sorted(notes) == sorted((g["ref_line"], g["n"]) for g in gold["notes"])
    with_body = {(g["ref_line"], g["n"]) for g in gold["notes"] if g.get("body")}
    absent = {(line, msg.split()[1]) for line, msg in found if line <= last}
    assert not with_body & absent


def test_the_language_the_user_gives_reaches_the_reader():
    """``--lang sv`` (a sidecar's ``language``): the reader takes Swedish's words (``kapitlet``)
    though the text's prose is English."""
    text = f"FÖRSTA KAPITLET\n\n{PROSE * 2}\n\n{PROSE * 2}\n\nANDRA KAPITLET\n\n{PROSE * 2}\n\n{PROSE * 2}\n"
    types = []
    for metadata in (None, {"language": "sv"}):
        result = convert_source(source_from_text(text), "ebook", metadata=metadata)
        types.append([d.get("type") for d in etree.fromstring(result.data).iter(TEI + "div")])
    assert types == [["chapter", "section"], ["chapter", "chapter"]]


def test_chapter_numbers_between_dashes_head_chapters():
    text = "".join(f"-{numeral}-\n\n{PROSE}The crossing {k}.\n\n{PROSE}After it.\n\n"
                   for k, numeral in enumerate(["I", "II", "III", "IV"], 1))
    _, root = convert(text)
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div")
    assert [c.findtext(TEI + "head") for c in chapters] == ["-I-", "-II-", "-III-", "-IV-"]


def test_a_title_in_capitals_before_a_chapter_motto_heads_a_section():
    """``NYA STRIDER.`` standing alone, then a motto of one short line, then the chapter's prose:
    a title in capitals needs no long paragraph right after it."""
    titles = ["THE FIRST QUARREL.", "NEW QUARRELS.", "CHRISTMAS."]
    text = "".join(f"{title}\n\n«A short motto for the chapter, {k}» –\n\n{PROSE}The story {k}.\n\n"
                   f"{PROSE}More.\n\n" for k, title in enumerate(titles, 1))
    _, root = convert(text)
    heads = [h.text for h in root.iter(TEI + "head")]
    assert heads == ["THE FIRST QUARREL.", "NEW QUARRELS.", "CHRISTMAS."]


def test_short_lines_indented_by_spaces_among_flush_paragraphs_are_verse_not_headings():
    """A line or two of verse quoted in the prose, set off by spaces where the paragraphs are flush:
    ``<lg>``, not a section title; an indented title in title case is still a title."""
    text = (f"{PROSE}As the old song has it\n\n    That left him at his death\n\n"
            f"    only his sword and his good name\n\n{PROSE}So the poet says.\n\n"
            f"    The Second Crossing\n\n{PROSE}Later.\n\n{PROSE}Much later.\n")
    _, root = convert(text)
    verse = root.findall(f".//{TEI}lg")
    assert [[" ".join(line.text.split()) for line in lg] for lg in verse] == [
        ["That left him at his death", "only his sword and his good name"]]
    assert [h.text.strip() for h in root.iter(TEI + "head")] == ["The Second Crossing"]


def test_numbered_paragraphs_inside_a_chapter_leave_its_markers_to_the_notes_under_its_heading():
    """``1) …`` ``2) …`` paragraphs among a chapter's markers 3 … 6, its notes 3. … 6. under
    ``Notes`` after it: though ``N1`` and ``CO2`` before them could call them, the paragraphs stay
    text and every marker finds its note."""
    text = (f"Chapter One\n\n{PROSE}The quay.1 The gate.2\n\nNotes\n\n1. First.\n\n2. Second.\n\n"
            f"Chapter Two\n\n{PROSE}The town.3 The road.4 Then N1 fell and CO2 rose.\n\n"
            "1) We take the harbour.\n\n2) We take the hill.\n\n"
            f"{PROSE}The bridge.5 The sea.6\n\nNotes\n\n3. Third.\n\n4. Fourth.\n\n5. Fifth.\n\n6. Sixth.\n")
    result, root = convert(text)
    words = ["First.", "Second.", "Third.", "Fourth.", "Fifth.", "Sixth."]
    assert [note_text(root, n) for n in "123456"] == words
    assert before_note(root, "4").endswith("The road.")
    assert "1) We take the harbour." in words_of(root)
    assert result.document.counts["texts_without_marker"] == 0


def test_one_marker_in_brackets_glued_to_its_stop_is_a_note_without_text():
    """A book exported without its note texts that had only one note: ``mig.[1]`` is still a
    marker, where a lone glued number (``forewomen7``) is no evidence of a note."""
    result, root = convert(f"{PROSE}The garden pleased me.[1] A walk followed.\n\n{PROSE}Then home.\n")
    assert [n.get("n") for n in root.iter(TEI + "note")] == ["1"]
    assert before_note(root, "1").endswith("pleased me.")
    assert result.document.counts["notes_without_text"] == 1
    _, root = convert(f"{PROSE}The forewomen7 came.\n\n{PROSE}Then home.\n")
    assert root.find(f".//{TEI}note") is None


def test_a_short_phrase_before_a_long_paragraph_heads_a_section_where_short_lines_are_rare():
    """One paragraph per long line, short lines rare: ``Das Christenthum im Reiche.`` before a
    paragraph is a section title though it ends with a period; in a text of many short lines
    (dialogue) such a line stays a paragraph."""
    titles = ["Das Christenthum im Reiche.", "Verweltlichung der Kirche.", "Geistige Richtung."]
    text = "".join(f"{title}\n" + f"{PROSE * 2}\n" * 10 for title in titles)
    _, root = convert(text)
    assert [h.text for h in root.iter(TEI + "head")] == titles
    chatty = "".join(f"{title}\n{PROSE * 2}\nJa.\nNein.\nVielleicht.\n" for title in titles)
    _, root = convert(chatty)
    assert root.find(f".//{TEI}head") is None


SUPERSCRIPT_NOTES = """Erstes Kapitel

Die Mühle stand am Bach, und der Müller mahlte das Korn des ganzen Dorfes.¹

Im Winter fror das Rad fest, und die Bauern warteten bis zum März.


Zweites Kapitel

Eines Tages kam ein Fremder mit einem Wagen voller Säcke ins Dorf.²


Anmerkungen

¹ Die Mühle brannte später ab.

² Er kam aus der Stadt am Fluss.
"""


def test_superscript_markers_take_the_superscript_note_texts_under_a_notes_heading():
    result, root = convert(SUPERSCRIPT_NOTES)
    assert [note_text(root, n) for n in "12"] == ["Die Mühle brannte später ab.",
                                                  "Er kam aus der Stadt am Fluss."]
    assert before_note(root, "1").endswith("des ganzen Dorfes.")
    assert all(e.get("place") == "end" for e in root.iter(TEI + "note"))
    words = words_of(root)
    assert "¹" not in words and "²" not in words and words.count("Die Mühle brannte") == 1
    removed = {(r.text, r.reason) for r in result.document.removed}
    assert {("¹", "note-label"), ("²", "note-marker")} <= removed


PARENTHESISED_NOTES = """I. Le moulin
Le moulin se dressait au bord du ruisseau, sous les saules de Val-Brun (1).
Le meunier y travaillait du matin au soir, et son fils portait les sacs au village.
II. Le voyage
Un jour le fils partit pour la ville avec la charrette et les deux chevaux (2).
NOTES
(1) Val-Brun est un hameau de la vallée.
(2) Le voyage durait trois jours.
"""


def test_markers_in_parentheses_after_a_space_take_their_note_texts():
    result, root = convert(PARENTHESISED_NOTES)
    assert [note_text(root, n) for n in "12"] == ["Val-Brun est un hameau de la vallée.",
                                                  "Le voyage durait trois jours."]
    assert before_note(root, "1").endswith("sous les saules de Val-Brun")
    words = words_of(root)
    assert "(1)" not in words and "(2)" not in words
    assert next(e for e in root.iter(TEI + "note") if e.get("n") == "1").tail == "."
    assert (" (2)", "note-marker") in {(r.text, r.reason) for r in result.document.removed}


def test_numbers_in_parentheses_without_note_texts_stay_text():
    text = ("I. Le moulin\nIl fallait trois choses : du blé (1), de l'eau (2) et du courage (3).\n"
            "Le meunier les avait toutes, et son fils aussi, disait-on au village.\nII. Le voyage\n"
            "Un jour le fils partit pour la ville avec la charrette et les deux chevaux.\n")
    _, root = convert(text)
    assert root.find(f".//{TEI}note") is None
    assert "du blé (1), de l'eau (2) et du courage (3)." in words_of(root)


BYLINE_TITLE = """The Salt Road
by Anna Berwick

Contents
Chapter 1. The Pans
Chapter 2. The Carts

Chapter 1. The Pans
The salt pans lay along the shore, and in summer the women raked them every evening before dark.
Chapter 2. The Carts
The carts went inland on the old road, four days to the market town and four days back again.
"""


def test_a_title_line_and_its_byline_at_the_top_are_the_title_page_and_the_header_title():
    _, root = convert(BYLINE_TITLE)
    header = root.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt")
    assert header.findtext(TEI + "title") == "The Salt Road"
    assert header.findtext(TEI + "author") == "Anna Berwick"
    page = root.find(f"{TEI}text/{TEI}front/{TEI}titlePage")
    assert page.findtext(f"{TEI}docTitle/{TEI}titlePart") == "The Salt Road"
    assert " ".join("".join(page.find(TEI + "byline").itertext()).split()) == "by Anna Berwick"
    heads = [d.findtext(TEI + "head") for d in root.find(f"{TEI}text/{TEI}body").iter(TEI + "div")]
    assert "The Salt Road" not in heads and "Chapter 1. The Pans" in heads
    assert words_of(root).count("The Salt Road") == 1 and words_of(root).count("by Anna Berwick") == 1


def test_a_title_line_set_off_before_the_contents_heading_is_the_title():
    text = ("Die Salzstraße\n\nInhalt\n\nErstes Kapitel\nZweites Kapitel\n\n\nErstes Kapitel\n\n"
            "Die Salzpfannen lagen am Ufer, und im Sommer rechten die Frauen sie jeden Abend vor der "
            "Dunkelheit.\n\n\nZweites Kapitel\n\nDie Wagen fuhren auf der alten Straße ins Land, vier "
            "Tage bis zur Stadt mit dem Markt und vier Tage wieder zurück.\n")
    _, root = convert(text)
    assert root.findtext(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}title") == "Die Salzstraße"
    page = root.find(f"{TEI}text/{TEI}front/{TEI}titlePage")
    assert page.findtext(f"{TEI}docTitle/{TEI}titlePart") == "Die Salzstraße"


def test_a_first_line_with_a_note_marker_is_no_title_page():
    text = BYLINE_TITLE.replace("The Salt Road\n", "The Salt Road.1\n", 1) + "Notes\n1. A note on the road.\n"
    _, root = convert(text)
    assert root.find(f".//{TEI}titlePage") is None
    assert note_text(root, "1") == "A note on the road."


def test_a_first_line_before_prose_is_no_title_page():
    text = f"The Salt Pans\n\n{PROSE}\n\nChapter 2\n\n{PROSE}\n\nChapter 3\n\n{PROSE}\n"
    _, root = convert(text)
    assert root.find(f".//{TEI}titlePage") is None
    assert root.find(f"{TEI}text/{TEI}body").findtext(f".//{TEI}head") == "The Salt Pans"


SHORT_WRAPPED = """Inhalt

Erstes Kapitel: Die Brücke
Zweites Kapitel: Der Fährmann


Erstes Kapitel: Die Brücke

Die alte Brücke über den Fluss war im Frühjahr vom Hochwasser
weggerissen worden, und die Bauern mussten mit dem Boot fahren.

Der Bürgermeister schrieb dreimal an die Regierung in der Stadt
und bat um Geld für eine neue Brücke aus Stein.


Zweites Kapitel: Der Fährmann

Der Fährmann verlangte von jedem Bauern einen Groschen für die
Überfahrt und wurde in einem einzigen Sommer ein reicher Mann.
"""


def test_a_short_book_of_prose_wrapped_at_a_fixed_width_is_paragraphs_not_verse():
    _, root = convert(SHORT_WRAPPED)
    assert root.find(f".//{TEI}lg") is None
    paragraphs = ["".join(p.itertext()) for p in root.find(f"{TEI}text").iter(TEI + "p")]
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Die alte Brücke") and paragraphs[0].endswith("mit dem Boot fahren.")
