"""Benchmark `scorecard import vectara` and `scorecard diff` against baselines measured
in the same run.

    .venv/bin/python bench/bench_authoring.py [--repeats 5] [--vendors 200]

1. `import vectara` updating N vendor files (each maps one row through its [import]
   table) vs a bare Python process that only parses and re-writes the same files
   with tomlkit: the floor of any edit that keeps comments.
2. `diff HEAD~1 HEAD --format json` on N vendors in git (10% of the figures changed)
   vs running `rank --format json` twice (the two rankings diff must compute, one
   process each).
No goal is set by the issue; this reports.  Never fails on a time.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_rank import generate, scorecard_cmd

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=cwd)
    return time.perf_counter() - start


def compare(
    title: str, cmd: list[str], base: list[list[str]], cwd: Path, repeats: int, reset: Path | None
) -> None:
    def run_base() -> float:
        return sum(timed(b, cwd) for b in base)

    def run_cmd() -> float:
        if reset is not None:  # undo the import so every run does the same work
            subprocess.run(["git", "checkout", "-q", "--", "."], cwd=reset, check=True)
        return timed(cmd, cwd)

    run_cmd(), run_base()  # warm the file cache
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeats):
        a.append(run_cmd())
        b.append(run_base())
    print(f"\n{title}")
    print(f"  scorecard: min {min(a):.3f} s, median {statistics.median(a):.3f} s")
    print(f"  baseline:  min {min(b):.3f} s, median {statistics.median(b):.3f} s")
    print(
        f"  ratio: {min(a) / min(b):.2f}x (min), "
        f"{statistics.median(a) / statistics.median(b):.2f}x (median)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--vendors", type=int, default=200)
    args = parser.parse_args()
    import scorecard

    compileall.compile_dir(Path(scorecard.__file__).parent, quiet=1)
    tmp = Path(tempfile.mkdtemp(prefix="scorecard-bench-"))
    try:
        vendors, _ = generate(tmp, args.vendors)
        rng = random.Random(2)
        rows = ["|Model|Hallucination Rate|Factual Consistency Rate|Answer Rate|Average Summary Length (Words)|",
                "|----|----:|----:|----:|----:|"]  # fmt: skip
        for path in sorted(vendors.glob("*.toml")):
            name = f"Bench {path.stem}"
            rate = round(rng.uniform(0.5, 25), 1)
            rows.append(f"|{name}|{rate} %|{100 - rate:.1f} %|{rng.uniform(90, 100):.1f} %|70.0|")
            with path.open("a", encoding="utf-8") as fh:
                fh.write(f'\n# mapped for the benchmark\n[import]\nvectara = "{name}"\n')
        table = tmp / "leaderboard-hhem-2.1.md"
        table.write_text("\n".join(rows) + "\n", encoding="utf-8")
        subprocess.run(["git", "init", "-q"], cwd=tmp, check=True)
        subprocess.run(["git", "add", "-A"], cwd=tmp, check=True)
        subprocess.run(["git", "commit", "-qm", "one"], cwd=tmp, check=True, env=GIT_ENV)

        print(
            f"Python {sys.version.split()[0]}, {args.repeats} repeats, {args.vendors} vendor files"
        )
        import_cmd = [*scorecard_cmd(), "import", "vectara", str(table), "--as-of", "2025-10-16",
                      "--vendors", str(vendors)]  # fmt: skip
        roundtrip = [
            sys.executable,
            "-c",
            "import pathlib, sys, tomlkit\n"
            "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.toml')):\n"
            "    p.write_text(tomlkit.dumps(tomlkit.parse(p.read_text(encoding='utf-8'))), encoding='utf-8')",
            str(vendors),
        ]
        compare(
            f"import vectara into {args.vendors} vendor files vs a tomlkit parse + write of each",
            import_cmd, [roundtrip], tmp, args.repeats, tmp,
        )  # fmt: skip

        # second commit: the import above plus 10% of the figures changed
        subprocess.run(import_cmd, cwd=tmp, check=True, capture_output=True)
        for path in sorted(vendors.glob("*.toml"))[::10]:
            text = path.read_text(encoding="utf-8")
            path.write_text(
                text.replace('as_of = "2026-06"', 'as_of = "2026-07"', 1), encoding="utf-8"
            )
        subprocess.run(["git", "add", "-A"], cwd=tmp, check=True)
        subprocess.run(["git", "commit", "-qm", "two"], cwd=tmp, check=True, env=GIT_ENV)
        date = ["--date", "2026-11-24", "--format", "json"]
        diff_cmd = [*scorecard_cmd(), "diff", "HEAD~1", "HEAD", "--vendors", "vendors",
                    "--criteria", "criteria.toml", *date]  # fmt: skip
        rank = [
            *scorecard_cmd(),
            "rank",
            "--vendors",
            "vendors",
            "--criteria",
            "criteria.toml",
            *date,
        ]
        compare(
            f"diff HEAD~1 HEAD on {args.vendors} vendors vs rank run twice",
            diff_cmd, [rank, rank], tmp, args.repeats, None,
        )  # fmt: skip
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
