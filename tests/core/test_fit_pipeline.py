"""The one fit pipeline (issue 13): fit → bootstrap → report, called by the dialog's worker and
by ``scalingdesk fit`` alike, and the fit dialog's texts.  No Qt here."""

import math
from pathlib import Path

import pytest

from scalingdesk.core import fit_pipeline
from scalingdesk.core import fitting as F
from scalingdesk.core.laws import EPOCH_2024


def test_fit_runs_recovers_the_law_with_intervals_and_one_progress_bar():
    n, d, l_ = F.synthetic_runs(EPOCH_2024, seed=3, sizes_per_budget=6)
    seen: list[float] = []
    report = fit_pipeline.fit_runs(n, d, l_, n_boot=4, budget=5.76e23, progress=seen.append)
    # Besiroglu et al. 2024, Table 1: alpha 0.3478, beta 0.3658 (the runs are drawn from it).
    assert report.alpha == pytest.approx(EPOCH_2024.alpha, abs=0.03)
    assert report.beta == pytest.approx(EPOCH_2024.beta, abs=0.03)
    assert report.budget == 5.76e23
    assert report.ci and all(math.isfinite(x) for v in report.ci.values() for x in v)
    assert seen[0] == 0.0 and seen == sorted(seen) and seen[-1] == pytest.approx(1.0)
    assert any(0.0 < x <= fit_pipeline.FIT_SHARE for x in seen)  # the fit's share comes first


def test_fit_runs_without_bootstrap_is_the_fit_itself_and_uses_the_fit_given():
    n, d, l_ = F.synthetic_runs(EPOCH_2024, seed=5, sizes_per_budget=6)
    calls = []

    def fit(*args, **kwargs):
        calls.append(kwargs["drop_outliers"])
        return F.fit_chinchilla(*args, **kwargs)

    report = fit_pipeline.fit_runs(n, d, l_, n_boot=0, drop_outliers=1, fit=fit)
    assert calls == [1] and report.ci == {} and report.n_used == n.size - 1


def test_cancel_stops_the_pipeline():
    n, d, l_ = F.synthetic_runs(EPOCH_2024, seed=5, sizes_per_budget=6)
    with pytest.raises(F.FitCancelled):
        fit_pipeline.fit_runs(n, d, l_, n_boot=10, cancel=lambda: True)


def test_the_cli_and_the_dialog_share_the_pipeline():
    """Neither caller writes the fit → bootstrap chain again (read as text: no Qt import here)."""
    src = Path(__file__).resolve().parents[2] / "src" / "scalingdesk"
    for path in (src / "cli" / "fit.py", src / "qt" / "fit_worker.py"):
        text = path.read_text(encoding="utf-8")
        assert "fit_runs(" in text and "bootstrap(" not in text, path.name


def test_dialog_texts():
    assert fit_pipeline.format_value(0.34781234) == "0.3478"
    assert fit_pipeline.format_value(float("nan")) == "—"
    assert fit_pipeline.interval_text(0.3, 0.41) == "0.3 – 0.41"
    assert fit_pipeline.run_cells(3, 7e7, 1.4e9, 6 * 7e7 * 1.4e9, 3.51234) == (
        "3",
        "70 M",
        "1.4 B",
        "5.9e17 FLOP",  # 6 · 7e7 · 1.4e9 = 5.88e17
        "3.5123",
    )
    assert fit_pipeline.runs_tab_text(12000, 500) == "Runs (12,000, first 500 shown)"
    assert fit_pipeline.runs_tab_text(40, 500) == "Runs (40)"
    assert fit_pipeline.rejected_tab_text(1234) == "Rejected (1,234)"
    assert fit_pipeline.budget_header(5.76e23) == "D*/N* @ 5.8e23"
    assert fit_pipeline.runs_legend_text(7e7, 1.6e10) == "runs, N from 70 M (green) to 16 B"
