"""The ``teitools`` command line: convert, validate, export.

Shared conventions: inputs are files or folders; ``-o`` names an output folder
(without it a single result goes to stdout); exit status 0 = success, 1 = the
inputs have problems, 2 = usage or I/O error; errors are one line each on
stderr as ``path[:line[:col]]: CODE message``; never a traceback unless --debug.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from teitools import __version__, layout
from teitools.diagnostics import Diagnostic, Severity, TeiToolsError
from teitools.outputs import collect_inputs, output_path, write_atomic
from teitools.source import DEFAULT_MAX_BYTES, read_source

F = TypeVar("F", bound=Callable[..., Any])


def emit(diagnostic: Diagnostic) -> None:
    click.echo(diagnostic.to_text(with_severity=diagnostic.severity is not Severity.ERROR), err=True)


class Outcome:
    """The worst exit status seen over a batch of inputs."""

    def __init__(self) -> None:
        self.status = 0

    def fail(self, error: TeiToolsError) -> None:
        emit(error.diagnostic)
        self.status = max(self.status, error.exit_code)


def guarded(func: F) -> F:
    """Turn unexpected exceptions into one line on stderr and exit status 2."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        try:
            return func(*args, **kwargs)
        except TeiToolsError as exc:
            emit(exc.diagnostic)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # the reader of stdout went away (e.g. `| head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(1)
        except Exception as exc:  # a bug: say so plainly, show the traceback only on request
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            else:
                click.echo(f"teitools: INTERNAL {type(exc).__name__}: {exc} (run with --debug for details)",
                           err=True)
            ctx.exit(2)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper  # type: ignore[return-value]


