"""Indexes and contents lists of OCR'd books in the languages of ``lang/terms.json``: entries
closed by a full stop, page ranges with an em dash, cross-references, sub-entries after a
dash, turnover lines; mixed-case headings on a form-feed page; contents pages numbered in
Roman; tables that end at their page. Inputs are written here."""

from __future__ import annotations

from lxml import etree

from teitools.convert import convert_source
from teitools.readers import ocr_tables
from teitools.readers.dehyphenate import Vocabulary
from teitools.readers.ebook_structure import Unit, contents_entries
from teitools.readers.ocr_fixes import Corrector
from teitools.source import source_from_text

TEI = "{http://www.tei-c.org/ns/1.0}"
# Three lines of running text in each language, and its chapter heading.
TEXT = {
    "de": ("Kapitel", ("Der Müller wollte das Wasser stauen, der Bauer wollte seine Wiesen",
                       "wässern, und beide beriefen sich auf ihr altes Recht, das keiner",
                       "von ihnen beweisen konnte, und so kam der Streit vor das Gericht.")),
    "fr": ("Chapitre", ("Le meunier voulait retenir l'eau de la rivière, mais le paysan voulait",
                        "arroser ses prés, et chacun d'eux invoquait un vieux droit que personne",
                        "ne pouvait prouver, de sorte que la querelle alla devant le juge.")),
    "es": ("Capítulo", ("El molinero quería detener el agua del río, pero el labrador quería",
                        "regar sus prados, y cada uno alegaba un derecho antiguo que ninguno",
                        "de ellos podía probar, de modo que la disputa llegó ante el juez.")),
    "it": ("Capitolo", ("Il mugnaio voleva trattenere l'acqua del fiume, ma il contadino voleva",
                        "irrigare i suoi prati, e ciascuno invocava un antico diritto che nessuno",
                        "dei due poteva provare, così che la lite giunse davanti al giudice.")),
    "nl": ("Hoofdstuk", ("De molenaar wilde het water van de rivier tegenhouden, maar de boer wilde",
                         "zijn weiden bevloeien, en ieder van hen beriep zich op een oud recht dat",
                         "geen van beiden kon bewijzen, zodat de twist voor de rechter kwam.")),
    "sv": ("Kapitlet", ("Mjölnaren ville dämma upp vattnet i ån, men bonden ville vattna sina",
                        "ängar, och båda åberopade en gammal rätt som ingen av dem kunde",
                        "bevisa, så att tvisten till sist kom inför domaren i häradet.")),
    "la": ("Caput", ("Molitor aquam fluminis retinere volebat, sed agricola prata sua rigare",
                     "cupiebat, et uterque ius antiquum allegabat quod neuter eorum probare",
                     "poterat, itaque lis tandem ad iudicem delata est et diu mansit.")),
}
# An index's entries in each language: a full stop after the page, an em-dash range, a
# sub-entry after a dash, a cross-reference in the language's word.
ENTRIES = {
    "de": ["Abt, 3.", "Bannmühle, 2.", "Graben, s. Mühlengraben.", "Klostermühle, 1—4.",
           "— Wappen der, 3.", "Mühlengraben, 2, 4."],
    "fr": ["Abbé, 3.", "Canal, voir Moulin.", "Moulin, 1—4.", "— banal, 2.", "Prés, 2, 4."],
    "es": ["Abad, 3.", "Acequia, véase Molino.", "Molino, 1—4.", "— del rey, 2.", "Prados, 2, 4."],
    "it": ["Abate, 3.", "Canale, vedi Mulino.", "Mulino, 1—4.", "— del conte, 2.", "Prati, 2, 4."],
    "nl": ["Abt, 3.", "Gracht, zie Molen.", "Molen, 1—4.", "— van den heer, 2.", "Weiden, 2, 4."],
    "sv": ["Abbot, 3.", "Damm, se Kvarn.", "Kvarn, 1—4.", "— vid ån, 2.", "Ängar, 2, 4."],
    "la": ["Abbas, 3.", "Fossa, vide Mola.", "Mola, 1—4.", "— regia, 2.", "Prata, 2, 4."],
}


def converted(text: str) -> etree._Element:
    conv = convert_source(source_from_text(text, "book.txt"), "ocr-paged")
    assert conv.ok, [d.to_text() for d in conv.diagnostics]
    return conv.tree.getroot()


def chapters(lang: str, count: int = 4) -> list[str]:
    """Form-feed pages of running text in ``lang``, numbered at the head from page 2, a chapter
    (``Kapitel I.``) opening the first and the third."""
    word, text = TEXT[lang]
    pages = []
    for n in range(1, count + 1):
        head = f"{word} {'I' if n == 1 else 'II'}.\n\n" if n in (1, 3) else ""
        number = f"{n}\n\n" if n > 1 else ""
        pages.append(number + head + "\n".join(text) + "\n")
    return pages


