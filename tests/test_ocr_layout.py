# ruff: noqa: RUF001  (Cyrillic headings)
"""OCR'd books as engines export them: pages separated by form feeds, numbers at the head or
the foot, running heads, Roman front matter, misread numbers. Inputs are written here."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from teitools.convert import convert_source
from teitools.source import source_from_text

TEI = "{http://www.tei-c.org/ns/1.0}"
FILLER = ("the harbour master wrote that the ships came in late that year and the grain",
          "was sold at the quay before the winter storms closed the river to all traffic",
          "and the merchants of the town complained to the council about the new tolls",
          "which the council had raised twice since the spring without asking anybody")


def page(lines: list[str], body: int = 6) -> str:
    return "\n".join([*lines[:1], "", *(FILLER[i % 4] for i in range(body)), *lines[1:]]) + "\n"


def converted(text: str, layout: str = "auto") -> etree._Element:
    """``text`` converted (``layout``: as ``--layout`` names it), its fidelity check passed."""
    conv = convert_source(source_from_text(text, "book.txt"), layout)
    assert conv.ok, [d.to_text() for d in conv.diagnostics]
    return conv.tree.getroot()


def heads_book(first: int = 10, count: int = 8) -> str:
    """Pages whose number stands at the head beside a running head, left and right."""
    pages = []
    for n in range(first, first + count):
        head = f"{n}   THE HARBOUR BOOK" if n % 2 == 0 else f"OF GRAIN AND TOLLS   {n}"
        pages.append(page([head]))
    return "\f".join(pages)


def test_a_number_at_the_head_opens_its_own_page() -> None:
    """Tesseract and ABBYY put the head's number at the top of the page: page k opens with
    <pb n="k"/>, not k+1."""
    root = converted(heads_book())
    numbers = [pb.get("n") for pb in root.iter(f"{TEI}pb")]
    assert numbers == [str(n) for n in range(10, 18)]
    for pb in root.iter(f"{TEI}pb"):
        fws = [fw for fw in pb.itersiblings() if fw.tag == f"{TEI}fw"][:2]
        assert {fw.get("type") for fw in fws} == {"pageNum", "header"}
        assert pb.get("n") in "".join(fws[0].itertext()) + "".join(fws[1].itertext())


def test_running_heads_leave_the_running_text() -> None:
    root = converted(heads_book())
    running = " ".join(" ".join(p.xpath("text()")) for p in root.iter(f"{TEI}p"))
    assert "HARBOUR BOOK" not in running and "TOLLS" not in running


def test_a_misread_number_that_the_sequence_makes_certain_is_corrected() -> None:
    text = heads_book().split("\f")
    text[3] = text[3].replace("OF GRAIN AND TOLLS   13", "OF GRAIN AND TOLLS   Ir")
    root = converted("\f".join(text))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")][3] == "13"
    sic = root.find(f".//{TEI}fw[@type='pageNum']/{TEI}choice/{TEI}sic")
    assert sic is not None and sic.text == "Ir"


def test_a_number_misread_past_reading_stays_the_heads_page_number() -> None:
    """``I9`` for 6 beside the running head: the page's number is supplied, and the token as
    printed is the page's number in the forme work, apart from the head's words."""
    text = heads_book(4).split("\f")
    text[2] = text[2].replace("6   THE HARBOUR BOOK", "I9   THE HARBOUR BOOK")
    root = converted("\f".join(text))
    pb = list(root.iter(f"{TEI}pb"))[2]
    assert pb.get("n") == "[6]"
    fws = [(fw.get("type"), fw.text) for fw in pb.itersiblings() if fw.tag == f"{TEI}fw"][:2]
    assert fws == [("pageNum", "I9"), ("header", "THE HARBOUR BOOK")]


def test_a_page_without_number_between_certain_ones_is_supplied() -> None:
    text = heads_book().split("\f")
    text[4] = page(["CHAPTER II"])
    numbers = [pb.get("n") for pb in converted("\f".join(text)).iter(f"{TEI}pb")]
    assert numbers == ["10", "11", "12", "13", "[14]", "15", "16", "17"]


def test_roman_front_matter_then_arabic_body() -> None:
    front = [page(["PREFACE", n]) for n in ("v", "vi", "vii", "viii")]
    body = [page([FILLER[0], str(n)]) for n in range(1, 6)]
    numbers = [pb.get("n") for pb in converted("\f".join(front + body)).iter(f"{TEI}pb")]
    assert numbers == ["v", "vi", "vii", "viii", "1", "2", "3", "4", "5"]


def test_a_misread_roman_foot_number_out_of_the_run() -> None:
    """No form feeds: the front matter's feet read ``xi``, ``xii``, ``xlii`` (xiii misread),
    ``xiv``: the misread numeral out of the run breaks no run (xiv is kept) and page xiii is
    supplied in Roman numerals, ``[xiii]``."""
    text = "\n".join([*FILLER[:3], FILLER[3] + "."])
    pages = [f"{text}\n\n{' ' * 30}{n}\n\n" for n in ("xi", "xii", "xlii", "xiv", 1, 2, 3, 4)]
    numbers = [pb.get("n") for pb in converted("\n".join(pages)).iter(f"{TEI}pb")]
    assert numbers == ["xi", "xii", "[xiii]", "xiv", "1", "2", "3", "4"]


def test_a_misread_roman_foot_number_is_the_pages_forme_work() -> None:
    """The front matter's feet read ``xiii``, ``xlv`` (xiv misread), ``xv``, with or without form
    feeds: page xiv is supplied, and ``xlv`` is its number as printed, forme work, no word of the
    text; as ``l3`` for 13 is."""
    numbers = ("xiii", "xlv", "xv", "xvi", 1, 2, 3, 4)
    pages = ["\n".join([*FILLER[(n + 1) % 4:], *FILLER[:(n + 1) % 4], "", " " * 34 + str(number), ""])
             for n, number in enumerate(numbers)]
    for separator in ("\n\n", "\f"):
        root = converted(separator.join(pages))
        assert [pb.get("n") for pb in root.iter(f"{TEI}pb")][:5] == ["xiii", "[xiv]", "xv", "xvi", "1"]
        assert "xlv" not in reading_text(root).split()
        assert [(fw.findtext(f"{TEI}choice/{TEI}sic"), fw.findtext(f"{TEI}choice/{TEI}corr"))
                for fw in root.iter(f"{TEI}fw") if fw.find(f"{TEI}choice") is not None] == [("xlv", "xiv")]


def test_roman_foot_numbers_between_dashes_without_form_feeds() -> None:
    """No form feeds: the front matter's numbers at the foot between dashes (``— v —``), as the
    body's (``— 1 —``): its pages, the numbers with their dashes forme work."""
    pages = [page(["", " " * 25 + f"— {n} —"]) for n in ("v", "vi", "vii", 1, 2, 3, 4, 5)]
    root = converted("\n\n".join(pages))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["v", "vi", "vii", "1", "2", "3", "4", "5"]
    assert [fw.text for fw in root.iter(f"{TEI}fw")][:2] == ["— v —", "— vi —"]


def test_a_lone_roman_number_set_where_the_pages_numbers_stand() -> None:
    """No form feeds: the preface's one page ends with ``vii`` set right at its foot, where the
    book's Arabic numbers stand: page vii, not a paragraph ``vii``."""
    text = [line.capitalize() for line in FILLER[:2]] + [FILLER[2], FILLER[3] + "."]
    preface = "\n".join(["PREFACE", "", *text, "", " " * 60 + "EL AUTOR.", "", " " * 42 + "vii", ""])
    body = ["\n".join([*text, "", " " * 42 + str(n), ""]) for n in range(1, 6)]
    root = converted("\n\n".join([preface, *body]))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["vii", "1", "2", "3", "4", "5"]
    assert "vii" not in reading_text(root).split()


def test_a_chapter_number_is_no_page_number() -> None:
    pages = [page([f"CHAPTER {numeral}", str(n)]) for n, numeral in zip(range(3, 9), "IVX" * 2, strict=True)]
    numbers = [pb.get("n") for pb in converted("\f".join(pages)).iter(f"{TEI}pb")]
    assert numbers == [str(n) for n in range(3, 9)]


def test_a_year_in_the_running_head_is_no_page_number() -> None:
    pages = [page([f"DECEMBER 1647.   {n}"]) for n in range(20, 27)]
    numbers = [pb.get("n") for pb in converted("\f".join(pages)).iter(f"{TEI}pb")]
    assert numbers == [str(n) for n in range(20, 27)]


def foot_book(first: int = 10, count: int = 8) -> list[str]:
    """Pages whose number stands alone at the foot."""
    return ["\n".join([FILLER[n % 4], *(FILLER[(n + i) % 4] for i in range(6)), "", str(n)])
            for n in range(first, first + count)]


def first_words_after_each_pb(root: etree._Element) -> list[tuple[str, str]]:
    out = []
    for pb in root.iter(f"{TEI}pb"):
        words: list[str] = (pb.tail or "").split()
        for node in pb.itersiblings():
            if node.tag != f"{TEI}fw":
                words += "".join(node.itertext()).split()
            words += (node.tail or "").split()
            if len(words) >= 3:
                break
        out.append((pb.get("n", ""), " ".join(words[:3])))
    return out


def test_head_and_foot_numbers_without_form_feeds() -> None:
    """Pages separated by no, one or two blank lines: a head number opens its page, a foot
    number closes it."""
    for separator in ("\n", "\n\n", "\n\n\n"):
        head = converted(heads_book().replace("\f", separator))
        assert [n for n, _ in first_words_after_each_pb(head)] == [str(n) for n in range(10, 18)]
        assert all(w.startswith("the harbour master") for _, w in first_words_after_each_pb(head)), separator
        foot = converted(separator.join(foot_book()) + "\n")
        found = first_words_after_each_pb(foot)
        assert [n for n, _ in found] == [str(n) for n in range(10, 18)], separator
        expected = [" ".join(FILLER[n % 4].split()[:3]) for n in range(10, 18)]
        assert [w for _, w in found] == expected, separator


def body_book() -> str:
    """A few foot-numbered pages to make a text an OCR'd book."""
    return "\n\n".join(foot_book(1, 5)) + "\n"


def test_a_roman_page_number_the_text_flows_across_leaves_the_text() -> None:
    front = ("PREFACE\n\nthe harbour master wrote that the first edition, which is\nvii\n"
             "the common fate of books about harbours, was sold out within a year.\n\n")
    root = converted(front + body_book())
    assert next(pb.get("n") for pb in root.iter(f"{TEI}pb")) == "vii"
    preface = root.find(f".//{TEI}text//{TEI}p")
    assert preface is not None and "vii" not in " ".join(preface.xpath("text()"))
    assert preface.find(f"{TEI}fw[@type='pageNum']").text == "vii"


def test_a_roman_numeral_between_sentences_is_no_page() -> None:
    front = ("PREFACE\n\nThe harbour master wrote this preface.\nVII\nThe common fate of books.\n\n")
    numbers = [pb.get("n") for pb in converted(front + body_book()).iter(f"{TEI}pb")]
    assert "VII" not in numbers


def test_a_soft_hyphen_at_a_line_end_joins_the_word() -> None:
    text = body_book().replace("the harbour master wrote that the ships came in late that year and the grain",
                               "the new adminis\u00ad\ntration of the old harbour came in late that year", 1)
    conv = convert_source(source_from_text(text, "book.txt"), "ocr-paged")
    assert conv.ok
    assert 'adminis\u00ad<lb break="no"/>tration' in conv.data.decode()


def test_a_page_break_stands_before_the_heading_it_precedes() -> None:
    pages = heads_book().split("\f")
    pages[2] = pages[2].replace("\n\n", "\n\nCHAPTER II\n\n", 1)
    root = converted("\n\n".join(pages))
    for head in root.iter(f"{TEI}head"):
        assert head.find(f"{TEI}pb") is None


def noted_book(marker: str, label: str) -> str:
    """Foot-numbered pages, the second with a footnote called by ``marker``, labelled ``label``."""
    pages = foot_book(1, 5)
    lines = pages[1].split("\n")
    at = next(i for i, line in enumerate(lines) if "merchants" in line)
    lines[at] = lines[at].replace("merchants", f"merchants{marker}", 1)
    lines[-2:-2] = ["", f"{label} The merchants of the town were the ship owners themselves,",
                    "as the council minutes of that year record."]
    pages[1] = "\n".join(lines)
    return "\n\n".join(pages) + "\n"


def test_numbered_footnotes_in_every_printers_convention() -> None:
    for marker, label, n in (("1", "1", "1"), ("¹", "¹", "1"), ("1)", "1)", "1"), ("¹)", "¹)", "1"),
                             (" (1)", "(1)", "1"), ("*", "*", "*"), (" *)", "*)", "*"), ("†", "†", "†"),
                             ("a)", "a)", "a"), (" (a)", "(a)", "a"), ("(a)", "(a)", "a"),
                             ("[1]", "[1]", "1"), (" [1]", "[1]", "1")):
        conv = convert_source(source_from_text(noted_book(marker, label), "book.txt"), "ocr-paged")
        assert conv.ok, (marker, [d.to_text() for d in conv.diagnostics])
        notes = list(conv.tree.getroot().iter(f"{TEI}note"))
        assert [(note.get("n"), note.get("place")) for note in notes] == [(n, "foot")], marker
        assert "".join(notes[0].itertext()).split()[:3] == ["The", "merchants", "of"], marker
        before = notes[0].getprevious()
        text = (before.tail if before is not None else notes[0].getparent().text) or ""
        assert text.rstrip().endswith("merchants"), (marker, text[-30:])


def test_a_numbered_paragraph_without_a_marker_is_no_footnote() -> None:
    text = noted_book("", "1")
    notes = list(converted(text).iter(f"{TEI}note"))
    assert notes == []


def test_notes_that_follow_one_another_without_blank_lines() -> None:
    pages = foot_book(1, 5)
    lines = pages[1].split("\n")
    at = next(i for i, line in enumerate(lines) if "quay" in line)
    lines[at] = lines[at].replace("quay", "quay1", 1)
    lines[at + 1] = lines[at + 1].replace("council", "council2", 1)
    lines[-2:-2] = ["", "1 The old quay was rebuilt in stone.", "2 The council met every month."]
    pages[1] = "\n".join(lines)
    notes = list(converted("\n\n".join(pages) + "\n").iter(f"{TEI}note"))
    assert [(n.get("n"), " ".join("".join(n.itertext()).split())) for n in notes] == [
        ("1", "The old quay was rebuilt in stone."), ("2", "The council met every month.")]


GERMAN = ("der Hafenmeister schrieb dass die Schiffe in diesem Jahr spät kamen und das Korn",
          "wurde am Kai verkauft bevor die Stürme des Winters den Fluss für den Verkehr schlossen",
          "und die Kaufleute der Stadt beklagten sich bei dem Rat über die neuen Zölle die er",
          "zweimal seit dem Frühjahr erhöht hatte ohne jemanden zu fragen oder zu hören")


def headed_book(headings: list[str], blank_after: bool = True, german: bool = False) -> str:
    """Foot-numbered pages, each opening with one of ``headings``."""
    pages = foot_book(1, len(headings))
    if german:
        for en, de in zip(FILLER, GERMAN, strict=True):
            pages = [p.replace(en, de) for p in pages]
    return "\n\n".join(f"{h}\n{chr(10) if blank_after else ''}{p}"
                       for h, p in zip(headings, pages, strict=True)) + "\n"


def divisions(root: etree._Element) -> list[tuple[str | None, str | None, str]]:
    return [(div.get("type"), div.get("n"), " ".join("".join(div.find(f"{TEI}head").itertext()).split()))
            for div in root.iter(f"{TEI}div") if div.find(f"{TEI}head") is not None]


def test_chapter_headings_in_the_books_language() -> None:
    cases = {
        "en": (["PREFACE.", "CHAPTER I.", "CHAPTER II.", "CHAPTER III."],
               [("preface", None, "PREFACE."), ("chapter", "1", "CHAPTER I."),
                ("chapter", "2", "CHAPTER II."), ("chapter", "3", "CHAPTER III.")]),
        "de": (["Vorrede.", "Erstes Kapitel.", "Zweites Kapitel.", "Drittes Kapitel."],
               [("preface", None, "Vorrede."), ("chapter", "1", "Erstes Kapitel."),
                ("chapter", "2", "Zweites Kapitel."), ("chapter", "3", "Drittes Kapitel.")]),
        "la": (["CAPVT I.", "CAPVT II.", "CAPVT III."],
               [("chapter", "1", "CAPVT I."), ("chapter", "2", "CAPVT II."), ("chapter", "3", "CAPVT III.")]),
        "roman": (["I", "II", "III"],
                  [("chapter", "1", "I"), ("chapter", "2", "II"), ("chapter", "3", "III")]),
    }
    for name, (headings, expected) in cases.items():
        assert divisions(converted(headed_book(headings, german=name == "de"))) == expected, name


def test_a_chapter_heading_right_above_its_text() -> None:
    root = converted(headed_book(["CHAPTER I.", "CHAPTER II.", "CHAPTER III."], blank_after=False))
    assert [d[:2] for d in divisions(root)] == [("chapter", "1"), ("chapter", "2"), ("chapter", "3")]


def test_a_chapter_label_alone_then_its_title_set_off() -> None:
    """A label alone (``III.`` after chapter ``CAPVT II.``: an excerpt begins at chapter 2), also
    first on a form-feed page right after the text of the page before, heads a chapter; a short
    title set off below it (``De tempestate.``) belongs to the head."""
    expected = [("chapter", "2", "CAPVT II."), ("chapter", "3", "III. De tempestate."),
                ("chapter", "4", "IV.")]
    assert divisions(converted(headed_book(["CAPVT II.", "III.\n\nDe tempestate.", "IV."]))) == expected
    pages = [page([f"DE BELLO NAVALI   {n}"]).rstrip("\n") for n in range(1, 7)]
    pages[1] = "CAPVT II.\n\n" + pages[1]
    pages[3] = "III.\n\nDe tempestate.\n\n" + pages[3]
    pages[5] = "IV.\n\n" + pages[5]
    assert divisions(converted("\f".join(pages) + "\n")) == expected


def test_a_mottos_verse_under_a_chapter_label_is_no_title() -> None:
    """A motto set as verse under the label (indented as the book's stanzas are) stays verse."""
    pages = headed_book(["CAPÍTULO I", "CAPÍTULO II", "CAPÍTULO III"]).split("\n\n")
    pages.insert(pages.index("CAPÍTULO III") + 1, "    Mujer quiero con caudal.")
    for _ in range(3):
        pages.insert(2, "    Una morena me mata\n    tened de mí compasión,\n    que mis ojos ya no ven")
    root = converted("\n\n".join(pages))
    assert divisions(root)[-1] == ("chapter", "3", "CAPÍTULO III")
    stanzas = [" ".join("".join(lg.itertext()).split()) for lg in root.iter(f"{TEI}lg")]
    assert "Mujer quiero con caudal." in stanzas


