"""The manifest of a report: what went in (with SHA-256s), the options, the environment,
and the report id."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from scorecard.model.errors import ScorecardError

if TYPE_CHECKING:
    from scorecard.model.inputs import Inputs, SourceFile


MANIFEST_NAME = "manifest.json"


RESULTS_NAME = "results.json"


MANIFEST_FORMAT = "scorecard-manifest/1"


VENDOR_FOLDER = "vendors"


SCORES_FOLDER = "scores"  # the evaluation panel's score files (SourceFile.name "scores/x.toml")


#: The option a report of example data records (``"true"``): its pages carry a marking.
EXAMPLE_OPTION = "example"


Role = Literal["criteria", "vendor", "scores", "results"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ManifestFile(_Frozen):
    name: str  # name inside the PDF, relative: "criteria.toml", "vendors/acme.toml"
    role: Role
    sha256: str
    bytes: int


class Manifest(_Frozen):
    """`manifest.json`: everything needed to check and reproduce a report."""

    format: str
    report_id: str
    date: dt.date
    options: dict[str, str | None]
    files: list[ManifestFile]  # criteria first, then vendors by name, then results
    environment: dict[str, str]
    pdf_variant: str
    reproduce: str

    def to_json(self) -> bytes:
        return (self.model_dump_json(indent=2) + "\n").encode("utf-8")

    @property
    def inputs(self) -> list[ManifestFile]:
        return [f for f in self.files if f.role != "results"]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def embedded_name(src: SourceFile, role: Role) -> str:
    """The relative name a file has inside the PDF and the manifest."""
    if role == "scores":
        return f"{SCORES_FOLDER}/{Path(src.name).name}"
    return f"{VENDOR_FOLDER}/{src.name}" if role == "vendor" else src.name


def input_files(inputs: Inputs) -> list[tuple[str, Role, bytes]]:
    """(name, role, bytes) of every input file: the criteria file, then vendor files by
    name, then the evaluation panel's score files by name."""
    crit = inputs.criteria_source
    if crit.name in (MANIFEST_NAME, RESULTS_NAME) or "/" in crit.name:
        raise ScorecardError(f"the criteria file cannot be called {crit.name!r}")
    vendors = sorted((embedded_name(v.source, "vendor"), v.source.data) for v in inputs.vendors)
    scores = sorted((embedded_name(s, "scores"), s.data) for s in inputs.score_sources)
    return [
        (crit.name, "criteria", crit.data),
        *((n, "vendor", d) for n, d in vendors),
        *((n, "scores", d) for n, d in scores),
    ]


def report_id(
    files: Sequence[tuple[str, str]], options: Mapping[str, str | None], date: dt.date
) -> str:
    """A short hash of the inputs (names and SHA-256s), the options and the date."""
    payload = json.dumps(
        {
            "files": sorted(files),
            "options": dict(sorted(options.items())),
            "date": date.isoformat(),
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return _sha256(payload.encode("utf-8"))[:12]


def reproduce_command(
    criteria_name: str, options: Mapping[str, str | None], date: dt.date, scores: bool = False
) -> str:
    parts = ["scorecard report", f"--criteria {criteria_name}", f"--vendors {VENDOR_FOLDER}"]
    if scores:
        parts.append(f"--scores {SCORES_FOLDER}")
    parts.append(f"--date {date.isoformat()}")
    for key, value in sorted(options.items()):
        if key == "weights" and value is not None:  # what-if weights (JSON): --weight each
            import json
            import shlex

            weights = json.loads(value).items()
            parts += ["--what-if", *(shlex.quote(f"--weight={k}={w!r}") for k, w in weights)]
        elif key == EXAMPLE_OPTION:
            parts.append("--example")
        elif value is not None and key != "date":
            parts.append(f"--{key} {value}")
    return " ".join(parts)


def build_manifest(
    inputs: Inputs,
    results_json: bytes,
    date: dt.date,
    options: Mapping[str, str | None],
    environment: Mapping[str, str],
    pdf_variant: str,
) -> Manifest:
    files = [
        ManifestFile(name=name, role=role, sha256=_sha256(data), bytes=len(data))
        for name, role, data in input_files(inputs)
    ]
    rid = report_id([(f.name, f.sha256) for f in files], options, date)
    files.append(
        ManifestFile(
            name=RESULTS_NAME, role="results", sha256=_sha256(results_json), bytes=len(results_json)
        )
    )
    return Manifest(
        format=MANIFEST_FORMAT,
        report_id=rid,
        date=date,
        options=dict(sorted(options.items())),
        files=files,
        environment=dict(environment),
        pdf_variant=pdf_variant,
        reproduce=reproduce_command(
            inputs.criteria_source.name, options, date, scores=bool(inputs.score_sources)
        ),
    )
