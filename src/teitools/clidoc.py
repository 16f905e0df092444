"""The command-line reference, ``docs/cli.md``, generated from the commands' ``--help``.

``python -m teitools.clidoc > docs/cli.md`` writes it; ``tests/test_docs.py`` checks that it
is current, so the reference cannot drift from the options.
"""

from __future__ import annotations

import click

from teitools.cli import main

WIDTH = 100  # the width help text is wrapped at, whatever the terminal


def _paths(command: click.Command, path: list[str]) -> list[list[str]]:
    """The command and, for a group, every subcommand below it, in the order of ``--help``."""
    found = [path]
    if isinstance(command, click.Group):
        ctx = click.Context(command, info_name=path[-1])
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                found += _paths(sub, [*path, name])
    return found


def _help(path: list[str]) -> str:
    """``teitools … --help`` as a terminal WIDTH columns wide shows it."""
    from click.testing import CliRunner

    result = CliRunner().invoke(main, [*path[1:], "--help"], prog_name=path[0], terminal_width=WIDTH)
    if result.exit_code != 0:
        raise RuntimeError(f"{' '.join(path)} --help failed: {result.output}")
    return result.output.rstrip()


def reference() -> str:
    """``docs/cli.md``: every command's ``--help``, in the order ``teitools --help`` lists them."""
    out = ["# Command-line reference", "",
           "<!-- Generated from the commands' --help by `python -m teitools.clidoc > docs/cli.md`; "
           "do not edit by hand. -->", "",
           "What every command shares is in [usage](usage.md); what each does in detail in "
           "[convert](convert.md), [validate](validate.md) and [export](export.md)."]
    for path in _paths(main, ["teitools"]):
        out += ["", f"## {' '.join(path)}", "", "```text", _help(path), "```"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    click.echo(reference(), nl=False)
