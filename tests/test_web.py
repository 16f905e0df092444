"""The web layout: reviews with a date line and a book block, publisher pages with formats."""

from __future__ import annotations

import re

import pytest
from conftest import converted
from lxml import etree
from shared import shared_path

from schemas import errors_against
from teitools import layout
from teitools.convert import convert_source
from teitools.readers import web
from teitools.source import read_source, source_from_text

NS = {"t": "http://www.tei-c.org/ns/1.0"}

PROSE = ("The author walks the reader through a long and winding story of ships, harbours and the "
         "people who worked in them, with many quotations from letters and a \u201cmodest\u201d tone. ")

REVIEW = (
    f"Posted: 3 March 2025 {PROSE * 3}\n\n"
    f"{PROSE * 4}\n\n"
    f"{PROSE * 2}\n\n"
    "Harbours of the North: A Social History, 1800-1900\n\n"
    "Jane Q Example\n\n"
    "Tidewater Press, 320pp, \u00a325.00\n"
)

PRODUCT = (
    "Harbours of the North\n\n"
    "A Social History\n\n"
    "5 May 2025\n\n"
    "Territory Rights \u2014 Worldwide excluding the Moon.\n\n"
    "Jane Q. Example (Author)\n\n"
    "Description\n\n"
    f"{PROSE * 2}\n\n"
    "Reviews\n\n"
    "\"A wonderful book about harbours.\" \u2014 John Reviewer, author of Docks and Quays\n\n"
    "\"Essential and surprising.\" \u2014 Mary Critic\n\n"
    "Hardback\n\n"
    "978-0-306-40615-7\n\n"
    "156 x 234 mm \u2022 320 pages\n\n"
    "\u00a325.00\n\n"
    "Add to Basket\n\n"
    "Ebook\n\n"
    "9781631498299\n\n"
    "\u00a312.99\n\n"
    "Coming Soon\n"
)


def tei(text: str) -> etree._Element:
    conv = convert_source(source_from_text(text))
    assert conv.ok, [d.to_text() for d in conv.diagnostics]
    return conv.tree.getroot()


def texts(root: etree._Element, xpath: str) -> list[str]:
    return ["".join(e.itertext()) if isinstance(e, etree._Element) else str(e)
            for e in root.xpath(xpath, namespaces=NS)]


def test_web_pages_are_detected_and_books_are_not():
    assert layout.detect(source_from_text(REVIEW)) == "web"
    assert layout.detect(source_from_text(PRODUCT)) == "web"
    book = "\n".join(PROSE * 3 for _ in range(40))
    assert web.score(source_from_text(book)) == 0.0
    long_page = PRODUCT + "\n\n" + "\n\n".join(PROSE * 3 for _ in range(200))
    assert web.score(source_from_text(long_page)) == 0.0


def test_review_date_goes_to_the_header_and_stays_in_the_body():
    root = tei(REVIEW)
    assert root.xpath("//t:sourceDesc/t:bibl/t:date/@when", namespaces=NS) == ["2025-03-03"]
    dateline = root.xpath("//t:body/t:ab[@type='dateline']", namespaces=NS)[0]
    assert "".join(dateline.itertext()) == "Posted: 3 March 2025"
    first = root.xpath("//t:body/t:p", namespaces=NS)[0]
    assert "".join(first.itertext()).startswith("The author walks")


def test_reviewed_book_is_a_bibl_in_the_body_and_a_related_item_in_the_header():
    root = tei(REVIEW)
    body_bibl = root.xpath("//t:body/t:bibl", namespaces=NS)
    assert len(body_bibl) == 1
    assert texts(body_bibl[0], "t:title") == ["Harbours of the North: A Social History, 1800-1900"]
    assert texts(body_bibl[0], "t:author") == ["Jane Q Example"]
    assert texts(body_bibl[0], "t:publisher") == ["Tidewater Press"]
    item = root.xpath("//t:sourceDesc//t:relatedItem[@type='reviewed']/t:bibl", namespaces=NS)[0]
    assert texts(item, "t:author") == ["Jane Q Example"]
    assert item.xpath("t:extent/t:measure/@quantity", namespaces=NS) == ["320"]
    price = item.xpath("t:measure[@type='price']", namespaces=NS)[0]
    assert (price.get("unit"), price.get("quantity"), price.text) == ("GBP", "25.00", "\u00a325.00")
    title = root.xpath("//t:titleStmt/t:title", namespaces=NS)[0]
    assert title.get("type") == "desc" and "Harbours of the North" in title.text


def test_inline_quotations_in_a_review_stay_text():
    root = tei(REVIEW)
    assert not root.xpath("//t:body//t:cit | //t:body//t:quote", namespaces=NS)


def test_publisher_page_sections_and_title_block():
    root = tei(PRODUCT)
    assert texts(root, "//t:body/t:div/t:head") == ["Harbours of the North"]
    assert texts(root, "//t:body/t:div/t:div/t:head") == ["Description", "Reviews"]
    assert texts(root, "//t:titleStmt/t:title[@type='sub']") == ["A Social History"]
    assert texts(root, "//t:titleStmt/t:author") == ["Jane Q. Example"]
    assert root.xpath("//t:sourceDesc/t:bibl/t:date/@when", namespaces=NS) == ["2025-05-05"]
    assert texts(root, "//t:sourceDesc/t:bibl/t:availability/t:p") == ["Worldwide excluding the Moon."]


