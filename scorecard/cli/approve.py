"""``approve``: lock the criteria's scoring keys with their SHA-256."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from scorecard import pipeline
from scorecard.cli.common import CriteriaOpt, _errors, _fail, app


def _date(value: str | None) -> str | None:
    if value is not None:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None
    return value


@app.command(name="approve")
def approve_cmd(
    by: Annotated[
        str, typer.Option("--by", help="Who approves the criteria (a person or a committee).")
    ],
    role: Annotated[
        str | None, typer.Option("--role", help="The approver's role.", show_default=False)
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            callback=_date,
            help="Approval date YYYY-MM-DD. Default: today.",
            show_default=False,
        ),
    ] = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Approve the criteria file: write approved_by, approved_role, approved_on and
    approved_sha256 (the hash of everything that scores), keeping its comments.

    Afterwards a change to a weight, value function, gate or policy fails `validate`,
    `rank` and `report`. Approving changed criteria again needs a new `version`."""
    if not by.strip():
        raise typer.BadParameter("give who approves the criteria", param_hint="--by")
    day = dt.date.fromisoformat(on) if on else dt.date.today()
    with _errors():
        paths = pipeline.find_inputs(None, criteria)
        if paths.bundled:
            _fail(
                "no criteria.toml here or in any parent folder: run approve in the project, "
                "or give --criteria"
            )
        done = pipeline.approve(paths.criteria_path, by.strip(), day, role)
    where = str(paths.criteria_path)
    if not done.written:
        typer.echo(f"{where} is approved already and unchanged: nothing to do", err=True)
        return
    if done.note:
        typer.echo(f"Note: {done.note}", err=True)
    who = f"{by} ({role})" if role else by
    typer.echo(
        f"approved {where}: by {who} on {day.isoformat()}, scoring keys locked "
        f"(approved_sha256 {done.sha256[:12]}\u2026)",
        err=True,
    )
