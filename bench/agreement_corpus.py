"""Build the own agreement corpus: real TEI from public projects (bench/agreement-corpus.tsv) and
single-fault mutants of those jing finds valid, into a folder outside the repository.

Usage: python bench/agreement_corpus.py [--out /work/agreement-corpus] [--mirror /work/.mirror]
       [--offline]

Every row of the fetch list (project, repository, commit, path) becomes OUT/real/PROJECT/NAME, where
NAME is the path with `/` as `__`: read from a local bare clone MIRROR/OWNER+NAME/repo (or
repo/.git) at the pinned commit when there is one, else downloaded from GitHub's raw files at that
commit (not with --offline). The files are the projects' own, unchanged.

Mutants: the jing-valid real files of at most 60 kB (jing from the PATH, against tei_all), taken in
path order, at most one base per project and 6 bases in all, each get every operator of MUTATIONS
that applies to it: OUT/mutants/BASE__m-OPERATOR.xml. One change each, made on the lxml tree
(so the base is serialised again by lxml; the fault is the only difference of verdict). The same
inputs give the same bytes. OUT/mutants/MANIFEST.tsv lists base, operator and what was changed.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path

from agreement import run_jing  # bench/ is the script's folder, so on sys.path
from lxml import etree

REPO = Path(__file__).resolve().parent.parent
TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_BASE_BYTES = 60_000
MAX_BASES = 6


def rows(tsv: Path) -> list[dict[str, str]]:
    """The fetch list: one dict per file (project, repository, commit, path)."""
    with tsv.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def read(row: dict[str, str], mirror: Path, offline: bool) -> bytes:
    """The file's bytes at the pinned commit, from a local mirror or GitHub (raises OSError)."""
    name = row["repository"].replace("/", "+", 1)
    for git_dir in (mirror / name / "repo" / ".git", mirror / name / "repo"):
        if (git_dir / "HEAD").is_file():
            spec = f"{row['commit']}:{row['path']}"
            done = subprocess.run(["git", "--git-dir", str(git_dir), "show", spec], capture_output=True,
                                  check=False)
            if done.returncode == 0:
                return done.stdout
    if offline:
        raise OSError(f"{row['repository']}@{row['commit']}:{row['path']} is not in {mirror}")
    url = f"https://raw.githubusercontent.com/{row['repository']}/{row['commit']}/{row['path']}"
    with urllib.request.urlopen(url, timeout=60) as response:
        data: bytes = response.read()
        return data


def materialise(tsv: Path, out: Path, mirror: Path, offline: bool) -> list[Path]:
    """Write every listed file under OUT/real; the written paths, in list order."""
    written = []
    for row in rows(tsv):
        target = out / "real" / row["project"] / row["path"].replace("/", "__")
        if target.suffix != ".xml":
            target = target.with_name(target.name + ".xml")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(read(row, mirror, offline))
        written.append(target)
    return written


def jing_valid(files: list[Path], schema: Path) -> set[Path]:
    """The files jing finds valid against schema (bench/agreement.py runs it)."""
    return {f for f, messages in run_jing(schema, files).items() if not messages}


def tei(tag: str) -> str:
    return f"{{{TEI}}}{tag}"


def first(root: etree._Element, path: str) -> etree._Element | None:
    found = root.xpath(path, namespaces={"t": TEI})
    return found[0] if isinstance(found, list) and found and isinstance(found[0], etree._Element) else None


PHRASE = "(//t:text//t:p | //t:text//t:ab | //t:text//t:l | //t:text//t:item)[1]"


def _unknown_element(root: etree._Element) -> str | None:
    block = first(root, PHRASE)
    if block is None:
        return None
    block.insert(0, etree.Element(tei("paragraf")))
    block[0].tail = block.text
    block.text = None
    return "a TEI-namespace element TEI does not define (paragraf) at the start of the first p/ab/l/item"


def _foreign_element(root: etree._Element) -> str | None:
    block = first(root, PHRASE)
    if block is None:
        return None
    block.append(etree.Element("{urn:example:other}note"))
    return "an element of another namespace at the end of the first p/ab/l/item"


