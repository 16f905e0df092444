"""The ``teitools`` command line: convert, validate, export.

Shared conventions: inputs are files or folders; ``-o`` names an output folder
(without it a single result goes to stdout); exit status 0 = success, 1 = the
inputs have problems, 2 = usage or I/O error; errors are one line each on
stderr as ``path[:line[:col]]: CODE message``; never a traceback unless --debug.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from teitools import __version__, batch, codes, layout, manifest
from teitools.cliopts import (
    Group,
    batch_options,
    color_option,
    colored,
    force_option,
    format_option,
    max_bytes_option,
    output_option,
    quiet_option,
    verbose_option,
)
from teitools.diagnostics import FOLD_AFTER, Diagnostic, Folded, Severity, TeiToolsError, folded, printable
from teitools.manifest import Manifest
from teitools.outputs import STDIN, close_stdout, read_stdin, write_atomic, write_stdout

F = TypeVar("F", bound=Callable[..., Any])


def as_line(diagnostic: Diagnostic | Folded, color: bool = False) -> str:
    """A diagnostic as stderr shows it: with its severity unless it is an error."""
    with_severity = isinstance(diagnostic, Diagnostic) and diagnostic.severity is not Severity.ERROR
    return diagnostic.to_text(with_severity=with_severity, color=color)


def emit(diagnostic: Diagnostic | Folded) -> None:
    color = colored(sys.stderr)
    click.echo(as_line(diagnostic, color), err=True, color=color or None)


def to_stdout(output: Path | None, suffix: str) -> Path | None:
    """The output folder, or None for stdout (no -o, or -o -). Raises TeiToolsError USE003 when
    ``-o`` names something that is not a folder (a file), or a folder yet to make that is named
    as an output file would be (``-o book.xml``: ``suffix``, the outputs' own)."""
    if output is None or str(output) == STDIN:
        return None
    if output.exists() and not output.is_dir():
        raise TeiToolsError(Diagnostic(codes.USE003, f"-o: {output} is a file, not a folder", path="teitools",
                                       hint="-o names the folder the outputs go to (-o - for stdout)"))
    if suffix and not output.exists() and output.suffix.lower() == suffix:
        raise TeiToolsError(Diagnostic(
            codes.USE003, f"-o: {output} is named as a file, but -o names the folder the outputs go to",
            path="teitools", hint=f"give a folder (-o {output.parent / output.stem}/), or -o - > {output}"))
    return output


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
            close_stdout()
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


def batch_plan(command: str, inputs: tuple[str, ...], pattern: str, output: Path | None, suffix: str,
               force: bool, incremental: bool, manifest_path: Path | None
               ) -> tuple[batch.Plan, Manifest | None]:
    """The plan of a batch and its manifest (None without ``--incremental``, except that
    convert and export keep one that exists up to date). An existing output is replaced only
    with ``force``, or in an incremental run when the manifest records it as written from its
    input and unchanged since; an incremental run also adopts an output it has no record of
    when it holds exactly the bytes the run would write (see ``batch.plan``). Several inputs
    need an output folder (USE001) when the command writes; ``--incremental`` needs one for
    convert and export (USE003)."""
    writes = command != "validate"
    if incremental and writes and output is None:
        raise TeiToolsError(Diagnostic(codes.USE003, "--incremental needs an output folder", path="teitools",
                                       hint="add -o FOLDER"))
    where = manifest_path or (output / manifest.NAME if writes and output is not None
                              else manifest.user_manifest())
    kept = incremental or (writes and output is not None and where.is_file())
    book = Manifest(where, command) if kept else None
    plan = batch.plan(inputs, pattern, output, suffix, force,
                      book.wrote if book is not None and incremental else None, adopt=incremental)
    if writes and len(plan.items) > 1 and output is None:
        raise TeiToolsError(Diagnostic(
            codes.USE001, f"{len(plan.items)} inputs need an output folder", path="teitools",
            hint="add -o FOLDER"))
    return plan, book


def executor(inputs: tuple[str, ...], jobs: int | None, scheduler: str | None, parallel_from: int,
             chunk_bytes: int) -> Callable[[list[batch.Item]], batch.Executor]:
    """How a batch's inputs are worked on: on the Dask cluster at ``scheduler``, connected to
    now (so that an address that cannot work is one line before anything is done, and the
    connection is closed when the command ends), else in this process or a pool of worker
    processes (see ``batch.workers_for``). Raises TeiToolsError USE003 for ``--jobs`` below 1,
    an empty ``--scheduler`` and ``-`` (stdin) sent to a cluster; the errors of
    ``batch_dask.DaskExecutor`` for a scheduler that cannot be used."""
    if jobs is not None and jobs < 1:
        raise TeiToolsError(Diagnostic(codes.USE003, f"--jobs: {jobs} is not a number of worker processes",
                                       path="teitools", hint="give 1 or more, or leave -j out"))
    if scheduler is None:
        return lambda items: batch.local_executor(batch.workers_for(items, jobs, parallel_from))
    ctx = click.get_current_context()
    source = ctx.get_parameter_source("scheduler")
    option = "DASK_SCHEDULER_ADDRESS" if source is click.core.ParameterSource.ENVIRONMENT else "--scheduler"
    if STDIN in inputs:
        raise TeiToolsError(Diagnostic(codes.USE003, "- (stdin) is not sent to a cluster (--scheduler)",
                                       path="teitools", hint="save stdin to a file first"))
    from teitools.batch_dask import DaskExecutor

    cluster = DaskExecutor(scheduler, chunk_bytes, option)
    ctx.call_on_close(cluster.close)
    return lambda items: cluster


def show(run: batch.Batch, diagnostics: Iterable[Diagnostic], keep: int | None) -> None:
    """An input's diagnostics on stderr, above the progress bar, folded as ``folded`` does."""
    color = colored(sys.stderr)
    for item in folded(diagnostics, keep):
        run.progress.echo(as_line(item, color), color=color or None)


def finish(run: batch.Batch, status: int) -> None:
    """End the command: the reason the run stopped early, if it did, and the exit status."""
    if run.stopped is not None:
        emit(run.stopped.diagnostic)
        status = max(status, run.stopped.exit_code)
    sys.exit(status)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
    # A conversion makes hundreds of thousands of objects (a language's word list, the document
    # model) and few reference cycles: collect garbage less often, as mypy does (about 4 % of a
    # book's conversion otherwise).
    gc.set_threshold(200_000, 30, 30)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@output_option("INPUT.txt becomes FOLDER/INPUT.xml")
@force_option
@click.option("--layout", "layout_name", type=click.Choice(["auto", *layout.names()]), default="auto",
              show_default=True, help="Input layout; auto detects it from the text.")
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False),
              help="Write a JSON report (counts, warnings with line numbers) to this file "
                   "(- : standard output, when the TEI goes to a folder).")
