"""Fit L(N, D) = E + A/N^α + B/D^β to your own training runs (Chinchilla "approach 3").

The procedure is the published one (Hoffmann et al. 2022, arXiv 2203.15556, App. D.2, eq. 11):

    minimise over (a, b, e, α, β)   Σ_i Huber_δ( LSE(a − α log N_i, b − β log D_i, e) − log L_i )

with δ = 1e-3, by L-BFGS from every point of the grid α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1},
a, b ∈ {0, 5, …, 25} (5·5·5·6·6 = 4,500 starts), keeping the best; A, B, E = exp(a, b, e).
Besiroglu et al. 2024 (Epoch AI, arXiv 2404.10102) showed that the printed Chinchilla constants came
from an optimiser that stopped early, so we iterate each surviving start to real convergence.

Speed: the starts are independent, so they run together as one batch: a (starts × runs) array,
analytic gradients, and a small L-BFGS of our own with a per-start memory and line search.  All
4,500 starts take a few iterations, the best tenth a few more, and the best few run to convergence
(pruning: a start that is far behind after dozens of steps is in a worse basin or on a long road to
the same minimum the leaders already reached).

Bootstrap resamples are weights on the runs (how many times each run was drawn), so all resamples
are fitted in one batch too, each started from the distinct minima the full fit found.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scalingdesk.core.laws import FLOPS_PER_PARAM_TOKEN, ChinchillaLaw
from scalingdesk.core.optim import BatchState, lbfgs_direction, minimise_batch

FloatArray = NDArray[np.float64]
Progress = Callable[[float], None] | None
Cancel = Callable[[], bool] | None

#: Huber threshold on log-loss residuals: Hoffmann et al. 2022, App. D.2 ("δ = 10^-3").
HUBER_DELTA = 1e-3

#: Chinchilla's budget (Gopher and Chinchilla were both trained with 5.76e23 FLOPs:
#: Hoffmann et al. 2022, Table 3 / §4), the default budget for tokens per parameter.
CHINCHILLA_BUDGET = 5.76e23

#: The initialisation grid of Hoffmann et al. 2022, App. D.2 (text under eq. 11).
GRID_ALPHA = np.arange(0.0, 2.0 + 1e-9, 0.5)
GRID_BETA = np.arange(0.0, 2.0 + 1e-9, 0.5)
GRID_E = np.arange(-1.0, 1.0 + 1e-9, 0.5)
GRID_A = np.arange(0.0, 25.0 + 1e-9, 5.0)
GRID_B = np.arange(0.0, 25.0 + 1e-9, 5.0)

#: The parameter vector is θ = (a, b, e, α, β) throughout this module.
PARAM_NAMES = ("a", "b", "e", "alpha", "beta")
INTERVAL_NAMES = ("E", "A", "B", "alpha", "beta", "a", "tokens_per_param")

#: Fewest runs we fit: five free parameters need more than five observations.
MIN_RUNS = 6
#: Most runs we fit: time grows with runs × 4,500 starts (a scaling study has tens to hundreds
#: of runs; Hoffmann et al. 2022 fitted about 400).
MAX_RUNS = 1000
#: Largest (starts × runs) array held at once (4 MB); beyond it the starts go in slices.
MAX_BATCH_ELEMENTS = 500_000
MAX_BOOTSTRAP = 10_000  # most bootstrap resamples


class FitError(ValueError):
    """The runs cannot be fitted (too few, all one size…); the message says why."""


class FitCancelled(Exception):
    """Raised when the caller's ``cancel()`` returned True."""


def start_grid() -> FloatArray:
    """The 4,500 starting points (a, b, e, α, β) of Hoffmann et al. 2022, App. D.2."""
    rows = itertools.product(GRID_A, GRID_B, GRID_E, GRID_ALPHA, GRID_BETA)
    return np.array(list(rows), dtype=np.float64)


# --- the objective ------------------------------------------------------------------------------


