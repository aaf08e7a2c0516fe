"""The timeline view-model and view, and the all-models scatter on the explorer's plots."""

from __future__ import annotations

import numpy as np
import pytest

from scalingdesk.core import epoch, extras, timeline, trend
from scalingdesk.core.laws import get_law


def test_view_model_points_fit_and_wall():
    v = timeline.timeline_view(2025.5, knob_compute=5.76e23)
    compute, params, tokens = v.panels
    assert [p.metric for p in v.panels] == ["compute", "params", "tokens"]
    assert len(compute.years) == len(epoch.select(since=2010, metric="compute"))
    assert compute.shown.all()
    # the fit on the panel is the core's trend since 2017
    t = trend.growth_trend("compute", since=2017)
    assert compute.fit.trend.growth_per_year == pytest.approx(t.growth_per_year)
    assert "9.6x a year" in compute.fit.caption and "231 models" in compute.fit.caption
    assert compute.frontier_fit.trend.subset == "frontier"
    f = compute.fit  # the interval's edge lines pivot on the data's mean and fan out around the fit
    assert np.all(np.minimum(f.low, f.high) <= f.values * (1 + 1e-9))
    assert np.all(f.values <= np.maximum(f.low, f.high) * (1 + 1e-9))
    assert f.low[0] > f.values[0] > f.high[0] and f.low[-1] < f.values[-1] < f.high[-1]
    assert tokens.wall == extras.PUBLIC_TEXT_STOCK and "Villalobos" in tokens.wall_caption
    assert params.wall is None
    # the knobs' model sits where the trend reaches its compute
    assert float(t.predict(v.knob.year)) == pytest.approx(5.76e23)
    assert v.knob.frontier_year < v.knob.year  # the frontier got there first
    assert "Epoch AI" in v.credit and "CC BY 4.0" in v.credit


def test_replay_hides_later_models_and_refits():
    v = timeline.timeline_view(2019.5)
    p = v.panels[0]
    assert p.shown.sum() == sum(1 for y in p.years if y <= 2019.5) < len(p.years)
    assert p.fit.trend.n_models == len(epoch.select(since=2017, until=2019.5 + 1e-9, metric="compute"))
    early = timeline.timeline_view(2017.2)
    assert early.panels[0].fit is None and "no trend yet" in early.panels[0].no_fit_reason
    with pytest.raises(ValueError, match="year"):
        timeline.timeline_view(1999.0)


def test_tooltips_name_row_confidence_and_moe():
    v = timeline.timeline_view()
    p = v.panels[1]
    i = [m.model for m in p.models].index("DeepSeek-V3")
    tip = p.tooltips[i]
    m = p.models[i]
    assert f"row {m.source_row}" in tip and m.confidence in tip and "37 B active" in tip
    assert p.moe[i]


def test_scatter_points_for_the_plots():
    law = get_law("epoch2024")
    loss = timeline.loss_points(law)
    plane = timeline.plane_points()
    assert len(plane.models) > 150 and len(loss.models) <= len(plane.models)
    assert all("units_suspect" not in m.flag_codes for m in plane.models)
    i = [m.model for m in loss.models].index("DeepSeek-V3")
    m = loss.models[i]
    assert loss.x[i] == pytest.approx(np.log10(6 * 37e9 * m.tokens))  # active parameters
    assert loss.y[i] == pytest.approx(float(law.loss(37e9, m.tokens)))
    j = [m.model for m in plane.models].index("DeepSeek-V3")
    assert plane.x[j] == pytest.approx(np.log10(671e9))  # the table's total on the map
    assert 0 <= plane.year_fraction.min() and plane.year_fraction.max() == pytest.approx(1)


def test_proposed_tour_scenes_quote_the_core():
    import json
    from pathlib import Path

    from scalingdesk.core import reconcile, test_time

    doc = json.loads(
        (Path(__file__).resolve().parents[2] / "docs" / "proposed_tour_scenes.json").read_text(encoding="utf-8")
    )
    facts = {k: v["value"] for k, v in doc["facts"].items()}
    t = trend.growth_trend("compute", since=2017)
    assert facts["lm_growth"] == pytest.approx(t.growth_per_year, abs=0.01)
    assert facts["lm_count"] == t.n_models
    assert facts["frontier_growth"] == pytest.approx(
        trend.growth_trend("compute", since=2017, frontier_only=True).growth_per_year, abs=0.01
    )
    assert facts["tt_large_cov"] == pytest.approx(100 * test_time.trade_view(1e15).large_at_budget, abs=0.1)
    assert facts["kaplan_way"] == pytest.approx(reconcile.reconcile_table().exponent(True, True), abs=0.01)
    assert [s["views"][0] for s in doc["scenes"]] == ["timeline", "test-time", "reconcile"]
