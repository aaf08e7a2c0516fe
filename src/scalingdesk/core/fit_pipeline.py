"""The one fit pipeline (issue 13): fit L = E + A/N^α + B/D^β to a table of runs by Hoffmann
et al. 2022, App. D.2, eq. 11, then the percentile bootstrap of its constants, then the report.
The fit dialog's worker thread and ``scalingdesk fit`` both call :func:`fit_runs`; the texts the
dialog shows for a table and a fit are here too, so the dialog formats no number itself."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from scalingdesk.core import allocation
from scalingdesk.core.fitting import (  # the views take these from here (the pipeline)
    CHINCHILLA_BUDGET,
    Cancel,
    FitResult,
    Progress,
    bootstrap,
    fit_chinchilla,
)
from scalingdesk.core.fitting import FitCancelled as FitCancelled  # re-exported for the fit worker
from scalingdesk.core.units import format_count, format_decimals, format_flops, format_sci, format_whole

#: A fit with its bootstrap intervals: what :func:`fit_runs` returns (FitResult.ci filled).
FitReport = FitResult

#: Share of the progress bar the fit takes when a bootstrap follows (the rest is the bootstrap).
FIT_SHARE = 0.35


def fit_runs(
    params: ArrayLike,
    tokens: ArrayLike,
    loss: ArrayLike,
    *,
    drop_outliers: int = 0,
    n_boot: int = 200,
    budget: float = CHINCHILLA_BUDGET,
    seed: int = 0,
    progress: Progress = None,
    cancel: Cancel = None,
    fit: Callable[..., FitResult] = fit_chinchilla,
) -> FitReport:
    """Fit, bootstrap ``n_boot`` resamples (0: none) and return the fit with its 95% intervals at
    ``budget``.  Intervals that came out non-finite (every resample failed) are left out rather
    than shown as NaN.  ``progress(fraction)`` runs from 0 to 1 over both steps; ``cancel()``
    returning True raises FitCancelled.  ``fit`` is the fit step (fit_chinchilla)."""
    share = FIT_SHARE if n_boot else 1.0

    def part(start: float, size: float) -> Progress:
        return None if progress is None else (lambda x: progress(start + size * x))

    result = fit(params, tokens, loss, drop_outliers=drop_outliers, cancel=cancel, progress=part(0.0, share))
    ci: dict[str, tuple[float, float]] = {}
    if n_boot:
        ci = bootstrap(
            params,
            tokens,
            loss,
            n=n_boot,
            seed=seed,
            budget=budget,
            drop_outliers=drop_outliers,
            fit=result,
            cancel=cancel,
            progress=part(share, 1 - share),
        )
    ci = {k: v for k, v in ci.items() if all(math.isfinite(x) for x in v)}
    return result.with_intervals(ci, budget)


# --- the fit dialog's texts -----------------------------------------------------------------------


def law_value(law: Any, key: str, budget: float) -> float:
    """A law's value of one row of the fit table (E, A, B, α, β, a, or D*/N* at ``budget``)."""
    if key == "a":
        return float(law.exponent_a)
    if key == "tokens_per_param":
        return allocation.optimal(law, budget).tokens_per_param
    return float(getattr(law, key))


def format_value(value: float) -> str:
    """How the dialog shows every fitted number: 4 significant digits, "—" for none."""
    if not math.isfinite(value):
        return "—"
    return f"{value:.4g}"


def interval_text(low: float, high: float) -> str:
    return f"{format_value(low)} – {format_value(high)}"


def run_cells(line: int, params: float, tokens: float, compute: float, loss: float) -> tuple[str, ...]:
    """One row of the runs preview: line, N, D, C = 6·N·D and the loss (four decimals)."""
    return (str(int(line)), format_count(params), format_count(tokens), format_flops(compute), format_decimals(loss, 4))


def runs_tab_text(runs: int, shown: int) -> str:
    """ "Runs (12,000, first 500 shown)" or "Runs (40)"."""
    more = f", first {format_whole(shown)} shown" if runs > shown else ""
    return f"Runs ({format_whole(runs)}{more})"


def rejected_tab_text(rejected: int) -> str:
    return f"Rejected ({format_whole(rejected)})"


def budget_header(budget: float) -> str:
    """The tokens-per-parameter row's name: "D*/N* @ 5.8e23"."""
    return f"D*/N* @ {format_sci(budget, 2)}"


def runs_legend_text(low: float, high: float) -> str:
    """The fit plot's legend for the runs, coloured by N from ``low`` to ``high``."""
    return f"runs, N from {format_count(low)} (green) to {format_count(high)}"


def values_of(result: Any) -> dict[str, float]:
    """The dialog's rows for a fit: E, A, B, α, β, a = β/(α+β) and D*/N* at its budget."""
    return {
        "E": result.E,
        "A": result.A,
        "B": result.B,
        "alpha": result.alpha,
        "beta": result.beta,
        "a": result.exponent_a,
        "tokens_per_param": result.tokens_per_param(),
    }


@dataclass(frozen=True)
class FitPlotData:
    """What the fit dialog's two plots draw (named arrays; at most ``points`` dots)."""

    compute: np.ndarray  # the runs shown (evenly through the table)
    loss: np.ndarray
    size_fraction: np.ndarray  # 0 for the smallest N shown, 1 for the largest (the colour)
    used: np.ndarray  # False: left out of the fit
    params_low: float
    params_high: float
    curves: tuple[tuple[float, np.ndarray, np.ndarray], ...]  # (size fraction, C, fitted loss at that N)
    frontier: tuple[np.ndarray, np.ndarray] | None  # the fitted compute-optimal frontier (C, loss)
    residual_percent: np.ndarray | None  # (observed − fitted) / fitted, in percent, per dot
    loss_range: tuple[float, float]  # the table's loss range, 3% margins


def fit_plot_data(table: Any, result: FitResult | None, points: int, *, sizes: int = 5) -> FitPlotData:
    """The runs (coloured by N) and, once fitted, the fitted law at ``sizes`` model sizes across
    the compute the runs span, its frontier and the residuals."""
    used = result.used if result is not None else np.ones(len(table), dtype=bool)
    pick = np.unique(np.linspace(0, len(table) - 1, min(len(table), points)).astype(int))
    c = table.compute[pick]
    log_n = np.log10(table.params[pick])
    lo, hi = float(log_n.min()), float(log_n.max())
    frac = (log_n - lo) / (hi - lo) if hi > lo else np.zeros_like(log_n)
    curves: tuple[tuple[float, np.ndarray, np.ndarray], ...] = ()
    frontier = None
    resid = None
    if result is not None:
        law = result.to_law()
        c_grid = np.geomspace(c.min() / 2, c.max() * 2, 120)
        curves = tuple(
            (float(q), c_grid, allocation.training_curve(law, 10 ** (lo + q * (hi - lo)), c_grid))
            for q in np.linspace(0.0, 1.0, sizes)
        )
        frontier = (c_grid, allocation.frontier(law, c_grid)[2])
        resid = 100 * result.residuals[pick]
    return FitPlotData(
        compute=c,
        loss=table.loss[pick],
        size_fraction=frac,
        used=used[pick],
        params_low=10**lo,
        params_high=10**hi,
        curves=curves,
        frontier=frontier,
        residual_percent=resid,
        loss_range=(float(table.loss.min()) * 0.97, float(table.loss.max()) * 1.03),
    )