def test_a_title_indented_under_a_chapter_label_joins_the_head_in_a_book_without_verse() -> None:
    """One line set off and indented (not centred) under ``CAPVT II.`` or ``CAPITULO I``, in a
    book that sets no other verse at that indent, is the chapter's title, not a stanza."""
    for label, title in [("CAPVT II.", "De bello navali et de classe."),
                         ("CAPITULO I", "Da fundação do porto e do seu nome")]:
        text = headed_book([f"{label}\n\n        {title}", "CHAPTER III.", "CHAPTER IV."])
        root = converted(text)
        assert divisions(root)[0][2] == f"{label} {title}", label
        assert root.find(f".//{TEI}lg") is None, label


def test_a_sentence_that_names_a_chapter_is_no_heading() -> None:
    text = headed_book(["Chapter 3 of the ledger records the tolls.", "CHAPTER II.", "CHAPTER III."])
    assert [d[1] for d in divisions(converted(text))] == ["2", "3"]


def test_a_contents_list_is_a_list_not_the_first_chapters_head() -> None:
    """The entries of a contents page (division labels, titles, leaders, page numbers) make a
    list; the chapters' own heads stay heads."""
    contents = ["CONTENTS.", "", "CHAPTER I. The Tide . . . . . 1", "CHAPTER II. The Storm . . . . 2",
                "CHAPTER III. The Wall . . . . 3", "INDEX . . . . . . . . . . . 4"]
    chapters = headed_book(["CHAPTER I.", "CHAPTER II.", "CHAPTER III."])
    root = converted("\n".join(contents) + "\n\n" + chapters)
    items = [" ".join("".join(i.itertext()).split()) for i in root.iter(f"{TEI}item")]
    assert items == contents[2:]
    assert [d[:2] for d in divisions(root)] == [("contents", None), ("chapter", "1"), ("chapter", "2"),
                                                ("chapter", "3")]


def test_a_few_short_form_feed_pages_are_an_ocr_book() -> None:
    """Four short pages a form feed apart, each numbered at its head or foot (one number
    beside a footnote that ends in a number on the page before): the OCR layout, whose
    caption before the next chapter's label is a figure on its own page."""
    pages = ["Erstes Kapitel.\n\n" + "\n".join(GERMAN[:3]) + "\n\n1",
             "2      DER HAFEN\n\n" + GERMAN[3] + "¹.\n\n¹ Vgl. Müller, S. 3.",
             "DER HAFEN      3\n\nAbb. 3 Der Hafen bei Ebbe.\n\nZweites Kapitel.\n\n" + GERMAN[0],
             "4      DER HAFEN\n\n" + GERMAN[1]]
    conv = convert_source(source_from_text("\f".join(pages) + "\n", "book.txt"))
    assert conv.document.layout == "ocr-paged"
    assert conv.detection is not None  # 16 text lines on 4 pages, the numbers at a foot and at heads
    assert conv.detection.evidence == "4 page numbers rising 1..4 every 4 lines on 4 form-feed pages"
    root = conv.tree.getroot()
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["1", "2", "3", "4"]
    assert [" ".join("".join(f.itertext()).split()) for f in root.iter(f"{TEI}figure")] == [
        "Abb. 3 Der Hafen bei Ebbe."]
    assert root.xpath("string(//tei:figure/preceding::tei:pb[1]/@n)", namespaces={"tei": TEI[1:-1]}) == "3"
    assert [d[:2] for d in divisions(root)] == [("chapter", "1"), ("chapter", "2")]


def test_form_feed_pages_numbered_on_half_of_them_are_an_ocr_book() -> None:
    """Four form-feed pages whose chapter openings print no number (2 and 4 only), and three whose
    second lost its form feed before page 4 (2, 3, 5): the pages are counted, so the numbers are
    enough."""
    def numbered(n: int) -> str:
        return f"{n}      DER HAFEN\n\n" + "\n".join(GERMAN)

    first = "\n".join(["          Erstes Kapitel.", "", *GERMAN[:3]])
    third = "\n".join(["          Zweites Kapitel.", "", *GERMAN[1:]])
    for pages in ([first, numbered(2), third, numbered(4)], [numbered(2), numbered(3) + "\n\n" + numbered(4),
                                                            numbered(5)]):
        conv = convert_source(source_from_text("\f".join(pages) + "\n", "book.txt"))
        assert conv.document.layout == "ocr-paged", conv.detection


def captioned_book(captions: list[str]) -> str:
    """Foot-numbered pages, each with a caption block between two paragraphs."""
    pages = foot_book(1, 5)
    out = []
    for k, page_text in enumerate(pages):
        lines = page_text.split("\n")
        caption = ["", captions[k], ""] if k < len(captions) else []
        out.append("\n".join([*lines[:3], *caption, *lines[3:]]))
    return "\n\n".join(out) + "\n"


def test_captions_that_open_with_a_caption_word() -> None:
    for captions, expected in (
            (["Fig. 3. Section of the old quay.", "Fig. 4. The new crane."], ["3", "4"]),
            (["Abb. 12", "Abb. 13 Der Hafen von Norden"], ["12", "13"]),
            (["Plate III", "Plate IV. The harbour at low tide"], ["III", "IV"]),
            (["Figure 7: The ledger of 1796."], ["7"])):
        root = converted(captioned_book(captions))
        figures = [(f.get("n"), " ".join("".join(f.find(f"{TEI}head").itertext()).split()))
                   for f in root.iter(f"{TEI}figure")]
        assert figures == list(zip(expected, captions, strict=True)), captions


def test_a_sentence_that_opens_with_a_figure_reference_is_no_caption() -> None:
    text = captioned_book(["Fig. 3 shows the quay as it stood before the storm of that year."])
    assert list(converted(text).iter(f"{TEI}figure")) == []


def test_running_heads_with_a_second_number_leave_the_text() -> None:
    """``12 De Homine Cap. 3.`` and ``LIB. XI. CAP. I. 13``: the page number, not the
    chapter's, and the whole head as forme work."""
    for head in ("{n} De Homine Cap. 3.", "LIB. XI. CAP. I. {n}"):
        pages = [page([head.format(n=n)]) for n in range(11, 18)]
        root = converted("\n\n".join(pages))
        assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == [str(n) for n in range(11, 18)], head
        running = " ".join(" ".join(p.xpath("text()")) for p in root.iter(f"{TEI}p"))
        assert "Homine" not in running and "LIB" not in running, head


def test_a_running_head_that_names_a_numbered_scene_carries_the_page_number() -> None:
    """``SCENE 1            431`` over text that runs straight on: one number in the head is the
    scene's, not a row of figures, and the page number beside it is the page's."""
    pages = []
    for n in range(430, 438):
        scene = f"      SCENE {n % 3 + 1}{' ' * 28}{n}"
        head = f"{n}                 THE HUMOURISTS" if n % 2 == 0 else scene
        pages.append("\n".join([head, *(FILLER[(n + i) % 4] for i in range(12))]))
    root = converted("\n\n".join(pages) + "\n")
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")][-7:] == [str(n) for n in range(431, 438)]


def test_a_footnote_at_a_page_foot_ends_where_the_next_page_begins() -> None:
    """No blank line between a page's last footnote and the next page's running head (``114
    THE HARBOUR BOOK``): the head is forme work of the new page, not words of the note."""
    pages = []
    for n in range(110, 118):
        head = f"{n}   THE HARBOUR BOOK" if n % 2 == 0 else f"OF GRAIN AND TOLLS   {n}"
        body = [f"   {FILLER[n % 4]}", *(FILLER[(n + i) % 4] for i in range(1, 10))]
        if n == 113:
            body[4] = body[4] + " tolls.1"
            body += ["", "1 The tolls were raised twice that year, in spring and again in the"]
            body += ["autumn, when the river froze."]
        pages.append("\n".join([head, "", *body]))
    root = converted("\n".join(pages) + "\n")
    [note] = root.iter(f"{TEI}note")
    assert " ".join(" ".join(note.itertext()).split()) == (
        "The tolls were raised twice that year, in spring and again in the autumn, when the river froze.")
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == [str(n) for n in range(110, 118)]


def test_marginal_line_numbers_are_no_pages() -> None:
    """A critical edition numbers every fifth line in the margin; the pages are numbered
    at the foot."""
    pages = []
    for n in range(1, 6):
        body = [FILLER[i % 4] + (f"   {i + 1}" if (i + 1) % 5 == 0 else "") for i in range(15)]
        pages.append("\n".join([*body, "", str(n)]))
    root = converted("\n\n".join(pages) + "\n")
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["1", "2", "3", "4", "5"]


def test_marginal_line_numbers_leave_the_text_as_forme_work() -> None:
    """Every fifth line's number in the right margin (prose and verse, restarting on each page)
    is forme work of type lineNum after its line's text, no word of the text; a table's numbers
    at line ends, which are no multiples of five, stay text."""
    pages = []
    for n in range(1, 6):
        body = [FILLER[i % 4] + (f"      {i + 1}" if (i + 1) % 5 == 0 else "") for i in range(12)]
        pages.append("\n".join([*body, "", str(n)]))
    table = "Tolls      1841      14      33\nTolls      1842      15      36"
    pages[2] = pages[2].replace(FILLER[0], table, 1)
    pages[3] = pages[3].replace("      10", "      l0", 1)  # OCR's l for 1
    root = converted("\n\n".join(pages) + "\n")
    numbers = ["".join(fw.xpath("text()|*/*[local-name()='corr']/text()")) for fw in root.iter(f"{TEI}fw")
               if fw.get("type") == "lineNum"]
    assert numbers == ["5", "10"] * 5
    assert root.find(f".//{TEI}fw[@type='lineNum']/{TEI}choice/{TEI}sic").text == "l0"
    assert not re.search(r"\b(?:5|10)\b", reading_text(root))
    assert "Tolls 1842 15 36" in " ".join(reading_text(root).split())


def running_note(note: str) -> tuple[list[str], list[str], list[str]]:
    """Foot-numbered pages whose second page calls note 1 and ends with its text ``note``;
    the second and third pages' lines, to be changed."""
    pages = foot_book(1, 5)
    first = pages[1].split("\n")
    at = next(i for i, line in enumerate(first) if "merchants" in line)
    first[at] = first[at].replace("merchants", "merchants1", 1)
    first[-2:-2] = ["", note]
    return pages, first, pages[2].split("\n")


def test_a_footnote_that_runs_on_to_the_next_page_stays_one_note() -> None:
    pages, first, second = running_note("1 The merchants of the town were the ship owners themselves, as the")
    second[-2:-2] = ["", "council minutes of that year record at some length."]
    pages[1], pages[2] = "\n".join(first), "\n".join(second)
    root = converted("\n\n".join(pages) + "\n")
    notes = list(root.iter(f"{TEI}note"))
    assert len(notes) == 1
    assert " ".join("".join(notes[0].itertext()).split()).endswith("as the council minutes of that year "
                                                                   "record at some length.")
    inner = notes[0].find(f"{TEI}pb")
    assert inner is not None and inner.get("n") is None
    running = " ".join(" ".join(p.xpath("text()")) for p in root.iter(f"{TEI}p"))
    assert "at some length" not in running


def test_a_pages_running_text_is_no_run_on_of_the_note_before() -> None:
    """The page after a note that stops mid-sentence opens with a short block; its running
    text below, in lower case and longer than what stands above it, is no rest of the note."""
    pages, first, second = running_note("1 The merchants of the town were the ship owners themselves, as")
    second[:0] = ["The tolls were raised.", ""]
    pages[1], pages[2] = "\n".join(first), "\n".join(second)
    root = converted("\n\n".join(pages) + "\n")
    notes = list(root.iter(f"{TEI}note"))
    assert len(notes) == 1 and "".join(notes[0].itertext()).split()[-1] == "as"
    running = " ".join(" ".join("".join(p.itertext()).split()) for p in root.iter(f"{TEI}p"))
    assert f"The tolls were raised. {second[2]} {second[3]}" in running


def test_page_numbers_past_999() -> None:
    """A journal volume paginated past 999, numbers alone at the foot and at the head of form-feed
    pages; a year at the end of a text line stays text."""
    pages = foot_book(998, 5)
    pages[1] = pages[1].replace(FILLER[3], FILLER[3] + " in 1848", 1)
    headed = "\f".join(page([f"{n}   THE JOURNAL"]) for n in range(998, 1003))
    for text in ("\n\n".join(pages) + "\n", headed):
        numbers = [pb.get("n") for pb in converted(text).iter(f"{TEI}pb")]
        assert numbers == ["998", "999", "1000", "1001", "1002"], numbers


def test_what_is_no_note_marker() -> None:
    """A word's own last letter, a letter closing a bracket of its word, and a reference in
    brackets are no markers; a glued, superscript or bracketed number is."""
    from teitools.readers.dehyphenate import Vocabulary
    from teitools.readers.ocr_notes import markers

    words = Vocabulary(["das Gebälk und die Plinthe"], "de")
    assert markers("zeigt das Gebälk, die andere", "k", words) == []
    assert markers("auf einer Plinthe (Sockel) von", "l", words) == []
    assert markers("der Königin (Fig. 8). Bestellt", "8", words) == []
    assert [m.group() for m in markers("the merchants8 of the (8) town", "8", words)] == ["8", "(8)"]
    assert [m.group() for m in markers("the town¹ and", "1", words)] == ["¹"]


def test_a_table_row_that_held_only_a_page_number() -> None:
    from teitools.readers import ocr_tables  # a back-matter table crossing a page: no crash

    lines = ["Boats in the harbour", "", "Fishing boats 120 135 160", "7", "Tugs 3 5 9"]
    from teitools.readers.dehyphenate import Vocabulary
    from teitools.readers.ocr_fixes import Corrector
    from teitools.readers.ocr_pages import PageNumber

    page = {3: PageNumber(3, 0, 1, 7, "alone")}
    table, _ = ocr_tables.read_table(lines, 0, page, {}, Corrector("\n".join(lines), Vocabulary(lines)), {})
    assert all(row.cells for row in table.rows)


def test_volumes_paginated_anew() -> None:
    """A novel printed in volumes: each volume's numbering starts again (after its front matter);
    a low number in the text does not restart the chain."""
    first = foot_book(1, 60)
    first[30] = first[30].replace(FILLER[2], FILLER[2] + " in 3", 1)
    second = foot_book(9, 30)
    numbers = [pb.get("n") for pb in converted("\n\n".join(first + second) + "\n").iter(f"{TEI}pb")]
    assert numbers == [str(n) for n in range(1, 61)] + [str(n) for n in range(9, 39)]


def test_form_feed_volumes_and_roman_headings() -> None:
    """Form-feed pages: a letter heading in Roman numerals at a page's head is no page number,
    and a second volume's numbering starts again."""
    pages = [page([f"   {n}", f"LETTER {'IVX'[n % 3]} (to Atticus)"]) for n in range(1, 46)]
    pages += [page([f"   {n}"]) for n in range(1, 11)]
    numbers = [pb.get("n") for pb in converted("\f".join(pages)).iter(f"{TEI}pb")]
    assert numbers == [str(n) for n in range(1, 46)] + [str(n) for n in range(1, 11)]


def test_a_play_in_verse_with_printed_pages_is_an_ocr_book() -> None:
    """Short verse lines and speaker names fill no measure; the pagination still decides."""
    pages = []
    for n in range(40, 50):
        speech = ["MARINA", "", "    The ships are late this year,", "    The grain lies on the quay,",
                  "    And all the merchants fear", "    The tolls they have to pay.", "", "PROLAZ", "",
                  "    Then let the council hear", "    What merchants have to say."]
        pages.append("\n".join([*speech, *speech, "", str(n)]))
    conv = convert_source(source_from_text("\n\n".join(pages) + "\n", "play.txt"))
    assert conv.document.layout == "ocr-paged"
    assert [pb.get("n") for pb in conv.tree.iter(f"{TEI}pb")] == [str(n) for n in range(40, 50)]

def notes_of(root: etree._Element) -> list[tuple[str | None, str]]:
    """(n, the running text's last word before it) of each note."""
    out = []
    for note in root.iter(f"{TEI}note"):
        before = note.getprevious()
        text = (before.tail if before is not None else note.getparent().text) or ""
        out.append((note.get("n"), text.split()[-1] if text.split() else ""))
    return out


def test_a_rule_above_the_footnotes_stands_for_the_blank_line() -> None:
    """Many printers set a short rule between the text and the page's notes."""
    for rule in ("____________", "------------"):
        pages = noted_book("¹", "¹").split("\n\n")
        text = "\n\n".join(pages).replace("\n\n¹ The merchants", f"\n{rule}\n¹ The merchants")
        root = converted(text)
        assert notes_of(root) == [("1", "merchants")], rule
        running = " ".join("".join(p.itertext()) for p in root.iter(f"{TEI}p"))
        assert rule not in running


def test_the_printers_symbols_in_their_order_and_doubled() -> None:
    """* † ‡ § ‖ ¶, then ** ††: a doubled symbol's marker is not taken for the single one."""
    pages = foot_book(1, 5)
    lines = pages[1].split("\n")
    for word, marker in (("quay", "§"), ("merchants", "**"), ("council", "*")):
        at = next(i for i, line in enumerate(lines) if f" {word} " in line)
        lines[at] = lines[at].replace(f" {word} ", f" {word}{marker} ", 1)
    lines[-2:-2] = ["", "* The council met monthly.", "§ The old quay was rebuilt in stone.",
                    "** The merchants were the ship owners."]
    pages[1] = "\n".join(lines)
    root = converted("\n\n".join(pages) + "\n")
    assert sorted(notes_of(root)) == [("*", "council"), ("**", "merchants"), ("§", "quay")]


def test_a_section_sign_without_its_marker_opens_no_note() -> None:
    pages = foot_book(1, 5)
    lines = pages[1].split("\n")
    lines[-2:-2] = ["", "§ 12. The council shall raise no toll without asking the merchants."]
    pages[1] = "\n".join(lines)
    assert list(converted("\n\n".join(pages) + "\n").iter(f"{TEI}note")) == []


def test_a_bare_letter_label_and_its_marker_glued_to_a_word() -> None:
    """``merchantsa`` / ``a The merchants ...``: the word without the letter is the book's own,
    the word with it is printed nowhere else."""
    for marker in ("a", ".a"):
        text = noted_book(marker, "a")
        root = converted(text)
        assert notes_of(root) == [("a", "merchants" + marker[:-1])], marker


def test_numbered_footnotes_on_two_pages_are_notes_not_a_run_of_figure_captions() -> None:
    """``1 ...`` and ``2 ...`` at the feet of two pages count up like captions; the markers
    glued in their pages' text make them footnotes."""
    pages = foot_book(1, 5)
    for k, page in ((1, 1), (2, 3)):
        lines = pages[page].split("\n")
        at = next(i for i, line in enumerate(lines) if "merchants" in line)
        lines[at] = lines[at].replace("merchants", f"merchants{k}", 1)
        lines[-2:-2] = ["", f"{k} So the council minutes record it."]
        lines[-1] = f"{lines[-1]:>24}"  # the page number centred under the note
        pages[page] = "\n".join(lines)
    root = converted("\n\n".join(pages) + "\n")
    assert root.find(f".//{TEI}figure") is None
    assert [n.get("n") for n in root.iter(f"{TEI}note")] == ["1", "2"]


