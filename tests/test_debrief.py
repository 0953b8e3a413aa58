"""`scorecard debrief`: one assessment summary per bidder, confidential by
construction.  A five-bidder project with a panel; every debrief is searched —
page text and every decompressed byte of the PDF — for every other bidder's id,
name, model, distinctive figures and justifications."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.load.inputs import load_inputs
from scorecard.load.project import default_paths
from scorecard.model.inputs import Inputs
from scorecard.pipeline.scoring import score_inputs
from scorecard.report.debrief_view import debriefed_ids, redact

PANEL_CASE = Path(__file__).parent / "cases" / "valid" / "panel-and-requirements"
DATE = "2026-06-01"

# id -> (vendor, model, hallucination rate, residency): distinctive values only
BIDDERS = {
    "acme": ("Acme", "Acme One", 9.4817, "true"),
    "bolt.2": ("Bolt", "Bolt 2", 12.6093, "false"),
    "corvid-ai": ("Corvidae Labs", "Raven Large", 7.3141, "true"),
    "dyna-x": ("Dynamo Systems", "Turbine XL", 11.1759, "true"),
    "emberly": ("Emberly GmbH", "Ember Pro", 13.9327, "true"),
}
# id -> (support_quality scores by Alice and Bob)
SUPPORT = {"corvid-ai": (4.25, 3.75), "dyna-x": (1.75, 2.25), "emberly": (2.75, 3.25)}

VENDOR = """schema_version = 1
vendor = "{vendor}"
model = "{model}"

[metrics.hallucination_rate]
value = {rate}
unit = "percent"
source = "{vendor} model card QX{tag}"
as_of = 2026-03-01
evidence = "vendor-claim"

[metrics.eu_data_residency]
value = {residency}
unit = "yes/no"
source = "{vendor} DPA clause QX{tag}"
as_of = 2026-03-01
evidence = "vendor-claim"

[metrics.soc2_type2_report]
value = true
unit = "yes/no"
source = "SOC 2 report QX{tag}"
as_of = 2026-01-15
evidence = "third-party"
"""


def make_project(root: Path) -> Path:
    shutil.copytree(PANEL_CASE, root)
    for f in (root / "vendors").iterdir():
        f.unlink()
    for i, (vid, (vendor, model, rate, res)) in enumerate(BIDDERS.items()):
        text = VENDOR.format(vendor=vendor, model=model, rate=rate, residency=res, tag=f"{i}7{i}")
        (root / "vendors" / f"{vid}.toml").write_text(text)
    for who, k in (("alice", 0), ("bob", 1)):
        path = root / "scores" / f"{who}.toml"
        text = path.read_text()
        for vid, scores in SUPPORT.items():
            text += (
                f'\n[vendors."{vid}".support_quality]\nscore = {scores[k]}\n'
                f'justification = "JUSTIFY-{vid}-{who}: pilot notes."\n'
            )
        path.write_text(text)
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_project(tmp_path / "tender")
    monkeypatch.chdir(root)
    return root


def _load(root: Path) -> Inputs:
    inputs = load_inputs(default_paths(root, None, None)).inputs
    assert inputs is not None
    return inputs


def _secrets(vid: str) -> list[str]:
    """What no other bidder's debrief may contain about ``vid``."""
    vendor, model, rate, _ = BIDDERS[vid]
    i = list(BIDDERS).index(vid)
    out = [vid, vendor, model, f"{rate}", f"QX{i}7{i}", f"JUSTIFY-{vid}"]
    if vid in SUPPORT:
        out += [f"{s}" for s in SUPPORT[vid]]
    return out


def _found(secret: str, corpus: str) -> bool:
    """``secret`` in ``corpus``; a number only as a whole number, so that a page
    coordinate such as ``913.751935`` is not taken for the figure 3.75."""
    if re.fullmatch(r"[\d.]+", secret):
        return re.search(rf"(?<![\d.]){re.escape(secret)}(?![\d])", corpus) is not None
    return secret in corpus


def test_every_bidder_gets_a_redacted_view(project: Path) -> None:
    inputs = _load(project)
    ranking = score_inputs(inputs, dt.date(2026, 6, 1))
    ids = debriefed_ids(ranking)
    assert sorted(ids) == sorted(BIDDERS)
    winner = ranking.ranking[0]
    assert winner.id == "corvid-ai"  # lowest hallucination rate, best support
    for vid in ids:
        d = redact(ranking, inputs, vid, "rid")
        text = d.to_json().decode()
        assert vid in text and f"{BIDDERS[vid][2]}" in text  # its own figures are there
        for other in ids:
            if other == vid:
                continue
            for secret in _secrets(other):
                if other == winner.id and secret in (winner.vendor, winner.model):
                    continue  # the winner's name and model may be disclosed
                assert secret not in text, (vid, other, secret)
        if vid != winner.id:
            assert d.winner_vendor == "Corvidae Labs" and d.winner_model == "Raven Large"
            assert [c.winner_points for c in d.criteria] == [
                winner.criteria[c.criterion].points for c in d.criteria
            ]


