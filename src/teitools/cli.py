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
from teitools.diagnostics import Diagnostic, Severity, TeiToolsError, printable
from teitools.outputs import collect_inputs, output_path, refuse_existing, refuse_source_text, write_atomic
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
    written: list[Path] = []
    for path in paths:
        try:
            source = read_source(path, encoding=encoding, max_bytes=max_bytes)
            target = output_path(output, path, ".xml", paths, inputs) if output else None
            if target is not None:
                refuse_existing(target, force)  # before the work, not after it
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
                write_atomic(target, result.data, force, protected=[*paths, *written])
                written.append(target)
            if not quiet:
                click.echo(printable(f"{path}: {result.summary()} -> {target or 'stdout'}"), err=True)
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
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse files larger than this (default 256 MiB).")
@click.option("-q", "--quiet", is_flag=True,
              help="Text format: print errors and the summary only (the exit status and the summary's "
                   "counts stay the same).")
@guarded
def validate(inputs: tuple[str, ...], schema: str, schematron: tuple[str, ...], no_schematron: bool,
             trust_schemas: bool, schema_dir: tuple[Path, ...], engine: str, no_integrity: bool,
             no_xinclude: bool, fmt: str,
             jobs: int | None,
             max_warnings: int | None, strict: bool, max_bytes: int | None, quiet: bool) -> None:
    """Validate TEI files (or folders of *.xml): RELAX NG, Schematron and integrity checks.

    Exit status: 0 every file valid, 1 any file invalid (or too many warnings), 2 usage or I/O error.

    \b
    Examples:
      teitools validate out/                          # the schema each file names, else tei_all
      teitools validate book.xml --schema teitools    # from the schema store
      teitools validate corpus/ -j 2 --format junit > report.xml
      teitools validate corpus/ --format github --strict
    """
    from teitools.safexml import MAX_XML_BYTES
    from teitools.validation import formats, run

    options = run.Options(schema=schema, schematron=schematron, embedded_schematron=not no_schematron,
                          schema_dirs=schema_dir, engine=engine, max_bytes=max_bytes or MAX_XML_BYTES,
                          integrity=not no_integrity, trust_schemas=trust_schemas, xinclude=not no_xinclude,
                          roots=tuple(Path(i) for i in inputs if Path(i).is_dir()))
    paths = collect_inputs(inputs, "*.xml")
    progress = _progress_bar if sys.stderr.isatty() and len(paths) > 1 else None
    results = run.validate_all(paths, options, jobs=jobs or run.default_jobs(paths), progress=progress)
    if progress:
        click.echo("\r\033[K", nl=False, err=True)
    sys.stdout.write(formats.render(fmt, results, quiet))
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
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder; each INPUT.xml becomes FOLDER/INPUT.html (.txt, .epub). Else stdout.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A stylesheet parameter, as a string. Repeatable. The text stylesheet knows pages=1 "
                   "([p. 9] where each page begins).")
@click.option("--xslt", "xslt_path", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.xsl",
              help="Your own XSLT 1.0 stylesheet instead of ours (run locked down: no writes, no network, "
                   "document() only below the input's folder). For epub it makes the HTML.")
@click.option("--css", "css_path", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.css",
              help="CSS added after the built-in CSS (html: a second <style>; epub: a second file).")
@click.option("--force", is_flag=True, help="Replace outputs that already exist.")
@guarded
def export(inputs: tuple[str, ...], fmt: str, output: Path | None, params: tuple[str, ...],
           xslt_path: Path | None, css_path: Path | None, force: bool) -> None:
    """Export TEI files (or folders of *.xml) to HTML, plain text or EPUB with the XSLT in xslt/.

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
    css = read_css(css_path) if css_path is not None else ""
    custom = userxslt.load(xslt_path) if xslt_path is not None else None
    paths = gather(inputs, "*.xml", output)
    if fmt == "epub" and output is None and sys.stdout.isatty():
        raise TeiToolsError(Diagnostic("USE006", "an EPUB is not written to a terminal", path="teitools",
                                       hint="add -o FOLDER, or redirect stdout to a file"))
    outcome = Outcome()
    written: list[Path] = []
    for path in paths:
        try:
            target = output_path(output, path, FORMATS[fmt][1], paths, inputs) if output else None
            tree = parse_file(path)
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
