"""Findings: problems with the input data, each at a file, line, column and field,
with a stable code from one registry.

Every code is registered here with its message template and a short explanation
(frictionless gives each error type a stable slug and a template the same way).
:func:`make_finding` is the one way to make a finding: it renders the code's
template, and an unregistered code is a programming error (it raises).  The
reference page ``docs/reference/findings.md`` is generated from :data:`GROUPS`
(``scripts/gen_docs.py``).

Templates use plain ``{name}`` placeholders only, so the model validators can hand
them to pydantic as ``PydanticCustomError`` templates unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class Finding(BaseModel):
    """One problem in one input file, at a line and field where known."""

    # built on first use: a run whose inputs are clean never needs the validator
    model_config = ConfigDict(frozen=True, defer_build=True)

    path: str
    line: int | None
    column: int | None
    field: str | None
    code: str
    message: str
    # "warning": a plausibility check's doubt; the file is still valid (validate --strict fails)
    severity: Literal["error", "warning"] = "error"

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, self.column or 0, self.field or "", self.code)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}:{self.column or 1}"
        field = f" {self.field}:" if self.field else ""
        tail = " (warning)" if self.is_warning else ""
        return f"{where}:{field} {self.message} [{self.code}]{tail}"


@dataclass(frozen=True, slots=True)
class FindingCode:
    """A registered finding code: its message template and what it means."""

    code: str
    template: str
    explanation: str
    severity: Literal["error", "warning"] = "error"

    @property
    def params(self) -> tuple[str, ...]:
        """The template's placeholders, in order of first use."""
        names = [name for _, name, _, _ in Formatter().parse(self.template) if name]
        return tuple(dict.fromkeys(names))