def test_criteria_points_and_advantages_by_hand(project: Path) -> None:
    """acme: reliability 60 x (20 - 9.4817)/20 = 31.5549 against the winner's
    60 x (20 - 7.3141)/20 = 38.0577: the winner is ahead by 6.5028 points."""
    inputs = _load(project)
    ranking = score_inputs(inputs, dt.date(2026, 6, 1))
    d = redact(ranking, inputs, "acme", "rid")
    rel = next(c for c in d.criteria if c.criterion == "reliability")
    assert rel.points == pytest.approx(60 * (20 - 9.4817) / 20)
    assert rel.winner_points == pytest.approx(60 * (20 - 7.3141) / 20)
    ahead = dict(d.winner_ahead)
    assert ahead["reliability"] == pytest.approx(60 * (9.4817 - 7.3141) / 20)
    assert d.standstill_ends == dt.date(2026, 6, 11)
    bolt = redact(ranking, inputs, "bolt.2", "rid")
    assert bolt.status == "disqualified" and bolt.rank is None
    assert bolt.reasons and "eu_data_residency" in bolt.reasons[0]


def test_evaluators_by_role_unless_named(project: Path) -> None:
    inputs = _load(project)
    ranking = score_inputs(inputs, dt.date(2026, 6, 1))
    d = redact(ranking, inputs, "acme", "rid")
    who = {line.evaluator for b in d.panel for line in b.scores}
    assert who == {"Head of ML platform", "Procurement lead", "Evaluation chair"}
    crit = project / "criteria.toml"
    crit.write_text(
        crit.read_text().replace(
            'buyer = "Test buyer"\n',
            'buyer = "Test buyer"\ndebrief_show_evaluator_names = true\nstandstill_days = 0\n',
        )
    )
    inputs = _load(project)
    d = redact(ranking, inputs, "acme", "rid")
    assert {line.evaluator for b in d.panel for line in b.scores} == {
        "Alice Example",
        "Bob Example",
        "Carol Example",
    }
    assert d.standstill_ends is None


def _decompressed(data: bytes) -> bytes:
    """Every stream of the PDF decompressed, and every other object as written."""
    chunks = [data]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    chunks.append(obj.read_bytes())
                except pikepdf.PdfError:
                    chunks.append(obj.read_raw_bytes())
            else:
                chunks.append(repr(obj).encode())
        assert pdf.check_pdf_syntax() == []
    return b"\n".join(chunks)


def _page_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.slow
def test_debrief_all_is_confidential(project: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    result = CliRunner().invoke(app, ["debrief", "--all", "-o", "out", "--date", DATE])
    assert result.exit_code == 0, result.output
    pdfs = sorted((project / "out").glob("*.pdf"))
    assert [p.stem for p in pdfs] == sorted(BIDDERS)
    for pdf in pdfs:
        vid = pdf.stem
        data = pdf.read_bytes()
        corpus = _decompressed(data).decode("latin-1") + "\n" + _page_text(pdf)
        # the search finds what is there: this bidder's own id, figure and source
        for own in (vid, f"{BIDDERS[vid][2]}", f"QX{list(BIDDERS).index(vid)}7"):
            assert own in corpus, (vid, own)
        assert "Corvidae Labs" in corpus  # the winner, named in every debrief
        for other in BIDDERS:
            if other == vid:
                continue
            for secret in _secrets(other):
                if other == "corvid-ai" and secret in ("Corvidae Labs", "Raven Large"):
                    continue
                assert not _found(secret, corpus), (vid, other, secret)
    again = CliRunner().invoke(app, ["debrief", "acme", "-o", "again.pdf", "--date", DATE])
    assert again.exit_code == 0, again.output
    assert (project / "again.pdf").read_bytes() == (project / "out" / "acme.pdf").read_bytes()


@pytest.mark.slow
def test_debrief_embeds_its_files_and_manifest(project: Path) -> None:
    result = CliRunner().invoke(app, ["debrief", "dyna-x", "--date", DATE])
    assert result.exit_code == 0, result.output
    with pikepdf.open(project / "dyna-x.pdf") as pdf:
        files = {n: s.get_file().read_bytes() for n, s in pdf.attachments.items()}
    assert sorted(files) == [
        "criteria.toml",
        "debrief.json",
        "manifest.json",
        "vendors/dyna-x.toml",
    ]
    assert files["vendors/dyna-x.toml"] == (project / "vendors" / "dyna-x.toml").read_bytes()
    manifest = json.loads(files["manifest.json"])
    full = CliRunner().invoke(app, ["report", "-o", "full.pdf", "--date", DATE])
    assert full.exit_code == 0, full.output
    with pikepdf.open(project / "full.pdf") as pdf:
        full_manifest = pdf.attachments["manifest.json"].get_file().read_bytes()
    import hashlib

    assert manifest["report_id"] == json.loads(full_manifest)["report_id"]
    assert manifest["report_manifest_sha256"] == hashlib.sha256(full_manifest).hexdigest()


def test_debrief_of_an_unknown_vendor_is_an_error(project: Path) -> None:
    result = CliRunner().invoke(app, ["debrief", "zeta", "--date", DATE])
    assert result.exit_code == 1
    assert "no debrief for 'zeta'" in result.output


def _replace_attachment(path: Path, name: str, data: bytes, fix_manifest: bool) -> None:
    import hashlib

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        if fix_manifest:
            manifest = json.loads(pdf.attachments["manifest.json"].get_file().read_bytes())
            for f in manifest["files"]:
                if f["name"] == name:
                    f["sha256"] = hashlib.sha256(data).hexdigest()
                    f["bytes"] = len(data)
            raw = (json.dumps(manifest, indent=2) + "\n").encode()
            pdf.attachments["manifest.json"] = pikepdf.AttachedFileSpec(
                pdf, raw, filename="manifest.json"
            )
        pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, data, filename=name)
        pdf.save(path)


