"""The document model's own vocabulary: typed nodes the writer alone turns into TEI, one generic
walk over every node, and the counts derived from the model in one place."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from teitools import layout
from teitools import model as m
from teitools.convert import convert_source
from teitools.source import read_source, source_from_text
from teitools.writer import build_tree

TEI = "{http://www.tei-c.org/ns/1.0}"


def _everywhere() -> tuple[list[m.Block], list[m.Correction]]:
    """A division with a correction in every kind of place an inline node can stand, and those
    corrections."""
    made: list[m.Correction] = []

    def inl() -> list[m.Inline]:
        made.append(m.Correction(f"s{len(made)}", f"c{len(made)}"))
        return [m.Text("x"), m.Phrase("title", [m.Date([made[-1]], when="1898")])]

    table = m.Table([m.Row([m.Cell(inl())])], head=inl(), notes=[m.NoteBlock(None, inl(), place="inline")])
    bibliography = m.Bibliography(inl(), [m.Bibliography(None, [m.Bibl(inl())])])
    division = m.Division("chapter", inl(), [
        m.Paragraph([m.Note("1", inl())]), m.LineGroup([inl()]), m.ListBlock([inl()]), table, bibliography,
        m.BlockQuote([m.Paragraph(inl())], source=m.Bibl(inl())),
        m.Speech(inl(), [m.Stage(inl())]), m.Figure("1", inl())],
        opener=[m.Paragraph(inl(), kind="salute")], closer=[m.Paragraph(inl(), kind="signed")])
    return [division], made


def test_the_walk_reaches_a_node_wherever_it_stands() -> None:
    blocks, made = _everywhere()
    corrections = [node for node in m.walk(blocks) if isinstance(node, m.Correction)]
    assert len(corrections) == len(made) == 16  # each once: no place is left out
    assert {id(node) for node in corrections} == {id(node) for node in made}
    nodes = list(m.walk(blocks))
    assert nodes[0] is blocks[0]
    assert sum(isinstance(node, m.Cell) for node in nodes) == 1
    assert sum(isinstance(node, m.Row) for node in nodes) == 1


def test_counts_come_from_the_model() -> None:
    blocks, made = _everywhere()
    doc = m.Document("plain", body=blocks)
    doc.counts["paragraphs"] = 99  # a reader's stale count is replaced, not added to
    m.recount(doc, "paragraphs", "verse", "speeches", "corrections", "split_words_joined")
    assert doc.counts == {"paragraphs": 2, "verse": 1, "speeches": 1, "corrections": len(made),
                          "split_words_joined": 0}  # the table's note is a note, not a paragraph


def test_every_count_of_every_kind_of_node_wherever_it_stands() -> None:
    blocks, _ = _everywhere()
    blocks += [m.Bibl([m.Text("a reviewed book")]), m.Division("section", [m.Text("S")], [
        m.NoteBlock("2", [m.Text("a note text no marker calls")]),
        m.NoteBlock(None, [m.Text("[a transcriber's note]")], place="inline", kind="transcriber"),
        m.Paragraph([m.Note("3", None), m.PageBreak("7"), m.PageBreak("8", supplied=True),
                     m.LineBreak(joined=True), m.Identifier([m.Text("0")], "ISBN"),
                     m.Phrase("bibl", [m.Text("Smith 1990")])], kind="furniture")])]
    found = m.tally(blocks, *m.COUNTED)
    assert found == {"paragraphs": 2, "verse": 1, "speeches": 1, "corrections": 16, "split_words_joined": 1,
                     "quotes": 1, "figures": 1, "tables": 1, "lists": 1, "headings": 2, "chapters": 1,
                     "sections": 1, "letters": 0, "notes": 3, "notes_without_text": 1,
                     "texts_without_marker": 1, "transcriber_notes": 1, "pages": 1, "supplied_pages": 1,
                     "isbns": 1, "furniture": 1, "references": 1, "bibl": 1, "bibliographic_entries": 1}


def test_readers_count_nothing_by_hand_and_name_only_counts_the_model_defines() -> None:
    """Counts are made in one place (``layout.count`` over the finished document): no module
    but the model writes into a document's counts, and every count a reader lists is defined."""
    source = Path(m.__file__).parent
    writes = re.compile(r"\bcounts\s*\[[^\]]*\]\s*(?:\+|-)?=|\bcounts\.(?:update|setdefault|pop)\(")
    found = [f"{path.relative_to(source)}:{number}" for path in sorted(source.rglob("*.py"))
             if path.name != "model.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if writes.search(line)]
    assert found == []
    for name in layout.names():
        listed = layout.module(name).COUNTS
        assert listed and set(listed) <= set(m.COUNTED), name


def test_a_conversion_reports_each_count_of_its_layout_read_from_its_document() -> None:
    text = ("Chapter 1\n\nA first paragraph of the text, long enough to be one.\n\n"
            "Chapter 2\n\nA second paragraph of the text, long enough to be one too.\n")
    conversion = convert_source(source_from_text(text), "plain")
    doc = conversion.document
    assert dict(doc.counts) == {"paragraphs": 4}
    doc.body.append(m.Paragraph([m.Text("added")]))
    layout.count(doc)
    assert doc.counts["paragraphs"] == 5  # read from the document, not kept by the reader


def test_typed_nodes_become_tei_in_the_writer_only(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("x\n", encoding="utf-8")
    content: list[m.Inline] = [
        m.Date([m.Text("3 May 1898")], when="1898-05-03"), m.Date([m.Text("once")]),
        m.Identifier([m.Text("978-0")], "ISBN"),
        m.Measure([m.Text("£40")], kind="price", unit="GBP", quantity="40"),
        m.Measure([m.Text("576pp")], unit="pages", quantity="576"),
        m.FormeWork([m.Text("12")], "page-number"), m.FormeWork([m.Text("THE HARBOUR")], "running-head"),
        m.Phrase("title", [m.Text("Sub")], subtype="sub"), m.Phrase("name", [m.Text("A")], role="author"),
        m.Phrase("segment", [m.Text("Buy")], subtype="furniture"), m.Phrase("emphasis", [m.Text("e")])]
    doc = m.Document("plain", body=[m.Paragraph(content)])
    p = build_tree(doc, read_source(path), {}).getroot().find(f"{TEI}text/{TEI}body/{TEI}p")
    assert p is not None
    written = [(etree.QName(el).localname, dict(el.attrib), el.text) for el in p]
    assert written == [
        ("date", {"when": "1898-05-03"}, "3 May 1898"), ("date", {}, "once"),
        ("idno", {"type": "ISBN"}, "978-0"),
        ("measure", {"type": "price", "unit": "GBP", "quantity": "40"}, "£40"),
        ("measure", {"unit": "pages", "quantity": "576"}, "576pp"),
        ("fw", {"type": "pageNum"}, "12"), ("fw", {"type": "header"}, "THE HARBOUR"),
        ("title", {"type": "sub"}, "Sub"), ("name", {"role": "author"}, "A"),
        ("seg", {"type": "furniture"}, "Buy"), ("hi", {}, "e")]
    assert m.text_of(content) == "3 May 1898once978-0£40576ppSubABuye"  # forme work is no text
