"""The core's readout texts and view-model fields that the Qt views only display (issue 13).

Exact strings for given inputs; where science is involved the number is worked out by hand from
the paper's constants in the comment beside it.  No Qt here.
"""

import math

import numpy as np
import pytest

from scalingdesk.core import allocation, frontier_texts, glide, lever_checks, plot_texts, readouts, views
from scalingdesk.core.hardware import HardwareConfig, estimate
from scalingdesk.core.hardware_readout import hardware_readout, memory_bar_description, mfu_preset_text
from scalingdesk.core.laws import EPOCH_2024, FAMILIES, HOFFMANN_2022, KAPLAN_2020
from scalingdesk.core.reconcile import reconcile_table
from scalingdesk.core.units import format_coordinate, format_decimals, format_percent, format_power_of_ten

# --- the control panel ----------------------------------------------------------------------------


def test_loss_readout_of_chinchilla_70b_on_1_4t_tokens():
    # Hoffmann et al. 2022, eq. 10: 1.69 + 406.4 / (7e10)^0.34 + 410.7 / (1.4e12)^0.28
    #   (7e10)^0.34 = e^(0.34 · 24.9717) = e^8.4904 ≈ 4862   → 406.4 / 4862 ≈ 0.0836
    #   (1.4e12)^0.28 = e^(0.28 · 27.9674) = e^7.8309 ≈ 2518 → 410.7 / 2518 ≈ 0.1631
    #   L ≈ 1.69 + 0.0836 + 0.1631 = 1.9367
    assert readouts.loss_text(float(HOFFMANN_2022.loss(7e10, 1.4e12))) == "loss 1.937"
    assert readouts.loss_tip(HOFFMANN_2022, 7e10, 1.4e12).endswith(": L(N, D) at N = 70 B params, D = 1.4 T tokens")


def test_balance_verdict_says_under_trained_with_the_excess_loss():
    law = HOFFMANN_2022
    n, d = 7e10, 1.4e10  # 0.2 tokens per parameter: far too few
    opt = allocation.optimal(law, allocation.training_compute(n, d))
    b = allocation.balance(law, n, d)
    text = readouts.balance_text(law, n, d, opt)
    first, second = text.split("\n")
    assert first.startswith("0.2 tokens per parameter (best ")
    assert (
        second
        == f"too few tokens for this model: it is under-trained; +{b.excess_loss:.3f} loss above the best for this compute"
    )
    assert b.excess_loss > 0.05
    assert readouts.balance_tip(law, n, d, opt) == "The best for this budget is the bottom of the IsoFLOP valley."


def test_kaplan_balance_names_its_published_allocation():
    # Kaplan 2020's published allocation (Table 6, N* ∝ C^0.73) is not the bottom of its own
    # IsoFLOP valley (it came from early-stopped runs): the verdict says so, with its loss.
    law = KAPLAN_2020
    n, d = 1e9, 2e10
    opt = allocation.optimal(law, allocation.training_compute(n, d))
    best = allocation.balance(law, n, d).best_tokens_per_param
    assert readouts.published_differs(best, opt)
    text = readouts.balance_text(law, n, d, opt)
    assert text.endswith(f"\n{law.label}'s published allocation (dotted line) gives {opt.loss:.3f}")
    assert "it came from early-stopped runs" in readouts.balance_tip(law, n, d, opt)


# --- the plots' labels ----------------------------------------------------------------------------


def test_plot_label_texts():
    assert plot_texts.current_label_text(7e10, 1.4e12, 1.93667) == "your model: 70 B params · 1.4 T tokens\nloss 1.937"
    assert plot_texts.floor_label_text(HOFFMANN_2022.irreducible) == "irreducible loss E = 1.69"  # eq. 10
    assert plot_texts.floor_label_text(EPOCH_2024.irreducible) == "irreducible loss E = 1.82"  # Table 1
    assert plot_texts.lever_floor_text(EPOCH_2024.irreducible) == "floor E = 1.82"
    assert plot_texts.iso_loss_text(2.01581) == "equal loss 2.016"
    assert plot_texts.compute_line_text(1e24) == "10²⁴ FLOP"
    assert plot_texts.fitted_runs_text(7e7, 1.6e10) == "fitted runs: 70 M–16 B"
    # Villalobos et al. 2024, §3 and Fig. 1: about 300T tokens, band 100T to 1000T.
    assert plot_texts.data_wall_text(3e14) == "data wall ≈ 300 T tokens"
    assert plot_texts.data_wall_tip(3e14, 1e14, 1e15) == (
        "The stock of public human text: about 300 T tokens (band: 100 T to 1 P), "
        "Villalobos et al. 2024, §3 and Fig. 1."
    )


