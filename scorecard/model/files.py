"""Pydantic models of the input formats: vendor file, criteria file, score file.

Validation only; :mod:`scorecard.load` turns every problem into a finding.  The
checks written here raise their finding code (see :mod:`scorecard.model.findings`)
as a ``PydanticCustomError`` with the code's registered template."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError, PydanticKnownError

from scorecard.model.constants import LANGUAGES
from scorecard.model.findings import CODES
from scorecard.model.units import canonical_unit

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


def _not_blank_text(value: str) -> str:
    """White space alone is as empty as "" (``source = "   "``)."""
    if not value.strip():
        raise PydanticCustomError("empty-value", CODES["empty-value"].template, {})
    return value


Text = Annotated[str, Field(strict=True, min_length=1), AfterValidator(_not_blank_text)]

# A unit as written, read as the unit it names: a common spelling (``USD/1M tokens``,
# ``%``) becomes the unit's own name (:data:`~scorecard.model.units.UNIT_ALIASES`).
UnitText = Annotated[Text, AfterValidator(canonical_unit)]


Period = Annotated[str, Field(strict=True, pattern=_PERIOD_RE)]


Aggregate = Literal["median", "mean", "moderated"]


@functools.cache
def _number() -> TypeAdapter[float]:
    """Validates a plain figure value; built on first use (import time matters)."""
    return TypeAdapter(Number)


def _error(code: str, **params: Any) -> PydanticCustomError:
    """The registered finding ``code`` as a pydantic error; loading renders it again."""
    return PydanticCustomError(code, CODES[code].template, params)


def _toml_text(value: Any) -> str:
    """A raw TOML value as a message quotes it."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_text(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"{value:g}"
    return repr(value)


class _Strict(BaseModel):
    # validators are built on first use: a command builds only the formats it reads
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


def _check_schema_version(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _error("wrong-type", expected="a whole number", got=repr(value), note="")
    if value > SCHEMA_VERSION:
        raise _error(
            "schema-version-unsupported",
            got=value,
            relation="newer",
            supported=SCHEMA_VERSION,
            hint="; upgrade scorecard",
        )
    if value < 1:
        raise _error(
            "schema-version-unsupported",
            got=value,
            relation="older",
            supported=SCHEMA_VERSION,
            hint="",
        )
    return value


def _positive_weight(value: float) -> float:
    if value <= 0:
        raise _error("weight-not-positive", got=f"{value:g}")
    return value


def period_start(as_of: dt.date | str) -> dt.date:
    """The first day of the period an ``as_of`` names ("2026" is 2026-01-01)."""
    if isinstance(as_of, dt.date):
        return as_of
    parts = [int(p) for p in as_of.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, 1)


def period_end(as_of: dt.date | str) -> dt.date:
    """The last day of the period an ``as_of`` names ("2026" is 2026-12-31)."""
    if isinstance(as_of, dt.date):
        return as_of
    parts = [int(p) for p in as_of.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    year, month = parts
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class PriceTier(_Strict):
    """A price that applies when a request's input tokens exceed a threshold."""

    above_input_tokens: Annotated[int, Field(strict=True, ge=0)] = Field(
        description="The tier applies to requests with more input tokens than this."
    )
    value: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)] = Field(
        description="The price above the threshold, in the figure's unit."
    )


