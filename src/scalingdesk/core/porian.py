"""Porian et al. 2024's own steps from Kaplan's exponent to Chinchilla's, as they measured them.

Porian, Wortsman, Jitsev, Schmidt & Carmon, "Resolving Discrepancies in Compute-Optimal Scaling of
Language Models", NeurIPS 2024, arXiv 2406.19146.  They train 5M–901M-parameter models on
RefinedWeb, reproduce Kaplan's setup, then correct one factor at a time and refit N* ∝ C^a.
These are *measured* exponents (their Fig. 1, panels a–e), not computed here; each step names its
panel.  Provenance, said on screen too: the panel values were read from Fig. 1 as reproduced on
Stanford CS336 (2025) lecture 9, slide 51, not from the paper's text, which we did not have; the
last step's 0.497 also appears, independently, as "Porian et al. measured the exponent at 0.497".
Kaplan's own law, as Porian et al. restate it (their results table, row "Kaplan Law", WebText2):
a = 0.88; Hoffmann et al.'s: a = 0.5.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PAPER = "Porian et al. 2024, arXiv 2406.19146"
#: Kaplan's law restated by Porian et al. (results table, row "Kaplan Law", WebText2).
KAPLAN_LAW_EXPONENT = 0.88
#: Hoffmann et al.'s law in the same table (row "Hoffmann Law", MassiveText).
HOFFMANN_LAW_EXPONENT = 0.5
#: The budget at which Fig. 1 states each fit's N*: Chinchilla's, 5.88e23 FLOP.
CHINCHILLA_BUDGET = 5.88e23
PROVENANCE = (
    "panel values read from Porian et al.'s Fig. 1 as reproduced on Stanford CS336 (2025) "
    "lecture 9, slide 51; not checked against the paper's text, which we did not have"
)


@dataclass(frozen=True)
class PorianStep:
    panel: str  # the panel of their Fig. 1
    title: str
    change: str  # what this step corrects, relative to the one before
    exponent: float  # fitted a in N* ∝ C^a (RefinedWeb)
    n_star_at_chinchilla_budget: float  # their fit's N* at 5.88e23 FLOP
    main_path: bool  # False for the side branch (cosine decay without tuning)

    @property
    def source(self) -> str:
        return f"{PAPER}, Fig. 1{self.panel}"


STEPS = (
    PorianStep(
        "a",
        "Reproducing Kaplan et al.",
        "Kaplan's setup: compute without the output layer, long warm-up, one set of hyperparameters",
        0.835,
        3e12,
        True,
    ),
    PorianStep(
        "b",
        "Counting last-layer FLOPs",
        "count the output (un-embedding) layer's compute, large for small models",
        0.706,
        787e9,
        True,
    ),
    PorianStep(
        "c",
        "Correcting warm-up",
        "a warm-up no longer than the run (it was too long for the smallest budgets)",
        0.602,
        292e9,
        True,
    ),
    PorianStep(
        "d",
        "Cosine decay (no tuning)",
        "side branch: decay the learning rate with the budget, hyperparameters untuned",
        0.571,
        183e9,
        False,
    ),
    PorianStep(
        "e",
        "Optimizer tuning (no decay)",
        "learning rate, batch size and AdamW β2 tuned for each size, constant learning rate",
        0.497,
        77e9,
        True,
    ),
)


def steps() -> tuple[PorianStep, ...]:
    return STEPS


def main_path() -> tuple[PorianStep, ...]:
    """Kaplan's setup to Chinchilla's answer, one correction at a time (panels a, b, c, e)."""
    return tuple(s for s in STEPS if s.main_path)


FITS_NOTE = (
    f"{PAPER}, Fig. 1: N* ∝ C^a fitted to their RefinedWeb runs (5M–901M-parameter models), "
    "drawn over the budgets they measured; " + PROVENANCE
)
#: Their budgets: 12 compute budgets 2x apart, 1.25e16 to 2.56e19 FLOP (FLOP_VALS = 1e17·2^k,
#: k = −3…8, in their released analysis code, formll/resolving-scaling-law-discrepancies).
BUDGETS = (1.25e16, 2.56e19)


@dataclass(frozen=True)
class FitLine:
    """One step's published fit, N*(C) = N*_C·(C / 5.88e23)^a, for the reconcile plot."""

    step: PorianStep
    compute: np.ndarray  # over their budgets
    params: np.ndarray
    label: str


def fit_lines(points: int = 20) -> tuple[FitLine, ...]:
    """Each main-path step's fit over the budgets they measured (no extrapolation drawn)."""
    c = np.logspace(np.log10(BUDGETS[0]), np.log10(BUDGETS[1]), points)
    return tuple(
        FitLine(
            s, c, s.n_star_at_chinchilla_budget * (c / CHINCHILLA_BUDGET) ** s.exponent, f"{s.panel}: a = {s.exponent}"
        )
        for s in main_path()
    )


def fits_caption() -> str:
    """One label for the fits, which meet at their largest budget and fan out at the smallest
    (the flattest on top there)."""
    order = sorted(main_path(), key=lambda s: s.exponent)
    return "Porian et al. 2024, measured fits\n(dotted, top to bottom at left):\na = " + ", ".join(
        f"{s.exponent}" for s in order
    )
