"""OCR'd books printed without form feeds: pages parted by runs of blank lines, numbers at the
foot or the head (a chapter's opening with its number at the foot, the other pages with it in
the running head), Roman front matter, a contents list and an index. Inputs are written here."""

from __future__ import annotations

from lxml import etree

from teitools.convert import convert_source
from teitools.readers import ocr_pages
from teitools.source import source_from_text

TEI = "{http://www.tei-c.org/ns/1.0}"
NS = {"t": TEI[1:-1]}
FILLER = {
    "de": ("die Schiffe kamen in jenem Jahre spät in den Hafen und das Korn wurde",
           "am Kai verkauft bevor die Stürme des Winters den Fluss für jeden Verkehr",
           "schlossen und die Kaufleute der Stadt klagten beim Rat über die neuen",
           "Zölle welche der Rat seit dem Frühjahr zweimal erhöht hatte ohne jemanden"),
    "en": ("the harbour master wrote that the ships came in late that year and the grain",
           "was sold at the quay before the winter storms closed the river to all traffic",
           "and the merchants of the town complained to the council about the new tolls",
           "which the council had raised twice since the spring without asking anybody"),
    "fr": ("le capitaine du port écrivit que les navires arrivèrent tard cette année et",
           "que le blé fut vendu sur le quai avant que les tempêtes de l'hiver eussent",
           "fermé la rivière à tout trafic et les marchands de la ville se plaignirent",
           "au conseil des nouveaux péages que le conseil avait levés deux fois depuis"),
    "it": ("il capitano del porto scrisse che le navi giunsero tardi quell'anno e che il",
           "grano fu venduto sulla banchina prima che le tempeste dell'inverno avessero",
           "chiuso il fiume a ogni traffico e i mercanti della città si lagnarono presso",
           "il consiglio dei nuovi dazi che il consiglio aveva alzato due volte da allora"),
}
CENTRE = " " * 22


def prose(lang: str, count: int, first: int = 0) -> list[str]:
    """``count`` lines of running text ending a sentence."""
    lines = [FILLER[lang][(first + i) % 4] for i in range(count)]
    return [*lines[:-1], lines[-1] + "."]


def foot(lines: list[str], number: str, blanks: int = 2) -> list[str]:
    """A page whose number stands centred below its text."""
    return [*lines, *[""] * blanks, CENTRE + number]


def headed(number: int, head: str, lines: list[str]) -> list[str]:
    """A page whose number stands in the running head, at the outer edge."""
    line = f"{number}{' ' * 20}{head}" if number % 2 == 0 else f"{head:>50}{' ' * 10}{number}"
    return [line, "", *lines]


def book(pages: list[list[str]], blanks: int = 2) -> str:
    """The pages one after the other, parted by ``blanks`` blank lines."""
    return ("\n" + "\n" * blanks).join("\n".join(page) for page in pages) + "\n"


def converted(text: str) -> etree._Element:
    conv = convert_source(source_from_text(text, "book.txt"), "ocr-paged")
    assert conv.ok, [d.to_text() for d in conv.diagnostics]
    return conv.tree.getroot()


def opening(lang: str, label: str, count: int = 9, first: int = 0) -> list[str]:
    return [CENTRE + label, "", *prose(lang, count, first)]


def drop_folio_book(lang: str = "de", labels: tuple[str, str] = ("Erstes Kapitel.", "Zweites Kapitel."),
                    heads: tuple[str, str] = ("Die Stadt.", "Der Hafen."), blanks: int = 2) -> str:
    """Chapter openings with their number at the foot, the other pages with it in the head."""
    return book([foot(opening(lang, labels[0]), "1"), headed(2, heads[0], prose(lang, 10, 1)),
                 foot(opening(lang, labels[1], first=2), "3"), headed(4, heads[1], prose(lang, 10, 3))],
                blanks)