def back(root: etree._Element) -> list[tuple[str | None, str, list[str]]]:
    """The back's divisions: type, head, and the items of its lists."""
    found = []
    for div in root.iterfind(f".//{TEI}back/{TEI}div"):
        head = " ".join("".join(div.findtext(f"{TEI}head") or "").split())
        items = [" ".join("".join(i.itertext()).split()) for i in div.iter(f"{TEI}item")]
        found.append((div.get("type"), head, items))
    return found


def test_index_entries_with_stops_ranges_dashes_and_cross_references_in_every_language() -> None:
    """Every line of each language's index is an entry: ``Abt, 3.`` (a full stop after the page),
    ``Klostermühle, 1—4.`` (an em-dash range), ``— Wappen der, 3.`` (a sub-entry), ``Graben, s.
    Mühlengraben.`` (a cross-reference in the language's word)."""
    for lang, entries in ENTRIES.items():
        assert ocr_tables.index_entries(["", *entries, ""], set()) == \
            {i: False for i in range(1, len(entries) + 1)}, lang


def test_entries_whose_references_or_cross_reference_follow_a_stop() -> None:
    """``Punt-gun, 3. See Fowlers`` (a cross-reference after the page's stop) and ``Mühlengraben,
    1. 2.`` (pages each closed by a stop) are entries: the index's list goes on over them."""
    lines = ["", "Cockles, 1", "Punt-gun, 3. See Fowlers", "Mühlengraben, 1. 2.", "Tide, 1, 2", ""]
    assert ocr_tables.index_entries(lines, set()) == {i: False for i in range(1, 5)}


def test_cross_references_alone_make_no_index() -> None:
    """Lines that only send the reader elsewhere, and a sentence that holds a number after a
    comma, are no index: its entries need page references."""
    lines = ["Graben, s. Mühlengraben.", "Canal, voir Moulin.", "Fossa, vide Mola.",
             "In the year of the flood, 1780, the mill burnt down and was never built again."]
    assert ocr_tables.index_entries(lines, set()) == {}


def test_a_mixed_case_index_heading_on_a_form_feed_page_heads_the_index_in_every_language() -> None:
    """``Register.``, ``Index``, ``Indice`` (Italian for a contents list or an index: its entries
    tell), ``ÍNDICE ALFABÉTICO``: the heading of the book's last form-feed page after the text of
    the page before is the index's ``<div type="index">`` in the back, its entries the items of
    a list."""
    headings = {"de": "Register.", "fr": "Index", "es": "ÍNDICE ALFABÉTICO", "it": "Indice",
                "nl": "Register", "sv": "Register", "la": "Index."}
    for lang, heading in headings.items():
        pages = [*chapters(lang), f"{heading}\n\n" + "\n".join(ENTRIES[lang]) + "\n"]
        assert back(converted("\f".join(pages))) == [("index", heading, ENTRIES[lang])], lang


def test_an_entrys_words_that_run_on_to_an_indented_line_stay_its_item() -> None:
    """``Puerta del Sol, 2; véase también`` over ``   Muralla.``: a turnover of words after an
    entry that runs on (no page number or full stop at its end) is the entry's; a line after an
    entry that ends with its page is none."""
    entries = ["Andrés, San, iglesia de, 4; puerta de,", "   2.", "Hércules, 1.", "Muralla, 2.",
               "Puerta del Sol, 2; véase también", "   Muralla.", "Segobriga, 1."]
    pages = [*chapters("es"), "ÍNDICE ALFABÉTICO\n\n" + "\n".join(entries) + "\n"]
    assert back(converted("\f".join(pages))) == [("index", "ÍNDICE ALFABÉTICO", [
        "Andrés, San, iglesia de, 4; puerta de, 2.", "Hércules, 1.", "Muralla, 2.",
        "Puerta del Sol, 2; véase también Muralla.", "Segobriga, 1."])]
    assert ocr_tables.index_entries(["Abt, 3", "Bannmühle, 2", "Mühlengraben, 2, 4", "    Ende"], set()) \
        == {0: False, 1: False, 2: False}