def test_lever_ticks_round_steps_no_duplicates_and_a_gap():
    # From loss 3.0 down to the floor 1.69: span 1.31, a quarter 0.3275, nearest round step 0.2.
    ticks = plot_texts.loss_ticks(3.0, 1.69, 1.6, lambda v: -100.0 * v, 10.0)
    assert [t for _v, t in ticks] == ["3.00", "1.69", "2.80", "2.60", "2.40", "2.20", "2.00", "1.80"]
    # Span 0.36, a quarter 0.09: step 0.1.  A tick closer than the gap (10 px) to one already
    # placed is left out: 2.00 is 5 px from 2.05, 1.70 is 1 px from 1.69.
    ticks = plot_texts.loss_ticks(2.05, 1.69, 1.6, lambda v: -100.0 * v, 10.0)
    assert [t for _v, t in ticks] == ["2.05", "1.69", "1.90", "1.80"]
    # A small step gets the decimals it needs: 1.83 is never written five times.
    ticks = plot_texts.loss_ticks(1.8300, 1.8220, 1.82, lambda v: -1e4 * v, 10.0)
    texts = [t for _v, t in ticks]
    assert len(texts) == len(set(texts)) and "1.828" in texts
    assert plot_texts.loss_ticks(1.5, 1.69, 1.6, lambda v: v, 1.0) == [(1.5, "1.50"), (1.69, "1.69")]


# --- named view-model fields --------------------------------------------------------------------------


def test_iso_loss_lines_name_your_level():
    lines = views.iso_loss_lines(HOFFMANN_2022, 7e10, 1.4e12, points=40)
    n, levels, tokens = lines  # still unpacks as before
    assert lines.your_level == pytest.approx(float(HOFFMANN_2022.loss(7e10, 1.4e12)))
    i = int(np.argmin(np.abs(np.log10(n) - np.log10(7e10))))
    assert lines.your_tokens.shape == (40,) and lines.other_tokens.shape == (len(levels) - 1, 40)
    assert np.nanmin(lines.other_tokens) > 0 and math.isfinite(lines.your_tokens[i])
    assert float(HOFFMANN_2022.loss(n[i], lines.your_tokens[i])) == pytest.approx(lines.your_level, abs=1e-9)


def test_loss_view_names_your_curve_and_the_others():
    v = views.loss_compute_view(EPOCH_2024, 1e9, 2e10, points=60)
    assert v.curve_params[views.YOUR_CURVE] == pytest.approx(1e9)
    expected = allocation.training_curve(EPOCH_2024, 1e9, v.compute)
    ok = np.isfinite(v.your_curve)
    assert ok.any() and np.allclose(v.your_curve[ok], expected[ok])
    assert v.other_curves.shape == (4, 60)
    others = views.training_curves_view(EPOCH_2024, 1e9, v.compute)
    assert np.array_equal(others.your_curve, v.your_curve, equal_nan=True)


def test_isoflop_view_names_the_valley_and_its_bottom():
    v = views.isoflop_view(HOFFMANN_2022, 7e10, 1.4e12, points=80)
    c = allocation.training_compute(7e10, 1.4e12)
    assert np.allclose(v.valley, allocation.isoflop_curve(HOFFMANN_2022, c, v.params))
    assert v.neighbours.shape == (2, 80)
    assert v.valley_bottom.params == pytest.approx(allocation.optimal(HOFFMANN_2022, c).params)


def test_ghost_frontiers_never_involve_kaplan():
    c = np.logspace(20, 25, 5)
    fronts = views.ghost_frontiers(EPOCH_2024, dict(FAMILIES), c)
    assert fronts[EPOCH_2024.key] is None  # not a ghost of itself
    assert fronts[KAPLAN_2020.key] is None  # WebText2 loss, another scale
    assert np.allclose(fronts[HOFFMANN_2022.key], allocation.frontier(HOFFMANN_2022, c)[2])
    assert all(f is None for f in views.ghost_frontiers(KAPLAN_2020, dict(FAMILIES), c).values())


def test_model_points_are_the_law_at_each_known_model():
    models = views.real_models()
    pts = views.model_points(HOFFMANN_2022, models)
    assert len(pts.models) == len([m for m in models if m.tokens is not None]) > 0
    m = pts.models[0]
    assert pts.compute[0] == pytest.approx(6 * m.params * m.tokens)
    assert pts.loss[0] == pytest.approx(float(HOFFMANN_2022.loss(m.params, m.tokens)))


# --- the frontier views, the hardware panel, the lever, the glide ---------------------------------------


def test_reconcile_rows_keep_the_papers_exponents():
    rows = dict(frontier_texts.reconcile_rows(reconcile_table("epoch2024")))
    assert rows["Kaplan 2020 as published (Table 6)"] == "0.73"  # Kaplan et al. 2020, Table 6
    hoffmann = [v for k, v in rows.items() if k.startswith("Hoffmann 2022 ")]
    assert hoffmann == ["0.50", "0.49", "0.46"]  # Hoffmann et al. 2022, Table 2, approaches 1-3
    assert frontier_texts.exponent_text(0.7312) == "N* ∝ C^0.73"


def test_test_time_texts():
    assert frontier_texts.model_legend_text("Llama-3-8B-Instruct", 8e9) == "Llama-3-8B-Instruct (8B)"
    assert frontier_texts.model_legend_text("Pythia-160M", 1.6e8) == "Pythia-160M (0.16B)"
    assert frontier_texts.matched_text(10.0, 1234.56) == (
        "At equal total FLOPs (6·N·D_pre + 2·N·D_inf), a model 10x smaller may generate 1,234.6x the "
        "inference tokens. Who wins: shape only, see below."
    )


