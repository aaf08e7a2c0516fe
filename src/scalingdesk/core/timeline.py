"""View-models for the timeline (metric against publication date) and the all-models scatter.

Every point is a row of Epoch AI's table (Data: Epoch AI, CC BY 4.0); every fitted number comes
from :mod:`scalingdesk.core.trend`; the data wall from :mod:`scalingdesk.core.extras`
(Villalobos et al. 2024).  The Qt views draw these fields and format nothing themselves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from scalingdesk.core import epoch, extras, trend
from scalingdesk.core.laws import FLOPS_PER_PARAM_TOKEN
from scalingdesk.core.units import format_count, format_flops

FIT_SINCE = 2017.0  # the era of transformer language models (the "2017-2025")
YEAR_SPAN = (2010.0, 2025.5)  # where the slider runs (the table ends 2025-03)
PANEL_LABELS = {"compute": "training compute (FLOP)", "params": "parameters", "tokens": "training tokens"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_year(year: float) -> str:
    """2021.37 -> 'May 2021'."""
    if not math.isfinite(year):
        return "never"
    whole = math.floor(year)
    return f"{_MONTHS[min(11, int((year - whole) * 12))]} {whole}"


def _value_text(metric: str, value: float | None) -> str:
    if value is None:
        return "—"
    return format_flops(value) if metric == "compute" else format_count(value)


def tooltip(m: epoch.EpochModel) -> str:
    """Plain text: what the row says, where it is in Epoch AI's table, how sure Epoch AI is."""
    params = _value_text("params", m.params)
    if m.moe:
        active = f", {format_count(m.active_params)} active" if m.active_params else ", active not given"
        params = f"{params} total{active} (mixture of experts)"
    lines = [
        f"{m.model} ({m.organization or 'organisation not given'}), {m.date}",
        f"compute {_value_text('compute', m.compute)} · params {params} · tokens {_value_text('tokens', m.tokens)}",
        f"confidence: {m.confidence} · Epoch AI table row {m.source_row}" + (" · frontier model" if m.frontier else ""),
    ]
    lines += [f"flag: {f.detail}" for f in m.flags]
    lines.append(epoch.CREDIT)
    return "\n".join(lines)


@dataclass(frozen=True)
class FitLine:
    years: np.ndarray
    values: np.ndarray
    low: np.ndarray  # line through the mean at the slope interval's lower edge
    high: np.ndarray
    caption: str  # "9.6x a year (95% interval 7.8–11.9x), 231 models since 2017"
    trend: trend.Trend
    short: str  # "9.6x/yr (7.8–11.9x), 231 models": the plot's title line


@dataclass(frozen=True)
class TimelinePanel:
    metric: str
    label: str
    years: np.ndarray
    values: np.ndarray
    shown: np.ndarray  # bool: published by the replay year
    moe: np.ndarray
    frontier: np.ndarray
    tooltips: tuple[str, ...]
    models: tuple[epoch.EpochModel, ...]
    fit: FitLine | None  # None: fewer than trend.MIN_MODELS models by the replay year
    frontier_fit: FitLine | None
    no_fit_reason: str
    wall: float | None = None  # data panel only: the stock of public text (Villalobos 2024)
    wall_interval: tuple[float, float] | None = None
    wall_caption: str = ""


@dataclass(frozen=True)
class KnobPlacement:
    compute: float
    year: float  # where the all-models compute trend reaches it
    caption: str
    frontier_year: float  # where the frontier trend reaches it
    label: str  # the short form drawn beside the marker


@dataclass(frozen=True)
class TimelineView:
    year: float  # the replay year: models published up to it are shown and fitted
    year_span: tuple[float, float]
    panels: tuple[TimelinePanel, ...]
    knob: KnobPlacement | None
    credit: str
    frontier_definition: str


def _fit_line(metric: str, until: float, frontier: bool, x0: float, x1: float) -> FitLine | None:
    try:
        t = trend.growth_trend(metric, since=FIT_SINCE, until=until, frontier_only=frontier)
    except ValueError:
        return None
    xs = np.linspace(max(FIT_SINCE, x0), x1, 60)
    lo, hi = t.growth_interval
    who = "frontier models" if frontier else "models"
    caption = (
        f"{t.growth_per_year:.1f}x a year (95% interval {lo:.1f}–{hi:.1f}x), {t.n_models} {who} since {FIT_SINCE:.0f}"
    )
    short = f"{t.growth_per_year:.1f}x/yr ({lo:.1f}–{hi:.1f}x), {t.n_models} {who}"
    return FitLine(
        xs,
        np.asarray(t.predict(xs)),
        t.predict_at_slope(xs, t.slope_interval[0]),
        t.predict_at_slope(xs, t.slope_interval[1]),
        caption,
        t,
        short,
    )


