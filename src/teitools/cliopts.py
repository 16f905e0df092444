"""The options every command shares, defined once, and usage errors as diagnostics.

Each option here has one spelling, one help text and one behaviour on every command that
takes it (``-o``, ``--force``, ``-j``, ``-q``, ``-v``, ``--max-bytes``, ``--format``,
``--color``). :class:`Group` makes every usage error Click finds (an unknown option, a value
of the wrong kind, a missing argument) one line ``teitools: USE… message (hint: run teitools
COMMAND --help)`` and exit status 2, as every other error of teitools is shown.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from teitools import codes
from teitools.diagnostics import FOLD_AFTER, Diagnostic
from teitools.outputs import DEFAULT_MAX_BYTES

F = TypeVar("F", bound=Callable[..., Any])

# ---------------------------------------------------------------- usage errors


class UsageLine(click.ClickException):
    """A usage error as teitools shows every error: one diagnostic line on stderr, exit status 2."""

    exit_code = 2

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.diagnostic.to_text(), err=True)


def usage_diagnostic(error: click.UsageError) -> Diagnostic:
    """The diagnostic of a usage error Click found: USE003 for a value an option or argument
    does not take (a bad choice, not a number), USE012 for a missing argument, USE011 for
    anything else the command does not take (an unknown option or command, an extra argument,
    an option without its value). The hint names the ``--help`` of the command concerned."""
    if isinstance(error, click.MissingParameter):
        code = codes.USE012
    elif isinstance(error, click.BadParameter):
        code = codes.USE003
    else:
        code = codes.USE011
    names: list[str] = []
    ctx = error.ctx
    while ctx is not None and ctx.parent is not None:  # the root's name is "teitools" however run
        names.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    message = " ".join(error.format_message().split()).removesuffix(".")
    message = message[:1].lower() + message[1:]
    return Diagnostic(code, message, path="teitools", hint=f"run {' '.join(['teitools', *names])} --help")


def _parse_args(parse: Callable[[click.Context, list[str]], list[str]], ctx: click.Context,
                args: list[str]) -> list[str]:
    """Click's parsing, its usage errors told the command they concern (its parser leaves some,
    as an option without its value, without it)."""
    try:
        return parse(ctx, args)
    except click.UsageError as error:
        if error.ctx is None:
            error.ctx = ctx
        raise


class Command(click.Command):
    """A command whose usage errors know the command they concern."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return _parse_args(super().parse_args, ctx, args)


class Group(click.Group):
    """A command group whose usage errors, its own and its commands', are diagnostics
    (:func:`usage_diagnostic`); ``teitools`` alone still prints the help. Its commands are
    :class:`Command`, its groups :class:`Group`."""

    command_class = Command
    group_class = type

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return _parse_args(super().parse_args, ctx, args)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            raise UsageLine(usage_diagnostic(error)) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as error:
            raise UsageLine(usage_diagnostic(error)) from None


# ---------------------------------------------------------------- choices from a registry


class RegistryChoice(click.Choice):  # type: ignore[type-arg]
    """A choice among the names of a registry (``module:NAME``, a dict or a sequence of names),
    read when the choice is first needed, so that starting a command imports no more than
    it uses."""

    def __init__(self, registry: str) -> None:
        self.registry = registry
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        module, name = self.registry.split(":")
        return tuple(getattr(importlib.import_module(module), name))


# ---------------------------------------------------------------- the shared options


def output_option(what: str) -> Callable[[F], F]:
    """``-o/--output FOLDER``: ``what`` says how an input's output is named in it."""
    return click.option("-o", "--output", type=click.Path(path_type=Path, allow_dash=True), metavar="FOLDER",
                        help=f"Output folder: {what}. Without it, or with -o -: stdout (one input).")


def force_option(func: F) -> F:
    """``--force``: replace outputs that exist."""
    return click.option("--force", is_flag=True, help="Replace outputs that already exist.")(func)


def jobs_option(func: F) -> F:
    """``-j/--jobs N``: worker processes on this machine (checked by ``cli.executor``)."""
    return click.option("-j", "--jobs", type=int, default=None, metavar="N",
                        help="Worker processes on this machine, 1 or more (default: one per core, once the "
                             "inputs are big enough to repay starting them; else 1).")(func)


