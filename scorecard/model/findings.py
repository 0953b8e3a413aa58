"""A finding: one problem with the input data, at a file, line, column and field,
with a stable code."""

from __future__ import annotations

from pydantic import (
    BaseModel,
    ConfigDict,
)


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


def make_finding(
    src: str,
    code: str,
    message: str,
    line: int | None = None,
    column: int | None = None,
    field: str | None = None,
) -> Finding:
    return Finding(path=src, line=line, column=column, field=field, code=code, message=message)
