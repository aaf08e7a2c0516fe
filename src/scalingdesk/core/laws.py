"""Scaling-law families: each a small immutable object with a vectorised ``loss(N, D)``.

Every constant carries its source beside it.  N is parameters, D is training tokens, C is
training FLOPs (C = 6·N·D for a dense transformer, Kaplan et al. 2020 §2.1).
"""

from __future__ import annotations

import math
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
    """What the rest of ScalingDesk needs from a law family (read-only: the laws are frozen)."""

    @property
    def key(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def source(self) -> str: ...

    @property
    def note(self) -> str: ...

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
    #: Range of training tokens of the runs it was fitted on (0 as the low end: not stated).
    fitted_tokens: tuple[float, float] | None = None
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
        return float((self.alpha * self.A / (self.beta * self.B)) ** (1.0 / (self.alpha + self.beta)))

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

    def with_constants(self, **changes: float) -> ChinchillaLaw:
        from dataclasses import replace

        return replace(self, **changes)  # type: ignore[arg-type]


#: Kaplan et al. 2020, Table 6 (compute-efficient frontier, C_min in PF-days):
#: N_opt = N_e·C_min^p_N and D_opt = D_e·C_min^p_D (D for one epoch).
KAPLAN_TABLE_6 = {"N_e": 1.3e9, "p_N": 0.73, "D_e": 2e10, "p_D": 0.27}
#: How a training budget C (= 6·N·D) maps to Kaplan's C_min.  Kaplan §5.1 (eq. 5.5) and §6.1:
#: C_min = C / (1 + B/B_crit), so training at the critical batch size, the compute-efficient
#: choice, spends about 2·C_min.  Table 6's own rounded coefficients make 6·N_opt·D_opt =
#: 6·1.3e9·2e10 FLOP per PF-day = 1.81·C_min; we use that factor (within the paper's "≈ 2"), so
#: C = 6·N·D holds exactly and N, D are Table 6's at C_min = C / 1.81.
KAPLAN_CMIN_FACTOR = 6.0 * KAPLAN_TABLE_6["N_e"] * KAPLAN_TABLE_6["D_e"] / (1e15 * 86400.0)
#: Kaplan §6.3: near C* ~ 1e4 PF-days (N* ~ 1e12, D* ~ 1e12, L* ~ 1.7 nats) the compute-efficient
#: frontier L(C_min) meets the data limit L(D(C_min)) and his laws contradict each other; he
#: expected them to break down before that.  We warn from a training budget of 1e4 PF-days
#: (8.64e23 FLOP): the point is uncertain by an order of magnitude (§6.3), so earlier is safer.
KAPLAN_CONTRADICTION_COMPUTE = 1e4 * 1e15 * 86400.0


@dataclass(frozen=True)
class KaplanLaw:
    """Kaplan et al. 2020: L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D  (eq. 1.5, Table 2 joint fit).

    N counts non-embedding parameters and the loss is in nats per token on WebText2 with GPT-2's
    tokenizer, so its numbers are not on the same scale as Chinchilla's MassiveText loss.

    Kaplan's compute-efficient frontier was not derived from this L(N, D) but from early-stopped
    training curves at the critical batch size (§5-6): Table 6 gives N_opt = 1.3e9·C_min^0.73 and
    D_opt = 2e10·C_min^0.27 with C_min in PF-days, and a budget C buys C_min = C / 1.81
    (:data:`KAPLAN_CMIN_FACTOR`).  We use the published frontier as printed, which is why it
    does not sit at the bottom of this law's IsoFLOP valley.
    """

    key: str = "kaplan2020"
    label: str = "Kaplan 2020 (OpenAI)"
    alpha_N: float = 0.076  # Kaplan et al. 2020, Table 2 (joint L(N, D) fit)
    alpha_D: float = 0.103  # Kaplan et al. 2020, Table 2 (joint L(N, D) fit)
    N_c: float = 6.4e13  # Kaplan et al. 2020, Table 2 (non-embedding parameters)
    D_c: float = 1.8e13  # Kaplan et al. 2020, Table 2 (tokens)
    frontier_coefficient: float = KAPLAN_TABLE_6["N_e"]  # Kaplan et al. 2020, Table 6: N_e
    frontier_exponent: float = KAPLAN_TABLE_6["p_N"]  # Kaplan et al. 2020, Table 6: p_N
    cmin_factor: float = KAPLAN_CMIN_FACTOR  # C = 1.81·C_min (Kaplan §5.1 eq. 5.5, Table 6)
    source: str = (
        "Kaplan et al. 2020, arXiv 2001.08361: eq. 1.5, Table 2 (joint fit); Table 6 frontier "
        "with C_min = C/1.81 (§5.1, eq. 5.5: ≈ C/2 at the critical batch size)"
    )
    note: str = (
        "Kaplan 2020 grows the model much faster than the data (10x compute: ~5x model, ~2x "
        "data); its loss is on WebText2 in nats, not comparable with Chinchilla's scale. "
        "Beyond ~1e4 PF-days (8.6e23 FLOP) his laws contradict each other (§6.3)."
    )
    #: Kaplan §2 and Fig. 1: models of 768 to 1.5e9 non-embedding parameters, trained on
    #: 22 million to 23 billion tokens.
    fitted_params: tuple[float, float] | None = (7.68e2, 1.5e9)
    fitted_tokens: tuple[float, float] | None = (2.2e7, 2.3e10)

    @property
    def irreducible(self) -> float:
        # Kaplan's pure power law has no irreducible term: the loss falls toward 0.
        return 0.0

    @property
    def exponent_a(self) -> float:
        return self.frontier_exponent

    def compute_min(self, compute: ArrayLike) -> FloatArray:
        """Kaplan's C_min, in PF-days, for a training budget C in FLOPs."""
        return _arr(compute) / (self.cmin_factor * PF_DAY)

    def loss(self, params: ArrayLike, tokens: ArrayLike) -> FloatArray:
        n, d = _arr(params), _arr(tokens)
        return ((self.N_c / n) ** (self.alpha_N / self.alpha_D) + self.D_c / d) ** self.alpha_D

    def optimal_params(self, compute: ArrayLike) -> FloatArray:
        """Table 6: N_opt = 1.3e9·C_min^0.73 (so D = C/6N = 2e10·C_min^0.27, Table 6's D_opt)."""
        return self.frontier_coefficient * self.compute_min(compute) ** self.frontier_exponent

    def compute_for_optimal_params(self, params: ArrayLike) -> FloatArray:
        n = _arr(params)
        return self.cmin_factor * PF_DAY * (n / self.frontier_coefficient) ** (1.0 / self.frontier_exponent)

    def tokens_for_loss(self, params: ArrayLike, loss: ArrayLike) -> FloatArray:
        n, target = _arr(params), _arr(loss)
        room = target ** (1.0 / self.alpha_D) - (self.N_c / n) ** (self.alpha_N / self.alpha_D)
        with np.errstate(divide="ignore", invalid="ignore"):
            d = np.where(room > 0, self.D_c / np.where(room > 0, room, 1.0), np.inf)
        return np.asarray(d, dtype=np.float64)


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
    # Hoffmann et al. 2022, abstract and §3: over 400 runs, 70M to 16B parameters, 5B to 500B
    # tokens (the data Besiroglu et al. re-fitted).
    fitted_params=(7e7, 1.6e10),
    fitted_tokens=(5e9, 5e11),
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
    source="Hoffmann et al. 2022, arXiv 2203.15556, App. D.2, eq. 10 (rounded as printed)",
    note=(
        "The constants as printed, rounded to two figures. The rounding moves the optimum: "
        "18-30% too few parameters and 23-43% too many tokens against the paper's own Table A3; "
        "the unrounded family reproduces it."
    ),
    fitted_params=(7e7, 1.6e10),  # Hoffmann et al. 2022, abstract and §3
    fitted_tokens=(5e9, 5e11),  # Hoffmann et al. 2022, abstract: 5 to 500 billion tokens
)

