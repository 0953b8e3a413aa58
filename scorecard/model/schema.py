"""JSON Schema (draft 2020-12) of the two file formats, generated from the models.

It describes the TOML as an editor sees it (TOML dates are strings in date
format), for Taplo / Even Better TOML's `#:schema` directive."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from scorecard.model.files import CriteriaFile, ScoreFile, VendorFile

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "vendor.schema.json": VendorFile,
    "criteria.schema.json": CriteriaFile,
    "score.schema.json": ScoreFile,
}


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation", by_alias=True)
    return {"$schema": DRAFT, **schema}


def schema_texts() -> dict[str, str]:
    """File name -> JSON text, stable (sorted keys) so committed copies can be compared."""
    return {
        name: json.dumps(json_schema(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, model in SCHEMA_FILES.items()
    }
