"""The command line: Typer only.  Each command parses options, calls
:mod:`scorecard.pipeline`, picks a writer and maps errors to exit codes (in
:func:`scorecard.cli.common._errors`); nothing else lives here.

Exit codes: 0 success, 1 bad input or a failed run (`Error: …` on stderr),
2 usage error (click's convention).  One module per command group; importing them
registers their commands on :data:`app`."""

from __future__ import annotations

import sys

import typer

from scorecard.cli import (
    approve,
    authoring,
    check,
    cost,
    debrief,
    export,
    imports,
    questionnaire,
    rank,
    report,
    signing,
)
from scorecard.cli.common import app

# The order `scorecard --help` lists them: the daily loop first, then authoring and signing.
COMMANDS = (
    "validate",
    "schema",
    "approve",
    "rank",
    "cost",
    "report",
    "debrief",
    "verify",
    "init",
    "new",
    "questionnaire",
    "diff",
    "sign",
)
GROUPS = ("export", "import", "keys")
app.registered_commands.sort(key=lambda c: COMMANDS.index(c.name or ""))
app.registered_groups.sort(key=lambda g: GROUPS.index(g.name or ""))

__all__ = [
    "app",
    "approve",
    "authoring",
    "check",
    "cost",
    "debrief",
    "export",
    "imports",
    "main",
    "questionnaire",
    "rank",
    "report",
    "signing",
]


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        typer.echo("Interrupted.", err=True)
        sys.exit(130)
