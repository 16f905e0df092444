"""A user's own XSLT 1.0 stylesheet for ``teitools export --xslt``, run locked down.

The stylesheet is read as any untrusted XML is (``safexml``: its internal entities expanded,
nothing external), compiled by libxslt and run with lxml's ``XSLTAccessControl`` denying file
writes, directory creation and the network (``exsl:document``, ``xsl:document`` and the like
fail, ``document('http://…')`` is never fetched). Every file it reads goes through
:class:`_Reads`: ``xsl:import``/``xsl:include`` only below the stylesheet's folder (while it
compiles), ``document()`` only below the folder of the input being exported (while it runs),
each file read as untrusted XML again; anything else is refused before it is opened.

A stylesheet that cannot be used is one line, ``path:line:col: CODE message``: EX003 not
well-formed XML, EX004 not an XSLT 1.0 stylesheet libxslt compiles without error (exit
status 2, before any input is read); on a document, EX005 when it fails at run time and EX006
when it tries to read, write or fetch what it may not (exit status 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from teitools import codes
from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.safexml import parse_bytes, read_limited

if TYPE_CHECKING:
    from lxml.etree._docloader import _InputDocument

ACCESS = etree.XSLTAccessControl(read_file=True, write_file=False, create_dir=False, read_network=False,
                                 write_network=False)
_AT = re.compile(r"(?:runtime|compilation) error, element '([^']*)'")
_DENIED = re.compile(r"refused|rights for .* denied", re.IGNORECASE)


class Refused(Exception):
    """A read the stylesheet may not make."""

    def __init__(self, url: str, why: str) -> None:
        super().__init__(f"{url}: {why}")
        self.url = url
        self.why = why


class _Reads(etree.Resolver):
    """Reads files below ``roots`` only, as untrusted XML; refuses every other request."""

    def __init__(self, roots: list[Path], what: str = "the stylesheet's folder") -> None:
        super().__init__()
        self.roots = roots
        self.what = what

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> _InputDocument:
        url = system_url or ""
        parts = urlsplit(url)
        if parts.scheme not in ("", "file") or (parts.scheme == "file" and parts.netloc not in ("",
                                                                                               "localhost")):
            raise Refused(url, "only local files are read")
        path = Path(unquote(parts.path) if parts.scheme else url).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise Refused(url, f"outside {self.what}")
        try:
            tree = parse_bytes(read_limited(path), str(path))
        except TeiToolsError as exc:
            raise Refused(url, exc.diagnostic.message) from None
        return self.resolve_string(etree.tostring(tree), context, base_url=url)


@dataclass
class UserStylesheet:
    path: Path
    transform: etree.XSLT
    reads: _Reads

    def apply(self, prepared: etree._ElementTree, source: str, params: dict[str, Any]
              ) -> etree._XSLTResultTree:
        """Run on a prepared TEI document read from ``source`` (its folder is the one ``document()``
        may read); a failure is a TeiToolsError EX005 or EX006 (exit status 1)."""
        self.reads.roots = [Path(source).resolve().parent] if source else []
        self.reads.what = "the input's folder"
        if source:
            prepared.docinfo.URL = str(Path(source).resolve())
        try:
            return self.transform(prepared, **params)
        except Refused as exc:
            raise TeiToolsError(Diagnostic(
                codes.EX006, f"the stylesheet may not read {exc.url} ({exc.why}) while exporting {source}",
                path=str(self.path), hint="document() reads files below the input's folder only"), 1
            ) from None
        except etree.XSLTApplyError as exc:
            raise _runtime_error(self.path, source, exc, self.transform.error_log) from None


def load(path: Path) -> UserStylesheet:
    """Read and compile a user's stylesheet (TeiToolsError IO00x, EX003, EX004: exit status 2)."""
    data = read_limited(path)
    shown = str(path)
    try:
        checked = parse_bytes(data, shown)
    except TeiToolsError as exc:
        found = exc.diagnostic
        raise TeiToolsError(Diagnostic(
            codes.EX003,
            f"stylesheet is not well-formed XML: {found.message.removeprefix('not well-formed: ')}",
            path=shown, line=found.line, column=found.column, hint="an XSLT stylesheet is an XML file"), 2
        ) from None
    reads = _Reads([path.resolve().parent])
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    parser.resolvers.add(reads)
    doc = etree.fromstring(etree.tostring(checked), parser, base_url=str(path.resolve())).getroottree()
    try:
        transform = etree.XSLT(doc, access_control=ACCESS)
    except Refused as exc:
        line = _import_line(doc, exc.url)
        raise TeiToolsError(Diagnostic(
            codes.EX004, f"stylesheet imports {exc.url}: refused ({exc.why})", path=shown, line=line,
            hint="xsl:import and xsl:include read files below the stylesheet's folder only"), 2) from None
    except etree.XSLTParseError as exc:
        raise _compile_error(shown, str(exc), exc.error_log) from None
    if any(e.level >= etree.ErrorLevels.ERROR for e in transform.error_log):
        raise _compile_error(shown, "", transform.error_log)
    return UserStylesheet(path, transform, reads)


