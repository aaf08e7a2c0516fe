"""Derived quantities: frontier, curves, diminishing returns, inference-aware optimum, extras."""

import math

import numpy as np
import pytest

from scalingdesk.core import allocation, extras
from scalingdesk.core.laws import EPOCH_2024, FAMILIES


def test_training_compute_is_6nd():
    assert allocation.training_compute(70e9, 1.4e12) == pytest.approx(5.88e23)


def test_training_curves_envelope_is_the_frontier():
    c = np.logspace(20, 25, 200)
    sizes = np.logspace(8, 13, 400)
    curves = allocation.training_curves(EPOCH_2024, sizes, c)
    envelope = curves.min(axis=0)
    _, _, frontier_loss = allocation.frontier(EPOCH_2024, c)
    # The lower envelope of many training curves touches the frontier from above.
    assert np.all(envelope >= frontier_loss - 1e-12)
    assert np.allclose(envelope, frontier_loss, rtol=1e-3)


@pytest.mark.parametrize("key", list(FAMILIES))
def test_each_decade_buys_less(key):
    steps = allocation.diminishing_returns(FAMILIES[key], 1e20, 6)
    assert np.all(steps.drops > 0)
    assert np.all(np.diff(steps.drops) < 0)
    assert np.all(steps.loss > steps.floor)
    # The naive ghost promises the first gain every time, so the gap grows pull by pull.
    gap = steps.loss - steps.naive_loss
    assert gap[0] == gap[1] == 0.0  # the first pull is where the guess is calibrated
    assert np.all(np.diff(gap[1:]) > 0)


def test_inference_optimal_overtrains_when_serving_many_tokens():
    # Sardana & Frankle 2023: heavy inference demand favours smaller models on more data.
    base = allocation.inference_optimal(EPOCH_2024, 2.0, 0.0)
    heavy = allocation.inference_optimal(EPOCH_2024, 2.0, 2e13)
    assert heavy.params < base.params
    assert heavy.tokens_per_param > 5 * base.tokens_per_param
    assert heavy.loss == pytest.approx(2.0, abs=1e-9)
    assert base.loss == pytest.approx(2.0, abs=1e-9)
    # With nothing served, it is the ordinary compute-optimal point for that loss.
    assert 15 < base.tokens_per_param < 25
    # It really is a minimum: nearby sizes on the same iso-loss curve cost more in total.
    for factor in (0.9, 1.1):
        n = heavy.params * factor
        d = float(EPOCH_2024.tokens_for_loss(n, 2.0))
        assert 6 * n * d + 2 * n * 2e13 > heavy.total_flops


def test_inference_optimal_refuses_unreachable_loss():
    with pytest.raises(ValueError, match="irreducible"):
        allocation.inference_optimal(EPOCH_2024, 1.5, 1e12)


def test_effective_tokens_saturate():
    u = 1e11
    assert extras.effective_tokens(5e10, u) == pytest.approx(5e10)
    four_epochs = float(extras.effective_tokens(4 * u, u))
    assert 0.9 * 4 * u < four_epochs < 4 * u  # Muennighoff: up to ~4 epochs ≈ fresh data
    many = float(extras.effective_tokens(1000 * u, u))
    assert many == pytest.approx(extras.max_effective_tokens(u), rel=1e-6)
    # Muennighoff et al. 2023, App. A: R_D* = 15.387756, so the ceiling is 16.39·U.
    assert float(extras.max_effective_tokens(u)) == pytest.approx(16.387756 * u)


def test_exact_match_looks_emergent_while_loss_is_smooth():
    loss = np.linspace(3.0, 0.5, 50)
    p = extras.per_token_accuracy(loss)
    em = extras.exact_match(loss, 20)
    assert np.all(np.diff(p) > 0)
    # Most of exact match's rise happens in the last fifth of a smooth fall in loss.
    assert em[40] < 0.5 * em[-1]
    with pytest.raises(ValueError, match="answer length"):
        extras.exact_match(loss, 0)


def test_effective_compute_multiplies():
    out = extras.effective_compute(1e25, np.array([0.0, 1.0, 2.0]))
    assert out["effective_compute"][0] == pytest.approx(1e25)
    r = extras.GrowthRates()
    assert out["effective_compute"][2] == pytest.approx(1e25 * (r.software * r.hardware * r.chips) ** 2)
    with pytest.raises(ValueError, match="software growth"):
        extras.effective_compute(1e25, 1.0, extras.GrowthRates(software=-1))


