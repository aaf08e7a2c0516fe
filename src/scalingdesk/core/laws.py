"""Scaling-law families: each a small immutable object with a vectorised ``loss(N, D)``.

Every constant carries its source beside it.  N is parameters, D is training tokens, C is
training FLOPs (C = 6·N·D for a dense transformer, Kaplan et al. 2020 §2.1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

#: FLOPs per parameter per training token for a dense transformer (forward 2 + backward 4):
#: Kaplan et al. 2020 §2.1, Hoffmann et al. 2022 §3.
FLOPS_PER_PARAM_TOKEN = 6.0

#: One petaflop/s-day in FLOPs (Kaplan et al. 2020 §1.3 uses PF-days as the compute unit).
PF_DAY = 1e15 * 86400.0


def _arr(x: ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


@runtime_checkable
class ScalingLaw(Protocol):
    """What the rest of ScalingDesk needs from a law family."""

    key: str
    label: str
    source: str
    note: str

    @property
    def irreducible(self) -> float: ...

    def loss(self, params: ArrayLike, tokens: ArrayLike) -> FloatArray: ...

    def optimal_params(self, compute: ArrayLike) -> FloatArray: ...

    def tokens_for_loss(self, params: ArrayLike, loss: ArrayLike) -> FloatArray: ...


@dataclass(frozen=True)
class ChinchillaLaw:
    """L(N, D) = E + A/N^α + B/D^β  (Hoffmann et al. 2022, eq. 2 and App. D.2).

    The compute-optimal allocation under C = 6ND has a closed form (Hoffmann et al. 2022, eq. 4):
    N* = G·(C/6)^a, D* = (C/6)^b / G, with G = (αA/(βB))^(1/(α+β)), a = β/(α+β), b = α/(α+β).
    """

    key: str
    label: str
    E: float
    A: float
    B: float
    alpha: float
    beta: float
    source: str
    note: str = ""
    #: Range of model sizes the fit was made on; beyond it the law is extrapolated.
    fitted_params: tuple[float, float] | None = None
    #: Largest training compute among the runs fitted (a user's fit knows it; the published
    #: laws leave it None and the frontier's N* leaving fitted_params marks the edge instead).
    fitted_compute: float | None = None
    #: Published 95% intervals, name → (low, high), used to draw an uncertainty band.
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def irreducible(self) -> float:
        return self.E

    @property
    def exponent_a(self) -> float:
        """N* ∝ C^a."""
        return self.beta / (self.alpha + self.beta)

    @property
    def exponent_b(self) -> float:
        """D* ∝ C^b."""
        return self.alpha / (self.alpha + self.beta)

    @property
    def G(self) -> float:
        return float(
            (self.alpha * self.A / (self.beta * self.B)) ** (1.0 / (self.alpha + self.beta))
        )

    def loss(self, params: ArrayLike, tokens: ArrayLike) -> FloatArray:
        n, d = _arr(params), _arr(tokens)
        return self.E + self.A / n**self.alpha + self.B / d**self.beta

    def optimal_params(self, compute: ArrayLike) -> FloatArray:
        c = _arr(compute)
        return self.G * (c / FLOPS_PER_PARAM_TOKEN) ** self.exponent_a

    def compute_for_optimal_params(self, params: ArrayLike) -> FloatArray:
        """Inverse of :meth:`optimal_params`: the budget at which N is compute-optimal."""
        n = _arr(params)
        return FLOPS_PER_PARAM_TOKEN * (n / self.G) ** (1.0 / self.exponent_a)

    def tokens_for_loss(self, params: ArrayLike, loss: ArrayLike) -> FloatArray:
        """D such that L(N, D) = loss; +inf where N alone cannot reach that loss."""
        n, target = _arr(params), _arr(loss)
        room = target - self.E - self.A / n**self.alpha
        with np.errstate(divide="ignore", invalid="ignore"):
            d = np.where(room > 0, (self.B / np.where(room > 0, room, 1.0)) ** (1.0 / self.beta), np.inf)
        return np.asarray(d, dtype=np.float64)

    def with_constants(self, **changes: float) -> "ChinchillaLaw":
        from dataclasses import replace

        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class KaplanLaw:
    """Kaplan et al. 2020: L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D  (eq. 1.5, Table 2 joint fit).

    N counts non-embedding parameters and the loss is in nats per token on WebText2 with GPT-2's
    tokenizer, so its numbers are not on the same scale as Chinchilla's MassiveText loss.

    Kaplan's compute-efficient frontier was not derived from this L(N, D) but from early-stopped
    training curves (L(N, S_min), §6): N_opt = 1.3e9 · C_min^0.73 with C in PF-days
    (eq. 6.?; Fig. 14 and Table 6: N ∝ C^0.73, D ∝ C^0.27). We use the published frontier as
    printed, which is why it does not sit at the bottom of this law's IsoFLOP valley.
    """

    key: str = "kaplan2020"
    label: str = "Kaplan 2020 (OpenAI)"
    alpha_N: float = 0.076  # Kaplan et al. 2020, Table 2 (joint L(N, D) fit)
    alpha_D: float = 0.103  # Kaplan et al. 2020, Table 2 (joint L(N, D) fit)
    N_c: float = 6.4e13  # Kaplan et al. 2020, Table 2 (non-embedding parameters)
    D_c: float = 1.8e13  # Kaplan et al. 2020, Table 2 (tokens)
    frontier_coefficient: float = 1.3e9  # Kaplan et al. 2020, Fig. 14 (left): N_opt = 1.3e9·C^0.73
    frontier_exponent: float = 0.73  # Kaplan et al. 2020, Table 6 / eq. 1.7: N_opt ∝ C_min^0.73
    source: str = "Kaplan et al. 2020, arXiv 2001.08361: eq. 1.5, Table 2 (joint fit), Fig. 14, Table 6"
    note: str = (
        "Kaplan 2020 grows the model much faster than the data (10x compute: ~5x model, ~2x "
        "data); its loss is on WebText2 in nats, not comparable with Chinchilla's scale."
    )
    fitted_params: tuple[float, float] | None = (7.68e2, 1.5e9)  # Kaplan §2: 768 to 1.5e9 params

    @property
    def irreducible(self) -> float:
        # Kaplan's pure power law has no irreducible term: the loss falls toward 0.
        return 0.0

    @property
    def exponent_a(self) -> float:
        return self.frontier_exponent

    def loss(self, params: ArrayLike, tokens: ArrayLike) -> FloatArray:
        n, d = _arr(params), _arr(tokens)
        return ((self.N_c / n) ** (self.alpha_N / self.alpha_D) + self.D_c / d) ** self.alpha_D

    def optimal_params(self, compute: ArrayLike) -> FloatArray:
        c = _arr(compute)
        return self.frontier_coefficient * (c / PF_DAY) ** self.frontier_exponent

    def compute_for_optimal_params(self, params: ArrayLike) -> FloatArray:
        n = _arr(params)
        return PF_DAY * (n / self.frontier_coefficient) ** (1.0 / self.frontier_exponent)

    def tokens_for_loss(self, params: ArrayLike, loss: ArrayLike) -> FloatArray:
        n, target = _arr(params), _arr(loss)
        room = target ** (1.0 / self.alpha_D) - (self.N_c / n) ** (self.alpha_N / self.alpha_D)
        with np.errstate(divide="ignore", invalid="ignore"):
            d = np.where(room > 0, self.D_c / np.where(room > 0, room, 1.0), np.inf)
        return np.asarray(d, dtype=np.float64)


@dataclass(frozen=True)
class BrokenPowerLaw:
    """Broken neural scaling law (Caballero et al. 2023, arXiv 2210.14891, eq. 1):

    y = a + b·x^(−c0) · Π_i (1 + (x/d_i)^(1/f_i))^(−c_i·f_i)

    A one-dimensional curve (x is compute, data or parameters); each break i at x = d_i bends the
    slope by c_i with sharpness f_i.  Used to show that scaling need not be one straight line.
    """

    a: float = 1.7
    b: float = 40.0
    c0: float = 0.06
    breaks: tuple[tuple[float, float, float], ...] = ((-0.04, 1e21, 0.3), (0.12, 1e24, 0.2))
    source: str = "Caballero et al. 2023, arXiv 2210.14891, eq. 1 (illustrative constants)"

    def value(self, x: ArrayLike) -> FloatArray:
        xs = _arr(x)
        y = self.b * xs ** (-self.c0)
        for c_i, d_i, f_i in self.breaks:
            if d_i <= 0 or f_i <= 0:
                raise ValueError(f"break at d={d_i!r} with sharpness f={f_i!r}: both must be > 0")
            y = y * (1.0 + (xs / d_i) ** (1.0 / f_i)) ** (-c_i * f_i)
        return self.a + y

    def local_slope(self, x: ArrayLike) -> FloatArray:
        """d log(y − a) / d log x: the straight-line slope a log-log plot shows at x."""
        xs = _arr(x)
        slope = -self.c0 * np.ones_like(xs)
        for c_i, d_i, f_i in self.breaks:
            r = (xs / d_i) ** (1.0 / f_i)
            slope = slope - c_i * r / (1.0 + r)
        return slope


# --- The families shipped with ScalingDesk ----------------------------------------------------

#: Besiroglu et al. 2024 (Epoch AI), "Chinchilla Scaling: A replication attempt", arXiv 2404.10102,
#: eq. 3 / Table 1: the Chinchilla form re-fitted to data extracted from Hoffmann et al. Fig. 4.
EPOCH_2024 = ChinchillaLaw(
    key="epoch2024",
    label="Epoch AI 2024 (Chinchilla replication)",
    E=1.82,  # Besiroglu et al. 2024, Table 1
    A=482.01,  # Besiroglu et al. 2024, Table 1
    B=2085.43,  # Besiroglu et al. 2024, Table 1
    alpha=0.3478,  # Besiroglu et al. 2024, Table 1
    beta=0.3658,  # Besiroglu et al. 2024, Table 1
    source="Besiroglu et al. 2024 (Epoch AI), arXiv 2404.10102, Table 1",
    note=(
        "Default. A re-fit of Chinchilla's own data: about 20 tokens per parameter, in line with "
        "Chinchilla's Table 3, which the printed 2022 constants are not."
    ),
    fitted_params=(6e7, 1.6e10),  # Hoffmann et al. 2022 §3.3: runs from 44M to 16B parameters
    intervals={  # Besiroglu et al. 2024, Table 1: bootstrap 95% intervals
        "E": (1.77, 1.87),
        "alpha": (0.317, 0.373),
        "beta": (0.331, 0.415),
    },
)

#: Hoffmann et al. 2022 ("Chinchilla"), arXiv 2203.15556, App. D.2, eq. 10: Approach 3 as printed.
HOFFMANN_2022 = ChinchillaLaw(
    key="hoffmann2022",
    label="Hoffmann 2022 (Chinchilla, approach 3 as printed)",
    E=1.69,  # Hoffmann et al. 2022, eq. 10
    A=406.4,  # Hoffmann et al. 2022, eq. 10
    B=410.7,  # Hoffmann et al. 2022, eq. 10
    alpha=0.34,  # Hoffmann et al. 2022, eq. 10
    beta=0.28,  # Hoffmann et al. 2022, eq. 10
    source="Hoffmann et al. 2022, arXiv 2203.15556, App. D.2, eq. 10",
    note=(
        "The constants as printed. They call for far more data than Chinchilla's own Table 3 "
        "(~70-90 tokens per parameter at Gopher's budget); Epoch's 2024 re-fit fixes this."
    ),
    fitted_params=(6e7, 1.6e10),  # Hoffmann et al. 2022 §3.3
)

#: Muennighoff et al. 2023, "Scaling Data-Constrained Language Models", arXiv 2305.16264,
#: their fit of the Chinchilla form used inside the data-constrained law (App. / Table 8).
MUENNIGHOFF_2023 = ChinchillaLaw(
    key="muennighoff2023",
    label="Muennighoff 2023 (data-constrained fit)",
    E=1.869,  # Muennighoff et al. 2023, fitted constants
    A=520.8,  # Muennighoff et al. 2023
    B=1487.7,  # Muennighoff et al. 2023
    alpha=0.3527,  # Muennighoff et al. 2023 (α = β)
    beta=0.3527,  # Muennighoff et al. 2023
    source="Muennighoff et al. 2023, arXiv 2305.16264",
    note="Fitted with repeated data in mind; pairs with the effective-data rule for epochs.",
    fitted_params=(1e7, 9e9),  # Muennighoff et al. 2023: models from 10M to 9B parameters
)

KAPLAN_2020 = KaplanLaw()

FAMILIES: dict[str, ChinchillaLaw | KaplanLaw] = {
    law.key: law for law in (EPOCH_2024, HOFFMANN_2022, KAPLAN_2020, MUENNIGHOFF_2023)
}
DEFAULT_FAMILY = EPOCH_2024.key

#: The families the explorer offers in its switch (Muennighoff's is used by the data-wall view).
EXPLORER_FAMILIES = (EPOCH_2024.key, HOFFMANN_2022.key, KAPLAN_2020.key)


def get_law(key: str) -> ChinchillaLaw | KaplanLaw:
    try:
        return FAMILIES[key]
    except KeyError:
        raise ValueError(
            f"unknown law family {key!r}; choose one of: {', '.join(FAMILIES)}"
        ) from None


def compute_for_optimal_params(law: ScalingLaw, params: float) -> float:
    """Budget C at which ``params`` is compute-optimal (numeric fallback for any law)."""
    inverse = getattr(law, "compute_for_optimal_params", None)
    if inverse is not None:
        return float(inverse(params))
    from scipy.optimize import brentq  # lazy: scipy.optimize costs ~0.3 s at start-up

    f = lambda logc: np.log(float(law.optimal_params(10.0**logc))) - np.log(params)  # noqa: E731
    return float(10.0 ** brentq(f, 0.0, 40.0))


def compute_for_optimal_tokens(law: ScalingLaw, tokens: float) -> float:
    """Budget C whose compute-optimal data D*(C) = C/(6·N*(C)) is ``tokens``."""
    from scipy.optimize import brentq  # lazy: scipy.optimize costs ~0.3 s at start-up

    def gap(logc: float) -> float:
        c = 10.0**logc
        return float(np.log(c / (FLOPS_PER_PARAM_TOKEN * float(law.optimal_params(c))))) - float(np.log(tokens))

    lo, hi = -10.0, 60.0
    if gap(lo) * gap(hi) > 0:
        raise ValueError(f"no compute budget makes {tokens:.3g} tokens optimal under {law.label}")
    return float(10.0 ** brentq(gap, lo, hi, xtol=1e-12))
