"""Export TEI to other formats through the XSLT stylesheets in ``xslt/``.

The document is first prepared (``exportprep``: ids, heading levels, note numbers, joined
words), then transformed by lxml (libxslt) with file and network access denied; the HTML
is brought within HTML5's content models (``htmlfix``) and the text tidied line by line.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, cast

from lxml import etree

from teitools import codes, epub, exportprep, htmlfix
from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.resources import data_file
from teitools.safexml import parse_bytes, read_limited
from teitools.userxslt import UserStylesheet

TEI_NS = "http://www.tei-c.org/ns/1.0"
# format -> (stylesheet, suffix): EPUB is made of the HTML page.
FORMATS = {"html": ("tei-to-html.xsl", ".html"), "text": ("tei-to-text.xsl", ".txt"),
           "epub": ("tei-to-html.xsl", ".epub")}
ROOTS = (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus")
LOCKED = etree.XSLTAccessControl(read_file=False, write_file=False, create_dir=False, read_network=False,
                                 write_network=False)


@cache
def stylesheet(fmt: str) -> etree.XSLT:
    """The compiled stylesheet for a format (compiled once per process)."""
    path = data_file("xslt", FORMATS[fmt][0])
    return etree.XSLT(etree.parse(str(path)), access_control=LOCKED)


@cache
def builtin_css(name: str = "tei-html.css") -> str:
    """The CSS shipped in ``xslt/``: ``tei-html.css`` for the page, ``tei-epub.css`` for EPUB."""
    return data_file("xslt", name).read_text(encoding="utf-8")


def export_bytes(data: bytes, fmt: str, path: str = "", params: dict[str, str] | None = None) -> bytes:
    """Transform one serialised TEI document."""
    return export_tree(parse_bytes(data, path), fmt, path, params)


def check_root(doc: etree._ElementTree, path: str) -> None:
    """Refuse what is not TEI (a ``TEI`` or ``teiCorpus`` in the TEI namespace)."""
    root = doc.getroot()
    if root.tag not in ROOTS:
        raise TeiToolsError(Diagnostic(
            codes.EX001, f"root element is {root.tag!r}, not TEI or teiCorpus in the TEI namespace",
            path=path), 1)


def export_tree(doc: etree._ElementTree, fmt: str, path: str = "", params: dict[str, str] | None = None,
                css: str = "", xslt: UserStylesheet | None = None, base: Path | None = None) -> bytes:
    """Transform one parsed TEI document; refuse what is not TEI with a clear error. ``css`` is
    the user's CSS, after the built-in one (HTML: a second ``<style>``; EPUB: a second file).
    With ``xslt`` (a user's stylesheet) its output is the result as it serialises it; for EPUB,
    the HTML it makes is the book's. ``base``, the folder of the TEI file, lets an EPUB, and an
    HTML page in ``data:`` addresses, hold the image files the TEI names below it
    (``epub.local_image``); None reads no file."""
    check_root(doc, path)
    prepared = exportprep.prepare(doc)
    xsl_params: dict[str, Any] = {name: etree.XSLT.strparam(value) for name, value in (params or {}).items()}
    if fmt == "html" or xslt is not None:
        xsl_params["css"] = etree.XSLT.strparam(builtin_css())
        if css:
            xsl_params["user-css"] = etree.XSLT.strparam(css.replace("</", "<\\/"))
    if xslt is not None:
        custom = xslt.apply(prepared, path, xsl_params)
        if fmt != "epub":
            return bytes(cast(Any, custom))  # as the stylesheet's xsl:output says
        page = custom.getroot()
        if page is None:
            raise TeiToolsError(Diagnostic(codes.EX005, f"the stylesheet made no HTML for an EPUB of {path}",
                                           path=str(xslt.path)), 1)
        return epub.build(page, doc, builtin_css("tei-epub.css"), css, base)
    try:
        result = stylesheet(fmt)(prepared, **xsl_params)
    except etree.XSLTApplyError as exc:
        raise TeiToolsError(Diagnostic(codes.EX002, f"stylesheet failed: {exc}", path=path), 1) from None
    if fmt == "text":
        return tidy_text(str(result))
    root = result.getroot()
    if root is None:
        raise TeiToolsError(Diagnostic(codes.EX002, "stylesheet made no HTML", path=path), 1)
    htmlfix.repair(root)
    if fmt == "epub":
        return epub.build(root, doc, builtin_css("tei-epub.css"), css, base)
    if base is not None:
        epub.embed_local_images(root, base)  # the page stands alone wherever it is written
    return htmlfix.serialise(root)


def read_css(path: Path) -> str:
    """The text of a ``--css`` file (TeiToolsError IO00x, EX007: exit status 2)."""
    try:
        return read_limited(path, 16 * 1024 * 1024).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TeiToolsError(Diagnostic(codes.EX007, f"not UTF-8 text (byte {exc.start})", path=str(path),
                                       hint="save it as UTF-8")) from None


_PARAM = re.compile(r"^[A-Za-z_][\w.-]*$")


# The parameters a user may give the built-in stylesheets, and the values each takes.
BUILTIN_PARAMS = {"text": {"pages": ("0", "1")}, "html": {}, "epub": {}}


def parse_params(items: tuple[str, ...] | list[str], fmt: str | None = None) -> dict[str, str]:
    """``NAME=VALUE`` strings as stylesheet parameters; a malformed one is a usage error (USE005),
    and so, for the built-in stylesheet of ``fmt`` (None: a user's stylesheet, which may take
    any), is a name it does not take or a value it does not know (``page=1``, ``pages=yes``)."""
    out: dict[str, str] = {}
    known = BUILTIN_PARAMS.get(fmt or "")
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not _PARAM.match(name):
            raise TeiToolsError(Diagnostic(
                codes.USE005, f"--param {item!r} is not NAME=VALUE", hint="write it as --param pages=1"))
        if known is not None and (name not in known or value not in known[name]):
            takes = "; ".join(f"{key}={'|'.join(values)}" for key, values in known.items())
            what = f"takes {name}={'|'.join(known[name])}" if name in known \
                else f"takes no parameter {name!r}"
            raise TeiToolsError(Diagnostic(codes.USE005, f"--param {item!r}: the {fmt} export {what}",
                                           hint=f"it takes {takes}" if takes else "it takes none"))
        out[name] = value
    return out


_SPACES = re.compile(r"[ \u00a0]{2,}")


def tidy_text(text: str) -> bytes:
    """The text stylesheet's output, line by line: runs of spaces made one, lines trimmed,
    no more than one blank line in a row, no blank lines at either end."""
    lines: list[str] = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip(" ")
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return ("\n".join(lines) + "\n").encode("utf-8")
