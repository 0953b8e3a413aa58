"""The README's commands exist and work; every command has help; the reference pages
name every catalogue metric, unit, finding code and warning code (sqlite-utils'
test_docs habit).  The site itself is checked in test_docs_site.py."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from scorecard.cli import app

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text()
DOCS = REPO / "docs"


def _commands() -> dict[str, Any]:
    group: Any = typer.main.get_command(app)
    return dict(group.commands)


def _all_commands() -> dict[str, Any]:
    """Every command and group by its full name: `validate`, `import`, `import prices`."""
    out: dict[str, Any] = {}

    def walk(group: Any, prefix: str) -> None:
        for name, command in group.commands.items():
            out[prefix + name] = command
            if hasattr(command, "commands"):
                walk(command, f"{prefix}{name} ")

    walk(typer.main.get_command(app), "")
    return out


def _leaf_commands() -> set[str]:
    return {name for name, command in _all_commands().items() if not hasattr(command, "commands")}


def test_every_command_has_help() -> None:
    commands = _all_commands()
    assert {"validate", "import", "import prices", "keys new"} <= set(commands)
    for name, command in commands.items():
        assert command.help and len(command.help) > 20, name
        result = CliRunner().invoke(app, [*name.split(), "--help"], catch_exceptions=False)
        assert result.exit_code == 0, name
        assert command.help.split()[0] in result.output, name
        for param in command.params:
            if type(param).__name__ in ("TyperOption", "TyperArgument") and param.name != "help":
                assert getattr(param, "help", None), f"{name} {param.opts} has no help"


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


def _command_table() -> list[str]:
    """The commands the README's command table lists, by full name."""
    section = README[README.index("\n## Commands\n") :]
    section = section[: section.index("\n## ", 5)]
    names = []
    for cell in re.findall(r"^\| `scorecard ([^`]*)` \|", section, flags=re.M):
        words = []
        for word in cell.split():
            if not re.fullmatch(r"[a-z][a-z-]*", word):
                break
            words.append(word)
        names.append(" ".join(words))
    return names


def test_readme_command_table_lists_exactly_the_commands() -> None:
    listed = _command_table()
    assert len(listed) == len(set(listed)), listed
    assert set(listed) == _leaf_commands()


def test_readme_links_into_docs_exist() -> None:
    links = re.findall(r"\]\(((?:docs|bench)/[^)#]+)", README)
    assert "docs/tutorial.md" in links and "bench/README.md" in links
    for link in links:
        assert (REPO / link).is_file(), link


def test_docs_catalogue_matches_the_code() -> None:
    from scorecard.model.catalog import CATALOG_METRICS
    from scorecard.model.units import UNITS

    page = (DOCS / "reference" / "catalogue.md").read_text()
    for m in CATALOG_METRICS:
        row = f"| `{m.id}` | {m.title} | {m.unit} | {m.shown_unit} | "
        assert row + f"{m.direction or '— (informational)'} |" in page, m.id
    for unit in UNITS:
        assert f"`{unit}`" in page, unit


def test_docs_list_every_warning_code() -> None:
    """Every warning code scoring can emit has a row in the ranking reference."""
    from scorecard.score.evidence import WEAK_EVIDENCE

    source = "\n".join(p.read_text() for p in (REPO / "scorecard").rglob("*.py"))
    codes = set(re.findall(r'\bcode="([a-z0-9-]+)"', source))
    codes |= {f"{evidence}-evidence" for evidence in WEAK_EVIDENCE}
    assert len(codes) >= 10, codes
    page = (DOCS / "reference" / "ranking.md").read_text()
    missing = {c for c in codes if f"| `{c}` |" not in page}
    assert not missing, missing


def test_docs_list_every_finding_code() -> None:
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
    page = (DOCS / "reference" / "findings.md").read_text()
    missing = {c for c in codes if f"`{c}`" not in page}
    assert not missing, missing