class Figure(_Strict):
    """One metric figure of a vendor, with its unit and its evidence."""

    # `unit` is validated first: `value` is a boolean exactly when the unit is yes/no
    unit: UnitText = Field(
        description="Unit of `value`; converted to the metric's canonical unit on load. "
        "Common spellings are read as the unit they name (`USD/1M tokens` is usd_per_mtok)."
    )
    value: float | bool = Field(
        description='The figure, in `unit`: a number, or true/false when unit = "yes/no".'
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
    tiers: list[PriceTier] | None = Field(
        None,
        description="Long-context prices (price metrics only): above a request's input-token "
        "threshold, the tier's price applies to all of that request's tokens of this kind.",
    )

    @field_validator("value", mode="wrap")
    @classmethod
    def _number_or_bool(
        cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> float | bool:
        """true/false with unit "yes/no" (and only then); otherwise a strict finite
        number, with the number's own error.  Loading checks the metric takes the unit."""
        yes_no = info.data.get("unit") == "yes/no"
        if yes_no and not isinstance(value, bool):
            raise _error(
                "wrong-type",
                expected='true or false with unit = "yes/no"',
                got=repr(value) if isinstance(value, str) else str(value),
                note="",
            )
        if isinstance(value, bool):
            if yes_no or "unit" not in info.data:
                return value
            raise _error(
                "wrong-type",
                expected="a number",
                got=f"boolean {str(value).lower()}",
                note=': only unit = "yes/no" takes true or false',
            )
        try:
            return _number().validate_python(value)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise PydanticKnownError(err["type"], err.get("ctx")) from None  # type: ignore[arg-type]

    @field_validator("as_of", mode="wrap")
    @classmethod
    def _one_date_error(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> dt.date | str:
        """One clear finding instead of one per member of the date | period union."""
        try:
            result: dt.date | str = handler(value)
        except ValidationError:
            result = ""
        if isinstance(result, dt.datetime) or not result:
            raise _error(
                "invalid-date", got=str(value) if isinstance(value, dt.date) else repr(value)
            )
        return result

    @model_validator(mode="after")
    def _in_house_needs_note(self) -> Figure:
        if self.evidence == "in-house" and self.note is None:
            raise _error("note-required")
        if self.assessed_by is not None and self.evidence != "in-house":
            raise _error("assessed-by-not-in-house")
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
    unit: UnitText | None = Field(
        None, description="Unit of best/worst, when not the canonical one."
    )
    scale: Scale = Field("linear", description="linear | log")

    @field_validator("weight")
    @classmethod
    def _positive(cls, value: float) -> float:
        return _positive_weight(value)

    @model_validator(mode="after")
    def _check(self) -> MetricWeight:
        if (self.best is None) != (self.worst is None):
            raise _error("best-worst-pair")
        if self.best is not None and self.best == self.worst:
            raise _error("best-equals-worst", got=f"{self.best:g}")
        if (
            self.scale == "log"
            and self.best is not None
            and self.worst is not None
            and min(self.best, self.worst) <= 0
        ):
            raise _error("log-nonpositive", what="best and worst", note="")
        return self


class Criterion(_Strict):
    """A criterion the buyer weighs (reliability, cost, ...) and the metrics it scores."""

    weight: Number = Field(description="Relative weight of the criterion (any positive number).")
    description: Text | None = None
    metrics: dict[str, MetricWeight] = Field(description="Metrics scored in this criterion.")
    label: Text | None = Field(None, description="The criterion's name in the report.")

    @field_validator("weight")
    @classmethod
    def _positive(cls, value: float) -> float:
        return _positive_weight(value)

    @field_validator("metrics")
    @classmethod
    def _not_empty(cls, value: dict[str, MetricWeight]) -> dict[str, MetricWeight]:
        if not value:
            raise _error("empty-criterion")
        return value


class Gate(_Strict):
    """A knock-out requirement, applied before scoring. Bounds are inclusive."""

    metric: Text
    min: Number | None = None
    max: Number | None = None
    require: Annotated[bool, Field(strict=True)] | None = Field(
        None,
        description="true: the vendor must answer yes (a yes/no metric); missing or no "
        "disqualifies.",
    )
    unit: UnitText | None = Field(None, description="Unit of min/max, when not the canonical one.")
    reason: Text | None = Field(None, description="Why: e.g. the contract clause.")

    @model_validator(mode="after")
    def _bounds(self) -> Gate:
        if self.require and (self.min is not None or self.max is not None):
            raise _error("gate-require-with-bounds")
        if self.min is None and self.max is None and not self.require:
            raise _error("gate-without-bound")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise _error("gate-bounds")
        return self


class CustomMetric(_Strict):
    """A metric the catalogue does not know, declared by the buyer.

    ``unit = "panel"`` declares a panel metric, scored by evaluators in score files:
    it needs ``scale``, and may give ``aggregate`` and ``descriptors``."""

    unit: Text
    direction: Literal["higher", "lower"]
    description: Text | None = None
    label: Text | None = Field(None, description="The metric's name in the report.")
    min: Number | None = Field(None, description="Lowest valid value (canonical unit).")
    max: Number | None = Field(None, description="Highest valid value (canonical unit).")
    scale: tuple[Number, Number] | None = Field(
        None, description="Panel metrics: the scoring scale [bottom, top], e.g. [0, 5]."
    )
    aggregate: Aggregate | None = Field(
        None,
        description="Panel metrics: median (default) | mean | moderated (scores/moderation.toml).",
    )
    descriptors: dict[str, Text] | None = Field(
        None,
        description='Panel metrics: what each level of the scale means, e.g. { "0" = "none" }.',
    )
    plausible_min: Number | None = Field(
        None, description="Below it a figure is implausible: `validate` warns (canonical unit)."
    )
    plausible_max: Number | None = Field(
        None, description="Above it a figure is implausible: `validate` warns (canonical unit)."
    )
    vendor_claim_expected: Annotated[bool, Field(strict=True)] = Field(
        False,
        description="true: the vendor's own claim is this metric's normal evidence "
        "(no vendor-claim-evidence warning).",
    )

    @field_validator("scale", mode="before")
    @classmethod
    def _two_values(cls, value: Any) -> Any:
        """One finding for a scale that is not a pair (not one per missing item)."""
        if value is not None and not (isinstance(value, list | tuple) and len(value) == 2):
            raise _error("panel-scale", got=_toml_text(value))
        return value

    @field_validator("scale")
    @classmethod
    def _bottom_below_top(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and value[0] >= value[1]:
            raise _error("panel-scale", got=f"[{value[0]:g}, {value[1]:g}]")
        return value

    @field_validator("descriptors")
    @classmethod
    def _levels_on_scale(
        cls, value: dict[str, str] | None, info: ValidationInfo
    ) -> dict[str, str] | None:
        scale = info.data.get("scale")
        if value is None or scale is None:
            return value
        low, high = scale
        for level in value:
            try:
                x = float(level)
            except ValueError:
                x = math.nan
            if not low <= x <= high:
                raise _error(
                    "panel-descriptor-level", level=level, low=f"{low:g}", high=f"{high:g}"
                )
        return value

    @model_validator(mode="after")
    def _panel_keys(self) -> CustomMetric:
        if self.unit != "panel":
            given = [
                k for k in ("scale", "aggregate", "descriptors") if getattr(self, k) is not None
            ]
            if given:
                raise _error(
                    "panel-only-key",
                    keys=", ".join(f"`{k}`" for k in given),
                    reason='only for panel metrics (unit = "panel")',
                )
            return self
        if self.scale is None:
            raise _error("panel-needs-scale")
        if self.min is not None or self.max is not None:
            given = [k for k in ("min", "max") if getattr(self, k) is not None]
            raise _error(
                "panel-only-key",
                keys=", ".join(f"`{k}`" for k in given),
                reason="a panel metric's valid range is its `scale`",
            )
        return self


class TokenMix(_Strict):
    """The buyer's traffic: input and output tokens, in any proportion."""

    input: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]
    output: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]

    @model_validator(mode="after")
    def _not_zero(self) -> TokenMix:
        if self.input + self.output <= 0:
            raise _error("token-mix-zero")
        return self


Share = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=1)]
Count = Annotated[int, Field(strict=True, gt=0)]
Currency = Annotated[str, Field(strict=True, pattern=r"^[A-Z]{3}$")]


