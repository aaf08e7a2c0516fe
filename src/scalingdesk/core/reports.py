"""The numbers the CLI's science commands print, as plain dicts (stable keys for ``--json``).

Qt-free and shared by ``scalingdesk optimal``, ``loss`` and ``laws``; the window reads the same
core functions, so the two never disagree.
"""

from __future__ import annotations

from typing import Any

from scalingdesk.core import allocation
from scalingdesk.core.budgets import PUBLISHED_BUDGETS
from scalingdesk.core.data_constrained import R_D_STAR, R_N_STAR, with_unique_tokens
from scalingdesk.core.laws import (
    DEFAULT_FAMILY,
    FAMILIES,
    KAPLAN_TABLE_6,
    KaplanLaw,
    get_law,
)
from scalingdesk.core.scenario import (
    COMPUTE_RANGE,
    PARAMS_RANGE,
    TOKENS_RANGE,
    check_range,
)
from scalingdesk.core.validity import fitted_range, law_warnings, repeated_data


def _unique(unique_tokens: float | None) -> None:
    if unique_tokens is not None:
        check_range("unique tokens", unique_tokens, TOKENS_RANGE)


def optimal_report(law_key: str, compute: float, unique_tokens: float | None = None) -> dict[str, Any]:
    check_range("compute", compute, COMPUTE_RANGE)
    _unique(unique_tokens)
    family = get_law(law_key)
    law = with_unique_tokens(family, unique_tokens)
    a = allocation.optimal(law, compute)
    out: dict[str, Any] = {
        "law": family.key,
        "compute": a.compute,
        "params": a.params,
        "tokens": a.tokens,
        "tokens_per_param": a.tokens_per_param,
        "loss": a.loss,
    }
    if isinstance(family, KaplanLaw):
        cmin = float(family.compute_min(compute))
        out["kaplan_table_6"] = {
            "c_min_pf_days": cmin,
            "c_over_c_min": family.cmin_factor,
            "n_opt": family.frontier_coefficient * cmin**family.frontier_exponent,
            "d_opt": KAPLAN_TABLE_6["D_e"] * cmin ** KAPLAN_TABLE_6["p_D"],
            "source": "Kaplan et al. 2020, Table 6; C_min = C/1.81 (§5.1 eq. 5.5, ≈ C/2)",
        }
    if unique_tokens is not None:
        out["unique_tokens"] = unique_tokens
        out.update(_repeats(law, a.params, a.tokens, unique_tokens))
    out["warnings"] = list(law_warnings(law, a.params, a.tokens, unique_tokens))
    return out


def loss_report(law_key: str, params: float, tokens: float, unique_tokens: float | None = None) -> dict[str, Any]:
    check_range("params", params, PARAMS_RANGE)
    check_range("tokens", tokens, TOKENS_RANGE)
    _unique(unique_tokens)
    family = get_law(law_key)
    law = with_unique_tokens(family, unique_tokens)
    out: dict[str, Any] = {
        "law": family.key,
        "params": params,
        "tokens": tokens,
        "compute": float(allocation.training_compute(params, tokens)),
        "loss": float(law.loss(params, tokens)),
    }
    if unique_tokens is not None:
        out["unique_tokens"] = unique_tokens
        out.update(_repeats(law, params, tokens, unique_tokens))
    out["warnings"] = list(law_warnings(law, params, tokens, unique_tokens))
    return out


def _repeats(law: Any, params: float, tokens: float, unique_tokens: float) -> dict[str, Any]:
    r = repeated_data(law, params, tokens, unique_tokens)
    out: dict[str, Any] = {"epochs": r.epochs}
    if r.counted:
        out.update(
            effective_tokens=r.effective_tokens,
            effective_params=r.effective_params,
            R_D_star=R_D_STAR,
            R_N_star=R_N_STAR,
        )
    return out


def laws_report() -> dict[str, Any]:
    out: dict[str, dict[str, Any]] = {}
    for key, law in FAMILIES.items():
        r = fitted_range(law)
        out[key] = {
            "label": law.label,
            "source": law.source,
            "note": law.note,
            "fitted_params": list(r.params) if r.params else None,
            "fitted_tokens": list(r.tokens) if r.tokens else None,
            "fitted_range": r.describe(),
        }
        for name in ("E", "A", "B", "alpha", "beta", "alpha_N", "alpha_D", "N_c", "D_c"):
            if hasattr(law, name):
                out[key][name] = getattr(law, name)
        if isinstance(law, KaplanLaw):
            out[key]["table_6"] = dict(KAPLAN_TABLE_6, c_over_c_min=law.cmin_factor)
    out["muennighoff2023"]["R_D_star"] = R_D_STAR
    out["muennighoff2023"]["R_N_star"] = R_N_STAR
    budgets = [{"name": b.name, "flops": b.flops, "how": b.how, "source": b.source} for b in PUBLISHED_BUDGETS]
    from scalingdesk.core import extras

    rates = extras.GrowthRates()
    growth: dict[str, Any] = {
        k: {"per_year": getattr(rates, k), "source": extras.RATE_SOURCES[k]} for k in ("software", "hardware", "chips")
    }
    growth["software"]["per_year_95ci"] = list(rates.software_interval)
    growth["scale_share_of_gains"] = list(extras.SCALE_SHARE_OF_GAINS)
    return {"default": DEFAULT_FAMILY, "laws": out, "budgets": budgets, "growth_rates": growth}
