"""A results file written by ``lm_eval --output_path`` (EleutherAI's lm-evaluation-harness).

The file holds one model's results: ``results`` maps each task to keys like
``"acc,none"`` and ``"acc_stderr,none"`` (metric, then filter), with values as
fractions.  A stderr of ``"N/A"`` means none was computed: it is left out, not
an error.  Tasks map to catalogue metrics:

- ``mmlu`` -> ``mmlu`` from ``acc``;
- any ``gpqa_*`` variant -> ``gpqa`` (the variant is named in ``method``);
- ``ifeval`` / ``leaderboard_ifeval`` -> ``ifeval_strict`` from ``prompt_level_strict_acc``;
- ``humaneval`` variants -> ``humaneval_pass_at_1`` from ``pass@1``.

Provenance comes from the file: the lm-eval version, its git hash, each task's
version and few-shot count, the model name and the run's date.  Pure functions.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Any

from scorecard.authoring.importers.records import ImportSource, SourceRecord, figure
from scorecard.model.errors import ScorecardError

IMPORTER = "lm-eval"
SHOW_TASKS = 5  # tasks with no catalogue metric named in the message (MMLU alone has 57 subtasks)


@dataclass(frozen=True)
class TaskRule:
    metric: str  # catalogue metric id
    benchmark: str  # how `method` names the benchmark
    keys: tuple[str, ...]  # lm-eval metric names to read, in order of preference


_MMLU = TaskRule("mmlu", "MMLU", ("acc",))
_GPQA = TaskRule("gpqa", "GPQA", ("acc", "acc_norm", "exact_match"))
_IFEVAL = TaskRule(
    "ifeval_strict", "IFEval prompt-level strict accuracy", ("prompt_level_strict_acc",)
)
_HUMANEVAL = TaskRule("humaneval_pass_at_1", "HumanEval pass@1", ("pass@1", "pass_at_1"))

# preferred gpqa variant when a file holds several: diamond is the usual headline set
_GPQA_ORDER = ("diamond", "main", "extended")


def rule_for(task: str) -> TaskRule | None:
    if task == "mmlu":
        return _MMLU
    if task.startswith(("gpqa_", "leaderboard_gpqa")):
        return _GPQA
    if task in ("ifeval", "leaderboard_ifeval"):
        return _IFEVAL
    if task.startswith("humaneval") and "plus" not in task:
        return _HUMANEVAL
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None  # "N/A" and anything else that is not a number
    return float(value) if math.isfinite(value) else None


def read_metric(
    results: dict[str, Any], keys: tuple[str, ...]
) -> tuple[str, float, float | None] | None:
    """The first of ``keys`` present (any filter): (full key, value, stderr or None)."""
    for key in keys:
        for full, raw in results.items():
            name, _, _filter = full.partition(",")
            if name != key:
                continue
            value = _number(raw)
            if value is None:
                continue
            stderr_key = f"{key}_stderr,{_filter}" if _filter else f"{key}_stderr"
            return full, value, _number(results.get(stderr_key))
    return None


def _gpqa_rank(task: str) -> tuple[int, str]:
    for i, word in enumerate(_GPQA_ORDER):
        if word in task:
            return i, task
    return len(_GPQA_ORDER), task


def run_date(data: dict[str, Any]) -> dt.date:
    raw = data.get("date")
    if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
        return dt.datetime.fromtimestamp(raw, tz=dt.UTC).date()
    raise ScorecardError("the results file has no run `date` (a Unix timestamp)")


@dataclass(frozen=True)
class _Run:
    """What the results file says about the run, for every figure's provenance."""

    origin: str
    model: str
    tool: str  # "lm-eval 0.4.8 (git abc123)"
    as_of: dt.date
    evidence: str
    versions: dict[str, Any]
    n_shot: dict[str, Any]
    samples: dict[str, Any]