def test_reviews_become_cit_with_quote_and_attribution():
    root = tei(PRODUCT)
    cits = root.xpath("//t:cit", namespaces=NS)
    assert len(cits) == 2
    assert texts(cits[0], "t:quote") == ["\"A wonderful book about harbours.\""]
    assert texts(cits[0], "t:bibl/t:author") == ["John Reviewer"]
    assert texts(cits[0], "t:bibl/t:title") == ["Docks and Quays"]
    assert texts(cits[1], "t:bibl/t:author") == ["Mary Critic"]


def test_formats_with_isbn_extent_price_and_marked_shop_furniture():
    root = tei(PRODUCT)
    entries = root.xpath("//t:div[@type='formats']/t:listBibl/t:bibl", namespaces=NS)
    assert [texts(b, "t:edition") for b in entries] == [["Hardback"], ["Ebook"]]
    assert texts(entries[0], "t:idno[@type='ISBN']") == ["978-0-306-40615-7"]
    assert entries[0].xpath("t:extent/t:measure/@type", namespaces=NS) == ["dimensions"]
    assert entries[1].xpath("t:measure[@type='price']/@quantity", namespaces=NS) == ["12.99"]
    assert texts(root, "//t:seg[@type='furniture']") == ["Add to Basket", "Coming Soon"]
    formats = root.xpath("//t:sourceDesc//t:relatedItem[@type='format']/t:bibl", namespaces=NS)
    assert [texts(f, "t:idno") for f in formats] == [["9780306406157"], ["9781631498299"]]


def test_a_wrong_isbn_check_digit_is_reported_and_kept():
    conv = convert_source(source_from_text(PRODUCT.replace("978-0-306-40615-7", "978-0-306-40615-3")))
    warnings = [d for d in conv.diagnostics if d.code == "WEB001"]
    assert len(warnings) == 1 and "expected 7" in warnings[0].message
    assert warnings[0].line == PRODUCT.split("\n").index("978-0-306-40615-7") + 1
    assert conv.ok and b"978-0-306-40615-3" in conv.data


@pytest.mark.slow  # the shared corpus
@pytest.mark.parametrize("name", ["000_1d3df21c5bc6ee47.txt", "001_06961b7525caa175.txt"])
def test_corpus_web_pages_convert_with_their_metadata(name):
    conv = converted(shared_path("corpus", name))
    assert conv.ok and conv.document.layout == "web"
    header = conv.tree.getroot().find("t:teiHeader", NS)
    assert header.xpath("count(.//t:sourceDesc//t:date[@when])", namespaces=NS) >= 1
    assert header.xpath("count(.//t:sourceDesc//t:author)", namespaces=NS) >= 1


def test_review_with_headline_and_byline():
    text = ("Ships and the people in them\n\nBy Sam Writer\n\n" + PROSE * 3 + "\n\n" + PROSE * 2 + "\n\n"
            "Harbours of the North\n\nJane Q Example\n\nTidewater Press, 320pp, \u00a325.00\n")
    root = tei(text)
    assert texts(root, "//t:body/t:div[@type='review']/t:head") == ["Ships and the people in them"]
    assert texts(root, "//t:titleStmt/t:title[@type='main']") == ["Ships and the people in them"]
    assert texts(root, "//t:titleStmt/t:author") == ["Sam Writer"]
    assert texts(root, "//t:ab[@type='byline']/t:name[@role='author']") == ["Sam Writer"]
    assert texts(root, "//t:relatedItem[@type='reviewed']/t:bibl/t:title") == ["Harbours of the North"]


def test_quote_with_attribution_in_the_next_block():
    text = PRODUCT.replace("\"Essential and surprising.\" \u2014 Mary Critic",
                           "\u201cEssential and surprising.\u201d\n\n\u2014 Mary Critic, The Harbour Gazette")
    root = tei(text)
    cit = root.xpath("//t:cit", namespaces=NS)[1]
    assert texts(cit, "t:quote") == ["\u201cEssential and surprising.\u201d"]
    assert texts(cit, "t:bibl") == ["\u2014 Mary Critic, The Harbour Gazette"]
    assert texts(cit, "t:bibl/t:author") == ["Mary Critic"]


def test_a_publication_as_attribution_is_not_an_author():
    root = tei(PRODUCT.replace("\u2014 Mary Critic", "\u2014 The Harbour Gazette"))
    cit = root.xpath("//t:cit", namespaces=NS)[1]
    assert texts(cit, "t:bibl") == ["\u2014 The Harbour Gazette"] and not texts(cit, "t:bibl/t:author")


