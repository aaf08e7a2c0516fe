"""Data-constrained scaling (Muennighoff et al. 2023, "Scaling Data-Constrained Language Models",
arXiv 2305.16264, §3.1 eqs. 5-6 and App. A eq. 17).

With only U unique tokens, a run of D > U tokens repeats its data R_D = D/U_D − 1 times, and
repeated tokens are worth less than fresh ones:

    D' = U_D + U_D·R_D*·(1 − e^(−R_D/R_D*))                     (eq. 5)

Parameters beyond the compute-optimal size for U_D unique tokens, U_N = min(N_opt(U_D), N),
are likewise worth less: R_N = N/U_N − 1 and

    N' = U_N + U_N·R_N*·(1 − e^(−R_N/R_N*))                     (eq. 6)

and the loss is the Chinchilla form with N' and D': L = E + A/N'^α + B/D'^β (eq. 17), with
Muennighoff et al.'s own fit (:data:`scalingdesk.core.laws.MUENNIGHOFF_2023`).  N_opt(U_D)
follows their code (huggingface/datablations, README "Parametric fit"):
N_opt(D) = (D·G)^(β/α)·G with G = (αA/(βB))^(1/(α+β)), the Chinchilla frontier inverted.

A run that sees fewer tokens than are available (D ≤ U) uses U_D = D unique tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from scalingdesk.core.laws import (
    FLOPS_PER_PARAM_TOKEN,
    MUENNIGHOFF_2023,
    ChinchillaLaw,
    FloatArray,
    _arr,
)

#: R_D*: after R_D* repetitions a repeated token is worth 1/e less than a fresh one decays to;
#: Muennighoff et al. 2023, App. A fit (15.4 in eq. 17).
R_D_STAR = 15.387756
#: R_N*: the same for excess parameters; Muennighoff et al. 2023, App. A fit (5.3 in eq. 17).
R_N_STAR = 5.309743

#: The only family whose constants were fitted together with R_D* and R_N*.
DATA_CONSTRAINED_FAMILY = MUENNIGHOFF_2023.key


def unique_seen(tokens: ArrayLike, unique_tokens: ArrayLike) -> FloatArray:
    """U_D: the unique tokens a run of D tokens sees when U are available (min(U, D))."""
    return np.minimum(_arr(unique_tokens), _arr(tokens))


def epochs(tokens: ArrayLike, unique_tokens: ArrayLike) -> FloatArray:
    """Passes over the unique data: D/U (below 1, the run does not use it all)."""
    return _arr(tokens) / _arr(unique_tokens)


def effective_tokens(tokens: ArrayLike, unique_tokens: ArrayLike, r_star: float = R_D_STAR) -> FloatArray:
    """D' (Muennighoff et al. 2023, eq. 5).  D' = D while nothing repeats; as epochs grow D'
    saturates at U·(1 + R_D*) ≈ 16.4·U: past a handful of epochs, more epochs stop paying."""
    d = _arr(tokens)
    u = unique_seen(d, unique_tokens)
    repeats = d / u - 1.0
    return u + u * r_star * (1.0 - np.exp(-repeats / r_star))


def max_effective_tokens(unique_tokens: ArrayLike, r_star: float = R_D_STAR) -> FloatArray:
    """The ceiling of effective data from U unique tokens, however many epochs: U·(1 + R_D*)."""
    return _arr(unique_tokens) * (1.0 + r_star)


def unique_params(
    params: ArrayLike, tokens: ArrayLike, unique_tokens: ArrayLike, law: ChinchillaLaw = MUENNIGHOFF_2023
) -> FloatArray:
    """U_N = min(N_opt(U_D), N), N_opt(D) = (D·G)^(β/α)·G (datablations README)."""
    u_d = unique_seen(tokens, unique_tokens)
    n_opt = (u_d * law.G) ** (law.beta / law.alpha) * law.G
    return np.minimum(_arr(params), n_opt)


def effective_params(
    params: ArrayLike,
    tokens: ArrayLike,
    unique_tokens: ArrayLike,
    law: ChinchillaLaw = MUENNIGHOFF_2023,
    r_star: float = R_N_STAR,
) -> FloatArray:
    """N' (Muennighoff et al. 2023, eq. 6)."""
    n = _arr(params)
    u_n = unique_params(n, tokens, unique_tokens, law)
    repeats = n / u_n - 1.0
    return u_n + u_n * r_star * (1.0 - np.exp(-repeats / r_star))


