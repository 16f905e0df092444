"""Metadata sidecars: loading, validation against schemas/meta.schema.json, merging.

A sidecar is a JSON object of bibliographic facts that the text does not carry
(licence, editors) or that detection got wrong.  Its values replace detected
ones; values from command-line options replace the sidecar's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teitools import bookdata, codes
from teitools import model as m
from teitools.diagnostics import Diagnostic, TeiToolsError
from teitools.resources import data_file

if TYPE_CHECKING:  # jsonschema is imported when a sidecar is checked: a plain convert need not load it
    from jsonschema import Draft202012Validator, ValidationError

EXAMPLE: dict[str, Any] = {
    "title": "The Title of the Original",
    "subtitle": "Its Subtitle",
    "authors": ["First Author", "Second Author"],
    "editors": ["An Editor"],
    "responsibilities": [{"resp": "translated by", "name": "A Translator"}],
    "publisher": "Publisher of the Original",
    "pub_place": "London",
    "date": "2026-04-28",
    "isbn": ["978-0-306-40615-7"],
    "extent": "576 pages",
    "language": "en",
    "source_url": "https://example.org/the-original",
    "publication": {
        "publisher": "Who Publishes This TEI File",
        "licence": "CC BY 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    },
}


# The values of EXAMPLE that stand for facts only the user knows: a sidecar holding one is
# the template left untouched, and is refused (META003) rather than written into a header.
PLACEHOLDERS = frozenset({
    EXAMPLE["title"], EXAMPLE["subtitle"], *EXAMPLE["authors"], *EXAMPLE["editors"],
    *(r["name"] for r in EXAMPLE["responsibilities"]), EXAMPLE["publisher"], EXAMPLE["source_url"],
    EXAMPLE["publication"]["publisher"],
})
SIDECAR_SUFFIX = ".meta.json"


class SidecarInvalid(TeiToolsError):
    """A sidecar that breaks the schema: every problem found, one diagnostic each."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics[0], exit_code=1)
        self.diagnostics = diagnostics


def _is_isbn(value: object) -> bool:
    if isinstance(value, str) and (problem := bookdata.isbn_problem(value)):
        raise ValueError(problem)
    return True


@cache
def validator() -> Draft202012Validator:
    """The sidecar schema's validator, with the ``isbn`` format checked (``bookdata``)."""
    from jsonschema import Draft202012Validator, FormatChecker

    formats = FormatChecker()
    formats.checks("isbn", raises=ValueError)(_is_isbn)
    schema = json.loads(data_file("schemas", "meta.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=formats)


def json_path(error: ValidationError) -> str:
    """``$.authors[1]``: where in the sidecar the problem is."""
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)


def _message(error: ValidationError) -> str:
    if error.validator == "format" and error.validator_value == "isbn":
        return f"ISBN {error.instance!r} {error.cause}"
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        known = ", ".join(sorted(schema.get("properties", {})))
        return f"{error.message} (known keys: {known})"
    if error.validator == "pattern" and "description" in schema:
        return f"{error.instance!r} is not valid: {schema['description']}"
    return error.message


def problems(data: object, path: str) -> list[Diagnostic]:
    """Every way ``data`` breaks the sidecar schema, as ``$.path: message (rule: keyword)``."""
    errors = sorted(validator().iter_errors(data), key=lambda e: (json_path(e), str(e.validator)))
    return [Diagnostic(codes.META002, f"{json_path(e)}: {_message(e)} (rule: {e.validator})", path=path,
                       hint="teitools meta-template prints a valid example") for e in errors]


def placeholders(data: object, path: str) -> list[Diagnostic]:
    """One META003 when ``data`` still holds placeholders of ``teitools meta-template``, naming
    the first two and counting the others."""
    found = list(_placeholders(data, "$"))
    if not found:
        return []
    named = ", ".join(f"{where} {value!r}" for where, value in found[:2])
    more = f" and {len(found) - 2} more" if len(found) > 2 else ""
    return [Diagnostic(codes.META003, f"the sidecar still holds placeholders of teitools meta-template: "
                       f"{named}{more}", path=path)]


def _placeholders(data: object, where: str) -> list[tuple[str, str]]:
    if isinstance(data, str):
        return [(where, data)] if data in PLACEHOLDERS else []
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _placeholders(value, f"{where}.{key}")]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in _placeholders(value, f"{where}[{i}]")]
    return []


