"""The manifest of a debrief (`manifest.json` inside it): the files it carries with
their SHA-256s, and the full report it summarises — by report id and by the SHA-256
of the full report's manifest, so a debrief can be tied to its report without
disclosing the report."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict

DEBRIEF_MANIFEST_FORMAT = "scorecard-debrief-manifest/1"
DEBRIEF_NAME = "debrief.json"

DebriefRole = Literal["criteria", "vendor", "debrief"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DebriefFile(_Frozen):
    name: str
    role: DebriefRole
    sha256: str
    bytes: int


class DebriefManifest(_Frozen):
    format: str = DEBRIEF_MANIFEST_FORMAT
    vendor: str  # the bidder's vendor id
    report_id: str  # the full report's id
    report_manifest_sha256: str  # SHA-256 of the full report's manifest.json
    date: dt.date
    files: list[DebriefFile]
    environment: dict[str, str]
    pdf_variant: str

    def to_json(self) -> bytes:
        return (self.model_dump_json(indent=2) + "\n").encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def debrief_file(name: str, role: DebriefRole, data: bytes) -> DebriefFile:
    return DebriefFile(name=name, role=role, sha256=sha256(data), bytes=len(data))