def page_texts(root: etree._Element) -> dict[str, str]:
    """The text of each page, by its number: what stands between its <pb/> and the next, forme
    work aside."""
    texts: dict[str, list[str]] = {}
    current: list[str] | None = None
    body = root.find(f"{TEI}text")
    assert body is not None
    for event, el in etree.iterwalk(body, events=("start", "end")):
        tag = el.tag.replace(TEI, "") if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "pb":
                current = texts.setdefault(el.get("n"), [])
            elif current is not None and tag != "fw" and el.text:
                current.append(el.text)
        elif current is not None and el.tail and tag != "pb":
            current.append(el.tail)
    return {n: " ".join(" ".join(parts).split()) for n, parts in texts.items()}


def test_a_foot_number_closes_its_page_and_the_next_head_number_opens_the_next() -> None:
    root = converted(drop_folio_book())
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["1", "2", "3", "4"]
    pages = page_texts(root)
    assert pages["1"].startswith("Erstes Kapitel.") and pages["1"].endswith("das Korn wurde.")
    assert pages["2"].startswith("am Kai verkauft")
    assert pages["3"].startswith("Zweites Kapitel.")


def test_the_chapter_opens_after_its_page_break() -> None:
    root = converted(drop_folio_book())
    for head in root.iter(f"{TEI}head"):
        previous = head.getprevious()
        assert previous is not None and previous.tag == f"{TEI}pb", etree.tostring(head.getparent())


def test_a_running_head_beside_a_head_number_is_forme_work() -> None:
    root = converted(drop_folio_book())
    headers = [fw.text for fw in root.iter(f"{TEI}fw") if fw.get("type") == "header"]
    assert headers == ["Die Stadt.", "Der Hafen."]
    numbers = [fw.text for fw in root.iter(f"{TEI}fw") if fw.get("type") == "pageNum"]
    assert numbers == ["1", "2", "3", "4"]
    text = " ".join(root.xpath(".//t:text//t:p//text()[not(ancestor::t:fw)]", namespaces=NS))
    assert "Der Hafen" not in text and "Die Stadt" not in text


def test_numbers_at_the_foot_with_as_many_blank_lines_on_either_side() -> None:
    pages = [foot(opening("en", "CHAPTER I."), "1", 3),
             *(foot(prose("en", 11, n), str(n), 3) for n in range(2, 5))]
    root = converted(book(pages, 3))
    texts = page_texts(root)
    assert list(texts) == ["1", "2", "3", "4"]
    assert texts["1"].startswith("CHAPTER I.")
    for n in range(2, 5):
        assert texts[str(n)].startswith(FILLER["en"][n % 4]), texts[str(n)]


def test_a_lower_case_roman_number_set_like_the_page_numbers_opens_the_front_matter() -> None:
    contents = ["           CONTENTS.", "", "Preface" + " " * 38 + "v",
                "CHAPTER I. The Town" + " " * 25 + "1", "CHAPTER II. The Harbour" + " " * 21 + "3",
                "Index" + " " * 39 + "5"]
    text = book([foot(contents, "vi"), foot(opening("en", "CHAPTER I."), "1"),
                 headed(2, "The Town.", prose("en", 10, 1)), foot(opening("en", "CHAPTER II.", first=2), "3"),
                 headed(4, "The Harbour.", prose("en", 10, 3))])
    root = converted(text)
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["vi", "1", "2", "3", "4"]
    listed = root.find(".//t:div[@type='contents']/t:list", NS)
    assert listed is not None
    assert [item.text.split()[-1] for item in listed.iter(f"{TEI}item")] == ["v", "1", "3", "5"]
    assert page_texts(root)["1"].startswith("CHAPTER I.")


def test_a_page_number_missing_on_the_first_chapter_opening_is_supplied() -> None:
    contents = ["              INHALT.", "", "Vorrede" + " " * 37 + "v",
                "Erstes Kapitel. Die Stadt" + " " * 19 + "1", "Zweites Kapitel. Der Hafen" + " " * 18 + "3"]
    pages = [foot(contents, "vi"), opening("de", "Erstes Kapitel."),
             headed(2, "Die Stadt.", prose("de", 10, 1)),
             foot(opening("de", "Zweites Kapitel.", first=2), "3"),
             headed(4, "Der Hafen.", prose("de", 10, 3))]
    root = converted(book(pages))
    breaks = [(pb.get("n"), pb.getnext()) for pb in root.iter(f"{TEI}pb")]
    assert [n for n, _ in breaks] == ["vi", "[1]", "2", "3", "4"]
    assert breaks[1][1] is not None and "".join(breaks[1][1].itertext()) == "Erstes Kapitel."


