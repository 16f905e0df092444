"""The OCR'd paged book reader: page numbers, captions, split words, headings, fixes.

Every test text is composed here to show one pattern of OCR'd books; the corpus
tests at the end read ../shared.
"""

from __future__ import annotations

import textwrap

import pytest
from conftest import converted
from lxml import etree
from shared import REPO, corpus_files, shared_path

from teitools import layout
from teitools import model as m
from teitools.convert import convert_source
from teitools.readers import ocr, ocr_pages
from teitools.readers.dehyphenate import Vocabulary
from teitools.source import source_from_text

TEI = "{http://www.tei-c.org/ns/1.0}"
NS = {"t": "http://www.tei-c.org/ns/1.0"}

FILLER = (
    "The harbour was built over many summers by people who kept careful records of every stone "
    "and every wage that was paid for the work along the quay and the long breakwater beyond it "
    "where the fishing boats waited for the tide to turn before they could go out to sea again "
    "with their nets and their lanterns and their hopes for a better catch than the week before "
    "when the weather had kept them at home beside the fire mending sails and telling stories "
    "about the great storm that had broken the old wall and flooded the market square for days"
)


def prose(count: int, shift: int = 0) -> list[str]:
    """``count`` wrapped lines of plain prose without digits or sentence ends."""
    words = FILLER.split()
    rotated = " ".join(words[shift % len(words):] + words[:shift % len(words)])
    lines = textwrap.wrap(rotated * 3, 64)
    return lines[:count]


def book(*pages: list[str]) -> str:
    """Pages joined as OCR exports them: separated by runs of three blank lines."""
    return "\n\n\n\n".join("\n".join(page) for page in pages) + "\n"


def convert(text: str) -> etree._Element:
    result = convert_source(source_from_text(text), "ocr-paged")
    assert result.ok, [d.to_text() for d in result.diagnostics]
    return result.tree.getroot()


def page_breaks(root: etree._Element) -> list[str]:
    return [pb.get("n") for pb in root.iter(TEI + "pb")]


def text_after(el: etree._Element, chars: int = 40) -> str:
    """The words that follow an element in document order (tails and later text)."""
    out: list[str] = []
    node: etree._Element | None = el
    while node is not None and sum(map(len, out)) < chars:
        if node is not el and node.text and node.tag != TEI + "fw":
            out.append(node.text)
        if node.tail:
            out.append(node.tail)
        nxt = node.getnext()
        while nxt is None and node is not None:
            node = node.getparent()
            if node is None:
                break
            if node.tail:
                out.append(node.tail)
            nxt = node.getnext()
        node = nxt
    return " ".join(" ".join(out).split())[:chars]


def running_words(root: etree._Element) -> list[str]:
    """Words of <text> as a reader sees them: no forme work, corrections applied."""
    body = root.find(f"{TEI}text")
    assert body is not None
    copy = etree.fromstring(etree.tostring(body))
    for el in list(copy.iter(TEI + "fw", TEI + "sic")):
        el.getparent().remove(el)
    return " ".join(copy.itertext()).split()


# ---------------------------------------------------------------- page numbers


def test_numbers_at_line_end_alone_and_line_start_become_page_breaks():
    text = book(
        [*prose(6), "the long breakwater beyond the quay where the boats wait 7"],
        [*prose(6, 5), "8."],
        [*prose(5, 9), "io number of the harbour records were kept in the office"],
        [*prose(6, 13), "where the boats waited for the tide to turn again 11"],
    )
    root = convert(text)
    assert page_breaks(root) == ["7", "8", "9", "10", "11"] or page_breaks(root) == ["7", "8", "10", "11"]
    fws = [(fw.get("type"), "".join(fw.itertext())) for fw in root.iter(TEI + "fw")]
    assert [t for t, _ in fws] == ["pageNum"] * 4
    # the misread "io" is kept as printed, with its reading as a number beside it
    choice = root.find(".//t:fw/t:choice", NS)
    assert choice is not None
    assert (choice.findtext("t:sic", namespaces=NS), choice.findtext("t:corr", namespaces=NS)) == ("io", "10")
    words = running_words(root)
    assert "7" not in words and "8." not in words and "8" not in words and "io" not in words


