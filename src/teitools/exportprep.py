"""A TEI document made ready for the export stylesheets (``xslt/``), which are XSLT 1.0.

What XSLT 1.0 does slowly or not at all is done here, once, on a copy of the document, and
handed to the stylesheets as attributes in the namespace ``urn:x-teitools:export`` (prefix
``x``), which a custom stylesheet may read too:

- words split over ``<lb break="no"/>``, ``<pb break="no"/>``, ``<lb type="hyphenInWord"/>`` (the
  Text Creation Partnership's mark), or a line-end hyphen before
  ``<lb/>`` and a lower-case letter after it, as DTA transcribes) are joined, the breaks
  between them marked ``break="no"``, a page break moved to the end of its word;
- every element the page links to gets a unique HTML id (``x:id``): its ``xml:id``, else
  ``page-9`` for a page, ``note-3``/``noteref-3`` for a note and its call, ``sec-4`` for a
  division; ``<ref>``/``<ptr>`` pointers become ``x:href`` (only to ids that exist, or to
  web, mail and relative addresses);
- pages: ``x:label`` (``[11]`` shows as ``11``, ``x:supplied="1"``; ``8.`` as ``8``);
- divisions: ``x:level`` (the HTML heading level: 1 is the document's title, one more per
  headed division above), ``x:label`` for an untitled division of a known type
  (``Chapter 3``, ``Preface``), ``x:toc`` for those in the table of contents;
- figures: ``x:n`` (``@n``, else their number in the document), ``x:numbered`` when the caption
  opens with that number (``Fig. 3.``);
- quotations and direct speech (``<q>``, ``<said>``) that print no quotation marks of their own:
  ``x:quote`` (the stylesheets put the language's marks around them, ``x:t-quote-open``/``-close``);
- the header's authors and editors: ``x:name``, the one name to print (see ``_names``);
- notes: ``x:label`` (``@n``, else numbered per chapter), ``x:group`` (the id of the
  chapter that lists it), ``x:empty`` when the source has no text for it, ``x:place``
  ``end`` or ``foot``; a chapter's notes without text are summarised once (``x:missing``);
- ``@rend``, ``@rendition`` and ``@style`` of the common kinds become CSS classes (``x:class``:
  ``it``, ``bold``, ``sc``, ``spaced``, ``sup``, ``sub``, ``ul``, ``strike``, ``center``,
  ``right``, ``large``, ``small``, ``caps``); ``xml:lang`` a valid language tag (``x:lang``)
  and ``x:dir`` (``rtl``, or ``ltr`` back inside right-to-left text);
- ``<egXML>`` examples become their markup as text.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

import langcodes
from lxml import etree

from teitools import terms
from teitools.resources import data_file

TEI = "http://www.tei-c.org/ns/1.0"
X = "urn:x-teitools:export"
EG = "http://www.tei-c.org/ns/Examples"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _t(name: str) -> str:
    return f"{{{TEI}}}{name}"


def _x(name: str) -> str:
    return f"{{{X}}}{name}"


DIVS = frozenset({_t("div"), *(_t(f"div{i}") for i in range(1, 8))})
BREAKS = frozenset({_t("lb"), _t("pb"), _t("cb")})
# Elements whose content is not running text: a word never continues through them.
_OPAQUE = frozenset(_t(n) for n in (
    "fw", "note", "index", "figure", "rdg", "sic", "orig", "abbr", "teiHeader", "interpGrp",
    "spanGrp", "linkGrp", "figDesc", "del", "app"))
# Phrase-level elements a word may run through; every other element bounds a word.
_INLINE = frozenset(_t(n) for n in (
    "hi", "emph", "foreign", "persName", "placeName", "orgName", "name", "rs", "term", "title", "seg",
    "w", "choice", "corr", "reg", "expan", "ex", "am", "add", "unclear", "supplied", "damage",
    "lb", "pb", "cb", "milestone", "anchor", "num", "date", "time", "measure", "ref", "ptr", "q", "said",
    "quote", "mentioned", "soCalled", "gloss", "distinct", "c", "pc", "g", "subst", "lem", "surname",
    "forename", "roleName", "addName", "genName", "nameLink", "geogName", "settlement", "country",
    "region", "bloc", "district", "damage", "restore", "space", "gap", "handShift", "span", "sup",
    "orig", "sic", "abbr", "fw", "note", "index", "figure", "rdg", "del", "app", "interpGrp",
    "spanGrp", "linkGrp", "figDesc", "secl", "mod", "redo", "undo", "retrace", "metamark"))
_HYPHENS = "-\u00ac\u2010\u2e17\u00ad"
_WORD_END = re.compile(r"\s")

# Untitled divisions of these types get a heading: numbered ones (Chapter 3) and matter (Preface).
NUMBERED = {"chapter": "Chapter", "part": "Part", "book": "Book", "volume": "Volume", "letter": "Letter",
            "act": "Act", "scene": "Scene", "canto": "Canto", "poem": "Poem", "diaryentry": "Entry",
            "entry": "Entry", "article": "Article", "lecture": "Lecture", "story": "Story",
            "sermon": "Sermon", "essay": "Essay", "episode": "Episode", "stanza": "Stanza"}
MATTER = {"preface": "Preface", "introduction": "Introduction", "dedication": "Dedication",
          "appendix": "Appendix", "bibliography": "Bibliography", "index": "Index", "contents": "Contents",
          "toc": "Contents", "notes": "Notes", "epilogue": "Epilogue", "prologue": "Prologue",
          "foreword": "Foreword", "afterword": "Afterword", "glossary": "Glossary",
          "acknowledgements": "Acknowledgements", "acknowledgments": "Acknowledgements",
          "abstract": "Abstract", "colophon": "Colophon", "imprint": "Imprint", "errata": "Errata",
          "corrigenda": "Corrigenda", "advertisement": "Advertisements", "advertisements": "Advertisements",
          "motto": "Motto", "epigraph": "Epigraph", "conclusion": "Conclusion", "summary": "Summary",
          "frontispiece": "Frontispiece", "titlepage": "Title page", "half-title": "Half-title"}
TOC_DEPTH = 2
_BLOCK_NOTE_PARENTS = frozenset({*DIVS, *(_t(n) for n in (
    "body", "front", "back", "text", "group", "noteGrp", "listBibl", "TEI", "sourceDoc"))})
_SAFE_SCHEME = re.compile(r"^(https?|mailto|ftp):", re.IGNORECASE)
_ANY_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UNSAFE_ID = re.compile(r"[\s#%?/\\\"'<>&]+")


def prepare(doc: etree._ElementTree) -> etree._ElementTree:
    """A copy of ``doc`` annotated for the export stylesheets (see the module's description)."""
    root = copy.deepcopy(doc.getroot())
    tree = etree.ElementTree(root)
    _examples(root)
    for div in [d for d in root.iter(*DIVS) if emptied_notes(d)]:
        remove_keep_tail(div)
    _continued_notes(root)
    compounds = keeps_compounds(root)
    for part in _reading_parts(root):
        _join_words(part, compounds)
        _join_across_blocks(part)
        for inner in list(part.iter(_t("note"), _t("figure"))):
            _join_words(inner, compounds)  # their text is not running text, but words break in it too
    _languages(root)
    _quotations(root)
    _names(root)
    words = labels(root.get(_x("lang")))
    for key, value in words.items():
        root.set(_x(f"t-{key}"), value)
    ids = _Ids(root)
    _pages(root, ids)
    _divisions(root, ids, words)
    _notes(root, ids)
    _pointers(root, ids, words)
    _classes(root)
    return tree


@functools.cache
def _label_table() -> dict[str, Any]:
    with data_file("lang", "labels.json").open(encoding="utf-8") as handle:
        table: dict[str, Any] = json.load(handle)
    return table


def labels(lang: str | None) -> dict[str, str]:
    """The words the export writes itself (``Contents``, ``Notes``, ``Chapter`` …, keyed as in
    ``lang/labels.json``) in the language of the BCP 47 tag ``lang`` (its primary subtag, or
    an alias of it such as ``ger``), English where the table lacks the language or the word."""
    table = _label_table()
    primary = (lang or "").split("-")[0].lower()
    primary = table["aliases"].get(primary, primary)
    english: dict[str, str] = table["en"]
    return {**english, **(table.get(primary) or {})} if primary != "aliases" else dict(english)


def _reading_parts(root: etree._Element) -> Iterator[etree._Element]:
    for el in root.iter(_t("text"), _t("sourceDoc")):
        if not any(a.tag in (_t("text"), _t("sourceDoc")) for a in el.iterancestors()):
            yield el


def _examples(root: etree._Element) -> None:
    """``<egXML>``: its markup becomes its text (shown as code), so that its ids and elements
    are not the document's."""
    for eg in list(root.iter(f"{{{EG}}}egXML")):
        inner = (eg.text or "") + "".join(
            etree.tostring(child, encoding="unicode", with_tail=True) for child in eg)
        inner = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", inner)
        for child in list(eg):
            eg.remove(child)
        eg.text = _dedent(inner)


def _dedent(text: str) -> str:
    lines = text.strip("\n").split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    cut = min(indents) if indents else 0
    return "\n".join([lines[0].strip(), *(line[cut:] for line in lines[1:])]).strip()


def _continued_notes(root: etree._Element) -> None:
    """A note continued on the next page (``<note prev="#n1">``) joins the note it continues;
    along a chain of parts (a note over three pages or more) each part joins the first."""
    by_id = {el.get(XML_ID): el for el in root.iter(_t("note")) if el.get(XML_ID)}
    joined: dict[str, etree._Element] = {}  # the id of a part already joined -> the note it joined
    for cont in list(root.iter(_t("note"))):
        first = by_id.get((cont.get("prev") or "").lstrip("#"))
        seen: set[int] = set()
        while first is not None and first.get(XML_ID) in joined and id(first) not in seen:
            seen.add(id(first))
            first = joined[first.get(XML_ID, "")]
        if first is None or first is cont or cont in first.iterancestors() or first.getparent() is None:
            continue
        if len(first):
            first[-1].tail = (first[-1].tail or "") + " " + (cont.text or "")
        else:
            first.text = (first.text or "") + " " + (cont.text or "")
        for child in list(cont):
            first.append(child)
        remove_keep_tail(cont)
        if cont.get(XML_ID):
            joined[cont.get(XML_ID, "")] = first


def remove_keep_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    _append_before(el, el.tail or "")
    parent.remove(el)


def _append_before(el: etree._Element, text: str) -> None:
    """Add ``text`` to the text that stands just before ``el``."""
    if not text:
        return
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + text
    else:
        parent = el.getparent()
        assert parent is not None
        parent.text = (parent.text or "") + text


# --- words split over a line or page break --------------------------------------------------

_Slot = tuple[str, etree._Element]  # ("text" | "tail", holder), ("break", el), ("opaque", el), ("bound", el)


def _slots(part: etree._Element) -> list[_Slot]:
    """The text of ``part`` in document order as the places that hold it, with the breaks,
    the elements whose content is not running text, and the edges of blocks between them."""
    out: list[_Slot] = []
    walk = etree.iterwalk(part, events=("start", "end"))
    for event, el in walk:
        if not isinstance(el.tag, str):
            if event == "end":
                out.append(("tail", el))
            continue
        if event == "start":
            if el.tag in _OPAQUE and el is not part:
                out.append(("opaque", el))
                walk.skip_subtree()
                continue
            if el.tag in BREAKS:
                out.append(("break", el))
            elif el.tag not in _INLINE:
                out.append(("bound", el))
            out.append(("text", el))
        else:
            if el.tag not in _INLINE and el.tag not in _OPAQUE:
                out.append(("bound", el))
            if el is not part:
                out.append(("tail", el))
    return out


def _get(slot: _Slot) -> str:
    kind, el = slot
    return (el.text if kind == "text" else el.tail) or ""


def _set(slot: _Slot, value: str) -> None:
    kind, el = slot
    if not value and not _get(slot):
        return
    if kind == "text":
        el.text = value
    else:
        el.tail = value


def emptied_notes(el: etree._Element) -> bool:
    """Is ``el`` a notes division (``<div type="notes">``) that holds nothing but its heading: a
    book's list of notes whose texts the converter moved to their calls (``<note place="end">``)?
    The exports list those notes with the chapters that call them, under the language's word for
    notes; the heading alone would stand over nothing, so it is no reading text."""
    if el.tag not in DIVS or el.get("type") != "notes" or (el.text or "").strip():
        return False
    return all(child.tag == _t("head") and not (child.tail or "").strip()
               for child in el if isinstance(child.tag, str)) and el.find(_t("head")) is not None


def inside_word(el: etree._Element) -> bool:
    """Does the break ``el`` (``lb``, ``pb``, ``cb``) stand inside a word: ``break="no"``, or the
    Text Creation Partnership's ``<lb type="hyphenInWord"/>``?"""
    return el.get("break") == "no" or (el.get("break") is None and el.get("type") == "hyphenInWord")


def keeps_compounds(root: etree._Element) -> bool:
    """Does a plain ``<lb/>`` after a hyphen part a compound in this document (``price-<lb/>
    determining``: the hyphen stays, the halves are two words)? Yes where teitools' converter
    wrote it and joined words broken at a line end with ``break="no"``; elsewhere (DTA, a text
    read without joins) it is a word broken at its hyphen (``Wirkun-<lb/>gen``)."""
    return any(app.get("ident") == "teitools" for app in root.iter(_t("application"))) \
        and any(el.get("break") == "no" for el in root.iter(*BREAKS))


def _join_words(part: etree._Element, compounds: bool = False) -> None:
    """Join the words ``part`` breaks over its line and page breaks (see the module's description);
    with ``compounds``, a hyphen before a plain ``<lb/>`` is kept and the halves joined."""
    slots = _slots(part)
    moves: list[tuple[etree._Element, _Slot]] = []
    for i, (kind, el) in enumerate(slots):
        if kind != "break" or el.get("break") == "no-done":
            continue
        left = _text_beside(slots, i, -1)
        right = _text_beside(slots, i, 1)
        if left is None or right is None:
            continue
        before, after = _get(slots[left]).rstrip(), _get(slots[right]).lstrip()
        # A line-end hyphen: dropped before a lower-case letter (the word goes on), kept before
        # a capital (a compound, Stück-Lohn); either way the halves join.
        # (The hyphen may stand alone after the word's element: <hi>Privat</hi>-<lb/>arbeiten.)
        hyphen = (before[-1:] in tuple(_HYPHENS) and _letter_before(slots, left, before)
                  and after[:1].isalpha())
        if not inside_word(el) and not (hyphen and el.get("break") != "yes"):
            continue
        compound = compounds and hyphen and el.get("break") is None
        _set(slots[left], before[:-1] if hyphen and after[:1].islower() and not compound else before)
        for j in range(left + 1, right):
            if slots[j][0] in ("text", "tail"):
                _set(slots[j], "")
            elif slots[j][0] == "break":
                slots[j][1].set("break", "no-done")
        _set(slots[right], after)
        pages = [slots[j][1] for j in range(left + 1, right)
                 if slots[j][0] == "break" and slots[j][1].tag == _t("pb")]
        if pages:
            moves.append((pages[0], slots[right]))
    for el in part.iter(*BREAKS):
        if el.get("break") == "no-done":
            el.set("break", "no")
    for pb, place in reversed(moves):
        _after_word(pb, place)


_ACROSS = frozenset({_t("l"), _t("p")})


def _join_across_blocks(part: etree._Element) -> None:
    """A word hyphenated at the end of a verse line, or of a paragraph the encoder closed at a
    page break, and going on in the next (``ve<supplied>r-</supplied></l><lb/><l>sprochen``,
    ``for-</p><pb/><p>beholdt``): the rest of the word joins the first line, the hyphen dropped.
    Only between two ``l`` (or two ``p`` with a page break between) with nothing but breaks
    and forme work between them, and only before a lower-case letter."""
    for first in list(part.iter(*_ACROSS)):
        second, breaks, pages = first.getnext(), 0, 0
        if (first.tail or "").strip():
            continue
        while second is not None and (second.tag in BREAKS or second.tag == _t("fw")):
            if (second.tail or "").strip():
                second = None
                break
            breaks += second.tag in BREAKS
            pages += second.tag == _t("pb")
            second = second.getnext()
        if second is None or second.tag != first.tag or not breaks or (first.tag == _t("p") and not pages):
            continue
        left_slots, right_slots = _slots(first), _slots(second)
        left = next((k for k in range(len(left_slots) - 1, -1, -1)
                     if left_slots[k][0] in ("text", "tail") and _get(left_slots[k]).strip()), None)
        right = next((k for k, slot in enumerate(right_slots)
                      if slot[0] in ("text", "tail") and _get(slot).strip()), None)
        if left is None or right is None or any(k in ("bound", "opaque") for k, _ in right_slots[1:right]):
            continue
        before, after = _get(left_slots[left]).rstrip(), _get(right_slots[right]).lstrip()
        if not (before[-1:] in tuple(_HYPHENS) and _letter_before(left_slots, left, before)
                and after[:1].isalpha() and after[:1].islower()):
            continue
        match = _WORD_END.search(after)
        cut = match.start() if match else len(after)
        _set(left_slots[left], before[:-1] + after[:cut])
        _set(right_slots[right], after[cut:].lstrip())


def _letter_before(slots: list[_Slot], at: int, text: str) -> bool:
    """Whether a letter stands just before the last character of ``text`` (slot ``at``), in this
    slot or, when ``text`` is that character alone, at the end of the text before it."""
    if len(text) > 1:
        return text[-2].isalpha()
    before = _text_beside(slots, at, -1)
    return before is not None and _get(slots[before])[-1:].isalpha()


def _text_beside(slots: list[_Slot], i: int, step: int) -> int | None:
    """The nearest slot before (step -1) or after (+1) ``i`` that holds more than white space,
    within the same block; None at a block's edge."""
    j = i + step
    while 0 <= j < len(slots):
        kind = slots[j][0]
        if kind == "bound":
            return None
        if kind in ("text", "tail") and _get(slots[j]).strip():
            return j
        j += step
    return None


def _after_word(pb: etree._Element, right: _Slot) -> None:
    """Move a page break that stands inside a joined word to the word's end."""
    text = _get(right)
    match = _WORD_END.search(text)
    cut = match.start() if match else len(text)
    if right == ("tail", pb):
        _append_before(pb, text[:cut])
        pb.tail = text[cut:]
        return
    tail, pb.tail = pb.tail or "", None
    parent = pb.getparent()
    assert parent is not None
    _append_before(pb, tail)
    parent.remove(pb)
    kind, holder = right
    if kind == "text":
        holder.insert(0, pb)
        pb.tail, holder.text = text[cut:], text[:cut]
    else:
        owner = holder.getparent()
        assert owner is not None
        owner.insert(owner.index(holder) + 1, pb)
        pb.tail, holder.tail = text[cut:], text[:cut]


# --- ids ------------------------------------------------------------------------------------


class _Ids:
    """Unique HTML ids: each element's xml:id where it has one, fresh ones otherwise."""

    def __init__(self, root: etree._Element) -> None:
        self.used: set[str] = set()
        self.by_xml_id: dict[str, etree._Element] = {}
        for el in root.iter():
            xml_id = el.get(XML_ID) if isinstance(el.tag, str) else None
            if xml_id and xml_id not in self.by_xml_id:
                self.by_xml_id[xml_id] = el
                self.used.add(xml_id)

    def fresh(self, base: str) -> str:
        base = _UNSAFE_ID.sub("-", base).strip("-") or "x"
        candidate, k = base, 1
        while candidate in self.used:
            k += 1
            candidate = f"{base}-{k}"
        self.used.add(candidate)
        return candidate

    def give(self, el: etree._Element, base: str) -> str:
        """``el``'s id: the one it has, else its xml:id (the first element that holds one),
        else a fresh one from ``base``."""
        have = el.get(_x("id"))
        if have:
            return have
        xml_id = el.get(XML_ID)
        new = xml_id if xml_id and self.by_xml_id.get(xml_id) is el else self.fresh(base)
        el.set(_x("id"), new)
        return new


def _pages(root: etree._Element, ids: _Ids) -> None:
    for part in _reading_parts(root):
        for pb in part.iter(_t("pb")):
            n = " ".join((pb.get("n") or "").split())
            supplied = len(n) > 2 and n[0] == "[" and n[-1] == "]"
            label = n[1:-1].strip() if supplied else n
            if len(label) > 1 and label[-1] == "." and label[-2].isalnum():
                label = label[:-1]
            if supplied:
                pb.set(_x("supplied"), "1")
            if label:
                pb.set(_x("label"), label)
                pb.set(_x("id"), ids.fresh(f"page-{label}"))
    _stray_page_stops(root)


def _stray_page_stops(root: etree._Element) -> None:
    """A page number printed ``8.`` whose full stop was left outside ``<fw>``: the stop goes in."""
    for fw in root.iter(_t("fw")):
        if not re.fullmatch(r"\s*[\[\]\dIVXLCivxlc]+\s*", fw.text or "") or len(fw):
            continue
        node: etree._Element | None = fw
        while node is not None:
            tail = node.tail or ""
            if tail.strip():
                match = re.match(r"(\s*)\.(?=\s|$)", tail)
                if match:
                    node.tail = tail[:match.start() + len(match.group(1))] + tail[match.end():]
                    fw.text = (fw.text or "") + "."
                break
            node = node.getnext()
            if node is None or node.tag not in BREAKS:
                break


# --- divisions and the table of contents ----------------------------------------------------


def _kind(div: etree._Element) -> str:
    kind = div.get("subtype") if div.get("type") == "textpart" and div.get("subtype") else div.get("type")
    return (kind or "").strip().lower()


def _generated_label(div: etree._Element, words: dict[str, str]) -> str | None:
    """The heading of an untitled division: its matter (``Preface``), or its kind and number
    (``Chapter 3``; a division of no type numbered by ``@n``: ``Section 2``); None for a
    division that is neither (a wrapper)."""
    kind = _kind(div)
    if kind in MATTER:
        return words.get("contents" if kind == "toc" else kind, MATTER[kind])
    if not kind and (div.get("n") or "").strip():
        return f"{words.get('section', 'Section')} {' '.join((div.get('n') or '').split())}"
    if kind not in NUMBERED:
        return None
    n = " ".join((div.get("n") or "").split())
    if not n:
        siblings = [s for s in div.itersiblings(preceding=True)
                    if s.tag in DIVS and _kind(s) == kind and s.find(_t("head")) is None]
        n = str(len(siblings) + 1)
    return f"{words.get(kind, NUMBERED[kind])} {n}"


def _divisions(root: etree._Element, ids: _Ids, words: dict[str, str]) -> None:
    """Heading levels, generated headings, table-of-contents depth and ids of divisions."""
    k = 0
    for div in root.iter(*DIVS):
        headed = [a for a in div.iterancestors() if a.tag in DIVS and a.get(_x("headed"))]
        if div.find(_t("head")) is None:
            label = _generated_label(div, words)
            if label is None:
                continue
            div.set(_x("label"), label)
        div.set(_x("headed"), "1")
        div.set(_x("level"), str(min(6, _base_level(div, root) + len(headed) + 1)))
        if len(headed) + 1 <= TOC_DEPTH:
            div.set(_x("toc"), str(len(headed) + 1))
        k += 1
        ids.give(div, f"sec-{k}")


def _base_level(el: etree._Element, root: etree._Element) -> int:
    """The heading level of the title of the document (or corpus part) ``el`` is in."""
    return 1 + sum(1 for a in el.iterancestors(_t("TEI"), _t("teiCorpus")) if a is not root)


# --- notes ----------------------------------------------------------------------------------


def _note_group(note: etree._Element) -> etree._Element | None:
    """Where a note is listed: its outermost headed division, else its front, body or back."""
    group: etree._Element | None = None
    for a in note.iterancestors():
        if a.tag in DIVS and a.get(_x("headed")):
            group = a
        elif a.tag == _t("teiHeader"):
            return None
        elif a.tag in (_t("front"), _t("body"), _t("back"), _t("sourceDoc")) and group is None:
            group = a
    return group


def _note_label(n: str) -> str:
    """A note's number as printed, without the brackets or stop around it (``1)``, ``[3]`` → 1, 3)."""
    n = " ".join(n.split())
    while len(n) > 1 and (n[0] + n[-1] in ("()", "[]", "{}") or n[-1] in ").:"):
        n = n[1:-1] if n[0] + n[-1] in ("()", "[]", "{}") else n[:-1]
    return n


def _is_empty_note(note: etree._Element) -> bool:
    if "".join(note.itertext()).strip():
        return False
    return not any(el.tag in (_t("graphic"), _t("figure"), _t("formula")) for el in note.iter())


def _notes(root: etree._Element, ids: _Ids) -> None:
    counters: dict[etree._Element, int] = {}
    missing: dict[etree._Element, list[str]] = {}
    k = 0
    for part in _reading_parts(root):
        for note in part.iter(_t("note")):
            parent = note.getparent()
            if parent is None or parent.tag in _BLOCK_NOTE_PARENTS:
                ids.give(note, "note")
                note.set(_x("block"), "1")
                continue
            group = _note_group(note)
            if group is None:
                continue
            k += 1
            counters[group] = counters.get(group, 0) + 1
            label = _note_label(note.get("n") or "") or str(counters[group])
            note.set(_x("label"), label)
            note.set(_x("place"), "end" if note.get("place") == "end" else "foot")
            note.set(_x("ref"), ids.fresh(f"noteref-{k}"))
            ids.give(note, f"note-{k}")
            group.set(_x("notes"), str(min(6, int(group.get(_x("level")) or _base_level(group, root)) + 1)))
            ids.give(group, etree.QName(group).localname)
            note.set(_x("group"), group.get(_x("id"), ""))
            if _is_empty_note(note):
                note.set(_x("empty"), "1")
                missing.setdefault(group, []).append(label)
    for group, labels in missing.items():
        group.set(_x("missing"), _ranges(labels))
        target = ids.fresh(f"{group.get(_x('id'))}-notes-absent")
        group.set(_x("missing-id"), target)
        for note in group.iter(_t("note")):
            if note.get(_x("empty")) and note.get(_x("group")) == group.get(_x("id")):
                note.set(_x("target"), target)



def _ranges(labels: list[str]) -> str:
    """``1, 2, 3, 5, a`` → ``1\u20133, 5, a`` (with an en dash)."""
    out: list[str] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            out.append(f"{run[0]}\u2013{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)))
            run.clear()

    for label in labels:
        if label.isdigit() and (not run or int(label) == run[-1] + 1):
            run.append(int(label))
            continue
        flush()
        if label.isdigit():
            run.append(int(label))
        else:
            out.append(label)
    flush()
    return ", ".join(out)


# --- pointers -------------------------------------------------------------------------------


def _pointers(root: etree._Element, ids: _Ids, words: dict[str, str]) -> None:
    for part in _reading_parts(root):
        for el in part.iter(_t("ref"), _t("ptr")):
            href = _href(el.get("target") or "", ids)
            if href is not None:
                el.set(_x("href"), href)
            if el.tag == _t("ptr"):
                el.set(_x("text"), _pointer_text(el.get("target") or "", ids, words))
        for k, el in enumerate(part.iter(_t("figure")), 1):
            n = " ".join((el.get("n") or "").split())
            el.set(_x("n"), n or str(k))
            if _states_number(el, n):
                el.set(_x("numbered"), "1")
        for el in part.iter(_t("graphic")):
            url = _url(el.get("url") or "")
            if url is not None:
                el.set(_x("src"), url)
    for el in root.iter(_t("licence")):
        url = _url(_first_target(el.get("target") or ""))
        if url is not None:
            el.set(_x("href"), url)
    for xml_id, el in ids.by_xml_id.items():
        if not el.get(_x("id")):
            el.set(_x("id"), xml_id)


def _first_target(target: str) -> str:
    return target.split()[0] if target.split() else ""


def _href(target: str, ids: _Ids) -> str | None:
    first = _first_target(target)
    if first.startswith("#"):
        el = ids.by_xml_id.get(first[1:])
        if el is None:
            return None
        return "#" + (el.get(_x("id")) or first[1:])
    return _url(first)


def _states_number(figure: etree._Element, n: str) -> bool:
    """Whether the figure's caption opens with its number: a caption word of any language and
    the ``@n`` given (``Fig. 3.``, ``Abb. 3``, ``Plate III``; ``terms.caption_label``), or any
    number when there is no ``@n`` (``Fig. 132`` of a book whose figures are not all
    transcribed), or the ``@n`` alone followed by a stop (``3. The harbour``)."""
    head = figure.find(_t("head"))
    if head is None:
        return False
    text = " ".join("".join(head.itertext()).split())
    match = terms.caption_label(text)
    if match is not None:
        return not n or match.group("n").lower() == n.rstrip(".").lower()
    return bool(n) and re.match(rf"{re.escape(n.rstrip('.'))}[.:)]\s", text) is not None


def _url(value: str) -> str | None:
    """A link or image address safe to write: web, mail and relative addresses only,
    with the characters a URL may not hold percent-encoded."""
    value = value.strip()
    if not value or (_ANY_SCHEME.match(value) and not _SAFE_SCHEME.match(value)):
        return None
    return quote(value, safe="/:?#&=%;,+@!$'()*~.-_")


def _pointer_text(target: str, ids: _Ids, words: dict[str, str]) -> str:
    first = _first_target(target)
    el = ids.by_xml_id.get(first[1:]) if first.startswith("#") else None
    if el is None:
        return first
    if el.tag == _t("pb") and el.get(_x("label")):
        return f"{words['p']} {el.get(_x('label'))}"
    if el.tag == _t("note") and el.get(_x("label")):
        return f"{words['note']} {el.get(_x('label'))}"
    head = el.find(_t("head"))
    text = " ".join("".join(head.itertext()).split()) if head is not None else ""
    return text or el.get(_x("label")) or first


def iter_notes(root: etree._Element) -> Iterable[etree._Element]:
    """The notes a page lists (with a call in the text), in document order."""
    return (n for n in root.iter(_t("note")) if n.get(_x("label")))


# --- rendering and languages ----------------------------------------------------------------

_REND = {
    "it": "it", "i": "it", "italic": "it", "italics": "it", "ital": "it", "italic-font": "it",
    "slanted": "it",
    "bold": "bold", "b": "bold", "bo": "bold", "strong": "bold",
    "sc": "sc", "smallcaps": "sc", "small-caps": "sc", "smcap": "sc", "smcaps": "sc", "k": "sc",
    "sup": "sup", "superscript": "sup", "super": "sup", "sub": "sub", "subscript": "sub",
    "u": "ul", "ul": "ul", "underline": "ul", "underlined": "ul", "uu": "ul",
    "strike": "strike", "strikethrough": "strike", "struck": "strike", "s": "strike",
    "line-through": "strike", "g": "spaced", "spaced": "spaced", "gesperrt": "spaced",
    "letterspaced": "spaced", "letter-spaced": "spaced",
    "spacing": "spaced",
    "c": "center", "center": "center", "centre": "center", "centered": "center", "centred": "center",
    "align(center)": "center", "text-align:center": "center",
    "right": "right", "align(right)": "right", "ralign": "right", "text-align:right": "right",
    "large": "large", "larger": "large", "big": "large", "small": "small", "smaller": "small",
    "caps": "caps", "uppercase": "caps", "allcaps": "caps",
}
_CSS = (("italic", "it"), ("bold", "bold"), ("small-caps", "sc"), ("letter-spacing", "spaced"),
        ("super", "sup"), ("vertical-align:sub", "sub"), ("underline", "ul"), ("line-through", "strike"),
        ("center", "center"), ("text-align:right", "right"), ("uppercase", "caps"))
_TOKEN = re.compile(r"[\s,;()]+")


def _css_classes(css: str) -> list[str]:
    css = re.sub(r"\s+", "", css.lower())
    return [cls for key, cls in _CSS if key in css]


def _classes(root: etree._Element) -> None:
    renditions: dict[str, list[str]] = {}
    for el in root.iter(_t("rendition")):
        if el.get(XML_ID):
            renditions[el.get(XML_ID, "")] = _css_classes(el.text or "")
    for part in _reading_parts(root):
        for el in part.iter():
            if not isinstance(el.tag, str):
                continue
            rend, rendition, style = el.get("rend"), el.get("rendition"), el.get("style")
            if not (rend or rendition or style):
                continue
            found: list[str] = []
            for token in _TOKEN.split((rend or "").lower()):
                if token in _REND:
                    found.append(_REND[token])
            for pointer in (rendition or "").split():
                key = pointer.lstrip("#")
                word = key.lower().removeprefix("simple:")  # TEI simplePrint's renditions: simple:italic
                found.extend(renditions.get(key) or ([_REND[word]] if word in _REND else []))
            if style or ":" in (rend or ""):
                found.extend(_css_classes(style or "") + _css_classes(rend or ""))
            if found:
                el.set(_x("class"), " ".join(dict.fromkeys(found)))


_RTL = frozenset({"ar", "he", "iw", "fa", "ur", "yi", "ji", "syr", "dv", "ps", "sd", "ug", "ckb", "arc",
                  "az-arab", "ku-arab", "pa-arab", "ms-arab", "ota", "prs", "glk", "mzn", "bal", "bqi"})
_RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "samr", "mand", "rohg", "yezi"})
_LTR_SCRIPTS = frozenset({"latn", "cyrl", "grek", "deva", "armn", "geor"})
_TAG = re.compile(r"^[a-z]{2,8}(?:-[a-z0-9]{1,8})*$")


