"""Benchmark `scorecard report` against a bare WeasyPrint script.

Baseline: a script that only imports WeasyPrint and writes the same HTML (the
file `scorecard report --html` wrote, with its assets resolvable) with the same
attachments and PDF variant.  Both run as fresh processes, so both pay their
imports.  Measured in one run on the same machine: the figure that matters is
the ratio.  Goals: <= 1.2x on the bundled data, <= 1.1x on 50 generated
vendors.  Also prints seconds per vendor at 50 and 200 vendors.  Each size prints
the ratio of the minima and the median of back-to-back pairs' ratios (steadier
when the machine's speed drifts during the run).

    .venv/bin/python bench/bench_report.py [--repeat 3] [--sizes 50,200] [--language de]

``--language`` renders the reports in another language (``language`` in the criteria).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATE = "2026-11-24"

BASELINE = r"""
import sys
from pathlib import Path
import weasyprint
html, out, base, variant, *files = sys.argv[1:]
attachments = []
for spec in files:
    name, path, rel = spec.split("=", 2)
    attachments.append(weasyprint.Attachment(filename=path, name=name, relationship=rel))
weasyprint.HTML(filename=html, base_url=base).write_pdf(
    out, attachments=attachments, pdf_variant=variant, pdf_identifier=True
)
"""

METRICS = {
    "hallucination_rate": ("percent", 3.0, 14.5),
    "mmlu": ("percent", 60.0, 92.0),
    "humaneval_pass_at_1": ("percent", 40.0, 95.0),
    "latency_ms": ("ms", 120.0, 1500.0),
    "price_input_usd_per_mtok": ("usd_per_mtok", 0.1, 30.0),
    "price_output_usd_per_mtok": ("usd_per_mtok", 0.4, 60.0),
    "context_window_tokens": ("tokens", 32000.0, 1000000.0),
    "ifeval_strict": ("percent", 50.0, 90.0),
}


def generate(folder: Path, n: int, seed: int = 4) -> Path:
    """n vendor files with plausible figures, and the bundled criteria."""
    rng = random.Random(seed)
    (folder / "vendors").mkdir(parents=True)
    shutil.copy(REPO / "criteria.toml", folder / "criteria.toml")
    for i in range(n):
        lines = [
            "schema_version = 1",
            f'vendor = "Vendor {i:03d} Labs"',
            f'model = "Model {rng.choice("ABCDEFGH")}{i}"',
            'description = "Generated for the benchmark."',
        ]
        for metric, (unit, lo, hi) in METRICS.items():
            if metric == "ifeval_strict" and rng.random() < 0.3:
                continue  # some evidence gaps
            value = round(rng.uniform(lo, hi), 1 if unit != "tokens" else 0)
            lines += [
                "",
                f"[metrics.{metric}]",
                f"value = {value}",
                f'unit = "{unit}"',
                f'source = "Benchmark fixture report {i}, table {rng.randint(1, 9)}"',
                f'as_of = "2026-{rng.randint(1, 10):02d}"',
                f'evidence = "{rng.choice(["third-party", "vendor-claim", "in-house"])}"',
                'method = "fixture protocol"',
                'note = "generated"',
            ]
        (folder / "vendors" / f"vendor-{i:03d}.toml").write_text("\n".join(lines) + "\n")
    return folder


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system) of one child process.
    CPU time is the steadier figure on a shared machine: other processes' load
    stretches the wall clock but hardly the child's own CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def set_language(criteria: Path, language: str) -> None:
    """``language = ...`` after the criteria file's ``buyer`` line (English: unchanged)."""
    if language == "en":
        return
    lines = criteria.read_text().splitlines(keepends=True)
    at = next(i for i, text in enumerate(lines) if text.startswith("buyer ="))
    lines.insert(at + 1, f'language = "{language}"\n')
    criteria.write_text("".join(lines))


def scorecard_cmd(folder: Path) -> list[str]:
    exe = str(Path(sys.executable).parent / "scorecard")
    return [
        exe, "report", "--vendors", "vendors", "--criteria", "criteria.toml",
        "--date", DATE, "-o", "scorecard.pdf", "--quiet",
    ]  # fmt: skip