def quiet_option(func: F) -> F:
    """``-q/--quiet``: errors only; never changes the exit status."""
    return click.option("-q", "--quiet", is_flag=True,
                        help="Print errors only: no warnings, no lines saying what each input became "
                             "(validate's text report still ends with its counts); the exit status "
                             "stays the same.")(func)


def verbose_option(func: F) -> F:
    """``-v/--verbose``: every diagnostic, none folded."""
    return click.option("-v", "--verbose", is_flag=True,
                        help=f"Text output: list every diagnostic (by default a code that occurs more than "
                             f"{FOLD_AFTER} times in a file shows its first {FOLD_AFTER} and a line counting "
                             f"the rest).")(func)


def max_bytes_option(func: F) -> F:
    """``--max-bytes N``: one default for every command."""
    return click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
                        show_default=True,
                        help="Refuse inputs larger than this many bytes (the same default for every "
                             "command).")(func)


def format_option(registry: str, default: str, help: str) -> Callable[[F], F]:
    """``-f/--format NAME``, its choices the names of ``registry`` (``module:NAME``, see
    :class:`RegistryChoice`); ``help`` says what each format is."""
    return click.option("-f", "--format", "fmt", type=RegistryChoice(registry), default=default,
                        show_default=True, help=help)


COLOR_KEY = "teitools.color"


def _remember_color(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    ctx.meta[COLOR_KEY] = value
    return value


def color_option(func: F) -> F:
    """``--color auto|always|never``: coloured severities in text output (see :func:`colored`)."""
    return click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
                        show_default=True, callback=_remember_color, expose_value=False, is_eager=True,
                        help="Colour the severities and codes of text output: auto does on a terminal "
                             "unless NO_COLOR is set; files, JSON and the other report formats never "
                             "are.")(func)


def colored(stream: IO[Any]) -> bool:
    """Should text written to ``stream`` be coloured? As ``--color`` says: ``always``, ``never``,
    or ``auto`` (the default, also outside a command): when ``stream`` is a terminal and the
    environment variable ``NO_COLOR`` is unset or empty (https://no-color.org)."""
    ctx = click.get_current_context(silent=True)
    choice = ctx.meta.get(COLOR_KEY, "auto") if ctx is not None else "auto"
    if choice != "auto":
        return bool(choice == "always")
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty() and not os.environ.get("NO_COLOR"))


def batch_options(func: F) -> F:
    """``-j/--jobs``, ``--scheduler``, ``--incremental`` and ``--manifest``: how a batch runs, the
    same in every command."""
    func = click.option("--manifest", "manifest_path", type=click.Path(path_type=Path, dir_okay=False),
                        help="The manifest of --incremental (SQLite). Default: .teitools-manifest.sqlite "
                             "in the output folder (convert, export); in the user cache folder "
                             "(validate).")(func)
    func = click.option("--incremental", is_flag=True,
                        help="Skip an input whose result cannot have changed since the last run (same bytes, "
                             "same files it depends on, same options and teitools version; for an output, "
                             "the one written then and newer than the input); its diagnostics and report "
                             "entry are those recorded. An existing output it has no record of (a plain "
                             "run's) is kept if it holds the bytes this run makes, else refused. See "
                             "docs/batch.md.")(func)
    func = click.option("--scheduler", metavar="ADDRESS", envvar="DASK_SCHEDULER_ADDRESS",
                        help="Run the batch on the Dask cluster whose scheduler is at ADDRESS "
                             "(tcp://HOST:8786; default: $DASK_SCHEDULER_ADDRESS); needs teitools[dask]. "
                             "The workers read and write the files at the paths seen here, so run in a "
                             "folder they all mount (docs/batch.md).")(func)
    return jobs_option(func)


SHARED: Sequence[str] = ("output", "force", "jobs", "quiet", "verbose", "max_bytes", "fmt", "color")
"""The parameter names of the shared options (tests check each is the same on every command)."""
