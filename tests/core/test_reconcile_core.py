"""Kaplan vs Chinchilla: the exponent under each way of counting, checked by brute force."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from scalingdesk.cli import main
from scalingdesk.core import reconcile
from scalingdesk.core.laws import get_law

GAMMA = 47491.0  # Pearce & Song 2024: N_T = N_nonemb + 47491 N_nonemb^(1/3)


def brute_force_optimum(law, compute: float, non_embedding: bool) -> float:
    """argmin over N of L(N_T(N), C/(6N)), found numerically (no calculus)."""
    gamma = GAMMA if non_embedding else 0.0

    def loss(log_n: float) -> float:
        n = np.exp(log_n)
        return float(law.loss(n + gamma * n ** (1 / 3), compute / (6 * n)))

    res = minimize_scalar(
        loss, bounds=(np.log(10.0), np.log(compute / 6 / 10)), method="bounded", options={"xatol": 1e-10}
    )
    return float(np.exp(res.x))


@pytest.mark.parametrize("non_embedding", [True, False])
def test_closed_form_frontier_is_the_loss_minimum(non_embedding):
    law = get_law("epoch2024")
    n = np.logspace(4, 11, 8)
    c = reconcile.optimal_frontier(law, non_embedding, n)
    for ni, ci in zip(n, c):
        assert brute_force_optimum(law, ci, non_embedding) == pytest.approx(ni, rel=1e-4)


def test_exponents_move_from_kaplan_toward_chinchilla():
    law = get_law("epoch2024")
    t = reconcile.reconcile_table("epoch2024")
    kaplan_way = t.exponent(True, True)
    chinchilla_way = t.exponent(False, False)
    assert 0.72 < kaplan_way < 0.82  # near Kaplan's published 0.73
    assert chinchilla_way == pytest.approx(law.beta / (law.alpha + law.beta), abs=1e-6)
    assert t.exponent(False, True) == pytest.approx(chinchilla_way, abs=1e-6)  # total: no bias at any scale
    assert chinchilla_way < t.exponent(True, False) < kaplan_way  # the bias fades at larger scale
    # the same numbers from a brute-force optimum fitted on Kaplan's budgets
    cs = np.logspace(np.log10(reconcile.KAPLAN_RANGE[0]), np.log10(reconcile.KAPLAN_RANGE[1]), 25)
    ns = [brute_force_optimum(law, c, True) for c in cs]
    slope = np.polyfit(np.log(cs), np.log(ns), 1)[0]
    assert slope == pytest.approx(kaplan_way, abs=0.02)  # a uniform vs. a per-N sampling of the range
    assert t.kaplan == 0.73 and t.chinchilla["Approach 1"] == 0.50
    with pytest.raises(ValueError, match="Chinchilla's form"):
        reconcile.reconcile_table("kaplan2020")


def test_cli_reconcile(capsys):
    code = main(["reconcile", "--json"])
    data = json.loads(capsys.readouterr()[0])
    assert code == 0 and len(data["steps"]) == 4 and data["kaplan_published"] == 0.73
    assert data["steps"][0]["exponent"] > data["steps"][-1]["exponent"]
