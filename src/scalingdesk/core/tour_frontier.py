"""The figures the timeline, test-time and reconcile tour scenes quote, computed from the core.

:func:`scalingdesk.core.tour.tour_facts` adds these; each comes from the module that draws the
view (Epoch AI's snapshot through :mod:`trend`, Brown et al. 2024 through :mod:`test_time`,
Pearce & Song 2024 through :mod:`reconcile`, Porian et al. 2024 through :mod:`porian`).
"""

from __future__ import annotations

from typing import Any

from scalingdesk.core import porian, reconcile, test_time, trend
from scalingdesk.core.units import format_flops


def frontier_facts() -> dict[str, Any]:
    f: dict[str, Any] = {}
    t = trend.growth_trend("compute", since=2017)
    f["lm_growth"] = t.growth_per_year
    f["lm_growth_lo"], f["lm_growth_hi"] = t.growth_interval
    f["lm_count"] = t.n_models
    f["doubling_months"] = t.doubling_months
    f["frontier_growth"] = trend.growth_trend("compute", since=2017, frontier_only=True).growth_per_year
    large, crossover = test_time.trade_view(1e15).large_at_budget, test_time.trade_view(1e14).crossover
    if large is None or crossover is None:  # the published curves no longer give the scene's answer
        raise ValueError("test-time scene: the coverage curves give no large-model coverage or crossover")
    f["tt_large_cov"] = 100 * large
    f["tt_crossover"] = format_flops(crossover)
    r = reconcile.reconcile_table()
    f["kaplan_way"] = r.exponent(True, True)
    f["total_small"] = r.exponent(False, True)
    f["nonemb_large"] = r.exponent(True, False)
    path = porian.main_path()
    f["porian_first"], f["porian_last"] = path[0].exponent, path[-1].exponent
    f["porian_kaplan_law"] = porian.KAPLAN_LAW_EXPONENT
    return f
