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


# `rank --format json`: the result models as written (serialization mode).  The
# models carry their meaning in comments; the contract's descriptions live here so
# the committed schema and the docs page generated from it explain every field, and
# a field added to a model without one fails `results_schema` (and so the tests).
RESULTS_SCHEMA_FILE = "results.schema.json"
RESULT_FIELDS: dict[str, dict[str, str]] = {
    "Ranking": {
        "method": "The scoring method: `weighted-sum` or `topsis`.",
        "date": "The report date; figures are aged against it.",
        "missing": "The missing-data policy: `worst`, `neutral`, `exclude` or `fail`.",
        "recommendation": "One sentence: the vendor ranked first, a tie, or that none qualifies.",
        "criteria": "The criteria as scored, with their normalised weights and value functions.",
        "gates": "The knock-out gates, in canonical units.",
        "ranking": "The qualified vendors, in rank order.",
        "disqualified": "The vendors that failed a gate or lack a gated metric, with the reasons.",
        "warnings": "Evidence and method warnings, one per vendor and metric.",
        "sensitivity": "The robustness analysis; present only with `--sensitivity`.",
        "max_age_days": "Figures older than this many days before `date` are flagged.",
        "breakdown": "What the `criteria` and `metrics` points of each vendor decompose.",
        "notes": "Method notes shown with the ranking.",
        "what_if": "The weights overridden for this run (`rank --weight`); present only then.",
        "approval": "The criteria file's approval (`scorecard approve`): locked, changed, "
        "not-locked or unapproved, with who approved them and when.",
    },
    "CriterionSpec": {
        "name": "The criterion's name, as in the criteria file.",
        "description": "The criterion's description, when the criteria file gives one.",
        "weight_given": "The weight as written in the criteria file.",
        "weight": "The weight normalised to sum 1 across criteria.",
        "metrics": "The value function of each metric scored in the criterion.",
    },
    "ValueFunction": {
        "metric": "The metric id.",
        "criterion": "The criterion it is scored in.",
        "unit": "The canonical unit of `best`, `worst` and every value.",
        "direction": "Which way is better: `higher` or `lower`.",
        "weight_given": "The metric's weight as written in the criteria file.",
        "weight": "The weight normalised within its criterion.",
        "best": "The value that scores 1 (null when no qualified vendor has the metric).",
        "worst": "The value that scores 0 (null when no qualified vendor has the metric).",
        "scale": "`linear` or `log`.",
        "relative": "True when best and worst come from the vendors scored, not the criteria file.",
    },
    "GateSpec": {
        "metric": "The gated metric id.",
        "min": "The inclusive lower bound, in `unit`, or null.",
        "max": "The inclusive upper bound, in `unit`, or null.",
        "unit": "The canonical unit of `min` and `max`.",
        "reason": "Why the gate exists (e.g. a contract clause), or null.",
        "require": "True for a yes/no requirement (`require = true`): the vendor must answer yes.",
    },
    "VendorScore": {
        "rank": "Competition rank (1, 1, 3): scores equal to 6 decimals share a rank.",
        "id": "The vendor id (the file name without `.toml`).",
        "vendor": "The vendor (company) name.",
        "model": "The model's name.",
        "score": "The score, between 0 and 100.",
        "win_rate": "HELM's mean win rate over the scored metrics, or null when it has no figure.",
        "criteria": "Criterion name to its part of the score.",
        "metrics": "Metric id to its part of the score.",
    },
    "CriterionScore": {
        "criterion": "The criterion's name.",
        "weight": "The normalised criterion weight.",
        "score": "The weighted value-function score within the criterion, between 0 and 1.",
        "points": "Its contribution to the total score: 100 x weight x score.",
    },
    "MetricScore": {
        "metric": "The metric id.",
        "criterion": "The criterion it is scored in.",
        "value": "The vendor's value in the canonical unit; null when missing.",
        "unit": "The canonical unit.",
        "score": "The value-function score, between 0 and 1; null when missing and excluded.",
        "weight": "The effective weight: criterion x metric weight, after `exclude` re-sharing.",
        "points": "100 x weight x score.",
        "missing": "True when the vendor gives no figure.",
        "policy": "The missing-data policy applied, when missing; else null.",
    },
    "Disqualified": {
        "id": "The vendor id.",
        "vendor": "The vendor (company) name.",
        "model": "The model's name.",
        "reasons": "Each gate failed or gated metric missing, in words.",
    },
    "ScoringWarning": {
        "code": "A stable slug, e.g. `stale-figure`.",
        "message": "The warning in words.",
        "vendor": "The vendor id it concerns, or null.",
        "metric": "The metric id it concerns, or null.",
        "detail": "What a grouped warning line shows after the vendor and metric, or null.",
    },
    "Sensitivity": {
        "draws": "The number of Monte Carlo draws.",
        "seed": "The random seed.",
        "concentration": "The Dirichlet concentration κ of the weight draws.",
        "acceptability": "Vendor id to its share of draws at each rank (index 0 is rank 1).",
        "disqualified_share": "Vendor id to its share of draws in which it is disqualified.",
        "first_probability": "Vendor id to its share of draws in which it is first.",
        "central_weights": "Vendor id to the mean criterion weights of the draws it wins.",
        "weight_ranges": "Criterion to the weight range over which the leader stays first; null with TOPSIS.",
        "verdict": "The verdict in words.",
        "notes": "Notes on the analysis (e.g. a tie at rank 1).",
        "leader": "The vendor id the weight ranges are computed for (rank 1), or null.",
        "robustness": "`robust`, `uncertain` or `fragile`, by the leader's first probability.",
    },
    "WeightRange": {
        "weight": "The buyer's normalised weight of the criterion (within `low` to `high`).",
        "low": "The lowest weight at which the leader stays first.",
        "high": "The highest weight at which the leader stays first.",
        "overtaken_by_below": "The vendor id first just below `low` (null when `low` is 0).",
        "overtaken_by_above": "The vendor id first just above `high` (null when `high` is 1).",
    },
    "WhatIf": {
        "weights": "Each overridden weight by name (`criterion` or `criterion.metric`), as given.",
        "original": "The criteria file's weight for the same names.",
    },
    "Approval": {
        "status": "locked: approved and unchanged since; changed: what scores changed after "
        "the approval (the run was allowed with `--allow-unapproved`); not-locked: approved "
        "without `approved_sha256`; unapproved: no approval.",
        "approved_by": "Who approved the criteria (`approved_by`), or null.",
        "approved_role": "The approver's role (`approved_role`), or null.",
        "approved_on": "When (`approved_on`), or null.",
    },
}


def results_schema() -> dict[str, Any]:
    """JSON Schema of `rank --format json`: :class:`Ranking` as serialised, every field described."""
    from scorecard.model.results import Ranking

    schema = Ranking.model_json_schema(mode="serialization")
    models = {"Ranking": schema, **schema.get("$defs", {})}
    if set(models) != set(RESULT_FIELDS):
        raise ValueError(f"result models {sorted(models)} != described {sorted(RESULT_FIELDS)}")
    for name, model in models.items():
        fields = RESULT_FIELDS[name]
        if set(model["properties"]) != set(fields):
            raise ValueError(f"{name}: fields {sorted(model['properties'])} != {sorted(fields)}")
        for field, description in fields.items():
            model["properties"][field]["description"] = description
    return {
        "$schema": DRAFT,
        "$comment": "`scorecard rank --format json`: fields are added over time, never renamed.",
        **schema,
    }


def results_schema_text() -> str:
    """The committed `schema/results.schema.json`, stable (sorted keys)."""
    return json.dumps(results_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