def _read_run(text: str, origin: str, evidence: str) -> tuple[_Run, dict[str, Any]]:
    """The run's provenance and its task table; a clear error for anything else."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScorecardError(
            f"{origin}:{exc.lineno}:{exc.colno}: not a JSON file: {exc.msg}"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        raise ScorecardError(f"{origin}: not an lm-eval results file: no `results` table")
    version = data.get("lm_eval_version") or "unknown version"
    git_hash = data.get("git_hash")
    try:
        as_of = run_date(data)
    except ScorecardError as exc:
        raise ScorecardError(f"{origin}: {exc}") from None
    run = _Run(
        origin=origin,
        model=data.get("model_name") or _pretrained(data) or "unknown model",
        tool=f"lm-eval {version}" + (f" (git {git_hash})" if git_hash else ""),
        as_of=as_of,
        evidence=evidence,
        versions=data.get("versions") or {},
        n_shot=data.get("n-shot") or {},
        samples=data.get("n-samples") or {},
    )
    # lm-eval >= 0.4 lists a group's aggregate (mmlu) in `results` and in `groups`
    return run, {**(data.get("groups") or {}), **data["results"]}


def _task_figure(
    run: _Run, task: str, rule: TaskRule, found: tuple[str, float, float | None]
) -> dict[str, Any]:
    """One figure read from one task, with the protocol in ``method`` and ``note``."""
    key, value, stderr = found
    shots = run.n_shot.get(task)
    task_version = run.versions.get(task)
    protocol = f"lm-eval task {task}" + (
        f" v{_fmt_version(task_version)}" if task_version is not None else ""
    )
    protocol += f", {shots}-shot" if isinstance(shots, int) else ""
    sample = run.samples.get(task)
    n = sample.get("effective") if isinstance(sample, dict) else None
    note = (
        f"Measured with {run.tool} on {run.model}, task {task}"
        + (f" ({n} samples)" if isinstance(n, int) else "")
        + f"; `{key}` read from {run.origin}."
    )
    return figure(
        value,
        "fraction",
        f"{run.tool} results file {run.origin}, model {run.model}, task {task}",
        run.as_of,
        run.evidence,
        f"{rule.benchmark} ({protocol}, metric {key})",
        stderr,
        note,
    )


def _unmapped_line(unmapped: list[str]) -> str:
    shown = ", ".join(unmapped[:SHOW_TASKS])
    more = f" and {len(unmapped) - SHOW_TASKS} more" if len(unmapped) > SHOW_TASKS else ""
    plural = "s" if len(unmapped) != 1 else ""
    return f"{len(unmapped)} task{plural} with no catalogue metric: {shown}{more}"


def parse_results(text: str, *, origin: str, evidence: str = "in-house") -> ImportSource:
    """Read one lm-eval results file into one record (the model it evaluated).

    ``origin`` names the file in each figure's ``source``."""
    run, table = _read_run(text, origin, evidence)
    figures: dict[str, dict[str, Any]] = {}
    skipped: list[str] = []
    unmapped: list[str] = []
    tasks = sorted(
        table,
        key=lambda t: _gpqa_rank(t) if t.startswith(("gpqa", "leaderboard_gpqa")) else (0, t),
    )
    for task in tasks:
        rule = rule_for(task)
        if rule is None or not isinstance(table[task], dict):
            unmapped.append(task)
        elif rule.metric in figures:
            skipped.append(f"task {task}: {rule.metric} already read from another task")
        elif (found := read_metric(table[task], rule.keys)) is None:
            skipped.append(f"task {task}: none of {', '.join(rule.keys)} has a number")
        else:
            figures[rule.metric] = _task_figure(run, task, rule, found)
    if unmapped:
        skipped.append(_unmapped_line(unmapped))
    record = SourceRecord(
        name=run.model,
        model=run.model,
        vendor=None,
        vendor_note="an lm-eval results file names the model, not its vendor",
        figures=figures,
    )
    return ImportSource(
        IMPORTER, f"lm-eval results {origin}", {run.model: record}, (), tuple(skipped)
    )


def _pretrained(data: dict[str, Any]) -> str | None:
    args = (data.get("config") or {}).get("model_args")
    if isinstance(args, str):
        for part in args.split(","):
            key, _, value = part.partition("=")
            if key.strip() == "pretrained" and value:
                return value.strip()
    return None


def _fmt_version(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return f"{v:.1f}"
    return str(v)
