"""Layout detection weighs evidence: numbers are page numbers only when they behave like them.

Each text here is written for the test. The first three are the mistakes detection used to make:
a contents list, numbered letters and an index with page references each gave a rising run of
numbers that made the text ``ocr-paged``.
"""

from __future__ import annotations

from lxml import etree

from teitools import evidence, layout
from teitools.convert import convert_source
from teitools.source import source_from_text

TEI = "{http://www.tei-c.org/ns/1.0}"

PROSE = ("The ferry left the northern landing before the light came up over the hills, and the "
         "keeper counted the crates twice before he let the drivers through the gate at the end of "
         "the quay, where the gulls waited on the posts for whatever the night boats had left them.")


def _wrapped(text: str, width: int = 68) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


TITLES = ["The Northern Landing", "Crates at Dawn", "The Keeper's Count", "Gulls on the Posts",
          "Night Boats", "The Gate at the Quay", "Drivers Waiting", "The Last Crossing"]


def _chapter(k: int, paragraphs: int = 3) -> str:
    body = "\n\n".join("\n".join(_wrapped(PROSE.replace("ferry", f"ferry {k}-{p}")))
                       for p in range(paragraphs + k % 3))
    return f"{TITLES[k - 1].upper()}\n\n{body}"


# ------------------------------------------------------------------ the mistakes


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def contents_book() -> str:
    """A book that opens with a list of sixty titles, each with its page (``XII. Night Boats   27``)."""
    entries = [f"{_roman(k):>7}. {TITLES[k % 8]}, as the drivers saw it{' ' * (24 - len(TITLES[k % 8]))}"
               f"{10 + k + k // 4:>4}" for k in range(1, 61)]
    chapters = "\n\n\n".join(_chapter(k) for k in range(1, 9))
    return "ILLUSTRATIONS\n\n" + "\n".join(entries) + "\n\n\n" + chapters + "\n"


def letters_book() -> str:
    """Letters numbered 214., 215., … alone on a line above each letter."""
    letters = []
    for number in range(214, 226):
        body = "\n\n".join("\n".join(_wrapped(PROSE.replace("keeper", f"keeper {number}-{p}")))
                           for p in range(1 + number % 3))
        letters.append(f"{number}.\n\nHarwich, May {number - 200}, 1781.\n\nDEAR BROTHER,--\n\n{body}")
    return "\n\n\n".join(letters) + "\n"


def index_book() -> str:
    """Prose, then an index whose entries end in page references (``Landing 3, lamps on the, p. 116.``)."""
    entries = [f"  {TITLES[k % 8].split()[-1]} {k}, lamps on the, p. {(k * 37) % 190 + 5}."
               for k in range(1, 120)]
    return "\n\n\n".join(_chapter(k) for k in range(1, 9)) + "\n\n\nINDEX\n\n" + "\n".join(entries) + "\n"


def test_a_contents_list_is_no_pagination() -> None:
    source = source_from_text(contents_book())
    pages = evidence.page_evidence(source)
    assert not pages.convincing and pages.rejected["contents list or index"] >= 50
    found = layout.detection(source)
    assert found.layout != "ocr-paged"
    assert "in a contents list or index" in found.evidence


def test_numbered_letters_are_no_pagination() -> None:
    source = source_from_text(letters_book())
    pages = evidence.page_evidence(source)
    assert not pages.convincing and pages.rejected["numbered list"] >= 3
    assert layout.detect(source) != "ocr-paged"


def test_page_references_in_an_index_are_no_pagination() -> None:
    source = source_from_text(index_book())
    pages = evidence.page_evidence(source)
    assert not pages.convincing and pages.rejected["reference"] >= 3
    assert layout.detect(source) != "ocr-paged"


# ------------------------------------------------------------------ what stays right


def paged_book(pages: int = 12, lines_per_page: int = 30) -> str:
    """OCR of a printed book: wrapped lines, the page number at the foot of each page."""
    out: list[str] = []
    words = (PROSE + " ") * 40
    wrapped = _wrapped(words, 62)
    for page in range(1, pages + 1):
        out += wrapped[:lines_per_page]
        out += ["", f"{page}", "", ""]
    return "\n".join(out) + "\n"


def test_page_numbers_at_page_intervals_make_ocr_paged_and_say_so() -> None:
    source = source_from_text(paged_book())
    pages = evidence.page_evidence(source)
    assert pages.convincing and pages.first == 1 and pages.last == 12
    found = layout.detection(source)
    assert found.layout == "ocr-paged"
    assert found.evidence == "12 page numbers rising 1..12 every 31 lines"  # 30 text lines and the number


