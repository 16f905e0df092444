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

from teitools import __version__, codes, layout
from teitools.diagnostics import FOLD_AFTER, Diagnostic, Folded, Severity, TeiToolsError, folded, printable
from teitools.outputs import (
    DEFAULT_MAX_BYTES,
    STDIN,
    collect_inputs,
    output_path,
    read_stdin,
    refuse_existing,
    refuse_source_text,
    write_atomic,
)
from teitools.source import read_source

F = TypeVar("F", bound=Callable[..., Any])


def emit(diagnostic: Diagnostic | Folded) -> None:
    with_severity = isinstance(diagnostic, Diagnostic) and diagnostic.severity is not Severity.ERROR
    click.echo(diagnostic.to_text(with_severity=with_severity), err=True)


# Options that mean the same in every command, defined once.

def output_option(what: str) -> Callable[[F], F]:
    return click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False, allow_dash=True),
                        help=f"Output folder: {what}. Without it, or with -o -: stdout (one input).")


def max_bytes_option(func: F) -> F:
    return click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
                        show_default=True,
                        help="Refuse inputs larger than this many bytes (the same default for every "
                             "command).")(func)


def verbose_option(func: F) -> F:
    return click.option("-v", "--verbose", is_flag=True,
                        help=f"Text output: list every diagnostic (by default a code that occurs more than "
                             f"{FOLD_AFTER} times in a file shows its first {FOLD_AFTER} and a line counting "
                             f"the rest).")(func)


def to_stdout(output: Path | None) -> Path | None:
    """The output folder, or None for stdout (no -o, or -o -)."""
    return None if output is None or str(output) == STDIN else output


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
            codes.USE001, f"{len(paths)} inputs need an output folder", path="teitools",
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
@output_option("INPUT.txt becomes FOLDER/INPUT.xml")
@click.option("--force", is_flag=True, help="Replace outputs that already exist.")
@click.option("--layout", "layout_name", type=click.Choice(["auto", *layout.names()]), default="auto",
              show_default=True, help="Input layout; auto detects it from the text.")
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False),
              help="Write a JSON report (counts, warnings with line numbers) to this file.")
@click.option("--encoding", help="Input encoding when not UTF-8, e.g. cp1252 or latin-1.")
@max_bytes_option
@click.option("-q", "--quiet", is_flag=True,
              help="Print errors only (no warnings, no summary lines); the exit status stays the same.")
@verbose_option
@click.option("--meta", "meta_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Metadata sidecar (JSON) for the teiHeader; see `teitools meta-template`. Without it, "
                   "a sidecar NAME.meta.json beside an input NAME.txt is used.")
@click.option("--title", help="Title of the original, instead of the one detected.")
@click.option("--author", "authors", multiple=True,
              help="An author of the original, instead of those detected. Repeatable.")
@click.option("--date-of-source", metavar="YYYY[-MM[-DD]]", help="Publication date of the original.")
@click.option("--lang", help="Language of the text as a BCP 47 tag (e.g. en, de); default: detected.")
@click.option("--publisher", help="Who publishes the TEI file (the header's publicationStmt).")
@click.option("--licence", help="Licence of the TEI file: a name (CC BY 4.0) or a URL.")
@click.option("--date", "conversion_date", metavar="YYYY-MM-DD|today",
              help="Record the conversion in the header's revisionDesc with this date (off by default, "
                   "so that output stays the same from run to run).")
