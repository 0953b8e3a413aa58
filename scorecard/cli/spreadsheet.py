"""Options shared by the spreadsheet features: ``--csv-locale`` (``rank``, ``export
csv``) and ``--weight`` (``rank``, ``report --what-if``)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from scorecard.model.inputs import Inputs
    from scorecard.score.what_if import WeightOverride


WeightOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--weight",
        help="What-if weight for this run only: CRITERION=W or CRITERION.METRIC=W "
        "(repeatable). Every output says the weights differ from the criteria file.",
        show_default=False,
        metavar="NAME=W",
    ),
]


def what_if(inputs: Inputs, entries: Sequence[str] | None) -> tuple[Inputs, list[WeightOverride]]:
    """``inputs`` with the ``--weight`` overrides applied; a bad one is a usage error."""
    if not entries:
        return inputs, []
    from scorecard.score.what_if import WeightOverrideError, apply_weights, resolve_overrides

    try:
        overrides = resolve_overrides(inputs, entries)
    except WeightOverrideError as exc:
        # a usage error (exit 2), shown as click shows one, from inside the error mapper
        typer.BadParameter(str(exc), param_hint="'--weight'").show()
        raise typer.Exit(2) from None
    return apply_weights(inputs, overrides), overrides


def weights_option(inputs: Inputs, entries: Sequence[str] | None) -> str | None:
    """The ``--weight`` overrides as the one option the pipeline and the manifest
    carry (None without any); a bad one is a usage error."""
    if not entries:
        return None
    from scorecard.score.what_if import overrides_option

    return overrides_option(what_if(inputs, entries)[1])


class CsvLocaleChoice(StrEnum):
    en = "en"
    de = "de"
    fr = "fr"


CsvLocaleOpt = Annotated[
    CsvLocaleChoice | None,
    typer.Option(
        "--csv-locale",
        help="CSV for Excel in this locale: de and fr use ';' and a decimal comma, en ',' and "
        "a point; UTF-8 with a byte-order mark. Default: plain CSV (',' and '.', no BOM).",
        show_default=False,
    ),
]


def localised(text: str, locale: CsvLocaleChoice | None, numeric: str) -> str:
    """``text`` re-punctuated for ``locale`` (unchanged without one); ``numeric``
    names the writer whose number columns are localised: "ranking" or "figures"."""
    if locale is None:
        return text
    from scorecard.report.csv_locale import CSV_LOCALES, localise_csv, ranking_numeric
    from scorecard.report.figure_table import NUMERIC_COLUMNS

    columns = ranking_numeric if numeric == "ranking" else NUMERIC_COLUMNS.__contains__
    return localise_csv(text, CSV_LOCALES[locale.value], columns)