def test_balance_against_the_valley_bottom():
    from scalingdesk.core.laws import KAPLAN_2020

    opt = allocation.optimal(EPOCH_2024, 5.76e23)
    assert allocation.balance(EPOCH_2024, opt.params, opt.tokens).verdict == "balanced"
    gpt3 = allocation.balance(EPOCH_2024, 175e9, 300e9)  # Brown et al. 2020
    assert gpt3.verdict == "under-trained" and gpt3.excess_loss > 0.01
    small = allocation.balance(EPOCH_2024, 1e9, 96e12)  # same budget order, tiny model
    assert small.verdict == "too small"
    # Kaplan's published allocation is not the bottom of its own L(N, D) valley: measured on
    # the valley, that allocation is "too big for its data", never "balanced".
    c = 5.76e23
    n = float(KAPLAN_2020.optimal_params(c))
    k = allocation.balance(KAPLAN_2020, n, c / (6 * n))
    assert k.verdict == "under-trained" and k.excess_loss > 0
    bottom = allocation.isoflop_minimum(KAPLAN_2020, c)
    assert allocation.balance(KAPLAN_2020, bottom.params, bottom.tokens).verdict == "balanced"


def test_isoflop_view_centres_on_the_valley_or_takes_a_given_range():
    from scalingdesk.core import views

    law = FAMILIES["epoch2024"]
    n, d = 7e10, 1.4e12
    v = views.isoflop_view(law, n, d)
    bottom = np.log10(v.minima[1].params)
    lo, hi = np.log10(v.params[0]), np.log10(v.params[-1])
    assert lo < bottom < hi and lo < np.log10(n) < hi
    assert views.isoflop_n_range(law, n, d) == pytest.approx((lo, hi))  # the same range, cheaply
    # The valley bottom is the lowest point of the middle curve, on either grid.
    held = views.isoflop_view(law, n, d, log_n_range=(6.0, 15.5))
    assert np.log10(held.params[0]) == pytest.approx(6.0) and np.log10(held.params[-1]) == pytest.approx(15.5)
    i = int(np.nanargmin(held.curves[1]))
    assert held.params[i] == pytest.approx(v.minima[1].params, rel=0.1)
    assert held.curves[1][i] == pytest.approx(v.minima[1].loss, abs=1e-3)
    with pytest.raises(ValueError, match="increasing"):
        views.isoflop_view(law, n, d, log_n_range=(12.0, 8.0))


def test_moving_n_at_one_budget_keeps_the_valleys_and_moves_only_your_point():
    from scalingdesk.core import views

    law = FAMILIES["epoch2024"]
    grid = (8.0, 13.0)
    v = views.isoflop_view(law, 7e10, 1.4e12, log_n_range=grid)
    n2 = 3.5e10  # the same budget: D doubles as N halves
    moved = views.isoflop_view_moved(v, law, n2, 2.8e12)
    full = views.isoflop_view(law, n2, 2.8e12, log_n_range=grid)
    assert moved.current == pytest.approx(full.current)
    assert moved.current != v.current
    np.testing.assert_allclose(moved.curves, full.curves, rtol=1e-12)
    assert moved.budgets == pytest.approx(full.budgets)


# --- Effective compute: each rate from its source (issue 16, item 5) ---------------------------


def test_growth_rates_come_from_their_sources():
    r = extras.GrowthRates()
    # Ho et al. 2024: compute for a fixed result halves every ~8 months → 2^(12/8) a year.
    assert r.software == pytest.approx(2 ** (12 / 8), abs=0.01)
    # 95% CI of the halving time, 5-14 months.
    lo, hi = r.software_interval
    assert lo == pytest.approx(2 ** (12 / 14)) and hi == pytest.approx(2 ** (12 / 5))
    # Hobbhahn et al. 2023: price-performance doubles every ~2.1 years.
    assert r.hardware == pytest.approx(2 ** (1 / 2.1), abs=0.01)
    # Cottier et al. 2024: frontier training cost grows 2.4x a year.
    assert r.chips == pytest.approx(2.4)
    assert extras.SCALE_SHARE_OF_GAINS == (0.60, 0.95)
    for key in ("software", "hardware", "chips"):
        assert "20" in extras.RATE_SOURCES[key]  # each names its paper and year


# --- Muennighoff et al. 2023, data-constrained scaling (issue 16, item 2) ----------------------


