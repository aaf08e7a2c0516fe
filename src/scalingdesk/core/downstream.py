"""From loss to what people care about: the published steps from loss to benchmark scores.

Two published fits, each named with its benchmark; both are *fits*, valid for the models and
data they were fitted on, and neither is a law of nature:
* Llama 3 (Dubey et al. 2024, "The Llama 3 Herd of Models", arXiv 2407.21783, §3.2.1 and
  Fig. 4): a two-step prediction on ARC Challenge: (1) the compute-optimal models' normalised
  negative log-likelihood of the right answer falls as a power law of training FLOPs; (2) that
  NLL maps to accuracy through a sigmoid, fitted with the scaling-law models and Llama 2.
* Gadre et al. 2024, "Language models scale reliably with over-training and on downstream
  tasks", arXiv 2403.08540, Eq. 4: average top-1 error over 17 tasks falls exponentially with
  the C4 validation loss, Err(L) = ε − k·exp(−γ·L).
Gadre et al.'s fitted constants for models trained on RedPajama, with the loss measured on C4
eval and the error averaged over their 17-task split: ε = 0.857, k = 2.21, γ = 0.715, and their
loss law L(C, M) = E + (a·M^η + b·M^−η)·C^−η, E = 1.84, a = 212, b = 367, η = 0.136 (M = D/N).
Checked against the authors' release, github.com/mlfoundations/scaling (commit a003c49):
refitting with their own code and data (scaling/shared.py fit_ds("rpj", "c4_val",
"avg_subset", …), the defaults of their Table 2, as scaling_explorer.ipynb does) gives
E = 1.837, a = 212.2 (their code's 166.2·6^η), b = 366.7, η = 0.1364; ε = 0.857, k = 2.206,
γ = 0.7146.  The loss law is fitted on five runs (0.011B, 0.079B, 0.154B and 0.411B at M = 20,
0.011B at M = 320), the error law on those and 1.4B at M = 20.  Their testbed runs from 0.011B
(10,569,312 parameters) to 6.9B (6,889,410,560); the C4 eval losses the error fit was fitted and
tested on, at M = 20, run from 2.425 (6.9B) to 5.387 (0.011B) in their released evaluations
(exp_data/models/rpj-open_lm_7b-1.0.json, rpj-d=96_l=8_h=4-1.0.json): :data:`GADRE_LOSS_RANGE`,
the range the readout calls fitted (their own law at M = 20 gives 2.46 to 5.41).  The equation
number (Eq. 4) is as we first cited it; the PDF's text we did not read.  Llama 3's constants are
shown only as curves (Fig. 4): no number here.

What can be computed without a fit (Schaeffer et al. 2023, arXiv 2304.15004): per-token
accuracy p = exp(−loss) and exact match of a k-token answer ≈ p^k (scalingdesk.core.extras).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scalingdesk.core import extras


def gadre_top1_error(loss, epsilon: float, k: float, gamma: float) -> np.ndarray:
    """Gadre et al. 2024, Eq. 4: Err(L) = ε − k·exp(−γ·L) (a fit: pass the paper's constants)."""
    return epsilon - k * np.exp(-gamma * np.asarray(loss, dtype=float))


def llama3_sigmoid_accuracy(nll, low: float, high: float, slope: float, midpoint: float) -> np.ndarray:
    """Llama 3 paper, step 2: accuracy as a sigmoid of the task's normalised NLL, falling from
    ``high`` to ``low`` around ``midpoint`` (the form of their Fig. 4; constants not printed)."""
    x = np.asarray(nll, dtype=float)
    return low + (high - low) / (1.0 + np.exp(slope * (x - midpoint)))


#: Gadre et al. 2024 (arXiv 2403.08540v2), fitted parameters for RedPajama-trained models, loss on
#: C4 eval: Eq. 4, Err(L) = ε − k·exp(−γ·L), average top-1 error over their 17-task split
#: (refitted from mlfoundations/scaling's released data with their code: 0.857, 2.206, 0.7146).
GADRE_EPSILON, GADRE_K, GADRE_GAMMA = 0.857, 2.21, 0.715
#: Their loss law L(C, M), same fit: E, a, b, η (refitted: 1.837, 212.2, 366.7, 0.1364).
GADRE_E, GADRE_A, GADRE_B, GADRE_ETA = 1.84, 212.0, 367.0, 0.136
#: Their testbed's sizes (0.011B to 6.9B parameters; scaling/constants.py NAME_PARAMS).
GADRE_TESTBED_PARAMS = (0.011e9, 6.9e9)
GADRE_SOURCE = (
    "Gadre et al. 2024, arXiv 2403.08540v2, Eq. 4, fit for RedPajama-trained models on C4 eval loss "
    "(checked by refitting their released data, github.com/mlfoundations/scaling)"
)


def gadre_loss(params: float, tokens: float) -> float:
    """Gadre et al.'s loss law L(C, M) = E + (a·M^η + b·M^−η)·C^−η, C = 6ND, M = D/N (C4 loss)."""
    c, m = 6.0 * params * tokens, tokens / params
    return GADRE_E + (GADRE_A * m**GADRE_ETA + GADRE_B * m**-GADRE_ETA) * c**-GADRE_ETA


#: The C4 eval losses their error fit was fitted and tested on (released evaluations, RedPajama,
#: M = 20): 2.425 for the 6.9B model, 5.387 for the 0.011B model.
GADRE_LOSS_RANGE = (2.425, 5.387)


@dataclass(frozen=True)
class GadreReadout:
    """Average top-1 accuracy over Gadre et al.'s 17 tasks that their fit gives for a loss."""

    loss: float
    error: float
    accuracy: float
    fitted_range: tuple[float, float]
    in_range: bool
    warning: str | None
    source: str

    @property
    def text(self) -> str:
        """The readout beside the loss (the panel shows it as is)."""
        return f"≈ {100 * self.accuracy:.0f}% accuracy on 17 tasks (Gadre 2024 fit)"

    @property
    def short_warning(self) -> str | None:
        """A marker beside the readout (the whole warning is in its tooltip)."""
        return None if self.in_range else "⚠ extrapolation"

    @property
    def details(self) -> str:
        return (
            f"Average top-1 error over Gadre et al.'s 17 tasks, Err(L) = {GADRE_EPSILON} − "
            f"{GADRE_K}·exp(−{GADRE_GAMMA}·L) = {self.error:.3f} at L = {self.loss:.3f}. "
            f"Source: {self.source}. A fit for named "
            "benchmarks and one training set, not a law." + (f" Warning: {self.warning}." if self.warning else "")
        )


def gadre_readout(loss: float) -> GadreReadout:
    """Gadre et al.'s fit at one loss, with a warning when the loss lies outside their testbed's."""
    if not math.isfinite(loss) or loss <= 0:
        raise ValueError(f"loss {loss!r} must be a positive number")
    err = float(gadre_top1_error(loss, GADRE_EPSILON, GADRE_K, GADRE_GAMMA))
    lo, hi = GADRE_LOSS_RANGE
    inside = lo <= loss <= hi
    warning = None
    if not inside:
        side = "below" if loss < lo else "above"
        warning = (
            f"loss {loss:.3f} is {side} the fitted range {lo:.2f}–{hi:.2f} (C4 eval loss of their "
            "0.011B–6.9B models): an extrapolation. The knobs' loss is on the law's own data, "
            "not C4, so read it as the shape of the step, not a prediction"
        )
    return GadreReadout(loss, err, 1.0 - err, (lo, hi), inside, warning, GADRE_SOURCE)


@dataclass(frozen=True)
class PublishedFit:
    name: str
    benchmark: str
    form: str
    source: str
    constants_published: bool
    status: str


FITS = (
    PublishedFit(
        "Llama 3 two-step prediction",
        "ARC Challenge",
        "NLL(C) = power law of training FLOPs; accuracy = sigmoid(NLL)",
        "Dubey et al. 2024, arXiv 2407.21783, §3.2.1, Fig. 4",
        False,
        "a fit; its constants are shown only as curves in Fig. 4, not printed: no number here",
    ),
    PublishedFit(
        "Gadre et al. loss-to-error",
        "average of 17 tasks (top-1 error)",
        "Err(L) = ε − k·exp(−γ·L), L = C4 validation loss; ε = 0.857, k = 2.21, γ = 0.715",
        GADRE_SOURCE,
        True,
        "a fit for RedPajama-trained models 0.011B–6.9B, loss on C4 eval; constants checked by "
        "refitting the authors' released data with their code",
    ),
)


@dataclass(frozen=True)
class DownstreamReadout:
    loss: float
    reducible_loss: float | None
    per_token_accuracy: float
    exact_match: dict[int, float]
    fits: tuple[PublishedFit, ...]
    note: str
    gadre: GadreReadout | None = None


def readout(loss: float, irreducible: float | None = None, answer_tokens=(1, 5, 10, 20)) -> DownstreamReadout:
    """What a loss means downstream: Schaeffer et al.'s p = exp(−L) (on the reducible part when
    the law's floor E is given, as the tour's emergence scene does) and the published fits."""
    if not math.isfinite(loss) or loss <= 0:
        raise ValueError(f"loss {loss!r} must be a positive number")
    if irreducible is not None and not 0 <= irreducible < loss:
        raise ValueError(f"irreducible loss {irreducible!r} must be between 0 and the loss {loss!r}")
    x = loss - irreducible if irreducible is not None else loss
    p = float(extras.per_token_accuracy(x))
    em = {k: float(extras.exact_match(x, k)) for k in answer_tokens}
    note = (
        "Per-token accuracy and exact match follow Schaeffer et al. 2023 (p = exp(−loss), "
        "exact match ≈ p^k): a model of the metric, not a fit to a benchmark. "
        + " ".join(f"{f.name} ({f.benchmark}, {f.source}): {f.status}." for f in FITS)
    )
    return DownstreamReadout(loss, x if irreducible is not None else None, p, em, FITS, note, gadre_readout(loss))