def test_page_break_stands_where_the_page_begins():
    first = [*prose(5), "the long breakwater beyond the quay where the boats wait 7"]
    second = ["Later the town council paid for a new wall", *prose(5, 3), "waiting for the tide 8"]
    root = convert(book(first, second))
    pbs = {pb.get("n"): pb for pb in root.iter(TEI + "pb")}
    assert text_after(pbs["7"]).startswith(first[0][:30])
    assert text_after(pbs["8"]).startswith("Later the town council")


def test_split_page_number_is_one_page():
    root = convert(book(
        [*prose(6), "the long breakwater beyond the quay where the boats 34"],
        [*prose(6, 4), "the market square was flooded for many days 3 5"],
        [*prose(6, 8), "and the fishing boats waited for the tide 36"],
    ))
    assert page_breaks(root) == ["34", "35", "36"]
    corr = root.find(".//t:fw/t:choice/t:corr", NS)
    assert corr is not None and corr.text == "35"


def test_a_year_at_a_line_end_is_not_a_page_number():
    page = [*prose(3), "the great storm that broke the old wall came in 1917", *prose(3, 2)]
    root = convert(book(
        [*prose(6), "the long breakwater beyond the quay where the boats 20"],
        [*page, "and the fishing boats waited for the tide 21"],
        [*prose(6, 7), "beside the fire mending their sails and nets 22"],
    ))
    assert page_breaks(root) == ["20", "21", "22"]
    assert "1917" in running_words(root)


def test_a_count_in_the_text_is_not_taken_for_a_page_number():
    root = convert(book(
        [*prose(6), "the long breakwater beyond the quay where the boats 40"],
        [*prose(3, 3), "the records name the fishing boats of the harbour as 12", *prose(2, 5),
         "and the fishing boats waited for the tide 41"],
        [*prose(6, 7), "beside the fire mending their sails and nets 42"],
    ))
    assert page_breaks(root) == ["40", "41", "42"]
    assert "12" in running_words(root)


def test_unprinted_page_certain_from_the_sequence_is_supplied():
    root = convert(book(
        [*prose(6), "the long breakwater beyond the quay where the boats 50"],
        prose(7, 4),  # page 51: a chapter's end, printed without its number
        [*prose(6, 8), "and the fishing boats waited for the tide 52"],
    ))
    assert page_breaks(root) == ["50", "[51]", "52"]


def test_glued_page_number_keeps_every_character():
    text = book(
        [*prose(6), "the long breakwater beyond the quay where the boats. Once66"],
        [*prose(6, 4), "and the fishing boats waited for the tide 67"],
    )
    result = convert_source(source_from_text(text), "ocr-paged")
    assert result.ok
    assert page_breaks(result.tree.getroot()) == ["66", "67"]
    assert b"Once<fw type=\"pageNum\">66</fw>" in result.data
    misread = book([*prose(6), "the long breakwater beyond the quay where the boats. Once6o"],
                   [*prose(6, 4), "and the fishing boats waited for the tide 61"])
    assert convert_source(source_from_text(misread), "ocr-paged").ok  # eine<fw><choice><sic>2o6</sic>...


def test_page_number_glued_to_punctuation_and_a_page_run_on_without_blank_lines():
    first = [*prose(6), "the long breakwater beyond the quay where the boats wait,24"]
    second = [*prose(6, 3), "where the boats waited for the tide. 25",
              " The harbour master wrote it all down", *prose(5, 6), "beside the fire 26"]
    root = convert(book(first, second))
    pbs = {pb.get("n"): pb for pb in root.iter(TEI + "pb")}
    assert sorted(pbs, key=int) == ["24", "25", "26"]
    assert text_after(pbs["26"]).startswith("The harbour master wrote")
    assert b"wait,<fw" in etree.tostring(root)


def test_running_heads_beside_page_numbers_become_forme_work():
    pages = [[f"{n} THE HARBOUR BOOK" if n % 2 == 0 else f"Building the Quay {n}", "", *prose(6, n)]
             for n in range(10, 16)]
    root = convert(book(*pages))
    assert page_breaks(root) == [str(n) for n in range(10, 16)]
    heads = ["".join(fw.itertext()) for fw in root.iter(TEI + "fw") if fw.get("type") == "header"]
    assert heads == ["THE HARBOUR BOOK", "Building the Quay"] * 3
    assert "HARBOUR" not in running_words(root) and "Quay" not in running_words(root)


