"""Gopher's and Chinchilla's training budgets, each number with its source (issue 16, item 4).

Hoffmann et al. 2022 state one budget for both models, 5.76e23 FLOPs (§4.1: Chinchilla "uses
the same compute budget as Gopher"; Table 3, the 67B row).  The 6·N·D rule gives 5.04e23 for
Gopher (280B × 300B) and 5.88e23 for Chinchilla (70B × 1.4T): 6·N·D counts only the weight
multiplications, while the paper counts FLOPs in full (App. F: embeddings, attention, the
output layer), and the two models' shapes differ.  The app uses 6·N·D wherever it places a model
by its N and D, and names 5.76e23 only as the paper's figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from scalingdesk.core.laws import FLOPS_PER_PARAM_TOKEN


@dataclass(frozen=True)
class Budget:
    name: str
    flops: float
    how: str
    source: str


#: Hoffmann et al. 2022 (arXiv 2203.15556) §4.1 and Table 3: Gopher's and Chinchilla's budget.
HOFFMANN_STATED_BUDGET = 5.76e23

PUBLISHED_BUDGETS = (
    Budget(
        "Gopher and Chinchilla, as stated",
        HOFFMANN_STATED_BUDGET,
        "the paper's own FLOP count (App. F)",
        "Hoffmann et al. 2022, arXiv 2203.15556, §4.1 and Table 3",
    ),
    Budget(
        "Gopher, 6·N·D",
        FLOPS_PER_PARAM_TOKEN * 280e9 * 300e9,
        "6 × 280B parameters × 300B tokens",
        "Rae et al. 2021, arXiv 2112.11446, Table 1; Hoffmann et al. 2022, Table 1",
    ),
    Budget(
        "Chinchilla, 6·N·D",
        FLOPS_PER_PARAM_TOKEN * 70e9 * 1.4e12,
        "6 × 70B parameters × 1.4T tokens",
        "Hoffmann et al. 2022, arXiv 2203.15556, Table 1",
    ),
)

#: The difference, explained once (shown beside the numbers).
BUDGET_NOTE = (
    "Hoffmann et al. 2022 give one budget, 5.76e23 FLOPs, for both Gopher and Chinchilla. "
    "The simple rule 6·N·D gives 5.04e23 for Gopher and 5.88e23 for Chinchilla: it counts only "
    "the weight multiplications, the paper counts every FLOP (App. F)."
)


#: Models whose paper states a budget different from 6·N·D (shown beside the 6·N·D figure).
STATED_COMPUTE = {
    "gopher": (HOFFMANN_STATED_BUDGET, "Hoffmann et al. 2022 (§4.1, Table 3)"),
    "chinchilla": (HOFFMANN_STATED_BUDGET, "Hoffmann et al. 2022 (§4.1, Table 3)"),
}


def compute_note(model_id: str, params: float, tokens: float) -> str:
    """ "6·N·D = 5.04e23 FLOP; Hoffmann et al. 2022 … state 5.76e23 (…)" for a model's tooltip."""
    from scalingdesk.core.units import format_sci

    simple = FLOPS_PER_PARAM_TOKEN * params * tokens
    text = f"Compute: 6·N·D = {format_sci(simple)} FLOP"
    if model_id in STATED_COMPUTE:
        stated, source = STATED_COMPUTE[model_id]
        text += (
            f"; {source} state {format_sci(stated)} for it (the paper counts every FLOP, "
            "App. F; 6·N·D counts only the weight multiplications)"
        )
    return text
