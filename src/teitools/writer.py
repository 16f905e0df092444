"""The TEI writer: the only module that knows TEI element names.

It turns a ``Document`` into a TEI P5 tree and serialises it deterministically
(same document, same bytes).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

from lxml import etree

from teitools import model as m
from teitools.header import build_header, measure_attrs
from teitools.source import Source

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA_PI = 'href="teitools.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"'


_FORMULA = ("dateline", "salute", "signed")  # what an opener or closer of a letter holds

# The TEI element of each kind of phrase of the model.
_PHRASES: dict[m.PhraseKind, str] = {
    "title": "title", "author": "author", "editor": "editor", "publisher": "publisher",
    "pub_place": "pubPlace", "extent": "extent", "name": "name", "quote": "q", "emphasis": "hi",
    "reference": "ref", "number": "num", "label": "label", "edition": "edition", "segment": "seg",
    "bibl": "bibl", "doc_author": "docAuthor",
}
_TITLE_PAGE = {"byline": "byline", "imprint": "docImprint"}  # a title page's parts beside its title
_FORME_WORK = {"running-head": "header", "running-foot": "footer", "page-number": "pageNum",
               "line-number": "lineNum"}  # its @type


def tei(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def sub(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None,
        text: str | None = None) -> etree._Element:
    """Append a TEI element (attributes sorted for stable output)."""
    el = etree.SubElement(parent, tei(tag))
    for key in sorted(attrs or {}):
        value = (attrs or {})[key]
        el.set(f"{{{XML_NS}}}{key[4:]}" if key.startswith("xml:") else key, value)
    if text:
        el.text = text
    return el


class _Writer:
    """Writes one document; numbers xml:ids in document order so they are stable."""

    def __init__(self) -> None:
        self.note_count = 0

    # ------------------------------------------------------------ inline

    def inline(self, parent: etree._Element, nodes: Sequence[m.Inline]) -> None:
        for node in nodes:
            if isinstance(node, m.Text):
                self._append_text(parent, node.text)
            elif isinstance(node, m.LineBreak):
                if not node.joined:
                    self._append_text(parent, "\n")
                sub(parent, "lb", {"break": "no"} if node.joined else None)
            elif isinstance(node, m.PageBreak):
                sub(parent, "pb", {"n": f"[{node.n}]" if node.supplied else node.n} if node.n else None)
            elif isinstance(node, m.Note):
                self.note(parent, node.n, node.body, node.place, node.kind)
            elif isinstance(node, m.Correction):
                choice = sub(parent, "choice")
                sub(choice, "sic", text=node.sic)
                sub(choice, "corr", text=node.corr)
            elif isinstance(node, m.Phrase):
                attrs = {k: v for k, v in (("type", node.subtype), ("role", node.role)) if v}
                self.inline(sub(parent, _PHRASES[node.kind], attrs), node.content)
            elif isinstance(node, m.Date):
                self.inline(sub(parent, "date", {"when": node.when} if node.when else None), node.content)
            elif isinstance(node, m.Identifier):
                self.inline(sub(parent, "idno", {"type": node.scheme}), node.content)
            elif isinstance(node, m.Measure):
                self.inline(sub(parent, "measure", measure_attrs(node)), node.content)
            elif isinstance(node, m.FormeWork):
                self.inline(sub(parent, "fw", {"type": _FORME_WORK[node.kind]}), node.content)
            elif isinstance(node, m.Figure):
                self.figure(parent, node)
            else:  # a new inline node type must be written here, never dropped
                assert_never(node)

    @staticmethod
    def _append_text(parent: etree._Element, text: str) -> None:
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def note(self, parent: etree._Element, n: str | None, body: list[m.Inline] | None, place: str,
             kind: str | None = None) -> None:
        self.note_count += 1
        attrs = {"place": place, "xml:id": f"note{self.note_count}"}
        if n:
            attrs["n"] = n
        if kind:
            attrs["type"] = kind
        el = sub(parent, "note", attrs)
        if body is None:
            sub(el, "gap", {"reason": "absent-in-source"})
            return
        # A numbered page break printed inside a note's text (a print-edition marker) is
        # written right after the note: the reading text, which skips notes, keeps the page.
        self.inline(el, [node for node in body if not (isinstance(node, m.PageBreak) and node.n)])
        self.inline(parent, [node for node in body if isinstance(node, m.PageBreak) and node.n])

    def figure(self, parent: etree._Element, fig: m.Figure) -> None:
        attrs = {}
        if fig.n:
            attrs["n"] = fig.n
        if fig.kind:
            attrs["type"] = fig.kind
        el = sub(parent, "figure", attrs)
        if fig.head:
            self.inline(sub(el, "head"), fig.head)

    # ------------------------------------------------------------ blocks

    def blocks(self, parent: etree._Element, blocks: Sequence[m.Block]) -> None:
        """Write blocks; ordinary blocks that follow a division are wrapped in a
        ``<div>`` of their own, as TEI allows no paragraph after a sibling div (a title page,
        which the front allows there, stands as it is)."""
        seen_div = False
        pending: list[m.Block] = []
        for block in blocks:
            if isinstance(block, m.Division | m.TitlePage):  # a title page stands among the front's divisions
                if pending:
                    self.blocks(sub(parent, "div"), pending)
                    pending = []
                seen_div = True
                self.block(parent, block)
            elif seen_div:
                pending.append(block)
            else:
                self.block(parent, block)
        if pending:
            self.blocks(sub(parent, "div"), pending)

    def block(self, parent: etree._Element, block: m.Block) -> None:
        if isinstance(block, m.Paragraph):
            if block.kind == "argument":  # a chapter's synopsis under its head
                el = sub(sub(parent, "argument"), "p")
            else:
                el = sub(parent, "ab", {"type": block.kind}) if block.kind else sub(parent, "p")
            self.inline(el, block.content)
        elif isinstance(block, m.Division):
            attrs = {k: v for k, v in (("type", block.type), ("n", block.n)) if v}
            div = sub(parent, "div", attrs)
            if block.breaks:
                self.inline(div, list(block.breaks))
            if block.head is not None:
                self.inline(sub(div, "head"), block.head)
            if block.opener and block.blocks:
                self.formula(sub(div, "opener"), block.opener)
            self.blocks(div, block.blocks)
            if block.closer and block.blocks:
                self.formula(sub(div, "closer"), block.closer)
        elif isinstance(block, m.Figure):
            self.figure(parent, block)
        elif isinstance(block, m.LineGroup):
            lg = sub(parent, "lg")
            for line in block.lines:
                self.inline(sub(lg, "l"), line)
        elif isinstance(block, m.BlockQuote):
            if block.source is not None:
                cit = sub(parent, "cit")
                self.blocks(sub(cit, "quote"), block.blocks)
                self.inline(sub(cit, "bibl"), block.source.content)
            else:
                self.blocks(sub(parent, "quote"), block.blocks)
        elif isinstance(block, m.ListBlock):
            lst = sub(parent, "list", {"type": block.kind} if block.kind else None)
            for item in block.items:
                self.inline(sub(lst, "item"), item)
        elif isinstance(block, m.Table):
            self.table(parent, block)
        elif isinstance(block, m.Bibliography):
            self.bibliography(parent, block)
        elif isinstance(block, m.Bibl):
            self.inline(sub(parent, "bibl"), block.content)
        elif isinstance(block, m.NoteBlock):
            self.note(parent, block.n, block.body, block.place, block.kind)
        elif isinstance(block, m.Speech):
            sp = sub(parent, "sp")
            self.inline(sub(sp, "speaker"), block.speaker)
            self.blocks(sp, block.blocks)
        elif isinstance(block, m.Stage):
            self.inline(sub(parent, "stage"), block.content)
        elif isinstance(block, m.TitlePage):
            page = sub(parent, "titlePage")
            self.inline(page, block.breaks)
            title = None  # the docTitle of consecutive title parts
            for part in block.parts:
                if part.kind in ("main", "sub"):
                    title = sub(page, "docTitle") if title is None else title
                    self.inline(sub(title, "titlePart", {"type": part.kind}), part.content)
                else:
                    title = None
                    self.inline(sub(page, _TITLE_PAGE[part.kind or ""]), part.content)
        else:  # a new block type must be written here, never dropped
            assert_never(block)

    def formula(self, parent: etree._Element, parts: Sequence[m.Paragraph]) -> None:
        """The lines of a letter's opener or closer: ``<dateline>``, ``<salute>``, ``<signed>``."""
        for part in parts:
            self.inline(sub(parent, part.kind if part.kind in _FORMULA else "salute"), part.content)

    def table(self, parent: etree._Element, table: m.Table) -> None:
        el = sub(parent, "table")
        self.inline(el, table.breaks)
        if table.head:
            self.inline(sub(el, "head"), table.head)
        for row in table.rows:
            r = sub(el, "row", {"role": "label"} if row.is_label else None)
            for cell in row.cells:
                self.inline(sub(r, "cell"), cell.content)
        for note in table.notes:
            self.note(parent, note.n, note.body, note.place, note.kind)

    def bibliography(self, parent: etree._Element, bib: m.Bibliography) -> None:
        el = sub(parent, "listBibl")
        if bib.head:
            self.inline(sub(el, "head"), bib.head)
        for entry in bib.entries:
            if isinstance(entry, m.Bibliography):
                self.bibliography(el, entry)
            else:
                self.inline(sub(el, "bibl"), entry.content)