def test_a_text_that_indents_its_paragraphs_keeps_pages_and_paragraphs_apart():
    def page(k: int) -> list[str]:  # a paragraph runs on from the page before; another starts
        first, second = prose(3, k), prose(3, k + 5)
        return [*first[:-1], first[-1] + ".", "    " + second[0].capitalize(), *second[1:-1],
                second[-1] + " " + str(k)]
    root = convert(book(*[page(k) for k in range(30, 36)]))
    pbs = {pb.get("n"): pb for pb in root.iter(TEI + "pb")}
    assert sorted(pbs, key=int) == [str(k) for k in range(30, 36)]
    assert text_after(pbs["33"]).startswith(prose(1, 33)[0][:30])
    assert len(root.findall(".//t:body//t:p", NS)) == 7  # one per indent, and the first


def test_page_number_sequence_gap_is_reported_with_its_line():
    text = book(
        [*prose(6), "the long breakwater beyond the quay where the boats 60"],
        [*prose(6, 4), "and the fishing boats waited for the tide 64"],
    )
    result = convert_source(source_from_text(text), "ocr-paged")
    warnings = [d for d in result.diagnostics if d.code == "OCR001"]
    assert len(warnings) == 1 and warnings[0].line == 17
    assert "60" in warnings[0].message and "64" in warnings[0].message


def test_roman_numerals_and_lone_numbers_are_not_taken_for_page_numbers():
    assert ocr_pages.page_numbers(["I", "", "II", "", "III"]) == []
    assert ocr_pages.page_numbers(["APPENDIX", "", "1 2 3", "4 5 6", "7 8 9"]) == []


def test_page_number_candidates_map_ocr_digits():
    assert ocr_pages.read_number("io") == 10
    assert ocr_pages.read_number("l2") == 12
    assert ocr_pages.read_number("3 5") == 35
    assert ocr_pages.read_number("no") == 110
    assert ocr_pages.read_number("on") is None


# ---------------------------------------------------------------- captions


def test_caption_over_two_lines_and_consecutive_captions_become_figures():
    text = book(
        [*prose(6), "the long breakwater beyond the quay where the boats 70"],
        ["3 The old harbour wall after the storm, drawn by a visitor from",
         "the capital. An English view.", "", "4 The new quay in the evening light"],
        [*prose(6, 4), "and the fishing boats waited for the tide 71"],
    )
    root = convert(text)
    figures = root.findall(".//t:figure", NS)
    assert [f.get("n") for f in figures] == ["3", "4"]
    head = " ".join("".join(figures[0].find("t:head", NS).itertext()).split())
    assert head == ("3 The old harbour wall after the storm, drawn by a visitor from "
                    "the capital. An English view.")
    for figure in figures:  # never merged into the running text
        figure.getparent().remove(figure)
    assert "English" not in running_words(root) and "evening" not in running_words(root)


def test_caption_between_pages_inside_a_running_paragraph_stays_in_it():
    text = book(
        [*prose(6), "the long breakwater beyond the quay where the boats 80"],
        ["5 The harbour master at his desk"],
        ["waited for the tide and went out again", *prose(5, 4), "beside the fire 81"],
        ["6 The harbour in winter"],
        [*prose(6, 2), "and the boats 82"],
    )
    root = convert(text)
    figure = root.find(".//t:figure", NS)
    assert figure is not None and figure.getparent().tag == TEI + "p" and figure.get("n") == "5"
    assert len(root.findall(".//t:body//t:p", NS)) == 1  # the paragraph continues across the page


def test_caption_with_a_misread_number_and_a_date_line_that_is_no_caption():
    text = book(
        [*prose(6), "the long breakwater beyond the quay where the boats 90"],
        ["I2 The harbour master at his desk"],
        [*prose(4, 4), "", "22 June 1961 was the day the new quay opened", *prose(2, 9), "the fire 91"],
        ["13 The harbour in winter"],
        [*prose(6, 2), "and the boats 92"],
    )
    root = convert(text)
    assert [f.get("n") for f in root.iter(TEI + "figure")] == ["12", "13"]
    choice = root.find(".//t:figure/t:head/t:choice", NS)
    assert choice is not None and choice.findtext("t:corr", namespaces=NS) == "12"


def test_a_lone_numbered_line_after_a_page_break_is_no_caption():
    text = book([*prose(6), "the long breakwater beyond the quay 40"],
                ["800 Kilogr. of stone were laid along the quay", *prose(5, 3), "the tide 41"])
    root = convert(text)
    assert root.find(".//t:figure", NS) is None
    assert "Kilogr." in running_words(root)


