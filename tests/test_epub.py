"""EPUB export (a structural check that always runs, and epubcheck when it is installed) and
custom output: a user's XSLT run locked down, a user's CSS."""

from __future__ import annotations

import base64
import io
import os
import pty
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree, html
from shared import corpus_files, recording_loopback

from teitools import exportcheck
from teitools.cli import main
from teitools.export import export_bytes, export_tree
from teitools.safexml import parse_bytes

XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

JPEG = ("/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAA"
        "AABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAA"
        "ABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAA"
        "AAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAA"
        "AAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAA"
        "AABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4M"
        "ChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8a"
        "Gi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAIDASIAAhEB"
        "AxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/E"
        "ABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKAA/9k=")  # 2 x 2 grey, made by Chromium's canvas


def tei(body: str, header: str = "<title>A Book</title><author>Ann Author</author>", lang: str = "en",
        publication: str = "<p/>") -> bytes:
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}"><teiHeader><fileDesc>'
            f"<titleStmt>{header}</titleStmt><publicationStmt>{publication}</publicationStmt>"
            f"<sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text>{body}</text></TEI>").encode()


BOOK = tei(
    "<front><div type='preface'><p>Before it all.</p></div></front>"
    "<body><p>An opening paragraph outside any chapter.</p>"
    "<div type='chapter'><head>One</head><p>First<note n='1'>A footnote.</note> words, "
    "<ref target='#c2'>see two</ref>, <ref target='other.html'>a file beside</ref>.<pb n='2'/>More.</p>"
    "<figure><graphic url='plate.png'/><head>A plate not in the book</head></figure>"
    f"<figure><binaryObject mimeType='image/png'>{PNG}</binaryObject><head>A tiny image</head></figure>"
    "<div><head>One, part</head><p>Inner<note n='2' place='end'>An endnote.</note>.</p></div></div>"
    "<div type='chapter' xml:id='c2'><head>Two</head><p>Second <foreign xml:lang='ar'>كتاب</foreign>"
    "<note n='1'><gap/></note>.<pb n='[3]'/></p></div></body>"
    "<back><div type='appendix'><p>After it all.</p></div></back>",
    publication="<publisher>Pub</publisher><date when='2019-05-04'>4 May 2019</date>"
                "<availability><licence target='https://creativecommons.org/licenses/by/4.0/'>CC BY 4.0"
                "</licence></availability>")


