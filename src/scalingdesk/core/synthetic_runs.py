"""Synthetic IsoFLOP-style training runs from a known law (tests, the benchmark, the sample file)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from scalingdesk.core.laws import FLOPS_PER_PARAM_TOKEN, ChinchillaLaw

FloatArray = NDArray[np.float64]


def synthetic_runs(
    law: ChinchillaLaw,
    *,
    budgets: ArrayLike = (1e18, 3e18, 1e19, 3e19, 1e20, 3e20, 1e21),
    sizes_per_budget: int = 15,
    spread: float = 1.2,
    noise: float = 0.01,
    seed: int = 0,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """IsoFLOP-style runs from a known law: (params, tokens, loss).

    For each budget C, ``sizes_per_budget`` model sizes are spread ±``spread`` decades (log-uniform,
    jittered) around the law's compute-optimal N*, with D = C/6N; the loss gets multiplicative
    log-normal noise of relative size ``noise``.  Deterministic for a given seed.
    """
    rng = np.random.default_rng(seed)
    c = np.repeat(np.asarray(budgets, dtype=float), sizes_per_budget)
    centre = np.log10(law.optimal_params(c))
    offsets = np.tile(np.linspace(-spread, spread, sizes_per_budget), len(np.atleast_1d(budgets)))
    jitter = rng.uniform(-0.5, 0.5, c.size) * (2 * spread / max(sizes_per_budget - 1, 1))
    n = 10.0 ** (centre + offsets + jitter)
    d = c / (FLOPS_PER_PARAM_TOKEN * n)
    l_ = law.loss(n, d) * np.exp(noise * rng.standard_normal(c.size))
    return n, d, l_
