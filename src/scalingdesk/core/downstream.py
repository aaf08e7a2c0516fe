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
Their fitted constants are drawn as curves in the papers; we did not find them printed in the
text we had, so :func:`readout` names each fit and says so instead of inventing numbers.  The
functions take the constants as arguments so a user who has them can use them.

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
        "Err(L) = ε − k·exp(−γ·L), L = C4 validation loss",
        "Gadre et al. 2024, arXiv 2403.08540, Eq. 4",
        False,
        "a fit; we did not find its constants printed in the text we had: no number here",
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
    return DownstreamReadout(loss, x if irreducible is not None else None, p, em, FITS, note)
