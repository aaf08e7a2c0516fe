"""The small plots a tour scene shows in its panel: emergence, effective compute, loss against N.

Arrays only (named keys); scalingdesk.qt.tour.panel draws them."""

from __future__ import annotations

import numpy as np

from scalingdesk.core import allocation, extras
from scalingdesk.core.laws import DEFAULT_FAMILY, FAMILIES, chinchilla_family

#: Extra plots drawn inside the tour panel (fed by :func:`panel_plot_data`).
PANEL_PLOTS = ("emergence", "effective_compute", "loss_vs_params")

#: Answer length, in tokens, of the emergence scene's exact-match task (illustrative).
ANSWER_TOKENS = 20
#: Budget the emergence and effective-compute panels start from (a 2024 frontier run,
#: Llama 3.1 405B: 3.8e25 FLOPs, Dubey et al. 2024 §3.2.1).
FRONTIER_COMPUTE_2024 = 3.8e25


def emergence_curves(compute: np.ndarray, answer_tokens: int = ANSWER_TOKENS) -> dict[str, np.ndarray]:
    """Loss, per-token accuracy and exact match along the default law's frontier.

    Illustration after Schaeffer et al. 2023 (arXiv 2304.15004, §2): the answer's per-token loss
    is taken as the reducible part of the loss, L − E (our assumption: a task with one right
    answer has no irreducible entropy), so p = exp(−(L − E)) and exact match ≈ p^k.
    """
    law = FAMILIES[DEFAULT_FAMILY]
    _, _, loss = allocation.frontier(law, compute)
    reducible = loss - law.irreducible
    return {
        "compute": np.asarray(compute, dtype=np.float64),
        "loss": loss,
        "per_token": extras.per_token_accuracy(reducible),
        "exact_match": extras.exact_match(reducible, answer_tokens),
    }


def panel_plot_data(name: str) -> dict[str, np.ndarray]:
    """Arrays for the small plot a scene shows in the tour panel."""
    if name == "emergence":
        return emergence_curves(np.logspace(18, 28, 121))
    if name == "effective_compute":
        years = np.linspace(0.0, 5.0, 51)
        out = extras.effective_compute(FRONTIER_COMPUTE_2024, years)
        out["years"] = years
        return out
    if name == "loss_vs_params":
        return loss_against_params()
    raise ValueError(f"unknown panel plot {name!r}; choose one of {', '.join(PANEL_PLOTS)}")


#: The data scene 4 holds fixed (20B tokens) and the model sizes it sweeps (1B … 1T, with room).
SCENE4_TOKENS = 2e10


def loss_against_params(tokens: float = SCENE4_TOKENS) -> dict[str, np.ndarray]:
    """Scene 4's plot: loss against N with D held, and the floor the data sets, E + B/D^β
    (Hoffmann et al. 2022, eq. 2, with the default family's constants)."""
    law = chinchilla_family(DEFAULT_FAMILY)
    n = np.logspace(9, 12.5, 121)  # 1B … ~3T: the scene's drag, with room past 1T
    return {
        "params": n,
        "loss": np.asarray(law.loss(n, np.full_like(n, tokens)), dtype=np.float64),
        "data_floor": np.full_like(n, float(law.E + law.B / tokens**law.beta)),
        "floor": np.full_like(n, float(law.E)),
    }