class _Objective:
    """Σ_i w_i·Huber_δ(LSE(a − α log N_i, b − β log D_i, e) − log L_i) for many θ at once.

    ``weights`` is one row per θ (bootstrap counts) or None for unit weights.  Returns the value
    per θ and its analytic gradient; the sum over θ has a block-diagonal Hessian, so each row is an
    independent problem.
    """

    def __init__(
        self,
        log_n: FloatArray,
        log_d: FloatArray,
        log_l: FloatArray,
        delta: float,
        weights: FloatArray | None = None,
    ) -> None:
        self.log_n, self.log_d, self.log_l = log_n, log_d, log_l
        self.delta = delta
        self.weights = weights

    def residuals(self, theta: FloatArray) -> FloatArray:
        """log L̂ − log L, shape (len(θ), runs)."""
        a, b, e, al, be = (theta[:, k, None] for k in range(5))
        u1 = a - al * self.log_n
        u2 = b - be * self.log_d
        return np.logaddexp(np.logaddexp(u1, u2), e) - self.log_l

    def __call__(self, theta: FloatArray, rows: NDArray[np.intp] | None = None) -> tuple[FloatArray, FloatArray]:
        a, b, e, al, be = (theta[:, k, None] for k in range(5))
        u1 = a - al * self.log_n
        u2 = b - be * self.log_d
        m = np.maximum(np.maximum(u1, u2), e)
        w1 = np.exp(u1 - m)
        w2 = np.exp(u2 - m)
        w3 = np.exp(e - m)
        s = w1 + w2 + w3
        r = m + np.log(s) - self.log_l
        d = self.delta
        abs_r = np.abs(r)
        huber = np.where(abs_r <= d, 0.5 * r * r, d * (abs_r - 0.5 * d))
        psi = np.clip(r, -d, d) / s  # Huber'(r) times the 1/s of the softmax weights
        if self.weights is not None:
            wts = self.weights if rows is None else self.weights[rows]
            huber = huber * wts
            psi = psi * wts
        q1, q2 = psi * w1, psi * w2
        grad = np.empty_like(theta)
        grad[:, 0] = q1.sum(axis=1)
        grad[:, 1] = q2.sum(axis=1)
        grad[:, 2] = (psi * w3).sum(axis=1)
        grad[:, 3] = -(q1 @ self.log_n)
        grad[:, 4] = -(q2 @ self.log_d)
        return huber.sum(axis=1), grad


# --- a batched L-BFGS ---------------------------------------------------------------------------


