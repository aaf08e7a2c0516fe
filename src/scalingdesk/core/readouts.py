"""Plain-language readouts of the explorer's control panel, computed Qt-free (issue 16 items 2,
6 and 8): the compute in GPU-days on the scenario's own hardware, the unique data and the
epochs it implies, and the warnings when the knobs leave a law's fitted range."""

from __future__ import annotations

from typing import Any

from scalingdesk.core.units import format_duration_days, format_flops
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
