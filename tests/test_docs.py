"""The README's commands exist and work; every command has help (sqlite-utils' test_docs habit)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from scorecard.cli import app

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text()


def _commands() -> dict[str, Any]:
    group: Any = typer.main.get_command(app)
    return dict(group.commands)


def test_every_command_has_help() -> None:
    for name, command in _commands().items():
        assert command.help and len(command.help) > 20, name
        result = CliRunner().invoke(app, [name, "--help"], catch_exceptions=False)
        assert result.exit_code == 0
        for param in command.params:
            if type(param).__name__ == "TyperOption":
                assert param.help, f"{name} {param.opts} has no help"


def test_readme_starts_with_the_two_setup_commands() -> None:
    blocks = re.findall(r"```\n(.*?)\n```", README, flags=re.S)
    main_job, tests = blocks[0], blocks[1]
    assert main_job.startswith("bash scripts/setup.sh && .venv/bin/scorecard ")
    assert tests == "bash scripts/setup.sh --test && bash scripts/test.sh"
    assert (
        README.index(main_job)
        < README.index(tests)
        < README.index("\n## ", README.index("## Quick start") + 5)
    )


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text()
    assert "^bash scripts/setup.sh --test && " in ci


def test_readme_names_only_commands_that_exist() -> None:
    named = set(re.findall(r"`scorecard ([a-z][a-z-]+)", README))
    named |= set(re.findall(r"\.venv/bin/scorecard ([a-z][a-z-]+)", README))
    assert named, "the README names no command"
    assert named <= set(_commands()), named - set(_commands())


def test_readme_catalogue_matches_the_code() -> None:
    from scorecard.model.catalog import CATALOG_METRICS
    from scorecard.model.units import UNITS

    for m in CATALOG_METRICS:
        assert f"| `{m.id}` | {m.unit} | {m.direction or '— (informational)'} |" in README, m.id
    for unit in UNITS:
        assert f"`{unit}`" in README, unit


def test_readme_lists_every_finding_code() -> None:
    codes = set(
        re.findall(
            r"\[([a-z0-9-]+)\]$",
            "\n".join(
                p.read_text() for p in (REPO / "tests" / "cases" / "invalid").glob("*/expected.txt")
            ),
            flags=re.M,
        )
    )
    assert codes
    missing = {c for c in codes if f"`{c}`" not in README}
    assert not missing, missing
