"""Compute-optimal allocation and the quantities derived from a law family.

All functions are vectorised over their array arguments and take any law that follows
:class:`scalingdesk.core.laws.ScalingLaw`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from scalingdesk.core.laws import FLOPS_PER_PARAM_TOKEN, FloatArray, ScalingLaw, _arr

#: FLOPs per parameter per token at inference (forward pass only): Kaplan et al. 2020 §2.1;
#: Sardana & Frankle 2023 eq. 2 use 2·N·D_inference.
INFERENCE_FLOPS_PER_PARAM_TOKEN = 2.0


def training_compute(params: ArrayLike, tokens: ArrayLike) -> FloatArray:
    """C = 6·N·D (dense); for a mixture of experts pass the active parameters."""
    return FLOPS_PER_PARAM_TOKEN * _arr(params) * _arr(tokens)


@dataclass(frozen=True)
class Allocation:
    compute: float
    params: float
    tokens: float
    loss: float

    @property
    def tokens_per_param(self) -> float:
        return self.tokens / self.params


def optimal(law: ScalingLaw, compute: float) -> Allocation:
    """The compute-optimal N*, D* = C/(6N*) and L* for budget C."""
    n = float(law.optimal_params(compute))
    d = compute / (FLOPS_PER_PARAM_TOKEN * n)
    return Allocation(compute, n, d, float(law.loss(n, d)))


def frontier(law: ScalingLaw, compute: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Vectorised frontier: (N*, D*, L*) for every budget in ``compute``."""
    c = _arr(compute)
    n = law.optimal_params(c)
    d = c / (FLOPS_PER_PARAM_TOKEN * n)
    return n, d, law.loss(n, d)


def isoflop_curve(law: ScalingLaw, compute: float, params: ArrayLike) -> FloatArray:
    """Loss against N at a fixed budget C (D = C/6N): the IsoFLOP valley (Hoffmann 2022 §3.2)."""
    n = _arr(params)
    return law.loss(n, compute / (FLOPS_PER_PARAM_TOKEN * n))


def isoflop_minimum(law: ScalingLaw, compute: float) -> Allocation:
    """The bottom of the IsoFLOP valley, found numerically on log N.

    For the Chinchilla-form families it equals :func:`optimal`; for Kaplan 2020 it does not,
    since Kaplan's published frontier came from early-stopped curves, not from L(N, D).
    """
    from scipy.optimize import minimize_scalar  # lazy: scipy.optimize costs ~0.3 s at start-up

    upper = np.log10(compute / FLOPS_PER_PARAM_TOKEN)  # at most one token per parameter… and more
    res = minimize_scalar(
        lambda logn: float(isoflop_curve(law, compute, 10.0**logn)),
        bounds=(0.0, upper),
        method="bounded",
        options={"xatol": 1e-7},
    )
    n = float(10.0**res.x)
    d = compute / (FLOPS_PER_PARAM_TOKEN * n)
    return Allocation(compute, n, d, float(law.loss(n, d)))


def training_curve(law: ScalingLaw, params: float, compute: ArrayLike) -> FloatArray:
    """Loss of a model of fixed size N as it trains on more data (D = C/6N), against C."""
    c = _arr(compute)
    return law.loss(params, c / (FLOPS_PER_PARAM_TOKEN * params))


def training_curves(law: ScalingLaw, params: ArrayLike, compute: ArrayLike) -> FloatArray:
    """Training curves for several sizes at once: shape (len(params), len(compute))."""
    n = _arr(params)[:, None]
    c = _arr(compute)[None, :]
    return law.loss(n, c / (FLOPS_PER_PARAM_TOKEN * n))


@dataclass(frozen=True)
class DecadeSteps:
    """Loss along the frontier at C0, 10·C0, 100·C0, …: the lever's pulls."""

    compute: FloatArray  # shape (pulls + 1,)
    loss: FloatArray  # frontier loss at each budget
    drops: FloatArray  # loss[k] − loss[k+1] > 0, shape (pulls,)
    floor: float  # the irreducible loss the drops approach

    @property
    def naive_drops(self) -> FloatArray:
        """The naive guess: every 10x buys the same gain as the first one did."""
        return np.full_like(self.drops, self.drops[0]) if len(self.drops) else self.drops

    @property
    def naive_loss(self) -> FloatArray:
        return self.loss[0] - np.concatenate([[0.0], np.cumsum(self.naive_drops)])