@functools.cache
def bcp47(value: str) -> str | None:
    """``value`` as a valid BCP 47 tag (by the IANA registry that ``langcodes`` carries): an
    extended language subtag taken as the language (``el-grc`` → ``grc``), three-letter codes
    of languages that have a two-letter one shortened (``eng`` → ``en``); when the whole tag is
    not valid, its language alone; None when that is not valid either."""
    tag = value.strip().replace("_", "-")
    if not _TAG.match(tag.lower()):
        return None
    parts = tag.split("-")
    if len(parts) > 1 and len(parts[1]) == 3 and parts[1].isalpha():
        parts = parts[1:]
    for candidate in ("-".join(parts), parts[0]):
        try:
            standard = langcodes.standardize_tag(candidate)
        except (ValueError, LookupError):
            continue
        if langcodes.tag_is_valid(standard):
            return standard
    return None


def _direction(tag: str) -> str:
    parts = tag.split("-")
    for sub in parts[1:]:
        if sub in _RTL_SCRIPTS:
            return "rtl"
        if sub in _LTR_SCRIPTS:
            return "ltr"
    return "rtl" if parts[0] in _RTL or "-".join(parts[:2]) in _RTL else "ltr"


_NAME_PARTS = frozenset(_t(n) for n in ("persName", "orgName", "name"))
_NOT_NAMES = frozenset(_t(n) for n in (
    "idno", "email", "affiliation", "note", "ptr", "ref", "address", "date"))


