"""Test-time compute: curves through Brown et al.'s printed numbers, FLOPs-matched sampling."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from scalingdesk.cli import main
from scalingdesk.core import test_time as tt

PUBLISHED = {
    "swe-deepseek": [(1, 0.159), (250, 0.56)],
    "codecontests-gemma2b": [(1, 0.0002), (10_000, 0.071)],
    "math-pythia160m": [(1, 0.0027), (10_000, 0.57)],
    "math-llama3-8b": [(100, 0.829), (10_000, 0.9844)],
}


@pytest.mark.parametrize("key", list(PUBLISHED))
def test_each_curve_passes_through_the_papers_numbers(key):
    curve = tt.get_curve(key)
    for k, c in PUBLISHED[key]:
        assert float(curve.coverage(k)) == pytest.approx(c, rel=1e-9)
    k = np.logspace(0, 4, 50)
    cov = curve.coverage(k)
    assert np.all(np.diff(cov) > 0) and np.all(cov < 1)  # more samples never cover less
    # exponentiated power law: log(-log c) is linear in log k
    slope = np.polyfit(np.log(k), np.log(-np.log(cov)), 1)[0]
    assert slope == pytest.approx(curve.b)
    assert not curve.extrapolated(PUBLISHED[key][0][0]) and curve.extrapolated(1e5)


def test_inference_flops_and_refusals():
    assert tt.inference_flops(8e9, 512) == 2 * 8e9 * 512
    with pytest.raises(ValueError, match="samples"):
        tt.get_curve("math-pythia160m").coverage(0.5)
    with pytest.raises(ValueError, match="curve"):
        tt.get_curve("nope")
    with pytest.raises(ValueError, match="different tasks"):
        tt.trade_view(1e14, small="codecontests-gemma2b", large="math-llama3-8b")
    with pytest.raises(ValueError, match="budget"):
        tt.trade_view(-1.0)


@pytest.mark.parametrize("m, r", [(14, 0.16), (14, 0.79), (14, 22), (2, 1.0)])
def test_flops_matched_samples_equalise_total_flops(m, r):
    n, d_pre = 1e9, 1e12
    d_inf = r * d_pre
    big = 6 * m * n * d_pre + 2 * m * n * d_inf
    k = tt.flops_matched_samples(m, r)
    small = 6 * n * d_pre + 2 * n * k * d_inf
    assert small == pytest.approx(big)
    with pytest.raises(ValueError):
        tt.flops_matched_samples(0.5, r)


def test_trade_small_wins_on_tiny_budgets_large_wins_on_big_ones():
    low = tt.trade_view(1e12)  # 1e12 FLOPs buys ~6 Pythia-160M samples and no 8B sample
    assert low.large_at_budget is None and low.winner == "Pythia-160M"
    assert low.small_samples == pytest.approx(1e12 / (2 * 160e6 * 512))
    assert low.small_at_budget == pytest.approx(float(tt.get_curve("math-pythia160m").coverage(6)))
    high = tt.trade_view(1e15)
    assert high.winner == "Llama-3-8B-Instruct"
    assert high.large_at_budget == pytest.approx(
        float(tt.get_curve("math-llama3-8b").coverage(math.floor(1e15 / (2 * 8e9 * 512))))
    )
    assert 1e12 < high.crossover < 1e15
    assert "Pythia-160M wins below" in high.title
    assert "extrapolated" not in high.readout  # 122 and 6,103 samples: inside the printed points
    assert "6,103 → 52.8%" in high.readout
    assert "61,035 → 70.2% (extrapolated)" in tt.trade_view(1e16).readout
    assert "not printed" in high.note and "more than size" in high.note


def test_cli_test_time(capsys):
    code = main(["test-time", "--budget", "1e15", "--json"])
    out, _ = capsys.readouterr()
    data = json.loads(out)
    assert code == 0 and data["trade"]["winner"] == "Llama-3-8B-Instruct"
    assert {c["key"] for c in data["curves"]} == set(PUBLISHED)
    assert data["flops_matched"]["inference_multiplier"] == pytest.approx(14 + 3 * 13 / 0.16)
    code = main(["test-time", "--budget", "zero"])
    _, err = capsys.readouterr()
    assert code == 2 and "zero" in err