def test_a_line_opening_with_a_letter_that_is_a_word_is_no_footnote() -> None:
    """Spanish ``a la de ...`` after a blank line, with ``riosa`` (the end of a split word) above:
    the letter is a word of the language, and no capital follows it."""
    pages = foot_book(1, 5)
    lines = pages[1].split("\n")
    lines[1] = "terminó su glo-"
    lines[2] = "riosa carrera en el desastroso encuentro del"
    lines[3] = "cabo, donde los rios bajan al mar de San Vicente."  # "rios" stands alone
    lines[-2:-2] = ["", "a la de ningún habitante racional de tierra firme."]
    pages[1] = "\n".join(lines)
    root = converted("\n\n".join(pages) + "\n")
    assert root.find(f".//{TEI}note") is None


def test_a_word_ending_in_a_letter_calls_no_note() -> None:
    """``idea`` is no ``ide`` with a marker, and a page whose last block opens with the word
    ``a`` is no footnote."""
    pages = foot_book(1, 5)
    lines = pages[1].split("\n")
    at = next(i for i, line in enumerate(lines) if "quay" in line)
    lines[at] = lines[at].replace("quay", "quay, an idea", 1)
    lines[-2:-2] = ["", "a quay of stone was the merchants' wish, and the council's idea."]
    pages[1] = "\n".join(lines)
    assert list(converted("\n\n".join(pages) + "\n").iter(f"{TEI}note")) == []


def test_a_marker_after_french_spacing() -> None:
    text = noted_book("", "1").replace("merchants of the", "merchants ;1 of the", 1)
    assert notes_of(converted(text)) == [("1", ";")]


def test_a_note_that_runs_on_at_a_sentence_end_where_it_interrupts_the_text() -> None:
    """The last note of a page runs on at the next page's foot; it ended a sentence, so the
    evidence is the running text: it stops mid-sentence above the block and goes on in lower
    case after it."""
    pages, first, second = running_note("1 The merchants of the town were the ship owners themselves.")
    second[-3] = second[-3] + " of"
    second[-2:-2] = ["", "The council minutes of that year record it at some length."]
    third = pages[3].split("\n")
    third[0] = "the harbour " + third[0]
    pages[1:4] = ["\n".join(first), "\n".join(second), "\n".join(third)]
    root = converted("\n\n".join(pages) + "\n")
    notes = list(root.iter(f"{TEI}note"))
    assert len(notes) == 1
    assert " ".join("".join(notes[0].itertext()).split()).endswith("record it at some length.")


def test_a_marker_before_a_closing_quote() -> None:
    text = noted_book("", "¹").replace("merchants of the", "„merchants¹“ of the", 1)
    assert notes_of(converted(text)) == [("1", "„merchants")]


def test_a_note_run_on_under_the_rule_before_the_pages_own_notes() -> None:
    """The rest of the last note of a page stands first under the next page's rule, and the
    page's own notes follow it without a blank line."""
    pages = foot_book(1, 5)
    first, second = pages[1].split("\n"), pages[2].split("\n")
    at = next(i for i, line in enumerate(first) if " merchants " in line)
    first[at] = first[at].replace(" merchants ", " merchants¹ ", 1)
    first[-2:-2] = ["", "____________", "¹ The merchants of the town were the ship owners, as"]
    at = next(i for i, line in enumerate(second) if " council " in line)
    second[at] = second[at].replace(" council ", " council² ", 1)
    second[-2:-2] = ["", "____________", "the minutes of that year record.", "² The council met monthly."]
    pages[1:3] = ["\n".join(first), "\n".join(second)]
    root = converted("\n\n".join(pages) + "\n")
    texts = [" ".join("".join(n.itertext()).split()) for n in root.iter(f"{TEI}note")]
    assert texts == ["The merchants of the town were the ship owners, as the minutes of that year record.",
                     "The council met monthly."]


def corrections(lines: list[str], language: str) -> list[tuple[str, str]]:
    from teitools import model as m
    from teitools.readers.dehyphenate import Vocabulary
    from teitools.readers.ocr_fixes import Corrector

    corrector = Corrector("\n".join(lines), Vocabulary(lines, language=language))
    return [(n.sic, n.corr) for k, line in enumerate(lines) for n in corrector.apply(line, k + 1)
            if isinstance(n, m.Correction)]


def test_a_digit_read_for_a_letter_in_a_word_the_book_prints() -> None:
    lines = ["the harbour was built and the council was bald, and the Stadt bought",
             "the ba1d quay, which the 5tadt sold, and the tolls were paid by Otto",
             "and 0tto paid them on the 1st of May, and the merchants1 paid the rest."]
    assert corrections(lines, "en") == [("ba1d", "bald"), ("5tadt", "Stadt"), ("0tto", "Otto")]


def test_a_digit_read_for_a_letter_in_a_common_word_of_the_language() -> None:
    """``unter1egen``: one of its readings (``unterlegen``) is a common German word, though the
    book prints it nowhere else; a final ``1`` is ``l`` where the word with ``l`` is far commoner
    (``Kurbe1``), not where a word without it would take a note marker (``Hafen1``, ``Stadt1``)."""
    lines = ["Die Platte wurde unter1egen und die Kurbe1 gedreht, bis der Hafen1 leer war,",
             "und die Stadt1 zahlte den Zoll."]
    assert corrections(lines, "de") == [("unter1egen", "unterlegen"), ("Kurbe1", "Kurbel")]
    assert corrections(["It was wel1 known that the fee1 was paid."], "en") == [("wel1", "well")]


def test_a_right_word_the_word_list_lacks_is_not_replaced() -> None:
    """German ``mehrerem`` and ``ermannt`` are words, though rare: a common word one confusion
    away (``mehreren``, ``ernannt``) is no evidence; ``nnd`` holds a letter sequence no German
    word holds."""
    lines = ["Die Stadt hatte mehreren Herren gedient und mehreren Fürsten, und mehreren Bischöfen;",
             "sie wurde ernannt, ernannt und wieder ernannt, und und und so weiter und so fort,",
             "mit mehrerem Nachdruck hat er sich ermannt nnd das Amt angenommen."]
    assert corrections(lines, "de") == [("nnd", "und")]


def test_no_day_of_the_month_outside_english() -> None:
    lines = ["Han kom hem i April och stannade i staden till i Maj, då han reste igen."]
    assert corrections(lines, "sv") == []


def test_the_pound_after_a_sum_is_no_misread_digit() -> None:
    lines = ["The estate was worth 807l. 5s. 10d. in the year of the sale, 1854."]
    assert corrections(lines, "en") == []


def test_an_ending_the_language_never_alternates_is_a_misreading() -> None:
    """English has no ``-iam`` form of its ``-ian`` words, so ``Russiam`` is ``Russian``."""
    lines = ["The Russian army and the Russian fleet and the Russian court met the",
             "Russiam envoys at the border in the spring."]
    assert corrections(lines, "en") == [("Russiam", "Russian")]


def test_a_marker_left_by_another_notes_marker_is_no_marker() -> None:
    """``Hollenab`` (the book prints ``Hollen`` and ``Hollena``): once note b's marker is
    removed, ``Hollena`` reads like note a's marker, but the source prints none there; a
    later note a is not put there, and every word of the input stays in the TEI."""
    pages = foot_book(1, 5)
    pages[0] = pages[0].replace(" quay ", " quay of Hollen ", 1)
    pages[4] = pages[4].replace(" quay ", " quay of Hollena ", 1)
    second, third = pages[1].split("\n"), pages[2].split("\n")
    at = next(i for i, line in enumerate(second) if " quay " in line)
    second[at] = second[at].replace(" quay ", " quaya ", 1)
    at = next(i for i, line in enumerate(second) if " merchants " in line)
    second[at] = second[at].replace(" merchants ", " merchants of Hollenab ", 1)
    second[-2:-2] = ["", "a The quay was rebuilt in stone.", "b The town of the merchants."]
    third[-2:-2] = ["", "a The council met monthly."]
    pages[1:3] = ["\n".join(second), "\n".join(third)]
    conv = convert_source(source_from_text("\n\n".join(pages) + "\n", "book.txt"), "ocr-paged")
    assert conv.ok, [d.to_text() for d in conv.diagnostics]
    assert {("a", "quay"), ("b", "Hollena")} <= set(notes_of(conv.tree.getroot()))
    assert ("a", "Hollen") not in notes_of(conv.tree.getroot())

def test_numbered_headings_in_a_sequence_centred_or_with_titles() -> None:
    """A label of a rising sequence standing alone makes a heading in any of the printers' forms
    (``-II-`` centred, ``III. THE TOLLS``, ``2) The quay.``); the first style numbers chapters."""
    text = headed_book(["                    -I-", "                    -II-", "                   -III-",
                        "1) The quay.", "2) The new tolls."])
    assert divisions(converted(text)) == [
        ("chapter", "1", "-I-"), ("chapter", "2", "-II-"), ("chapter", "3", "-III-"),
        ("section", "1", "1) The quay."), ("section", "2", "2) The new tolls.")]


def test_a_heading_wraps_over_centred_lines() -> None:
    text = headed_book(["I. OF THE HARBOUR", "II. Of the merchants who paid the tolls and of the council\n"
                        "                  that raised them.", "III. Of salt.", "IV. Of timber."])
    assert [d[2] for d in divisions(converted(text))] == [
        "I. OF THE HARBOUR", "II. Of the merchants who paid the tolls and of the council that raised them.",
        "III. Of salt.", "IV. Of timber."]


def test_capitals_or_centring_make_a_heading_with_no_number() -> None:
    text = headed_book(["THE THIRD OF MAY", " " * 24 + "Another letter from the quay.", "CHAPTER III."])
    assert [d[2] for d in divisions(converted(text))] == [
        "THE THIRD OF MAY", "Another letter from the quay.", "CHAPTER III."]


def test_a_centred_heading_may_open_with_its_decimal_number() -> None:
    """``1.2. Creation`` centred above its text is a heading; a line that fills the measure with a
    small indent and opens with a number (``1.05a āsīd idam …``) is none."""
    text = headed_book([" " * 32 + "1.1. Prologue", " " * 32 + "1.2. Creation",
                        "    1.05a the harbour master wrote that the ships came in late that year"])
    assert [d[2] for d in divisions(converted(text))] == ["1.1. Prologue", "1.2. Creation"]


def test_numbered_lines_without_text_between_are_a_list_and_a_lone_label_no_heading() -> None:
    pages = foot_book(1, 5)
    pages[1] = pages[1].replace("\n", "\n\n1. Grain.\n\n2. Timber.\n\n3. Salt.\n\n", 1)
    pages[3] = pages[3].replace("\n", "\n\nA. Wool.\n\n", 1)
    root = converted("\n\n".join(pages) + "\n")
    assert divisions(root) == []
    assert root.find(f".//{TEI}head") is None


def test_captions_on_lines_of_their_own_one_after_another_are_separate_figures() -> None:
    root = converted(captioned_book(["Fig. 3.\n\nFig. 4.", "Abb. 5.\n\nTafel VI."]))
    assert [(f.get("n"), "".join(f.itertext()).strip()) for f in root.iter(f"{TEI}figure")] == [
        ("3", "Fig. 3."), ("4", "Fig. 4."), ("5", "Abb. 5."), ("VI", "Tafel VI.")]


def verse_book(block: list[str]) -> str:
    """Foot-numbered pages, the third with ``block`` set off by blank lines after its first line."""
    pages = foot_book(1, 5)
    lines = pages[2].split("\n")
    pages[2] = "\n".join([lines[0], "", *block, "", *lines[1:]])
    return "\n\n".join(pages) + "\n"


def test_a_chapter_word_and_number_head_a_title_wrapped_over_full_lines() -> None:
    """``Sechstes Capitel.`` and a title that wraps over a line filling the measure, the last
    centred: one heading, numbered by its ordinal word."""
    root = converted(verse_book([
        "  Sechstes Capitel. Wie der Dorfschulmeister Agesel durch eine",
        "deutsche Sprachlehre um seinen Verstand gebracht wurde, und sich",
        "                   seitdem Agesilaus nannte."]))
    div = next(d for d in root.iter(f"{TEI}div") if d.get("n") == "6")
    head = " ".join("".join(div.find(f"{TEI}head").itertext()).split())
    assert head == ("Sechstes Capitel. Wie der Dorfschulmeister Agesel durch eine deutsche Sprachlehre "
                    "um seinen Verstand gebracht wurde, und sich seitdem Agesilaus nannte.")
    assert div.get("type") == "chapter"


def test_indented_ragged_lines_set_off_by_blank_lines_are_verse() -> None:
    """Two stanzas, each an <lg>; a line too long for the measure runs on indented deeper."""
    root = converted(verse_book(["    The river closed, the toll was paid,",
                                 "    And grain lay sleeping in the shed;",
                                 "", "    The council met, the council weighed",
                                 "    The merchants' silver and their bread, and all the town that",
                                 "        waited on the quay."]))
    groups = [[" ".join("".join(v.itertext()).split()) for v in lg.iter(f"{TEI}l")]
              for lg in root.iter(f"{TEI}lg")]
    assert groups == [["The river closed, the toll was paid,", "And grain lay sleeping in the shed;"],
                      ["The council met, the council weighed",
                       "The merchants' silver and their bread, and all the town that waited on the quay."]]


def test_quoted_verse_whose_lines_all_open_with_capitals_is_verse_though_long() -> None:
    """A quotation mark before a verse's capital; lines that nearly fill the measure are still
    verse when every one of three or more opens with a capital."""
    root = converted(verse_book(['    "The millions suffer still and grieve and weep,',
                                 "    And what can helpers heal beside the quay,",
                                 "    With old world cures they half believe and keep",
                                 "    For woes they wholly feel by night and day?\""]))
    lines = [" ".join("".join(v.itertext()).split()) for v in root.iter(f"{TEI}l")]
    assert len(lines) == 4 and lines[0].startswith('"The millions')


def test_a_page_start_inside_a_stanza_makes_no_heading_of_its_line() -> None:
    """A line set like the one before it stays in its block though a page is taken to begin
    there; standing alone only by that, a verse line would read as a centred heading."""
    from teitools.readers import ocr_headings

    prose = ["The keeper counted the crates twice before the gate shut."] * 12  # the measure: 56
    lines = [*prose, "", "Satz", "", "    Das Wunder der Natur, das uberweise Thier",
             "    Hat nichts das seiner zungen sey", "    Was das gesetzte Recht von allen Volckern wil.",
             "", "16"]
    assert 17 not in ocr_headings.find(lines, {19}, {17}, set())
    lines[16] = ""  # the same line after a blank line stands alone: centred, it is a heading
    assert 17 in ocr_headings.find(lines, {19}, {17}, set())


def test_numbered_stanzas_are_verse() -> None:
    root = converted(verse_book(["    1. O du wechsel aller dinge", "    Immerwehrend eitelkeit,",
                                 "", "    2. Ewig wanckelbares glücke", "    Sihstu keinen Zepter an?"]))
    groups = [[" ".join("".join(v.itertext()).split()) for v in lg.iter(f"{TEI}l")]
              for lg in root.iter(f"{TEI}lg")]
    assert groups == [["1. O du wechsel aller dinge", "Immerwehrend eitelkeit,"],
                      ["2. Ewig wanckelbares glücke", "Sihstu keinen Zepter an?"]]


TERCETS = [["    Along the shore the evening tide ran low,",
            "    and all the boats lay waiting on the sand",
            "    where grey gulls went on walking to and fro."],
           ["    The keeper shut the gate and took his lamp",
            "    and climbed the stair above the empty quay",
            "    to watch the lights across the river's damp."],
           ["    No ship came in before the break of day;",
            "    the merchants slept, the tolls were left unpaid,",
            "    the river's mist lay thick upon the bay."]]


def test_a_short_text_of_indented_tercets_has_no_headings() -> None:
    """Two form-feed pages of tercets indented alike under a running head: the lines are the
    text's measure, so each looks centred under it, but lines of one indent that differ in length
    are set flush to it, not centred (a stanza), and none is a heading."""
    first = [f"{'':>20}THE SHORE{'':>20}40", "", *TERCETS[0], "", *TERCETS[1]]
    second = [f"41{'':>20}THE SHORE", "", *TERCETS[2]]
    root = converted("\n".join(first) + "\n\f" + "\n".join(second) + "\n")
    assert root.find(f".//{TEI}head") is None
    read = " ".join(" ".join("".join(p.itertext()).split()) for p in root.iter(f"{TEI}p", f"{TEI}l"))
    assert all(line.strip() in read for tercet in TERCETS for line in tercet)


def test_an_indented_paragraph_that_fills_the_measure_is_no_verse() -> None:
    root = converted(verse_book([f"    {FILLER[0]}", f"    {FILLER[1]}", f"    {FILLER[2]}"]))
    assert root.find(f".//{TEI}lg") is None



def test_a_table_row_line_that_holds_only_the_page_number() -> None:
    """A table that runs over a page's foot keeps the number as forme work in an empty cell
    (a line that held nothing else makes no row without cells)."""
    from teitools.readers import ocr_tables
    from teitools.readers.dehyphenate import Vocabulary
    from teitools.readers.ocr_fixes import Corrector
    from teitools.readers.ocr_pages import PageNumber

    lines = ["Tolls and dues", "1. The river 3", "2. The quay 4", "3. The market 5", "            9",
             "4. The bridge 6", "5. The gate 7"]
    corrector = Corrector("\n".join(lines), Vocabulary(lines))
    page = PageNumber(4, 12, 13, 9, "alone")
    table, after = ocr_tables.read_table(lines, 0, {4: page}, {}, corrector, {})
    assert after == len(lines) and len(table.rows) == 6
    [cell] = table.rows[3].cells
    assert [type(node).__name__ for node in cell.content] == ["Text", "FormeWork"]  # " ", the printed number


def test_a_footnote_called_from_a_line_of_verse_before_a_new_chapter_finds_its_marker() -> None:
    """The marker stands in a quoted stanza (``quay,1``), the page then opens a new chapter (a
    heading) before its footnotes: the note still goes to the line of verse that calls it."""
    stanza = ["", "    The ships are late this year,", "    The grain lies on the quay,",
              "    And all the merchants fear", "    The tolls they have to pay.", ""]
    pages = []
    for n in range(40, 48):
        lines = [*(FILLER[i % 4] for i in range(6)), *stanza, *(FILLER[i % 4] for i in range(4))]
        if n == 43:
            lines[8] = "    The grain lies on the quay,1"
            lines += ["", "CHAPTER II.", "", *(FILLER[i % 4] for i in range(3)), "", "____________",
                      "1 The old quay of the town, rebuilt in stone."]
        pages.append("\n".join([*lines, "", str(n)]))
    root = converted("\n\n".join(pages) + "\n")
    notes = list(root.iter(f"{TEI}note"))
    assert [(n.get("n"), " ".join("".join(n.itertext()).split())) for n in notes] == [
        ("1", "The old quay of the town, rebuilt in stone.")]
    assert notes[0].getparent().tag == f"{TEI}l" and notes_of(root) == [("1", "quay,")]


