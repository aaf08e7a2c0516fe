"""Plain words for the hardware panel (issue 19): where each input comes from, and one line per
term a learner meets there.  Qt-free; the panel only shows these strings."""

from __future__ import annotations

from typing import Any

from scalingdesk.core.hardware import get_preset
from scalingdesk.core.units import format_count, format_flops

#: One line each, in words a learner knows (the tooltips keep the formulas).
GLOSSARY = {
    "ZeRO": "ZeRO: split the optimizer's memory (stage 1), then the gradients (2), then the "
    "weights (3) across the GPUs, instead of a full copy on each.",
    "MFU": "MFU: the share of the GPU's peak arithmetic a run really gets; large runs get "
    "about 40%, the rest is lost to waiting for memory and the network.",
    "PUE": "PUE: power the data centre draws per watt the chips use (cooling, power supplies); 1.2 means 20% on top.",
    "TP/PP/DP": "TP/PP/DP: how the GPUs share the work: TP splits each layer, PP gives each GPU "
    "a slice of the layers, DP runs copies on different data.",
}


def provenance(params: float, tokens: float, config: Any) -> str:
    """Where the model the panel describes comes from: the preset's published architecture or
    the knobs.  Says so when the panel and the plots describe different models."""
    if config.preset is None:
        if config.mode == "training":
            return (
                f"Model from the knobs: N = {format_count(params)} parameters (a Llama-shaped "
                f"architecture for that N), D = {format_count(tokens)} tokens: the plots' model."
            )
        return (
            f"Model from the knobs: N = {format_count(params)} parameters (a Llama-shaped "
            "architecture); context and batch from this panel."
        )
    arch = get_preset(config.preset)
    n = arch.params_active
    active = " active" if arch.is_moe else ""
    same = params > 0 and abs(arch.params_total / params - 1) < 0.02
    if config.mode == "inference":
        knobs = "" if same else f" (the plots show N = {format_count(params)} from the knobs)"
        return (
            f"Model: {arch.name}'s published architecture, {format_count(arch.params_total)} "
            f"parameters; context and batch from this panel{knobs}."
        )
    flops = 6.0 * n * tokens
    text = (
        f"{arch.name}'s published architecture ({format_count(n)}{active} params) × "
        f"D = {format_count(tokens)} tokens from the D knob = {format_flops(flops)}."
    )
    if not same:
        text += (
            f" Not the plots' model (N = {format_count(params)}, a different model): "
            "pick 'Derived from N (knobs)' to match."
        )
    return text


def nodes_text(gpus: int, gpu: Any) -> str:
    """ "(2 nodes of 8)" only for GPUs sold in multi-GPU server nodes (HGX/DGX, OAM)."""
    per = getattr(gpu, "node_gpus", None)
    if not per:
        return ""
    nodes = -(-gpus // per)
    return f" ({'1 node' if nodes == 1 else f'{nodes} nodes'} of {per})"
