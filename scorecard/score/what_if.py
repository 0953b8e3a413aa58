"""What-if weights: the criteria's weights overridden for one run, and nothing else.

``rank --weight reliability=60 --weight cost.latency_ms=10`` scores the same inputs
with other weights.  :func:`apply_weights` is pure: it returns new
:class:`~scorecard.model.inputs.Inputs` whose criteria file and resolved metrics
carry the overridden weights (the kernel reads both), and the overrides with the
weights they replace, so every output can say what differs from the file."""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scorecard.model.inputs import Inputs
from scorecard.model.results import Ranking, WhatIf


class WeightOverrideError(ValueError):
    """A ``--weight`` the criteria cannot take (a usage error: exit 2)."""


@dataclass(frozen=True)
class WeightOverride:
    """One overridden weight: ``name`` is ``criterion`` or ``criterion.metric``."""

    name: str
    criterion: str
    metric: str | None
    weight: float  # the what-if weight, as given (any positive number)
    original: float  # the criteria file's


def parse_weight(entry: str) -> tuple[str, float]:
    """``"reliability=60"`` -> ("reliability", 60.0); a positive, finite weight."""
    name, sep, text = entry.rpartition("=")
    name, text = name.strip(), text.strip()
    if not sep or not name or not text:
        raise WeightOverrideError(f"{entry!r} is not CRITERION=WEIGHT or CRITERION.METRIC=WEIGHT")
    try:
        weight = float(text)
    except ValueError:
        raise WeightOverrideError(f"{entry!r}: the weight {text!r} is not a number") from None
    if not (math.isfinite(weight) and weight > 0):
        raise WeightOverrideError(f"{entry!r}: a weight must be a number above 0")
    return name, weight


def _targets(inputs: Inputs) -> dict[str, tuple[str, str | None]]:
    """Every name a --weight may use: criteria, and criterion.metric pairs."""
    out: dict[str, tuple[str, str | None]] = {c: (c, None) for c in inputs.criteria.criteria}
    for c, crit in inputs.criteria.criteria.items():
        out.update({f"{c}.{m}": (c, m) for m in crit.metrics})
    return out


def _unknown(name: str, inputs: Inputs, targets: Mapping[str, tuple[str, str | None]]) -> str:
    """The usage error for a name the criteria do not have, with a suggestion."""
    by_metric = {m: key for key, (_c, m) in targets.items() if m is not None}
    if name in by_metric:  # a bare metric id: name its criterion
        hint = f"; did you mean {by_metric[name]!r}?"
    else:
        close = difflib.get_close_matches(name, list(targets), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
    criteria = ", ".join(repr(c) for c in inputs.criteria.criteria)
    return (
        f"{name!r} is not a criterion or CRITERION.METRIC of the criteria file{hint} "
        f"(criteria: {criteria})"
    )


def resolve_overrides(inputs: Inputs, entries: Sequence[str]) -> list[WeightOverride]:
    """The ``--weight`` entries checked against the criteria, in the order given.
    Raises :class:`WeightOverrideError` for a malformed entry, an unknown name (with a
    suggestion), or the same name twice."""
    targets = _targets(inputs)
    out: dict[str, WeightOverride] = {}
    for entry in entries:
        name, weight = parse_weight(entry)
        if name not in targets:
            raise WeightOverrideError(_unknown(name, inputs, targets))
        if name in out:
            raise WeightOverrideError(f"{name!r} is given twice")
        criterion, metric = targets[name]
        crit = inputs.criteria.criteria[criterion]
        original = crit.weight if metric is None else crit.metrics[metric].weight
        out[name] = WeightOverride(name, criterion, metric, weight, original)
    return list(out.values())


def apply_weights(inputs: Inputs, overrides: Sequence[WeightOverride]) -> Inputs:
    """``inputs`` with the overridden weights in the criteria file and the resolved
    metrics; everything else (files, figures, gates, hashes) is the same object."""
    if not overrides:
        return inputs
    crit_w = {o.criterion: o.weight for o in overrides if o.metric is None}
    metric_w = {(o.criterion, o.metric): o.weight for o in overrides if o.metric is not None}
    criteria = {}
    for c, crit in inputs.criteria.criteria.items():
        metrics = {
            m: mw.model_copy(update={"weight": metric_w[(c, m)]}) if (c, m) in metric_w else mw
            for m, mw in crit.metrics.items()
        }
        criteria[c] = crit.model_copy(
            update={"weight": crit_w.get(c, crit.weight), "metrics": metrics}
        )
    resolved = tuple(
        dataclasses.replace(rm, weight=metric_w[(rm.criterion, rm.metric)])
        if (rm.criterion, rm.metric) in metric_w
        else rm
        for rm in inputs.metrics
    )
    return dataclasses.replace(
        inputs,
        criteria=inputs.criteria.model_copy(update={"criteria": criteria}),
        metrics=resolved,
    )


def what_if_of(overrides: Sequence[WeightOverride]) -> WhatIf:
    return WhatIf(
        weights={o.name: o.weight for o in overrides},
        original={o.name: o.original for o in overrides},
    )


def mark_what_if(ranking: Ranking, overrides: Sequence[WeightOverride]) -> Ranking:
    """The ranking, saying which weights differ from the criteria file (unchanged
    when there are no overrides)."""
    if not overrides:
        return ranking
    return ranking.model_copy(update={"what_if": what_if_of(overrides)})


def what_if_changes(what_if: WhatIf, arrow: str = "->") -> str:
    """``cost 30 -> 60; reliability.mmlu 20 -> 5``: each weight, the file's and the new."""
    from scorecard.model.numbers import format_plain as fmt_number

    return "; ".join(
        f"{name} {fmt_number(what_if.original[name])} {arrow} {fmt_number(w)}"
        for name, w in what_if.weights.items()
    )


def describe_what_if(what_if: WhatIf) -> str:
    """The line table, Markdown and CSV output carry."""
    return f"what-if: weights differ from the criteria file: {what_if_changes(what_if)}"


def overrides_option(overrides: Sequence[WeightOverride]) -> str | None:
    """The overrides as one report option (JSON, sorted): it goes into the manifest and
    the report id, and ``verify`` re-applies it."""
    import json

    if not overrides:
        return None
    return json.dumps({o.name: o.weight for o in overrides}, sort_keys=True)


def overrides_from_option(inputs: Inputs, option: str) -> list[WeightOverride]:
    """The inverse of :func:`overrides_option` (a report's manifest option)."""
    import json

    weights = json.loads(option)
    return resolve_overrides(inputs, [f"{k}={float(v)!r}" for k, v in weights.items()])
