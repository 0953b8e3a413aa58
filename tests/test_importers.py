"""The importers' pure parsing functions, against fixtures copied from real sources
(tests/fixtures/README.md names each origin)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from scorecard.authoring.importers import lm_eval, prices, vectara
from scorecard.model.errors import ScorecardError
from scorecard.model.files import Figure

FIXTURES = Path(__file__).parent / "fixtures"
VECTARA_MD = FIXTURES / "vectara" / "leaderboard-hhem-2.1-9ceb7826-excerpt.md"
VECTARA_CSV = FIXTURES / "vectara" / "leaderboard-hhem-2.1-9ceb7826-excerpt.csv"
LM_REAL = FIXTURES / "lm-eval" / "results_2026-01-21T03-44-18.458309.json"
LM_MMLU = FIXTURES / "lm-eval" / "results_mmlu_gpqa_acme-7b.json"
LM_IFEVAL = FIXTURES / "lm-eval" / "results_ifeval_acme-7b.json"


def _valid(fig: dict[str, object]) -> Figure:
    return Figure.model_validate(fig)


# --------------------------------------------------------------------------- vectara


def _vectara(path: Path) -> vectara.ImportSource:
    return vectara.parse_table(
        path.read_text(), as_of=dt.date(2025, 10, 16), hhem_version="2.1", origin=path.name
    )


def test_vectara_markdown_reads_every_row_with_its_slips() -> None:
    """Rows of the real table at commit 9ceb7826, slips included (fixture README)."""
    src = _vectara(VECTARA_MD)
    assert len(src.records) == 9
    assert src.skipped == ()
    gpt4o = src.records["OpenAI GPT-4o"].figures
    assert gpt4o["hallucination_rate"]["value"] == 1.5
    assert gpt4o["factual_consistency_rate"]["value"] == 98.5
    assert gpt4o["answer_rate"]["value"] == 100
    # a rate with no "%" at all
    assert src.records["XAI Grok-2"].figures["factual_consistency_rate"]["value"] == 98.1
    # "6.2%" and "100.0%" with no space
    assert (
        src.records["MoonshotAI Kimi-K2-Instruct-0905"].figures["hallucination_rate"]["value"]
        == 6.2
    )
    assert src.records["DeepSeek-R1"].figures["answer_rate"]["value"] == 100
    for record in src.records.values():
        assert record.vendor is None
        for fig in record.figures.values():
            f = _valid(fig)
            assert f.evidence == "third-party"
            assert f.method is not None and f.method.startswith("HHEM-2.1 ")
            assert (
                record.name in f.source and "leaderboard-hhem-2.1-9ceb7826-excerpt.md" in f.source
            )


def test_vectara_warns_when_rates_do_not_add_up_to_100() -> None:
    src = _vectara(VECTARA_MD)
    assert src.warnings == (
        "line 6 (XAI Grok-3-Beta): hallucination rate 2.1 % and factual consistency rate 97.8 % "
        "add up to 99.9, not 100; both imported as published",
        "line 9 (Google Gemini-1.5-Pro-002): hallucination rate 6.6 % and factual consistency "
        "rate 93.7 % add up to 100.3, not 100; both imported as published",
    )


def test_vectara_csv_gives_the_same_figures_as_markdown() -> None:
    md, csv = _vectara(VECTARA_MD), _vectara(VECTARA_CSV)
    assert md.records.keys() == csv.records.keys()
    for name in md.records:
        for metric, fig in md.records[name].figures.items():
            assert csv.records[name].figures[metric]["value"] == fig["value"]
    assert len(csv.warnings) == 2


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1.5 %", 1.5),
        ("1.5%", 1.5),
        ("98.1", 98.1),
        ("100.0%", 100.0),
        (" 2 % ", 2.0),
        ("n/a", None),
        ("", None),
    ],
)
def test_vectara_parse_rate(cell: str, expected: float | None) -> None:
    assert vectara.parse_rate(cell) == expected


def test_vectara_unreadable_rate_is_skipped_not_guessed() -> None:
    text = "|Model|Hallucination Rate|Factual Consistency Rate|Answer Rate|\n|--|--|--|--|\n|A|n/a|98 %|100 %|\n|B|2 %|98 %|100 %|\n"
    src = vectara.parse_table(text, as_of="2025", hhem_version="2.1", origin="t.md")
    assert list(src.records) == ["B"]
    assert src.skipped == ("line 3 (A): unreadable rate 'n/a'",)


def test_vectara_missing_column_is_an_error() -> None:
    with pytest.raises(ScorecardError, match="no 'answer rate' column"):
        vectara.parse_table(
            "Model,Hallucination Rate,Factual Consistency Rate\nA,1,99\n",
            as_of="2025",
            hhem_version="2.1",
            origin="t.csv",
        )


def test_vectara_hhem_version_from_file_name() -> None:
    assert vectara.detect_hhem_version(VECTARA_MD.name) == "2.1"
    assert vectara.detect_hhem_version("table.md", "no version here") is None


# --------------------------------------------------------------------------- lm-eval


def test_lm_eval_real_sample_has_no_catalogue_task() -> None:
    """The real results file (lm-eval 0.4.9.2) holds two math tasks only: both skipped."""
    src = lm_eval.parse_results(LM_REAL.read_text(), origin=LM_REAL.name)
    name = "RylanSchaeffer/mem_Qwen3-93M_minerva_math_rep_0_sbst_1.0000_epch_1_ot_1"
    assert list(src.records) == [name]
    assert src.records[name].figures == {}
    assert src.skipped == (
        "2 tasks with no catalogue metric: math_perturbed_full, math_rephrased_full",
    )
    assert lm_eval.run_date({"date": 1768964383.8593218}) == dt.date(2026, 1, 21)


def test_lm_eval_mmlu_and_gpqa() -> None:
    src = lm_eval.parse_results(LM_MMLU.read_text(), origin=LM_MMLU.name)
    record = src.records["acme/acme-7b"]
    mmlu = _valid(record.figures["mmlu"])
    assert (mmlu.value, mmlu.unit, mmlu.stderr) == (0.6342, "fraction", 0.0038)
    assert mmlu.as_of == dt.date(2026, 1, 21)
    assert mmlu.evidence == "in-house"
    assert mmlu.method == "MMLU (lm-eval task mmlu v2, 5-shot, metric acc,none)"
    assert mmlu.source == (
        "lm-eval 0.4.9.2 (git 1f84a09f) results file results_mmlu_gpqa_acme-7b.json, "
        "model acme/acme-7b, task mmlu"
    )
    assert mmlu.note is not None and "Measured with lm-eval 0.4.9.2" in mmlu.note
    assert "14042 samples" in mmlu.note
    gpqa = _valid(record.figures["gpqa"])
    assert gpqa.value == 0.3131  # the diamond variant is preferred over main
    assert gpqa.method == "GPQA (lm-eval task gpqa_diamond_zeroshot v1.0, 0-shot, metric acc,none)"
    assert "task gpqa_main_zeroshot: gpqa already read from another task" in src.skipped
    assert "1 task with no catalogue metric: math_perturbed_full" in src.skipped


def test_lm_eval_ifeval_prompt_level_strict() -> None:
    src = lm_eval.parse_results(LM_IFEVAL.read_text(), origin=LM_IFEVAL.name)
    fig = _valid(src.records["acme/acme-7b"].figures["ifeval_strict"])
    assert (fig.value, fig.stderr) == (0.5342, 0.02146)
    assert fig.as_of == dt.date(2026, 1, 22)
    assert fig.method == (
        "IFEval prompt-level strict accuracy (lm-eval task ifeval v4.0, 0-shot, "
        "metric prompt_level_strict_acc,none)"
    )


def test_lm_eval_stderr_na_is_absent_not_an_error() -> None:
    results = {"acc,none": 0.5, "acc_stderr,none": "N/A"}
    assert lm_eval.read_metric(results, ("acc",)) == ("acc,none", 0.5, None)
    src = lm_eval.parse_results(
        '{"results": {"mmlu": {"acc,none": 0.5, "acc_stderr,none": "N/A"}}, "date": 0, "model_name": "m"}',
        origin="r.json",
    )
    assert "stderr" not in src.records["m"].figures["mmlu"]


def test_lm_eval_humaneval_pass_at_1() -> None:
    text = '{"results": {"humaneval": {"pass@1,create_test": 0.61, "pass@1_stderr,create_test": 0.038}}, "date": 0, "model_name": "m"}'
    fig = _valid(
        lm_eval.parse_results(text, origin="r.json").records["m"].figures["humaneval_pass_at_1"]
    )
    assert (fig.value, fig.stderr) == (0.61, 0.038)


def test_lm_eval_many_unmapped_tasks_make_one_line() -> None:
    results = {f"mmlu_subject_{i:02d}": {"acc,none": 0.5} for i in range(57)}
    results["mmlu"] = {"acc,none": 0.6}
    import json

    src = lm_eval.parse_results(
        json.dumps({"results": results, "date": 0, "model_name": "m"}), origin="r.json"
    )
    assert src.records["m"].figures["mmlu"]["value"] == 0.6
    assert src.skipped == (
        "57 tasks with no catalogue metric: mmlu_subject_00, mmlu_subject_01, mmlu_subject_02, "
        "mmlu_subject_03, mmlu_subject_04 and 52 more",
    )


def test_lm_eval_group_aggregate_under_groups() -> None:
    text = '{"results": {"mmlu_x": {"acc,none": 0.1}}, "groups": {"mmlu": {"acc,none": 0.7, "acc_stderr,none": 0.004}}, "date": 0, "model_name": "m"}'
    fig = lm_eval.parse_results(text, origin="r.json").records["m"].figures["mmlu"]
    assert (fig["value"], fig["stderr"]) == (0.7, 0.004)


def test_lm_eval_evidence_override() -> None:
    src = lm_eval.parse_results(LM_MMLU.read_text(), origin="r.json", evidence="third-party")
    assert _valid(src.records["acme/acme-7b"].figures["mmlu"]).evidence == "third-party"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "r.json:1:2: not a JSON file"),
        ("[]", "r.json: not an lm-eval results file: no `results` table"),
        ('{"results": {}}', "r.json: the results file has no run `date`"),
    ],
)
def test_lm_eval_bad_files(text: str, message: str) -> None:
    with pytest.raises(ScorecardError, match=message):
        lm_eval.parse_results(text, origin="r.json")  # the message names the file


# --------------------------------------------------------------------------- prices


def _tiered(base: str, *tiers: tuple[int, str]) -> SimpleNamespace:
    return SimpleNamespace(
        base=Decimal(base), tiers=[SimpleNamespace(start=s, price=Decimal(p)) for s, p in tiers]
    )


def _model(prices_: object, window: int | None = 128000) -> SimpleNamespace:
    return SimpleNamespace(id="m-1", name="M 1", context_window=window, prices=prices_)


PROVIDER = SimpleNamespace(id="acme", name="Acme AI", models=[])


def test_prices_plain() -> None:
    model = _model(SimpleNamespace(input_mtok=Decimal("2.5"), output_mtok=Decimal("10")))
    rec = prices.model_record(PROVIDER, model, dt.date(2026, 11, 24), "0.2.3")
    assert (rec.name, rec.model, rec.vendor) == ("acme:m-1", "M 1", "Acme AI")
    fig = _valid(rec.figures["price_input_usd_per_mtok"])
    assert (fig.value, fig.unit, fig.as_of, fig.evidence) == (
        2.5,
        "usd_per_mtok",
        "2026-11",
        "vendor-claim",
    )
    assert (
        fig.note
        == "genai-prices gives no start date for this price; as_of is the month the package was read."
    )
    assert rec.figures["price_output_usd_per_mtok"]["value"] == 10
    assert rec.figures["context_window_tokens"]["value"] == 128000


def test_prices_tiered_records_base_tier_and_says_so() -> None:
    model = _model(
        SimpleNamespace(
            input_mtok=_tiered("3", (200_000, "6")), output_mtok=_tiered("15", (200_000, "22.5"))
        )
    )
    rec = prices.model_record(PROVIDER, model, dt.date(2026, 11, 24), "0.2.3")
    assert rec.figures["price_input_usd_per_mtok"]["value"] == 3
    assert rec.figures["price_output_usd_per_mtok"]["value"] == 15
    assert rec.figures["price_input_usd_per_mtok"]["note"].startswith(
        "Base tier; genai-prices lists a higher rate (input 6, output 22.5) above 200K input tokens."
    )


def test_prices_start_dates_pick_the_price_in_force() -> None:
    old = SimpleNamespace(input_mtok=Decimal("10"), output_mtok=Decimal("30"))
    new = SimpleNamespace(input_mtok=Decimal("5"), output_mtok=Decimal("25"))
    model = _model(
        [
            SimpleNamespace(constraint=None, prices=old),
            SimpleNamespace(
                constraint=SimpleNamespace(start_date=dt.date(2026, 3, 13)), prices=new
            ),
        ]
    )
    before = prices.model_record(PROVIDER, model, dt.date(2026, 3, 12), "0.2.3")
    assert before.figures["price_input_usd_per_mtok"]["value"] == 10
    assert before.figures["price_input_usd_per_mtok"]["as_of"] == "2026-03"
    assert (
        "lists a new price from 2026-03-13, after 2026-03-12"
        in before.figures["price_input_usd_per_mtok"]["note"]
    )
    after = prices.model_record(PROVIDER, model, dt.date(2026, 3, 13), "0.2.3")
    fig = _valid(after.figures["price_input_usd_per_mtok"])
    assert (fig.value, fig.as_of, fig.note) == (5, dt.date(2026, 3, 13), None)
    assert after.figures["context_window_tokens"]["as_of"] == dt.date(2026, 3, 13)


def test_prices_only_future_price_is_skipped() -> None:
    future = SimpleNamespace(
        constraint=SimpleNamespace(start_date=dt.date(2027, 1, 1)), prices=object()
    )
    rec = prices.model_record(PROVIDER, _model([future], window=None), dt.date(2026, 1, 1), "0.2.3")
    assert rec.figures == {}
    assert rec.skipped[0].startswith("acme:m-1: no price in force on 2026-01-01")


def test_prices_find_records_lists_missing_names() -> None:
    provider = SimpleNamespace(
        id="acme",
        name="Acme AI",
        models=[_model(SimpleNamespace(input_mtok=Decimal(1), output_mtok=Decimal(2)))],
    )
    src = prices.find_records(
        [provider], ["acme:m-1", "acme:nope", "bare"], dt.date(2026, 1, 1), "0.2.3"
    )
    assert list(src.records) == ["acme:m-1"]
    assert src.missing == ("acme:nope", "bare")
    assert src.complete is False


def test_prices_real_package_gpt_5_4() -> None:
    """genai-prices 0.2.3, record openai:gpt-5.4: $2.50 / $15 per MTok below 272K input
    tokens, $5 / $22.50 above; context window 1,050,000 (as in the bundled vendors/gpt-5.4.toml)."""
    from importlib.metadata import version

    if version("genai-prices") != "0.2.3":
        pytest.skip("known answer is for genai-prices 0.2.3")
    src, _ = prices.load_source(["openai:gpt-5.4"], dt.date(2026, 11, 24))
    rec = src.records["openai:gpt-5.4"]
    assert rec.figures["price_input_usd_per_mtok"]["value"] == 2.5
    assert rec.figures["price_output_usd_per_mtok"]["value"] == 15
    assert rec.figures["context_window_tokens"]["value"] == 1_050_000
    assert rec.figures["price_input_usd_per_mtok"]["note"].startswith(
        "Base tier; genai-prices lists a higher rate (input 5, output 22.5) above 272K input tokens."
    )


def test_prices_bring_cached_price_and_tiers() -> None:
    """genai-prices' gpt-5.4 record: input 2.5, 5 above 272K; cache read 0.25, 0.5 above."""
    import datetime as dt

    from scorecard.authoring.importers.prices import load_source

    source, _ = load_source(["openai:gpt-5.4"], dt.date(2026, 11, 24))
    figures = source.records["openai:gpt-5.4"].figures
    assert figures["price_input_usd_per_mtok"]["tiers"] == [
        {"above_input_tokens": 272_000, "value": 5}
    ]
    cached = figures["price_cached_input_usd_per_mtok"]
    assert (cached["value"], cached["unit"]) == (0.25, "usd_per_mtok")
    assert cached["tiers"] == [{"above_input_tokens": 272_000, "value": 0.5}]
    assert list(cached)[:3] == ["value", "unit", "tiers"]
    assert "genai-prices 0.2" in cached["source"]
