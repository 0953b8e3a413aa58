"""Criteria locked once approved (issue 12 part 4): `scorecard approve`, the canonical
scoring hash, the statuses through validate/rank/report/verify, diff and re-approval."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
from pydantic import create_model
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.model.approval import EXCLUDED, approval_of, scoring_sha256
from scorecard.model.files import CriteriaFile

REPO = Path(__file__).resolve().parent.parent
APPROVAL_KEYS = ("approved_by", "approved_role", "approved_on", "approved_sha256")
VERSION = tomllib.loads((REPO / "criteria.toml").read_text())["version"]  # the example's


def _invoke(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=False)


def _example() -> dict[str, Any]:
    return tomllib.loads((REPO / "criteria.toml").read_text())


def _hash(data: dict[str, Any], model: type[CriteriaFile] = CriteriaFile) -> str:
    return scoring_sha256(model.model_validate(data))


def _unapproved(project: Path) -> Path:
    """The project's criteria without the example's approval."""
    crit = project / "criteria.toml"
    lines = crit.read_text().splitlines(keepends=True)
    crit.write_text("".join(x for x in lines if not x.startswith(APPROVAL_KEYS)))
    return crit


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


# ---------------------------------------------------------------- the hash


def test_the_bundled_example_is_locked() -> None:
    """If this fails, the bundled criteria.toml changed after its approval: bump its
    `version` and run `scorecard approve --by "Example Corp sourcing committee"
    --on 2026-02-01 --criteria criteria.toml` (and say why in the commit)."""
    status = approval_of(CriteriaFile.model_validate(_example())).status
    assert status == "locked", (
        "the bundled criteria.toml changed after its approval: bump its `version` and run "
        'scorecard approve --by "Example Corp sourcing committee" --on 2026-02-01 '
        "--criteria criteria.toml (tests pin that approval date)"
    )


def test_hash_ignores_comments_order_formatting_and_number_spelling() -> None:
    text = (REPO / "criteria.toml").read_text()
    base = _hash(tomllib.loads(text))
    reformatted = text.replace("weight = 30\n", "weight   =   30.0   # thirty\n")
    reformatted = reformatted.replace('missing = "worst"', "")  # the default, left out
    reformatted = "# a comment\n" + reformatted
    assert reformatted != text
    assert _hash(tomllib.loads(reformatted)) == base
    data = _example()
    data["criteria"] = dict(reversed(list(data["criteria"].items())))  # key order
    assert _hash(data) == base


@pytest.mark.parametrize(
    "key",
    [k for k in EXCLUDED if "*" not in k and k != "language"],
)
def test_each_excluded_key_leaves_the_hash(key: str) -> None:
    data = _example()
    base = _hash(data)
    values: dict[str, Any] = {
        "approved_on": tomllib.loads("d = 2030-01-01")["d"],
        "approved_sha256": "0" * 64,
        "standstill_days": 3,
        "debrief_show_evaluator_names": True,
    }
    data[key] = values.get(key, "something else")
    assert _hash(data) == base


def test_labels_descriptions_and_language_leave_the_hash() -> None:
    data = _example()
    base = _hash(data)
    data["criteria"]["cost"]["label"] = "Price"
    data["criteria"]["cost"]["description"] = "Other words."
    assert _hash(data) == base
    # `language` is excluded by name, even before the model has it
    with_language = create_model("WithLanguage", __base__=CriteriaFile, language=(str, "en"))
    assert _hash({**data, "language": "de"}, with_language) == base


def _edits() -> dict[str, Any]:
    def weight(d: dict[str, Any]) -> None:
        d["criteria"]["cost"]["weight"] = 35

    def value_function(d: dict[str, Any]) -> None:
        d["criteria"]["cost"]["metrics"]["latency_ms"]["worst"] = 2000

    def scale(d: dict[str, Any]) -> None:
        d["criteria"]["cost"]["metrics"]["latency_ms"]["scale"] = "log"

    def gate(d: dict[str, Any]) -> None:
        d["gates"][0]["max"] = 16

    def requirement(d: dict[str, Any]) -> None:
        d["gates"].append({"metric": "context_window_tokens", "min": 64000})

    def method(d: dict[str, Any]) -> None:
        d["method"] = "topsis"

    def missing(d: dict[str, Any]) -> None:
        d["missing"] = "fail"

    def token_mix(d: dict[str, Any]) -> None:
        d["token_mix"]["output"] = 2

    def custom_metric(d: dict[str, Any]) -> None:
        d["metrics"] = {"sla": {"unit": "percent", "direction": "higher"}}

    def usage(d: dict[str, Any]) -> None:
        d["usage"]["workload"][0]["requests_per_month"] = 2_000_000

    def fx(d: dict[str, Any]) -> None:
        d["fx"]["EUR"]["per_usd"] = 0.95

    def criterion(d: dict[str, Any]) -> None:
        del d["criteria"]["steerability"]

    return {f.__name__: f for f in (weight, value_function, scale, gate, requirement, method,
                                    missing, token_mix, custom_metric, usage, fx, criterion)}  # fmt: skip


@pytest.mark.parametrize("edit", list(_edits()))
def test_each_scoring_kind_changes_the_hash(edit: str) -> None:
    data = _example()
    base = _hash(data)
    _edits()[edit](data)
    assert _hash(data) != base


def test_a_new_model_key_is_covered_by_default() -> None:
    """A key a later issue adds to the model is hashed unless excluded by name; a file
    that leaves it at its default keeps its hash (upgrades do not break locks)."""
    newer = create_model("Newer", __base__=CriteriaFile, rounding=(int, 0))
    data = _example()
    assert _hash(data, newer) == _hash(data)
    assert _hash({**data, "rounding": 2}, newer) != _hash(data)


# ---------------------------------------------------------------- approve


def test_approve_keeps_comments_and_order(
    runner: CliRunner, bundled_copy: Path, in_dir: Any
) -> None:
    crit = _unapproved(bundled_copy)
    before = crit.read_text()
    in_dir(bundled_copy / "vendors")  # the project is found upwards
    result = _invoke(runner, "approve", "--by", "Jane Doe", "--role", "CPO", "--on", "2026-02-01")
    assert result.exit_code == 0, result.output
    after = crit.read_text().splitlines()
    added = [line for line in after if line.startswith(APPROVAL_KEYS)]
    sha = scoring_sha256(CriteriaFile.model_validate(tomllib.loads(crit.read_text())))
    assert added == [
        'approved_by = "Jane Doe"',
        'approved_role = "CPO"',
        "approved_on = 2026-02-01",
        f'approved_sha256 = "{sha}"',
    ]
    assert [x for x in after if not x.startswith(APPROVAL_KEYS)] == before.splitlines()
    assert result.stderr == (
        "approved ../criteria.toml: by Jane Doe (CPO) on 2026-02-01, scoring keys locked "
        f"(approved_sha256 {sha[:12]}\u2026)\n"
    )
    assert after.index(added[0]) == after.index(f'version = "{VERSION}"') + 1
    # again, unchanged: a no-op that says so
    result = _invoke(runner, "approve", "--by", "Someone Else")
    assert result.exit_code == 0
    assert "is approved already and unchanged: nothing to do" in result.stderr
    assert crit.read_text().splitlines() == after


def test_reapproval_needs_a_new_version(runner: CliRunner, bundled_copy: Path, in_dir: Any) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    in_dir(bundled_copy)
    _git(bundled_copy, "init", "-q")
    _git(bundled_copy, "add", "-A")
    _git(bundled_copy, "commit", "-qm", "approved")
    crit = bundled_copy / "criteria.toml"
    crit.write_text(
        crit.read_text().replace("[criteria.cost]\nweight = 30", "[criteria.cost]\nweight = 35")
    )
    result = _invoke(runner, "validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "criteria.toml:13:1: approved_sha256: the criteria changed after their approval on "
        "2026-02-01: criteria.cost.weight 30 \u2192 35; restore them, or bump `version` and "
        "run scorecard approve again [criteria-changed-after-approval]\n"
    )
    result = _invoke(runner, "approve", "--by", "Jane Doe", "--on", "2026-03-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: criteria.toml:10:1: version: the criteria changed since their approval on "
        f'2026-02-01 (version "{VERSION}", commit '
    )
    assert "bump `version` to approve the new version" in result.stderr
    crit.write_text(crit.read_text().replace(f'version = "{VERSION}"', 'version = "99"'))
    assert _invoke(runner, "approve", "--by", "Jane Doe", "--on", "2026-03-01").exit_code == 0
    assert _invoke(runner, "validate").exit_code == 0
    # diff: the committed approval was replaced, not broken
    diff = _invoke(runner, "diff")
    assert (
        "Approval: the criteria approved on 2026-02-01 by Example Corp sourcing committee "
        "were approved again: version 99, on 2026-03-01"
    ) in diff.stdout


def test_diff_says_a_change_breaks_the_approval(
    runner: CliRunner, bundled_copy: Path, in_dir: Any
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    in_dir(bundled_copy)
    _git(bundled_copy, "init", "-q")
    _git(bundled_copy, "add", "-A")
    _git(bundled_copy, "commit", "-qm", "approved")
    crit = bundled_copy / "criteria.toml"
    crit.write_text(crit.read_text().replace("max = 15", "max = 18"))
    result = _invoke(runner, "diff")
    assert result.exit_code == 0, result.output
    assert (
        "Approval: this change breaks the approval of the criteria on 2026-02-01 by Example "
        "Corp sourcing committee" in result.stdout
    )
    markdown = _invoke(runner, "diff", "--format", "markdown")
    assert "**Approval:** this change breaks the approval" in markdown.stdout
    crit.write_text(
        crit.read_text().replace("max = 18", "max = 15").replace('title = "', 'title = "Renamed ')
    )
    assert "Approval:" not in _invoke(runner, "diff").stdout  # a title is not what scores


# ---------------------------------------------------------------- statuses


def _status(runner: CliRunner, *extra: str) -> Any:
    result = _invoke(runner, "rank", "--format", "json", "--date", "2026-11-24", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["approval"]


def test_statuses_through_validate_and_rank(
    runner: CliRunner, bundled_copy: Path, in_dir: Any
) -> None:
    in_dir(bundled_copy)
    assert _status(runner) == {
        "status": "locked",
        "approved_by": "Example Corp sourcing committee",
        "approved_role": None,
        "approved_on": "2026-02-01",
    }
    crit = bundled_copy / "criteria.toml"
    text = crit.read_text()
    # changed: validate and rank fail, naming the file and the line of approved_sha256
    crit.write_text(text.replace("max = 15", "max = 16"))
    validate = _invoke(runner, "validate", "--format", "json")
    assert validate.exit_code == 1
    [finding] = json.loads(validate.stdout)
    assert (finding["path"], finding["line"], finding["field"], finding["code"]) == (
        "criteria.toml",
        13,
        "approved_sha256",
        "criteria-changed-after-approval",
    )
    assert "after their approval on 2026-02-01" in finding["message"]
    rank = _invoke(runner, "rank")
    assert rank.exit_code == 1
    assert "[criteria-changed-after-approval]" in rank.stdout
    assert rank.stderr.endswith("Error: 1 problem in the input files\n")
    assert _status(runner, "--allow-unapproved")["status"] == "changed"
    table = _invoke(runner, "rank", "--allow-unapproved", "--date", "2026-11-24")
    assert table.stdout.splitlines()[1] == (
        "Criteria changed after approval on 2026-02-01 (run with --allow-unapproved)."
    )
    assert table.stderr.startswith("Warning: criteria.toml:13:1: approved_sha256: ")
    # letters to bidders are never made from changed criteria
    debrief = _invoke(runner, "debrief", "--all", "-o", "letters")
    assert debrief.exit_code == 1
    assert "[criteria-changed-after-approval]" in debrief.stdout
    assert not (bundled_copy / "letters").exists()
    # not locked: a warning; validate exits 0 unless --strict
    crit.write_text(text.replace("approved_sha256 =", "# approved_sha256 ="))
    validate = _invoke(runner, "validate")
    assert validate.exit_code == 0
    assert validate.stdout == (
        "criteria.toml:12:1: approved_on: approval not locked \u2014 run scorecard approve to "
        "lock the approval of 2026-02-01 [approval-not-locked] (warning)\n"
    )
    assert _invoke(runner, "validate", "--strict").exit_code == 1
    assert _status(runner)["status"] == "not-locked"
    # unapproved
    _unapproved(bundled_copy)
    assert _invoke(runner, "validate").stdout == ""
    assert _status(runner) == {
        "status": "unapproved",
        "approved_by": None,
        "approved_role": None,
        "approved_on": None,
    }


def test_export_xlsx_stops_on_changed_criteria(
    runner: CliRunner, bundled_copy: Path, in_dir: Any
) -> None:
    in_dir(bundled_copy)
    crit = bundled_copy / "criteria.toml"
    crit.write_text(crit.read_text().replace("max = 15", "max = 16"))
    assert _invoke(runner, "export", "xlsx").exit_code == 1
    assert _invoke(runner, "export", "xlsx", "--allow-unapproved").exit_code == 0


@pytest.mark.slow
def test_report_and_verify_carry_the_status(
    runner: CliRunner, bundled_copy: Path, in_dir: Any
) -> None:
    in_dir(bundled_copy)
    args = ("report", "--date", "2026-11-24", "-q", "-o", "r.pdf", "--html", "r.html")
    assert _invoke(runner, *args).exit_code == 0
    html = (bundled_copy / "r.html").read_text()
    assert "Criteria approved by Example Corp sourcing committee on 2026-02-01 (locked)" in html
    assert "Criteria changed after approval" not in html
    verify = _invoke(runner, "verify", "r.pdf")
    assert verify.exit_code == 0, verify.output
    assert (
        "Approval: locked: the embedded criteria are as approved by Example Corp sourcing "
        "committee on 2026-02-01" in verify.stdout.splitlines()
    )
    crit = bundled_copy / "criteria.toml"
    crit.write_text(crit.read_text().replace("max = 15", "max = 16"))
    assert _invoke(runner, *args).exit_code == 1
    result = _invoke(runner, *args, "--allow-unapproved")
    assert result.exit_code == 0, result.output
    html = (bundled_copy / "r.html").read_text()
    assert "Criteria changed after approval on 2026-02-01: the weights" in html
    verify = _invoke(runner, "verify", "r.pdf")
    assert verify.exit_code == 0, verify.output
    assert "Approval: CHANGED: the embedded criteria changed after their approval on " in (
        verify.stdout
    )
    data = json.loads(_invoke(runner, "verify", "r.pdf", "--format", "json").stdout)
    assert data["ok"] is True
    assert data["approval"] == {
        "status": "changed",
        "approved_by": "Example Corp sourcing committee",
        "approved_role": None,
        "approved_on": "2026-02-01",
    }
    text = subprocess.run(
        ["pdftotext", "-l", "1", "r.pdf", "-"], capture_output=True, text=True, check=False
    ).stdout
    if text:  # pdftotext is installed
        assert "Criteria changed after approval on 2026-02-01" in " ".join(text.split())


def test_approve_outside_a_project_writes_nothing(
    runner: CliRunner, tmp_path: Path, in_dir: Any
) -> None:
    in_dir(tmp_path)
    before = (REPO / "criteria.toml").read_bytes()
    result = _invoke(runner, "approve", "--by", "Jane Doe")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no criteria.toml here or in any parent folder: run approve in the project, "
        "or give --criteria\n"
    )
    assert (REPO / "criteria.toml").read_bytes() == before
    assert _invoke(runner, "approve", "--by", " ").exit_code == 2
