"""The schema store: where validation finds schemas, never from the network.

Lookup order: folders given with ``--schema-dir``, then ``$TEITOOLS_SCHEMA_DIR`` (paths
separated by ``os.pathsep``), then the user cache folder (``$XDG_CACHE_HOME/teitools/schemas``
or ``~/.cache/teitools/schemas``), then the schemas shipped with teitools. A schema is named
by file name (``tei_all.rng``), by name without extension (``tei_all``) or by URL, whose last
path segment is looked up. Only ``teitools schemas fetch`` downloads, with a pinned SHA-256.

teitools ships TEI P5's ``tei_all.rng`` (release 4.11.0, its licence beside it), the schema
``DEFAULT`` that a document naming none is checked against, so that validation works offline.
"""

from __future__ import annotations

import hashlib
import os
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from teitools import codes
from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.outputs import write_atomic
from teitools.resources import data_dir
from teitools.validation.sandbox import within

RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
ENV_DIR = "TEITOOLS_SCHEMA_DIR"
ENV_URL = "TEITOOLS_SCHEMA_URL"  # a mirror to fetch from instead of tei-c.org (tests use a local server)


@dataclass(frozen=True)
class Release:
    """An official schema file at a pinned version, with the SHA-256 it must have."""

    file: str
    version: str
    url: str
    sha256: str
    slow_to_compile: bool = False  # libxml2 takes seconds to compile it whole (see rng.Grammar.check)


_VAULT = "https://www.tei-c.org/Vault/P5"
RELEASES: dict[str, Release] = {r.file.rsplit(".", 1)[0]: r for r in [
    Release("tei_all.rng", "4.11.0", f"{_VAULT}/4.11.0/xml/tei/custom/schema/relaxng/tei_all.rng",
            "42ec49d9a590d156e989780c1b78b550cf27ad29d906763bb0904c3a36ec7f13", slow_to_compile=True),
    Release("tei_lite.rng", "4.5.0a", f"{_VAULT}/4.5.0/xml/tei/custom/schema/relaxng/tei_lite.rng",
            "955f2ebed63004eaecdbbf3c928ad5c6e6fc104a288bfadbf01a05199965e601"),
]}


DEFAULT = "tei_all"  # what a document that names no schema in the store is checked against


def cache_dir(*parts: str) -> Path:
    """A folder of teitools' user cache (``$XDG_CACHE_HOME/teitools`` or ``~/.cache/teitools``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base, "teitools", *parts)


def user_dir() -> Path:
    return cache_dir("schemas")


def search_path(extra: Sequence[Path] = ()) -> list[Path]:
    """The store's folders, in lookup order."""
    env = [Path(p) for p in os.environ.get(ENV_DIR, "").split(os.pathsep) if p]
    return [*extra, *env, user_dir(), data_dir("schemas")]


def lookup(name: str, extra: Sequence[Path] = ()) -> Path | None:
    """The stored file for a schema name, file name or URL; None when the store lacks it."""
    file = Path(urllib.parse.urlparse(name).path).name if "://" in name else Path(name).name
    candidates = [file] if "." in file else [f"{file}.rng", f"{file}.sch"]
    for folder in search_path(extra):
        for candidate in candidates:
            if (folder / candidate).is_file():
                return folder / candidate
    return None


def resolve(spec: str, extra: Sequence[Path] = ()) -> Path:
    """``--schema`` or ``--schematron``: an existing path, else a name in the store."""
    path = Path(spec)
    if "://" not in spec and path.is_file():
        return path
    found = lookup(spec, extra)
    if found is None:
        raise TeiToolsError(Diagnostic(
            codes.SCH004, f"schema {spec!r} is neither a file nor in the schema store", path="teitools",
            hint=f"run `teitools schemas fetch {Path(spec).stem}` or pass --schema-dir"))
    return found


@dataclass(frozen=True)
class Declared:
    """A schema named by an ``<?xml-model?>`` processing instruction."""

    href: str
    kind: str  # "rng" or "sch"
    line: int | None = None  # of the processing instruction


