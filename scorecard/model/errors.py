"""The one family of errors that stops a run.  Bad *data* is found, not raised:
see :class:`scorecard.models.Finding`; :class:`InvalidInputError` carries them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scorecard.model.findings import Finding


class ScorecardError(Exception):
    """A failure that stops a run; the CLI prints it as `Error: …` and exits 1."""


class InvalidInputError(ScorecardError):
    """The inputs have findings; nothing can be scored from them."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)
        n = len(self.findings)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the input files")