#: The same Approach 3 fit with the constants unrounded, as in the paper's TeX source
#: (ln A = 6.0073404, ln B = 6.0179186, ln E = 0.5267228, α = 0.33917084, β = 0.2849083): these
#: reproduce the paper's own Table A3 (Approach 3 column) within a few percent; the printed,
#: rounded ones do not.
HOFFMANN_2022_UNROUNDED = ChinchillaLaw(
    key="hoffmann2022-unrounded",
    label="Hoffmann 2022 (approach 3, unrounded constants)",
    E=math.exp(0.5267228),  # Hoffmann et al. 2022, TeX source of eq. 10: ln E
    A=math.exp(6.0073404),  # Hoffmann et al. 2022, TeX source of eq. 10: ln A
    B=math.exp(6.0179186),  # Hoffmann et al. 2022, TeX source of eq. 10: ln B
    alpha=0.33917084,  # Hoffmann et al. 2022, TeX source of eq. 10
    beta=0.2849083,  # Hoffmann et al. 2022, TeX source of eq. 10
    source=("Hoffmann et al. 2022, arXiv 2203.15556, eq. 10 unrounded (TeX source); reproduces Table A3, approach 3"),
    note=(
        "Approach 3 with its constants unrounded: matches the paper's own Table A3 within "
        "a few percent (the printed, rounded constants miss it by 18-43%). Still ~60 tokens "
        "per parameter at Gopher's budget, unlike Table 3's ~20 (approach 1)."
    ),
    fitted_params=(7e7, 1.6e10),  # Hoffmann et al. 2022, abstract and §3
    fitted_tokens=(5e9, 5e11),  # Hoffmann et al. 2022, abstract
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
    source="Muennighoff et al. 2023, arXiv 2305.16264, App. A (eq. 17 with R_D* and R_N*)",
    note=(
        "Fitted on repeated data: with a 'unique data' limit set, repeated tokens and excess "
        "parameters count for less (D' and N', R_D* = 15.4, R_N* = 5.3)."
    ),
    fitted_params=(1e7, 9e9),  # Muennighoff et al. 2023: models from 10M to 9B parameters
    # Muennighoff et al. 2023, abstract: runs of up to 900 billion training tokens (the low end
    # is not stated as one figure, so no lower bound is used).
    fitted_tokens=(0.0, 9e11),
)

