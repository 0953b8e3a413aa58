"""Property tests of the importers' file editing (hypothesis): an imported figure reads
back as given, re-importing changes nothing, and nothing else in the file moves."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.authoring.importers.editing import _apply_figures
from scorecard.authoring.importers.records import figure

BASE = """\
#:schema ../schema/vendor.schema.json
# keep me
schema_version = 1
vendor = "Acme"   # inline comment
model = "A-1"

[metrics.latency_ms]  # hand-written
value = 410
unit = "ms"
source = "Our load test"
as_of = 2026-02-01
evidence = "in-house"
note = "p50"
"""

text_st = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
figure_st = st.builds(
    lambda value, source, day, stderr, note: figure(
        value, "percent", source, day, "third-party", "HHEM-2.1", stderr, note
    ),
    st.floats(min_value=0, max_value=100, allow_nan=False),
    text_st,
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.none() | st.floats(min_value=0, max_value=10, allow_nan=False),
    st.none() | text_st,
)


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a.keys() == b.keys() and all(
        float(a[k]) == float(b[k]) if isinstance(a[k], int | float) else a[k] == b[k] for k in a
    )


@settings(max_examples=60, deadline=None)
@given(
    figures=st.dictionaries(
        st.sampled_from(["hallucination_rate", "answer_rate", "latency_ms"]), figure_st, min_size=1
    )
)
def test_apply_reads_back_is_idempotent_and_keeps_the_rest(
    figures: dict[str, dict[str, Any]],
) -> None:
    path = Path("vendors/acme.toml")
    after, changes = _apply_figures(BASE, figures, path)
    data = tomllib.loads(after)
    for metric, fig in figures.items():
        assert _same(data["metrics"][metric], fig)
    assert after.startswith("#:schema ../schema/vendor.schema.json\n# keep me\n")
    assert 'vendor = "Acme"   # inline comment\n' in after
    if "latency_ms" not in figures:
        assert data["metrics"]["latency_ms"] == tomllib.loads(BASE)["metrics"]["latency_ms"]
        assert "[metrics.latency_ms]  # hand-written\n" in after
    again, changes2 = _apply_figures(after, figures, path)
    assert again == after
    assert all(ch.kind == "unchanged" for ch in changes2)
    assert {ch.metric for ch in changes} == set(figures)
