"""`scorecard sign` and `scorecard keys new` through the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.signing.check import verify_signatures
from scorecard.signing.sign import unsigned_revision

pytestmark = pytest.mark.slow


@pytest.fixture
def report(tmp_path: Path, unsigned_pdf: bytes) -> Path:
    path = tmp_path / "scorecard.pdf"
    path.write_bytes(unsigned_pdf)
    return path


def test_keys_new_with_passphrase_from_env_then_sign_in_place(
    runner: CliRunner, tmp_path: Path, report: Path, unsigned_pdf: bytes, monkeypatch: Any
) -> None:
    monkeypatch.setenv("SC_PASS", "s3cret phrase")
    result = runner.invoke(
        app,
        [
            "keys",
            "new",
            "--name",
            "Erin Evaluator",
            "--out",
            str(tmp_path / "k"),
            "--passphrase-env",
            "SC_PASS",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == f"wrote {tmp_path / 'k' / 'key.pem'} (private key: keep it secret)"
    assert lines[1].startswith(
        f"wrote {tmp_path / 'k' / 'cert.pem'} (CN=Erin Evaluator, valid until "
    )
    assert lines[2].startswith("certificate SHA-256: ")
    assert lines[3].startswith("Note: This is a self-signed certificate for internal use")
    assert "an auditor should prefer" in result.stderr.lower()
    assert b"ENCRYPTED" in (tmp_path / "k" / "key.pem").read_bytes()

    result = runner.invoke(
        app,
        [
            "sign",
            str(report),
            "--sign-key",
            str(tmp_path / "k" / "key.pem"),
            "--sign-cert",
            str(tmp_path / "k" / "cert.pem"),
            "--passphrase-env",
            "SC_PASS",
            "--signer-role",
            "evaluator",
            "--reason",
            "prepared",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"signed {report} as Erin Evaluator in the sign-off block (Prepared by), field PreparedBy\n"
    )
    signed = report.read_bytes()
    assert signed.startswith(unsigned_pdf)
    assert unsigned_revision(signed) == unsigned_pdf
    check = verify_signatures(signed, [(tmp_path / "k" / "cert.pem").read_bytes()])
    assert check.ok and check.signatures[0].role == "evaluator"
    assert sorted(p.name for p in report.parent.iterdir()) == ["k", "scorecard.pdf"]  # no temp


def test_sign_prompts_for_the_passphrase(
    runner: CliRunner, keys: dict[str, Any], report: Path, tmp_path: Path, passphrase: str
) -> None:
    alice = keys["alice"]
    out = tmp_path / "signed.pdf"
    before = report.read_bytes()
    result = runner.invoke(
        app,
        [
            "sign",
            str(report),
            "--sign-key",
            str(alice.key),
            "--sign-cert",
            str(alice.cert),
            "-o",
            str(out),
        ],
        input=passphrase + "\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert f"Passphrase for {alice.key}" in result.stderr
    assert report.read_bytes() == before  # -o leaves the input alone
    assert verify_signatures(out.read_bytes(), [alice.cert.read_bytes()]).ok


def test_second_signer_through_the_cli(
    runner: CliRunner, keys: dict[str, Any], signed_once: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(signed_once)
    bob = keys["bob"]
    result = runner.invoke(
        app,
        [
            "sign",
            str(path),
            "--sign-key",
            str(bob.key),
            "--sign-cert",
            str(bob.cert),
            "--signer-name",
            "Bob the Approver",
            "--signer-role",
            "approver",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "as Bob the Approver in the sign-off block (Approved by), field ApprovedBy" in (
        result.stderr
    )
    assert path.read_bytes().startswith(signed_once)


def test_wrong_passphrase_is_an_error_and_leaves_the_file(
    runner: CliRunner, keys: dict[str, Any], report: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("SC_PASS", "wrong")
    before = report.read_bytes()
    alice = keys["alice"]
    result = runner.invoke(
        app,
        [
            "sign",
            str(report),
            "--sign-key",
            str(alice.key),
            "--sign-cert",
            str(alice.cert),
            "--passphrase-env",
            "SC_PASS",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot read the key {alice.key}: wrong passphrase, or not a PEM private key\n"
    )
    assert report.read_bytes() == before


def test_unset_passphrase_variable_is_a_usage_error(
    runner: CliRunner, keys: dict[str, Any], report: Path, monkeypatch: Any
) -> None:
    monkeypatch.delenv("SC_UNSET", raising=False)
    alice = keys["alice"]
    result = runner.invoke(
        app,
        [
            "sign",
            str(report),
            "--sign-key",
            str(alice.key),
            "--sign-cert",
            str(alice.cert),
            "--passphrase-env",
            "SC_UNSET",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --passphrase-env: the environment variable SC_UNSET is not set\n"
    )


def test_there_is_no_passphrase_option(runner: CliRunner, report: Path) -> None:
    result = runner.invoke(app, ["sign", str(report), "--passphrase", "x"])
    assert result.exit_code == 2
    result = runner.invoke(app, ["keys", "new", "--name", "x", "--out", "d", "--passphrase", "x"])
    assert result.exit_code == 2


def test_sign_needs_key_and_cert(runner: CliRunner, report: Path, keys: dict[str, Any]) -> None:
    result = runner.invoke(app, ["sign", str(report)], catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --sign-key and --sign-cert are required\n",
    )
    result = runner.invoke(
        app, ["sign", str(report), "--sign-key", str(keys["bob"].key)], catch_exceptions=False
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --sign-key and --sign-cert go together\n",
    )


def test_no_passphrase_warns(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["keys", "new", "--name", "Team", "--out", str(tmp_path / "k"), "--no-passphrase"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"Warning: {tmp_path / 'k' / 'key.pem'} is not encrypted: "
        "anyone who can read it can sign as Team."
    )
    assert b"ENCRYPTED" not in (tmp_path / "k" / "key.pem").read_bytes()
    result = runner.invoke(
        app,
        ["keys", "new", "--name", "Team", "--out", str(tmp_path / "k"), "--no-passphrase"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'k' / 'key.pem'} already exists; choose another --out folder\n"
    )


def test_keys_new_prompts_twice(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["keys", "new", "--name", "P", "--out", str(tmp_path / "k")],
        input="pw one\npw one\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.stderr
    assert b"ENCRYPTED" in (tmp_path / "k" / "key.pem").read_bytes()


def test_without_pyhanko_signing_options_say_how_to_install(
    runner: CliRunner, report: Path, keys: dict[str, Any], tmp_path: Path, monkeypatch: Any
) -> None:
    import scorecard.signing.check
    import scorecard.signing.keys

    monkeypatch.setattr(scorecard.signing.keys, "signing_available", lambda: False)
    bob = keys["bob"]
    result = runner.invoke(
        app,
        ["sign", str(report), "--sign-key", str(bob.key), "--sign-cert", str(bob.cert)],
        catch_exceptions=False,
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --sign-key: signing needs the optional extra 'sign' (pyHanko): "
        "pip install 'scorecard[sign]' (from a clone: .venv/bin/pip install '.[sign]')\n"
    )
    result = runner.invoke(
        app, ["keys", "new", "--name", "x", "--out", str(tmp_path / "k")], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert "pip install 'scorecard[sign]'" in result.stderr