def _import_line(doc: etree._ElementTree, url: str) -> int | None:
    xsl = "{http://www.w3.org/1999/XSL/Transform}"
    for el in doc.getroot().iter(f"{xsl}import", f"{xsl}include"):
        href = el.get("href") or ""
        if href and (url.endswith(href) or href.endswith(url)):
            return el.sourceline
    return None


# libxslt's words for what a reader of a stylesheet wants to know.
_PLAIN = {"xsltParseStylesheetProcess : document is not a stylesheet":
          "the root element is not xsl:stylesheet (nor a literal result element with xsl:version)",
          "xsl:version: only 1.1 features are supported": "not XSLT 1.0: libxslt runs XSLT 1.0 only"}


def _located(log: etree._ListErrorLog, compiling: bool = False) -> tuple[int | None, str]:
    """(line, what) from libxslt's log: the line of its first entry at a place in the stylesheet
    (``… error, element 'x'``) and what went wrong, with the element: the first message (at run
    time), or the last with the first (compiling: ``could not compile 'x': Invalid expression``)."""
    line: int | None = None
    element = ""
    messages: list[str] = []
    for entry in log:
        text = entry.message.strip()
        at = _AT.search(text)
        if at:
            if line is None and entry.line > 0:
                line, element = entry.line, at.group(1)
            continue
        text = _PLAIN.get(text, text).rstrip(".")
        if text and text not in messages and text not in ("error", "XPath evaluation returned no result"):
            messages.append(text)
    message = messages[0] if messages else ""
    if compiling and len(messages) > 1:
        message = f"{messages[-1]}: {messages[0]}"
    return line, f"{message} (element {element})" if message and element else message


def _compile_error(path: str, fallback: str, log: etree._ListErrorLog) -> TeiToolsError:
    line, message = _located(log, compiling=True)
    return TeiToolsError(Diagnostic(
        codes.EX004,
        f"not a usable XSLT 1.0 stylesheet: {message or fallback or 'libxslt cannot compile it'}",
        path=path, line=line, hint="teitools runs XSLT 1.0 (libxslt, with EXSLT)"), 2)


def _runtime_error(path: Path, source: str, exc: etree.XSLTApplyError, log: etree._ListErrorLog
                   ) -> TeiToolsError:
    line, message = _located(log)
    message = message or str(exc) or "failed"
    if _DENIED.search(message) or _DENIED.search(str(exc)):
        return TeiToolsError(Diagnostic(
            codes.EX006, f"the stylesheet may not do this while exporting {source or 'the document'}: "
            f"{message}", path=str(path), line=line,
            hint="a custom stylesheet writes nothing and reads no network address"), 1)
    return TeiToolsError(Diagnostic(
        codes.EX005, f"the stylesheet failed on {source or 'the document'}: {message}", path=str(path),
        line=line, hint="fix the stylesheet; the message is libxslt's"), 1)