def test_an_index_page_after_a_head_number_and_its_numbers_are_no_pages() -> None:
    index = ["              Register.", "", "Hafen, 3, 4", "  — Zoll im, 4", "Stadt, 1, 2, 3, 4,",
             "    5; s. auch Hafen", "Zoll, 4"]
    text = drop_folio_book().rstrip("\n") + "\n\n\n" + "\n".join(foot(index, "5")) + "\n"
    root = converted(text)
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["1", "2", "3", "4", "5"]
    div = root.find(".//t:div[@type='index']", NS)
    assert div is not None and div[0].tag == f"{TEI}pb" and div[1].tag == f"{TEI}head"
    items = ["".join(item.itertext()).split() for item in div.iter(f"{TEI}item")]
    assert [" ".join(words) for words in items][:4] == [
        "Hafen, 3, 4", "— Zoll im, 4", "Stadt, 1, 2, 3, 4, 5; s. auch Hafen", "Zoll, 4 5"]


def test_numbers_at_the_head_in_italian_with_an_index() -> None:
    index = ["       INDICE ALFABETICO.", "", "Città, 3, 4", "  — Mercato, 4", "Dazio, 1, 2, 3",
             "Porto, 1, 2, 4"]
    pages = [[CENTRE + "1", "", *opening("it", "CAPITOLO PRIMO.")],
             headed(2, "La Città.", prose("it", 10, 1)), headed(3, "La Città.", prose("it", 10, 2)),
             [CENTRE + "4", "", *index]]
    root = converted(book(pages, 4))
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["1", "2", "3", "4"]
    div = root.find(".//t:div[@type='index']", NS)
    assert div is not None
    assert len(list(div.iter(f"{TEI}item"))) == 4
    assert page_texts(root)["3"].startswith(FILLER["it"][2])


def test_french_numbers_at_the_foot_of_every_page() -> None:
    pages = [foot(opening("fr", "CHAPITRE PREMIER."), "1"), foot(prose("fr", 11, 1), "2"),
             foot(opening("fr", "CHAPITRE II.", first=2), "3"), foot(prose("fr", 11, 3), "4")]
    root = converted(book(pages))
    texts = page_texts(root)
    assert list(texts) == ["1", "2", "3", "4"]
    assert texts["3"].startswith("CHAPITRE II.") and texts["4"].startswith(FILLER["fr"][3])
    assert [h.text for h in root.iter(f"{TEI}head")] == ["CHAPITRE PREMIER.", "CHAPITRE II."]


def test_a_book_numbered_at_the_foot_of_its_openings_and_in_its_running_heads_is_detected() -> None:
    conv = convert_source(source_from_text(drop_folio_book("en", ("CHAPTER I.", "CHAPTER II."),
                                                           ("The Town.", "The Harbour.")), "book.txt"))
    assert conv.detection is not None and conv.detection.layout == "ocr-paged", conv.detection


# ------------------------------------------------------------------ two form feeds, three pages


def test_three_form_feed_pages_numbered_at_their_feet_supply_the_missing_number() -> None:
    pages = [[*prose("en", 9), "11"], ["CHAPTER II.", "", *prose("en", 9, 1)], [*prose("en", 9, 2), "13"]]
    root = converted("\f".join("\n".join(page) for page in pages) + "\n")
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["11", "[12]", "13"]
    texts = page_texts(root)
    assert texts["[12]"].startswith("CHAPTER II.") and texts["13"].startswith(FILLER["en"][2])


def test_three_form_feed_pages_with_roman_numbers_at_their_heads() -> None:
    pages = [[number, "", *prose("fr", 9, k)] for k, number in enumerate(("vii", "viii", "ix"))]
    conv = convert_source(source_from_text("\f".join("\n".join(page) for page in pages) + "\n", "book.txt"))
    assert conv.detection is not None and conv.detection.layout == "ocr-paged"
    root = conv.tree.getroot()
    assert [pb.get("n") for pb in root.iter(f"{TEI}pb")] == ["vii", "viii", "ix"]
    assert [fw.text for fw in root.iter(f"{TEI}fw")] == ["vii", "viii", "ix"]