def test_caption_numbers_must_increase():
    text = book(
        [*prose(6), "the long breakwater beyond the quay where the boats 90"],
        ["12 The harbour master at his desk"],
        [*prose(4, 4), "", "7 Boats came in", *prose(2, 9), "the fire 91"],
        ["14 The market square flooded"],
        [*prose(6, 5), "and the fishing boats waited for the tide 92"],
    )
    root = convert(text)
    assert [f.get("n") for f in root.iter(TEI + "figure")] == ["12", "14"]


# ---------------------------------------------------------------- split words


def test_split_words_are_joined_with_lb_break_no_and_ordinary_line_ends_kept():
    lines = [
        "Harbour records were examined in practice by every clerk, examin",
        "ing each page, and the harbour grew in the years when the records",
        "were kept, by a process of examining in",
        "practice what the harbour needed. Examining continued.",
    ]
    root = convert(book([*prose(5), "the long breakwater beyond the quay 100"],
                        [*lines, *prose(4), "tide 101"]))
    xml = etree.tostring(root, encoding="unicode")
    assert 'examin<lb break="no"/>ing' in xml
    assert 'in\n<lb/>practice' in xml


def test_vocabulary_decides_splits_on_evidence():
    vocab = Vocabulary(["the harbour was insupportable", "in practice the harbour", "in action",
                        "a peaceful co-existence of the boats"])
    assert vocab.joins("examin", "ing")  # a fragment: not a word by itself
    assert not vocab.joins("in", "practice")  # both words, and not one word joined
    assert not vocab.joins("a", "broad")  # printers leave no single letter before a break
    czech = Vocabulary(["lid mu nedůvěřoval", "a vyprávěl o něm"], language="cs")
    assert not czech.joins("nedůvěřoval", "a")  # ... nor carry one over (Czech a, and)
    assert not vocab.joins("harbour", "The")  # a capital starts a new word
    assert vocab.joins("expan-", "sion")  # the printed hyphen kept, the word joined
    assert not vocab.joins("ill-", "disposed")  # a compound keeps its hyphen
    assert not vocab.joins("co", "existence")  # printed with a hyphen elsewhere: the OCR lost it here


def test_a_text_that_closes_its_compounds_joins_them_at_a_line_hyphen():
    german = Vocabulary(["die Knochen-", "masse ist leicht, und die Knochenmasse", "trägt der Flügel-",
                         "muskel"], language="de")
    assert german.closes_compounds and german.joins("Flügel-", "muskel")
    english = Vocabulary(["an ill-", "disposed and well-known man, well-", "known"], language="en")
    assert not english.closes_compounds and not english.joins("ill-", "disposed")
    # without evidence in the text, the language's rule: German closes its compounds of nouns,
    # not an elided one (Glas- und Porzellan) nor a hyphenated adjective
    unknown = Vocabulary(["die Kinder fürchteten den Mühlen-", "graben, denn dort wohnte er"], language="de")
    assert unknown.closes_compounds is None and unknown.joins("Mühlen-", "graben")
    nouns = (("Rat-", "haus"), ("Kirchturm-", "uhr"), ("Markt-", "platz"))  # common nouns as second half
    assert all(unknown.joins(head, tail) for head, tail in nouns)
    assert not unknown.joins("Glas-", "und") and not unknown.joins("deutsch-", "englischen")
    assert not unknown.joins("Glas-", "oder") and not unknown.joins("Glas-", "als")
    assert not Vocabulary(["the old Mill-", "race was deep"], language="en").joins("Mill-", "race")


def test_two_words_a_printers_hyphen_splits_join_where_the_whole_is_the_likelier_word():
    """``at-`` / ``tendre``: two French words, but ``attendre`` is a commoner word than ``tendre``
    alone, so the hyphen is the printer's; ``sea-`` / ``side`` stays a compound (``seaside`` is
    rarer than ``side`` by more than the margin)."""
    french = Vocabulary(["il fallut donc at-", "tendre le retour des navires"], language="fr")
    assert french.joins("at-", "tendre")
    english = Vocabulary(["down by the sea-", "side the boats waited"], language="en")
    assert not english.joins("sea-", "side") and not english.joins("ill-", "disposed")


