"""`scorecard schema`: JSON Schema of the three file formats, accepting every file validate
accepts."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.model.schema import schema_texts

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"


def _as_editor_sees(value: Any) -> Any:
    """TOML dates are strings in date format to a JSON Schema validator."""
    if isinstance(value, dict):
        return {k: _as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads(schema_texts()[name])
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    assert cls is jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)  # type: ignore[no-any-return]


def _valid_files(kind: str) -> list[Path]:
    if kind == "vendor":
        files = sorted((REPO / "vendors").glob("*.toml"))
        files += sorted((CASES / "valid").glob("*/vendors/*.toml"))
    elif kind == "score":
        files = sorted((CASES / "valid").glob("*/scores/*.toml"))
    else:
        files = [REPO / "criteria.toml", *sorted((CASES / "valid").glob("*/criteria.toml"))]
    return files


@pytest.mark.parametrize("kind", ["vendor", "criteria", "score"])
def test_schema_accepts_every_valid_file(kind: str) -> None:
    validator = _validator(f"{kind}.schema.json")
    files = _valid_files(kind)
    assert len(files) >= 2
    for path in files:
        data = _as_editor_sees(tomllib.loads(path.read_text()))
        errors = list(validator.iter_errors(data))
        assert not errors, f"{path}: {errors[0].message}"


@pytest.mark.parametrize(
    "case",
    ["unknown-top-level-key", "missing-required-key", "bad-evidence-and-date", "nan-and-inf"],
)
def test_schema_rejects_structural_errors(case: str) -> None:
    validator = _validator("vendor.schema.json")
    (path,) = (CASES / "invalid" / case / "vendors").glob("*.toml")
    data = _as_editor_sees(tomllib.loads(path.read_text()))
    if case == "nan-and-inf":  # JSON has no nan: an editor sees a non-number
        data["metrics"]["hallucination_rate"]["value"] = "nan"
    assert list(validator.iter_errors(data))


def test_schema_command_writes_the_committed_files(tmp_path: Path) -> None:
    """All three committed schemas (vendor, criteria, score file) are the generated ones."""
    result = CliRunner().invoke(app, ["schema", "--out", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0
    names = sorted(schema_texts())
    assert names == ["criteria.schema.json", "score.schema.json", "vendor.schema.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    for name in names:
        written = (tmp_path / name).read_text()
        assert written == (REPO / "schema" / name).read_text(), (
            f"schema/{name} is stale: run `scorecard schema`"
        )
        assert json.loads(written)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
