"""How `teitools convert` does on the Project Gutenberg texts of the development corpus.

Usage: .venv/bin/python bench/gutenberg.py [--json] [FILE.txt ...]
(default: every ../shared/devcorpus/pg/*.txt; or $TEITOOLS_SHARED/devcorpus/pg; prints a note
and exits 0 when that folder is absent)

Per book:
- layout: what detection chose (must be gutenberg), and the encoding the text was read in;
- pb: the <pb> of the TEI, and how many of them no page marker of the text gives
  (invented: the page markers the text prints are {12}, [Pg 12], [p. 12] and a margin "Page 12");
- fig: <figure>s written / "[Illustration" constructs in the book (recall);
- notes: footnotes written at their marker or paragraph / all footnotes written (linked), and
  footnote texts found / footnote texts in the book ("[Footnote …:", "[Note N:", "[N] text");
- heads: chapter headings of the book (the pattern below, written for each book from reading
  it: HEADINGS) that open a <div> with that line as its <head> (recall);
- clean: no line of Project Gutenberg's banners or licence inside <body>;
- meta: the header's title and first author equal the preamble's Title: and Author: fields;
- valid: `teitools validate` on the output (teitools.rng, teitools.sch, integrity) and, when
  ../shared has it, tei_all; FID: the converter's own fidelity check passed;
- s: conversion time in process, CPU seconds (the process's own, so that other work on the
  machine does not count in it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from lxml import etree

from teitools.convert import convert_source
from teitools.source import read_source
from teitools.validation import rng, run

REPO = Path(__file__).resolve().parent.parent
TEI = "{http://www.tei-c.org/ns/1.0}"

# Chapter headings of each book, as the print sets them: (pattern for the stripped line, first line,
# last line). "gap" stands for a line after three or more blank lines (Faust's scene titles).
HEADINGS: dict[str, tuple[str, int, int]] = {
    "de_2229_faust-1": ("gap", 90, 7050),
    "de_27206_volkssagen-baden": (r"^\d{1,3}\.$", 400, 4440),
    "en_11575_notes-and-queries-12": ("after-separator", 88, 1970),
    "en_14400_manual-egyptian-archaeology": (r"^CHAPTER [IVX]+\.$", 850, 9780),
    "en_26659_will-to-believe": (r"^(?:[A-Z][A-Z ,.'?-]{8,}[.?](?:\[1\])?|[IVX]+\.)$", 445, 9900),
    "en_5307_mozart-letters-vol1": (r"^\d{1,3}\.$", 280, 8480),
    "en_8643_punch-1917-07-04": ("after-separator", 50, 1570),
    "es_16961_trafalgar": (r"^-[IVXL]+-$", 60, 5490),
    "fr_30268_lettres-persanes-1": (r"^LETTRE [IVXLC]+\.$", 940, 7790),
    "it_52484_pinocchio": (r"^[IVXL]+\.$", 70, 6790),
    "nl_11024_max-havelaar": (r"^[A-Z]+ HOOFDSTUK(?:\[\d+\])?$", 130, 11360),
}
_PAGE_MARKERS = re.compile(r"\{(\d{1,4}|[ivxlcdmIVXLCDM]{1,8})\}"
                           r"|\[(?:Pg|pg|Page|page|p\.)\s*(\d{1,4}|[ivxlcdm]{1,8})\]"
                           r"|^\s*(?:Page|Pg\.?)\s+(\d{1,4}|[ivxlcdm]{1,8})(?=\s{2,}\S|\s*$)", re.M)
_FIGURES = re.compile(r"\[(?:Illustr|Ilustr)", re.I)
_NOTE_TEXTS = re.compile(r"\[(?:Footnote|FOOTNOTE|Note|Nota)(?: [\w*]{1,3})?:"
                         r"|^\s*\[[\dA-Z*]{1,3}\]\s+\S", re.M)
_SEPARATOR = re.compile(r"^\s*(?:\*\s*){3,}$")
_LEAKS = ("START OF THE PROJECT GUTENBERG", "START OF THIS PROJECT GUTENBERG", "END OF THE PROJECT GUTENBERG",
          "END OF THIS PROJECT GUTENBERG", "End of the Project Gutenberg", "End of Project Gutenberg",
          "Project Gutenberg-tm", "PROJECT GUTENBERG LITERARY ARCHIVE", "Ende dieses Projekt Gutenberg")


def shared_dir() -> Path | None:
    env = os.environ.get("TEITOOLS_SHARED")
    path = Path(env) if env else REPO.parent / "shared"
    return path if path.is_dir() else None


def _norm(text: str) -> str:
    """A heading's words: note and page markers left out."""
    return " ".join(re.sub(r"\[\d+\]|\{\d+\}|\{[ivxlc]+\}", "", text).split())