class Epub:
    """An EPUB opened for checking: its files, package document and content documents."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        rootfile = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile")
        assert rootfile is not None and rootfile.get("media-type") == "application/oebps-package+xml"
        self.opf_path = rootfile.get("full-path", "")
        self.base = self.opf_path.rpartition("/")[0] + "/"
        self.opf = etree.fromstring(self.zip.read(self.opf_path))
        self.items = {i.get("id"): i for i in self.opf.iter(f"{OPF}item")}
        self.docs = {i.get("href", ""): etree.fromstring(self.zip.read(self.base + i.get("href", "")))
                     for i in self.items.values() if i.get("media-type") == "application/xhtml+xml"}

    def spine(self) -> list[str]:
        return [self.items[r.get("idref")].get("href", "") for r in self.opf.iter(f"{OPF}itemref")]

    def meta(self, name: str) -> list[str]:
        return [el.text or "" for el in self.opf.iter(f"{DC}{name}")]

    def text(self, href: str) -> str:
        return " ".join(" ".join(self.docs[href].find(f"{XHTML}body").itertext()).split())

    def typed(self, kind: str) -> list[tuple[str, etree._Element]]:
        return [(href, el) for href, doc in self.docs.items() for el in doc.iter()
                if kind in (el.get(EPUB_TYPE) or "").split()]

    def target(self, href: str, link: str) -> etree._Element:
        """The element a link in ``href`` leads to (it must exist)."""
        name, _, fragment = link.partition("#")
        doc = self.docs[name or href]
        found = doc.xpath("//*[@id=$id]", id=fragment) if fragment else [doc]
        assert found, (href, link)
        return found[0]


def check_structure(data: bytes) -> Epub:
    """What EPUB 3 (OCF, package, navigation) requires, checked without epubcheck."""
    book = Epub(data)
    infos = book.zip.infolist()
    first = infos[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED and first.extra == b""
    assert book.zip.read("mimetype") == b"application/epub+zip"
    assert data[30:38] == b"mimetype" and data[38:58] == b"application/epub+zip"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert book.opf.get("version") == "3.0"
    unique = book.opf.get("unique-identifier")
    identifiers = [el for el in book.opf.iter(f"{DC}identifier") if el.get("id") == unique]
    assert len(identifiers) == 1 and re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifiers[0].text or "")
    assert book.meta("title")[0] and book.meta("language")[0]
    modified = [m.text for m in book.opf.iter(f"{OPF}meta") if m.get("property") == "dcterms:modified"]
    assert len(modified) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified[0] or "")
    # The manifest lists every file of the book and nothing else; the spine reads the manifest.
    files = {i.filename for i in infos} - {"mimetype", "META-INF/container.xml", book.opf_path}
    assert {book.base + i.get("href", "") for i in book.items.values()} == files
    assert all(r.get("idref") in book.items for r in book.opf.iter(f"{OPF}itemref"))
    assert len(book.spine()) == len(set(book.spine())) >= 1
    navs = [i for i in book.items.values() if "nav" in (i.get("properties") or "").split()]
    assert len(navs) == 1
    nav = book.docs[navs[0].get("href", "")]
    toc = [el for el in nav.iter(f"{XHTML}nav") if el.get(EPUB_TYPE) == "toc"]
    assert len(toc) == 1 and toc[0].find(f"{XHTML}ol/{XHTML}li") is not None
    assert all(len(ol) for ol in nav.iter(f"{XHTML}ol"))  # a list of the navigation has entries
    for href, doc in book.docs.items():
        assert doc.tag == f"{XHTML}html" and doc.find(f"{XHTML}head/{XHTML}title").text, href
        ids = [el.get("id") for el in doc.iter() if el.get("id")]
        assert len(ids) == len(set(ids)), href
        for a in doc.iter(f"{XHTML}a"):
            link = a.get("href", "")
            assert not link.startswith(("javascript:", "file:", "/")), link
            if not re.match(r"^(https?|mailto|ftp):", link):
                book.target(href, link)
        for img in doc.iter(f"{XHTML}img"):
            assert unquote(book.base + img.get("src", "")) in files
    return book


def test_an_epub_has_its_parts_where_epub_3_wants_them():
    book = check_structure(export_bytes(BOOK, "epub"))
    assert book.spine()[:2] == ["title.xhtml", "nav.xhtml"] and book.spine()[-1] == "about.xhtml"
    texts = [h for h in book.spine() if h.startswith("text-")]
    # front matter, the paragraph before the first chapter, each chapter, back matter
    assert [book.text(h)[:30] for h in texts] == [
        "Preface Before it all.", "An opening paragraph outside a", "One First 1 words, see two , a",
        "Two Second كتاب 1 . [3] Notes ", "Appendix After it all."]
    assert [book.docs[h].find(f"{XHTML}body").get(EPUB_TYPE) for h in texts] == [
        "frontmatter", "bodymatter", "bodymatter", "bodymatter", "backmatter"]
    assert [h for h, _ in book.typed("chapter")] == texts[2:4]
    nav = book.docs["nav.xhtml"]
    entries = [(a.text, a.get("href")) for a in nav.find(f".//{XHTML}nav[@id='toc']").iter(f"{XHTML}a")]
    assert entries == [("Preface", f"{texts[0]}#sec-1"), ("One", f"{texts[2]}#sec-2"),
                       ("One, part", f"{texts[2]}#sec-3"), ("Two", f"{texts[3]}#c2"),
                       ("Appendix", f"{texts[4]}#sec-5")]
    pages = [(a.text, a.get("href")) for el in nav.iter(f"{XHTML}nav") if el.get(EPUB_TYPE) == "page-list"
             for a in el.iter(f"{XHTML}a")]
    assert pages == [("2", f"{texts[2]}#page-2"), ("3", f"{texts[3]}#page-3")]
    # A link to another chapter names its file; one to a file the book lacks is text.
    chapter = book.docs[texts[2]]
    links = {a.text: a.get("href") for a in chapter.iter(f"{XHTML}a")}
    assert links["see two"] == f"{texts[3]}#c2" and "a file beside" not in links


def test_notes_are_epub_footnotes_and_endnotes_that_link_back():
    book = check_structure(export_bytes(BOOK, "epub"))
    refs = book.typed("noteref")
    assert len(refs) == 3
    kinds = []
    for href, ref in refs:
        note = book.target(href, ref.get("href", ""))
        kinds.append(note.get(EPUB_TYPE))
        back = note.find(f".//{XHTML}a[@role='doc-backlink']")
        if back is not None:
            assert book.target(href, back.get("href", "")) is ref
    assert kinds == ["footnote", "endnote", None]  # the third has no text: it leads to the summary
    assert [el.tag for _, el in book.typed("footnote")] == [f"{XHTML}aside"]
    assert [el.tag for _, el in book.typed("endnotes")] == [f"{XHTML}ol"]


def test_metadata_come_from_the_header_and_the_bytes_are_always_the_same():
    data = export_bytes(BOOK, "epub")
    assert data == export_bytes(BOOK, "epub")
    book = Epub(data)
    assert book.meta("title") == ["A Book"] and book.meta("creator") == ["Ann Author"]
    assert book.meta("language") == ["en"] and book.meta("publisher") == ["Pub"]
    assert book.meta("rights") == ["CC BY 4.0"]
    assert [m.text for m in book.opf.iter(f"{OPF}meta")] == ["2019-05-04T00:00:00Z"]
    other = Epub(export_bytes(BOOK.replace(b"Second", b"2nd"), "epub"))
    assert other.meta("identifier") != book.meta("identifier")
    plain = Epub(export_bytes(tei("<body><p>x</p></body>", lang="ar"), "epub"))
    assert [m.text for m in plain.opf.iter(f"{OPF}meta")] == ["2000-01-01T00:00:00Z"]
    assert plain.meta("language") == ["ar"] and plain.opf.find(f"{OPF}spine").get(
        "page-progression-direction") == "rtl"


def test_the_books_own_words_are_in_its_language():
    book = check_structure(export_bytes(BOOK.replace(b'xml:lang="en"', b'xml:lang="de"', 1), "epub"))
    nav = book.docs["nav.xhtml"]
    assert nav.find(f"{XHTML}head/{XHTML}title").text == "Inhalt"
    every = " ".join(book.text(href) for href in book.docs)
    assert "Über diese Ausgabe" in book.text("about.xhtml") and "Anmerkungen" in every
    assert "Contents" not in every and "Notes" not in every and "About this edition" not in every


def test_images_in_the_tei_are_files_of_the_book_and_others_their_description():
    book = check_structure(export_bytes(BOOK, "epub"))
    images = [i for i in book.items.values() if i.get("media-type") == "image/png"]
    assert len(images) == 1 and book.zip.read(book.base + images[0].get("href", "")).startswith(b"\x89PNG")
    absent = [el for doc in book.docs.values() for el in doc.iter() if "image-absent" in
              (el.get("class") or "")]
    assert [el.text for el in absent] == ["[image]"]  # its description is the caption beside it


LOCAL = tei(
    "<body><div><head>Plates</head>"
    "<figure><graphic url='plates/fig%201.png'/><head>Beside, in a folder</head></figure>"
    "<figure><graphic url='plates/fig 1.png'/><head>The same file again</head></figure>"
    "<figure><graphic url='photo.jpg'/><head>A JPEG named as such</head></figure>"
    "<figure><graphic url='missing.png'/><head>Not there</head></figure>"
    "<figure><graphic url='../outside.png'/><head>Above the folder</head></figure>"
    "<figure><graphic url='link.png'/><head>A link leading out</head></figure>"
    "<figure><graphic url='script.png'/><head>Not an image</head></figure>"
    "<figure><graphic url='drawing.svg'/><head>SVG, which may hold scripts</head></figure>"
    "<figure><graphic url='ABSOLUTE'/><head>An absolute path</head></figure>"
    "<figure><graphic url='file:///etc/passwd'/><head>A file address</head></figure>"
    "</div></body>")


def local_book(tmp_path: Path) -> Path:
    """A TEI file in a folder of its own with the image files LOCAL names, and one beside it."""
    folder = tmp_path / "in"
    (folder / "plates").mkdir(parents=True)
    (folder / "plates" / "fig 1.png").write_bytes(base64.b64decode(PNG))
    (folder / "photo.jpg").write_bytes(base64.b64decode(JPEG))
    (folder / "script.png").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'><script>x()</script></svg>")
    (folder / "drawing.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "outside.png").write_bytes(base64.b64decode(PNG)[:-1] + b"\x83")
    (folder / "link.png").symlink_to(tmp_path / "outside.png")
    src = folder / "book.xml"
    src.write_bytes(LOCAL.replace(b"ABSOLUTE", str(tmp_path / "outside.png").encode()))
    return src


def test_image_files_beside_the_tei_are_put_in_the_book_and_nothing_else(runner, tmp_path):
    src = local_book(tmp_path)
    result = runner.invoke(main, ["export", str(src), "-f", "epub", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    book = check_structure((tmp_path / "out" / "book.epub").read_bytes())
    held = {i.get("media-type"): book.zip.read(book.base + i.get("href", "")) for i in book.items.values()
            if (i.get("media-type") or "").startswith("image/")}
    assert held == {"image/png": base64.b64decode(PNG), "image/jpeg": (src.parent / "photo.jpg").read_bytes()}
    doc = book.docs["text-001.xhtml"]
    shown = [img.get("src") for img in doc.iter(f"{XHTML}img")]
    assert len(shown) == 3 and len(set(shown)) == 2  # the same file is held once
    absent = [el.text for el in doc.iter() if "image-absent" in (el.get("class") or "")]
    # The rest stay a mention (their caption says what they show); a file: address, never shown,
    # is not even that.
    assert absent == ["[image]"] * 6
    # Without the folder (stdin) no file is read.
    piped = runner.invoke(main, ["export", "-", "-f", "epub", "-o", str(tmp_path / "piped")],
                          input=src.read_bytes())
    assert piped.exit_code == 0, piped.stderr
    assert not [n for n in zipfile.ZipFile(tmp_path / "piped" / "stdin.epub").namelist() if "images/" in n]


def test_an_html_page_holds_the_image_files_beside_the_tei_and_stands_alone(runner, tmp_path):
    """Written to another folder, the page still shows the images the TEI names beside it (as
    ``data:`` addresses); files outside the input's folder are never read."""
    src = local_book(tmp_path)
    result = runner.invoke(main, ["export", str(src), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.stderr
    page = html.fromstring((tmp_path / "site" / "book.html").read_bytes())
    embedded = [img.get("src") for img in page.iter("img") if (img.get("src") or "").startswith("data:")]
    assert {src.split(";")[0] for src in embedded} == {"data:image/png", "data:image/jpeg"}
    assert base64.b64decode(next(e for e in embedded if e.startswith("data:image/jpeg")).split(",")[1]) == \
        (src.parent / "photo.jpg").read_bytes()
    outside = (tmp_path / "outside.png").read_bytes()  # named by a link and by an absolute path
    assert all(base64.b64decode(e.split(",")[1]) != outside for e in embedded)


def test_the_navigation_speaks_the_books_language():
    book = check_structure(export_bytes(tei("<body><div type='chapter'><head>Un</head><p>Texte<pb n='2'/>"
                                            "suite.</p></div></body>", lang="fr"), "epub"))
    nav = book.docs["nav.xhtml"]
    headings = [h.text for h in nav.iter(f"{XHTML}h1", f"{XHTML}h2")]
    assert headings == ["Table des matières", "Repères", "Pages"], headings
    assert [a.text for a in nav.iter(f"{XHTML}a") if a.get(EPUB_TYPE) == "bodymatter"] == ["Début du texte"]


def test_a_book_without_chapters_is_one_document_of_body_matter():
    book = check_structure(export_bytes(tei("<front><p>Title page</p></front><body><p>Text<pb n='1'/></p>"
                                            "</body>"), "epub"))
    assert book.spine() == ["title.xhtml", "text-001.xhtml", "about.xhtml"]
    assert book.docs["text-001.xhtml"].find(f"{XHTML}body").get(EPUB_TYPE) == "bodymatter"
    marks = [(a.get(EPUB_TYPE), a.get("href")) for _, nav in book.typed("landmarks") for a in nav.iter(
        f"{XHTML}a")]
    assert marks == [("bodymatter", "text-001.xhtml")]  # the navigation document is not in the spine


@pytest.mark.slow
@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in corpus_files()] or [
    pytest.param(None, marks=pytest.mark.skip(reason="../shared/corpus is not beside the repository"))])