def beside(text: Path) -> Path | None:
    """The sidecar ``NAME.meta.json`` beside an input ``NAME.txt``, when there is one."""
    if str(text) == "-":
        return None
    sidecar = text.with_name(text.stem + SIDECAR_SUFFIX)
    return sidecar if sidecar.is_file() else None


def load(path: Path) -> dict[str, Any]:
    """A validated sidecar; raises SidecarInvalid (exit 1) when it is not one."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise TeiToolsError(Diagnostic(codes.META001, f"cannot read metadata sidecar: {reason}",
                                       path=name)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SidecarInvalid([Diagnostic(codes.META001, f"not valid JSON: {exc.msg}", path=name,
                                         line=exc.lineno, column=exc.colno)]) from None
    found = problems(data, name) + placeholders(data, name)
    if found:
        raise SidecarInvalid(found)
    result: dict[str, Any] = data
    return result


def apply(md: m.Metadata, sidecar: Mapping[str, Any]) -> None:
    """Let the sidecar's values replace the detected ones in ``md``."""
    simple = ("title", "subtitle", "publisher", "pub_place", "date", "date_text", "extent", "price",
              "rights", "language", "source_url")
    for key in simple:
        if key in sidecar:
            setattr(md, key, sidecar[key])
    if "date" in sidecar and "date_text" not in sidecar:
        md.date_text = None
    if "authors" in sidecar:
        md.authors = list(sidecar["authors"])
    if "editors" in sidecar:
        md.editors = list(sidecar["editors"])
    if "isbn" in sidecar:
        md.isbns = [bookdata.isbn_digits(i) for i in sidecar["isbn"]]
    if "responsibilities" in sidecar:
        md.responsibilities = [m.Responsibility(r["resp"], r["name"]) for r in sidecar["responsibilities"]]
    if "formats" in sidecar:
        md.formats = [m.BookFormat(f.get("name"), bookdata.isbn_digits(f["isbn"]) if "isbn" in f else None,
                                   f.get("extent"), f.get("price")) for f in sidecar["formats"]]
    if "reviewed" in sidecar:
        book = m.Metadata()
        apply(book, sidecar["reviewed"])
        md.related = [r for r in md.related if r.relation != "reviewed"] + [m.RelatedWork("reviewed", book)]
    publication = sidecar.get("publication", {})
    if "publisher" in publication:
        md.tei_publisher = publication["publisher"]
    if "licence" in publication:
        md.licence = publication["licence"]
    if "licence_url" in publication:
        md.licence_url = publication["licence_url"]


def merged(sidecar: Mapping[str, Any], **options: str | list[str] | None) -> dict[str, Any]:
    """The sidecar with command-line values laid over it (``language``, ``publisher``,
    ``licence``, and the original's ``title``, ``authors`` and ``date``).

    A licence given as a URL is the licence's URL; any other text is its name.
    """
    result = dict(sidecar)
    publication = dict(result.get("publication", {}))
    for key in ("language", "title", "authors", "date"):
        if options.get(key):
            result[key] = options[key]
    if options.get("publisher"):
        publication["publisher"] = options["publisher"]
    licence = options.get("licence")
    if isinstance(licence, str) and licence:
        publication["licence_url" if licence.startswith(("http://", "https://")) else "licence"] = licence
    if publication:
        result["publication"] = publication
    return result


def template() -> str:
    """An example sidecar (valid against the schema) for ``teitools meta-template``."""
    return json.dumps(EXAMPLE, indent=2, ensure_ascii=False) + "\n"


_OPTION_OF = {"$.language": "--lang", "$.publication.publisher": "--publisher",
              "$.publication.licence": "--licence", "$.publication.licence_url": "--licence",
              "$.title": "--title", "$.authors": "--author", "$.date": "--date-of-source"}


def _option(where: str) -> str:
    """The option a JSON path of the merged options comes from (``$.authors[1]``: --author)."""
    return _OPTION_OF.get(where.split("[")[0], where)


def option_problems(**options: str | list[str] | None) -> list[Diagnostic]:
    """Command-line metadata values that break the sidecar schema, named by their option."""
    if not any(options.values()):
        return []  # nothing given: nothing to check (and jsonschema need not be loaded)
    errors = validator().iter_errors(merged({}, **options))
    return [Diagnostic(codes.USE003, f"{_option(json_path(e))}: {_message(e)}",
                       path="teitools") for e in sorted(errors, key=json_path)]
