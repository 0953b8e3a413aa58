"""`scorecard import ...` end to end: mapping, editing that keeps the user's text,
dry runs, round trips through validate."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from scorecard.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
VECTARA_MD = FIXTURES / "vectara" / "leaderboard-hhem-2.1-9ceb7826-excerpt.md"
LM_MMLU = FIXTURES / "lm-eval" / "results_mmlu_gpqa_acme-7b.json"
LM_IFEVAL = FIXTURES / "lm-eval" / "results_ifeval_acme-7b.json"

HAND_WRITTEN = """\
#:schema ../schema/vendor.schema.json
# Our account manager: J. Doe.  Keep this comment.
schema_version = 1
vendor = "OpenAI"
model = "GPT-4o"

[import]
vectara = "OpenAI GPT-4o"   # the leaderboard's row

[metrics.latency_ms]  # measured by us, by hand
value = 410
unit = "ms"
source = "Our load test, ticket OPS-12"
as_of = 2026-02-01
evidence = "in-house"
note = "p50 over 1,000 requests from eu-west"
assessed_by = "Platform team"

[metrics.hallucination_rate]
value = 3.0   # old figure
unit = "percent"
source = "An older table"
as_of = "2024"
evidence = "third-party"
stderr = 0.2
"""


def _invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_update_keeps_comments_order_and_hand_added_metric(
    runner: CliRunner, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    path = bundled_copy / "vendors" / "gpt-4o.toml"
    path.write_text(HAND_WRITTEN)
    result = _invoke(runner, "import", "vectara", str(VECTARA_MD), "--as-of", "2025-10-16")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "vendors/gpt-4o.toml: vectara record 'OpenAI GPT-4o' ([import])",
        "  changed   hallucination_rate: 3 percent -> 1.5 percent",
        "  added     factual_consistency_rate = 98.5 percent",
        "  added     answer_rate = 100 percent",
    ]
    assert result.stderr.splitlines()[-1] == "2 added, 1 changed, 0 unchanged; wrote 1 file (0 new)"
    text = path.read_text()
    # the user's comments and the hand-added metric are untouched, in their place
    head, _, rest = text.partition("[metrics.hallucination_rate]")
    assert head == HAND_WRITTEN.partition("[metrics.hallucination_rate]")[0]
    assert "value = 1.5   # old figure\n" in rest
    data = tomllib.loads(text)
    assert list(data["metrics"]) == [
        "latency_ms",
        "hallucination_rate",
        "factual_consistency_rate",
        "answer_rate",
    ]
    h = data["metrics"]["hallucination_rate"]
    assert "stderr" not in h  # the old figure's stderr does not describe the new one
    assert h["as_of"].isoformat() == "2025-10-16"
    assert h["source"].endswith("row 'OpenAI GPT-4o'")
    # and the project still validates
    check = _invoke(runner, "validate")
    assert check.exit_code == 0, check.output


def test_import_again_changes_nothing(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    args = (
        "import",
        "vectara",
        str(VECTARA_MD),
        "--as-of",
        "2025-10-16",
        "--map",
        "OpenAI GPT-4=gpt-4",
    )
    assert _invoke(runner, *args).exit_code == 0
    before = (bundled_copy / "vendors" / "gpt-4.toml").read_text()
    again = _invoke(runner, *args)
    assert again.exit_code == 0
    assert "  unchanged hallucination_rate = 1.8 percent" in again.stdout.splitlines()
    assert again.stderr.splitlines()[-1] == "0 added, 0 changed, 3 unchanged; wrote 0 files (0 new)"
    assert (bundled_copy / "vendors" / "gpt-4.toml").read_text() == before


def test_dry_run_writes_nothing(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    before = {p.name: p.read_text() for p in (bundled_copy / "vendors").iterdir()}
    result = _invoke(
        runner,
        "import",
        "vectara",
        str(VECTARA_MD),
        "--as-of",
        "2025-10",
        "--map",
        "OpenAI GPT-4=gpt-4",
        "--map",
        "OpenAI GPT-4o=gpt-4o",
        "--dry-run",
    )
    assert result.exit_code == 0, result.output
    assert "vendors/gpt-4o.toml: vectara record 'OpenAI GPT-4o' (new file)" in result.stdout
    assert result.stderr.splitlines()[-1] == (
        "5 added, 1 changed, 0 unchanged; would write 2 files (1 new); dry run, nothing written"
    )
    assert {p.name: p.read_text() for p in (bundled_copy / "vendors").iterdir()} == before


def test_unmatched_records_counted_and_first_few_named(
    runner: CliRunner, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = _invoke(
        runner,
        "import",
        "vectara",
        str(VECTARA_MD),
        "--as-of",
        "2025",
        "--map",
        "OpenAI GPT-4=gpt-4",
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "unmatched: 8 records of Vectara table leaderboard-hhem-2.1-9ceb7826-excerpt.md map to no "
        "vendor: 'OpenAI GPT-4o', 'XAI Grok-2', 'XAI Grok-3-Beta', 'AI21 Jamba-1.6-Large', "
        "'MoonshotAI Kimi-K2-Instruct-0905' and 3 more (map one with --map \"NAME=vendor-id\" "
        "or an [import] table)"
    )
    assert (
        "warning: line 6 (XAI Grok-3-Beta): hallucination rate 2.1 % and factual consistency "
        "rate 97.8 % add up to 99.9, not 100; both imported as published"
    ) in result.stdout.splitlines()


def test_new_file_without_vendor_says_so(
    runner: CliRunner, bundled_copy: Path, in_dir, repo: Path
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    shutil.copytree(repo / "schema", bundled_copy / "schema")  # a new file then names its schema
    result = _invoke(runner, "import", "lm-eval", str(LM_MMLU), "--map", "acme/acme-7b=acme-7b")
    assert result.exit_code == 0, result.output
    assert (
        'fix: vendors/acme-7b.toml has vendor = "unknown" (an lm-eval results file names the '
        "model, not its vendor); set it by hand"
    ) in result.stdout.splitlines()
    text = (bundled_copy / "vendors" / "acme-7b.toml").read_text()
    assert text.startswith(
        "#:schema ../schema/vendor.schema.json\n"
        "# TODO: set `vendor`: an lm-eval results file names the model, not its vendor.\n"
    )
    data = tomllib.loads(text)
    assert (data["vendor"], data["model"], data["import"]) == (
        "unknown",
        "acme/acme-7b",
        {"lm-eval": "acme/acme-7b"},
    )
    assert data["metrics"]["mmlu"]["evidence"] == "in-house"
    assert "note" in data["metrics"]["mmlu"]  # in-house figures need one
    # the next import reads the [import] table the new file carries
    again = _invoke(runner, "import", "lm-eval", str(LM_IFEVAL))
    assert again.exit_code == 0
    assert "  added     ifeval_strict = 0.5342 fraction" in again.stdout.splitlines()
    assert _invoke(runner, "validate").exit_code == 0


def test_round_trip_import_validate_rank(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    steps = [
        (
            "import",
            "vectara",
            str(VECTARA_MD),
            "--as-of",
            "2025-10-16",
            "--map",
            "OpenAI GPT-4o=gpt-4o",
        ),
        ("import", "prices", "--date", "2026-11-24", "--map", "openai:gpt-4o=gpt-4o"),
        (
            "import",
            "lm-eval",
            str(LM_MMLU),
            "--map",
            "acme/acme-7b=gpt-4o",
            "--evidence",
            "third-party",
        ),
    ]
    for step in steps:
        result = _invoke(runner, *step)
        assert result.exit_code == 0, result.output
    data = tomllib.loads((bundled_copy / "vendors" / "gpt-4o.toml").read_text())
    # the file was created by the first importer, so it carries no vendor yet
    assert data["vendor"] == "unknown"
    assert set(data["metrics"]) == {
        "hallucination_rate",
        "factual_consistency_rate",
        "answer_rate",
        "price_input_usd_per_mtok",
        "price_output_usd_per_mtok",
        "price_cached_input_usd_per_mtok",  # genai-prices gives gpt-4o's cache-read price
        "context_window_tokens",
        "mmlu",
        "gpqa",
    }
    result = _invoke(runner, "validate")
    assert result.exit_code == 0, result.output
    assert "OK: 5 vendor files and criteria.toml are valid" in result.stderr
    # and rank: the imported vendor takes part with the figures just imported
    ranked = _invoke(runner, "rank", "--date", "2026-11-24", "--format", "json")
    assert ranked.exit_code == 0, ranked.output
    import json

    by_id = {v["id"]: v for v in json.loads(ranked.stdout)["ranking"]}
    gpt4o = by_id["gpt-4o"]["metrics"]
    assert gpt4o["hallucination_rate"]["value"] == 1.5
    assert gpt4o["mmlu"]["value"] == 63.42  # imported as the fraction 0.6342
    assert gpt4o["ifeval_strict"]["missing"] is True


def test_prices_new_file_takes_vendor_and_model_from_the_package(
    runner: CliRunner, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = _invoke(
        runner, "import", "prices", "--date", "2026-11-24", "--map", "openai:gpt-4o=gpt-4o"
    )
    assert result.exit_code == 0, result.output
    data = tomllib.loads((bundled_copy / "vendors" / "gpt-4o.toml").read_text())
    assert data["vendor"] == "OpenAI"
    assert data["import"] == {"prices": "openai:gpt-4o"}
    # the bundled vendors' [import] tables match what the package says today
    assert "  unchanged price_input_usd_per_mtok = 2.5 usd_per_mtok" in result.stdout.splitlines()


def test_prices_unknown_record_in_map_fails_and_writes_nothing(
    runner: CliRunner, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = _invoke(
        runner, "import", "prices", "--date", "2026-11-24", "--map", "openai:gpt-4oo=x"
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        "Error: --map names 'openai:gpt-4oo', not found in genai-prices"
    )
    assert "hint: 'openai:gpt-4oo': did you mean openai:gpt-4o" in result.stderr
    assert not (bundled_copy / "vendors" / "x.toml").exists()


def test_bad_map_is_a_usage_error(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    for bad in ("no-equals-sign", "OpenAI GPT-4o=Not An Id"):
        result = runner.invoke(
            app, ["import", "vectara", str(VECTARA_MD), "--as-of", "2025", "--map", bad]
        )
        assert result.exit_code == 2
        assert "--map" in result.stderr


def test_vectara_needs_as_of(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    result = runner.invoke(app, ["import", "vectara", str(VECTARA_MD)])
    assert result.exit_code == 2
    assert "--as-of" in result.stderr
    result = runner.invoke(app, ["import", "vectara", str(VECTARA_MD), "--as-of", "2025-13"])
    assert result.exit_code == 2


def test_vectara_without_hhem_version_is_an_error(
    runner: CliRunner, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    table = bundled_copy / "table.md"
    shutil.copy(VECTARA_MD, table)
    result = _invoke(runner, "import", "vectara", str(table), "--as-of", "2025")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot tell the HHEM version from {table}; give it with --hhem-version (e.g. 2.1)\n"
    )
    ok = _invoke(
        runner, "import", "vectara", str(table), "--as-of", "2025", "--hhem-version", "2.1"
    )
    assert ok.exit_code == 0


def test_unparsable_vendor_file_stops_the_import(
    runner: CliRunner, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    (bundled_copy / "vendors" / "broken.toml").write_text("vendor = \n")
    result = _invoke(runner, "import", "vectara", str(VECTARA_MD), "--as-of", "2025")
    assert result.exit_code == 1
    assert result.stdout.startswith("vendors/broken.toml:1:")
    assert result.stderr == "Error: 1 problem in the input files\n"


def test_missing_results_file(runner: CliRunner, tmp_path: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(tmp_path)
    result = _invoke(runner, "import", "lm-eval", "nope.json")
    assert result.exit_code == 1
    assert result.stdout == "nope.json: no such file [not-found]\n"


def test_inline_table_figure_is_updated_in_place(
    runner: CliRunner, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    path = bundled_copy / "vendors" / "gpt-4o.toml"
    path.write_text(
        'schema_version = 1\nvendor = "OpenAI"\nmodel = "GPT-4o"\n\n[metrics]\n'
        'answer_rate = { value = 90, unit = "percent", source = "old", as_of = "2024", evidence = "estimate" }\n'
    )
    result = _invoke(
        runner,
        "import",
        "vectara",
        str(VECTARA_MD),
        "--as-of",
        "2025",
        "--map",
        "OpenAI GPT-4o=gpt-4o",
    )
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert text.splitlines()[5].startswith('answer_rate = { value = 100, unit = "percent"')
    assert tomllib.loads(text)["metrics"]["answer_rate"]["source"].startswith("Vectara")
    assert _invoke(runner, "validate").exit_code == 0


def test_figure_that_is_not_a_table_stops_the_import(
    runner: CliRunner, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    path = bundled_copy / "vendors" / "gpt-4o.toml"
    original = (
        'schema_version = 1\nvendor = "OpenAI"\nmodel = "GPT-4o"\n\n[metrics]\nanswer_rate = 90\n'
    )
    path.write_text(original)
    result = _invoke(
        runner,
        "import",
        "vectara",
        str(VECTARA_MD),
        "--as-of",
        "2025",
        "--map",
        "OpenAI GPT-4o=gpt-4o",
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: vendors/gpt-4o.toml: `metrics.answer_rate` is not a table; fix the file, then import again\n"
    )
    assert path.read_text() == original


def test_every_import_command_has_help(runner: CliRunner) -> None:
    import typer

    group = typer.main.get_command(app).commands["import"]  # type: ignore[attr-defined]
    assert sorted(group.commands) == ["lm-eval", "prices", "questionnaire", "vectara"]
    for name, command in group.commands.items():
        assert command.help and len(command.help) > 20, name
        for param in command.params:
            if type(param).__name__ == "TyperOption":
                assert param.help, f"import {name} {param.opts} has no help"
        result = runner.invoke(app, ["import", name, "--help"], catch_exceptions=False)
        assert result.exit_code == 0
        # a questionnaire names its vendor with --vendor-id; the record sources map with --map
        mapping = "--vendor-id" if name == "questionnaire" else "--map"
        assert (
            "--vendors" in result.stdout
            and mapping in result.stdout
            and "--dry-run" in result.stdout
        )


def test_vectara_csv_with_a_byte_order_mark(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    """Spreadsheet exports start CSV files with a UTF-8 BOM; the header must still read 'Model'."""
    in_dir(bundled_copy)
    table = bundled_copy / "leaderboard-hhem-2.1.csv"
    table.write_bytes(
        b"\xef\xbb\xbf"
        + (FIXTURES / "vectara" / "leaderboard-hhem-2.1-9ceb7826-excerpt.csv").read_bytes()
    )
    result = _invoke(
        runner,
        "import",
        "vectara",
        str(table),
        "--as-of",
        "2025",
        "--map",
        "DeepSeek-R1=deepseek-r1",
    )
    assert result.exit_code == 0, result.output
    assert "  added     answer_rate = 100 percent" in result.stdout.splitlines()