# The batched L-BFGS lives in scalingdesk.core.optim (generic); the names below were defined here.
_BatchState = BatchState
_lbfgs_direction = lbfgs_direction
_minimise_batch = minimise_batch


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FitResult:
    """The fitted law and how it was reached; every array is in the order the runs were given."""

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    n_used: int
    objective: float
    #: log L_observed − log L_fitted for every run given (dropped runs included).
    residuals: FloatArray
    #: Which runs the fit used (False for the runs left out by ``drop_outliers``).
    used: NDArray[np.bool_]
    delta: float = HUBER_DELTA
    converged: bool = True
    n_starts: int = 0
    params_range: tuple[float, float] = (0.0, 0.0)
    #: Largest 6·N·D among the runs used: where the fitted runs end on a compute axis.
    max_compute: float = 0.0
    #: Distinct local minima found from the grid (θ rows, best first): bootstrap starts here.
    minima: FloatArray = field(default_factory=lambda: np.empty((0, 5)), repr=False)
    #: 95% bootstrap intervals, name → (low, high); empty until :func:`bootstrap` fills them.
    ci: dict[str, tuple[float, float]] = field(default_factory=dict)
    budget: float = CHINCHILLA_BUDGET

    @property
    def theta(self) -> FloatArray:
        return np.array([math.log(self.A), math.log(self.B), math.log(self.E), self.alpha, self.beta])

    @property
    def exponent_a(self) -> float:
        """N* ∝ C^a with a = β/(α+β) (Hoffmann et al. 2022, eq. 4)."""
        return self.beta / (self.alpha + self.beta)

    def tokens_per_param(self, budget: float | None = None) -> float:
        """D*/N* at the compute-optimal allocation for ``budget`` FLOPs."""
        return float(_tokens_per_param(self.theta[None, :], budget or self.budget)[0])

    def predict(self, params: ArrayLike, tokens: ArrayLike) -> FloatArray:
        n, d = np.asarray(params, dtype=float), np.asarray(tokens, dtype=float)
        return self.E + self.A / n**self.alpha + self.B / d**self.beta

    def with_intervals(self, ci: dict[str, tuple[float, float]], budget: float | None = None) -> FitResult:
        return replace(self, ci=dict(ci), budget=budget or self.budget)

    def to_law(self, key: str = "fit", label: str = "Your runs") -> ChinchillaLaw:
        lo, hi = self.params_range
        return ChinchillaLaw(
            key=key,
            label=label,
            E=self.E,
            A=self.A,
            B=self.B,
            alpha=self.alpha,
            beta=self.beta,
            source=(
                f"Fitted by ScalingDesk to {self.n_used} runs: Huber δ={self.delta:g} on log-loss, "
                "L-BFGS from the grid of Hoffmann et al. 2022, App. D.2, eq. 11"
            ),
            note="Your own fit; intervals are bootstrap 95% percentiles." if self.ci else "Your own fit.",
            fitted_params=(lo, hi) if hi > 0 else None,
            fitted_compute=self.max_compute or None,
            intervals={k: v for k, v in self.ci.items() if k in ("E", "A", "B", "alpha", "beta")},
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the constants, the derived exponents and the intervals."""
        return {
            "E": self.E,
            "A": self.A,
            "B": self.B,
            "alpha": self.alpha,
            "beta": self.beta,
            "a": self.exponent_a,
            "tokens_per_param": self.tokens_per_param(),
            "budget": self.budget,
            "n_used": self.n_used,
            "objective": self.objective,
            "delta": self.delta,
            "converged": self.converged,
            "ci": {k: [float(lo), float(hi)] for k, (lo, hi) in self.ci.items()},
            "method": (
                "Hoffmann et al. 2022 App. D.2 eq. 11: Huber loss on log L, "
                "L-BFGS from the 4,500-point grid; bootstrap percentile intervals"
            ),
        }


def _tokens_per_param(theta: FloatArray, budget: float) -> FloatArray:
    """D*/N* at budget C for each θ row, from N* = G·(C/6)^a (Hoffmann et al. 2022, eq. 4)."""
    a_, b_, _e, al, be = theta.T
    with np.errstate(all="ignore"):
        log_g = (np.log(al) + a_ - np.log(be) - b_) / (al + be)
        log_n = log_g + be / (al + be) * math.log(budget / FLOPS_PER_PARAM_TOKEN)
        log_d = math.log(budget / FLOPS_PER_PARAM_TOKEN) - log_n
        return np.exp(log_d - log_n)


# --- input checks -------------------------------------------------------------------------------


def _prepare(
    params: ArrayLike, tokens: ArrayLike, loss: ArrayLike, drop_outliers: int, delta: float
) -> tuple[FloatArray, FloatArray, FloatArray, NDArray[np.bool_]]:
    n = np.asarray(params, dtype=np.float64).ravel()
    d = np.asarray(tokens, dtype=np.float64).ravel()
    l_ = np.asarray(loss, dtype=np.float64).ravel()
    if not (n.size == d.size == l_.size):
        raise FitError(f"params, tokens and loss differ in length: {n.size}, {d.size}, {l_.size}")
    for name, x in (("params", n), ("tokens", d), ("loss", l_)):
        bad = ~(np.isfinite(x) & (x > 0))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise FitError(f"{name}[{i}] = {x[i]!r}: every value must be a positive finite number")
    if not (isinstance(drop_outliers, (int, np.integer)) and drop_outliers >= 0):
        raise FitError(f"drop_outliers = {drop_outliers!r}: must be a whole number ≥ 0")
    if not (math.isfinite(delta) and delta > 0):
        raise FitError(f"delta = {delta!r}: the Huber threshold must be > 0")
    used = np.ones(n.size, dtype=bool)
    if drop_outliers:
        # The K runs with the highest final loss (Besiroglu et al. 2024 left out their five worst).
        used[np.argsort(-l_, kind="stable")[:drop_outliers]] = False
    k = int(used.sum())
    if n.size > MAX_RUNS:
        raise FitError(
            f"{n.size:,} runs: the fit takes at most {MAX_RUNS:,} (its time grows with "
            "runs × 4,500 starts); fit a subset of the table"
        )
    if k < MIN_RUNS:
        raise FitError(
            f"{k} runs left to fit (of {n.size}, {drop_outliers} dropped): "
            f"the five-parameter law needs at least {MIN_RUNS}"
        )
    for name, x in (("model size N", n[used]), ("token count D", d[used])):
        if np.unique(x).size < 2:
            raise FitError(f"every run has the same {name} ({x[0]:.4g}): vary it to fit its exponent")
    return n, d, l_, used


def _distinct_minima(theta: FloatArray, f: FloatArray, limit: int) -> FloatArray:
    """The best rows of θ that are not near-duplicates of a better one (best first)."""
    order = np.argsort(f, kind="stable")
    kept: list[FloatArray] = []
    for i in order:
        if all(np.max(np.abs(theta[i] - k)) > 1e-3 for k in kept):
            kept.append(theta[i])
            if len(kept) == limit:
                break
    return np.array(kept)


class _Ticker:
    """Maps iterations onto a progress fraction and checks for cancellation."""

    def __init__(self, progress: Progress, cancel: Cancel, lo: float, hi: float, expected: int):
        self.progress, self.cancel = progress, cancel
        self.lo, self.hi, self.expected, self.count = lo, hi, max(expected, 1), 0

    def __call__(self) -> None:
        if self.cancel is not None and self.cancel():
            raise FitCancelled("fit cancelled")
        self.count += 1
        if self.progress is not None:
            frac = min(self.count / self.expected, 1.0)
            self.progress(self.lo + (self.hi - self.lo) * frac)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.hi)


# --- the fit ------------------------------------------------------------------------------------

#: (iterations, starts kept afterwards) for each pruning stage; the last stage runs to convergence.
_SCHEDULE = ((10, 450), (60, 24), (3000, 0))


def fit_chinchilla(
    params: ArrayLike,
    tokens: ArrayLike,
    loss: ArrayLike,
    *,
    drop_outliers: int = 0,
    delta: float = HUBER_DELTA,
    progress: Progress = None,
    cancel: Cancel = None,
) -> FitResult:
    """Fit L = E + A/N^α + B/D^β by Hoffmann et al. 2022 eq. 11 (see the module docstring).

    ``drop_outliers`` leaves out the K runs with the highest loss.  ``progress(fraction)`` is called
    as the fit advances; ``cancel()`` returning True raises :class:`FitCancelled`.
    """
    n, d, l_, used = _prepare(params, tokens, loss, drop_outliers, delta)
    objective = _Objective(np.log(n[used]), np.log(d[used]), np.log(l_[used]), delta)
    theta = start_grid()
    n_starts = len(theta)
    rows = _rows_per_batch(int(used.sum()))
    expected = 10 * math.ceil(len(theta) / rows) + 60 * math.ceil(450 / rows) + 150  # _SCHEDULE
    ticker = _Ticker(progress, cancel, 0.0, 1.0, expected)
    if progress is not None:
        progress(0.0)
    for iters, keep in _SCHEDULE:
        theta, f, conv = _minimise_chunked(objective, theta, iters, ticker, rows)
        if keep:
            order = np.argsort(f, kind="stable")[:keep]
            theta = theta[order]
    ticker.finish()
    best = int(np.argmin(f))
    a_, b_, e_, al, be = theta[best]
    if not (np.all(np.isfinite(theta[best])) and math.isfinite(float(f[best])) and max(a_, b_, e_) < 700):
        raise FitError(
            "the fit did not reach finite constants (the runs may not follow "
            "L = E + A/N^α + B/D^β); check the table's units and values"
        )
    residuals = -_log_residuals(theta[best], n, d, l_, delta)
    return FitResult(
        E=math.exp(e_),
        A=math.exp(a_),
        B=math.exp(b_),
        alpha=float(al),
        beta=float(be),
        n_used=int(used.sum()),
        objective=float(f[best]),
        residuals=residuals,
        used=used,
        delta=delta,
        converged=bool(conv[best]),
        n_starts=n_starts,
        params_range=(float(n[used].min()), float(n[used].max())),
        max_compute=float((FLOPS_PER_PARAM_TOKEN * n * d)[used].max()),
        minima=_distinct_minima(theta, f, 4),
    )


def _rows_per_batch(runs: int) -> int:
    """Starts fitted together so that one (starts × runs) array stays under MAX_BATCH_ELEMENTS."""
    return max(1, MAX_BATCH_ELEMENTS // max(runs, 1))


def _minimise_chunked(
    objective: _Objective, theta: FloatArray, iters: int, tick: Any, rows: int
) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    """:func:`_minimise_batch` over slices of the starts (rows are independent: same result)."""
    if len(theta) <= rows:
        return _minimise_batch(objective, theta, max_iter=iters, tick=tick)
    parts = [
        _minimise_batch(objective, theta[i : i + rows], max_iter=iters, tick=tick) for i in range(0, len(theta), rows)
    ]
    return (
        np.concatenate([p[0] for p in parts]),
        np.concatenate([p[1] for p in parts]),
        np.concatenate([p[2] for p in parts]),
    )


def _log_residuals(theta: FloatArray, n: FloatArray, d: FloatArray, l_: FloatArray, delta: float) -> FloatArray:
    """log L̂ − log L for one θ over the given runs."""
    obj = _Objective(np.log(n), np.log(d), np.log(l_), delta)
    return obj.residuals(np.asarray(theta, dtype=float)[None, :])[0]


# --- bootstrap ----------------------------------------------------------------------------------


def bootstrap(
    params: ArrayLike,
    tokens: ArrayLike,
    loss: ArrayLike,
    n: int = 200,
    seed: int = 0,
    budget: float = CHINCHILLA_BUDGET,
    progress: Progress = None,
    cancel: Cancel = None,
    *,
    drop_outliers: int = 0,
    delta: float = HUBER_DELTA,
    fit: FitResult | None = None,
    level: float = 0.95,
    chunk: int = 50,
) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap intervals (default 95%) for E, A, B, α, β, a and D*/N* at ``budget``.

    Each resample draws the used runs with replacement (Efron & Tibshirani 1993, ch. 13) and refits
    from the distinct minima of the full fit (pass ``fit`` to reuse one; otherwise it is computed
    first and takes the first part of the progress bar).
    """
    if not (isinstance(n, (int, np.integer)) and 2 <= n <= MAX_BOOTSTRAP):
        raise FitError(f"bootstrap count n = {n!r}: use 2 to {MAX_BOOTSTRAP:,} resamples (or skip the bootstrap)")
    if not (math.isfinite(budget) and budget > 0):
        raise FitError(f"budget = {budget!r} FLOPs: must be a positive number")
    if not 0 < level < 1:
        raise FitError(f"level = {level!r}: must lie between 0 and 1")
    nn, dd, ll, used = _prepare(params, tokens, loss, drop_outliers, delta)
    share = 0.0
    if fit is None:
        share = 0.3
        fit = fit_chinchilla(
            nn,
            dd,
            ll,
            drop_outliers=drop_outliers,
            delta=delta,
            cancel=cancel,
            progress=None if progress is None else (lambda x: progress(share * x)),
        )
    log_n, log_d, log_l = np.log(nn[used]), np.log(dd[used]), np.log(ll[used])
    m = log_n.size
    starts = fit.minima if len(fit.minima) else fit.theta[None, :]
    k = len(starts)
    rng = np.random.default_rng(seed)
    thetas = np.empty((n, 5))
    chunk = max(1, min(chunk, MAX_BATCH_ELEMENTS // max(k * m, 1)))
    n_chunks = math.ceil(n / chunk)
    for c in range(n_chunks):
        sl = slice(c * chunk, min((c + 1) * chunk, n))
        # Drawn chunk by chunk (the same sequence as all at once): memory bounded by the chunk.
        counts = np.stack([np.bincount(rng.integers(0, m, m), minlength=m) for _ in range(sl.stop - sl.start)]).astype(
            float
        )
        w = np.repeat(counts, k, axis=0)
        obj = _Objective(log_n, log_d, log_l, delta, weights=w)
        lo = share + (1 - share) * c / n_chunks
        ticker = _Ticker(progress, cancel, lo, share + (1 - share) * (c + 1) / n_chunks, 300)
        theta0 = np.tile(starts, (sl.stop - sl.start, 1))
        th, f, _conv = _minimise_batch(obj, theta0, max_iter=3000, tick=ticker)
        ticker.finish()
        best = np.argmin(f.reshape(-1, k), axis=1)
        thetas[sl] = th.reshape(-1, k, 5)[np.arange(sl.stop - sl.start), best]
    return intervals_from_samples(thetas, budget, level)


def intervals_from_samples(thetas: FloatArray, budget: float, level: float = 0.95) -> dict[str, tuple[float, float]]:
    """Percentile intervals from bootstrap θ rows (a, b, e, α, β)."""
    a_, b_, e_, al, be = thetas.T
    with np.errstate(all="ignore"):
        values = {
            "E": np.exp(e_),
            "A": np.exp(a_),
            "B": np.exp(b_),
            "alpha": al,
            "beta": be,
            "a": be / (al + be),
            "tokens_per_param": _tokens_per_param(thetas, budget),
        }
    q = 100 * np.array([(1 - level) / 2, (1 + level) / 2])
    out: dict[str, tuple[float, float]] = {}
    for name in INTERVAL_NAMES:
        v = values[name]
        v = v[np.isfinite(v)]
        lo, hi = np.percentile(v, q) if v.size else (math.nan, math.nan)
        out[name] = (float(lo), float(hi))
    return out


from scalingdesk.core.synthetic_runs import synthetic_runs  # noqa: E402,F401  (kept importable here)