def _head_text(head: etree._Element) -> str:
    """The text of a <head>, its notes left out."""
    parts = [head.text or ""]
    for child in head:
        if child.tag != f"{TEI}note":
            parts.append(_head_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _gold_headings(lines: list[str], spec: tuple[str, int, int]) -> list[str]:
    pattern, low, high = spec
    found = []
    for i in range(max(1, low) - 1, min(high, len(lines))):
        text = lines[i].strip()
        if not text:
            continue
        if pattern == "gap":
            ok = i >= 3 and not any(line.strip() for line in lines[i - 3:i])
        elif pattern == "after-separator":
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            letters = [c for c in text if c.isalpha()]
            ok = j >= 0 and bool(_SEPARATOR.match(lines[j])) and bool(letters) \
                and all(c.isupper() for c in letters) and not lines[i + 1].strip()
        else:
            ok = re.match(pattern, text) is not None
        if ok:
            found.append(_norm(text))
    return found


def _preamble_field(text: str, name: str) -> str | None:
    head = text.split("*** START", 1)[0].split("***START", 1)[0]
    found = re.search(rf"^{name}:\s*(.+)$", head, re.M)
    return " ".join(found.group(1).split()) if found else None


def measure(path: Path, tei_all: rng.Grammar | None) -> dict[str, object]:
    source = read_source(path)
    started = time.process_time()
    conv = convert_source(source)
    seconds = time.process_time() - started
    root = conv.tree.getroot()
    body = root.find(f"{TEI}text/{TEI}body")
    assert body is not None
    text = source.text
    lines = text.split("\n")
    printed = Counter(next(g for g in m.groups() if g) for m in _PAGE_MARKERS.finditer(text))
    pbs = Counter(pb.get("n", "") for pb in root.iter(f"{TEI}pb"))
    invented = sum((pbs - printed).values())
    figures_expected = len(_FIGURES.findall(text))
    figures = sum(1 for _ in body.iter(f"{TEI}figure"))
    foot = [n for n in root.iter(f"{TEI}note") if n.get("place") == "foot"]
    blocks = ("div", "body", "back", "front")  # a note standing alone, not in a paragraph
    linked = sum(1 for n in foot if etree.QName(n.getparent()).localname not in blocks)
    note_texts = len(_NOTE_TEXTS.findall(text))
    spec = HEADINGS.get(path.stem)
    gold = _gold_headings(lines, spec) if spec else []
    heads = Counter(_norm(_head_text(h)) for h in body.iter(f"{TEI}head")
                    if etree.QName(h.getparent()).localname == "div")
    hit = 0
    for line in gold:
        match = next((h for h in heads if heads[h] and (h == line or h.startswith(line + " "))), None)
        if match:
            heads[match] -= 1
            hit += 1
    body_text = " ".join(body.itertext())
    leaks = [s for s in _LEAKS if s in body_text]
    title = root.findtext(f".//{TEI}titleStmt/{TEI}title[@type='main']")
    author = root.findtext(f".//{TEI}titleStmt/{TEI}author")
    meta_ok = title == _preamble_field(text, "Title") and author == _preamble_field(text, "Author")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / (path.stem + ".xml")
        out.write_bytes(conv.data)
        (Path(tmp) / "teitools.rng").write_bytes((REPO / "schemas" / "teitools.rng").read_bytes())
        (Path(tmp) / "teitools.sch").write_bytes((REPO / "schemas" / "teitools.sch").read_bytes())
        checked = run.validate_file(out, run.Options())
    problems = [d.to_text() for d in checked.diagnostics if d.severity.name == "ERROR"]
    if tei_all is not None:
        problems += [d.to_text() for d in rng.validate(tei_all, conv.tree, conv.data, path.stem)]
    return {
        "file": path.name, "layout": conv.document.layout, "encoding": source.encoding,
        "pb": sum(pbs.values()), "pb_invented": invented, "page_markers": sum(printed.values()),
        "figures": figures, "figures_expected": figures_expected,
        "figures_recall": (round(min(figures, figures_expected) / figures_expected, 3)
                           if figures_expected else None),
        "footnotes": len(foot), "footnotes_linked": linked,
        "linked": round(linked / len(foot), 3) if foot else None, "note_texts": note_texts,
        "headings_expected": len(gold), "headings_found": hit,
        "headings_recall": round(hit / len(gold), 3) if gold else None,
        "clean": not leaks, "meta": meta_ok, "title": title, "author": author,
        "valid": not problems, "problems": problems[:3], "fid": conv.ok, "seconds": round(seconds, 3),
    }


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ok" if value else "NO"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    shared = shared_dir()
    files = args.files or (sorted((shared / "devcorpus" / "pg").glob("*.txt")) if shared else [])
    if not files:
        print("../shared/devcorpus/pg is not beside the repository (set TEITOOLS_SHARED): nothing to measure")
        return 0
    schema = shared / "conformance" / "validate" / "schemas" / "tei_all.rng" if shared else None
    tei_all = run.grammar(schema) if schema is not None and schema.is_file() else None
    rows = [measure(path, tei_all) for path in files]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    header = (f"{'file':40} {'layout':9} {'enc':9} {'pb':>4} {'inv':>3} {'fig':>9} {'recall':>6} "
              f"{'notes':>9} {'linked':>6} {'texts':>5} {'heads':>7} {'recall':>6} clean meta valid FID  s")
    print(header)
    for r in rows:
        figures = f"{r['figures']}/{r['figures_expected']}"
        notes = f"{r['footnotes_linked']}/{r['footnotes']}"
        heads = f"{r['headings_found']}/{r['headings_expected']}"
        print(f"{str(r['file'])[:40]:40} {r['layout']!s:9} {r['encoding']!s:9} {r['pb']:>4} "
              f"{r['pb_invented']:>3} {figures:>9} {_fmt(r['figures_recall']):>6} {notes:>9} "
              f"{_fmt(r['linked']):>6} {r['note_texts']:>5} {heads:>7} {_fmt(r['headings_recall']):>6} "
              f"{_fmt(r['clean']):>5} {_fmt(r['meta']):>4} {_fmt(r['valid']):>5} {_fmt(r['fid']):>3} "
              f"{r['seconds']:.2f}")
        for problem in r["problems"]:  # type: ignore[attr-defined]
            print("    ", problem[:200])
    total = {k: sum(int(r[k]) for r in rows) for k in ("figures_expected", "footnotes", "footnotes_linked",
                                                        "headings_expected", "headings_found", "pb_invented")}
    figures = sum(min(int(r["figures"]), int(r["figures_expected"])) for r in rows)  # type: ignore[call-overload]
    gutenberg = sum(r["layout"] == "gutenberg" for r in rows)
    print(f"\nall {len(rows)} books: layout gutenberg {gutenberg}/{len(rows)}, "
          f"invented pb {total['pb_invented']}, figures recall "
          f"{figures / max(1, total['figures_expected']):.3f}, footnotes linked "
          f"{total['footnotes_linked'] / max(1, total['footnotes']):.3f}, chapter headings "
          f"{total['headings_found'] / max(1, total['headings_expected']):.3f}, clean "
          f"{sum(bool(r['clean']) for r in rows)}, meta {sum(bool(r['meta']) for r in rows)}, valid "
          f"{sum(bool(r['valid']) for r in rows)}, FID ok {sum(bool(r['fid']) for r in rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
