"""Benchmark `scorecard rank --format json` against baselines measured in the same run.

    .venv/bin/python bench/bench_rank.py [--repeats 7] [--vendors 1000] [--against DIR]

Prints, for each comparison, the min and median wall time of each command and their
ratios.  Goals: 1,000 vendor files x 11 catalogue metrics ranked in at most 1.7x the
time a bare Python process takes to parse the same files with tomllib; the bundled
example ranked in at most 1.5x the time of
`python -c "import typer, tomllib; from pydantic import BaseModel"`.

``--against DIR`` also times the same `rank` commands run from another checkout of
scorecard (``git worktree add DIR <commit>``), interleaved with this one, and prints
this checkout's time over that one's: a change can be shown not to slow `rank` down.
Never fails on a time: it reports.

The start-up comparison also prints the floor any pydantic CLI pays over that
baseline: the same imports plus one pydantic model defined (pydantic then imports
its field machinery and, for plugin discovery, `importlib.metadata`).
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tomli_w

from scorecard.load.project import bundled_root

METRICS = {  # metric: (unit, low, high, direction-aware best, worst)
    "hallucination_rate": ("percent", 1, 30, 0, 30),
    "factual_consistency_rate": ("percent", 70, 99, 100, 70),
    "answer_rate": ("percent", 80, 100, 100, 80),
    "mmlu": ("percent", 50, 95, 100, 50),
    "gpqa": ("percent", 20, 80, 100, 20),
    "humaneval_pass_at_1": ("percent", 30, 95, 100, 30),
    "ifeval_strict": ("percent", 50, 95, 100, 50),
    "latency_ms": ("ms", 100, 3000, 100, 3000),
    "time_to_first_token_ms": ("ms", 50, 2000, 50, 2000),
    "throughput_tokens_per_s": ("tokens_per_s", 10, 300, 300, 10),
    "price_input_usd_per_mtok": ("usd_per_mtok", 0.1, 60, 0.1, 60),
}
CRITERIA = {
    "reliability": ("hallucination_rate", "factual_consistency_rate", "answer_rate"),
    "capability": ("mmlu", "gpqa", "humaneval_pass_at_1", "ifeval_strict"),
    "performance": ("latency_ms", "time_to_first_token_ms", "throughput_tokens_per_s"),
    "cost": ("price_input_usd_per_mtok",),
}


def generate(root: Path, n: int, seed: int = 1) -> tuple[Path, Path]:
    rng = random.Random(seed)
    vendors = root / "vendors"
    vendors.mkdir(parents=True)
    for i in range(n):
        metrics = {}
        for m, (unit, lo, hi, _, _) in METRICS.items():
            evidence = rng.choice(["third-party", "in-house", "vendor-claim", "estimate"])
            metrics[m] = {
                "value": round(rng.uniform(lo, hi), 3),
                "unit": unit,
                "source": f"benchmark fixture {i}",
                "as_of": "2026-06",
                "evidence": evidence,
                "method": "bench",
                **({"note": "generated"} if evidence == "in-house" else {}),
            }
        doc = {
            "schema_version": 1,
            "vendor": f"Vendor {i}",
            "model": f"Model {i}",
            "metrics": metrics,
        }
        (vendors / f"v{i:04d}.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
    criteria = {
        "schema_version": 1,
        "title": "benchmark",
        "buyer": "bench",
        "criteria": {
            c: {
                "weight": w,
                "metrics": {
                    m: {"weight": 1, "best": METRICS[m][3], "worst": METRICS[m][4]} for m in ms
                },
            }
            for (c, ms), w in zip(CRITERIA.items(), (40, 30, 20, 10), strict=True)
        },
        "gates": [{"metric": "hallucination_rate", "max": 25, "reason": "benchmark gate"}],
    }
    path = root / "criteria.toml"
    path.write_text(tomli_w.dumps(criteria), encoding="utf-8")
    return vendors, path


def scorecard_cmd() -> list[str]:
    script = Path(sys.executable).with_name("scorecard")
    return [str(script)] if script.exists() else [sys.executable, "-m", "scorecard"]


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def checkout_env(root: Path) -> dict[str, str]:
    """The environment that makes `scorecard` import from the checkout at ``root``."""
    compileall.compile_dir(root / "scorecard", quiet=1)
    return {**os.environ, "PYTHONPATH": str(root)}


def compare_checkouts(title: str, cmd: list[str], env: dict[str, str], repeats: int) -> None:
    """The same command from this checkout and from another, interleaved."""
    timed(cmd), timed(cmd, env)
    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(repeats):
        mine.append(timed(cmd))
        theirs.append(timed(cmd, env))
    print(f"\n{title}")
    print(f"  this checkout:  min {min(mine):.3f} s, median {statistics.median(mine):.3f} s")
    print(f"  --against:      min {min(theirs):.3f} s, median {statistics.median(theirs):.3f} s")
    print(
        f"  this / against: {min(mine) / min(theirs):.3f}x (min), "
        f"{statistics.median(mine) / statistics.median(theirs):.3f}x (median)"
    )


def compare(
    title: str,
    cmd: list[str],
    base: list[str],
    goal: float,
    repeats: int,
    context: list[str] | None = None,
) -> None:
    # interleave the commands so drift in machine load hits them alike
    timed(cmd), timed(base)  # warm the file cache
    a: list[float] = []
    b: list[float] = []
    c: list[float] = []
    for _ in range(repeats):
        a.append(timed(cmd))
        b.append(timed(base))
        if context:
            c.append(timed(context))
    ratio_min = min(a) / min(b)
    ratio_med = statistics.median(a) / statistics.median(b)
    verdict = "meets" if ratio_min <= goal else "misses"
    print(f"\n{title}")
    print(f"  scorecard rank: min {min(a):.3f} s, median {statistics.median(a):.3f} s")
    print(f"  baseline:       min {min(b):.3f} s, median {statistics.median(b):.3f} s")
    print(f"  ratio: {ratio_min:.2f}x (min), {ratio_med:.2f}x (median); goal <= {goal}x: {verdict}")
    if c:
        print(
            f"  for context, scorecard validate on the same files: min {min(c):.3f} s "
            f"({min(c) / min(b):.2f}x the baseline)"
        )


def commands(vendors: Path, criteria: Path) -> dict[str, list[str]]:
    """The commands timed: rank and validate on the generated files and on the bundled
    example, and the two baselines."""
    root = bundled_root()
    date = ["--date", "2026-11-24", "--format", "json"]
    sc = scorecard_cmd()
    return {
        "rank_big": [*sc, "rank", "--vendors", str(vendors), "--criteria", str(criteria), *date],
        "parse_only": [
            sys.executable,
            "-c",
            "import pathlib, sys, tomllib\n"
            "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.toml')):\n"
            "    tomllib.loads(p.read_text(encoding='utf-8'))",
            str(vendors),
        ],
        "rank_bundled": [
            *sc, "rank", "--vendors", str(root / "vendors"),
            "--criteria", str(root / "criteria.toml"), *date,
        ],
        "imports_only": [
            sys.executable, "-c", "import typer, tomllib; from pydantic import BaseModel",
        ],
        "validate_big": [*sc, "validate", str(vendors), "--criteria", str(criteria)],
        "validate_bundled": [
            *sc, "validate", str(root / "vendors"), "--criteria", str(root / "criteria.toml"),
        ],
    }  # fmt: skip


STARTUP_BASE = "import typer, tomllib; from pydantic import BaseModel"


def startup_floor(repeats: int) -> None:
    """What defining a single pydantic model adds to the start-up baseline."""
    base = [sys.executable, "-c", STARTUP_BASE]
    one_model = [sys.executable, "-c", STARTUP_BASE + "\nclass One(BaseModel):\n    x: int\n"]
    timed(one_model), timed(base)
    a, b = [], []
    for _ in range(repeats):
        a.append(timed(one_model))
        b.append(timed(base))
    print(
        f"  for context, the baseline plus one pydantic model: min {min(a):.3f} s "
        f"({min(a) / min(b):.2f}x the baseline): the floor of any CLI built on pydantic models"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--vendors", type=int, default=1000)
    parser.add_argument("--against", type=Path, help="another checkout of scorecard to time")
    args = parser.parse_args()
    # An installed wheel has byte-compiled modules; a checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would recompile scorecard on every run (~25 ms).
    import scorecard

    compileall.compile_dir(Path(scorecard.__file__).parent, quiet=1)
    tmp = Path(tempfile.mkdtemp(prefix="scorecard-bench-"))
    try:
        cmd = commands(*generate(tmp, args.vendors))
        print(
            f"Python {sys.version.split()[0]}, {args.repeats} repeats, "
            f"{args.vendors} vendor files x {len(METRICS)} metrics"
        )
        compare(
            f"{args.vendors} vendor files: rank --format json vs parsing them with tomllib",
            cmd["rank_big"], cmd["parse_only"], 1.7, args.repeats, cmd["validate_big"],
        )  # fmt: skip
        compare(
            "bundled example: rank --format json vs importing typer, tomllib and pydantic",
            cmd["rank_bundled"], cmd["imports_only"], 1.5, args.repeats, cmd["validate_bundled"],
        )  # fmt: skip
        if args.against is not None:
            compare_checkouts(
                f"{args.vendors} vendor files: rank --format json, this checkout vs --against",
                cmd["rank_big"], checkout_env(args.against.resolve()), args.repeats,
            )  # fmt: skip
        startup_floor(args.repeats)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
