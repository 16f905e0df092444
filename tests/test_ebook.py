# ruff: noqa: RUF001  (ebook text is full of typographic quotes and dashes)
"""The ebook reader: glued note markers, note texts, chapters, displays, figures, bibliography.

Each pattern is shown on a small text composed for the test; the corpus tests at
the end check the real ebooks against the development gold.
"""

from __future__ import annotations

import json

import pytest
from conftest import converted
from lxml import etree
from shared import shared_path

from schemas import errors_against
from teitools import fidelity, layout
from teitools import model as m
from teitools.convert import convert_source
from teitools.readers import ebook
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


def test_chapter_title_lines_start_chapters():
    text = f"Chapter 1\n\n{PROSE}One.1 Two.2\n\n\nChapter 2\n\n{PROSE}Three.1\n\nIII\n\n{PROSE}Four.\n"
    _, root = convert(text)
    chapters = root.findall(f"{TEI}text/{TEI}body/{TEI}div[@type='chapter']")
    assert [c.findtext(TEI + "head") for c in chapters] == ["Chapter 1", "Chapter 2", "III"]
    assert [n.get("n") for n in chapters[1].iter(TEI + "note")] == ["1"]


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


# ---------------------------------------------------------------- the real ebooks

EBOOKS = ["003_ff8ddea604f018d9", "004_536898e81d813c4b"]


@pytest.mark.parametrize("name", EBOOKS)
def test_corpus_ebook_is_detected_and_keeps_every_word(name):
    path = shared_path("corpus", f"{name}.txt")
    result = converted(path)
    assert result.document.layout == "ebook"
    assert layout.detect(result.source) == "ebook"
    assert result.ok, [d.to_text() for d in result.diagnostics if d.severity.value == "error"]


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