def timeline_view(year: float = YEAR_SPAN[1], knob_compute: float | None = None) -> TimelineView:
    """The three panels as of ``year`` (the slider), with the knobs' model placed in time."""
    if not math.isfinite(year) or not YEAR_SPAN[0] <= year <= YEAR_SPAN[1]:
        raise ValueError(f"year {year!r} is outside {YEAR_SPAN[0]:.0f}–{YEAR_SPAN[1]:.1f}")
    until = year + 1e-9
    panels = []
    for metric, label in PANEL_LABELS.items():
        models = epoch.select(since=YEAR_SPAN[0], metric=metric)
        years = np.array([m.year for m in models])
        fit = _fit_line(metric, until, False, YEAR_SPAN[0], year)
        extra: dict[str, Any] = {}
        if metric == "tokens":
            low, high = extras.PUBLIC_TEXT_STOCK_INTERVAL
            extra = dict(
                wall=extras.PUBLIC_TEXT_STOCK,
                wall_interval=(low, high),
                wall_caption=f"data wall ≈ {format_count(extras.PUBLIC_TEXT_STOCK)} tokens "
                f"({format_count(low)}–{format_count(high)}), Villalobos et al. 2024",
            )
        panels.append(
            TimelinePanel(
                metric=metric,
                label=label,
                years=years,
                values=np.array([m.value(metric) for m in models]),
                shown=years <= until,
                moe=np.array([m.moe for m in models]),
                frontier=np.array([m.frontier for m in models]),
                tooltips=tuple(tooltip(m) for m in models),
                models=models,
                fit=fit,
                frontier_fit=_fit_line(metric, until, True, YEAR_SPAN[0], year) if metric == "compute" else None,
                no_fit_reason=""
                if fit
                else f"fewer than {trend.MIN_MODELS} models since {FIT_SINCE:.0f} by {month_year(year)}: no trend yet",
                **extra,
            )
        )
    knob = None
    if knob_compute is not None:
        t = trend.growth_trend("compute", since=FIT_SINCE)  # the whole history, not the replay
        f = trend.growth_trend("compute", since=FIT_SINCE, frontier_only=True)
        y, yf = t.year_of(knob_compute), f.year_of(knob_compute)
        knob = KnobPlacement(
            knob_compute,
            y,
            f"your model: {format_flops(knob_compute)} ≈ "
            f"{month_year(y)} on the trend of all notable models "
            f"({t.growth_per_year:.1f}x a year); the frontier trend "
            f"({f.growth_per_year:.1f}x) reaches it {month_year(yf)}",
            yf,
            f"your model {format_flops(knob_compute)}\n≈ {month_year(y)} on the "
            f"all-models trend\n≈ {month_year(yf)} on the frontier trend",
        )
    return TimelineView(
        year=year,
        year_span=YEAR_SPAN,
        panels=tuple(panels),
        knob=knob,
        credit=epoch.CREDIT,
        frontier_definition=epoch.FRONTIER_DEFINITION,
    )


# --- all snapshot models on the explorer's plots ------------------------------------------------


@dataclass(frozen=True)
class ScatterPoints:
    """Snapshot models in a plot's coordinates (log10 on both log axes)."""

    x: np.ndarray
    y: np.ndarray
    year_fraction: np.ndarray  # 0 = the earliest plotted year, 1 = the latest (for colour)
    year_range: tuple[float, float]
    moe: np.ndarray
    tooltips: tuple[str, ...]
    models: tuple[epoch.EpochModel, ...]
    caption: str

    @property
    def key(self) -> str:
        """The short legend drawn on the plot."""
        lo, hi = self.year_range
        return (
            f"{len(self.models)} Epoch AI language models · colour: {lo:.0f} (dark) → "
            f"{hi:.0f} (bright)\n▲ mixture of experts · {epoch.CREDIT}"
        )


def _usable(m: epoch.EpochModel) -> bool:
    return (
        m.params is not None and m.tokens is not None and m.year >= YEAR_SPAN[0] and "units_suspect" not in m.flag_codes
    )


def _fractions(models: tuple[epoch.EpochModel, ...]) -> tuple[np.ndarray, tuple[float, float]]:
    years = np.array([m.year for m in models])
    lo, hi = (float(years.min()), float(years.max())) if len(years) else (0.0, 1.0)
    return (years - lo) / max(hi - lo, 1e-9), (lo, hi)


def plane_points() -> ScatterPoints:
    """The N–D map: parameters as Epoch AI gives them (total for mixtures of experts)."""
    models = tuple(m for m in epoch.snapshot().models if _usable(m))
    frac, span = _fractions(models)
    return ScatterPoints(
        x=np.log10(np.array([m.params for m in models], dtype=float)),
        y=np.log10(np.array([m.tokens for m in models], dtype=float)),
        year_fraction=frac,
        year_range=span,
        moe=np.array([m.moe for m in models], dtype=bool),
        tooltips=tuple(tooltip(m) for m in models),
        models=models,
        caption=f"{len(models)} language models from Epoch AI's table (rows whose units look "
        f"wrong left out), coloured {span[0]:.0f} → {span[1]:.0f}. {epoch.CREDIT}",
    )


def loss_points(law) -> ScatterPoints:
    """Loss against compute: the law's loss at each model's (N, D); compute = 6·N·D, with N the
    active parameters of a mixture of experts (rows without an active count are left out)."""
    models = tuple(m for m in epoch.snapshot().models if _usable(m) and (not m.moe or m.active_params is not None))
    n = np.array([m.active_params if m.moe else m.params for m in models], dtype=float)
    d = np.array([m.tokens for m in models], dtype=float)
    frac, span = _fractions(models)
    return ScatterPoints(
        x=np.log10(FLOPS_PER_PARAM_TOKEN * n * d),
        y=np.asarray(law.loss(n, d), dtype=float),
        year_fraction=frac,
        year_range=span,
        moe=np.array([m.moe for m in models], dtype=bool),
        tooltips=tuple(
            tooltip(m) + f"\nloss under {law.label}: {float(law.loss(a, b)):.3f}" for m, a, b in zip(models, n, d)
        ),
        models=models,
        caption=f"{len(models)} language models from Epoch AI's table at the loss {law.label} "
        f"predicts for their N and D. {epoch.CREDIT}",
    )