def _names(root: etree._Element) -> None:
    """``x:name`` on each author and editor of the header: the name to print. Of several forms
    (``<persName>`` in Russian and in English) the one in the document's language, else the
    first; never an identifier, an address or a note (``<idno type="wikidata">``)."""
    for header in root.iter(_t("teiHeader")):
        document = header.getparent()
        language = (document.get(XML_LANG) if document is not None else None) or ""
        for person in header.iter(_t("author"), _t("editor")):
            forms = [child for child in person
                     if child.tag in _NAME_PARTS and "".join(child.itertext()).strip()]
            if forms:
                chosen = next((f for f in forms if f.get(XML_LANG, language) == language), forms[0])
                words = "".join(chosen.itertext())
            else:
                words = (person.text or "") + "".join(
                    ("".join(child.itertext()) if child.tag not in _NOT_NAMES else "") + (child.tail or "")
                    for child in person)
            name = " ".join(words.split())
            if name:
                person.set(_x("name"), name)


_QUOTE_MARKS = frozenset("“”„«»‘’‚‹›\"'")  # noqa: RUF001  (the quotation marks of European print)
_BLOCKS_QUOTED = frozenset(_t(n) for n in ("p", "lg", "l", "sp", "list", "table"))


def _quotations(root: etree._Element) -> None:
    """Mark ``x:quote`` on each ``<q>`` and direct ``<said>`` whose text and whose place print no
    quotation mark (``“<q>Hello</q>”`` has its own), and that holds no block (a quoted stanza)."""
    for el in root.iter(_t("q"), _t("said")):
        if el.get("direct") == "false" or any(child.tag in _BLOCKS_QUOTED for child in el):
            continue
        before, parent = el.getprevious(), el.getparent()
        outside = (before.tail if before is not None else parent.text if parent is not None else "") or ""
        inside = "".join(el.itertext()).strip()
        if inside and inside[0] not in _QUOTE_MARKS and outside.rstrip()[-1:] not in _QUOTE_MARKS:
            el.set(_x("quote"), "1")


def _languages(root: etree._Element) -> None:
    if not root.get(XML_LANG):
        text = root.find(_t("text"))
        ident = root.find(f"{_t('teiHeader')}/{_t('profileDesc')}/{_t('langUsage')}/{_t('language')}")
        guess = (text.get(XML_LANG) if text is not None else None) or (
            ident.get("ident") if ident is not None else None)
        if guess:
            root.set(XML_LANG, guess)
    dirs: dict[etree._Element, str] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or not el.get(XML_LANG):
            continue
        tag = bcp47(el.get(XML_LANG, ""))
        if tag is None:
            continue
        el.set(_x("lang"), tag)
        own = _direction(tag)
        dirs[el] = own
        inherited = next((dirs[a] for a in el.iterancestors() if a in dirs), "ltr")
        if own != inherited:
            el.set(_x("dir"), own)