@guarded
def convert(inputs: tuple[str, ...], output: Path | None, force: bool, layout_name: str,
            report: Path | None, encoding: str | None, max_bytes: int, quiet: bool, verbose: bool,
            meta_path: Path | None, title: str | None, authors: tuple[str, ...], date_of_source: str | None,
            lang: str | None, publisher: str | None, licence: str | None,
            conversion_date: str | None) -> None:
    """Convert plain-text files (or folders of *.txt; - for stdin) to TEI P5.

    \b
    Examples:
      teitools convert book.txt                      # TEI on stdout
      teitools convert book.txt -o out/              # writes out/book.xml
      teitools convert texts/ -o out/ --report r.json
      teitools convert scan.txt --layout ocr-paged -o out/ --force
      teitools convert page.txt --meta page.json --licence https://creativecommons.org/licenses/by/4.0/
      teitools convert book.txt --title "The Harbour" --author "A. Writer" --date-of-source 1898
      cat book.txt | teitools convert - | teitools validate -
    """
    from teitools import meta
    from teitools.convert import Conversion, convert_source

    output = to_stdout(output)
    paths = gather(inputs, "*.txt", output)
    given: dict[str, str | list[str] | None] = {
        "language": lang, "publisher": publisher, "licence": licence, "title": title,
        "authors": list(authors) or None, "date": date_of_source}
    options, sidecars = header_metadata(paths, meta_path, given, conversion_date)
    outcome = Outcome()
    entries: list[dict[str, object]] = []
    written: list[Path] = []
    for path in paths:
        try:
            source = read_source(path, encoding=encoding, max_bytes=max_bytes)
            target = output_path(output, path, ".xml", paths, inputs) if output else None
            if target is not None:
                refuse_existing(target, force)  # before the work, not after it
            sidecar, metadata = sidecars.get(path, (None, {}))
            own = {**options, "meta": sidecar.name} if sidecar else options
            result = convert_source(source, layout_name, own, meta.merged(metadata, **given))
            shown = [d for d in result.diagnostics if d.severity is Severity.ERROR or not quiet]
            for item in folded(shown, None if verbose else FOLD_AFTER):
                emit(item)
            entries.append(result.report(str(target) if target else None))
            if not result.ok:
                outcome.status = max(outcome.status, 1)
                continue
            if target is None:
                sys.stdout.buffer.write(result.data)
                sys.stdout.flush()
            else:
                write_atomic(target, result.data, force, protected=[*paths, *written])
                written.append(target)
            if not quiet:
                summary = result.summary() + (f"; metadata from {sidecar.name}" if sidecar else "")
                click.echo(printable(f"{path}: {summary} -> {target or 'stdout'}"), err=True)
        except TeiToolsError as exc:
            outcome.fail(exc)
            entries.append(Conversion.failed_report(str(path), exc.diagnostic, entries))
    if report is not None:
        body = {"teitools": __version__, "files": entries}
        try:
            write_atomic(report, (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode(), force,
                         protected=[*paths, *written])
        except TeiToolsError as exc:
            outcome.fail(exc)
    sys.exit(outcome.status)


def header_metadata(paths: list[Path], meta_path: Path | None, given: dict[str, str | list[str] | None],
                    conversion_date: str | None
                    ) -> tuple[dict[str, str], dict[Path, tuple[Path, dict[str, Any]]]]:
    """The options to record in the header, and each input's sidecar (``--meta``, else
    ``NAME.meta.json`` beside ``NAME.txt``) with its content.

    Every sidecar is read before anything is converted: an invalid one ends the command with
    every problem of every sidecar listed (exit 1) before anything is written.
    """
    from teitools import meta

    if meta_path is not None and len(paths) > 1:
        raise TeiToolsError(Diagnostic(codes.USE002, "--meta describes one text; give one input with it",
                                       path="teitools"))
    problems = meta.option_problems(**given)
    if problems:
        raise TeiToolsError(problems[0])
    sidecars: dict[Path, tuple[Path, dict[str, Any]]] = {}
    invalid: list[Diagnostic] = []
    for path in paths:
        sidecar = meta_path or meta.beside(path)
        if sidecar is None:
            continue
        try:
            sidecars[path] = (sidecar, meta.load(sidecar))
        except meta.SidecarInvalid as exc:
            invalid += exc.diagnostics
    for diagnostic in invalid:
        emit(diagnostic)
    if invalid:
        sys.exit(1)
    names = {"language": "lang", "date": "date-of-source", "authors": "author"}
    options = {names.get(k, k): "; ".join(v) if isinstance(v, list) else v for k, v in given.items() if v}
    if conversion_date is not None:
        options["date"] = iso_day(conversion_date)
    return options, sidecars


def iso_day(value: str) -> str:
    """``today`` or an ISO date ``YYYY-MM-DD``, checked."""
    import datetime

    if value == "today":
        return datetime.date.today().isoformat()
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise TeiToolsError(Diagnostic(codes.USE003, f"--date: {value!r} is not a date YYYY-MM-DD nor "
                                       "'today'", path="teitools")) from None


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
@click.argument("code", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="text: one line per code, or the whole entry of CODE; markdown: the "
              "page docs/rules.md; json: every field.")
@guarded
def rules(code: str | None, fmt: str) -> None:
    """List every diagnostic code teitools reports, or explain CODE.

    \b
    Examples:
      teitools rules                    # code, severity, commands, summary
      teitools rules EBK001             # what it means, an example, the hint
      teitools rules --format markdown > docs/rules.md
    """
    selected = list(codes.RULES.values())
    if code is not None:
        try:
            selected = [codes.lookup(code)]
        except codes.UnknownCode:
            raise TeiToolsError(Diagnostic(codes.USE006, f"no rule has the code {code!r}",
                                           path="teitools")) from None
    click.echo(codes.render(fmt, selected, one=code is not None), nl=False)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-s", "--schema", default="auto", show_default=True, metavar="auto|PATH|NAME",
              help="RELAX NG schema: auto (the ones <?xml-model?> names, else the bundled tei_all), a "
                   ".rng file, or a name in the schema store such as tei_all or teitools.")