def test_muennighoff_worked_numbers():
    from scalingdesk.core.data_constrained import DataConstrainedLaw
    from scalingdesk.core.laws import MUENNIGHOFF_2023

    law = DataConstrainedLaw(MUENNIGHOFF_2023, 1e11)
    # N = 1e9, 100B unique tokens seen 4 times: D' = U + U·R_D*·(1 − e^(−3/R_D*)).
    n_eff, d_eff = law.effective(1e9, 4e11)
    assert float(d_eff) == pytest.approx(3.726e11, rel=1e-3)
    assert float(n_eff) == 1e9  # 1B is below the optimum size for 100B tokens: no excess
    assert float(law.loss(1e9, 4e11)) == pytest.approx(2.3410, abs=2e-4)
    # Seen 40 times.
    assert float(law.effective(1e9, 4e12)[1]) == pytest.approx(1.517e12, rel=1e-3)
    assert float(law.loss(1e9, 4e12)) == pytest.approx(2.2928, abs=2e-4)
    # Fewer tokens than available: nothing repeats, the plain fit holds.
    assert float(law.loss(1e9, 5e10)) == pytest.approx(float(MUENNIGHOFF_2023.loss(1e9, 5e10)))


def test_excess_parameters_count_for_less():
    from scalingdesk.core.data_constrained import R_N_STAR, DataConstrainedLaw, unique_params
    from scalingdesk.core.laws import MUENNIGHOFF_2023 as M

    u = 1e10
    # U_N = min(N_opt(U_D), N), N_opt(D) = (D·G)^(β/α)·G (datablations README).
    u_n = (u * M.G) ** (M.beta / M.alpha) * M.G
    assert float(unique_params(1e12, 4e11, u)) == pytest.approx(u_n)
    law = DataConstrainedLaw(M, u)
    n_eff = float(law.effective(1e12, 4e11)[0])
    r_n = 1e12 / u_n - 1
    assert n_eff == pytest.approx(u_n + u_n * R_N_STAR * (1 - math.exp(-r_n / R_N_STAR)))
    # 1T parameters on 10B unique tokens are worth no more than U_N·(1 + R_N*) ≈ 3.2B.
    assert n_eff <= u_n * (1 + R_N_STAR) * (1 + 1e-12) and n_eff < 4e9


def test_limited_unique_data_moves_the_optimum():
    from scalingdesk.core.data_constrained import DataConstrainedLaw
    from scalingdesk.core.laws import MUENNIGHOFF_2023

    free = allocation.optimal(MUENNIGHOFF_2023, 1e24)
    law = DataConstrainedLaw(MUENNIGHOFF_2023, 1e11)
    tight = allocation.optimal(law, 1e24)
    # The constrained optimum is the bottom of the constrained IsoFLOP valley…
    n = np.logspace(9, 12, 3001)
    grid_best = n[np.argmin(law.loss(n, 1e24 / (6 * n)))]
    assert tight.params == pytest.approx(grid_best, rel=0.01)
    # …beats the unconstrained allocation under the limit, and is worse than fresh data.
    assert tight.loss < float(law.loss(free.params, free.tokens))
    assert tight.loss > free.loss
    # With plenty of unique data the limit changes nothing.
    roomy = allocation.optimal(DataConstrainedLaw(MUENNIGHOFF_2023, 1e16), 1e21)
    assert roomy.params == pytest.approx(allocation.optimal(MUENNIGHOFF_2023, 1e21).params, rel=1e-3)


def test_data_constrained_inverses():
    from scalingdesk.core.data_constrained import DataConstrainedLaw
    from scalingdesk.core.laws import MUENNIGHOFF_2023

    law = DataConstrainedLaw(MUENNIGHOFF_2023, 1e11)
    n = float(law.optimal_params(1e23))
    assert float(law.compute_for_optimal_params(n)) == pytest.approx(1e23, rel=1e-6)
    target = float(law.loss(1e9, 4e11))
    assert float(law.tokens_for_loss(1e9, target)) == pytest.approx(4e11, rel=1e-6)
    # No number of epochs is worth more than U·(1 + R_D*) fresh tokens: a loss below that is out.
    floor = float(law.loss(1e9, 1e20))
    assert math.isinf(float(law.tokens_for_loss(1e9, floor - 1e-3)))


def test_scenario_reads_unique_tokens():
    from scalingdesk.core.scenario import Scenario, ScenarioState

    s = Scenario(ScenarioState(params=1e9, tokens=4e11, law="muennighoff2023"))
    plain = s.state.loss
    s.set_unique_tokens(1e11)
    assert s.state.loss == pytest.approx(2.3410, abs=2e-4) and s.state.loss > plain
    s.undo()
    assert s.state.loss == pytest.approx(plain)
    # Other families were not fitted with R_D*: the limit is shown, not applied to their loss.
    s2 = Scenario(ScenarioState(params=1e9, tokens=4e11, unique_tokens=1e11))
    assert s2.state.loss == pytest.approx(float(EPOCH_2024.loss(1e9, 4e11)))
