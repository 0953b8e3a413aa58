"""The one family of errors that stops a run.  Bad *data* is found, not raised:
see :class:`scorecard.model.findings.Finding`; :class:`InvalidInputError` carries them.

Other stages define their own subclasses next to the code that raises them
(:class:`~scorecard.model.units.UnitError`,
:class:`~scorecard.authoring.importers.editing.MapError`, ...): the CLI maps every
:class:`ScorecardError` to ``Error: …`` and exit 1 in one place."""

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