def test_a_printers_hyphen_before_a_short_common_word_joins_a_word_commoner_than_its_rarer_half():
    """``Son-`` / ``ne``: ``son`` and ``ne`` are both German words (``ne`` a common one, too short
    to be a noun's half), but ``Sonne`` is commoner than the rarer of them, so the hyphen at the
    line end is the printer's; likewise English ``fore-`` / ``head``. A compound whose whole is
    rarer than both its halves keeps its hyphen (``sea-side``, ``Glas- und``)."""
    german = Vocabulary(["Am Abend sank die Son-", "ne hinter den Wald, und es wurde still"], language="de")
    assert german.joins("Son-", "ne") and german.joins("ver-", "ein")
    assert not german.joins("Glas-", "und")
    english = Vocabulary(["he wiped his fore-", "head and looked down at the sea-", "side"], language="en")
    assert english.joins("fore-", "head") and not english.joins("sea-", "side")


def test_a_language_without_a_word_list_splits_on_the_texts_own_evidence():
    vocab = Vocabulary(["the harbour examining office", "was open for examining"], language="xx")
    assert vocab.joins("examin", "ing")  # the text prints "examining" whole, more than once
    assert not vocab.joins("bureau", "cracy")  # no evidence either way: left as printed


# ---------------------------------------------------------------- structure and fixes


def test_a_page_break_before_a_chapter_heading_stands_before_the_head():
    text = book(
        ["PREFACE", "", *prose(6), "the long breakwater beyond the quay 7"],
        ["I BUILDING", "", *prose(6, 3), "where the boats waited for the tide 8"],
        ["Ill WAITING", "", *prose(6, 5), "and the fishing boats 9"],
    )
    root = convert(text)
    front_div = root.find(".//t:front/t:div", NS)
    assert front_div is not None and "".join(front_div.find("t:head", NS).itertext()) == "PREFACE"
    chapters = root.findall(".//t:body/t:div", NS)
    assert len(chapters) == 1  # "Ill" is not II: left alone, not a chapter
    first = chapters[0][0]
    assert first.tag == TEI + "pb" and first.get("n") == "8"
    assert chapters[0][1].tag == TEI + "head" and chapters[0][1].find("t:pb", NS) is None


def test_a_line_of_ornaments_separates_passages():
    text = book([*prose(6), "the long breakwater beyond the quay 7"],
                ["and the storm came.", "", "* * *", "", "Years later the quay was rebuilt", *prose(4),
                 "tide 8"])
    root = convert(text)
    ab = root.find(".//t:ab", NS)
    assert ab is not None and ab.get("type") == "separator" and ab.text == "* * *"
    assert not root.findall(".//t:note", NS)


def test_misread_roman_chapter_number_is_corrected_from_the_sequence():
    text = book(
        ["I BUILDING", "", *prose(6), "the long breakwater beyond the quay 7"],
        ["II WAITING", "", *prose(6, 3), "where the boats waited for the tide 8"],
        ["Ill MENDING", "", *prose(6, 5), "and the fishing boats 9"],
    )
    root = convert(text)
    heads = root.findall(".//t:body/t:div/t:head", NS)
    assert len(heads) == 3
    choice = heads[2].find(".//t:choice", NS)
    assert choice is not None and choice.findtext("t:corr", namespaces=NS) == "III"


def test_misread_numbers_are_corrected_only_when_certain():
    lines = ["In i960 the harbour was rebuilt, and by the mid-i93os it was", "busy. On i July the boats",
             "came in, and in the 1950S the quay was lengthened; io boats stayed.",
             "Its moment is w2 . l2 by the rule of the harbour engineers."]
    root = convert(book([*prose(5), "the long breakwater beyond the quay 7"], [*lines, *prose(3), "tide 8"]))
    pairs = [(c.findtext("t:sic", namespaces=NS), c.findtext("t:corr", namespaces=NS))
             for c in root.iterfind(".//t:p//t:choice", NS)]
    assert pairs == [("i960", "1960"), ("i93os", "1930s"), ("i", "1"), ("1950S", "1950s")]


def test_footnote_goes_to_its_marker_and_the_paragraph_runs_on():
    page = ["the harbour was rebuilt in the years of the great storm.* Once again the",
            *prose(4, 3), "and the quay", "", "* The storm is dated by the harbour records, which the",
            "town kept. 8"]
    root = convert(book([*prose(6), "the long breakwater beyond the quay 7"], page,
                        ["was lengthened by the council", *prose(5, 6), "the tide 9"]))
    note = root.find(".//t:p/t:note", NS)
    assert note is not None and note.get("n") == "*" and note.get("place") == "foot"
    assert " ".join("".join(note.itertext()).split()) == \
        "The storm is dated by the harbour records, which the town kept."
    assert 'of the great storm.<note n="*"' in etree.tostring(root, encoding="unicode")
    assert note.tail.startswith(" Once again")
    assert len(root.findall(".//t:body/t:p", NS)) == 1  # the paragraph continues over the note and the page
    assert page_breaks(root) == ["7", "8", "9"]