class Workload(_Strict):
    """One kind of traffic the buyer sends: requests a month and tokens per request."""

    name: Text
    requests_per_month: Count
    input_tokens: Count = Field(description="Input tokens per request, cached tokens included.")
    output_tokens: Annotated[int, Field(strict=True, ge=0)] = Field(
        description="Output tokens per request."
    )
    cached_input_share: Share = Field(
        0.0, description="Share of input tokens read from the provider's prompt cache, 0-1."
    )
    batch_share: Share = Field(0.0, description="Share of requests run as batch jobs, 0-1.")


class Usage(_Strict):
    """The buyer's own volume, priced by the derived metric `monthly_cost`."""

    currency: Currency = Field("USD", description="ISO 4217 code of the buyer's currency.")
    example: Annotated[bool, Field(strict=True)] = Field(
        False, description="True when the volumes are an illustration, not the buyer's own."
    )
    workload: list[Workload] = Field(min_length=1, description="The buyer's workloads.")


class FxRate(_Strict):
    """An exchange rate: units of the currency for one US dollar."""

    per_usd: Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0)]
    source: Text
    as_of: dt.date


class CriteriaFile(_Strict):
    """The buyer's criteria file: weights, gates, missing-data policy."""

    schema_version: int = Field(description="Format version; this scorecard reads version 1.")
    title: Text
    buyer: Text
    reference: Text | None = Field(None, description="Tender or case reference.")
    version: Text | None = Field(None, description="Version of these criteria.")
    approved_by: Text | None = Field(None, description="Who approved these criteria.")
    approved_role: Text | None = Field(None, description="The approver's role.")
    approved_on: dt.date | None = Field(None, description="When the criteria were approved.")
    approved_sha256: Annotated[str, Field(strict=True, pattern=r"^[0-9a-f]{64}$")] | None = Field(
        None,
        description="Written by `scorecard approve`: the SHA-256 of what scores, as approved; "
        "a later change to the scoring keys fails `validate`, `rank` and `report`.",
    )
    classification: Text | None = Field(None, description="Printed in the report's footer.")
    language: str = Field(
        "en",
        description="The language of the report, the debriefs and `rank`'s table and "
        "Markdown: en (English) or de (German).",
    )
    method: Method = "weighted-sum"
    missing: MissingPolicy = "worst"
    max_age_days: Annotated[int, Field(strict=True, gt=0)] = Field(
        365, description="Figures older than this (relative to the report date) are flagged."
    )
    token_mix: TokenMix | None = None
    standstill_days: Annotated[int, Field(strict=True, ge=0)] = Field(
        10,
        description="The debriefs' standstill period: it ends this many calendar days "
        "after the report date (0: no standstill section).",
    )
    debrief_show_evaluator_names: bool = Field(
        False, description="Debriefs name the evaluators (by default, by role only)."
    )
    usage: Usage | None = None
    fx: dict[Currency, FxRate] = Field(
        default_factory=dict, description="Exchange rates by currency code, e.g. [fx.EUR]."
    )
    criteria: dict[str, Criterion]
    gates: list[Gate] = Field(default_factory=list)
    metrics: dict[str, CustomMetric] = Field(default_factory=dict, description="Custom metrics.")

    _version = field_validator("schema_version", mode="before")(_check_schema_version)

    @field_validator("language")
    @classmethod
    def _supported_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise _error("unsupported-language", language=value, supported=", ".join(LANGUAGES))
        return value

    @field_validator("criteria")
    @classmethod
    def _not_empty(cls, value: dict[str, Criterion]) -> dict[str, Criterion]:
        if not value:
            raise _error("no-criteria")
        return value


