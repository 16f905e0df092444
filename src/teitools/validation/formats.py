"""Views of validation results: text, JSON (schemas/validate-report.schema.json), JUnit XML and
GitHub workflow annotations. A report is written as the files are done: each file's part
(:func:`part`: its lines, in the formats made of lines), then its ending (:func:`ending`: the
summary line, or the whole document for JSON and JUnit)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from teitools import __version__
from teitools.diagnostics import FOLD_AFTER, Diagnostic, Severity, folded, printable
from teitools.validation.run import FileResult

FORMATS = ("text", "json", "junit", "github")


@dataclass
class Tally:
    """The counts of a report's summary, added up file by file, so that a report made of lines
    need not keep every file's findings to the end."""

    files: int = 0
    valid: int = 0
    invalid: int = 0  # checked and found invalid
    errors: int = 0
    warnings: int = 0
    not_checked: int = 0  # could not be checked (an I/O or usage error): neither valid nor invalid
    cached: int = 0

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.valid += result.valid
        self.invalid += not result.valid and not result.usage_error
        self.errors += result.count(Severity.ERROR)
        self.warnings += result.count(Severity.WARNING)
        self.not_checked += result.usage_error
        self.cached += result.cached

    @classmethod
    def of(cls, results: Iterable[FileResult]) -> Tally:
        tally = cls()
        for result in results:
            tally.add(result)
        return tally


def summary(tally: Tally) -> dict[str, int]:
    """The JSON report's summary: ``files`` is ``valid`` + ``invalid`` + ``not_checked``;
    ``cached``: the files whose results an incremental run gave again from its manifest (counted
    in the others too)."""
    return {"files": tally.files, "valid": tally.valid, "invalid": tally.invalid, "errors": tally.errors,
            "warnings": tally.warnings, "not_checked": tally.not_checked, "cached": tally.cached}


KEPT = ("json", "junit")  # the formats written whole at the end, from every file's result


def part(fmt: str, result: FileResult, quiet: bool = False, verbose: bool = False,
         color: bool = False) -> str:
    """What the report in ``fmt`` says of one file on its own, printed as soon as it is known:
    its lines in the text and GitHub formats; nothing in JSON and JUnit, which are written whole
    by :func:`ending`. ``color``: the text format's severities coloured (never the others)."""
    if fmt == "text":
        return "".join(line + "\n" for line in text_lines(result, quiet, verbose, color))
    if fmt == "github":
        return "".join(line + "\n" for line in github_lines(result))
    return ""


def ending(fmt: str, tally: Tally, results: Sequence[FileResult] = ()) -> str:
    """The end of the report in ``fmt`` once every file is done: the summary line (text, GitHub),
    or the whole report (JSON, JUnit: ``results`` holds every file's)."""
    if fmt in KEPT:
        return {"json": as_json, "junit": junit}[fmt](results)
    return summary_line(tally) + "\n"


def _line(d: Diagnostic) -> str:
    return d.to_text(with_severity=True)


def text_lines(result: FileResult, quiet: bool = False, verbose: bool = False,
               color: bool = False) -> list[str]:
    """One file's lines of the text format (``color``: see :meth:`Diagnostic.to_text`)."""
    keep = None if verbose else FOLD_AFTER
    return [item.to_text(with_severity=True, color=color) for item in folded(
        (d for d in result.diagnostics if not quiet or d.severity is Severity.ERROR), keep)]


def summary_line(tally: Tally) -> str:
    """``3 files: 2 valid, 1 invalid; 4 errors, 0 warnings``."""
    files = f"{tally.files} file{'s' if tally.files != 1 else ''}"
    checked = f"{tally.valid} valid, {tally.invalid} invalid" + (
        f", {tally.not_checked} not checked" if tally.not_checked else "")
    return (f"{files}: {checked}; "
            f"{tally.errors} error{'s' if tally.errors != 1 else ''}, "
            f"{tally.warnings} warning{'s' if tally.warnings != 1 else ''}"
            + (f"; {tally.cached} unchanged since the last run" if tally.cached else ""))


def as_json(results: Sequence[FileResult]) -> str:
    body = {
        "teitools": __version__,
        "files": [{
            "path": r.path,
            "valid": r.valid,
            "errors": [{k: v for k, v in d.to_dict().items() if k != "path"} for d in r.diagnostics],
            **({"checked": False} if r.usage_error else {}),
            **({"cached": True} if r.cached else {}),
        } for r in results],
        "summary": summary(Tally.of(results)),
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def junit(results: Sequence[FileResult]) -> str:
    """One testcase per file; its errors in one <failure>, or in one <error> for a file that could
    not be checked (JUnit's test that could not run: an I/O or usage error). Warnings go to
    <system-out>, which every JUnit consumer accepts (there is no standard warning element)."""
    s = summary(Tally.of(results))
    counts = f'tests="{s["files"]}" failures="{s["invalid"]}" errors="{s["not_checked"]}"'
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="teitools validate" {counts}>',
           f'  <testsuite name="teitools validate" {counts} skipped="0">']
    for r in results:
        out.append(f'    <testcase classname="teitools.validate" name={quoteattr(printable(r.path))}>')
        errors = [d for d in r.diagnostics if d.severity is Severity.ERROR]
        others = [d for d in r.diagnostics if d.severity is not Severity.ERROR]
        if errors or not r.valid:
            first = errors[0] if errors else None
            message = f"{first.code} {printable(first.message)}" if first else "not validated"
            body = "\n".join(_line(d) for d in errors)
            kind = quoteattr(first.code if first else "ERROR")
            element = "error" if r.usage_error else "failure"
            out.append(f"      <{element} message={quoteattr(message)} type={kind}>"
                       f"{_escape(body)}</{element}>")
        if others:
            out.append(f"      <system-out>{_escape(chr(10).join(_line(d) for d in others))}</system-out>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _gh_data(value: str) -> str:
    """A workflow command's data, escaped as GitHub's runner reads it; other characters that
    could end a line or drive a terminal as :func:`printable` writes them."""
    return printable(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_prop(value: str) -> str:
    return _gh_data(value).replace(":", "%3A").replace(",", "%2C")


def github_lines(result: FileResult) -> list[str]:
    """One file's workflow commands."""
    lines = []
    for d in result.diagnostics:
        props = [f"file={_gh_prop(d.path or result.path)}"]
        if d.line is not None:
            props.append(f"line={d.line}")
            if d.column is not None:
                props.append(f"col={d.column}")
        props.append(f"title={_gh_prop(d.code)}")
        message = d.text_message() + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{_gh_data(message)}")
    return lines
