"""Every text the hardware panel shows for one estimate, made Qt-free (issue 13: no view
formats a number).  The panel sets these strings on its labels and nothing else."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scalingdesk.core.hardware_notes import nodes_text
from scalingdesk.core.units import (
    format_bytes,
    format_count,
    format_duration_days,
    format_flops,
    format_number,
    format_percent,
    format_plain,
    format_rate,
)


def short_gpu_name(name: str) -> str:
    """ "NVIDIA H100 SXM" → "H100 SXM" (the panel's lines are short)."""
    return name.replace("NVIDIA ", "").replace("GeForce ", "")


def mfu_preset_text(name: str, mfu: float) -> str:
    """A published MFU preset in the menu: "Llama 3 405B, 16K H100: 38.0%"."""
    return f"{name}: {format_percent(mfu, 1)}"


def memory_bar_description(rows: Sequence[tuple[str, dict[str, float]]], capacity: float) -> str:
    """The memory bar for a screen reader: "Model: 141 GB of 80 GB; Per GPU: 60 GB of 80 GB"."""
    return "; ".join(f"{name}: {format_bytes(parts['total'])} of {format_bytes(capacity)}" for name, parts in rows)


@dataclass(frozen=True)
class HardwareReadout:
    """The panel's texts for one :class:`~scalingdesk.core.hardware.HardwareEstimate`."""

    fit_state: str  # "good" (fits on one GPU) or "warning"
    fit_text: str
    layout_text: str
    bar_caption: str  # the capacity line of the memory bar
    figures: dict[str, str]  # figure key → text (training or inference figures only)
    arch_text: str
    decode_per_sequence_tip: str = ""


def _fit_line(est: Any) -> tuple[str, str]:
    gpu = est.gpu
    short = short_gpu_name(gpu.name)
    total = est.memory_bytes["total"]
    if est.gpus_to_fit is None:
        return "warning", (
            f"Does not fit at any GPU count: activations alone overflow {short}. "
            f"Turn on recompute or lower the micro-batch/sequence."
        )
    if est.fits_on_one:
        return "good", f"✓ Fits on one {short}: {format_bytes(total)} of {format_bytes(gpu.capacity_bytes)}"
    return "warning", (
        f"✗ Does not fit on one {short}: needs ≥ {est.gpus_to_fit} GPUs"
        f"{nodes_text(est.gpus_to_fit, gpu)} for {format_bytes(total)}"
    )


def _layout_line(est: Any) -> str:
    cfg, lay, per = est.config, est.layout, est.per_gpu_bytes
    pp = lay.model_parallel // lay.tensor_parallel
    where = f"on {lay.gpus:,} GPUs" if cfg.mode == "training" else f"serving on {lay.gpus} GPU{'s' * (lay.gpus > 1)}"
    over = "" if per["total"] <= est.gpu.capacity_bytes else " — over capacity"
    return (
        f"Per GPU {where} (TP {lay.tensor_parallel} × PP {pp} × DP "
        f"{lay.data_parallel:,}): {format_bytes(per['total'])}{over}"
    )


def _figures(est: Any) -> dict[str, str]:
    cfg = est.config
    if cfg.mode == "training":
        return {
            "flops": format_flops(est.flops),
            "gpu_hours": format_count(est.gpu_hours),
            "days": f"{format_duration_days(est.days)} on {cfg.num_gpus:,}",
            "gpus_for_target_days": f"{est.gpus_for_target_days:,} for {format_plain(cfg.target_days)} d",
            "cost": "$" + format_count(est.cost),
            "energy_mwh": "—" if est.energy_mwh is None else f"{format_number(est.energy_mwh)} MWh",
        }
    return {
        "decode_tokens_per_s_upper": format_rate(est.decode_tokens_per_s_upper),
        "decode_per_sequence": format_rate(est.decode_tokens_per_s_per_sequence),
    }


def hardware_readout(est: Any) -> HardwareReadout:
    """All the panel's texts for ``est`` (a HardwareEstimate)."""
    state, fit = _fit_line(est)
    a = est.architecture
    moe = f", {format_count(a.params_active)} active" if a.is_moe else ""
    arch = (
        f"{a.name}: {format_count(a.params_total)} params{moe}, {a.layers} layers × {a.d_model}, {a.kv_heads} KV heads"
    )
    tip = ""
    if est.config.mode != "training":
        tip = (
            f"batch of 1: bandwidth / (active weights + one sequence's KV); {est.formulas['decode_tokens_per_s_upper']}"
        )
    return HardwareReadout(
        fit_state=state,
        fit_text=fit,
        layout_text=_layout_line(est),
        bar_caption=f"one GPU: {format_bytes(est.gpu.capacity_bytes)}",
        figures=_figures(est),
        arch_text=arch,
        decode_per_sequence_tip=tip,
    )
