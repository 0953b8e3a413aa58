"""The resolved inputs one run scores: source files, vendor records in canonical units,
resolved metrics and gates.  Built by :mod:`scorecard.load`, trusted by every later stage."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scorecard.model.catalog import Catalog
from scorecard.model.constants import REL_TOL
from scorecard.model.files import CriteriaFile, VendorFile
from scorecard.model.findings import Finding

if TYPE_CHECKING:  # model.panel is imported only by runs with panel metrics
    from scorecard.model.panel import Panel


@dataclass(frozen=True)
class SourceFile:
    """One input file, exactly as read."""

    display: str  # how messages name it (the path as the user gave it)
    name: str  # relative to the folder given (manifest name; never an absolute path)
    data: bytes
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class VendorRecord:
    """A validated vendor file with its figures in canonical units.

    Panel metrics (criteria ``unit = "panel"``) come from the score files, not the
    vendor file: their aggregate is in ``values`` (its standard error, sd / sqrt(n),
    in ``stderrs``), and ``file.metrics`` holds a synthesised in-house figure for
    each (method "panel of N"); the detail is in :attr:`Inputs.panel`.  Yes/no
    metrics are 1.0 (true) or 0.0 (false) in ``values``."""

    id: str
    file: VendorFile
    source: SourceFile
    values: dict[str, float]  # metric id -> canonical value (derived metrics included)
    stderrs: dict[str, float]  # metric id -> canonical standard error, where given
    # metric id -> the line of `source` its figure's table starts on, recorded at load
    # (the figures given in the file; not the panel's or derived ones)
    lines: Mapping[str, int] = field(default_factory=dict)

    @property
    def vendor(self) -> str:
        return self.file.vendor

    @property
    def model(self) -> str:
        return self.file.model


@dataclass(frozen=True)
class ResolvedMetric:
    """A scored metric of the criteria file, with best/worst in the canonical unit."""

    metric: str
    criterion: str
    weight: float  # as given
    best: float | None
    worst: float | None
    scale: str
    direction: str
    unit: str  # canonical


@dataclass(frozen=True)
class ResolvedGate:
    metric: str
    min: float | None  # canonical unit
    max: float | None
    unit: str
    reason: str | None  # for a `require` gate without a reason: the requirement's description
    require: bool = False  # a yes/no requirement: min is 1.0 (yes), so bound arithmetic holds


def gate_interval(low: float | None, high: float | None) -> tuple[float, float]:
    """A gate's bounds, inclusive, each widened by REL_TOL of its size (an open end is
    infinite): a value passes when ``low <= x <= high``."""
    return (
        -math.inf if low is None else low - REL_TOL * abs(low),
        math.inf if high is None else high + REL_TOL * abs(high),
    )


@dataclass(frozen=True)
class Inputs:
    """Everything one run scores: trusted, canonical, sorted by vendor id."""

    criteria: CriteriaFile
    criteria_source: SourceFile
    catalog: Catalog
    vendors: tuple[VendorRecord, ...]
    metrics: tuple[ResolvedMetric, ...]  # in criteria-file order
    gates: tuple[ResolvedGate, ...]
    score_sources: tuple[SourceFile, ...] = ()  # scores/*.toml, by file name
    panel: Panel | None = None  # None when the criteria declare no panel metric
    # plausibility warnings on the vendor figures (load.plausibility), sorted by file and line
    warnings: tuple[Finding, ...] = ()

    @property
    def sources(self) -> list[SourceFile]:
        return [self.criteria_source, *(v.source for v in self.vendors), *self.score_sources]

    def figure_lines(self) -> dict[tuple[str, str], int]:
        """(vendor id, metric) -> the line its figure starts on in the vendor file."""
        return {(v.id, metric): line for v in self.vendors for metric, line in v.lines.items()}


@dataclass
class LoadResult:
    inputs: Inputs | None
    findings: list[Finding] = field(default_factory=list)  # errors
    warnings: list[Finding] = field(default_factory=list)  # plausibility: the files are valid