def gather(inputs: tuple[str, ...], pattern: str, output: Path | None) -> list[Path]:
    """Inputs expanded from folders; several inputs need an output folder."""
    paths = collect_inputs(inputs, pattern)
    if len(paths) > 1 and output is None:
        raise TeiToolsError(Diagnostic(
            "USE001", f"{len(paths)} inputs need an output folder", path="teitools",
            hint="add -o FOLDER"))
    return paths


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="teitools")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn plain-text book excerpts into TEI P5, validate TEI, and export it.

    \b
    Examples:
      teitools convert book.txt -o out/
      teitools validate out/
      teitools export out/book.xml --format html -o site/
    """
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder: INPUT.txt becomes FOLDER/INPUT.xml. Without it: stdout.")
@click.option("--force", is_flag=True, help="Replace outputs that already exist.")
@click.option("--layout", "layout_name", type=click.Choice(["auto", *layout.names()]), default="auto",
              show_default=True, help="Input layout; auto detects it from the text.")
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False),
              help="Write a JSON report (counts, warnings with line numbers) to this file.")
@click.option("--encoding", help="Input encoding when not UTF-8, e.g. cp1252 or latin-1.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse inputs larger than this.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("--meta", "meta_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Metadata sidecar (JSON) for the teiHeader; see `teitools meta-template`.")
@click.option("--lang", help="Language of the text as a BCP 47 tag (e.g. en, de); default: detected.")
@click.option("--publisher", help="Who publishes the TEI file (the header's publicationStmt).")
@click.option("--licence", help="Licence of the TEI file: a name (CC BY 4.0) or a URL.")
@click.option("--date", "conversion_date", metavar="YYYY-MM-DD|today",
              help="Record the conversion in the header's revisionDesc with this date (off by default, "
                   "so that output stays the same from run to run).")
@guarded
def convert(inputs: tuple[str, ...], output: Path | None, force: bool, layout_name: str,
            report: Path | None, encoding: str | None, max_bytes: int, quiet: bool,
            meta_path: Path | None, lang: str | None, publisher: str | None, licence: str | None,
            conversion_date: str | None) -> None:
    """Convert plain-text files (or folders of *.txt) to TEI P5.

    \b
    Examples:
      teitools convert book.txt                      # TEI on stdout
      teitools convert book.txt -o out/              # writes out/book.xml
      teitools convert texts/ -o out/ --report r.json
      teitools convert scan.txt --layout ocr-paged -o out/ --force
      teitools convert page.txt --meta page.json --licence https://creativecommons.org/licenses/by/4.0/
    """
    from teitools.convert import Conversion, convert_source

    paths = gather(inputs, "*.txt", output)
    metadata, options = header_metadata(paths, meta_path, lang, publisher, licence, conversion_date)
    outcome = Outcome()
    entries: list[dict[str, object]] = []
    for path in paths:
        try:
            source = read_source(path, encoding=encoding, max_bytes=max_bytes)
            target = output_path(output, path, ".xml", paths) if output else None
            result = convert_source(source, layout_name, options, metadata)
            for diag in result.diagnostics:
                if diag.severity is Severity.ERROR or not quiet:
                    emit(diag)
            entries.append(result.report(str(target) if target else None))
            if not result.ok:
                outcome.status = max(outcome.status, 1)
                continue
            if target is None:
                sys.stdout.buffer.write(result.data)
                sys.stdout.flush()
            else:
                write_atomic(target, result.data, force)
            if not quiet:
                click.echo(f"{path}: {result.summary()} -> {target or 'stdout'}", err=True)
        except TeiToolsError as exc:
            outcome.fail(exc)
            entries.append(Conversion.failed_report(str(path), exc.diagnostic, entries))
    if report is not None:
        body = {"teitools": __version__, "files": entries}
        write_atomic(report, (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode(), force=True)
    sys.exit(outcome.status)


def header_metadata(paths: list[Path], meta_path: Path | None, lang: str | None, publisher: str | None,
                    licence: str | None, conversion_date: str | None
                    ) -> tuple[dict[str, Any], dict[str, str]]:
    """The sidecar with the metadata options laid over it, and the options to record in the header.

    An invalid sidecar ends the command with every problem listed (exit 1) before anything is written.
    """
    from teitools import meta

    if meta_path is not None and len(paths) > 1:
        raise TeiToolsError(Diagnostic("USE002", "--meta describes one text; give one input with it",
                                       path="teitools"))
    problems = meta.option_problems(language=lang, publisher=publisher, licence=licence)
    if problems:
        raise TeiToolsError(problems[0])
    try:
        sidecar = meta.load(meta_path) if meta_path is not None else {}
    except meta.SidecarInvalid as exc:
        for diagnostic in exc.diagnostics:
            emit(diagnostic)
        sys.exit(1)
    options = {"meta": meta_path.name} if meta_path is not None else {}
    options.update({k: v for k, v in (("lang", lang), ("publisher", publisher), ("licence", licence)) if v})
    if conversion_date is not None:
        options["date"] = iso_day(conversion_date)
    return meta.merged(sidecar, language=lang, publisher=publisher, licence=licence), options


def iso_day(value: str) -> str:
    """``today`` or an ISO date ``YYYY-MM-DD``, checked."""
    import datetime

    if value == "today":
        return datetime.date.today().isoformat()
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise TeiToolsError(Diagnostic("USE003", f"--date: {value!r} is not a date YYYY-MM-DD nor 'today'",
                                       path="teitools")) from None


@main.command("meta-template")
@guarded
def meta_template() -> None:
    """Print an example metadata sidecar for `convert --meta` (edit it, drop what you do not know).

    \b
    Example:
      teitools meta-template > book.meta.json
    """
    from teitools import meta

    click.echo(meta.template(), nl=False)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@guarded
def validate(inputs: tuple[str, ...]) -> None:
    """Check TEI files (or folders of *.xml) for well-formedness.

    \b
    Example:
      teitools validate out/book.xml
    """
    from teitools.safexml import parse_file

    outcome = Outcome()
    for path in collect_inputs(inputs, "*.xml"):
        try:
            parse_file(path)
        except TeiToolsError as exc:
            outcome.fail(exc)
    sys.exit(outcome.status)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-f", "--format", "fmt", type=click.Choice(["html", "text"]), default="html", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder; each INPUT.xml becomes FOLDER/INPUT.html (or .txt). Without it, stdout.")
@click.option("--force", is_flag=True, help="Replace outputs that already exist.")
@guarded
def export(inputs: tuple[str, ...], fmt: str, output: Path | None, force: bool) -> None:
    """Export TEI files (or folders of *.xml) to HTML or plain text with the XSLT in xslt/.

    \b
    Examples:
      teitools export out/book.xml --format text       # reading text on stdout
      teitools export out/ --format html -o site/
    """
    from teitools.export import FORMATS, export_tree
    from teitools.safexml import parse_file

    paths = gather(inputs, "*.xml", output)
    outcome = Outcome()
    for path in paths:
        try:
            target = output_path(output, path, FORMATS[fmt][1], paths) if output else None
            data = export_tree(parse_file(path), fmt, str(path))
            if target is None:
                sys.stdout.buffer.write(data)
            else:
                write_atomic(target, data, force)
        except TeiToolsError as exc:
            outcome.fail(exc)
    sys.exit(outcome.status)