@click.option("--schematron", multiple=True, metavar="PATH|NAME",
              help="Also run this Schematron (.sch, or the rules embedded in a .rng). Repeatable.")
@click.option("--no-schematron", is_flag=True, help="Skip the Schematron embedded in the schema.")
@click.option("--trust-schemas", is_flag=True,
              help="Take the schemas a document's <?xml-model?> names (and their includes) from any "
                   "path, not only the document's folder tree and the schema store. Rules still read "
                   "nothing but the document.")
@click.option("--schema-dir", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="A schema store folder searched first. Repeatable.")
@click.option("--engine", type=click.Choice(["lxml", "jing"]), default="lxml", show_default=True,
              help="RELAX NG engine: lxml (libxml2, no Java) or jing (needs jing and Java).")
@click.option("--no-integrity", is_flag=True,
              help="Skip the integrity checks (pointers, pages, notes; repeated ids are still errors).")
@click.option("--no-xinclude", is_flag=True,
              help="Check each file as it is, without resolving its xi:include elements.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "junit", "github"]), default="text",
              show_default=True, help="Report format (on stdout).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Validate in this many worker processes (default: one per core, at most 4, for "
                   "batches of 4 MiB or more; else 1).")
@click.option("--max-warnings", type=click.IntRange(min=0), default=None,
              help="Fail (exit 1) when there are more warnings than this.")
@click.option("--strict", is_flag=True, help="Fail on any warning (same as --max-warnings 0).")
@max_bytes_option
@click.option("-q", "--quiet", is_flag=True,
              help="Text format: print errors and the summary only (the exit status and the summary's "
                   "counts stay the same).")
@verbose_option
@guarded
def validate(inputs: tuple[str, ...], schema: str, schematron: tuple[str, ...], no_schematron: bool,
             trust_schemas: bool, schema_dir: tuple[Path, ...], engine: str, no_integrity: bool,
             no_xinclude: bool, fmt: str,
             jobs: int | None,
             max_warnings: int | None, strict: bool, max_bytes: int, quiet: bool, verbose: bool) -> None:
    """Validate TEI files (or folders of *.xml; - for stdin): RELAX NG, Schematron and integrity checks.

    Exit status: 0 every file valid, 1 any file invalid (or too many warnings), 2 usage or I/O error.

    \b
    Examples:
      teitools validate out/                          # the schema each file names, else tei_all
      teitools validate book.xml --schema teitools    # from the schema store
      teitools validate corpus/ -j 2 --format junit > report.xml
      teitools validate corpus/ --format github --strict
    """
    from teitools.validation import formats, run

    if STDIN in inputs:
        if engine == "jing":
            raise TeiToolsError(Diagnostic(codes.USE003, "--engine jing reads files only, not stdin (-)",
                                           path="teitools", hint="save stdin to a file first"))
        read_stdin(max_bytes)  # once, before worker processes start
    options = run.Options(schema=schema, schematron=schematron, embedded_schematron=not no_schematron,
                          schema_dirs=schema_dir, engine=engine, max_bytes=max_bytes,
                          integrity=not no_integrity, trust_schemas=trust_schemas, xinclude=not no_xinclude,
                          roots=tuple(Path(i) for i in inputs if Path(i).is_dir()))
    paths = collect_inputs(inputs, "*.xml")
    progress = _progress_bar if sys.stderr.isatty() and len(paths) > 1 else None
    results = run.validate_all(paths, options, jobs=jobs or run.default_jobs(paths), progress=progress)
    if progress:
        click.echo("\r\033[K", nl=False, err=True)
    sys.stdout.write(formats.render(fmt, results, quiet, verbose))
    sys.stdout.flush()
    limit = 0 if strict else max_warnings
    warnings = sum(r.count(Severity.WARNING) for r in results)
    if any(r.usage_error for r in results):
        sys.exit(2)
    if not all(r.valid for r in results) or (limit is not None and warnings > limit):
        sys.exit(1)
    sys.exit(0)


def _progress_bar(done: int, total: int, path: str) -> None:
    width = 30
    filled = width * done // total
    bar = "#" * filled + "." * (width - filled)
    click.echo(f"\r[{bar}] {done}/{total} {path[-40:]}\033[K", nl=False, err=True)