# Elements that may stand anywhere (TEI's model.global and figure) but make no block of text.
_LOOSE = frozenset(tei(name) for name in ("figure", "pb", "fw", "note", "lb", "milestone"))


def _give_a_block(part: etree._Element) -> None:
    """TEI wants a block (``p``, ``div`` …) in ``front``, ``body`` and ``back``: a part that
    holds only loose elements (a lone figure, page breaks) gets them inside a ``<p>``, an
    empty body an empty ``<p/>``."""
    if all(child.tag in _LOOSE for child in part):
        paragraph = etree.Element(tei("p"))
        paragraph.extend(list(part))
        part.append(paragraph)


def build_tree(doc: m.Document, source: Source, options: dict[str, str]) -> etree._ElementTree:
    """The whole TEI document as an lxml tree, with the xml-model processing instruction."""
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    if doc.metadata.language:
        root.set(f"{{{XML_NS}}}lang", doc.metadata.language)
    root.append(build_header(doc, source, options))
    text = sub(root, "text")
    writer = _Writer()
    for part, blocks in (("front", doc.front), ("body", doc.body), ("back", doc.back)):
        if blocks or part == "body":
            element = sub(text, part)
            writer.blocks(element, blocks)
            _give_a_block(element)
    tree = etree.ElementTree(root)
    root.addprevious(etree.ProcessingInstruction("xml-model", SCHEMA_PI))
    return tree


def serialise(tree: etree._ElementTree) -> bytes:
    """Pretty-printed UTF-8 with an XML declaration and a final newline."""
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True, pretty_print=True)