KAPLAN_2020 = KaplanLaw()

#: Either form of law the app evaluates (defined here once; the rest of the app imports it).
Law = ChinchillaLaw | KaplanLaw

FAMILIES: dict[str, Law] = {
    law.key: law for law in (EPOCH_2024, HOFFMANN_2022, HOFFMANN_2022_UNROUNDED, KAPLAN_2020, MUENNIGHOFF_2023)
}
DEFAULT_FAMILY = EPOCH_2024.key

#: The families the explorer offers in its switch.
EXPLORER_FAMILIES = (
    EPOCH_2024.key,
    HOFFMANN_2022.key,
    HOFFMANN_2022_UNROUNDED.key,
    KAPLAN_2020.key,
    MUENNIGHOFF_2023.key,
)


def get_law(key: str) -> Law:
    try:
        return FAMILIES[key]
    except KeyError:
        raise ValueError(f"unknown law family {key!r}; choose one of: {', '.join(FAMILIES)}") from None


def chinchilla_family(key: str) -> ChinchillaLaw:
    """A built-in family that must be of Chinchilla's form, L = E + A/N^α + B/D^β."""
    law = get_law(key)
    if not isinstance(law, ChinchillaLaw):
        raise ValueError(f"law family {key!r} is not of Chinchilla's form")
    return law


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
