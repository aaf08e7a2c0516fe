"""The CLI's science answers (issue 16's "done when"), checked against the papers' numbers."""

import json

import pytest

from scalingdesk.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_loss_with_unique_tokens_is_muennighoffs(capsys):
    code, out, _ = run(
        capsys,
        "loss",
        "--law",
        "muennighoff2023",
        "--params",
        "1e9",
        "--tokens",
        "4e11",
        "--unique-tokens",
        "1e11",
        "--json",
    )
    data = json.loads(out)
    assert code == 0
    # Muennighoff et al. 2023, eq. 5 with R_D* = 15.39: 100B unique tokens seen 4 times.
    assert data["epochs"] == pytest.approx(4.0)
    assert data["effective_tokens"] == pytest.approx(3.726e11, rel=1e-3)
    assert data["loss"] == pytest.approx(2.3410, abs=2e-4)
    code, out, _ = run(
        capsys,
        "loss",
        "--law",
        "muennighoff2023",
        "--params",
        "1e9",
        "--tokens",
        "4e12",
        "--unique-tokens",
        "1e11",
        "--json",
    )
    data = json.loads(out)
    assert data["effective_tokens"] == pytest.approx(1.517e12, rel=1e-3)
    assert data["loss"] == pytest.approx(2.2928, abs=2e-4)


def test_optimal_kaplan_prints_table_6(capsys):
    code, out, _ = run(capsys, "optimal", "--compute", "1e21", "--law", "kaplan2020", "--json")
    data = json.loads(out)
    assert code == 0
    c_min = data["kaplan_table_6"]["c_min_pf_days"]
    assert c_min == pytest.approx(1e21 / 86400e15 / 1.8056, rel=1e-3)
    assert data["params"] == pytest.approx(1.3e9 * c_min**0.73, rel=1e-9)  # Table 6
    assert data["tokens"] == pytest.approx(2e10 * c_min**0.27, rel=1e-9)  # Table 6


def test_optimal_kaplan_warns_at_1e25(capsys):
    code, out, _ = run(capsys, "optimal", "--compute", "1e25", "--law", "kaplan2020")
    assert code == 0 and "§6.3" in out


def test_optimal_with_unique_tokens_moves_to_more_epochs(capsys):
    _, out, _ = run(capsys, "optimal", "--compute", "1e24", "--law", "muennighoff2023", "--json")
    free = json.loads(out)
    _, out, _ = run(
        capsys, "optimal", "--compute", "1e24", "--law", "muennighoff2023", "--unique-tokens", "1e11", "--json"
    )
    tight = json.loads(out)
    assert tight["loss"] > free["loss"] and tight["epochs"] > 1
    assert 6 * tight["params"] * tight["tokens"] == pytest.approx(1e24)


def test_laws_lists_every_family_with_range_and_source(capsys):
    from scalingdesk.core.laws import FAMILIES

    code, out, _ = run(capsys, "laws", "--json")
    data = json.loads(out)
    assert code == 0 and set(data["laws"]) == set(FAMILIES)
    for entry in data["laws"].values():
        assert entry["source"] and entry["fitted_range"]
        assert entry["fitted_params"][0] < entry["fitted_params"][1]
    assert "hoffmann2022-unrounded" in data["laws"]
    # Gopher's budget: the paper's 5.76e23 and 6·N·D's 5.04e23, each with its source.
    flops = {b["name"]: b["flops"] for b in data["budgets"]}
    assert flops["Gopher and Chinchilla, as stated"] == 5.76e23
    assert flops["Gopher, 6·N·D"] == pytest.approx(5.04e23)
    assert flops["Chinchilla, 6·N·D"] == pytest.approx(5.88e23)
    # Effective compute, each rate with its source: Ho et al. 2024's 8-month halving (CI 5-14).
    g = data["growth_rates"]
    assert g["software"]["per_year"] == pytest.approx(2**1.5, abs=0.01)
    assert g["software"]["per_year_95ci"] == pytest.approx([2 ** (12 / 14), 2 ** (12 / 5)])
    assert "Ho et al. 2024" in g["software"]["source"]


def test_served_tokens_zero_is_the_compute_optimal_case(capsys):
    code, out, _ = run(capsys, "inference-optimal", "--loss", "2.2", "--served-tokens", "0", "--json")
    data = json.loads(out)
    assert code == 0 and data["inference_flops"] == 0
    assert data["params"] == pytest.approx(data["training_only_optimum"]["params"])
    code, _, err = run(capsys, "inference-optimal", "--loss", "2.2", "--served-tokens", "-1")
    assert code == 2 and "-1" in err


def test_cli_and_window_share_one_compute_range(capsys):
    from scalingdesk.core.scenario import COMPUTE_RANGE, Scenario, ScenarioError

    code, _, err = run(capsys, "optimal", "--compute", "1e40")
    assert code == 2 and "1e40" in err and "1e30" in err
    with pytest.raises(ScenarioError, match="1e30"):
        Scenario().set_compute(1e40)
    assert COMPUTE_RANGE[1] == 1e30


def test_gopher_tooltip_shows_both_budgets_with_the_difference_explained():
    from scalingdesk.core.views import real_models

    gopher = next(m for m in real_models() if m.id == "gopher")
    tip = gopher.tooltip
    # 6 × 280B × 300B = 5.04e23; Hoffmann et al. 2022 state 5.76e23 (§4.1, Table 3).
    assert "5.04e23" in tip and "5.76e23" in tip and "App. F" in tip