class PanelScore(_Strict):
    """One evaluator's score of one vendor on one panel metric, with its justification."""

    score: Number = Field(description="The score, on the panel metric's `scale`.")
    justification: Text = Field(description="Why this score: what the evaluator saw.")

    @field_validator("justification")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise _error("empty-value")
        return value


class ScoreFile(_Strict):
    """One evaluator's scores (`scores/<name>.toml`), or the moderated scores
    (`scores/moderation.toml`, `evaluator` naming the moderator)."""

    schema_version: int = Field(description="Format version; this scorecard reads version 1.")
    evaluator: Text = Field(
        description="The evaluator's name (the moderator's, in moderation.toml)."
    )
    role: Text = Field(description="The evaluator's role, e.g. 'Head of ML platform'.")
    conflicts: Text = Field(
        description='Conflict-of-interest declaration: "none", or what the conflict is.'
    )
    date: Annotated[dt.date, Field(strict=True)] = Field(description="When the scores were given.")
    conflicted_vendors: list[Text] = Field(
        default_factory=list,
        description="Vendor ids the declared conflict concerns: the evaluator's scores of "
        "these vendors are recused (left out of the aggregate).",
    )
    declared_on: Annotated[dt.date, Field(strict=True)] | None = Field(
        default=None,
        description="When the conflict-of-interest declaration was made; after `date`, "
        "the declaration came after the scoring (warning `late-declaration`).",
    )
    vendors: dict[str, dict[str, PanelScore]] = Field(
        default_factory=dict,
        description="Scores by vendor id (quoted: ids may contain dots), then panel metric.",
    )

    _version = field_validator("schema_version", mode="before")(_check_schema_version)