def _misplaced_element(root: etree._Element) -> str | None:
    stmt = first(root, "/t:TEI/t:teiHeader/t:fileDesc/t:titleStmt")
    if stmt is None:
        return None
    extra = etree.SubElement(stmt, tei("p"))
    extra.text = "out of place"
    return "a p at the end of titleStmt"


def _head_after_block(root: etree._Element) -> str | None:
    div = first(root, "//t:body//t:div[t:p][1]")
    if div is None:
        return None
    block = div.xpath("t:p", namespaces={"t": TEI})[-1]
    head = etree.Element(tei("head"))
    head.text = "Late heading"
    head.tail = block.tail
    block.addnext(head)
    return "a head after the last p of the first div that has one"


def _missing_child(root: etree._Element) -> str | None:
    source = first(root, "/t:TEI/t:teiHeader/t:fileDesc/t:sourceDesc")
    if source is None:
        return None
    source.getparent().remove(source)  # type: ignore[union-attr]
    return "sourceDesc removed from fileDesc"


def _missing_attribute(root: etree._Element) -> str | None:
    block = first(root, "(//t:text//t:p)[1]")
    if block is None:
        return None
    block.append(etree.Element(tei("graphic")))
    return "a graphic without its required url at the end of the first p"


def _bad_date(root: etree._Element) -> str | None:
    block = first(root, "(//t:text//t:p)[1]")
    if block is None:
        return None
    date = etree.SubElement(block, tei("date"), when="the 3rd of May")
    date.text = "the 3rd of May"
    return "a date whose when is not a W3C date at the end of the first p"


def _bad_language(root: etree._Element) -> str | None:
    block = first(root, PHRASE)
    if block is None:
        return None
    block.set(XML_LANG, "old english")
    return "xml:lang='old english' (not a language tag) on the first p/ab/l/item"


def _bad_enumerated(root: etree._Element) -> str | None:
    availability = first(root, "//t:publicationStmt/t:availability")
    if availability is None:
        stmt = first(root, "/t:TEI/t:teiHeader/t:fileDesc/t:publicationStmt[t:publisher or t:distributor "
                            "or t:authority]")
        if stmt is None:
            return None
        availability = etree.SubElement(stmt, tei("availability"))
        etree.SubElement(availability, tei("p")).text = "Reuse allowed."
    availability.set("status", "open")
    return "availability status='open' (not in its closed list)"


def _unknown_attribute(root: etree._Element) -> str | None:
    block = first(root, PHRASE)
    if block is None:
        return None
    block.set("colour", "red")
    return "an attribute TEI does not define (colour) on the first p/ab/l/item"


def _stray_text(root: etree._Element) -> str | None:
    body = first(root, "//t:text/t:body[*]")
    if body is None:
        return None
    body[0].tail = (body[0].tail or "") + "stray words "
    return "text directly in body after its first child"


def _duplicate_id(root: etree._Element) -> str | None:
    blocks = root.xpath("//t:text//*[self::t:p or self::t:ab or self::t:l or self::t:item]",
                        namespaces={"t": TEI})
    if not isinstance(blocks, list) or len(blocks) < 2:
        return None
    for block in blocks[:2]:
        assert isinstance(block, etree._Element)
        block.set(XML_ID, "twice")
    return "the same xml:id on the first two p/ab/l/item"


def _missing_text(root: etree._Element) -> str | None:
    text = first(root, "/t:TEI/t:text")
    if text is None or first(root, "/t:TEI/t:facsimile | /t:TEI/t:sourceDoc") is not None:
        return None
    root.remove(text)
    return "the text element removed"


def _header_after_text(root: etree._Element) -> str | None:
    header = first(root, "/t:TEI/t:teiHeader")
    if header is None:
        return None
    root.remove(header)
    root.append(header)
    return "teiHeader moved after text"


def _empty_title_stmt(root: etree._Element) -> str | None:
    stmt = first(root, "/t:TEI/t:teiHeader/t:fileDesc/t:titleStmt")
    if stmt is None:
        return None
    for child in list(stmt):
        stmt.remove(child)
    stmt.text = None
    return "every child of titleStmt removed"