def test_an_index_before_the_pages_gives_no_page_numbers() -> None:
    """A volume's register first, its page references at line ends rising through it at the
    pace of pages (``Lehmann, Bitumen. 170.``), then pages numbered alone at their foot from 1:
    the numbering is set otherwise in the register, so its references are no pages."""
    names = ["Lehmann, Bitumen", "Lion, Dünger aus den Rauchgasen", "Steger, Behandlung der Feilen",
             "Kuhn, Carl von Bach", "Carey, Atmosphärenanlage", "Toronto, Kohlenstaubmühlen"]
    register = []
    for k in range(96):
        reference = f" {170 + k // 8}." if k % 8 == 7 else ""
        register += [f"{names[k % 6]} und {names[(k + 1) % 6]}.{reference}", ""]
    pages = ["\n".join([*(FILLER[(n + i) % 4] for i in range(14)), "", str(n)]) for n in range(1, 13)]
    found = first_words_after_each_pb(converted("\n".join(register) + "\n" + "\n\n".join(pages) + "\n"))
    assert [n for n, _ in found] == [str(n) for n in range(1, 13)]
    assert [w for _, w in found[1:]] == [" ".join(FILLER[n % 4].split()[:3]) for n in range(2, 13)]


def test_a_foot_number_with_its_margin_above_closes_its_page_though_the_next_follows_at_once() -> None:
    """Indented lines (verse) on every page, each page closed by its number after a blank line and
    the next page's first line right below it: each page begins after the number before."""
    pages = []
    for n in range(321, 329):
        lines = [f"    {FILLER[(n + i) % 4][:40 + (i * 7) % 11]}" for i in range(12)]
        pages.append("\n".join([*lines, "", f"{'':>40}{n}"]))
    found = first_words_after_each_pb(converted("\n".join(pages) + "\n"))
    assert [n for n, _ in found] == [str(n) for n in range(321, 329)]
    assert [w for _, w in found] == [" ".join(FILLER[n % 4].split()[:3]) for n in range(321, 329)]


def test_a_stanza_that_goes_on_in_lower_case_is_verse_when_its_lines_stop_well_short() -> None:
    """Spanish verse opens only its first line with a capital (``Una morena me mata`` / ``tened de
    mí compasión,``); four indented lines that all stop well short of the measure are verse."""
    stanza = ["    Una morena me mata", "    tened de mí compasión,", "    pues no la tiene la ingrata",
              "    que adora mi corazón."]
    root = converted(verse_book(stanza))
    assert [[" ".join(line.itertext()).strip() for line in lg] for lg in root.iter(f"{TEI}lg")] == [
        [line.strip() for line in stanza]]


def test_verse_that_fills_the_measure_is_verse_when_its_long_lines_run_on_deeper() -> None:
    """Arabic verse: a script without case gives no capitals to count, and a line of two
    hemistichs fills the measure; each line too long runs on indented deeper as a short
    remainder, which wrapped prose never does."""
    first = "سقى دار سعدى من دمشق غمام وحيّا بقاع الغوطتين سلام وحاد هضاب الصالحية صيب"
    second = "ذكرت الحمى والدار ذكر طريدة تذاد كظمآن سلاه أوام فنحت على تلك الربوع تشوقاً"
    stanza = [f"    {first}", "        له في رياض", f"    {second}", "        كما ناح من فقد"]
    root = converted(verse_book(stanza))
    assert [[" ".join(" ".join(line.itertext()).split()) for line in lg] for lg in root.iter(f"{TEI}lg")] == [
        [f"{first} له في رياض", f"{second} كما ناح من فقد"]]
    prose = [f"    {first}", f"    {second}", f"    {second}", f"    {first}"]
    assert converted(verse_book(prose)).find(f".//{TEI}lg") is None  # no capitals, no run-ons: prose


def test_lines_that_end_with_a_danda_are_verse_and_the_verse_number_is_no_page() -> None:
    """Sanskrit verse in transliteration: each half ends with a danda (``|``), the verse with its
    number between double dandas; the lines open in lower case after their label (``2.04a``)
    and only two of them make a stanza. The verse number at a line's end (``|| 3``, its closing
    danda run on deeper) is no page number, though page 3 has none printed."""
    stanza = ["    2.04a rājā dharmeṇa pālayed imāḥ prajāḥ sarvadā sadā |",
              "    2.04c na tasya vidyate bhayaṃ loke 'smin parataś ca || 3", "        ||"]
    text = verse_book(stanza)
    assert text.count("\n\n3\n") == 1
    root = converted(text.replace("\n\n3\n", "\n\n"))
    assert [[" ".join(" ".join(line.itertext()).split()) for line in lg] for lg in root.iter(f"{TEI}lg")] == [
        ["2.04a rājā dharmeṇa pālayed imāḥ prajāḥ sarvadā sadā |",
         "2.04c na tasya vidyate bhayaṃ loke 'smin parataś ca || 3 ||"]]
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["1", "2", "4", "5"]
    assert not [fw for fw in root.iter(f"{TEI}fw") if fw.getparent().tag == f"{TEI}l"]


def test_a_stanza_whose_first_line_looks_centred_is_no_heading() -> None:
    """A verse line four columns in that nearly fills the measure stands in its middle by
    chance; the next line of the block, filling the measure, is not centred: no heading."""
    # 69 characters, four in: the middle of a measure of 77
    stanza = ["    Harbourmasters counted merchantships crossing seaward unremittingly |",
              "    whereupon the councillors deliberated interminably concerning the new tollgates ||"]
    root = converted(verse_book(stanza))
    assert not any("Harbourmasters" in " ".join(head.itertext()) for head in root.iter(f"{TEI}head"))
    assert len(root.findall(f".//{TEI}lg/{TEI}l")) == 2