def test_the_converted_corpus_makes_sound_epubs(path):
    from conftest import converted

    check_structure(export_bytes(converted(path).data, "epub", path.name))


@pytest.mark.slow
@pytest.mark.skipif(exportcheck.epubcheck_command() is None,
                    reason="epubcheck (apt-get install epubcheck) or java missing")
def test_epubcheck_finds_no_error(tmp_path):
    from conftest import converted

    local = local_book(tmp_path)
    books = [("book", export_tree(parse_bytes(BOOK), "epub", css="p { text-indent: 0 }")),
             ("local", export_tree(parse_bytes(local.read_bytes()), "epub", base=local.parent)),
             *((p.stem, export_bytes(converted(p).data, "epub", p.name)) for p in corpus_files())]
    paths = []
    for name, data in books:
        paths.append(tmp_path / f"{name}.epub")
        paths[-1].write_bytes(data)
    found = exportcheck.epubcheck_many(paths, jobs=2)
    assert found is not None
    assert {k: v for k, v in found.items() if v} == {}


# --- the command line ---------------------------------------------------------------------------


def test_export_writes_epub_files_atomically(runner, tmp_path):
    src = tmp_path / "book.xml"
    src.write_bytes(BOOK)
    out = tmp_path / "out"
    css = tmp_path / "mine.css"
    css.write_text("p { text-indent: 0 }\n", encoding="utf-8")
    result = runner.invoke(main, ["export", str(src), "-f", "epub", "-o", str(out), "--css", str(css)])
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in out.iterdir()] == ["book.epub"]
    book = check_structure((out / "book.epub").read_bytes())
    assert book.zip.read(book.base + "css/user.css") == b"p { text-indent: 0 }\n"
    links = [el.get("href") for el in book.docs["title.xhtml"].iter(f"{XHTML}link")]
    assert links == ["css/teitools.css", "css/user.css"]  # after the built-in CSS: it wins
    again = runner.invoke(main, ["export", str(src), "-f", "epub", "-o", str(out)])
    assert again.exit_code == 2 and "IO007" in again.stderr