MUTATIONS: dict[str, Callable[[etree._Element], str | None]] = {
    "unknown-element": _unknown_element,
    "foreign-element": _foreign_element,
    "p-in-titleStmt": _misplaced_element,
    "head-after-p": _head_after_block,
    "no-sourceDesc": _missing_child,
    "graphic-no-url": _missing_attribute,
    "date-when-not-w3c": _bad_date,
    "xml-lang-not-a-tag": _bad_language,
    "status-not-in-list": _bad_enumerated,
    "unknown-attribute": _unknown_attribute,
    "text-in-body": _stray_text,
    "duplicate-xml-id": _duplicate_id,
    "no-text": _missing_text,
    "header-after-text": _header_after_text,
    "empty-titleStmt": _empty_title_stmt,
}


# Values for jing's datatypes, each in an element put at the end of the first p; some are faults,
# some near misses that only look like one (the verdict is jing's either way).
VALUES: dict[str, str] = {
    "when-feb-30": '<date when="2021-02-30">x</date>',
    "when-feb-29-leap": '<date when="2020-02-29">x</date>',
    "when-year-zero": '<date when="0000">x</date>',
    "when-bce": '<date when="-0044-03-15">x</date>',
    "when-month-13": '<date when="2020-13">x</date>',
    "when-hour-24": '<date when="2020-01-01T24:00:00">x</date>',
    "when-spaces": '<date when=" 2020-01-01 ">x</date>',
    "when-range-slash": '<date when="1850/1860">x</date>',
    "quantity-exponent": '<measure quantity="1e3">x</measure>',
    "quantity-comma": '<measure quantity="1,5">x</measure>',
    "cert-probability": '<seg cert="0.5">x</seg>',
    "cert-above-one": '<seg cert="1.5">x</seg>',
    "cert-word": '<seg cert="maybe">x</seg>',
    "rend-empty": '<hi rend="">x</hi>',
    "target-empty": '<ref target="">x</ref>',
    "target-space": '<ref target="a b.html">x</ref>',
    "url-space": '<ref target="http://example.org/a%20b c">x</ref>',
    "lang-private": '<foreign xml:lang="x-klingon">x</foreign>',
    "lang-trailing-hyphen": '<foreign xml:lang="en-">x</foreign>',
    "lang-empty": '<foreign xml:lang="">x</foreign>',
    "space-keep": '<seg xml:space="keep">x</seg>',
    "id-not-ncname": '<seg xml:id="1abc">x</seg>',
    "id-with-colon": '<seg xml:id="a:b">x</seg>',
    "count-negative": '<gap quantity="-1" unit="line"/>',
    "count-plus": '<gap quantity="+3" unit="line"/>',
    "status-padded": '<seg type=" x ">x</seg>',
    "no-namespace": '<seg xmlns="">x</seg>',
}


def _value(markup: str) -> Callable[[etree._Element], str | None]:
    def mutate(root: etree._Element) -> str | None:
        block = first(root, "(//t:text//t:p)[1]")
        if block is None:
            return None
        # libxml2 refuses a bad xml:id while parsing, so it is set after
        element = etree.fromstring(f'<wrap xmlns="{TEI}">{markup.replace("xml:id=", "id=")}</wrap>')[0]
        if "id" in element.attrib:
            element.set(XML_ID, element.attrib.pop("id"))
        block.append(element)
        return f"{markup} at the end of the first p"
    return mutate


MUTATIONS.update({name: _value(markup) for name, markup in VALUES.items()})


MARK = "@@HERE@@"