def test_a_centred_title_with_a_decimal_section_number_is_a_heading_however_long() -> None:
    """``2.2.11.1. Teacher's Teacher and other Instructors``: centred, a decimal number and a
    capital, longer than half the measure (a plain number there would open a line of text)."""
    titles = ["2.2.11.1. The Teacher's Teacher and the other Instructors",
              "2.2.11.2. The Members of the Family"]
    centred = [" " * ((77 - len(t)) // 2) + t for t in titles]
    root = converted(headed_book(["CHAPTER I.", *centred]))
    heads = [" ".join(" ".join(h.itertext()).split()) for h in root.iter(f"{TEI}head")]
    assert titles[0] in heads and titles[1] in heads


def test_an_editors_heading_in_brackets_centred_is_a_heading() -> None:
    """``[Act 1, Scene 2]``: an editor's heading, centred, judged by what the brackets hold."""
    centred = [" " * 30 + f"[Act 1, Scene {n}]" for n in (1, 2, 3)]
    root = converted(headed_book(centred))
    heads = [" ".join(" ".join(h.itertext()).split()) for h in root.iter(f"{TEI}head")]
    assert heads == ["[Act 1, Scene 1]", "[Act 1, Scene 2]", "[Act 1, Scene 3]"]
    assert root.find(f".//{TEI}lg") is None


def test_a_section_number_at_a_page_head_is_no_misread_page_number() -> None:
    """Form-feed pages 9 and 11 printed, 10 not: the ``1.8.`` opening page 10's section heading
    is no misread 10 (it shows three characters, and an 8): page 10 is supplied, ``[10]``."""
    pages = []
    for n in range(7, 13):
        first = f"{' ' * 20}1.8. Excursus: Occupations of the Town" if n == 10 else f"THE HARBOUR BOOK   {n}"
        pages.append("\n".join([first, "", *(FILLER[(n + i) % 4] for i in range(10))]))
    root = converted("\f".join(pages) + "\n")
    assert not [fw for fw in root.iter(f"{TEI}fw") if "1.8" in "".join(fw.itertext())]
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["7", "8", "9", "[10]", "11", "12"]


def test_a_chapter_word_and_number_with_a_remark_in_brackets_head_a_long_title() -> None:
    """``Chapter 6 (Section 24): …``: a remark in brackets between the number and its stop; the
    title fills the measure and wraps onto a centred line."""
    heading = ("Chapter 6 (Section 24): The Setting up of the Revenue of the Harbour by\n"
               "                       the Administrator of the Town")
    root = converted(headed_book(["CHAPTER V.", heading, "CHAPTER VII."]))
    assert ("chapter", "6", "Chapter 6 (Section 24): The Setting up of the Revenue of the Harbour by the "
            "Administrator of the Town") in divisions(root)


def test_a_division_named_in_capitals_is_a_heading_though_no_blank_line_sets_it_off() -> None:
    """A play's new act on a page whose number is not printed: ``ДЕЙСТВИЕ ЧЕТВЕРТОЕ`` (Act the
    Fourth, the neuter ordinal) follows the last footnote of the page before with no blank
    line; the footnote does not run on into it."""
    pages = foot_book(1, 5)
    lines = pages[1].split("\n")
    lines[3] = lines[3] + " sold.*"
    lines[-2:] = ["____________", "* The grain of the spring."]  # no number: the next page opens an act
    pages[1] = "\n".join(lines)
    text = "\n\n".join(pages[:2]) + "\nДЕЙСТВИЕ ЧЕТВЕРТОЕ\n\n" + "\n\n".join(pages[2:]) + "\n"
    root = converted(text)
    assert ("act", "4", "ДЕЙСТВИЕ ЧЕТВЕРТОЕ") in divisions(root)
    assert [" ".join(note.itertext()) for note in root.iter(f"{TEI}note")] == ["The grain of the spring."]


@pytest.mark.parametrize("before", ["und wieder »Geduld, mein Herr!«",
                                    "   28. Der Kai 480\n   29. Die Mühle am Bach 504\n   30. Die Fähre 512"])
def test_a_numbered_chapter_with_its_title_in_capitals_is_a_heading_though_no_blank_line_sets_it_off(
        before: str) -> None:
    """``I. KAPITEL. DIE REISE NACH DEM HAFEN.`` (the Roman ``I`` no article) straight under a
    sentence's end or the last entry of a list of plates: a chapter, though no blank line
    sets it off."""
    pages = [[*(GERMAN[(n + i) % 4] for i in range(7)), "", str(n)] for n in range(1, 5)]
    pages[1][3:3] = [*before.split("\n"), "I. KAPITEL. DIE REISE NACH DEM HAFEN.", ""]
    root = converted("\n\n".join("\n".join(lines) for lines in pages) + "\n")
    assert ("chapter", "1", "I. KAPITEL. DIE REISE NACH DEM HAFEN.") in divisions(root)


def test_a_short_line_the_contents_list_names_is_a_heading_though_set_flush() -> None:
    """``Sprache.`` flush left between blank lines is a section heading where the book's contents
    list names it (``Sprache 3``), and a short line it does not name stays a paragraph."""
    contents = ["INHALT.", "", "Einleitung 1", "Die Stimme 2", "Sprache 3", "Schlaf. Traum 4", "", "i"]
    pages = [[*(GERMAN[(n + i) % 4] + "." * (i == 6) for i in range(7)), "", str(n)] for n in range(1, 5)]
    pages[2][3:3] = ["", "Sprache.", ""]
    pages[1][3:3] = ["", "Nicht im Inhalt.", ""]
    root = converted("\n\n".join("\n".join(lines) for lines in [contents, *pages]) + "\n")
    heads = [head for _, _, head in divisions(root)]
    assert "Sprache." in heads and "Nicht im Inhalt." not in heads


@pytest.mark.parametrize("indent", ["", "  "])
def test_a_footnote_set_with_a_hanging_indent_keeps_its_second_line(indent: str) -> None:
    """``* The grain was weighed`` / ``  at the quay by night.``: the second line, indented to
    where the note's text begins after its label, goes on with the note, not with the page's text;
    so too when the whole note is indented (``  * The grain …`` / ``    at the quay …``)."""
    pages = foot_book(1, 4)
    lines = pages[1].split("\n")
    lines[3] = lines[3] + " sold.*"
    lines[-2:-2] = ["", f"{indent}* The grain was weighed", f"{indent}  at the quay by night."]
    pages[1] = "\n".join(lines)
    root = converted("\n\n".join(pages) + "\n")
    notes = [" ".join(" ".join(note.itertext()).split()) for note in root.iter(f"{TEI}note")]
    assert notes == ["The grain was weighed at the quay by night."]


def test_a_footnote_finds_its_marker_a_page_of_short_speeches_back() -> None:
    """A play's page holds many short paragraphs (a speaker's name, a line, a stage direction);
    the marker of its footnote may stand twenty of them back."""
    pages = foot_book(1, 8)
    lines = pages[1].split("\n")
    speeches = [part for k in range(10) for part in ("", "SCHAAF.", f"   Kommen Sie, mein Herr, line {k}.")]
    lines[1:1] = ["", "SCHAAF.", "   Erlauben Sie...* Come along, sir.", *speeches, ""]
    lines[-2:-2] = ["", "* Allow me.", ""]
    pages[1] = "\n".join(lines)
    root = converted("\n\n".join(pages) + "\n")
    assert notes_of(root) == [("*", "Sie...")]


VERSE = ("ship and sail the harbour held, the tide was slow", "and grain lay heavy where the merchants go",
         "the council counted coin beside the quay", "while winter closed the river on its way",
         "and no one asked the boatmen what they owed", "nor why the tolls were doubled on the road")
APPARATUS = ("the reading of the older copy, corrected by the second hand in the margin",
             "the river: so the manuscripts; the printed editions give the harbour")


def test_a_book_of_verse_in_lower_case_with_notes_in_prose_below_each_page() -> None:
    """A critical edition: lines of verse in lower case, indented, fill most of each page; the
    prose notes under them set the measure. The title, centred on that measure, is a heading;
    each page's verse is a stanza, also where no blank line parts it from the notes above."""
    pages = []
    for n in range(1, 7):
        gap = [] if n % 2 else [""]  # every other page: the verse follows the notes at once
        pages.append("\n".join([*gap, *(f"    {VERSE[(n + i) % 6]}" for i in range(12)), "",
                                *APPARATUS, "", str(n)]))
    title = " " * 20 + "The Harbour Book, the First Song."  # centred on the notes' 73 columns
    root = converted(title + "\n\n" + "\n".join(pages) + "\n")
    assert [" ".join(h.itertext()) for h in root.iter(f"{TEI}head")] == ["The Harbour Book, the First Song."]
    assert [len(lg.findall(f"{TEI}l")) for lg in root.iter(f"{TEI}lg")] == [12] * 6


def test_a_play_all_in_verse_in_lower_case_is_verse_on_every_page() -> None:
    """Nothing but verse: the lines set the measure, so they fill it, and they open in lower
    case. A line too long runs on deeper as a short remainder on some pages, which makes those
    stanzas verse; the pages set alike are then verse too."""
    pages = []
    for n in range(1, 9):
        lines = [f"    {VERSE[(n + i) % 6]}" for i in range(14)]
        if n % 2 == 0:
            lines[5:6] = [lines[5] + " and the", "        harbour"]  # too long: runs on deeper
        pages.append("\n".join([*lines, "", str(n)]))
    root = converted("\n".join(pages) + "\n")
    assert [len(lg.findall(f"{TEI}l")) for lg in root.iter(f"{TEI}lg")] == [14] * 8


def test_verse_set_before_the_first_named_section_stands_in_a_division_of_the_front() -> None:
    """A title page whose lines read as verse, then a preface and numbered chapters: TEI's
    ``<front>`` holds no ``<lg>`` of its own, so the lines go into an untitled ``<div>``."""
    words = ("The Harbour Book", "A Novel", "By a Lady of the Town", "Printed 1841")
    title = [f"      {line}" for line in words]
    root = converted("\n".join(title) + "\n\n" + headed_book(["PREFACE", "CHAPTER I.", "CHAPTER II."]))
    front = root.find(f".//{TEI}front")
    assert front is not None and front.find(f"{TEI}lg") is None
    assert [len(div.findall(f"{TEI}lg")) for div in front.findall(f"{TEI}div")][:1] == [1]


def test_a_page_number_above_a_chapter_heading_stands_before_the_head() -> None:
    """A chapter opening with its page's number printed above the heading: the page break and
    the number (``<fw type="pageNum">``) before ``<head>``, never inside it."""
    opening = {38: "CHAPTER IV.", 41: "CHAPTER V."}
    pages = ["\n".join([str(n), "", *([opening[n], ""] if n in opening else []), *FILLER, *FILLER[:2]])
             for n in range(38, 44)]
    root = converted("\n\n".join(pages) + "\n")
    for head in root.iter(f"{TEI}head"):
        assert not [el for el in head.iter() if el.tag in (f"{TEI}fw", f"{TEI}pb")], etree.tostring(head)
    chapter = next(head.getparent() for head in root.iter(f"{TEI}head") if head.text == "CHAPTER V.")
    assert [(el.tag.split("}")[1], el.get("n") or el.text) for el in chapter][:3] == \
        [("pb", "41"), ("fw", "41"), ("head", "CHAPTER V.")]


def test_an_indented_stanza_inside_a_page_is_no_page_start() -> None:
    """Each page holds a stanza indented within flush prose and prints its number at the foot:
    the lines of the stanza go on with it, and every page begins at its first line."""
    stanza = ["      The grain came down the river late,", "      The tolls were raised at every gate;",
              "      The merchants met, the council sat,", "      And nothing came of all of that."]
    pages = ["\n".join([FILLER[n % 4], FILLER[(n + 1) % 4], "", *stanza, "", FILLER[(n + 2) % 4],
                        FILLER[(n + 3) % 4], "", str(n)]) for n in range(17, 23)]
    root = converted("\n\n".join(pages) + "\n")
    starts = first_words_after_each_pb(root)
    assert starts == [(str(n), " ".join(FILLER[n % 4].split()[:3])) for n in range(17, 23)], starts


def test_numbers_between_dashes_or_in_brackets_are_pages_with_their_decoration() -> None:
    """``— 17 —``, ``-17-``, ``[17]`` and ``(17)`` alone at a page's foot: page numbers, printed
    whole as forme work, nothing of them left in the reading text, no chapter."""
    for style in ("— {} —", "-{}-", "[{}]", "({})"):
        pages = ["\n".join([*(FILLER[(n + i) % 4] for i in range(8)), "", style.format(n)])
                 for n in range(17, 24)]
        root = converted("\n\n".join(pages) + "\n")
        assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == [str(n) for n in range(17, 24)], style
        assert ["".join(fw.itertext()) for fw in root.iter(f"{TEI}fw")] == \
            [style.format(n) for n in range(17, 24)], style
        assert not list(root.iter(f"{TEI}head")), style
        reading = " ".join("".join(p.xpath("text()")) for p in next(root.iter(f"{TEI}body")).iter(f"{TEI}p"))
        assert not set(reading) & set("—[]().0123456789"), (style, reading[:200])


def test_a_running_head_whose_number_is_misread_past_reading_is_still_forme_work() -> None:
    """Form-feed pages, each opening with a running head and its number; on some the OCR made of
    the number what no sequence can read (``Ia``, ``rot``): the head is still forme work (``fw``),
    neither a chapter heading nor text, and a head seen only on two such pages is one too; a
    token showing a digit (``1%``) is the page's number as printed."""
    pages = heads_book(10, 10).split("\f")
    pages[3] = pages[3].replace("OF GRAIN AND TOLLS   13", "OF GRAIN AND TOLLS   I.")
    pages[5] = pages[5].replace("OF GRAIN AND TOLLS   15", "THE WINTER STORMS   rot")
    pages[7] = pages[7].replace("OF GRAIN AND TOLLS   17", "THE WINTER STORMS   1%")
    pages[9] = "Ie\n" + pages[9].replace("OF GRAIN AND TOLLS   19", "THE WINTER STORMS   ig")  # a speck above
    root = converted("\f".join(pages))
    assert not list(root.iter(f"{TEI}head"))
    headers = ["".join(fw.itertext()) for fw in root.iter(f"{TEI}fw") if fw.get("type") == "header"]
    storms = {f"THE WINTER STORMS   {misread}" for misread in ("rot", "ig")} | {"THE WINTER STORMS"}
    assert storms <= set(headers), headers
    assert "1%" in ["".join(fw.itertext()) for fw in root.iter(f"{TEI}fw") if fw.get("type") == "pageNum"]
    running = " ".join(" ".join(p.xpath("text()")) for p in root.iter(f"{TEI}p"))
    assert "TOLLS" not in running and "WINTER STORMS" not in running


def test_recto_heads_that_name_each_chapter_are_running_heads() -> None:
    """The left page's head repeats the book's title; the right page's names the chapter in
    capitals and changes with it (``THE SAXONS.   13``, ``THE DANES.   15``): both are forme work."""
    titles = ["THE SAXONS.", "THE DANES.", "THE NORMANS.", "THE PLANTAGENETS.", "THE TUDORS."]
    pages = [page([f"{n}   HISTORY OF ENGLAND." if n % 2 == 0 else f"{titles[(n - 11) // 2]}   {n}"])
             for n in range(10, 20)]
    root = converted("\n".join(pages))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == [str(n) for n in range(10, 20)]
    headers = ["".join(fw.itertext()) for fw in root.iter(f"{TEI}fw") if fw.get("type") == "header"]
    assert headers == [titles[(n - 11) // 2] if n % 2 else "HISTORY OF ENGLAND." for n in range(10, 20)]
    running = " ".join(" ".join(p.xpath("text()")) for p in root.iter(f"{TEI}p"))
    assert not any(title.rstrip(".") in running for title in titles)


def test_a_marker_on_a_line_that_opens_with_the_word_a_calls_its_footnote() -> None:
    """``a quay.1 The council …``: a line of running text may open with the article ``a``; it is no
    note labelled ``a``, and the footnote below finds its marker in it."""
    lines = [*FILLER[:3], "a quay.1 The council met in the spring and raised the tolls", *FILLER[1:3]]
    pages = ["\n".join([*(FILLER[(n + i) % 4] for i in range(6)), "", str(n)]) for n in range(20, 26)]
    pages[2] = "\n".join([*lines, "", "1 The old quay of the town, rebuilt in stone.", "", "22"])
    root = converted("\n\n".join(pages) + "\n")
    notes = [(note.get("n"), "".join(note.itertext()).strip()) for note in root.iter(f"{TEI}note")]
    assert notes == [("1", "The old quay of the town, rebuilt in stone.")]
    assert notes_of(root) == [("1", "quay.")]


def test_a_stamp_repeated_at_the_foot_of_every_scanned_page_is_forme_work() -> None:
    """A scan's stamp (``Digitized by Google``) at the foot of every form-feed page, and a head
    printed without a number: page furniture (``fw``), not the reading text; a line that only
    a few pages share stays text."""
    pages = heads_book(10, 8).split("\f")
    pages = [page.rstrip("\n") + "\n\nDigitized by the Harbour Library\n" for page in pages]
    pages[2] = pages[2].replace(FILLER[3], "a line the stamp shares with no other page", 1)
    root = converted("\f".join(pages))
    footers = ["".join(fw.itertext()) for fw in root.iter(f"{TEI}fw") if fw.get("type") == "footer"]
    assert footers == ["Digitized by the Harbour Library"] * 8
    running = " ".join(" ".join(p.itertext()) for p in root.iter(f"{TEI}p"))
    assert "Harbour Library" not in " ".join(" ".join(p.xpath("text()")) for p in root.iter(f"{TEI}p"))
    assert "a line the stamp shares with no other page" in running


def test_a_chapters_synopsis_under_its_head_is_its_argument() -> None:
    """``CHAPTER I.``, then a synopsis (phrases between dashes, or most words capitalised), then
    the chapter's text: the synopsis is the division's ``<argument>``; a short plain first
    paragraph is no synopsis."""
    openings = {
        20: ["CHAPTER I.", "", "The Voyage out, and what befell the Travellers at Madeira;",
             "with some Account of the Island and its Wines.", ""],
        22: ["CHAPTER II.", "", "The harbour — the new tolls — a quarrel at the quay.", ""],
        24: ["CHAPTER III.", "", "The ships came in late that year, and nobody was surprised.", ""],
        26: ["CHAPTER IV.", "", "— The spring. — The weirs. — A quarrel with the millers. —", ""],
        28: ["CHAPTER V.", "", "  — The miller and his son. — The quarrel. —", ""],
    }
    pages = ["\n".join([*openings.get(n, []), *(FILLER[(n + i) % 4] for i in range(8)), "", str(n)])
             for n in range(20, 30)]
    root = converted("\n\n".join(pages) + "\n")
    arguments = {div.findtext(f"{TEI}head"): " ".join("".join(a.itertext()).split())
                 for div in root.iter(f"{TEI}div") for a in div.findall(f"{TEI}argument")}
    assert arguments == {
        "CHAPTER I.": "The Voyage out, and what befell the Travellers at Madeira; with some Account of the "
                      "Island and its Wines.",
        "CHAPTER II.": "The harbour — the new tolls — a quarrel at the quay.",
        "CHAPTER IV.": "— The spring. — The weirs. — A quarrel with the millers. —",
        "CHAPTER V.": "— The miller and his son. — The quarrel. —"}
    for div in root.iter(f"{TEI}div"):
        argument = div.find(f"{TEI}argument")
        assert argument is None or argument.getprevious().tag == f"{TEI}head"


def test_division_labels_that_open_form_feed_pages_stay_headings() -> None:
    """``PART I.``, ``CHAPTER II.`` opening form-feed pages end with a token OCR's digits could
    be, as a misread running head's number does: they are divisions, never forme work."""
    pages = heads_book(10, 10).split("\f")
    for k, label in ((2, "PART I."), (4, "CHAPTER II."), (6, "PART II."), (8, "CHAPTER III.")):
        pages[k] = pages[k].split("\n", 1)[1].lstrip("\n")
        pages[k] = f"{label}\n\n{pages[k]}"
    root = converted("\f".join(pages))
    assert [head.text for head in root.iter(f"{TEI}head")] == \
        ["PART I.", "CHAPTER II.", "PART II.", "CHAPTER III."]


def test_a_book_heading_holds_the_chapters_that_follow_it() -> None:
    """``BOOK I.`` above ``CHAPTER I.``: the book is a division around its chapters (as
    the Gutenberg reader nests parts), up to the next book, not an empty division beside them."""
    pages = foot_book(1, 8)
    for k, labels in ((1, ["BOOK I.", "CHAPTER I."]), (3, ["CHAPTER II."]),
                      (5, ["BOOK II.", "CHAPTER III."]), (6, ["CHAPTER IV."])):
        pages[k] = "\n\n".join([*labels, pages[k]])
    root = converted("\n\n".join(pages) + "\n")

    def heads(div: etree._Element) -> list[str]:
        return ["".join(d.find(f"{TEI}head").itertext()) for d in div.findall(f"{TEI}div")]

    body = root.find(f".//{TEI}body")
    assert heads(body) == ["BOOK I.", "BOOK II."]
    first, second = body.findall(f"{TEI}div")
    assert first.get("type") == "book" and heads(first) == ["CHAPTER I.", "CHAPTER II."]
    assert heads(second) == ["CHAPTER III.", "CHAPTER IV."]
    assert all(d.find(f"{TEI}p") is not None for d in root.iter(f"{TEI}div") if d.get("type") == "chapter")


def test_a_named_section_early_in_the_book_is_no_back_matter() -> None:
    """A numbered heading, then ``ERRATA.`` among the front matter, then the whole book without
    another heading: the book is no back matter, so its footnotes are read as footnotes."""
    pages = ["\n".join([*(FILLER[(n + i) % 4] for i in range(8)), "", str(n)]) for n in range(1, 13)]
    pages[0] = "\n".join(["I. THE HARBOUR", "", *FILLER[:3], "", "ERRATA.", "", FILLER[0], "", "1"])
    pages[9] = pages[9].replace(FILLER[(9 + 3) % 4], FILLER[(9 + 3) % 4] + ",1", 1).replace(
        "\n\n10", "\n\n1 The old quay of the town, rebuilt in stone.\n\n10")
    root = converted("\n\n".join(pages) + "\n")
    assert [(note.get("n"), "".join(note.itertext()).strip()) for note in root.iter(f"{TEI}note")] == \
        [("1", "The old quay of the town, rebuilt in stone.")]


def test_a_table_ends_at_the_next_sections_heading() -> None:
    """A contents list read as a table stops at the heading in capitals set after a blank line
    (``LIST OF PLATES.``): the heading is no row."""
    from teitools.readers import ocr_tables
    from teitools.readers.dehyphenate import Vocabulary
    from teitools.readers.ocr_fixes import Corrector

    lines = ["Contents", "The river 3—9", "The quay 10—14", "The market 15—20", "",
             "          LIST OF PLATES.", "", "The old quay 12", "The bridge 17"]
    corrector = Corrector("\n".join(lines), Vocabulary(lines))
    table, after = ocr_tables.read_table(lines, 0, {}, {}, corrector, {})
    assert after == 5 and len(table.rows) == 3


def test_an_index_is_a_list_of_entries_not_a_table() -> None:
    """The entries of a book's index, a heading word and its page references after commas
    (``Tolls, the, 7, 8``; a sub-entry after a dash, a cross-reference), are the items of a list,
    not rows split into cells at the numbers; an indented line of numbers is its entry's turnover;
    a page that begins inside the index begins in the item after its number."""
    index = ["", "INDEX.", "", "Boats, 1, 3, 5", "Brig, 6, 7; see also Good Intent",
             "Clay pits, the men in, 3, 10,", "    11, 14", "Grain, 2, 4", "  — market, 4", "Harbour, 1-9",
             "", "5", "",
             "Tolls, the, 7, 8", "Wall, 2, 6", "", "6"]
    text = headed_book(["CHAPTER I.", "CHAPTER II.", "CHAPTER III.", "CHAPTER IV."]) + "\n".join(index) + "\n"
    root = converted(text)
    assert root.find(f".//{TEI}table") is None
    items = [" ".join("".join(i.itertext()).split()) for i in root.iter(f"{TEI}item")]
    assert items == ["Boats, 1, 3, 5", "Brig, 6, 7; see also Good Intent",
                     "Clay pits, the men in, 3, 10, 11, 14", "Grain, 2, 4", "— market, 4", "Harbour, 1-9",
                     "5 Tolls, the, 7, 8", "Wall, 2, 6 6"]
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")][-2:] == ["5", "6"]


def test_a_number_alone_at_a_form_feed_pages_edge_out_of_sequence_is_forme_work() -> None:
    """Form-feed pages numbered at the foot; one number misread out of the sequence (``9`` on
    page 13, ``33`` on page 15): page furniture, never a figure's caption or a chapter's number."""
    pages = ["\n".join([*(FILLER[(n + i) % 4] for i in range(8)), "", str(n)]) for n in range(10, 20)]
    pages[3] = pages[3].replace("\n13", "\n9")
    pages[5] = pages[5].replace("\n15", "\n33")
    root = converted("\f".join(pages) + "\n")
    assert not list(root.iter(f"{TEI}figure")) and not list(root.iter(f"{TEI}head"))
    numbers = ["".join(fw.itertext()) for fw in root.iter(f"{TEI}fw") if fw.get("type") == "pageNum"]
    assert "9" in numbers and "33" in numbers, numbers


def test_the_books_own_running_head_without_its_number_is_still_forme_work() -> None:
    """The left pages' head (the book's title, beside numbers from the first pages to the last)
    printed on one form-feed page without its number: forme work, not a chapter heading."""
    pages = heads_book(10, 12).split("\f")
    pages[4] = pages[4].replace("14   THE HARBOUR BOOK", "THE HARBOUR BOOK")
    root = converted("\f".join(pages))
    assert not list(root.iter(f"{TEI}head"))
    headers = ["".join(fw.itertext()) for fw in root.iter(f"{TEI}fw") if fw.get("type") == "header"]
    assert headers.count("THE HARBOUR BOOK") == 6, headers


def scanned_book(heads: dict[int, str], first: int = 60, count: int = 24) -> list[str]:
    """Form-feed pages ``first``.. whose running head carries the number (``62   THE HARBOUR
    BOOK``, ``OF GRAIN AND TOLLS   63``), but where ``heads`` (by page number) gives the head
    line as the OCR read it."""
    pages = []
    for n in range(first, first + count):
        head = f"{n}   THE HARBOUR BOOK" if n % 2 == 0 else f"OF GRAIN AND TOLLS   {n}"
        pages.append(page([heads.get(n, head)]))
    return pages


def forme_work_of(root: etree._Element, kind: str) -> list[str]:
    return ["".join(fw.itertext()) for fw in root.iter(f"{TEI}fw") if fw.get("type") == kind]


def reading_text(root: etree._Element) -> str:
    """The text of the body outside ``<fw>``."""
    body = root.find(f".//{TEI}body")
    assert body is not None
    parts = [body.text or ""]
    for el in body.iter():
        if el is not body and not any(a.tag == f"{TEI}fw" for a in (el, *el.iterancestors())):
            parts.append(el.text or "")
        if el is not body:
            parts.append(el.tail or "")
    return " ".join(" ".join(parts).split())


def test_a_run_of_numbers_misread_alike_is_no_new_pagination() -> None:
    """A worn 7 read as 1 on ten pages (``10`` … ``19`` for 70 … 79) is not a volume paginated
    anew: the chain comes back to 80, so the pages between are 70 … 79, supplied, each head
    forme work with the number as printed."""
    misread = {n: (f"{n - 60}   THE HARBOUR BOOK" if n % 2 == 0 else f"OF GRAIN AND TOLLS   {n - 60}")
               for n in range(70, 80)}
    root = converted("\f".join(scanned_book(misread)))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == \
        [str(n) if not 70 <= n < 80 else f"[{n}]" for n in range(60, 84)]
    assert forme_work_of(root, "header").count("THE HARBOUR BOOK") == 12
    assert "TOLLS" not in reading_text(root) and "HARBOUR BOOK" not in reading_text(root)


def test_a_running_head_below_specks_keeps_its_number() -> None:
    """A plate's show-through read as specks above the head (``aid``, ``ee is``): the number
    beside the head below them is the page's, and the head is forme work."""
    pages = scanned_book({})
    pages[5] = "aid\n\nEEEN\n\nee is\n\n" + pages[5]
    root = converted("\f".join(pages))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == [str(n) for n in range(60, 84)]
    assert "TOLLS" not in reading_text(root) and "aid" in reading_text(root)


def test_a_running_head_whose_number_is_past_reading_is_forme_work() -> None:
    """Heads whose number OCR garbled (``el 6)``, ``te``, ``TAS``), recognised by the words the
    head prints beside numbers on other pages: forme work, the garbled number with them."""
    garbled = {65: "OF GRAIN AND TOLLS        te", 66: "el 6)        THE HARBOUR BOOK",
               69: "OF GRAIN AND TOLLS TAS"}
    root = converted("\f".join(scanned_book(garbled)))
    headers = forme_work_of(root, "header")
    assert all(text.strip() in headers for text in garbled.values())
    assert "TOLLS" not in reading_text(root) and "HARBOUR BOOK" not in reading_text(root)
    words = reading_text(root).split()
    assert "te" not in words and "TAS" not in words


def test_a_stamp_of_two_lines_with_specks_below_is_forme_work() -> None:
    """``Original from`` over ``Digitized by Google   PENN STATE``, the logo read as ``En`` and
    specks below on some pages: every line of the stamp is forme work, the specks stay text."""
    pages = [p.rstrip("\n") + "\n\n" + ("En" + " " * 30 if n % 3 == 0 else " " * 32) + "Original from\n"
             + "Digitized by Google" + " " * 20 + "PENN STATE\n" + ("ee eee\n" if n % 2 else "")
             for n, p in enumerate(scanned_book({}))]
    root = converted("\f".join(pages))
    footers = forme_work_of(root, "footer")
    assert sum("Original from" in f for f in footers) == 24
    assert sum("PENN STATE" in f for f in footers) == 24
    text = reading_text(root)
    assert "Original" not in text and "PENN" not in text and "ee eee" in text


def test_an_index_running_head_without_number_is_forme_work_after_its_heading() -> None:
    """``REGISTER,`` heads the index's pages whose number was lost; on the index's first page
    ``REGISTER`` is the index's heading and stays one."""
    pages = scanned_book({}, 60, 10)
    entries = "\n".join(f"Harbour{'ABCDEFGHIJ'[k]}, {k + 3}, {k + 17}." for k in range(8))
    pages.append(f"\n\nREGISTER\n\n{entries}\n")
    pages += [f"\n\n{n}   REGISTER.\n\n{entries}\n" if n % 2 == 0 else f"\n\nREGISTER,\n\n{entries}\n"
              for n in range(71, 76)]
    root = converted("\f".join(pages))
    heads = ["".join(h.itertext()).strip() for h in root.iter(f"{TEI}head")]
    assert "REGISTER" in heads and not any(h.startswith("REGISTER") and h != "REGISTER" for h in heads)
    assert forme_work_of(root, "header").count("REGISTER,") == 3


def test_a_stamp_inside_a_table_is_forme_work_not_a_row() -> None:
    """A table running over pages keeps the scanner's stamp at each page's foot as forme work
    in the cell before it, never as a row of its own."""
    rows = [f"Harbour dues {k}        {k + 3}        {k * 7 + 10}" for k in range(12)]
    pages = [p.rstrip("\n") + "\n\nDigitized by the Harbour Library\n" for p in scanned_book({}, 60, 12)]
    stamp = "\n\nDigitized by the Harbour Library\n"
    pages[10] = "\n\nAPPENDIX\n\nTolls and dues\n\n" + "\n".join(rows[:6]) + stamp
    pages[11] = "\n".join(rows[6:]) + stamp
    pages[0] = pages[0].replace("\n\n", "\n\nCHAPTER I.\n\n", 1)
    root = converted("\f".join(pages))
    cells = ["".join(c.itertext()) for c in root.iter(f"{TEI}cell")]
    assert cells and not any(c.strip() == "Digitized by the Harbour Library" for c in cells)
    assert forme_work_of(root, "footer").count("Digitized by the Harbour Library") == 12


def test_a_number_alone_above_a_stamp_is_no_figure() -> None:
    """On form-feed pages a number alone is a page's, a margin's or a speck's, never a figure's
    caption: above the scanner's stamp it is the page's edge, forme work."""
    pages = [p.rstrip("\n") + "\n\nDigitized by the Harbour Library\n" for p in scanned_book({}, 60, 12)]
    for k, number in ((3, "13"), (6, "17"), (9, "20")):
        pages[k] = pages[k].replace("\n\nDigitized", f"\n\n{number}\n\nDigitized")
    root = converted("\f".join(pages))
    assert root.find(f".//{TEI}figure") is None
    assert [f for f in forme_work_of(root, "pageNum") if f in ("13", "17", "20")] == ["13", "17", "20"]


def test_a_head_with_a_digit_token_and_one_word_of_the_heads_is_forme_work() -> None:
    """A diary's heads name changing months, so a head whose number OCR garbled is known by one
    word printed in heads elsewhere beside a token showing a digit, set apart by a printer's
    gap (``APRIL JULI 1642.   25)``, ``1716   ATJEI-MALAKA``), also below a plate's specks."""
    garbled = {65: "OF GRAIN, WINE AND SALT        9)",
               66: "1716        THE HARBOUR-MASTERS"}
    pages = scanned_book(garbled)
    pages[6] = "dek MC EB Ab\n\nKal\n\n" + pages[6]
    root = converted("\f".join(pages))
    headers, numbers = forme_work_of(root, "header"), forme_work_of(root, "pageNum")
    assert {"OF GRAIN, WINE AND SALT", "THE HARBOUR-MASTERS"} <= set(headers)
    assert {"9)", "1716"} <= set(numbers)
    assert "SALT" not in reading_text(root) and "MASTERS" not in reading_text(root)
    heads = ["".join(h.itertext()).strip() for h in root.iter(f"{TEI}head")]
    assert not any(h.startswith(("OF GRAIN", "1716")) for h in heads)


def test_a_head_the_ocr_set_inside_its_page_gives_the_page_its_number() -> None:
    """A page whose first lines are text and whose head stands below them (``130   MALAKA``
    after a letter's address printed in a box): the number, as printed where the pages around
    make it certain, is the page's, not supplied, and the head is forme work."""
    pages = scanned_book({})
    body = pages[6].split("\n")
    pages[6] = "\n".join([*body[2:5], "", body[0], *body[5:]])
    root = converted("\f".join(pages))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")][6] == "66"
    assert "66" in forme_work_of(root, "pageNum") and "HARBOUR BOOK" not in reading_text(root)


def test_a_running_head_past_a_stamp_is_forme_work_where_the_form_feed_was_lost() -> None:
    """The index's head without number on a page whose form feed the OCR lost (the page runs on
    after the scanner's stamp at the foot of the page before), and on a page after one whose
    head showed only its number: forme work like the head the index's earlier pages print."""
    stamp = "\n\nDigitized by the Harbour Library\n"
    pages = [p.rstrip("\n") + stamp for p in scanned_book({}, 60, 10)]
    entries = "\n".join(f"Harbour{'ABCDEFGHIJ'[k]}, {k + 3}, {k + 17}." for k in range(8))
    pages.append(f"\n\nREGISTER\n\n{entries}{stamp}")
    pages += [f"\n\n{n}   REGISTER.\n\n{entries}{stamp}" for n in (71, 72)]
    pages.append(f"\n\n73\n\n{entries}{stamp}")
    pages.append(f"\n\nREGISTER.\n\n{entries}{stamp}\nk\nREGISTER.\n\n{entries}{stamp}")
    pages.append(f"\n\n76   REGISTER.\n\n{entries}{stamp}")
    root = converted("\f".join(pages))
    heads = ["".join(h.itertext()).strip() for h in root.iter(f"{TEI}head")]
    assert heads.count("REGISTER") == 1 and "REGISTER." not in heads
    assert forme_work_of(root, "header").count("REGISTER.") == 5
    assert "REGISTER." not in reading_text(root).split()


def test_a_stamp_the_ocr_read_amid_a_page_is_forme_work() -> None:
    """The scanner's stamp of every page's foot, read by the OCR amid a page's columns: forme
    work there too, the lines around it text."""
    stamp = "\n\nOriginal from\nTHE HARBOUR LIBRARY\n"
    pages = [p.rstrip("\n") + stamp for p in scanned_book({}, 60, 10)]
    body = pages[4].split("\n")
    pages[4] = "\n".join([*body[:5], "", "Original from", "THE HARBOUR LIBRARY", "", *body[5:]])
    root = converted("\f".join(pages))
    footers = forme_work_of(root, "footer")
    assert footers.count("Original from") == 11 and footers.count("THE HARBOUR LIBRARY") == 11
    assert "Original" not in reading_text(root) and "the harbour master wrote" in reading_text(root)


def test_a_page_number_and_head_above_a_table_are_forme_work_not_its_head() -> None:
    """A table (an index's columns) that begins below a page's number and running head: the
    two are forme work before it, never the table's head or a row."""
    rows = [f"Harbour dues {k}        {k + 3}        {k * 7 + 10} fl." for k in range(12)]
    pages = scanned_book({}, 60, 12)
    pages[10] = "70   THE HARBOUR BOOK\n\nAPPENDIX\n\nTolls and dues\n\n" + "\n".join(rows[:6]) + "\n"
    pages[11] = "71   THE HARBOUR BOOK\n" + "\n".join(rows[6:]) + "\n"
    pages[0] = pages[0].replace("\n\n", "\n\nCHAPTER I.\n\n", 1)
    root = converted("\f".join(pages))
    table_heads = ["".join(h.itertext()) for t in root.iter(f"{TEI}table") for h in t.iter(f"{TEI}head")]
    cells = ["".join(c.itertext()) for c in root.iter(f"{TEI}cell")]
    assert not any("71" in h or "HARBOUR BOOK" in h for h in table_heads)
    assert not any(c.strip() in ("71", "THE HARBOUR BOOK") for c in cells)
    assert "71" in forme_work_of(root, "pageNum") and "THE HARBOUR BOOK" in forme_work_of(root, "header")


def test_a_column_of_numbers_at_a_page_edge_is_no_page_number() -> None:
    """The chapter numbers of a table of contents (``XXII.`` over ``XXITI.``, OCR's T for I) and a
    list's (``vi`` over ``31.``, ``32.``) at a page's edge are no page's number."""
    contents = "CHAPTER\n\nXXII.\nXXITI.\nXXIV.\nXXV.\n\nCONTENTS\n\nWelcome Home\nThe Cablegram\n"
    listed = "vi\n\n31.\n32.\n33.\n\nThe tolls of the harbour, as the council set them.\n"
    root = converted("\f".join([contents, listed, *scanned_book({})]))
    numbers = [pb.get("n") for pb in root.iter(f"{TEI}pb")]
    assert "XXII" not in numbers and "vi" not in numbers and numbers[-24:] == [str(n) for n in range(60, 84)]


def test_a_footnote_ending_in_a_number_is_no_page_number() -> None:
    """Each page's footnote ends with a number rising page by page (``(1) Cf. the tolls, vol.
    11.``) and one page prints no head: the heads' numbers are the pages', and the notes keep
    their numbers."""
    pages = scanned_book({}, 1, 8)
    pages = [p.rstrip("\n") + f"\n\n(1) Cf. the harbour rolls, vol. {n + 11}.\n" for n, p in enumerate(pages)]
    pages = [p.replace("that year and the grain", "that year (1) and the grain", 1) for p in pages]
    pages[4] = "III.\n\n" + pages[4].split("\n", 1)[1]
    root = converted("\f".join(pages))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["1", "2", "3", "4", "[5]", "6", "7", "8"]
    notes = ["".join(n.itertext()) for n in root.iter(f"{TEI}note")]
    assert [note.split()[-1] for note in notes] == [f"{n}." for n in range(11, 19)]


def test_a_page_whose_form_feed_was_lost_opens_at_its_running_head() -> None:
    """The OCR lost the form feed before page 66: its head (``66   THE HARBOUR BOOK``) stands
    inside page 65, between pages whose numbers are one short; the page opens there."""
    pages = scanned_book({})
    text = "\f".join(pages[:6]) + "\n" + "\f".join(pages[6:])
    root = converted(text)
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == [str(n) for n in range(60, 84)]
    assert "HARBOUR BOOK" not in reading_text(root)


def test_a_lost_form_feeds_head_alone_between_blank_lines_opens_its_page() -> None:
    """The head of a page whose form feed the OCR lost stands alone between blank lines, its
    number a space after its words (``Der Mühlengraben. 5``, no printer's gap): page 5 opens
    there; the head is forme work."""
    pages = [page([f"{n} Zweites Kapitel." if n % 2 == 0 else f"Der Mühlengraben. {n}"]) for n in range(2, 9)]
    text = "\f".join(pages[:2]) + "\f" + pages[2] + "\n" + "\f".join(pages[3:])
    root = converted(text)
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == [str(n) for n in range(2, 9)]
    assert "Mühlengraben" not in reading_text(root)
    misread = [page([f"{n} DE STAD AAN DE RIVIER" if n % 2 == 0 else f"DE STAD AAN DE RIVIER {n}"])
               for n in range(10, 17)]
    misread[3] = misread[3].replace("RIVIER 13", "RIVIER l3")  # and its form feed lost
    root = converted("\f".join(misread[:3]) + "\n" + "\f".join(misread[3:]))  # l3: the page supplied
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["10", "11", "12", "[13]", "14", "15", "16"]
    assert "l3" not in reading_text(root)


def test_a_note_symbol_a_space_after_its_word_is_the_call() -> None:
    """OCR reads the gap kerning left before a note's symbol (``while *``, ``stood. †``): the
    note stands there, the symbol out of the text."""
    pages = scanned_book({}, 60, 6)
    pages[2] = pages[2].replace("closed the river", "closed the river *", 1).rstrip("\n") \
        + "\n\n* Le port était calme, dit le maître du port.\n"
    pages[3] = pages[3].replace("about the new tolls", "about the new tolls. †", 1).rstrip("\n") \
        + "\n\n† See the council's rolls for that year.\n"
    conv = convert_source(source_from_text("\f".join(pages), "book.txt"))
    assert not [d for d in conv.diagnostics if d.code == "OCR002"]
    root = conv.tree.getroot()
    for note in root.iter(f"{TEI}note"):
        assert note.getparent() is not None and note.getparent().tag == f"{TEI}p"
    assert [n.get("n") for n in root.iter(f"{TEI}note")] == ["*", "†"]
    assert " * " not in reading_text(root) and "†" not in reading_text(root)


def test_a_note_runs_on_above_the_scanners_stamp() -> None:
    """On scanned form-feed pages the stamp stands below everything: the last note of a page runs
    on at the next page's foot above it."""
    pages = [p.rstrip("\n") + "\n\nDigitized by Google\n" for p in scanned_book({}, 60, 8)]
    pages[2] = pages[2].replace("merchants of", "merchants* of", 1).replace(
        "\n\nDigitized", "\n\n* The merchants were the ship owners, as the\n\nDigitized", 1)
    pages[3] = pages[3].replace("\n\nDigitized", "\n\nminutes of that year record.\n\nDigitized", 1)
    root = converted("\f".join(pages))
    notes = [" ".join("".join(n.itertext()).split()) for n in root.iter(f"{TEI}note")]
    assert notes == ["The merchants were the ship owners, as the minutes of that year record."]
    assert "minutes" not in " ".join(" ".join(p.xpath("text()")) for p in root.iter(f"{TEI}p"))


def test_a_running_head_opening_with_a_word_that_names_a_division_elsewhere() -> None:
    """``LES PÊCHEURS   31``: Dutch ``les`` (a lesson) names a division, but without its number
    the head is a running head and its number the page's."""
    pages = [page([f"LES PÊCHEURS      {n}" if n % 2 else f"{n}      LA CÔTE"]) for n in range(31, 37)]
    root = converted("\f".join(pages))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == [str(n) for n in range(31, 37)]
    assert "LES PÊCHEURS" in forme_work_of(root, "header") and not list(root.iter(f"{TEI}head"))


def test_a_chapter_numeral_with_ocrs_l_for_i() -> None:
    """``CHAPTER Vll.`` and ``CHAPTER lX.``: capitals with ``l`` read for I number chapters 7
    and 9 (never 60, the lower-case reading of ``lx``)."""
    root = converted(headed_book(["CHAPTER VI.", "CHAPTER Vll.", "CHAPTER VIII.", "CHAPTER lX."]))
    assert [d[:2] for d in divisions(root)] == [("chapter", "6"), ("chapter", "7"), ("chapter", "8"),
                                                ("chapter", "9")]
    assert [(c.findtext(f"{TEI}sic"), c.findtext(f"{TEI}corr")) for c in root.iter(f"{TEI}choice")] == [
        ("Vll", "VII"), ("lX", "IX")]
    # labels alone: one misread breaks no run of them
    root = converted(headed_book(["VIII.", "lX.", "X."]))
    assert [d[:2] for d in divisions(root)] == [("chapter", "8"), ("chapter", "9"), ("chapter", "10")]


def test_a_contents_list_that_ends_the_book() -> None:
    """Books may print the contents last: its entries make the back's list, no chapter."""
    contents = ["", "INHALT.", "", "Erstes Kapitel. Der Hafen . . . . . . . . 1",
                "Zweites Kapitel. Der Sturm . . . . . . . . 2", "Drittes Kapitel. Die Mauer . . . . . . . 3",
                "", "4"]
    chapters = headed_book(["Erstes Kapitel.", "Zweites Kapitel.", "Drittes Kapitel."], german=True)
    root = converted(chapters + "\n".join(contents) + "\n")
    back = root.find(f".//{TEI}back")
    assert back is not None and len(list(back.iter(f"{TEI}item"))) == 3
    assert [d[:2] for d in divisions(root)] == [("chapter", "1"), ("chapter", "2"), ("chapter", "3"),
                                                ("contents", None)]


def test_the_stamp_above_a_page_whose_form_feed_was_lost_is_forme_work() -> None:
    """The OCR lost a form feed: the scanner's stamp stands right above the next page's head
    inside the page before, and is forme work there too."""
    pages = [p.rstrip("\n") + "\n\nDigitized by Google\n" for p in scanned_book({}, 60, 8)]
    pages[3:5] = [pages[3] + pages[4]]
    root = converted("\f".join(pages))
    assert forme_work_of(root, "footer").count("Digitized by Google") == 8
    assert "Digitized" not in reading_text(root)


def test_a_tables_title_in_capitals_is_no_heading() -> None:
    """``TABLE I. BOATS REGISTERED AT THE PORT.`` above rows of figures in an appendix is the
    table's head, not a division that would pull the appendix into the body."""
    appendix = ["", "APPENDIX.", "", "TABLE I. BOATS REGISTERED AT THE PORT.", "",
                "Year      Boats      Tons", "1820      41      612", "1830      38      590",
                "1840      35      571", "",
                "From the harbour master's registers.", "", "5"]
    root = converted(headed_book(["CHAPTER I.", "CHAPTER II.", "CHAPTER III.", "CHAPTER IV."])
                     + "\n".join(appendix) + "\n")
    table = root.find(f".//{TEI}back//{TEI}table")
    assert table is not None and table.findtext(f"{TEI}head") == "TABLE I. BOATS REGISTERED AT THE PORT."
    assert [d[0] for d in divisions(root)] == ["chapter"] * 4 + ["appendix"]
    appendix[3] = "TAVOLA I. BARCHE REGISTRATE NEL PORTO."  # Italian: tavola, a table above rows
    root = converted(headed_book(["CHAPTER I.", "CHAPTER II.", "CHAPTER III.", "CHAPTER IV."])
                     + "\n".join(appendix) + "\n")
    table = root.find(f".//{TEI}back//{TEI}table")
    assert table is not None and table.findtext(f"{TEI}head") == "TAVOLA I. BARCHE REGISTRATE NEL PORTO."


def test_a_misread_roman_page_between_two_read_ones_is_supplied() -> None:
    """Front matter numbered ``ix`` … ``xiii`` at the head, ``xii`` misread as ``xu``: the page
    is supplied in the front matter's numerals, ``[xii]``."""
    heads = ["PREFACE      ix", "x      PREFACE", "PREFACE      xi", "xu      PREFACE", "PREFACE      xiii"]
    pages = [page([head]) for head in heads] + [page([f"{n}      THE HARBOUR"]) for n in range(1, 4)]
    conv = convert_source(source_from_text("\f".join(pages) + "\f", "book.txt"))  # a trailing form feed
    numbers = [pb.get("n") for pb in conv.tree.getroot().iter(f"{TEI}pb")]
    assert numbers == ["ix", "x", "xi", "[xii]", "xiii", "1", "2", "3"]
    assert conv.detection is not None
    assert conv.detection.evidence == "7 page numbers rising ix..3 every 7 lines on 8 form-feed pages"


def test_a_misread_roman_number_beside_a_running_head_is_forme_work() -> None:
    """Form-feed front matter: the introduction's first page headed ``INTRODUCTION`` with ``vii``
    at its foot, the next headed ``vlii INTRODUCTION`` (viii misread); in capitals, ``VII
    INTRODUCTION`` then ``VIIII INTRODUCTION`` (viii misread), words no other page prints
    beside a numeral. The misread number beside the words of the section's heading or of the
    page before's head is the page's number, supplied, and the words its running head."""
    body = [page([f"{n}      THE HARBOUR BOOK"]) for n in range(1, 6)]
    opening = "\n".join(["INTRODUCTION", "", *FILLER, "", " " * 30 + "vii"])
    lower = [page(["PREFACE      v"]), page(["vi      PREFACE"]), opening, page(["vlii INTRODUCTION"])]
    upper = [page([head]) for head in ("V      PREFACE", "PREFACE      VI", "VII INTRODUCTION",
                                       "VIIII INTRODUCTION")]
    for front, numbers, misread, heads in ((lower, ["v", "vi", "vii", "[viii]"], ("vlii", "viii"), 1),
                                           (upper, ["V", "VI", "VII", "[VIII]"], ("VIIII", "VIII"), 2)):
        root = converted("\f".join([*front, *body]))
        assert [pb.get("n") for pb in root.iter(f"{TEI}pb")][:5] == [*numbers, "1"]
        assert misread[0] not in reading_text(root).split()
        assert forme_work_of(root, "header").count("INTRODUCTION") == heads
        assert [(fw.findtext(f"{TEI}choice/{TEI}sic"), fw.findtext(f"{TEI}choice/{TEI}corr"))
                for fw in root.iter(f"{TEI}fw") if fw.find(f"{TEI}choice") is not None] == [misread]


def test_every_form_feed_page_has_its_page_break() -> None:
    """Front matter ``vii``, a misread ``vni`` (read as no number), an unnumbered chapter opening,
    then ``2`` and ``3``: every form-feed page opens with a ``<pb/>``; the pages between the front
    matter and page 2 are supplied, counting down to 1 (``[1]``) and on from vii (``[viii]``);
    a page no number makes certain (a plate between pages) has a ``<pb/>`` without ``n``."""
    heads = ["vii      INTRODUCTION.", "vni      INTRODUCTION.", "CHAPTER I.", "2      THE KONTOR.",
             "THE KONTOR.      3"]
    pages = [page([head]) for head in heads]
    plate = "\n".join(["", "", "               THE QUAY AT LOW WATER.", ""])
    book = "\f".join([*pages, plate, page(["4      THE KONTOR."])])
    numbers = [pb.get("n") for pb in converted(book).iter(f"{TEI}pb")]
    assert numbers == ["vii", "[viii]", "[1]", "2", "3", None, "4"]


def title_page(root: etree._Element) -> tuple[etree._Element, list[tuple[str | None, str]]]:
    """The document's title page in its front, and its title parts: (type, words)."""
    found = root.find(f"{TEI}text/{TEI}front/{TEI}titlePage")
    assert found is not None
    return found, [(el.get("type"), " ".join("".join(el.itertext()).split()))
                   for el in found.iter(f"{TEI}titlePart")]


def test_a_title_page_is_a_title_page() -> None:
    """The first form-feed page: title (the running head of the pages after), subtitle, ``BY``
    and the author's name, the imprint with its year, the scanner's stamp: a ``<titlePage>`` in
    ``<front>`` (docTitle, byline with docAuthor, docImprint) without the stamp, and the
    header's title and author."""
    title = "\n".join(["", "THE HARBOUR", "", "A CHRONICLE OF A CORNISH PORT", "", "BY", "",
                        "MARGARET TRELAWNY", "", "", "LONDON", "HENRY MARLOWE & CO.", "1898", "",
                        "Digitized by Google", ""])
    book = "\f".join([title, *(page([f"{n}      THE HARBOUR"]) for n in range(1, 5))])
    root = converted(book)
    page_, parts = title_page(root)
    assert parts == [("main", "THE HARBOUR"), ("sub", "A CHRONICLE OF A CORNISH PORT")]
    assert page_.findtext(f"{TEI}byline/{TEI}docAuthor") == "MARGARET TRELAWNY"
    assert " ".join("".join(page_.find(f"{TEI}docImprint").itertext()).split()) \
        == "LONDON HENRY MARLOWE & CO. 1898"
    assert "Digitized" not in "".join(page_.itertext())  # the imprint ends with its year
    stmt = root.find(f".//{TEI}titleStmt")
    assert stmt.findtext(f"{TEI}title") == "THE HARBOUR"
    assert stmt.findtext(f"{TEI}author") == "MARGARET TRELAWNY"


def test_a_title_page_in_german_without_form_feeds() -> None:
    """``von`` before the author's name in a German book without form feeds, a title block
    going on in lower case; a half-title without byline or year stays text."""
    title = ["Die Mühlen", "", "am alten Graben.", "", "Erzählungen", "", "von", "", "Karl Hafner.", "",
             "Karlsruhe.", "Verlag der Hofbuchhandlung.", "1859.", "", ""]
    pages = [page(["", f"{n}"]) for n in range(1, 5)]
    root = converted("\n".join([*title, *pages]))
    page_, parts = title_page(root)
    assert parts == [("main", "Die Mühlen am alten Graben."), ("sub", "Erzählungen")]
    assert page_.findtext(f"{TEI}byline/{TEI}docAuthor") == "Karl Hafner."
    half = "\n".join(["", "THE HARBOUR", "", "", "TO MY FATHER", ""])
    root = converted("\f".join([half, *(page([f"{n}      THE HARBOUR"]) for n in range(1, 5))]))
    assert root.find(f".//{TEI}titlePage") is None


def test_a_critical_apparatus_at_the_foot_is_a_note_of_its_own() -> None:
    """Each page of a critical edition ends with its apparatus (line number, lemma closed by
    ``]``, reading and siglum): a ``<note place="foot" type="apparatus">`` holding the entries
    as printed (no sigla corrected), never running text; a numbered sentence at a foot stays text."""
    readings = ["1 conventus] conventum β    4 Apriles] Aprilis A",
                "2 legati] legatis M    6 Iuram] Iura β", "3 ea] om. M", "7 duxit] dux it A   9 sine] in A"]
    pages = [page([str(n)], 6).rstrip("\n") + "\n\n" + readings[n - 7] + "\n" for n in range(7, 11)]
    root = converted("\f".join(pages))
    notes = [(note.get("type"), note.get("place"), "".join(note.itertext()))
             for note in root.iter(f"{TEI}note")]
    assert notes == [("apparatus", "foot", text) for text in readings]
    assert all("]" not in (p_.text or "") + "".join(x.tail or "" for x in p_) for p_ in root.iter(f"{TEI}p"))
    plain = [page([str(n)], 6).rstrip("\n") + "\n\n3 ships came in that year.\n" for n in range(7, 11)]
    assert not list(converted("\f".join(plain)).iter(f"{TEI}note"))


def test_a_sentence_opening_with_i_at_a_pages_foot_is_no_page_number() -> None:
    """An unnumbered chapter opening ends ``I remember, was …`` (English), ``io non ti …``
    (Italian): the word is no misread page number 1 or 10, the line stays text; the page before
    page 2 is supplied, ``[1]``."""
    for word, rest in (("I", "remember, was the Boadicea, which is sailing still."),
                       ("io", "non ti perdonerò mai, disse la vecchia.")):
        opening = page(["CHAPTER I."], 5).rstrip("\n") + f"\n{word} {rest}\n"
        book = "\f".join([opening, *(page([f"{n}      THE BOATS"]) for n in range(2, 6))])
        root = converted(book)
        assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["[1]", "2", "3", "4", "5"], word
        assert not list(root.iter(f"{TEI}choice")), word
        assert any(rest in "".join(p_.itertext()) for p_ in root.iter(f"{TEI}p")), word


def test_a_numbered_footnote_on_a_chapter_opening_is_no_heading() -> None:
    """Two chapter openings each end with a ``1)``/``2)`` footnote whose marker is glued in the
    text above (``Rotterdam1),``): notes at their markers, not two more chapters; the opening
    page, its prose and its note's year, is no title page."""
    def opening(label: str, title: str, n: int) -> str:
        return "\n".join([label, "", title, "",
                          f"De Johanna Maria vertrok den 4den Mei 1845 uit Rotterdam{n}),",
                          "met een lading van stukgoederen en twaalf passagiers, van",
                          "wie de meesten naar Java gingen om er fortuin te maken.", "",
                          f"{n}) Zie het Handelsblad van 5 Mei 1845.", ""])
    pages = [opening("EERSTE HOOFDSTUK.", "De reis naar Batavia.", 1),
             *(page([f"{n}      DE REIS NAAR BATAVIA."]) for n in (2, 3)),
             opening("TWEEDE HOOFDSTUK.", "In Batavia.", 2),
             *(page([f"{n}      IN BATAVIA."]) for n in (5, 6))]
    root = converted("\f".join(pages))
    assert root.find(f".//{TEI}titlePage") is None
    assert [(d[0], d[1]) for d in divisions(root)] == [("chapter", "1"), ("chapter", "2")]
    notes = [(note.get("n"), note.get("place")) for note in root.iter(f"{TEI}note")]
    assert notes == [("1", "foot"), ("2", "foot")]


def test_no_page_number_from_an_index_reference_or_a_word_in_capitals() -> None:
    """An unnumbered last page holds an index (``Quay, 2, 15`` at its foot): 15 is a reference,
    no page; Italian ``DI`` (by) alone on a title page is no Roman page 501."""
    index = "\n".join(["INDEX", "", "Boats, 1, 3", "Children, 2", "Harbour, 1-4", "Lanterns, 4",
                       "Quay, 2, 15", ""])
    root = converted("\f".join([*(page([f"{n}      THE BOATS"]) for n in range(1, 5)), index]))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["1", "2", "3", "4", None]
    assert "Quay, 2, 15" in "".join(root.find(f"{TEI}text").itertext())
    assert not [fw for fw in root.iter(f"{TEI}fw") if "Quay" in "".join(fw.itertext())]
    title = "\n".join(["LA LOCANDA DEL PONTE", "", "ROMANZO", "", "DI", "", "GIUSEPPE MARTELLI", "",
                        "MILANO", "1885", ""])
    root = converted("\f".join([title, *(page([f"{n}      LA LOCANDA DEL PONTE"]) for n in range(1, 5))]))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == [None, "1", "2", "3", "4"]
    assert root.findtext(f".//{TEI}titlePage/{TEI}byline/{TEI}docAuthor") == "GIUSEPPE MARTELLI"
    chapters = "\f".join([title, page(["CAPITOLO I."]), *(page([f"{n}    LA LOCANDA"]) for n in range(2, 5))])
    text = converted(chapters).find(f"{TEI}text")
    assert [etree.QName(el).localname for el in text] == ["front", "body"]
    assert [etree.QName(el).localname for el in text[0]] == ["titlePage"]


def test_a_form_feed_book_whose_front_matter_and_openings_print_no_number() -> None:
    """Nine form-feed pages: a dedication, the title page, a preface, two chapter openings
    without numbers, four numbered pages: ``ocr-paged`` (half the pages from the first number
    to the last are numbered), the front in the page order: dedication, title page, preface."""
    body = "The wind was rising over the harbour when the boats came in,\nand the men stood on the quay.\n"
    pages = ["TO MY WIFE\n", "THE HARBOUR\n\nA TALE\n\nBY\n\nJOHN ASHLEY\n\nLONDON\n1890\n",
             f"PREFACE\n\n{body}", f"CHAPTER I.\n\nTHE BOATS\n\n{body}", f"2 THE HARBOUR\n\n{body}",
             f"THE BOATS 3\n\n{body}", f"CHAPTER II.\n\nTHE QUAY\n\n{body}", f"5 THE HARBOUR\n\n{body}",
             f"THE QUAY 6\n\n{body}"]
    conv = convert_source(source_from_text("\f".join(pages), "book.txt"))
    assert conv.detection is not None and conv.detection.layout == "ocr-paged", conv.detection
    front = conv.tree.getroot().find(f"{TEI}text/{TEI}front")
    assert [etree.QName(el).localname for el in front] == ["div", "titlePage", "div"]
    assert [pb.get("n") for pb in conv.tree.getroot().iter(f"{TEI}pb")][4:] == ["2", "3", "[4]", "5", "6"]


def test_a_chapter_heading_in_the_words_of_the_running_heads_is_a_heading() -> None:
    """A chapter opens an unnumbered form-feed page with the words its pages' running heads
    print (``Zweites Kapitel.`` over ``2 Zweites Kapitel.``; ``CHAPTER I.`` and ``THE BOATS``
    over recto heads ``THE BOATS   3``): the chapter's ``<head>``, no forme work."""
    german = "\f".join([page(["Zweites Kapitel."]),
                        *(page([f"{n} Zweites Kapitel." if n % 2 == 0 else f"Der Mühlengraben. {n}"])
                          for n in range(2, 7))])
    assert [(d[0], d[2]) for d in divisions(converted(german))] == [("chapter", "Zweites Kapitel.")]
    english = "\f".join(["CHAPTER I.\n\n" + page(["THE BOATS"]),
                         *(page([f"{n}   THE SALT MARSHES" if n % 2 == 0 else f"THE BOATS   {n}"])
                           for n in range(2, 7))])
    assert [(d[0], d[2]) for d in divisions(converted(english))] == [("chapter", "CHAPTER I. THE BOATS")]


def test_roman_page_numbers_in_capitals_beside_a_running_head() -> None:
    """The front matter's running heads print their numbers in capital Roman numerals
    (``VIII PREFACE``, ``PREFACE IX``): its pages' numbers, as in lower case."""
    heads = ["VIII      PREFACE", "PREFACE      IX", "X      PREFACE", "PREFACE      XI"]
    pages = [page([head]) for head in heads] + [page([f"{n}      THE HARBOUR"]) for n in range(1, 5)]
    numbers = [pb.get("n") for pb in converted("\f".join(pages)).iter(f"{TEI}pb")]
    assert numbers == ["VIII", "IX", "X", "XI", "1", "2", "3", "4"]


def test_a_signature_set_right_under_a_preface_closes_it() -> None:
    """``THE AUTHOR.`` set right under a preface's last paragraph, a chapter on the next page:
    the preface's ``<closer><signed>``, no division of its own; a centred title stays a heading."""
    preface = "\n".join(["PREFACE", "", *FILLER, "", " " * 50 + "THE AUTHOR.", ""])
    pages = [preface, page(["CHAPTER I."]), *(page([f"{n}      THE HARBOUR"]) for n in range(2, 6))]
    root = converted("\f".join(pages))
    assert [d[0] for d in divisions(root)] == ["preface", "chapter"]
    assert root.findtext(f".//{TEI}div[@type='preface']/{TEI}closer/{TEI}signed") == "THE AUTHOR."
    numbered = [preface + "\n" + " " * 30 + "vii\n", *pages[1:]]
    root = converted("\f".join(numbered))  # the page's number at its foot, below the signature
    assert root.findtext(f".//{TEI}div[@type='preface']/{TEI}closer/{TEI}signed") == "THE AUTHOR."


def test_a_signature_above_a_stamp_on_its_page_only_closes_the_preface() -> None:
    """A preface signed ``M. Quayle.`` set right, a library's stamp below it on that page only
    (``Harbour Institute Library``, or in capitals): the signature is the preface's
    ``<closer><signed>``, no heading; the stamp is the page's forme work, no heading either."""
    for stamp in ("Harbour Institute Library", "HARBOUR INSTITUTE LIBRARY"):
        preface = "\n".join(["PREFACE", "", *FILLER[1:], "", " " * 52 + "M. Quayle.", "", stamp, ""])
        pages = [preface, page(["CHAPTER I."]), *(page([f"{n}      THE HARBOUR"]) for n in range(2, 6))]
        root = converted("\f".join(pages))
        assert [d[0] for d in divisions(root)] == ["preface", "chapter"]
        assert root.findtext(f".//{TEI}div[@type='preface']/{TEI}closer/{TEI}signed") == "M. Quayle."
        assert stamp in forme_work_of(root, "footer")
        assert stamp not in reading_text(root)


def test_letters_numbered_alone_open_their_pages() -> None:
    """Letters numbered ``I.``, ``II.`` alone at the head of their form-feed pages, a dateline
    below: the labels head chapters (``I.`` no page 1 misread), the dateline is no title."""
    def letter(label: str) -> str:
        return "\n".join([label, "", "Rotterdam, May 3rd, 1845.", "", "Dear Brother,", "", *FILLER, ""])
    pages = [letter("I."), *(page([f"{n}      LETTERS FROM THE INDIES"]) for n in (2, 3)), letter("II."),
             *(page([f"{n}      LETTERS FROM THE INDIES"]) for n in (5, 6))]
    root = converted("\f".join(pages))
    assert [(d[0], d[1], d[2]) for d in divisions(root)] == [("chapter", "1", "I."), ("chapter", "2", "II.")]
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["[1]", "2", "3", "[4]", "5", "6"]


def test_a_ballad_indenting_every_other_line_has_a_line_for_each() -> None:
    """Stanzas that indent every other line (``Flat lies the land …`` / ``  And grey the sky
    above;``): four ``<l>`` a stanza, none run on into the line before; a long line's deeper
    remainder in lower case still runs on."""
    stanza = ["    Flat lies the land from sea to sea,", "      And grey the sky above;",
              "    The dyke, the willow, and the lea", "      Are all the things I love."]
    pages = ["\n".join(["A SONG OF THE FENS", "", *stanza, "", *stanza, ""]),
             *("\n".join([f"{n}      POEMS", "", *stanza, "", *stanza, ""]) for n in range(2, 6))]
    root = converted("\f".join(pages))
    groups = list(root.iter(f"{TEI}lg"))
    assert groups and all(len(lg.findall(f"{TEI}l")) == 4 for lg in groups)
    assert not [lb for lg in groups for lb in lg.iter(f"{TEI}lb")]


def test_an_index_in_a_book_without_chapters() -> None:
    """A book of pages without chapter headings ends with an index: ``<back><div type="index">``
    with a ``<list>`` of its entries."""
    index = "\n".join(["INDEX", "", "Cockles, 1", "Fowlers, 3, 4", "Geese, 3", "Punt-gun, 3", "Tide, 1, 2",
                       "Wells, 1", "", "9"])
    root = converted("\f".join([*(page([f"{n}      THE SALT MARSHES"]) for n in range(1, 9)), index]))
    items = root.findall(f"{TEI}text/{TEI}back/{TEI}div[@type='index']/{TEI}list/{TEI}item")
    entries = [" ".join("".join(item.itertext()).split()[:2]) for item in items]
    assert entries[:2] == ["Cockles, 1", "Fowlers, 3,"]


def test_a_chapter_label_beside_its_pages_number() -> None:
    """A chapter opens a form-feed page whose number the printer set beside its label
    (``CHAPTER II.            3``): page 3, its number forme work, and the chapter's head
    ``CHAPTER II.`` with its title, no running head."""
    body = "\n".join(FILLER) + "\n"
    pages = [f"CHAPTER I.\n\nTHE WHEEL.\n\n{body}", f"2 THE MILLS OF THE VALLEY\n\n{body}",
             f"CHAPTER II.                         3\n\nTHE RACE.\n\n{body}",
             *(f"{n} THE MILLS OF THE VALLEY\n\n{body}" for n in range(4, 8))]
    root = converted("\f".join(pages))
    assert [(d[0], d[1], d[2]) for d in divisions(root)] == [("chapter", "1", "CHAPTER I. THE WHEEL."),
                                                              ("chapter", "2", "CHAPTER II. THE RACE.")]
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["[1]", "2", "3", "4", "5", "6", "7"]
    assert "CHAPTER II." not in forme_work_of(root, "header")


def test_a_chapter_label_a_space_from_its_pages_number() -> None:
    """Form-feed pages numbered at the head a space from their running head (``2 THE MILLS``);
    page 3 opens with ``CHAPTER II. 3``: the ``3`` is the page's number, printed, and the head
    is ``CHAPTER II.``. A heading whose last number does not fit the pages around (``BOOK II.
    1815``) or is its division's own (``CHAPTER 3``) stays whole, and page 3 is supplied."""
    def book(label: str) -> str:
        body = ["\n".join(FILLER[(n + i) % 4] for i in range(5)) for n in range(1, 8)]
        heads = {n: f"{n} THE MILLS OF THE VALLEY" for n in range(1, 8)}
        heads[3] = label
        return "\f".join(f"{heads[n]}\n\n{body[n - 1]}\n" for n in range(1, 8))

    root = converted(book("CHAPTER II. 3"))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == [str(n) for n in range(1, 8)]
    assert divisions(root) == [("chapter", "2", "CHAPTER II.")]
    chapter = root.find(f".//{TEI}div[@type='chapter']")
    assert chapter is not None
    assert [(child.tag[len(TEI):], child.text) for child in chapter[:3]] == [
        ("pb", None), ("fw", "3"), ("head", "CHAPTER II.")]
    for label in ("CHAPTER 3", "BOOK II. 1815"):
        root = converted(book(label))
        assert [pb.get("n") for pb in root.iter(f"{TEI}pb")][2] == "[3]"
        assert [d[2] for d in divisions(root)] == [label]


def test_text_past_a_figure_mid_sentence_is_no_run_on_of_a_note() -> None:
    """Page 9's note stops mid-sentence; on page 10 a figure's caption interrupts a sentence of
    the running text, which goes on below it in lower case: that text stays the page's, after
    the figure, and the note keeps only its own words."""
    nine = "\n".join(["THE DECOY          9", "", "The decoy lies a mile inland from the creek, in a hollow",
                      "among the elms, and is a sheet of water of two acres.¹",
                      "From it run six curving ditches, called pipes, each one",
                      "covered over with a net upon hoops, and narrowing at the end.", "",
                      "¹ A full account of the decoy is given by Payne-Gallwey, whose",
                      "book on the subject is still the best that we have, and", ""])
    ten = "\n".join(["10          THE SALT MARSHES", "",
                     "The decoyman of my time was a silent man named Gardiner,",
                     "who had learned his trade from his father, and kept a little",
                     "red dog whose business it was to run in and out among the", "",
                     "Fig. 2. The decoy pond from the south.", "",
                     "reeds at the mouth of the pipe. The wild ducks, which are",
                     "curious birds, swim after the dog to see what he may be.", ""])
    pages = [*(page([f"{n}      THE SALT MARSHES"]) for n in range(6, 9)), nine, ten,
             *(page([f"{n}      THE DECOY"]) for n in range(11, 14))]
    root = converted("\f".join(pages))
    note = next(root.iter(f"{TEI}note"))
    assert "reeds" not in "".join(note.itertext())
    assert "reeds at the mouth" in reading_text(root)



def test_an_excerpts_first_chapter_label_with_its_title() -> None:
    """An excerpt opens at chapter III, its only label: the label alone, with a title set off
    below it, heads a chapter though no chapter comes before it; a numeral alone without a title
    stays text."""
    root = converted(headed_book(["III.\n\nDe haven.", "The harbour was quiet.", "The ships came in."]))
    assert divisions(root) == [("chapter", "3", "III. De haven.")]
    root = converted(headed_book(["VII.", "The harbour was quiet.", "The ships came in."]))
    assert divisions(root) == []


def test_a_note_run_on_under_the_rule_ends_at_the_stamp_below_it() -> None:
    """The rest of a note under the next page's rule, the scanner's stamp on the line right
    below it: the stamp is forme work, no word of the note."""
    pages = [p.rstrip("\n") + "\n\nDigitized by Google\n" for p in scanned_book({}, 60, 8)]
    pages[2] = pages[2].replace("merchants of", "merchants¹ of", 1).replace(
        "\n\nDigitized", "\n______________\n¹ The merchants were the ship owners, as the\nDigitized", 1)
    rest = "\n______________\nminutes of that year record.\nDigitized"
    pages[3] = pages[3].replace("\n\nDigitized", rest, 1)
    root = converted("\f".join(pages))
    notes = [" ".join("".join(n.itertext()).split()) for n in root.iter(f"{TEI}note")]
    assert notes == ["The merchants were the ship owners, as the minutes of that year record."]
    assert forme_work_of(root, "footer").count("Digitized by Google") == 8


def test_a_year_in_a_tables_row_is_no_page_and_the_table_keeps_its_title() -> None:
    """Form-feed pages: after pages 1 to 3 a page of a table whose rows end with years, then
    a page headed ``5      APPENDIX`` (a head beside its number, no appendix numbered 5):
    no page 1880; the table's title in capitals is its head, in the body too."""
    pages = [page([f"{n}      THE FLEET"]).rstrip("\n") for n in range(1, 4)]
    pages.append("          TABLE I. BOATS REGISTERED AT THE PORT.\n\nClass        Boats     Men     Tons\n"
                 "First          92      644     1840\nSecond         87      348     1880\n\n             4")
    pages.append(page(["5                  APPENDIX"]).rstrip("\n") + "\n1881      the year of the report")
    root = converted("\f".join(pages) + "\n")
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["1", "2", "3", "4", "5"]
    table = root.find(f".//{TEI}table")
    assert table is not None and table.findtext(f"{TEI}head") == "TABLE I. BOATS REGISTERED AT THE PORT."
    assert table[0].tag == f"{TEI}pb" and table[0].get("n") == "4"  # its page begins before its title
    assert root.find(f".//{TEI}figure") is None
    # a figure's caption above lines of figures (a drawing's dimensions) stays a caption
    pages[3] = pages[3].replace("TABLE I. BOATS REGISTERED AT THE PORT.", "Fig. 12. The slip of the yard.")
    root = converted("\f".join(pages) + "\n")
    assert root.find(f".//{TEI}table") is None and root.find(f".//{TEI}figure") is not None


def test_a_stamp_with_specks_amid_an_index_is_forme_work() -> None:
    """The stamp read amid an index's columns with specks at its ends (``d Digitized by Google
    -``) is the stamp found at the pages' feet."""
    pages = [p.rstrip("\n") + "\n\nDigitized by Google\n" for p in scanned_book({}, 60, 8)]
    pages[5] = pages[5].replace("\n\n", "\n\nd Digitized by Google -\n\n", 2)
    root = converted("\f".join(pages))
    assert "d Digitized by Google -" in forme_work_of(root, "footer")
    assert "Digitized" not in reading_text(root)


def test_a_chapter_numeral_above_its_title_is_no_page_number() -> None:
    """Form-feed pages whose chapter openings print no number but the chapter's numeral alone
    above its title in capitals (``I`` over ``THE FLEET``): the numeral heads the chapter, it
    is no page ``1``."""
    def opening(numeral: str, title: str) -> str:
        return "\n".join([" " * 24 + numeral, "", " " * 20 + title, "", *(FILLER[i % 4] for i in range(6))])

    pages = [opening("I", "THE FLEET"), page(["2      THE FLEET"]), opening("II", "THE YARDS"),
             page(["4      THE YARDS"]), page(["5      THE YARDS"])]
    root = converted("\f".join(pages))
    assert [d[:2] for d in divisions(root)] == [("chapter", "1"), ("chapter", "2")]
    assert "1" not in [pb.get("n") for pb in root.iter(f"{TEI}pb")]


def test_a_refrain_that_ends_every_page_is_text() -> None:
    """Each page of prayers ends with ``Amen.``: a sentence of the text, not a running foot."""
    pages = [p.rstrip("\n") + "\n\nAmen.\n" for p in scanned_book({}, 60, 8)]
    root = converted("\f".join(pages))
    assert "Amen." not in forme_work_of(root, "footer")
    assert reading_text(root).count("Amen.") == 8


def test_a_number_after_the_word_for_page_is_the_pages_forme_work() -> None:
    """``Page 7``, ``Seite 7``, ``S. 7``, ``Str. 7`` at a page's foot: the word and the number are
    one forme work, the page's number (``<fw type="pageNum">Seite 7</fw>``, ``<pb n="7"/>``), no
    running head of the word alone."""
    for word in ("Page", "Seite", "S.", "Str.", "PAGINA"):
        pages = [f"{body.removesuffix(str(n))}{word} {n}" for n, body in enumerate(foot_book(7, 4), start=7)]
        root = converted("\f".join(pages) + "\n")
        assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["7", "8", "9", "10"], word
        assert forme_work_of(root, "pageNum") == [f"{word} {n}" for n in range(7, 11)], word
        assert forme_work_of(root, "header") == [], word


def test_two_contents_entries_with_leaders_whose_pages_print_them() -> None:
    """A contents list of two entries (``I. The Mill ........ 2``) is a list where each page
    it names prints the entry's title (``THE MILL.``); two lines with leaders that name nothing
    on their pages (a bill of two items) stay text."""
    def opening(label: str, title: str, n: int) -> str:
        return "\n".join([label, title, "", *(FILLER[i % 4] for i in range(6)), "", str(n)])

    contents = "CONTENTS\n\nI. The Mill .......... 2\nII. The Weir .......... 4\n"
    pages = [contents, opening("I.", "THE MILL.", 2), page([""]).strip("\n") + "\n\n3",
             opening("II.", "THE WEIR.", 4)]
    root = converted("\f".join(pages) + "\n")
    assert [" ".join("".join(i.itertext()).split()) for i in root.iter(f"{TEI}item")] == [
        "I. The Mill .......... 2", "II. The Weir .......... 4"]
    assert [d[:2] for d in divisions(root)] == [("contents", None), ("chapter", "1"), ("chapter", "2")]
    billed = "\f".join(["Oats for the mill .......... 2\nRope for the weir .......... 4\n", *pages[1:]])
    root = converted(billed + "\n")
    assert root.find(f".//{TEI}item") is None
    assert "Rope for the weir .......... 4" in " ".join("".join(p.itertext()) for p in root.iter(f"{TEI}p"))


def test_a_contents_entry_at_the_head_of_the_first_page_is_no_page_number() -> None:
    """The first entry of a contents list that opens the text (``Preface . . . . 1``, no form
    feed before it) is the list's, no running head and page 1: page 1 is the preface's, whose
    number stands alone at its head."""
    contents = "Preface . . . . . . . . 1\nThe Mill . . . . . . . 3\nThe Weir . . . . . . . 5\n"
    pages = [contents, "                1\n\nPREFACE\n\n" + "\n".join(FILLER),
             *(page([f"{n}      THE MILL"]) for n in (3, 4)), page(["THE WEIR      5"])]
    root = converted("\f".join(pages) + "\n")
    assert [" ".join("".join(i.itertext()).split()) for i in root.iter(f"{TEI}item")] == [
        " ".join(line.split()) for line in contents.splitlines()]
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == [None, "1", "3", "4", "5"]
    assert "Preface" not in " ".join(forme_work_of(root, "header"))


def test_a_running_head_that_repeats_the_chapters_heading_below_it() -> None:
    """``CHAPTER II.      5`` heads a page and ``CHAPTER II.`` stands alone two lines below:
    the first is the page's forme work (its head and number), the second the chapter's one head."""
    pages = [page([f"{n}      THE HARBOUR BOOK"]) for n in (2, 4)]
    opening = "\n".join(["CHAPTER II.           3", "", "CHAPTER II.", "", *FILLER, *FILLER[:2]])
    root = converted("\f".join([pages[0], opening, pages[1]]))
    assert [d[:2] for d in divisions(root)] == [("chapter", "2")]
    assert forme_work_of(root, "header")[1:2] == ["CHAPTER II."]
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["2", "3", "4"]


def test_the_first_arabic_page_after_roman_front_matter_begins_before_its_chapter() -> None:
    """No form feeds: the preface's page closes with ``vii`` at its foot, then ``CHAPTER I.``
    opens page 1 (its number at the foot, as every page's) and a caption stands in the page:
    the break of page 1 stands before the chapter's head, not after the caption."""
    preface = "\n".join(["PREFACE.", "", *FILLER[:3], FILLER[3] + ".", "", " " * 30 + "vii", "", "", ""])
    body = ["\n".join([*FILLER[:3], FILLER[3] + ".", "", " " * 30 + str(n), "", "", ""]) for n in (1, 2, 3)]
    chapter = "\n".join(["CHAPTER I.", "", "THE MILL.", "", *FILLER[:3], FILLER[3] + ".", "",
                         "Fig. 1. The mill race.", "", body[0]])
    root = converted("\n".join([preface, chapter, *body[1:]]), "ocr-paged")
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["vii", "1", "2", "3"]
    chapter_div = next(d for d in root.iter(f"{TEI}div") if d.get("type") == "chapter")
    first = next(chapter_div.iter(f"{TEI}pb", f"{TEI}head"))
    assert (first.tag, first.get("n")) == (f"{TEI}pb", "1")


def test_a_gap_in_the_front_matters_numbers_is_reported_as_printed() -> None:
    """Front matter numbered ``v`` then ``vii`` with one boundary between: OCR001 names the
    numbers as printed (from v to vii), not the Roman one as a figure."""
    pages = ["\n".join([*FILLER[:3], FILLER[3] + ".", "", " " * 30 + n, "", "", ""])
             for n in ("v", "vii", "1", "2")]
    conv = convert_source(source_from_text("\n".join(pages), "book.txt"), "ocr-paged")
    jumps = [d.to_text() for d in conv.diagnostics if d.code == "OCR001"]
    assert jumps and all("from v to vii;" in d for d in jumps)


def test_a_figure_at_a_pages_foot_and_one_at_the_next_pages_head_keep_their_pages() -> None:
    """Form feeds: ``Fig. 1.`` under the last paragraph of page 1, ``Fig. 2.`` first on page 2
    above a new paragraph: page 1's number, then page 2's break, stand between the two figures;
    page 2's number stays in its last paragraph, page 3's break (its number at its head) opens
    the next."""
    pages = ["\n".join(["CHAPTER I.", "", *FILLER[:3], FILLER[3] + ".", "", "Fig. 1. The north gate.",
                        "", " " * 30 + "1"]),
             "\n".join(["Fig. 2. The south gate.", "", FILLER[0].capitalize(), *FILLER[1:3], FILLER[3] + ".",
                        "", " " * 30 + "2"]),
             "\n".join([" " * 30 + "3", "", "The council met. " + FILLER[0], *FILLER[1:3], FILLER[3] + "."])]
    root = converted("\f".join(pages) + "\n", "ocr-paged")
    order = [(el.tag.removeprefix(TEI), el.get("n") or el.text)
             for el in root.iter(f"{TEI}figure", f"{TEI}fw", f"{TEI}pb")]
    assert order[:5] == [("pb", "1"), ("figure", "1"), ("fw", "1"), ("pb", "2"), ("figure", "2")]
    # without figures, the page's number closes the paragraph it ends, the next page's break opens the next
    paragraphs = list(root.iter(f"{TEI}body")).pop().findall(f".//{TEI}p")
    assert [(p.find(f"{TEI}fw") is not None, p.find(f"{TEI}pb") is not None) for p in paragraphs[-2:]] \
        == [(True, False), (True, True)]
    assert paragraphs[-1][0].tag == f"{TEI}pb"


def test_a_sentence_ended_before_a_page_break_ends_its_paragraph() -> None:
    """A page whose last sentence ends (its note's marker after the stop, ``river.*``) and a page
    that opens with a capital, bare or after a quotation mark: two paragraphs; a sentence that
    runs on across the break (``the`` / ``council``) stays one paragraph."""
    for end, opening in ((".*", "The council met"), (".", '"The council met," he said, and'),
                         (" the", "council met")):
        first = [*FILLER[:3], FILLER[3] + end]
        note = ["", "* The river froze that winter."] if end.endswith("*") else []
        text = "\n".join([*first, *note, "", " " * 30 + "1", "", "", "",
                          opening + " " + FILLER[0], *FILLER[1:3], FILLER[3] + ".", "", " " * 30 + "2", ""])
        paragraphs = list(converted(text, "ocr-paged").iter(f"{TEI}body")).pop().findall(f"{TEI}p")
        expected = 1 if end == " the" else 2
        assert len(paragraphs) == expected, (end, opening)


def test_a_caption_after_a_pages_number_at_its_foot_stays_after_it() -> None:
    """No form feeds: ``Fig. 1.`` under page 1's text, page 1's number at its foot, ``Fig. 2.``
    atop page 2 above a new paragraph: the number stands between the two figures, page 2's break
    before its text."""
    text = "\n".join(["CHAPTER I.", "", *FILLER[:3], FILLER[3] + ".", "", "Fig. 1. The north gate.", "",
                      " " * 30 + "1", "", "", "", "Fig. 2. The south gate.", "", FILLER[0].capitalize(),
                      *FILLER[1:3], FILLER[3] + ".", "", " " * 30 + "2", "", "", "",
                      *FILLER[:3], FILLER[3] + ".", "", " " * 30 + "3", ""])
    root = converted(text, "ocr-paged")
    order = [(el.tag.removeprefix(TEI), el.get("n") or el.text)
             for el in root.iter(f"{TEI}figure", f"{TEI}fw", f"{TEI}pb")]
    assert order[:5] == [("pb", "1"), ("figure", "1"), ("fw", "1"), ("figure", "2"), ("pb", "2")]


def heads_of(root: etree._Element) -> list[str]:
    return [" ".join("".join(head.itertext()).split()) for head in root.iter(f"{TEI}head")]


def spaced_call(marker: str, label: str) -> str:
    """``noted_book`` with its call set a space after the word: ``tolls 1).``"""
    return noted_book("", label).replace("about the new tolls", f"about the new tolls{marker}.", 1)


def test_a_bracketed_number_or_letter_a_space_after_its_word_is_the_call() -> None:
    """``tolls 1).`` / ``1) The merchants ...`` (Dutch, Spanish ``a)``): the note stands at
    the marker, the marker leaves the text and the label line is no heading."""
    for marker, label in ((" 1)", "1)"), (" a)", "a)")):
        root = converted(spaced_call(marker, label))
        assert notes_of(root) == [(label[0], "tolls")], marker
        assert not [head for head in heads_of(root) if "merchants" in head], marker
        assert f"tolls{marker}" not in reading_text(root), marker


@pytest.mark.parametrize("phrase", ["so that 1) the merchants", "the merchants (see page 1)"])
def test_a_number_closed_by_a_bracket_a_space_after_its_word_that_calls_no_note(phrase: str) -> None:
    """``so that 1) the merchants``: an enumeration in the sentence; ``(see page 1)``: a bracket
    closing a reference. Neither calls a note ``1)``."""
    text = noted_book("", "1)").replace("the merchants", phrase, 1)
    root = converted(text)
    assert list(root.iter(f"{TEI}note")) == []
    assert phrase in reading_text(root)


def test_the_space_before_a_marker_set_apart_leaves_with_it_before_a_stop() -> None:
    """``tolls (1).`` reads ``tolls.`` once the note stands at its marker."""
    for marker, label in ((" (1)", "(1)"), (" [1]", "[1]"), (" 1)", "1)")):
        root = converted(spaced_call(marker, label))
        assert notes_of(root) == [("1", "tolls")], marker
        note = next(root.iter(f"{TEI}note"))
        before = note.getprevious()
        text = (before.tail if before is not None else note.getparent().text) or ""
        assert text.endswith("tolls"), marker
        assert (note.tail or "").startswith("."), marker


def test_notes_labelled_with_a_bracket_at_the_page_foot_are_no_headings() -> None:
    """``  1) The merchants ...`` and ``  2) ...`` at the foot of two pages whose markers the OCR
    lost are no numbered chapter headings: a heading opens a page's text, it does not end it."""
    pages = foot_book(1, 5)
    for at, n in ((1, 1), (3, 2)):
        lines = pages[at].split("\n")
        lines[-2:-2] = ["", f"  {n}) The merchants of the town were the ship owners."]
        pages[at] = "\n".join(lines)
    root = converted("\n\n".join(pages) + "\n")
    assert not [head for head in heads_of(root) if "merchants" in head]
    assert "1) The merchants" in reading_text(root) and "2) The merchants" in reading_text(root)


def test_lettered_notes_run_on_over_the_pages() -> None:
    """``tolls.a`` / ``a The tolls ...`` on one page, ``traffic.b`` / ``b The traffic ...`` on the
    next: the letters of a chapter's notes go on from page to page."""
    pages = foot_book(1, 5)
    for at, letter, word in ((1, "a", "tolls"), (2, "b", "traffic")):
        lines = pages[at].split("\n")
        row = next(i for i, line in enumerate(lines) if line.endswith(word))
        lines[row] += f".{letter}"
        lines[-2:-2] = ["", f"{letter} The {word} were a matter of dispute for years."]
        pages[at] = "\n".join(lines)
    root = converted("\n\n".join(pages) + "\n")
    assert notes_of(root) == [("a", "tolls."), ("b", "traffic.")]
