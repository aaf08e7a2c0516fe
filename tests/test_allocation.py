"""Derived quantities: frontier, curves, diminishing returns, inference-aware optimum, extras."""

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
    assert float(extras.max_effective_tokens(u)) == pytest.approx(16.39 * u)


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
    assert out["effective_compute"][2] == pytest.approx(1e25 * (3.0 * 1.35 * 2.6) ** 2)
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