def test_an_excerpt_of_two_pages_is_ocr_paged() -> None:
    """Two pages cut from a book (``41`` at the foot of one, ``42`` of the next): two numbers,
    page after page, over a text no longer than three such pages, are its pagination."""
    pages = paged_book(44, 30).split("\n\n\n")[40:42]
    root = convert_source(source_from_text("\n\n\n".join(pages) + "\n")).tree.getroot()
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["41", "42"]


def test_two_numbered_sections_are_no_excerpt() -> None:
    """A short text in two sections numbered ``1`` and ``2`` alone on their lines: section
    numbers, not pages (an excerpt's first page is not the book's first)."""
    body = "\n".join(_wrapped((PROSE + " ") * 6, 62))
    text = f"1\n\n{body}\n\n2\n\n{body}\n"
    assert layout.detect(source_from_text(text)) != "ocr-paged"


SHORT_PAGES = [
    ["FOREWORD", "", "These notes were gathered over two winters on the coast, and",
     "they keep the rough order in which the keepers told them."],
    ["My thanks go to the harbour office, which let me copy its", "logs of the night boats."],
    ["THE FIRST CROSSING", "", "The ferry left the landing before the light came up, and the",
     "keeper counted the crates twice before he let the drivers", "through the gate at the end of the quay."],
]


def short_paged_text(numbers: list[str], indent: int = 30) -> str:
    """Three short pages parted by blank lines, each closed by ``numbers[k]`` alone on a line."""
    return "\n\n\n\n".join("\n".join(page) + f"\n\n{' ' * indent}{number}"
                             for page, number in zip(SHORT_PAGES, numbers, strict=True)) + "\n"


def test_a_short_text_whose_numbers_close_its_pages_is_ocr_paged() -> None:
    """Three pages of a few lines, each closed by its number alone (``xi``, ``xii``, then the
    body's ``1``), are paged however short: the numbers are pages, not chapter headings."""
    source = source_from_text(short_paged_text(["xi", "xii", "1"]))
    found = layout.detection(source)
    assert found.layout == "ocr-paged"
    assert found.evidence.startswith("3 page numbers rising xi..1")
    root = convert_source(source).tree.getroot()
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["xi", "xii", "1"]
    heads = ["".join(h.itertext()) for h in root.iter(f"{TEI}head")]
    assert not any(number in heads for number in ("xi", "xii", "1"))


def test_short_sections_numbered_above_their_text_are_no_pages() -> None:
    """Numbers alone that do not close pages in a rising run are none: sections numbered above
    their text, numbers that skip, numbers in no column, a chapter's numeral in capitals."""
    sections = "\n\n\n".join(f"{k}\n\n" + "\n".join(page) for k, page in enumerate(SHORT_PAGES, 1)) + "\n"
    for text in (sections, short_paged_text(["3", "7", "12"]), short_paged_text(["I", "II", "III"]),
                 short_paged_text(["1", "2", "3"]).replace(" " * 30 + "2", "2")):
        assert layout.detect(source_from_text(text)) != "ocr-paged", text


def test_a_gutenberg_banner_selects_gutenberg() -> None:
    text = ("The Project Gutenberg EBook of Harbour Lights, by Ann Example\n\n"
            "*** START OF THE PROJECT GUTENBERG EBOOK HARBOUR LIGHTS ***\n\n\n"
            + contents_book() + "\n*** END OF THE PROJECT GUTENBERG EBOOK HARBOUR LIGHTS ***\n")
    found = layout.detection(source_from_text(text))
    assert found.layout == "gutenberg"
    assert found.evidence == "banner 'START OF THE PROJECT GUTENBERG EBOOK'"


def test_an_ebook_needs_no_notes() -> None:
    paragraphs = [" ".join([PROSE] * 2).replace("ferry", f"ferry {k}") for k in range(8)]
    text = ("Chapter 1\n\n" + "\n\n".join(paragraphs[:4])
            + "\n\n\n\n\nChapter 2\n\n" + "\n\n".join(paragraphs[4:]))
    found = layout.detection(source_from_text(text + "\n"))
    assert found.layout == "ebook"
    assert "one paragraph per line" in found.evidence


def test_a_short_text_whose_note_list_its_markers_call_is_an_ebook() -> None:
    """The issue's own shape: two lines of prose with markers glued (``markets.1``, ``loss.2``),
    ``Notes``, and the two note texts one per line: no blank line, no long line, yet the list
    under its heading that the markers call 1 to 2 makes it an ebook, with both notes linked."""
    text = ("The old quarter watched the rise of the new markets.1 Most traders kept their shops open.\n"
            "Some of them did well, but many more sold at a loss.2\nNotes\n"
            "1. On the markets of the period see the harbour records.\n"
            "2. Prices fell by a third in the winter of that year.\n")
    conv = convert_source(source_from_text(text))
    assert conv.document.layout == "ebook" and "a list of 2 notes its markers call" in conv.summary()
    notes = list(conv.tree.getroot().iter(f"{TEI}note"))
    before = [(n.getprevious().tail if n.getprevious() is not None else n.getparent().text) or ""
              for n in notes]
    assert [(n.get("n"), text.split()[-1]) for n, text in zip(notes, before, strict=True)] == [
        ("1", "markets."), ("2", "loss.")]


