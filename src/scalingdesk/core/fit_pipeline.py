"""The one fit pipeline (issue 13): fit L = E + A/N^α + B/D^β to a table of runs by Hoffmann
et al. 2022, App. D.2, eq. 11, then the percentile bootstrap of its constants, then the report.
The fit dialog's worker thread and ``scalingdesk fit`` both call :func:`fit_runs`; the texts the
dialog shows for a table and a fit are here too, so the dialog formats no number itself."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from numpy.typing import ArrayLike

from scalingdesk.core.fitting import CHINCHILLA_BUDGET, Cancel, FitResult, Progress, bootstrap, fit_chinchilla
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