def test_text_after_the_formats_is_not_swallowed_by_them():
    text = PRODUCT + "\nAbout the Author\n\n" + PROSE * 2 + "\n"
    root = tei(text)
    entries = root.xpath("//t:div[@type='formats']/t:listBibl/t:bibl", namespaces=NS)
    assert "About the Author" not in "".join(entries[-1].itertext())
    assert texts(root, "//t:div[t:head='About the Author']/t:p")[0].startswith("The author walks")


def test_review_closing_with_a_one_line_book_description():
    root = tei(FOOTER)
    bibl = root.xpath("//t:body/t:bibl", namespaces=NS)[0]
    assert texts(bibl, "t:title") == ["Harbours of the North"]
    assert texts(bibl, "t:author") == ["Jane Q Example", "Tom Other"]
    assert texts(bibl, "t:publisher") == ["Tidewater Press"]
    assert "".join(bibl.itertext()).endswith("Delivery charges may apply.")
    item = root.xpath("//t:relatedItem[@type='reviewed']/t:bibl", namespaces=NS)[0]
    assert item.xpath("t:measure[@type='price']/@quantity", namespaces=NS) == ["25"]
    assert item.xpath("t:extent/t:measure/@quantity", namespaces=NS) == ["320"]


def test_imprint_with_full_stops_and_an_isbn():
    text = (PROSE * 4 + "\n\nHarbours of the North\n\nJane Q Example\n\n"
            "320pp. Tidewater Press. \u00a325. ISBN 978-0-306-40615-7\n")
    root = tei(text)
    item = root.xpath("//t:relatedItem[@type='reviewed']/t:bibl", namespaces=NS)[0]
    assert texts(item, "t:publisher") == ["Tidewater Press"]
    assert texts(item, "t:idno[@type='ISBN']") == ["9780306406157"]
    assert texts(item, "t:measure[@type='price']") == ["\u00a325"]


FACTS = ("Harbours of the North\n\nPublisher: Tidewater Press\n\nPublished: 5 May 2025\n\n"
         "ISBN: 978-0-306-40615-7\n\nPrice: \u20ac24,90\n\nFormat: 320 pages\n\n"
         "Description\n\n" + PROSE * 2 + "\n")
FOOTER = (PROSE * 3 + "\n\n" + PROSE * 2 + "\n\n"
          "\u2022 Harbours of the North by Jane Q Example and Tom Other is published by Tidewater Press "
          "(\u00a325, 320pp). To order a copy go to the shop. Delivery charges may apply.\n")


def test_labelled_facts_on_a_publisher_page():
    root = tei(FACTS)
    source = root.xpath("//t:sourceDesc/t:bibl", namespaces=NS)[0]
    assert texts(source, "t:publisher") == ["Tidewater Press"]
    assert source.xpath("t:date/@when", namespaces=NS) == ["2025-05-05"]
    assert texts(source, "t:idno[@type='ISBN']") == ["9780306406157"]
    assert source.xpath("t:measure[@type='price']/@unit", namespaces=NS) == ["EUR"]
    assert source.xpath("t:extent/t:measure/@quantity", namespaces=NS) == ["320"]
    assert texts(root, "//t:body//t:ab/t:label") == ["Publisher", "Published", "ISBN", "Price", "Format"]


@pytest.mark.parametrize("text", [REVIEW, PRODUCT, FACTS, FOOTER],
                         ids=["review", "product", "facts", "footer"])
def test_web_pages_with_a_full_sidecar_are_valid_tei(text):
    sidecar = {"publication": {"publisher": "A Library", "licence": "CC0 1.0"},
               "source_url": "https://example.org/a",
               "responsibilities": [{"resp": "encoded by", "name": "An Encoder"}], "reviewed": {"title": "T"}}
    conv = convert_source(source_from_text(text), "auto", {"date": "2026-01-01"}, sidecar)
    assert conv.ok
    assert errors_against("tei_all", conv.tree) == []
    assert errors_against("own", conv.tree) == []


def test_reviewed_book_with_a_subtitle_line_and_editors():
    text = (PROSE * 4 + "\n\nHarbours of the North\n\nA Social History of Ports and Their People\n\n"
            "Edited by Jane Q Example and Tom Other\n\nTidewater Press, 320pp, \u00a325\n")
    item = tei(text).xpath("//t:relatedItem[@type='reviewed']/t:bibl", namespaces=NS)[0]
    assert texts(item, "t:title[@type='main']") == ["Harbours of the North"]
    assert texts(item, "t:title[@type='sub']") == ["A Social History of Ports and Their People"]
    assert texts(item, "t:editor") == ["Jane Q Example", "Tom Other"] and not texts(item, "t:author")


@pytest.mark.slow  # the shared corpus
@pytest.mark.parametrize("name", ["002_33d85a1a2b5dafb6.txt", "003_ff8ddea604f018d9.txt",
                                  "004_536898e81d813c4b.txt"])
def test_corpus_books_are_not_web_pages(name):
    assert web.score(read_source(shared_path("corpus", name))) == 0.0


@pytest.mark.parametrize("text", [REVIEW, PRODUCT], ids=["review", "product"])
def test_counts_have_report_names(text):
    counts = convert_source(source_from_text(text)).document.counts
    assert counts and all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in counts)