def test_layout_option_overrides_detection_and_the_summary_is_one_line() -> None:
    source = source_from_text(paged_book())
    conversion = convert_source(source, "plain")
    assert conversion.document.layout == "plain"
    summary = conversion.summary()
    assert summary.startswith("plain: chosen with --layout; read as UTF-8")
    assert "\n" not in summary
    detected = convert_source(source).summary()
    assert detected.startswith("ocr-paged: 12 page numbers rising 1..12") and "\n" not in detected


def test_a_column_of_garbled_ocr_without_page_numbers_is_ocr() -> None:
    garbled = ("Tbe ferrv left tHe northern landlng bef0re the l1ght came up ovcr the hills and the "
               "keepcr c0unted the crates tw1ce bcfore he let the dr1vers thr0ugh the gate at the cnd of "
               "the quay wherc the gulls wa1ted on the posts f0r whatevcr the n1ght boats had left them ")
    lines = _wrapped(garbled * 12, 44)
    found = layout.detection(source_from_text("\n".join(lines) + "\n"))
    assert found.layout == "ocr-paged"
    assert found.evidence.startswith("no page numbers, but OCR lines without paragraph spacing")


def test_one_paragraph_per_line_with_short_dialogue_is_an_ebook() -> None:
    """A novel exported one paragraph per line: dialogue makes many lines short, but lines
    longer than any printed measure show the text is not wrapped."""
    from teitools import layout
    from teitools.source import source_from_text

    narrative = ("The harbour master walked along the quay in the evening, looking at the ships that had "
                 "come in late that year, and at the grain that lay in sacks under the warehouse roofs, "
                 "waiting for the merchants who would not come before the storms had passed.")
    lines = []
    for k in range(30):
        lines += [narrative, "-Is anybody there? -he called, and his voice carried over the water.",
                  narrative.replace("evening", f"evening of day {k}"), f"He waited {k} minutes."]
    assert layout.detection(source_from_text("\n".join(lines) + "\n"), "auto").layout == "ebook"


STANZA = ("Der Fährmann ruft im Nebel noch,\nDie Möwen schweigen auf dem Pfahl,\n"
          "Das Wasser steigt am Hafenjoch,\nUnd keiner kommt zum letzten Mal.")


def test_verse_under_headings_in_words_is_read_for_its_structure() -> None:
    """Lines ended on purpose (each shorter than a printed measure, not wrapped) under headings
    that name their divisions in words: an ebook of poems, not plain text."""
    books = [f"{word} Buch.\n\n" + "\n\n".join([STANZA] * 4) for word in ("Erstes", "Zweites", "Drittes")]
    source = source_from_text("\n\n\n".join(books) + "\n")
    found = layout.detection(source)
    assert found.layout == "ebook"
    assert found.evidence.startswith("lines ended on purpose (verse, a play) under 3 headings in words")
    conversion = convert_source(source)
    assert conversion.document.counts["verse"] >= 3 and conversion.document.counts["chapters"] == 3


def test_verse_without_headings_in_words_stays_plain() -> None:
    source = source_from_text("\n\n".join([STANZA] * 12) + "\n")
    assert layout.detection(source).layout == "plain"


VERSE = [
    "The harbour slept beneath a silver winter moon,",
    "and every boat lay quiet on the frozen sand;",
    "the keeper climbed the narrow stair to watch the sea",
    "and saw no sail, no lantern and no distant land.",
    "He thought of all who left before the break of day",
    "with nets and bread and salt for many weary weeks,",
    "of wives who waited long beside the northern gate,",
    "of children counting stones along the shallow creeks.",
    "The wind came round, the shutters knocked and swung,",
    "a gull cried out above the cold and empty quay,",
    "and somewhere far away a bell began to ring",
    "as if to call the sleepers home from off the sea.",
]


def test_even_verse_lines_with_note_markers_in_sequence_are_an_ebook_not_wrapped_prose():
    """Verse of lines of like length (as hexameters are) ends many lines with a stop or a comma,
    as wrapped prose does not; set without blank lines and without headings in words, its note
    markers numbered in sequence say it is an ebook's text, not plain text."""
    lines = ["The Harbour at Night"]
    number = 0
    for stanza in range(4):
        for k, line in enumerate(VERSE):
            if k % 4 == 1:
                number += 1
                words = line.split()
                line = " ".join([*words[:3], words[3] + f"[{number}]", *words[4:]])
            lines.append("    " + line.replace("harbour", f"harbour {stanza}", 1))
    result = convert_source(source_from_text("\n".join(lines) + "\n"))
    assert result.document.layout == "ebook", result.detection
    assert "12 note markers numbered in sequence" in result.detection.evidence
    assert result.document.counts["notes"] == 12
    assert result.document.counts["verse"] >= 1 and "<lb/>" not in result.data.decode()