# Every code, under the heading the reference page lists it under.
GROUPS: dict[str, tuple[FindingCode, ...]] = {
    "Reading files": (
        FindingCode(
            "not-found",
            "no such {what}",
            "A file or folder given on the command line (or the default `vendors/`, "
            "`criteria.toml`, `--scores` folder) does not exist.",
        ),
        FindingCode(
            "is-a-folder",
            "is a folder, not a file",
            "A path that must be a file is a folder, e.g. a folder named `acme.toml` "
            "inside `vendors/`.",
        ),
        FindingCode(
            "not-a-folder",
            "--scores needs the folder of score files",
            "`--scores` names a file; it takes the folder that holds the evaluators' score files.",
        ),
        FindingCode(
            "no-toml-files",
            "folder holds no .toml files",
            "A vendor or score folder holds no `.toml` file to read.",
        ),
        FindingCode(
            "no-vendors",
            "no vendor files to score",
            "No vendor path was given at all (a library call with an empty `vendor_paths`); "
            "the command line always names at least `vendors/`.",
        ),
        FindingCode(
            "symlink-loop",
            "symbolic link loop",
            "The path is a symbolic link that (through other links) points back at itself.",
        ),
        FindingCode(
            "unreadable",
            "cannot read: {reason}",
            "The operating system refused to read the file (permissions, I/O error); "
            "the reason is its own.",
        ),
        FindingCode(
            "file-too-large",
            "file is {size} bytes; the limit is {limit}",
            "Input files are small text files: a vendor, criteria or score file may be at most "
            "1 MiB; a source file for `import`, 64 MiB.",
        ),
        FindingCode(
            "empty-file",
            "file is empty",
            "The file holds nothing but white space.",
        ),
        FindingCode(
            "binary-file",
            "file is binary, not TOML text",
            "The file contains NUL bytes: it is not a text file.",
        ),
        FindingCode(
            "not-utf8",
            "file is not UTF-8 (byte {byte})",
            "TOML files are UTF-8; the line and column point at the first byte that is not. "
            "Re-save the file as UTF-8.",
        ),
        FindingCode(
            "toml-syntax",
            "TOML syntax: {detail}",
            "The file is not valid TOML; the detail is the parser's, at the line and column "
            "where it stopped.",
        ),
        FindingCode(
            "duplicate-key",
            "TOML syntax: key defined twice ({detail})",
            "A key or table is written twice in one file; TOML allows each once.",
        ),
    ),
    "Structure of any file": (
        FindingCode(
            "missing-key",
            "required key `{key}` is missing",
            "A key the format requires is not there.",
        ),
        FindingCode(
            "unknown-key",
            "unknown key{hint}",
            "The format has no such key (often a typo: the nearest valid key is suggested).",
        ),
        FindingCode(
            "wrong-type",
            "must be {expected} (got {got}){note}",
            'A value of the wrong TOML type: a string where a number belongs ("12" is not 12), '
            'a number where a date belongs, a boolean for a metric whose unit is not "yes/no".',
        ),
        FindingCode(
            "not-finite",
            "must be a finite number (got {got})",
            "`nan` and `inf` are valid TOML but not valid figures.",
        ),
        FindingCode(
            "value-out-of-range",
            "must be {bounds} (got {got})",
            "A number outside its valid range: a metric's range in the catalogue (converted "
            "to the unit given), a panel metric's scale, or a bound of the format itself.",
        ),
        FindingCode(
            "invalid-choice",
            "must be one of {choices} (got {got}){hint}",
            "A key that takes one of a fixed set of words (`evidence`, `missing`, `method`, "
            "`aggregate`, ...) has another.",
        ),
        FindingCode(
            "empty-value",
            "must not be empty",
            "A text value is empty or only white space.",
        ),
        FindingCode(
            "invalid-date",
            'must be a date (2026-03-01), or a month or year as text ("2026-03", "2026") (got {got})',
            "A figure's `as_of` is neither a date nor a month or year written as a string.",
        ),
        FindingCode(
            "schema-version-unsupported",
            "schema_version {got} is {relation} than this scorecard supports ({supported}){hint}",
            "The file is written for another version of the format.",
        ),
    ),
    "Vendor files": (
        FindingCode(
            "invalid-id",
            "file name {name} is not a valid vendor id: use lower-case letters, digits, "
            "'.', '_' and '-', starting with a letter or digit",
            "A vendor's id is its file name without `.toml`, and appears in reports and "
            "score files: it must be a plain lower-case id.",
        ),
        FindingCode(
            "duplicate-id",
            "vendor id {vendor} is also used by {other}",
            "Two vendor files (from different folders) have the same file name.",
        ),
        FindingCode(
            "unknown-metric",
            "unknown {what} {metric}{hint}{note}",
            "A metric id that is neither in the catalogue nor declared under `[metrics]` in "
            "the criteria file (in a vendor file, a criterion, a gate or a score file).",
        ),
        FindingCode(
            "derived-metric",
            "{metric} is derived by scorecard from the input and output prices and the "
            "criteria's token_mix; do not give it",
            "A vendor file gives a figure that scorecard computes itself.",
        ),
        FindingCode(
            "panel-metric-in-vendor-file",
            "{metric} is a panel metric: its value comes from the evaluators' score files "
            "(scores/), not from the vendor file",
            "A vendor file gives a figure for a metric the evaluation panel scores.",
        ),
        FindingCode(
            "unknown-unit",
            "unknown unit {unit}{hint}",
            "A unit scorecard does not know (see the units reference).",
        ),
        FindingCode(
            "incompatible-unit",
            "unit {unit} cannot convert to {canonical} (use one of: {choices})",
            "A known unit of another dimension than the metric's (seconds for a percentage).",
        ),
        FindingCode(
            "note-required",
            "an in-house figure needs a `note` saying how it was measured",
            'Figures the buyer measured (`evidence = "in-house"`) must say how.',
        ),
        FindingCode(
            "assessed-by-not-in-house",
            "`assessed_by` is only for in-house figures",
            "`assessed_by` names who measured an in-house figure; other evidence has a source.",
        ),
        FindingCode(
            "log-nonpositive",
            "a log scale needs {what} above 0{note}",
            "A metric scored on a log scale needs `best`, `worst` and every vendor's value above 0.",
        ),
    ),
    "Criteria file": (
        FindingCode(
            "no-criteria",
            "the criteria file needs at least one criterion",
            "`[criteria]` is empty: there is nothing to score.",
        ),
        FindingCode(
            "unsupported-language",
            'no translation of the report into "{language}"; languages: {supported}',
            "`language` names a language the report has no translation for "
            "(see 'How to add a language' in the README).",
        ),
        FindingCode(
            "empty-criterion",
            "a criterion needs at least one metric",
            "A criterion's `metrics` table is empty.",
        ),
        FindingCode(
            "weight-not-positive",
            "weight must be positive (got {got})",
            "A criterion's or a metric's weight is zero or negative.",
        ),
        FindingCode(
            "best-worst-pair",
            "give `best` and `worst` together, or neither (relative scaling)",
            "Only one of `best` and `worst` is given.",
        ),
        FindingCode(
            "best-equals-worst",
            "`best` and `worst` are equal ({got})",
            "`best` and `worst` are the same value, so no score can be computed between them.",
        ),
        FindingCode(
            "best-worst-direction",
            "{metric} is {direction}-is-better, so `best` must be {order} `worst` "
            "(got best = {best}, worst = {worst})",
            "`best` and `worst` are the wrong way round for the metric's direction.",
        ),
        FindingCode(
            "metric-in-two-criteria",
            "{metric} is already scored in criterion {criterion}; a metric may sit in one "
            "criterion only",
            "A metric is listed under two criteria.",
        ),
        FindingCode(
            "not-weightable",
            "{metric} is informational (no direction) and cannot be weighted",
            "A catalogue metric with no better direction (e.g. parameter count) is weighted.",
        ),
        FindingCode(
            "needs-token-mix",
            "{metric} is derived from `token_mix`, which is not set",
            "The blended price is weighted, but the criteria file gives no `token_mix` to "
            "blend input and output prices with.",
        ),
        FindingCode(
            "token-mix-zero",
            "token_mix needs input or output above 0",
            "`token_mix = { input = 0, output = 0 }` blends nothing.",
        ),
        FindingCode(
            "needs-usage",
            "{metric} is derived from `[usage]`, which is not set",
            "Monthly cost is weighted or gated, but the criteria file gives no `[usage]` "
            "workloads to price.",
        ),
        FindingCode(
            "duplicate-workload",
            "workload {name} is named twice; each workload needs its own name",
            "Two `[[usage.workload]]` entries share a name.",
        ),
        FindingCode(
            "fx-missing",
            "no exchange rate for {currency}: add [fx.{currency}] with per_usd, source and "
            "as_of to the criteria file",
            "A currency other than USD is used (the `[usage]` currency or a price quoted in "
            "it) but the criteria file gives no `[fx]` rate for it.",
        ),
        FindingCode(
            "tiers-not-a-price",
            "only token prices take tiers; {metric} is not one",
            "`tiers` is given on a figure that is not a price per token.",
        ),
        FindingCode(
            "custom-shadows-catalog",
            "{metric} is a catalogue metric; a custom metric needs its own id",
            "A custom metric under `[metrics]` reuses a catalogue id.",
        ),
        FindingCode(
            "range-bounds",
            "`min` is above `max`",
            "A custom metric's valid range is empty.",
        ),
        FindingCode(
            "gate-without-bound",
            "a gate needs `min`, `max` or both, or `require = true`",
            "A gate that checks nothing.",
        ),
        FindingCode(
            "gate-bounds",
            "gate `min` is above its `max`",
            "A gate no vendor can pass.",
        ),
        FindingCode(
            "gate-require-with-bounds",
            "`require = true` stands alone: give `min`/`max` in a gate of their own",
            "A requirement gate (yes/no) also gives numeric bounds.",
        ),
        FindingCode(
            "require-not-yes-no",
            "`require` needs a yes/no metric; {metric} is in {unit} (give `min` or `max` instead)",
            "`require = true` on a metric that is not a yes/no requirement.",
        ),
        FindingCode(
            "missing-policy-topsis",
            'missing = "{missing}" cannot be used with method "topsis", which needs a value in '
            'every cell (use "worst" or "fail")',
            "TOPSIS needs a value for every vendor and metric, so missing figures cannot be "
            "scored as neutral or left out (found by `validate`, and by `rank --method topsis`).",
        ),
        FindingCode(
            "panel-needs-scale",
            "a panel metric needs `scale = [bottom, top]`",
            'A custom metric with unit = "panel" gives no scale for the evaluators to score on.',
        ),
        FindingCode(
            "panel-scale",
            "`scale` must be [bottom, top] with bottom below top (got {got})",
            "A panel metric's scale is not two numbers, lowest first.",
        ),
        FindingCode(
            "panel-descriptor-level",
            "descriptor level '{level}' is not a number on the scale [{low}, {high}]",
            "A panel metric describes a level that is not on its scale.",
        ),
        FindingCode(
            "panel-only-key",
            "{keys}: {reason}",
            '`scale`, `aggregate` and `descriptors` belong to panel metrics (unit = "panel"), '
            "and a panel metric's range is its scale, not `min`/`max`.",
        ),
    ),
    "Score files": (
        FindingCode(
            "unknown-vendor",
            "unknown vendor {vendor}{hint} (a vendor id is its vendor file's name without .toml)",
            "A score file scores a vendor that has no vendor file.",
        ),
        FindingCode(
            "not-panel-metric",
            "{metric} is not a panel metric (declare a panel metric in the criteria file with "
            'unit = "panel")',
            "A score file scores a catalogue metric; evaluators score panel metrics only.",
        ),
        FindingCode(
            "moderation-not-used",
            "{metric} is aggregated by its {aggregate}, so a moderated score is not used "
            '(set aggregate = "moderated" in the criteria file)',
            "`scores/moderation.toml` gives a score for a metric that is not moderated.",
        ),
        FindingCode(
            "duplicate-evaluator",
            "evaluator {evaluator} also has the score file {other}; one file per evaluator",
            "Two score files name the same evaluator (case and spacing ignored).",
        ),
    ),
    "Approval": (
        FindingCode(
            "criteria-changed-after-approval",
            "the criteria changed after their approval on {date}{changes}; restore them, or "
            "bump `version` and run scorecard approve again",
            "The keys that score (weights, value functions, gates, the method, the missing-data "
            "policy, custom metrics, usage and exchange rates) no longer give the "
            "`approved_sha256` that `scorecard approve` wrote. Where the approved revision is in "
            "git, the message lists what changed. `rank` and `report` stop too; with "
            "`--allow-unapproved` they run, and the output says the criteria changed.",
        ),
        FindingCode(
            "approval-not-locked",
            "approval not locked — run scorecard approve{hint}",
            "The criteria file says it was approved (`approved_on` or `approved_by`) but has "
            "no `approved_sha256`, so a later change of a weight would go unnoticed. "
            "A warning: `validate` exits 0 unless `--strict`.",
            severity="warning",
        ),
    ),
    "Plausibility (warnings)": (
        FindingCode(
            "looks-like-fraction",
            "{value} percent; did you mean {percent} percent ({value} as a fraction)?",
            "A `percent` figure at or below 1 that is less than a tenth of the median of the "
            "other vendors' figures (while 100 times it would fit among them), or, with no "
            "other vendors, one for a metric whose plausible range starts above 1: most likely "
            "a fraction typed as a percent. A warning: `validate` exits 0 unless `--strict`.",
            severity="warning",
        ),
        FindingCode(
            "implausible-value",
            "{figure} is outside the plausible range {low} to {high} {canonical}{hint}",
            "A figure outside the plausible range the catalogue gives its metric (a range wider "
            "than any real model, narrow enough to catch a factor of 1,000: a wrong unit). "
            "A price or fee of exactly 0 (a free or self-hosted model) is plausible. A custom "
            "metric may declare `plausible_min` / `plausible_max`. A warning.",
            severity="warning",
        ),
        FindingCode(
            "future-date",
            "dated {as_of}, after {date} (the day `validate` ran, or --date): a typo in the "
            "year or month?",
            "A figure's `as_of` (the first day of the period it names) after the day "
            "`validate` checks the files on (`--date`, else SOURCE_DATE_EPOCH, else today): "
            "most likely a typo. A warning; `rank` and `report` say `future-figure` against "
            "the report date.",
            severity="warning",
        ),
        FindingCode(
            "outlier",
            "{figure} is {factor} the median of the other {n} vendors ({median} {canonical})",
            "With at least three vendors, a figure more than 10 times or less than a tenth of "
            "the median of the other vendors' figures for that metric (compared in the "
            "canonical unit; yes/no and panel metrics, prices of 0 (not counted in the others' "
            "median either) and context windows, which honestly span orders of magnitude, are "
            "not compared). "
            "A warning.",
            severity="warning",
        ),
    ),
    "Dates (warnings)": (
        FindingCode(
            "stale-fx-rate",
            "the {currency} exchange rate is dated {as_of}, {age} days before {date} "
            "(max_age_days = {max_age})",
            "An `[fx.X]` rate older than the criteria's `max_age_days` before the report "
            "date: the same rule as a stale figure. `rank` and `report` list it among the "
            "evidence warnings; `validate --date` checks it too. Costs in that currency rest "
            "on an old rate; update `per_usd`, `source` and `as_of`. A warning.",
            severity="warning",
        ),
    ),
}

CODES: dict[str, FindingCode] = {c.code: c for codes in GROUPS.values() for c in codes}


def render(code: str, **params: Any) -> str:
    """The message of ``code`` with its placeholders filled in.

    An unregistered code, or a missing or surplus parameter, is a programming error."""
    try:
        entry = CODES[code]
    except KeyError:
        raise ValueError(f"unregistered finding code {code!r}") from None
    if set(params) != set(entry.params):
        raise ValueError(
            f"finding code {code!r} takes {sorted(entry.params)}, was given {sorted(params)}"
        )
    return entry.template.format(**params)


def make_finding(
    path: str,
    code: str,
    /,
    *,
    line: int | None = None,
    column: int | None = None,
    field: str | None = None,
    **params: Any,
) -> Finding:
    """A finding in ``path``: the registered ``code`` with its template rendered."""
    return Finding(
        path=path,
        line=line,
        column=column,
        field=field,
        code=code,
        message=render(code, **params),
        severity=CODES[code].severity,
    )
