"""``sign`` and ``keys new``, and the signing options ``report`` shares."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scorecard.cli.common import _errors, _fail, app

if TYPE_CHECKING:
    from scorecard.signing.sign import SignerSpec, SignResult


SignKeyOpt = Annotated[
    Path | None,
    typer.Option(
        "--sign-key",
        help="PEM private key to sign with (needs the 'sign' extra). "
        "An encrypted key asks for its passphrase, or see --passphrase-env.",
        show_default=False,
    ),
]


SignCertOpt = Annotated[
    Path | None,
    typer.Option("--sign-cert", help="PEM certificate of --sign-key.", show_default=False),
]


SignChainOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--sign-chain",
        help="PEM file of intermediate certificates to embed (repeatable).",
        show_default=False,
    ),
]


SignerNameOpt = Annotated[
    str | None,
    typer.Option(
        "--signer-name",
        help="Signer's name as shown. Default: the certificate's common name.",
        show_default=False,
    ),
]


SignerRoleOpt = Annotated[
    str | None,
    typer.Option(
        "--signer-role",
        help="Signer's role, e.g. evaluator or approver (a PAdES claimed role).",
        show_default=False,
    ),
]


ReasonOpt = Annotated[
    str | None,
    typer.Option(
        "--reason", help="Reason for signing, shown with the signature.", show_default=False
    ),
]


TimestampUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--timestamp-url",
        help="RFC 3161 timestamp authority URL: makes the signature PAdES B-T.",
        show_default=False,
    ),
]


PassphraseEnvOpt = Annotated[
    str | None,
    typer.Option(
        "--passphrase-env",
        help="Name of an environment variable holding the key's passphrase "
        "(never the passphrase itself). Default: ask.",
        show_default=False,
    ),
]


def _require_signing_extra(option: str) -> None:
    from scorecard.signing.keys import INSTALL_HINT, signing_available

    if not signing_available():
        _fail(f"{option}: {INSTALL_HINT}", 2)


def _passphrase(env: str | None, prompt: str, confirm: bool = False) -> bytes:
    """The passphrase from --passphrase-env, else asked for (exit 2 when unusable)."""
    from scorecard.signing.keys import PassphraseError, passphrase_from_env, passphrase_from_text

    if env is not None:
        try:
            return passphrase_from_env(env, os.environ)
        except PassphraseError as exc:
            _fail(f"--passphrase-env: {exc}", 2)
    value = typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm, err=True)
    try:
        return passphrase_from_text(str(value))
    except PassphraseError as exc:
        _fail(str(exc), 2)


def _signer_spec(
    key: Path | None,
    cert: Path | None,
    chain: list[Path] | None,
    name: str | None,
    role: str | None,
    reason: str | None,
    timestamp_url: str | None,
    passphrase_env: str | None,
    required: bool,
) -> SignerSpec | None:
    """The signing options as a SignerSpec; None when no signing was asked for.
    Usage problems (a missing half, no pyHanko) exit 2."""
    from scorecard.signing.keys import key_is_encrypted
    from scorecard.signing.sign import SignerSpec

    extras = {
        "--sign-chain": chain,
        "--signer-name": name,
        "--signer-role": role,
        "--reason": reason,
        "--timestamp-url": timestamp_url,
        "--passphrase-env": passphrase_env,
    }
    if key is None and cert is None:
        if required:
            _fail("--sign-key and --sign-cert are required", 2)
        given = [opt for opt, value in extras.items() if value]
        if given:
            _fail(f"{given[0]} needs --sign-key and --sign-cert", 2)
        return None
    if key is None or cert is None:
        _fail("--sign-key and --sign-cert go together", 2)
    _require_signing_extra("--sign-key")
    with _errors():
        encrypted = key_is_encrypted(key)
    passphrase = _passphrase(passphrase_env, f"Passphrase for {key}") if encrypted else None
    return SignerSpec(
        key=key,
        cert=cert,
        chain=tuple(chain or ()),
        passphrase=passphrase,
        name=name,
        role=role,
        reason=reason,
        timestamp_url=timestamp_url,
    )


TrustOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--trust",
        help="Certificate (PEM or DER) of a signer or CA you trust (repeatable); "
        "a signature that does not chain to one fails. Needs the 'sign' extra.",
        show_default=False,
    ),
]


def _trust_certificates(paths: list[Path] | None) -> list[bytes]:
    """The --trust files' bytes, each checked to hold certificates (else exit 2)."""
    if not paths:
        return []
    _require_signing_extra("--trust")
    from scorecard.signing.keys import TrustFileError, read_trust

    try:
        return read_trust(paths)
    except TrustFileError as exc:
        _fail(f"--trust: {exc}", 2)


def _sign_bytes(pdf: bytes, spec: SignerSpec) -> SignResult:
    """Sign rendered bytes as of now (the core takes the time; the CLI reads the clock)."""
    from scorecard.signing.sign import sign_pdf

    return sign_pdf(pdf, spec, dt.datetime.now(dt.UTC))


@app.command(name="sign")
def sign_cmd(
    report: Annotated[Path, typer.Argument(help="The PDF report to sign.", show_default=False)],
    sign_key: SignKeyOpt = None,
    sign_cert: SignCertOpt = None,
    sign_chain: SignChainOpt = None,
    signer_name: SignerNameOpt = None,
    signer_role: SignerRoleOpt = None,
    reason: ReasonOpt = None,
    timestamp_url: TimestampUrlOpt = None,
    passphrase_env: PassphraseEnvOpt = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--out",
            help="Write the signed PDF here. Default: sign in place.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Sign a report (again, for a second signer): a PAdES signature added as an
    incremental update, so the unsigned report stays a byte-exact prefix."""
    from scorecard.signing.sign import sign_file

    spec = _signer_spec(
        sign_key,
        sign_cert,
        sign_chain,
        signer_name,
        signer_role,
        reason,
        timestamp_url,
        passphrase_env,
        required=True,
    )
    assert spec is not None  # required=True: without a key it has exited
    target = out or report
    with _errors():
        result = sign_file(report, spec, target, dt.datetime.now(dt.UTC))
    where = f"in the sign-off block ({result.slot})" if result.slot else "(invisible signature)"
    typer.echo(f"signed {target} as {result.signer} {where}, field {result.field}", err=True)


keys_app = typer.Typer(
    help="Keys for signing reports: make a key and a self-signed certificate.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


app.add_typer(keys_app, name="keys")


@keys_app.command(name="new")
def keys_new_cmd(
    name: Annotated[
        str, typer.Option("--name", help="The signer's name (the certificate's common name).")
    ],
    out: Annotated[Path, typer.Option("--out", help="Folder to write key.pem and cert.pem to.")],
    passphrase_env: PassphraseEnvOpt = None,
    no_passphrase: Annotated[
        bool,
        typer.Option("--no-passphrase", help="Leave the key unencrypted (not recommended)."),
    ] = False,
) -> None:
    """Make an EC P-256 key and a self-signed certificate for internal use."""
    from scorecard.signing.keys import describe_new_key, new_key

    _require_signing_extra("keys new")
    if no_passphrase and passphrase_env:
        _fail("--no-passphrase and --passphrase-env exclude each other", 2)
    passphrase = (
        None
        if no_passphrase
        else _passphrase(passphrase_env, "Passphrase for the new key", confirm=True)
    )
    with _errors():
        made = new_key(name, out, passphrase, dt.datetime.now(dt.UTC))
    for line in describe_new_key(made):
        typer.echo(line, err=True)