def test_a_contents_entry_numbered_in_roman_is_an_item() -> None:
    """The front matter's entries of a contents list print their pages in Roman (``Vorwort . . .
    VII``, ``Avant-propos … v``), before the Arabic ones: items of the list too, at the front or
    at the end of the book."""
    contents = ["Inhalt.", "", "Vorwort . . . . . . . . . . . . . VII",
                "Erstes Kapitel. Die Klostermühle . . . . 1", "Zweites Kapitel. Der Mühlengraben . . . 3",
                "Register . . . . . . . . . . . . 5"]
    root = converted("\f".join(["\n".join(contents) + "\n", *chapters("de")]))
    items = [" ".join("".join(i.itertext()).split()) for i in root.iter(f"{TEI}item")]
    assert items == contents[2:]
    french = ["TABLE DES MATIÈRES", "", "Avant-propos … v", "Chapitre I. Le moulin … 1",
              "Chapitre II. Le canal … 3", "Chapitre III. Les prés … 4"]
    root = converted("\f".join([*chapters("fr"), "\n".join(french) + "\n"]))
    assert back(root) == [("contents", "TABLE DES MATIÈRES", french[2:])]


def test_a_contents_list_is_a_list_typed_contents_and_an_index_is_not() -> None:
    """A contents list's entries make a ``<list type="contents">`` (as the ebook reader writes
    one); an index's list carries no such type."""
    contents = ["Inhalt.", "", "Vorwort . . . . . . . . . . . . . VII",
                "Erstes Kapitel. Die Wassermühle . . . . 1", "Zweites Kapitel. Der Mühlteich . . . 3"]
    root = converted("\f".join(["\n".join(contents) + "\n", *chapters("de"),
                                "Register.\n\n" + "\n".join(ENTRIES["de"]) + "\n"]))
    listed = root.find(f".//{TEI}div[@type='contents']/{TEI}list")
    assert listed is not None and listed.get("type") == "contents"
    index = root.find(f".//{TEI}div[@type='index']/{TEI}list")
    assert index is not None and index.get("type") is None


def test_roman_pages_rise_before_arabic_ones_and_need_a_leader() -> None:
    """A Roman page after an Arabic one ends a contents list's run, and a Roman numeral after a
    single space (``Kapitel IV``: a heading) is no page."""
    def entries(lines: list[str]) -> set[int]:
        return contents_entries([Unit(i + 1, line, 0) for i, line in enumerate(lines)])

    assert entries(["Vorrede . . . V", "Einleitung . . . IX", "Der Hafen . . . 1", "Der Sturm . . . 7"]) \
        == {0, 1, 2, 3}
    assert entries(["Der Hafen . . . 1", "Der Sturm . . . 7", "Die Mauer . . . 9", "Vorrede . . . V"]) \
        == {0, 1, 2}
    assert entries(["Kapitel I", "Kapitel II", "Kapitel III", "Kapitel IV"]) == set()


def test_a_table_ends_at_its_pages_end_before_the_index_page() -> None:
    """A table at the foot of a form-feed page (``Tabelle 1.`` under ``Anhang.``) ends there:
    the next page's ``Register.`` and its entries are the index, no rows."""
    table = ["Anhang.", "", "Tabelle 1. Mühlen im Amt Freiburg.", "",
             "Jahr      Mühlen      Mahlgänge      Müller", "1780      42          96             40",
             "1820      38          91             37", "1860      29          70             27"]
    pages = [*chapters("de"), "\n".join(table) + "\n", "Register.\n\n" + "\n".join(ENTRIES["de"]) + "\n"]
    root = converted("\f".join(pages))
    assert [len(t.findall(f"{TEI}row")) for t in root.iter(f"{TEI}table")] == [4]
    assert back(root) == [("appendix", "Anhang.", []), ("index", "Register.", ENTRIES["de"])]


def test_a_table_goes_on_over_a_page_whose_rows_have_its_columns() -> None:
    """A table whose rows run on to the next form-feed page (the same columns, below the page's
    number) stays one table; a table followed by a page of running text ends at its page."""
    rows = [f"{year}      {year % 97}          {year % 89}             {year % 83}"
            for year in range(1780, 1800)]
    table = ["Anhang.", "", "Tabelle 1. Mühlen im Amt Freiburg.", "", *rows[:10]]
    pages = [*chapters("de"), "\n".join(table) + "\n", "6\n\n" + "\n".join(rows[10:]) + "\n"]
    root = converted("\f".join(pages))
    assert [years(t) for t in root.iter(f"{TEI}table")] == [[str(year) for year in range(1780, 1800)]]
    pages[-1] = "6\n\n" + "\n".join(TEXT["de"][1]) + "\n"
    root = converted("\f".join(pages))
    assert [years(t) for t in root.iter(f"{TEI}table")] == [[str(year) for year in range(1780, 1790)]]
    assert "wässern, und beide" in "".join(root.find(f".//{TEI}back").itertext())


def years(table: etree._Element) -> list[str]:
    """The first cells' text of a table's rows that hold any (a page's number is forme work)."""
    cells = [row.find(f"{TEI}cell") for row in table.iter(f"{TEI}row")]
    return [cell.text.strip() for cell in cells if cell is not None and (cell.text or "").strip()]


