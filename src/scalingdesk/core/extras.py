"""The rest of the story: repeated data, the data wall, emergence, effective compute."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

# Data-constrained scaling (Muennighoff et al. 2023) lives in scalingdesk.core.data_constrained;
# its names are re-exported here for older callers.
from scalingdesk.core.data_constrained import (  # noqa: F401
    R_D_STAR,
    R_N_STAR,
    effective_tokens,
    max_effective_tokens,
)
from scalingdesk.core.laws import FloatArray, _arr


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

#: Ho et al. 2024, "Algorithmic progress in language models", arXiv 2403.05812, abstract and §3:
#: the compute needed to reach a fixed performance halves about every 8 months (95% CI 5 to 14
#: months); compute and data scale explain 60-95% of performance gains, algorithms 5-40%.
ALGORITHMIC_HALVING_MONTHS = 8.0
ALGORITHMIC_HALVING_CI_MONTHS = (5.0, 14.0)
SCALE_SHARE_OF_GAINS = (0.60, 0.95)
#: Hobbhahn, Heim & Aydos 2023, Epoch AI "Trends in machine learning hardware": FLOP/s per dollar
#: of ML GPUs doubles about every 2.1 years (price-performance, the figure a budget buys).
HARDWARE_PRICE_PERFORMANCE_DOUBLING_YEARS = 2.1
#: Cottier et al. 2024, "The rising costs of training frontier AI models", arXiv 2405.21015:
#: the amortised hardware and energy cost of frontier training runs grows 2.4x a year.
SPENDING_GROWTH_PER_YEAR = 2.4

RATE_SOURCES = {
    "software": "Ho et al. 2024, arXiv 2403.05812: compute for a fixed result halves every "
    "~8 months (95% CI 5-14), i.e. 2^(12/8) ≈ 2.8x a year",
    "hardware": "Hobbhahn et al. 2023 (Epoch AI, Trends in ML hardware): FLOP/s per dollar "
    "doubles every ~2.1 years, i.e. 2^(1/2.1) ≈ 1.39x a year",
    "chips": "Cottier et al. 2024, arXiv 2405.21015: frontier training cost (amortised "
    "hardware and energy) grows ~2.4x a year",
}


def halving_to_yearly(months: float) -> float:
    """A halving time of the compute needed, in months, as a yearly multiplier of effective
    compute: 2^(12/months)."""
    if not (np.isfinite(months) and months > 0):
        raise ValueError(f"halving time {months!r} months must be positive")
    return float(2.0 ** (12.0 / months))


@dataclass(frozen=True)
class GrowthRates:
    """Yearly multipliers of the three factors of effective compute, each from its source
    (:data:`RATE_SOURCES`): algorithms 2^(12/8) ≈ 2.83x (Ho et al. 2024), hardware price-
    performance 2^(1/2.1) ≈ 1.39x (Hobbhahn et al. 2023), spending 2.4x (Cottier et al. 2024).

    Hardware × spending ≈ 3.3x a year of physical compute, a little under the ~4-5x a year
    growth of frontier training compute measured directly (Sevilla & Roldán 2024, Epoch AI):
    the spending figure is amortised cost, and runs have also grown longer.
    """

    # Rounded to two decimals: the sources' own uncertainty (a 5-14 month CI) is far wider.
    software: float = round(halving_to_yearly(ALGORITHMIC_HALVING_MONTHS), 2)  # 2.83
    hardware: float = round(2.0 ** (1.0 / HARDWARE_PRICE_PERFORMANCE_DOUBLING_YEARS), 2)  # 1.39
    chips: float = SPENDING_GROWTH_PER_YEAR  # 2.4

    @property
    def software_interval(self) -> tuple[float, float]:
        """Ho et al.'s 95% CI of the halving time (5-14 months) as yearly multipliers."""
        lo, hi = ALGORITHMIC_HALVING_CI_MONTHS
        return halving_to_yearly(hi), halving_to_yearly(lo)

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
