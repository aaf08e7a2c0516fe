"""The rest of the story: repeated data, the data wall, emergence, effective compute."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from scalingdesk.core.laws import FloatArray, _arr

# --- Data-constrained scaling (Muennighoff et al. 2023, arXiv 2305.16264, eq. 5) -------------

#: R_D*: the number of repetitions after which repeated data is worth 1/e of fresh data's
#: value decays; Muennighoff et al. 2023, fitted value 15.39 (eq. 5 / Table 8).
R_D_STAR = 15.39
#: R_N*: the same for excess parameters; Muennighoff et al. 2023, fitted value 5.31.
R_N_STAR = 5.31


def effective_tokens(tokens: ArrayLike, unique_tokens: ArrayLike) -> FloatArray:
    """D' = U + U·R*·(1 − e^(−R/R*)), R = D/U − 1 repetitions beyond the first epoch.

    With no repetition (D ≤ U) D' = D.  As epochs grow D' saturates at U·(1 + R*) ≈ 16.4·U:
    past a handful of epochs, more epochs stop paying.
    """
    d, u = _arr(tokens), _arr(unique_tokens)
    repeats = np.maximum(d / u - 1.0, 0.0)
    return np.where(d <= u, d, u + u * R_D_STAR * (1.0 - np.exp(-repeats / R_D_STAR)))


def max_effective_tokens(unique_tokens: ArrayLike) -> FloatArray:
    """The ceiling of effective data from U unique tokens, however many epochs: U·(1 + R_D*)."""
    return _arr(unique_tokens) * (1.0 + R_D_STAR)


# --- The data wall (Villalobos et al. 2024, "Will we run out of data?", arXiv 2211.04325v2) ----

#: Effective stock of quality-adjusted public human text, tokens (median estimate).
PUBLIC_TEXT_STOCK = 3e14  # Villalobos et al. 2024, §3 / Fig. 1: ~300T tokens
#: 90% interval of that stock.
PUBLIC_TEXT_STOCK_INTERVAL = (1e14, 1e15)  # Villalobos et al. 2024: 100T to 1000T tokens
#: Years between which the stock is projected to be fully used (Villalobos et al. 2024).
DATA_EXHAUSTION_YEARS = (2026, 2032)


# --- Emergence as a metric artefact (Schaeffer et al. 2023, arXiv 2304.15004) ----------------


def per_token_accuracy(loss: ArrayLike) -> FloatArray:
    """p = exp(−loss): the probability of the right next token (Schaeffer et al. 2023 §2)."""
    return np.exp(-_arr(loss))


def exact_match(loss: ArrayLike, answer_tokens: int) -> FloatArray:
    """≈ p^k: all k tokens of an answer right.  A smooth fall in loss looks like a sudden jump."""
    if answer_tokens < 1:
        raise ValueError(f"answer length {answer_tokens!r} must be at least 1 token")
    return per_token_accuracy(loss) ** answer_tokens


# --- Effective compute -----------------------------------------------------------------------


@dataclass(frozen=True)
class GrowthRates:
    """Yearly multipliers of the three factors of effective compute.

    Defaults are central estimates from Epoch AI: algorithmic efficiency ~3x a year (Ho et al.
    2024, arXiv 2403.05812: compute to reach a given loss halves about every 8 months); hardware
    FLOP/s per dollar ~1.35x a year (Hobbhahn et al. 2023, Epoch "Trends in machine learning
    hardware": doubling every ~2.3 years); spending on chips for the largest runs ~2.6x a year
    (Cottier et al. 2024, arXiv 2405.21015: frontier training cost growth 2.4x/yr), giving the
    ~4-5x a year growth of frontier training compute (Sevilla & Roldán 2024, Epoch).
    """

    software: float = 3.0
    hardware: float = 1.35
    chips: float = 2.6

    def validated(self) -> "GrowthRates":
        for name in ("software", "hardware", "chips"):
            value = getattr(self, name)
            if not (np.isfinite(value) and value > 0):
                raise ValueError(f"{name} growth {value!r} must be a positive yearly multiplier")
        return self


def effective_compute(
    base_compute: float, years: ArrayLike, rates: GrowthRates = GrowthRates()
) -> dict[str, FloatArray]:
    """Effective compute = software × hardware × chips, each compounding yearly from today."""
    rates.validated()
    t = _arr(years)
    software = rates.software**t
    hardware = rates.hardware**t
    chips = rates.chips**t
    return {
        "software": software,
        "hardware": hardware,
        "chips": chips,
        "physical_compute": base_compute * hardware * chips,
        "effective_compute": base_compute * software * hardware * chips,
    }