def test_user_css_follows_the_built_in_css_in_html(runner, tmp_path):
    src = tmp_path / "book.xml"
    src.write_bytes(BOOK)
    css = tmp_path / "mine.css"
    css.write_text("body { color: navy } /* </style><script>x</script> */\n", encoding="utf-8")
    result = runner.invoke(main, ["export", str(src), "--css", str(css)])
    assert result.exit_code == 0, result.stderr
    styles = re.findall(r"<style>(.*?)</style>", result.stdout, re.DOTALL)
    assert len(styles) == 2 and styles[1].startswith("body { color: navy }") and "<script>" not in \
        result.stdout.split("</style>")[-1]
    css.write_bytes(b"p { content: '\xff' }")
    bad = runner.invoke(main, ["export", str(src), "--css", str(css)])
    assert bad.exit_code == 2 and bad.stderr.startswith(f"{css}: EX007 ")


# --- custom stylesheets --------------------------------------------------------------------------

XSL = ('<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
       'xmlns:tei="http://www.tei-c.org/ns/1.0" xmlns:x="urn:x-teitools:export" '
       'xmlns:exsl="http://exslt.org/common" xmlns:saxon="http://icl.com/saxon" '
       'extension-element-prefixes="exsl saxon">\n{output}'
       '<xsl:param name="who" select="\'nobody\'"/>\n'
       '<xsl:template match="/">\n{body}\n</xsl:template>\n</xsl:stylesheet>\n')