@main.group()
def schemas() -> None:
    """The local schema store validation reads (never the network).

    \b
    Lookup order: --schema-dir, $TEITOOLS_SCHEMA_DIR, the user cache folder
    (~/.cache/teitools/schemas), then the schemas shipped with teitools.
    """


@schemas.command("fetch")
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@click.option("--schema-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Store into this folder instead of the user cache folder.")
@guarded
def schemas_fetch(names: tuple[str, ...], schema_dir: Path | None) -> None:
    """Download official TEI schema files at a pinned version, checked by SHA-256.

    \b
    Example:
      teitools schemas fetch tei_all tei_lite
    """
    from teitools.validation import store

    for name in names:
        target = store.fetch(name, schema_dir)
        release = store.RELEASES[name.removesuffix(".rng")]
        click.echo(f"{target}: {release.file} {release.version}, SHA-256 verified", err=True)


@schemas.command("list")
@click.option("--schema-dir", multiple=True, type=click.Path(path_type=Path, file_okay=False),
              help="A schema store folder searched first. Repeatable.")
@guarded
def schemas_list(schema_dir: tuple[Path, ...]) -> None:
    """Show the schemas in the store, in lookup order."""
    from teitools.validation import store

    for entry in store.entries(schema_dir):
        note = f"{entry.version} (pinned SHA-256 verified)" if entry.verified else ""
        if entry.bundled and entry.verified:
            note = f"TEI P5 {note}, bundled"
        if entry.path.stem == store.DEFAULT and entry.path.suffix == ".rng":
            note = f"{note}; the default schema".lstrip("; ")
        click.echo(f"{entry.path.name}\t{entry.path}\t{note}".rstrip())


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-f", "--format", "fmt", type=click.Choice(["html", "text", "epub"]), default="html",
              show_default=True, help="Output format: one HTML5 page, plain text, or an EPUB 3 book.")
@output_option("each INPUT.xml becomes FOLDER/INPUT.html (.txt, .epub)")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A stylesheet parameter, as a string. Repeatable. The text stylesheet knows pages=1 "
                   "([p. 9] where each page begins).")
@click.option("--xslt", "xslt_path", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.xsl",
              help="Your own XSLT 1.0 stylesheet instead of ours (run locked down: no writes, no network, "
                   "document() only below the input's folder). For epub it makes the HTML.")
@click.option("--css", "css_path", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.css",
              help="CSS added after the built-in CSS (html: a second <style>; epub: a second file).")
@click.option("--force", is_flag=True, help="Replace outputs that already exist.")
@max_bytes_option
@guarded
def export(inputs: tuple[str, ...], fmt: str, output: Path | None, params: tuple[str, ...],
           xslt_path: Path | None, css_path: Path | None, force: bool, max_bytes: int) -> None:
    """Export TEI files (or folders of *.xml; - for stdin) to HTML, plain text or EPUB with the XSLT in
    xslt/.

    \b
    Examples:
      teitools export out/book.xml --format text       # reading text on stdout
      teitools export out/book.xml -f text --param pages=1
      teitools export out/ --format html -o site/
      teitools export out/book.xml -f epub -o books/ --css mine.css
      teitools export out/book.xml --xslt my.xsl -o site/
    """
    from teitools import userxslt
    from teitools.export import FORMATS, export_tree, parse_params, read_css
    from teitools.safexml import parse_file

    values = parse_params(params)
    output = to_stdout(output)
    css = read_css(css_path) if css_path is not None else ""
    custom = userxslt.load(xslt_path) if xslt_path is not None else None
    paths = gather(inputs, "*.xml", output)
    if fmt == "epub" and output is None and sys.stdout.isatty():
        raise TeiToolsError(Diagnostic(codes.USE007, "an EPUB is not written to a terminal", path="teitools",
                                       hint="add -o FOLDER, or redirect stdout to a file"))
    outcome = Outcome()
    written: list[Path] = []
    for path in paths:
        try:
            target = output_path(output, path, FORMATS[fmt][1], paths, inputs) if output else None
            tree = parse_file(path, max_bytes)
            data = export_tree(tree, fmt, str(path), values, css, custom)
            if target is None:
                sys.stdout.buffer.write(data)
            else:
                refuse_source_text(target, tree)
                write_atomic(target, data, force, protected=[*paths, *written])
                written.append(target)
        except TeiToolsError as exc:
            outcome.fail(exc)
    sys.exit(outcome.status)