def diminishing_returns(law: ScalingLaw, start_compute: float, pulls: int) -> DecadeSteps:
    """The loss drop bought by each successive 10x of compute along the compute-optimal frontier."""
    if pulls < 0:
        raise ValueError(f"pulls must be 0 or more, got {pulls!r}")
    c = start_compute * 10.0 ** np.arange(pulls + 1, dtype=np.float64)
    _, _, loss = frontier(law, c)
    return DecadeSteps(c, loss, loss[:-1] - loss[1:], float(law.irreducible))


@dataclass(frozen=True)
class InferenceOptimum:
    params: float
    tokens: float
    training_flops: float
    inference_flops: float
    total_flops: float
    loss: float

    @property
    def tokens_per_param(self) -> float:
        return self.tokens / self.params


def inference_optimal(law: ScalingLaw, target_loss: float, served_tokens: float) -> InferenceOptimum:
    """Sardana & Frankle 2023 (arXiv 2401.00448, eq. 2): the N, D_train that reach ``target_loss``
    with the least 6·N·D_train + 2·N·D_inference.

    For each N the data needed to reach the target is D(N) = law.tokens_for_loss(N, target); the
    total is minimised over log N (a single valley, so a bounded scalar search is enough).
    """
    from scipy.optimize import minimize_scalar

    if served_tokens < 0:
        raise ValueError(f"served tokens {served_tokens!r} must be 0 or more")
    floor = law.irreducible
    if not target_loss > floor:
        raise ValueError(
            f"target loss {target_loss!r} is at or below {law.label}'s irreducible loss {floor:g}: no model reaches it"
        )

    def total(logn: float) -> float:
        n = 10.0**logn
        d = float(law.tokens_for_loss(n, target_loss))
        if not np.isfinite(d):
            return np.inf
        return FLOPS_PER_PARAM_TOKEN * n * d + INFERENCE_FLOPS_PER_PARAM_TOKEN * n * served_tokens

    # The smallest model that can reach the target at all (with infinite data).
    grid = np.linspace(3.0, 16.0, 1301)
    reachable = np.isfinite(law.tokens_for_loss(10.0**grid, target_loss))
    if not reachable.any():
        raise ValueError(f"target loss {target_loss!r} is out of reach for models up to 1e16 parameters")
    lo = grid[np.argmax(reachable)]
    totals = np.array([total(g) for g in grid[grid >= lo]])
    best = grid[grid >= lo][int(np.argmin(totals))]
    res = minimize_scalar(
        total,
        bounds=(max(lo, best - 0.05), min(16.0, best + 0.05)),
        method="bounded",
        options={"xatol": 1e-8},
    )
    n = float(10.0**res.x)
    d = float(law.tokens_for_loss(n, target_loss))
    train = FLOPS_PER_PARAM_TOKEN * n * d
    infer = INFERENCE_FLOPS_PER_PARAM_TOKEN * n * served_tokens
    return InferenceOptimum(n, d, train, infer, train + infer, float(law.loss(n, d)))


@dataclass(frozen=True)
class Balance:
    """How a model (N, D) sits against the best use of its own compute C = 6ND."""

    tokens_per_param: float
    best_tokens_per_param: float  # at the bottom of this law's IsoFLOP valley
    best_loss: float
    excess_loss: float  # loss above the best for this compute (≥ 0)
    verdict: str  # "balanced" | "under-trained" (too few tokens) | "too small" (saturates)

    #: Within this much loss of the valley bottom a model counts as balanced.
    TOLERANCE = 0.002


def balance(law: ScalingLaw, params: float, tokens: float) -> Balance:
    """Compare (N, D) with the bottom of the law's IsoFLOP valley at the same compute.

    The valley bottom, not the law's stated frontier: for Kaplan 2020 the two differ (its
    published allocation came from early-stopped curves), and "how far from the best for this
    compute" must be measured on the loss the law actually predicts.
    """
    c = float(training_compute(params, tokens))
    best = optimal(law, c) if hasattr(law, "G") else isoflop_minimum(law, c)
    loss = float(law.loss(params, tokens))
    excess = max(loss - best.loss, 0.0)
    ratio = tokens / params
    if excess < Balance.TOLERANCE:
        verdict = "balanced"
    elif ratio < best.tokens_per_param:
        verdict = "under-trained"
    else:
        verdict = "too small"
    return Balance(ratio, best.tokens_per_param, best.loss, excess, verdict)
