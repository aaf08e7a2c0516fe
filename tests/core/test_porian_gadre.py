"""Porian et al. 2024's measured steps and Gadre et al. 2024's loss-to-error fit (Qt-free)."""

from __future__ import annotations

import json
import math

import pytest

from scalingdesk.cli import main
from scalingdesk.core import downstream, porian, reconcile

# Porian et al. 2024 (arXiv 2406.19146), Fig. 1 panels a-e, RefinedWeb: (panel, a, N* at 5.88e23).
FIG1 = {"a": (0.835, 3e12), "b": (0.706, 787e9), "c": (0.602, 292e9), "d": (0.571, 183e9), "e": (0.497, 77e9)}


def test_porian_steps_are_their_figure_1():
    assert {s.panel: (s.exponent, s.n_star_at_chinchilla_budget) for s in porian.steps()} == FIG1
    path = porian.main_path()
    assert [s.panel for s in path] == ["a", "b", "c", "e"]  # d is the side branch
    exps = [s.exponent for s in path]
    assert all(a > b for a, b in zip(exps, exps[1:]))  # each correction lowers the exponent
    assert exps[0] < porian.KAPLAN_LAW_EXPONENT == 0.88  # Kaplan's law, as they restate it
    assert abs(exps[-1] - porian.HOFFMANN_LAW_EXPONENT) < 0.01  # ends at Chinchilla's 0.5
    assert all("2406.19146" in s.source and s.source.endswith(f"Fig. 1{s.panel}") for s in path)
    # N* = k·C^a: a lower exponent at the same small-scale data gives a smaller model at 5.88e23
    ns = [s.n_star_at_chinchilla_budget for s in path]
    assert all(a > b for a, b in zip(ns, ns[1:]))


def test_reconcile_table_carries_the_porian_steps_and_says_where_they_came_from():
    t = reconcile.reconcile_table()
    assert t.porian_steps == porian.STEPS
    assert "0.835" in t.porian_note and "0.497" in t.porian_note and "not computed here" in t.porian_note
    # checked against the authors' released fits, and the note says where
    assert "formll/resolving-scaling-law-discrepancies" in t.porian_note and "checked against" in t.porian_note
    assert "not checked" not in t.porian_note


def test_cli_reconcile_json_lists_porian_steps(capsys):
    assert main(["reconcile", "--json"]) == 0
    data = json.loads(capsys.readouterr()[0])
    steps = {s["panel"]: s for s in data["porian_steps"]}
    assert {k: (v["exponent"], v["n_star_at_chinchilla_budget"]) for k, v in steps.items()} == FIG1
    assert steps["d"]["main_path"] is False and data["porian_kaplan_law"] == 0.88
    assert "Fig. 1e" in steps["e"]["source"] and data["porian_provenance"]


def gadre_error(loss: float) -> float:
    # Gadre et al. 2024, Eq. 4, RedPajama row: Err = 0.857 - 2.21 exp(-0.715 L)
    return 0.857 - 2.21 * math.exp(-0.715 * loss)


def gadre_loss(n: float, m: float) -> float:
    # Gadre et al. 2024, Eq. 4's L(C, M), RedPajama row: E = 1.84, a = 212, b = 367, eta = 0.136
    c = 6 * n * (m * n)
    return 1.84 + (212 * m**0.136 + 367 * m**-0.136) * c**-0.136


@pytest.mark.parametrize("loss", [2.5, 3.0, 4.0, 5.0])
def test_gadre_readout_inside_the_fitted_range(loss):
    r = downstream.gadre_readout(loss)
    assert r.error == pytest.approx(gadre_error(loss), rel=1e-12)
    assert r.accuracy == pytest.approx(1 - gadre_error(loss), rel=1e-12)
    assert r.in_range and r.warning is None and r.short_warning is None
    assert f"{100 * (1 - gadre_error(loss)):.0f}%" in r.text and "Gadre" in r.text


def test_gadre_fitted_range_is_their_testbed():
    # Their released C4 eval losses (mlfoundations/scaling, exp_data/models/rpj-*.json, M = 20):
    # 6.9B (open_lm_7b) 2.424993, 0.011B (d=96_l=8_h=4) 5.387021.
    lo, hi = downstream.GADRE_LOSS_RANGE
    assert lo == pytest.approx(2.424993, abs=5e-4) and hi == pytest.approx(5.387021, abs=5e-4)
    # their own loss law at M = 20 lands within 0.04 of the measured ends
    assert gadre_loss(6.9e9, 20) == pytest.approx(lo, abs=0.04)
    assert gadre_loss(0.011e9, 20) == pytest.approx(hi, abs=0.04)


@pytest.mark.parametrize(("loss", "side"), [(1.98, "below"), (6.0, "above")])
def test_gadre_readout_warns_outside_the_range(loss, side):
    r = downstream.gadre_readout(loss)
    assert not r.in_range and side in r.warning and "extrapolation" in r.short_warning
    assert r.accuracy == pytest.approx(1 - gadre_error(loss))  # shown, not clamped
    with pytest.raises(ValueError, match="loss"):
        downstream.gadre_readout(float("nan"))


def test_cli_downstream_has_the_gadre_number(capsys):
    assert main(["downstream", "--loss", "3.0", "--json"]) == 0
    g = json.loads(capsys.readouterr()[0])["gadre"]
    assert g["average_top1_error"] == pytest.approx(gadre_error(3.0)) and g["in_range"] is True
    assert "2403.08540" in g["source"]


def test_porian_fits_agree_inside_their_budgets():
    """The transcribed (a, N*) pairs are coherent: each fit passes through their measured range
    (5M–901M models) at their largest budget, where the data pin every fit."""
    lines = porian.fit_lines()
    at_top = [float(line.params[-1]) for line in lines]
    assert all(4e8 < n < 9.01e8 for n in at_top)
    assert max(at_top) / min(at_top) < 1.4
    assert porian.BUDGETS == (1.25e16, 2.56e19)
