"""Benchmark what an evaluation panel costs `scorecard rank --format json`.

    .venv/bin/python bench/bench_panel.py [--repeats 7] [--vendors 1000] [--evaluators 5]

Generates N vendor files (two catalogue metrics and a required yes/no figure each), a
criteria file with two panel metrics, and one score file per evaluator scoring every
vendor on both; then times `rank --format json` with the score files against the same
command without them (the panel metrics then simply missing), in one run, interleaved.
Prints min and median wall times and their ratio.  Never fails on a time: it reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tomli_w

CRITERIA = """schema_version = 1
title = "Panel benchmark"
buyer = "Bench"

[criteria.quality]
weight = 1
[criteria.quality.metrics.mmlu]
weight = 1
best = 100
worst = 50
[criteria.quality.metrics.support_quality]
weight = 1
[criteria.quality.metrics.style_adherence]
weight = 1

[[gates]]
metric = "eu_data_residency"
require = true

[metrics.support_quality]
unit = "panel"
direction = "higher"
scale = [0, 5]

[metrics.style_adherence]
unit = "panel"
direction = "higher"
scale = [0, 5]
aggregate = "mean"
"""


def _figure(value: object, unit: str) -> dict[str, object]:
    return {
        "value": value,
        "unit": unit,
        "source": "benchmark",
        "as_of": "2026",
        "evidence": "third-party",
    }


def generate(root: Path, vendors: int, evaluators: int, rng: random.Random) -> None:
    (root / "vendors").mkdir()
    (root / "scores").mkdir()
    (root / "criteria.toml").write_text(CRITERIA)
    ids = [f"v{i:04d}" for i in range(vendors)]
    for vid in ids:
        data = {
            "schema_version": 1,
            "vendor": vid,
            "model": vid,
            "metrics": {
                "mmlu": _figure(round(rng.uniform(50, 95), 1), "percent"),
                "eu_data_residency": _figure(rng.random() < 0.9, "yes/no"),
            },
        }
        (root / "vendors" / f"{vid}.toml").write_text(tomli_w.dumps(data))
    for e in range(evaluators):
        scores = {
            vid: {
                m: {"score": rng.randint(0, 5), "justification": f"pilot notes {vid} {m}"}
                for m in ("support_quality", "style_adherence")
            }
            for vid in ids
        }
        data = {
            "schema_version": 1,
            "evaluator": f"Evaluator {e}",
            "role": "panel member",
            "conflicts": "none",
            "date": dt.date(2026, 5, 1),
            "vendors": scores,
        }
        (root / "scores" / f"e{e}.toml").write_text(tomli_w.dumps(data))


def _time(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--vendors", type=int, default=1000)
    parser.add_argument("--evaluators", type=int, default=5)
    args = parser.parse_args()
    scorecard = str(Path(sys.executable).with_name("scorecard"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, args.vendors, args.evaluators, random.Random(8))
        base = [scorecard, "rank", "--format", "json", "--date", "2026-06-01"]
        with_panel = [*base, "--vendors", "vendors", "--scores", "scores"]
        without = [*base, "--vendors", "vendors"]
        parse = [
            sys.executable,
            "-c",
            "import pathlib, tomllib\n"
            "for p in sorted(pathlib.Path('scores').glob('*.toml')): tomllib.loads(p.read_text())",
        ]
        bare = [sys.executable, "-c", "pass"]
        _time(with_panel, root)  # warm the file cache and the bytecode
        a: list[float] = []
        b: list[float] = []
        c: list[float] = []
        d: list[float] = []
        for _ in range(args.repeats):
            a.append(_time(with_panel, root))
            b.append(_time(without, root))
            c.append(_time(parse, root))
            d.append(_time(bare, root))
    print(
        f"Python {sys.version.split()[0]}, {args.repeats} repeats, {args.vendors} vendors, "
        f"{args.evaluators} evaluators x 2 panel metrics"
    )
    print(f"  rank with score files:    min {min(a):.3f} s, median {statistics.median(a):.3f} s")
    print(f"  rank without score files: min {min(b):.3f} s, median {statistics.median(b):.3f} s")
    print(
        f"  ratio: {min(a) / min(b):.2f}x (min), "
        f"{statistics.median(a) / statistics.median(b):.2f}x (median)"
    )
    extra, parsing = min(a) - min(b), min(c) - min(d)
    print(
        f"  the panel adds {extra:.3f} s (min); parsing the score files with tomllib alone "
        f"takes {parsing:.3f} s of it, scorecard's checks and aggregation the other "
        f"{extra - parsing:.3f} s"
    )


if __name__ == "__main__":
    main()