def test_two_stray_form_feeds_beside_numbers_that_do_not_rise_with_them_page_nothing() -> None:
    pages = [[*prose("en", 9), "3"], prose("en", 9, 1), [*prose("en", 9, 2), "40"]]
    source = source_from_text("\f".join("\n".join(page) for page in pages) + "\n", "book.txt")
    assert source.page_starts and not ocr_pages.form_feed_paged(source.page_starts, source.text)


def test_pages_parted_by_one_blank_line_as_its_paragraphs_are() -> None:
    pages = [foot(opening("en", "CHAPTER I."), "1", 1), headed(2, "The Town.", prose("en", 10, 1)),
             headed(3, "The Town.", prose("en", 10, 2)), foot(opening("en", "CHAPTER II.", first=3), "4", 1),
             headed(5, "The Harbour.", prose("en", 10, 1)), headed(6, "The Harbour.", prose("en", 10, 2)),
             foot(opening("en", "CHAPTER III.", first=3), "7", 1)]
    root = converted(book(pages, 1))
    texts = page_texts(root)
    assert list(texts) == [str(n) for n in range(1, 8)]
    assert [texts[n][:12] for n in ("1", "4", "7")] == ["CHAPTER I. t", "CHAPTER II. ", "CHAPTER III."]
    assert texts["3"].startswith(FILLER["en"][2]) and texts["6"].startswith(FILLER["en"][2])
    headers = [fw.text for fw in root.iter(f"{TEI}fw") if fw.get("type") == "header"]
    assert headers == ["The Town.", "The Town.", "The Harbour.", "The Harbour."]


def test_numbers_at_the_head_with_no_blank_line_around_them_open_their_pages() -> None:
    title = ["   DIE HAFENSTADT", "   Eine Erzählung", "   1858."]
    pages = [[CENTRE + str(n), *(FILLER["de"][(n + i) % 4] for i in range(20 if n < 6 else 8))]
             for n in range(1, 7)]  # the book's edges say nothing: less than half a page beyond both ends
    root = converted("\n".join([*title, *(line for page in pages for line in page)]) + ".\n")
    texts = page_texts(root)
    assert list(texts) == [str(n) for n in range(1, 7)]
    for n in range(2, 7):
        assert texts[str(n)].startswith(FILLER["de"][n % 4]), (n, texts[str(n)][:40])


def test_an_index_page_numbered_at_its_foot_one_blank_line_apart() -> None:
    index = ["              Register.", "", "Hafen, 3, 4", "  — Zoll im, 4", "Stadt, 1, 2, 3, 4,",
             "    5; s. auch Hafen", "Zoll, 4", "Zölle, 2, 3"]
    pages = [foot(opening("de", "Erstes Kapitel."), "1", 1), foot(prose("de", 11, 1), "2", 1),
             foot(prose("de", 11, 2), "3", 1), foot(index, "4", 1)]
    root = converted(book(pages, 1))
    div = root.find(".//t:div[@type='index']", NS)
    assert div is not None and div[0].tag == f"{TEI}pb" and div[0].get("n") == "4"
    assert page_texts(root)["3"].startswith(FILLER["de"][2])


def test_numbers_atop_their_pages_text_one_blank_line_below_the_page_before() -> None:
    pages = [[" " * 60 + str(n), *prose("en", 12, n)] for n in range(430, 436)]
    pages[3] = [" " * 60 + "433", CENTRE + "SCENE II.", "", *prose("en", 10, 3)]
    root = converted("\n\n".join("\n".join(page) for page in pages) + "\n")
    texts = page_texts(root)
    assert list(texts) == [str(n) for n in range(430, 436)]
    assert texts["433"].startswith("SCENE II.")
    for n in (431, 432, 434, 435):
        assert texts[str(n)].startswith(FILLER["en"][n % 4]), (n, texts[str(n)][:40])
