"""A price of 0 on a relative log scale (issue 13, part 3): only a vendor that is
scored can break the scale; a disqualified vendor's figures never stop the others
from being scored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorecard.cli import app
from tests.conftest import write_case

CRITERIA = {
    "method": "weighted-sum",
    "missing": "worst",
    "criteria": {
        "all": {
            "weight": 1,
            "metrics": {
                "latency_ms": {"weight": 1, "best": 200, "worst": 5000},
                "price_input_usd_per_mtok": {"weight": 1, "scale": "log"},  # relative
            },
        }
    },
    "gates": [{"metric": "context_window_tokens", "min": 32000}],
}


def _vendors(window_of_c: float) -> dict[str, dict[str, float]]:
    """c is self-hosted (price 0); the gate on the context window decides if it counts."""
    return {
        "a": {"latency_ms": 500, "price_input_usd_per_mtok": 3, "context_window_tokens": 128000},
        "b": {"latency_ms": 800, "price_input_usd_per_mtok": 1, "context_window_tokens": 200000},
        "c": {
            "latency_ms": 600,
            "price_input_usd_per_mtok": 0,
            "context_window_tokens": window_of_c,
        },
    }


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def test_a_disqualified_free_model_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_case(tmp_path / "c", CRITERIA, _vendors(8000))  # c fails the gate
    monkeypatch.chdir(root)
    assert _run(root, "validate")[0] == 0
    code, out = _run(root, "rank", "--date", "2026-01-15", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [v["id"] for v in data["ranking"]] == ["b", "a"]
    assert [d["id"] for d in data["disqualified"]] == ["c"]
    # the scale runs over the qualified vendors' prices, 1 to 3
    assert data["ranking"][0]["metrics"]["price_input_usd_per_mtok"]["score"] == 1.0
    assert data["ranking"][1]["metrics"]["price_input_usd_per_mtok"]["score"] == 0.0
    # the robustness draws re-apply the gates: c stays out, the scale stays finite
    code, out = _run(root, "rank", "--date", "2026-01-15", "--format", "json", "--sensitivity")
    assert code == 0
    shares = json.loads(out)["sensitivity"]["disqualified_share"]
    assert shares["c"] == 1.0


def test_a_scored_free_model_on_a_relative_log_scale_is_a_finding_at_its_price(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_case(tmp_path / "c", CRITERIA, _vendors(64000))  # c qualifies
    monkeypatch.chdir(root)
    code, out = _run(root, "validate")
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith("vendors/c.toml:")
    assert "metrics.price_input_usd_per_mtok.value: a log scale needs values above 0" in line
    assert line.endswith("[log-nonpositive]")


def test_a_gate_figure_that_may_vary_counts_the_vendor_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a standard error on the gated figure, the robustness draws may let the vendor
    in: then its 0 would be the scale's end, so it is still a finding."""
    root = write_case(tmp_path / "c", CRITERIA, _vendors(30000))
    path = root / "vendors" / "c.toml"
    text = path.read_text()
    path.write_text(text.replace("value = 30000.0\n", "value = 30000.0\nstderr = 2000.0\n", 1))
    assert "stderr = 2000.0" in path.read_text()
    monkeypatch.chdir(root)
    code, out = _run(root, "validate")
    assert code == 1
    assert "[log-nonpositive]" in out


def test_a_free_price_under_a_derived_blended_price_is_found_at_its_own_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The blended price is derived from the input and output prices: a 0 input price
    on its relative log scale is a finding at the vendor file's input price line, never
    at the derived metric's name."""
    criteria = {
        **CRITERIA,
        "token_mix": {"input": 3, "output": 1},
        "criteria": {
            "all": {
                "weight": 1,
                "metrics": {"price_blended_usd_per_mtok": {"weight": 1, "scale": "log"}},
            }
        },
        "gates": [],
    }
    vendors = {
        "a": {"price_input_usd_per_mtok": 3, "price_output_usd_per_mtok": 15},
        "b": {"price_input_usd_per_mtok": 0, "price_output_usd_per_mtok": 0},
    }
    root = write_case(tmp_path / "c", criteria, vendors)
    monkeypatch.chdir(root)
    code, out = _run(root, "validate")
    assert code == 1
    (line,) = out.splitlines()
    lines = (root / "vendors" / "b.toml").read_text().splitlines()
    header = lines.index("[metrics.price_input_usd_per_mtok]")
    value_line = next(i + 1 for i in range(header, len(lines)) if lines[i].startswith("value = "))
    assert line.startswith(
        f"vendors/b.toml:{value_line}:1: metrics.price_input_usd_per_mtok.value: "
        "a log scale needs values above 0"
    )
