"""Pydantic models of the two input formats (vendor file, criteria file) and of a finding.

The models check structure and types only; checks that need the catalogue or
other files (unknown metrics, units, ranges, duplicate ids) live in
:mod:`scorecard.loading`, which turns every problem into a :class:`Finding`.
No I/O here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 1

Evidence = Literal["vendor-claim", "third-party", "in-house", "estimate"]
EVIDENCE_LEVELS: tuple[str, ...] = ("vendor-claim", "third-party", "in-house", "estimate")
Method = Literal["weighted-sum", "topsis"]
MissingPolicy = Literal["worst", "neutral", "exclude", "fail"]
Scale = Literal["linear", "log"]

VENDOR_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_PERIOD_RE = r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$"

# Numbers are strict (a string "12" is an error, not 12) and finite (no nan/inf).
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Text = Annotated[str, Field(strict=True, min_length=1)]
Period = Annotated[str, Field(strict=True, pattern=_PERIOD_RE)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _check_schema_version(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError(
            "wrong-type", "must be a whole number (got {got})", {"got": repr(value)}
        )
    if value > SCHEMA_VERSION:
        raise PydanticCustomError(
            "schema-version-unsupported",
            "schema_version {got} is newer than this scorecard supports ({supported}); upgrade scorecard",
            {"got": value, "supported": SCHEMA_VERSION},
        )
    if value < 1:
        raise PydanticCustomError(
            "schema-version-unsupported", "schema_version must be 1 (got {got})", {"got": value}
        )
    return value


def _positive_weight(value: float) -> float:
    if value <= 0:
        raise PydanticCustomError(
            "weight-not-positive", "weight must be positive (got {got})", {"got": f"{value:g}"}
        )
    return value


def period_end(as_of: dt.date | str) -> dt.date:
    """The last day of the period an ``as_of`` names ("2026" is 2026-12-31)."""
    if isinstance(as_of, dt.date):
        return as_of
    parts = [int(p) for p in as_of.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    year, month = parts
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class Figure(_Strict):
    """One metric figure of a vendor, with its unit and its evidence."""

    value: Number = Field(description="The figure, in `unit`.")
    unit: Text = Field(
        description="Unit of `value`; converted to the metric's canonical unit on load."
    )
    source: Text = Field(
        description="Where the figure comes from: document title, URL or report id."
    )
    as_of: dt.date | Period = Field(
        description="When the figure was measured or published: a TOML date, or 'YYYY-MM' / 'YYYY' "
        "as a string when the source gives no day (counted from the period's last day)."
    )
    evidence: Evidence = Field(description="vendor-claim | third-party | in-house | estimate")
    method: Text | None = Field(
        None, description="Benchmark or protocol the figure was measured with."
    )
    stderr: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)] | None = Field(
        None, description="Standard error, in `unit`."
    )
    note: Text | None = None
    assessed_by: Text | None = Field(None, description="Who measured it (in-house figures only).")

    @field_validator("as_of", mode="wrap")
    @classmethod
    def _one_date_error(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> dt.date | str:
        """One clear finding instead of one per member of the date | period union."""
        try:
            result: dt.date | str = handler(value)
        except ValidationError:
            result = ""
        if isinstance(result, dt.datetime) or not result:
            raise PydanticCustomError(
                "invalid-date",
                'must be a TOML date (2026-03-01) or a string "YYYY-MM" or "YYYY" (got {got})',
                {"got": str(value) if isinstance(value, dt.date) else repr(value)},
            )
        return result

    @model_validator(mode="after")
    def _in_house_needs_note(self) -> Figure:
        if self.evidence == "in-house" and self.note is None:
            raise PydanticCustomError(
                "note-required", "an in-house figure needs a `note` saying how it was measured", {}
            )
        if self.assessed_by is not None and self.evidence != "in-house":
            raise PydanticCustomError(
                "assessed-by-not-in-house", "`assessed_by` is only for in-house figures", {}
            )
        return self

    @property
    def as_of_end(self) -> dt.date:
        return period_end(self.as_of)


class VendorFile(_Strict):
    """A vendor file: one model of one vendor (`vendors/<id>.toml`)."""

    schema_version: int = Field(description="Format version; this scorecard reads version 1.")
    vendor: Text = Field(description="The vendor (company) name.")
    model: Text = Field(description="The model's name.")
    description: Text | None = None
    url: Text | None = None
    metrics: dict[str, Figure] = Field(default_factory=dict, description="Figures by metric id.")
    import_: dict[str, Text] | None = Field(
        None,
        alias="import",
        description="Which record each importer reads for this vendor, e.g. prices = 'openai:gpt-4o'.",
    )

    _version = field_validator("schema_version", mode="before")(_check_schema_version)


class MetricWeight(_Strict):
    """How one metric enters a criterion."""

    weight: Number = Field(
        description="Relative weight within the criterion (any positive number)."
    )
    best: Number | None = Field(
        None, description="Value that scores 100 (canonical unit, or `unit`)."
    )
    worst: Number | None = Field(
        None, description="Value that scores 0 (canonical unit, or `unit`)."
    )
    unit: Text | None = Field(None, description="Unit of best/worst, when not the canonical one.")
    scale: Scale = Field("linear", description="linear | log")

    @field_validator("weight")
    @classmethod
    def _positive(cls, value: float) -> float:
        return _positive_weight(value)

    @model_validator(mode="after")
    def _check(self) -> MetricWeight:
        if (self.best is None) != (self.worst is None):
            raise PydanticCustomError(
                "best-worst-pair",
                "give `best` and `worst` together, or neither (relative scaling)",
                {},
            )
        if self.best is not None and self.best == self.worst:
            raise PydanticCustomError(
                "best-equals-worst",
                "`best` and `worst` are equal ({got})",
                {"got": f"{self.best:g}"},
            )
        if (
            self.scale == "log"
            and self.best is not None
            and self.worst is not None
            and min(self.best, self.worst) <= 0
        ):
            raise PydanticCustomError(
                "log-nonpositive", "a log scale needs best and worst above 0", {}
            )
        return self


class Criterion(_Strict):
    """A criterion the buyer weighs (reliability, cost, ...) and the metrics it scores."""

    weight: Number = Field(description="Relative weight of the criterion (any positive number).")
    description: Text | None = None
    metrics: dict[str, MetricWeight] = Field(description="Metrics scored in this criterion.")

    @field_validator("weight")
    @classmethod
    def _positive(cls, value: float) -> float:
        return _positive_weight(value)

    @field_validator("metrics")
    @classmethod
    def _not_empty(cls, value: dict[str, MetricWeight]) -> dict[str, MetricWeight]:
        if not value:
            raise PydanticCustomError(
                "empty-criterion", "a criterion needs at least one metric", {}
            )
        return value


class Gate(_Strict):
    """A knock-out requirement, applied before scoring. Bounds are inclusive."""

    metric: Text
    min: Number | None = None
    max: Number | None = None
    unit: Text | None = Field(None, description="Unit of min/max, when not the canonical one.")
    reason: Text | None = Field(None, description="Why: e.g. the contract clause.")

    @model_validator(mode="after")
    def _bounds(self) -> Gate:
        if self.min is None and self.max is None:
            raise PydanticCustomError("gate-without-bound", "a gate needs `min`, `max` or both", {})
        if self.min is not None and self.max is not None and self.min > self.max:
            raise PydanticCustomError("gate-bounds", "gate `min` is above its `max`", {})
        return self


class CustomMetric(_Strict):
    """A metric the catalogue does not know, declared by the buyer."""

    unit: Text
    direction: Literal["higher", "lower"]
    description: Text | None = None
    min: Number | None = Field(None, description="Lowest valid value (canonical unit).")
    max: Number | None = Field(None, description="Highest valid value (canonical unit).")


class TokenMix(_Strict):
    """The buyer's traffic: input and output tokens, in any proportion."""

    input: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]
    output: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]

    @model_validator(mode="after")
    def _not_zero(self) -> TokenMix:
        if self.input + self.output <= 0:
            raise PydanticCustomError(
                "token-mix-zero", "token_mix needs input or output above 0", {}
            )
        return self


