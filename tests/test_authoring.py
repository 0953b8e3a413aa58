"""`scorecard init`, `scorecard new`, and the pre-commit hook definitions."""

from __future__ import annotations

import re
import shlex
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.model.schema import schema_texts

INIT_FILES = [
    "criteria.toml",
    "vendors/example-vendor.toml",
    ".pre-commit-config.yaml",
    "README.md",
    *(f"schema/{name}" for name in schema_texts()),
]
HOOK_FILES_RE = r"^(vendors/.*\.toml|criteria\.toml|scores/.*\.toml)$"


def _invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_init_then_validate_in_an_empty_folder(runner: CliRunner, tmp_path: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(tmp_path)
    result = _invoke(runner, "init")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[: len(INIT_FILES)] == [f"wrote {f}" for f in INIT_FILES]
    assert sorted(
        str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()
    ) == sorted(INIT_FILES)
    for name, text in schema_texts().items():
        assert (tmp_path / "schema" / name).read_text() == text
    check = _invoke(runner, "validate")
    assert check.exit_code == 0, check.output
    assert check.stderr == "OK: 1 vendor file and criteria.toml are valid\n"


def test_init_into_a_new_folder(runner: CliRunner, tmp_path: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(tmp_path)
    result = _invoke(runner, "init", "selection")
    assert result.exit_code == 0
    assert (tmp_path / "selection" / "vendors" / "example-vendor.toml").is_file()
    check = _invoke(
        runner, "validate", "selection/vendors", "--criteria", "selection/criteria.toml"
    )
    assert check.exit_code == 0, check.output


def test_init_criteria_is_the_bundled_example_with_guidance(tmp_path: Path, repo: Path) -> None:
    from scorecard.authoring.project import init_files

    criteria = init_files()["criteria.toml"]
    assert criteria.startswith(
        "#:schema ./schema/criteria.schema.json\n# criteria.toml: what your team buys on"
    )
    example = tomllib.loads((repo / "criteria.toml").read_text())
    assert example["approved_sha256"]  # the example is approved; the buyer's project is not yet
    approval = ("approved_by", "approved_role", "approved_on", "approved_sha256")
    assert tomllib.loads(criteria) == {k: v for k, v in example.items() if k not in approval}


def test_init_refuses_to_overwrite_and_names_the_files(
    runner: CliRunner, tmp_path: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(tmp_path)
    (tmp_path / "criteria.toml").write_text("# mine\n")
    (tmp_path / "README.md").write_text("mine\n")
    result = _invoke(runner, "init")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: . already has criteria.toml, README.md; nothing written (use --force to overwrite)\n"
    )
    assert (tmp_path / "criteria.toml").read_text() == "# mine\n"
    assert not (tmp_path / "vendors").exists()
    forced = _invoke(runner, "init", "--force")
    assert forced.exit_code == 0
    assert (tmp_path / "criteria.toml").read_text().startswith("#:schema")


def test_new_writes_data_and_placeholders_for_scored_metrics(
    runner: CliRunner, tmp_path: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(tmp_path)
    assert _invoke(runner, "init").exit_code == 0
    result = _invoke(runner, "new", "acme-large", "--vendor", 'Acme "AI"', "--model", "Acme Large")
    assert result.exit_code == 0, result.output
    assert result.stderr == "wrote vendors/acme-large.toml\n"
    text = (tmp_path / "vendors" / "acme-large.toml").read_text()
    assert tomllib.loads(text) == {
        "schema_version": 1,
        "vendor": 'Acme "AI"',
        "model": "Acme Large",
    }
    assert text.startswith("#:schema ../schema/vendor.schema.json\n")
    placeholders = re.findall(r"^# \[metrics\.([a-z_0-9]+)\]", text, flags=re.M)
    # what criteria.toml scores and gates; the derived monthly cost becomes its inputs
    assert placeholders == [
        "hallucination_rate",
        "mmlu",
        "humaneval_pass_at_1",
        "price_input_usd_per_mtok",
        "price_output_usd_per_mtok",
        "price_cached_input_usd_per_mtok",
        "batch_discount",
        "discount",
        "platform_fee_usd_per_month",
        "latency_ms",
        "ifeval_strict",
        "context_window_tokens",
    ]
    assert (
        "# [metrics.latency_ms]  # ms, lower is better: Average end-to-end inference latency of a request.\n"
        in text
    )
    # the data comes first, the placeholders are plain comments after it
    _, _, comments = text.partition("\n\n\n")
    assert all(line.startswith("#") for line in comments.splitlines())
    assert _invoke(runner, "validate").exit_code == 0
    # uncommenting a placeholder without filling it in is caught by validate
    (tmp_path / "vendors" / "acme-large.toml").write_text(
        text.replace("# [metrics.mmlu]", "[metrics.mmlu]").replace(
            '# value =\n# unit = "percent"', 'value = 80\nunit = "percent"', 1
        )
    )
    assert _invoke(runner, "validate").exit_code == 1


def test_new_refuses_to_overwrite(runner: CliRunner, bundled_copy: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(bundled_copy)
    before = (bundled_copy / "vendors" / "gpt-4.toml").read_text()
    result = _invoke(runner, "new", "gpt-4", "--vendor", "X", "--model", "Y")
    assert result.exit_code == 1
    assert result.stderr == "Error: vendors/gpt-4.toml already exists; nothing written\n"
    assert (bundled_copy / "vendors" / "gpt-4.toml").read_text() == before


def test_new_invalid_id_is_a_usage_error(runner: CliRunner, tmp_path: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(tmp_path)
    result = runner.invoke(app, ["new", "Acme Large", "--vendor", "A", "--model", "B"])
    assert result.exit_code == 2
    assert (
        "Invalid value for VENDOR_ID: 'Acme Large' is not a valid vendor id: use lower-case "
        "letters, digits, '.', '_' and '-', starting with a letter or digit"
    ) in result.stderr
    assert not (tmp_path / "vendors").exists()


def test_new_without_criteria_offers_the_catalogue(
    runner: CliRunner, tmp_path: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(tmp_path)
    result = _invoke(runner, "new", "x", "--vendor", "A", "--model", "B", "--vendors", "v")
    assert result.exit_code == 0
    text = (tmp_path / "v" / "x.toml").read_text()
    assert "# Figures for the catalogue's metrics" in text
    assert "# [metrics.throughput_tokens_per_s]" in text
    assert "price_blended_usd_per_mtok" not in text  # derived: never in a vendor file
    assert "parameters_billions" not in text  # informational
    assert not text.startswith("#:schema")  # there is no schema folder to point at


# --------------------------------------------------------------------------- pre-commit


def _hook_runs(runner: CliRunner, hook: dict[str, Any], cwd: Path) -> Any:
    argv = shlex.split(hook["entry"]) + list(hook.get("args", []))
    assert argv[0] == "scorecard"
    return runner.invoke(app, argv[1:], catch_exceptions=False)


def test_pre_commit_hook_definition(
    runner: CliRunner, repo: Path, bundled_copy: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    hooks = yaml.safe_load((repo / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["scorecard-validate"]
    hook = hooks[0]
    assert hook["pass_filenames"] is False
    assert hook["files"] == HOOK_FILES_RE
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    for path in ("vendors/acme.toml", "criteria.toml", "scores/panel-a.toml"):
        assert files.search(path), path
    for path in ("README.md", "sub/criteria.toml", "vendors/notes.md", "criteria.toml.bak"):
        assert not files.search(path), path
    in_dir(bundled_copy)
    ok = _hook_runs(runner, hook, bundled_copy)
    assert ok.exit_code == 0, ok.output
    (bundled_copy / "vendors" / "gpt-4.toml").write_text("schema_version = 1\n")
    bad = _hook_runs(runner, hook, bundled_copy)
    assert bad.exit_code == 1  # pre-commit fails the commit


def test_init_pre_commit_config_runs_the_same_hook(
    runner: CliRunner, tmp_path: Path, in_dir
) -> None:  # type: ignore[no-untyped-def]
    in_dir(tmp_path)
    assert _invoke(runner, "init").exit_code == 0
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    (hook,) = config["repos"][0]["hooks"]
    assert config["repos"][0]["repo"] == "local"
    assert (hook["id"], hook["pass_filenames"], hook["files"]) == (
        "scorecard-validate",
        False,
        HOOK_FILES_RE,
    )
    assert hook["language"] == "system"
    result = _hook_runs(runner, hook, tmp_path)
    assert result.exit_code == 0, result.output


def test_shell_completion_is_offered(runner: CliRunner) -> None:
    """The README says `scorecard --install-completion` works: typer adds it."""
    result = _invoke(runner, "--help")
    assert result.exit_code == 0
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout


def _command_names() -> set[str]:
    import typer

    return set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_init_then_rank_in_an_empty_folder(runner: CliRunner, tmp_path: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    if "rank" not in _command_names():
        pytest.skip("scorecard rank is not on this branch yet (issue 3)")
    in_dir(tmp_path)
    assert _invoke(runner, "init").exit_code == 0
    result = _invoke(runner, "rank", "--date", "2026-11-24", "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    (only,) = json.loads(result.stdout)["ranking"]
    assert (only["id"], only["rank"]) == ("example-vendor", 1)


@pytest.mark.slow
def test_init_then_report_in_an_empty_folder(runner: CliRunner, tmp_path: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    """The issue's acceptance test: `init` then `report` renders straight away."""
    if "report" not in _command_names():
        pytest.skip("scorecard report is not on this branch yet (issue 4)")
    in_dir(tmp_path)
    assert _invoke(runner, "init").exit_code == 0
    result = _invoke(runner, "report", "-o", "out.pdf", "--date", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_init_into_a_file_is_an_error(runner: CliRunner, tmp_path: Path, in_dir) -> None:  # type: ignore[no-untyped-def]
    in_dir(tmp_path)
    (tmp_path / "x").write_text("")
    result = _invoke(runner, "init", "x")
    assert result.exit_code == 1
    assert result.stderr == "Error: x is a file, not a folder\n"


def _fill_placeholders(text: str) -> str:
    """Uncomment every placeholder table `new` wrote and fill it in."""
    out = []
    unit = ""
    for line in text.splitlines():
        if not line.startswith("# ") or not (
            line.startswith("# [metrics.") or line[2:].split(" =")[0] in _FIGURE_KEYS
        ):
            out.append(line)
            continue
        key = line[2:].split(" =")[0] if " =" in line else ""
        if key == "unit":
            unit = line.split('"')[1]
        filled = {
            "value": "value = __VALUE__",
            "source": 'source = "vendor sheet"',
            "as_of": "as_of = 2026-01-01",
            "evidence": 'evidence = "third-party"',
        }
        out.append(filled.get(key, line[2:].split("  #")[0]))
        if key == "evidence":
            value = "true" if unit == "yes/no" else "5"
            out = [x.replace("__VALUE__", value) for x in out]
    return "\n".join(out) + "\n"


_FIGURE_KEYS = ("value", "unit", "source", "as_of", "evidence")


def test_every_placeholder_new_writes_validates_when_filled_in(
    runner: CliRunner, tmp_path: Path, in_dir, repo: Path
) -> None:  # type: ignore[no-untyped-def]
    """Never a panel or derived metric (validate rejects those in a vendor file)."""
    work = tmp_path / "p"
    shutil.copytree(repo / "tests" / "cases" / "valid" / "panel-and-requirements", work)
    in_dir(work)
    assert _invoke(runner, "new", "zeta", "--vendor", "Zeta", "--model", "Z").exit_code == 0
    path = work / "vendors" / "zeta.toml"
    text = path.read_text()
    assert "# [metrics.support_quality]" not in text  # the panel metric
    assert re.search(r"^# \[metrics\.", text, flags=re.M)
    path.write_text(_fill_placeholders(text))
    assert not re.search(r"^# \[metrics\.", path.read_text(), flags=re.M)
    result = _invoke(runner, "validate")
    assert result.exit_code == 0, result.output