def test_hardware_texts_for_70b_inference_on_one_h100():
    # 70B parameters at bf16 (2 bytes each, Transformer Math 101) = 140 GB of weights: more than
    # one 80 GB H100 holds.
    est = estimate(7e10, 0.0, HardwareConfig(mode="inference"))
    r = hardware_readout(est)
    assert r.fit_state == "warning"
    assert r.fit_text.startswith("✗ Does not fit on one H100")
    assert r.bar_caption == "one GPU: 80 GB"
    assert set(r.figures) == {"decode_tokens_per_s_upper", "decode_per_sequence"}
    assert all(t.endswith(" tok/s") for t in r.figures.values())
    assert r.decode_per_sequence_tip.startswith("batch of 1: bandwidth / (active weights + one sequence's KV); ")
    assert memory_bar_description([("Model", {"total": 1.41e11})], 8e10) == "Model: 141 GB of 80 GB"
    assert mfu_preset_text("Llama 3 405B", 0.38) == "Llama 3 405B: 38.0%"  # Llama 3 paper, Table 4


def test_hardware_texts_for_training():
    est = estimate(1e9, 2e10, HardwareConfig(num_gpus=8, target_days=30.0))
    r = hardware_readout(est)
    assert r.fit_state == "good" and r.fit_text.startswith("✓ Fits on one H100")
    assert r.figures["gpus_for_target_days"] == f"{est.gpus_for_target_days:,} for 30 d"
    assert r.figures["days"].endswith(" on 8")
    assert r.figures["flops"] == "1.2e20 FLOP"  # 6 · 1e9 · 2e10
    assert r.layout_text.startswith("Per GPU on 8 GPUs (TP ")


def test_lever_checks_refuse_bad_values_by_name():
    assert lever_checks.check_max_pulls(3) == 3
    for bad in (True, 0, 2.5, "3"):
        with pytest.raises(ValueError, match="max_pulls"):
            lever_checks.check_max_pulls(bad)
    assert lever_checks.check_start_compute("1e21") == 1e21
    with pytest.raises(ValueError, match="is not a number of FLOPs"):
        lever_checks.check_start_compute("lots")
    with pytest.raises(ValueError, match="positive, finite"):
        lever_checks.check_start_compute(float("inf"))
    view = lever_checks.checked_lever_view(EPOCH_2024, 1e21, 4)
    assert len(view.rows) == 4 and view.floor == pytest.approx(1.82)


def test_the_tour_glides_in_log_space():
    n, d = glide.log_glide((1e9, 2e10), (1e11, 2e12), 0.5)
    assert n == pytest.approx(1e10) and d == pytest.approx(2e11)  # halfway in decades
    assert glide.log_glide((1e9, 2e10), (1e11, 2e12), 0.0) == pytest.approx((1e9, 2e10))
    with pytest.raises(ValueError, match="glide fraction 1.5"):
        glide.log_glide((1e9, 2e10), (1e11, 2e12), 1.5)
    with pytest.raises(ValueError, match="positive, finite"):
        glide.log_glide((0.0, 2e10), (1e11, 2e12), 0.5)


def test_unit_formatters_added_for_the_views():
    assert format_power_of_ten(1e26) == "10²⁶"
    assert format_power_of_ten(1e-3) == "10⁻³"
    assert format_decimals(3.51234, 4) == "3.5123"
    assert format_percent(0.402, 1) == "40.2%"
    assert format_coordinate(12.5) == "12.5" and format_coordinate(-0.001) == "0" and format_coordinate(3.0) == "3"


def test_coverage_lines_pass_through_the_printed_points():
    from scalingdesk.core import coverage_view

    lines = {line.key: line for line in coverage_view.coverage_lines()}
    swe = lines["swe-deepseek"]
    # Brown et al. 2024, abstract: 15.9% with one sample, 56% with 250 (DeepSeek-Coder-V2).
    assert swe.point_log_samples == pytest.approx([0.0, math.log10(250)])
    assert swe.point_percent == pytest.approx([15.9, 56.0])
    i = int(np.argmin(np.abs(swe.inside_log_samples - math.log10(250))))
    assert swe.inside[i] == pytest.approx(56.0, abs=1.0)  # the grid point nearest k = 250
    assert swe.inside_log_samples.max() <= math.log10(250)  # beyond 250 samples: extrapolated
    llama = lines["math-llama3-8b"]  # §4: 82.9% with 100 samples, 98.44% with 10,000
    between = (llama.log_samples > 2.01) & (llama.log_samples < 3.99)
    assert llama.inside_log_samples.min() >= 2.0 and llama.inside_log_samples.max() <= 4.0
    assert np.isnan(llama.outside[between]).all()
    assert not np.isnan(llama.outside[(llama.log_samples < 1.99) | (llama.log_samples > 4.01)]).any()
