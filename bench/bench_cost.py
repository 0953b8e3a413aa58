"""Benchmark `scorecard rank --format json` with `[usage]` (5 workloads, prices with
cache reads and long-context tiers, monthly_cost weighted) on 1,000 vendors, against
a bare tomllib parse of the same files and against the same project without
`[usage]`, measured interleaved in one run.

    .venv/bin/python bench/bench_cost.py [--repeats 7] [--vendors 1000]

Goal: within the existing 1,000-vendor goal (at most 2x the bare parse).  Never
fails on a time: it reports.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

import tomli_w

sys.path.insert(0, str(Path(__file__).parent))
from bench_rank import generate, scorecard_cmd, timed

WORKLOADS = [
    {
        "name": f"workload {i}",
        "requests_per_month": 10_000 * (i + 1),
        "input_tokens": tokens,
        "output_tokens": 400,
        "cached_input_share": 0.3,
        "batch_share": 0.1,
    }
    for i, tokens in enumerate((1_500, 8_000, 60_000, 230_000, 300_000))
]


def _price(rng: random.Random, lo: float, hi: float) -> dict[str, object]:
    value = round(rng.uniform(lo, hi), 3)
    fig: dict[str, object] = {"value": value, "unit": "usd_per_mtok"}
    if rng.random() < 0.5:
        fig["tiers"] = [{"above_input_tokens": 200_000, "value": round(2 * value, 3)}]
    return fig | {"source": "bench", "as_of": "2026-06", "evidence": "vendor-claim"}


def add_usage(vendors: Path, criteria: Path, seed: int = 2) -> Path:
    """A copy of ``criteria`` with [usage] and monthly_cost weighted; each vendor file
    gains output and cached-input prices with tiers (the bare variant ignores them)."""
    import tomllib

    rng = random.Random(seed)
    for path in sorted(vendors.glob("*.toml")):
        doc = tomllib.loads(path.read_text())
        doc["metrics"]["price_input_usd_per_mtok"] = _price(rng, 0.1, 15)
        doc["metrics"]["price_output_usd_per_mtok"] = _price(rng, 0.4, 60)
        doc["metrics"]["price_cached_input_usd_per_mtok"] = _price(rng, 0.01, 1.5)
        path.write_text(tomli_w.dumps(doc))
    crit = tomllib.loads(criteria.read_text())
    crit["usage"] = {"currency": "EUR", "workload": WORKLOADS}
    crit["fx"] = {"EUR": {"per_usd": 0.92, "source": "bench", "as_of": "2026-11-20"}}
    crit["criteria"]["cost"]["metrics"] = {
        "monthly_cost": {"weight": 1, "best": 1_000, "worst": 10_000_000, "scale": "log"}
    }
    out = criteria.with_name("criteria-usage.toml")
    out.write_text(tomli_w.dumps(crit))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--vendors", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        vendors, criteria = generate(Path(tmp), args.vendors)
        usage = add_usage(vendors, criteria)
        sc = scorecard_cmd()
        cmds = {
            "rank with [usage]": [
                *sc,
                "rank",
                "--format",
                "json",
                "--vendors",
                str(vendors),
                "--criteria",
                str(usage),
            ],
            "rank without [usage]": [
                *sc,
                "rank",
                "--format",
                "json",
                "--vendors",
                str(vendors),
                "--criteria",
                str(criteria),
            ],
            "bare tomllib parse": [
                sys.executable,
                "-c",
                "import pathlib, sys, tomllib\n"
                f"for p in sorted(pathlib.Path({str(vendors)!r}).glob('*.toml')):\n"
                "    tomllib.loads(p.read_text(encoding='utf-8'))",
            ],
        }
        for cmd in cmds.values():
            timed(cmd)  # warm the file cache
        times: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(args.repeats):
            for name, cmd in cmds.items():
                times[name].append(timed(cmd))
    base = times["bare tomllib parse"]
    print(f"{args.vendors} vendors x 5 workloads, {args.repeats} runs, interleaved")
    for name, t in times.items():
        print(
            f"  {name:22s} min {min(t):.3f} s, median {statistics.median(t):.3f} s, "
            f"{min(t) / min(base):.2f}x / {statistics.median(t) / statistics.median(base):.2f}x "
            "the bare parse (min / median)"
        )


if __name__ == "__main__":
    main()
