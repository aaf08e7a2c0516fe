"""Why Kaplan (N ∝ C^0.73) and Chinchilla (N ∝ C^0.50) disagree, computed factor by factor.

Pearce & Song 2024, "Reconciling Kaplan and Chinchilla Scaling Laws", arXiv 2406.12907: take
Chinchilla's law in total parameters N_T, L = E + A/N_T^α + B/D^β, and count as Kaplan did:
non-embedding parameters N_\\E with N_T = N_\\E + γ·N_\\E^(1/3) (γ = 47491, their fit to
Chinchilla's model shapes: vocabulary 32k, width/depth 39.2) and compute C_\\E = 6·N_\\E·D, over
Kaplan's small budgets.  The compute-optimal N_\\E then grows much faster than C_\\E^0.5.
The optimum is exact, not searched: setting ∂L/∂N_\\E = 0 at fixed C_\\E gives
  D* = (βB/(αA))^(1/β) · (N + γ/3·N^(1/3))^(−1/β) · N_T^((1+α)/β),  C_\\E = 6·N·D*
(Pearce & Song §3; with γ = 0 it is Chinchilla's N ∝ C^(β/(α+β))).  This module sweeps N, keeps
the budgets in a range and fits the slope of log N* on log C, as both studies fitted theirs.

Porian et al. 2024, "Resolving Discrepancies in Compute-Optimal Scaling of Language Models",
arXiv 2406.19146, name three more factors (last-layer FLOPs, warm-up duration, optimizer tuning
by scale) and measure the exponent after each correction; their numbers are in
:mod:`scalingdesk.core.porian` (with where we read them) and travel with this table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scalingdesk.core import porian
from scalingdesk.core.laws import ChinchillaLaw, Law, get_law
from scalingdesk.core.porian import STEPS as PORIAN_STEPS
from scalingdesk.core.porian import PorianStep

GAMMA = 47491.0  # Pearce & Song 2024: N_T = N_\E + 47491·N_\E^(1/3) (fit to Chinchilla's configs)
KAPLAN_EXPONENT = 0.73  # Kaplan et al. 2020, Table 6 (as Hoffmann et al. 2022, Table 2, cite it)
CHINCHILLA_EXPONENTS = {"Approach 1": 0.50, "Approach 2": 0.49, "Approach 3": 0.46}  # Hoffmann Table 2
#: Budgets (FLOP).  Kaplan's: the range Pearce & Song simulate for Kaplan's study (10^12.95 to
#: 10^20.7, their analysis code), Kaplan's models having 768 to 1.5B non-embedding parameters.
KAPLAN_RANGE = (10**12.95, 10**20.7)
#: Chinchilla's IsoFLOP budgets: 6e18 to 3e21 FLOP (Hoffmann et al. 2022, §3.2).
CHINCHILLA_RANGE = (6e18, 3e21)

PORIAN_FACTORS = (
    ("last-layer FLOPs", "Kaplan's compute count leaves out the output layer's cost, which is large for small models"),
    ("warm-up duration", "a long fixed warm-up is too long for small budgets"),
    ("optimizer tuning by scale", "learning rate, batch size and AdamW β2 tuned for each size"),
)
PORIAN_NOTE = (
    "Porian et al. 2024 (arXiv 2406.19146) trained 5M–901M-parameter models on RefinedWeb, "
    "reproduced Kaplan's setup and corrected one factor at a time; their measured exponent "
    f"goes from {porian.STEPS[0].exponent} to {porian.STEPS[-1].exponent} (Kaplan's law as they "
    f"restate it: {porian.KAPLAN_LAW_EXPONENT}); careful learning-rate decay is not essential. "
    f"Measured by them, not computed here; {porian.PROVENANCE}."
)


@dataclass(frozen=True)
class Setting:
    non_embedding: bool  # Kaplan: count N_\E and C_\E = 6·N_\E·D
    small_scale: bool  # Kaplan's budgets instead of Chinchilla's

    @property
    def label(self) -> str:
        count = "non-embedding N and C (Kaplan)" if self.non_embedding else "total N and C (Chinchilla)"
        scale = "Kaplan's budgets 10^13–10^20.7 FLOP" if self.small_scale else "Chinchilla's budgets 6e18–3e21 FLOP"
        return f"{count}, {scale}"


def optimal_frontier(law: ChinchillaLaw, non_embedding: bool, params: np.ndarray) -> np.ndarray:
    """Compute C at which each N (non-embedding if asked, else total) is compute-optimal."""
    n = np.asarray(params, dtype=float)
    gamma = GAMMA if non_embedding else 0.0
    alpha, beta = law.alpha, law.beta
    n_total = n + gamma * n ** (1 / 3)
    d = (
        (beta * law.B / (alpha * law.A)) ** (1 / beta)
        * (n + gamma / 3 * n ** (1 / 3)) ** (-1 / beta)
        * n_total ** ((1 + alpha) / beta)
    )
    return 6.0 * n * d


def _fit(setting: Setting, law: Law) -> tuple[float, float]:
    if not isinstance(law, ChinchillaLaw):
        raise ValueError(f"law {law.key!r} is not of Chinchilla's form; use epoch2024 or hoffmann2022")
    n = np.logspace(1, 14, 4000)
    c = optimal_frontier(law, setting.non_embedding, n)
    lo, hi = KAPLAN_RANGE if setting.small_scale else CHINCHILLA_RANGE
    keep = (c >= lo) & (c <= hi)
    slope, intercept = np.polyfit(np.log(c[keep]), np.log(n[keep]), 1)
    return float(slope), float(intercept)


def fitted_exponent(setting: Setting, law: ChinchillaLaw | None = None) -> float:
    """Slope of log N* on log C over the setting's budgets (as a scaling study would fit it)."""
    return _fit(setting, law or get_law("epoch2024"))[0]


