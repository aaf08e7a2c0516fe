"""A batched L-BFGS: many independent minimisations, one per row of θ, in one set of array operations.

Generic (any smooth objective that returns, for a batch of rows, the value and gradient per row);
:mod:`scalingdesk.core.fitting` uses it for the Chinchilla fit's many starts and bootstrap resamples.
Two-loop recursion after Nocedal & Wright 2006, Alg. 7.4; backtracking Armijo line search.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


class BatchObjective(Protocol):
    """f(θ) and ∇f(θ) per row of θ; ``rows`` names which rows of the full batch θ holds."""

    def __call__(self, theta: FloatArray, rows: NDArray[np.intp] | None = None, /) -> tuple[FloatArray, FloatArray]: ...


@dataclass
class BatchState:
    theta: FloatArray
    f: FloatArray
    g: FloatArray
    active: NDArray[np.bool_]
    s_hist: list[FloatArray] = field(default_factory=list)
    y_hist: list[FloatArray] = field(default_factory=list)
    rho_hist: list[FloatArray] = field(default_factory=list)


def lbfgs_direction(state: BatchState, idx: NDArray[np.intp]) -> FloatArray:
    """The two-loop recursion (Nocedal & Wright 2006, Alg. 7.4) for the rows ``idx``."""
    q = -state.g[idx].copy()
    alphas = []
    for s, y, rho in zip(reversed(state.s_hist), reversed(state.y_hist), reversed(state.rho_hist)):
        al = rho[idx] * np.einsum("ij,ij->i", s[idx], q)
        q -= al[:, None] * y[idx]
        alphas.append(al)
    # Initial scaling γ = sᵀy / yᵀy from the newest valid pair; rows without one take a unit step.
    gamma = np.zeros(len(idx))
    for _s, y, rho in zip(reversed(state.s_hist), reversed(state.y_hist), reversed(state.rho_hist)):
        take = (gamma == 0) & (rho[idx] > 0)
        yy = np.einsum("ij,ij->i", y[idx], y[idx])
        gamma = np.where(take, 1.0 / np.maximum(rho[idx] * yy, 1e-300), gamma)
    no_pair = gamma == 0
    gnorm = np.linalg.norm(state.g[idx], axis=1)
    gamma = np.where(no_pair, 1.0 / np.maximum(gnorm, 1e-300), gamma)
    q *= gamma[:, None]
    for s, y, rho, al in zip(state.s_hist, state.y_hist, state.rho_hist, reversed(alphas)):
        be = rho[idx] * np.einsum("ij,ij->i", y[idx], q)
        q += (al - be)[:, None] * s[idx]
    return q


def minimise_batch(
    objective: BatchObjective,
    theta0: FloatArray,
    *,
    max_iter: int,
    memory: int = 10,
    ftol: float = 1e-12,
    gtol: float = 1e-12,
    tick: Callable[[], None] | None = None,
) -> tuple[FloatArray, FloatArray, NDArray[np.bool_]]:
    """Minimise every row of θ independently; returns (θ, f, converged).

    Stops a row when its relative decrease falls below ``ftol`` or its largest gradient component
    below ``gtol`` (absolute, in objective units), or when no step along its direction decreases f.
    ``tick`` is called once per iteration (progress and cancellation live there).
    """
    theta = theta0.astype(np.float64, copy=True)
    f, g = objective(theta)
    state = BatchState(theta, f, g, np.ones(len(theta), dtype=bool))
    converged = np.zeros(len(theta), dtype=bool)
    for _ in range(max_iter):
        idx = np.flatnonzero(state.active)
        if idx.size == 0:
            break
        if tick is not None:
            tick()
        d = lbfgs_direction(state, idx)
        slope = np.einsum("ij,ij->i", state.g[idx], d)
        uphill = slope >= 0  # should not happen; restart those rows along −g
        if uphill.any():
            gn = np.linalg.norm(state.g[idx[uphill]], axis=1, keepdims=True)
            d[uphill] = -state.g[idx[uphill]] / np.maximum(gn, 1e-300)
            slope[uphill] = -gn[:, 0]
            for rho in state.rho_hist:
                rho[idx[uphill]] = 0.0
        # Backtracking Armijo line search, all rows at once.
        step = np.ones(idx.size)
        new_theta = np.empty((idx.size, state.theta.shape[1]))
        new_f = np.empty(idx.size)
        new_g = np.empty((idx.size, state.theta.shape[1]))
        pending = np.arange(idx.size)
        for _trial in range(40):
            trial = state.theta[idx[pending]] + step[pending, None] * d[pending]
            ft, gt = objective(trial, idx[pending])
            ok = np.isfinite(ft) & (ft <= state.f[idx[pending]] + 1e-4 * step[pending] * slope[pending])
            done = pending[ok]
            new_theta[done], new_f[done], new_g[done] = trial[ok], ft[ok], gt[ok]
            pending = pending[~ok]
            if pending.size == 0:
                break
            step[pending] *= 0.5
        # Rows whose line search failed keep their point and stop: no decrease is available.
        failed = pending
        if failed.size:
            new_theta[failed] = state.theta[idx[failed]]
            new_f[failed] = state.f[idx[failed]]
            new_g[failed] = state.g[idx[failed]]
        s = new_theta - state.theta[idx]
        y = new_g - state.g[idx]
        sy = np.einsum("ij,ij->i", s, y)
        good = sy > 1e-12 * np.linalg.norm(s, axis=1) * np.linalg.norm(y, axis=1) + 1e-300
        full_s = np.zeros_like(state.theta)
        full_y = np.zeros_like(state.theta)
        full_rho = np.zeros(len(state.theta))
        full_s[idx], full_y[idx] = s, y
        full_rho[idx] = np.where(good, 1.0 / np.where(good, sy, 1.0), 0.0)
        state.s_hist.append(full_s)
        state.y_hist.append(full_y)
        state.rho_hist.append(full_rho)
        if len(state.s_hist) > memory:
            del state.s_hist[0], state.y_hist[0], state.rho_hist[0]
        decrease = state.f[idx] - new_f
        state.theta[idx], state.f[idx], state.g[idx] = new_theta, new_f, new_g
        small_f = decrease <= ftol * np.maximum(np.abs(new_f), 1e-300)
        small_g = np.max(np.abs(new_g), axis=1) <= gtol
        # A failed line search leaves decrease = 0, so it stops here too: no step along the
        # direction lowers f even at a 2^-40 step, which is a minimum to working precision.
        stop = small_f | small_g
        converged[idx[stop]] = True
        state.active[idx[stop]] = False
    return state.theta, state.f, converged