def test_a_table_ends_before_running_text_after_a_blank_line() -> None:
    """A line after a blank line that is no row, with running text after it, is no row: the
    table ends before it (a page whose form feed was lost goes on in prose)."""
    lines = ["Tabelle 1.", "1780      42          96             40",
             "1820      38          91             37", "1860      29          70             27",
             "", "", "Zweiter Teil.", "",
             *TEXT["de"][1]]
    corrector = Corrector("\n".join(lines), Vocabulary(lines))
    table, after = ocr_tables.read_table(lines, 0, {}, {}, corrector, {})
    assert after == 6 and len(table.rows) == 3


def test_a_heading_the_books_language_does_not_know_over_an_index_heads_the_index() -> None:
    """``REGISTER`` closing an English book, ``INDEX NOMINVM`` (a Latin index's heading in
    capitals, with V for U): words the book's language does not list, but an index's entries
    follow them, so they head the index in the back."""
    english = ["The wind was rising over the harbour when the boats came in, and the men",
               "stood on the quay to watch them round the point. Nobody spoke; the women had",
               "gone home an hour before, and only the children stayed on the wall."]
    pages = [f"{n}\n\n" * (n > 1) + ("CHAPTER I.\n\n" if n == 1 else "") + "\n".join(english) + "\n"
             for n in range(1, 5)]
    entries = ["Boats, 1, 3.", "Children, 2.", "Harbour, 1—4.", "Lanterns, 4."]
    for heading in ("REGISTER", "INDEX NOMINVM"):
        root = converted("\f".join([*pages, f"{heading}\n\n" + "\n".join(entries) + "\n"]))
        assert back(root) == [("index", heading, entries)], heading


def test_a_matter_word_that_opens_every_page_of_a_section_is_its_running_head_not_a_heading() -> None:
    """``Vorrede.`` printed first on each page of the preface is the pages' running head: one
    preface, not a division per page; a matter word opens a division at a page's top only where
    no other page opens with it."""
    _, text = TEXT["de"]
    preface = ["Vorrede.\n\n" + "\n".join(text) + "\n" for _ in range(3)]
    root = converted("\f".join([*preface, *chapters("de")]))
    assert [div.get("type") for div in root.iter(f"{TEI}div")] == ["preface", "chapter", "chapter"]


def test_a_contents_list_in_mixed_case_or_named_indice_stays_a_contents_list() -> None:
    """``Table des matières`` in mixed case on the last form-feed page, ``Indice`` over entries
    with leaders: contents lists (``Indice`` heads an index only over an index's entries)."""
    french = ["Table des matières", "", "Avant-propos … v", "Chapitre I. Le moulin … 1",
              "Chapitre II. Le canal … 3"]
    root = converted("\f".join([*chapters("fr"), "\n".join(french) + "\n"]))
    assert back(root) == [("contents", "Table des matières", french[2:])]
    italian = ["Indice", "", "Prefazione . . . . . . VII", "Capitolo I. Il mulino . . . 1",
               "Capitolo II. Il canale . . . 3"]
    root = converted("\f".join([*chapters("it"), "\n".join(italian) + "\n"]))
    assert back(root) == [("contents", "Indice", italian[2:])]


def test_cross_references_in_the_other_languages_of_the_terms() -> None:
    """The cross-reference words of the other languages ``lang/terms.json`` covers (``см.``,
    ``viz``, ``ld.``, ``zob.``, ``ks.``, ``se``, ``vide``) make entries of an index too."""
    indexes = [["Абрамов, 3.", "Дон, см. Река.", "Москва, 1—4.", "— Кремль, 2.", "Река, 2, 4."],
               ["Brno, 3.", "Hrad, viz Špilberk.", "Praha, 1—4.", "— most, 2.", "Špilberk, 2, 4."],
               ["Buda, 3.", "Duna, ld. Folyó.", "Pest, 1—4.", "Folyó, 2, 4."],
               ["Kraków, 3.", "Wawel, zob. Zamek.", "Warszawa, 1—4.", "Zamek, 2, 4."],
               ["Helsinki, 3.", "Linna, ks. Turku.", "Turku, 1—4.", "Tampere, 2, 4."],
               ["Bergen, 3.", "Bryggen, se Bergen.", "Oslo, 1—4.", "Trondheim, 2, 4."],
               ["Lisboa, 3.", "Tejo, vide Lisboa.", "Porto, 1—4.", "Coimbra, 2, 4."]]
    for lines in indexes:
        assert ocr_tables.index_entries(lines, set()) == dict.fromkeys(range(len(lines)), False), lines[1]