@click.option("--encoding", help="Input encoding when not UTF-8, e.g. cp1252 or latin-1.")
@max_bytes_option
@quiet_option
@verbose_option
@color_option
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
@batch_options
@guarded
def convert(inputs: tuple[str, ...], output: Path | None, force: bool, layout_name: str,
            report: Path | None, encoding: str | None, max_bytes: int, quiet: bool, verbose: bool,
            meta_path: Path | None, title: str | None, authors: tuple[str, ...], date_of_source: str | None,
            lang: str | None, publisher: str | None, licence: str | None,
            conversion_date: str | None, jobs: int | None, scheduler: str | None, incremental: bool,
            manifest_path: Path | None) -> None:
    """Convert plain-text files (or folders of *.txt; - for stdin) to TEI P5.

    \b
    Examples:
      teitools convert book.txt                      # TEI on stdout
      teitools convert book.txt -o out/              # writes out/book.xml
      teitools convert texts/ -o out/ --report r.json
      teitools convert texts/ -o out/ --incremental  # again: only what changed
      teitools convert texts/ -o out/ --scheduler tcp://head:8786
      teitools convert scan.txt --layout ocr-paged -o out/ --force
      teitools convert page.txt --meta page.json --licence https://creativecommons.org/licenses/by/4.0/
      teitools convert book.txt --title "The Harbour" --author "A. Writer" --date-of-source 1898
      cat book.txt | teitools convert - | teitools validate -
    """
    from teitools.convert import Conversion
    from teitools.tasks import ConvertTask, Outcome

    output = to_stdout(output, ".xml")
    if report is not None and str(report) == STDIN and output is None:
        raise TeiToolsError(Diagnostic(codes.USE003, "--report -: the TEI goes to standard output already",
                                       path="teitools", hint="give -o FOLDER for the TEI, or --report FILE"))
    make = executor(inputs, jobs, scheduler, CONVERT_PARALLEL_FROM, CONVERT_CHUNK)
    plan, book = batch_plan("convert", inputs, "*.txt", output, ".xml", force, incremental, manifest_path)
    given: dict[str, str | list[str] | None] = {
        "language": lang, "publisher": publisher, "licence": licence, "title": title,
        "authors": list(authors) or None, "date": date_of_source}
    options, sidecars = header_metadata(plan.paths, meta_path, given, conversion_date)
    if book is not None:
        book.key = manifest.options_key({"layout": layout_name, "encoding": encoding, "max-bytes": max_bytes,
                                         "header": options, "given": given})
    plan.items = [dataclasses.replace(item, extra=(sidecars[item.path][0].name, sidecars[item.path][1],
                                                   str(sidecars[item.path][0])))
                  if item.path in sidecars else item for item in plan.items]
    task = ConvertTask(layout_name, encoding, max_bytes, options, given)

    def failed(item: batch.Item, diagnostic: Diagnostic, status: int) -> Outcome:
        return Outcome([diagnostic], status, entry=Conversion.failed_report(str(item.path), diagnostic, []))

    run = batch.Batch(plan, "converting", book, incremental)
    outcomes = run.outcomes(
        run.run(task, make,
                lambda item, crash: failed(item, crash.diagnostic(str(item.path)), 1)),
        replayed=lambda item, entry: Outcome.replayed(entry.replay, item.target),
        refused=lambda item, exc: failed(item, exc.diagnostic, exc.exit_code))
    status = 0
    entries: list[dict[str, object]] = []
    for item, outcome in outcomes:
        show(run, [d for d in outcome.diagnostics if d.severity is Severity.ERROR or not quiet],
             None if verbose else FOLD_AFTER)
        if report is not None and outcome.entry is not None:
            entries.append(outcome.entry)
        status = max(status, outcome.status)
        if outcome.data is not None:
            write_stdout(outcome.data)
        if outcome.status == 0 and outcome.summary is not None and not quiet:
            unchanged = " (unchanged)" if outcome.cached else ""
            run.progress.echo(printable(f"{item.path}: {outcome.summary} -> {item.target or 'stdout'}")
                              + unchanged)
    if len(plan.items) > 1 and not quiet:
        click.echo(run.summary("converted"), err=True)
    if report is not None:
        body = {"teitools": __version__, "files": entries}
        data = (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode()
        try:
            if str(report) == STDIN:
                write_stdout(data)
            else:
                write_atomic(report, data, force, protected=[*plan.paths, *plan.targets])
        except TeiToolsError as exc:
            emit(exc.diagnostic)
            status = max(status, exc.exit_code)
    finish(run, status)


CONVERT_PARALLEL_FROM = 1024 * 1024  # bytes of text: about a second of conversion, worth a pool
CONVERT_CHUNK = 2 * 1024 * 1024  # bytes of text per cluster task: about two seconds of work


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
@format_option("teitools.codes:FORMATS", "text", "text: one line per code, or the whole entry of CODE; "
               "markdown: the page docs/rules.md; json: every field.")
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
@format_option("teitools.validation.formats:FORMATS", "text", "Report format (on stdout).")
@click.option("--max-warnings", type=click.IntRange(min=0), default=None,
              help="Fail (exit 1) when there are more warnings than this.")
@click.option("--strict", is_flag=True, help="Fail on any warning (same as --max-warnings 0).")
@max_bytes_option
@quiet_option
@verbose_option
@color_option
@batch_options
@guarded
def validate(inputs: tuple[str, ...], schema: str, schematron: tuple[str, ...], no_schematron: bool,
             trust_schemas: bool, schema_dir: tuple[Path, ...], engine: str, no_integrity: bool,
             no_xinclude: bool, fmt: str, max_warnings: int | None, strict: bool, max_bytes: int,
             quiet: bool, verbose: bool, jobs: int | None, scheduler: str | None, incremental: bool,
             manifest_path: Path | None) -> None:
    """Validate TEI files (or folders of *.xml; - for stdin): RELAX NG, Schematron and integrity checks.

    Exit status: 0 every file valid, 1 any file invalid (or too many warnings), 2 usage or I/O error.

    \b
    Examples:
      teitools validate out/                          # the schema each file names, else tei_all
      teitools validate book.xml --schema teitools    # from the schema store
      teitools validate corpus/ -j 2 --format junit > report.xml
      teitools validate corpus/ --format github --strict
      teitools validate corpus/ --incremental         # nightly: only what changed is checked again
      teitools validate corpus/ --scheduler tcp://head:8786
    """
    from teitools.validation import formats, run

    if STDIN in inputs and engine == "jing":
        raise TeiToolsError(Diagnostic(codes.USE003, "--engine jing reads files only, not stdin (-)",
                                       path="teitools", hint="save stdin to a file first"))
    make = executor(inputs, jobs, scheduler, VALIDATE_PARALLEL_FROM, VALIDATE_CHUNK)
    if STDIN in inputs:
        read_stdin(max_bytes)  # once, before worker processes start
    options = run.Options(schema=schema, schematron=schematron, embedded_schematron=not no_schematron,
                          schema_dirs=schema_dir, engine=engine, max_bytes=max_bytes,
                          integrity=not no_integrity, trust_schemas=trust_schemas, xinclude=not no_xinclude,
                          roots=tuple(Path(i) for i in inputs if Path(i).is_dir()), record=incremental)
    plan, book = batch_plan("validate", inputs, "*.xml", None, "", False, incremental, manifest_path)
    if book is not None:
        book.key = manifest.options_key({**dataclasses.asdict(options), "roots": [
            os.path.abspath(root) for root in options.roots]})

    def work(todo: list[batch.Item]) -> Iterator[tuple[int, run.FileResult]]:
        running = make(todo)
        try:
            yield from run.check(todo, options, running)
        finally:
            running.close()

    color = fmt == "text" and colored(sys.stdout)
    checking = batch.Batch(plan, "validating", book, incremental)
    tally = formats.Tally()
    kept: list[run.FileResult] = []  # for the formats written whole at the end
    for _, result in checking.outcomes(
            work, replayed=lambda item, entry: run.FileResult.replayed(str(item.path), entry.replay),
            refused=lambda item, exc: run.FileResult(str(item.path), [exc.diagnostic])):
        tally.add(result)
        if fmt in formats.KEPT:
            kept.append(result)
        part = formats.part(fmt, result, quiet, verbose, color)
        if part:
            checking.progress.echo(part.removesuffix("\n"), err=False, color=color or None)
    sys.stdout.write(formats.ending(fmt, tally, kept))
    sys.stdout.flush()
    limit = 0 if strict else max_warnings
    if tally.not_checked or checking.stopped is not None:
        finish(checking, 2)
    over = limit is not None and tally.warnings > limit
    if over:  # say why the run fails where no file is invalid (standard error: stdout may be a report)
        allowed = "--strict allows none" if strict else f"--max-warnings allows {limit}"
        plural = "" if tally.warnings == 1 else "s"
        click.echo(f"failed: {tally.warnings} warning{plural}, {allowed}", err=True)
    finish(checking, 1 if tally.invalid or over else 0)


VALIDATE_PARALLEL_FROM = 4 * 1024 * 1024  # bytes of XML: a pool repays its start from there
VALIDATE_CHUNK = 8 * 1024 * 1024  # bytes of XML per cluster task: about a second of checks


@main.group(cls=Group)
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
@format_option("teitools.export:FORMATS", "html", "Output format: one HTML5 page, plain text, or an EPUB 3 "
               "book.")
@output_option("each INPUT.xml becomes FOLDER/INPUT.html (.txt, .epub)")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A stylesheet parameter, as a string. Repeatable. The text stylesheet knows pages=1 "
                   "([p. 9] where each page begins).")