def _verify(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["verify", *args], catch_exceptions=False)


@pytest.mark.slow
def test_verify_debrief_alone_and_against_the_full_report(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["debrief", "--all", "-o", "out", "--date", DATE]).exit_code == 0
    assert runner.invoke(app, ["report", "-o", "full.pdf", "--date", DATE]).exit_code == 0
    for vid in BIDDERS:
        result = _verify(f"out/{vid}.pdf", "--report", "full.pdf")
        assert result.exit_code == 0, result.output
        assert "OK      full report: every number matches report" in result.stdout
    alone = _verify("out/acme.pdf")
    assert alone.exit_code == 0, alone.output
    assert "OK      points: 4 metrics' value scores and points" in alone.stdout

    # a changed debrief.json without its manifest: the hash check fails
    with pikepdf.open(project / "out" / "acme.pdf") as pdf:
        debrief = json.loads(pdf.attachments["debrief.json"].get_file().read_bytes())
    changed = dict(debrief, score=debrief["score"] + 5)
    tampered = (json.dumps(changed, indent=2) + "\n").encode()
    shutil.copy(project / "out" / "acme.pdf", project / "t1.pdf")
    _replace_attachment(project / "t1.pdf", "debrief.json", tampered, fix_manifest=False)
    result = _verify("t1.pdf")
    assert result.exit_code == 1
    assert "debrief.json: SHA-256 differs from manifest.json" in result.stdout
    # ... with its manifest fixed too: the arithmetic catches it
    shutil.copy(project / "out" / "acme.pdf", project / "t2.pdf")
    _replace_attachment(project / "t2.pdf", "debrief.json", tampered, fix_manifest=True)
    result = _verify("t2.pdf")
    assert result.exit_code == 1
    assert "FAIL    points: total" in result.stdout
    # a consistent lie about the winner: only the full report catches it
    crit = [dict(c, winner_points=c["winner_points"] - 1) for c in debrief["criteria"]]
    lie = (json.dumps(dict(debrief, criteria=crit), indent=2) + "\n").encode()
    shutil.copy(project / "out" / "acme.pdf", project / "t3.pdf")
    _replace_attachment(project / "t3.pdf", "debrief.json", lie, fix_manifest=True)
    assert _verify("t3.pdf").exit_code == 0
    result = _verify("t3.pdf", "--report", "full.pdf")
    assert result.exit_code == 1
    assert "FAIL    full report: debrief.json differs" in result.stdout
    assert "winner_points" in result.stdout
    # another report (another date): named by id and manifest hash, it does not match
    assert runner.invoke(app, ["report", "-o", "other.pdf", "--date", "2026-06-02"]).exit_code == 0
    result = _verify("out/acme.pdf", "--report", "other.pdf")
    assert result.exit_code == 1
    assert "the debrief names report" in result.stdout


def test_rederivation_needs_the_full_report_with_topsis_or_relative(project: Path) -> None:
    from scorecard.pipeline.debrief_verify import rederive

    inputs = _load(project)
    ranking = score_inputs(inputs, dt.date(2026, 6, 1))
    d = redact(ranking, inputs, "acme", "rid")
    assert rederive(d).status == "ok"
    assert rederive(d.model_copy(update={"method": "topsis"})).status == "skipped"
    wrong = [r.model_copy(update={"points": r.points + 0.5}) for r in d.metrics]
    assert rederive(d.model_copy(update={"metrics": wrong})).status == "fail"


@pytest.mark.slow
def test_a_debrief_is_signed_like_a_report(project: Path) -> None:
    pytest.importorskip("pyhanko")
    runner = CliRunner()
    assert runner.invoke(app, ["debrief", "emberly", "--date", DATE]).exit_code == 0
    made = runner.invoke(app, ["keys", "new", "--name", "Chair", "--out", "k", "--no-passphrase"])
    assert made.exit_code == 0, made.output
    signed = runner.invoke(
        app, ["sign", "emberly.pdf", "--sign-key", "k/key.pem", "--sign-cert", "k/cert.pem"]
    )
    assert signed.exit_code == 0, signed.output
    result = _verify("emberly.pdf", "--trust", "k/cert.pem")
    assert result.exit_code == 0, result.output
    assert "OK      signatures: 1 signature: intact, trusted" in result.stdout
    assert "OK      points:" in result.stdout