def stylesheet(folder: Path, body: str, output: str = '<xsl:output method="text"/>\n',
               name: str = "mine.xsl") -> Path:
    path = folder / name
    path.write_text(XSL.format(body=body, output=output), encoding="utf-8")
    return path


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "book.xml").write_bytes(BOOK)
    return folder / "book.xml"


def run_custom(runner, book: Path, xsl: Path, *extra: str):
    result = runner.invoke(main, ["export", str(book), "--xslt", str(xsl), *extra])
    assert "Traceback" not in result.output + result.stderr
    return result


def one_line(result, code: str, path: Path, status: int) -> str:
    """The one line of stderr: ``path[:line[:col]]: CODE …``."""
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == status and len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{path}") and f": {code} " in lines[0], lines[0]
    return lines[0]


def test_a_custom_stylesheet_reads_the_prepared_tei_with_parameters(runner, book, tmp_path):
    (book.parent / "extra.xml").write_text("<extra>from the input's folder</extra>", encoding="utf-8")
    xsl = stylesheet(tmp_path, "<xsl:value-of select=\"$who\"/>|<xsl:value-of select=\"count(//tei:note"
                     "[@x:label])\"/>|<xsl:value-of select=\"document('extra.xml', /)\"/>")
    result = run_custom(runner, book, xsl, "--param", "who=me")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "me|3|from the input's folder"
    html_xsl = stylesheet(tmp_path, "<html><body><section><h2>Only</h2><p><xsl:value-of select='$who'/></p>"
                          "</section></body></html>", output='<xsl:output method="xml"/>', name="h.xsl")
    out = tmp_path / "out"
    result = run_custom(runner, book, html_xsl, "-f", "epub", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    epub = check_structure((out / "book.epub").read_bytes())
    assert [epub.text(h) for h in epub.spine()] == ["Only nobody"]


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A web server on the loopback that records the requests it gets."""
    with recording_loopback(b"<secret>from the network</secret>") as found:
        yield found


def test_a_custom_stylesheet_reads_nothing_outside_the_inputs_folder(runner, book, tmp_path, server):
    url, hits = server
    outside = tmp_path / "outside.xml"
    outside.write_text("<secret>outside</secret>", encoding="utf-8")
    (book.parent / "link.xml").symlink_to(outside)
    (book.parent / "entity.xml").write_text(f'<!DOCTYPE e [<!ENTITY s SYSTEM "{outside}">]><e>&s;</e>',
                                            encoding="utf-8")
    for target in ("/etc/passwd", "file:///etc/passwd", str(outside), "../outside.xml", "link.xml",
                   "entity.xml", f"{url}/x.xml"):
        xsl = stylesheet(tmp_path, f"<xsl:copy-of select=\"document('{target}', /)\"/>")
        result = run_custom(runner, book, xsl)
        one_line(result, "EX006", xsl, 1)
        assert result.stdout == "" and "secret" not in result.stderr, target
    assert hits == []


@pytest.mark.parametrize("write", [
    "<exsl:document href='{path}' method='text'>x</exsl:document>",
    "<xsl:document href='{path}' method='text'>x</xsl:document>",
    "<saxon:output href='{path}' method='text'>x</saxon:output>",
])
def test_a_custom_stylesheet_writes_no_file(runner, book, tmp_path, write):
    written = tmp_path / "written.txt"
    xsl = stylesheet(tmp_path, write.format(path=written))
    one_line(run_custom(runner, book, xsl), "EX006", xsl, 1)
    assert not written.exists() and not list(tmp_path.glob("**/written*"))


def test_xslt_2_result_documents_are_refused_before_anything_runs(runner, book, tmp_path):
    written = tmp_path / "written.txt"
    xsl = tmp_path / "two.xsl"
    xsl.write_text('<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n'
                   f'<xsl:template match="/"><xsl:result-document href="{written}">x</xsl:result-document>'
                   "</xsl:template></xsl:stylesheet>", encoding="utf-8")
    line = one_line(run_custom(runner, book, xsl), "EX004", xsl, 2)
    assert line.startswith(f"{xsl}:1: ") and "XSLT 1.0" in line and not written.exists()


def test_imports_are_read_below_the_stylesheets_folder_only(runner, book, tmp_path):
    folder = tmp_path / "xsl"
    folder.mkdir()
    (folder / "common.xsl").write_text(XSL.format(output="", body="common"), encoding="utf-8")
    inside = folder / "main.xsl"
    inside.write_text('<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n'
                      '<xsl:import href="common.xsl"/><xsl:output method="text"/></xsl:stylesheet>',
                      encoding="utf-8")
    result = run_custom(runner, book, inside)
    assert result.exit_code == 0 and result.stdout.strip() == "common", result.stderr
    outside = book.parent / "main.xsl"
    outside.write_text(inside.read_text(encoding="utf-8").replace("common.xsl", str(folder / "common.xsl")),
                       encoding="utf-8")
    line = one_line(run_custom(runner, book, outside), "EX004", outside, 2)
    assert line.startswith(f"{outside}:2: ") and "refused" in line


@pytest.mark.parametrize(("text", "code", "status", "where"), [
    ("<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>\n<xsl:template>\n"
     "<p></xsl:template></xsl:stylesheet>", "EX003", 2, ":3:19: "),
    ('<!DOCTYPE x [<!ENTITY s SYSTEM "/etc/passwd">]>\n<x>&s;</x>', "EX003", 2, ":2:"),
    ("<html><body/></html>", "EX004", 2, ":1: "),
    ("<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>\n"
     "<xsl:template match='/'>\n  <xsl:value-of select='(('/></xsl:template></xsl:stylesheet>", "EX004", 2,
     ":3: "),
    ("<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>\n"
     "<xsl:template match='/'>\n  <xsl:frobnicate/></xsl:template></xsl:stylesheet>", "EX004", 2, ":3: "),
    ("<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'>\n"
     "<xsl:template match='/'>\n\n  <xsl:value-of select='$undeclared'/></xsl:template></xsl:stylesheet>",
     "EX005", 1, ":4: "),
])
def test_a_broken_stylesheet_is_one_line_with_its_place(runner, book, tmp_path, text, code, status, where):
    xsl = tmp_path / "broken.xsl"
    xsl.write_text(text, encoding="utf-8")
    line = one_line(run_custom(runner, book, xsl, "-f", "html"), code, xsl, status)
    assert line.startswith(f"{xsl}{where}")


def test_an_epub_is_not_written_to_a_terminal(tmp_path):
    src = tmp_path / "book.xml"
    src.write_bytes(BOOK)
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "teitools", "export", str(src), "-f", "epub"],
                              stdout=follower, stderr=subprocess.PIPE, text=True, check=False, timeout=60,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2 and proc.stderr.startswith("teitools: USE007 "), proc.stderr