class CriteriaFile(_Strict):
    """The buyer's criteria file: weights, gates, missing-data policy."""

    schema_version: int = Field(description="Format version; this scorecard reads version 1.")
    title: Text
    buyer: Text
    reference: Text | None = Field(None, description="Tender or case reference.")
    version: Text | None = Field(None, description="Version of these criteria.")
    approved_by: Text | None = None
    approved_on: dt.date | None = None
    classification: Text | None = Field(None, description="Printed in the report's footer.")
    method: Method = "weighted-sum"
    missing: MissingPolicy = "worst"
    max_age_days: Annotated[int, Field(strict=True, gt=0)] = Field(
        365, description="Figures older than this (relative to the report date) are flagged."
    )
    token_mix: TokenMix | None = None
    criteria: dict[str, Criterion]
    gates: list[Gate] = Field(default_factory=list)
    metrics: dict[str, CustomMetric] = Field(default_factory=dict, description="Custom metrics.")

    _version = field_validator("schema_version", mode="before")(_check_schema_version)

    @field_validator("criteria")
    @classmethod
    def _not_empty(cls, value: dict[str, Criterion]) -> dict[str, Criterion]:
        if not value:
            raise PydanticCustomError(
                "no-criteria", "the criteria file needs at least one criterion", {}
            )
        return value


class Finding(BaseModel):
    """One problem in one input file, at a line and field where known."""

    model_config = ConfigDict(frozen=True)

    path: str
    line: int | None
    column: int | None
    field: str | None
    code: str
    message: str

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, self.column or 0, self.field or "", self.code)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}:{self.column or 1}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message} [{self.code}]"
