"""Model-level properties: files round-trip through tomli-w, validation is strict."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from scorecard.model.files import EVIDENCE_LEVELS, Figure, VendorFile, period_end

finite = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
# blank text is not a valid name, source or note (the models reject it): never drawn
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() != ""
)
as_of = st.one_of(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1990, 2100), st.integers(1, 12)),
    st.builds(lambda y: f"{y:04d}", st.integers(1990, 2100)),
)


@st.composite
def figures(draw: st.DrawFn) -> dict[str, object]:
    evidence = draw(st.sampled_from(EVIDENCE_LEVELS))
    fig: dict[str, object] = {
        "value": draw(finite),
        "unit": "percent",
        "source": draw(text),
        "as_of": draw(as_of),
        "evidence": evidence,
    }
    if draw(st.booleans()):
        fig["stderr"] = draw(finite)
    if evidence == "in-house" or draw(st.booleans()):
        fig["note"] = draw(text)
    return fig


@given(
    vendor=text,
    model=text,
    metrics=st.dictionaries(
        st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True), figures(), max_size=5
    ),
)
def test_vendor_files_round_trip_through_tomli_w(
    vendor: str, model: str, metrics: dict[str, object]
) -> None:
    data = {"schema_version": 1, "vendor": vendor, "model": model, "metrics": metrics}
    original = VendorFile.model_validate(data)
    written = tomli_w.dumps(original.model_dump(by_alias=True, exclude_none=True))
    assert VendorFile.model_validate(tomllib.loads(written)) == original


@pytest.mark.parametrize(
    ("as_of", "end"),
    [
        ("2026", dt.date(2026, 12, 31)),
        ("2024-02", dt.date(2024, 2, 29)),
        ("2026-03", dt.date(2026, 3, 31)),
        (dt.date(2026, 3, 5), dt.date(2026, 3, 5)),
    ],
)
def test_period_counts_from_its_last_day(as_of: dt.date | str, end: dt.date) -> None:
    assert period_end(as_of) == end


@pytest.mark.parametrize("value", ["12", True, float("nan"), float("inf")])
def test_numbers_are_strict_and_finite(value: object) -> None:
    with pytest.raises(ValidationError):
        Figure.model_validate(
            {
                "value": value,
                "unit": "percent",
                "source": "s",
                "as_of": "2026",
                "evidence": "estimate",
            }
        )


def test_models_are_frozen() -> None:
    fig = Figure.model_validate(
        {"value": 1, "unit": "percent", "source": "s", "as_of": "2026", "evidence": "estimate"}
    )
    with pytest.raises(ValidationError):
        fig.value = 2  # type: ignore[misc]


def test_unit_and_map_errors_join_the_one_error_family() -> None:
    """The CLI turns every ScorecardError into `Error: …` and exit 1 in one place."""
    from scorecard.authoring.importers.editing import MapError, parse_maps
    from scorecard.model.errors import ScorecardError
    from scorecard.model.units import UnitError, convert

    assert convert(1.5, "s", "ms") == 1500.0
    with pytest.raises(UnitError, match="cannot convert percent to ms") as unit_error:
        convert(1.0, "percent", "ms")
    with pytest.raises(MapError, match="is not SOURCE NAME=vendor-id") as map_error:
        parse_maps(["no-equals-sign"])
    assert isinstance(unit_error.value, ScorecardError)
    assert isinstance(map_error.value, ScorecardError)
    assert not isinstance(unit_error.value, ValueError)