def test_verse_that_ends_a_third_of_its_lines_with_a_stop_is_not_wrapped_prose():
    from teitools.readers.ebook_structure import wrap_width
    third = [line if k % 3 == 0 else line.rstrip(",;.") for k, line in enumerate(VERSE * 3)]
    assert wrap_width(third) == 0
    prose = _wrapped(" ".join([PROSE] * 6), width=60)
    assert wrap_width(prose) == max(map(len, prose))


def test_a_flush_line_among_verse_indented_by_spaces_heads_a_section():
    """Every verse line set off by four spaces, each book of the poem headed by a flush line
    (``The Harbour Song. Book Two.``, a stop inside it): the flush lines head sections, the
    verse between them is ``<lg>``."""
    lines = []
    number = 0
    for book in ("One", "Two", "Three"):
        lines.append(f"The Harbour Song. Book {book}.")
        for k, line in enumerate(VERSE):
            if k % 3 == 1:
                number += 1
                words = line.split()
                line = " ".join([*words[:3], words[3] + f"[{number}]", *words[4:]])
            lines.append("    " + line)
    result = convert_source(source_from_text("\n".join(lines) + "\n"))
    assert result.document.layout == "ebook", result.detection
    root = etree.fromstring(result.data)
    heads = [h.text for h in root.iter(f"{TEI}head")]
    assert heads == [f"The Harbour Song. Book {book}." for book in ("One", "Two", "Three")]
    assert all(not any("Harbour Song" in (line.text or "") for line in lg) for lg in root.iter(f"{TEI}lg"))


def test_wrapped_prose_under_chapter_headings_is_read_for_its_chapters() -> None:
    """A hard-wrapped plain book with ``CHAPTER I`` … headings: the ebook reader reads its
    chapters (``plain`` would give a flat run of paragraphs); without such headings it stays plain."""
    chapters = "\n\n".join(f"CHAPTER {numeral}\n\n" + "\n\n".join(
        "\n".join(_wrapped(PROSE.replace("ferry", f"ferry {k}{p}"))) for p in range(3))
        for k, numeral in enumerate(["I", "II", "III"]))
    found = layout.detection(source_from_text(chapters + "\n"))
    assert found.layout == "ebook" and "wrapped prose under 3 headings in words" in found.evidence
    root = convert_source(source_from_text(chapters + "\n")).tree.getroot()
    heads = ["".join(h.itertext()) for h in root.iter(f"{TEI}head")]
    assert heads == ["CHAPTER I", "CHAPTER II", "CHAPTER III"]
    flat = chapters.replace("CHAPTER ", "Then ")
    assert layout.detection(source_from_text(flat + "\n")).layout == "plain"


def test_front_matter_numbered_v_then_vii_closing_its_pages_is_ocr_paged() -> None:
    """The front matter's numbers closing their pages may skip a blank page that prints none
    (``v``, then ``vii``), then the body's ``1``: a pagination, not three chapter heads."""
    source = source_from_text(short_paged_text(["v", "vii", "1"]))
    assert layout.detect(source) == "ocr-paged"
    root = convert_source(source).tree.getroot()
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["v", "vii", "1"]


def head_paged_text(numbers: list[str]) -> str:
    """An unnumbered opening page, then a page for each of ``numbers``, each number alone at its
    page's head (a run of blank lines above it, its page's text right below it)."""
    pages = ["\n".join(page) for page in SHORT_PAGES]
    return "\n\n\n\n".join([pages[0], *(f"{' ' * 30}{number}\n\n{page}"
                                        for number, page in zip(numbers, pages[1:], strict=True))]) + "\n"


def test_a_short_text_whose_numbers_head_its_pages_is_ocr_paged() -> None:
    """Numbers alone heading the pages after an unnumbered opening page (``2``, ``3``): a
    pagination, the opening page's number supplied (``[1]``); numbered from 1 they are sections."""
    source = source_from_text(head_paged_text(["2", "3"]))
    found = layout.detection(source)
    assert found.layout == "ocr-paged"
    assert found.evidence.endswith("each alone heading its page")
    root = convert_source(source).tree.getroot()
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["[1]", "2", "3"]
    assert layout.detect(source_from_text(head_paged_text(["1", "2"]))) != "ocr-paged"
    assert layout.detect(source_from_text(head_paged_text(["2", "4"]))) != "ocr-paged"
