"""Plain-language readouts of the explorer's control panel, computed Qt-free (issue 16 items 2,
6 and 8): the compute in GPU-days on the scenario's own hardware, the unique data and the
epochs it implies, and the warnings when the knobs leave a law's fitted range."""

from __future__ import annotations

from typing import Any

from scalingdesk.core import allocation
from scalingdesk.core.units import format_count, format_duration_days, format_flops, format_number
from scalingdesk.core.validity import law_warnings, repeated_data


def _days_text(days: float) -> str:
    """16,900 rather than 1.69e+04; small budgets keep three significant digits."""
    return f"{days:,.0f}" if days >= 100 else f"{days:.3g}"


def gpu_days(compute: float, config: Any) -> float:
    """Days one GPU of the scenario's hardware needs for ``compute`` at its MFU and precision
    (dense peak from the catalog or the user's custom GPU)."""
    precision = config.precision if config.precision in ("bf16", "fp16", "fp8") else "bf16"
    return compute / (config.gpu().peak_flops(precision) * config.mfu * 86400.0)


def compute_text(compute: float, config: Any) -> tuple[str, str]:
    """(readout, tooltip) for the budget on the hardware the user chose."""
    gpu = config.gpu()
    name = gpu.name.replace("NVIDIA ", "").replace("GeForce ", "")
    precision = config.precision if config.precision in ("bf16", "fp16", "fp8") else "bf16"
    days = gpu_days(compute, config)
    text = (
        f"{format_flops(compute)} ≈ {_days_text(days)} {name} GPU-days at {config.mfu:.0%} "
        f"utilisation ({format_duration_days(days / config.num_gpus)} on "
        f"{config.num_gpus:,} GPU{'s' * (config.num_gpus > 1)})"
    )
    peak = gpu.peak_flops(precision) / 1e12
    tip = (
        f"GPU-days = C / ({peak:g} TFLOP/s dense {precision} × {config.mfu:.0%} utilisation × "
        f"86,400 s). GPU, precision, utilisation and GPU count come from the Hardware panel. "
        f"Source of the GPU figures: {gpu.source}"
    )
    return text, tip


def warnings_text(law: Any, params: float, tokens: float, unique_tokens: float | None) -> str:
    """The plain warnings for the knobs (empty when the law holds there)."""
    return "\n".join(f"⚠ {w}" for w in law_warnings(law, params, tokens, unique_tokens))


def unique_text(law: Any, params: float, tokens: float, unique_tokens: float | None) -> str:
    if unique_tokens is None:
        return "Unique data: unlimited (every token fresh)."
    return repeated_data(law, params, tokens, unique_tokens).text


# --- the loss readout and the balance verdict (issue 13: no view formats a number) ----------


def published_optimum(law: Any, compute: float) -> allocation.Allocation:
    """The law's own compute-optimal allocation at ``compute``: the knobs' markers and the
    balance readout compare the model on the knobs with it."""
    return allocation.optimal(law, compute)


def loss_text(loss: float) -> str:
    """The big readout: "loss 1.937" (three decimals, as every loss on screen)."""
    return f"loss {loss:.3f}"


def loss_tip(law: Any, params: float, tokens: float) -> str:
    return f"{law.label}: L(N, D) at N = {format_count(params, 'params')}, D = {format_count(tokens, 'tokens')}"


def published_differs(best_tokens_per_param: float, opt: allocation.Allocation) -> bool:
    """True where the law's published allocation is not the bottom of its own IsoFLOP valley
    (more than 5% off in tokens per parameter): Kaplan 2020, fitted on early-stopped runs."""
    return abs(opt.tokens_per_param / best_tokens_per_param - 1) > 0.05


def balance_text(law: Any, params: float, tokens: float, opt: allocation.Allocation) -> str:
    """Tokens per parameter against the best, and a verdict that does not contradict them:
    "18.4 (best 13.0)" is "balanced" only within Balance.TOLERANCE of the best loss, so it says
    so; under Kaplan 2020 it also gives the loss of the law's published allocation."""
    b = allocation.balance(law, params, tokens)
    ratio = f"{format_number(b.tokens_per_param)} tokens per parameter (best {format_number(b.best_tokens_per_param)})"
    if b.verdict == "balanced":
        close = abs(b.tokens_per_param / b.best_tokens_per_param - 1) < 0.05
        verdict = (
            "balanced: at the best for this budget"
            if close
            else f"balanced: within {allocation.Balance.TOLERANCE} of the best loss (the valley is flat here)"
        )
    else:
        verdict = {
            "under-trained": "too few tokens for this model: it is under-trained",
            "too small": "too small a model for this budget: it saturates",
        }[b.verdict] + f"; +{b.excess_loss:.3f} loss above the best for this compute"
    if published_differs(b.best_tokens_per_param, opt):  # Kaplan 2020
        verdict += f"\n{law.label}'s published allocation (dotted line) gives {opt.loss:.3f}"
    return f"{ratio}\n{verdict}"


def balance_tip(law: Any, params: float, tokens: float, opt: allocation.Allocation) -> str:
    """The verdict's tooltip: where the law's published allocation sits, or the valley's bottom."""
    if published_differs(allocation.balance(law, params, tokens).best_tokens_per_param, opt):
        return (
            f"{law.label}'s published allocation (the triangles on the knobs, the dotted line "
            f"on the loss plot) is {format_number(opt.tokens_per_param, 2)} tokens per parameter "
            f"at this budget, loss {opt.loss:.3f}; it came from early-stopped runs, so it is "
            "not the bottom of this law's IsoFLOP valley."
        )
    return "The best for this budget is the bottom of the IsoFLOP valley."