def test_footnote_without_a_marker_stays_where_it_stands_and_is_reported():
    page = [*prose(5, 3), "and the quay.", "", "* The storm is dated by the harbour records.", "town 8"]
    result = convert_source(source_from_text(book([*prose(6), "the long breakwater 7"], page)), "ocr-paged")
    assert [(d.code, d.line) for d in result.diagnostics if d.code.startswith("OCR")] == [("OCR002", 18)]
    assert b'<note n="*" place="foot"' in result.data


def test_a_misread_word_is_corrected_but_not_a_rare_inflection():
    from teitools.readers.ocr_fixes import Corrector

    lines = ["Der Hafen und die Boote und die Schiffe und das Meer, im wesentlichen Teil,",
             "im wesentlichen Hafen, im wesentlichen Ort, mit wesentlichem Ernst nnd Fleiss."]
    corrector = Corrector("\n".join(lines), Vocabulary(lines, language="de"))
    pairs = [(n.sic, n.corr) for n in corrector.apply(lines[1], 2) if isinstance(n, m.Correction)]
    assert pairs == [("nnd", "und")]


def test_appendix_table_keeps_its_rows_notes_and_source():
    appendix = ["APPENDIX", "", "Boats in the harbour", "",
                "Fishing boats 120 135 160", "Tugs 3 Barges 9", "Pleasure craft 12 30 85*", "",
                "* Summer counts only.", "From the harbour records, 1960"]
    text = book(["I BUILDING", "", *prose(6), "the long breakwater beyond the quay 7"],
                [*prose(6, 3), "where the boats waited for the tide 8"], appendix)
    root = convert(text)
    table = root.find(".//t:back//t:table", NS)
    assert table is not None
    assert table.findtext("t:head", namespaces=NS) == "Boats in the harbour"
    rows = [[("".join(c.itertext())) for c in row] for row in table.findall("t:row", NS)]
    assert rows == [["Fishing boats", "120", "135", "160"], ["Tugs", "3", "Barges", "9"],
                    ["Pleasure craft", "12", "30", "85*"]]
    notes = ["".join(n.itertext()) for n in table.getparent().findall("t:note", NS)]
    assert notes == ["* Summer counts only.", "From the harbour records, 1960"]


def test_report_counts_pages_figures_splits_and_corrections():
    text = book(
        [*prose(6), "the long breakwater beyond the quay where the boats 7"],
        ["3 The old harbour wall", "", "4 The new harbour wall"],
        ["In i960 the harbour grew, examin", "ing its records", *prose(5, 2), "the tide 8"],
    )
    counts = convert_source(source_from_text(text), "ocr-paged").document.counts
    assert counts["pages"] == 2 and counts["figures"] == 2 and counts["corrections"] == 1
    assert counts["split_words_joined"] == 1


# ---------------------------------------------------------------- detection


def test_detection_prefers_ocr_paged_for_paged_text_only():
    paged = book(*[[*prose(8, k), f"the long breakwater beyond the quay {k + 10}"] for k in range(6)])
    assert layout.detect(source_from_text(paged)) == "ocr-paged"
    one_per_line = "\n\n".join(" ".join(prose(6, k)) + "." for k in range(12))
    assert ocr.score(source_from_text(one_per_line)) == 0.0


# ---------------------------------------------------------------- the corpus


@pytest.mark.slow
@pytest.mark.parametrize("path", corpus_files() or [None], ids=lambda p: p.stem if p else "none")
def test_only_the_ocr_book_of_the_corpus_is_detected_as_ocr_paged(path):
    if path is None:
        pytest.skip("../shared/corpus is not beside the repository")
    from teitools.source import read_source

    detected = layout.detect(read_source(path))
    assert (detected == "ocr-paged") == path.name.startswith("002_")


@pytest.mark.slow
def test_ocr_book_converts_with_every_word_kept():
    result = converted(shared_path("corpus", "002_33d85a1a2b5dafb6.txt"))
    assert result.ok, [d.to_text() for d in result.diagnostics if d.severity.value == "error"]
    counts = result.document.counts
    assert counts["pages"] >= 100 and counts["figures"] >= 25 and counts["headings"] >= 8
    assert counts["tables"] >= 5