def declared(tree: etree._ElementTree) -> list[Declared]:
    """The RELAX NG and Schematron schemas the document's xml-model PIs name, in order."""
    found: list[Declared] = []
    node = tree.getroot().getprevious()
    pis: list[etree._Element] = []
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            pis.insert(0, node)
        node = node.getprevious()
    for pi in pis:
        attrs = pi.attrib
        href = attrs.get("href")
        if not href:
            continue
        typens = attrs.get("schematypens", "")
        if typens == SCH_NS or (not typens and href.endswith(".sch")):
            found.append(Declared(href, "sch", pi.sourceline))
        elif typens == RNG_NS or (not typens and href.endswith(".rng")):
            found.append(Declared(href, "rng", pi.sourceline))
    return found


def resolve_declared(href: str, document: Path | None, extra: Sequence[Path] = (),
                     roots: Sequence[Path] = (), trusted: bool = False) -> Path | None:
    """A schema named by a document: a local file relative to the document, else the store.
    Never the network.

    A local file counts only inside the document's folder tree or one of ``roots`` (the
    folders given as input), unless ``trusted``; outside them the store is asked for its file
    name. Raises TeiToolsError SCH011 when only a file outside them would do (see sandbox).
    """
    if "://" in href or document is None:
        return lookup(href, extra)
    local = document.parent / href
    allowed = (document.parent, *(r for r in roots if within(document, (r,))))
    if local.is_file() and (trusted or within(local, allowed)):
        return local.resolve()
    found = lookup(href, extra)
    if found is None and local.is_file():
        raise TeiToolsError(Diagnostic(
            codes.SCH011, f"schema {href!r} named by <?xml-model?> lies outside the document's folder: "
            "refused", path=str(document),
            hint="pass --trust-schemas, or put the schema in a --schema-dir folder"), 2)
    return found


# ---------------------------------------------------------------- schemas fetch / list


def fetch(name: str, target_dir: Path | None = None, timeout: float = 60.0) -> Path:
    """Download an official release file into the store and check its pinned SHA-256."""
    release = RELEASES.get(name.removesuffix(".rng"))
    if release is None:
        raise TeiToolsError(Diagnostic(codes.SCH008, f"no pinned release named {name!r}", path="teitools",
                                       hint="known: " + ", ".join(sorted(RELEASES))))
    mirror = os.environ.get(ENV_URL)
    url = f"{mirror.rstrip('/')}/{release.file}" if mirror else release.url
    import urllib.request  # only here: other commands need not load the HTTP client

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = response.read()
    except (OSError, ValueError) as exc:
        raise TeiToolsError(Diagnostic(codes.IO010, f"cannot download {url}: {exc}",
                                       path="teitools")) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != release.sha256:
        raise TeiToolsError(Diagnostic(
            codes.SCH009, f"{url} has SHA-256 {digest}, not the pinned {release.sha256}; not stored",
            path="teitools", hint=f"a copy you trust can be put by hand into {user_dir()} "
            f"or a folder named by {ENV_DIR}"))
    folder = target_dir or user_dir()
    target = folder / release.file
    write_atomic(target, data, force=True)
    return target


def missing_hint(href: str) -> str:
    """How to add a schema a document names to the store: one line."""
    name = Path(urllib.parse.urlparse(href).path).name if "://" in href else Path(href).name
    stem = Path(name).stem
    if stem in RELEASES:
        return f"run `teitools schemas fetch {stem}`, or choose a schema with --schema"
    return (f"put {name or href} in a --schema-dir folder, ${ENV_DIR} or {user_dir()}, "
            "or choose a schema with --schema")


@dataclass(frozen=True)
class Entry:
    path: Path
    version: str
    verified: bool
    bundled: bool = False  # shipped with teitools


def entries(extra: Sequence[Path] = ()) -> list[Entry]:
    """Every schema in the store (first occurrence of each file name wins, as in lookup)."""
    seen: set[str] = set()
    found: list[Entry] = []
    shipped = data_dir("schemas")
    for folder in search_path(extra):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".rng", ".sch") or path.name in seen:
                continue
            seen.add(path.name)
            release = RELEASES.get(path.stem)
            verified = release is not None and hashlib.sha256(path.read_bytes()).hexdigest() == release.sha256
            found.append(Entry(path, release.version if verified and release else "", verified,
                               folder == shipped))
    return found