# Changes to the bytes (the internal DTD subset, the encoding): a DOCTYPE with an internal subset,
# and what stands at MARK (the start of the first p's text), or another encoding.
SUBSETS: dict[str, tuple[str, str]] = {
    "entity-text": ('<!ENTITY ed "the editor">', "&ed; "),
    "entity-markup": ('<!ENTITY hl "<hi rend=\'b\'>x</hi>">', "&hl; "),
    "entity-bad-markup": ('<!ENTITY bad "<paragraf>x</paragraf>">', "&bad; "),
    "entity-undeclared": ("", "&nowhere; "),
    "default-attribute-bad": ('<!ATTLIST p colour CDATA "red">', ""),
    "default-attribute-ok": ('<!ATTLIST p rend CDATA "indent">', ""),
    "fixed-attribute-bad-value": ('<!ATTLIST p xml:space (default|preserve|keep) #FIXED "keep">', ""),
}


def _marked(root: etree._Element) -> str | None:
    block = first(root, "(//t:text//t:p)[1]")
    if block is None:
        return None
    block.text = MARK + (block.text or "")
    return "marked"


def _raw(tree: etree._ElementTree, name: str) -> tuple[bytes, str] | None:
    """The bytes of a raw mutant of tree (the base as parsed) and what was changed, or None."""
    if name == "utf-16":
        text = etree.tostring(tree, encoding="unicode")
        data = ('<?xml version="1.0" encoding="UTF-16"?>\n' + text).encode("utf-16")
        return data, "the whole file in UTF-16"
    if name == "xml-1.1":
        data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
        return data.replace(b"version='1.0'", b"version='1.1'", 1), "declared XML 1.1"
    subset, at = SUBSETS[name]
    if _marked(tree.getroot()) is None:
        return None
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8").decode("utf-8")
    declaration, rest = data.split("\n", 1)
    doctype = f"<!DOCTYPE TEI [\n{subset}\n]>\n" if subset else ""
    return (f"{declaration}\n{doctype}{rest.replace(MARK, at, 1)}".encode(), f"{subset} {at}".strip())


RAW = ["utf-16", "xml-1.1", *SUBSETS]


def mutants(real: list[Path], out: Path) -> list[tuple[str, str, str]]:
    """Write the mutants under OUT/mutants; (base, operator, change) of each."""
    schema = REPO / "schemas" / "tei_all.rng"
    small = sorted(p for p in real
                   if p.stat().st_size <= MAX_BASE_BYTES and b"<!DOCTYPE" not in p.read_bytes())
    valid = jing_valid(small, schema)
    bases: list[Path] = []
    for path in small:
        if path in valid and path.parent not in {b.parent for b in bases} and len(bases) < MAX_BASES:
            bases.append(path)
    made = []
    folder = out / "mutants"
    folder.mkdir(parents=True, exist_ok=True)
    for base in bases:
        for name, mutate in MUTATIONS.items():
            tree = etree.parse(str(base), etree.XMLParser(resolve_entities=False, no_network=True))
            change = mutate(tree.getroot())
            if change is None:
                continue
            target = folder / f"{base.parent.name}__{base.stem}__m-{name}.xml"
            target.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
            made.append((str(base.relative_to(out)), name, change))
        for name in RAW:
            tree = etree.parse(str(base), etree.XMLParser(resolve_entities=False, no_network=True))
            raw = _raw(tree, name)
            if raw is None:
                continue
            (folder / f"{base.parent.name}__{base.stem}__m-{name}.xml").write_bytes(raw[0])
            made.append((str(base.relative_to(out)), name, raw[1]))
    with (folder / "MANIFEST.tsv").open("w", encoding="utf-8", newline="") as f:
        f.write("base\toperator\tchange\n")
        for record in made:
            f.write("\t".join(record) + "\n")
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/work/agreement-corpus"))
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--list", type=Path, default=REPO / "bench" / "agreement-corpus.tsv")
    parser.add_argument("--offline", action="store_true", help="never download; local mirrors only")
    args = parser.parse_args()
    if args.out.resolve().is_relative_to(REPO):
        print("the corpus goes outside the repository", file=sys.stderr)
        return 2
    real = materialise(args.list, args.out, args.mirror, args.offline)
    made = mutants(real, args.out)
    projects = {p.parent.name for p in real}
    print(f"{len(real)} real files from {len(projects)} projects, {len(made)} mutants -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
