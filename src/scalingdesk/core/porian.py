"""Porian et al. 2024's own steps from Kaplan's exponent to Chinchilla's, as they measured them.

Porian, Wortsman, Jitsev, Schmidt & Carmon, "Resolving Discrepancies in Compute-Optimal Scaling of
Language Models", NeurIPS 2024, arXiv 2406.19146.  They train 5M–901M-parameter models on
RefinedWeb, reproduce Kaplan's setup, then correct one factor at a time and refit N* ∝ C^a.
These are *measured* exponents (their Fig. 1, panels a–e), not computed here; each step names its
panel.

Provenance (said on screen too).  First read from Fig. 1 as reproduced on Stanford CS336 (2025)
lecture 9, slide 51; then checked against the authors' own release,
github.com/formll/resolving-scaling-law-discrepancies (commit 0dc60d9), which holds the fits that
draw Fig. 1 and their results table:
* data/summary_df.pickle.xz, the five Fig. 1 configurations (configs.py FIGURE1_CONFIGS, panel
  letters from paper_figures.py figure1), fit "bs_median_weighted": a = 0.8353, 0.7065, 0.6020,
  0.5715, 0.4969 and N*(5.88e23) = 3.03e12, 7.87e11, 2.92e11, 1.83e11, 7.69e10, which the
  figure prints as 0.835, 0.706, 0.602, 0.571, 0.497 (%.3g) and 3T, 787B, 292B, 183B, 77B
  (utils.fmt_model_size rounds to whole units): every value here matches.
* Their results table (make_paper.ipynb, cell building results_table_df) adds the rows
  "Kaplan Law, WebText2, 0.88" and "Hoffmann Law, MassiveText, 0.5".
* configs.py: FLOP_VALS = 1e17·2^k, k = −3…8 (1.25e16 to 2.56e19 FLOP); CHINCHILLA_FLOPS = 5.88e23.
* The runs' model sizes in that data: 5.17M to 901.7M parameters.
The PDF's own text we did not read; its abstract (arxiv.org/html/2406.19146v2) names the same
three factors and that careful learning-rate decay is not essential.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PAPER = "Porian et al. 2024, arXiv 2406.19146"
#: Kaplan's law restated by Porian et al. (results table, row "Kaplan Law", WebText2; in their
#: released make_paper.ipynb as the row ["Kaplan Law", "WebText2", "0.88"]).
KAPLAN_LAW_EXPONENT = 0.88
#: Hoffmann et al.'s law in the same table (row "Hoffmann Law", MassiveText).
HOFFMANN_LAW_EXPONENT = 0.5
#: The budget at which Fig. 1 states each fit's N*: Chinchilla's, 5.88e23 FLOP (their configs.py,
#: CHINCHILLA_FLOPS).
CHINCHILLA_BUDGET = 5.88e23
PROVENANCE = (
    "checked against the fits the authors released for Fig. 1 and their results table "
    "(github.com/formll/resolving-scaling-law-discrepancies, data/summary_df.pickle.xz)"
)


@dataclass(frozen=True)
class PorianStep:
    panel: str  # the panel of their Fig. 1
    title: str  # the panel's title, as their configs.py (CONFIG_DICT_LABEL) writes it
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
        "Counting last layer FLOPs",
        "count the output (un-embedding) layer's compute, large for small models",
        0.706,
        787e9,
        True,
    ),
    PorianStep(
        "c",
        "Correcting warmup",
        "a warm-up no longer than the run (it was too long for the smallest budgets)",
        0.602,
        292e9,
        True,
    ),
    PorianStep(
        "d",
        "Cosine decay",
        "side branch: cosine decay to the budget's end (Chinchilla's), hyperparameters untuned",
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
#: k = −3…8, in their released configs.py, formll/resolving-scaling-law-discrepancies).
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
