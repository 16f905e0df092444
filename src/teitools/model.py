"""The document model every reader builds and the TEI writer reads.

Readers (one per layout) know the input's conventions; the writer is the only
module that knows TEI element names.  Every block remembers the input line it
came from, so that reports, warnings and tests can point back to the source.
Text is never deleted by a reader: what leaves the running text (a page number,
a note marker) is recorded in ``Document.removed``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any, Literal, get_args

from teitools.diagnostics import Diagnostic

# ---------------------------------------------------------------- inline nodes


@dataclass
class Text:
    text: str


@dataclass
class LineBreak:
    """The start of a new source line; ``joined`` when a word continues over it."""

    joined: bool = False
    line: int = 0


@dataclass
class PageBreak:
    """The start of page ``n``; ``supplied`` when the number is not printed; ``n`` empty
    for a page break inside a note that runs on to the next page (numbered in the text)."""

    n: str
    supplied: bool = False
    line: int = 0


@dataclass
class Note:
    """A note at the point of its marker.  ``body`` is None when the text is absent."""

    n: str
    body: list[Inline] | None
    place: str = "end"
    line: int = 0
    body_line: int = 0
    kind: str | None = None  # who wrote it when not the author, e.g. "transcriber"; or "apparatus"


@dataclass
class Correction:
    """An OCR misreading as printed (``sic``) with its certain correction (``corr``)."""

    sic: str
    corr: str
    line: int = 0


PhraseKind = Literal["title", "author", "editor", "publisher", "pub_place", "extent", "name", "quote",
                     "emphasis", "reference", "number", "label", "edition", "segment", "bibl", "doc_author"]


@dataclass
class Phrase:
    """A phrase with a meaning of its own: a title, a person's name, a label, a work cited (``bibl``).

    ``subtype`` refines the kind (a subtitle is a ``title`` of subtype ``sub``, shop furniture a
    ``segment`` of subtype ``furniture``); ``role`` is a named person's part (``author``,
    ``publisher``, ``translated-by``).
    """

    kind: PhraseKind
    content: list[Inline]
    subtype: str | None = None
    role: str | None = None


@dataclass
class Date:
    """A date as printed; ``when`` the same date in ISO 8601 (``1898``, ``1898-05-03``) when it is
    a real one."""

    content: list[Inline]
    when: str | None = None


@dataclass
class Identifier:
    """An identifier as printed, with the ``scheme`` it belongs to (``ISBN``)."""

    content: list[Inline]
    scheme: str


@dataclass
class Measure:
    """A quantity as printed (a price, a number of pages, a size): what is measured (``kind``:
    ``price``, ``dimensions``), its ``unit`` (``GBP``, ``pages``, ``mm``) and ``quantity`` (the
    number, ``40.00``), each when known."""

    content: list[Inline]
    kind: str | None = None
    unit: str | None = None
    quantity: str | None = None


@dataclass
class FormeWork:
    """What the printer put on every page and is no part of the text: a running head
    (``kind`` ``running-head``), a line repeated at the foot of every page (``running-foot``:
    a scanner's stamp, a signature line), a printed page number (``page-number``) or a line
    number in the margin (``line-number``)."""

    content: list[Inline]
    kind: Literal["running-head", "running-foot", "page-number", "line-number"]


# ---------------------------------------------------------------- block nodes


@dataclass
class Paragraph:
    content: list[Inline]
    line: int = 0
    kind: str | None = None  # e.g. "furniture" for shop buttons, "dialogue"; "argument": a chapter's synopsis


@dataclass
class Figure:
    """A figure (``n`` its printed number) with its printed caption (``head``)."""

    n: str | None
    head: list[Inline]
    line: int = 0
    kind: str | None = None  # e.g. "map", "placeholder"


@dataclass
class LineGroup:
    """Verse: one inline list per verse line; ``starts``, where a reader knows them, the
    1-based source line each verse line starts on."""

    lines: list[list[Inline]]
    line: int = 0
    starts: list[int] = field(default_factory=list)


@dataclass
class BlockQuote:
    """A block quotation, with the ``source`` it names when it names one."""

    blocks: list[Block]
    source: Bibl | None = None
    line: int = 0


@dataclass
class ListBlock:
    items: list[list[Inline]]
    line: int = 0
    kind: str | None = None


@dataclass
class Cell:
    content: list[Inline]


@dataclass
class Row:
    cells: list[Cell]
    is_label: bool = False


@dataclass
class Table:
    rows: list[Row]
    head: list[Inline] | None = None
    notes: list[NoteBlock] = field(default_factory=list)  # table footnotes and source lines, after it
    line: int = 0
    breaks: list[Inline] = field(default_factory=list)  # the page break and forme work of a page it opens


@dataclass
class Bibl:
    """One bibliographic entry: free text with optional Phrase markup inside."""

    content: list[Inline]
    line: int = 0


@dataclass
class Bibliography:
    """A list of bibliographic entries, optionally under a heading, optionally nested groups."""

    head: list[Inline] | None
    entries: list[Bibl | Bibliography]
    line: int = 0


@dataclass
class NoteBlock:
    """A note text that no marker points to, kept where it stands."""

    n: str | None
    body: list[Inline]
    line: int = 0
    place: str = "end"
    kind: str | None = None  # who wrote it when not the author, e.g. "transcriber"; or "apparatus"


@dataclass
class Division:
    """A chapter or section; ``head`` is None when the source prints no title. ``breaks``:
    the page breaks and forme work (the page number printed above the heading) of a page
    that opens with this division, written before its head.

    A letter may have an ``opener`` and a ``closer``: lines given as paragraphs whose ``kind``
    is ``dateline``, ``salute`` or ``signed``. They are written only around content (an opener
    and a closer frame a letter's blocks)."""

    type: str | None
    head: list[Inline] | None
    blocks: list[Block]
    line: int = 0
    n: str | None = None
    breaks: list[PageBreak | FormeWork] = field(default_factory=list)
    opener: list[Paragraph] = field(default_factory=list)
    closer: list[Paragraph] = field(default_factory=list)


@dataclass
class TitlePage:
    """A book's title page as printed (TEI's ``titlePage``): its ``parts`` in order, each a
    paragraph whose ``kind`` names its TEI element: ``main`` and ``sub`` (a ``titlePart`` of that
    type inside the ``docTitle``), ``byline`` (the author's name in a Phrase of kind
    ``doc_author``) and ``imprint`` (``docImprint``). ``breaks``: the page break and forme work
    of its page, written first."""

    parts: list[Paragraph]
    line: int = 0
    breaks: list[Inline] = field(default_factory=list)


@dataclass
class Speech:
    """A speech of a play: the speaker's name as printed, then what is
    spoken and done (paragraphs, verse, stage directions)."""

    speaker: list[Inline]
    blocks: list[Block]
    line: int = 0


@dataclass
class Stage:
    """A stage direction as printed: ``(Прыгает.)``."""

    content: list[Inline]
    line: int = 0


# A figure may stand inside a paragraph that continues across it.
Inline = (Text | LineBreak | PageBreak | Note | Correction | Phrase | Date | Identifier | Measure | FormeWork
          | Figure)
Block = (Paragraph | Figure | LineGroup | BlockQuote | ListBlock | Table | Bibliography | Bibl
         | NoteBlock | Division | Speech | Stage | TitlePage)

# ---------------------------------------------------------------- metadata


@dataclass
class Metadata:
    """Bibliographic facts for the teiHeader, detected or given in a sidecar."""

    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    publisher: str | None = None
    pub_place: str | None = None
    date: str | None = None  # ISO 8601 when known
    date_text: str | None = None  # as printed
    isbns: list[str] = field(default_factory=list)
    language: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    source_url: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    tei_publisher: str | None = None  # who publishes the TEI file (licence above is the TEI file's)
    responsibilities: list[Responsibility] = field(default_factory=list)
    rights: str | None = None  # rights statement of the original, e.g. territory rights
    extent: str | None = None  # as printed, e.g. "576pp"
    price: str | None = None  # as printed, e.g. "£40.00"
    formats: list[BookFormat] = field(default_factory=list)
    related: list[RelatedWork] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)  # (type, value): ("gutenberg", "2229")


@dataclass
class Responsibility:
    """Someone's part in the text other than author or editor."""

    resp: str  # e.g. "translated by"
    name: str


@dataclass
class BookFormat:
    """One format a book is sold in (hardback, ebook) with its own ISBN, extent and price."""

    name: str | None = None
    isbn: str | None = None
    extent: str | None = None
    price: str | None = None


@dataclass
class RelatedWork:
    """Another work the text is about, e.g. the book a review discusses (``relation="reviewed"``)."""

    relation: str
    metadata: Metadata


@dataclass
class Removed:
    """Text that left the running text because it became markup."""

    text: str
    reason: str  # "page-number", "note-marker", "note-label"
    line: int
    column: int = 0


@dataclass
class Document:
    """A whole converted text: metadata, front/body/back and what the conversion noticed."""

    layout: str
    metadata: Metadata = field(default_factory=Metadata)
    front: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    back: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def text_of(content: list[Inline]) -> str:
    """Plain reading text of inline content (notes left out, corrections applied)."""
    out: list[str] = []
    for node in content:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("" if node.joined else " ")
        elif isinstance(node, Correction):
            out.append(node.corr)
        elif isinstance(node, Phrase | Date | Identifier | Measure):
            out.append(text_of(node.content))
    return "".join(out)


def walk_blocks(blocks: list[Block]) -> Iterator[Block]:
    """Every block of ``blocks`` in document order, and the blocks within divisions, block
    quotations and speeches."""
    for block in blocks:
        yield block
        if isinstance(block, Division | BlockQuote | Speech):
            yield from walk_blocks(block.blocks)


Node = Inline | Block | Row | Cell
_NODES: tuple[type, ...] = (*get_args(Inline), *get_args(Block), Row, Cell)


def _held(value: object, out: list[Node]) -> None:
    """Append the nodes ``value`` is or holds in (nested) lists to ``out``, in order."""
    if isinstance(value, list):
        for item in value:
            _held(item, out)
    elif isinstance(value, _NODES):
        out.append(value)  # type: ignore[arg-type]  # one of Node's classes


def walk(nodes: Iterable[Node]) -> Iterator[Node]:
    """Every node of ``nodes`` and every node they hold, at any depth, each before what it holds
    (in the order of its fields: a division's head, its blocks, then its page breaks, opener
    and closer). One walk for every kind of node, read from the dataclasses' fields, so that a
    node added to the model is walked without more code."""
    stack = list(nodes)[::-1]
    while stack:
        node = stack.pop()
        yield node
        names = _FIELDS.get(type(node))
        if names is None:
            names = _FIELDS[type(node)] = tuple(f.name for f in fields(node))
        held: list[Node] = []
        for name in names:
            _held(getattr(node, name), held)
        stack += held[::-1]


_FIELDS: dict[type, tuple[str, ...]] = {}


def document_nodes(doc: Document) -> Iterator[Node]:
    """Every node of the document: :func:`walk` over its front, body and back."""
    return walk([*doc.front, *doc.body, *doc.back])


# What the summary line and --report count, in one place: the name of each count and how many
# of it a node is (0 or 1; a node that holds what is counted says how many it holds). Every count
# is read from the finished document, never tallied by a reader on the way: a reader lists the
# names its report gives (``COUNTS`` in its module) and :func:`recount` sets them.


def _is_note(node: Node) -> bool:
    """A note of the text (at its marker, or a note text standing where it was printed), not a
    transcriber's and not a line printed under a table (a table's notes stand ``inline``)."""
    return isinstance(node, Note | NoteBlock) and node.kind is None and node.place != "inline"


def _standing_bibl(node: Node) -> int:
    """A bibliographic entry standing as a block (a reviewed book): every ``Bibl``, less those a
    quotation names as its source and those a bibliography lists (``bibl`` counts those)."""
    if isinstance(node, Bibl):
        return 1
    if isinstance(node, BlockQuote):
        return -(node.source is not None)
    if isinstance(node, Bibliography):
        return -sum(isinstance(entry, Bibl) for entry in node.entries)
    return 0


# The divisions counted as chapters: those a heading names with a division word and a number
# (``Chapter IV``, ``Zweites Buch``, ``Act II``: the types of the division words in lang/), but
# sections and letters, which have counts of their own. A preface or a table of contents is a
# heading, not a chapter.
CHAPTER_TYPES = frozenset({"chapter", "book", "part", "volume", "act", "scene", "appendix"})
# The divisions that hold chapters: a book's parts, books and volumes (``PART I``, ``LIBER
# PRIMUS``), each a <div> around the chapters that follow it, as the Gutenberg reader nests them.
PART_TYPES = frozenset({"book", "part", "volume"})

COUNTED: dict[str, tuple[tuple[type, ...], Callable[[Any], int]]] = {
    # name: (the node classes it looks at, how many of it such a node is)
    "paragraphs": ((Paragraph,), lambda node: node.kind is None),
    "verse": ((LineGroup,), lambda node: 1),
    "speeches": ((Speech,), lambda node: 1),
    "corrections": ((Correction,), lambda node: 1),
    "split_words_joined": ((LineBreak,), lambda node: node.joined),
    "quotes": ((BlockQuote,), lambda node: 1),
    "figures": ((Figure,), lambda node: 1),
    "tables": ((Table,), lambda node: 1),
    "lists": ((ListBlock,), lambda node: 1),
    "headings": ((Division,), lambda node: node.head is not None),
    "chapters": ((Division,), lambda node: node.type in CHAPTER_TYPES),
    "sections": ((Division,), lambda node: node.type == "section"),
    "letters": ((Division,), lambda node: node.type == "letter"),
    "notes": ((Note, NoteBlock), _is_note),
    "notes_without_text": ((Note,), lambda node: node.body is None and node.kind is None),
    "texts_without_marker": ((NoteBlock,), _is_note),
    "transcriber_notes": ((Note, NoteBlock), lambda node: node.kind == "transcriber"),
    "pages": ((PageBreak,), lambda node: not node.supplied and node.n != ""),
    "supplied_pages": ((PageBreak,), lambda node: node.supplied),
    "isbns": ((Identifier,), lambda node: node.scheme == "ISBN"),
    "furniture": ((Paragraph, Phrase), lambda node: (node.kind if isinstance(node, Paragraph)
                                                     else node.subtype) == "furniture"),
    "references": ((Phrase,), lambda node: node.kind == "bibl"),
    "bibl": ((Bibliography,), lambda node: sum(isinstance(entry, Bibl) for entry in node.entries)),
    "bibliographic_entries": ((Bibl, BlockQuote, Bibliography), _standing_bibl),
}


def tally(nodes: Iterable[Node], *names: str) -> Counter[str]:
    """The counts ``names`` (keys of :data:`COUNTED`) of ``nodes`` and all they hold, each name
    present (0 when nothing of it is there). Raises KeyError for a name not in COUNTED."""
    found: Counter[str] = Counter({name: 0 for name in names})
    counted = [(name, *COUNTED[name]) for name in names]
    tests: dict[type, list[tuple[str, Callable[[Any], int]]]] = {}  # by a node's class, what counts it
    for node in walk(nodes):
        kind = type(node)
        if kind not in tests:
            tests[kind] = [(name, test) for name, types, test in counted if issubclass(kind, types)]
        for name, test in tests[kind]:
            found[name] += int(test(node))
    return found


Part = Literal["front", "body", "back"]
PARTS: tuple[Part, ...] = ("front", "body", "back")


def recount(doc: Document, *names: str, parts: tuple[Part, ...] = PARTS) -> None:
    """Set the counts ``names`` of ``doc`` (keys of :data:`COUNTED`) from what the ``parts`` of
    it hold (a Project Gutenberg text counts only its body: its front and back are the
    project's header and licence), replacing whatever was there."""
    found = tally([block for part in parts for block in getattr(doc, part)], *names)
    for name in names:
        doc.counts[name] = found[name]
