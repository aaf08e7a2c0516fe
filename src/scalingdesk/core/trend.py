"""How fast notable language models grew: a log-linear fit of a metric against publication date.

Ordinary least squares of log10(metric) on the decimal year; the slope's 95% interval uses
Student's t with n-2 degrees of freedom.  growth per year = 10^slope.  This is the method of
Epoch AI's trend pages (Sevilla et al. 2022, "Compute Trends Across Three Eras of Machine
Learning", arXiv 2202.05924, fit log-linear trends the same way).  On Epoch AI's March 2025
table: notable language models 2017-2025 grow about 9-10x a year; the frontier (Epoch AI's
'Frontier model' rows, top 10 at release) about 4-5x, close to Epoch AI's published 4-5x a year
for frontier training compute since 2010.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scalingdesk.core import epoch
from scalingdesk.core.student_t import t_quantile

CONFIDENCE = 0.95
MIN_MODELS = 3


@dataclass(frozen=True)
class Trend:
    metric: str
    subset: str  # "all" or "frontier"
    since: float | None
    until: float | None
    n_models: int
    slope: float  # log10 units per year
    intercept: float  # log10 value at year 0 (use predict)
    slope_interval: tuple[float, float]
    growth_per_year: float
    growth_interval: tuple[float, float]
    doubling_months: float
    confidence: float
    first_year: float
    last_year: float
    year_mean: float  # the fitted line passes through (year_mean, log10_mean)
    log10_mean: float
    models: tuple[epoch.EpochModel, ...]

    def predict(self, year: float | np.ndarray) -> float | np.ndarray:
        return 10.0 ** (self.intercept + self.slope * np.asarray(year, dtype=float))

    def predict_at_slope(self, year: float | np.ndarray, slope: float) -> np.ndarray:
        """A line through the data's mean with another slope (the interval's edges)."""
        return 10.0 ** (self.log10_mean + slope * (np.asarray(year, dtype=float) - self.year_mean))

    def year_of(self, value: float) -> float:
        """The year the fitted line reaches ``value`` (where the knobs' model would sit in time)."""
        if value <= 0 or not math.isfinite(value):
            raise ValueError(f"{self.metric} {value!r} must be a positive number")
        return (math.log10(value) - self.intercept) / self.slope

    def as_dict(self) -> dict:
        return {
            "metric": self.metric,
            "subset": self.subset,
            "since": self.since,
            "until": self.until,
            "n_models": self.n_models,
            "growth_per_year": self.growth_per_year,
            "growth_interval": list(self.growth_interval),
            "confidence": self.confidence,
            "doubling_months": self.doubling_months,
            "slope_log10_per_year": self.slope,
            "intercept_log10": self.intercept,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "method": "OLS of log10(metric) on decimal year; 95% t interval on the slope",
            "frontier_definition": epoch.FRONTIER_DEFINITION,
            "credit": epoch.CREDIT,
        }


def fit_loglinear(
    years: np.ndarray, values: np.ndarray, confidence: float = CONFIDENCE
) -> tuple[float, float, tuple[float, float]]:
    """(slope, intercept, slope interval) of log10(values) = intercept + slope·year."""
    x = np.asarray(years, dtype=float)
    y = np.log10(np.asarray(values, dtype=float))
    n = x.size
    if n < MIN_MODELS:
        raise ValueError(f"a trend needs at least {MIN_MODELS} models, got {n}")
    xm = x.mean()
    sxx = float(((x - xm) ** 2).sum())
    if sxx == 0:
        raise ValueError("all models share one date; no trend can be fitted")
    slope = float(((x - xm) * (y - y.mean())).sum() / sxx)
    intercept = float(y.mean() - slope * xm)
    resid = y - (intercept + slope * x)
    se = math.sqrt(float((resid**2).sum()) / (n - 2) / sxx)
    t = t_quantile(0.5 + confidence / 2, n - 2)  # not scipy.stats: its import cost 0.5-2 s a start
    return slope, intercept, (slope - t * se, slope + t * se)


def growth_trend(
    metric: str = "compute",
    *,
    since: float | None = 2017.0,
    until: float | None = None,
    frontier_only: bool = False,
    org: str | None = None,
) -> Trend:
    models = epoch.select(since=since, until=until, org=org, frontier_only=frontier_only, metric=metric)
    years = np.array([m.year for m in models])
    values = np.array([m.value(metric) for m in models])
    slope, intercept, (lo, hi) = fit_loglinear(years, values)
    return Trend(
        metric=metric,
        subset="frontier" if frontier_only else "all",
        since=since,
        until=until,
        n_models=len(models),
        slope=slope,
        intercept=intercept,
        slope_interval=(lo, hi),
        growth_per_year=10.0**slope,
        growth_interval=(10.0**lo, 10.0**hi),
        doubling_months=12.0 * math.log10(2.0) / slope if slope > 0 else math.inf,
        confidence=CONFIDENCE,
        first_year=float(years.min()),
        last_year=float(years.max()),
        year_mean=float(years.mean()),
        log10_mean=float(np.log10(values).mean()),
        models=models,
    )