@click.option("--xslt", "xslt_path", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.xsl",
              help="Your own XSLT 1.0 stylesheet instead of ours (run locked down: no writes, no network, "
                   "document() only below the input's folder). For epub it makes the HTML.")
@click.option("--css", "css_path", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.css",
              help="CSS added after the built-in CSS (html: a second <style>; epub: a second file).")
@force_option
@max_bytes_option
@quiet_option
@verbose_option
@color_option
@batch_options
@guarded
def export(inputs: tuple[str, ...], fmt: str, output: Path | None, params: tuple[str, ...],
           xslt_path: Path | None, css_path: Path | None, force: bool, max_bytes: int, quiet: bool,
           verbose: bool, jobs: int | None, scheduler: str | None, incremental: bool,
           manifest_path: Path | None) -> None:
    """Export TEI files (or folders of *.xml; - for stdin) to HTML, plain text or EPUB with the XSLT in
    xslt/.

    \b
    Examples:
      teitools export out/book.xml --format text       # reading text on stdout
      teitools export out/book.xml -f text --param pages=1
      teitools export out/ --format html -o site/
      teitools export out/ -f html -o site/ --incremental
      teitools export out/book.xml -f epub -o books/ --css mine.css
      teitools export out/book.xml --xslt my.xsl -o site/
    """
    from teitools.export import FORMATS, parse_params, read_css
    from teitools.tasks import ExportTask, Outcome, stylesheet

    values = parse_params(params, None if xslt_path is not None else fmt)
    output = to_stdout(output, FORMATS[fmt][1] if xslt_path is None else "")
    css = read_css(css_path) if css_path is not None else ""
    if xslt_path is not None:
        stylesheet(xslt_path)  # read and compiled before any input: a faulty one is one error
    make = executor(inputs, jobs, scheduler, EXPORT_PARALLEL_FROM, EXPORT_CHUNK)
    plan, book = batch_plan("export", inputs, "*.xml", output, FORMATS[fmt][1], force, incremental,
                            manifest_path)
    if fmt == "epub" and output is None and sys.stdout.isatty():
        raise TeiToolsError(Diagnostic(codes.USE007, "an EPUB is not written to a terminal", path="teitools",
                                       hint="add -o FOLDER, or redirect stdout to a file"))
    if book is not None:
        xslt = hashlib.sha256(xslt_path.read_bytes()).hexdigest() if xslt_path is not None else None
        book.key = manifest.options_key({"format": fmt, "params": values, "css": css, "xslt": xslt,
                                         "max-bytes": max_bytes})
    task = ExportTask(fmt, values, css, xslt_path, max_bytes)
    run = batch.Batch(plan, "exporting", book, incremental)
    outcomes = run.outcomes(
        run.run(task, make,
                lambda item, crash: Outcome([crash.diagnostic(str(item.path))], 1)),
        replayed=lambda item, entry: Outcome.replayed(entry.replay, item.target),
        refused=lambda item, exc: Outcome([exc.diagnostic], exc.exit_code))
    status = 0
    for _, outcome in outcomes:
        show(run, [d for d in outcome.diagnostics if d.severity is Severity.ERROR or not quiet],
             None if verbose else FOLD_AFTER)
        status = max(status, outcome.status)
        if outcome.data is not None:
            write_stdout(outcome.data)
    if len(plan.items) > 1 and not quiet:
        click.echo(run.summary("exported"), err=True)
    finish(run, status)


EXPORT_PARALLEL_FROM = 2 * 1024 * 1024  # bytes of XML: a pool repays its start from there
EXPORT_CHUNK = 4 * 1024 * 1024  # bytes of XML per cluster task