def local_exponent(law: ChinchillaLaw, non_embedding: bool, compute: float) -> float:
    """d log N* / d log C at one budget."""
    n = np.logspace(1, 14, 4000)
    c = optimal_frontier(law, non_embedding, n)
    slope = np.gradient(np.log(n), np.log(c))
    return float(np.interp(math.log(compute), np.log(c), slope))


@dataclass(frozen=True)
class Step:
    title: str
    setting: Setting
    exponent: float
    note: str


@dataclass(frozen=True)
class ReconcileTable:
    law_label: str
    steps: tuple[Step, ...]
    kaplan: float
    chinchilla: dict[str, float]
    porian: tuple[tuple[str, str], ...]
    porian_note: str
    source: str
    porian_steps: tuple[PorianStep, ...] = PORIAN_STEPS

    def exponent(self, non_embedding: bool, small_scale: bool) -> float:
        for s in self.steps:
            if s.setting == Setting(non_embedding, small_scale):
                return s.exponent
        raise ValueError("no such setting")


def reconcile_table(law_key: str = "epoch2024") -> ReconcileTable:
    """Kaplan's way of counting, then each factor switched to Chinchilla's, one at a time."""
    law = get_law(law_key)
    if not isinstance(law, ChinchillaLaw):
        raise ValueError(f"law {law_key!r} is not of Chinchilla's form; use epoch2024 or hoffmann2022")
    order = (
        (
            "Kaplan's way: non-embedding N, small budgets",
            Setting(True, True),
            "Pearce & Song's simulation of Kaplan's study",
        ),
        ("→ total N, small budgets", Setting(False, True), "counting the embeddings removes the bias at every scale"),
        (
            "→ non-embedding N, large budgets",
            Setting(True, False),
            "at large N the embeddings are a small share, so the bias fades",
        ),
        (
            "Chinchilla's way: total N, large budgets",
            Setting(False, False),
            f"exactly β/(α+β) = {law.beta / (law.alpha + law.beta):.3f} for this law",
        ),
    )
    steps = tuple(Step(t, s, fitted_exponent(s, law), n) for t, s, n in order)
    return ReconcileTable(
        law_label=law.label,
        steps=steps,
        kaplan=KAPLAN_EXPONENT,
        chinchilla=dict(CHINCHILLA_EXPONENTS),
        porian=PORIAN_FACTORS,
        porian_note=PORIAN_NOTE,
        source="Pearce & Song 2024, arXiv 2406.12907 (§3, γ = 47491); law: " + law.source,
    )


@dataclass(frozen=True)
class FrontierView:
    """What the reconciliation plot draws for one setting."""

    setting: Setting
    compute: np.ndarray  # the compute-optimal frontier, C against N*
    params: np.ndarray
    fit_compute: np.ndarray  # the fitted power law over the setting's budgets
    fit_params: np.ndarray
    budget_range: tuple[float, float]
    exponent: float
    caption: str


def frontier_view(setting: Setting, law_key: str = "epoch2024") -> FrontierView:
    law = get_law(law_key)
    slope, icept = _fit(setting, law)
    assert isinstance(law, ChinchillaLaw)  # _fit refused any other form
    n = np.logspace(2, 13, 600)
    c = optimal_frontier(law, setting.non_embedding, n)
    keep = (c >= 1e11) & (c <= 1e26)
    lo, hi = KAPLAN_RANGE if setting.small_scale else CHINCHILLA_RANGE
    fc = np.logspace(math.log10(lo), math.log10(hi), 20)
    who = "non-embedding N" if setting.non_embedding else "total N"
    caption = (
        f"{who} ∝ C^{slope:.2f}, fitted on {lo:.0e}–{hi:.0e} FLOP\n"
        f"Kaplan reported {KAPLAN_EXPONENT}, Chinchilla {CHINCHILLA_EXPONENTS['Approach 1']:.2f}"
    )
    return FrontierView(setting, c[keep], n[keep], fc, np.exp(icept) * fc**slope, (lo, hi), float(slope), caption)