def _golden_min(f, lo: FloatArray, hi: FloatArray, iterations: int = 32) -> FloatArray:
    """Vectorised golden-section search for the minimum of f on [lo, hi] (elementwise)."""
    g = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = lo.copy(), hi.copy()
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = f(c), f(d)
    for _ in range(iterations):
        left = fc < fd
        b = np.where(left, d, b)
        a = np.where(left, a, c)
        c, d = b - g * (b - a), a + g * (b - a)
        fc, fd = f(c), f(d)
    return (a + b) / 2.0


@dataclass(frozen=True)
class DataConstrainedLaw:
    """Muennighoff et al.'s law with ``unique_tokens`` available: the loss with N' and D'.

    It offers what the rest of ScalingDesk asks of a law (:class:`ScalingLaw`); the
    compute-optimal allocation has no closed form once data is limited, so it is found
    numerically on log N (one valley per budget), vectorised over budgets.
    """

    base: ChinchillaLaw
    unique_tokens: float
    r_d_star: float = R_D_STAR
    r_n_star: float = R_N_STAR

    def __post_init__(self) -> None:
        if not (np.isfinite(self.unique_tokens) and self.unique_tokens > 0):
            raise ValueError(f"unique tokens {self.unique_tokens!r} must be a positive number")

    # --- what the views read -----------------------------------------------------------
    @property
    def key(self) -> str:
        return self.base.key

    @property
    def label(self) -> str:
        return self.base.label

    @property
    def source(self) -> str:
        return self.base.source

    @property
    def note(self) -> str:
        return self.base.note

    @property
    def fitted_params(self) -> tuple[float, float] | None:
        return self.base.fitted_params

    @property
    def fitted_tokens(self) -> tuple[float, float] | None:
        return self.base.fitted_tokens

    @property
    def irreducible(self) -> float:
        return self.base.E

    @property
    def saturated_loss(self) -> float:
        """The best loss any N and D reach on this unique data: D' → U·(1 + R_D*) and
        N' → U_N·(1 + R_N*) with U_N = N_opt(U).  Past it, more compute buys nothing."""
        b = self.base
        u_n = (self.unique_tokens * b.G) ** (b.beta / b.alpha) * b.G
        n_sat = u_n * (1.0 + self.r_n_star)
        d_sat = self.unique_tokens * (1.0 + self.r_d_star)
        return float(b.E + b.A / n_sat**b.alpha + b.B / d_sat**b.beta)

    # --- the law -----------------------------------------------------------------------
    def effective(self, params: ArrayLike, tokens: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """(N', D') for N parameters trained on D tokens."""
        d_eff = effective_tokens(tokens, self.unique_tokens, self.r_d_star)
        n_eff = effective_params(params, tokens, self.unique_tokens, self.base, self.r_n_star)
        return n_eff, d_eff

    def loss(self, params: ArrayLike, tokens: ArrayLike) -> FloatArray:
        n_eff, d_eff = self.effective(params, tokens)
        b = self.base
        return b.E + b.A / n_eff**b.alpha + b.B / d_eff**b.beta

    def optimal_params(self, compute: ArrayLike) -> FloatArray:
        """N minimising L(N, C/6N) with the unique data limited (numerical, on log N)."""
        c = np.atleast_1d(_arr(compute))
        log_c = np.log10(c / FLOPS_PER_PARAM_TOKEN)
        # The valley bottom lies between the unconstrained optimum / 100 and one token per
        # parameter; a coarse grid picks the valley, golden section refines it.
        lo = np.log10(self.base.optimal_params(c)) - 2.0
        hi = np.maximum(log_c / 2.0 + 0.5, lo + 1.0)
        grid = np.linspace(0.0, 1.0, 161)
        logn = lo[:, None] + (hi - lo)[:, None] * grid[None, :]
        n = 10.0**logn
        losses = self.loss(n, c[:, None] / (FLOPS_PER_PARAM_TOKEN * n))
        best = np.argmin(losses, axis=1)
        step = (hi - lo) / (len(grid) - 1)
        centre = lo + step * best

        def f(x: FloatArray) -> FloatArray:
            nn = 10.0**x
            return self.loss(nn, c / (FLOPS_PER_PARAM_TOKEN * nn))

        out = 10.0 ** _golden_min(f, centre - step, centre + step)
        return out.reshape(np.shape(compute)) if np.ndim(compute) else out[:1].reshape(())

    def compute_for_optimal_params(self, params: ArrayLike) -> FloatArray:
        """The budget at which N is the constrained optimum (N*(C) rises with C): a coarse scan
        of budgets 1e6..1e45 FLOP brackets each root within a decade, then false position
        (Illinois) on log C narrows it to 1e-10 of a decade; a few calls of
        :meth:`optimal_params`, not the forty of a bisection."""
        n = np.atleast_1d(_arr(params))
        target = np.log10(n)
        scan = np.linspace(6.0, 45.0, 40)
        g_scan = np.log10(self.optimal_params(10.0**scan))
        k = np.clip(np.searchsorted(g_scan, target), 1, len(scan) - 1)
        lo, hi = scan[k - 1], scan[k]
        g_lo, g_hi = g_scan[k - 1] - target, g_scan[k] - target
        kept = np.zeros(n.shape)  # +1: last step replaced the low end (kept the high), -1: the reverse
        for _ in range(60):
            width = g_hi - g_lo
            x = np.where(width > 0, lo - g_lo * (hi - lo) / np.where(width > 0, width, 1.0), (lo + hi) / 2.0)
            x = np.clip(x, lo, hi)
            g_x = np.log10(self.optimal_params(10.0**x)) - target
            up = g_x < 0  # the root lies above x: x is the new low end
            # Illinois: an end kept twice in a row has its value halved, so the other end moves
            g_hi = np.where(up & (kept > 0), g_hi / 2.0, g_hi)
            g_lo = np.where(~up & (kept < 0), g_lo / 2.0, g_lo)
            lo, g_lo = np.where(up, x, lo), np.where(up, g_x, g_lo)
            hi, g_hi = np.where(up, hi, x), np.where(up, g_hi, g_x)
            kept = np.where(up, 1.0, -1.0)
            if np.all((hi - lo < 1e-10) | (np.abs(g_x) < 1e-11)):
                break
        out = 10.0 ** np.where(np.abs(g_lo) < np.abs(g_hi), lo, hi)
        out = np.where(target <= g_scan[0], 10.0 ** scan[0], np.where(target >= g_scan[-1], 10.0 ** scan[-1], out))
        return out.reshape(np.shape(params)) if np.ndim(params) else out[:1].reshape(())

    def tokens_for_loss(self, params: ArrayLike, loss: ArrayLike) -> FloatArray:
        """D such that L(N, D) = loss; +inf where no amount of (repeated) data reaches it.
        L falls monotonically with D, so bisection on log D is exact enough."""
        n, target = np.broadcast_arrays(_arr(params), _arr(loss))
        lo = np.zeros(n.shape)
        hi = np.full(n.shape, 20.0)
        reachable = self.loss(n, 10.0**hi) <= target
        for _ in range(46):  # 20 decades / 2^46: 3e-13 of a decade
            mid = (lo + hi) / 2.0
            enough = self.loss(n, 10.0**mid) <= target
            hi = np.where(enough, mid, hi)
            lo = np.where(enough, lo, mid)
        d = np.where(reachable, 10.0 ** ((lo + hi) / 2.0), np.inf)
        return np.asarray(d, dtype=np.float64)


def with_unique_tokens(law, unique_tokens: float | None):
    """The law a scenario uses: Muennighoff et al.'s data-constrained law when unique data is
    limited and the family is theirs (R_D* and R_N* were fitted with their constants only);
    otherwise the family as it is."""
    if unique_tokens is None or getattr(law, "key", None) != DATA_CONSTRAINED_FAMILY:
        return law
    if isinstance(law, DataConstrainedLaw):
        law = law.base
    return DataConstrainedLaw(law, float(unique_tokens))
