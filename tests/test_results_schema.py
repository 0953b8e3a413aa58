"""The JSON contract: real `rank --format json` output validates against the committed
`schema/results.schema.json` (docs/reference/json.md)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from scorecard.cli import app

REPO = Path(__file__).resolve().parent.parent
PANEL = REPO / "tests" / "cases" / "valid" / "panel-and-requirements"
ROBUST = ["--sensitivity", "--draws", "300"]


def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads((REPO / "schema" / "results.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    assert cls is jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)  # type: ignore[no-any-return]


def _rank_json(*args: str) -> Any:
    result = CliRunner().invoke(
        app, ["rank", "--format", "json", "--date", "2026-11-24", *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


RUNS = {
    "weighted-sum": [],
    "weighted-sum, sensitivity": ROBUST,
    "topsis, sensitivity": ["--method", "topsis", *ROBUST],
    "panel and requirements, sensitivity": [
        "--vendors",
        str(PANEL / "vendors"),
        "--criteria",
        str(PANEL / "criteria.toml"),
        "--scores",
        str(PANEL / "scores"),
        *ROBUST,
    ],
}


@pytest.mark.parametrize("run", RUNS)
def test_rank_json_validates_against_the_committed_schema(run: str) -> None:
    output = _rank_json(*RUNS[run])
    errors = sorted(_validator().iter_errors(output), key=lambda e: list(e.path))
    assert not errors, f"{list(errors[0].path)}: {errors[0].message}"
    assert output["ranking"] and ("sensitivity" in output) == ("--sensitivity" in RUNS[run])
    if run.startswith("topsis"):
        assert output["sensitivity"]["weight_ranges"] is None
    if run.startswith("panel"):
        assert any(g["require"] for g in output["gates"])


def test_the_schema_rejects_output_that_breaks_the_contract() -> None:
    """The schema is not vacuous: a renamed field, a wrong type or a bad date fails."""
    good = _rank_json(*ROBUST)
    validator = _validator()
    assert validator.is_valid(good)
    renamed = copy.deepcopy(good)
    renamed["ranking"][0]["total"] = renamed["ranking"][0].pop("score")
    wrong_type = copy.deepcopy(good)
    wrong_type["ranking"][0]["rank"] = "1"
    bad_date = copy.deepcopy(good)
    bad_date["date"] = "24/11/2026"
    no_shares = copy.deepcopy(good)
    del no_shares["sensitivity"]["acceptability"]
    for broken in (renamed, wrong_type, bad_date, no_shares):
        assert not validator.is_valid(broken)


def test_every_result_field_is_described() -> None:
    """The contract explains each field: the docs page's tables come from these."""
    schema = json.loads((REPO / "schema" / "results.schema.json").read_text())
    models = {"Ranking": schema, **schema["$defs"]}
    assert len(models) >= 10
    for name, model in models.items():
        for field, spec in model["properties"].items():
            assert spec.get("description"), f"{name}.{field}"
