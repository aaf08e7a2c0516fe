"""Everything the explorer's plots draw, computed here so the Qt views only render arrays.

Each function is vectorised and cheap (a few thousand points): they run on every knob move.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np

from scalingdesk.core import allocation
from scalingdesk.core.extras import PUBLIC_TEXT_STOCK, PUBLIC_TEXT_STOCK_INTERVAL
from scalingdesk.core.laws import (
    FLOPS_PER_PARAM_TOKEN,
    ChinchillaLaw,
    FloatArray,
    KaplanLaw,
    Law,
    ScalingLaw,
)
from scalingdesk.resources import load_json

#: Fixed axis spans, so the picture does not jump while a knob is dragged.
COMPUTE_SPAN = (1e17, 1e28)
PARAMS_SPAN = (1e7, 1e13)
TOKENS_SPAN = (1e8, 1e16)

#: Chinchilla's recommendation, in tokens per parameter (Hoffmann et al. 2022, Table 3: ~20).
CHINCHILLA_TOKENS_PER_PARAM = 20.0


@dataclass(frozen=True)
class LossComputeView:
    compute: FloatArray  # x grid
    curve_params: FloatArray  # sizes of the training curves drawn
    curves: FloatArray  # (len(curve_params), len(compute)), NaN where D < N (not drawn)
    frontier: FloatArray  # compute-optimal loss on the grid (the envelope)
    naive: FloatArray  # straight-line guess through the frontier 3 decades before C
    band_low: FloatArray | None  # uncertainty band of the frontier (published intervals)
    band_high: FloatArray | None
    fitted_until: float | None  # compute where the frontier's N* leaves the fitted range
    floor: float
    current: tuple[float, float]  # (C, L) of the scenario
    #: The run of your N on the grid with your (C, L) inserted, drawn down to your own tokens
    #: per parameter when that is below one, so the curve always passes through the dot.
    own_compute: FloatArray | None = None
    own_run: FloatArray | None = None

    @property
    def your_curve(self) -> FloatArray:
        """The training curve of your N (the middle of N/100 … 100·N)."""
        return self.curves[YOUR_CURVE]

    @property
    def other_curves(self) -> FloatArray:
        """The training curves of the other sizes (N/100, N/10, 10·N, 100·N), in that order."""
        return np.delete(self.curves, YOUR_CURVE, axis=0)


#: Row of your own N among the training curves of N/100 … 100·N (training_curves_view).
YOUR_CURVE = 2


class TrainingCurves(NamedTuple):
    """Training curves of N/100 … 100·N on a compute grid; unpacks as (sizes, curves)."""

    sizes: FloatArray
    curves: FloatArray  # (5, len(compute)), NaN before one token per parameter

    @property
    def your_curve(self) -> FloatArray:
        return self.curves[YOUR_CURVE]


def _grid(span: tuple[float, float], points: int) -> FloatArray:
    return np.logspace(np.log10(span[0]), np.log10(span[1]), points)


#: The one naive guess, drawn the same way (dashed, ghost colour) in the loss plot and the lever.
NAIVE_LABEL = "naive guess: same % cut per 10x"
NAIVE_SHORT = "naive guess"


def naive_line(law: ScalingLaw, reference_compute: float, compute: FloatArray) -> FloatArray:
    """The guess a straight line makes: the frontier's log-log slope at ``reference_compute``
    continued for ever (every 10x buys the same factor, with no floor)."""
    h = 0.01
    c0 = reference_compute
    _, _, l0 = allocation.frontier(law, np.array([c0, c0 * 10**h]))
    slope = (np.log10(l0[1]) - np.log10(l0[0])) / h
    return l0[0] * (compute / c0) ** slope


def frontier_band(law: ChinchillaLaw, compute: FloatArray, pivot_params: float = 1e9) -> tuple[FloatArray, FloatArray]:
    """Spread of the frontier loss when E, α and β move within their published 95% intervals.

    A and B are correlated with α and β in the fit, so varying an exponent alone would swing
    the loss wildly even where the runs pin it down.  We keep each power-law term fixed at a
    pivot inside the fitted range (N0 = 1e9, D0 = 20·N0; our construction, not the paper's), so
    the band is narrow where the law was fitted and widens as it is extrapolated.
    """
    n0, d0 = pivot_params, CHINCHILLA_TOKENS_PER_PARAM * pivot_params
    iv = law.intervals
    e_lo, e_hi = iv.get("E", (law.E, law.E))
    a_lo, a_hi = iv.get("alpha", (law.alpha, law.alpha))
    b_lo, b_hi = iv.get("beta", (law.beta, law.beta))
    losses = []
    for e in (e_lo, e_hi):
        for a in (a_lo, a_hi):
            for b in (b_lo, b_hi):
                variant = replace(
                    law,
                    E=e,
                    alpha=a,
                    beta=b,
                    A=law.A * n0 ** (a - law.alpha),
                    B=law.B * d0 ** (b - law.beta),
                )
                losses.append(allocation.frontier(variant, compute)[2])
    stack = np.vstack(losses)
    return stack.min(axis=0), stack.max(axis=0)


def compute_span_of(params: float, tokens: float) -> tuple[float, float]:
    """:func:`compute_span` for the model on the knobs (C = 6·N·D)."""
    return compute_span(float(allocation.training_compute(params, tokens)))


def compute_span(compute: float) -> tuple[float, float]:
    """The x span of the loss plot: fixed, widened by whole decades only when C leaves it,
    so the axes (and the law-only curves) stay put while a knob is dragged."""
    lo = min(COMPUTE_SPAN[0], 10.0 ** np.floor(np.log10(compute / 10)))
    hi = max(COMPUTE_SPAN[1], 10.0 ** np.ceil(np.log10(compute * 10)))
    return float(lo), float(hi)


@dataclass(frozen=True)
class FrontierCurves:
    """The parts of the loss plot that depend only on the law and the span."""

    compute: FloatArray
    frontier: FloatArray
    band_low: FloatArray | None
    band_high: FloatArray | None
    fitted_until: float | None
    floor: float
    #: The law's published allocation where it is not the envelope (Kaplan 2020: it came from
    #: early-stopped runs), else None.
    published: FloatArray | None = None
    #: The compute span (low, high) the curves cover (see compute_span).
    span: tuple[float, float] | None = None


def envelope(law: Law, compute: FloatArray, *, samples: int = 1500) -> FloatArray:
    """The lower envelope of the law's training curves: the bottom of the IsoFLOP valley at
    every budget.  For the Chinchilla form it is the closed-form frontier (Hoffmann et al. 2022,
    eq. 4); for Kaplan 2020 it is found on a grid of log N from 1 to C/6 (one token), fine enough
    (1500 steps) that the valley bottom's loss is within 1e-5 of the minimiser's."""
    c = np.asarray(compute, dtype=np.float64)
    if isinstance(law, ChinchillaLaw):
        return allocation.frontier(law, c)[2]
    upper = np.log10(c / FLOPS_PER_PARAM_TOKEN)
    t = np.linspace(0.0, 1.0, samples)
    n = 10.0 ** (upper[:, None] * t[None, :])
    loss = law.loss(n, c[:, None] / (FLOPS_PER_PARAM_TOKEN * n))
    best = np.nanargmin(loss, axis=1)
    # One parabolic step through the three samples around the grid minimum.
    i = np.clip(best, 1, samples - 2)
    rows = np.arange(c.size)
    y0, y1, y2 = loss[rows, i - 1], loss[rows, i], loss[rows, i + 1]
    denom = y0 - 2 * y1 + y2
    shift = np.where(denom > 0, 0.5 * (y0 - y2) / np.where(denom > 0, denom, 1.0), 0.0)
    logn = upper * (t[i] + np.clip(shift, -1, 1) * (t[1] - t[0]))
    nb = 10.0**logn
    refined = law.loss(nb, c / (FLOPS_PER_PARAM_TOKEN * nb))
    return np.minimum(loss[rows, best], refined)


def frontier_curves(law: Law, span: tuple[float, float], *, points: int = 220, band: bool = True) -> FrontierCurves:
    c = _grid(span, points)
    front = envelope(law, c)
    published = None if isinstance(law, ChinchillaLaw) else allocation.frontier(law, c)[2]
    lo = hi = None
    if band and isinstance(law, ChinchillaLaw) and law.intervals:
        lo, hi = frontier_band(law, c)
    fitted_until = None
    if isinstance(law, ChinchillaLaw) and law.fitted_compute:  # a user's fit: where its runs end
        fitted_until = float(law.fitted_compute)
    elif law.fitted_params is not None:
        fitted_until = float(law.compute_for_optimal_params(law.fitted_params[1]))
    return FrontierCurves(
        c, front, lo, hi, fitted_until, law.irreducible, published, span=(float(span[0]), float(span[1]))
    )


def training_curves_view(law: Law, params: float, compute: FloatArray) -> TrainingCurves:
    """Training curves of N/100 … 100·N on the grid, NaN before one token per parameter (a run
    nobody would make, and where the law was never fitted)."""
    sizes = params * 10.0 ** np.arange(-2, 3, dtype=np.float64)
    curves = allocation.training_curves(law, sizes, compute)
    too_early = (compute[None, :] / (FLOPS_PER_PARAM_TOKEN * sizes[:, None])) < sizes[:, None]
    return TrainingCurves(sizes, np.where(too_early, np.nan, curves))


def loss_compute_view(
    law: Law,
    params: float,
    tokens: float,
    *,
    points: int = 220,
    band: bool = True,
    static: FrontierCurves | None = None,
) -> LossComputeView:
    """Everything the loss plot draws; pass ``static`` (from :func:`frontier_curves` for the
    same law and span) to skip recomputing the law-only parts on every knob move."""
    c_now = FLOPS_PER_PARAM_TOKEN * params * tokens
    if static is None:
        static = frontier_curves(law, compute_span(c_now), points=points, band=band)
    c = static.compute
    sizes, curves = training_curves_view(law, params, c)
    naive = naive_line(law, max(c_now / 1e3, float(c[0])), c)
    l_now = float(law.loss(params, tokens))
    own_c, own = own_run_view(law, params, tokens, c)
    return LossComputeView(
        c,
        sizes,
        curves,
        static.frontier,
        naive,
        static.band_low,
        static.band_high,
        static.fitted_until,
        static.floor,
        (c_now, l_now),
        own_c,
        own,
    )


def own_run_view(law: Law, params: float, tokens: float, compute: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The training run of N on the grid, with (C, L) of the scenario itself inserted, drawn
    from min(1, D/N) tokens per parameter on: it passes through the dot for any shape, even
    2.88T params on 33.4B tokens."""
    c_now = FLOPS_PER_PARAM_TOKEN * params * tokens
    i = int(np.searchsorted(compute, c_now))
    c = np.insert(compute, i, c_now)
    curve = allocation.training_curve(law, params, c)
    start = FLOPS_PER_PARAM_TOKEN * params * params * min(1.0, tokens / params)
    curve = np.where(c >= start * (1 - 1e-12), curve, np.nan)
    curve[i] = float(law.loss(params, tokens))
    return c, curve


@dataclass(frozen=True)
class IsoflopView:
    params: FloatArray  # x grid
    budgets: tuple[float, float, float]  # C/10, C, 10·C
    curves: FloatArray  # (3, len(params))
    minima: tuple[allocation.Allocation, ...]  # the bottom of each valley
    frontier_params: FloatArray  # the law's stated optimum at each budget
    current: tuple[float, float]  # (N, L)
    #: N range of the runs the law was fitted on (drawn as a band; None: not stated).
    fitted_params: tuple[float, float] | None = None

    @property
    def valley(self) -> FloatArray:
        """The IsoFLOP curve at your budget C."""
        return self.curves[1]

    @property
    def neighbours(self) -> FloatArray:
        """The curves at C/10 and 10·C."""
        return self.curves[[0, 2]]

    @property
    def valley_bottom(self) -> allocation.Allocation:
        """The bottom of the valley at your budget C."""
        return self.minima[1]


def _valley_bottom(law: Law, budget: float) -> allocation.Allocation:
    if isinstance(law, ChinchillaLaw):  # closed form: the valley bottom is the optimum
        return allocation.optimal(law, budget)
    return allocation.isoflop_minimum(law, budget)


def _centred_range(bottom_params: float, params: float) -> tuple[float, float]:
    # Centre the view on the valley at the current budget, wide enough to show the model too.
    # The centre snaps to half decades and the width to whole ones, so the axes hold still
    # while a knob is dragged (regenerating axis ticks is the costly part of a redraw).
    mid = round(2.0 * np.log10(bottom_params)) / 2.0
    half = max(2.0, float(np.ceil(abs(np.log10(params) - mid) + 0.5)))
    return (mid - half, mid + half)


def isoflop_n_range(law: Law, params: float, tokens: float) -> tuple[float, float]:
    """The N range (log10, low and high) isoflop_view draws by default, without the curves."""
    c_now = FLOPS_PER_PARAM_TOKEN * params * tokens
    return _centred_range(_valley_bottom(law, c_now).params, params)


def isoflop_view(
    law: Law, params: float, tokens: float, *, points: int = 240, log_n_range: tuple[float, float] | None = None
) -> IsoflopView:
    """IsoFLOP curves at C/10, C and 10·C.  ``log_n_range`` (log10 of N, low and high) fixes
    the N grid; by default it is centred on the valley at C (``isoflop_n_range``)."""
    c_now = FLOPS_PER_PARAM_TOKEN * params * tokens
    budgets = (c_now / 10, c_now, c_now * 10)
    minima = tuple(_valley_bottom(law, b) for b in budgets)
    if log_n_range is None:
        log_n_range = _centred_range(minima[1].params, params)
    elif not log_n_range[0] < log_n_range[1]:
        raise ValueError(f"log_n_range must be increasing, got {log_n_range}")
    n = np.logspace(log_n_range[0], log_n_range[1], points)
    curves = np.vstack([allocation.isoflop_curve(law, b, n) for b in budgets])
    return IsoflopView(
        n,
        budgets,
        curves,
        minima,
        law.optimal_params(np.array(budgets)),
        (params, float(law.loss(params, tokens))),
        getattr(law, "fitted_params", None),
    )


def isoflop_view_moved(view: IsoflopView, law: Law, params: float, tokens: float) -> IsoflopView:
    """``view`` with your model moved to (N, D) at the same budget, law and N grid: the valleys
    stand as they are and only the model's point is computed again (N or D dragged along one
    budget).  The same point :func:`isoflop_view` computes."""
    return replace(view, current=(params, float(law.loss(params, tokens))))


@dataclass(frozen=True)
class PlaneView:
    params: FloatArray  # x grid
    loss_levels: FloatArray
    iso_loss: FloatArray  # (levels, len(params)) tokens needed for each loss level; NaN = none
    compute_levels: FloatArray
    iso_compute: FloatArray  # (levels, len(params)) D = C/6N
    path_params: FloatArray  # compute-optimal path of the active family
    path_tokens: FloatArray
    kaplan_params: FloatArray  # and of Kaplan 2020
    kaplan_tokens: FloatArray
    chinchilla_line: FloatArray  # D = 20·N
    data_wall: float
    data_wall_interval: tuple[float, float]
    current: tuple[float, float]
    #: The unique data available (the second wall); None: unlimited.
    unique_wall: float | None = None
    #: The box of runs the law was fitted on (N and D ranges; None: not stated).
    fitted_params: tuple[float, float] | None = None
    fitted_tokens: tuple[float, float] | None = None


#: Row of your model's loss among the levels of iso_loss_lines (factor 1.0 of the reducible loss).
YOUR_LEVEL = 2


class IsoLossLines(NamedTuple):
    """Lines of equal loss on the (N, D) plane; unpacks as (params, levels, tokens)."""

    params: FloatArray  # N grid
    levels: FloatArray  # losses, your model's at YOUR_LEVEL
    tokens: FloatArray  # (levels, len(params)) D needed for each level; NaN = none in view

    @property
    def your_level(self) -> float:
        return float(self.levels[YOUR_LEVEL])

    @property
    def your_tokens(self) -> FloatArray:
        """D(N) on the line of your model's loss."""
        return self.tokens[YOUR_LEVEL]

    @property
    def other_tokens(self) -> FloatArray:
        """D(N) on the other levels, in order."""
        return np.delete(self.tokens, YOUR_LEVEL, axis=0)


def iso_loss_lines(law: Law, params: float, tokens: float, *, points: int = 160) -> IsoLossLines:
    """(N grid, loss levels, D needed for each level): the current loss and neighbours above
    the floor, each an exact curve D(N) = tokens_for_loss(N, L) (no contouring needed)."""
    n = _grid(PARAMS_SPAN, points)
    l_now = float(law.loss(params, tokens))
    floor = law.irreducible
    factors = np.array([0.8, 0.9, 1.0, 1.15, 1.4, 1.8])  # of the reducible loss above the floor
    levels = floor + max(l_now - floor, 1e-3) * factors
    iso = law.tokens_for_loss(n[None, :], levels[:, None])
    return IsoLossLines(n, levels, np.where(np.isfinite(iso) & (iso <= TOKENS_SPAN[1] * 10), iso, np.nan))


def unique_wall_text(unique_tokens: float, tokens: float) -> str:
    """The second wall's label: the unique data and the epochs the run on the knobs implies."""
    from scalingdesk.core.units import format_count

    epochs = tokens / unique_tokens
    seen = f"your run: {epochs:.3g} epochs" if epochs >= 1 else f"your run uses {epochs:.0%} of it"
    return f"unique data {format_count(unique_tokens)} tokens ({seen})"


def plane_view(
    law: Law, kaplan: KaplanLaw, params: float, tokens: float, *, points: int = 160, unique_tokens: float | None = None
) -> PlaneView:
    n, levels, iso = iso_loss_lines(law, params, tokens, points=points)
    c_levels = 10.0 ** np.arange(18, 29, 2, dtype=np.float64)
    iso_c = c_levels[:, None] / (FLOPS_PER_PARAM_TOKEN * n[None, :])
    c_grid = _grid((1e15, 1e30), 120)
    pn, pd, pl = allocation.frontier(law, c_grid)
    saturated = getattr(law, "saturated_loss", None)
    if saturated is not None:  # unique data used up: the valley is flat, no optimum to draw
        flat = pl - saturated < 1e-3
        pn, pd = np.where(flat, np.nan, pn), np.where(flat, np.nan, pd)
    kn, kd, _ = allocation.frontier(kaplan, c_grid)
    return PlaneView(
        n,
        levels,
        iso,
        c_levels,
        iso_c,
        pn,
        pd,
        kn,
        kd,
        CHINCHILLA_TOKENS_PER_PARAM * n,
        PUBLIC_TEXT_STOCK,
        PUBLIC_TEXT_STOCK_INTERVAL,
        (params, tokens),
        unique_tokens,
        getattr(law, "fitted_params", None),
        getattr(law, "fitted_tokens", None),
    )


@dataclass(frozen=True)
class RealModel:
    id: str
    name: str
    year: int
    params: float  # active parameters for a mixture of experts
    tokens: float | None
    total_params: float | None
    source: str
    label: str = "right"  # where the name goes beside the marker: one of LABEL_SIDES

    @property
    def compute(self) -> float | None:
        return None if self.tokens is None else FLOPS_PER_PARAM_TOKEN * self.params * self.tokens

    @property
    def tooltip(self) -> str:
        size = f"{self.params / 1e9:.3g}B"
        if self.total_params:
            size = f"{self.total_params / 1e9:.3g}B total, {size} active (plotted)"
        data = "tokens not published" if self.tokens is None else f"{self.tokens / 1e12:.3g}T tokens"
        text = f"{self.name} ({self.year}): {size}, {data}\nSource: {self.source}"
        if self.tokens is not None:
            from scalingdesk.core.budgets import compute_note

            text += "\n" + compute_note(self.id, self.params, self.tokens)
        return text


#: The sides of its marker a model's name can be drawn on (models.json's "label").
LABEL_SIDES = ("left", "right", "above", "below", "above left")


def real_models() -> tuple[RealModel, ...]:
    """Models placed on the maps, from resources/models.json (each with its source)."""
    rows = load_json("models.json")["models"]
    for r in rows:
        if r.get("label", "right") not in LABEL_SIDES:
            raise ValueError(
                f"models.json: {r.get('id')!r} has label {r.get('label')!r}; use one of {', '.join(LABEL_SIDES)}"
            )
    return tuple(
        RealModel(
            r["id"],
            r["name"],
            int(r["year"]),
            float(r["params"]),
            None if r.get("tokens") is None else float(r["tokens"]),
            None if r.get("total_params") is None else float(r["total_params"]),
            r["source"],
            r.get("label", "right"),
        )
        for r in rows
    )


def is_ghost_of(other: Law, law: Law) -> bool:
    """Whether ``other``'s frontier is drawn faintly behind ``law``'s on the loss plot.  Kaplan
    2020's loss is on another scale (WebText2, Kaplan et al. 2020 §2.3, not MassiveText), so it
    is never a ghost of the others, nor they of it."""
    return other.key != law.key and not isinstance(other, KaplanLaw) and not isinstance(law, KaplanLaw)


def ghost_frontiers(law: Law, others: dict[str, Law], compute: FloatArray) -> dict[str, FloatArray | None]:
    """Compute-optimal loss of every other family on ``compute`` (None where it is not a ghost)."""
    return {
        key: (allocation.frontier(other, compute)[2] if is_ghost_of(other, law) else None)
        for key, other in others.items()
    }


class ModelPoints(NamedTuple):
    """Real models at their (C, L) under one law: the markers of the loss plot."""

    compute: list[float]
    loss: list[float]
    models: list[RealModel]


def model_points(law: Law, models: list[RealModel]) -> ModelPoints:
    """The models whose training tokens are known, at C = 6·N·D and the law's L(N, D)."""
    pts = [m for m in models if m.compute is not None and m.tokens is not None]
    return ModelPoints(
        [float(m.compute) for m in pts if m.compute is not None],
        [float(law.loss(m.params, m.tokens)) for m in pts if m.tokens is not None],
        pts,
    )