def _nodes(doc):
    """Every block and inline node of a document model, in no particular order."""

    stack = [*doc.front, *doc.body, *doc.back]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, m.Division):
            stack += node.blocks + (node.head or []) + node.breaks
        elif isinstance(node, m.Paragraph):
            stack += node.content
        elif isinstance(node, m.Figure):
            stack += node.head
        elif isinstance(node, m.Table):
            stack += [c for row in node.rows for cell in row.cells for c in cell.content]


@pytest.mark.slow
def test_ocr_book_pages_and_figures_match_the_development_gold_exactly():
    import json


    gold = json.loads(shared_path("eval", "gold-dev", "002_33d85a1a2b5dafb6.json").read_text("utf-8"))
    doc = converted(shared_path("corpus", "002_33d85a1a2b5dafb6.txt")).document
    covered = max(p["number_line"] for p in gold["pages"])
    printed = {(n.n, n.line) for n in _nodes(doc) if isinstance(n, m.PageBreak) and not n.supplied}
    assert {(str(p["n"]), p["start_line"]) for p in gold["pages"]} == {x for x in printed if x[1] <= covered}
    figures = {(n.n, n.line) for n in _nodes(doc) if isinstance(n, m.Figure)}
    assert {(f["n"], f["line"]) for f in gold["figures"]} == {x for x in figures if x[1] <= covered}


def test_everything_the_reader_writes_is_valid_against_our_schema_and_tei_all():
    from teitools.validation import rng, run

    text = book(
        ["PREFACE", "", *prose(6), "the long breakwater beyond the quay 7"],
        ["I BUILDING", "", "The harbour was rebuilt after the storm.* Once again the", *prose(5, 2),
         "", "* The storm of the harbour records.", "io"],
        ["2 The old harbour wall", "", "3 The new quay"],
        ["waited for the tide and went out again in i960", *prose(5, 4), "and the boats 11"],
        prose(6, 5),
        ["II WAITING", "", "and the storm came.", "", "★ ★ ★", "", "Years later the quay", *prose(4, 7),
         "the fire 13"],
        ["APPENDIX", "", "Boats in the harbour", "", "Fishing boats 120 135 160", "Tugs 3 Barges 9",
         "Pleasure craft 12 30 85*", "", "* Summer counts only.", "From the harbour records, 1960"],
    )
    result = convert_source(source_from_text(text), "ocr-paged")
    assert result.ok
    xml = result.data.decode()
    for construct in ('<fw type="pageNum"><choice>', '<pb n="[12]"/>', '<note n="*" place="foot"',
                      '<figure n="2">', '<ab type="separator">', '<table>', '<div type="preface">',
                      '<div type="appendix">', "<sic>i960</sic>"):
        assert construct in xml, construct
    for schema in (REPO / "schemas" / "teitools.rng",
                   shared_path("conformance", "validate", "schemas", "tei_all.rng")):
        problems = rng.validate(run.grammar(schema), result.tree, result.data, "doc")
        assert [d.to_text() for d in problems] == []


def test_works_named_in_the_further_reading_become_bibl():
    reading = ["FURTHER READING", "", "There is no good history of the harbour.",
               "E.H. Carr, A History of the Harbour (seven volumes, London 1950", "onwards), is long. The",
               "Mark", "Frankland, Boats (Pelican 1966), is short; on the Second World War Alexander",
               "Werth, Harbours at War, 1941-1945 (London 1964), and Alfred G. Meyer, Quays",
               "(latest edition. New York 1962)."]
    text = book(["I BUILDING", "", *prose(6), "the long breakwater beyond the quay 7"],
                [*prose(6, 3), "where the boats waited for the tide 8"], reading)
    root = convert(text)
    bibls = [" ".join("".join(b.itertext()).split()) for b in root.iterfind(".//t:back//t:p/t:bibl", NS)]
    assert bibls == ["E.H. Carr, A History of the Harbour (seven volumes, London 1950 onwards)",
                     "Mark Frankland, Boats (Pelican 1966)",
                     "Alexander Werth, Harbours at War, 1941-1945 (London 1964)",
                     "Alfred G. Meyer, Quays (latest edition. New York 1962)"]
    assert root.find(".//t:back/t:div", NS).get("type") == "bibliography"