def baseline_cmd(folder: Path) -> list[str]:
    from scorecard.report.html import templates_root
    from scorecard.report.pdf import PDF_VARIANT

    files = [f"criteria.toml={folder / 'criteria.toml'}=Source"]
    files += [f"vendors/{p.name}={p}=Source" for p in sorted((folder / "vendors").glob("*.toml"))]
    files += [f"{n}={folder / 'extracted' / n}=Data" for n in ("results.json", "manifest.json")]
    base = templates_root().resolve().as_uri() + "/"
    return [
        sys.executable, "-c", BASELINE, str(folder / "report.html"),
        str(folder / "baseline.pdf"), base, PDF_VARIANT, *files,
    ]  # fmt: skip


def prepare(folder: Path) -> None:
    """One untimed run: writes the HTML and the JSON files the baseline embeds."""
    import pikepdf

    subprocess.run(
        [*scorecard_cmd(folder), "--html", "report.html"],
        cwd=folder,
        check=True,
        capture_output=True,
    )
    (folder / "extracted").mkdir()
    with pikepdf.open(folder / "scorecard.pdf") as pdf:
        for name in ("results.json", "manifest.json"):
            data = pdf.attachments[name].get_file().read_bytes()
            (folder / "extracted" / name).write_bytes(data)


Timing = tuple[float, float, float, float]  # ours wall, baseline wall, ours CPU, baseline CPU


def measure(folder: Path, repeat: int) -> tuple[Timing, tuple[float, float]]:
    """The minimum of each over ``repeat`` interleaved pairs (on a shared machine noise
    only ever adds time), and the median of the pairs' own ratios (wall, CPU): two runs
    back to back share the machine's state, so a pair's ratio is steadier than a
    ratio of minima taken minutes apart when the machine's speed drifts."""
    prepare(folder)
    pairs: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for i in range(repeat):  # alternating who goes first
        if i % 2 == 0:
            ours = timed(scorecard_cmd(folder), folder)
            base = timed(baseline_cmd(folder), folder)
        else:
            base = timed(baseline_cmd(folder), folder)
            ours = timed(scorecard_cmd(folder), folder)
        pairs.append((ours, base))
    minima = (
        min(o[0] for o, _ in pairs),
        min(b[0] for _, b in pairs),
        min(o[1] for o, _ in pairs),
        min(b[1] for _, b in pairs),
    )
    paired = (
        statistics.median(o[0] / b[0] for o, b in pairs),
        statistics.median(o[1] / b[1] for o, b in pairs),
    )
    return minima, paired


def line(label: str, measured: tuple[Timing, tuple[float, float]], goal: str = "") -> str:
    (ow, bw, oc, bc), (pw, pc) = measured
    return (
        f"{label}: scorecard {ow:.2f} s wall / {oc:.2f} s CPU, baseline {bw:.2f} s / {bc:.2f} s; "
        f"ratio {ow / bw:.2f}x wall, {oc / bc:.2f}x CPU (paired median {pw:.2f}x, {pc:.2f}x){goal}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="50,200")
    parser.add_argument("--language", default="en", help="the reports' language")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        root = Path(tmp)
        bundled = root / "bundled"
        bundled.mkdir()
        shutil.copy(REPO / "criteria.toml", bundled / "criteria.toml")
        shutil.copytree(REPO / "vendors", bundled / "vendors")
        set_language(bundled / "criteria.toml", args.language)
        n = len(list((bundled / "vendors").glob("*.toml")))
        print(line(f"bundled ({n} vendors)", measure(bundled, args.repeat), " (goal <= 1.2x)"))
        for size in sizes:
            folder = generate(root / f"n{size}", size)
            set_language(folder / "criteria.toml", args.language)
            t = measure(folder, max(3, args.repeat // 2) if size <= 50 else 2)
            goal = " (goal <= 1.1x)" if size == 50 else ""
            print(line(f"{size} vendors", t, goal) + f"; {t[0][0] / size:.3f} s per vendor (wall)")


if __name__ == "__main__":
    main()
